%% Sequential code for the interpreter's tests: recursion, lists, tuples,
%% arithmetic into bignums and floats, and the errors each can raise.
-module(vm_sample).
-export([my_map/2, adder/1, funs/1, dyn/3, dyn_tail/3, dyn_body/3, call_it/2, fun_churn/2, bad_arity/0, id/1, map_ops/1, map_exact/1, not_a_map/1, map_build/2, rec_update/1, big_update/1, map_count/1, flt/2, fdiv0/1, trace/2, trace_undef/0, trace_clause/0, trace_arith/1, trace_apply/1, pd_churn/1, bits_roundtrip/2, bad_bin/1, skip_utf/1,
         fib/1, tak/3, nrev/1, seq/2, len/1, fact/1, churn/2, mixed/2,
         match_two/1, only_ints/1, add/2, classify/1, swap/1, consts/0, big_sum/1,
         rotate/3, t/1, c/1, only_throws/1, thr/0, bits/2, msize/1, kinds/1,
         rec_a/1, reraise/0, pass_on/1]).
-record(r, {a, b}).

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).

tak(X, Y, Z) when Y < X -> tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_, _, Z) -> Z.

nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).

app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].

seq(N, N) -> [N];
seq(I, N) -> [I | seq(I + 1, N)].

len(L) -> len(L, 0).
len([], N) -> N;
len([_ | T], N) -> len(T, N + 1).

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

%% Builds and drops lists Times times: garbage for the collector.
churn(0, Acc) -> Acc;
churn(Times, Acc) -> churn(Times - 1, len(nrev(seq(1, 50))) + Acc).

mixed(A, B) -> {A + B, A - B, A * B}.

match_two(X) -> {a, B} = X, B.

only_ints(N) when is_integer(N) -> N.

add(A, B) -> A + B.

classify(X) ->
    case X of
        a -> first;
        b -> second;
        {t, _} -> tagged;
        _ when is_list(X) -> list
    end.

swap({A, B}) -> {B, A}.

consts() -> {"text", [1, 2.5, a], 123456789012345678901234567890, -98765432109876543210,
             <<"bin">>, #{k => v}}.

big_sum(X) -> X + 99999999999999999999.

%% The compiler turns this shuffle of registers into a swap.
rotate(A, B, C) -> shuffle(B, A, C).

shuffle(X, Y, Z) -> [X, Y, Z].

t(X) ->
    try f(X) of
        {ok, V} -> V
    catch
        throw:T -> {thrown, T};
        error:E -> {error, E};
        exit:R -> {exit, R}
    end.

c(X) -> catch f(X).

only_throws(X) -> try f(X) catch throw:T -> T end.

thr() -> throw(x).

f(1) -> throw(boom);
f(2) -> error(bad);
f(3) -> exit(gone);
f(4) -> {ok, fine};
f(5) -> add(1, x).

bits(A, B) -> {A band B, A bor B, A bxor B, bnot A, A bsl 70, B bsr 1}.

msize(M) -> map_size(M).

kinds(X) when is_function(X, 1) -> fun1;
kinds(X) when is_function(X) -> function;
kinds(X) when is_bitstring(X) -> bitstring;
kinds(_) -> other.

rec_a(R) -> R#r.a.

reraise() -> try erlang:raise(exit, why, []) catch C:E -> {C, E} end.

%% Catches everything and raises it again unchanged (raw_raise).
pass_on(X) -> try f(X) catch C:R:St -> _ = add(1, 1), erlang:raise(C, R, St) end.

%% Funs and apply.
my_map(F, [H | T]) -> [F(H) | my_map(F, T)];
my_map(_, []) -> [].

adder(N) -> fun(X) -> X + N end.

funs(N) ->
    Add = adder(N),
    Pair = fun(X, Y) -> {X, Y, N} end,
    {my_map(Add, [1, 2, 3]), Pair(a, b), my_map(fun ?MODULE:fib/1, [10, 11]),
     apply(Pair, [c, d]), (fun len/1)([x, y])}.

dyn(M, F, Args) -> apply(M, F, Args).

dyn_tail(M, F, A) -> M:F(A).

dyn_body(M, F, A) -> {M:F(A)}.

call_it(F, A) -> F(A).

%% A closure kept across collections: its free variables move with it.
fun_churn(0, F) -> F(0);
fun_churn(N, F) ->
    _ = nrev(seq(1, 20)),
    fun_churn(N - 1, fun(X) -> F(X + 1) end).

bad_arity() -> call_it(fun(X, _) -> X end, 1).

id(X) -> X.

%% Maps and record updates.
map_ops(M) ->
    M1 = M#{c => 3, a => 0},
    M2 = M1#{b := 20},
    #{a := A, c := C} = M2,
    Has = case M2 of #{b := _} -> yes; _ -> no end,
    {M1, M2, A, C, Has, map_get_or(M2, zz)}.

map_get_or(#{zz := V}, _) -> V;
map_get_or(_, K) -> {none, K}.

map_exact(M) -> M#{nope := 1}.

not_a_map(X) -> X#{a => 1}.

map_build(0, M) -> M;
map_build(N, M) -> map_build(N - 1, M#{N => N * N}).

rec_update(R) -> R#r{a = 1, b = 2}.

-record(big, {a, b, c, d, e, f, g, h, i, j, k, l}).
big_update(R) -> R#big{b = 1, k = 2}.

map_count(N) -> map_size(map_build(N, #{})).

%% Float arithmetic in float registers.
flt(A, B) when is_float(A), is_float(B) -> {A * B + A / B - 1.5, -A, (A + B) * 2};
flt(A, B) when is_float(B) -> {A * B}.

fdiv0(A) when is_float(A) -> A / 0.0.

%% Stack traces: what `catch C:R:St` sees.
trace(N, X) -> try deep(N, X) catch _:_:St -> St end.

deep(0, X) -> fail_in(X);
deep(N, X) -> [deep(N - 1, X)].

fail_in(X) -> element(X, {a}).

trace_undef() -> try [vm_sample:missing(1, 2)] catch error:undef:St -> St end.

trace_clause() -> try [only_ints(x)] catch error:function_clause:St -> St end.

trace_arith(X) -> try [X + 1] catch error:badarith:St -> St end.

trace_apply(M) -> try apply(M, foo, [1]) catch error:badarg:St -> St end.

%% The process dictionary keeps its terms across collections.
pd_churn(0) -> {get(acc), get(missing), erase(acc), get(acc)};
pd_churn(N) ->
    Old = case get(acc) of undefined -> []; L -> L end,
    put(acc, [N | Old]),
    _ = nrev(seq(1, 30)),
    pd_churn(N - 1).

%% Bit syntax: matching and building, and a failed build's error_info.
bits_roundtrip(X, Y) ->
    B = <<X:13/signed-little, "ab", Y/binary, 5:3>>,
    <<A:13/signed-little, "ab", Rest/bits>> = B,
    {A, bit_size(B), Rest}.

bad_bin(X) -> try <<X:8>> catch error:badarg:St -> hd(St) end.

%% bs_skip_utf8 must not write a destination it does not have.
skip_utf(B) -> case B of <<_/utf8, Rest/binary>> -> Rest; _ -> none end.
