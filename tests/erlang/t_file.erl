%% Files: kernel's file module through the file server and its io servers,
%% raw files (prim_file), filelib and filename, and the errors each returns.
%% Everything happens in a scratch folder under the current one; printed
%% through io.
-module(t_file).
-export([main/0]).

-include_lib("kernel/include/file.hrl").

-define(IO_SHOW(Tag, Expr), io:format("~p~n", [{Tag, Expr}])).

main() ->
    Dir = "t_file_scratch",
    ?IO_SHOW(make_dir, file:make_dir(Dir)),
    ?IO_SHOW(make_dir_again, file:make_dir(Dir)),
    F = filename:join(Dir, "a.txt"),
    whole_files(Dir, F),
    io_server_files(F),
    raw_files(Dir),
    information(Dir, F),
    names(Dir),
    errors(Dir),
    cleanup(Dir),
    halt(0).

whole_files(Dir, F) ->
    ?IO_SHOW(write_file, file:write_file(F, [<<"line one\n">>, "line two\n", $3, $\n])),
    ?IO_SHOW(read_file, file:read_file(F)),
    ?IO_SHOW(append, file:write_file(F, <<"appended\n">>, [append])),
    ?IO_SHOW(read_file_appended, file:read_file(F)),
    Terms = filename:join(Dir, "terms.txt"),
    ok = file:write_file(Terms, "{a, 1}.\n[1, 2, \"three\"].\n#{k => v}.\n"),
    ?IO_SHOW(consult, file:consult(Terms)),
    ?IO_SHOW(path_consult, element(1, file:path_consult([Dir], "terms.txt"))),
    ?IO_SHOW(copy, file:copy(F, filename:join(Dir, "copy.txt"))),
    ?IO_SHOW(copied, file:read_file(filename:join(Dir, "copy.txt"))),
    ?IO_SHOW(write_unicode, file:write_file(filename:join(Dir, "u.txt"),
                                            unicode:characters_to_binary("λx\n"))),
    ?IO_SHOW(read_unicode, file:read_file(filename:join(Dir, "u.txt"))).

io_server_files(F) ->
    {ok, Fd} = file:open(F, [read]),
    ?IO_SHOW(is_pid, is_pid(Fd)),
    ?IO_SHOW(get_line, io:get_line(Fd, '')),
    ?IO_SHOW(read, file:read(Fd, 4)),
    ?IO_SHOW(read_line, file:read_line(Fd)),
    ?IO_SHOW(position, file:position(Fd, {cur, 0})),
    ?IO_SHOW(pread, file:pread(Fd, 5, 3)),
    ?IO_SHOW(read_rest, file:read(Fd, 100)),
    ?IO_SHOW(read_eof, file:read(Fd, 1)),
    ?IO_SHOW(close, file:close(Fd)),
    ?IO_SHOW(closed_read, catch file:read(Fd, 1)),
    {ok, W} = file:open(F, [write, binary]),
    ?IO_SHOW(io_format, io:format(W, "~p and ~s~n", [{x, 1}, "text"])),
    ?IO_SHOW(io_put_chars, io:put_chars(W, [<<"chars ">>, "here\n"])),
    ?IO_SHOW(file_write, file:write(W, <<"bytes\n">>)),
    ?IO_SHOW(position_bof, file:position(W, bof)),
    ?IO_SHOW(overwrite, file:write(W, "{X")),
    ?IO_SHOW(close_w, file:close(W)),
    ?IO_SHOW(written, file:read_file(F)),
    %% An io server goes with the process that opened the file.
    Self = self(),
    Opener = spawn(fun() -> {ok, D} = file:open(F, [read]), Self ! {fd, D},
                            receive stop -> ok end end),
    D = receive {fd, X} -> X end,
    Ref = monitor(process, D),
    Opener ! stop,
    ?IO_SHOW(io_server_ends, receive {'DOWN', Ref, process, D, R} -> R
                             after 5000 -> timeout end).

