%% Type tests, as BIF calls in bodies and as guards, on one value of every
%% kind; the two forms must agree.
-module(t_type_tests).
-export([main/0]).
-include("corpus.hrl").

-record(r, {x}).

main() ->
    Values = values(),
    ?SHOW(bodies, [{name(V), body_tests(V)} || V <- Values]),
    ?SHOW(guards_agree, [name(V) || V <- Values, guard_tests(V) =/= body_tests(V)]),
    ?SHOW(is_function_arity, [{is_function(F, 0), is_function(F, 1), is_function(F, 2)}
                              || F <- [fun() -> ok end, fun lists:map/2, fun erlang:abs/1]]),
    ?SHOW(is_record, [{is_record(V, r), is_record(V, r, 2)} || V <- [#r{}, {r}, {r, 1, 2}, {s, 1}, r]]),
    ?SHOW(bad_arity, ?CATCH(is_function(fun erlang:abs/1, id(-1)))),
    ?SHOW(bad_record_size, ?CATCH(is_record({r, 1}, r, id(x)))),
    erlang:halt(0).

values() ->
    id([0, -5, 1 bsl 80, 1.5, -0.0, atom, true, '', [], "str", [1 | 2], {}, {a, b}, #r{x = 1},
        #{}, #{a => 1}, <<>>, <<"b">>, <<1:1>>, fun() -> ok end, fun erlang:abs/1, make_ref(),
        self()]).

%% A name for each value that prints the same on every run.
name(V) when is_reference(V) -> ref;
name(V) when is_pid(V) -> pid;
name(V) when is_function(V) -> {'fun', element(2, erlang:fun_info(V, type))};
name(V) -> V.

-define(KINDS, [atom, binary, bitstring, boolean, float, function, integer, list, map, number,
                pid, port, reference, tuple]).

%% The kinds whose test holds, in the order of ?KINDS.
body_tests(V) ->
    Results = [is_atom(V), is_binary(V), is_bitstring(V), is_boolean(V), is_float(V), is_function(V),
               is_integer(V), is_list(V), is_map(V), is_number(V), is_pid(V), is_port(V),
               is_reference(V), is_tuple(V)],
    [K || {K, true} <- lists:zip(?KINDS, Results)].

guard_tests(V) -> [K || K <- ?KINDS, g(V, K)].

g(V, atom) when is_atom(V) -> true;
g(V, binary) when is_binary(V) -> true;
g(V, bitstring) when is_bitstring(V) -> true;
g(V, boolean) when is_boolean(V) -> true;
g(V, float) when is_float(V) -> true;
g(V, function) when is_function(V) -> true;
g(V, integer) when is_integer(V) -> true;
g(V, list) when is_list(V) -> true;
g(V, map) when is_map(V) -> true;
g(V, number) when is_number(V) -> true;
g(V, pid) when is_pid(V) -> true;
g(V, port) when is_port(V) -> true;
g(V, reference) when is_reference(V) -> true;
g(V, tuple) when is_tuple(V) -> true;
g(_, _) -> false.
