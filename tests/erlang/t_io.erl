%% io from stdlib through the group leader (OTP's user on ling and erl):
%% io:format's directives, io:put_chars, io:fwrite, io:nl, io_lib's
%% formatting, unicode on a latin1 device, and the errors a bad format
%% raises. Everything is printed through io.
-module(t_io).
-export([main/0]).

-include("corpus.hrl").

%% Printed through io too: erlang:display writes at once, io through the
%% io server, so the two could come out in either order.
-define(IO_SHOW(Tag, Expr), io:format("~p~n", [{Tag, Expr}])).

main() ->
    io:format("plain line~n"),
    io:format("~p ~w ~s ~i|~n", [{a, "str", <<"bin">>, 1.5}, [1, 2], "text", ignored]),
    io:format("~10.3f|~-8s|~8s|~e|~g~n", [3.14159, "ab", "cd", 12345.678, 0.5]),
    io:format("~b ~.16B ~.2b ~8.16.0B ~c~c ~.16x~n", [255, 255, 5, 255, $h, $i, 31, "0x"]),
    io:format("~*c|~-*c|~n", [3, $x, 4, $y]),
    io:format("~tp ~ts~n", [[955], [955, $x]]),
    io:format("~p~n", [lists:seq(1, 40)]),
    io:format("~p~n", [{record_like, [{key, value}, {other, "a longer string value here"}],
                        #{map => 1, nested => #{a => [1, 2, 3]}}, <<1, 2, 3>>}]),
    io:format("~P~n", [lists:seq(1, 100), 10]),
    io:format("~W~n", [{a, {b, {c, {d, {e}}}}}, 3]),
    io:format("~ts~n", [<<"utf8 bin"/utf8>>]),
    io:format("~s~n", [<<"latin1 bin">>]),
    io:format("~~ ~n"),
    io:put_chars("put_chars line\n"),
    io:put_chars([<<"iolist ">>, "of ", [$p, $a, $r, $t, $s], $\n]),
    io:put_chars([955, $\n]),
    io:fwrite("fwrite ~p~n", [ok]),
    io:nl(),
    io:write({written, [1, 2]}),
    io:nl(),
    ?IO_SHOW(format_result, io:format("")),
    ?IO_SHOW(io_lib, lists:flatten(io_lib:format("~p and ~s", [x, "y"]))),
    ?IO_SHOW(io_lib_write, lists:flatten(io_lib:write({a, b}))),
    ?IO_SHOW(bad_format, element(1, ?CATCH(io:format(id("~p ~p~n"), [only_one])))),
    ?IO_SHOW(bad_chars, element(1, ?CATCH(io:format("~s~n", [[955]])))),
    ?IO_SHOW(getopts, io:getopts()),
    ?IO_SHOW(columns, io:columns()),
    io:format(standard_io, "to standard_io~n", []),
    io:format(user, "to user~n", []),
    erlang:halt(0).
