package parser

import "github.com/gq-dev/gq/eval/value"

// Node is a node of the q syntax tree. The set is sealed: only this package's types
// implement it. Every node knows its byte offset in the source.
type Node interface {
	Pos() int
	node()
}

// Const is a literal; its value is already built (1 2 3, `a`b, "str", 2000.01.01).
type Const struct {
	P int
	V value.Value
}

// Name is a variable reference (x, foo, .z.pg, .q.til). Keywords (til, count) are
// names too; the evaluator resolves them.
type Name struct {
	P    int
	Name string
}

// Verb is an operator glyph used as a value or function: + - * % ! @ # $ ^ & | < > = ~ , . ? _
// ' (as a function only in the fold's Signal), the unary forms "+:" "-:" ..., "::", "0:" "1:" "2:".
type Verb struct {
	P     int
	Glyph string
}

// Call is bracket application f[a;b;...]. A nil arg is an elided slot (f[;2]); f[] has
// one nil arg.
type Call struct {
	P    int
	Fn   Node
	Args []Node
}

// Prefix is juxtaposition f x: unary application (for a verb glyph, its unary form).
type Prefix struct {
	P   int
	Fn  Node
	Arg Node
}

// Infix is x f y with f a verb, an iterator-derived function, or an infix keyword.
// Right is nil for a left section such as (2+).
type Infix struct {
	P     int
	Fn    Node
	Left  Node
	Right Node
}

// Adverbed is Fn followed by an iterator: ' / \ ': /: \:
type Adverbed struct {
	P      int
	Fn     Node
	Adverb string
}

// Lambda is {[params] body}. Params are the explicit signature, or the implied x, y, z
// (as many as the highest used, at least x). Body statements run left to right; a nil
// statement is empty (a trailing ; makes the lambda return ::).
type Lambda struct {
	P      int
	Src    string
	Params []string
	Body   []Node
}

// ListExpr is (a;b;c). A nil item is an elided one (the generic null).
type ListExpr struct {
	P     int
	Items []Node
}

// Column is one column of a table literal or one phrase of a qSQL query: Name:Expr.
// Name is "" when not given (the evaluator derives it).
type Column struct {
	Name string
	Expr Node
}

// TableExpr is ([keys] cols).
type TableExpr struct {
	P    int
	Keys []Column
	Cols []Column
}

// Assign is name:v, name[i;j]:v, name op: v, and name::v (Global). Op is nil for plain
// assignment; Index is nil unless the target is indexed.
type Assign struct {
	P      int
	Name   string
	Index  []Node
	Op     Node
	Global bool
	Value  Node
	Src    string // a top-level name::expr: the text of expr (a view's definition)
}

// Cond is $[c;t;f] and $[c1;t1;c2;t2;...;f].
type Cond struct {
	P    int
	Args []Node
}

// Ctrl is if[c;...], do[n;...] and while[c;...].
type Ctrl struct {
	P    int
	Kind string
	Cond Node
	Body []Node
}

// Return is :x inside a lambda.
type Return struct {
	P     int
	Value Node
}

// Signal is 'x.
type Signal struct {
	P     int
	Value Node
}

// Query is a qSQL template: select, exec, update or delete.
type Query struct {
	P        int
	Kind     string // "select", "exec", "update", "delete"
	Limit    Node   // select[n] / select[m n] (nil if absent)
	Order    Node   // select[>c] / select[<c] sort column as a Name (nil if absent)
	Desc     bool   // Order is descending
	Distinct bool
	Cols     []Column
	By       []Column
	From     Node
	Where    []Node
}

// Seq is a list of statements separated by ; (used where a nested block needs one node).
type Seq struct {
	P     int
	Stmts []Node
}

func (n *Const) Pos() int     { return n.P }
func (n *Name) Pos() int      { return n.P }
func (n *Verb) Pos() int      { return n.P }
func (n *Call) Pos() int      { return n.P }
func (n *Prefix) Pos() int    { return n.P }
func (n *Infix) Pos() int     { return n.P }
func (n *Adverbed) Pos() int  { return n.P }
func (n *Lambda) Pos() int    { return n.P }
func (n *ListExpr) Pos() int  { return n.P }
func (n *TableExpr) Pos() int { return n.P }
func (n *Assign) Pos() int    { return n.P }
func (n *Cond) Pos() int      { return n.P }
func (n *Ctrl) Pos() int      { return n.P }
func (n *Return) Pos() int    { return n.P }
func (n *Signal) Pos() int    { return n.P }
func (n *Query) Pos() int     { return n.P }
func (n *Seq) Pos() int       { return n.P }

func (*Const) node()     {}
func (*Name) node()      {}
func (*Verb) node()      {}
func (*Call) node()      {}
func (*Prefix) node()    {}
func (*Infix) node()     {}
func (*Adverbed) node()  {}
func (*Lambda) node()    {}
func (*ListExpr) node()  {}
func (*TableExpr) node() {}
func (*Assign) node()    {}
func (*Cond) node()      {}
func (*Ctrl) node()      {}
func (*Return) node()    {}
func (*Signal) node()    {}
func (*Query) node()     {}
func (*Seq) node()       {}
