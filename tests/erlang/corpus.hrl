%% Shared by every program of the corpus (tests/erlang/*.erl).
%%
%% The programs print only through erlang:display/1, so a line of output is
%% one term. ?SHOW tags each term so that a difference between VMs points at
%% its source.

-define(SHOW(Tag, Expr), erlang:display({Tag, Expr})).

%% {ok, Value} or {Class, Reason}. The try sits inside a one-element list
%% comprehension because a comprehension has its own variable scope: two
%% plain try expressions in one function that bind the same catch variables
%% are rejected by the compiler ("unsafe in 'try'"), and a fun would make
%% every program depend on funs working.
-define(CATCH(Expr),
        hd([try {ok, Expr} catch Class__:Reason__ -> {Class__, Reason__} end
            || _ <- [x]])).

-compile({nowarn_unused_function, [{id, 1}]}).

%% Hides a value from the compiler, so that the operation under test runs in
%% the VM instead of being folded into a literal (or refused with a warning
%% about a certain exception).
id(X) -> X.
