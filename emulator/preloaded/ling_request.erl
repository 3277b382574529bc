%% The waiting half of erlang:process_info/1,2 asked of another process.
%% The BIFs check their arguments and trap here; the request goes to the
%% target as a signal, which its body answers with {Ref, Answer} the next
%% time it handles signals between runs (runtime/core/process_body.h). A
%% target that is gone, or ends first, answers {Ref, undefined}, as on
%% BEAM. The reference is made here, so that the compiler marks the
%% mailbox's end for the receive (recv_marker_*): the wait never looks at
%% the messages that were already waiting.
-module(ling_request).
-export([process_info/2]).

process_info(Pid, ItemSpec) ->
    Ref = make_ref(),
    ling:request_process_info(Pid, Ref, ItemSpec),
    receive
        {Ref, Answer} -> Answer
    end.
