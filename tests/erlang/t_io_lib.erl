%% io_lib:format/2 and friends, printed as the flattened string through
%% erlang:display: every control sequence with field width, precision,
%% padding and modifiers, ~p's line breaking, depth limits, and the badarg
%% for a format that does not match its arguments.
-module(t_io_lib).
-export([main/0]).
-include("corpus.hrl").

main() ->
    [?SHOW(Format, fmt(Format, Args)) || {Format, Args} <- cases()],
    pretty_printing(),
    other_functions(),
    errors(),
    erlang:halt(0).

fmt(Format, Args) -> lists:flatten(io_lib:format(Format, Args)).

cases() ->
    [{"plain text", []},
     {"~~ and ~n", []},
     {"~w|~w|~w|~w", [atom, "str", <<"bin">>, {1, [2], 3.0}]},
     {"~p|~p|~p", ['Quoted atom', "str", [1, 2, 3]]},
     {"~s|~s|~s", ["chars", <<"binary">>, atom]},
     {"~10s|~-10s|~.3s|", ["right", "left", "truncated"]},
     {"~c~c~5c|~-3c|", [$a, $b, $x, $y]},
     {"~b ~.2b ~.16b ~.16B ~.36B", [255, 5, 255, 255, 1295]},
     {"~8.2.0b|~-6b|~6b", [5, 42, -42]},
     {"~x ~.16X ~#", [255, "0x", 255, "#", 255]},
     {"~+ ~.16#", [255, 255]},
     {"~e|~.3e|~12.2e", [1234.5, 0.000123, -1.0]},
     {"~f|~.2f|~10.1f|~-10.3f|", [3.14159, 2.675, 1.0e3, -0.5]},
     {"~g|~.3g|~g|~g", [0.001, 123456.0, 1.0e-10, 100.0]},
     {"~i~w", [ignored, shown]},
     {"~5w|~-5w|~2w", [ab, cd, long_atom]},
     {"~*w|~.*s|", [6, x, 2, "abcdef"]},
     {"~ts|~tp|~tw", [[16#3b1], [16#3b1], [16#3b1]]},
     {"~p", [{"a string", <<"bin">>, 'atom with space', [a | b], #{k => v}, 1.0e-3}]},
     {"~w", [fun lists:map/2]},
     {"~p ~p ~p ~p", [1.0, 0.1, 1.0e20, 123.456]},
     {"~w", [[1.5, -0.0, 2.0e-300]]},
     {"~.3p", [abc]},
     {"~P", [[1, 2, 3, 4, 5, 6, 7, 8, 9], 5]},
     {"~W", [{a, {b, {c, {d, {e}}}}}, 4]},
     {"~p", [<<1, 2, 3:4>>]},
     {"~p", [lists:seq(1, 40)]},
     {"~lp", [[65, 66, 67]]},
     {"~s", [[<<"io">>, "list", [$s]]]},
     {"~w", [-(1 bsl 70)]}].

%% ~p breaks lines at 80 columns; the result is deterministic text.
pretty_printing() ->
    Nested = [{key, I, [lists:duplicate(I, x)], #{n => I}} || I <- lists:seq(1, 6)],
    ?SHOW(pretty_nested, fmt("~p", [Nested])),
    ?SHOW(pretty_line_length_40, lists:flatten(io_lib:print(Nested, 1, 40, -1))),
    ?SHOW(pretty_indent, fmt("result: ~p~n", [{ok, lists:seq(1, 30)}])),
    ?SHOW(pretty_record_like, fmt("~p", [{state, "name", [{opt, true}, {level, 3}], <<"payload">>, undefined}])),
    Long = lists:duplicate(30, "string"),
    ?SHOW(pretty_strings, fmt("~p", [Long])),
    ?SHOW(print, lists:flatten(io_lib:print({a, [b, c]}))),
    ?SHOW(print_depth, lists:flatten(io_lib:print(lists:seq(1, 20), 1, 80, 3))).

other_functions() ->
    ?SHOW(write, {lists:flatten(io_lib:write({1, "a"})), lists:flatten(io_lib:write([a, b], 1))}),
    ?SHOW(write_atom, {lists:flatten(io_lib:write_atom('hello world')), lists:flatten(io_lib:write_atom(ok))}),
    ?SHOW(write_string, {lists:flatten(io_lib:write_string("a\"b\n")), lists:flatten(io_lib:write_char($a))}),
    ?SHOW(fwrite, fmt("~s=~w", ["k", 1]) =:= lists:flatten(io_lib:fwrite("~s=~w", ["k", 1]))),
    ?SHOW(chars_length, io_lib:chars_length(io_lib:format("~p", [{a, b}]))),
    ?SHOW(scan_format, io_lib:unscan_format(io_lib:scan_format("~w and ~10.2f", [a, 1.5]))),
    ?SHOW(build_text, lists:flatten(io_lib:build_text(io_lib:scan_format("~p!", [hello])))),
    %% A small report: a table laid out with field widths.
    Rows = [{"alpha", 1, 0.5}, {"beta", 22, 12.25}, {"gamma", 333, 100.0}],
    ?SHOW(table, [fmt("~-8s~6w~10.2f", [N, C, R]) || {N, C, R} <- Rows]).

errors() ->
    ?SHOW(too_few_args, ?CATCH(io_lib:format(id("~w ~w"), [a]))),
    ?SHOW(too_many_args, ?CATCH(io_lib:format(id("~w"), [a, b]))),
    ?SHOW(wrong_type, ?CATCH(io_lib:format(id("~s"), [123]))),
    ?SHOW(bad_control, ?CATCH(io_lib:format(id("~q"), [a]))),
    ?SHOW(float_for_int, ?CATCH(io_lib:format(id("~b"), [1.0]))),
    ?SHOW(args_not_list, ?CATCH(io_lib:format(id("~w"), a))).
