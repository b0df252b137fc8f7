package eval

import (
	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
	"github.com/gq-dev/gq/parser"
)

// parse (and -5!) turn a string into kdb+'s parse tree: a name is a symbol, a symbol
// constant is enlisted, an application is a general list (f;a;b), a keyword is its
// value, a lambda stays a lambda, and qSQL becomes its functional form ?[t;c;b;a] or
// ![t;c;b;a]. eval (evalTree) runs such a tree.

// parseKw implements parse x: parse "1+2" is (+;1;2).
func parseKw(ip *Interp, x value.Value) value.Value {
	s, ok := qStringArg(x)
	if !ok {
		errType()
	}
	stmts, err := parser.ParseCached(s)
	if err != nil {
		panic(asQError(err))
	}
	w := &treeWalker{c: &compiler{ip: ip, ns: ip.cur}}
	switch len(stmts) {
	case 0:
		return nullVal
	case 1:
		return w.tree(stmts[0])
	}
	return w.seq(stmts)
}

// holeVal stands for an elided argument in a parse tree (f[;1] is (`f;::;1)). It
// shows as :: but, unlike ::, eval turns it back into a hole, as kdb+'s "magic"
// elided value does; kdb+ serializes it as unary primitive 0xff.
var holeVal value.Value = &value.Prim{Name: "::", T: value.TUnary, ID: 0xff}

// Characters head the trees of statements that are not applications: parse "1;2"
// is (";";1;2), 'x is ("'";`x) and :x is (":";`x).
const (
	seqMark    = value.Char(';')
	signalMark = value.Char('\'')
	returnMark = value.Char(':')
)

// iterVals are the iterators as values (type 103), the heads of (/;+) and (';f).
var iterVals = func() map[string]*value.Prim {
	m := map[string]*value.Prim{}
	for i, g := range wire.IterNames {
		m[g] = &value.Prim{Name: g, T: value.TTernary, ID: byte(i)}
	}
	return m
}()

// treeWalker builds parse trees; c compiles lambdas in the current context.
type treeWalker struct {
	c *compiler
}

// quoted wraps x in a one-item list, the parse tree of a constant.
func quoted(x value.Value) value.Value {
	return value.NewList([]value.Value{x})
}

// quoteTree makes tree t a constant that eval gives back: exec a from t passes `a
// (,`a in its tree) and exec sum a from t passes (sum;`a) (,(sum;`a)); an atom other
// than a symbol is already its own value.
func quoteTree(t value.Value) value.Value {
	if value.IsAtom(t) && t.Type() != -value.TSym {
		return t
	}
	return quoted(t)
}

// seq is the tree of statements run left to right.
func (w *treeWalker) seq(stmts []parser.Node) value.Value {
	items := make([]value.Value, 0, len(stmts)+1)
	items = append(items, seqMark)
	for _, s := range stmts {
		items = append(items, w.tree(s))
	}
	return &value.List{Items: items}
}

// ptree makes the general list (f;args...) without collapsing it to a vector.
func ptree(items ...value.Value) value.Value {
	return &value.List{Items: items}
}

