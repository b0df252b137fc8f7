package eval

import (
	"strings"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// qSQL: select, exec, update and delete. A query's phrases are compiled once like
// any code, except that a name which is not a local or a keyword becomes a column
// reference: at run time it reads the column of the rows in view (all rows, the rows
// left by the where phrases, or one group's rows), and falls back to the variable.

// qview is the rows a query's phrases see.
type qview struct {
	t   *value.Table
	idx []int // rows of t in view; nil means all of them
}

func (v *qview) count() int {
	if v.idx == nil {
		return value.Len(v.t)
	}
	return len(v.idx)
}

// col returns column name over the rows in view; i is the virtual row-number column.
func (v *qview) col(name string) (value.Value, bool) {
	c := v.t.Col(name)
	if c == nil {
		if name != "i" {
			return nil, false
		}
		n := v.count()
		r := make([]int64, n)
		for k := range r {
			if v.idx == nil {
				r[k] = int64(k)
			} else {
				r[k] = int64(v.idx[k])
			}
		}
		return value.Longs(r), true
	}
	if v.idx == nil {
		return c, true
	}
	return gather(c, v.idx), true
}

// fkCol reads a column through a foreign key: s.name is column name of the keyed
// table that column s enumerates over, at each row's key (chains like s.c.name too).
func (v *qview) fkCol(ip *Interp, name string) (value.Value, bool) {
	dot := strings.IndexByte(name, '.')
	if dot <= 0 || dot == len(name)-1 {
		return nil, false
	}
	c, ok := v.col(name[:dot])
	if !ok {
		return nil, false
	}
	e, ok := c.(*value.EnumVec)
	if !ok {
		return nil, false
	}
	d, ok := ip.lookupGlobal(e.Domain).(*value.Dict)
	if !ok || !value.IsKeyed(d) {
		return nil, false
	}
	idx := make([]int, len(e.Idx))
	for i, k := range e.Idx {
		idx[i] = int(k)
	}
	sub := &qview{t: d.V.(*value.Table), idx: idx}
	if col, ok := sub.col(name[dot+1:]); ok {
		return col, true
	}
	return sub.fkCol(ip, name[dot+1:])
}

// fieldCol reads a temporal field of a column: time.minute is `minute$time, as
// lookupDotted does for variables (select by 5 xbar time.minute from t).
func (v *qview) fieldCol(ip *Interp, name string) (value.Value, bool) {
	dot := strings.LastIndexByte(name, '.')
	if dot <= 0 || dot == len(name)-1 {
		return nil, false
	}
	c, ok := v.col(name[:dot])
	if !ok {
		return nil, false
	}
	if t := c.Type(); t < value.TTimestamp || t > value.TTime {
		return nil, false
	}
	d := prims["$"]
	if d == nil {
		return nil, false
	}
	return ip.primB(d, value.Sym(name[dot+1:]), c), true
}

// query is a compiled qSQL template.
type query struct {
	n     *parser.Query
	from  expr
	where []expr
	cols  []qcol
	by    []qcol
	limit expr
	order expr
	view  *qview // the rows in view while the query runs
}

type qcol struct {
	name string
	e    expr
	agg  string // an aggregate of a column (sum size): computed per group in one pass
	src  string // its column
	// or an aggregate of column expressions (sum px*sz, sz wavg px): aggExprPhrase
	aggArgs []expr
	aggCols []string
}

func compileQuery(c *compiler, n *parser.Query) expr {
	q := &query{n: n, from: c.compile(n.From)}
	for _, w := range n.Where {
		q.where = append(q.where, c.compile(q.rewrite(c, w)))
	}
	q.cols = q.phrases(c, n.Cols)
	q.by = q.phrases(c, n.By)
	if n.Kind == "select" { // kdb+ 4.0 refuses a column named like a group
		for _, col := range q.cols {
			for _, b := range q.by {
				if col.name == b.name {
					signal("dup names for cols/groups " + col.name)
				}
			}
		}
	}
	if n.Limit != nil {
		q.limit = c.compile(n.Limit)
	}
	if n.Order != nil {
		q.order = c.compile(q.rewrite(c, n.Order))
	}
	return q.run
}

func (q *query) phrases(c *compiler, cols []parser.Column) []qcol {
	r := make([]qcol, len(cols))
	for i, col := range cols {
		name := col.Name
		if name == "" {
			name = derivedName(col.Expr)
		}
		r[i] = qcol{name: name, e: c.compile(q.rewrite(c, col.Expr))}
		r[i].agg, r[i].src = aggPhrase(c, col.Expr)
		if r[i].agg == "" {
			agg, args, names := aggExprPhrase(c, col.Expr)
			if agg != "" {
				r[i].agg, r[i].aggCols = agg, names
				for _, a := range args {
					r[i].aggArgs = append(r[i].aggArgs, c.compile(q.rewrite(c, a)))
				}
			}
		}
	}
	return r
}

// derivedName is the column name kdb+ gives an unnamed phrase: its first name that is
// not a keyword (sum qty is qty), or x (count i is x).
func derivedName(n parser.Node) string {
	if s := firstName(n); s != "" {
		return s
	}
	return "x"
}

func firstName(n parser.Node) string {
	switch n := n.(type) {
	case *parser.Name:
		if n.Name == "i" || primByName(n.Name) != nil {
			return ""
		}
		s := n.Name
		for i := len(s) - 1; i >= 0; i-- {
			if s[i] == '.' {
				return s[i+1:]
			}
		}
		return s
	case *parser.Prefix:
		return firstName(n.Arg)
	case *parser.Infix:
		// kdb+ reads the parse tree: a literal first argument or a derived function
		// (id,'4) leaves the column unnamed
		if _, ok := n.Fn.(*parser.Adverbed); ok {
			return ""
		}
		if c, ok := n.Left.(*parser.Const); ok {
			if v, ok := n.Fn.(*parser.Verb); ok && v.Glyph == "#" && c.V.Type() == -value.TSym {
				// `g#m names m: setting an attribute keeps the column (update `g#sym
				// from t is how q scripts index a column)
				return firstName(n.Right)
			}
			if _, kw := n.Fn.(*parser.Name); kw {
				// 5 xbar time.minute names minute: a keyword's constant left argument
				// is passed over (only a glyph's leaves the column unnamed)
				return firstName(n.Right)
			}
			return ""
		}
		if s := firstName(n.Left); s != "" {
			return s
		}
		return firstName(n.Right)
	case *parser.Call:
		for _, a := range n.Args {
			if s := firstName(a); s != "" {
				return s
			}
		}
	}
	return ""
}

// rewrite returns n with its column-candidate names turned into column references.
// Lambdas and nested queries are their own scopes and are left alone.
func (q *query) rewrite(c *compiler, n parser.Node) parser.Node {
	c_ := c
	switch n := n.(type) {
	case *parser.Name:
		if c.sc != nil {
			if _, local := c.sc.slot[n.Name]; local {
				return q.colOrLocal(n)
			}
		}
		if n.Name == "" || n.Name[0] == '.' || primByName(n.Name) != nil {
			return n
		}
		return q.colRef(c, n)
	case *parser.Prefix:
		return &parser.Prefix{P: n.P, Fn: q.rewrite(c, n.Fn), Arg: q.rewrite(c, n.Arg)}
	case *parser.Infix:
		r := &parser.Infix{P: n.P, Fn: q.rewrite(c, n.Fn), Left: q.rewrite(c, n.Left)}
		if n.Right != nil {
			r.Right = q.rewrite(c, n.Right)
		}
		return r
	case *parser.Call:
		args := q.rewriteAll(c, n.Args)
		return &parser.Call{P: n.P, Fn: q.rewrite(c, n.Fn), Args: args}
	case *parser.Adverbed:
		return &parser.Adverbed{P: n.P, Fn: q.rewrite(c, n.Fn), Adverb: n.Adverb}
	case *parser.ListExpr:
		items := q.rewriteAll(c, n.Items)
		return &parser.ListExpr{P: n.P, Items: items}
	case *parser.TableExpr:
		r := &parser.TableExpr{P: n.P}
		for i, c := range n.Keys {
			r.Keys = append(r.Keys, parser.Column{Name: colName(c, i), Expr: q.rewrite(c_, c.Expr)})
		}
		for i, c := range n.Cols {
			r.Cols = append(r.Cols, parser.Column{Name: colName(c, i), Expr: q.rewrite(c_, c.Expr)})
		}
		return r
	case *parser.Cond: // kdb+ does not support Cond inside a query template
		signal("rank")
	}
	return n
}

// rewriteAll rewrites each node of ns in order (nil, an elided argument, stays nil).
func (q *query) rewriteAll(c *compiler, ns []parser.Node) []parser.Node {
	r := make([]parser.Node, len(ns))
	for i, a := range ns {
		if a != nil {
			r[i] = q.rewrite(c, a)
		}
	}
	return r
}

// colRef is a node that reads column n.Name of the rows in view, or else the variable.
func (q *query) colRef(c *compiler, n *parser.Name) parser.Node {
	name, ns := n.Name, c.ns
	d := &primDef{name: name, ui: func(ip *Interp, _ value.Value) value.Value {
		if v := q.view; v != nil {
			if col, ok := v.col(name); ok {
				return col
			}
			if col, ok := v.fkCol(ip, name); ok {
				return col
			}
			if col, ok := v.fieldCol(ip, name); ok {
				return col
			}
		}
		r := ip.lookupIn(name, ns)
		if r == nil {
			signal(name)
		}
		return r
	}}
	p := &value.Prim{Name: name, T: value.TUnary, Impl: d}
	return &parser.Prefix{P: n.P, Fn: &parser.Const{P: n.P, V: p}, Arg: &parser.Const{P: n.P, V: nullVal}}
}

// colOrLocal reads column n.Name of the rows in view, or else the local n: a column
// name wins over a local or argument of the enclosing lambda (qsql.md, "Names in
// subphrases": column, then local, then global).
func (q *query) colOrLocal(n *parser.Name) parser.Node {
	name := n.Name
	d := &primDef{name: name, ui: func(ip *Interp, local value.Value) value.Value {
		if v := q.view; v != nil {
			if col, ok := v.col(name); ok {
				return col
			}
		}
		return local
	}}
	p := &value.Prim{Name: name, T: value.TUnary, Impl: d}
	return &parser.Prefix{P: n.P, Fn: &parser.Const{P: n.P, V: p}, Arg: n}
}

// run evaluates the query.
func (q *query) run(fr *frame) value.Value {
	ip := fr.ip
	src := q.from(fr)
	var name value.Sym
	if s, ok := src.(value.Sym); ok && q.n.Kind == "delete" && len(q.cols) > 0 && len(q.where) == 0 {
		if n := ip.ns(string(s), false); n != nil && (s == "." || len(s) > 0 && s[0] == '.') {
			return q.deleteNames(n, s) // delete a from `. : names from a namespace
		}
	}
	if s, ok := src.(value.Sym); ok { // update/delete on `t change the global
		name = s
		src = ip.mustGlobal(string(s))
	}
	if d, ok := src.(*value.Dict); ok && q.n.Kind == "delete" && !value.IsKeyed(d) {
		r := q.deleteKeys(d)
		if name != "" {
			ip.setGlobal(string(name), r)
			return name
		}
		return r
	}
	if pt, ok := src.(*partTable); ok { // a partitioned table: read what the query needs (disk_part.go)
		src = q.partSource(fr, pt)
	}
	t, nk := unkeyTable(src)
	saved := q.view
	defer func() { q.view = saved }()
	view := &qview{t: t}
	q.view = view
	for _, w := range q.where {
		view.idx = q.filter(view, w(fr))
	}
	var r value.Value
	switch q.n.Kind {
	case "select":
		r = q.selectRows(ip, fr, view, nk)
	case "exec":
		r = q.exec(ip, fr, view)
	case "update":
		r = rekey(q.update(fr, view), nk)
	case "delete":
		r = rekey(q.delete(view), nk)
	}
	if name != "" && (q.n.Kind == "update" || q.n.Kind == "delete") {
		ip.setGlobal(string(name), r)
		return name
	}
	return r
}

// filter applies one where phrase's result to the rows in view; the kept rows are
// counted first so that the index is allocated at its size.
func (q *query) filter(v *qview, w value.Value) []int {
	n := v.count()
	switch b := w.(type) {
	case *value.Vec[byte]:
		if b.Typ != value.TBool {
			errType()
		}
		if len(b.S) != n {
			errLength()
		}
		keep := boolPositions[int](b.S, v.idx)
		return keep
	case value.Bool:
		if !b {
			return []int{}
		}
		if v.idx != nil {
			return v.idx
		}
		keep := make([]int, n)
		for k := range keep {
			keep[k] = k
		}
		return keep
	case *value.List:
		if len(b.Items) == 0 && n == 0 {
			// no rows left: a phrase on empty columns of a general list (mdot=3 when
			// mdot is mixed) gives (), which keeps nothing (csvguess.q's rules)
			return []int{}
		}
	}
	errType()
	return nil
}

// unkeyTable gives a table and its count of key columns (0 for a simple table).
func unkeyTable(x value.Value) (*value.Table, int) {
	switch v := x.(type) {
	case *value.Table:
		return v, 0
	case *value.Dict:
		kt, ok1 := v.K.(*value.Table)
		vt, ok2 := v.V.(*value.Table)
		if ok1 && ok2 {
			cols := append(append([]string{}, kt.Cols.S...), vt.Cols.S...)
			data := append(append([]value.Value{}, kt.Data...), vt.Data...)
			return value.NewTable(cols, data), len(kt.Cols.S)
		}
	}
	errType()
	return nil, 0
}

// rekey splits the first nk columns of t off as keys.
func rekey(x value.Value, nk int) value.Value {
	t, ok := x.(*value.Table)
	if !ok || nk == 0 || nk > len(t.Cols.S) {
		return x
	}
	return &value.Dict{K: value.NewTable(t.Cols.S[:nk], t.Data[:nk]), V: value.NewTable(t.Cols.S[nk:], t.Data[nk:])}
}

// rowsOf returns t's rows in view as a table.
func rowsOf(v *qview) *value.Table {
	if v.idx == nil {
		return v.t
	}
	data := make([]value.Value, len(v.t.Data))
	for i, c := range v.t.Data {
		data[i] = gather(c, v.idx)
	}
	return &value.Table{Cols: v.t.Cols, Data: data}
}

func (q *query) selectRows(ip *Interp, fr *frame, v *qview, nk int) value.Value {
	if q.order != nil {
		o := intsOf(iasc(q.order(fr)))
		if q.n.Desc {
			o = intsOf(idesc(q.order(fr)))
		}
		v.idx = composeIdx(v.idx, o)
	}
	var r value.Value
	if len(q.by) > 0 {
		r = q.grouped(fr, v, false)
	} else if len(q.cols) == 0 {
		r = rekey(rowsOf(v), nk)
	} else {
		names := make([]string, len(q.cols))
		vals := make([]value.Value, len(q.cols))
		for i, c := range q.cols {
			names[i], vals[i] = c.name, c.e(fr)
		}
		r = makeTable(names, vals)
	}
	if q.n.Distinct {
		r = distinctRows(r)
	}
	if q.limit != nil {
		r = limitRows(q.limit(fr), r)
	}
	return r
}

// limitRows applies select[n] and select[m n].
func limitRows(l, t value.Value) value.Value {
	if ns, ok := intVec(l); ok && value.Len(l) == 2 && l.Type() > 0 {
		n := value.Len(t)
		lo, cnt := int(ns[0]), int(ns[1])
		idx := []int{}
		for k := lo; k < lo+cnt && k < n; k++ {
			idx = append(idx, k)
		}
		return gather(t, idx)
	}
	n, ok := intAtom(l)
	if !ok {
		errType()
	}
	if c := int64(value.Len(t)); n > c || -n > c {
		if n > 0 {
			n = c
		} else {
			n = -c
		}
	}
	return take(value.Long(n), t)
}

// makeTable builds a table from phrase results: atoms stretch to the vectors' count,
// and all atoms make one row.
func makeTable(names []string, vals []value.Value) value.Value {
	n := colsLen(vals)
	data := make([]value.Value, len(vals))
	for i, x := range vals {
		if isAtomLike(x) {
			data[i] = repeatAtom(x, n)
		} else {
			data[i] = x
		}
	}
	return value.NewTable(dedupNames(names), data)
}

// dedupNames renames repeated column names as kdb+ does (x, x1, ...).
func dedupNames(names []string) []string {
	seen := map[string]bool{}
	next := map[string]int{} // the next suffix to try per name: linear for many repeats
	r := make([]string, len(names))
	for i, s := range names {
		name := s
		for k := max(next[s], 1); seen[name]; k++ {
			name = s + itoa(k)
			next[s] = k + 1
		}
		seen[name] = true
		r[i] = name
	}
	return r
}

func itoa(k int) string {
	if k < 10 {
		return string(rune('0' + k))
	}
	return itoa(k/10) + string(rune('0'+k%10))
}

// grouping is the rows in view split by the by phrases: the key table (sorted, as
// kdb+ sorts by results) and each row in view's group number in that order.
type grouping struct {
	keys *value.Table
	ng   int
	ids  []int32 // group of each row in view
	view []int   // rows of t in view (nil: all)
	rows [][]int // each group's rows of t, built on demand
}

// groupRows returns each group's rows of t, in order.
func (g *grouping) groupRows() [][]int {
	if g.rows == nil {
		g.rows = groupRowLists(g.ng, g.ids)
		if g.view != nil {
			for _, r := range g.rows {
				for k, p := range r {
					r[k] = g.view[p]
				}
			}
		}
	}
	return g.rows
}

func (q *query) groups(fr *frame, v *qview) *grouping {
	names := make([]string, len(q.by))
	cols := make([]value.Value, len(q.by))
	for i, b := range q.by {
		names[i], cols[i] = b.name, b.e(fr)
		if isAtomLike(cols[i]) {
			cols[i] = repeatAtom(cols[i], v.count())
		} else if value.Len(cols[i]) != v.count() {
			errLength() // a by phrase must give one key a row (by=a does not)
		}
	}
	kt := value.NewTable(dedupNames(names), cols)
	if s, ok := cols[0].(*value.Vec[string]); ok && len(cols) == 1 {
		// by one symbol column: its grouping in key order, kept with the column
		ng, ids, first := symGroupRanked(s.S)
		return &grouping{keys: gather(kt, first).(*value.Table), ng: ng, ids: ids, view: v.idx}
	}
	ng, ids := groupCols(cols)
	keys := gather(kt, groupFirst(ng, ids)).(*value.Table)
	order := sortOrder(keys.Data)
	keys = gather(keys, order).(*value.Table)
	rank := make([]int32, ng)
	sorted := true
	for i, o := range order {
		rank[o] = int32(i)
		sorted = sorted && o == i
	}
	if !sorted {
		for k, g := range ids {
			ids[k] = rank[g]
		}
	}
	return &grouping{keys: keys, ng: ng, ids: ids, view: v.idx}
}

// sortOrder is the stable ascending order of rows by the given columns.
func sortOrder(cols []value.Value) []int {
	n := 0
	if len(cols) > 0 {
		n = value.Len(cols[0])
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	for k := len(cols) - 1; k >= 0; k-- {
		o := intsOf(iasc(gather(cols[k], order)))
		order = composeIdx(order, o)
	}
	return order
}

// composeIdx returns idx[o] (o indexes idx; nil idx is the identity).
func composeIdx(idx, o []int) []int {
	r := make([]int, len(o))
	for i, k := range o {
		if idx == nil {
			r[i] = k
		} else {
			r[i] = idx[k]
		}
	}
	return r
}

func intsOf(x value.Value) []int {
	s, ok := intVec(x)
	if !ok {
		errType()
	}
	r := make([]int, len(s))
	for i, k := range s {
		r[i] = int(k)
	}
	return r
}

// grouped evaluates the value phrases once per group: select ... by gives a keyed
// table; exec ... by a dictionary.
func (q *query) grouped(fr *frame, v *qview, exec bool) value.Value {
	g := q.groups(fr, v)
	keys := g.keys
	cols := q.cols
	if len(cols) == 0 { // select by k from t: the last row of each group
		for _, c := range v.t.Cols.S {
			if keys.Col(c) == nil {
				name := c
				cols = append(cols, qcol{name: name, agg: "last", src: name, e: func(*frame) value.Value {
					col, _ := q.view.col(name)
					return last(col)
				}})
			}
		}
	}
	names := make([]string, len(cols))
	vals := make([]value.Value, len(cols))
	for i, c := range cols {
		names[i] = c.name
		if c.aggArgs != nil {
			if r, ok := q.groupAggExpr(fr, v, c, g); ok {
				vals[i] = r
				continue
			}
		} else if c.agg != "" {
			if r, ok := groupAgg(c.agg, aggSource(v.t, c), g); ok {
				vals[i] = r
				continue
			}
		}
		items := make([]value.Value, g.ng)
		for k, r := range g.groupRows() {
			q.view = &qview{t: v.t, idx: r}
			items[k] = c.e(fr)
		}
		vals[i] = value.NewList(items)
	}
	q.view = v
	if exec {
		var kv value.Value = keys
		if len(keys.Data) == 1 && q.n.By[0].Name == "" {
			kv = keys.Data[0]
		}
		if len(cols) == 1 && q.n.Cols[0].Name == "" {
			return &value.Dict{K: kv, V: vals[0]}
		}
		return &value.Dict{K: kv, V: value.NewTable(names, vals)}
	}
	return &value.Dict{K: keys, V: value.NewTable(dedupNames(names), vals)}
}

func (q *query) exec(ip *Interp, fr *frame, v *qview) value.Value {
	if len(q.by) > 0 {
		if c, ok := q.by[0].e(fr).(value.Bool); ok && !bool(c) && len(q.by) == 1 {
			return q.exec0(fr) // by 0b: a table of the phrases
		}
		return q.grouped(fr, v, true)
	}
	if len(q.cols) == 0 { // the last record
		return last(rowsOf(v))
	}
	if len(q.cols) == 1 && q.n.Cols[0].Name == "" {
		r := q.cols[0].e(fr)
		if q.n.Distinct {
			r = distinct(r)
		}
		return r
	}
	names := make([]string, len(q.cols))
	vals := make([]value.Value, len(q.cols))
	for i, c := range q.cols {
		names[i], vals[i] = c.name, c.e(fr)
	}
	if q.n.Distinct { // exec distinct: the first item only
		vals[0] = distinct(vals[0])
	}
	return &value.Dict{K: value.Syms(dedupNames(names)), V: value.NewList(vals)}
}

func (q *query) exec0(fr *frame) value.Value {
	names := make([]string, len(q.cols))
	vals := make([]value.Value, len(q.cols))
	for i, c := range q.cols {
		names[i], vals[i] = c.name, c.e(fr)
	}
	return makeTable(names, vals)
}

// update computes the phrases on the rows in view (per group with by) and writes them
// into a copy of the whole table; a new column is null outside the rows in view.
func (q *query) update(fr *frame, v *qview) value.Value {
	t := v.t
	n := value.Len(t)
	cols := append([]string{}, t.Cols.S...)
	data := append([]value.Value{}, t.Data...)
	var g *grouping
	var groups [][]int
	if len(q.by) > 0 {
		g = q.groups(fr, v)
	} else {
		all := v.idx
		if all == nil {
			all = make([]int, n)
			for i := range all {
				all[i] = i
			}
		}
		groups = [][]int{all}
	}
	for _, c := range q.cols {
		k := -1
		for i, name := range cols {
			if name == c.name {
				k = i
			}
		}
		var old value.Value
		if k >= 0 {
			old = data[k]
		}
		var col value.Value
		// an aggregate by group: one pass, then each row in view takes its group's value
		if g != nil && c.agg != "" {
			r, ok := groupAgg(c.agg, aggSource(t, c), g)
			if c.aggArgs != nil {
				r, ok = q.groupAggExpr(fr, v, c, g)
			}
			if ok {
				pick := make([]int, len(g.ids))
				for j, id := range g.ids {
					pick[j] = int(id)
				}
				col = gather(r, pick)
				if v.idx != nil {
					col = scatter(old, n, [][]int{v.idx}, []value.Value{col})
				}
			}
		}
		if col == nil {
			if groups == nil {
				groups = g.groupRows()
			}
			col = q.updateCol(fr, v, c, groups, old)
		}
		if k >= 0 {
			data[k] = col
		} else {
			cols = append(cols, c.name)
			data = append(data, col)
		}
	}
	return value.NewTable(cols, data)
}

// aggSource is the column an aggregate phrase reads (count i reads only group sizes).
func aggSource(t *value.Table, c qcol) value.Value {
	col := t.Col(c.src)
	if col == nil && c.src == "i" && c.agg == "count" {
		col = value.Longs(nil)
	}
	return col
}

// updateCol evaluates one update phrase per group of rows and writes the results over
// old (or a new column, null outside the rows in view).
func (q *query) updateCol(fr *frame, v *qview, c qcol, groups [][]int, old value.Value) value.Value {
	t := v.t
	n := value.Len(t)
	parts := make([]value.Value, len(groups))
	for g, r := range groups {
		q.view = &qview{t: t, idx: r}
		if len(q.by) == 0 && v.idx == nil {
			q.view = &qview{t: t}
		}
		x := c.e(fr)
		if isAtomLike(x) {
			x = repeatAtom(x, len(r))
		} else if value.Len(x) != len(r) {
			errLength()
		}
		parts[g] = x
	}
	q.view = v
	if len(groups) == 1 && len(groups[0]) == n && v.idx == nil {
		return parts[0]
	}
	return scatter(old, n, groups, parts)
}

// scatter writes parts[g] at rows groups[g] of old (or of nulls when old is nil).
func scatter(old value.Value, n int, groups [][]int, parts []value.Value) value.Value {
	if r, ok := scatterTyped(old, n, groups, parts); ok {
		return r
	}
	items := make([]value.Value, n)
	if old != nil {
		copy(items, value.Items(old))
	} else {
		var proto value.Value
		for _, p := range parts {
			if value.Len(p) > 0 {
				proto = value.At(p, 0)
				break
			}
		}
		nl := value.Value(nullVal)
		if proto != nil {
			nl = nullLike(proto)
		}
		for i := range items {
			items[i] = nl
		}
	}
	for g, r := range groups {
		for j, row := range r {
			items[row] = value.At(parts[g], j)
		}
	}
	if old != nil && old.Type() > 0 {
		// keep the column's type when every new item has it
		t := old.Type()
		for _, it := range items {
			if it.Type() != -t {
				return value.NewList(items)
			}
		}
		return value.Collect(t, items)
	}
	return value.NewList(items)
}

// deleteNames removes the named variables from namespace n.
func (q *query) deleteNames(n *namespace, s value.Sym) value.Value {
	for _, c := range q.n.Cols {
		nm, ok := c.Expr.(*parser.Name)
		if !ok {
			errType()
		}
		delete(n.vars, nm.Name)
	}
	return s
}

// deleteKeys is delete k from d on a dictionary: the named entries are dropped.
func (q *query) deleteKeys(d *value.Dict) value.Value {
	if len(q.where) > 0 || len(q.cols) == 0 {
		errType()
	}
	drop := make([]string, 0, len(q.n.Cols))
	for _, c := range q.n.Cols {
		nm, ok := c.Expr.(*parser.Name)
		if !ok {
			errType()
		}
		drop = append(drop, nm.Name)
	}
	ks, ok := d.K.(*value.Vec[string])
	if !ok {
		errType()
	}
	keep := []int{}
	for i, k := range ks.S {
		if !contains(drop, k) {
			keep = append(keep, i)
		}
	}
	return &value.Dict{K: gather(d.K, keep), V: gather(d.V, keep)}
}

func (q *query) delete(v *qview) value.Value {
	t := v.t
	if len(q.cols) > 0 {
		drop := map[string]bool{}
		for _, c := range q.n.Cols {
			nm, ok := c.Expr.(*parser.Name)
			if !ok {
				errType()
			}
			drop[nm.Name] = true
		}
		var cols []string
		var data []value.Value
		for i, c := range t.Cols.S {
			if !drop[c] {
				cols = append(cols, c)
				data = append(data, t.Data[i])
			}
		}
		return value.NewTable(cols, data)
	}
	if v.idx == nil {
		return gather(t, []int{})
	}
	gone := make([]bool, value.Len(t))
	for _, r := range v.idx {
		gone[r] = true
	}
	keep := []int{}
	for r, g := range gone {
		if !g {
			keep = append(keep, r)
		}
	}
	return gather(t, keep)
}

// fby implements (f;x) fby g: f applied to x's items grouped by g, each row getting
// its group's result.
func (ip *Interp) fby(x, g value.Value) value.Value {
	l, ok := x.(*value.List)
	if !ok || len(l.Items) != 2 {
		errType()
	}
	f, data := l.Items[0], l.Items[1]
	var gcols []value.Value
	if t, ok := g.(*value.Table); ok {
		gcols = t.Data
	} else {
		gcols = []value.Value{g}
	}
	n := value.Len(data)
	for _, c := range gcols {
		if value.Len(c) != n {
			errLength()
		}
	}
	ng, ids := groupCols(gcols)
	// a built-in aggregate of a column: one pass with the group numbers
	if p, ok := f.(*value.Prim); ok && aggFast[p.Name] && p.Impl == any(prims[p.Name]) {
		if r, ok := groupAgg(p.Name, data, &grouping{ng: ng, ids: ids}); ok {
			pick := make([]int, len(ids))
			for k, id := range ids {
				pick[k] = int(id)
			}
			return gather(r, pick)
		}
	}
	// each group's result goes to its rows: an atom to all of them, a list item by item
	rows := groupRowLists(ng, ids)
	out := make([]value.Value, n)
	for _, r := range rows {
		x := ip.apply1(f, gather(data, r))
		if x.Type() < 0 || value.IsFunc(x) {
			for _, k := range r {
				out[k] = x
			}
			continue
		}
		if value.Len(x) != len(r) {
			errLength()
		}
		for j, k := range r {
			out[k] = value.At(x, j)
		}
	}
	return value.NewList(out)
}
