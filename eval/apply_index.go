package eval

import (
	"math"
	"slices"

	"github.com/gq-dev/gq/eval/value"
)

// intVals reads an integer atom or vector (boolean, byte, short, int, long) as int64s.
func intVals(v value.Value) ([]int64, bool) {
	switch x := v.(type) {
	case value.Long:
		return []int64{int64(x)}, true
	case value.Int:
		return []int64{i32to64(int32(x))}, true
	case value.Short:
		return []int64{i16to64(int16(x))}, true
	case *value.Vec[int64]:
		if x.Typ == value.TLong {
			return x.S, true
		}
	case *value.Vec[int32]:
		if x.Typ == value.TInt {
			r := make([]int64, len(x.S))
			for i, e := range x.S {
				r[i] = i32to64(e)
			}
			return r, true
		}
	case *value.Vec[int16]:
		r := make([]int64, len(x.S))
		for i, e := range x.S {
			r[i] = i16to64(e)
		}
		return r, true
	case *value.Vec[byte]:
		if x.Typ == value.TBool || x.Typ == value.TByte {
			r := make([]int64, len(x.S))
			for i, e := range x.S {
				r[i] = int64(e)
			}
			return r, true
		}
	case value.Bool:
		if x {
			return []int64{1}, true
		}
		return []int64{0}, true
	case value.Byte:
		return []int64{int64(x)}, true
	}
	return nil, false
}

func i32to64(e int32) int64 {
	if e == value.NullInt {
		return value.NullLong
	}
	return int64(e)
}

func i16to64(e int16) int64 {
	if e == value.NullShort {
		return value.NullLong
	}
	return int64(e)
}

// isIntAtom reports whether v is an integer-like atom usable as an index.
func isIntAtom(v value.Value) bool {
	switch v.(type) {
	case value.Long, value.Int, value.Short, value.Bool, value.Byte:
		return true
	}
	return false
}

// itemNull is what indexing x out of range gives: a typed null, or the null of a
// general list's first item.
func itemNull(x value.Value) value.Value {
	t := x.Type()
	if t > 0 && t <= value.TTime {
		return value.Null(t)
	}
	if l, ok := x.(*value.List); ok && len(l.Items) > 0 {
		f := l.Items[0]
		ft := f.Type()
		switch {
		case ft < 0 && ft >= -value.TTime:
			return value.Null(-ft)
		case ft > 0 && ft <= value.TTime:
			return value.Empty(ft)
		case isGenericNull(f):
			// a namespace's values start with ::, so its missing names read as ::
			// (.u`i`L is (::;::); u.q reads .u names this way)
			return nullVal
		}
		return &value.List{Items: []value.Value{}}
	}
	if _, ok := x.(*value.List); ok {
		return &value.List{Items: []value.Value{}}
	}
	return nullVal
}

// index is x[i] / x i / x@i for a list, dictionary, table or atom x.
func (ip *Interp) index(x, i value.Value) value.Value {
	if isGenericNull(i) {
		return x
	}
	switch v := x.(type) {
	case *value.Dict:
		return ip.dictIndex(v, i)
	case *value.Table:
		return ip.tableIndex(v, i)
	case *value.EnumVec:
		// index the indices, keep the domain
		if iv, ok := intVals(i); ok {
			r := make([]int64, len(iv))
			for k, j := range iv {
				if j >= 0 && j < int64(len(v.Idx)) {
					r[k] = v.Idx[j]
				} else {
					r[k] = value.NullLong
				}
			}
			if isIntAtom(i) {
				return value.EnumAtom{Domain: v.Domain, Idx: r[0]}
			}
			return &value.EnumVec{Domain: v.Domain, Idx: r}
		}
	}
	if value.IsFunc(x) {
		return ip.apply1(x, i)
	}
	t := x.Type()
	if t < 0 {
		errType()
	}
	n := value.Len(x)
	switch iv := i.(type) {
	case value.Long:
		if iv < 0 || int64(iv) >= int64(n) {
			return itemNull(x)
		}
		return value.At(x, int(iv))
	case value.Int:
		if iv < 0 || int(iv) >= n {
			return itemNull(x)
		}
		return value.At(x, int(iv))
	case *value.Vec[int64]:
		if iv.Typ == value.TLong {
			return ip.gatherIdx(x, iv.S)
		}
	case *value.List:
		r := make([]value.Value, len(iv.Items))
		for k, it := range iv.Items {
			r[k] = ip.index(x, it)
		}
		return value.NewList(r)
	case *value.Dict:
		return &value.Dict{K: iv.K, V: ip.index(x, iv.V)}
	case *value.Table:
		errType()
	}
	if ints, ok := intVals(i); ok {
		if isIntAtom(i) {
			j := ints[0]
			if j < 0 || j >= int64(n) {
				return itemNull(x)
			}
			return value.At(x, int(j))
		}
		return ip.gatherIdx(x, ints)
	}
	errType()
	return nil
}

