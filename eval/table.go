package eval

import (
	"github.com/gq-dev/gq/eval/value"
)

// Table keywords: cols meta xkey xcol xcols xasc xdesc ungroup insert upsert and the
// joins lj ij uj ej aj pj.

// asTable returns x as a simple table, flattening a keyed table (keys first).
func asTable(x value.Value) *value.Table {
	t, _ := unkeyTable(x)
	return t
}

// symList reads a symbol atom or vector as names.
func symList(x value.Value) []string {
	switch v := x.(type) {
	case value.Sym:
		return []string{string(v)}
	case *value.Vec[string]:
		return v.S
	case *value.List:
		if len(v.Items) == 0 {
			return nil
		}
	}
	errType()
	return nil
}

// tableByName reads `t as the global table t, as cols and meta accept.
func (ip *Interp) tableByName(x value.Value) value.Value {
	if s, ok := x.(value.Sym); ok {
		if v := ip.lookupGlobal(string(s)); v != nil {
			x = v
		} else {
			signal(string(s))
		}
	}
	if pt, ok := x.(*partTable); ok { // described by its last partition (disk_part.go)
		return ip.sample(pt)
	}
	return x
}

// cols gives a table's column names, keys first.
func cols(x value.Value) value.Value {
	if d, ok := x.(*value.Dict); ok && !value.IsKeyed(d) {
		if k, ok := d.K.(*value.Vec[string]); ok { // a dictionary's symbol keys
			return value.Syms(append([]string(nil), k.S...))
		}
	}
	return value.Syms(append([]string(nil), asTable(x).Cols.S...))
}

// meta describes each column: c name, t type char, f foreign key, a attribute.
func meta(x value.Value) value.Value {
	t := asTable(x)
	n := len(t.Cols.S)
	tc := make([]byte, n)
	fk := make([]string, n)
	at := make([]string, n)
	for i, c := range t.Data {
		tc[i] = colTypeChar(c)
		if e, ok := c.(*value.EnumVec); ok {
			fk[i] = e.Domain
		}
		at[i] = attrOf(c).String()
	}
	kt := value.NewTable([]string{"c"}, []value.Value{value.Syms(append([]string(nil), t.Cols.S...))})
	vt := value.NewTable([]string{"t", "f", "a"}, []value.Value{value.Chars(tc), value.Syms(fk), value.Syms(at)})
	return &value.Dict{K: kt, V: vt}
}

// colTypeChar is meta's type letter: lower case for a vector, upper case for a list of
// vectors of one type (C for strings), blank for a mixed list.
func colTypeChar(c value.Value) byte {
	t := c.Type()
	if t == value.TEnum {
		return 's'
	}
	if t > 0 && int(t) < len(value.TypeChars) {
		return value.TypeChars[t]
	}
	l, ok := c.(*value.List)
	if !ok || len(l.Items) == 0 {
		return ' '
	}
	t0 := l.Items[0].Type()
	for _, it := range l.Items {
		if it.Type() != t0 {
			return ' '
		}
	}
	if t0 > 0 && int(t0) < len(value.TypeChars) {
		return value.TypeChars[t0] - 'a' + 'A'
	}
	return ' '
}

// xkey keys a table by the named columns (moved to the front); () xkey t unkeys.
// xkeyRef is xkey with y given by value or, as `t, by name (updated in place).
func (ip *Interp) xkeyRef(x, y value.Value) value.Value {
	name, byName := y.(value.Sym)
	if !byName {
		return xkey(x, y)
	}
	ip.setGlobal(string(name), xkey(x, ip.mustGlobal(string(name))))
	return name
}

func xkey(x, y value.Value) value.Value {
	t := asTable(y)
	keys := symList(x)
	if len(keys) == 0 {
		return t
	}
	order := xcolsOrder(keys, t)
	r := pickCols(t, order)
	return rekey(r, len(keys))
}

