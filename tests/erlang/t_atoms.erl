%% Atoms and booleans: conversions, existence, quoting, the length limit,
%% order, and the boolean operators.
-module(t_atoms).
-export([main/0]).
-include("corpus.hrl").

main() ->
    conversions(),
    existing(),
    quoting(),
    order(),
    booleans(),
    erlang:halt(0).

conversions() ->
    ?SHOW(to_list, [atom_to_list(id(A)) || A <- [ok, 'Hello World', '', 'a\'b', '\n', [] =:= []]]),
    ?SHOW(from_list, {list_to_atom(id("abc")), list_to_atom(id("With Space")), list_to_atom(id(""))}),
    ?SHOW(same_atom, list_to_atom(id("ok")) =:= ok),
    ?SHOW(binary, {atom_to_binary(id(hello)), atom_to_binary(id(hello), latin1),
                   binary_to_atom(id(<<"world">>)), binary_to_atom(id(<<"x">>), utf8)}),
    %% Atoms hold Unicode code points; the utf8 text of an atom with one.
    Unicode = list_to_atom(id([$a, 16#e9, 16#3b1])),
    ?SHOW(unicode, {atom_to_binary(Unicode, utf8), length(atom_to_list(Unicode)),
                    binary_to_atom(id(<<"a", 16#c3, 16#a9, 16#ce, 16#b1>>), utf8) =:= Unicode}),
    ?SHOW(latin1_only, ?CATCH(atom_to_binary(Unicode, latin1))),
    Max = lists:duplicate(255, $x),
    ?SHOW(longest, length(atom_to_list(list_to_atom(id(Max))))),
    ?SHOW(too_long, ?CATCH(list_to_atom(id([$y | Max])))),
    ?SHOW(not_a_list, ?CATCH(list_to_atom(id(abc)))),
    ?SHOW(not_chars, ?CATCH(list_to_atom(id([a, b])))),
    ?SHOW(not_an_atom, ?CATCH(atom_to_list(id("abc")))).

%% The names below never become atoms anywhere else in this program.
existing() ->
    ?SHOW(exists, {list_to_existing_atom(id("main")), binary_to_existing_atom(id(<<"ok">>), utf8)}),
    ?SHOW(missing, {?CATCH(list_to_existing_atom(id("t_atoms_" ++ "never_made_1"))),
                    ?CATCH(binary_to_existing_atom(id(<<"t_atoms_never_made_2">>), utf8))}).

%% erlang:display quotes atoms the way ~w does.
quoting() ->
    ?SHOW(quoted, [id('UpperCase'), 'with space', 'dash-ed', 'a@b', 'a.b', 'ok_2', '_x', '1a',
                   'case', 'and', '', '[]', '{}', '\'', '\\', 'x\ty', '\x{e9}', '\x{3b1}b', nonode@nohost]).

order() ->
    ?SHOW(sort, lists:sort([id(b), 'B', a, aa, 'A', '', z, 'Z', ab, '0'])),
    ?SHOW(cmp, {id(a) < id(b), id(abc) < id(abd), id(ab) < id(abc), id(zz) > id(z)}).

booleans() ->
    T = id(true), F = id(false),
    ?SHOW(ops, {T and F, T or F, T xor T, not F, T andalso F, F orelse T}),
    ?SHOW(short_circuit, {F andalso id(not_boolean), T orelse id(not_boolean),
                          T andalso id(anything)}),
    ?SHOW(is_boolean, [is_boolean(id(X)) || X <- [true, false, 'True', 0, []]]),
    ?SHOW(and_badarg, ?CATCH(T and id(1))),
    ?SHOW(not_badarg, ?CATCH(not id(0))),
    ?SHOW(andalso_badarg, ?CATCH(id(1) andalso T)).
