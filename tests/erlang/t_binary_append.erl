%% Appending to binaries: <<Acc/binary, ...>> in loops (BEAM appends in
%% place to a writable binary), appending to the same value more than once,
%% slices and matches taken while a binary grows, bitstrings, comprehensions
%% (bs_init_writable and private_append), and that the results are ordinary
%% binaries for every BIF, comparison and the external format.
-module(t_binary_append).
-export([main/0]).
-include("corpus.hrl").

main() ->
    loops(),
    aliasing(),
    slices_while_growing(),
    bitstrings(),
    comprehensions(),
    ordinary_results(),
    errors(),
    erlang:halt(0).

%% A digest of a large bitstring: its size and CRC.
digest(B) when is_binary(B) ->
    {byte_size(B), erlang:crc32(B)};
digest(B) ->
    Whole = bit_size(B) div 8,
    <<Bytes:Whole/binary, _/bitstring>> = B,
    {bit_size(B), erlang:crc32(Bytes)}.

loops() ->
    ?SHOW(bytes, digest(bytes(id(100000), <<>>))),
    ?SHOW(records, digest(records(id(10000), <<>>))),
    ?SHOW(utf8, digest(utf8(id(20000), <<>>))),
    %% A loop that starts from a literal and from a large binary.
    ?SHOW(from_literal, digest(bytes(id(300), <<"start">>))),
    ?SHOW(from_large, digest(bytes(id(300), id(binary:copy(<<"ab">>, 100))))),
    %% Appending in a fun, through lists:foldl.
    Fold = lists:foldl(fun(X, Acc) -> <<Acc/binary, X:16>> end, <<>>, lists:seq(1, id(5000))),
    ?SHOW(foldl, digest(Fold)),
    %% Growing one binary from several places in turn.
    ?SHOW(two_step, digest(two_step(id(1000), <<>>))).

bytes(0, Acc) -> Acc;
bytes(N, Acc) -> bytes(N - 1, <<Acc/binary, (N rem 256):8>>).

records(0, Acc) -> Acc;
records(K, Acc) -> records(K - 1, <<Acc/binary, (K rem 256):8, K:16/little, 1:1, (K rem 128):7>>).

utf8(0, Acc) -> Acc;
utf8(N, Acc) -> utf8(N - 1, <<Acc/binary, (code_point(N))/utf8>>).

%% One to four bytes each, never a surrogate.
code_point(N) when N rem 10 =:= 0 -> 16#10000 + N;
code_point(N) -> N * 7 rem 16#D000.

two_step(0, Acc) -> Acc;
two_step(N, Acc) ->
    Acc1 = <<Acc/binary, "[">>,
    Acc2 = <<Acc1/binary, (integer_to_binary(N))/binary>>,
    two_step(N - 1, <<Acc2/binary, "]">>).

%% Only the newest value may grow in place: appending to an older one must
%% leave every other value as it was.
aliasing() ->
    lists:foreach(
      fun(Size) ->
              Base = bytes(id(Size), <<>>),
              A = <<Base/binary, "A">>,
              B = <<Base/binary, "B">>,
              C = <<Base/binary, "C">>,
              A2 = <<A/binary, "2">>,
              A3 = <<A/binary, "3">>,
              ?SHOW({twice, Size},
                    {byte_size(Base), [binary:part(X, Size, byte_size(X) - Size) || X <- [A, B, C, A2, A3]],
                     [binary:part(X, 0, Size) =:= Base || X <- [A, B, C, A2, A3]],
                     digest(Base)})
      end, [0, 10, 63, 64, 65, 200, 5000]),
    %% A value kept from early in a loop, then appended to after the loop.
    {Early, Late} = keep_early(id(3000), <<>>, none),
    Early2 = <<Early/binary, "early">>,
    ?SHOW(kept, {digest(Early), digest(Late), digest(Early2),
                 binary:part(Late, 0, byte_size(Early)) =:= Early}),
    %% A binary appended to itself.
    Self = bytes(id(500), <<>>),
    Doubled = <<Self/binary, Self/binary>>,
    Tripled = <<Doubled/binary, Self/binary>>,
    ?SHOW(self, {digest(Doubled), digest(Tripled), Tripled =:= <<Self/binary, Self/binary, Self/binary>>}).

keep_early(0, Acc, Kept) -> {Kept, Acc};
keep_early(1500, Acc, _) -> keep_early(1499, <<Acc/binary, 1500:16>>, Acc);
keep_early(N, Acc, Kept) -> keep_early(N - 1, <<Acc/binary, N:16>>, Kept).

%% Sub-binaries and match positions taken in the middle of a loop keep their
%% bytes however much the binary grows after them.
slices_while_growing() ->
    {Slices, Final} = slices(id(2000), <<>>, []),
    ?SHOW(slices, [{byte_size(S), erlang:crc32(S)} || S <- Slices]),
    ?SHOW(slices_prefix, lists:all(fun(S) -> binary:part(Final, 0, byte_size(S)) =:= S end,
                                   [S || S <- Slices])),
    %% Matching the tail off the newest value and appending to the tail.
    Acc = bytes(id(400), <<>>),
    <<First:8, Rest/binary>> = Acc,
    Grown = <<Rest/binary, "tail">>,
    Again = <<Acc/binary, "acc">>,
    ?SHOW(tail, {First, byte_size(Rest), digest(Grown), digest(Again),
                 binary:part(Again, 1, 399) =:= Rest}),
    %% A match that walks a binary while it is being extended.
    ?SHOW(walk, walk(bytes(id(300), <<>>), 0, 0)).