// xcolsOrder puts the named columns first, then the others in their order.
func xcolsOrder(names []string, t *value.Table) []int {
	var order []int
	used := make([]bool, len(t.Cols.S))
	for _, n := range names {
		k := colIndex(t, n)
		if k < 0 {
			signal(n)
		}
		order = append(order, k)
		used[k] = true
	}
	for i := range t.Cols.S {
		if !used[i] {
			order = append(order, i)
		}
	}
	return order
}

func colIndex(t *value.Table, name string) int {
	for i, c := range t.Cols.S {
		if c == name {
			return i
		}
	}
	return -1
}

func pickCols(t *value.Table, order []int) *value.Table {
	names := make([]string, len(order))
	data := make([]value.Value, len(order))
	for i, k := range order {
		names[i], data[i] = t.Cols.S[k], t.Data[k]
	}
	return value.NewTable(names, data)
}

// xcols reorders columns: the named ones first.
func xcols(x, y value.Value) value.Value {
	t, nk := unkeyTable(y)
	return rekey(pickCols(t, xcolsOrder(symList(x), t)), nk)
}

// xcol renames columns: `a`b xcol t renames the first ones; (`old!`new) xcol t by name.
func xcol(x, y value.Value) value.Value {
	t, nk := unkeyTable(y)
	names := append([]string(nil), t.Cols.S...)
	if d, ok := x.(*value.Dict); ok {
		from, to := symList(d.K), symList(d.V)
		for i, f := range from {
			if k := colIndex(t, f); k >= 0 {
				names[k] = to[i]
			}
		}
	} else {
		s := symList(x)
		if len(s) > len(names) {
			errLength()
		}
		copy(names, s)
	}
	return rekey(value.NewTable(names, t.Data), nk)
}

// sortTable sorts a table (or keyed table) by the named columns, stably.
func (ip *Interp) sortTable(x, y value.Value, down bool) value.Value {
	var name value.Sym
	if s, ok := y.(value.Sym); ok {
		name, y = s, ip.mustGlobal(string(s))
	}
	t, nk := unkeyTable(y)
	keys := symList(x)
	order := make([]int, value.Len(t))
	for i := range order {
		order[i] = i
	}
	for k := len(keys) - 1; k >= 0; k-- {
		c := t.Col(keys[k])
		if c == nil {
			signal(keys[k])
		}
		g := gather(c, order)
		var o []int
		if down {
			o = intsOf(idesc(g))
		} else {
			o = intsOf(iasc(g))
		}
		order = composeIdx(order, o)
	}
	r := gather(t, order).(*value.Table)
	if len(keys) > 0 && !down {
		if k := colIndex(r, keys[0]); k >= 0 {
			r.Data[k] = withAttr(r.Data[k], value.AttrS)
		}
	}
	res := rekey(r, nk)
	if name != "" {
		ip.setGlobal(string(name), res)
		return name
	}
	return res
}

// ungroup expands the list columns of a table into rows.
func ungroup(x value.Value) value.Value {
	t := asTable(x)
	n := value.Len(t)
	var counts []int
	for _, c := range t.Data {
		if l, ok := c.(*value.List); ok {
			if counts == nil {
				counts = make([]int, n)
				for i, it := range l.Items {
					counts[i] = value.Len(it)
				}
			}
		}
	}
	if counts == nil {
		return t
	}
	var rows []int
	for i, c := range counts {
		for k := 0; k < c; k++ {
			rows = append(rows, i)
		}
	}
	data := make([]value.Value, len(t.Data))
	for i, c := range t.Data {
		if l, ok := c.(*value.List); ok {
			data[i] = razeCol(l)
		} else {
			data[i] = gather(c, rows)
		}
	}
	return value.NewTable(t.Cols.S, data)
}

// razeCol joins a list column's vectors; enumerations over one domain stay one.
func razeCol(l *value.List) value.Value {
	if len(l.Items) > 0 {
		if e0, ok := l.Items[0].(*value.EnumVec); ok {
			var idx []int64
			for _, it := range l.Items {
				e, ok := it.(*value.EnumVec)
				if !ok || e.Domain != e0.Domain {
					return raze(l)
				}
				idx = append(idx, e.Idx...)
			}
			return &value.EnumVec{Domain: e0.Domain, Idx: idx}
		}
	}
	return raze(l)
}

