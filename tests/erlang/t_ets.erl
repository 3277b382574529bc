%% ETS: the four table kinds, keys by == (ordered_set) and =:= (the rest),
%% options and info, access rights, traversal, counters and element
%% updates, match specifications (select and kin, with chunks and
%% continuations), match/match_object/match_delete, folds, owners: give_away,
%% heirs, tables deleted with their owner, and many processes on one table.
%%
%% Hash tables walk in an order of their own on each VM: their results are
%% sorted before they are shown. References, pids and memory sizes are never
%% shown.
-module(t_ets).
-export([main/0]).

-include("corpus.hrl").

main() ->
    kinds(),
    keys(),
    options_and_info(),
    access(),
    traversal(),
    counters(),
    elements(),
    select(),
    chunks(),
    match(),
    deletes(),
    folds(),
    owners(),
    heirs(),
    concurrency(),
    errors(),
    erlang:halt(0).

sorted(L) -> lists:sort(L).

kinds() ->
    S = ets:new(s, [set]),
    O = ets:new(o, [ordered_set]),
    B = ets:new(b, [bag]),
    D = ets:new(d, [duplicate_bag]),
    Objects = [{k, 1}, {j, 2}, {k, 1}, {k, 3}, {a, 0}],
    [true = ets:insert(T, Objects) || T <- [S, O, B, D]],
    ?SHOW(set, sorted(ets:tab2list(S))),
    ?SHOW(ordered_set, ets:tab2list(O)),
    ?SHOW(bag, sorted(ets:tab2list(B))),
    ?SHOW(duplicate_bag, sorted(ets:tab2list(D))),
    ?SHOW(sizes, [ets:info(T, size) || T <- [S, O, B, D]]),
    ?SHOW(bag_lookup, ets:lookup(B, k)),
    ?SHOW(bag_order, begin
                         Bo = ets:new(bo, [bag]),
                         ets:insert(Bo, {k, 1}), ets:insert(Bo, {k, 2}),
                         ets:insert(Bo, [{k, 3}, {k, 4}, {k, 3}, {k, 5}]),
                         ets:insert(Bo, {k, 6}), ets:delete_object(Bo, {k, 1}),
                         ets:insert(Bo, {k, 1}),
                         R = ets:lookup(Bo, k),
                         ets:delete(Bo),
                         R
                     end),
    ?SHOW(dbag_lookup, ets:lookup(D, k)),
    ?SHOW(lookup_element_set, ets:lookup_element(S, k, 2)),
    ?SHOW(lookup_element_bag, ets:lookup_element(B, k, 2)),
    ?SHOW(member, {ets:member(S, k), ets:member(S, zz)}),
    ?SHOW(insert_new, {ets:insert_new(S, {k, 9}), ets:insert_new(S, [{n, 1}, {m, 2}]),
                       ets:insert_new(S, [{p, 1}, {m, 2}]), ets:lookup(S, p)}),
    ?SHOW(take, {ets:take(D, k), ets:take(D, k), ets:info(D, size)}),
    ?SHOW(delete_object_bag, {ets:delete_object(B, {k, 1}), ets:lookup(B, k)}),
    ?SHOW(delete_object_set, {ets:delete_object(S, {k, 2}), ets:lookup(S, k),
                              ets:delete_object(S, {k, 3}), ets:lookup(S, k)}),
    ?SHOW(delete_key, {ets:delete(O, j), ets:tab2list(O)}),
    ?SHOW(delete_all_objects, {ets:delete_all_objects(O), ets:info(O, size), ets:tab2list(O)}),
    ?SHOW(delete_tables, [ets:delete(T) || T <- [S, O, B, D]]),
    ?SHOW(deleted_info, {ets:info(S), ets:info(S, size)}),
    ?SHOW(deleted_lookup, ?CATCH(ets:lookup(S, k))).

