%% Funs: local funs and closures, named (recursive) funs, external funs
%% (fun M:F/A, with literal or variable parts), fun_info, equality, and the
%% badfun and badarity errors. Local funs are never printed: their text
%% holds a hash of the compiled module.
-module(t_funs).
-export([main/0, triple/1]).
-include("corpus.hrl").

main() ->
    closures(),
    named_funs(),
    external_funs(),
    higher_order(),
    info(),
    equality(),
    errors(),
    erlang:halt(0).

triple(X) -> 3 * X.

adder(N) -> fun(X) -> X + N end.

closures() ->
    Add5 = adder(id(5)),
    ?SHOW(closure, {Add5(1), (adder(id(-1)))(1)}),
    A = id(a), B = id([b]), C = id(#{c => 1}),
    Capture = fun(X) -> {A, B, C, X} end,
    ?SHOW(captures, Capture(x)),
    ?SHOW(no_args, (fun() -> id(done) end)()),
    ?SHOW(multi_clause, [(fun(0) -> zero; (N) when N > 0 -> pos; (_) -> neg end)(id(X)) || X <- [0, 5, -5]]),
    Counter = counter(id(0)),
    {Counter1, V1} = Counter(),
    {_, V2} = Counter1(),
    ?SHOW(state_in_closures, {V1, V2}),
    Compose = compose(fun(X) -> X * 2 end, fun(X) -> X + 1 end),
    ?SHOW(compose, Compose(id(10))).

counter(N) -> fun() -> {counter(N + 1), N} end.

compose(F, G) -> fun(X) -> F(G(X)) end.

named_funs() ->
    Fact = fun F(0) -> 1; F(N) -> N * F(N - 1) end,
    ?SHOW(named, {Fact(id(10)), Fact(id(25))}),
    Loop = fun L(0, Acc) -> Acc; L(N, Acc) -> L(N - 1, Acc + N) end,
    ?SHOW(named_tail, Loop(id(100000), 0)).

external_funs() ->
    Rev = fun lists:reverse/1,
    ?SHOW(literal_external, {Rev(id([1, 2, 3])), Rev}),
    M = id(?MODULE), F = id(triple), Ar = id(1),
    Dyn = fun M:F/Ar,
    ?SHOW(variable_external, {Dyn(id(4)), Dyn}),
    ?SHOW(own_export, {(fun ?MODULE:triple/1)(id(2)), fun erlang:abs/1}),
    ?SHOW(make_fun, {(erlang:make_fun(lists, seq, 2))(1, 3), erlang:make_fun(id(lists), id(seq), 2)}),
    ?SHOW(bif_as_fun, lists:map(fun erlang:atom_to_list/1, id([a, b]))),
    ?SHOW(unloaded_module_fun, is_function(fun no_such_module:f/0, 0)).

higher_order() ->
    L = id(lists:seq(1, 10)),
    ?SHOW(map_filter, {lists:map(fun(X) -> X * X end, L), lists:filter(fun(X) -> X rem 3 =:= 0 end, L)}),
    ?SHOW(folds, {lists:foldl(fun(X, Acc) -> [X | Acc] end, [], L),
                  lists:foldr(fun(X, Acc) -> [X | Acc] end, [], L)}),
    ?SHOW(sort_by, lists:sort(fun({_, A}, {_, B}) -> A >= B end, id([{x, 1}, {y, 3}, {z, 2}]))),
    Funs = [fun(X) -> X + I end || I <- lists:seq(1, 5)],
    ?SHOW(fun_list, [Fn(id(100)) || Fn <- Funs]),
    ?SHOW(in_map, (maps:get(op, id(#{op => fun erlang:'+'/2})))(2, 3)).

info() ->
    Local = fun(X, Y) -> {X, Y} end,
    ?SHOW(local_info, {erlang:fun_info(Local, arity), erlang:fun_info(Local, module),
                       erlang:fun_info(Local, type), is_function(Local), is_function(Local, 2),
                       is_function(Local, 1)}),
    Ext = fun lists:map/2,
    ?SHOW(external_info, {erlang:fun_info(Ext, arity), erlang:fun_info(Ext, module),
                          erlang:fun_info(Ext, name), erlang:fun_info(Ext, type)}),
    N = id(7),
    ?SHOW(env, {erlang:fun_info(fun() -> N end, env), erlang:fun_info(Ext, env)}).

equality() ->
    ?SHOW(external_equal, {fun lists:map/2 =:= id(fun lists:map/2), fun lists:map/2 =:= fun lists:map/3}),
    ?SHOW(same_closure, begin F = adder(id(1)), F =:= F end),
    ?SHOW(same_code_same_env, adder(id(1)) =:= adder(id(1))),
    ?SHOW(same_code_other_env, adder(id(1)) =:= adder(id(2))),
    ?SHOW(order, {fun lists:map/2 < fun lists:map/3, id(1 bsl 100) < fun lists:map/2,
                  fun lists:map/2 < id({})}).

errors() ->
    ?SHOW(badfun_atom, ?CATCH((id(not_a_fun))())),
    ?SHOW(badfun_tuple, ?CATCH((id({lists, reverse}))([1]))),
    ?SHOW(badarity, case ?CATCH((id(fun(X) -> X end))(1, 2)) of
                        {error, {badarity, {Fn, Args}}} -> {badarity, is_function(Fn, 1), Args}
                    end),
    ?SHOW(undef_external, ?CATCH((fun no_such_module:f/0)())),
    ?SHOW(function_clause, ?CATCH((fun(a) -> ok end)(id(b)))).
