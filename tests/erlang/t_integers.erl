%% Small integers: arithmetic, bitwise operators, the edges where a small
%% integer becomes a bignum, and the errors.
-module(t_integers).
-export([main/0]).
-include("corpus.hrl").

main() ->
    arithmetic(),
    division(),
    bitwise(),
    small_to_big_edges(),
    comparisons(),
    errors(),
    small_boundaries(),
    erlang:halt(0).

arithmetic() ->
    A = id(17), B = id(-5),
    ?SHOW(add, {A + B, A - B, B - A, -A, +B, A * B, B * B}),
    ?SHOW(abs, {abs(A), abs(B), abs(id(0))}),
    ?SHOW(min_max, {min(A, B), max(A, B), min(id(3), id(3.0)), max(id(3), id(3.0))}),
    ?SHOW(sum, sum(id(1000), 0)),
    ?SHOW(zero, {id(0) * B, id(0) - id(0), -id(0)}).

sum(0, Acc) -> Acc;
sum(N, Acc) -> sum(N - 1, Acc + N).

%% div truncates towards zero and rem takes the sign of the dividend.
division() ->
    Pairs = [{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {0, 3}, {1, 1}, {6, 3}],
    ?SHOW(div_rem, [{X, Y, id(X) div id(Y), id(X) rem id(Y)} || {X, Y} <- Pairs]).

bitwise() ->
    X = id(2#1100), Y = id(2#1010),
    ?SHOW(band_bor_bxor, {X band Y, X bor Y, X bxor Y}),
    ?SHOW(bnot_op, {bnot X, bnot id(0), bnot id(-1)}),
    ?SHOW(negative_bitwise, {id(-12) band id(7), id(-12) bor id(3), id(-12) bxor id(-1)}),
    ?SHOW(shift_left, {id(1) bsl id(0), id(1) bsl id(10), id(-3) bsl id(4), id(5) bsl id(-1)}),
    ?SHOW(shift_right, {id(1024) bsr id(3), id(-1024) bsr id(3), id(-1) bsr id(10),
                id(7) bsr id(100), id(3) bsr id(-2)}).

%% BEAM's small integers are 60 bits signed on a 64-bit machine; the
%% results must not depend on where a VM puts that edge.
small_to_big_edges() ->
    Edges = [(1 bsl 27) - 1, 1 bsl 27, (1 bsl 31) - 1, 1 bsl 31, (1 bsl 59) - 1, 1 bsl 59,
             (1 bsl 63) - 1, 1 bsl 63, (1 bsl 64) - 1, 1 bsl 64],
    ?SHOW(edges, [{E, id(E) + 1, -id(E) - 1, id(E) * 2, id(E) div 3} || E <- Edges]),
    Max = id((1 bsl 59) - 1),
    ?SHOW(overflow_add, {Max + 1, Max + Max, -Max - 2}),
    ?SHOW(overflow_mul, {Max * Max, id(3037000499) * id(3037000499), id(3037000500) * id(3037000500)}),
    ?SHOW(overflow_shift, [id(1) bsl N || N <- [58, 59, 60, 61, 62, 63, 64, 65]]),
    ?SHOW(back_to_small, {(Max + 1) - 1, (Max * 4) div 4, ((1 bsl 64) bsr 60)}),
    ?SHOW(is_integer, {is_integer(Max + 1), (Max + 1) - 1 =:= Max}).

comparisons() ->
    ?SHOW(cmp, {id(1) < id(2), id(-1) > id(-2), id(5) =< id(5), id(5) >= id(6),
                id(3) == id(3.0), id(3) =:= id(3.0), id(3) /= id(3.0), id(3) =/= id(3.0)}).

errors() ->
    ?SHOW(div_zero, ?CATCH(id(1) div id(0))),
    ?SHOW(rem_zero, ?CATCH(id(1) rem id(0))),
    ?SHOW(add_atom, ?CATCH(id(1) + id(a))),
    ?SHOW(div_float, ?CATCH(id(1.0) div id(1))),
    ?SHOW(band_float, ?CATCH(id(1.0) band id(1))),
    ?SHOW(bsl_atom, ?CATCH(id(1) bsl id(a))),
    ?SHOW(bnot_list, ?CATCH(bnot id([]))),
    ?SHOW(neg_atom, ?CATCH(-id(a))),
    ?SHOW(abs_atom, ?CATCH(abs(id(a)))).

%% Every operator on values at and around the small-integer boundary (60
%% bits), where the VM switches between machine words and bignums: the
%% results (or errors) of every pair, as a hash, and a few of them.
small_boundaries() ->
    Vals = [0, 1, -1, 7, -7, 255, -256, (1 bsl 59) - 1, -(1 bsl 59), 1 bsl 59,
            -(1 bsl 59) - 1, 1 bsl 31, -(1 bsl 32) + 3, 123456789012345],
    Shifts = [0, 1, 3, 4, 31, 32, 58, 59, 60, 61, 63, 64, 65, 100, -1, -4, -59, -60, -64, -100],
    Ops = [{A, B, ?CATCH(A + B), ?CATCH(A - B), ?CATCH(A * B), ?CATCH(A div B),
            ?CATCH(A rem B), A band B, A bor B, A bxor B} || A <- id(Vals), B <- id(Vals)]
        ++ [{A, S, ?CATCH(A bsl S), ?CATCH(A bsr S)} || A <- id(Vals), S <- id(Shifts)],
    ?SHOW(small_boundaries, {length(Ops), erlang:phash2(Ops)}),
    ?SHOW(small_boundary_samples, [lists:nth(N, Ops) || N <- [100, 107, 200, 250, 300]]).
