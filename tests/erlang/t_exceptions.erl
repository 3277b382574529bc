%% Exceptions: the three classes, try/of/catch/after, old-style catch,
%% erlang:raise, the error terms the VM raises itself, and stack traces.
%% Of a stack trace only the first frame's {Module, Function, ArityOrArgs}
%% is printed: deeper frames and line numbers depend on the compiler and
%% on OTP's own modules.
-module(t_exceptions).
-export([main/0, thrower/1]).
-include("corpus.hrl").

main() ->
    classes(),
    try_forms(),
    after_clauses(),
    old_catch(),
    vm_errors(),
    arithmetic_frames(),
    raise(),
    nesting(),
    ?SHOW(huge_line, catch huge_line(id(x))),
    erlang:halt(0).

frame([{M, F, ArityOrArgs, _Location} | _]) -> {M, F, ArityOrArgs}.

thrower(throw) -> throw(thrown);
thrower(error) -> error(failed);
thrower(exit) -> exit(exited);
thrower(value) -> returned.

classes() ->
    ?SHOW(classes, [try thrower(id(K)) of V -> {value, V} catch C:R -> {C, R} end
                    || K <- [throw, error, exit, value]]),
    ?SHOW(only_throw, [try thrower(id(K)) catch X -> {caught_throw, X} end || K <- [throw, value]]),
    ?SHOW(class_patterns, [try thrower(id(K)) catch throw:_ -> t; error:_ -> e; exit:_ -> x end
                           || K <- [throw, error, exit]]),
    ?SHOW(reason_patterns, [try error(id(R)) catch error:{tag, N} -> {tagged, N}; error:_ -> other end
                            || R <- [{tag, 1}, tag]]),
    ?SHOW(unmatched_rethrown, try try thrower(id(exit)) catch error:_ -> inner end
                              catch exit:R -> {outer, R} end).

try_forms() ->
    ?SHOW(of_clauses, [try id(X) of 1 -> one; N when N > 1 -> many catch _:_ -> never end || X <- [1, 5]]),
    ?SHOW(try_clause, try try id(3) of 1 -> one after ok end catch error:E -> E end),
    ?SHOW(of_not_protected, try try id(1) of 1 -> error(in_of) catch error:_ -> caught_inside end
                            catch error:in_of -> caught_outside end),
    ?SHOW(value_of_try, try id(5) + 1 catch _:_ -> 0 end),
    ?SHOW(stacktrace_var, try error(id(x)) catch error:x:St -> is_list(St) end).

%% after runs on every way out and does not change the result; each after
%% (and the of clause) prints when it runs, so the order shows.
after_clauses() ->
    R1 = try id(ok) after ?SHOW(after_ran, 1) end,
    R2 = (catch try thrower(id(throw)) after ?SHOW(after_ran, 2) end),
    R3 = try try thrower(id(error)) after ?SHOW(after_ran, 3) end catch error:E -> {caught, E} end,
    R4 = try ?SHOW(body_ran, 4), id(v) of V -> ?SHOW(of_ran, V), V after ?SHOW(after_ran, 4) end,
    ?SHOW(after_results, {R1, R2, R3, R4}),
    ?SHOW(error_in_after_wins, try try throw(first) after error(second) end catch C:R -> {C, R} end),
    ?SHOW(after_value_ignored, try id(body) after id(ignored) end).

%% catch Expr: a throw gives its term, exit gives {'EXIT', Reason}, error
%% gives {'EXIT', {Reason, Stack}}.
old_catch() ->
    ?SHOW(catch_throw, catch thrower(id(throw))),
    ?SHOW(catch_exit, catch thrower(id(exit))),
    ?SHOW(catch_value, catch thrower(id(value))),
    {'EXIT', {Reason, Stack}} = (catch thrower(id(error))),
    ?SHOW(catch_error, {Reason, frame(Stack)}),
    ?SHOW(catch_throw_exit_shape, catch throw(id({'EXIT', fake}))),
    ?SHOW(catch_in_expression, [catch id(1) + 1, catch throw(id(t))]),
    ?SHOW(catch_badarith, element(1, element(2, catch id(a) + 1))).