keys() ->
    S = ets:new(s, [set]),
    O = ets:new(o, [ordered_set]),
    [ets:insert(T, [{1, int}, {1.0, float}, {2.0, two}]) || T <- [S, O]],
    ?SHOW(set_keys_exact, {ets:info(S, size), ets:lookup(S, 1), ets:lookup(S, 1.0),
                           ets:lookup(S, 2)}),
    ?SHOW(ordered_keys_equal, {ets:info(O, size), ets:lookup(O, 1), ets:lookup(O, 2),
                               ets:tab2list(O)}),
    ?SHOW(ordered_member, ets:member(O, 2)),
    Keys = [<<"bin">>, "string", {tuple, 1}, [], atom, 3.5, -7, 1 bsl 80, #{m => 1},
            {nested, [1, 2], <<0:300>>}],
    [ets:insert(O, {K, v}) || K <- Keys],
    ?SHOW(term_order, [K || {K, _} <- ets:tab2list(O)]),
    [ets:insert(S, {K, v}) || K <- Keys],
    ?SHOW(set_all_keys, lists:all(fun(K) -> ets:lookup(S, K) =:= [{K, v}] end, Keys)),
    Big = ets:new(big, [set]),
    ets:insert(Big, [{I, I * I} || I <- lists:seq(1, 5000)]),
    ?SHOW(big_size, ets:info(Big, size)),
    ?SHOW(big_lookups, lists:sum([V || I <- lists:seq(1, 5000), {_, V} <- ets:lookup(Big, I)])),
    ?SHOW(binary_values, begin
                             T = ets:new(bins, []),
                             Bin = list_to_binary(lists:duplicate(1000, $x)),
                             ets:insert(T, {b, Bin, binary:part(Bin, 10, 100)}),
                             [{b, B1, B2}] = ets:lookup(T, b),
                             ets:delete(T),
                             {byte_size(B1), byte_size(B2), B1 =:= Bin}
                         end),
    [ets:delete(X) || X <- [S, O, Big]].

options_and_info() ->
    T = ets:new(named, [named_table, ordered_set, public, {keypos, 2},
                        {read_concurrency, true}, {write_concurrency, true}]),
    ?SHOW(named_new, T),
    Info = ets:info(named),
    ?SHOW(info_keys, [K || {K, _} <- Info]),
    ?SHOW(info, [I || {K, _} = I <- Info, not lists:member(K, [id, memory, owner])]),
    ?SHOW(info_owner, ets:info(named, owner) =:= self()),
    ?SHOW(info_memory, is_integer(ets:info(named, memory))),
    ?SHOW(info_id, is_reference(ets:info(named, id))),
    ?SHOW(whereis, {ets:whereis(named) =:= ets:info(named, id), ets:whereis(nothing_here)}),
    ?SHOW(by_ref, begin ets:insert(named, {v, k}), ets:lookup(ets:whereis(named), k) end),
    ?SHOW(keypos_2, {ets:insert(named, {1, a}), ets:lookup(named, a), ?CATCH(ets:insert(named, {x}))}),
    ?SHOW(rename, {ets:rename(named, renamed), ets:info(renamed, name), ets:info(named),
                   ?CATCH(ets:lookup(named, a))}),
    ?SHOW(name_taken, begin ets:new(other, [named_table]),
                          {?CATCH(ets:new(other, [named_table])), ?CATCH(ets:rename(renamed, other))}
                      end),
    U = ets:new(unnamed, []),
    ?SHOW(unnamed, {is_reference(U), ets:info(U, name), ets:info(U, named_table),
                    ets:info(U, type), ets:info(U, protection), ets:info(U, keypos),
                    ets:info(U, heir), ets:info(U, compressed)}),
    ?SHOW(unnamed_not_by_name, ?CATCH(ets:lookup(unnamed, a))),
    ?SHOW(rename_unnamed, {ets:rename(U, unnamed2) =:= U, ets:info(U, name),
                           ?CATCH(ets:lookup(unnamed2, a))}),
    ?SHOW(setopts, {ets:setopts(U, {protection, public}), ets:info(U, protection),
                    ets:setopts(U, [{heir, self(), d}, {protection, private}]),
                    ets:info(U, heir) =:= self(), ets:info(U, protection),
                    ?CATCH(ets:setopts(U, [{heir, none}, {heir, none}])),
                    ?CATCH(ets:setopts(U, {protection, open})),
                    ?CATCH(ets:setopts(U, foo)), ets:setopts(U, [])}),
    ?SHOW(last_kind_wins, ets:info(ets:new(x, [set, bag, private, public]), type)),
    ?SHOW(concurrency_options,
          [ets:info(ets:new(x, Opts), I)
           || {Opts, I} <- [{[{write_concurrency, auto}], write_concurrency},
                            {[{decentralized_counters, true}], decentralized_counters},
                            {[compressed], compressed}]]),
    ?SHOW(bad_options, [?CATCH(ets:new(x, Opts))
                        || Opts <- [[foo], [{keypos, 0}], [{keypos, a}], [{heir, foo, 1}],
                                    [{read_concurrency, maybe}], not_a_list, [set | bag]]]),
    ?SHOW(bad_name, ?CATCH(ets:new("x", []))),
    ?SHOW(info_bad_item, {?CATCH(ets:info(renamed, bad)), ets:info(no_table, bad),
                          ?CATCH(ets:info("x"))}),
    ets:delete(renamed), ets:delete(other).

