package eval

import (
	"github.com/gq-dev/gq/eval/value"
)

// As-of joins aj aj0 ajf ajf0. Rows of q are grouped by the equality columns (typed
// kernels, no boxed rows) and each row of t binary-searches its group's rows, which
// kdb+ requires sorted by time within the group, over the raw time slices.

// asof runs aj[c;t;q]; t given by name is updated in place (kdb+ 4.1).
func (ip *Interp) asof(a []value.Value, fromQ, fill bool) value.Value {
	x := a[1]
	name, byName := x.(value.Sym)
	if byName {
		x = ip.mustGlobal(string(name))
	}
	r := aj(a[0], x, a[2], fromQ, fill)
	if byName {
		ip.setGlobal(string(name), r)
		return name
	}
	return r
}

// aj: for each row of t, the last row of q that matches on all but the last column of
// c and whose last column is at or before t's. aj0 takes the time from q; ajf and
// ajf0 keep t's value where q's is null.
func aj(c, x, y value.Value, fromQ, fill bool) value.Value {
	keys := symList(c)
	t, q := asTable(x), asTable(y)
	if len(keys) == 0 {
		errLength()
	}
	eq, tm := keys[:len(keys)-1], keys[len(keys)-1]
	idx := asofRows(q, t, eq, tm)
	nq := value.Len(q)
	var others []int
	for i, col := range q.Cols.S {
		if !contains(eq, col) && (col != tm || fromQ) {
			others = append(others, i)
		}
	}
	vt := pickCols(q, others)
	if !fill {
		return joinCols(t, vt, idx, nq, false)
	}
	return joinColsFill(t, vt, idx, nq)
}

// asofRows gives, for each row of t, the last row of q that matches it on the columns
// eq and whose column tm is at or before t's (count q for none).
func asofRows(q, t *value.Table, eq []string, tm string) []int {
	nq, nt := value.Len(q), value.Len(t)
	qt, tt := q.Col(tm), t.Col(tm)
	if qt == nil || tt == nil {
		signal(tm)
	}
	qg, tg := asofGroups(q, t, eq)
	groups := groupRowLists(nq, qg)
	le := asofLE(qt, tt)
	idx := make([]int, nt)
	// pos[g]: how many of group g's rows were at or before the previous time looked
	// up in g; t is usually in time order, so the next search gallops on from there
	pos := make([]int32, nq)
	for i, g := range tg {
		idx[i] = nq
		if g >= nq || nq == 0 {
			continue
		}
		rows := groups[g]
		lo, hi := 0, len(rows)
		if p := int(pos[g]); p == 0 || le(rows[p-1], i) {
			lo, hi = p, p
			for step := 1; hi < len(rows) && le(rows[hi], i); step *= 2 {
				lo = hi + 1
				hi += step
			}
			if hi > len(rows) {
				hi = len(rows)
			}
		} else {
			hi = p - 1
		}
		for lo < hi { // the last row with time <= t's
			mid := int(uint(lo+hi) >> 1)
			if le(rows[mid], i) {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		pos[g] = int32(lo)
		if lo > 0 {
			idx[i] = rows[lo-1]
		}
	}
	return idx
}

// asofGroups gives each q row's group (its first row with the same values in eq) and
// each t row's group (count q when q has no such row).
func asofGroups(q, t *value.Table, eq []string) ([]int32, []int) {
	qg := make([]int32, value.Len(q))
	tg := make([]int, value.Len(t))
	if len(eq) > 0 {
		qk, tk := colsOf(q, eq), colsOf(t, eq)
		for j, f := range findKeyRows(qk, qk) {
			qg[j] = int32(f)
		}
		copy(tg, findKeyRows(qk, tk))
	}
	return qg, tg
}

// asofKw implements t asof d: the other columns of t's last row that matches d on all
// but d's last key and is at or before it on the last (nulls for none); d a table
// gives a table of such rows.
func asofKw(x, y value.Value) value.Value {
	t := asTable(x)
	var d *value.Table
	one := false
	switch v := y.(type) {
	case *value.Dict:
		if value.IsKeyed(v) {
			d = asTable(v)
			break
		}
		r, ok := enlist(v).(*value.Table)
		if !ok {
			errType()
		}
		d, one = r, true
	case *value.Table:
		d = v
	default:
		errType()
	}
	f := d.Cols.S
	if len(f) == 0 {
		errLength()
	}
	for _, c := range f {
		if t.Col(c) == nil {
			signal(c)
		}
	}
	idx := asofRows(t, d, f[:len(f)-1], f[len(f)-1])
	var others []int
	for i, c := range t.Cols.S {
		if !contains(f, c) {
			others = append(others, i)
		}
	}
	r := gather(pickCols(t, others), idx).(*value.Table)
	if !one {
		return r
	}
	vals := make([]value.Value, len(r.Data))
	for c, col := range r.Data {
		vals[c] = value.At(col, 0)
	}
	var v value.Value = &value.List{Items: []value.Value{}}
	if len(vals) > 0 {
		v = value.NewList(vals)
	}
	return &value.Dict{K: r.Cols, V: v}
}

func colsOf(t *value.Table, names []string) []value.Value {
	r := make([]value.Value, len(names))
	for i, k := range colIdxs(t, names) {
		r[i] = t.Data[k]
	}
	return r
}

// asofLE returns a test of q's time at row j <= t's time at row i: raw slices when the
// columns share a type (nulls, the smallest values, order first as in q), q's <=
// otherwise.
func asofLE(qc, tc value.Value) func(j, i int) bool {
	if qc.Type() == tc.Type() {
		switch a := qc.(type) {
		case *value.Vec[int32]:
			b := tc.(*value.Vec[int32]).S
			return func(j, i int) bool { return a.S[j] <= b[i] }
		case *value.Vec[int64]:
			b := tc.(*value.Vec[int64]).S
			return func(j, i int) bool { return a.S[j] <= b[i] }
		case *value.Vec[int16]:
			b := tc.(*value.Vec[int16]).S
			return func(j, i int) bool { return a.S[j] <= b[i] }
		case *value.Vec[float64]:
			b := tc.(*value.Vec[float64]).S
			return func(j, i int) bool {
				x, y := a.S[j], b[i]
				if x != x {
					return true
				}
				return x <= y
			}
		}
	}
	return func(j, i int) bool { return lessEq(value.At(qc, j), value.At(tc, i)) }
}

// lessEq compares two atoms of one type with q's <=.
func lessEq(a, b value.Value) bool {
	r := prims["<="]
	var v value.Value
	if r.b != nil {
		v = r.b(a, b)
	} else {
		v = r.bi(nil, a, b)
	}
	bv, _ := v.(value.Bool)
	return bool(bv)
}

func ajKw(ip *Interp, a []value.Value) value.Value   { return ip.asof(a, false, false) }
func aj0Kw(ip *Interp, a []value.Value) value.Value  { return ip.asof(a, true, false) }
func ajfKw(ip *Interp, a []value.Value) value.Value  { return ip.asof(a, false, true) }
func ajf0Kw(ip *Interp, a []value.Value) value.Value { return ip.asof(a, true, true) }
func wjKw(ip *Interp, a []value.Value) value.Value   { return ip.windowJoin(a, false) }
func wj1Kw(ip *Interp, a []value.Value) value.Value  { return ip.windowJoin(a, true) }