// tree is the parse tree of one node.
func (w *treeWalker) tree(n parser.Node) value.Value {
	switch n := n.(type) {
	case nil:
		return nullVal
	case *parser.Const:
		return constTree(n.V)
	case *parser.Name:
		return nameTree(n.Name)
	case *parser.Verb:
		return verbValue(n.Glyph)
	case *parser.Lambda:
		return w.c.compileLambda(n)
	case *parser.Call:
		var f value.Value
		if v, ok := n.Fn.(*parser.Verb); ok && v.Glyph == "'" { // '[f] is each, '[f;g] composes
			f = iterVals["'"]
		} else {
			f = w.tree(n.Fn)
		}
		return ptree(append([]value.Value{f}, w.args(n.Args)...)...)
	case *parser.Prefix:
		return ptree(w.prefixFn(n.Fn), w.tree(n.Arg))
	case *parser.Infix:
		if n.Right == nil {
			// a left section (2+) projects f on its left argument; one argument
			// applies an operator or binary keyword as a projection, anything
			// else (2+/) needs the elided right argument
			f := w.tree(n.Fn)
			if p, ok := f.(*value.Prim); ok && p.T == value.TBinary {
				return ptree(f, w.tree(n.Left))
			}
			return ptree(f, w.tree(n.Left), holeVal)
		}
		return ptree(w.tree(n.Fn), w.tree(n.Left), w.tree(n.Right))
	case *parser.Adverbed:
		it := iterVals[n.Adverb]
		if it == nil {
			errNyi()
		}
		return ptree(it, w.tree(n.Fn))
	case *parser.ListExpr:
		if len(n.Items) == 0 {
			return &value.List{Items: []value.Value{}}
		}
		return ptree(append([]value.Value{primByName("enlist")}, w.args(n.Items)...)...)
	case *parser.TableExpr:
		return w.table(n)
	case *parser.Assign:
		return w.assign(n)
	case *parser.Cond:
		return ptree(append([]value.Value{verbValue("$")}, w.condArgs(n.Args)...)...)
	case *parser.Return:
		return ptree(returnMark, w.tree(n.Value))
	case *parser.Signal:
		return ptree(signalMark, w.tree(n.Value))
	case *parser.Ctrl: // if[c;e] is (`if;c;e): the control words stay symbols
		items := []value.Value{value.Sym(n.Kind), w.tree(n.Cond)}
		for _, b := range n.Body {
			items = append(items, w.tree(b))
		}
		return ptree(items...)
	case *parser.Seq:
		return w.seq(n.Stmts)
	case *parser.Query:
		return w.query(n)
	}
	errNyi()
	return nil
}

// constTree is a literal's tree: symbols are enlisted so they are not read as names.
func constTree(v value.Value) value.Value {
	switch v.(type) {
	case value.Sym, *value.Vec[string], *value.List:
		return quoted(v)
	}
	return v
}

// nameTree is a name's tree: a keyword is its value (count is #:), anything else a
// symbol. Dotted names (.Q.s1) are variables in kdb+, never keywords.
func nameTree(name string) value.Value {
	if name != "" && name[0] != '.' && !isGlyph(name) {
		if p := primByName(name); p != nil {
			return p
		}
	}
	return value.Sym(name)
}

// prefixFn is the head of juxtaposition f x: a verb glyph there is its unary form,
// (+)4 is (+:;4).
func (w *treeWalker) prefixFn(fn parser.Node) value.Value {
	if v, ok := fn.(*parser.Verb); ok {
		g := v.Glyph
		if g != "" && g != "::" && g != "'" && g[len(g)-1] != ':' {
			g += ":"
		}
		return verbValue(g)
	}
	return w.tree(fn)
}

// args are bracket arguments or list items; an elided one is the hole.
func (w *treeWalker) args(ns []parser.Node) []value.Value {
	r := make([]value.Value, len(ns))
	for i, a := range ns {
		if a == nil {
			r[i] = holeVal
		} else {
			r[i] = w.tree(a)
		}
	}
	return r
}

// condArgs are $[...]'s arguments; an empty one is ::.
func (w *treeWalker) condArgs(ns []parser.Node) []value.Value {
	r := make([]value.Value, len(ns))
	for i, a := range ns {
		r[i] = w.tree(a)
	}
	return r
}

// assign is the tree of a:v (:;`a;v), a+:v (+:;`a;v), a[i]:v (:;(`a;i);v) and
// a::v (::;`a;v).
func (w *treeWalker) assign(n *parser.Assign) value.Value {
	if n.Name == "" || n.Op != nil && n.Global {
		errNyi()
	}
	var target value.Value = value.Sym(n.Name)
	if n.Index != nil {
		target = ptree(append([]value.Value{target}, w.args(n.Index)...)...)
	}
	head := verbValue(":")
	switch {
	case n.Global:
		head = nullVal
	case n.Op != nil:
		v, ok := n.Op.(*parser.Verb)
		if !ok {
			errNyi()
		}
		head = verbValue(v.Glyph + ":")
	}
	return ptree(head, target, w.tree(n.Value))
}

