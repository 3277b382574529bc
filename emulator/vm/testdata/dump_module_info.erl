%% Writes what erl says of vm_sample, for bif_code_test: module_info/0
%% with its exports sorted (erl lists them in its export table's order,
%% which depends on what was loaded and referred to before), module_info(Item)
%% for the items it leaves out, and fun_info/1 of the fun adder/1 makes (its
%% pid left out: the creator is erl's own), each on a line as ~w writes it.
-module(dump_module_info).
-export([main/1]).

main([Out]) ->
    Fun = vm_sample:adder(5),
    Lines = [[case Item of
                  {exports, Exports} -> {exports, lists:sort(Exports)};
                  _ -> Item
              end || Item <- vm_sample:module_info()],
             [{I, vm_sample:module_info(I)} || I <- [functions, nifs, native]],
             [Item || {Key, _} = Item <- erlang:fun_info(Fun), Key =/= pid]],
    ok = file:write_file(Out, [io_lib:format("~w~n", [L]) || L <- Lines]),
    halt(0).
