package eval

import "github.com/gq-dev/gq/eval/value"

// Amending tables by row and keyed tables by key: t[1]:`a`b!(5;`q), @[t;0 2;:;rows],
// t[1;`a]:7, kt[`a]:enlist 10 (a new key appends a row). A table is a list of records,
// so each selected record is replaced by f applied to it (and y), and the result must
// again be a record of the table's columns: a dictionary of them, or a list with one
// item per column. Columns are rebuilt once each, over their raw slices.

// amendTableRows amends the rows of t at i (an integer atom or vector, a general list
// of them, or :: for every row).
func (ip *Interp) amendTableRows(t *value.Table, i, y value.Value, hasY bool, sub func(old, yk value.Value) value.Value) value.Value {
	n := value.Len(t)
	if i == nil || isGenericNull(i) {
		i = value.Longs(rowRangeInts(n))
	}
	if l, ok := i.(*value.List); ok {
		// a general list of indices: amend with each in turn
		if hasY && isListArg(y) && value.Len(y) != len(l.Items) {
			errLength()
		}
		var r value.Value = t
		for k, ik := range l.Items {
			yk := y
			if hasY && isListArg(y) {
				yk = ip.itemOf(y, k)
			}
			rt, ok := r.(*value.Table)
			if !ok {
				errType()
			}
			r = ip.amendTable(rt, ik, yk, hasY, sub)
		}
		return r
	}
	idx, ok := intVals(i)
	if !ok {
		errType()
	}
	perItem := hasY && !isIntAtom(i) && isListArg(y)
	if perItem && value.Len(y) != len(idx) {
		errLength()
	}
	e := newRowEdits(t)
	for k, j := range idx {
		if j < 0 || j >= int64(n) {
			signal("index")
		}
		yk := y
		if perItem {
			yk = ip.itemOf(y, k)
		}
		e.set(int(j), recordValues(t.Cols, sub(e.row(ip, int(j)), yk)))
	}
	return &value.Table{Cols: t.Cols, Data: e.columns(n)}
}

// amendKeyed amends a keyed table at keys: an atom or tuple is one key, a table (or a
// list of keys, as kt indexes) several, :: all; a key not in the table appends a row
// whose old record is nulls.
func (ip *Interp) amendKeyed(d *value.Dict, i, y value.Value, hasY bool, sub func(old, yk value.Value) value.Value) value.Value {
	kt, vt := d.K.(*value.Table), d.V.(*value.Table)
	nk := len(kt.Cols.S)
	n := value.Len(kt)
	var tuples [][]value.Value
	single := false
	switch iv := i.(type) {
	case *value.Table:
		cols := make([]value.Value, nk)
		for c, name := range kt.Cols.S {
			if cols[c] = iv.Col(name); cols[c] == nil {
				errMismatch()
			}
		}
		tuples = make([][]value.Value, value.Len(iv))
		for r := range tuples {
			tuples[r] = make([]value.Value, nk)
			for c, col := range cols {
				tuples[r][c] = value.At(col, r)
			}
		}
	case *value.Dict:
		single = true
		tup := make([]value.Value, nk)
		for c, name := range kt.Cols.S {
			if tup[c] = dictGet(iv, value.Sym(name)); tup[c] == nil {
				errMismatch()
			}
		}
		tuples = [][]value.Value{tup}
	default:
		switch {
		case i == nil || isGenericNull(i):
			tuples = make([][]value.Value, n)
			for r := range tuples {
				tuples[r] = make([]value.Value, nk)
				for c, col := range kt.Data {
					tuples[r][c] = value.At(col, r)
				}
			}
		default:
			if ks, ok := manyKeys(i, nk); ok {
				tuples = make([][]value.Value, len(ks))
				for r, k := range ks {
					tuples[r] = keyTuple(k, nk)
				}
			} else {
				single = true
				tuples = [][]value.Value{keyTuple(i, nk)}
			}
		}
	}
	perItem := hasY && !single && isListArg(y)
	if perItem && value.Len(y) != len(tuples) {
		errLength()
	}
	// rows of the keys already in the table, in one pass
	found := make([]int, len(tuples))
	if len(tuples) > 0 {
		kcols := make([]value.Value, nk)
		for c := range kcols {
			items := make([]value.Value, len(tuples))
			for r, tup := range tuples {
				items[r] = tup[c]
			}
			kcols[c] = value.NewList(items)
		}
		found = lookupRows(kt, &value.Table{Cols: kt.Cols, Data: kcols})
	}
	e := newRowEdits(vt)
	var added [][]value.Value // new keys, in order; their rows follow the table's
	for k, tup := range tuples {
		j := found[k]
		if j >= n {
			j = -1
			for a, old := range added {
				if sameTuple(old, tup) {
					j = n + a
					break
				}
			}
			if j < 0 {
				j = n + len(added)
				added = append(added, tup)
			}
		}
		yk := y
		if perItem {
			yk = ip.itemOf(y, k)
		}
		e.set(j, recordValues(vt.Cols, sub(e.row(ip, j), yk)))
	}
	vcols := e.columns(n)
	keys := kt
	if len(added) > 0 {
		kdata := make([]value.Value, nk)
		for c, col := range kt.Data {
			atoms := make([]value.Value, len(added))
			for a, tup := range added {
				atoms[a] = tup[c]
			}
			kdata[c] = amendCol(col, nil, nil, atoms)
		}
		keys = &value.Table{Cols: kt.Cols, Data: kdata}
	}
	return &value.Dict{K: keys, V: &value.Table{Cols: vt.Cols, Data: vcols}}
}