// insert appends rows to the table named x and returns their indices; a keyed table
// refuses keys it has ('insert).
func (ip *Interp) insert(x, y value.Value) value.Value {
	name, ok := x.(value.Sym)
	if !ok {
		errType()
	}
	cur := ip.lookupGlobal(string(name))
	if cur == nil {
		// inserting into an undefined name creates the table from a table
		switch v := y.(type) {
		case *value.Table:
			ip.setGlobal(string(name), y)
			return til(value.Long(value.Len(y)))
		case *value.Dict:
			if value.IsKeyed(v) {
				ip.setGlobal(string(name), y)
				return til(value.Long(value.Len(y)))
			}
		}
		signal(string(name))
	}
	n := value.Len(cur)
	if d, ok := cur.(*value.Dict); ok && value.IsKeyed(d) {
		add := keyedRows(d, y)
		ak := add.K.(*value.Table)
		for _, j := range lookupRows(d.K.(*value.Table), ak) {
			if j < n {
				signal("insert")
			}
		}
		r := join(cur, add)
		ip.setGlobal(string(name), r)
		return rowRange(n, value.Len(r))
	}
	t, ok := cur.(*value.Table)
	if !ok {
		errType()
	}
	add := alignCols(t, rowsAsTable(t, y))
	checkColTypes(t, add)
	r := join(t, add)
	ip.setGlobal(string(name), r)
	return rowRange(n, value.Len(r))
}

func rowRange(a, b int) value.Value {
	r := make([]int64, b-a)
	for i := range r {
		r[i] = int64(a + i)
	}
	return value.Longs(r)
}

// checkColTypes signals 'type when new rows do not fit typed columns.
func checkColTypes(t, add *value.Table) {
	for i, c := range t.Data {
		a := add.Col(t.Cols.S[i])
		if a == nil {
			errMismatch()
		}
		// an empty typed column checks too (insert.md: values must match the column
		// types); only an empty general column takes the type of what comes
		if ct := c.Type(); ct > 0 && a.Type() != ct {
			signal("type")
		}
	}
}

// rowsAsTable reads y as rows for t: a table, a dictionary (one record), a list of
// dictionaries, or a row (an item per column) or list of columns.
func rowsAsTable(t *value.Table, y value.Value) *value.Table {
	switch v := y.(type) {
	case *value.Table:
		return v
	case *value.Dict:
		names := symList(v.K)
		vals := value.Items(v.V)
		data := make([]value.Value, len(vals))
		for i, it := range vals {
			data[i] = enlist(it)
		}
		return value.NewTable(names, data)
	case *value.List:
		if cols := asColumns(t, v); cols != nil {
			return cols
		}
		if len(v.Items) > 0 {
			if _, ok := v.Items[0].(*value.Dict); ok {
				var r *value.Table
				for _, it := range v.Items {
					row := rowsAsTable(t, it)
					if r == nil {
						r = row
					} else {
						r = joinTables(r, row).(*value.Table)
					}
				}
				return r
			}
		}
	}
	return rowsTable(t, y)
}

// keyedRows reads y as rows for keyed table d.
func keyedRows(d *value.Dict, y value.Value) *value.Dict {
	if yd, ok := y.(*value.Dict); ok && value.IsKeyed(yd) {
		return yd
	}
	kt, vt := d.K.(*value.Table), d.V.(*value.Table)
	all := value.NewTable(append(append([]string{}, kt.Cols.S...), vt.Cols.S...), append(append([]value.Value{}, kt.Data...), vt.Data...))
	return rekey(alignCols(all, rowsAsTable(all, y)), len(kt.Cols.S)).(*value.Dict)
}

