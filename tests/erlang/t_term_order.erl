%% The standard term order and the two equalities: number < atom <
%% reference < fun < port < pid < tuple < map < nil < list < bitstring,
%% with the rules inside each type, and == against =:= on numbers.
-module(t_term_order).
-export([main/0]).
-include("corpus.hrl").

main() ->
    across_types(),
    numbers(),
    within_types(),
    equality(),
    sorting(),
    erlang:halt(0).

across_types() ->
    Terms = id([<<"b">>, "list", [], #{}, {}, fun erlang:abs/1, atom, 1.5, 1 bsl 80, -1, <<1:3>>,
                {a, b}, #{a => 1}, [a | b]]),
    ?SHOW(sorted, lists:sort(Terms)),
    ?SHOW(sorted_by_fun_agrees, lists:reverse(lists:sort(fun(A, B) -> A >= B end, Terms))),
    ?SHOW(pairs, [{X, Y, X < Y} || {X, Y} <- [{1, a}, {a, {}}, {{}, []}, {[], [a]}, {[a], <<>>},
                                              {{z}, #{}}, {#{}, []}, {9.9e99, a}]]).

%% Integers and floats compare by value; when equal, the float is not less.
numbers() ->
    Big = id(1 bsl 53),
    ?SHOW(mixed, {id(1) < id(1.5), id(2) > id(1.5), id(1) == id(1.0), id(1) < id(1.0),
                  id(1.0) < id(1)}),
    ?SHOW(precision, {Big + 1 > float(Big), Big + 1 == float(Big + 1), float(Big + 1) == Big,
                      Big + 1 =:= Big + 1}),
    ?SHOW(huge, {id(1 bsl 1100) > 1.7976931348623157e308, -id(1 bsl 1100) < -1.7976931348623157e308}),
    ?SHOW(min_max, {min(id(1), id(1.0)), max(id(1), id(1.0)), min(id(1.0), id(1)), max(id(1.0), id(1))}).

within_types() ->
    ?SHOW(tuples_by_size_first, {id({z}) < id({a, a}), id({a, b}) < id({a, c}), id({b}) > id({a})}),
    ?SHOW(lists_element_wise, {id([1, 2]) < id([1, 3]), id([1]) < id([1, 0]), id([2]) > id([1, 9, 9]),
                               id("abc") < id("abd"), id([a | b]) < id([a | c]), id([]) < id([[]])}),
    ?SHOW(atoms_by_text, {id('Z') < id(a), id(ab) < id(b), id('') < id(a)}),
    ?SHOW(binaries, {id(<<1>>) < id(<<1, 0>>), id(<<2>>) > id(<<1, 255>>), id(<<>>) < id(<<0>>)}),
    ?SHOW(maps_size_then_keys_then_values,
          {id(#{z => 1}) < id(#{a => 1, b => 1}), id(#{a => 2}) < id(#{b => 1}),
           id(#{a => 1}) < id(#{a => 2}), id(#{1 => a}) < id(#{1.0 => a}),
           id(#{1.0 => a}) < id(#{2 => a})}),
    ?SHOW(nested, {id({[1, {2}]}) < id({[1, {3}]}), id([{a, 1}]) < id([{a, 1.5}])}).

equality() ->
    Pairs = [{1, 1.0}, {0, 0.0}, {0.0, -0.0}, {[1], [1.0]}, {{1, 2}, {1.0, 2}}, {#{a => 1}, #{a => 1.0}},
             {1 bsl 70, float(1 bsl 70)}, {"a", <<"a">>}, {a, "a"}],
    ?SHOW(equalities, [{A == B, A =:= B, A /= B, A =/= B} || {A, B} <- id(Pairs)]).

sorting() ->
    Mixed = id([3, 1.0, 1, 2.0, 2, 1.0e0, 0]),
    ?SHOW(sort_stable_equal_numbers, lists:sort(Mixed)),
    ?SHOW(usort_merges_equal, lists:usort(Mixed)),
    ?SHOW(sort_desc, lists:sort(fun(A, B) -> A >= B end, Mixed)),
    ?SHOW(keysort, lists:keysort(2, id([{a, 2}, {b, 1.0}, {c, 1}, {d, 0.5}]))),
    ?SHOW(ukeysort, lists:ukeysort(1, id([{1, a}, {1.0, b}, {0, c}]))),
    ?SHOW(merge, lists:merge(id([1, 3, 5]), id([2.0, 4.0]))),
    ?SHOW(max_of_mixed, lists:max(id([1, a, {}, [], <<>>, #{}]))),
    ?SHOW(min_of_mixed, lists:min(id([[], <<>>, 1.0e-9, a]))).
