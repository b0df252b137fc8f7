package eval

import (
	"math"
	"slices"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// Aggregates per group in one pass: a phrase like sum size in a grouped select is
// computed over the raw column with each row's group number, without gathering each
// group's rows or evaluating the phrase once per group.

// aggFast are the aggregates with a one-pass group kernel.
var aggFast = map[string]bool{"sum": true, "count": true, "avg": true, "min": true, "max": true, "first": true, "last": true}

// aggPhrase recognises agg col (or agg[col]) where col can only be a column or a
// global, and returns the aggregate and column names.
func aggPhrase(c *compiler, n parser.Node) (agg, col string) {
	var fn, arg parser.Node
	switch p := n.(type) {
	case *parser.Prefix:
		fn, arg = p.Fn, p.Arg
	case *parser.Call:
		if len(p.Args) != 1 || p.Args[0] == nil {
			return "", ""
		}
		fn, arg = p.Fn, p.Args[0]
	default:
		return "", ""
	}
	f, ok1 := fn.(*parser.Name)
	a, ok2 := arg.(*parser.Name)
	if !ok1 || !ok2 || !aggFast[f.Name] || primByName(f.Name) == nil {
		return "", ""
	}
	if a.Name == "" || a.Name[0] == '.' || primByName(a.Name) != nil {
		return "", ""
	}
	if c.sc != nil {
		if _, local := c.sc.slot[a.Name]; local {
			return "", ""
		}
		if _, local := c.sc.slot[f.Name]; local {
			return "", ""
		}
	}
	return f.Name, a.Name
}

// aggExprPhrase recognises an aggregate of column expressions that a one-pass kernel
// can take once the expressions are evaluated over the rows in view: agg e with e an
// atomic expression of names (sum px*sz, max hi-lo), or x wavg y and x wsum y with
// atomic x and y. It returns the aggregate, its argument nodes and the names they use
// (each must be a column at run time; a global could be anything).
func aggExprPhrase(c *compiler, n parser.Node) (agg string, args []parser.Node, names []string) {
	var fn parser.Node
	switch p := n.(type) {
	case *parser.Prefix:
		fn, args = p.Fn, []parser.Node{p.Arg}
	case *parser.Call:
		if len(p.Args) != 1 || p.Args[0] == nil {
			return "", nil, nil
		}
		fn, args = p.Fn, p.Args
	case *parser.Infix:
		if p.Right == nil {
			return "", nil, nil
		}
		fn, args = p.Fn, []parser.Node{p.Left, p.Right}
	default:
		return "", nil, nil
	}
	isLocal := func(name string) bool {
		if c.sc == nil {
			return false
		}
		_, local := c.sc.slot[name]
		return local
	}
	f, ok := fn.(*parser.Name)
	if !ok || primByName(f.Name) == nil || isLocal(f.Name) {
		return "", nil, nil
	}
	switch {
	case len(args) == 1 && aggFast[f.Name]:
	case len(args) == 2 && (f.Name == "wavg" || f.Name == "wsum"):
	default:
		return "", nil, nil
	}
	leaf := func(m *parser.Name) bool {
		if m.Name == "" || m.Name == "i" || m.Name[0] == '.' || primByName(m.Name) != nil {
			return false
		}
		if isLocal(m.Name) {
			return false
		}
		if !slices.Contains(names, m.Name) {
			names = append(names, m.Name)
		}
		return true
	}
	for _, a := range args {
		if !atomicExpr(a, leaf) {
			return "", nil, nil
		}
	}
	return f.Name, args, names
}

// groupAggExpr evaluates an aggExprPhrase's arguments over the rows in view and
// reduces them by group in one pass; ok is false when a name is not a column or the
// values have no kernel (the caller then evaluates the phrase per group). The
// arguments are atomic, so each group's part of them is what the phrase computes on
// the group's rows, and the kernels add in row order as the per-group path does.
func (q *query) groupAggExpr(fr *frame, v *qview, c qcol, g *grouping) (value.Value, bool) {
	for _, name := range c.aggCols {
		if v.t.Col(name) == nil {
			return nil, false
		}
	}
	saved := q.view
	q.view = v
	vals := make([]value.Value, len(c.aggArgs))
	for i, e := range c.aggArgs {
		vals[i] = e(fr)
	}
	q.view = saved
	for _, x := range vals {
		if t := x.Type(); t <= 0 || t > value.TTime || value.Len(x) != len(g.ids) {
			return nil, false
		}
	}
	if len(vals) == 1 {
		return groupAgg(c.agg, vals[0], &grouping{ng: g.ng, ids: g.ids})
	}
	return groupWeighted(c.agg == "wavg", vals[0], vals[1], g.ng, g.ids)
}

// groupWeighted is x wavg y or x wsum y per group: as wavg and wsum on two vectors,
// rows where either is null are left out. Longs and floats are read as they are
// (no float copy of a long column); other types go through pairFloats.
func groupWeighted(avg bool, x, y value.Value, ng int, ids []int32) (value.Value, bool) {
	xl, xLong := x.(*value.Vec[int64])
	xf, xFloat := x.(*value.Vec[float64])
	yl, yLong := y.(*value.Vec[int64])
	yf, yFloat := y.(*value.Vec[float64])
	xLong = xLong && xl.Typ == value.TLong
	xFloat = xFloat && xf.Typ == value.TFloat
	yLong = yLong && yl.Typ == value.TLong
	yFloat = yFloat && yf.Typ == value.TFloat
	nan := math.NaN()
	switch {
	case xLong && yFloat:
		return weighByGroup(avg, xl.S, yf.S, value.NullLong, nan, ng, ids), true
	case xFloat && yFloat:
		return weighByGroup(avg, xf.S, yf.S, nan, nan, ng, ids), true
	case xLong && yLong:
		return weighByGroup(avg, xl.S, yl.S, value.NullLong, value.NullLong, ng, ids), true
	case xFloat && yLong:
		return weighByGroup(avg, xf.S, yl.S, nan, value.NullLong, ng, ids), true
	}
	xv, yv, ok := pairFloats(x, y)
	if !ok {
		return nil, false
	}
	return weighByGroup(avg, xv, yv, nan, nan, ng, ids), true
}

// weighByGroup sums a*b (and a, for avg) per group over the rows where neither is
// null: nx and ny are the types' nulls (NaN for floats, never equal; a == a is the
// float test, always true for longs).
func weighByGroup[X, Y int64 | float64](avg bool, xs []X, ys []Y, nx X, ny Y, ng int, ids []int32) value.Value {
	s := make([]float64, ng)
	ys = ys[:len(xs)]
	ids = ids[:len(xs)]
	if !avg {
		for k, a := range xs {
			if b := ys[k]; a == a && b == b && a != nx && b != ny {
				s[ids[k]] += float64(a) * float64(b)
			}
		}
		return value.Floats(s)
	}
	w := make([]float64, ng)
	for k, a := range xs {
		if b := ys[k]; a == a && b == b && a != nx && b != ny {
			s[ids[k]] += float64(a) * float64(b)
			w[ids[k]] += float64(a)
		}
	}
	for i := range s {
		s[i] /= w[i]
	}
	return value.Floats(s)
}

// groupAgg computes agg over col per group of g; ok is false when the column's type
// has no kernel here (the caller then evaluates the phrase per group).
func groupAgg(agg string, col value.Value, g *grouping) (value.Value, bool) {
	if col == nil {
		return nil, false
	}
	n := g.ng
	ids, view := g.ids, g.view
	switch agg {
	case "count":
		if col.Type() < 0 || col.Type() >= value.TTable {
			return nil, false
		}
		r := make([]int64, n)
		for _, k := range ids {
			r[k]++
		}
		return value.Longs(r), true
	case "first", "last":
		if col.Type() < 0 || col.Type() >= value.TTable {
			return nil, false
		}
		pick := make([]int, n)
		for i := range pick {
			pick[i] = -1
		}
		for k, id := range ids {
			if agg == "last" || pick[id] < 0 {
				pick[id] = k
			}
		}
		if view != nil {
			for i, k := range pick {
				pick[i] = view[k]
			}
		}
		return gather(col, pick), true
	}
	switch c := col.(type) {
	case *value.Vec[int64]:
		if c.Typ != value.TLong {
			return nil, false
		}
		return aggLong(agg, c.S, n, ids, view)
	case *value.Vec[float64]:
		if c.Typ != value.TFloat {
			return nil, false
		}
		return aggFloat(agg, c.S, n, ids, view)
	}
	return nil, false
}

// groupMeans turns per-group sums into means in place: sum/cnt, NaN for a group
// with no non-null items.
func groupMeans(sum []float64, cnt []int64) {
	for i := range sum {
		if cnt[i] == 0 {
			sum[i] = math.NaN()
		} else {
			sum[i] /= float64(cnt[i])
		}
	}
}

// aggLong: sum and avg skip nulls; min and max skip nulls and give 0W and -0W for a
// group of nulls only, as kdb+'s min and max do.
func aggLong(agg string, s []int64, n int, ids []int32, view []int) (value.Value, bool) {
	at := func(k int) int64 {
		if view == nil {
			return s[k]
		}
		return s[view[k]]
	}
	switch agg {
	case "sum":
		r := make([]int64, n)
		if view == nil {
			for k, id := range ids {
				if x := s[k]; x != value.NullLong {
					r[id] += x
				}
			}
		} else {
			for k, id := range ids {
				if x := s[view[k]]; x != value.NullLong {
					r[id] += x
				}
			}
		}
		return value.Longs(r), true
	case "avg":
		sum := make([]float64, n)
		cnt := make([]int64, n)
		for k, id := range ids {
			if x := at(k); x != value.NullLong {
				sum[id] += float64(x)
				cnt[id]++
			}
		}
		groupMeans(sum, cnt)
		return value.Floats(sum), true
	case "min", "max":
		r := make([]int64, n)
		lo := agg == "min"
		for i := range r {
			if lo {
				r[i] = math.MaxInt64
			} else {
				r[i] = -math.MaxInt64
			}
		}
		for k, id := range ids {
			x := at(k)
			if x == value.NullLong {
				continue
			}
			if lo && x < r[id] || !lo && x > r[id] {
				r[id] = x
			}
		}
		return value.Longs(r), true
	}
	return nil, false
}

// aggFloat: nulls (NaN) are skipped; min and max of nulls only are 0w and -0w.
func aggFloat(agg string, s []float64, n int, ids []int32, view []int) (value.Value, bool) {
	at := func(k int) float64 {
		if view == nil {
			return s[k]
		}
		return s[view[k]]
	}
	switch agg {
	case "sum", "avg":
		sum := make([]float64, n)
		cnt := make([]int64, n)
		for k, id := range ids {
			if x := at(k); x == x {
				sum[id] += x
				cnt[id]++
			}
		}
		if agg == "avg" {
			groupMeans(sum, cnt)
		}
		return value.Floats(sum), true
	case "min", "max":
		r := make([]float64, n)
		lo := agg == "min"
		for i := range r {
			if lo {
				r[i] = math.Inf(1)
			} else {
				r[i] = math.Inf(-1)
			}
		}
		for k, id := range ids {
			x := at(k)
			if x != x {
				continue
			}
			if lo && x < r[id] || !lo && x > r[id] {
				r[id] = x
			}
		}
		return value.Floats(r), true
	}
	return nil, false
}

// scatterTyped is scatter for a typed vector column whose new parts all have its type
// (or, for a new column, one type): the raw slice is copied and written in place.
func scatterTyped(old value.Value, n int, groups [][]int, parts []value.Value) (value.Value, bool) {
	var t value.Type
	if old != nil {
		t = old.Type()
	} else if len(parts) > 0 {
		t = parts[0].Type()
	}
	if t <= 0 || t > value.TTime {
		return nil, false
	}
	for _, p := range parts {
		if p.Type() != t {
			return nil, false
		}
	}
	switch t {
	case value.TBool, value.TByte, value.TChar:
		return scatterVec[byte](t, old, n, groups, parts), true
	case value.TShort:
		return scatterVec[int16](t, old, n, groups, parts), true
	case value.TLong, value.TTimestamp, value.TTimespan:
		return scatterVec[int64](t, old, n, groups, parts), true
	case value.TReal:
		return scatterVec[float32](t, old, n, groups, parts), true
	case value.TFloat, value.TDatetime:
		return scatterVec[float64](t, old, n, groups, parts), true
	case value.TSym:
		return scatterVec[string](t, old, n, groups, parts), true
	case value.TGUID:
		return scatterVec[[16]byte](t, old, n, groups, parts), true
	default: // int, month, date, minute, second, time
		return scatterVec[int32](t, old, n, groups, parts), true
	}
}

func scatterVec[T value.Elem](t value.Type, old value.Value, n int, groups [][]int, parts []value.Value) value.Value {
	var r []T
	if old != nil {
		r = append([]T(nil), old.(*value.Vec[T]).S...)
	} else {
		r = make([]T, n)
		nl := nullElem[T](t)
		for i := range r {
			r[i] = nl
		}
	}
	for g, rows := range groups {
		src := parts[g].(*value.Vec[T]).S
		for j, row := range rows {
			r[row] = src[j]
		}
	}
	return value.NewVec(t, r)
}
