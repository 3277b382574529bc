%% rand with explicit seeds (every algorithm, the functional and process
%% dictionary forms, jumps, exported states), the calendar on fixed dates,
%% time unit conversions, the clocks' shapes and order, statistics' shapes,
%% iolist_to_iovec, the system_info items that are equal on every VM, and
%% system_flag(backtrace_depth).
%% Clock values, local time and anything machine-specific are never printed:
%% only their types and relations are.
-module(t_rand_time).
-export([main/0]).
-include("corpus.hrl").
-compile({nowarn_deprecated_function, [{erlang, now, 0}]}).

main() ->
    rand_seeded(),
    rand_functional(),
    calendar_dates(),
    calendar_conversions(),
    time_units(),
    clocks(),
    statistics_shapes(),
    iovecs(),
    system(),
    backtrace_depth(),
    erlang:halt(0).

rand_seeded() ->
    [begin
         _ = rand:seed(Alg, {1, 2, 3}),
         ?SHOW(Alg, {[rand:uniform(1000) || _ <- lists:seq(1, 5)],
                     rand:uniform(1 bsl 70), rand:uniform_real() < 1.0, rand:uniform()})
     end
     || Alg <- [exsss, exsplus, exrop, exs1024s, exro928ss, exs64, exsp, exs1024]],
    _ = rand:seed(exsss, 42),
    ?SHOW(integer_seed, [rand:uniform(10) || _ <- lists:seq(1, 10)]),
    _ = rand:seed(exrop, {7, 8, 9}),
    ?SHOW(normal, [rand:normal() || _ <- lists:seq(1, 3)]),
    ?SHOW(normal_2, rand:normal(10.0, 4.0)),
    ?SHOW(bytes, rand:bytes(12)),
    State = rand:export_seed(),
    A = [rand:uniform(100) || _ <- lists:seq(1, 4)],
    _ = rand:seed(State),
    ?SHOW(export_seed_replays, A =:= [rand:uniform(100) || _ <- lists:seq(1, 4)]),
    _ = rand:seed(exsss, {1, 2, 3}),
    _ = rand:jump(),
    ?SHOW(after_jump, rand:uniform(1000000)),
    ?SHOW(bad_range, ?CATCH(rand:uniform(id(0)))),
    ?SHOW(bad_alg, ?CATCH(rand:seed(id(no_such_alg), {1, 2, 3}))).

rand_functional() ->
    S0 = rand:seed_s(exsss, {3, 2, 1}),
    {X1, S1} = rand:uniform_s(S0),
    {X2, S2} = rand:uniform_s(100, S1),
    {X3, S3} = rand:uniform_real_s(S2),
    {X4, S4} = rand:normal_s(S3),
    {B, _} = rand:bytes_s(5, S4),
    ?SHOW(functional, {X1, X2, X3, X4, B}),
    ?SHOW(same_state_same_value, element(1, rand:uniform_s(S0)) =:= X1),
    ?SHOW(export_seed_s, rand:export_seed_s(S0)),
    J = rand:jump(rand:seed_s(exrop, {1, 2, 3})),
    ?SHOW(jump_s, element(1, rand:uniform_s(1000, J))),
    M0 = rand:mwc59_seed(12345),
    M1 = rand:mwc59(M0),
    ?SHOW(mwc59, {M0, M1, rand:mwc59_value32(M1), rand:mwc59_float(M1)}),
    {_, ExspState} = rand:seed_s(exsp, {4, 5, 6}),
    ?SHOW(exsp_next, element(1, rand:exsp_next(ExspState))).

calendar_dates() ->
    ?SHOW(gregorian_days, [calendar:date_to_gregorian_days(D)
                           || D <- [{0, 1, 1}, {1970, 1, 1}, {2000, 2, 29}, {2024, 12, 31}]]),
    ?SHOW(from_days, [calendar:gregorian_days_to_date(N) || N <- [0, 366, 719528, 738000]]),
    ?SHOW(seconds, calendar:datetime_to_gregorian_seconds({{2020, 6, 1}, {12, 30, 15}})),
    ?SHOW(from_seconds, calendar:gregorian_seconds_to_datetime(63758888415)),
    ?SHOW(day_of_week, [calendar:day_of_the_week(D)
                        || D <- [{1970, 1, 1}, {2000, 1, 1}, {2024, 2, 29}]]),
    ?SHOW(leap, [calendar:is_leap_year(Y) || Y <- [1900, 2000, 2023, 2024]]),
    ?SHOW(last_day, [calendar:last_day_of_the_month(Y, M)
                     || {Y, M} <- [{2023, 2}, {2024, 2}, {2024, 4}, {2024, 12}]]),
    ?SHOW(valid, [calendar:valid_date(D) || D <- [{2023, 2, 29}, {2024, 2, 29}, {2024, 13, 1}]]),
    ?SHOW(iso_week, [calendar:iso_week_number(D)
                     || D <- [{2021, 1, 3}, {2021, 1, 4}, {2024, 12, 30}]]),
    ?SHOW(daystime, calendar:seconds_to_daystime(200000)),
    ?SHOW(time_difference, calendar:time_difference({{2020, 1, 1}, {0, 0, 0}},
                                                    {{2020, 3, 1}, {12, 0, 1}})),
    ?SHOW(time_to_seconds, calendar:time_to_seconds({23, 59, 59})).

