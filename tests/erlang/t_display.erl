%% erlang:display/1 itself, the only output of every program here: how it
%% writes each kind of term. Its rules differ from io_lib's ~w and ~p in
%% places: a list of Latin-1 characters is written as a string with the raw
%% byte (not UTF-8), a binary is text only if every byte is plain printable
%% ASCII, floats always have the form 1.500000e+00, and every line ends
%% with CR LF.
-module(t_display).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?SHOW(returns, erlang:display(id(x))),
    [erlang:display(id(T)) || T <- terms()],
    erlang:halt(0).

terms() ->
    [%% integers and floats
     0, -1, 123456789, -(1 bsl 100), 1.0, -1.5, 0.1, 1.0e-10, 1.0e300, 123456.789, -0.0,
     5.0e-324,
     %% atoms
     a, 'A', 'a b', 'b\'c', '\\', '', [], true, 'hello@host', x_Y1, 'tab\there',
     %% lists and strings
     "", "abc", "a\nb", "tab\tq", "quote\"back\\", [7], [127], [31, 32], [126], [1000], [65 | 66],
     [$a, [$b]], [[]], [1, 2, 3], [16#e9, $a],
     %% tuples
     {}, {{}}, {a, "b", <<"c">>, [d]},
     %% binaries and bitstrings
     <<>>, <<"printable ascii">>, <<"with\nnewline">>, <<0>>, <<127>>, <<"~">>, <<1, 2, 3>>,
     <<1:1>>, <<255, 1:2>>, <<"abc", 1:4>>,
     %% maps
     #{}, #{a => 1}, #{b => #{c => [d]}, "k" => <<"v">>, 1 => 1.0},
     %% funs
     fun lists:map/2, fun erlang:'+'/2, fun 'quoted mod':'quoted fun'/0].
