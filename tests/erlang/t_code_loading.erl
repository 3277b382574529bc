%% Code loading at run time: erlang:load_module/2, delete_module/1,
%% purge_module/1, check_old_code/1, check_process_code/2,3, and the code
%% module's load_binary/3, load_abs/1, load_file/1, delete/1, purge/1,
%% soft_purge/1, is_loaded/1, which/1, get_object_code/1, module_status/1,
%% is_sticky/1 and the code path changes.
%%
%% The module loaded and replaced is a copy of this one under another name
%% of the same length (?COPY): its object code with the name's bytes
%% replaced, since nothing can compile at run time here. Only relative
%% paths, base names and shapes are printed, never the machine's folders.
%% What ling cannot tell -- whether another process runs old code -- is
%% not asked.
-module(t_code_loading).
-export([main/0, run_in/1, name/0]).

-include("corpus.hrl").

-define(COPY, t_code_loadin2).
-define(SCRATCH, "t_code_loading_scratch").

main() ->
    %% erl reports refused loads and deletes through its logger, with a
    %% timestamp, on standard output.
    _ = ?CATCH(logger:set_primary_config(level, none)),
    {?MODULE, Bin, File} = code:get_object_code(?MODULE),
    ?SHOW(object_code, {is_binary(Bin), filename:basename(File), filename:pathtype(File)}),
    ?SHOW(object_code_of_nothing, code:get_object_code(no_such_module_here)),
    Copy = binary:replace(Bin, atom_to_binary(?MODULE), atom_to_binary(?COPY), [global]),
    loading(Copy),
    deleting(),
    purging(Copy),
    old_code_on_the_stack(Copy),
    purge_kills_a_caller_in_old_code(Copy),
    bad_binaries(Bin),
    sticky(Copy),
    paths(Copy),
    ?SHOW(module_status, code:module_status([?MODULE, ?COPY, no_such_module_here, init])),
    ?SHOW(loaded_bif, {lists:member(?MODULE, erlang:loaded()), is_list(erlang:pre_loaded()),
                       lists:member(init, erlang:pre_loaded())}),
    halt(0).

%% Runs Fun with a frame of this module (of whichever copy runs it) on the
%% stack.
run_in(Fun) ->
    Result = Fun(),
    {returned, Result}.

name() -> ?MODULE.

loading(Copy) ->
    ?SHOW(loaded_at_first, erlang:module_loaded(?COPY)),
    ?SHOW(load_module, erlang:load_module(?COPY, Copy)),
    ?SHOW(call_the_copy, ?COPY:name()),
    ?SHOW(is_loaded_without_a_file, code:is_loaded(?COPY)),
    ?SHOW(old_code_at_first, erlang:check_old_code(?COPY)),
    ?SHOW(load_module_again, erlang:load_module(?COPY, Copy)),
    ?SHOW(old_code_now, erlang:check_old_code(?COPY)),
    ?SHOW(load_module_not_purged, erlang:load_module(?COPY, Copy)),
    ?SHOW(load_binary_purges_first, code:load_binary(?COPY, "somewhere/t_code_loadin2.beam", Copy)),
    ?SHOW(which, code:which(?COPY)),
    ?SHOW(is_loaded, code:is_loaded(?COPY)),
    ?SHOW(all_loaded, lists:keyfind(?COPY, 1, code:all_loaded())),
    ?SHOW(loaded_bif, lists:member(?COPY, erlang:loaded())),
    ?SHOW(load_binary_bad_name, code:load_binary(?COPY, [a], Copy)),
    ?SHOW(load_binary_bad_file, ?CATCH(code:load_binary(?COPY, 1, Copy))),
    ?SHOW(load_module_bad_args, {?CATCH(erlang:load_module("m", Copy)),
                                 ?CATCH(erlang:load_module(?COPY, not_a_binary)),
                                 ?CATCH(erlang:load_module(?COPY, <<1:7>>))}),
    ?SHOW(load_module_wrong_name, erlang:load_module(t_code_loadin3, Copy)),
    ?SHOW(load_file_of_nothing, code:load_file(no_such_module_here)).

