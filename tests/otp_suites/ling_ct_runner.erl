%% ling_ct_runner: runs OTP test suites without common_test, on erl or ling.
%%
%%   erl -noshell -pa BUILD -run ling_ct_runner main [OPTION...] SUITE...
%%   options: data=DIR      holds SUITE_data/ folders (data_dir)
%%            priv=DIR      scratch root (its parent must exist);
%%                          priv_dir is DIR/SUITE/
%%            results=FILE  appends "VM SUITE CASE STATUS [REASON]" lines
%%            vm=NAME       the VM name written to FILE (default erl)
%% (key=value, not -key: erl reads any "-word" after -run as its own flag)
%%
%% Prints "SUITE:case ok|FAILED reason|SKIPPED reason" per case and
%% "SUITE: N passed, N failed, N skipped" per suite; halts 0 if no case
%% failed, else 1. Groups run in order whatever their properties: parallel
%% and shuffle change scheduling, not what a case checks; repeat runs once.
%%
%% Only erlang BIFs, lists, io, io_lib, proplists, file (priv_dir and the
%% results file) and the ct stand-in are used: the modules a minimal
%% emulator will have first.
-module(ling_ct_runner).
-export([main/1]).

-define(DEFAULT_TIMETRAP, 60000).     % ms, when suite/0 names none
-define(MAX_TIMETRAP, 300000).        % ms, bounds a hung case on a new VM

main(Args) ->
    %% -s passes atoms, -run passes strings.
    Opts = parse([if is_atom(A) -> atom_to_list(A); true -> A end || A <- Args],
                 [{data, "."}, {priv, "priv"}, {vm, "erl"}, {results, none}]),
    Failed = [F || {suite, S} <- Opts, {_, F, _} <- [run_suite(list_to_atom(S), Opts)]],
    halt(case lists:sum(Failed) of 0 -> 0; _ -> 1 end).

parse([Arg | T], O) ->
    case lists:splitwith(fun(C) -> C =/= $= end, Arg) of
        {Key, [$= | Value]} ->
            K = list_to_atom(Key),
            lists:keymember(K, 1, O) orelse erlang:error({unknown_option, Key}),
            parse(T, lists:keystore(K, 1, O, {K, Value}));
        {Suite, []} -> parse(T, O ++ [{suite, Suite}])
    end;
parse([], O) -> O.

opt(Key, Opts) -> proplists:get_value(Key, Opts).

%%% Suites and groups

run_suite(Suite, Opts) ->
    make_dir(opt(priv, Opts)),
    Priv = opt(priv, Opts) ++ "/" ++ atom_to_list(Suite) ++ "/",
    make_dir(Priv),
    Config = [{data_dir, opt(data, Opts) ++ "/" ++ atom_to_list(Suite) ++ "_data/"},
              {priv_dir, Priv}],
    put(ling_ct_counts, {0, 0, 0}),
    put(ling_ct_opts, Opts),
    case catch Suite:all() of
        All when is_list(All) ->
            Groups = optional(Suite, groups, [], []),
            Trap = suite_timetrap(optional(Suite, suite, [], [])),
            put(ling_ct_timetrap, Trap),
            with_init(Suite, init_per_suite, end_per_suite, [], Config,
                      fun(C) -> run_items(Suite, All, Groups, C) end,
                      fun(R) -> mark_items(Suite, All, Groups, R) end);
        Other ->
            record(Suite, all, {failed, {cannot_run_all, Other}})
    end,
    {P, F, S} = get(ling_ct_counts),
    io:format("~s: ~b passed, ~b failed, ~b skipped~n", [Suite, P, F, S]),
    {P, F, S}.

%% Calls Init (if exported), then Body with its config, then End; an Init
%% that skips or fails marks everything Body would have run instead.
with_init(Suite, Init, End, Pre, Config, Body, Mark) ->
    case config(call(Suite, Init, Pre ++ [Config], fun supervise/1), Config) of
        {ok, C1} ->
            Body(C1),
            _ = call(Suite, End, Pre ++ [C1], fun supervise/1),
            ok;
        {skipped, R} -> Mark({skipped, R});
        {failed, R} -> Mark({failed, {Init, R}})
    end.

