%% Runs each benchmark a fixed number of iterations and prints, through
%% erlang:display (the VMs under test may have no io server yet), one
%% {Name, Iterations, Nanoseconds} per benchmark. Each result is checked,
%% so a VM that computes the wrong answer fails instead of looking fast.
%%   main/0   the measured run (counts calibrated for ~0.2-1 s each on BEAM)
%%   smoke/0  one iteration of each, for the build's test
-module(bench_main).
-export([main/0, smoke/0]).

%% {Name, Module, Iterations, expected result of Module:run/1}.
benchmarks() ->
    [{nrev, bench_nrev, 200000, 495},
     {qsort, bench_qsort, 160, {5000, 16, 99992}},
     {fib, bench_fib, 400, 75025},
     {tak, bench_tak, 1200, 7},
     {factorial, bench_factorial, 150, 100292593},
     {maps, bench_maps, 30, 50014998},
     {binary, bench_binary, 700, 51912216},
     {erl_scan, bench_erl_scan, 20, 54816}].

main() -> run(fun(Iterations) -> Iterations end).

smoke() -> run(fun(_) -> 1 end).

run(IterationsOf) ->
    Results = [measure(Name, Module, IterationsOf(Iterations), Expected)
               || {Name, Module, Iterations, Expected} <- benchmarks()],
    erlang:halt(case lists:all(fun(R) -> R =:= ok end, Results) of true -> 0; false -> 1 end).

measure(Name, Module, Iterations, Expected) ->
    Start = erlang:monotonic_time(nanosecond),
    Result = Module:run(Iterations),
    Elapsed = erlang:monotonic_time(nanosecond) - Start,
    case Result of
        Expected ->
            erlang:display({Name, Iterations, Elapsed}),
            ok;
        _ ->
            erlang:display({Name, wrong_result, Result, expected, Expected}),
            error
    end.
