package eval

import "github.com/gq-dev/gq/eval/value"

// atomic1 extends f, a kernel for atoms and simple vectors, through general lists,
// dictionaries and tables: neg (1 2;3) is (-1 -2;-3).
func atomic1(x value.Value, f func(value.Value) value.Value) value.Value {
	switch v := x.(type) {
	case *value.List:
		r := make([]value.Value, len(v.Items))
		for i, it := range v.Items {
			r[i] = atomic1(it, f)
		}
		return value.NewList(r)
	case *value.Dict:
		return &value.Dict{K: v.K, V: atomic1(v.V, f)}
	case *value.Table:
		r := make([]value.Value, len(v.Data))
		for i, c := range v.Data {
			r[i] = atomic1(c, f)
		}
		return &value.Table{Cols: v.Cols, Data: r}
	}
	return f(x)
}

// atomic2 extends f, a kernel for atom/vector pairs of equal count, through general
// lists, dictionaries and tables, with q's length rule: 1 2+(3;4 5) is (4;6 7).
func atomic2(x, y value.Value, f func(x, y value.Value) value.Value) value.Value {
	// dictionaries first: a list against a dict pairs with the dict's values
	xd, xIsDict := x.(*value.Dict)
	yd, yIsDict := y.(*value.Dict)
	switch {
	case xIsDict && yIsDict:
		return dictPair(xd, yd, f)
	case xIsDict:
		return &value.Dict{K: xd.K, V: atomic2(xd.V, y, f)}
	case yIsDict:
		return &value.Dict{K: yd.K, V: atomic2(x, yd.V, f)}
	}
	xl, xIsList := x.(*value.List)
	yl, yIsList := y.(*value.List)
	switch {
	case xIsList && yIsList:
		if len(xl.Items) != len(yl.Items) {
			errLength()
		}
		r := make([]value.Value, len(xl.Items))
		for i := range r {
			r[i] = atomic2(xl.Items[i], yl.Items[i], f)
		}
		return value.NewList(r)
	case xIsList:
		return atomic2List(xl, y, f, false)
	case yIsList:
		return atomic2List(yl, x, f, true)
	}
	if t, ok := x.(*value.Table); ok {
		return atomic2Table(t, y, f, false)
	}
	if t, ok := y.(*value.Table); ok {
		return atomic2Table(t, x, f, true)
	}
	return f(x, y)
}

// atomic2List pairs each item of l with o (an atom, or a vector of the same count);
// swap puts l on the right.
func atomic2List(l *value.List, o value.Value, f func(x, y value.Value) value.Value, swap bool) value.Value {
	r := make([]value.Value, len(l.Items))
	oAtom := o.Type() < 0 || value.IsFunc(o)
	if !oAtom && value.Len(o) != len(l.Items) {
		errLength()
	}
	for i, it := range l.Items {
		oi := o
		if !oAtom {
			oi = value.At(o, i)
		}
		if swap {
			r[i] = atomic2(oi, it, f)
		} else {
			r[i] = atomic2(it, oi, f)
		}
	}
	return value.NewList(r)
}

// atomic2Table applies f column by column between a table and an atom, a list of
// one item per row, or another table with as many columns.
func atomic2Table(t *value.Table, o value.Value, f func(x, y value.Value) value.Value, swap bool) value.Value {
	if ot, ok := o.(*value.Table); ok {
		// two tables combine as their column dictionaries do: matching names pair up,
		// the others are kept ((`a`b!..)+`b`c!.. has a, b and c)
		if value.Len(t) != value.Len(ot) {
			errLength()
		}
		x, y := colDict(t), colDict(ot)
		if swap {
			x, y = y, x
		}
		d := dictPair(x, y, f).(*value.Dict)
		names, ok1 := d.K.(*value.Vec[string])
		cols, ok2 := d.V.(*value.List)
		if !ok1 || !ok2 {
			errType()
		}
		return value.NewTable(names.S, cols.Items)
	}
	r := make([]value.Value, len(t.Data))
	for i, c := range t.Data {
		oc := o
		if swap {
			r[i] = atomic2(oc, c, f)
		} else {
			r[i] = atomic2(c, oc, f)
		}
	}
	return &value.Table{Cols: t.Cols, Data: r}
}

