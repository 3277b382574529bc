%% ling's init: the boot process's code (the -s, -run and -eval actions),
%% and the part of OTP's init module that code running on ling asks of the
%% system -- the command line, the start-up status, stopping.
%% Built into ling (a preloaded module, found before the code path), as
%% OTP's own init is built into BEAM; OTP's boots a whole release, which
%% ling does not do, so this one answers from the launcher's arguments.
-module(init).
-export([do_boot/3]).
-export([get_argument/1, get_arguments/0, get_plain_arguments/0,
         stop/0, stop/1, get_status/0, notify_when_started/1,
         wait_until_started/0, script_id/0, archive_extension/0,
         objfile_extension/0, code_path_choice/0]).

%% The boot process. As erl's: the same function names and arities, and
%% no line information (BUILD compiles this module with no_line_info), so a
%% stack trace through them reads as on erl (do_boot's call of start_em is
%% no tail call: BUILD compiles without type optimisation, which would
%% make it one). First the services (ling_boot), then
%% each -s, -run and -eval in order.
do_boot(_Init, _Flags, Start) ->
    ling_boot:start(),
    start_em(Start),
    ok.

start_em([S | Rest]) ->
    start_it(S),
    start_em(Rest);
start_em([]) ->
    ok.

start_it({eval, Bin}) ->
    {ok, Tokens, _} = erl_scan:string(binary_to_list(Bin)),
    %% The final dot may be left out.
    Dotted = case lists:reverse(Tokens) of
                 [{dot, _} | _] -> Tokens;
                 Reversed -> lists:reverse([{dot, erl_anno:new(1)} | Reversed])
             end,
    {ok, Exprs} = erl_parse:parse_exprs(Dotted),
    {value, _Value, _Bindings} = erl_eval:exprs(Exprs, erl_eval:new_bindings()),
    ok;
start_it([M]) -> M:start();
start_it([M, F]) -> M:F();
start_it([M, F | Args]) -> M:F(Args).

get_arguments() -> ling:boot_flags().

get_argument(Flag) when is_atom(Flag) ->
    case [Values || {F, Values} <- ling:boot_flags(), F =:= Flag] of
        [] -> error;
        All -> {ok, All}
    end.

get_plain_arguments() -> ling:plain_arguments().

stop() -> stop(0).

%% As on erl the caller goes on while the system stops.
stop(Status) when is_integer(Status), Status >= 0; is_list(Status) ->
    spawn(fun() -> erlang:halt(Status) end),
    ok.

get_status() -> {started, started}.

notify_when_started(_Pid) -> started.

wait_until_started() -> ok.

script_id() -> {"ling", "1"}.

archive_extension() -> ".ez".

objfile_extension() -> ".beam".

code_path_choice() -> relaxed.
