package eval

import (
	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// truthy is the test of $[c;..], if, while: a non-zero atom is true. Anything but a
// numeric, char, temporal or boolean atom is 'type.
func truthy(v value.Value) bool {
	switch a := v.(type) {
	case value.Bool:
		return bool(a)
	case value.Long:
		return a != 0
	case value.Int:
		return a != 0
	case value.Short:
		return a != 0
	case value.Byte:
		return a != 0
	case value.Char:
		return a != 0
	case value.Float:
		return a != 0
	case value.Real:
		return a != 0
	case value.Timestamp:
		return a != 0
	case value.Timespan:
		return a != 0
	case value.Month:
		return a != 0
	case value.Date:
		return a != 0
	case value.Datetime:
		return a != 0
	case value.Minute:
		return a != 0
	case value.Second:
		return a != 0
	case value.Time:
		return a != 0
	case value.GUID:
		return a != value.GUID{}
	case value.Sym:
		errType()
	}
	if v.Type() >= value.TLambda {
		return true
	}
	errType()
	return false
}

// doCount reads do's count: a non-negative integer atom.
func doCount(v value.Value) int64 {
	switch a := v.(type) {
	case value.Long:
		return int64(a)
	case value.Int:
		return int64(a)
	case value.Short:
		return int64(a)
	case value.Byte:
		return int64(a)
	case value.Bool:
		if a {
			return 1
		}
		return 0
	}
	errType()
	return 0
}

// compileCtrl compiles if[c;...], do[n;...] and while[c;...]; each gives ::.
func (c *compiler) compileCtrl(n *parser.Ctrl) expr {
	cond := c.compile(n.Cond)
	body := make([]expr, len(n.Body))
	for i, b := range n.Body {
		body[i] = c.compile(b)
	}
	run := func(fr *frame) bool {
		for _, e := range body {
			e(fr)
			if fr.ret {
				return true
			}
		}
		return false
	}
	switch n.Kind {
	case "if":
		return func(fr *frame) value.Value {
			if truthy(cond(fr)) {
				if run(fr) {
					return fr.retVal
				}
			}
			return nullVal
		}
	case "do":
		return func(fr *frame) value.Value {
			k := doCount(cond(fr))
			for i := int64(0); i < k; i++ {
				fr.ip.checkStop()
				if run(fr) {
					return fr.retVal
				}
			}
			return nullVal
		}
	case "while":
		return func(fr *frame) value.Value {
			for truthy(cond(fr)) {
				fr.ip.checkStop()
				if run(fr) {
					return fr.retVal
				}
			}
			return nullVal
		}
	}
	return func(*frame) value.Value { errNyi(); return nil }
}

// vectorCond implements ?[c;t;f]: t where the boolean vector c is true, else f; t
// and f are atoms or lists of c's count.
func vectorCond(ip *Interp, args []value.Value) value.Value {
	c, t, f := args[0], args[1], args[2]
	if _, ok := c.(*value.Table); ok {
		errNyi()
	}
	cv, ok := c.(*value.Vec[byte])
	if !ok || cv.Typ != value.TBool {
		if c.Type() == -value.TBool {
			if c.(value.Bool) {
				return t
			}
			return f
		}
		errType()
	}
	n := len(cv.S)
	pick := func(v value.Value, i int) value.Value {
		if v.Type() < 0 {
			return v
		}
		return value.At(v, i)
	}
	for _, v := range []value.Value{t, f} {
		if v.Type() >= 0 && value.Len(v) != n {
			errLength()
		}
	}
	// fast path: same-typed vectors or atoms of one storage
	if r, ok := vcondFast(cv.S, t, f); ok {
		return r
	}
	items := make([]value.Value, n)
	for i, b := range cv.S {
		if b != 0 {
			items[i] = pick(t, i)
		} else {
			items[i] = pick(f, i)
		}
	}
	return value.NewList(items)
}

// vcondFast handles ?[c;t;f] when t and f are vectors or atoms of the same type.
func vcondFast(c []byte, t, f value.Value) (value.Value, bool) {
	tt, ft := t.Type(), f.Type()
	if tt < 0 {
		tt = -tt
	}
	if ft < 0 {
		ft = -ft
	}
	if tt != ft || tt == 0 || tt > value.TTime {
		return nil, false
	}
	switch tt {
	case value.TLong, value.TTimestamp, value.TTimespan:
		return value.NewVec(tt, vcondS(c, vecOrAtom[int64](t, len(c)), vecOrAtom[int64](f, len(c)))), true
	case value.TFloat, value.TDatetime:
		return value.NewVec(tt, vcondS(c, vecOrAtom[float64](t, len(c)), vecOrAtom[float64](f, len(c)))), true
	case value.TSym:
		return value.NewVec(tt, vcondS(c, vecOrAtom[string](t, len(c)), vecOrAtom[string](f, len(c)))), true
	}
	return nil, false
}

func vcondS[T value.Elem](c []byte, t, f []T) []T {
	r := make([]T, len(c))
	for i, b := range c {
		if b != 0 {
			r[i] = t[i]
		} else {
			r[i] = f[i]
		}
	}
	return r
}

// vecOrAtom returns v's storage, or n copies of atom v.
func vecOrAtom[T value.Elem](v value.Value, n int) []T {
	if vv, ok := v.(*value.Vec[T]); ok {
		return vv.S
	}
	var e T
	switch a := v.(type) {
	case value.Long:
		e = any(int64(a)).(T)
	case value.Timestamp:
		e = any(int64(a)).(T)
	case value.Timespan:
		e = any(int64(a)).(T)
	case value.Float:
		e = any(float64(a)).(T)
	case value.Datetime:
		e = any(float64(a)).(T)
	case value.Sym:
		e = any(string(a)).(T)
	}
	r := make([]T, n)
	for i := range r {
		r[i] = e
	}
	return r
}