// gatherIdx returns x's items at idx, nulls out of range, keeping x's type.
func (ip *Interp) gatherIdx(x value.Value, idx []int64) value.Value {
	n := int64(value.Len(x))
	switch v := x.(type) {
	case *value.Vec[int64]:
		return value.NewVec(v.Typ, gatherT(v.S, idx, value.NullLong))
	case *value.Vec[float64]:
		return value.NewVec(v.Typ, gatherT(v.S, idx, math.NaN()))
	case *value.Vec[int32]:
		return value.NewVec(v.Typ, gatherT(v.S, idx, value.NullInt))
	case *value.Vec[string]:
		return value.NewVec(v.Typ, gatherT(v.S, idx, ""))
	case *value.Vec[byte]:
		var z byte
		if v.Typ == value.TChar {
			z = ' '
		}
		return value.NewVec(v.Typ, gatherT(v.S, idx, z))
	case *value.Vec[int16]:
		return value.NewVec(v.Typ, gatherT(v.S, idx, value.NullShort))
	case *value.Vec[float32]:
		return value.NewVec(v.Typ, gatherT(v.S, idx, float32(math.NaN())))
	case *value.Vec[[16]byte]:
		return value.NewVec(v.Typ, gatherT(v.S, idx, [16]byte{}))
	case *value.List:
		r := make([]value.Value, len(idx))
		for k, j := range idx {
			if j >= 0 && j < n {
				r[k] = v.Items[j]
			} else {
				r[k] = itemNull(x)
			}
		}
		if len(r) == 0 {
			return &value.List{Items: r}
		}
		return value.NewList(r)
	}
	r := make([]value.Value, len(idx))
	for k, j := range idx {
		r[k] = ip.index(x, value.Long(j))
	}
	return value.NewList(r)
}

func gatherT[T value.Elem](s []T, idx []int64, null T) []T {
	r := make([]T, len(idx))
	n := int64(len(s))
	for k, j := range idx {
		if j >= 0 && j < n {
			r[k] = s[j]
		} else {
			r[k] = null
		}
	}
	return r
}

// dictIndex looks keys up in a dictionary (or a keyed table).
func (ip *Interp) dictIndex(d *value.Dict, i value.Value) value.Value {
	if kt, ok := d.K.(*value.Table); ok && value.IsKeyed(d) {
		return ip.keyedIndex(d, kt, i)
	}
	keys := d.K
	if d.Sorted && keys.Type() > 0 && (i.Type() == keys.Type() || i.Type() == -keys.Type()) {
		// a step dictionary (`s#d): a key between keys takes the value of the one below
		switch j := bin(keys, i).(type) {
		case value.Long:
			if j < 0 {
				return itemNull(d.V)
			}
			return value.At(d.V, int(j))
		case *value.Vec[int64]:
			return ip.gatherIdx(d.V, j.S)
		}
	}
	// an atom key (or a whole key when the keys are a general list of lists)
	if isKeyItem(keys, i) {
		j := findKey(keys, i)
		if j < 0 || j >= value.Len(d.V) { // a malformed dict (`a!()) has fewer values
			return itemNull(d.V)
		}
		return value.At(d.V, j)
	}
	if id, ok := i.(*value.Dict); ok {
		return &value.Dict{K: id.K, V: ip.dictIndex(d, id.V)}
	}
	n := value.Len(i)
	idx := make([]int64, n)
	for k := 0; k < n; k++ {
		idx[k] = int64(findKey(keys, value.At(i, k)))
	}
	return ip.gatherIdx(d.V, idx)
}

// isKeyItem reports whether i is one key of keys (rather than a list of keys).
func isKeyItem(keys, i value.Value) bool {
	if i.Type() < 0 || value.IsFunc(i) {
		return true
	}
	if _, ok := keys.(*value.List); ok {
		// keys that are lists: i is a key when it matches the shape of one
		l := keys.(*value.List)
		if len(l.Items) > 0 && l.Items[0].Type() >= 0 && l.Items[0].Type() == i.Type() {
			return true
		}
	}
	return false
}