// table is the tree of ([k] c): flip of a dictionary, keyed by a second one.
// ([]a:1 2) is (+:;(!;,,`a;(enlist;1 2))).
func (w *treeWalker) table(n *parser.TableExpr) value.Value {
	vals := w.tableDict(n.Cols, keysNames(n.Keys))
	if len(n.Keys) == 0 {
		return vals
	}
	return ptree(verbValue("!"), w.tableDict(n.Keys, nil), vals)
}

// tableDict is the tree of flip names!(enlist;values...), with the names a table
// literal gives its columns.
func (w *treeWalker) tableDict(cols []parser.Column, taken []string) value.Value {
	names := tableColNames(cols, taken)
	vals := make([]value.Value, 0, len(cols)+1)
	vals = append(vals, primByName("enlist"))
	for _, col := range cols {
		vals = append(vals, w.tree(col.Expr))
	}
	var vt value.Value = &value.List{Items: []value.Value{}} // (enlist) alone would be a constant
	if len(cols) > 0 {
		vt = ptree(vals...)
	}
	d := ptree(verbValue("!"), quoted(value.Syms(names)), vt)
	return ptree(verbValue("+:"), d)
}

// query is a qSQL template's functional form:
// select: (?;t;c;b;a) with b 0b (1b for distinct) or a dictionary, a () or a
// dictionary, then [n] and [(<:;`col)] for select[n;<col];
// exec: (?;t;c;();a), with a one unnamed column (or by) as its enlisted tree;
// update: (!;t;c;b;a); delete: (!;t;c;0b;cols) with cols `symbol$() for rows.
// The where list c is () or its enlisted list of constraint trees.
func (w *treeWalker) query(n *parser.Query) value.Value {
	from := w.tree(n.From)
	var where value.Value = &value.List{Items: []value.Value{}}
	if len(n.Where) > 0 {
		where = ptree(ptree(w.args(n.Where)...))
	}
	switch n.Kind {
	case "select":
		if n.Distinct && len(n.By) > 0 {
			errNyi()
		}
		var by value.Value = value.Bool(n.Distinct)
		if len(n.By) > 0 {
			by = w.phraseDict(n.By, true)
		}
		cols := w.phraseDict(n.Cols, true)
		for _, c := range phraseNames(n.Cols) { // kdb+ 4.0 refuses a column named like a group
			for _, b := range phraseNames(n.By) {
				if c == b {
					signal("dup names for cols/groups " + c)
				}
			}
		}
		r := []value.Value{verbValue("?"), from, where, by, cols}
		if n.Limit != nil || n.Order != nil {
			var lim value.Value = value.Long(value.InfLong)
			if n.Limit != nil {
				lim = w.tree(n.Limit)
			}
			r = append(r, lim)
		}
		if n.Order != nil {
			g := "<:"
			if n.Desc {
				g = ">:"
			}
			r = append(r, quoted(ptree(verbValue(g), w.tree(n.Order))))
		}
		return ptree(r...)
	case "exec":
		if n.Limit != nil || n.Order != nil {
			errNyi()
		}
		cols := n.Cols
		if n.Distinct && len(cols) > 0 { // exec distinct a is distinct applied to a
			cols = append([]parser.Column(nil), cols...)
			cols[0].Expr = &parser.Prefix{Fn: &parser.Name{Name: "distinct"}, Arg: cols[0].Expr}
		}
		var by value.Value = &value.List{Items: []value.Value{}}
		if len(n.By) == 1 && n.By[0].Name == "" && isLeaf(n.By[0].Expr) {
			by = quoteTree(w.tree(n.By[0].Expr)) // by b is `b; by 0b selects
		} else if len(n.By) > 0 {
			by = w.phraseDict(n.By, false)
		}
		var a value.Value
		if len(cols) == 1 && cols[0].Name == "" {
			a = quoteTree(w.tree(cols[0].Expr))
		} else {
			a = w.phraseDict(cols, false)
		}
		return ptree(verbValue("?"), from, where, by, a)
	case "update":
		if n.Limit != nil || n.Order != nil || n.Distinct {
			errNyi()
		}
		var by value.Value = value.Bool(false)
		if len(n.By) > 0 {
			by = w.phraseDict(n.By, false)
		}
		return ptree(verbValue("!"), from, where, by, w.phraseDict(n.Cols, false))
	case "delete":
		if n.Limit != nil || n.Order != nil || n.Distinct || len(n.By) > 0 {
			errNyi()
		}
		names := make([]string, len(n.Cols))
		for i, c := range n.Cols {
			nm, ok := c.Expr.(*parser.Name)
			if !ok || c.Name != "" {
				errNyi()
			}
			names[i] = nm.Name
		}
		var a value.Value = value.Syms(names)
		if len(names) > 0 {
			a = quoted(a)
		}
		return ptree(verbValue("!"), from, where, value.Bool(false), a)
	}
	errNyi()
	return nil
}

