package eval

import (
	"math"

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