access() ->
    Self = self(),
    Prot = ets:new(prot, [protected]),
    Priv = ets:new(priv, [private]),
    Pub = ets:new(pub, [public]),
    [ets:insert(T, {a, 1}) || T <- [Prot, Priv, Pub]],
    P = spawn(fun() ->
                      R = [{T, ?CATCH(ets:lookup(T, a)), ?CATCH(ets:insert(T, {b, 2})),
                            ets:info(T, size)}
                           || T <- [Prot, Priv, Pub]],
                      Self ! {self(), R, ?CATCH(ets:delete(Prot)), ?CATCH(ets:delete(Pub))}
              end),
    receive
        {P, R, DelProt, DelPub} ->
            ?SHOW(access, [{ets:info(T, protection), L, I, S} || {T, L, I, S} <- R]),
            ?SHOW(others_delete, {DelProt, DelPub})
    end,
    ?SHOW(pub_gone, ets:info(Pub)),
    ets:delete(Prot), ets:delete(Priv).

traversal() ->
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{K, K * 10} || K <- [5, 1, 4, 2, 3]]),
    ?SHOW(first_last, {ets:first(O), ets:last(O)}),
    ?SHOW(next_chain, walk(O, ets:first(O), fun ets:next/2)),
    ?SHOW(prev_chain, walk(O, ets:last(O), fun ets:prev/2)),
    ?SHOW(next_absent, {ets:next(O, 2.5), ets:prev(O, 2.5), ets:next(O, 9), ets:prev(O, 0)}),
    ?SHOW(slots, [ets:slot(O, I) || I <- lists:seq(0, 5)]),
    ?SHOW(slot_past, ?CATCH(ets:slot(O, 6))),
    S = ets:new(s, [set]),
    ets:insert(S, [{K, K} || K <- lists:seq(1, 100)]),
    Keys = walk(S, ets:first(S), fun ets:next/2),
    ?SHOW(set_walk, {length(Keys), lists:sort(Keys) =:= lists:seq(1, 100)}),
    ?SHOW(set_last_is_first, ets:last(S) =:= ets:first(S)),
    ?SHOW(set_next_absent, ?CATCH(ets:next(S, 1000))),
    ?SHOW(set_slots, lists:sort(lists:append(slots(S, 0)))
                     =:= lists:sort(ets:tab2list(S))),
    E = ets:new(e, []),
    ?SHOW(empty, {ets:first(E), ets:last(E), ets:tab2list(E), ets:slot(E, 0)}),
    %% A walk that deletes as it goes, under safe_fixtable.
    ets:safe_fixtable(S, true),
    ?SHOW(fixed, {ets:info(S, fixed), element(2, ets:info(S, safe_fixed)) =:= [{self(), 1}]}),
    Deleted = delete_walk(S, ets:first(S), 0),
    ets:safe_fixtable(S, false),
    ?SHOW(delete_walk, {Deleted, ets:info(S, size), ets:info(S, fixed),
                        ets:info(S, safe_fixed)}),
    [ets:delete(T) || T <- [O, S, E]].

walk(_, '$end_of_table', _) -> [];
walk(T, K, Step) -> [K | walk(T, Step(T, K), Step)].

slots(T, I) ->
    case ets:slot(T, I) of
        '$end_of_table' -> [];
        L -> [L | slots(T, I + 1)]
    end.

delete_walk(_, '$end_of_table', N) -> N;
delete_walk(T, K, N) ->
    ets:delete(T, K),
    delete_walk(T, ets:next(T, K), N + 1).