// findKey returns the position of key k in keys, -1 if absent.
func findKey(keys, k value.Value) int {
	switch ks := keys.(type) {
	case *value.Vec[string]:
		if s, ok := k.(value.Sym); ok {
			return slices.Index(ks.S, string(s))
		}
	case *value.Vec[int64]:
		if k.Type() == -ks.Typ {
			return slices.Index(ks.S, value.Int64Of(k))
		}
	case *value.Vec[int32]:
		if k.Type() == -ks.Typ {
			return slices.Index(ks.S, value.Int32Of(k))
		}
	case *value.Vec[byte]:
		if k.Type() == -ks.Typ {
			var x byte
			switch a := k.(type) {
			case value.Char:
				x = byte(a)
			case value.Byte:
				x = byte(a)
			case value.Bool:
				if a {
					x = 1
				}
			}
			return slices.Index(ks.S, x)
		}
	}
	if l, ok := keys.(*value.List); ok && k.Type() < 0 && len(l.Items) > 0 && l.Items[0].Type() >= 0 {
		// an atom is no key of a dictionary whose keys are lists
		return -1
	}
	n := value.Len(keys)
	for j := 0; j < n; j++ {
		if matchValues(value.At(keys, j), k) {
			return j
		}
	}
	return -1
}

// dictGet is d[k] for one key (nil when absent).
func dictGet(d *value.Dict, k value.Value) value.Value {
	j := findKey(d.K, k)
	if j < 0 {
		return nil
	}
	return value.At(d.V, j)
}

// tableIndex is t[i] (rows as dictionaries or a table), t`c (a column), t`a`b.
func (ip *Interp) tableIndex(t *value.Table, i value.Value) value.Value {
	switch iv := i.(type) {
	case value.Sym:
		c := t.Col(string(iv))
		if c == nil {
			signal(string(iv))
		}
		return c
	case *value.Vec[string]:
		r := make([]value.Value, len(iv.S))
		for k, s := range iv.S {
			r[k] = ip.tableIndex(t, value.Sym(s))
		}
		return value.NewList(r)
	}
	if isIntAtom(i) {
		ints, _ := intVals(i)
		vals := make([]value.Value, len(t.Data))
		for k, c := range t.Data {
			vals[k] = ip.index(c, value.Long(ints[0]))
		}
		return &value.Dict{K: t.Cols, V: value.NewList(vals)}
	}
	if _, ok := intVals(i); ok {
		data := make([]value.Value, len(t.Data))
		for k, c := range t.Data {
			data[k] = ip.index(c, i)
		}
		return &value.Table{Cols: t.Cols, Data: data}
	}
	errType()
	return nil
}

// keyedIndex looks up rows of a keyed table by key values.
func (ip *Interp) keyedIndex(d *value.Dict, kt *value.Table, i value.Value) value.Value {
	vt := d.V.(*value.Table)
	var key []value.Value
	switch iv := i.(type) {
	case *value.Dict:
		key = make([]value.Value, len(kt.Data))
		for k, c := range kt.Cols.S {
			key[k] = dictGet(iv, value.Sym(c))
		}
	case *value.Table:
		n := value.Len(iv)
		rows := make([]value.Value, n)
		for r := 0; r < n; r++ {
			rows[r] = ip.keyedIndex(d, kt, ip.tableIndex(iv, value.Long(r)))
		}
		return rows2table(vt.Cols, rows)
	default:
		if keys, ok := manyKeys(i, len(kt.Data)); ok {
			rows := make([]value.Value, len(keys))
			for r, k := range keys {
				rows[r] = ip.keyedRow(kt, vt, k)
			}
			return rows2table(vt.Cols, rows)
		}
		return ip.keyedRow(kt, vt, i)
	}
	return ip.keyedFind(kt, vt, key)
}

// keyedRow looks up one key (an atom, a one-item list, or a key tuple).
func (ip *Interp) keyedRow(kt, vt *value.Table, i value.Value) value.Value {
	key := value.Items(i)
	if len(kt.Data) == 1 && (i.Type() < 0 || value.Len(i) != 1) {
		key = []value.Value{i}
	}
	return ip.keyedFind(kt, vt, key)
}

// keyedFind returns the value row of the key tuple key (nulls when absent).
func (ip *Interp) keyedFind(kt, vt *value.Table, key []value.Value) value.Value {
	n := value.Len(kt)
	for r := 0; r < n; r++ {
		ok := true
		for c, col := range kt.Data {
			if c >= len(key) || !matchValues(value.At(col, r), key[c]) {
				ok = false
				break
			}
		}
		if ok {
			return ip.tableIndex(vt, value.Long(r))
		}
	}
	return ip.tableIndex(vt, value.Long(int64(n)))
}

// rows2table builds a table from row dictionaries over cols.
func rows2table(cols *value.Vec[string], rows []value.Value) value.Value {
	data := make([]value.Value, len(cols.S))
	for c := range cols.S {
		items := make([]value.Value, len(rows))
		for r, row := range rows {
			items[r] = value.At(row.(*value.Dict).V, c)
		}
		data[c] = value.NewList(items)
	}
	return &value.Table{Cols: cols, Data: data}
}