%% Each clause fails in its own way; the stack trace's first frame says
%% where (a BIF's frame holds its arguments instead of an arity).
vm_errors() ->
    ?SHOW(vm_errors, [try vm_error(N) catch C:R:St -> {C, R, frame(St)} end
                      || N <- lists:seq(1, 17)]),
    ?SHOW(location_shape, try thrower(id(error)) catch error:_:St ->
                                  [{_, _, _, Loc} | _] = St,
                                  {is_list(Loc), lists:keymember(line, 1, Loc)} end).

vm_error(1) -> {_} = id({1, 2});
vm_error(2) -> case id(x) of y -> ok end;
vm_error(3) -> X = id(false), if X -> ok end;
vm_error(4) -> fclause(id(b));
vm_error(5) -> id(1) + id(a);
vm_error(6) -> atom_to_list(id(1));
vm_error(7) -> (id(nofun))();
vm_error(8) -> no_such_module:f(id(1));
vm_error(9) -> ?MODULE:no_such_function();
vm_error(10) -> (id(#{a => 1}))#{b := 2};
vm_error(11) -> [x || true <- id(not_a_list)];
vm_error(12) -> element(id(9), {});
vm_error(13) -> id(1) bsl id(1 bsl 64);
vm_error(14) -> lists:nth(id(0), [a]);
vm_error(15) -> error(id(reason), [arg1, arg2]);
vm_error(16) -> [deep(id(50))];
vm_error(17) -> thrower(id(error)).

fclause(a) -> ok.

%% Whether a failing + or - has a frame of its own depends on the operands'
%% form (erl's JIT compiles some inline): registers, small and big constants,
%% either order, and float arithmetic.
arithmetic_frames() ->
    ?SHOW(arithmetic_frames, [try arith(N, id(a), id(2)) catch error:badarith:St -> frame(St) end
                              || N <- lists:seq(1, 12)]).

arith(1, X, Y) -> X + Y;
arith(2, X, _) -> X + 1;
arith(3, X, _) -> -5 + X;
arith(4, X, _) -> X + 576460752303423488;
arith(5, X, _) -> X - 3;
arith(6, X, _) -> X - -3;
arith(7, X, _) -> 3 - X;
arith(8, X, Y) -> X - Y;
arith(9, X, _) -> X + 1.5;
arith(10, X, Y) -> X / Y;
arith(11, X, _) -> X * 2;
arith(12, X, _) -> [X + 1 | id([])].

deep(0) -> error(bottom);
deep(N) -> [deep(N - 1)].

raise() ->
    ?SHOW(raise_keeps_class, [try erlang:raise(C, r, []) catch C2:R -> {C2, R} end || C <- [throw, error, exit]]),
    St0 = try thrower(id(error)) catch error:_:S -> S end,
    ?SHOW(raise_keeps_stack, try erlang:raise(error, again, St0) catch error:again:St1 -> St1 =:= St0 end),
    %% A bad class is not raised: raise/3 returns badarg.
    ?SHOW(raise_bad_class, ?CATCH(erlang:raise(id(bad), r, []))),
    ?SHOW(rethrow, try try thrower(id(throw)) catch throw:T -> throw({wrapped, T}) end catch throw:W -> W end),
    %% raise/3 in a handler changes the class, and an `after` on the way out
    %% re-raises it in the new class.
    ?SHOW(new_class_through_after, try with_after(fun() -> thrower(id(throw)) end)
                                   catch C:R -> {C, R} end).

with_after(F) ->
    try as_error(F) after id(done) end.

as_error(F) ->
    try F() catch throw:Reason:Stack -> erlang:raise(error, Reason, Stack) end.

%% Exceptions through deep recursion and loops of try.
nesting() ->
    ?SHOW(deep_throw, try dive(id(10000)) catch throw:{bottom, D} -> D end),
    ?SHOW(catch_loop, catch_loop(id(100000), 0)),
    ?SHOW(nested_tries, try nested(id(50)) catch throw:N -> N end).

dive(0) -> throw({bottom, 0});
dive(N) -> 1 + dive(N - 1).

catch_loop(0, Acc) -> Acc;
catch_loop(N, Acc) ->
    V = try N rem 3 =:= 0 andalso throw(N) of _ -> 0 catch throw:_ -> 1 end,
    catch_loop(N - 1, Acc + V).

nested(0) -> throw(0);
nested(N) -> try nested(N - 1) catch throw:X -> throw(X + 1) end.

%% A line number of 2^24 or more: BEAM keeps no location for it (the
%% frame's location list is empty). Last in the file: -file renumbers what
%% follows.
-file("huge_lines.erl", 100000000).
huge_line(_) ->
    erlang:error(crash).