// alignCols puts the columns of rows add in t's order, as kdb+ matches them by name;
// columns add lacks are nulls of t's column type. A column t lacks is a 'mismatch.
func alignCols(t, add *value.Table) *value.Table {
	if len(t.Cols.S) == len(add.Cols.S) {
		same := true
		for i, c := range t.Cols.S {
			if add.Cols.S[i] != c {
				same = false
				break
			}
		}
		if same {
			return add
		}
	}
	for _, c := range add.Cols.S {
		if colIndex(t, c) < 0 {
			errMismatch()
		}
	}
	n := value.Len(add)
	var missing []int
	data := make([]value.Value, len(t.Cols.S))
	for i, c := range t.Cols.S {
		if data[i] = add.Col(c); data[i] == nil {
			if missing == nil {
				missing = make([]int, n)
				for k := range missing {
					missing[k] = -1
				}
			}
			data[i] = gather(t.Data[i], missing) // out of range: typed nulls
		}
	}
	return &value.Table{Cols: t.Cols, Data: data}
}

// upsert: `t upsert y changes the global and returns `t; t upsert y returns the
// new table. Keyed tables update rows with existing keys.
func (ip *Interp) upsert(x, y value.Value) value.Value {
	var name value.Sym
	if s, ok := x.(value.Sym); ok {
		name, x = s, ip.lookupGlobal(string(s))
		if x == nil {
			if _, ok := y.(*value.Table); ok {
				ip.setGlobal(string(name), y)
				return name
			}
			signal(string(s))
		}
	}
	var r value.Value
	if l, ok := y.(*value.List); ok && len(l.Items) == 0 {
		y = nil // zero records: x unchanged, as x,()
	}
	switch v := x.(type) {
	case *value.Dict:
		if !value.IsKeyed(v) {
			errType()
		}
		if y == nil {
			r = v
			break
		}
		r = upsertKeyed(v, keyedRows(v, y))
	case *value.Table:
		if y == nil {
			r = v
			break
		}
		r = join(v, alignCols(v, rowsAsTable(v, y)))
	default:
		errType()
	}
	if name != "" {
		ip.setGlobal(string(name), r)
		return name
	}
	return r
}

// lookupRows finds each row of t's columns named like kt's among kt's rows (count kt
// when absent). One key column takes the typed fast path.
func lookupRows(kt, t *value.Table) []int {
	if len(kt.Cols.S) == 1 {
		c := t.Col(kt.Cols.S[0])
		if c == nil {
			errMismatch()
		}
		return findCol(kt.Data[0], c)
	}
	ys := make([]value.Value, len(kt.Cols.S))
	for i, name := range kt.Cols.S {
		if ys[i] = t.Col(name); ys[i] == nil {
			errMismatch()
		}
	}
	return findKeyRows(kt.Data, ys)
}

// keyedParts splits a keyed table argument of a join.
func keyedParts(x value.Value) (*value.Table, *value.Table) {
	d, ok := x.(*value.Dict)
	if !ok || !value.IsKeyed(d) {
		errType()
	}
	return d.K.(*value.Table), d.V.(*value.Table)
}

// lj is the left join t lj kt: each row of t gets the values of kt's matching row;
// unmatched rows keep their values (nulls in new columns).
func lj(x, y value.Value) value.Value { return leftJoin(x, y, false) }

// ljf is lj where y's nulls leave x's values (lj before kdb+ 3.0).
func ljf(x, y value.Value) value.Value { return leftJoin(x, y, true) }

// leftJoin is lj, or ljf when fill.
func leftJoin(x, y value.Value, fill bool) value.Value {
	if l, ok := y.(*value.List); ok && len(l.Items) == 0 {
		return x
	}
	t, nk := unkeyTable(x)
	kt, vt := keyedParts(y)
	idx := lookupRows(kt, t)
	if fill {
		return rekey(joinColsFill(t, vt, idx, value.Len(kt)), nk)
	}
	return rekey(joinCols(t, vt, idx, value.Len(kt), false), nk)
}