%% An init callback's answer: a new config, a skip or a failure.
config(not_exported, Config) -> {ok, Config};
config(Answer, _) ->
    case verdict(Answer) of
        {ok, C} when is_list(C) -> {ok, C};
        {ok, Other} -> {failed, {bad_return, Other}};
        Verdict -> Verdict
    end.

verdict({ok, {skip, R}}) -> {skipped, R};
verdict({ok, {skipped, R}}) -> {skipped, R};
verdict({ok, {fail, R}}) -> {failed, R};
verdict({error, R}) -> {failed, R};
verdict(Answer) -> Answer.

%% Calls Suite:F(Args...) if exported, through Run ({ok, V} | {error, R}).
call(Suite, F, Args, Run) ->
    case erlang:function_exported(Suite, F, length(Args)) of
        false -> not_exported;
        true -> Run(fun() -> apply(Suite, F, Args) end)
    end.

run_items(Suite, Items, Groups, Config) ->
    lists:foreach(fun(I) -> run_item(Suite, item(I), Groups, Config) end, Items).

run_item(Suite, {group, G}, Groups, Config) ->
    Items = group_items(G, Groups),
    with_init(Suite, init_per_group, end_per_group, [G], Config,
              fun(C) -> run_items(Suite, Items, Groups, C) end,
              fun(R) -> mark_items(Suite, Items, Groups, R) end);
run_item(Suite, Case, _Groups, Config) ->
    run_case(Suite, Case, Config).

%% all/0 and groups/0 entries without their properties.
item({group, G}) -> {group, G};
item({group, G, _Props}) -> {group, G};
item({group, G, _Props, _SubGroups}) -> {group, G};
item({testcase, Case, _Props}) -> Case;
item(Case) when is_atom(Case) -> Case.

group_items(G, Groups) ->
    case lists:keyfind(G, 1, Groups) of
        {G, _Props, Items} -> Items;
        {G, Items} -> Items;
        false -> []
    end.

%% Records every case below Items with the result of a failed/skipped init.
mark_items(Suite, Items, Groups, Result) ->
    lists:foreach(fun(I) ->
                          case item(I) of
                              {group, G} -> mark_items(Suite, group_items(G, Groups), Groups, Result);
                              Case -> record(Suite, Case, Result)
                          end
                  end, Items).

%%% Test cases

run_case(Suite, Case, Config) ->
    record(Suite, Case, case supervise(fun() -> case_body(Suite, Case, Config) end) of
                            {ok, R} -> R;
                            {error, R} -> {failed, R}
                        end).

%% Runs in the case's own process: init, the case, end, as test_server does.
case_body(Suite, Case, Config) ->
    {C, Status} =
        case config(local(Suite, init_per_testcase, [Case, Config]), Config) of
            {ok, C1} ->
                {C1, case verdict(local(Suite, Case, [C1])) of
                         {ok, _} -> ok;
                         not_exported -> {failed, undef};
                         Verdict -> Verdict
                     end};
            {failed, R} -> {Config, {failed, {init_per_testcase, R}}};
            Skipped -> {Config, Skipped}
        end,
    %% ept_check_leaked_nodes reads tc_status and may turn ok into a failure.
    case {Status, local(Suite, end_per_testcase, [Case, [{tc_status, Status} | C]])} of
        {ok, {ok, {fail, R2}}} -> {failed, {end_per_testcase, R2}};
        {ok, {error, R2}} -> {failed, {end_per_testcase, R2}};
        _ -> Status
    end.

%% In the calling process, the failure located in the suite's code.
local(Suite, F, Args) ->
    call(Suite, F, Args,
         fun(Fun) ->
                 try {ok, Fun()}
                 catch Class:Reason:Stack -> {error, {Class, Reason, where(Stack)}}
                 end
         end).

%% Runs Fun in a fresh process under the current timetrap; ct:timetrap/1
%% from inside resets it. Returns {ok, Value} or {error, Reason}.
supervise(Fun) ->
    Parent = self(),
    Ref = make_ref(),
    {Pid, Mon} = spawn_monitor(
                   fun() ->
                           put(ling_ct_runner, Parent),
                           Parent ! {Ref, try {ok, Fun()}
                                          catch C:R:S -> {error, {C, R, where(S)}}
                                          end}
                   end),
    wait(Pid, Mon, Ref, get(ling_ct_timetrap)).