// dictPair applies f to two dictionaries with upsert semantics: the result has x's
// keys then y's new keys; shared keys combine with f, the others keep their value:
// (`a`b!1 2)+`b`c!10 20 is `a`b`c!1 12 20.
func dictPair(x, y *value.Dict, f func(x, y value.Value) value.Value) value.Value {
	return dictPairWith(x, y, f, nil, nil)
}

// dictPairWith is dictPair where a value whose key is in only one dictionary becomes
// xOnly(v) or yOnly(v) (nil keeps it): x-y negates y's own values, and comparisons
// compare them with a null.
func dictPairWith(x, y *value.Dict, f func(x, y value.Value) value.Value, xOnly, yOnly func(value.Value) value.Value) value.Value {
	if _, ok := x.K.(*value.Table); ok {
		if !value.IsKeyed(x) || !value.IsKeyed(y) {
			errType()
		}
		return keyedPair(x, y, f, xOnly, yOnly) // the table helper's, in table_keyed.go
	}
	xv, yv := value.Items(x.V), value.Items(y.V)
	if len(xv) != value.Len(x.K) || len(yv) != value.Len(y.K) {
		errLength()
	}
	at := dictKeyIndex(x.K)
	r := make([]value.Value, len(xv), len(xv)+len(yv))
	copy(r, xv)
	shared := make([]bool, len(xv))
	var newKeys []value.Value
	for j, v := range yv {
		if i := at(y.K, j); i >= 0 {
			r[i] = atomic2(xv[i], v, f)
			shared[i] = true
		} else {
			newKeys = append(newKeys, value.At(y.K, j))
			if yOnly != nil {
				v = yOnly(v)
			}
			r = append(r, v)
		}
	}
	if xOnly != nil {
		for i, sh := range shared {
			if !sh {
				r[i] = xOnly(r[i])
			}
		}
	}
	k := x.K
	if len(newKeys) > 0 {
		k = value.NewList(append(value.Items(x.K), newKeys...))
	}
	return &value.Dict{K: k, V: value.NewList(r)}
}

// dictKeyIndex returns a lookup of item j of keys ks among the keys k (-1 if absent):
// hashed for symbol and long keys, a linear match otherwise.
func dictKeyIndex(k value.Value) func(ks value.Value, j int) int {
	switch kv := k.(type) {
	case *value.Vec[string]:
		m := make(map[string]int, len(kv.S))
		for i := len(kv.S) - 1; i >= 0; i-- {
			m[kv.S[i]] = i
		}
		return func(ks value.Value, j int) int {
			if s, ok := ks.(*value.Vec[string]); ok {
				if i, ok := m[s.S[j]]; ok {
					return i
				}
			}
			return -1
		}
	case *value.Vec[int64]:
		m := make(map[int64]int, len(kv.S))
		for i := len(kv.S) - 1; i >= 0; i-- {
			m[kv.S[i]] = i
		}
		return func(ks value.Value, j int) int {
			if s, ok := ks.(*value.Vec[int64]); ok && s.Typ == kv.Typ {
				if i, ok := m[s.S[j]]; ok {
					return i
				}
			}
			return -1
		}
	}
	items := value.Items(k)
	return func(ks value.Value, j int) int {
		kj := value.At(ks, j)
		for i, it := range items {
			if cmpSame(it, kj) {
				return i
			}
		}
		return -1
	}
}

// colDict is a table's columns as the dictionary it flips from.
func colDict(t *value.Table) *value.Dict {
	return &value.Dict{K: t.Cols, V: &value.List{Items: t.Data}}
}