slices(0, Acc, Slices) -> {lists:reverse(Slices), Acc};
slices(N, Acc, Slices) when N rem 250 =:= 0 ->
    <<Prefix:(byte_size(Acc) div 2)/binary, _/binary>> = Acc,
    slices(N - 1, <<Acc/binary, N:24>>, [Prefix, Acc | Slices]);
slices(N, Acc, Slices) -> slices(N - 1, <<Acc/binary, N:24>>, Slices).

%% Reads one byte of Bin, appends one to it, and goes on with the longer
%% binary from the next position: both the match and the append see it.
walk(Bin, Pos, Sum) when Pos >= 600 -> {byte_size(Bin), Sum};
walk(Bin, Pos, Sum) ->
    <<_:Pos/binary, X:8, _/binary>> = Bin,
    walk(<<Bin/binary, (X + 1):8>>, Pos + 1, Sum + X).

bitstrings() ->
    Bits = bits(id(5001), <<>>),
    ?SHOW(bits, {bit_size(Bits), is_binary(Bits), digest(Bits)}),
    %% Appending to an older bitstring: the bits of the newer one stay.
    Base = bits(id(700), <<>>),
    One = <<Base/bitstring, 1:1>>,
    Zero = <<Base/bitstring, 0:1>>,
    <<_:2100, LastOne:1>> = One,
    <<_:2100, LastZero:1>> = Zero,
    ?SHOW(bits_twice, {bit_size(One), LastOne, LastZero}),
    %% Bits then whole bytes: <<Acc/bitstring, X:8>> stays unaligned.
    Odd = bytes_after_bits(id(300), <<1:3>>),
    ?SHOW(bits_then_bytes, {bit_size(Odd), digest(Odd)}),
    %% An append that makes a bitstring whole bytes again.
    Whole = <<Bits/bitstring, 0:5>>,
    ?SHOW(whole_again, {is_binary(Whole), byte_size(Whole), digest(Whole)}).

bits(0, Acc) -> Acc;
bits(N, Acc) -> bits(N - 1, <<Acc/bitstring, (N rem 8):3>>).

bytes_after_bits(0, Acc) -> Acc;
bytes_after_bits(N, Acc) -> bytes_after_bits(N - 1, <<Acc/bitstring, N:8>>).

comprehensions() ->
    L = lists:seq(1, id(3000)),
    ?SHOW(from_list, digest(<< <<X:16>> || X <- L >>)),
    Bin = << <<(X rem 256)>> || X <- L >>,
    ?SHOW(from_binary, digest(<< <<(B bxor 16#5A)>> || <<B>> <= Bin >>)),
    ?SHOW(filtered, digest(<< <<X:8>> || X <- L, X rem 3 =:= 0 >>)),
    ?SHOW(bits_out, digest(<< <<X:3>> || <<X:8>> <= Bin >>)),
    ?SHOW(nested, digest(<< <<(X * Y):16>> || X <- lists:seq(1, id(40)), Y <- lists:seq(1, 40) >>)),
    ?SHOW(inner_binaries, digest(<< <<(integer_to_binary(X))/binary, ",">> || X <- L >>)),
    ?SHOW(small, {<< <<X>> || X <- id([1, 2, 3]) >>, << <<X:4>> || X <- id([1, 2, 3]) >>,
                  << <<X>> || X <- id([]) >>}),
    %% A comprehension's result appended to, twice.
    C = << <<X:8>> || X <- lists:seq(1, id(200)) >>,
    C1 = <<C/binary, 1>>,
    C2 = <<C/binary, 2>>,
    ?SHOW(after_comprehension, {binary:last(C1), binary:last(C2), byte_size(C), digest(C)}).

%% What the VM does with an appended binary must not tell it from the same
%% bytes made any other way.
ordinary_results() ->
    Appended = bytes(id(1000), <<>>),
    Built = list_to_binary([N rem 256 || N <- lists:seq(1000, 1, -1)]),
    ?SHOW(equal, {Appended =:= Built, Appended == Built, compare(Appended, Built),
                  erlang:phash2(Appended) =:= erlang:phash2(Built)}),
    ?SHOW(external, {term_to_binary(Appended) =:= term_to_binary(Built),
                     binary_to_term(term_to_binary({Appended, Appended})) =:= {Built, Built}}),
    ?SHOW(bifs, {byte_size(Appended), bit_size(Appended), binary_part(Appended, 998, 2),
                 binary:at(Appended, 500), length(binary_to_list(Appended)),
                 split_binary(binary:part(Appended, 0, 4), 2)}),
    ?SHOW(order, lists:sort([<<Appended/binary, 0>>, Appended, binary:part(Appended, 0, 999),
                             <<Appended/binary, 1>>]) =:=
              [binary:part(Built, 0, 999), Built, <<Built/binary, 0>>, <<Built/binary, 1>>]),
    %% Kept in a data structure while garbage piles up.
    Kept = keep(id(200), []),
    ?SHOW(kept_in_list, {length(Kept), [digest(B) || B <- lists:sublist(Kept, 3)]}).

compare(A, B) when A < B -> less;
compare(A, B) when A > B -> greater;
compare(_, _) -> equal.

keep(0, Kept) -> Kept;
keep(N, Kept) ->
    _Garbage = lists:seq(1, 100),
    keep(N - 1, [bytes(N, <<N:32>>) | Kept]).

errors() ->
    Bits = id(<<1:3>>),
    ?SHOW(not_binary, ?CATCH(<<(id(atom))/binary, 1>>)),
    ?SHOW(unit, ?CATCH(<<Bits/binary, 1>>)),
    Large = bytes(id(100), <<>>),
    ?SHOW(bad_segment, ?CATCH(<<Large/binary, (id(x)):8>>)),
    %% The failed append must leave Large as it was, and appendable.
    ?SHOW(after_failure, {digest(Large), digest(<<Large/binary, 7>>)}).