wait(Pid, Mon, Ref, Trap) ->
    receive
        {Ref, Result} ->
            erlang:demonitor(Mon, [flush]),
            Result;
        {ling_ct_timetrap, Pid, NewTrap} ->
            wait(Pid, Mon, Ref, cap(NewTrap));
        {'DOWN', Mon, process, Pid, Reason} ->
            {error, Reason}
    after Trap ->
            exit(Pid, kill),
            erlang:demonitor(Mon, [flush]),
            {error, {timetrap_timeout, Trap}}
    end.

suite_timetrap(Props) when is_list(Props) ->
    case lists:keyfind(timetrap, 1, Props) of
        {timetrap, T} -> cap(ct:timetrap_ms(T));
        false -> ?DEFAULT_TIMETRAP
    end;
suite_timetrap(_) -> ?DEFAULT_TIMETRAP.

cap(Ms) -> min(Ms, ?MAX_TIMETRAP).

%%% Output

record(Suite, Case, Result) ->
    {N, Word, Tag, Reason} = case Result of
                                 ok -> {1, "ok", "ok", ""};
                                 {failed, R} -> {2, "failed", "FAILED", short(R)};
                                 {skipped, R} -> {3, "skipped", "SKIPPED", short(R)}
                             end,
    Counts = get(ling_ct_counts),     % {Passed, Failed, Skipped}
    put(ling_ct_counts, setelement(N, Counts, element(N, Counts) + 1)),
    Tail = [[$\s | Reason] || Reason =/= ""],
    io:format("~s:~s ~s~ts~n", [Suite, Case, Tag, Tail]),
    Opts = get(ling_ct_opts),
    case opt(results, Opts) of
        none -> ok;
        File ->
            Text = lists:flatten(io_lib:format("~s ~s ~s ~s~ts~n",
                                               [opt(vm, Opts), Suite, Case, Word, Tail])),
            %% Bytes only: characters beyond Latin-1 become '?'.
            ok = file:write_file(File, [if C > 255 -> $?; true -> C end || C <- Text],
                                 [append])
    end.

%% One line, at most 200 characters: enough to tell failures apart.
short({Class, Reason, {M, F, A, L}}) when Class =:= error; Class =:= exit;
                                          Class =:= throw ->
    clip([io_lib:format("~p:~999tP at ~p:~p/~p", [Class, Reason, 30, M, F, A]),
          [io_lib:format(" line ~b", [L]) || is_integer(L)]]);
short({Class, Reason, nowhere}) when is_atom(Class) ->
    clip(io_lib:format("~p:~999tP", [Class, Reason, 30]));
short({Callback, Inner}) when Callback =:= init_per_suite; Callback =:= init_per_group;
                              Callback =:= init_per_testcase; Callback =:= end_per_testcase ->
    atom_to_list(Callback) ++ ": " ++ short(Inner);
short(R) when is_list(R) ->
    Flat = try lists:flatten(R) catch error:_ -> R end,   % io_lib:format output
    case io_lib:printable_unicode_list(Flat) of
        true -> clip(Flat);
        false -> clip(io_lib:format("~999tP", [R, 30]))
    end;
short(R) -> clip(io_lib:format("~999tP", [R, 30])).

clip(Chars) ->
    Flat = [if C =:= $\n -> $\s; true -> C end || C <- lists:flatten(Chars)],
    case length(Flat) > 200 of
        true -> lists:sublist(Flat, 197) ++ "...";
        false -> Flat
    end.

%% Where it failed: the innermost frame outside the harness and the BIFs.
where(Stack) ->
    case [{M, F, if is_list(A) -> length(A); true -> A end, proplists:get_value(line, L)}
          || {M, F, A, L} <- Stack,
             not lists:member(M, [erlang, ct, test_server, ling_ct_runner])] of
        [Frame | _] -> Frame;
        [] -> nowhere         % e.g. a tail call to ct:fail/1
    end.

%%% Helpers

optional(M, F, Args, Default) ->
    case erlang:function_exported(M, F, length(Args)) of
        true -> apply(M, F, Args);
        false -> Default
    end.

%% file:make_dir, as filelib may be missing; DIR's parent must exist.
make_dir(Dir) ->
    case file:make_dir(Dir) of
        ok -> ok;
        {error, eexist} -> ok;
        {error, E} -> erlang:error({make_dir, Dir, E})
    end.
