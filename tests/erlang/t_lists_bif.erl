%% Lists and the BIFs on them: hd/tl/length, ++ and --, improper lists,
%% strings as lists, and the lists functions that BEAM implements in C
%% (reverse, keyfind, keymember, keysearch, member).
-module(t_lists_bif).
-export([main/0]).
-include("corpus.hrl").

main() ->
    basics(),
    append_subtract(),
    improper(),
    bif_functions(),
    long_lists(),
    errors(),
    erlang:halt(0).

basics() ->
    L = id([1, two, "three", [4], {5}]),
    ?SHOW(hd_tl, {hd(L), tl(L), hd(tl(L)), length(L), length(id([]))}),
    [H | T] = L,
    ?SHOW(cons, {H, T, [0 | L]}),
    ?SHOW(strings, {id("abc") =:= [$a, $b, $c], id([]) =:= "", [$h | id("ello")], length(id("hello"))}),
    ?SHOW(comprehension, [{X, Y} || X <- id([1, 2, 3]), Y <- id([a, b]), X =/= 2]),
    ?SHOW(nested, [[X * Y || Y <- lists:seq(1, X)] || X <- lists:seq(1, id(4))]).

append_subtract() ->
    ?SHOW(append, {id([1, 2]) ++ id([3]), id([]) ++ id([a]), id([a]) ++ id([]), id("ab") ++ id("cd"),
                   id([1]) ++ id(2)}),
    ?SHOW(subtract, {id([1, 2, 3, 2, 1]) -- id([2, 1]), id([a, b]) -- id([c]), id([]) -- id([a]),
                     id([1, 1, 1]) -- id([1, 1]), id([1.0, 1]) -- id([1])}),
    ?SHOW(right_assoc, id([1, 2, 3]) -- id([1]) -- id([1])),
    ?SHOW(big_subtract, length(lists:seq(1, id(5000)) -- lists:seq(1, id(5000), 2))).

%% A list whose last tail is not [] is legal as a term; most BIFs refuse it.
improper() ->
    I = id([1, 2 | three]),
    ?SHOW(improper, {I, tl(tl(I)), [a | b], is_list(I)}),
    ?SHOW(length, ?CATCH(length(I))),
    ?SHOW(append_improper, ?CATCH(I ++ [4])),
    ?SHOW(reverse_improper, ?CATCH(lists:reverse(I))),
    ?SHOW(member_improper, {?CATCH(lists:member(1, I)), ?CATCH(lists:member(x, I))}).

bif_functions() ->
    L = id([{a, 1}, {b, 2}, {c, 3}, {b, 4}]),
    ?SHOW(reverse, {lists:reverse(id([1, 2, 3])), lists:reverse(id([1, 2]), [x]), lists:reverse(id([]))}),
    ?SHOW(member, {lists:member(b, id([a, b])), lists:member(1, id([1.0])), lists:member(z, id([]))}),
    ?SHOW(keyfind, {lists:keyfind(b, 1, L), lists:keyfind(3, 2, L), lists:keyfind(z, 1, L),
                    lists:keyfind(1, 1, id([{1.0, float}, {1, int}]))}),
    ?SHOW(keyfind_mixed, lists:keyfind(x, 2, id([{x}, atom, {1, x}, [x]]))),
    ?SHOW(keymember, {lists:keymember(c, 1, L), lists:keymember(c, 2, L)}),
    ?SHOW(keysearch, {lists:keysearch(b, 1, L), lists:keysearch(q, 1, L)}).

long_lists() ->
    Long = lists:seq(1, id(200000)),
    ?SHOW(long, {length(Long), hd(lists:reverse(Long)), lists:member(199999, Long),
                 lists:keyfind(150000, 1, [{I} || I <- Long])}),
    ?SHOW(append_long, length(Long ++ Long)).

errors() ->
    ?SHOW(hd_empty, ?CATCH(hd(id([])))),
    ?SHOW(tl_empty, ?CATCH(tl(id([])))),
    ?SHOW(hd_atom, ?CATCH(hd(id(a)))),
    ?SHOW(length_atom, ?CATCH(length(id(a)))),
    ?SHOW(append_atom, ?CATCH(id(a) ++ [1])),
    ?SHOW(subtract_atom, ?CATCH(id([1]) -- id(a))),
    ?SHOW(keyfind_zero, ?CATCH(lists:keyfind(a, id(0), []))),
    ?SHOW(reverse_atom, ?CATCH(lists:reverse(id(a)))).
