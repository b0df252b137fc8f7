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
		if w := mtChunks(len(r)); w > 1 { // parallel.go
			mtRun(len(r), w, func(_, lo, hi int) { mathTo(f, r[lo:hi], v[lo:hi]) })
		} else {
			mathTo(f, r, v)
		}
		return value.Floats(r)
	}
	return func(x value.Value) value.Value { return atomic1(x, k) }
}

// mathTo is f of each item of v into r.
func mathTo(f func(float64) float64, r, v []float64) {
	v = v[:len(r)]
	for i, e := range v {
		r[i] = f(e)
	}
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

// floatVec returns x's storage when x is a float vector (datetimes are not floats here).
func floatVec(x value.Value) ([]float64, bool) {
	if v, ok := x.(*value.Vec[float64]); ok && v.Typ == value.TFloat {
		return v.S, true
	}
	return nil, false
}

// floatRows returns the rows of x when x is a general list of float vectors; rows may
// be ragged (callers check the lengths they need).
func floatRows(x value.Value) ([][]float64, bool) {
	l, ok := x.(*value.List)
	if !ok {
		return nil, false
	}
	r := make([][]float64, len(l.Items))
	for i, it := range l.Items {
		if r[i], ok = floatVec(it); !ok {
			return nil, false
		}
	}
	return r, true
}

func isFloatVecOrMatrix(x value.Value) bool {
	if _, ok := floatVec(x); ok {
		return true
	}
	l, ok := x.(*value.List)
	if !ok || len(l.Items) == 0 {
		return false
	}
	_, ok = floatRows(x)
	return ok
}

// rectangular checks that every row has n items ('length otherwise).
func rectangular(m [][]float64, n int) {
	for _, row := range m {
		if len(row) != n {
			errLength()
		}
	}
}

// matrixVal wraps rows as a q matrix: a general list of float vectors.
func matrixVal(rows [][]float64) value.Value {
	items := make([]value.Value, len(rows))
	for i, row := range rows {
		items[i] = value.Floats(row)
	}
	return &value.List{Items: items}
}

// newRows allocates an m×n matrix in one block.
func newRows(m, n int) [][]float64 {
	flat := make([]float64, m*n)
	r := make([][]float64, m)
	for i := range r {
		r[i] = flat[i*n : (i+1)*n : (i+1)*n]
	}
	return r
}

// nullRows is the m×n matrix of 0n that a singular system gives.
func nullRows(m, n int) value.Value {
	r := newRows(m, n)
	for _, row := range r {
		for j := range row {
			row[j] = math.NaN()
		}
	}
	return matrixVal(r)
}

// mmu implements x mmu y (and x$y), the matrix or dot product of float vectors and
// matrices; count y must match count x (a vector) or count first x (a matrix):
// 1 2 3f mmu 4 5 6f is 32f. Other types are 'type.
func mmu(x, y value.Value) value.Value {
	xv, xVec := floatVec(x)
	xm, xMat := floatRows(x)
	yv, yVec := floatVec(y)
	ym, yMat := floatRows(y)
	if !xVec && !xMat || !yVec && !yMat {
		errType()
	}
	switch {
	case xVec && yVec:
		if len(xv) != len(yv) {
			errLength()
		}
		s := 0.0
		for i, a := range xv {
			s += a * yv[i]
		}
		return value.Float(s)
	case xVec: // row vector times matrix
		if len(ym) != len(xv) {
			errLength()
		}
		p := 0
		if len(ym) > 0 {
			p = len(ym[0])
		}
		rectangular(ym, p)
		r := make([]float64, p)
		for i, a := range xv {
			for j, b := range ym[i] {
				r[j] += a * b
			}
		}
		return value.Floats(r)
	case yVec: // matrix times column vector
		rectangular(xm, len(yv))
		r := make([]float64, len(xm))
		for i, row := range xm {
			s := 0.0
			for k, a := range row {
				s += a * yv[k]
			}
			r[i] = s
		}
		return value.Floats(r)
	}
	rectangular(xm, len(ym))
	p := 0
	if len(ym) > 0 {
		p = len(ym[0])
	}
	rectangular(ym, p)
	r := newRows(len(xm), p)
	for i, row := range xm {
		ri := r[i]
		for k, a := range row { // i-k-j order walks y and r by rows
			for j, b := range ym[k] {
				ri[j] += a * b
			}
		}
	}
	return matrixVal(r)
}

// inv implements inv x, the inverse of a square float matrix by LU decomposition with
// partial pivoting (as kdb+ since 3.6): inv 2 2#4 7 2 6f is (0.6 -0.7;-0.2 0.4).
// A singular matrix gives a matrix of 0n.
func inv(x value.Value) value.Value {
	m, ok := floatRows(x)
	if !ok {
		errType()
	}
	n := len(m)
	rectangular(m, n)
	a := newRows(n, n)
	for i, row := range m {
		copy(a[i], row)
	}
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	for k := 0; k < n; k++ {
		p, big := k, math.Abs(a[k][k])
		for i := k + 1; i < n; i++ {
			if v := math.Abs(a[i][k]); v > big {
				p, big = i, v
			}
		}
		if big == 0 || math.IsNaN(big) {
			return nullRows(n, n)
		}
		a[k], a[p] = a[p], a[k]
		perm[k], perm[p] = perm[p], perm[k]
		piv := a[k][k]
		for i := k + 1; i < n; i++ {
			f := a[i][k] / piv
			a[i][k] = f
			if f == 0 {
				continue
			}
			ai, ak := a[i], a[k]
			for j := k + 1; j < n; j++ {
				ai[j] -= f * ak[j]
			}
		}
	}
	// solve LU col = e_perm for each column of the inverse
	r := newRows(n, n)
	col := make([]float64, n)
	for c := 0; c < n; c++ {
		for i := range col {
			col[i] = 0
			if perm[i] == c {
				col[i] = 1
			}
		}
		for i := 0; i < n; i++ {
			s := col[i]
			for k, l := range a[i][:i] {
				s -= l * col[k]
			}
			col[i] = s
		}
		for i := n - 1; i >= 0; i-- {
			s := col[i]
			for k := i + 1; k < n; k++ {
				s -= a[i][k] * col[k]
			}
			col[i] = s / a[i][i]
		}
		for i := 0; i < n; i++ {
			r[i][c] = col[i]
		}
	}
	return matrixVal(r)
}

// lsq implements x lsq y, the least-squares solution r of x = r mmu y for float
// matrices with as many columns, by Cholesky decomposition of the normal equations
// (r mmu y mmu flip y) = x mmu flip y. A rank-deficient y gives a matrix of 0n.
func lsq(x, y value.Value) value.Value {
	xm, ok1 := floatRows(x)
	ym, ok2 := floatRows(y)
	if !ok1 || !ok2 {
		errType()
	}
	n := 0
	if len(ym) > 0 {
		n = len(ym[0])
	}
	rectangular(ym, n)
	rectangular(xm, n)
	k := len(ym)
	// a = y mmu flip y (k×k), b = x mmu flip y (m×k)
	a := newRows(k, k)
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			a[i][j] = dotF(ym[i], ym[j])
		}
	}
	b := newRows(len(xm), k)
	for i, row := range xm {
		for j := 0; j < k; j++ {
			b[i][j] = dotF(row, ym[j])
		}
	}
	// a = l mmu flip l, l lower triangular, in place
	for j := 0; j < k; j++ {
		d := a[j][j] - dotF(a[j][:j], a[j][:j])
		if !(d > 0) {
			return nullRows(len(xm), k)
		}
		d = math.Sqrt(d)
		a[j][j] = d
		for i := j + 1; i < k; i++ {
			a[i][j] = (a[i][j] - dotF(a[i][:j], a[j][:j])) / d
		}
	}
	for _, r := range b { // solve l z = r, then (flip l) r = z
		for i := 0; i < k; i++ {
			r[i] = (r[i] - dotF(a[i][:i], r[:i])) / a[i][i]
		}
		for i := k - 1; i >= 0; i-- {
			s := r[i]
			for j := i + 1; j < k; j++ {
				s -= a[j][i] * r[j]
			}
			r[i] = s / a[i][i]
		}
	}
	return matrixVal(b)
}

func dotF(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}
