package eval

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"sync"
	"unsafe"

	"github.com/gq-dev/gq/eval/value"
)

// List primitives: til, count, take, drop, cut, sublist, join, enlist, raze, first,
// last, reverse, where, flip, rotate, prev, next, xprev, attr, set-attribute.

// ---- generic helpers over typed vectors ----

// isList reports whether x is a vector or a general list (not an atom, dict, table).
func isList(x value.Value) bool {
	t := x.Type()
	return t >= 0 && t <= value.TEnum
}

// nullElem returns the storage of type t's null.
func nullElem[T value.Elem](t value.Type) T {
	var z T
	switch p := any(&z).(type) {
	case *byte:
		if t == value.TChar {
			*p = ' '
		}
	case *int16:
		*p = value.NullShort
	case *int32:
		*p = value.NullInt
	case *int64:
		*p = value.NullLong
	case *float32:
		*p = float32(math.NaN())
	case *float64:
		*p = math.NaN()
	}
	return z
}

// gatherS returns s at each index of idx; an index outside s gives the null of t.
func gatherS[T value.Elem](t value.Type, s []T, idx []int) []T {
	r := make([]T, len(idx))
	n := len(s)
	var nl T
	nullSet := false
	for i, j := range idx {
		if uint(j) < uint(n) {
			r[i] = s[j]
		} else {
			if !nullSet {
				nl, nullSet = nullElem[T](t), true
			}
			r[i] = nl
		}
	}
	return r
}

// listNull is the item a general list yields out of range: the null of its first
// item's type (an empty vector for a vector item), as kdb+ does for next and prev.
func listNull(l []value.Value) value.Value {
	if len(l) == 0 {
		return genericNull()
	}
	return nullLike(l[0])
}

// nullLike returns the null of x's kind: typed null atom, empty vector, or ::.
func nullLike(x value.Value) value.Value {
	t := x.Type()
	switch {
	case t < 0 && t >= -value.TTime:
		return value.Null(-t)
	case t > 0 && t <= value.TTime:
		return value.Empty(t)
	case t == value.TList:
		return &value.List{Items: []value.Value{}}
	}
	return genericNull()
}

// genericNull returns (::).
func genericNull() value.Value { return &value.Prim{Name: "::", T: value.TUnary} }

// gather returns the items of list x at idx (indexes outside x give nulls), keeping
// x's type. Dictionaries and tables are indexed by position.
func gather(x value.Value, idx []int) value.Value {
	switch v := x.(type) {
	case *value.Vec[byte]:
		return value.NewVec(v.Typ, gatherS(v.Typ, v.S, idx))
	case *value.Vec[int16]:
		return value.NewVec(v.Typ, gatherS(v.Typ, v.S, idx))
	case *value.Vec[int32]:
		return value.NewVec(v.Typ, gatherS(v.Typ, v.S, idx))
	case *value.Vec[int64]:
		return value.NewVec(v.Typ, gatherS(v.Typ, v.S, idx))
	case *value.Vec[float32]:
		return value.NewVec(v.Typ, gatherS(v.Typ, v.S, idx))
	case *value.Vec[float64]:
		return value.NewVec(v.Typ, gatherS(v.Typ, v.S, idx))
	case *value.Vec[string]:
		return value.NewVec(v.Typ, gatherS(v.Typ, v.S, idx))
	case *value.Vec[[16]byte]:
		return value.NewVec(v.Typ, gatherS(v.Typ, v.S, idx))
	case *value.EnumVec:
		r := &value.EnumVec{Domain: v.Domain, Idx: gatherS(value.TLong, v.Idx, idx)}
		return r
	case *value.List:
		r := make([]value.Value, len(idx))
		var nl value.Value
		for i, j := range idx {
			if uint(j) < uint(len(v.Items)) {
				r[i] = v.Items[j]
			} else {
				if nl == nil {
					nl = listNull(v.Items)
				}
				r[i] = nl
			}
		}
		return qlist(r) // dictionaries with the same keys make a table
	case *value.Dict:
		return &value.Dict{K: gather(v.K, idx), V: gather(v.V, idx)}
	case *value.Table:
		d := make([]value.Value, len(v.Data))
		for i, c := range v.Data {
			d[i] = gather(c, idx)
		}
		return &value.Table{Cols: v.Cols, Data: d}
	}
	// an atom: every index gives the atom itself
	r := make([]value.Value, len(idx))
	for i := range r {
		r[i] = x
	}
	return value.NewList(r)
}

// slice returns a copy of items [i,j) of list x (0<=i<=j<=count x), keeping its type.
func slice(x value.Value, i, j int) value.Value {
	switch v := x.(type) {
	case *value.Vec[byte]:
		return value.NewVec(v.Typ, append([]byte(nil), v.S[i:j]...))
	case *value.Vec[int16]:
		return value.NewVec(v.Typ, append([]int16(nil), v.S[i:j]...))
	case *value.Vec[int32]:
		return value.NewVec(v.Typ, append([]int32(nil), v.S[i:j]...))
	case *value.Vec[int64]:
		return value.NewVec(v.Typ, append([]int64(nil), v.S[i:j]...))
	case *value.Vec[float32]:
		return value.NewVec(v.Typ, append([]float32(nil), v.S[i:j]...))
	case *value.Vec[float64]:
		return value.NewVec(v.Typ, append([]float64(nil), v.S[i:j]...))
	case *value.Vec[string]:
		return value.NewVec(v.Typ, append([]string(nil), v.S[i:j]...))
	case *value.Vec[[16]byte]:
		return value.NewVec(v.Typ, append([][16]byte(nil), v.S[i:j]...))
	case *value.EnumVec:
		return &value.EnumVec{Domain: v.Domain, Idx: append([]int64(nil), v.Idx[i:j]...)}
	case *value.List:
		return qlist(append([]value.Value(nil), v.Items[i:j]...))
	case *value.Dict:
		if value.IsAtom(v.K) {
			errType() // `a!1 2 has no rows to cut
		}
		return &value.Dict{K: slice(v.K, i, j), V: slice(v.V, i, j)}
	case *value.Table:
		d := make([]value.Value, len(v.Data))
		for k, c := range v.Data {
			d[k] = slice(c, i, j)
		}
		return &value.Table{Cols: v.Cols, Data: d}
	}
	return x
}

// emptyOf returns an empty list of x's type (an atom gives an empty vector of its type).
func emptyOf(x value.Value) value.Value {
	t := x.Type()
	if t < 0 && t >= -value.TTime {
		return value.Empty(-t)
	}
	if isList(x) || value.Len(x) > 0 {
		return slice(x, 0, 0)
	}
	return slice(x, 0, 0)
}

// intAtom returns x as an int64 when it is an integral atom (short, int, long).
func intAtom(x value.Value) (int64, bool) {
	switch a := x.(type) {
	case value.Long:
		return int64(a), true
	case value.Int:
		if int32(a) == value.NullInt {
			return value.NullLong, true
		}
		return int64(a), true
	case value.Short:
		if int16(a) == value.NullShort {
			return value.NullLong, true
		}
		return int64(a), true
	}
	return 0, false
}