counters() ->
    T = ets:new(c, [set, public]),
    ets:insert(T, {c, 0, 10, x}),
    ?SHOW(incr, ets:update_counter(T, c, 5)),
    ?SHOW(incr_pos, ets:update_counter(T, c, {3, -3})),
    ?SHOW(incr_list, ets:update_counter(T, c, [{2, 1}, {3, 1}, {2, 100}])),
    ?SHOW(threshold_up, ets:update_counter(T, c, {2, 1000, 500, -1})),
    ?SHOW(threshold_down, ets:update_counter(T, c, {3, -100, 0, 42})),
    ?SHOW(threshold_zero, ets:update_counter(T, c, [{2, 0, -5, 7}, {2, 0, 100, 8}])),
    ?SHOW(after_counters, ets:lookup(T, c)),
    ?SHOW(bignum, ets:update_counter(T, c, {2, 1 bsl 70})),
    ?SHOW(bignum_back, ets:update_counter(T, c, {2, -(1 bsl 70)})),
    ?SHOW(default, {ets:update_counter(T, d, 1, {d, 100}), ets:lookup(T, d)}),
    ?SHOW(default_key_replaced, {ets:update_counter(T, e, {3, 2}, {zzz, 0, 5}), ets:lookup(T, e)}),
    ?SHOW(default_ignored, {ets:update_counter(T, d, 1, {d, 0}), ets:lookup(T, d)}),
    ?SHOW(empty_ops, ets:update_counter(T, c, [])),
    ?SHOW(counter_errors,
          [?CATCH(ets:update_counter(T, K, Op))
           || {K, Op} <- [{c, {1, 1}}, {c, {4, 1}}, {c, {9, 1}}, {nokey, 1}, {c, 1.5},
                          {c, {2, 1, 1.0, 0}}, {c, {2, 1, 1}}, {c, [{2, 1} | bad]}, {c, foo}]]),
    ?SHOW(counter_error_no_change, ets:lookup(T, c)),
    ?SHOW(counter_default_error, ?CATCH(ets:update_counter(T, f, 1, {f}))),
    B = ets:new(b, [bag]),
    ets:insert(B, {c, 1}),
    ?SHOW(counter_bag, ?CATCH(ets:update_counter(B, c, 1))),
    O = ets:new(o, [ordered_set]),
    ets:insert(O, {1, 0}),
    ?SHOW(counter_ordered, {ets:update_counter(O, 1.0, 3), ets:lookup(O, 1)}),
    [ets:delete(X) || X <- [T, B, O]].

elements() ->
    T = ets:new(e, [set]),
    ets:insert(T, {k, a, b, c}),
    ?SHOW(update_element, {ets:update_element(T, k, {2, x}), ets:lookup(T, k)}),
    ?SHOW(update_elements, {ets:update_element(T, k, [{3, y}, {4, z}, {3, w}]),
                            ets:lookup(T, k)}),
    ?SHOW(update_element_missing, ets:update_element(T, nokey, {2, x})),
    ?SHOW(update_element_errors,
          [?CATCH(ets:update_element(T, k, U))
           || U <- [{1, k2}, {5, x}, {0, x}, [{2, ok}, {1, bad}], foo]]),
    ?SHOW(after_errors, ets:lookup(T, k)),
    B = ets:new(b, [bag]),
    ?SHOW(update_element_bag, ?CATCH(ets:update_element(B, k, {2, x}))),
    ets:delete(T), ets:delete(B).

