package eval

import (
	"github.com/gq-dev/gq/eval/value"
)

// Keyed-table support called from the core: atomic operators between two keyed
// tables (kt1^kt2, a|b, a&b, a+b ...) and join-each (kt1,'kt2).

// keyedPair applies f to two keyed tables with upsert semantics, as kdb+ does for a
// dictionary pair: the result has x's keys then y's new keys; rows whose key is in
// both combine column by column with f, the others keep their values (through xOnly
// or yOnly when given). Columns of y that x lacks are added.
func keyedPair(x, y *value.Dict, f func(x, y value.Value) value.Value, xOnly, yOnly func(value.Value) value.Value) value.Value {
	xk, xv := x.K.(*value.Table), x.V.(*value.Table)
	yk, ok1 := y.K.(*value.Table)
	yv, ok2 := y.V.(*value.Table)
	if !ok1 || !ok2 {
		errType()
	}
	nx := value.Len(xk)
	idx := lookupRows(xk, yk) // each y row's row in x
	var mx, my, fresh []int   // matched x rows, matched y rows, y rows with new keys
	for j, i := range idx {
		if i < nx {
			mx, my = append(mx, i), append(my, j)
		} else {
			fresh = append(fresh, j)
		}
	}
	// new keys repeated within y keep their first row
	if len(fresh) > 1 {
		nk := gather(yk, fresh).(*value.Table)
		first := lookupRows(nk, nk)
		var uniq []int
		for p, q := range first {
			if q == p {
				uniq = append(uniq, fresh[p])
			}
		}
		fresh = uniq
	}
	// result row r takes from: x row (r < nx, unmatched), the combined rows, or y's new rows
	matchedAt := make([]int, nx)
	for i := range matchedAt {
		matchedAt[i] = -1
	}
	for p, i := range mx {
		matchedAt[i] = p
	}
	xOnlyRows := []int{}
	for i, p := range matchedAt {
		if p < 0 {
			xOnlyRows = append(xOnlyRows, i)
		}
	}
	names := append([]string(nil), xv.Cols.S...)
	for _, c := range yv.Cols.S {
		if colIndex(xv, c) < 0 {
			names = append(names, c)
		}
	}
	data := make([]value.Value, len(names))
	for ci, c := range names {
		xc, yc := xv.Col(c), yv.Col(c)
		if xc == nil {
			xc = gather(yc, fillInts(nx, -1))
		}
		if yc == nil {
			yc = gather(xc, fillInts(value.Len(yk), -1))
		}
		xs := xc
		if xOnly != nil && len(xOnlyRows) > 0 {
			xs = xOnly(xc)
		}
		both := atomic2(gather(xc, mx), gather(yc, my), f)
		ys := gather(yc, fresh)
		if yOnly != nil && len(fresh) > 0 {
			ys = yOnly(ys)
		}
		all := join(join(xs, both), ys)
		pick := make([]int, 0, nx+len(fresh))
		for i := 0; i < nx; i++ {
			if p := matchedAt[i]; p >= 0 {
				pick = append(pick, nx+p)
			} else {
				pick = append(pick, i)
			}
		}
		for k := range fresh {
			pick = append(pick, nx+len(mx)+k)
		}
		data[ci] = gather(all, pick)
	}
	keys := join(xk, gather(yk, fresh))
	return &value.Dict{K: keys, V: value.NewTable(names, data)}
}

func fillInts(n, v int) []int {
	r := make([]int, n)
	for i := range r {
		r[i] = v
	}
	return r
}

// joinEachKeyed is kt1,'kt2: each key's row of x joined with its row of y, which for
// keyed tables is the union join.
func joinEachKeyed(x, y *value.Dict) value.Value { return uj(x, y) }