// joinColsFill is joinCols where a null from vt keeps t's value (ljf, ajf and
// friends): vt's rows idx (miss for none) over t's, new columns added.
func joinColsFill(t, vt *value.Table, idx []int, miss int) *value.Table {
	names := append([]string(nil), t.Cols.S...)
	data := append([]value.Value(nil), t.Data...)
	for i, c := range vt.Cols.S {
		got := gather(vt.Data[i], idx)
		if k := colIndex(t, c); k >= 0 {
			data[k] = keepNulls(data[k], got, idx, miss)
		} else {
			names = append(names, c)
			data = append(data, got)
		}
	}
	return value.NewTable(names, data)
}

// pj is the plus join: matched value columns are added.
func pj(x, y value.Value) value.Value {
	t, nk := unkeyTable(x)
	kt, vt := keyedParts(y)
	idx := lookupRows(kt, t)
	return rekey(joinCols(t, vt, idx, value.Len(kt), true), nk)
}

// joinCols writes vt's columns at rows idx into t (idx[i] == miss: no match).
func joinCols(t, vt *value.Table, idx []int, miss int, plus bool) *value.Table {
	names := append([]string(nil), t.Cols.S...)
	data := append([]value.Value(nil), t.Data...)
	for i, c := range vt.Cols.S {
		got := gather(vt.Data[i], idx) // out-of-range rows give nulls
		k := colIndex(t, c)
		switch {
		case k < 0:
			names = append(names, c)
			if plus {
				got = fill0(got, idx, miss)
			}
			data = append(data, got)
		case plus:
			data[k] = atomic2(data[k], fill0(got, idx, miss), plusFn())
		default:
			data[k] = keepUnmatched(data[k], got, idx, miss)
		}
	}
	return value.NewTable(names, data)
}

// plusFn returns the + kernel.
func plusFn() func(x, y value.Value) value.Value {
	d := prims["+"]
	return func(x, y value.Value) value.Value {
		if d.b != nil {
			return d.b(x, y)
		}
		return d.bi(nil, x, y)
	}
}

// fill0 replaces the nulls of unmatched rows by zero, for pj.
func fill0(got value.Value, idx []int, miss int) value.Value {
	items := value.Items(got)
	r := make([]value.Value, len(items))
	for i, it := range items {
		if idx[i] >= miss {
			r[i] = zeroLike(it)
		} else {
			r[i] = it
		}
	}
	return value.NewList(r)
}

func zeroLike(a value.Value) value.Value {
	switch a.(type) {
	case value.Long:
		return value.Long(0)
	case value.Int:
		return value.Int(0)
	case value.Short:
		return value.Short(0)
	case value.Float:
		return value.Float(0)
	case value.Real:
		return value.Real(0)
	}
	return a
}

// keepUnmatched takes got where a row matched, and old elsewhere.
func keepUnmatched(old, got value.Value, idx []int, miss int) value.Value {
	all := true
	for _, j := range idx {
		if j >= miss {
			all = false
			break
		}
	}
	if all {
		return got
	}
	oi, gi := value.Items(old), value.Items(got)
	r := make([]value.Value, len(oi))
	for i := range r {
		if idx[i] >= miss {
			r[i] = oi[i]
		} else {
			r[i] = gi[i]
		}
	}
	return value.NewList(r)
}

// ij is the inner join t ij kt: only rows of t with a match.
func ij(x, y value.Value) value.Value {
	t, nk := unkeyTable(x)
	kt, vt := keyedParts(y)
	idx := lookupRows(kt, t)
	miss := value.Len(kt)
	var rows, hit []int
	for i, j := range idx {
		if j < miss {
			rows = append(rows, i)
			hit = append(hit, j)
		}
	}
	if rows == nil {
		rows, hit = []int{}, []int{}
	}
	sub := gather(t, rows).(*value.Table)
	return rekey(joinCols(sub, vt, hit, miss, false), nk)
}

// ijf is ij where y's nulls leave x's values (ij before kdb+ 3.0).
func ijf(x, y value.Value) value.Value {
	t, nk := unkeyTable(x)
	kt, _ := keyedParts(y)
	miss := value.Len(kt)
	rows := []int{}
	for i, j := range lookupRows(kt, t) {
		if j < miss {
			rows = append(rows, i)
		}
	}
	return ljf(rekey(gather(t, rows), nk), y)
}