calendar_conversions() ->
    ?SHOW(to_posix, [erlang:universaltime_to_posixtime(T)
                     || T <- [{{1970, 1, 1}, {0, 0, 0}}, {{2020, 6, 1}, {12, 0, 0}},
                              {{1969, 12, 31}, {23, 59, 59}}, {{1600, 1, 1}, {0, 0, 0}}]]),
    ?SHOW(from_posix, [erlang:posixtime_to_universaltime(P)
                       || P <- [0, -1, 1590000000, -62167219200, 1 bsl 40]]),
    ?SHOW(system_time_to_universal,
          calendar:system_time_to_universal_time(1590000000123, millisecond)),
    ?SHOW(rfc3339, calendar:system_time_to_rfc3339(1590000000, [{offset, "Z"}])),
    ?SHOW(rfc3339_ms, calendar:system_time_to_rfc3339(1590000000123,
                                                      [{unit, millisecond}, {offset, "+02:00"}])),
    ?SHOW(from_rfc3339, calendar:rfc3339_to_system_time("2020-05-20T18:40:00Z")),
    ?SHOW(now_to_universal, calendar:now_to_universal_time({1590, 0, 500000})),
    %% Local time is the machine's: only round trips are shown.
    Summer = {{2021, 7, 15}, {12, 0, 0}},
    ?SHOW(local_round_trip,
          erlang:localtime_to_universaltime(erlang:universaltime_to_localtime(Summer)) =:= Summer),
    ?SHOW(calendar_local_round_trip,
          calendar:local_time_to_universal_time_dst(
            calendar:universal_time_to_local_time(Summer)) =:= [Summer]),
    ?SHOW(bad_dates, [?CATCH(erlang:universaltime_to_posixtime(id(T)))
                      || T <- [{{2021, 2, 29}, {0, 0, 0}}, {{2020, 1, 1}, {24, 0, 0}},
                               {{1599, 12, 31}, {23, 59, 59}}, x]]),
    ?SHOW(bad_local, [?CATCH(erlang:localtime_to_universaltime(id(T), id(D)))
                      || {T, D} <- [{{{2020, 1, 1}, {0, 0, 0}}, maybe},
                                    {{{1901, 12, 31}, {0, 0, 0}}, false},
                                    {{{2020, 1, 32}, {0, 0, 0}}, true}]]),
    ?SHOW(bad_posix, [?CATCH(erlang:posixtime_to_universaltime(id(P)))
                      || P <- [1.5, 1 bsl 64, a]]).

time_units() ->
    ?SHOW(convert, [erlang:convert_time_unit(T, F, To)
                    || {T, F, To} <- [{1, second, millisecond}, {1500, millisecond, second},
                                      {-1500, millisecond, second}, {1, second, native},
                                      {7, microsecond, nanosecond}, {1, native, nanosecond},
                                      {3, 10, 1000}, {1, perf_counter, microsecond}]]),
    ?SHOW(bad_unit, ?CATCH(erlang:convert_time_unit(1, id(minute), second))),
    ?SHOW(bad_time, ?CATCH(erlang:monotonic_time(id(0)))),
    ?SHOW(bad_system_time, ?CATCH(os:system_time(id(hours)))).

