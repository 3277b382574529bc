%% ling's code module: OTP's code API over ling's code server (a C++ part
%% of the emulator, reached through BIFs of module ling), where OTP's talks
%% to its code_server process. Built into ling like init.
%%
%% Where ling differs from erl: a purge kills no process but the caller
%% (ling sees only its own stack), so purge/1 answers false; the sticky
%% modules are found when asked (the preloaded ones, and those of the
%% kernel, stdlib and compiler ebin folders of the path as it is now),
%% where erl marks them at start; a file name given as an atom is kept as
%% a string.
-module(code).
-export([ensure_loaded/1, ensure_modules_loaded/1, is_loaded/1, load_file/1,
         load_binary/3, load_abs/1, load_abs/2, delete/1, purge/1, soft_purge/1,
         which/1, get_object_code/1, module_status/1, all_loaded/0, all_available/0,
         get_path/0, set_path/1, add_path/1, add_patha/1, add_pathz/1,
         add_paths/1, add_pathsa/1, add_pathsz/1, del_path/1,
         root_dir/0, lib_dir/0, lib_dir/1, priv_dir/1, objfile_extension/0,
         is_sticky/1]).

%% ---- loading ----------------------------------------------------------------

ensure_loaded(Module) when is_atom(Module) ->
    case erlang:module_loaded(Module) of
        true -> {module, Module};
        false ->
            case ling:load_module(Module) of
                %% Loaded meanwhile by another process.
                {error, not_purged} -> {module, Module};
                Result -> Result
            end
    end.

ensure_modules_loaded(Modules) when is_list(Modules) ->
    case [{M, Why} || M <- Modules, {error, Why} <- [ensure_loaded(M)]] of
        [] -> ok;
        Errors -> {error, Errors}
    end.

load_file(Module) when is_atom(Module) -> ling:load_module(Module).

%% As OTP's code server: a binary replaces a loaded module even when its
%% old code is still there (that is purged first).
load_binary(Module, File, Binary)
  when is_atom(Module), is_list(File) orelse is_atom(File), is_binary(Binary) ->
    case is_file_name(File) of
        false -> {error, badarg};
        true ->
            _ = erlang:module_loaded(Module) andalso purge(Module),
            load_unless_sticky(Module, File, Binary)
    end.

load_abs(File) when is_list(File); is_atom(File) ->
    load_abs(File, list_to_atom(filename:basename(File))).

load_abs(File, Module) when is_list(File) orelse is_atom(File), is_atom(Module) ->
    case is_file_name(File) of
        false -> {error, badarg};
        true ->
            Name = filename:absname(lists:concat([File, objfile_extension()])),
            case file:read_file(Name) of
                {ok, Binary} -> load_unless_sticky(Module, Name, Binary);
                {error, _} -> {error, nofile}
            end
    end.

load_unless_sticky(Module, File, Binary) ->
    case is_sticky(Module) of
        true -> {error, sticky_directory};
        false -> ling:load_binary(Module, file_name(File), Binary)
    end.

is_file_name(File) when is_atom(File) -> true;
is_file_name(File) -> lists:all(fun is_integer/1, File).

file_name(File) when is_atom(File) -> atom_to_list(File);
file_name(File) -> File.

%% ---- deleting and purging ---------------------------------------------------

delete(Module) when is_atom(Module) ->
    %% badarg: old code is still there; undefined: no such module.
    case catch erlang:delete_module(Module) of
        true -> true;
        _ -> false
    end.

%% erl answers whether a process was killed; the only one ling kills is a
%% caller running the old code, which never sees the answer.
purge(Module) when is_atom(Module) ->
    _ = ling:purge_module(Module),
    false.

soft_purge(Module) when is_atom(Module) ->
    case erlang:check_process_code(self(), Module) of
        true -> false;
        false ->
            _ = ling:purge_module(Module),
            true
    end.

is_sticky(Module) when is_atom(Module) ->
    erlang:module_loaded(Module) andalso
        (lists:member(Module, erlang:pre_loaded()) orelse in_sticky_dir(Module)).

in_sticky_dir(Module) ->
    File = atom_to_list(Module) ++ objfile_extension(),
    init:get_argument(nostick) =:= error andalso
        lists:any(fun(App) -> in_ebin(App, File) end, [compiler, stdlib, kernel]).

in_ebin(App, File) ->
    case lib_dir(App) of
        {error, _} -> false;
        Dir -> filelib:is_regular(filename:join([Dir, "ebin", File]))
    end.

%% ---- what is loaded, and from where -------------------------------------------

is_loaded(Module) when is_atom(Module) ->
    case ling:loaded_file(Module) of
        false -> false;
        File -> {file, File}
    end.

which(Module) when is_atom(Module) -> ling:which(Module).

all_loaded() ->
    [{M, File} || M <- ling:loaded_modules(), {file, File} <- [is_loaded(M)]].

get_object_code(Module) when is_atom(Module) ->
    Name = atom_to_list(Module),
    case filename:basename(Name) =:= Name of
        false -> error;
        true -> object_code(Module, Name ++ objfile_extension(), get_path())
    end.

object_code(Module, File, [Dir | Dirs]) ->
    Name = filename:append(Dir, File),
    case file:read_file(Name) of
        {ok, Binary} -> {Module, Binary, filename:absname(Name)};
        {error, _} -> object_code(Module, File, Dirs)
    end;
object_code(_, _, []) ->
    error.

