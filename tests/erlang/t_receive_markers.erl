%% Receives for a reply carrying a fresh reference (what gen:call does):
%% the compiler marks the mailbox before make_ref/0 and the receive starts
%% at the mark. Every message, before or after the mark, must still be
%% received in order by the receives that want it.
-module(t_receive_markers).
-export([main/0]).
-include("corpus.hrl").

main() ->
    call_past_a_full_mailbox(),
    mark_after_removed_message(),
    abandoned_marks(),
    nested_calls(),
    replies_from_another_process(),
    erlang:halt(0).

%% 1000 messages wait; the reply comes after them and is found; the others
%% are all still there, in order.
call_past_a_full_mailbox() ->
    [self() ! {msg, N} || N <- lists:seq(1, 1000)],
    ?SHOW(reply, call_self(ping)),
    ?SHOW(rest_in_order, drain(1) =:= 1001).

call_self(Request) ->
    Ref = make_ref(),
    self() ! {Ref, {pong, Request}},
    receive
        {Ref, Reply} -> Reply
    end.

drain(N) ->
    receive
        {msg, N} -> drain(N + 1)
    after 0 -> N
    end.

%% The message just before the mark leaves the mailbox before the receive
%% that uses the mark.
mark_after_removed_message() ->
    self() ! first,
    self() ! last,
    Ref = make_ref(),
    receive last -> ok end,
    self() ! {Ref, found},
    Got = receive
              {Ref, X} -> X
          after 1000 -> timeout
          end,
    ?SHOW(after_removed, {Got, receive first -> first after 0 -> none end}).

%% A reference made and marked, its receive never run (an exception came
%% between), many times: marks are reused and later calls still work.
abandoned_marks() ->
    [catch abandon(N) || N <- lists:seq(1, 20)],
    ?SHOW(after_abandoned, call_self(again)),
    ?SHOW(abandoned_replies_kept, length(drain_all([]))).

abandon(N) ->
    Ref = make_ref(),
    self() ! {Ref, N},
    _ = id(N) div id(0),
    receive
        {Ref, R} -> R
    end.

drain_all(Acc) ->
    receive
        M -> drain_all([M | Acc])
    after 0 -> Acc
    end.

%% A call inside another call's wait: each finds its own reply.
nested_calls() ->
    Outer = make_ref(),
    self() ! {Outer, outer},
    Inner = call_self(inner),
    Got = receive
              {Outer, O} -> O
          end,
    ?SHOW(nested, {Inner, Got}).

%% A server answers after other processes have sent noise.
replies_from_another_process() ->
    Self = self(),
    Server = spawn(fun() -> server() end),
    Noise = [spawn(fun() -> [Self ! {noise, K} || K <- lists:seq(1, 100)] end) || _ <- [1, 2]],
    Replies = [call(Server, N) || N <- lists:seq(1, 50)],
    ?SHOW(server_replies, Replies =:= [N * 2 || N <- lists:seq(1, 50)]),
    [erlang:monitor(process, P) || P <- Noise],
    [receive {'DOWN', _, process, _, _} -> ok end || _ <- Noise],
    ?SHOW(noise_kept, length([x || {noise, _} <- drain_all([])])),
    Server ! stop.

call(Server, N) ->
    Ref = make_ref(),
    Server ! {call, self(), Ref, N},
    receive
        {Ref, Reply} -> Reply
    end.

server() ->
    receive
        {call, From, Ref, N} ->
            From ! {Ref, N * 2},
            server();
        stop -> ok
    end.
