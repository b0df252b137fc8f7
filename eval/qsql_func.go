package eval

import (
	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// The functional forms of qSQL: ?[t;c;b;a] (select and exec, with optional limit and
// order arguments) and ![t;c;b;a] (update and delete). Constraints and phrases are
// parse trees: a symbol names a column (or a variable), a general list applies its
// first item to the rest, a one-item symbol vector is a literal symbol.

// funcSelect runs ?[t;c;b;a], ?[t;c;b;a;n] and ?[t;c;b;a;n;(>:;`c)].
func (ip *Interp) funcSelect(args []value.Value) value.Value {
	q := &query{n: &parser.Query{Kind: "select"}}
	t, c, b, a := args[0], args[1], args[2], args[3]
	q.fromValue(t)
	q.where = q.treeList(ip, c)
	exec := false
	switch bv := b.(type) {
	case value.Bool:
		q.n.Distinct = bool(bv)
	case *value.Dict:
		q.by = q.treePhrases(ip, bv)
		if _, ok := a.(*value.Dict); !ok && !isEmptyList(a) {
			// exec a by a dictionary: the key table maps to a's values per group
			for _, c := range q.by {
				q.n.By = append(q.n.By, parser.Column{Name: c.name})
			}
			exec = true
		}
	case *value.Vec[string]: // a list of names: kdb+ makes one group, keyed by `
		if len(bv.S) == 0 {
			exec = true
			break
		}
		q.by = []qcol{{name: "", e: func(*frame) value.Value { return value.Sym("") }}}
		q.n.By = []parser.Column{{}}
		if _, ok := a.(*value.Dict); ok {
			q.n.By[0].Name = "`" // a keyed table, its key column unnamed
		}
		exec = true
	case value.Sym: // exec grouped by one column: a dictionary keyed by its values
		tree := value.Value(bv)
		q.by = []qcol{{name: string(bv), e: func(*frame) value.Value { return q.tree(ip, tree) }}}
		q.n.By = []parser.Column{{}}
		exec = true
	case *value.List:
		if len(bv.Items) != 0 {
			errType()
		}
		exec = true
	default:
		errType()
	}
	if exec {
		q.n.Kind = "exec"
		if d, ok := a.(*value.Dict); ok {
			q.cols = q.treePhrases(ip, d)
			for _, c := range q.cols {
				q.n.Cols = append(q.n.Cols, parser.Column{Name: c.name})
			}
		} else if isEmptyList(a) {
			q.cols = nil // the last record (of each group)
		} else {
			tree := a
			q.cols = []qcol{{name: "x", e: func(*frame) value.Value { return q.tree(ip, tree) }}}
			q.n.Cols = []parser.Column{{}}
		}
	} else if d, ok := a.(*value.Dict); ok {
		q.cols = q.treePhrases(ip, d)
	} else if l, ok := a.(*value.List); !ok || len(l.Items) != 0 {
		errType()
	}
	if len(args) > 4 {
		if n, ok := intAtom(args[4]); !ok || n != value.InfLong {
			lim := args[4]
			q.limit = func(*frame) value.Value { return lim }
		}
	}
	if len(args) > 5 {
		o, ok := args[5].(*value.List)
		if !ok || len(o.Items) != 2 {
			errType()
		}
		fn, col := o.Items[0], o.Items[1]
		if p, ok := fn.(*value.Prim); ok && (p.Name == ">:" || p.Name == ">" || p.Name == "idesc") {
			q.n.Desc = true
		}
		q.order = func(*frame) value.Value { return q.tree(ip, col) }
	}
	return q.run(ip.topFrame(ip.cur))
}

// funcSimpleExec runs ?[t;i;p]: the parse tree p evaluated on rows i of t.
func (ip *Interp) funcSimpleExec(t, i, p value.Value) value.Value {
	tab, _ := unkeyTable(t)
	q := &query{n: &parser.Query{Kind: "exec"}}
	q.view = &qview{t: tab, idx: intsOf(i)}
	return q.tree(ip, p)
}

// funcUpdate runs ![t;c;b;a]: a dictionary of phrases updates; a list of column names
// deletes them; with () it deletes the rows matching c.
func (ip *Interp) funcUpdate(args []value.Value) value.Value {
	q := &query{n: &parser.Query{Kind: "update"}}
	t, c, b, a := args[0], args[1], args[2], args[3]
	q.fromValue(t)
	q.where = q.treeList(ip, c)
	if d, ok := b.(*value.Dict); ok {
		q.by = q.treePhrases(ip, d)
	}
	switch av := a.(type) {
	case *value.Dict:
		q.cols = q.treePhrases(ip, av)
	case *value.Vec[string]:
		q.n.Kind = "delete"
		for _, s := range av.S {
			q.n.Cols = append(q.n.Cols, parser.Column{Expr: &parser.Name{Name: s}})
			q.cols = append(q.cols, qcol{name: s})
		}
	case *value.List:
		if len(av.Items) != 0 {
			errType()
		}
		q.n.Kind = "delete"
	default:
		errType()
	}
	return q.run(ip.topFrame(ip.cur))
}

// fromValue makes the query read t: a table value, or a symbol naming one (which an
// update then changes).
func (q *query) fromValue(t value.Value) {
	q.from = func(*frame) value.Value { return t }
}

// treeList reads a list of constraint trees.
func (q *query) treeList(ip *Interp, c value.Value) []expr {
	var r []expr
	for _, it := range value.Items(c) {
		tree := it
		r = append(r, func(*frame) value.Value { return q.tree(ip, tree) })
	}
	return r
}

// treePhrases reads a dictionary of name!tree phrases.
func (q *query) treePhrases(ip *Interp, d *value.Dict) []qcol {
	names := symList(d.K)
	trees := value.Items(d.V)
	if len(trees) != len(names) {
		errLength()
	}
	r := make([]qcol, len(names))
	for i, n := range names {
		tree := trees[i]
		r[i] = qcol{name: n, e: func(*frame) value.Value { return q.tree(ip, tree) }}
	}
	return r
}

// tree evaluates a parse tree against the rows in view.
func (q *query) tree(ip *Interp, x value.Value) value.Value {
	switch v := x.(type) {
	case value.Sym:
		if q.view != nil {
			if c, ok := q.view.col(string(v)); ok {
				return c
			}
			if c, ok := q.view.fkCol(ip, string(v)); ok {
				return c
			}
		}
		return ip.mustGlobal(string(v))
	case *value.Vec[string]:
		if len(v.S) == 1 {
			return value.Sym(v.S[0])
		}
		return v
	case *value.List:
		if len(v.Items) == 0 {
			return v
		}
		f := v.Items[0]
		if s, ok := f.(value.Sym); ok {
			f = ip.mustGlobal(string(s))
		} else if l, ok := f.(*value.List); ok {
			f = q.tree(ip, l)
		}
		args := make([]value.Value, len(v.Items)-1)
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = q.tree(ip, v.Items[i+1])
		}
		if len(args) == 0 {
			return ip.applyNiladic(f)
		}
		return ip.apply(f, args)
	}
	return x
}

// isEmptyList reports whether x is the general empty list ().
func isEmptyList(x value.Value) bool {
	l, ok := x.(*value.List)
	return ok && len(l.Items) == 0
}

// queryKw is ?[t;c;b;a] (and ?[t;c;b;a;n;o]: functional select and exec), or ?[c;x;y],
// the vector conditional, when its first argument is not a table.
func queryKw(ip *Interp, args []value.Value) value.Value {
	if len(args) == 3 {
		switch args[0].(type) {
		case *value.Table, *value.Dict:
			return ip.funcSimpleExec(args[0], args[1], args[2])
		}
		return vectorCond(ip, args)
	}
	return ip.funcSelect(args)
}

// updateKw is ![t;c;b;a], functional update and delete.
func updateKw(ip *Interp, args []value.Value) value.Value { return ip.funcUpdate(args) }