// keyTuple reads one key of a table with nk key columns: an atom (one key column), or
// a list of one item per key column.
func keyTuple(k value.Value, nk int) []value.Value {
	if nk == 1 && (k.Type() < 0 || value.Len(k) != 1) {
		return []value.Value{k}
	}
	items := value.Items(k)
	if len(items) != nk {
		errLength()
	}
	return items
}

func sameTuple(a, b []value.Value) bool {
	for c := range a {
		if !matchValues(a[c], b[c]) {
			return false
		}
	}
	return true
}

// recordValues reads r as a record of cols: a dictionary with exactly those keys (in
// any order), or a list with one item per column.
func recordValues(cols *value.Vec[string], r value.Value) []value.Value {
	n := len(cols.S)
	switch v := r.(type) {
	case *value.Dict:
		ks, ok := v.K.(*value.Vec[string])
		if !ok {
			if value.Len(v.K) == 0 && n == 0 {
				return nil
			}
			errType()
		}
		if len(ks.S) != n {
			errMismatch()
		}
		vals := make([]value.Value, n)
		for c, name := range cols.S {
			j := -1
			for k, s := range ks.S {
				if s == name {
					j = k
					break
				}
			}
			if j < 0 {
				errMismatch()
			}
			vals[c] = value.At(v.V, j)
		}
		return vals
	case *value.Table:
		errType()
	}
	if r.Type() < 0 || value.IsFunc(r) {
		errType()
	}
	if value.Len(r) != n {
		errLength()
	}
	return value.Items(r)
}

// rowEdits collects new records by row; rows past the table's count are appended.
type rowEdits struct {
	t    *value.Table
	at   map[int]int
	rows []int
	vals [][]value.Value
}

func newRowEdits(t *value.Table) *rowEdits {
	return &rowEdits{t: t, at: map[int]int{}}
}

// row is the current record at j: an earlier edit (so @[t;1 1;+;..] accumulates), or
// the table's row (nulls past its end).
func (e *rowEdits) row(ip *Interp, j int) value.Value {
	if p, ok := e.at[j]; ok {
		items := append([]value.Value(nil), e.vals[p]...)
		var v value.Value = &value.List{Items: []value.Value{}}
		if len(items) > 0 {
			v = value.NewList(items)
		}
		return &value.Dict{K: e.t.Cols, V: v}
	}
	return ip.tableIndex(e.t, value.Long(int64(j)))
}

func (e *rowEdits) set(j int, vals []value.Value) {
	if p, ok := e.at[j]; ok {
		e.vals[p] = vals
		return
	}
	e.at[j] = len(e.rows)
	e.rows = append(e.rows, j)
	e.vals = append(e.vals, vals)
}

