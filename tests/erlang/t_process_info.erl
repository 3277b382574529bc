%% process_info/1,2: the items of the calling process, the items readable
%% of another one, a dead process, and the errors.
-module(t_process_info).
-export([main/0]).

-include("corpus.hrl").

main() ->
    Self = self(),
    ?SHOW(no_name, process_info(Self, registered_name)),
    ?SHOW(no_name_list, process_info(Self, [registered_name])),
    true = register(t_process_info_main, Self),
    ?SHOW(name, process_info(Self, registered_name)),
    put(key, value),
    ?SHOW(dictionary, lists:keyfind(key, 1, element(2, process_info(Self, dictionary)))),
    ?SHOW(trap_exit, process_info(Self, trap_exit)),
    process_flag(trap_exit, true),
    ?SHOW(trap_exit_on, process_info(Self, trap_exit)),
    ?SHOW(status, process_info(Self, status)),
    ?SHOW(priority, process_info(Self, priority)),
    ?SHOW(current_stacktrace, [F || {?MODULE, _, _, _} = F <- lists:flatten(nested(3))]),
    ?SHOW(current_location, process_info(Self, current_location)),
    ?SHOW(bump_reductions, [?CATCH(erlang:bump_reductions(id(N)))
                            || N <- [0, 1, 100000000, -1, a, 1 bsl 70]]),
    ?SHOW(current_function, process_info(Self, current_function)),
    ?SHOW(error_handler, process_info(Self, error_handler)),
    ?SHOW(group_leader, is_pid(element(2, process_info(Self, group_leader)))),
    Sizes = process_info(Self, [heap_size, total_heap_size, stack_size, memory, reductions]),
    ?SHOW(sizes, [{K, is_integer(V) andalso V > 0} || {K, V} <- Sizes]),
    {garbage_collection, GC} = process_info(Self, garbage_collection),
    ?SHOW(gc_keys, [K || {K, _} <- GC]),
    ?SHOW(gc_fullsweep, lists:keyfind(fullsweep_after, 1, GC)),
    %% ling's default minimum heap is smaller than BEAM's 233 words.
    ?SHOW(gc_min_heap, lists:keyfind(min_heap_size, 1, GC)
                       =:= erlang:system_info(min_heap_size)),
    min_heap(),
    binaries(),
    %% The mailbox.
    Self ! first,
    Self ! {second, [1, 2]},
    ?SHOW(queue_len, process_info(Self, message_queue_len)),
    ?SHOW(messages, process_info(Self, messages)),
    receive first -> ok end,
    ?SHOW(queue_len_after, process_info(Self, message_queue_len)),
    receive {second, _} -> ok end,
    %% Links and monitors.
    Other = spawn_link(fun() -> receive stop -> ok end end),
    Ref = monitor(process, Other),
    ?SHOW(links, lists:member(Other, element(2, process_info(Self, links)))),
    ?SHOW(monitors, process_info(Self, monitors) =:= {monitors, [{process, Other}]}),
    Watcher = spawn(fun() -> monitor(process, Self), receive stop -> ok end end),
    wait_until(fun() -> process_info(Self, monitored_by) =:= {monitored_by, [Watcher]} end),
    ?SHOW(monitored_by, process_info(Self, monitored_by) =:= {monitored_by, [Watcher]}),
    %% Another process: its name, group leader and status.
    true = register(t_process_info_other, Other),
    ?SHOW(other_name, process_info(Other, registered_name)),
    ?SHOW(other_leader, process_info(Other, group_leader) =:= process_info(Self, group_leader)),
    wait_until(fun() -> process_info(Other, status) =:= {status, waiting} end),
    ?SHOW(other_status, process_info(Other, status)),
    ?SHOW(other_list, process_info(Other, [registered_name, status])),
    %% A process that is gone.
    Other ! stop,
    receive {'DOWN', Ref, process, Other, Why} -> ?SHOW(down, Why) end,
    receive {'EXIT', Other, normal} -> ok end,
    ?SHOW(dead, process_info(Other, registered_name)),
    ?SHOW(dead_initial_call, process_info(Other, initial_call)),
    ?SHOW(dead_list, process_info(Other, [status, messages])),
    ?SHOW(dead_all, process_info(Other)),
    Watcher ! stop,
    %% process_info/1.
    All = process_info(Self),
    ?SHOW(all_keys, [K || {K, _} <- All]),
    ?SHOW(all_name, lists:keyfind(registered_name, 1, All)),
    %% Errors.
    ?SHOW(not_pid, ?CATCH(process_info(id(self_atom), status))),
    ?SHOW(bad_item, ?CATCH(process_info(Self, id(no_such_item)))),
    ?SHOW(bad_item_list, ?CATCH(process_info(Self, [status, id(no_such_item)]))),
    ?SHOW(improper_list, ?CATCH(process_info(Self, [status | id(status)]))),
    ?SHOW(not_atom, ?CATCH(process_info(Self, id("status")))),
    ?SHOW(dead_bad_item, ?CATCH(process_info(Other, id(no_such_item)))),
    ?SHOW(dead_not_atom, ?CATCH(process_info(Other, id(1)))),
    ?SHOW(dead_bad_list, ?CATCH(process_info(Other, [status, id(no_such_item)]))),
    erlang:halt(0).