// intVec returns x's items as int64 when x is a short, int or long vector (nulls map
// to 0N).
func intVec(x value.Value) ([]int64, bool) {
	switch v := x.(type) {
	case *value.Vec[int64]:
		if v.Typ == value.TLong {
			return v.S, true
		}
	case *value.Vec[int32]:
		if v.Typ == value.TInt {
			r := make([]int64, len(v.S))
			for i, e := range v.S {
				if e == value.NullInt {
					r[i] = value.NullLong
				} else {
					r[i] = int64(e)
				}
			}
			return r, true
		}
	case *value.Vec[int16]:
		r := make([]int64, len(v.S))
		for i, e := range v.S {
			if e == value.NullShort {
				r[i] = value.NullLong
			} else {
				r[i] = int64(e)
			}
		}
		return r, true
	}
	return nil, false
}

// ---- til, count ----

// til implements til x: til 3 is 0 1 2.
func til(x value.Value) value.Value {
	n, ok := intAtom(x)
	if b, isBool := x.(value.Bool); isBool {
		// til.md: til 1b is ,0
		n, ok = int64(boolInt(bool(b))), true
	}
	if !ok {
		errType()
	}
	if n < 0 {
		errDomain()
	}
	checkItems(n, 8)
	r := make([]int64, n)
	value.Prefault(r, len(r)) // a big til is often the first use of fresh memory
	for i := range r {
		r[i] = int64(i)
	}
	return value.Longs(r)
}

// count implements count x and #x: count 1 2 3 is 3; an atom counts 1.
func count(x value.Value) value.Value {
	if pt, ok := x.(*partTable); ok { // from each partition's headers (disk_part.go)
		return value.Long(pt.count())
	}
	return value.Long(value.Len(x))
}

// ---- take ----

// takeIp is x#y as a thread sees it: a secondary may not add the group attribute
// (errors.md no `g#: "a thread other than the main q thread has attempted to add a
// group attribute to a vector", {`g#x}peach 2#enlist 0 1).
func takeIp(ip *Interp, x, y value.Value) value.Value {
	if ip != nil && ip.main != nil && x == value.Value(value.Sym("g")) {
		signal("no `g#")
	}
	return take(x, y)
}

// take implements x#y: 2#10 20 30 is 10 20; -2# takes from the end; overtaking
// cycles; 2 3# reshapes; a symbol left selects dictionary entries or table columns, or
// (`s`u`p`g and `) sets an attribute.
func take(x, y value.Value) value.Value {
	if n, ok := intAtom(x); ok {
		return takeN(n, y)
	}
	switch a := x.(type) {
	case value.Sym:
		switch a {
		case "", "s", "u", "p", "g":
			return setAttr(string(a), y)
		}
		return takeKeys(value.Syms([]string{string(a)}), y)
	case *value.Vec[string]:
		return takeKeys(a, y)
	case *value.Table:
		return takeRows(a, y)
	}
	if ns, ok := intVec(x); ok {
		if _, isDict := y.(*value.Dict); isDict {
			return takeKeys(x, y)
		}
		return reshape(ns, y)
	}
	if _, isDict := y.(*value.Dict); isDict && isList(x) {
		return takeKeys(x, y)
	}
	errType()
	return nil
}

// takeN takes n items of y: from the front for n>=0, from the back for n<0, cycling.
func takeN(n int64, y value.Value) value.Value {
	if n == value.NullLong {
		return y
	}
	neg := n < 0
	if neg {
		n = -n
	}
	checkItems(n, 8)
	if kd, ok := y.(*value.Dict); ok && value.IsKeyed(kd) {
		return &value.Dict{K: takeN(signed(n, neg), kd.K), V: takeN(signed(n, neg), kd.V)}
	}
	t := y.Type()
	if t < 0 || value.IsFunc(y) {
		// an atom: n copies
		return repeatAtom(y, int(n))
	}
	m := value.Len(y)
	if int64(m) == n && !neg {
		return stripAttr(y)
	}
	if !neg && n <= int64(m) {
		return slice(y, 0, int(n))
	}
	if neg && n <= int64(m) {
		return slice(y, m-int(n), m)
	}
	if _, gen := y.(*value.List); gen && m == 0 {
		// overtaking an empty general list gives empty lists: 2#() is (();()), as
		// u.q's .u.init relies on (w::t!(count t::tables`.)#())
		items := make([]value.Value, n)
		for i := range items {
			items[i] = &value.List{Items: []value.Value{}}
		}
		return &value.List{Items: items}
	}
	idx := make([]int, n)
	if m == 0 {
		for i := range idx {
			idx[i] = -1
		}
	} else {
		start := 0
		if neg {
			start = ((m-int(n))%m + m) % m
		}
		j := start
		for i := range idx {
			idx[i] = j
			j++
			if j == m {
				j = 0
			}
		}
	}
	return gather(y, idx)
}

func signed(n int64, neg bool) int64 {
	if neg {
		return -n
	}
	return n
}

// repeatAtom returns n copies of atom a as a vector (a general list for non-basic atoms).
func repeatAtom(a value.Value, n int) value.Value {
	switch v := a.(type) {
	case value.Bool:
		var b byte
		if v {
			b = 1
		}
		return value.NewVec(value.TBool, repeatN(n, b))
	case value.Byte:
		return value.NewVec(value.TByte, repeatN(n, byte(v)))
	case value.Char:
		return value.NewVec(value.TChar, repeatN(n, byte(v)))
	case value.Short:
		return value.NewVec(value.TShort, repeatN(n, int16(v)))
	case value.Int, value.Month, value.Date, value.Minute, value.Second, value.Time:
		return value.NewVec(-a.Type(), repeatN(n, value.Int32Of(a)))
	case value.Long, value.Timestamp, value.Timespan:
		return value.NewVec(-a.Type(), repeatN(n, value.Int64Of(a)))
	case value.Real:
		return value.NewVec(value.TReal, repeatN(n, float32(v)))
	case value.Float, value.Datetime:
		return value.NewVec(-a.Type(), repeatN(n, value.Float64Of(a)))
	case value.Sym:
		return value.NewVec(value.TSym, repeatN(n, string(v)))
	case value.GUID:
		return value.NewVec(value.TGUID, repeatN(n, [16]byte(v)))
	case value.EnumAtom:
		return &value.EnumVec{Domain: v.Domain, Idx: repeatN(n, v.Idx)}
	}
	r := make([]value.Value, n)
	for i := range r {
		r[i] = a
	}
	return &value.List{Items: r}
}

func repeatN[T any](n int, e T) []T {
	r := make([]T, n)
	for i := range r {
		r[i] = e
	}
	return r
}

// stripAttr returns x without its attribute (a shallow copy when it has one).
func stripAttr(x value.Value) value.Value {
	if d, ok := x.(*value.Dict); ok {
		if d.Sorted {
			return &value.Dict{K: stripAttr(d.K), V: d.V}
		}
		return x
	}
	if attrOf(x) != value.AttrNone {
		return withAttr(x, value.AttrNone)
	}
	return x
}