select() ->
    T = ets:new(people, [ordered_set]),
    ets:insert(T, [{1, ann, 31, [london]}, {2, bob, 17, []}, {3, cid, 45, [paris, rome]},
                   {4, dee, 17, [oslo]}, {5, eve, 62, []}]),
    Sel = fun(MS) -> ?CATCH(ets:select(T, MS)) end,
    ?SHOW(ms_vars, Sel([{{'$1', '$2', '_', '_'}, [], [{{'$2', '$1'}}]}])),
    ?SHOW(ms_all_vars, Sel([{{'$1', '$2', '$3', '_'}, [{'<', '$3', 20}], ['$$']}])),
    ?SHOW(ms_object, Sel([{{'_', '_', 17, '_'}, [], ['$_']}])),
    ?SHOW(ms_guards, Sel([{{'$1', '$2', '$3', '$4'},
                           [{'andalso', {'>', '$3', 20}, {'=/=', '$4', []}}], ['$2']}])),
    ?SHOW(ms_orelse, Sel([{{'_', '$2', '$3', '_'},
                           [{'orelse', {'<', '$3', 18}, {'>', '$3', 60}}], ['$2']}])),
    ?SHOW(ms_and_or_not, Sel([{{'_', '$2', '$3', '_'},
                               [{'and', {'not', {'==', '$3', 17}}, {'or', {'<', '$3', 40},
                                                                   {is_atom, '$3'}}}],
                               ['$2']}])),
    ?SHOW(ms_xor, Sel([{{'_', '$2', '$3', '_'}, [{'xor', {'>', '$3', 30}, {'>', '$3', 50}}],
                        ['$2']}])),
    ?SHOW(ms_arith, Sel([{{'$1', '_', '$3', '_'}, [],
                          [{{'$1', {'*', '$3', 2}, {'div', '$3', 7}, {'rem', '$3', 7},
                             {'-', '$3'}, {'/', '$3', 2}, {'band', '$3', 15},
                             {'bsl', '$1', 3}, {abs, {'-', 30, '$3'}}}}]}])),
    ?SHOW(ms_bifs, Sel([{{'$1', '$2', '_', '$4'}, [{is_list, '$4'}, {'>', {length, '$4'}, 0}],
                         [{{{hd, '$4'}, {tl, '$4'}, {element, 1, '$_'}, {size, '$_'},
                            {size, {const, {a, b}}}, {is_atom, '$2'},
                            {float, '$1'}, {round, 2.5}, {trunc, -2.5}}}]}])),
    ?SHOW(ms_const, Sel([{{1, '_', '_', '_'}, [], [{const, {'$1', '_'}}, {const, [a]}]}])),
    ?SHOW(ms_list_body, Sel([{{'$1', '$2', '_', '_'}, [{'<', '$1', 3}], [['$1', '$2' | x]]}])),
    ?SHOW(ms_map_body, Sel([{{'$1', '$2', '_', '_'}, [{'<', '$1', 3}], [#{id => '$1', n => '$2'}]}])),
    ?SHOW(ms_clauses, Sel([{{'_', '$2', 17, '_'}, [], [{{young, '$2'}}]},
                           {{'_', '$2', '$3', '_'}, [{'>', '$3', 40}], [{{old, '$2'}}]}])),
    ?SHOW(ms_first_clause_wins, Sel([{'_', [], [one]}, {'_', [], [two]}])),
    ?SHOW(ms_body_sequence, Sel([{{'$1', '_', '_', '_'}, [{'<', '$1', 3}], [first, '$1']}])),
    ?SHOW(ms_repeated_var, Sel([{{'$1', '_', '$1', '_'}, [], ['$1']}])),
    ?SHOW(ms_whole_var, Sel([{'$1', [{'==', {element, 2, '$1'}, bob}], ['$1']}])),
    ?SHOW(ms_list_pattern, Sel([{{'_', '$2', '_', ['$5' | '_']}, [], [{{'$2', '$5'}}]}])),
    ?SHOW(ms_andalso_last, Sel([{{'$1', '$2', '_', '_'}, [{'<', '$1', 3}],
                                 [{'andalso', true, '$2'}, {'orelse', false, {{'$1'}}}]}])),
    ?SHOW(ms_andalso_empty, [Sel([{'_', [], [{Op}]}]) || Op <- ['andalso', 'orelse', 'and', 'or']]),
    ?SHOW(ms_self, Sel([{{1, '_', '_', '_'}, [], [{self}]}]) =:= {ok, [self()]}),
    ?SHOW(ms_body_error, Sel([{{'$1', '_', '_', '_'}, [{'<', '$1', 3}], [{'+', '$1', a}]}])),
    ?SHOW(ms_guard_error, Sel([{{'$1', '_', '_', '_'}, [{'>', {'+', '$1', a}, 0}], ['$1']}])),
    ?SHOW(ms_guard_not_true, Sel([{{'$1', '_', '_', '_'}, [yes, '$1'], ['$1']}])),
    ?SHOW(ms_key_bound, Sel([{{3, '$2', '_', '_'}, [], ['$2']}])),
    ?SHOW(ms_key_bound_float, Sel([{{3.0, '$2', '_', '_'}, [], ['$2']}])),
    ?SHOW(ms_empty, Sel([])),
    ?SHOW(ms_no_match, Sel([{{x}, [], [x]}])),
    ?SHOW(ms_errors, [Sel(MS) || MS <- [foo, [foo], [{'_', [], []}], [{'_', [], [x]} | y],
                                        [{'_', [], ['$1']}], [{'_', [bad | x], [x]}],
                                        [{'_', [], [{foo, 1}]}], [{'_', [], [{'$1'}]}],
                                        [{'_', [], [{element, 1}]}]]]),
    ?SHOW(select_reverse, ets:select_reverse(T, [{{'$1', '_', '_', '_'}, [], ['$1']}])),
    ?SHOW(select_count, {ets:select_count(T, [{{'_', '_', '$1', '_'}, [{'<', '$1', 40}], [true]}]),
                         ets:select_count(T, [{'_', [], [1]}])}),
    ?SHOW(select_replace, {ets:select_replace(T, [{{'$1', '$2', '$3', '_'}, [{'<', '$3', 20}],
                                                   [{{'$1', '$2', {'+', '$3', 1}, teen}}]}]),
                           ets:tab2list(T)}),
    ?SHOW(select_replace_key_change,
          {?CATCH(ets:select_replace(T, [{{'$1', '$2', '$3', '$4'}, [],
                                          [{{{'+', '$1', 1}, '$2', '$3', '$4'}}]}])),
           ets:lookup(T, 1)}),
    ?SHOW(select_delete, {ets:select_delete(T, [{{'_', '_', '$3', '_'}, [{'>', '$3', 40}], [true]}]),
                          ets:select_delete(T, [{{'_', '_', '_', '_'}, [], [false]}]),
                          [K || {K, _, _, _} <- ets:tab2list(T)]}),
    ?SHOW(test_ms, ets:test_ms({a, 1}, [{{'$1', '$2'}, [{is_integer, '$2'}], [{{'$2', '$1'}}]}])),
    S = ets:new(s, [bag]),
    ets:insert(S, [{K, V} || K <- [a, b, c], V <- [1, 2, 3]]),
    ?SHOW(bag_select, sorted(ets:select(S, [{{'$1', '$2'}, [{'>=', '$2', 2}], [{{'$1', '$2'}}]}]))),
    ?SHOW(bag_select_key, sorted(ets:select(S, [{{b, '$2'}, [], ['$2']}]))),
    ?SHOW(bag_select_replace, ?CATCH(ets:select_replace(S, [{'$1', [], ['$1']}]))),
    ?SHOW(bag_select_delete, {ets:select_delete(S, [{{'_', 2}, [], [true]}]),
                              sorted(ets:tab2list(S))}),
    ets:delete(T), ets:delete(S).

chunks() ->
    MS = [{{'$1', '_'}, [], ['$1']}],
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{I, I} || I <- lists:seq(1, 7)]),
    ?SHOW(chunks_ordered, all_chunks(ets:select(O, MS, 3))),
    ?SHOW(chunks_exact, all_chunks(ets:select(O, MS, 7))),
    ?SHOW(chunks_reverse, all_chunks(ets:select_reverse(O, MS, 3))),
    ?SHOW(chunks_none, ets:select(O, [{{x, '_'}, [], [x]}], 3)),
    ?SHOW(chunks_match, all_chunks(ets:match(O, {'$1', '_'}, 4))),
    ?SHOW(chunks_match_object, all_chunks(ets:match_object(O, {'_', '_'}, 4))),
    S = ets:new(s, [set]),
    ets:insert(S, [{I, I} || I <- lists:seq(1, 50)]),
    Chunks = all_chunks(ets:select(S, MS, 8)),
    ?SHOW(chunks_set, {[length(C) || C <- Chunks], lists:sort(lists:append(Chunks))
                                                    =:= lists:seq(1, 50)}),
    {First, Cont} = ets:select(S, MS, 10),
    [ets:delete(S, K) || K <- lists:seq(1, 50), not lists:member(K, First), K rem 2 =:= 0],
    Rest = all_chunks(ets:select(Cont)),
    ?SHOW(chunks_after_deletes, lists:sort(First ++ lists:append(Rest))
                                =:= lists:sort(First ++ [K || K <- lists:seq(1, 50),
                                                              not lists:member(K, First),
                                                              K rem 2 =:= 1])),
    B = ets:new(b, [duplicate_bag]),
    ets:insert(B, [{K, V} || K <- [a, b], V <- lists:seq(1, 5)]),
    BChunks = all_chunks(ets:select(B, [{{'$1', '$2'}, [], [{{'$1', '$2'}}]}], 3)),
    ?SHOW(chunks_bag, {[length(C) || C <- BChunks], sorted(lists:append(BChunks))}),
    ?SHOW(chunks_end, ets:select('$end_of_table')),
    ?SHOW(chunks_bad_limit, [?CATCH(ets:select(O, MS, L)) || L <- [0, -1, a]]),
    ?SHOW(chunks_table_gone, begin
                                 {_, C} = ets:select(O, MS, 2),
                                 ets:delete(O),
                                 ?CATCH(ets:select(C))
                             end),
    ets:delete(S), ets:delete(B).

all_chunks('$end_of_table') -> [];
all_chunks({Results, Cont}) -> [Results | all_chunks(next_chunk(Cont))].

next_chunk('$end_of_table') -> '$end_of_table';
next_chunk(Cont) -> ets:select(Cont).

match() ->
    T = ets:new(m, [bag]),
    ets:insert(T, [{fruit, apple, red}, {fruit, banana, yellow}, {veg, carrot, orange},
                   {veg, pea, green}, {fruit, lime, green}]),
    ?SHOW(match, sorted(ets:match(T, {'$1', '$2', green}))),
    ?SHOW(match_wild, sorted(ets:match(T, {fruit, '_', '$1'}))),
    ?SHOW(match_no_vars, ets:match(T, {veg, pea, '_'})),
    ?SHOW(match_order_of_vars, sorted(ets:match(T, {'$2', '$1', '_'}))),
    ?SHOW(match_object, sorted(ets:match_object(T, {'_', '_', green}))),
    ?SHOW(match_object_key, sorted(ets:match_object(T, {veg, '_', '_'}))),
    ?SHOW(match_delete, {ets:match_delete(T, {'_', '_', green}), sorted(ets:tab2list(T))}),
    ?SHOW(match_bad, ?CATCH(ets:match(T, {'$1'}, 0))),
    ets:delete(T).

deletes() ->
    T = ets:new(d, [duplicate_bag]),
    ets:insert(T, [{a, 1}, {a, 1}, {a, 2}, {b, 1}]),
    ?SHOW(dbag_delete_object, {ets:delete_object(T, {a, 1}), sorted(ets:tab2list(T))}),
    ?SHOW(dbag_delete_missing, {ets:delete_object(T, {z, 1}), ets:delete(T, z)}),
    ?SHOW(delete_object_bad, ?CATCH(ets:delete_object(T, {}))),
    ?SHOW(insert_atomic, {?CATCH(ets:insert(T, [{c, 1}, not_a_tuple])), ets:lookup(T, c)}),
    ?SHOW(insert_improper, ?CATCH(ets:insert(T, [{c, 1} | {d, 1}]))),
    ets:delete(T).

folds() ->
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{K, K * K} || K <- lists:seq(1, 10)]),
    ?SHOW(foldl, ets:foldl(fun({K, _}, Acc) -> [K | Acc] end, [], O)),
    ?SHOW(foldr, ets:foldr(fun({K, _}, Acc) -> [K | Acc] end, [], O)),
    ?SHOW(fold_sum, ets:foldl(fun({_, V}, Acc) -> V + Acc end, 0, O)),
    ?SHOW(from_list, begin
                         L = ets:new(l, [bag]),
                         ets:insert(L, [{x, I} || I <- lists:seq(1, 5)]),
                         R = ets:foldl(fun({x, I}, A) -> I + A end, 0, L),
                         ets:delete(L),
                         R
                     end),
    ?SHOW(fold_error, ?CATCH(ets:foldl(fun(_, _) -> error(boom) end, 0, O))),
    ?SHOW(fold_unfixed, ets:info(O, fixed)),
    ?SHOW(init_table, begin
                          ets:init_table(O, fun(read) -> {[{a, 1}, {b, 2}], fun(_) -> end_of_input end};
                                               (close) -> ok
                                            end),
                          ets:tab2list(O)
                      end),
    ?SHOW(all_has, lists:member(O, ets:all())),
    ets:delete(O),
    ?SHOW(all_hasnt, lists:member(O, ets:all())).

owners() ->
    Self = self(),
    T = ets:new(gift, [public]),
    ets:insert(T, {k, v}),
    P = spawn(fun() ->
                      receive
                          {'ETS-TRANSFER', Tab, From, Data} ->
                              Self ! {got, Tab, From, Data, ets:info(Tab, owner) =:= self()},
                              receive stop -> ok end
                      end
              end),
    ?SHOW(give_away, ets:give_away(T, P, hello)),
    receive
        {got, Tab, From, Data, Owns} ->
            ?SHOW(transfer, {Tab =:= T, From =:= Self, Data, Owns})
    end,
    ?SHOW(not_owner_any_more, {?CATCH(ets:give_away(T, P, again)),
                               ?CATCH(ets:setopts(T, {heir, none})),
                               ets:lookup(T, k)}),
    ?SHOW(give_away_errors,
          begin
              U = ets:new(u, []),
              R = [?CATCH(ets:give_away(U, To, x)) || To <- [self(), not_a_pid]],
              ets:delete(U),
              R
          end),
    Ref = monitor(process, P),
    P ! stop,
    receive {'DOWN', Ref, process, P, _} -> ok end,
    ?SHOW(owner_gone_table_gone, {ets:info(T), ?CATCH(ets:lookup(T, k))}),
    N = spawn(fun() -> ets:new(owned_by_child, [named_table, public]),
                       Self ! made, receive stop -> ok end end),
    receive made -> ok end,
    ?SHOW(named_of_child, {ets:insert(owned_by_child, {a}), ets:info(owned_by_child, size)}),
    NRef = monitor(process, N),
    exit(N, kill),
    receive {'DOWN', NRef, process, N, _} -> ok end,
    ?SHOW(killed_owner_table_gone, {ets:info(owned_by_child),
                                    ?CATCH(ets:insert(owned_by_child, {b}))}),
    ?SHOW(name_free_again, begin
                               ets:new(owned_by_child, [named_table]),
                               ets:delete(owned_by_child)
                           end).

heirs() ->
    Self = self(),
    P = spawn(fun() ->
                      H = ets:new(h, [{heir, Self, heir_data}]),
                      ets:insert(H, {a, 1}),
                      H2 = ets:new(h2, [named_table, {heir, none}]),
                      H3 = ets:new(h3, []),
                      ets:setopts(H3, [{heir, Self, from_setopts}]),
                      Self ! {tables, H, H2, H3},
                      receive stop -> ok end
              end),
    receive {tables, H, H2, H3} -> ok end,
    ?SHOW(heir_info, {ets:info(H, heir) =:= Self, ets:info(H2, heir)}),
    P ! stop,
    Msgs = [receive {'ETS-TRANSFER', Tab, From, Data} -> {Tab, From =:= P, Data} end
            || _ <- [1, 2]],
    ?SHOW(heir_messages, lists:sort([{if Tab =:= H -> h; Tab =:= H3 -> h3 end, FromP, D}
                                     || {Tab, FromP, D} <- Msgs])),
    ?SHOW(heir_owns, {ets:info(H, owner) =:= Self, ets:tab2list(H), ets:info(H, heir) =:= Self}),
    ?SHOW(no_heir_deleted, ets:info(H2)),
    Q = spawn(fun() -> receive stop -> ok end end),
    T = ets:new(t, [{heir, Q, q_data}]),
    ets:give_away(T, Q, gift),
    Q ! stop,
    timer:sleep(20),
    ?SHOW(heir_is_owner_deleted, ets:info(T)),
    ets:delete(H), ets:delete(H3).

concurrency() ->
    Self = self(),
    T = ets:new(shared, [public, {write_concurrency, true}]),
    ets:insert(T, [{c, 0}, {log, []}]),
    N = 20,
    Pids = [spawn(fun() ->
                          [ets:update_counter(T, c, 1) || _ <- lists:seq(1, 200)],
                          [ets:insert(T, {{I, J}, I * J}) || J <- lists:seq(1, 50)],
                          Self ! {done, self()}
                  end) || I <- lists:seq(1, N)],
    [receive {done, P} -> ok end || P <- Pids],
    ?SHOW(counter_total, ets:lookup_element(T, c, 2)),
    ?SHOW(objects, ets:info(T, size)),
    ?SHOW(sum, lists:sum(ets:select(T, [{{{'_', '_'}, '$1'}, [], ['$1']}]))),
    ets:delete(T).

errors() ->
    T = ets:new(e, []),
    ?SHOW(bad_tables, [?CATCH(ets:lookup(X, a)) || X <- [no_such_table, 42, "t", make_ref()]]),
    ?SHOW(lookup_element_errors, [?CATCH(ets:lookup_element(T, K, P))
                                  || {K, P} <- [{nokey, 1}, {k, 0}, {k, 9}]]),
    ets:insert(T, {k, v}),
    ?SHOW(lookup_element_ok, ets:lookup_element(T, k, 1)),
    ?SHOW(bad_objects, [?CATCH(ets:insert(T, O)) || O <- [x, [], [x], {}, [{a} | b]]]),
    ?SHOW(insert_empty_list, ets:insert(T, [])),
    ?SHOW(safe_fixtable_bad, ?CATCH(ets:safe_fixtable(T, maybe))),
    ?SHOW(rename_bad, ?CATCH(ets:rename(T, "x"))),
    ?SHOW(delete_twice, {ets:delete(T), ?CATCH(ets:delete(T))}).
