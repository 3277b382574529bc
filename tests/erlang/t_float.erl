%% Floats: arithmetic, mixing with integers, rounding BIFs, text forms,
%% the math module, and the errors (Erlang has no inf or NaN).
-module(t_float).
-export([main/0]).
-include("corpus.hrl").

main() ->
    arithmetic(),
    rounding(),
    text(),
    math(),
    comparisons(),
    errors(),
    erlang:halt(0).

%% erlang:display shows six digits; float_to_list(F, [short]) shows every
%% digit that matters, so both are printed where precision is the point.
exact(F) -> float_to_list(F, [short]).

arithmetic() ->
    A = id(1.5), B = id(-0.25),
    ?SHOW(ops, {A + B, A - B, A * B, A / B, -A, abs(B)}),
    ?SHOW(mixed, {A + 1, 2 * A, id(7) / id(2), id(6) / id(3), id(1) / id(3)}),
    ?SHOW(point_three, {exact(id(0.1) + id(0.2)), id(0.1) + id(0.2) == 0.3}),
    ?SHOW(exact, [exact(F) || F <- [id(1.0), 1/3, 2/3, 1.0e-10, 123456789.125, 5.0e-324,
                                    1.7976931348623157e308, 2.2250738585072014e-308, 1.0e23]]),
    ?SHOW(float_bif, {float(id(3)), float(id(-3)), float(id(2.5)), is_float(float(id(1)))}),
    ?SHOW(sum_loop, exact(sum(id(1000), 0.0))),
    ?SHOW(negative_zero, {id(0.0) * -1, exact(id(0.0) * -1), -0.0 + 0.0}).

sum(0, Acc) -> Acc;
sum(N, Acc) -> sum(N - 1, Acc + 1 / N).

rounding() ->
    Values = [id(2.5), -2.5, 3.5, 2.4999, -0.5, 0.5, 1.0e15 + 0.5, -7.9],
    ?SHOW(round, [round(V) || V <- Values]),
    ?SHOW(trunc, [trunc(V) || V <- Values]),
    ?SHOW(floor, [floor(V) || V <- Values]),
    ?SHOW(ceil, [ceil(V) || V <- Values]),
    ?SHOW(of_integers, {round(id(7)), trunc(id(-7)), floor(id(7)), ceil(id(-7))}).

text() ->
    F = id(3.14159265358979),
    ?SHOW(float_to_list, {float_to_list(F), float_to_list(F, [{decimals, 3}]),
                          float_to_list(F, [{decimals, 10}, compact]),
                          float_to_list(id(2.5), [{decimals, 0}]),
                          float_to_list(id(1.0), [{decimals, 4}, compact]),
                          float_to_list(F, [{scientific, 3}]),
                          float_to_list(id(-1.0e-7), [short]),
                          float_to_list(id(1.0e22), [short])}),
    ?SHOW(float_to_binary, {float_to_binary(F), float_to_binary(F, [{decimals, 2}]),
                            float_to_binary(id(100.0), [short])}),
    ?SHOW(list_to_float, [list_to_float(id(S)) || S <- ["1.0", "-0.5e3", "1.5E-3", "+2.25",
                                                      "0.1", "12345.6789e-2"]]),
    ?SHOW(binary_to_float, binary_to_float(id(<<"6.02214076e23">>))),
    ?SHOW(bad_text, [?CATCH(list_to_float(id(S))) || S <- ["1", "1e10", ".5", "1.", "abc", "1.0x"]]),
    ?SHOW(round_trip, [list_to_float(exact(V)) =:= V || V <- [id(0.1), 1/3, 1.0e300, 5.0e-324]]).

math() ->
    ?SHOW(pi, exact(math:pi())),
    ?SHOW(sqrt, {math:sqrt(id(2)), exact(math:sqrt(id(2.0))), math:sqrt(id(0))}),
    ?SHOW(pow, {math:pow(id(2), 10), math:pow(id(2.0), -1), math:pow(id(10), 0.5)}),
    ?SHOW(exp_log, {math:exp(id(1)), math:log(id(100)), math:log10(id(1000)), math:log2(id(1024))}),
    ?SHOW(trig, {math:sin(id(0)), math:cos(id(0)), math:atan2(id(1), id(1)), math:tan(id(0.5))}),
    ?SHOW(math_floor, {math:floor(id(-1.5)), math:ceil(id(1.2)), math:fmod(id(7.5), id(2))}).

comparisons() ->
    ?SHOW(cmp, {id(1.0) == id(1), id(1.0) =:= id(1), id(0.5) < id(1), id(-0.0) == id(0.0),
                id(-0.0) =:= id(0.0), id(1.0e-300) > id(0)}),
    ?SHOW(sort, lists:sort([id(2), 1.5, -1, 1.0, 1, 0.0, -0.5])).

errors() ->
    ?SHOW(div_zero, ?CATCH(id(1.0) / id(0))),
    ?SHOW(div_zero_float, ?CATCH(id(1) / id(0.0))),
    ?SHOW(overflow, ?CATCH(id(1.0e308) * id(10))),
    ?SHOW(overflow_add, ?CATCH(id(1.7976931348623157e308) + id(1.0e292))),
    ?SHOW(sqrt_negative, ?CATCH(math:sqrt(id(-1)))),
    ?SHOW(log_zero, ?CATCH(math:log(id(0)))),
    ?SHOW(pow_overflow, ?CATCH(math:pow(id(10), id(400)))),
    ?SHOW(float_atom, ?CATCH(float(id(a)))),
    ?SHOW(round_atom, ?CATCH(round(id(a)))),
    ?SHOW(big_list_to_float, ?CATCH(list_to_float(id("1.0e400")))).
