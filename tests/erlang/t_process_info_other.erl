%% process_info/1,2 and garbage_collect/1,2 of another process: a process
%% waiting in a receive, a busy one, one that is gone, ones that end while
%% they are asked; the caller's own mailbox left as it was.
-module(t_process_info_other).
-export([main/0, waiter/1, spin/1]).

-include("corpus.hrl").

main() ->
    Self = self(),
    %% A process waiting in a receive, with messages it does not want.
    W = spawn(?MODULE, waiter, [Self]),
    receive {W, ready} -> ok end,
    W ! first,
    W ! {second, [1, 2]},
    wait_until(fun() -> process_info(W, message_queue_len) =:= {message_queue_len, 2} end),
    wait_until(fun() -> process_info(W, status) =:= {status, waiting} end),
    ?SHOW(status, process_info(W, status)),
    ?SHOW(messages, process_info(W, messages)),
    ?SHOW(message_queue_len, process_info(W, message_queue_len)),
    ?SHOW(dictionary, lists:sort(element(2, process_info(W, dictionary)))),
    ?SHOW(links, process_info(W, links) =:= {links, [Self]}),
    ?SHOW(trap_exit, process_info(W, trap_exit)),
    ?SHOW(priority, process_info(W, priority)),
    ?SHOW(current_function, process_info(W, current_function)),
    ?SHOW(current_location, process_info(W, current_location)),
    {current_stacktrace, Stack} = process_info(W, current_stacktrace),
    ?SHOW(current_stacktrace_top, hd(Stack)),
    ?SHOW(initial_call, process_info(W, initial_call)),
    ?SHOW(registered_name, process_info(W, registered_name)),
    ?SHOW(registered_name_list, process_info(W, [registered_name])),
    true = register(t_process_info_waiter, W),
    ?SHOW(registered_name_set, process_info(W, registered_name)),
    ?SHOW(group_leader, process_info(W, group_leader) =:= process_info(Self, group_leader)),
    ?SHOW(error_handler, process_info(W, error_handler)),
    ?SHOW(suspending, process_info(W, suspending)),
    Sizes = process_info(W, [heap_size, total_heap_size, stack_size, memory, reductions]),
    ?SHOW(sizes, [{K, is_integer(V) andalso V > 0} || {K, V} <- Sizes]),
    {garbage_collection, GC} = process_info(W, garbage_collection),
    ?SHOW(gc_keys, [K || {K, _} <- GC]),
    ?SHOW(gc_fullsweep, lists:keyfind(fullsweep_after, 1, GC)),
    %% Monitors, both ways.
    ?SHOW(monitors_none, process_info(W, [monitors, monitored_by])),
    Ref = monitor(process, W),
    ?SHOW(monitored_by, process_info(W, monitored_by) =:= {monitored_by, [Self]}),
    W ! {monitor, Self},
    wait_until(fun() -> process_info(W, monitors) =:= {monitors, [{process, Self}]} end),
    ?SHOW(monitors, process_info(W, monitors) =:= {monitors, [{process, Self}]}),
    %% The list form keeps the order asked, repeats included.
    ?SHOW(list, process_info(W, [status, message_queue_len, status, trap_exit])),
    ?SHOW(empty_list, process_info(W, [])),
    %% process_info/1: erl's default items.
    All = process_info(W),
    ?SHOW(all_keys, [K || {K, _} <- All]),
    ?SHOW(all_name, lists:keyfind(registered_name, 1, All)),
    ?SHOW(all_status, lists:keyfind(status, 1, All)),
    ?SHOW(all_queue, lists:keyfind(message_queue_len, 1, All)),
    %% Asking another leaves the caller's own mailbox as it was.
    Self ! mine_a,
    Self ! mine_b,
    {status, waiting} = process_info(W, status),
    ?SHOW(own_mailbox, process_info(Self, messages)),
    receive mine_a -> ok end,
    receive mine_b -> ok end,
    %% garbage_collect of another process.
    ?SHOW(gc, erlang:garbage_collect(W)),
    ?SHOW(gc_minor, erlang:garbage_collect(W, [{type, minor}])),
    ?SHOW(gc_major, erlang:garbage_collect(W, [{type, major}])),
    ?SHOW(gc_async, erlang:garbage_collect(W, [{async, gc_tag}])),
    receive {garbage_collect, gc_tag, R1} -> ?SHOW(gc_async_reply, R1) end,
    AsyncRef = make_ref(),
    async = erlang:garbage_collect(W, [{async, AsyncRef}]),
    receive {garbage_collect, AsyncRef, R2} -> ?SHOW(gc_async_ref_reply, R2) end,
    ?SHOW(gc_self_async, erlang:garbage_collect(Self, [{async, self_tag}])),
    receive {garbage_collect, self_tag, R3} -> ?SHOW(gc_self_async_reply, R3) end,
    ?SHOW(gc_self, erlang:garbage_collect(Self, [])),
    %% It survived all that with its dictionary and messages.
    ?SHOW(after_gc, process_info(W, [messages, dictionary])),
    %% A busy process: running or runnable, never waiting.
    B = spawn(?MODULE, spin, [Self]),
    receive {B, spinning} -> ok end,
    {status, BStatus} = process_info(B, status),
    ?SHOW(busy_status, lists:member(BStatus, [running, runnable])),
    ?SHOW(busy_function, process_info(B, current_function)),
    ?SHOW(busy_queue, process_info(B, [message_queue_len, messages])),
    ?SHOW(busy_gc, erlang:garbage_collect(B)),
    ?SHOW(busy_keys, [K || {K, _} <- process_info(B)] -- [K || {K, _} <- All]),
    exit(B, kill),
    %% Gone: undefined, and garbage_collect false.
    W ! stop,
    receive {'DOWN', Ref, process, W, Why} -> ?SHOW(down, Why) end,
    ?SHOW(dead, process_info(W, status)),
    ?SHOW(dead_list, process_info(W, [status, messages])),
    ?SHOW(dead_all, process_info(W)),
    ?SHOW(dead_gc, erlang:garbage_collect(W)),
    ?SHOW(dead_gc_async, erlang:garbage_collect(W, [{async, dead_tag}])),
    receive {garbage_collect, dead_tag, R4} -> ?SHOW(dead_gc_async_reply, R4) end,
    %% Processes that end while they are asked: each answer is the
    %% process's or undefined (false for garbage_collect), never a hang.
    Racers = [spawn(fun() -> racer(N) end) || N <- lists:seq(1, 200)],
    Answers = [{process_info(P, [status, message_queue_len]), erlang:garbage_collect(P)}
               || P <- Racers],
    ?SHOW(racers, lists:usort([racer_answer(A) || A <- Answers])
                  -- [{info, gc}, {undefined, gc}, {info, no_gc}, {undefined, no_gc}]),
    %% Errors.
    Alive = spawn(?MODULE, waiter, [Self]),
    receive {Alive, ready} -> ok end,
    ?SHOW(bad_item, ?CATCH(process_info(Alive, id(no_such_item)))),
    ?SHOW(bad_item_list, ?CATCH(process_info(Alive, [status, id(no_such_item)]))),
    ?SHOW(improper_list, ?CATCH(process_info(Alive, [status | id(status)]))),
    ?SHOW(dead_bad_item, ?CATCH(process_info(W, id(no_such_item)))),
    ?SHOW(gc_not_pid, ?CATCH(erlang:garbage_collect(id(not_a_pid)))),
    ?SHOW(gc_bad_option, ?CATCH(erlang:garbage_collect(Alive, [id(bad)]))),
    ?SHOW(gc_bad_type, ?CATCH(erlang:garbage_collect(Alive, [{type, id(medium)}]))),
    Alive ! stop,
    erlang:halt(0).

%% Links to its parent, keeps a dictionary, and waits.
waiter(Parent) ->
    link(Parent),
    put(colour, blue),
    put({key, 2}, [value]),
    Parent ! {self(), ready},
    wait().

wait() ->
    receive
        stop -> ok;
        {monitor, Who} -> monitor(process, Who), wait()
    end.

spin(Parent) ->
    Parent ! {self(), spinning},
    spin_loop(0).

spin_loop(N) -> spin_loop(N + 1).

racer(N) ->
    put(n, N),
    lists:seq(1, N).

racer_answer({Info, Gc}) ->
    {case Info of
         undefined -> undefined;
         [{status, _}, {message_queue_len, _}] -> info
     end,
     case Gc of
         true -> gc;
         false -> no_gc
     end}.

wait_until(F) ->
    case F() of
        true -> ok;
        false -> receive after 1 -> wait_until(F) end
    end.