clocks() ->
    T0 = erlang:monotonic_time(),
    T1 = erlang:monotonic_time(),
    ?SHOW(monotonic, {is_integer(T0), T0 =< T1}),
    ?SHOW(units, [is_integer(erlang:monotonic_time(U)) andalso is_integer(erlang:system_time(U))
                  andalso is_integer(os:system_time(U)) andalso is_integer(erlang:time_offset(U))
                  || U <- [second, millisecond, microsecond, nanosecond, native, 1000]]),
    Offset = erlang:time_offset(),
    ?SHOW(offset, abs(erlang:monotonic_time() + Offset - erlang:system_time())
                  < erlang:convert_time_unit(1, second, native)),
    Now1 = erlang:now(),
    Now2 = erlang:now(),
    ?SHOW(now_increases, Now1 < Now2),
    {D, T} = {date(), time()},
    ?SHOW(date_time, {tuple_size(D), tuple_size(T), calendar:valid_date(D)}),
    {UD, _} = erlang:universaltime(),
    ?SHOW(universal_date, calendar:valid_date(UD)),
    Posix = erlang:universaltime_to_posixtime(erlang:universaltime()),
    ?SHOW(posix_now, abs(Posix - os:system_time(second)) =< 2),
    ?SHOW(timestamp, tuple_size(os:timestamp()) + tuple_size(erlang:timestamp())),
    ?SHOW(perf_counter, is_integer(os:perf_counter()) andalso is_integer(os:perf_counter(1000))),
    ?SHOW(time_offset_final, erlang:system_flag(time_offset, finalize)).

statistics_shapes() ->
    Pairs = [runtime, wall_clock, reductions, exact_reductions],
    ?SHOW(pairs, [begin
                      {A, B} = erlang:statistics(I),
                      is_integer(A) andalso is_integer(B) andalso A >= B andalso B >= 0
                  end || I <- Pairs]),
    {{input, In}, {output, Out}} = erlang:statistics(io),
    ?SHOW(io, is_integer(In) andalso is_integer(Out) andalso In >= 0 andalso Out >= 0),
    {GCs, Reclaimed, 0} = erlang:statistics(garbage_collection),
    ?SHOW(garbage_collection, is_integer(GCs) andalso is_integer(Reclaimed)),
    ?SHOW(run_queue, is_integer(erlang:statistics(run_queue))),
    ?SHOW(total_active_tasks, erlang:statistics(total_active_tasks) >= 1),
    ?SHOW(context_switches, element(2, erlang:statistics(context_switches))),
    ?SHOW(lengths, length(erlang:statistics(run_queue_lengths)) >= 1),
    ?SHOW(bad_item, ?CATCH(erlang:statistics(id(no_such_item)))).

iovecs() ->
    ?SHOW(iovec, [erlang:iolist_to_iovec(id(L))
                  || L <- [[], <<>>, [<<>>, [[]]], <<"abc">>, [1, 2, <<3>>, [4 | <<5>>]],
                           ["ab", [$c | <<"de">>]]]]),
    ?SHOW(iovec_sizes, [[byte_size(B) || B <- erlang:iolist_to_iovec(id(L))]
                        || L <- [[binary:copy(<<7>>, 3), binary:copy(<<7>>, 700)],
                                 lists:duplicate(100, binary:copy(<<7>>, 200)),
                                 [binary:copy(<<7>>, 70000)]]]),
    ?SHOW(iovec_bad, [?CATCH(erlang:iolist_to_iovec(id(L)))
                      || L <- [[1 | 2], [256], <<1:1>>, a]]).

system() ->
    ?SHOW(os_type, os:type()),
    ?SHOW(info, [erlang:system_info(I)
                 || I <- [os_type, wordsize, {wordsize, internal}, {wordsize, external},
                          otp_release, version, machine, endian, smp_support, threads,
                          hipe_architecture, build_type, debug_compiled, min_heap_size,
                          fullsweep_after, nif_version, driver_version, compat_rel, heap_type,
                          time_warp_mode, time_offset, creation, dist_ctrl]]),
    ?SHOW(counts, [is_integer(erlang:system_info(I)) andalso erlang:system_info(I) > 0
                   || I <- [schedulers, schedulers_online, process_count, process_limit,
                            port_limit, atom_count, atom_limit, logical_processors]]),
    ?SHOW(system_version, lists:prefix("Erlang/OTP 25 ", erlang:system_info(system_version))),
    ?SHOW(name_encoding, lists:member(file:native_name_encoding(), [utf8, latin1])),
    ?SHOW(bad_info, [?CATCH(erlang:system_info(id(I))) || I <- [no_such_item, "x", {a, b}]]),
    ?SHOW(bad_flag, ?CATCH(erlang:system_flag(id(no_such_flag), 1))).

backtrace_depth() ->
    ?SHOW(backtrace_depth_old, [erlang:system_flag(backtrace_depth, D) || D <- [3, 100, 0, 1, 8]]),
    ?SHOW(backtrace_depth_bad, ?CATCH(erlang:system_flag(backtrace_depth, id(-1)))),
    ?SHOW(frames, [begin
                       erlang:system_flag(backtrace_depth, D),
                       length(element(2, element(2, catch deep(id(10)))))
                   end || D <- [0, 1, 2]]),
    erlang:system_flag(backtrace_depth, 8).

deep(0) -> error(deep);
deep(N) -> [deep(N - 1)].