deleting() ->
    ?SHOW(delete_with_old_code, code:delete(?COPY)),
    ?SHOW(delete_module_with_old_code, ?CATCH(erlang:delete_module(?COPY))),
    ?SHOW(soft_purge, code:soft_purge(?COPY)),
    ?SHOW(soft_purge_again, code:soft_purge(?COPY)),
    ?SHOW(delete, code:delete(?COPY)),
    ?SHOW(loaded_after_delete, {erlang:module_loaded(?COPY), code:is_loaded(?COPY),
                                erlang:check_old_code(?COPY)}),
    ?SHOW(call_after_delete, ?CATCH((id(?COPY)):name())),
    ?SHOW(delete_module_again, ?CATCH(erlang:delete_module(?COPY))),
    ?SHOW(purge, code:purge(?COPY)),
    ?SHOW(purge_again, code:purge(?COPY)),
    ?SHOW(loaded_after_purge, {erlang:check_old_code(?COPY),
                               lists:member(?COPY, erlang:loaded())}),
    ?SHOW(delete_module_without_code, erlang:delete_module(?COPY)),
    ?SHOW(delete_module_never_loaded, erlang:delete_module(no_such_module_here)),
    ?SHOW(delete_never_loaded, code:delete(no_such_module_here)),
    ?SHOW(delete_module_bad_arg, ?CATCH(erlang:delete_module("m"))).

purging(Copy) ->
    ?SHOW(purge_module_without_old_code, ?CATCH(erlang:purge_module(?COPY))),
    {module, ?COPY} = erlang:load_module(?COPY, Copy),
    {module, ?COPY} = erlang:load_module(?COPY, Copy),
    ?SHOW(purge_module, erlang:purge_module(?COPY)),
    ?SHOW(purge_module_again, ?CATCH(erlang:purge_module(?COPY))),
    ?SHOW(purge_module_bad_arg, ?CATCH(erlang:purge_module("m"))),
    ?SHOW(check_old_code_bad_arg, ?CATCH(erlang:check_old_code("m"))).

%% A process whose stack holds a return into the old code runs it: it
%% keeps soft_purge from purging until it has returned.
old_code_on_the_stack(Copy) ->
    R = ?COPY:run_in(
          fun() ->
                  {module, ?COPY} = erlang:load_module(?COPY, Copy),
                  {erlang:check_process_code(self(), ?COPY),
                   erlang:check_process_code(self(), ?COPY, [{allow_gc, false}]),
                   code:soft_purge(?COPY),
                   erlang:check_old_code(?COPY)}
          end),
    ?SHOW(old_code_on_the_stack, R),
    ?SHOW(returned_from_old_code, erlang:check_process_code(self(), ?COPY)),
    ?SHOW(async, erlang:check_process_code(self(), ?COPY, [{async, tag}])),
    receive
        {check_process_code, tag, Answer} -> ?SHOW(async_answer, Answer)
    after 1000 -> ?SHOW(async_answer, none)
    end,
    ?SHOW(check_process_code_bad_args, {?CATCH(erlang:check_process_code(self(), "m")),
                                        ?CATCH(erlang:check_process_code(x, ?COPY)),
                                        ?CATCH(erlang:check_process_code(self(), ?COPY, [bad])),
                                        ?CATCH(erlang:check_process_code(self(), ?COPY, x))}),
    ?SHOW(check_process_code_of_the_dead,
          erlang:check_process_code(spawn(fun() -> ok end), ?COPY)),
    ?SHOW(soft_purge_after_return, code:soft_purge(?COPY)).

%% The purge kills a process still running the old code; here the process
%% that asks for it.
purge_kills_a_caller_in_old_code(Copy) ->
    {Pid, Ref} = spawn_monitor(
                   fun() ->
                           ?COPY:run_in(
                              fun() ->
                                      {module, ?COPY} = erlang:load_module(?COPY, Copy),
                                      code:purge(?COPY),
                                      receive never -> ok end
                              end)
                   end),
    receive
        {'DOWN', Ref, process, Pid, Why} -> ?SHOW(purged_caller, Why)
    after 5000 -> ?SHOW(purged_caller, alive)
    end,
    %% erl's code server may finish the purge just after the caller's end.
    ?SHOW(old_code_after_the_purge, old_code_within(?COPY, 100)).

%% Whether Module still has old code after at most N waits of 10 ms.
old_code_within(Module, 0) ->
    erlang:check_old_code(Module);
