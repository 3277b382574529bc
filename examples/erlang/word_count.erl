%% The bundled Erlang program of the README's quick start: counts the words
%% of a text with the standard library (binary, string, maps, lists) and
%% prints the most frequent ones, then how long the counting took.
%%
%%   bazel run -c opt //examples:word_count      on ling
%%   erl -noshell -pa DIR -s word_count main     the same .beam on erl
-module(word_count).
-export([main/0, top_words/2]).

main() ->
    Text = iolist_to_binary(lists:duplicate(2000, text())),
    Start = erlang:monotonic_time(microsecond),
    Top = top_words(Text, 8),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    lists:foreach(fun({Word, Count}) -> erlang:display({Word, Count}) end, Top),
    erlang:display({words, lists:sum([C || {_, C} <- Top]), microseconds, Elapsed}),
    erlang:halt(0).

%% The N most frequent words of Text (lower case, letters only), most
%% frequent first, ties in word order.
top_words(Text, N) ->
    Words = [string:lowercase(W) || W <- binary:split(Text, separators(), [global, trim_all])],
    Counts = lists:foldl(fun(W, Acc) -> maps:update_with(W, fun(C) -> C + 1 end, 1, Acc) end,
                         #{}, Words),
    Sorted = lists:sort(fun({W1, C1}, {W2, C2}) -> {C1, W2} >= {C2, W1} end, maps:to_list(Counts)),
    lists:sublist(Sorted, N).

separators() -> [<<" ">>, <<"\n">>, <<",">>, <<".">>, <<";">>, <<":">>, <<"!">>, <<"?">>].

text() ->
    <<"It was the best of times, it was the worst of times, it was the age of wisdom,\n"
      "it was the age of foolishness, it was the epoch of belief, it was the epoch of\n"
      "incredulity, it was the season of Light, it was the season of Darkness, it was\n"
      "the spring of hope, it was the winter of despair.\n">>.
