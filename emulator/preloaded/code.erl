%% ling's code module: OTP's code API over ling's code server (a C++ part
%% of the emulator, reached through BIFs of module ling), where OTP's talks
%% to its code_server process. Built into ling like init.
-module(code).
-export([ensure_loaded/1, ensure_modules_loaded/1, is_loaded/1, load_file/1,
         which/1, get_path/0, all_loaded/0, root_dir/0, lib_dir/0, lib_dir/1,
         priv_dir/1, objfile_extension/0, is_sticky/1]).

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

is_loaded(Module) when is_atom(Module) ->
    case erlang:module_loaded(Module) of
        true -> {file, ling:which(Module)};
        false -> false
    end.

load_file(Module) when is_atom(Module) -> ling:load_module(Module).

which(Module) when is_atom(Module) -> ling:which(Module).

get_path() -> ling:code_path().

all_loaded() -> [{M, ling:which(M)} || M <- ling:loaded_modules()].

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

is_sticky(_Module) -> false.
