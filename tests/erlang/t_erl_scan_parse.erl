%% erl_scan, erl_parse, erl_pp and erl_eval on real source text: a module
%% is scanned, split into forms, parsed, summarised, pretty-printed and
%% partly evaluated; terms and expressions are parsed from text; malformed
%% text gives the documented error tuples.
-module(t_erl_scan_parse).
-export([main/0]).
-include("corpus.hrl").

main() ->
    scanning(),
    parsing(),
    pretty_printing(),
    terms_and_exprs(),
    errors(),
    erlang:halt(0).

%% The program's input, as it would come from a file.
source() ->
    lists:flatten(lists:join("\n", [
        "%% A small inventory module.",
        "-module(inventory).",
        "-export([new/0, add/3, total/1, report/1]).",
        "-record(item, {name, qty = 0, price = 0.0}).",
        "-type stock() :: #{atom() => #item{}}.",
        "",
        "-spec new() -> stock().",
        "new() -> #{}.",
        "",
        "add(Name, Qty, Stock) when is_atom(Name), Qty > 0 ->",
        "    case maps:find(Name, Stock) of",
        "        {ok, #item{qty = Q} = I} -> Stock#{Name := I#item{qty = Q + Qty}};",
        "        error -> Stock#{Name => #item{name = Name, qty = Qty}}",
        "    end.",
        "",
        "total(Stock) ->",
        "    lists:foldl(fun(#item{qty = Q, price = P}, Acc) -> Acc + Q * P end,",
        "                0, maps:values(Stock)).",
        "",
        "report(Stock) ->",
        "    [io_lib:format(\"~s: ~b~n\", [N, Q]) || #item{name = N, qty = Q} <- maps:values(Stock)].",
        "",
        "parse(<<Len:16, Body:Len/binary, Rest/binary>>) -> {Body, Rest};",
        "parse(<<>>) -> eof.",
        "",
        "classify(X) ->",
        "    try X of",
        "        0 -> zero;",
        "        N when N > 0 -> $+",
        "    catch",
        "        error:badarith -> 'bad value'",
        "    after",
        "        ok",
        "    end.",
        ""])).

scanning() ->
    {ok, Tokens, EndLine} = erl_scan:string(source()),
    ?SHOW(token_count, {length(Tokens), EndLine}),
    Categories = lists:foldl(fun(T, Acc) -> orddict:update_counter(element(1, T), 1, Acc) end,
                             orddict:new(), Tokens),
    ?SHOW(categories, Categories),
    ?SHOW(first_tokens, lists:sublist(Tokens, 8)),
    {ok, WithColumns, _} = erl_scan:string("f(X) -> X + 1.", {1, 1}),
    ?SHOW(columns, [{erl_scan:category(T), erl_scan:location(T)} || T <- WithColumns]),
    {ok, WithText, _} = erl_scan:string("'a b' 1.5e3 \"s\" $x", 1, [text]),
    ?SHOW(text_option, [{erl_scan:category(T), erl_scan:text(T)} || T <- WithText]),
    {ok, WithComments, _} = erl_scan:string("x. % trailing\n", 1, [return_comments]),
    ?SHOW(comments, WithComments),
    ?SHOW(reserved, {erl_scan:reserved_word('receive'), erl_scan:reserved_word(foo)}).

%% Tokens up to and including each dot are one form.
forms(Tokens) -> forms(Tokens, [], []).

forms([], [], Acc) -> lists:reverse(Acc);
forms([{dot, _} = Dot | Rest], Cur, Acc) -> forms(Rest, [], [lists:reverse([Dot | Cur]) | Acc]);
forms([T | Rest], Cur, Acc) -> forms(Rest, [T | Cur], Acc).

parsed_forms() ->
    {ok, Tokens, _} = erl_scan:string(source()),
    [begin {ok, F} = erl_parse:parse_form(Ts), F end || Ts <- forms(Tokens)].

parsing() ->
    Forms = parsed_forms(),
    ?SHOW(form_count, length(Forms)),
    ?SHOW(summary, [summarise(F) || F <- Forms]),
    [Add] = [F || {function, _, add, 3, _} = F <- Forms],
    ?SHOW(add_clause_shape, begin {function, _, add, 3, [{clause, _, Args, Guards, Body}]} = Add,
                                  {length(Args), length(Guards), length(hd(Guards)), element(1, hd(Body))} end),
    ?SHOW(anno_lines, [erl_anno:line(element(2, F)) || F <- Forms]).