// attrOf returns a list's attribute.
func attrOf(x value.Value) value.Attr {
	switch v := x.(type) {
	case *value.Vec[byte]:
		return v.Attr
	case *value.Vec[int16]:
		return v.Attr
	case *value.Vec[int32]:
		return v.Attr
	case *value.Vec[int64]:
		return v.Attr
	case *value.Vec[float32]:
		return v.Attr
	case *value.Vec[float64]:
		return v.Attr
	case *value.Vec[string]:
		return v.Attr
	case *value.Vec[[16]byte]:
		return v.Attr
	case *value.EnumVec:
		return v.Attr
	case *value.Dict:
		if v.Sorted {
			return value.AttrS
		}
	}
	return value.AttrNone
}

// withAttr returns a shallow copy of vector x carrying attribute a.
func withAttr(x value.Value, a value.Attr) value.Value {
	switch v := x.(type) {
	case *value.Vec[byte]:
		return &value.Vec[byte]{Typ: v.Typ, Attr: a, S: v.S}
	case *value.Vec[int16]:
		return &value.Vec[int16]{Typ: v.Typ, Attr: a, S: v.S}
	case *value.Vec[int32]:
		return &value.Vec[int32]{Typ: v.Typ, Attr: a, S: v.S}
	case *value.Vec[int64]:
		return &value.Vec[int64]{Typ: v.Typ, Attr: a, S: v.S}
	case *value.Vec[float32]:
		return &value.Vec[float32]{Typ: v.Typ, Attr: a, S: v.S}
	case *value.Vec[float64]:
		return &value.Vec[float64]{Typ: v.Typ, Attr: a, S: v.S}
	case *value.Vec[string]:
		return &value.Vec[string]{Typ: v.Typ, Attr: a, S: v.S}
	case *value.Vec[[16]byte]:
		return &value.Vec[[16]byte]{Typ: v.Typ, Attr: a, S: v.S}
	case *value.EnumVec:
		return &value.EnumVec{Domain: v.Domain, Attr: a, Idx: v.Idx}
	}
	return x
}

// setAttr implements `s#x, `u#x, `p#x, `g#x and `#x (remove), checking the property.
func setAttr(a string, y value.Value) value.Value {
	switch v := y.(type) {
	case *value.Dict:
		// on a dictionary the attribute goes on the keys; `s# makes a step dictionary
		if a == "" {
			return &value.Dict{K: stripAttr(v.K), V: v.V}
		}
		if kt, ok := v.K.(*value.Table); ok && a == "s" {
			// a sorted keyed table: the key table carries `s (its columns keep theirs),
			// as kdb+ serializes it
			if !isSorted(kt) {
				signal("s-fail")
			}
			return &value.Dict{K: &value.Table{Cols: kt.Cols, Data: kt.Data, Attr: value.AttrS}, V: v.V, Sorted: true}
		}
		return &value.Dict{K: setAttr(a, v.K), V: v.V, Sorted: a == "s"}
	case *value.Table:
		if len(v.Data) == 0 {
			return v
		}
		// `s# on a table checks the rows are sorted and parts the first column
		d := append([]value.Value(nil), v.Data...)
		if a == "s" {
			if !isSorted(v) {
				signal("s-fail")
			}
			d[0] = withAttr(d[0], value.AttrP)
		} else {
			d[0] = setAttr(a, d[0])
		}
		t := &value.Table{Cols: v.Cols, Data: d}
		if a == "s" {
			t.Attr = value.AttrS
		}
		return t
	}
	if !isList(y) {
		if a == "" {
			return y
		}
		errType()
	}
	if _, ok := y.(*value.List); ok {
		// a general list carries no attribute here, but s and u are still checked
		switch a {
		case "s":
			if !isSorted(y) {
				signal("s-fail")
			}
		case "u":
			if value.Len(distinct(y)) != value.Len(y) {
				signal("u-fail")
			}
		case "p", "g":
			if value.Len(y) > 0 {
				errType()
			}
		}
		return y
	}
	switch a {
	case "":
		return stripAttr(y)
	case "s":
		if !isSorted(y) {
			signal("s-fail")
		}
		return withAttr(y, value.AttrS)
	case "u":
		if value.Len(distinct(y)) != value.Len(y) {
			signal("u-fail")
		}
		return withAttr(y, value.AttrU)
	case "p":
		if !isParted(y) {
			signal("u-fail")
		}
		return withAttr(y, value.AttrP)
	case "g":
		return withAttr(y, value.AttrG)
	}
	errDomain()
	return nil
}

// isParted reports whether equal items of x are all adjacent.
func isParted(x value.Value) bool {
	n := value.Len(x)
	if n < 2 {
		return true
	}
	// group boundaries: each run's value must not reappear later
	runs := 1
	for i := 1; i < n; i++ {
		if !match(value.At(x, i), value.At(x, i-1)) {
			runs++
		}
	}
	return value.Len(distinct(x)) == runs
}

// takeKeys implements keys#dict (entries for keys, nulls for missing) and cols#table.
func takeKeys(x, y value.Value) value.Value {
	switch v := y.(type) {
	case *value.Dict:
		if value.IsKeyed(v) {
			return takeRows(x, v)
		}
		idx := findIdx(v.K, x)
		vals := gather(v.V, idx)
		return &value.Dict{K: stripAttr(x), V: vals}
	case *value.Table:
		s, ok := x.(*value.Vec[string])
		if !ok {
			errType()
		}
		data := make([]value.Value, len(s.S))
		for i, c := range s.S {
			col := v.Col(c)
			if col == nil {
				signal(c)
			}
			data[i] = col
		}
		return &value.Table{Cols: value.Syms(append([]string(nil), s.S...)), Data: data}
	}
	errType()
	return nil
}

// takeRows implements table#keyedtable: the rows of y keyed by the rows of x.
func takeRows(x value.Value, y value.Value) value.Value {
	kd, ok := y.(*value.Dict)
	if !ok || !value.IsKeyed(kd) {
		errType()
	}
	idx := findIdx(kd.K, x)
	keys, ok := x.(*value.Table)
	if !ok {
		keys = gather(kd.K, idx).(*value.Table)
	}
	return &value.Dict{K: keys, V: gather(kd.V, idx)}
}

// reshape implements a vector left of #: 2 3#til 6 is (0 1 2;3 4 5); 0N in one
// dimension of two makes it as large as needed.
func reshape(dims []int64, y value.Value) value.Value {
	if len(dims) == 0 {
		return emptyOf(y)
	}
	if len(dims) == 1 {
		return takeN(dims[0], y)
	}
	nulls := 0
	for _, d := range dims {
		if d == value.NullLong {
			nulls++
		} else if d < 0 {
			errDomain()
		}
	}
	if nulls > 0 {
		if len(dims) != 2 || nulls > 1 {
			errDomain()
		}
		if y.Type() < 0 {
			y = repeatAtom(y, 1)
		}
		n := value.Len(y)
		if dims[0] == value.NullLong {
			// rows of dims[1] items, the last one short
			c := int(dims[1])
			if c == 0 {
				errDomain()
			}
			var rows []value.Value
			for i := 0; i < n; i += c {
				rows = append(rows, slice(y, i, min(i+c, n)))
			}
			if rows == nil {
				return &value.List{Items: []value.Value{}}
			}
			return &value.List{Items: rows}
		}
		// dims[0] rows, n div rows items each, the remainder in the last
		r := int(dims[0])
		rows := make([]value.Value, r)
		if r == 0 {
			return &value.List{Items: rows}
		}
		c := n / r
		for i := 0; i < r; i++ {
			j := (i + 1) * c
			if i == r-1 {
				j = n
			}
			rows[i] = slice(y, i*c, j)
		}
		return &value.List{Items: rows}
	}
	// take.md: 1 0 2#x is a domain error (an empty dimension with items below it),
	// while 1 2 0#"a" is (("";"")).
	for i, d := range dims[:len(dims)-1] {
		if d == 0 && len(dims) > 2 {
			for _, e := range dims[i+1:] {
				if e != 0 {
					errDomain()
				}
			}
		}
	}
	total := int64(1)
	for _, d := range dims {
		total = mulItems(total, d)
	}
	flat := takeN(total, y)
	return reshapeFlat(dims, flat, 0)
}

