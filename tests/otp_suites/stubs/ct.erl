%% Stand-in for common_test's ct: the calls OTP's suites make from inside a
%% test case, for ling_ct_runner (no common_test on a minimal emulator).
-module(ct).
-export([fail/1, fail/2, timetrap/1, timetrap_ms/1, sleep/1,
         pal/1, pal/2, log/1, log/2, print/1, print/2, comment/1,
         get_config/1, get_config/2]).

%% common_test reports a failed case with exactly this exit reason.
fail(Reason) -> exit({test_case_failed, Reason}).

fail(Format, Args) -> fail(lists:flatten(io_lib:format(Format, Args))).

%% Restarts the calling case's kill timer (the runner owns it).
timetrap(Time) ->
    case get(ling_ct_runner) of
        Runner when is_pid(Runner) -> Runner ! {ling_ct_timetrap, self(), timetrap_ms(Time)};
        _ -> ok
    end,
    ok.

timetrap_ms({hours, H}) -> H * 3600000;
timetrap_ms({minutes, M}) -> M * 60000;
timetrap_ms({seconds, S}) -> S * 1000;
timetrap_ms(Ms) when is_integer(Ms) -> Ms;
timetrap_ms(infinity) -> infinity.

sleep(Time) -> receive after timetrap_ms(Time) -> ok end.

pal(Text) -> pal("~ts", [Text]).
pal(Format, Args) -> io:format(Format ++ "~n", Args).
log(Text) -> pal(Text).
log(Format, Args) -> pal(Format, Args).
print(Text) -> pal(Text).
print(Format, Args) -> pal(Format, Args).
comment(_) -> ok.

%% No configuration files: every variable is unset.
get_config(_) -> undefined.
get_config(_, Default) -> Default.