// columns rebuilds each column of the table (n rows) with the edits; edited rows from
// n on are appended in row order.
func (e *rowEdits) columns(n int) []value.Value {
	var in []int
	var app []int // positions in e.rows of appended rows, by row
	for p, j := range e.rows {
		if j < n {
			in = append(in, p)
		} else {
			app = append(app, p)
		}
	}
	// appended rows come in order n, n+1, ... as they were first set
	for a := 1; a < len(app); a++ {
		for b := a; b > 0 && e.rows[app[b]] < e.rows[app[b-1]]; b-- {
			app[b], app[b-1] = app[b-1], app[b]
		}
	}
	rows := make([]int, len(in))
	for k, p := range in {
		rows[k] = e.rows[p]
	}
	data := make([]value.Value, len(e.t.Data))
	for c, col := range e.t.Data {
		vals := make([]value.Value, len(in))
		for k, p := range in {
			vals[k] = e.vals[p][c]
		}
		extra := make([]value.Value, len(app))
		for k, p := range app {
			extra[k] = e.vals[p][c]
		}
		data[c] = amendCol(col, rows, vals, extra)
	}
	return data
}

// amendCol is col with vals written at rows and extra appended. A typed column takes
// atoms of its type only ('type otherwise); a general list takes anything.
func amendCol(col value.Value, rows []int, vals, extra []value.Value) value.Value {
	if len(rows) == 0 && len(extra) == 0 {
		return col
	}
	t := col.Type()
	if t > 0 && t <= value.TTime {
		for _, v := range vals {
			if v.Type() != -t {
				errType()
			}
		}
		for _, v := range extra {
			if v.Type() != -t {
				errType()
			}
		}
	}
	switch c := col.(type) {
	case *value.Vec[byte]:
		return setVec(c, rows, vals, extra, func(v value.Value) byte {
			switch a := v.(type) {
			case value.Bool:
				if a {
					return 1
				}
				return 0
			case value.Byte:
				return byte(a)
			}
			return byte(v.(value.Char))
		})
	case *value.Vec[int16]:
		return setVec(c, rows, vals, extra, func(v value.Value) int16 { return int16(v.(value.Short)) })
	case *value.Vec[int32]:
		return setVec(c, rows, vals, extra, value.Int32Of)
	case *value.Vec[int64]:
		return setVec(c, rows, vals, extra, value.Int64Of)
	case *value.Vec[float32]:
		return setVec(c, rows, vals, extra, func(v value.Value) float32 { return float32(v.(value.Real)) })
	case *value.Vec[float64]:
		return setVec(c, rows, vals, extra, value.Float64Of)
	case *value.Vec[string]:
		return setVec(c, rows, vals, extra, func(v value.Value) string { return string(v.(value.Sym)) })
	case *value.Vec[[16]byte]:
		return setVec(c, rows, vals, extra, func(v value.Value) [16]byte { return [16]byte(v.(value.GUID)) })
	case *value.EnumVec:
		idx := make([]int64, len(c.Idx), len(c.Idx)+len(extra))
		copy(idx, c.Idx)
		enumIdx := func(v value.Value) int64 {
			a, ok := v.(value.EnumAtom)
			if !ok || a.Domain != c.Domain {
				errType()
			}
			return a.Idx
		}
		for k, r := range rows {
			idx[r] = enumIdx(vals[k])
		}
		for _, v := range extra {
			idx = append(idx, enumIdx(v))
		}
		return &value.EnumVec{Domain: c.Domain, Idx: idx}
	}
	items := append([]value.Value(nil), value.Items(col)...)
	for k, r := range rows {
		items[r] = vals[k]
	}
	items = append(items, extra...)
	if len(items) == 0 {
		return col
	}
	return value.NewList(items)
}

// setVec copies v's slice, writes rows and appends extra (the attribute is dropped).
func setVec[T value.Elem](v *value.Vec[T], rows []int, vals, extra []value.Value, conv func(value.Value) T) value.Value {
	s := make([]T, len(v.S), len(v.S)+len(extra))
	copy(s, v.S)
	for k, r := range rows {
		s[r] = conv(vals[k])
	}
	for _, x := range extra {
		s = append(s, conv(x))
	}
	return value.NewVec(v.Typ, s)
}

func rowRangeInts(n int) []int64 {
	r := make([]int64, n)
	for i := range r {
		r[i] = int64(i)
	}
	return r
}
