%% Writes beam_lib:md5/1 of the given .beam files and of every module of
%% the installed stdlib, kernel and compiler, one "module hex" line each,
%% for module_md5_test.
-module(dump_module_md5s).
-export([main/1]).

main([Out | Beams]) ->
    Otp = [filelib:wildcard(filename:join(code:lib_dir(App), "ebin/*.beam"))
           || App <- [stdlib, kernel, compiler]],
    Lines = [begin
                 {ok, {Module, Md5}} = beam_lib:md5(File),
                 io_lib:format("~s ~s~n", [Module, [io_lib:format("~2.16.0b", [B])
                                                    || <<B>> <= Md5]])
             end || File <- Beams ++ lists:append(Otp)],
    ok = file:write_file(Out, Lines),
    halt(0).
