%% apply/2 and apply/3, and M:F(Args) with module and function in
%% variables: to exported functions, BIFs, funs, and the errors (undef,
%% badarg on a bad argument list, badfun, badarity).
-module(t_apply).
-export([main/0, add/2, zero/0, variadic/1]).
-include("corpus.hrl").

main() ->
    apply3(),
    dynamic_calls(),
    apply2(),
    exported(),
    errors(),
    erlang:halt(0).

add(A, B) -> A + B.
zero() -> 0.
variadic(Args) -> length(Args).

apply3() ->
    ?SHOW(own, {apply(?MODULE, add, [1, 2]), apply(id(?MODULE), id(zero), []),
                apply(?MODULE, variadic, [[a, b, c]])}),
    ?SHOW(stdlib, {apply(lists, reverse, id([[1, 2, 3]])), apply(id(lists), id(seq), [1, 4])}),
    ?SHOW(bifs, {apply(erlang, '+', id([1, 2])), apply(erlang, element, [2, {a, b}]),
                 apply(erlang, atom_to_list, [id(x)]), apply(erlang, tuple_size, [{}])}),
    ?SHOW(operators, [apply(erlang, Op, [id(7), id(2)]) || Op <- ['-', '*', 'div', 'rem', 'band', '==', '<']]),
    ?SHOW(erlang_apply, erlang:apply(lists, max, [[3, 9, 1]])),
    ?SHOW(nested_apply, apply(erlang, apply, [lists, sum, [[1, 2, 3]]])).

dynamic_calls() ->
    M = id(lists), F = id(sort),
    ?SHOW(var_module_function, M:F([c, a, b])),
    ?SHOW(var_function, lists:F([2, 1])),
    ?SHOW(var_module, M:reverse([1, 2])),
    Calls = [{string, to_upper, ["abc"]}, {erlang, length, [[x, y]]}, {?MODULE, add, [10, 20]},
             {maps, get, [k, #{k => v}]}],
    ?SHOW(table, [apply(Mod, Fun, Args) || {Mod, Fun, Args} <- id(Calls)]).

apply2() ->
    ?SHOW(local_fun, apply(fun(X, Y) -> X * Y end, id([6, 7]))),
    ?SHOW(external_fun, {apply(fun lists:last/1, [[1, 2, 3]]), apply(fun ?MODULE:zero/0, [])}),
    ?SHOW(closure, begin N = id(100), apply(fun(X) -> X + N end, [1]) end),
    ?SHOW(built_args, apply(fun ?MODULE:add/2, lists:seq(1, id(2)))),
    ?SHOW(fold_apply, lists:foldl(fun(F, Acc) -> apply(F, [Acc]) end, id(3),
                                  [fun(X) -> X * 2 end, fun erlang:integer_to_list/1, fun list_to_atom/1])).

exported() ->
    ?SHOW(function_exported, {erlang:function_exported(?MODULE, add, 2),
                              erlang:function_exported(?MODULE, add, 3),
                              erlang:function_exported(?MODULE, main, 0),
                              erlang:function_exported(?MODULE, apply3, 0)}),
    ?SHOW(is_builtin, {erlang:is_builtin(erlang, element, 2), erlang:is_builtin(lists, map, 2)}).

errors() ->
    ?SHOW(undef_function, ?CATCH(apply(?MODULE, id(nope), []))),
    ?SHOW(undef_arity, ?CATCH(apply(?MODULE, add, id([1])))),
    ?SHOW(undef_not_exported, ?CATCH(apply(?MODULE, id(apply3), []))),
    ?SHOW(undef_module, ?CATCH(apply(id(no_such_module_xyz), f, []))),
    ?SHOW(undef_var_call, ?CATCH((id(no_such_module_xyz)):f(1))),
    ?SHOW(bad_module, ?CATCH(apply(id("lists"), reverse, [[]]))),
    ?SHOW(bad_function, ?CATCH(apply(lists, id(1), [[]]))),
    ?SHOW(improper_args, ?CATCH(apply(lists, reverse, id([[] | x])))),
    ?SHOW(args_not_list, ?CATCH(apply(lists, reverse, id(x)))),
    ?SHOW(badfun, ?CATCH(apply(id(x), []))),
    ?SHOW(badarity, case ?CATCH(apply(fun(X) -> X end, id([1, 2]))) of
                        {error, {badarity, {_Fun, Args}}} -> {badarity, Args}
                    end),
    ?SHOW(badarg_inside, ?CATCH(apply(erlang, atom_to_list, id([1])))).
