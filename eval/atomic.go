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
	if d, ok := x.(*value.Dict); ok {
		return atomic2Dict(d, y, f, false)
	}
	if d, ok := y.(*value.Dict); ok {
		return atomic2Dict(d, x, f, true)
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
	_, oDict := o.(*value.Dict)
	if !oAtom && !oDict && value.Len(o) != len(l.Items) {
		errLength()
	}
	for i, it := range l.Items {
		oi := o
		if !oAtom && !oDict {
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

// atomic2Dict applies f between a dictionary's values and o. Dict-with-dict (union
// of keys) is left to dictArith in the arithmetic file.
func atomic2Dict(d *value.Dict, o value.Value, f func(x, y value.Value) value.Value, swap bool) value.Value {
	if od, ok := o.(*value.Dict); ok {
		if swap {
			return dictPair(od, d, f)
		}
		return dictPair(d, od, f)
	}
	if swap {
		return &value.Dict{K: d.K, V: atomic2(o, d.V, f)}
	}
	return &value.Dict{K: d.K, V: atomic2(d.V, o, f)}
}

// atomic2Table applies f column by column between a table and an atom.
func atomic2Table(t *value.Table, o value.Value, f func(x, y value.Value) value.Value, swap bool) value.Value {
	r := make([]value.Value, len(t.Data))
	for i, c := range t.Data {
		if swap {
			r[i] = atomic2(o, c, f)
		} else {
			r[i] = atomic2(c, o, f)
		}
	}
	return &value.Table{Cols: t.Cols, Data: r}
}

// dictPair applies f to two dictionaries: the result has x's keys then y's new keys;
// shared keys combine with f, the others keep their value.
// TODO(arith helper): implement with key lookup (see dicts.txt: d1+d2).
func dictPair(x, y *value.Dict, f func(x, y value.Value) value.Value) value.Value {
	errNyi()
	return nil
}