// indexDepth is x[i;j;...] (x . (i;j;...)): index by the first, then each result by
// the rest; an elided index takes everything.
func (ip *Interp) indexDepth(x value.Value, idx []value.Value) value.Value {
	if len(idx) == 0 {
		return x
	}
	if value.IsFunc(x) {
		return ip.apply(x, idx)
	}
	first, rest := idx[0], idx[1:]
	if len(rest) == 0 {
		if first == nil {
			return x
		}
		return ip.index(x, first)
	}
	if t, ok := x.(*value.Table); ok {
		// t[rows;cols]: select the rows, then index each column
		if first != nil {
			x = ip.index(t, first)
		}
		if s, ok := rest[0].(value.Sym); ok && len(rest) == 1 {
			switch r := x.(type) {
			case *value.Table:
				return ip.tableIndex(r, s)
			case *value.Dict:
				return ip.dictIndex(r, s)
			}
		}
		if r, ok := x.(*value.Table); ok && len(rest) == 1 {
			if _, cols := rest[0].(*value.Vec[string]); cols {
				// t[;`r`c] indexes each row, then its columns: one list per row
				items := make([]value.Value, value.Len(r))
				for k := range items {
					items[k] = ip.indexDepth(ip.itemOf(r, k), rest)
				}
				return value.NewList(items)
			}
		}
		return ip.indexDepth(x, rest)
	}
	if first == nil || isGenericNull(first) {
		n := value.Len(x)
		if _, ok := x.(*value.Dict); ok {
			d := x.(*value.Dict)
			return &value.Dict{K: d.K, V: ip.eachIndex(d.V, value.Len(d.V), rest)}
		}
		return ip.eachIndex(x, n, rest)
	}
	r := ip.index(x, first)
	if first.Type() < 0 || isKeyOf(x, first) {
		return ip.indexDepth(r, rest)
	}
	return ip.eachIndex(r, value.Len(r), rest)
}

// isKeyOf reports whether i indexed a dictionary x as a single key.
func isKeyOf(x, i value.Value) bool {
	d, ok := x.(*value.Dict)
	return ok && isKeyItem(d.K, i)
}

// eachIndex applies the remaining indices to each item of x.
func (ip *Interp) eachIndex(x value.Value, n int, rest []value.Value) value.Value {
	items := make([]value.Value, n)
	for k := 0; k < n; k++ {
		items[k] = ip.indexDepth(value.At(x, k), rest)
	}
	return value.NewList(items)
}

// matchValues is q's match (~) on two values.
func matchValues(a, b value.Value) bool {
	if a == nil || b == nil {
		return a == b
	}
	if d := prims["~"]; d != nil && d.b != nil {
		r := d.b(a, b)
		if bl, ok := r.(value.Bool); ok {
			return bool(bl)
		}
	}
	return simpleMatch(a, b)
}

// simpleMatch is a fallback match for atoms and simple vectors.
func simpleMatch(a, b value.Value) bool {
	if a.Type() != b.Type() {
		return false
	}
	if a.Type() < 0 {
		return a == b || value.IsNull(a) && value.IsNull(b)
	}
	n := value.Len(a)
	if n != value.Len(b) {
		return false
	}
	if _, ok := a.(*value.List); !ok && a.Type() >= value.TTable {
		return a == b
	}
	for k := 0; k < n; k++ {
		if !simpleMatch(value.At(a, k), value.At(b, k)) {
			return false
		}
	}
	return true
}

// manyKeys splits the index of a keyed table with k key columns into several keys
// when it is a list of them: kt 1001 1002, kt (enlist 1001;enlist 1002),
// kt (`a`b;`c`d) with two key columns.
func manyKeys(i value.Value, k int) ([]value.Value, bool) {
	t := i.Type()
	if t < 0 {
		return nil, false
	}
	if k == 1 {
		if t > 0 {
			return value.Items(i), true
		}
		l := i.(*value.List)
		for _, it := range l.Items {
			if it.Type() < 0 || value.Len(it) != 1 {
				return nil, false
			}
		}
		return l.Items, true
	}
	l, ok := i.(*value.List)
	if !ok || len(l.Items) == 0 {
		return nil, false
	}
	for _, it := range l.Items {
		if it.Type() < 0 {
			return nil, false // one key tuple
		}
	}
	if len(l.Items) != k {
		return nil, false
	}
	// (`Dent`Arthur;`Prefect`Ford): each item is one key tuple
	return l.Items, true
}