%% spawn_opt's min_heap_size and fullsweep_after, and
%% process_flag(min_heap_size): the heap never shrinks below the minimum.
min_heap() ->
    Self = self(),
    Show = fun() ->
                   garbage_collect(),
                   {heap_size, H} = process_info(self(), heap_size),
                   {min_heap_size, M} = process_info(self(), min_heap_size),
                   {garbage_collection, GC} = process_info(self(), garbage_collection),
                   {H >= 1000, M >= 1000, lists:keyfind(fullsweep_after, 1, GC)}
           end,
    P = spawn_opt(fun() -> Self ! {self(), Show()} end,
                  [{min_heap_size, 1000}, {fullsweep_after, 7}]),
    ?SHOW(spawn_min_heap, receive {P, Got} -> Got end),
    {min_heap_size, Old} = process_info(Self, min_heap_size),
    ?SHOW(flag_min_heap_old, process_flag(min_heap_size, 1000) =:= Old),
    ?SHOW(flag_min_heap, element(1, Show())),
    ?SHOW(flag_min_heap_back, process_flag(min_heap_size, Old) >= 1000),
    ?SHOW(spawn_opt_bad, [?CATCH(spawn_opt(fun() -> ok end, [id(O)]))
                          || O <- [{min_heap_size, -1}, {min_heap_size, a},
                                   {fullsweep_after, -1}]]),
    ?SHOW(flag_min_heap_bad, ?CATCH(process_flag(min_heap_size, id(-1)))).

wait_until(F) ->
    case F() of
        true -> ok;
        false -> receive after 1 -> wait_until(F) end
    end.

%% Body calls deep, then the stack trace from inside (a tail call to
%% process_info: its caller's frame comes from the return address).
nested(0) -> element(2, process_info(self(), current_stacktrace));
nested(N) -> [nested(N - 1)].

%% process_info(P, binary): {Id, Size, RefCount} for each refc binary the
%% process holds (the ids are addresses: only sizes and counts compare).
binaries() ->
    Parent = self(),
    P = spawn(fun() ->
                      Alone = binary:copy(<<7>>, 1000),
                      Shared = binary:copy(<<8>>, 2000),
                      Parent ! {shared, Shared},
                      receive stop -> id(Alone) end
              end),
    Shared = receive {shared, S} -> S end,
    {binary, Held} = process_info(P, binary),
    ?SHOW(binaries_held, lists:sort([{Size, Refs} || {_, Size, Refs} <- Held])),
    ?SHOW(binary_ids_are_integers, lists:all(fun({Id, _, _}) -> is_integer(Id) end, Held)),
    P ! stop,
    id(Shared).