// isLeaf reports whether n is a name or a literal.
func isLeaf(n parser.Node) bool {
	switch n.(type) {
	case *parser.Name, *parser.Const:
		return true
	}
	return false
}

// phraseNames are the result names of qSQL phrases: given, or derived as kdb+ does
// (sum qty is qty, count i is x).
func phraseNames(cols []parser.Column) []string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
		if names[i] == "" {
			names[i] = derivedName(c.Expr)
		}
	}
	return names
}

// phraseDict is the dictionary names!trees of qSQL phrases, () for none; select
// renames repeated names (a,a is a,a1) as kdb+ 4.0 does.
func (w *treeWalker) phraseDict(cols []parser.Column, dedup bool) value.Value {
	if len(cols) == 0 {
		return &value.List{Items: []value.Value{}}
	}
	names := phraseNames(cols)
	if dedup {
		names = dedupNames(names)
	}
	trees := make([]value.Value, len(cols))
	for i, c := range cols {
		trees[i] = w.tree(c.Expr)
	}
	return &value.Dict{K: value.Syms(names), V: value.NewList(trees)}
}

// evalForm runs the trees whose arguments are not all evaluated first: sequences
// (";";a;b) left to right, assignments (:;`a;v), (+:;`a;v), (::;`a;v), (:;(`a;i);v),
// and $[c;t;f], which evaluates only the branch taken.
func (ip *Interp) evalForm(items []value.Value) (value.Value, bool) {
	switch h := items[0].(type) {
	case value.Char:
		switch {
		case h == seqMark:
			var r value.Value = nullVal
			for _, s := range items[1:] {
				r = ip.evalTree(s)
			}
			return r, true
		case h == signalMark && len(items) == 2:
			signalValue(ip.evalTree(items[1]))
		case h == returnMark && len(items) == 2:
			return ip.evalTree(items[1]), true
		}
		return nil, false
	case value.Sym:
		if len(items) > 2 && (h == "if" || h == "do" || h == "while") {
			ip.evalCtrl(string(h), items[1], items[2:])
			return nullVal, true
		}
		return nil, false
	}
	p, ok := items[0].(*value.Prim)
	if !ok || p == holeVal {
		return nil, false
	}
	switch {
	case p.Name == ":" && len(items) == 3, p.Name == "::" && len(items) == 3 && isTarget(items[1]):
		return ip.evalAssign(p, items[1], items[2]), true
	case p.T == value.TUnary && len(items) == 3 && len(p.Name) == 2 && p.Name[1] == ':' && isTarget(items[1]):
		return ip.evalAssign(p, items[1], items[2]), true
	case p.Name == "$" && len(items) >= 4:
		args := items[1:]
		i := 0
		for ; i+1 < len(args); i += 2 {
			if truthy(ip.evalTree(args[i])) {
				return ip.evalTree(args[i+1]), true
			}
		}
		if i < len(args) {
			return ip.evalTree(args[i]), true
		}
		return nullVal, true
	}
	return nil, false
}