// reshapeFlat cuts flat (a list of product(dims) items from off) into nested rows.
func reshapeFlat(dims []int64, flat value.Value, off int) value.Value {
	if len(dims) == 1 {
		return slice(flat, off, off+int(dims[0]))
	}
	inner := int64(1)
	for _, d := range dims[1:] {
		inner *= d
	}
	rows := make([]value.Value, dims[0])
	for i := range rows {
		rows[i] = reshapeFlat(dims[1:], flat, off+i*int(inner))
	}
	return &value.List{Items: rows}
}

// ---- drop, cut, sublist ----

// drop implements x _ y: 2_10 20 30 is ,30; -2_ drops from the end; an int vector
// left cuts y at those indexes; a list or dictionary left drops item or key y; a
// symbol left drops dictionary keys or table columns.
func drop(x, y value.Value) value.Value {
	if n, ok := intAtom(x); ok {
		if y.Type() < 0 {
			errType()
		}
		return dropN(n, y)
	}
	if d, ok := x.(*value.Dict); ok {
		if !value.IsAtom(y) && !value.IsKeyed(d) {
			errType()
		}
		return dropKeys(y, d)
	}
	if d, ok := y.(*value.Dict); ok {
		return dropKeys(x, d)
	}
	if t, ok := y.(*value.Table); ok {
		if idx, ok := intVec(x); ok {
			return cutAt(idx, t)
		}
		s, ok := x.(*value.Vec[string])
		if !ok {
			errType()
		}
		var cols []string
		var data []value.Value
		for i, c := range t.Cols.S {
			if !symIn(c, s.S) {
				cols = append(cols, c)
				data = append(data, t.Data[i])
			}
		}
		return &value.Table{Cols: value.Syms(cols), Data: data}
	}
	if idx, ok := intVec(x); ok && isList(y) {
		return cutAt(idx, y)
	}
	if isList(x) {
		i, ok := intAtom(y)
		if !ok {
			errType()
		}
		n := value.Len(x)
		if i < 0 || i >= int64(n) {
			return x
		}
		return joinLists(slice(x, 0, int(i)), slice(x, int(i)+1, n))
	}
	errType()
	return nil
}

func symIn(s string, l []string) bool {
	for _, e := range l {
		if e == s {
			return true
		}
	}
	return false
}

// dropN drops n items from the front (n>=0) or the back of y.
func dropN(n int64, y value.Value) value.Value {
	if n == value.NullLong {
		n = 0
	}
	if kd, ok := y.(*value.Dict); ok && value.IsKeyed(kd) {
		return &value.Dict{K: dropN(n, kd.K), V: dropN(n, kd.V)}
	}
	m := int64(value.Len(y))
	if n >= 0 {
		if n > m {
			n = m
		}
		return slice(y, int(n), int(m))
	}
	n = -n
	if n > m {
		n = m
	}
	return slice(y, 0, int(m-n))
}

// dropKeys removes the entries of d whose keys are in x (an atom or list of keys).
func dropKeys(x value.Value, d *value.Dict) value.Value {
	if value.IsKeyed(d) {
		errNyi()
	}
	keys := x
	if x.Type() < 0 {
		keys = repeatAtom(x, 1)
	}
	in := findIdx(keys, d.K)
	n := value.Len(keys)
	var idx []int
	for i, j := range in {
		if j >= n {
			idx = append(idx, i)
		}
	}
	if idx == nil {
		idx = []int{}
	}
	return &value.Dict{K: gather(d.K, idx), V: gather(d.V, idx)}
}

// cutAt cuts y at the ascending indexes idx: 0 2_til 4 is (0 1;2 3).
func cutAt(idx []int64, y value.Value) value.Value {
	n := int64(value.Len(y))
	r := make([]value.Value, len(idx))
	for i, s := range idx {
		e := n
		if i+1 < len(idx) {
			e = idx[i+1]
		}
		if s < 0 || s > n || e < s || e > n {
			if s < 0 || e < s {
				errDomain()
			}
			errLength()
		}
		r[i] = slice(y, int(s), int(e))
	}
	return &value.List{Items: r}
}

// cut implements x cut y: an int atom cuts y into pieces of that size (4 cut til 10
// is (0 1 2 3;4 5 6 7;8 9)); otherwise it is drop.
func cut(x, y value.Value) value.Value {
	if n, ok := intAtom(x); ok {
		if d, isDict := y.(*value.Dict); isDict {
			return dropN(n, d)
		}
		if n <= 0 {
			errDomain()
		}
		return reshape([]int64{value.NullLong, n}, y)
	}
	return drop(x, y)
}

// sublist implements x sublist y: like take but never overtakes; a pair left is
// start and count: 1 2 sublist 2 3 5 7 is 3 5.
func sublist(x, y value.Value) value.Value {
	m := int64(value.Len(y))
	if n, ok := intAtom(x); ok {
		if n >= 0 {
			return slice(y, 0, int(min(n, m)))
		}
		return slice(y, int(max(m+n, 0)), int(m))
	}
	if p, ok := intVec(x); ok && len(p) == 2 {
		s := min(max(p[0], 0), m)
		e := min(s+max(p[1], 0), m)
		return slice(y, int(s), int(e))
	}
	errType()
	return nil
}

// ---- join, enlist, raze ----

// enlist implements enlist x (and unary ,): a one-item list; a dictionary gives a
// one-row table.
func enlist(x value.Value) value.Value {
	if d, ok := x.(*value.Dict); ok {
		if ks, ok := d.K.(*value.Vec[string]); ok && !value.IsKeyed(d) {
			vals := value.Items(d.V)
			data := make([]value.Value, len(vals))
			for i, v := range vals {
				data[i] = enlist(v)
			}
			return &value.Table{Cols: value.Syms(append([]string(nil), ks.S...)), Data: data}
		}
	}
	if value.IsAtom(x) {
		return repeatAtom(x, 1)
	}
	return &value.List{Items: []value.Value{x}}
}

