package eval

import (
	"github.com/gq-dev/gq/eval/value"
)

// Row grouping and key lookup over several columns without boxing rows: each column
// is reduced to dense ids by the typed single-column kernels, and pairs of ids are
// folded column by column into one dense id per row.

// groupCols numbers the distinct rows of the columns in order of first occurrence.
func groupCols(cols []value.Value) (int, []int32) {
	if len(cols) == 0 {
		errLength()
	}
	ng, ids := groupCol(cols[0])
	for _, c := range cols[1:] {
		if value.Len(c) != len(ids) {
			errLength()
		}
		nc, cid := groupCol(c)
		ng, ids = foldIDs(ids, cid, ng, nc)
	}
	return ng, ids
}

// groupCol numbers one column's distinct items in order of first occurrence.
func groupCol(c value.Value) (int, []int32) {
	if s, ok := c.(*value.Vec[string]); ok {
		ng, ids, _ := symGroupOf(s.S)
		return ng, ids
	}
	return groupIdx(c)
}

// foldIDs numbers the distinct (a[i], b[i]) pairs in order of first occurrence
// (a in [0,na), b in [0,nb)); a dense table serves when the pairs are few.
func foldIDs(a, b []int32, na, nb int) (int, []int32) {
	r := make([]int32, len(a))
	if na*nb <= 1<<20 || na*nb <= 2*len(a) {
		dense := make([]int32, na*nb)
		n := int32(0)
		for i := range a {
			k := int(a[i])*nb + int(b[i])
			id := dense[k]
			if id == 0 {
				n++
				id = n
				dense[k] = id
			}
			r[i] = id - 1
		}
		return int(n), r
	}
	m := make(map[uint64]int32, 64)
	for i := range a {
		k := uint64(uint32(a[i]))<<32 | uint64(uint32(b[i]))
		id, ok := m[k]
		if !ok {
			id = int32(len(m))
			m[k] = id
		}
		r[i] = id
	}
	return len(m), r
}

// groupFirst returns each group's first row.
func groupFirst(ng int, ids []int32) []int {
	first := make([]int, ng)
	for i := range first {
		first[i] = -1
	}
	for i, g := range ids {
		if first[g] < 0 {
			first[g] = i
		}
	}
	return first
}

// groupRowLists returns each group's rows in order, sharing one backing array.
func groupRowLists(ng int, ids []int32) [][]int {
	cnt := make([]int, ng+1)
	for _, g := range ids {
		cnt[g+1]++
	}
	for g := 1; g <= ng; g++ {
		cnt[g] += cnt[g-1]
	}
	all := make([]int, len(ids))
	pos := append([]int(nil), cnt[:ng]...)
	for i, g := range ids {
		all[pos[g]] = i
		pos[g]++
	}
	rows := make([][]int, ng)
	for g := range rows {
		rows[g] = all[cnt[g]:cnt[g+1]:cnt[g+1]]
	}
	return rows
}

// findCol is findIdx with the symbol kernel for symbol columns.
func findCol(x, y value.Value) []int {
	if xs, ok := x.(*value.Vec[string]); ok {
		if ys, ok := y.(*value.Vec[string]); ok {
			return symFind(xs.S, ys.S)
		}
	}
	return findIdx(x, y)
}

// findKeyRows finds each row of the columns ys among the rows of the columns xs (the
// first match), giving count xs where absent.
func findKeyRows(xs, ys []value.Value) []int {
	if len(xs) != len(ys) || len(xs) == 0 {
		errLength()
	}
	nx := value.Len(xs[0])
	if len(xs) == 1 {
		return findCol(xs[0], ys[0])
	}
	ny := value.Len(ys[0])
	// per column: x's first-occurrence ids and y's position among x's values
	xa := make([]int32, nx)
	ya := make([]int32, ny)
	for k := range xs {
		xf := findCol(xs[k], xs[k])
		yf := findCol(xs[k], ys[k])
		if len(yf) != ny || len(xf) != nx {
			errLength()
		}
		if k == 0 {
			for i, j := range xf {
				xa[i] = int32(j)
			}
			for i, j := range yf {
				ya[i] = int32(j)
				if j >= nx {
					ya[i] = -1
				}
			}
			continue
		}
		m := make(map[uint64]int32, nx)
		for i, j := range xf {
			key := uint64(uint32(xa[i]))<<32 | uint64(uint32(j))
			id, ok := m[key]
			if !ok {
				id = int32(i)
				m[key] = id
			}
			xa[i] = id
		}
		for i, j := range yf {
			if ya[i] < 0 || j >= nx {
				ya[i] = -1
				continue
			}
			id, ok := m[uint64(uint32(ya[i]))<<32|uint64(uint32(j))]
			if !ok {
				id = -1
			}
			ya[i] = id
		}
	}
	// ids are first rows already: xa[i] is the first row equal to row i
	r := make([]int, ny)
	for i, id := range ya {
		if id < 0 {
			r[i] = nx
		} else {
			r[i] = int(id)
		}
	}
	return r
}

// distinctRows is distinct of a table by typed column grouping (first rows, in order).
func distinctRows(x value.Value) value.Value {
	t, ok := x.(*value.Table)
	if !ok || len(t.Data) == 0 || value.Len(t) == 0 {
		return distinct(x)
	}
	ng, ids := groupCols(t.Data)
	return gather(t, groupFirst(ng, ids))
}

// xgroup is x xgroup t: t keyed by the columns x, its other columns collected per
// key as lists, keys in order of first occurrence.
func xgroup(x, y value.Value) value.Value {
	t := asTable(y)
	keys := symList(x)
	kidx := colIdxs(t, keys)
	kcols := make([]value.Value, len(kidx))
	for i, k := range kidx {
		kcols[i] = t.Data[k]
	}
	ng, ids := groupCols(kcols)
	first := groupFirst(ng, ids)
	rows := groupRowLists(ng, ids)
	kt := gather(pickCols(t, kidx), first).(*value.Table)
	var names []string
	var data []value.Value
	for i, c := range t.Cols.S {
		if contains(keys, c) {
			continue
		}
		items := make([]value.Value, ng)
		for g, r := range rows {
			items[g] = gather(t.Data[i], r)
		}
		names = append(names, c)
		data = append(data, &value.List{Items: items})
	}
	return &value.Dict{K: kt, V: value.NewTable(names, data)}
}