%% How the loaded code compares with the object file the path has now.
module_status(Modules) when is_list(Modules) ->
    [{M, module_status(M)} || M <- Modules];
module_status(Module) ->
    case is_loaded(Module) of
        false -> not_loaded;
        {file, preloaded} -> loaded;
        {file, _} ->
            case object_code(Module, atom_to_list(Module) ++ objfile_extension(), get_path()) of
                error -> removed;
                {_, Binary, _} ->
                    case beam_lib:md5(Binary) =:= {ok, {Module, erlang:get_module_info(Module, md5)}} of
                        true -> loaded;
                        false -> modified
                    end
            end
    end.

%% Every module on the path (the first directory holding it wins) and every
%% loaded one: {Name, File, Loaded}, by name.
all_available() ->
    Found = lists:foldl(fun add_available/2, #{}, get_path()),
    Loaded = [{atom_to_list(M), File, true} || {M, File} <- all_loaded()],
    OnPath = [{Name, File, false} || {Name, File} <- maps:to_list(Found)],
    lists:ukeymerge(1, lists:keysort(1, Loaded), lists:keysort(1, OnPath)).

add_available(Dir, Found) ->
    case file:list_dir(Dir) of
        {ok, Files} ->
            lists:foldl(fun(File, Acc) ->
                                Name = filename:rootname(File),
                                case filename:extension(File) =:= objfile_extension() andalso
                                    not is_map_key(Name, Acc) of
                                    true -> Acc#{Name => filename:append(Dir, File)};
                                    false -> Acc
                                end
                        end, Found, Files);
        {error, _} -> Found
    end.

%% ---- the code path --------------------------------------------------------------

get_path() -> ling:code_path().

set_path(Dirs) when is_list(Dirs) ->
    case checked_dirs(Dirs, []) of
        {ok, Checked} -> ling:set_code_path(Checked);
        Error -> Error
    end.

add_path(Dir) when is_list(Dir) -> add_path(last, Dir).
add_pathz(Dir) when is_list(Dir) -> add_path(last, Dir).
add_patha(Dir) when is_list(Dir) -> add_path(first, Dir).

add_path(Where, Dir) ->
    case checked_dir(Dir) of
        {ok, Checked} -> ling:add_code_path(Checked, Where);
        Error -> Error
    end.

%% Each in turn, errors ignored: add_pathsa/1 leaves them in reverse order.
add_paths(Dirs) when is_list(Dirs) -> add_paths(last, Dirs).
add_pathsz(Dirs) when is_list(Dirs) -> add_paths(last, Dirs).
add_pathsa(Dirs) when is_list(Dirs) -> add_paths(first, Dirs).

add_paths(Where, [Dir | Dirs]) ->
    _ = add_path(Where, Dir),
    add_paths(Where, Dirs);
add_paths(_, _) ->
    ok.

%% A directory, or an application's name: the first directory of the path
%% that is .../Name[-Vsn][/ebin] goes.
del_path(NameOrDir) when is_list(NameOrDir); is_atom(NameOrDir) ->
    case catch filename:join([to_list(NameOrDir)]) of
        {'EXIT', _} -> {error, bad_name};
        Name ->
            case [D || D <- get_path(), D =:= Name orelse app_name(D) =:= Name] of
                [Dir | _] -> ling:del_code_path(Dir);
                [] -> false
            end
    end.

app_name(Dir) ->
    Base = case lists:reverse(filename:split(Dir)) of
               ["ebin", AppDir | _] -> AppDir;
               [AppDir | _] -> AppDir;
               [] -> ""
           end,
    lists:takewhile(fun(C) -> C =/= $- end, Base).

checked_dirs([Dir | Dirs], Acc) ->
    case checked_dir(Dir) of
        {ok, Checked} -> checked_dirs(Dirs, [Checked | Acc]);
        Error -> Error
    end;
checked_dirs([], Acc) ->
    {ok, lists:reverse(Acc)}.

%% An existing directory, normalised as OTP's code server does.
checked_dir(Dir) when is_atom(Dir) ->
    checked_dir(atom_to_list(Dir));
checked_dir(Dir) when is_list(Dir) ->
    case lists:all(fun is_integer/1, Dir) andalso filename:join([Dir]) of
        false -> {error, bad_directory};
        Normal ->
            case filelib:is_dir(Normal) of
                true -> {ok, Normal};
                false -> {error, bad_directory}
            end
    end;
checked_dir(_) ->
    {error, bad_directory}.

to_list(A) when is_atom(A) -> atom_to_list(A);
to_list(L) -> L.

%% ---- folders ----------------------------------------------------------------------

root_dir() ->
    {ok, [[Root]]} = init:get_argument(root),
    Root.

lib_dir() -> filename:join(root_dir(), "lib").

%% The application's folder: the parent of the ebin folder of the path
%% named App or App-Vsn.
lib_dir(App) when is_atom(App) ->
    Name = atom_to_list(App),
    Dirs = [filename:dirname(D) || D <- get_path(), filename:basename(D) =:= "ebin",
                                   is_app_dir(filename:basename(filename:dirname(D)), Name)],
    case Dirs of
        [Dir | _] -> Dir;
        [] -> {error, bad_name}
    end.

is_app_dir(Base, Name) ->
    Base =:= Name orelse lists:prefix(Name ++ "-", Base).

priv_dir(App) when is_atom(App) ->
    case lib_dir(App) of
        {error, _} = Error -> Error;
        Dir -> filename:join(Dir, "priv")
    end.

objfile_extension() -> ".beam".