summarise({attribute, _, Name, Value}) when Name =:= module; Name =:= export -> {Name, Value};
summarise({attribute, _, record, {Name, Fields}}) -> {record, Name, length(Fields)};
summarise({attribute, _, Name, _}) -> {attribute, Name};
summarise({function, _, Name, Arity, Clauses}) -> {function, Name, Arity, length(Clauses)}.

pretty_printing() ->
    Forms = parsed_forms(),
    [Total] = [F || {function, _, total, 1, _} = F <- Forms],
    ?SHOW(pp_total, lists:flatten(erl_pp:form(Total))),
    [Classify] = [F || {function, _, classify, 1, _} = F <- Forms],
    ?SHOW(pp_classify, lists:flatten(erl_pp:form(Classify))),
    [Record] = [F || {attribute, _, record, _} = F <- Forms],
    ?SHOW(pp_record, lists:flatten(erl_pp:form(Record))),
    {ok, Exprs} = erl_parse:parse_exprs(element(2, erl_scan:string("X = [A || A <- L, A > 1], {X, #{k => X}}."))),
    ?SHOW(pp_exprs, lists:flatten(erl_pp:exprs(Exprs))).

terms_and_exprs() ->
    {ok, Ts, _} = erl_scan:string("{config, [{port, 8080}, {host, \"localhost\"}], <<\"raw\">>, 1.5, #{a => [b]}}."),
    ?SHOW(parse_term, erl_parse:parse_term(Ts)),
    ?SHOW(abstract_round_trip, begin
                                   Term = {x, [1, 2.5, "s"], #{k => <<"v">>}},
                                   erl_parse:normalise(erl_parse:abstract(Term)) =:= Term
                               end),
    Eval = fun(Text, Bindings) ->
                   {ok, Toks, _} = erl_scan:string(Text),
                   {ok, Es} = erl_parse:parse_exprs(Toks),
                   {value, V, _} = erl_eval:exprs(Es, Bindings),
                   V
           end,
    ?SHOW(eval_arith, Eval("lists:sum([X * 2 || X <- [1, 2, 3]]) + 1.", [])),
    ?SHOW(eval_bindings, Eval("Y = X * 10, {X, Y}.", [{'X', 4}])),
    ?SHOW(eval_fun, Eval("F = fun(N) -> N * N end, lists:map(F, [1, 2, 3]).", [])),
    ?SHOW(eval_case, Eval("case {a, 1} of {a, N} when N > 0 -> pos; _ -> other end.", [])),
    ?SHOW(eval_binary, Eval("<<A:4, B:4>> = <<16#5F>>, [A, B].", [])),
    ?SHOW(eval_try, Eval("try 1 / 0 catch error:R -> {caught, R} end.", [])),
    ?SHOW(eval_recursion, Eval("Fact = fun F(0) -> 1; F(N) -> N * F(N - 1) end, Fact(20).", [])),
    ?SHOW(eval_map, Eval("M = #{a => 1}, M#{b => 2}.", [])).

errors() ->
    ?SHOW(unterminated_string, erl_scan:string("\"abc")),
    ?SHOW(unterminated_atom, erl_scan:string("'abc")),
    ?SHOW(illegal_float, erl_scan:string("1.0e")),
    ?SHOW(lone_dollar, erl_scan:string("$")),
    {ok, Bad, _} = erl_scan:string("f(X) -> X +."),
    ?SHOW(syntax_error, erl_parse:parse_form(Bad)),
    {ok, Bad2, _} = erl_scan:string("{a, b."),
    ?SHOW(bad_term, erl_parse:parse_term(Bad2)),
    {ok, NotTerm, _} = erl_scan:string("X + 1."),
    ?SHOW(not_a_term, erl_parse:parse_term(NotTerm)),
    {error, {_, erl_parse, Message}} = erl_parse:parse_form(Bad),
    ?SHOW(formatted_message, lists:flatten(erl_parse:format_error(Message))).
