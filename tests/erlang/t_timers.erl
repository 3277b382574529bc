%% Timers from Erlang code: erlang:send_after/3,4, start_timer/3,4,
%% cancel_timer/1,2 and read_timer/1,2 -- to pids and names, cancelled
%% before and after firing, read, with the async, info and abs options,
%% from other processes, bound for processes that are gone or go, their
%% errors; and receive ... after beside them.
%%
%% Times left vary between runs: only comparisons of them are printed.
-module(t_timers).
-export([main/0]).

-include("corpus.hrl").

main() ->
    send_after(),
    start_timer(),
    cancel_and_read(),
    options(),
    absolute(),
    ordering(),
    other_processes(),
    receivers_that_go(),
    bad_arguments(),
    receive_after(),
    erlang:halt(0).

flush() ->
    receive M -> [M | flush()] after 0 -> [] end.

%% Nothing arrives within Ms.
quiet(Ms) ->
    receive M -> {unexpected, M} after Ms -> quiet end.

left_within(R, Ms) -> is_integer(R) andalso R >= 0 andalso R =< Ms.

send_after() ->
    R = erlang:send_after(10, self(), hello),
    ?SHOW(is_reference, is_reference(R)),
    ?SHOW(to_pid, receive hello -> got_hello end),
    %% The message is a copy: big terms survive the sender's collections.
    Big = {lists:seq(1, 300), list_to_binary(lists:duplicate(200, $b)), #{k => <<"small">>}},
    erlang:send_after(5, self(), {big, Big}),
    erlang:garbage_collect(),
    ?SHOW(big_copy, receive {big, B} -> B =:= Big end),
    ?SHOW(zero, begin erlang:send_after(0, self(), zero), receive zero -> got_zero end end),
    Self = self(),
    Named = spawn(fun() -> receive M -> Self ! {named_got, M} end end),
    register(t_timers_named, Named),
    erlang:send_after(10, t_timers_named, to_name),
    ?SHOW(to_name, receive {named_got, M1} -> M1 end),
    %% A name is looked up when the timer fires.
    erlang:send_after(300, t_timers_late, late),
    Late = spawn(fun() -> receive M -> Self ! {late_got, M} end end),
    register(t_timers_late, Late),
    ?SHOW(name_registered_later, receive {late_got, M2} -> M2 end),
    %% Nobody by that name when it fires: dropped.
    R2 = erlang:send_after(5, t_timers_nobody, lost),
    ?SHOW(to_nobody_is_ref, is_reference(R2)),
    ?SHOW(to_nobody, quiet(30)),
    ?SHOW(to_nobody_read, erlang:read_timer(R2)).

start_timer() ->
    R = erlang:start_timer(10, self(), tick),
    ?SHOW(start_timer_shape, receive {timeout, R, tick} -> timeout_ref_msg end),
    R2 = erlang:start_timer(5, self(), {a, [b]}, []),
    ?SHOW(start_timer4, receive {timeout, R2, Msg} -> Msg end),
    Self = self(),
    P = spawn(fun() -> receive M -> Self ! {fwd, M} end end),
    register(t_timers_st, P),
    R3 = erlang:start_timer(5, t_timers_st, named),
    ?SHOW(start_timer_name, receive {fwd, {timeout, R3, named}} -> ok end).

cancel_and_read() ->
    R = erlang:send_after(1000, self(), never),
    ?SHOW(read_pending, left_within(erlang:read_timer(R), 1000)),
    C = erlang:cancel_timer(R),
    ?SHOW(cancel_pending, left_within(C, 1000)),
    ?SHOW(cancel_again, erlang:cancel_timer(R)),
    ?SHOW(read_cancelled, erlang:read_timer(R)),
    ?SHOW(cancelled_never_comes, quiet(30)),
    R2 = erlang:send_after(5, self(), fired),
    receive fired -> ok end,
    ?SHOW(cancel_fired, erlang:cancel_timer(R2)),
    ?SHOW(read_fired, erlang:read_timer(R2)),
    ?SHOW(cancel_other_ref, erlang:cancel_timer(make_ref())),
    ?SHOW(read_other_ref, erlang:read_timer(make_ref())),
    R3 = erlang:start_timer(2000, self(), x),
    ?SHOW(start_timer_cancel, left_within(erlang:cancel_timer(R3, []), 2000)),
    %% Beyond 32 bits of milliseconds.
    R4 = erlang:send_after(16#100000000, self(), far),
    C4 = erlang:cancel_timer(R4),
    ?SHOW(far_cancel, is_integer(C4) andalso C4 > 16#FFFFFFFF andalso C4 =< 16#100000000),
    R5 = erlang:send_after(1 bsl 40, self(), farther),
    ?SHOW(farther_read, erlang:read_timer(R5) > 1 bsl 39),
    ?SHOW(farther_cancel, is_integer(erlang:cancel_timer(R5))).

options() ->
    R = erlang:send_after(1000, self(), x),
    ?SHOW(read_async, erlang:read_timer(R, [{async, true}])),
    ?SHOW(read_async_msg, receive {read_timer, R, V} -> left_within(V, 1000) end),
    ?SHOW(read_sync_option, left_within(erlang:read_timer(R, [{async, false}]), 1000)),
    ?SHOW(cancel_async, erlang:cancel_timer(R, [{async, true}])),
    ?SHOW(cancel_async_msg, receive {cancel_timer, R, V2} -> left_within(V2, 1000) end),
    ?SHOW(cancel_async_again, erlang:cancel_timer(R, [{async, true}, {info, true}])),
    ?SHOW(cancel_async_again_msg, receive {cancel_timer, R, V3} -> V3 end),
    ?SHOW(read_async_gone, erlang:read_timer(R, [{async, true}])),
    ?SHOW(read_async_gone_msg, receive {read_timer, R, V4} -> V4 end),
    R2 = erlang:send_after(1000, self(), y),
    ?SHOW(cancel_no_info, erlang:cancel_timer(R2, [{info, false}])),
    ?SHOW(cancel_no_info_gone, erlang:read_timer(R2)),
    R3 = erlang:send_after(1000, self(), z),
    ?SHOW(cancel_async_no_info, erlang:cancel_timer(R3, [{async, true}, {info, false}])),
    ?SHOW(cancel_async_no_info_gone, erlang:read_timer(R3)),
    %% The last setting of an option wins.
    R4 = erlang:send_after(1000, self(), w),
    ?SHOW(last_wins_read, left_within(erlang:read_timer(R4, [{async, true}, {async, false}]), 1000)),
    ?SHOW(last_wins_cancel, erlang:cancel_timer(R4, [{info, false}, {async, true}, {info, true}])),
    ?SHOW(last_wins_cancel_msg, receive {cancel_timer, R4, V5} -> left_within(V5, 1000) end),
    ?SHOW(nothing_else, quiet(20)).

absolute() ->
    Now = erlang:monotonic_time(millisecond),
    R = erlang:send_after(Now + 200, self(), abs_msg, [{abs, true}]),
    ?SHOW(abs_read, left_within(erlang:read_timer(R), 200)),
    ?SHOW(abs_fires, receive abs_msg -> ok end),
    ?SHOW(abs_not_early, erlang:monotonic_time(millisecond) >= Now + 200),
    %% A time already past fires at once.
    R2 = erlang:start_timer(Now - 1, self(), past, [{abs, true}]),
    ?SHOW(abs_past, receive {timeout, R2, past} -> ok end),
    R3 = erlang:send_after(500, self(), rel, [{abs, false}]),
    ?SHOW(abs_false_is_relative, left_within(erlang:cancel_timer(R3), 500)),
    R4 = erlang:start_timer(Now + 10000, self(), abs_cancel, [{abs, true}]),
    ?SHOW(abs_cancel, left_within(erlang:cancel_timer(R4), 10000)).

ordering() ->
    erlang:send_after(100, self(), second),
    erlang:send_after(10, self(), first),
    ?SHOW(order, [receive M -> M end, receive M2 -> M2 end]),
    %% Interleaved with sends: timers come after what was sent before them.
    erlang:send_after(20, self(), timer),
    self() ! direct,
    ?SHOW(order_with_send, [receive M3 -> M3 end, receive M4 -> M4 end]),
    Refs = [erlang:send_after(30 * N, self(), {n, N}) || N <- [3, 1, 2]],
    ?SHOW(three_refs_distinct, length(lists:usort(Refs))),
    ?SHOW(three, [receive {n, N} -> N end || _ <- [1, 2, 3]]).

other_processes() ->
    Self = self(),
    R = erlang:send_after(1000, Self, not_for_long),
    spawn(fun() -> Self ! {cancelled_by_other, erlang:cancel_timer(R)} end),
    ?SHOW(cancel_from_other, receive {cancelled_by_other, C} -> left_within(C, 1000) end),
    ?SHOW(cancelled_from_other_never_comes, quiet(30)),
    ?SHOW(read_after_other_cancel, erlang:read_timer(R)),
    R2 = erlang:send_after(1000, Self, also_not),
    spawn(fun() ->
                  ok = erlang:cancel_timer(R2, [{async, true}]),
                  ok = erlang:read_timer(R2, [{async, true}]),
                  Self ! {other_got, [receive M -> M end, receive M2 -> M2 end]}
          end),
    ?SHOW(async_from_other,
          receive {other_got, [{cancel_timer, R2, V}, {read_timer, R2, false}]} ->
                  left_within(V, 1000)
          end),
    %% A timer another process started, bound for us.
    spawn(fun() -> Self ! {ref, erlang:send_after(200, Self, from_a_dead_starter)} end),
    R3 = receive {ref, Ref} -> Ref end,
    ?SHOW(read_other_started, left_within(erlang:read_timer(R3), 200)),
    ?SHOW(starter_gone_still_fires, receive from_a_dead_starter -> ok end),
    ?SHOW(nothing_else, flush()).

receivers_that_go() ->
    Dead = spawn(fun() -> ok end),
    Mon = monitor(process, Dead),
    receive {'DOWN', Mon, process, Dead, _} -> ok end,
    R = erlang:send_after(1000, Dead, x),
    ?SHOW(to_dead_is_ref, is_reference(R)),
    ?SHOW(to_dead_read, erlang:read_timer(R)),
    ?SHOW(to_dead_cancel, erlang:cancel_timer(erlang:start_timer(1000, Dead, y))),
    P = spawn(fun() -> receive stop -> ok end end),
    R2 = erlang:send_after(1000, P, x),
    ?SHOW(live_read, left_within(erlang:read_timer(R2), 1000)),
    Mon2 = monitor(process, P),
    P ! stop,
    receive {'DOWN', Mon2, process, P, _} -> ok end,
    ?SHOW(receiver_gone_read, erlang:read_timer(R2)),
    ?SHOW(receiver_gone_cancel, erlang:cancel_timer(R2)),
    %% A timer bound for a name is no process's: it stays.
    Q = spawn(fun() -> receive stop -> ok end end),
    register(t_timers_goes, Q),
    R3 = erlang:send_after(1000, t_timers_goes, x),
    Mon3 = monitor(process, Q),
    Q ! stop,
    receive {'DOWN', Mon3, process, Q, _} -> ok end,
    ?SHOW(name_holder_gone_read, left_within(erlang:read_timer(R3), 1000)),
    ?SHOW(name_holder_gone_cancel, left_within(erlang:cancel_timer(R3), 1000)).

bad_arguments() ->
    S = self(),
    ?SHOW(negative, ?CATCH(erlang:send_after(id(-1), S, x))),
    ?SHOW(float_time, ?CATCH(erlang:send_after(id(1.0), S, x))),
    ?SHOW(atom_time, ?CATCH(erlang:send_after(id(infinity), S, x))),
    ?SHOW(huge_time, ?CATCH(erlang:send_after(id(1 bsl 62), S, x))),
    ?SHOW(bignum_time, ?CATCH(erlang:send_after(id(1 bsl 70), S, x))),
    ?SHOW(negative_bignum, ?CATCH(erlang:start_timer(id(-(1 bsl 70)), S, x))),
    ?SHOW(abs_huge, ?CATCH(erlang:send_after(id(1 bsl 62), S, x, [{abs, true}]))),
    ?SHOW(abs_bignum, ?CATCH(erlang:start_timer(id(1 bsl 70), S, x, [{abs, true}]))),
    ?SHOW(tuple_dest, ?CATCH(erlang:send_after(10, id({a, b}), x))),
    ?SHOW(string_dest, ?CATCH(erlang:send_after(10, id("name"), x))),
    ?SHOW(integer_dest, ?CATCH(erlang:start_timer(10, id(42), x))),
    ?SHOW(ref_dest, ?CATCH(erlang:send_after(10, id(make_ref()), x))),
    ?SHOW(bad_option, ?CATCH(erlang:send_after(10, S, x, id([bad])))),
    ?SHOW(bad_abs_value, ?CATCH(erlang:send_after(10, S, x, id([{abs, 1}])))),
    ?SHOW(unknown_option, ?CATCH(erlang:start_timer(10, S, x, id([{async, true}])))),
    ?SHOW(improper_options, ?CATCH(erlang:send_after(10, S, x, id([{abs, true} | foo])))),
    ?SHOW(options_not_list, ?CATCH(erlang:send_after(10, S, x, id(foo)))),
    ?SHOW(cancel_not_ref, ?CATCH(erlang:cancel_timer(id(foo)))),
    ?SHOW(cancel_pid, ?CATCH(erlang:cancel_timer(id(S)))),
    ?SHOW(read_not_ref, ?CATCH(erlang:read_timer(id(17)))),
    ?SHOW(cancel_bad_option, ?CATCH(erlang:cancel_timer(make_ref(), id([bad])))),
    ?SHOW(cancel_abs_option, ?CATCH(erlang:cancel_timer(make_ref(), id([{abs, true}])))),
    ?SHOW(cancel_async_not_bool, ?CATCH(erlang:cancel_timer(make_ref(), id([{async, 1}])))),
    ?SHOW(read_info_option, ?CATCH(erlang:read_timer(make_ref(), id([{info, true}])))),
    ?SHOW(read_options_not_list, ?CATCH(erlang:read_timer(make_ref(), id(foo)))),
    ?SHOW(async_on_bad_ref, ?CATCH(erlang:read_timer(id(foo), [{async, true}]))),
    ?SHOW(no_reply_after_badarg, quiet(10)).

receive_after() ->
    ?SHOW(after_timeout, receive never -> no after 10 -> timeout end),
    erlang:send_after(10, self(), wake),
    ?SHOW(after_with_timer, receive wake -> woken after 1000 -> timeout end),
    R = erlang:send_after(200, self(), late),
    ?SHOW(after_before_timer, receive late -> early after 1 -> timeout end),
    ?SHOW(timer_after_after, receive late -> got_late end),
    ?SHOW(timer_gone, erlang:read_timer(R)),
    ?SHOW(after_zero, receive never -> no after 0 -> immediate end).