// evalCtrl runs the trees (`if;c;body...), (`do;n;body...) and (`while;c;body...).
func (ip *Interp) evalCtrl(kind string, cond value.Value, body []value.Value) {
	run := func() {
		for _, b := range body {
			ip.evalTree(b)
		}
	}
	switch kind {
	case "if":
		if truthy(ip.evalTree(cond)) {
			run()
		}
	case "do":
		for k, i := doCount(ip.evalTree(cond)), int64(0); i < k; i++ {
			ip.checkStop()
			run()
		}
	case "while":
		for truthy(ip.evalTree(cond)) {
			ip.checkStop()
			run()
		}
	}
}

// isTarget reports whether t names what an assignment sets: `a or (`a;i...).
func isTarget(t value.Value) bool {
	switch v := t.(type) {
	case value.Sym:
		return true
	case *value.List:
		if len(v.Items) > 1 {
			_, ok := v.Items[0].(value.Sym)
			return ok
		}
	}
	return false
}

// evalAssign runs the assignment tree (op;target;v) through the compiler's own
// assignment, so that eval parse s assigns exactly as value s does.
func (ip *Interp) evalAssign(op *value.Prim, target, v value.Value) value.Value {
	if !isTarget(target) {
		errType()
	}
	a := &parser.Assign{Value: &parser.Const{V: ip.evalTree(v)}}
	if l, ok := target.(*value.List); ok {
		a.Name = string(l.Items[0].(value.Sym))
		a.Index = make([]parser.Node, len(l.Items)-1)
		for i := len(a.Index) - 1; i >= 0; i-- {
			if it := l.Items[i+1]; it != holeVal {
				a.Index[i] = &parser.Const{V: ip.evalTree(it)}
			}
		}
	} else {
		a.Name = string(target.(value.Sym))
	}
	switch op.Name {
	case ":":
	case "::":
		a.Global = true
	default:
		a.Op = &parser.Verb{Glyph: op.Name[:1]}
	}
	c := &compiler{ip: ip, ns: ip.cur}
	return c.compile(a)(ip.topFrame(ip.cur))
}

// applyTree applies a tree's evaluated head to its arguments: an iterator makes a
// derived function ((/;+) is +/), f[] passes ::, and a nil argument (an elided one)
// makes a projection.
func (ip *Interp) applyTree(f value.Value, args []value.Value) value.Value {
	if p, ok := f.(*value.Prim); ok && p.T == value.TTernary {
		if t, ok := adverbTypes[p.Name]; ok && len(args) == 1 && args[0] != nil {
			return &value.Derived{Adverb: t, Fn: args[0]}
		}
		if p.Name == "'" { // '[f;g;...] composes, as the verb does
			return ip.apply(verbValue("'"), args)
		}
	}
	if len(args) == 1 && args[0] == nil {
		return ip.applyNiladic(f)
	}
	if !value.IsFunc(f) && f.Type() >= 0 {
		return ip.indexDepth(f, args)
	}
	return ip.apply(f, args)
}

// treeVar is the value of a name in a parse tree: a variable, or a built-in that gq
// keeps outside the namespaces (.Q.s1).
func (ip *Interp) treeVar(name string) value.Value {
	if v := ip.lookupGlobal(name); v != nil {
		return v
	}
	if p := primByName(name); p != nil && !isGlyph(name) {
		return p
	}
	signal(name)
	return nil
}
