%% Big integers: arithmetic with signs, division, bitwise operators in two's
%% complement, shifts, conversions, and mixing with small integers and floats.
-module(t_bignum).
-export([main/0]).
-include("corpus.hrl").

main() ->
    arithmetic(),
    division(),
    bitwise(),
    conversions(),
    comparisons(),
    algorithms(),
    errors(),
    erlang:halt(0).

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

pow(_, 0) -> 1;
pow(B, E) when E rem 2 =:= 0 -> pow(B * B, E div 2);
pow(B, E) -> B * pow(B, E - 1).

arithmetic() ->
    F50 = fact(id(50)),
    ?SHOW(fact50, F50),
    ?SHOW(fact100_digits, length(integer_to_list(fact(id(100))))),
    Big = id(1 bsl 200), Neg = -Big,
    ?SHOW(add, {Big + 1, Big + Neg, Neg - 1, Big + Big, Big - (Big - 1)}),
    ?SHOW(mul, {Big * Big, Big * -1, Neg * Neg, Big * 0, F50 * F50}),
    ?SHOW(pow, {pow(id(3), 100), pow(id(-7), 41), pow(id(2), 64) - 1}),
    ?SHOW(abs, {abs(Neg), abs(Big), -Neg =:= Big}),
    ?SHOW(min_max, {min(Big, Neg), max(Big, 1.0e100)}).

division() ->
    A = id(fact(30)), B = id(1 bsl 70 + 12345),
    Cases = [{A, B}, {-A, B}, {A, -B}, {-A, -B}, {A, 7}, {-A, 7}, {A, -1000000007},
             {B, A}, {12, B}, {A, A}],
    ?SHOW(div_rem, [{X div Y, X rem Y} || {X, Y} <- Cases]),
    ?SHOW(identity, [{X, Y} || {X, Y} <- Cases, (X div Y) * Y + X rem Y =/= X]).

bitwise() ->
    A = id((1 bsl 100) + 16#F0F0), B = id(-(1 bsl 90) - 3),
    ?SHOW(and_op, {A band B, A band -1, B band 16#FFFF, A band (1 bsl 100)}),
    ?SHOW(or_op, {A bor B, A bor 1, B bor 0}),
    ?SHOW(xor_op, {A bxor B, A bxor A, B bxor -1}),
    ?SHOW(bnot_op, {bnot A, bnot B, bnot bnot A =:= A}),
    ?SHOW(shift, {A bsl 37, A bsr 37, B bsr 37, B bsl 5, A bsr 200, B bsr 200, A bsr -3}),
    ?SHOW(shift_to_small, {id(1 bsl 64) bsr 64, id(-(1 bsl 64)) bsr 64}).

conversions() ->
    Big = id(fact(25)),
    ?SHOW(to_list, {integer_to_list(Big), integer_to_list(-Big, 16), integer_to_list(Big, 36),
                    integer_to_list(Big, 2)}),
    ?SHOW(from_list, {list_to_integer(id("-123456789012345678901234567890")),
                      list_to_integer(id("ffffffffffffffffffff"), 16),
                      list_to_integer(id("-ZZZZZZZZZZZZZZZ"), 36)}),
    ?SHOW(binary, {integer_to_binary(Big), binary_to_integer(id(<<"99999999999999999999999">>))}),
    ?SHOW(to_float, {float(Big), float(id(1 bsl 1023)), Big / 7, id(1 bsl 80) * 0.5}),
    ?SHOW(from_float, {trunc(id(1.0e30)), round(id(-1.0e25)), trunc(id(1.5e20)),
                       floor(id(-1.0e19)), ceil(id(1.0e19))}),
    ?SHOW(to_float_overflow, ?CATCH(float(id(1 bsl 1024)))),
    ?SHOW(mixed_overflow, ?CATCH(id(1 bsl 1024) * 1.0)).

comparisons() ->
    Big = id(1 bsl 64),
    ?SHOW(cmp, {Big > 1, -Big < -1, Big > 1.0e19, Big < 1.0e20, Big == 18446744073709551616.0,
                Big =:= 18446744073709551616.0, Big + 1 == float(Big + 1), Big + 1 > float(Big)}),
    ?SHOW(sort, lists:sort([Big, -Big, 0, 1.0e19, -1.0e30, Big - 1, 3])).

%% Real work: gcd with Euclid, digits of a Fibonacci number, sum of digits.
algorithms() ->
    ?SHOW(gcd, gcd(fact(id(40)), pow(id(6), 50))),
    ?SHOW(fib1000_mod, fib(id(1000), 0, 1) rem 1000000007),
    ?SHOW(digit_sum, lists:sum([D - $0 || D <- integer_to_list(pow(id(2), 1000))])).

gcd(A, 0) -> A;
gcd(A, B) -> gcd(B, A rem B).

fib(0, A, _) -> A;
fib(N, A, B) -> fib(N - 1, B, A + B).

errors() ->
    Big = id(1 bsl 100),
    ?SHOW(div_zero, ?CATCH(Big div 0)),
    ?SHOW(rem_zero, ?CATCH(Big rem id(0))),
    ?SHOW(add_atom, ?CATCH(Big + id(a))),
    ?SHOW(band_float, ?CATCH(Big band id(1.0))),
    ?SHOW(huge_shift, ?CATCH(Big bsl id(1 bsl 64))),
    ?SHOW(bad_base, ?CATCH(integer_to_list(Big, id(37)))),
    ?SHOW(bad_digits, ?CATCH(list_to_integer(id("12345678901234567890x")))).