// join implements x,y: 1 2,3 is 1 2 3; dictionaries merge (y wins); tables append rows.
func join(x, y value.Value) value.Value {
	switch a := x.(type) {
	case *value.Dict:
		b, ok := y.(*value.Dict)
		if _, isT := y.(*value.Table); !ok && !isT && isList(y) && value.Len(y) > 0 && value.IsKeyed(a) {
			// kt,(1002;`Dent;98) upserts a row (upsert.md: , on a keyed table)
			return upsertKeyed(a, keyedRows(a, y))
		}
		if !ok {
			if t, isT := y.(*value.Table); isT && value.IsKeyed(a) {
				_ = t
			}
			errType()
		}
		return joinDicts(a, b)
	case *value.Table:
		switch b := y.(type) {
		case *value.Table:
			return joinTables(a, b)
		case *value.Dict:
			if row, ok := enlist(b).(*value.Table); ok {
				return joinTables(a, row)
			}
			errType()
		}
		if l, ok := y.(*value.List); ok && len(l.Items) == 0 {
			return a
		}
		if isList(y) {
			return joinTables(a, rowsTable(a, y))
		}
		errType()
	}
	switch y.(type) {
	case *value.Dict, *value.Table:
		// (),d is d; any other list or atom with a dictionary or table is a type error
		if l, ok := x.(*value.List); ok && len(l.Items) == 0 {
			return y
		}
		errType()
	}
	xs, ys := x, y
	if x.Type() < 0 || value.IsFunc(x) {
		xs = enlist(x)
	}
	if y.Type() < 0 || value.IsFunc(y) {
		ys = enlist(y)
	}
	return joinLists(xs, ys)
}

// joinEnum is join with enumerations resolved to their symbols when they meet symbols
// or another domain in a vector: `a`c,`sym$`b is `a`c`b.
func joinEnum(ip *Interp, x, y value.Value) value.Value {
	if xt, ok := x.(*value.Table); ok {
		switch b := y.(type) {
		case *value.Table:
			x, y = joinEnumCols(ip, xt, b)
		case *value.Dict:
			if row, ok := enlist(b).(*value.Table); ok {
				x, y = joinEnumCols(ip, xt, row)
			}
		}
		return join(x, y)
	}
	xe, ye := isEnum(x), isEnum(y)
	// two atoms make a general list ((`sym$`b),`b); with a vector the enumeration
	// becomes symbols
	bothAtoms := value.IsAtom(x) && value.IsAtom(y)
	if !bothAtoms && (xe != ye || xe && enumName(x) != enumName(y)) {
		if xe {
			x, _ = enumView(ip, x)
		}
		if ye {
			y, _ = enumView(ip, y)
		}
	}
	return join(x, y)
}

// joinEnumCols resolves the enumerated columns of x and y whose counterpart is not an
// enumeration over the same domain: sp,`s`p`qty!(`s5;`p3;159).
func joinEnumCols(ip *Interp, x, y *value.Table) (value.Value, value.Value) {
	var xd, yd []value.Value
	for i, c := range x.Cols.S {
		xc, yc := x.Data[i], y.Col(c)
		if yc == nil {
			continue
		}
		xe, ye := isEnum(xc), isEnum(yc)
		if xe == ye && (!xe || enumName(xc) == enumName(yc)) {
			continue
		}
		if xe {
			if xd == nil {
				xd = append([]value.Value(nil), x.Data...)
			}
			xd[i], _ = enumView(ip, xc)
		}
		if ye {
			if yd == nil {
				yd = append([]value.Value(nil), y.Data...)
			}
			for k, n := range y.Cols.S {
				if n == c {
					yd[k], _ = enumView(ip, yc)
				}
			}
		}
	}
	var rx, ry value.Value = x, y
	if xd != nil {
		rx = &value.Table{Cols: x.Cols, Data: xd}
	}
	if yd != nil {
		ry = &value.Table{Cols: y.Cols, Data: yd}
	}
	return rx, ry
}

func isEnum(x value.Value) bool {
	switch x.(type) {
	case *value.EnumVec, value.EnumAtom:
		return true
	}
	return false
}

func enumName(x value.Value) string {
	switch e := x.(type) {
	case *value.EnumVec:
		return e.Domain
	case value.EnumAtom:
		return e.Domain
	}
	return ""
}

// joinLists concatenates two lists: same-type vectors stay typed, others give a
// general list. Attributes follow kdb+: s and u survive when still true, g survives,
// p is lost.
func joinLists(x, y value.Value) value.Value {
	xt, yt := x.Type(), y.Type()
	if xl, ok := x.(*value.List); ok && len(xl.Items) == 0 {
		return stripAttr(y)
	}
	if yl, ok := y.(*value.List); ok && len(yl.Items) == 0 {
		return x
	}
	if xt == yt && xt != value.TList {
		n := value.Len(x)
		r := concatSame(x, y)
		switch attrOf(x) {
		case value.AttrS:
			// x is sorted: so is r if y is and y starts at or above x's end
			if isSorted(y) && (n == 0 || value.Len(y) == 0 || compareAt(r, n-1, n) <= 0) {
				r = withAttr(r, value.AttrS)
			}
		case value.AttrU:
			if value.Len(distinct(y)) == value.Len(y) && !anyFound(findIdx(x, y), n) {
				r = withAttr(r, value.AttrU)
			}
		case value.AttrG:
			r = withAttr(r, value.AttrG)
		}
		rememberGrowable(r)
		return r
	}
	xi, yi := value.Items(x), value.Items(y)
	checkVec[value.Value](len(xi) + len(yi))
	r := make([]value.Value, 0, len(xi)+len(yi))
	r = append(r, xi...)
	r = append(r, yi...)
	return &value.List{Items: r}
}

// concatSame concatenates two vectors of the same type.
func concatSame(x, y value.Value) value.Value {
	switch a := x.(type) {
	case *value.Vec[byte]:
		return appendVec(a, y.(*value.Vec[byte]))
	case *value.Vec[int16]:
		return appendVec(a, y.(*value.Vec[int16]))
	case *value.Vec[int32]:
		return appendVec(a, y.(*value.Vec[int32]))
	case *value.Vec[int64]:
		return appendVec(a, y.(*value.Vec[int64]))
	case *value.Vec[float32]:
		return appendVec(a, y.(*value.Vec[float32]))
	case *value.Vec[float64]:
		return appendVec(a, y.(*value.Vec[float64]))
	case *value.Vec[string]:
		return appendVec(a, y.(*value.Vec[string]))
	case *value.Vec[[16]byte]:
		return appendVec(a, y.(*value.Vec[[16]byte]))
	case *value.EnumVec:
		b := y.(*value.EnumVec)
		if a.Domain == b.Domain {
			return &value.EnumVec{Domain: a.Domain, Idx: cat(a.Idx, b.Idx)}
		}
	}
	xi, yi := value.Items(x), value.Items(y)
	return &value.List{Items: cat(xi, yi)}
}

func anyFound(idx []int, n int) bool {
	for _, j := range idx {
		if j < n {
			return true
		}
	}
	return false
}