// uj is the union join: all columns of both, rows of x then rows of y. Keyed tables:
// x lj y, then y's rows with new keys (kdb+ 3.0+); ujf fills instead of overwriting
// with y's nulls.
func uj(x, y value.Value) value.Value { return unionJoin(x, y, false) }

func ujf(x, y value.Value) value.Value { return unionJoin(x, y, true) }

func unionJoin(x, y value.Value, fillNulls bool) value.Value {
	if xd, ok := x.(*value.Dict); ok && value.IsKeyed(xd) {
		yd, ok := y.(*value.Dict)
		if !ok || !value.IsKeyed(yd) {
			errType()
		}
		xk, xv := xd.K.(*value.Table), xd.V.(*value.Table)
		yk, yv := yd.K.(*value.Table), yd.V.(*value.Table)
		idx := lookupRows(xk, yk)
		nx := value.Len(xk)
		// x's rows updated by y's matching rows (the last match wins, as upsert does)
		at := fillInts(nx, nx+1)
		var fresh []int
		for j, i := range idx {
			if i < nx {
				at[i] = j
			} else {
				fresh = append(fresh, j)
			}
		}
		if fresh == nil {
			fresh = []int{}
		}
		all := unionCols(xv, yv)
		data := make([]value.Value, len(all))
		for c, name := range all {
			xc, yc := xv.Col(name), yv.Col(name)
			var col value.Value
			switch {
			case yc == nil:
				col = xc
			case xc == nil:
				col = gather(yc, at)
			default:
				got := gather(yc, at)
				if fillNulls {
					col = keepNulls(xc, got, at, nx)
				} else {
					col = keepUnmatched(xc, got, at, nx+1)
				}
			}
			data[c] = col
		}
		top := value.NewTable(all, data)
		add := widenTo(gather(yv, fresh).(*value.Table), all, top)
		keys := join(xk, gather(yk, fresh))
		return &value.Dict{K: keys, V: join(top, add)}
	}
	xt, yt := asTable(x), asTable(y)
	all := unionCols(xt, yt)
	return joinTables(widenTo(xt, all, yt), widenTo(yt, all, xt))
}

// keepNulls is ujf's merge: y's value where a row matched and y's value is not null.
func keepNulls(old, got value.Value, idx []int, miss int) value.Value {
	oi, gi := value.Items(old), value.Items(got)
	r := make([]value.Value, len(oi))
	for i := range r {
		if idx[i] >= miss || (value.IsAtom(gi[i]) && value.IsNull(gi[i])) {
			r[i] = oi[i]
		} else {
			r[i] = gi[i]
		}
	}
	return value.NewList(r)
}

func unionCols(x, y *value.Table) []string {
	names := append([]string(nil), x.Cols.S...)
	for _, c := range y.Cols.S {
		if colIndex(x, c) < 0 {
			names = append(names, c)
		}
	}
	return names
}

// widenTo gives t the columns names, with nulls typed like other's column in the
// ones it lacks.
func widenTo(t *value.Table, names []string, other *value.Table) *value.Table {
	n := value.Len(t)
	data := make([]value.Value, len(names))
	for i, c := range names {
		if col := t.Col(c); col != nil {
			data[i] = col
		} else if oc := other.Col(c); oc != nil {
			data[i] = gather(oc, fillInts(n, -1))
		} else {
			data[i] = nullColumn(n)
		}
	}
	return value.NewTable(names, data)
}

// nullColumn is n generic nulls, which take the type of what they are joined to.
func nullColumn(n int) value.Value {
	items := make([]value.Value, n)
	for i := range items {
		items[i] = nullVal
	}
	return &value.List{Items: items}
}