raw_files(Dir) ->
    R = filename:join(Dir, "raw.bin"),
    {ok, Fd} = file:open(R, [raw, write, read, binary]),
    ?IO_SHOW(raw_write, file:write(Fd, <<"0123456789">>)),
    ?IO_SHOW(raw_pwrite, file:pwrite(Fd, 2, <<"ab">>)),
    ?IO_SHOW(raw_position, file:position(Fd, {eof, -3})),
    ?IO_SHOW(raw_read, file:read(Fd, 10)),
    ?IO_SHOW(raw_pread_list, file:pread(Fd, [{0, 2}, {8, 5}, {20, 1}])),
    ?IO_SHOW(raw_position_bad, file:position(Fd, {bof, -1})),
    ?IO_SHOW(raw_truncate, {file:position(Fd, 4), file:truncate(Fd)}),
    ?IO_SHOW(raw_sync, file:sync(Fd)),
    ?IO_SHOW(raw_datasync, file:datasync(Fd)),
    ?IO_SHOW(raw_size, (element(2, file:read_file_info(Fd)))#file_info.size),
    ?IO_SHOW(raw_close, file:close(Fd)),
    ?IO_SHOW(raw_closed, file:read(Fd, 1)),
    ?IO_SHOW(raw_other_process,
             begin
                 {ok, Fd2} = file:open(R, [raw, read]),
                 Self = self(),
                 spawn(fun() -> Self ! {r, catch file:read(Fd2, 1)} end),
                 receive {r, Res} -> {element(1, Res), element(1, element(2, Res))} end
             end),
    %% read_ahead and read_line go through prim_buffer.
    L = filename:join(Dir, "lines.txt"),
    ok = file:write_file(L, "first\r\nsecond\nthird"),
    {ok, A} = file:open(L, [raw, read, binary, {read_ahead, 4}]),
    ?IO_SHOW(ahead_read, file:read(A, 2)),
    ?IO_SHOW(ahead_line, file:read_line(A)),
    ?IO_SHOW(ahead_line2, file:read_line(A)),
    ?IO_SHOW(ahead_line3, file:read_line(A)),
    ?IO_SHOW(ahead_eof, file:read_line(A)),
    ?IO_SHOW(ahead_position, file:position(A, cur)),
    ok = file:close(A),
    ?IO_SHOW(raw_write_file, file:write_file(L, <<"new">>, [raw])),
    ?IO_SHOW(raw_read_back, file:read_file(L)).

information(Dir, F) ->
    {ok, I} = file:read_file_info(F),
    ?IO_SHOW(info, {I#file_info.size, I#file_info.type, I#file_info.access,
                    I#file_info.links, is_tuple(I#file_info.mtime)}),
    {ok, P} = file:read_file_info(F, [{time, posix}]),
    ?IO_SHOW(info_posix_time, is_integer(P#file_info.mtime)),
    {ok, DI} = file:read_file_info(Dir),
    ?IO_SHOW(dir_info, {DI#file_info.type, DI#file_info.access}),
    ?IO_SHOW(write_info, file:write_file_info(F, #file_info{mode = 8#600,
                                                          mtime = {{2020, 1, 2}, {3, 4, 5}}})),
    {ok, I2} = file:read_file_info(F),
    ?IO_SHOW(info_after, {I2#file_info.mode band 8#777, I2#file_info.mtime}),
    ?IO_SHOW(change_mode, file:change_mode(F, 8#644)),
    ?IO_SHOW(symlink, file:make_symlink("a.txt", filename:join(Dir, "link"))),
    ?IO_SHOW(read_link, file:read_link(filename:join(Dir, "link"))),
    ?IO_SHOW(link_info, (element(2, file:read_link_info(filename:join(Dir, "link"))))#file_info.type),
    ?IO_SHOW(followed_info, (element(2, file:read_file_info(filename:join(Dir, "link"))))#file_info.type),
    ?IO_SHOW(hard_link, file:make_link(F, filename:join(Dir, "hard"))),
    ?IO_SHOW(links, (element(2, file:read_file_info(F)))#file_info.links),
    ?IO_SHOW(list_dir, lists:sort(element(2, file:list_dir(Dir)))),
    ?IO_SHOW(rename, file:rename(filename:join(Dir, "hard"), filename:join(Dir, "moved"))),
    ?IO_SHOW(list_dir_all, lists:sort(element(2, file:list_dir_all(Dir)))),
    {ok, Cwd} = file:get_cwd(),
    ?IO_SHOW(cwd, {is_list(Cwd), filename:pathtype(Cwd)}),
    ?IO_SHOW(set_cwd, file:set_cwd(Dir)),
    ?IO_SHOW(cwd_file, file:read_file("a.txt") =:= file:read_file(filename:join(Cwd, F))),
    ?IO_SHOW(set_cwd_back, file:set_cwd(Cwd)).

names(Dir) ->
    ?IO_SHOW(is_dir, {filelib:is_dir(Dir), filelib:is_dir(filename:join(Dir, "a.txt"))}),
    ?IO_SHOW(is_file, {filelib:is_file(Dir), filelib:is_regular(Dir),
                       filelib:is_regular(filename:join(Dir, "a.txt"))}),
    ?IO_SHOW(file_size, filelib:file_size(filename:join(Dir, "raw.bin"))),
    ?IO_SHOW(ensure_dir, filelib:ensure_dir(filename:join([Dir, "x", "y", "z"]))),
    ?IO_SHOW(ensure_path, filelib:ensure_path(filename:join([Dir, "p", "q"]))),
    ?IO_SHOW(wildcard, filelib:wildcard(filename:join(Dir, "*.txt"))),
    ?IO_SHOW(wildcard_cwd, filelib:wildcard("*.t?t", Dir)),
    ?IO_SHOW(filename, {filename:basename("/a/b/c.erl", ".erl"), filename:dirname("/a/b/c"),
                        filename:extension("x.tar.gz"), filename:rootname("x.tar.gz"),
                        filename:split("/a/b//c"), filename:absname("rel", "/base"),
                        filename:join(["/", "a", "../b"]), filename:nativename("a//b/")}).

errors(Dir) ->
    Missing = filename:join(Dir, "missing"),
    ?IO_SHOW(read_missing, file:read_file(Missing)),
    ?IO_SHOW(open_missing, file:open(Missing, [read])),
    ?IO_SHOW(raw_open_missing, file:open(Missing, [read, raw])),
    ?IO_SHOW(open_dir, file:open(Dir, [read])),
    ?IO_SHOW(read_dir, file:read_file(Dir)),
    ?IO_SHOW(delete_missing, file:delete(Missing)),
    ?IO_SHOW(delete_dir, file:delete(Dir)),
    ?IO_SHOW(del_dir_not_empty, file:del_dir(Dir)),
    ?IO_SHOW(del_dir_file, file:del_dir(filename:join(Dir, "a.txt"))),
    ?IO_SHOW(list_missing, file:list_dir(Missing)),
    ?IO_SHOW(rename_missing, file:rename(Missing, Missing ++ "2")),
    ?IO_SHOW(info_missing, file:read_file_info(Missing)),
    ?IO_SHOW(read_link_not_link, file:read_link(filename:join(Dir, "a.txt"))),
    ?IO_SHOW(exclusive, file:open(filename:join(Dir, "a.txt"), [write, exclusive])),
    ?IO_SHOW(bad_name, file:read_file({not_a, name})),
    ?IO_SHOW(bad_name_atom, file:read_file('t_file_scratch/a.txt') =:= file:read_file(filename:join(Dir, "a.txt"))),
    ?IO_SHOW(nul_name, file:read_file([$a, 0, $b])),
    ?IO_SHOW(make_dir_missing_parent, file:make_dir(filename:join([Dir, "no", "such"]))),
    ?IO_SHOW(write_to_read_only, begin
                                     {ok, Ro} = file:open(filename:join(Dir, "a.txt"), [read, raw]),
                                     Res = file:write(Ro, "x"),
                                     file:close(Ro),
                                     Res
                                 end).

cleanup(Dir) ->
    ?IO_SHOW(del_dir_r, file:del_dir_r(Dir)),
    ?IO_SHOW(gone, filelib:is_dir(Dir)).