// Amortised append. Values are immutable, but storage past a vector's length is
// nobody's: join gives results spare capacity and records, for the latest few, the
// storage and the longest length ever handed out on it. Joining onto a vector whose
// storage and length match a record appends in place and moves the record on, so two
// values sharing storage never both write past their common length: x,:1 in a loop is
// linear, not quadratic. Records hold addresses, not pointers, so they keep nothing
// alive; the capacity must match too. Nothing else may append to a Vec's S in place.
var growable struct {
	sync.Mutex
	slots [8]growRec
	next  int
}

type growRec struct {
	data   uintptr
	n, cap int
}

// claimGrowable reports whether x's length is the longest handed out on its storage,
// and if so removes the record (the caller extends x and records the result).
func claimGrowable[T value.Elem](x *value.Vec[T]) bool {
	d := uintptr(unsafe.Pointer(unsafe.SliceData(x.S)))
	growable.Lock()
	defer growable.Unlock()
	for i, r := range growable.slots {
		if r.data == d && r.n == len(x.S) && r.cap == cap(x.S) {
			growable.slots[i] = growRec{}
			return true
		}
	}
	return false
}

// rememberGrowable gives r (a join result) the claim on its spare capacity.
func rememberGrowable(r value.Value) {
	switch v := r.(type) {
	case *value.Vec[byte]:
		remember(v)
	case *value.Vec[int16]:
		remember(v)
	case *value.Vec[int32]:
		remember(v)
	case *value.Vec[int64]:
		remember(v)
	case *value.Vec[float32]:
		remember(v)
	case *value.Vec[float64]:
		remember(v)
	case *value.Vec[string]:
		remember(v)
	case *value.Vec[[16]byte]:
		remember(v)
	}
}

func remember[T value.Elem](v *value.Vec[T]) {
	if cap(v.S) == len(v.S) {
		return
	}
	r := growRec{data: uintptr(unsafe.Pointer(unsafe.SliceData(v.S))), n: len(v.S), cap: cap(v.S)}
	growable.Lock()
	defer growable.Unlock()
	for i, o := range growable.slots {
		if o.data == r.data {
			// a longer claim on the same storage replaces the old one
			growable.slots[i] = r
			return
		}
	}
	growable.slots[growable.next] = r
	growable.next = (growable.next + 1) % len(growable.slots)
}

// appendVec returns x,y for same-typed vectors, in x's spare capacity when x holds
// the claim on it; a short y leaves room to grow.
func appendVec[T value.Elem](x, y *value.Vec[T]) *value.Vec[T] {
	n, m := len(x.S), len(y.S)
	if m == 0 {
		// nothing to add (an empty update into an RDB's table): share x's storage
		// rather than copy it; its spare capacity stays with whoever claims it
		return value.NewVec(x.Typ, x.S)
	}
	if cap(x.S)-n >= m && claimGrowable(x) {
		return value.NewVec(x.Typ, append(x.S, y.S...))
	}
	c := n + m
	checkVec[T](c)
	if (m <= 64 || m < n/8) && int64(c)*2*int64(unsafe.Sizeof(x.S[0])) <= allocLimit() {
		c *= 2 // as kdb+'s power-of-two blocks: an RDB inserting all day copies each row ~once
	}
	if int64(c)*int64(unsafe.Sizeof(x.S[0])) >= 4<<20 {
		// large: huge pages asked for before the copy touches the new memory
		s := make([]T, 0, c)
		value.Prefault(s, n+m) // the spare capacity is faulted in as rows arrive
		return value.NewVec(x.Typ, append(append(s, x.S...), y.S...))
	}
	// Grow copies x into memory that is not cleared first (make would clear all of it).
	s := append(slices.Grow(x.S[:n:n], c-n), y.S...)
	return value.NewVec(x.Typ, s)
}

func cat[T any](a, b []T) []T {
	r := make([]T, len(a)+len(b))
	copy(r, a)
	copy(r[len(a):], b)
	return r
}

// joinDicts merges y into x: shared keys take y's value, new keys are appended.
func joinDicts(x, y *value.Dict) value.Value {
	if value.IsKeyed(x) != value.IsKeyed(y) {
		errType()
	}
	if value.IsKeyed(x) {
		return upsertKeyed(x, y)
	}
	if value.IsAtom(x.K) || value.IsAtom(y.K) { // 0!() has an atom key: no items to join by
		errType()
	}
	n := value.Len(x.K)
	idx := findIdx(x.K, y.K)
	vals := value.Items(x.V)
	vals = append([]value.Value(nil), vals...)
	var newK []int
	yv := value.Items(y.V)
	for i, j := range idx {
		if j < n {
			vals[j] = yv[i]
		} else {
			newK = append(newK, i)
		}
	}
	keys := x.K
	if len(newK) > 0 {
		keys = joinLists(stripAttr(x.K), gather(y.K, newK))
		for _, i := range newK {
			vals = append(vals, yv[i])
		}
	}
	var v value.Value
	if _, ok := x.V.(*value.List); ok && len(vals) > 0 {
		v = value.NewList(vals)
	} else {
		v = value.NewList(vals)
	}
	if len(vals) == 0 {
		v = x.V
	}
	return &value.Dict{K: keys, V: v}
}

// upsertKeyed joins keyed tables: rows of y replace rows of x with the same key and
// new keys are appended.
func upsertKeyed(x, y *value.Dict) value.Value {
	xk, xv := x.K.(*value.Table), x.V.(*value.Table)
	yk, yv := y.K.(*value.Table), y.V.(*value.Table)
	n := value.Len(xk)
	idx := findIdx(xk, yk)
	var newRows []int
	var upd [][2]int
	for i, j := range idx {
		if j < n {
			upd = append(upd, [2]int{j, i})
		} else {
			newRows = append(newRows, i)
		}
	}
	// value columns: x's columns, y's columns by name
	cols := append([]string(nil), xv.Cols.S...)
	for _, c := range yv.Cols.S {
		if !symIn(c, cols) {
			cols = append(cols, c)
		}
	}
	data := make([]value.Value, len(cols))
	for ci, c := range cols {
		xc := xv.Col(c)
		yc := yv.Col(c)
		var items []value.Value
		if xc != nil {
			items = append([]value.Value(nil), value.Items(xc)...)
		} else {
			items = make([]value.Value, n)
			nl := nullLike(value.At(yc, 0))
			for i := range items {
				items[i] = nl
			}
		}
		if yc != nil {
			for _, p := range upd {
				items[p[0]] = value.At(yc, p[1])
			}
		}
		for _, i := range newRows {
			if yc != nil {
				items = append(items, value.At(yc, i))
			} else {
				items = append(items, nullLike(items[0]))
			}
		}
		data[ci] = value.NewList(items)
		if len(items) == 0 {
			data[ci] = xc
		}
	}
	keys := value.Value(xk)
	if len(newRows) > 0 {
		keys = joinTables(xk, gather(yk, newRows).(*value.Table))
	}
	return &value.Dict{K: keys, V: &value.Table{Cols: value.Syms(cols), Data: data}}
}

// joinTables appends the rows of y to x; the columns must match by name.
func joinTables(x, y *value.Table) value.Value {
	if len(x.Cols.S) != len(y.Cols.S) {
		errMismatch()
	}
	data := make([]value.Value, len(x.Data))
	for i, c := range x.Cols.S {
		yc := y.Col(c)
		if yc == nil {
			errMismatch()
		}
		data[i] = joinLists(x.Data[i], yc)
	}
	return &value.Table{Cols: x.Cols, Data: data}
}