// ej is the equi join ej[c;t1;t2]: for each row of t2 (in order), one record per
// row of t1 that agrees with it on the columns c: t2's columns, then t1's others
// (common columns take t2's values).
func ej(c, x, y value.Value) value.Value {
	keys := symList(c)
	t1, t2 := asTable(x), asTable(y)
	k1, k2 := colsOf(t1, keys), colsOf(t2, keys)
	n1 := value.Len(t1)
	ids := findKeyRows(k1, k2)
	// every row of t1 per distinct key (keyed by its first row)
	first := make([]int32, n1)
	for j, f := range findKeyRows(k1, k1) {
		first[j] = int32(f)
	}
	groups := groupRowLists(n1, first)
	l, r := []int{}, []int{}
	for i, f := range ids {
		if f < n1 {
			for _, j := range groups[f] {
				l = append(l, i)
				r = append(r, j)
			}
		}
	}
	res := gather(t2, l).(*value.Table)
	names := append([]string(nil), res.Cols.S...)
	data := append([]value.Value(nil), res.Data...)
	for i, col := range t1.Cols.S {
		if colIndex(t2, col) < 0 {
			names = append(names, col)
			data = append(data, gather(t1.Data[i], r))
		}
	}
	return value.NewTable(names, data)
}

func seq(n int) []int {
	r := make([]int, n)
	for i := range r {
		r[i] = i
	}
	return r
}

func contains(s []string, x string) bool {
	for _, e := range s {
		if e == x {
			return true
		}
	}
	return false
}

func colIdxs(t *value.Table, names []string) []int {
	r := make([]int, len(names))
	for i, n := range names {
		if r[i] = colIndex(t, n); r[i] < 0 {
			signal(n)
		}
	}
	return r
}

// asColumns reads a list of typed vectors of one count, one per column of t, as
// columns (`t insert (`a`b;1 2) adds two rows); nil when y is not that.
func asColumns(t *value.Table, y *value.List) *value.Table {
	if len(y.Items) != len(t.Cols.S) || len(y.Items) == 0 {
		return nil
	}
	n := -1
	for _, it := range y.Items {
		if it.Type() <= 0 || it.Type() > value.TTime {
			return nil
		}
		if n >= 0 && value.Len(it) != n {
			return nil
		}
		n = value.Len(it)
	}
	return value.NewTable(t.Cols.S, y.Items)
}

func colsKw(ip *Interp, x value.Value) value.Value     { return cols(ip.tableByName(x)) }
func metaKw(ip *Interp, x value.Value) value.Value     { return meta(ip.tableByName(x)) }
func xascKw(ip *Interp, x, y value.Value) value.Value  { return ip.sortTable(x, y, false) }
func xdescKw(ip *Interp, x, y value.Value) value.Value { return ip.sortTable(x, y, true) }
func ejKw(ip *Interp, a []value.Value) value.Value     { return ej(a[0], a[1], a[2]) }

// tables implements tables x, the sorted names of the tables in namespace x, as \a
// does: tables[] (the current namespace), tables`. (the root), tables`.work.
func (ip *Interp) tables(x value.Value) value.Value {
	arg := ""
	switch v := x.(type) {
	case value.Sym:
		arg = string(v)
	default:
		if x != nullVal {
			errType()
		}
	}
	r, _ := ip.system("a "+arg, false)
	if r == nil {
		return value.Syms(nil)
	}
	return r
}

// fkeys implements fkeys t, the foreign-key columns of t mapped to their tables: the
// columns whose f in meta t is not null. A table without any gives an empty
// dictionary, which shows as nothing.
func fkeys(x value.Value) value.Value {
	var cs, fs []string
	if m, ok := meta(x).(*value.Dict); ok {
		kt, ok1 := m.K.(*value.Table)
		vt, ok2 := m.V.(*value.Table)
		if ok1 && ok2 && len(kt.Data) > 0 {
			c, ok1 := kt.Data[0].(*value.Vec[string])
			f, ok2 := vt.Col("f").(*value.Vec[string])
			if ok1 && ok2 {
				for i, d := range f.S {
					if d != "" {
						cs = append(cs, c.S[i])
						fs = append(fs, d)
					}
				}
			}
		}
	}
	return &value.Dict{K: value.Syms(cs), V: value.Syms(fs)}
}

func fkeysKw(ip *Interp, x value.Value) value.Value { return fkeys(ip.tableByName(x)) }
