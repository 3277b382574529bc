%% ling's init: the part of OTP's init module that code running on ling
%% asks of the system -- the command line, the start-up status, stopping.
%% Built into ling (a preloaded module, found before the code path), as
%% OTP's own init is built into BEAM; OTP's boots a whole release, which
%% ling does not do, so this one answers from the launcher's arguments.
-module(init).
-export([get_argument/1, get_arguments/0, get_plain_arguments/0,
         stop/0, stop/1, get_status/0, notify_when_started/1,
         wait_until_started/0, script_id/0, archive_extension/0,
         objfile_extension/0, code_path_choice/0]).

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
