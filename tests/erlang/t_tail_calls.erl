%% Tail calls: loops of millions of iterations through self calls, mutual
%% recursion, calls to other modules, apply, funs and case/try in tail
%% position. A VM that grows its stack on a tail call runs out of memory
%% here, or at least takes far too long.
-module(t_tail_calls).
-export([main/0, ext_loop/2, apply_loop/2]).
-include("corpus.hrl").

-define(N, 3000000).

main() ->
    ?SHOW(self_loop, count(id(?N), 0)),
    ?SHOW(mutual, {is_even(id(?N)), is_even(id(?N + 1))}),
    ?SHOW(external_self, ext_loop(id(?N), 0)),
    ?SHOW(through_apply, apply_loop(id(1000000), 0)),
    ?SHOW(through_fun, fun_loop(id(1000000), 0)),
    ?SHOW(through_fun_argument, fun_arg_loop(fun fun_arg_loop/2, id(1000000))),
    ?SHOW(through_case, case_loop(id(?N), 0)),
    ?SHOW(many_args, many(id(?N), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)),
    ?SHOW(state_machine, machine(a, id(?N), 0)),
    ?SHOW(after_try, after_try(id(1000000), 0)),
    ?SHOW(accumulate_list, length(acc(id(1000000), []))),
    erlang:halt(0).

count(0, Acc) -> Acc;
count(N, Acc) -> count(N - 1, Acc + 1).

is_even(0) -> true;
is_even(N) -> is_odd(N - 1).

is_odd(0) -> false;
is_odd(N) -> is_even(N - 1).

%% A fully qualified call to the own module is a tail call too.
ext_loop(0, Acc) -> Acc;
ext_loop(N, Acc) -> ?MODULE:ext_loop(N - 1, Acc + 2).

apply_loop(0, Acc) -> Acc;
apply_loop(N, Acc) -> apply(?MODULE, apply_loop, [N - 1, Acc + 1]).

fun_loop(0, Acc) -> Acc;
fun_loop(N, Acc) ->
    F = fun fun_loop/2,
    F(N - 1, Acc + 3).

%% A fun the compiler cannot see through, called in tail position: OTP 25
%% compiles call_fun, deallocate, return, which the loader must make a tail
%% call (BEAM's i_call_fun_last), or the stack grows a frame per call.
fun_arg_loop(_, 0) -> element(2, process_info(self(), stack_size)) < 100;
fun_arg_loop(F, N) -> F(F, N - 1).

case_loop(0, Acc) -> Acc;
case_loop(N, Acc) ->
    case N rem 2 of
        0 -> case_loop(N - 1, Acc + 1);
        _ -> if Acc >= 0 -> case_loop(N - 1, Acc) end
    end.

%% More arguments than fit in argument registers of a native calling
%% convention.
many(0, A, B, C, D, E, F, G, H, I, J) -> A + B + C + D + E + F + G + H + I + J;
many(N, A, B, C, D, E, F, G, H, I, J) -> many(N - 1, B, C, D, E, F, G, H, I, J, A).

machine(_, 0, Acc) -> Acc;
machine(a, N, Acc) -> machine(b, N - 1, Acc + 1);
machine(b, N, Acc) -> machine(c, N - 1, Acc);
machine(c, N, Acc) -> machine(a, N - 1, Acc + 2).

%% A call after (not inside) a try is a tail call again.
after_try(0, Acc) -> Acc;
after_try(N, Acc) ->
    Inc = try seven(N) catch throw:seven -> 10 end,
    after_try(N - 1, Acc + Inc).

seven(N) when N rem 7 =:= 0 -> throw(seven);
seven(_) -> 1.

acc(0, Acc) -> Acc;
acc(N, Acc) -> acc(N - 1, [N | Acc]).
