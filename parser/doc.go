// Package parser turns q source text into the AST of ast.go.
//
// Three stages: a hand-written lexer (lexer.go) that owns q's context-sensitive rules
// (minus sign, comments, glued adverbs and brackets, literal strands), a participle
// grammar (grammar.go) that only groups tokens into flat item sequences, and a fold
// (fold.go) that reads each sequence right to left as q does.
//
// How constructs come out (Dump notation in brackets):
//
//	1+2          Infix{Fn: Verb "+", Left: 1, Right: 2}          (+ 1 2)
//	-x           Prefix{Fn: Verb "-", Arg: x} (unary use)         (@ - x)
//	x -1         Prefix{Fn: x, Arg: -1}: -1 is a literal          (@ x -1)
//	f x          Prefix{Fn: f, Arg: x}                            (@ f x)
//	(2+)         Infix with Right nil (a section)                 (+ 2 _)
//	(+)          Verb "+"
//	#: -: |:     Verb with Glyph "#:" etc. (deprecated unary forms)
//	::           Verb "::"; 3 :: is Prefix{Verb "::", 3}
//	+/           Adverbed{Fn: Verb "+", Adverb: "/"}
//	x f/ y       Infix{Fn: Adverbed{f, "/"}, x, y}: derived functions are infix
//	f'[x;y]      Call{Fn: Adverbed{f, "'"}, Args: [x y]}
//	f[;2]        Call with a nil arg (elided); f[] is Call with one nil arg
//	.[f;a]       Call{Fn: Verb ".", Args: [f a]}
//	@[x;i;:;v]   Call{Fn: Verb "@", Args: [x i Verb ":" v]}
//	'[f;g]       Call{Fn: Verb "'", Args: [f g]} (composition)
//	(0|+)        the same composition node: '[Infix(| 0 nil); Verb +]; a trailing
//	             verb makes everything to its left compose (105>sum@ is
//	             '[105>; sum@], reciprocal(%). is '[reciprocal; (%).])
//	$[c;t;f]     Cond (3 or more args); $[a;b] is Call{Verb "$"}
//	if[c;e;...]  Ctrl{Kind: "if", Cond: c, Body: [e ...]} (also do, while)
//	:x           Return;  'x is Signal; ' alone is Signal with nil Value
//	a:v          Assign{Name: "a", Value: v}
//	a[i;j]:v     Assign{Name: "a", Index: [i j]}; (a i):v is the same with Index [i]
//	a+:v         Assign{Name: "a", Op: Verb "+"}; a[i],:v adds Index
//	a::v         Assign{Global: true} (global in a lambda, view at top level)
//	(a;b):v      Infix{Fn: Verb ":", Left: ListExpr, Right: v} (left for eval)
//	(a;;b)       ListExpr with a nil item; () is ListExpr with no items; (x) is x
//	([k:..] c)   TableExpr; a column without a name has Name ""
//	{x+y}        Lambda{Src: "{x+y}", Params: [x y], Body: [...]}; {[] 1} has
//	             Params [] (empty, not nil); a trailing ; leaves a nil last statement
//	select ...   Query: Cols/By are Columns (Name "" when not given), Where is
//	             one node per top-level comma phrase, Limit/Order from select[n;>c]
//	dt.year      Name "dt.year": dotted names are single tokens
//
// Errors are *value.Error with q's text: ( ) [ ] { } for unbalanced brackets, " for
// an open string, char, params, assign (cos:12), limit (nesting), the variable's name
// for {a::1;a:1}, and parse for anything else.
package parser