// rowsTable makes a table with t's columns from y, one row (a list with an item per
// column) or a list of such rows: t,5 6 and t,(5 6;7 8) append rows.
func rowsTable(t *value.Table, y value.Value) *value.Table {
	nc := len(t.Cols.S)
	rows := []value.Value{y}
	if l, ok := y.(*value.List); ok && len(l.Items) > 0 {
		multi := true
		for _, it := range l.Items {
			if !isList(it) {
				multi = false
				break
			}
		}
		if multi && len(l.Items) != nc || multi && value.Len(l.Items[0]) == nc {
			rows = l.Items
		}
	}
	data := make([]value.Value, nc)
	for k := range data {
		col := make([]value.Value, len(rows))
		for i, r := range rows {
			if value.Len(r) != nc {
				errLength()
			}
			col[i] = value.At(r, k)
		}
		data[k] = value.NewList(col)
	}
	return &value.Table{Cols: t.Cols, Data: data}
}

// raze implements raze x: joins the items of x: raze (1 2;3 4) is 1 2 3 4.
func raze(x value.Value) value.Value {
	switch v := x.(type) {
	case *value.Dict:
		return raze(v.V)
	case *value.List:
		if len(v.Items) == 0 {
			return v
		}
		// fast path: items all vectors (or atoms) of one type
		t := v.Items[0].Type()
		if t < 0 {
			t = -t
		}
		same := t > 0 && t <= value.TTime
		total := 0
		atoms := false
		for _, it := range v.Items {
			switch it.Type() {
			case t:
				total += value.Len(it)
			case -t:
				total++
				atoms = true
			default:
				same = false
			}
			if !same {
				break
			}
		}
		if same {
			items := v.Items
			if atoms {
				items = make([]value.Value, len(v.Items))
				for i, it := range v.Items {
					if it.Type() < 0 {
						it = repeatAtom(it, 1)
					}
					items[i] = it
				}
			}
			return razeSame(items, total)
		}
		for _, it := range v.Items {
			switch it.(type) {
			case *value.Dict, *value.Table:
				// dictionaries and tables join one by one
				r := v.Items[0]
				if r.Type() < 0 {
					r = enlist(r)
				}
				for _, it := range v.Items[1:] {
					r = join(r, it)
				}
				return r
			}
		}
		all := make([]value.Value, 0, len(v.Items))
		for _, it := range v.Items {
			if isList(it) {
				all = append(all, value.Items(it)...)
			} else {
				all = append(all, it)
			}
		}
		return qlist(all)
	}
	if x.Type() < 0 {
		return enlist(x)
	}
	return x
}

func razeSame(items []value.Value, total int) value.Value {
	t := items[0].Type()
	switch items[0].(type) {
	case *value.Vec[byte]:
		return value.NewVec(t, razeS[byte](items, total))
	case *value.Vec[int16]:
		return value.NewVec(t, razeS[int16](items, total))
	case *value.Vec[int32]:
		return value.NewVec(t, razeS[int32](items, total))
	case *value.Vec[int64]:
		return value.NewVec(t, razeS[int64](items, total))
	case *value.Vec[float32]:
		return value.NewVec(t, razeS[float32](items, total))
	case *value.Vec[float64]:
		return value.NewVec(t, razeS[float64](items, total))
	case *value.Vec[string]:
		return value.NewVec(t, razeS[string](items, total))
	case *value.Vec[[16]byte]:
		return value.NewVec(t, razeS[[16]byte](items, total))
	}
	errType()
	return nil
}

func razeS[T value.Elem](items []value.Value, total int) []T {
	checkVec[T](total)
	r := make([]T, 0, total)
	for _, it := range items {
		r = append(r, it.(*value.Vec[T]).S...)
	}
	return r
}

// ---- first, last, reverse ----

// first implements first x and unary *: first 1 2 3 is 1; the first value of a
// dictionary; the first row of a table as a dictionary.
func first(x value.Value) value.Value {
	return itemOrNull(x, 0, true)
}

// last implements last x: last 1 2 3 is 3.
func last(x value.Value) value.Value {
	return itemOrNull(x, value.Len(x)-1, false)
}

func itemOrNull(x value.Value, i int, isFirst bool) value.Value {
	switch v := x.(type) {
	case *value.Dict:
		if value.IsKeyed(v) {
			return itemOrNull(v.V, value.Len(v.V)-1+boolInt(isFirst)*(1-value.Len(v.V)), isFirst)
		}
		if isFirst {
			return first(v.V)
		}
		return last(v.V)
	case *value.Table:
		vals := make([]value.Value, len(v.Data))
		for k, c := range v.Data {
			vals[k] = itemOrNull(c, i, isFirst)
		}
		return &value.Dict{K: v.Cols, V: value.NewList(vals)}
	case *value.List:
		if len(v.Items) == 0 {
			return genericNull()
		}
		return v.Items[i]
	}
	if !isList(x) {
		return x
	}
	if i < 0 || i >= value.Len(x) {
		return value.Null(x.Type())
	}
	return value.At(x, i)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// reverse implements reverse x and unary |: reverse 1 2 3 is 3 2 1.
func reverse(x value.Value) value.Value {
	if !isList(x) {
		switch x.(type) {
		case *value.Dict, *value.Table:
		default:
			return x
		}
	}
	n := value.Len(x)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = n - 1 - i
	}
	if d, ok := x.(*value.Dict); ok && value.IsKeyed(d) {
		return &value.Dict{K: gather(d.K, idx), V: gather(d.V, idx)}
	}
	return gather(x, idx)
}

// ---- where ----

// where implements where x and unary &: the indexes of 1s of a boolean list, each
// index repeated by a count in an int list; keys for a dictionary.
func where(x value.Value) value.Value {
	switch v := x.(type) {
	case *value.Vec[byte]:
		if v.Typ == value.TBool {
			if w := mtChunks(len(v.S)); w > 1 {
				return value.Longs(wherePar(v.S, w))
			}
			return value.Longs(boolPositions[int64](v.S, nil))
		}
		if v.Typ == value.TByte {
			c := make([]int64, len(v.S))
			for i, b := range v.S {
				c[i] = int64(b)
			}
			return whereCounts(c)
		}
	case *value.Dict:
		return gatherKeys(v.K, where(v.V))
	case value.Bool:
		if v {
			return value.Longs([]int64{0})
		}
		return value.Longs([]int64{})
	case *value.List:
		if len(v.Items) == 0 {
			return value.Longs([]int64{})
		}
	}
	if n, ok := intAtom(x); ok {
		return whereCounts([]int64{n})
	}
	if c, ok := intVec(x); ok {
		return whereCounts(c)
	}
	errType()
	return nil
}

// gatherKeys indexes keys by the long vector idx.
func gatherKeys(keys, idx value.Value) value.Value {
	v, ok := idx.(*value.Vec[int64])
	if !ok {
		errType() // where or group of a dictionary whose values are not a list of flags
	}
	ix := make([]int, len(v.S))
	for i, e := range v.S {
		ix[i] = int(e)
	}
	return gather(keys, ix)
}

