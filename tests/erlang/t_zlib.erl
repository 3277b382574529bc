%% OTP's zlib module: the convenience functions (compress, zip, gzip and
%% their inverses), streams deflated and inflated in pieces with every
%% flush mode, levels, strategies and window sizes, dictionaries,
%% safeInflate and inflateChunk, resets, deflateParams, the running
%% checksums, handles passed between processes, and the errors. Both VMs
%% use the system's zlib, so the compressed bytes themselves are compared.
-module(t_zlib).
-export([main/0]).
-include("corpus.hrl").

-compile({nowarn_deprecated_function,
          [{zlib, crc32, 1}, {zlib, crc32, 2}, {zlib, crc32, 3}, {zlib, adler32, 2},
           {zlib, adler32, 3}, {zlib, crc32_combine, 4}, {zlib, adler32_combine, 4},
           {zlib, inflateChunk, 1}, {zlib, inflateChunk, 2}, {zlib, getBufSize, 1},
           {zlib, setBufSize, 2}]}).

main() ->
    convenience(),
    levels_and_strategies(),
    streamed(),
    inflate_protocols(),
    dictionaries(),
    resets_and_params(),
    checksums(),
    handles_and_processes(),
    errors(),
    erlang:halt(0).

%% Text that compresses, with noise from a fixed generator.
text(N) -> text(N, 7, []).
text(N, _, Acc) when N =< 0 -> iolist_to_binary(lists:reverse(Acc));
text(N, X, Acc) ->
    X1 = (X * 1103515245 + 12345) band 16#7fffffff,
    Word = lists:nth(X1 rem 6 + 1, ["alpha ", "beta ", "gamma ", "delta\n", "eps ", "zeta "]),
    text(N - length(Word), X1, [Word | Acc]).

%% Bytes that do not compress.
noise(N) -> noise(N, 99, []).
noise(0, _, Acc) -> list_to_binary(Acc);
noise(N, X, Acc) ->
    X1 = (X * 1103515245 + 12345) band 16#7fffffff,
    noise(N - 1, X1, [(X1 bsr 16) band 255 | Acc]).

%% A short summary of a binary that is too long to print.
digest(B) -> {byte_size(B), erlang:crc32(B)}.

convenience() ->
    Inputs = [<<>>, <<"a">>, <<"hello">>, id(lists:duplicate(1000, $x)),
              id(["io", [$l, <<"ist">>], <<>>, [[]]]), text(20000), noise(5000),
              binary:part(text(3000), 7, 2000)],
    ?SHOW(compress_small, [zlib:compress(I) || I <- lists:sublist(Inputs, 5)]),
    ?SHOW(zip_small, [zlib:zip(I) || I <- lists:sublist(Inputs, 5)]),
    ?SHOW(gzip_small, [zlib:gzip(I) || I <- lists:sublist(Inputs, 5)]),
    ?SHOW(compress_large, [digest(zlib:compress(I)) || I <- lists:nthtail(5, Inputs)]),
    ?SHOW(zip_large, [digest(zlib:zip(I)) || I <- lists:nthtail(5, Inputs)]),
    ?SHOW(gzip_large, [digest(zlib:gzip(I)) || I <- lists:nthtail(5, Inputs)]),
    Round = fun(Pack, Unpack) ->
                    [Unpack(Pack(I)) =:= iolist_to_binary(I) || I <- Inputs]
            end,
    ?SHOW(round_trips, {Round(fun zlib:compress/1, fun zlib:uncompress/1),
                        Round(fun zlib:zip/1, fun zlib:unzip/1),
                        Round(fun zlib:gzip/1, fun zlib:gunzip/1)}),
    %% Compressed input as an iolist in pieces.
    Packed = zlib:compress(text(5000)),
    <<P1:10/binary, P2:100/binary, P3/binary>> = Packed,
    ?SHOW(uncompress_iolist, zlib:uncompress([P1, [binary_to_list(P2)], P3]) =:= text(5000)),
    %% gunzip reads concatenated members; unzip stops at the end of its stream.
    ?SHOW(gunzip_members, zlib:gunzip([zlib:gzip(<<"first ">>), zlib:gzip(<<"second">>)])),
    ?SHOW(unzip_trailing, zlib:unzip(<<(zlib:zip(<<"abc">>))/binary, "trailing">>)),
    %% 1 MB through one call: many steps inside zlib.erl.
    Big = binary:copy(text(10000), 100),
    BigPacked = zlib:gzip(Big),
    ?SHOW(big, {digest(BigPacked), zlib:gunzip(BigPacked) =:= Big}).

