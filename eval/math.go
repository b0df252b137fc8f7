package eval

import (
	"math"

	"github.com/gq-dev/gq/eval/value"
)

// Maths on floats: sqrt exp log sin cos tan asin acos atan, xexp xlog. Every argument
// (number or temporal) is taken as its underlying value as a float; nulls give 0n.

// mathF returns x (atom or simple vector of numbers or temporals) as float64 storage.
func mathF(x value.Value) (a float64, v []float64, atom bool) {
	t, atom := arBasic(x)
	if t == 0 || t == value.TSym || t == value.TGUID {
		errType()
	}
	a, v = arRaw[float64](arWideF(x, t, value.TFloat))
	return a, v, atom
}

// mathFn makes an atomic unary float function: sqrt 25 is 5f, exp 1 is 2.718282.
func mathFn(f func(float64) float64) func(value.Value) value.Value {
	k := func(x value.Value) value.Value {
		a, v, atom := mathF(x)
		if atom {
			return value.Float(f(a))
		}
		r := make([]float64, len(v))
		for i, e := range v {
			r[i] = f(e)
		}
		return value.Floats(r)
	}
	return func(x value.Value) value.Value { return atomic1(x, k) }
}

// expv implements exp x, e to the power x as a float; a datetime stays a datetime
// (the range in exp.md): exp 1 is 2.718282.
func expv(x value.Value) value.Value {
	return atomic1(x, func(x value.Value) value.Value {
		r := expF(x)
		if t, _ := arBasic(x); t == value.TDatetime {
			return arNarrowF(r, value.TDatetime)
		}
		return r
	})
}

var expF = mathFn(math.Exp)

// logv implements log x, the natural logarithm as a float: log 0.5 is -0.6931472;
// log.md: "a datetime, returns x".
func logv(x value.Value) value.Value {
	return atomic1(x, func(x value.Value) value.Value {
		if t, _ := arBasic(x); t == value.TDatetime {
			return x
		}
		return logF(x)
	})
}

var logF = mathFn(math.Log)

// mathF2 applies f between two float operands with the length rule.
func mathF2(x, y value.Value, f func(a, b float64) float64) value.Value {
	xa, xv, xAtom := mathF(x)
	ya, yv, yAtom := mathF(y)
	if !xAtom && !yAtom && len(xv) != len(yv) {
		errLength()
	}
	return arFloatOp2(arF64Val(xa, xv, xAtom), arF64Val(ya, yv, yAtom), xAtom, yAtom, f)
}

func arF64Val(a float64, v []float64, atom bool) value.Value {
	if atom {
		return value.Float(a)
	}
	return value.Floats(v)
}

// xexp implements x xexp y, x to the power y computed as exp y*log x (as kdb+ does,
// so a negative x gives 0n): 2 xexp 8 is 256f; -2 xexp .5 is 0n.
func xexp(x, y value.Value) value.Value {
	return atomic2(x, y, func(x, y value.Value) value.Value {
		for _, v := range [2]value.Value{x, y} {
			if t, _ := arBasic(v); t == value.TChar || arTemporal(t) {
				errType()
			}
		}
		return mathF2(x, y, func(a, b float64) float64 {
			if a == 0 && b == 0 {
				return 1 // not exp 0*log 0; the docs' lsfit (x xexp/: til n) needs 0 xexp 0 = 1
			}
			return math.Exp(b * math.Log(a))
		})
	})
}

// xlog implements x xlog y, the base-x logarithm of y: 2 xlog 8 is 3f. A datetime on
// either side is 'type (log.md's range).
func xlog(x, y value.Value) value.Value {
	return atomic2(x, y, func(x, y value.Value) value.Value {
		for _, v := range [2]value.Value{x, y} {
			if t, _ := arBasic(v); t == value.TDatetime {
				errType()
			}
		}
		return mathF2(x, y, func(b, a float64) float64 { return math.Log(a) / math.Log(b) })
	})
}