// boolCount counts the items of a boolean vector with the low bit set, eight at a time.
func boolCount(s []byte) int {
	n, k := 0, 0
	for ; k+8 <= len(s); k += 8 {
		n += bits.OnesCount64(binary.LittleEndian.Uint64(s[k:]) & boolLows)
	}
	for _, x := range s[k:] {
		n += int(x & 1)
	}
	return n
}

const boolLows = 0x0101010101010101

// boolPositions is where for a boolean vector (low bit set), mapped through idx
// unless it is nil. The compaction is branch-free: every position is written and the
// cursor moves by the bit, so random selections pay no mispredictions; eight false
// items in a row are skipped at once, for sparse ones.
func boolPositions[T int | int64](s []byte, idx []int) []T {
	m := boolCount(s)
	r := make([]T, m+1) // the cursor may write one past the last kept item
	boolFill(r, s, idx, 0)
	return r[:m:m]
}

// boolFill writes boolPositions of s, plus base, into r, which has room for one item
// more than s keeps.
func boolFill[T int | int64](r []T, s []byte, idx []int, base int) {
	j, k := 0, 0
	if idx != nil {
		idx = idx[:len(s)]
	}
	for ; k+8 <= len(s); k += 8 {
		if binary.LittleEndian.Uint64(s[k:])&boolLows == 0 {
			continue
		}
		for i, x := range s[k : k+8] {
			r[j] = boolPos[T](base+k+i, idx)
			j += int(x & 1)
		}
	}
	for i, x := range s[k:] {
		r[j] = boolPos[T](base+k+i, idx)
		j += int(x & 1)
	}
}

func boolPos[T int | int64](i int, idx []int) T {
	if idx != nil {
		return T(idx[i])
	}
	return T(i)
}

func whereCounts(c []int64) value.Value {
	total := int64(0)
	for _, e := range c {
		if e < 0 {
			errDomain()
		}
		total += e
		checkItems(total, 8)
	}
	r := make([]int64, 0, total)
	for i, e := range c {
		for ; e > 0; e-- {
			r = append(r, int64(i))
		}
	}
	return value.Longs(r)
}

// ---- flip ----

// listsLen is the common length of the lists among items (atoms extend), -1 when
// there are none; 'length when they differ.
func listsLen(items []value.Value) int {
	n := -1
	for _, it := range items {
		if isList(it) {
			if n >= 0 && value.Len(it) != n {
				errLength()
			}
			n = value.Len(it)
		}
	}
	return n
}

// flip implements flip x and unary +: transposes a list of lists (atoms extend),
// turns a column dictionary into a table and a table into its column dictionary.
func flip(x value.Value) value.Value {
	switch v := x.(type) {
	case *value.Table:
		return &value.Dict{K: v.Cols, V: &value.List{Items: append([]value.Value(nil), v.Data...)}}
	case *value.Dict:
		if value.IsKeyed(v) {
			errType()
		}
		ks, ok := v.K.(*value.Vec[string])
		if !ok {
			errType()
		}
		vals := value.Items(v.V)
		n := listsLen(vals)
		if n < 0 {
			n = 1
		}
		data := make([]value.Value, len(vals))
		for i, c := range vals {
			if isList(c) {
				data[i] = c
			} else {
				data[i] = takeN(int64(n), c)
			}
		}
		return &value.Table{Cols: value.Syms(append([]string(nil), ks.S...)), Data: data}
	case *value.List:
		n := listsLen(v.Items)
		if n < 0 {
			return x
		}
		rows := make([]value.Value, n)
		row := make([]value.Value, len(v.Items))
		for i := 0; i < n; i++ {
			for j, it := range v.Items {
				if isList(it) {
					row[j] = value.At(it, i)
				} else {
					row[j] = it
				}
			}
			rows[i] = value.NewList(append([]value.Value(nil), row...))
		}
		return &value.List{Items: rows}
	}
	if isList(x) {
		errRank()
	}
	return x
}

// ---- rotate, prev, next, xprev ----

// rotate implements x rotate y: 2 rotate 1 2 3 4 5 is 3 4 5 1 2.
func rotate(x, y value.Value) value.Value {
	n, ok := intAtom(x)
	if !ok {
		errType()
	}
	if !isList(y) {
		if _, isT := y.(*value.Table); !isT {
			return y
		}
	}
	m := value.Len(y)
	if m == 0 {
		return y
	}
	s := int(n % int64(m))
	if s < 0 {
		s += m
	}
	idx := make([]int, m)
	for i := range idx {
		idx[i] = (i + s) % m
	}
	return gather(y, idx)
}

// shift returns y moved by k places: k>0 moves items later (prev), k<0 earlier (next);
// vacated places get nulls.
func shift(k int64, y value.Value) value.Value {
	if !isList(y) {
		switch v := y.(type) {
		case *value.Table:
		case *value.Dict:
			return &value.Dict{K: v.K, V: shift(k, v.V)}
		default:
			return y
		}
	}
	m := value.Len(y)
	idx := make([]int, m)
	for i := range idx {
		j := int64(i) - k
		if j < 0 || j >= int64(m) {
			idx[i] = -1
		} else {
			idx[i] = int(j)
		}
	}
	return gather(y, idx)
}

// prev implements prev x: prev 1 2 3 is 0N 1 2.
func prev(x value.Value) value.Value { return shift(1, x) }

// next implements next x: next 1 2 3 is 2 3 0N.
func next(x value.Value) value.Value { return shift(-1, x) }

// xprev implements x xprev y: 2 xprev 1 2 3 4 is 0N 0N 1 2.
func xprev(x, y value.Value) value.Value {
	n, ok := intAtom(x)
	if !ok {
		errType()
	}
	return shift(n, y)
}

// ---- attr ----

// attr implements attr x: the attribute of x as a symbol (` for none).
func attr(x value.Value) value.Value {
	return value.Sym(attrOf(x).String())
}

// qlist builds a q list from items as results of iteration and list literals are
// built: like value.NewList, and a list of dictionaries with the same symbol keys
// is a table ((`a`b!1 2;`a`b!3 4) is ([]a:1 3;b:2 4)).
func qlist(items []value.Value) value.Value {
	if len(items) == 0 {
		return &value.List{Items: items}
	}
	d0, ok := items[0].(*value.Dict)
	if !ok {
		return value.NewList(items)
	}
	keys, ok := d0.K.(*value.Vec[string])
	if !ok || len(keys.S) == 0 {
		return value.NewList(items)
	}
	for _, it := range items[1:] {
		d, ok := it.(*value.Dict)
		if !ok {
			return value.NewList(items)
		}
		k, ok := d.K.(*value.Vec[string])
		if !ok || !sameStrings(k.S, keys.S) {
			return value.NewList(items)
		}
	}
	data := make([]value.Value, len(keys.S))
	col := make([]value.Value, len(items))
	for c := range keys.S {
		for r, it := range items {
			col[r] = value.At(it.(*value.Dict).V, c)
		}
		data[c] = value.NewList(append([]value.Value(nil), col...))
	}
	return &value.Table{Cols: keys, Data: data}
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
