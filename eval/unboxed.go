package eval

import (
	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// Unboxed folds: f/ and f\ with a lambda whose body is arithmetic on its parameters
// (atomicBody) over a long or a float vector run the body as a function of machine
// numbers, so no item or result is boxed into a Value. Only the operators whose atom
// rules are plain here take part: + - * and unary - on longs (0N in gives 0N out, as
// fastAdd; overflow wraps), and + - * % and unary - on floats (IEEE, as q). Anything
// else (another operator or keyword, a constant of another type, mixed item types)
// leaves the fold to the general path.

// term is one operand of an unboxed body: a parameter or a constant read in place,
// or a subexpression called (an operator reads its operands through get, which
// inlines, so only operators cost a call).
type term[T int64 | float64] struct {
	kind uint8 // termParam, termConst, termSub
	i    int
	c    T
	sub  func(a *[2]T) T
}

const (
	termParam = iota
	termConst
	termSub
)

func (t *term[T]) get(a *[2]T) T {
	switch t.kind {
	case termParam:
		return a[t.i]
	case termConst:
		return t.c
	}
	return t.sub(a)
}

// fn is the term as a function of the parameters.
func (t term[T]) fn() func(a *[2]T) T {
	if t.kind == termSub {
		return t.sub
	}
	return func(a *[2]T) T { return t.get(a) }
}

// unboxedJ compiles the lambda's body over longs, once; nil if it does not fit.
func (c *lamCode) unboxedJ() func(a *[2]int64) int64 {
	if !c.triedJ {
		c.triedJ = true
		if c.atomicBody != nil && c.nparams <= 2 {
			if t, ok := compileJ(c.atomicBody, c.params); ok {
				c.scalarJ = t.fn()
			}
		}
	}
	return c.scalarJ
}

// unboxedF compiles the lambda's body over floats, once; nil if it does not fit.
func (c *lamCode) unboxedF() func(a *[2]float64) float64 {
	if !c.triedF {
		c.triedF = true
		if c.atomicBody != nil && c.nparams <= 2 {
			if t, float, ok := compileF(c.atomicBody, c.params); ok && float {
				c.scalarF = t.fn()
			}
		}
	}
	return c.scalarF
}

// paramIndex is the slot of a parameter name (the last of a repeated name), or -1.
func paramIndex(params []string, name string) int {
	for i := len(params) - 1; i >= 0; i-- {
		if params[i] == name {
			return i
		}
	}
	return -1
}

func compileJ(n parser.Node, params []string) (term[int64], bool) {
	switch n := n.(type) {
	case *parser.ListExpr:
		if len(n.Items) == 1 && n.Items[0] != nil {
			return compileJ(n.Items[0], params)
		}
	case *parser.Name:
		if i := paramIndex(params, n.Name); i >= 0 {
			return term[int64]{kind: termParam, i: i}, true
		}
	case *parser.Const:
		if v, ok := n.V.(value.Long); ok {
			return term[int64]{kind: termConst, c: int64(v)}, true
		}
	case *parser.Prefix:
		if !isVerb(n.Fn, "-") {
			break
		}
		if x, ok := compileJ(n.Arg, params); ok {
			// -0N is 0N: negation wraps
			return term[int64]{kind: termSub, sub: func(a *[2]int64) int64 { return -x.get(a) }}, true
		}
	case *parser.Infix:
		x, okx := compileJ(n.Left, params)
		y, oky := compileJ(n.Right, params)
		if !okx || !oky {
			break
		}
		const null = value.NullLong
		var f func(a *[2]int64) int64
		switch {
		case isVerb(n.Fn, "+"):
			f = func(a *[2]int64) int64 {
				r, l := y.get(a), x.get(a)
				if l == null || r == null {
					return null
				}
				return l + r
			}
		case isVerb(n.Fn, "-"):
			f = func(a *[2]int64) int64 {
				r, l := y.get(a), x.get(a)
				if l == null || r == null {
					return null
				}
				return l - r
			}
		case isVerb(n.Fn, "*"):
			f = func(a *[2]int64) int64 {
				r, l := y.get(a), x.get(a)
				if l == null || r == null {
					return null
				}
				return l * r
			}
		default:
			return term[int64]{}, false
		}
		return term[int64]{kind: termSub, sub: f}, true
	}
	return term[int64]{}, false
}

// compileF compiles n over floats; float reports whether q's result is a float (a
// float parameter or constant below it). An operator on two long-only operands is
// refused: q would do it in longs.
func compileF(n parser.Node, params []string) (t term[float64], float, ok bool) {
	switch n := n.(type) {
	case *parser.ListExpr:
		if len(n.Items) == 1 && n.Items[0] != nil {
			return compileF(n.Items[0], params)
		}
	case *parser.Name:
		if i := paramIndex(params, n.Name); i >= 0 {
			return term[float64]{kind: termParam, i: i}, true, true
		}
	case *parser.Const:
		switch v := n.V.(type) {
		case value.Float:
			return term[float64]{kind: termConst, c: float64(v)}, true, true
		case value.Long:
			// a long beside a float is converted; the special longs (0N 0W -0W)
			// have float forms of their own: leave them
			if int64(v) != value.NullLong && v <= 1<<53 && v >= -1<<53 {
				return term[float64]{kind: termConst, c: float64(v)}, false, true
			}
		}
	case *parser.Prefix:
		if !isVerb(n.Fn, "-") {
			break
		}
		if x, fl, ok := compileF(n.Arg, params); ok && fl {
			return term[float64]{kind: termSub, sub: func(a *[2]float64) float64 { return -x.get(a) }}, true, true
		}
	case *parser.Infix:
		x, xf, okx := compileF(n.Left, params)
		y, yf, oky := compileF(n.Right, params)
		if !okx || !oky || !xf && !yf {
			break
		}
		var f func(a *[2]float64) float64
		switch {
		case isVerb(n.Fn, "+"):
			f = func(a *[2]float64) float64 { r := y.get(a); return x.get(a) + r }
		case isVerb(n.Fn, "-"):
			f = func(a *[2]float64) float64 { r := y.get(a); return x.get(a) - r }
		case isVerb(n.Fn, "*"):
			f = func(a *[2]float64) float64 { r := y.get(a); return x.get(a) * r }
		case isVerb(n.Fn, "%"):
			f = func(a *[2]float64) float64 { r := y.get(a); return x.get(a) / r }
		default:
			return term[float64]{}, false, false
		}
		return term[float64]{kind: termSub, sub: f}, true, true
	}
	return term[float64]{}, false, false
}

// unboxedFold is seed f/ v or seed f\ v (seed nil: the first item) for a binary
// lambda f over a non-empty long or float vector, or nil when it does not apply.
func (ip *Interp) unboxedFold(f *value.Lambda, seed, v value.Value, scan bool) value.Value {
	if lambdaRank(f) != 2 {
		return nil
	}
	c := ip.codeOf(f)
	if c.atomicBody == nil {
		return nil
	}
	switch xs := v.(type) {
	case *value.Vec[int64]:
		acc, ok := seed.(value.Long)
		if xs.Typ != value.TLong || seed != nil && !ok || len(xs.S) == 0 {
			return nil
		}
		g := c.unboxedJ()
		if g == nil {
			return nil
		}
		r, a := foldUnboxed(ip, g, seed == nil, int64(acc), xs.S, scan)
		if scan {
			return value.Longs(r)
		}
		return value.Long(a)
	case *value.Vec[float64]:
		acc, ok := seed.(value.Float)
		if xs.Typ != value.TFloat || seed != nil && !ok || len(xs.S) == 0 {
			return nil
		}
		g := c.unboxedF()
		if g == nil {
			return nil
		}
		r, a := foldUnboxed(ip, g, seed == nil, float64(acc), xs.S, scan)
		if scan {
			return value.Floats(r)
		}
		return value.Float(a)
	}
	return nil
}

// foldUnboxed runs acc:g[acc;item] over xs (first: acc starts as xs[0]) and gives the
// last acc and, for a scan, every acc. Blocks of 64K items between interrupt checks.
func foldUnboxed[T int64 | float64](ip *Interp, g func(*[2]T) T, first bool, acc T, xs []T, scan bool) ([]T, T) {
	var r []T
	if scan {
		r = make([]T, len(xs))
	}
	i := 0
	if first {
		acc, i = xs[0], 1
		if scan {
			r[0] = acc
		}
	}
	var a [2]T
	for i < len(xs) {
		ip.checkStop()
		hi := min(i+1<<16, len(xs))
		if scan {
			for ; i < hi; i++ {
				a[0], a[1] = acc, xs[i]
				acc = g(&a)
				r[i] = acc
			}
		} else {
			for _, x := range xs[i:hi] {
				a[0], a[1] = acc, x
				acc = g(&a)
			}
			i = hi
		}
	}
	return r, acc
}