old_code_within(Module, N) ->
    case erlang:check_old_code(Module) of
        false -> false;
        true -> receive after 10 -> old_code_within(Module, N - 1) end
    end.

%% Hostile bytes are refused as badfile, whatever part of the file they hit.
bad_binaries(Bin) ->
    Loads = [erlang:load_module(?MODULE, B) || B <- [<<>>, <<"FOR1">>, <<"junk">>,
                                                     binary:part(Bin, 0, 20),
                                                     binary:part(Bin, 0, byte_size(Bin) - 1),
                                                     <<"FOR1", 0:32, "BEAM">>]],
    ?SHOW(bad_binaries, Loads),
    ?SHOW(still_loaded, {erlang:check_old_code(?MODULE), ?MODULE:name()}).

sticky(Copy) ->
    ?SHOW(is_sticky, [code:is_sticky(M) || M <- [lists, code, init, ?MODULE, ?COPY,
                                                no_such_module_here]]),
    ?SHOW(load_binary_sticky, code:load_binary(lists, "lists.beam", Copy)).

paths(Copy) ->
    Path = code:get_path(),
    ok = filelib:ensure_dir(filename:join(?SCRATCH, "x")),
    ok = file:write_file(filename:join(?SCRATCH, "t_code_loadin2.beam"), Copy),
    ?SHOW(add_path_bad, {code:add_path("no/such/dir/here"), code:add_path([a]),
                         code:add_patha("no/such/dir/here"), ?CATCH(code:add_path(atom))}),
    ?SHOW(unchanged, code:get_path() =:= Path),
    ?SHOW(add_patha, code:add_patha(?SCRATCH ++ "/")),
    ?SHOW(first, hd(code:get_path())),
    ?SHOW(add_patha_again, {code:add_patha(?SCRATCH), length(code:get_path()) - length(Path)}),
    ?SHOW(add_pathz_present, {code:add_pathz(?SCRATCH), hd(code:get_path())}),
    ?SHOW(which_on_the_path, code:which(?COPY)),
    ?SHOW(delete_old, {code:soft_purge(?COPY), code:delete(?COPY), code:soft_purge(?COPY)}),
    ?SHOW(which_on_the_path_deleted, code:which(?COPY)),
    ?SHOW(load_file, code:load_file(?COPY)),
    Which = code:which(?COPY),
    ?SHOW(which_loaded, {filename:pathtype(Which), filename:basename(Which),
                         lists:suffix(?SCRATCH ++ "/t_code_loadin2.beam", Which)}),
    ?SHOW(load_file_not_purged, code:load_file(?COPY)),
    ?SHOW(module_status_from_file, code:module_status(?COPY)),
    ?SHOW(soft_purge, code:soft_purge(?COPY)),
    ?SHOW(load_abs, code:load_abs(?SCRATCH ++ "/t_code_loadin2")),
    ?SHOW(load_abs_missing, code:load_abs(?SCRATCH ++ "/nothing")),
    ?SHOW(del_path, code:del_path(?SCRATCH)),
    ?SHOW(del_path_again, code:del_path(?SCRATCH)),
    ?SHOW(del_path_name, {code:del_path(no_such_app), code:del_path([a]), ?CATCH(code:del_path(1))}),
    ?SHOW(back, code:get_path() =:= Path),
    ?SHOW(add_pathz, {code:add_pathz(?SCRATCH), lists:last(code:get_path())}),
    ?SHOW(del_path_by_name, {code:del_path(list_to_atom(?SCRATCH)), code:get_path() =:= Path}),
    ?SHOW(add_paths, {code:add_pathsa([?SCRATCH, ".", "no/such/dir/here"]),
                      lists:sublist(code:get_path(), 2)}),
    ?SHOW(set_path_bad, {code:set_path(["no/such/dir/here"]), lists:sublist(code:get_path(), 2)}),
    ?SHOW(set_path, {code:set_path([?SCRATCH, "."]), code:get_path()}),
    ?SHOW(set_path_back, code:set_path(Path)),
    ?SHOW(back_again, code:get_path() =:= Path),
    ?SHOW(all_available, lists:keymember(atom_to_list(?MODULE), 1, code:all_available())),
    ok = file:delete(filename:join(?SCRATCH, "t_code_loadin2.beam")),
    ok = file:del_dir(?SCRATCH).
