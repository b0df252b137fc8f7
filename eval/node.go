package eval

import (
	"strconv"
	"strings"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// expr is a compiled node: the tree is walked once, at compile time, into closures,
// so a lambda body runs without re-dispatching on node types or looking names up.
type expr func(fr *frame) value.Value

// compiler turns syntax into exprs for code of one context; sc is the enclosing
// lambda's scope (nil at top level, where every name is global).
type compiler struct {
	ip *Interp
	ns *namespace
	sc *scope
	// src is the source being compiled (a lambda's text, a console line); node offsets
	// minus base are offsets into src.text. lamName names the lambda literal about to
	// be compiled (f:{...} at the top level).
	src     *codeSrc
	base    int
	lamName string
}

// at is n's offset in the source of the code being compiled, where an error there
// puts its caret.
func (c *compiler) at(n parser.Node) int32 { return int32(n.Pos() - c.base) }

// nullVal is the generic null ::.
var nullVal value.Value = &value.Prim{Name: "::", T: value.TUnary, ID: 0}

func constExpr(v value.Value) expr { return func(*frame) value.Value { return v } }

// compile is the one type switch over syntax nodes.
func (c *compiler) compile(n parser.Node) expr {
	switch n := n.(type) {
	case nil:
		return constExpr(nullVal)
	case *parser.Const:
		return constExpr(n.V)
	case *parser.Name:
		return c.compileName(n.Name, c.at(n))
	case *parser.Verb:
		return constExpr(verbValue(n.Glyph))
	case *parser.Lambda:
		return constExpr(c.compileLambda(n))
	case *parser.Call:
		return c.compileCall(n)
	case *parser.Prefix:
		return c.compilePrefix(n)
	case *parser.Infix:
		return c.compileInfix(n)
	case *parser.Adverbed:
		return c.compileAdverbed(n)
	case *parser.ListExpr:
		return c.compileList(n)
	case *parser.TableExpr:
		return c.compileTable(n)
	case *parser.Assign:
		return c.compileAssign(n)
	case *parser.Cond:
		return c.compileCond(n)
	case *parser.Ctrl:
		return c.compileCtrl(n)
	case *parser.Return:
		v := c.compile(n.Value)
		return func(fr *frame) value.Value {
			r := v(fr)
			fr.ret, fr.retVal = true, r
			return r
		}
	case *parser.Signal:
		v, p := c.compile(n.Value), c.at(n)
		return func(fr *frame) value.Value {
			x := v(fr)
			fr.pos = p
			signalValue(x)
			return nil
		}
	case *parser.Seq:
		return c.compileSeq(n.Stmts)
	case *parser.Query:
		q, p := compileQuery(c, n), c.at(n)
		return func(fr *frame) value.Value {
			fr.pos = p
			return q(fr)
		}
	}
	return func(*frame) value.Value { errNyi(); return nil }
}

// compileSeq runs statements left to right, stopping at a return.
func (c *compiler) compileSeq(stmts []parser.Node) expr {
	es := make([]expr, len(stmts))
	for i, s := range stmts {
		es[i] = c.compile(s)
	}
	return func(fr *frame) value.Value {
		var r value.Value = nullVal
		for _, e := range es {
			r = e(fr)
			if fr.ret {
				return r
			}
		}
		return r
	}
}

// signalValue raises x as an error: a symbol or string gives its text, anything
// else is 'stype.
func signalValue(x value.Value) {
	switch v := x.(type) {
	case value.Sym:
		signal(string(v))
	case *value.Vec[byte]:
		if v.Typ == value.TChar {
			signal(string(v.S))
		}
	}
	signal("stype")
}

// compileName resolves a name: a local slot, .z.s, a keyword, or a global read at
// run time in the code's context.
func (c *compiler) compileName(name string, p int32) expr {
	if c.sc != nil {
		if i, ok := c.sc.slot[name]; ok {
			return func(fr *frame) value.Value {
				if v := fr.slots[i]; v != nil {
					return v
				}
				return unsetLocal()
			}
		}
	}
	switch name {
	case ".z.s":
		return func(fr *frame) value.Value {
			if fr.lam == nil {
				return nullVal
			}
			return fr.lam
		}
	}
	if p := primByName(name); p != nil && !isGlyph(name) {
		if nsName, vn, ok := replaceable(name); ok {
			// a default kdb+ lets code replace (.z.ph, .h.val): what code set comes first
			ip := c.ip
			return func(*frame) value.Value {
				if v := ip.nss[nsName].vars[vn]; v != nil {
					return v
				}
				return p
			}
		}
		return constExpr(p)
	}
	ip, ns := c.ip, c.ns
	if name[0] == '.' {
		return func(fr *frame) value.Value {
			v := ip.lookupIn(name, ns)
			if v == nil {
				undefined(fr, p, name)
			}
			return v
		}
	}
	return func(fr *frame) value.Value {
		v := ns.vars[name]
		if v == nil {
			v = ip.lookupIn(name, ns)
			if v == nil {
				undefined(fr, p, name)
			}
			return v
		}
		if _, ok := v.(*view); ok {
			return ip.lookupIn(name, ns)
		}
		return v
	}
}

// undefined signals the error of a name with no value ('foo), its caret under the name.
func undefined(fr *frame, p int32, name string) {
	if fr != nil {
		fr.pos = p
	}
	signal(name)
}

// compileArgs compiles bracket arguments; an elided one stays nil.
func (c *compiler) compileArgs(args []parser.Node) []expr {
	es := make([]expr, len(args))
	for i, a := range args {
		if a != nil {
			es[i] = c.compile(a)
		}
	}
	return es
}

// evalArgs evaluates compiled arguments right to left, as q does.
func evalArgs(es []expr, fr *frame) []value.Value {
	vs := make([]value.Value, len(es))
	for i := len(es) - 1; i >= 0; i-- {
		if es[i] != nil {
			vs[i] = es[i](fr)
		}
	}
	return vs
}

// compileCall compiles f[a;b;...].
func (c *compiler) compileCall(n *parser.Call) expr {
	args := c.compileArgs(n.Args)
	p := c.at(n.Fn) // the caret goes under the function, as kdb+'s does
	if len(args) == 1 && args[0] == nil {
		// f[] passes one elided argument: :: to a unary, all of a list
		f := c.compile(n.Fn)
		return func(fr *frame) value.Value {
			g := f(fr)
			fr.pos = p
			return fr.ip.applyNiladic(g)
		}
	}
	holes := false
	for _, a := range args {
		if a == nil {
			holes = true
		}
	}
	if v, ok := n.Fn.(*parser.Verb); ok && !holes {
		if d := verbDef(v.Glyph); d != nil && !strings.HasSuffix(v.Glyph, ":") {
			switch len(args) {
			case 2:
				if d.b != nil || d.bi != nil {
					x, y := args[0], args[1]
					return func(fr *frame) value.Value {
						b := y(fr)
						a := x(fr)
						fr.pos = p
						return fr.ip.primB(d, a, b)
					}
				}
			}
		}
	}
	f := c.compile(n.Fn)
	switch {
	case len(args) == 1 && !holes:
		x := args[0]
		return func(fr *frame) value.Value {
			a := x(fr)
			g := f(fr)
			fr.pos = p
			return fr.ip.apply1(g, a)
		}
	case len(args) == 2 && !holes:
		x, y := args[0], args[1]
		return func(fr *frame) value.Value {
			b := y(fr)
			a := x(fr)
			g := f(fr)
			fr.pos = p
			return fr.ip.apply2(g, a, b)
		}
	}
	return func(fr *frame) value.Value {
		vs := evalArgs(args, fr)
		g := f(fr)
		fr.pos = p
		return fr.ip.apply(g, vs)
	}
}

// compilePrefix compiles juxtaposition f x; a verb glyph there is its unary form.
func (c *compiler) compilePrefix(n *parser.Prefix) expr {
	if e := c.fusedPrefix(n); e != nil { // sum x*y (fastops.go)
		return e
	}
	x, p := c.compile(n.Arg), c.at(n)
	if v, ok := n.Fn.(*parser.Verb); ok {
		g := strings.TrimSuffix(v.Glyph, ":")
		if g == "" || v.Glyph == "::" {
			g = v.Glyph
		}
		if d := verbDef(g); d != nil {
			return func(fr *frame) value.Value {
				a := x(fr)
				fr.pos = p
				return fr.ip.primU(d, a)
			}
		}
	}
	f := c.compile(n.Fn)
	return func(fr *frame) value.Value {
		a := x(fr)
		g := f(fr)
		fr.pos = p
		return fr.ip.apply1(g, a)
	}
}

// compileInfix compiles x f y (right operand first) and left sections (2+).
func (c *compiler) compileInfix(n *parser.Infix) expr {
	if e := c.fusedInfix(n); e != nil { // x*y+z (fastops.go)
		return e
	}
	x, p := c.compile(n.Left), c.at(n)
	if n.Right == nil {
		f := c.compile(n.Fn)
		return func(fr *frame) value.Value {
			a := x(fr)
			g := f(fr)
			fr.pos = p
			return fr.ip.project(g, []value.Value{a})
		}
	}
	y := c.compile(n.Right)
	if v, ok := n.Fn.(*parser.Verb); ok && !strings.HasSuffix(v.Glyph, ":") {
		if d := verbDef(v.Glyph); d != nil && (d.b != nil || d.bi != nil) {
			b := d.b
			if d.bi != nil {
				// comparisons take the interpreter (enumerations); the code runs on
				// the interpreter that compiles it
				bi, ip := d.bi, c.ip
				b = func(x, y value.Value) value.Value { return bi(ip, x, y) }
			}
			if e := intoTemporary(v.Glyph, n, x, y, b, p); e != nil {
				return e
			}
			if e := c.slotConstBinary(v.Glyph, n.Left, n.Right, b, p); e != nil {
				return e
			}
			if e := fastBinary(v.Glyph, x, y, b, p); e != nil {
				return e
			}
			if d.bi == nil {
				return func(fr *frame) value.Value {
					r := y(fr)
					l := x(fr)
					fr.pos = p
					return b(l, r)
				}
			}
			return func(fr *frame) value.Value {
				r := y(fr)
				l := x(fr)
				fr.pos = p
				return fr.ip.primB(d, l, r)
			}
		}
	}
	f := c.compile(n.Fn)
	return func(fr *frame) value.Value {
		r := y(fr)
		l := x(fr)
		g := f(fr)
		fr.pos = p
		return fr.ip.apply2(g, l, r)
	}
}

// adverbTypes maps iterator glyphs to derived-function types.
var adverbTypes = map[string]value.Type{"'": value.TEach, "/": value.TOver, "\\": value.TScan,
	"':": value.TPrior, "/:": value.TEachRight, "\\:": value.TEachLeft}

// compileAdverbed compiles f' f/ f\ f': f/: f\: into a derived function.
func (c *compiler) compileAdverbed(n *parser.Adverbed) expr {
	t, ok := adverbTypes[n.Adverb]
	if !ok {
		return func(*frame) value.Value { errNyi(); return nil }
	}
	f := c.compile(n.Fn)
	switch n.Fn.(type) {
	case *parser.Verb, *parser.Const, *parser.Lambda:
		d := &value.Derived{Adverb: t, Fn: f(nil)}
		return constExpr(d)
	}
	return func(fr *frame) value.Value {
		return &value.Derived{Adverb: t, Fn: f(fr)}
	}
}

// compileList compiles (a;b;c): items evaluate right to left; an elided item makes
// the whole a projection of enlist, ("a";;"c")"b" fills it.
func (c *compiler) compileList(n *parser.ListExpr) expr {
	items := c.compileArgs(n.Items)
	holes := false
	for _, it := range items {
		if it == nil {
			holes = true
		}
	}
	if holes && len(items) > 0 {
		return func(fr *frame) value.Value {
			vs := evalArgs(items, fr)
			return &value.Projection{Fn: primByName("enlist"), Args: vs}
		}
	}
	return func(fr *frame) value.Value {
		return qlist(evalArgs(items, fr))
	}
}

// compileTable compiles ([k:..] c:..): atoms stretch to the columns' count.
func (c *compiler) compileTable(n *parser.TableExpr) expr {
	keys := c.tableCols(n.Keys, nil)
	vals := c.tableCols(n.Cols, keysNames(n.Keys))
	return func(fr *frame) value.Value {
		if len(n.Keys) == 0 {
			return buildTable(vals, fr)
		}
		kt := buildTable(keys, fr)
		vt := buildTable(vals, fr)
		if value.Len(kt) != value.Len(vt) && len(n.Cols) > 0 {
			errLength()
		}
		return &value.Dict{K: kt, V: vt}
	}
}

type tableCol struct {
	name string
	e    expr
}

func keysNames(cols []parser.Column) []string {
	r := make([]string, len(cols))
	for i, col := range cols {
		r[i] = colName(col, i)
	}
	return r
}

// colName is a column's name: given, or the last part of a name expression, or x.
func colName(col parser.Column, i int) string {
	if col.Name != "" {
		return col.Name
	}
	if nm, ok := col.Expr.(*parser.Name); ok {
		s := nm.Name
		if j := strings.LastIndexByte(s, '.'); j >= 0 {
			s = s[j+1:]
		}
		return s
	}
	return "x"
}

func (c *compiler) tableCols(cols []parser.Column, taken []string) []tableCol {
	names := tableColNames(cols, taken)
	r := make([]tableCol, len(cols))
	for i, col := range cols {
		r[i] = tableCol{name: names[i], e: c.compile(col.Expr)}
	}
	return r
}

// tableColNames names a table literal's columns: given, or derived (colName) and made
// unique against the others and the names taken (the key columns).
func tableColNames(cols []parser.Column, taken []string) []string {
	seen := map[string]bool{}
	for _, t := range taken {
		seen[t] = true
	}
	names := make([]string, len(cols))
	for i, col := range cols {
		name := colName(col, i)
		if col.Name == "" && seen[name] {
			base := name
			for k := 1; seen[name]; k++ {
				name = base + strconv.Itoa(k)
			}
		}
		seen[name] = true
		names[i] = name
	}
	return names
}

// buildTable evaluates columns right to left and stretches atoms.
func buildTable(cols []tableCol, fr *frame) value.Value {
	names := make([]string, len(cols))
	data := make([]value.Value, len(cols))
	for i := len(cols) - 1; i >= 0; i-- {
		names[i] = cols[i].name
		data[i] = cols[i].e(fr)
	}
	n := colsLen(data)
	for i, d := range data {
		if isAtomLike(d) {
			data[i] = repeatValue(d, n)
		} else if _, ok := d.(*value.Dict); ok {
			errType()
		}
	}
	return value.NewTable(names, data)
}

// colsLen is the length of a table made of vals: that of the columns that are not
// atoms or functions (which must agree, else 'length), 1 when all are.
func colsLen(vals []value.Value) int {
	n := -1
	for _, x := range vals {
		if !isAtomLike(x) {
			if n >= 0 && value.Len(x) != n {
				errLength()
			}
			n = value.Len(x)
		}
	}
	if n < 0 {
		n = 1
	}
	return n
}

// isAtomLike reports whether v is an atom or function (stretched in tables).
func isAtomLike(v value.Value) bool {
	t := v.Type()
	return t < 0 || t >= value.TLambda
}

// repeatValue makes a list of n copies of atom a.
func repeatValue(a value.Value, n int) value.Value {
	items := make([]value.Value, n)
	for i := range items {
		items[i] = a
	}
	if n == 0 {
		if t := a.Type(); t < 0 && t >= -value.TTime {
			return value.Empty(-t)
		}
	}
	return value.NewList(items)
}

// compileCond compiles $[c;t;f] and $[c1;t1;c2;t2;...;f]: only the chosen branch runs.
func (c *compiler) compileCond(n *parser.Cond) expr {
	es := c.compileArgs(n.Args)
	for i, e := range es {
		if e == nil {
			es[i] = constExpr(nullVal)
		}
	}
	return func(fr *frame) value.Value {
		i := 0
		for ; i+1 < len(es); i += 2 {
			if truthy(es[i](fr)) {
				return es[i+1](fr)
			}
			if fr.ret {
				return fr.retVal
			}
		}
		if i < len(es) {
			return es[i](fr)
		}
		return nullVal
	}
}

// unsetLocal is the value of a local not yet assigned: locals are "initialized as ()"
// (basics/function-notation.md), so {if[x;t:..];select from t} 0b is 'type, not 't.
// A fresh list each time: values may be grown in place by their one owner.
func unsetLocal() value.Value { return &value.List{Items: []value.Value{}} }