levels_and_strategies() ->
    Data = text(3000),
    Deflate = fun(Args) ->
                      Z = zlib:open(),
                      ok = apply(zlib, deflateInit, [Z | Args]),
                      Out = iolist_to_binary(zlib:deflate(Z, Data, finish)),
                      ok = zlib:deflateEnd(Z),
                      ok = zlib:close(Z),
                      digest(Out)
              end,
    ?SHOW(levels, [Deflate([L]) || L <- [none, best_speed, best_compression, default,
                                         0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]),
    ?SHOW(strategies, [Deflate([default, deflated, 15, 8, S])
                       || S <- [default, filtered, huffman_only, rle]]),
    ?SHOW(window_bits, [Deflate([default, deflated, W, 8, default])
                        || W <- [9, 12, 15, -9, -15, 25, 31]]),
    ?SHOW(mem_levels, [Deflate([best_compression, deflated, 15, M, default]) || M <- [1, 5, 9]]),
    ?SHOW(level_none_bytes, Deflate([none])),
    %% Level none keeps the bytes as they are, in stored blocks.
    Z = zlib:open(),
    ok = zlib:deflateInit(Z, none),
    Stored = iolist_to_binary(zlib:deflate(Z, <<"stored">>, finish)),
    ok = zlib:deflateEnd(Z),
    ?SHOW(stored, Stored).

%% Deflates `Pieces` one call each with `Flush`, then finishes.
deflate_pieces(Pieces, Flush) ->
    Z = zlib:open(),
    ok = zlib:deflateInit(Z),
    Outs = [iolist_to_binary(zlib:deflate(Z, P, Flush)) || P <- Pieces],
    Last = iolist_to_binary(zlib:deflate(Z, [], finish)),
    ok = zlib:deflateEnd(Z),
    ok = zlib:close(Z),
    {Outs, Last}.

%% Cuts a binary into pieces of N bytes.
pieces(B, N) when byte_size(B) =< N -> [B];
pieces(B, N) ->
    <<P:N/binary, Rest/binary>> = B,
    [P | pieces(Rest, N)].

streamed() ->
    Words = [<<"one ">>, <<"two ">>, <<"three ">>, <<"four">>],
    {NoneOuts, NoneLast} = deflate_pieces(Words, none),
    ?SHOW(flush_none, {NoneOuts, NoneLast}),
    ?SHOW(flush_sync, deflate_pieces(Words, sync)),
    ?SHOW(flush_full, deflate_pieces(Words, full)),
    Whole = iolist_to_binary([NoneOuts, NoneLast]),
    ?SHOW(streamed_equals_whole, Whole =:= zlib:compress(Words)),
    %% A large stream in uneven pieces, inflated in other uneven pieces.
    Data = text(100000),
    {Outs, Last} = deflate_pieces(pieces(Data, 777), none),
    Packed = iolist_to_binary([Outs, Last]),
    ?SHOW(streamed_large, {digest(Packed), Packed =:= zlib:compress(Data)}),
    Z = zlib:open(),
    ok = zlib:inflateInit(Z),
    Plain = iolist_to_binary([zlib:inflate(Z, P) || P <- pieces(Packed, 1001)]),
    ok = zlib:inflateEnd(Z),
    ok = zlib:close(Z),
    ?SHOW(inflated_in_pieces, Plain =:= Data),
    %% Sync flushes make each piece decodable at once.
    {SyncOuts, _} = deflate_pieces(Words, sync),
    Z2 = zlib:open(),
    ok = zlib:inflateInit(Z2),
    ?SHOW(sync_pieces_decode, [iolist_to_binary(zlib:inflate(Z2, O)) || O <- SyncOuts]),
    ok = zlib:close(Z2).

inflate_protocols() ->
    Data = text(60000),
    Packed = zlib:compress(Data),
    %% safeInflate: at most one output chunk per call.
    Z = zlib:open(),
    ok = zlib:inflateInit(Z),
    {Steps, Out} = safe_loop(Z, zlib:safeInflate(Z, Packed), 1, []),
    ok = zlib:inflateEnd(Z),
    ?SHOW(safe_inflate, {Steps, Out =:= Data}),
    %% inflateChunk with a small buffer.
    ok = zlib:inflateInit(Z),
    ok = zlib:setBufSize(Z, 4096),
    ?SHOW(buf_size, zlib:getBufSize(Z)),
    {Chunks, ChunkOut} = chunk_loop(Z, zlib:inflateChunk(Z, Packed), 1, []),
    ok = zlib:inflateEnd(Z),
    ?SHOW(inflate_chunk, {Chunks, ChunkOut =:= Data}),
    %% The end-of-stream behaviours after one stream ends.
    Two = [zlib:compress(<<"one">>), zlib:compress(<<"two">>)],
    Eos = fun(Behaviour) ->
                  ok = zlib:inflateInit(Z, 15, Behaviour),
                  R = ?CATCH(iolist_to_binary(zlib:inflate(Z, Two))),
                  _ = ?CATCH(zlib:inflateEnd(Z)),
                  R
          end,
    ?SHOW(end_of_stream, [{B, Eos(B)} || B <- [cut, reset, error]]),
    ok = zlib:close(Z).

safe_loop(Z, {continue, Out}, N, Acc) -> safe_loop(Z, zlib:safeInflate(Z, []), N + 1, [Out | Acc]);
safe_loop(_, {finished, Out}, N, Acc) -> {N, iolist_to_binary(lists:reverse([Out | Acc]))}.

chunk_loop(Z, {more, Out}, N, Acc) -> chunk_loop(Z, zlib:inflateChunk(Z), N + 1, [Out | Acc]);
chunk_loop(_, Out, N, Acc) -> {N, iolist_to_binary(lists:reverse([Out | Acc]))}.

dictionaries() ->
    %% The second dictionary's Adler-32 passes 2^31: erl shows it negative.
    [dictionary(D) || D <- [<<"alpha beta gamma delta">>, binary:copy(<<"zy">>, 12)]],
    %% A raw stream's dictionary checksum.
    Z = zlib:open(),
    ok = zlib:deflateInit(Z, default, deflated, -15, 8, default),
    ?SHOW(raw_dictionary, zlib:deflateSetDictionary(Z, <<"alpha">>)),
    ok = zlib:close(Z).

dictionary(Dict) ->
    Data = <<"alpha beta gamma delta alpha beta gamma delta zyzyzy">>,
    D = zlib:open(),
    ok = zlib:deflateInit(D),
    Adler = zlib:deflateSetDictionary(D, Dict),
    Packed = iolist_to_binary(zlib:deflate(D, Data, finish)),
    ok = zlib:deflateEnd(D),
    ?SHOW(dictionary, {Adler, Packed}),
    %% inflate/2 raises, then goes on once the dictionary is set.
    Z = zlib:open(),
    ok = zlib:inflateInit(Z),
    ?SHOW(need_dictionary, ?CATCH(zlib:inflate(Z, Packed))),
    ok = zlib:inflateSetDictionary(Z, Dict),
    ?SHOW(after_dictionary, iolist_to_binary(zlib:inflate(Z, [])) =:= Data),
    ?SHOW(get_dictionary, zlib:inflateGetDictionary(Z)),
    ok = zlib:inflateEnd(Z),
    %% Without the exception: a tuple; safeInflate says the same.
    ok = zlib:inflateInit(Z),
    ?SHOW(need_dictionary_tuple, zlib:inflate(Z, Packed, [{exception_on_need_dict, false}])),
    ?SHOW(wrong_dictionary, ?CATCH(zlib:inflateSetDictionary(Z, <<"wrong">>))),
    ok = zlib:inflateReset(Z),
    ?SHOW(safe_need_dictionary, zlib:safeInflate(Z, Packed)),
    ok = zlib:inflateSetDictionary(Z, [Dict]),
    ?SHOW(safe_after_dictionary, zlib:safeInflate(Z, [])),
    ok = zlib:close(Z).

resets_and_params() ->
    Z = zlib:open(),
    ok = zlib:deflateInit(Z),
    A = iolist_to_binary(zlib:deflate(Z, <<"first stream">>, finish)),
    ok = zlib:deflateReset(Z),
    B = iolist_to_binary(zlib:deflate(Z, <<"second stream">>, finish)),
    ok = zlib:deflateEnd(Z),
    ?SHOW(deflate_reset, {A =:= zlib:compress(<<"first stream">>),
                          B =:= zlib:compress(<<"second stream">>)}),
    %% The stream can start again after deflateEnd, here as an inflate.
    ok = zlib:inflateInit(Z),
    X = zlib:inflate(Z, A),
    ok = zlib:inflateReset(Z),
    Y = zlib:inflate(Z, B),
    ok = zlib:inflateEnd(Z),
    ?SHOW(inflate_reset, {iolist_to_binary(X), iolist_to_binary(Y)}),
    %% deflateParams mid-stream: what was pending is flushed first and kept.
    ok = zlib:deflateInit(Z, best_speed),
    P1 = zlib:deflate(Z, text(2000)),
    ok = zlib:deflateParams(Z, best_compression, filtered),
    P2 = zlib:deflate(Z, text(4000)),
    ok = zlib:deflateParams(Z, none, default),
    P3 = zlib:deflate(Z, <<"tail">>, finish),
    ok = zlib:deflateEnd(Z),
    Params = iolist_to_binary([P1, P2, P3]),
    ?SHOW(deflate_params, {digest(Params),
                           zlib:uncompress(Params) =:= <<(text(2000))/binary, (text(4000))/binary, "tail">>}),
    ok = zlib:close(Z).

checksums() ->
    Data = text(10000),
    Z = zlib:open(),
    %% zlib:crc32/1 follows the plain text of raw streams only.
    ok = zlib:deflateInit(Z, default, deflated, -15, 8, default),
    Raw = iolist_to_binary(zlib:deflate(Z, Data, finish)),
    ?SHOW(raw_deflate_crc, zlib:crc32(Z) =:= erlang:crc32(Data)),
    ok = zlib:deflateEnd(Z),
    ok = zlib:inflateInit(Z, -15),
    _ = zlib:inflate(Z, Raw),
    ?SHOW(raw_inflate_crc, zlib:crc32(Z) =:= erlang:crc32(Data)),
    ok = zlib:inflateEnd(Z),
    ok = zlib:inflateInit(Z),
    _ = zlib:inflate(Z, zlib:compress(Data)),
    ?SHOW(framed_crc, zlib:crc32(Z)),
    ok = zlib:inflateEnd(Z),
    ?SHOW(crc32, {zlib:crc32(Z, <<"abc">>), zlib:crc32(Z, zlib:crc32(Z, <<"ab">>), "c"),
                  zlib:crc32_combine(Z, erlang:crc32(<<"ab">>), erlang:crc32(<<"c">>), 1)}),
    ?SHOW(adler32, {zlib:adler32(Z, <<"abc">>), zlib:adler32(Z, zlib:adler32(Z, <<"ab">>), "c"),
                    zlib:adler32_combine(Z, erlang:adler32(<<"ab">>), erlang:adler32(<<"c">>), 1)}),
    ?SHOW(checksum_badarg, {?CATCH(zlib:crc32(not_a_stream, <<"x">>)),
                            ?CATCH(zlib:adler32(not_a_stream, <<"x">>))}),
    ok = zlib:close(Z).

handles_and_processes() ->
    Self = self(),
    Z = zlib:open(),
    ?SHOW(is_reference, is_reference(Z)),
    ok = zlib:deflateInit(Z),
    %% Another process may hold the handle but not use it.
    Try = fun(F) -> spawn(fun() -> Self ! {tried, ?CATCH(F())} end),
                    receive {tried, R} -> R end
          end,
    ?SHOW(other_process, [Try(F) || F <- [fun() -> zlib:deflate(Z, <<"x">>) end,
                                           fun() -> zlib:close(Z) end,
                                           fun() -> zlib:set_controlling_process(Z, self()) end,
                                           fun() -> zlib:getBufSize(Z) end]]),
    %% Handing it over: the new controller uses it, the old one no more.
    Child = spawn(fun() ->
                          receive go -> ok end,
                          R = zlib:deflate(Z, <<"from the child">>, finish),
                          Self ! {child, iolist_to_binary(R), ?CATCH(zlib:deflateEnd(Z))}
                  end),
    ok = zlib:set_controlling_process(Z, Child),
    ?SHOW(old_controller, ?CATCH(zlib:deflate(Z, <<"x">>))),
    Child ! go,
    receive {child, Bytes, End} -> ?SHOW(new_controller, {Bytes, End}) end,
    %% Twenty processes race for one handle; only its controller gets through.
    Shared = zlib:open(),
    Racers = [spawn(fun() -> Self ! {race, ?CATCH(zlib:deflateInit(Shared))} end)
              || _ <- lists:seq(1, 20)],
    Results = [receive {race, R} -> R end || _ <- Racers],
    ?SHOW(race, lists:usort(Results)),
    ?SHOW(race_controller, zlib:deflateInit(Shared)),
    ok = zlib:close(Shared),
    %% Handles dropped without close: collected with their process.
    Dropper = spawn(fun() ->
                            [begin H = zlib:open(), ok = zlib:deflateInit(H) end
                             || _ <- lists:seq(1, 200)],
                            erlang:garbage_collect(),
                            Self ! dropped
                    end),
    receive dropped -> ?SHOW(dropped, is_pid(Dropper)) end.

errors() ->
    ?SHOW(uncompress_errors, [?CATCH(zlib:uncompress(D))
                              || D <- [<<1, 2, 3, 4, 5, 6, 7, 8, 9>>, <<1, 2>>, not_data,
                                       binary:part(zlib:compress(text(1000)), 0, 20)]]),
    ?SHOW(unzip_errors, [?CATCH(zlib:unzip(D)) || D <- [<<255, 255, 255>>, [1 | 2]]]),
    ?SHOW(gunzip_errors, [?CATCH(zlib:gunzip(D)) || D <- [<<"not gzip data">>, zlib:compress(<<"x">>)]]),
    ?SHOW(compress_errors, [?CATCH(zlib:compress(D)) || D <- [atom, [256], <<1:7>>]]),
    Z = zlib:open(),
    ?SHOW(not_initialized, [?CATCH(F()) || F <- [fun() -> zlib:deflate(Z, <<"x">>) end,
                                                 fun() -> zlib:inflate(Z, <<"x">>) end,
                                                 fun() -> zlib:deflateEnd(Z) end,
                                                 fun() -> zlib:inflateEnd(Z) end,
                                                 fun() -> zlib:deflateReset(Z) end,
                                                 fun() -> zlib:inflateGetDictionary(Z) end,
                                                 fun() -> zlib:crc32(Z) end]]),
    ok = zlib:deflateInit(Z),
    ?SHOW(already_initialized, {?CATCH(zlib:deflateInit(Z)), ?CATCH(zlib:inflateInit(Z))}),
    ?SHOW(inflate_on_deflate, ?CATCH(zlib:inflate(Z, <<"x">>))),
    ?SHOW(bad_arguments,
          [?CATCH(F()) || F <- [fun() -> zlib:deflate(Z, <<"x">>, sometimes) end,
                                fun() -> zlib:deflate(Z, not_iodata) end,
                                fun() -> zlib:deflateParams(Z, 10, default) end,
                                fun() -> zlib:deflateParams(Z, default, fancy) end,
                                fun() -> zlib:setBufSize(Z, 16) end,
                                fun() -> zlib:set_controlling_process(Z, not_a_pid) end]]),
    ?SHOW(deflate_end_with_input, {zlib:deflate(Z, <<"pending">>), ?CATCH(zlib:deflateEnd(Z))}),
    ?SHOW(bad_init_arguments,
          [?CATCH(apply(zlib, F, [Z | A]))
           || {F, A} <- [{deflateInit, [11]}, {deflateInit, [default, stored, 15, 8, default]},
                         {deflateInit, [default, deflated, 7, 8, default]},
                         {deflateInit, [default, deflated, 15, 10, default]},
                         {inflateInit, [-16]}, {inflateInit, [15, sometimes]}]]),
    %% Bad data inside a stream, and a stream cut short.
    ok = zlib:inflateInit(Z),
    ?SHOW(data_error, ?CATCH(zlib:inflate(Z, <<"definitely not zlib">>))),
    ok = zlib:inflateReset(Z),
    Short = binary:part(zlib:compress(<<"hello hello hello">>), 0, 10),
    ?SHOW(truncated, {iolist_to_binary(zlib:inflate(Z, Short)), ?CATCH(zlib:inflateEnd(Z))}),
    %% A closed stream.
    ok = zlib:close(Z),
    ?SHOW(closed, [?CATCH(F()) || F <- [fun() -> zlib:close(Z) end,
                                        fun() -> zlib:deflateInit(Z) end,
                                        fun() -> zlib:inflate(Z, <<>>) end,
                                        fun() -> zlib:getBufSize(Z) end]]),
    ?SHOW(not_a_stream, [?CATCH(F()) || F <- [fun() -> zlib:close(make_ref()) end,
                                              fun() -> zlib:deflateInit(self()) end,
                                              fun() -> zlib:inflate(42, <<>>) end]]).
