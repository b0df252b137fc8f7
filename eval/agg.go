package eval

import (
	"math"
	"sort"

	"github.com/gq-dev/gq/eval/value"
)

// Aggregations and uniform (running, moving) statistics. On simple vectors sum, avg,
// min and max ignore nulls (SQL92); on general lists they fold the atomic operator, so
// nested nulls are kept: sum (1 2;0N 4) is 0N 6.

// aggregate applies an aggregate f to dicts (its values), tables (column by column,
// giving a dict) and keyed tables (their value table).
func aggregate(x value.Value, f func(value.Value) value.Value) (value.Value, bool) {
	switch v := x.(type) {
	case *value.Dict:
		return f(v.V), true
	case *value.Table:
		r := make([]value.Value, len(v.Data))
		for i, c := range v.Data {
			r[i] = f(c)
		}
		return &value.Dict{K: v.Cols, V: value.NewList(r)}, true
	}
	return nil, false
}

// uniform applies a uniform f to a dict's values or a table's columns, keeping keys.
func uniform(x value.Value, f func(value.Value) value.Value) (value.Value, bool) {
	switch v := x.(type) {
	case *value.Dict:
		return &value.Dict{K: v.K, V: f(v.V)}, true
	case *value.Table:
		r := make([]value.Value, len(v.Data))
		for i, c := range v.Data {
			r[i] = f(c)
		}
		return &value.Table{Cols: v.Cols, Data: r}, true
	}
	return nil, false
}

// aggSumType is the type of sum and sums over a vector of type t.
func aggSumType(t value.Type) value.Type {
	switch t {
	case value.TBool, value.TByte, value.TShort, value.TInt:
		return value.TInt
	case 0, value.TGUID, value.TChar, value.TSym:
		errType()
	}
	return t
}

// foldList folds binary f over a general list's items (the first item unchanged).
func foldList(items []value.Value, f func(x, y value.Value) value.Value, empty value.Value) value.Value {
	if len(items) == 0 {
		return empty
	}
	r := items[0]
	for _, it := range items[1:] {
		r = f(r, it)
	}
	return r
}

// seeded makes the binary form of a running function, f\ with an initial value:
// sums[10;1 2 3] is 11 13 16.
func seeded(f func(x, y value.Value) value.Value) func(x, y value.Value) value.Value {
	return func(x, y value.Value) value.Value {
		if value.IsAtom(y) {
			return f(x, y)
		}
		items := value.Items(y)
		r := make([]value.Value, len(items))
		acc := x
		for i, it := range items {
			acc = f(acc, it)
			r[i] = acc
		}
		return value.NewList(r)
	}
}

// priorSeeded makes the binary form of an each-prior function, f': with the value
// before the first item: deltas[10;15 27 93] is 5 12 66.
func priorSeeded(f func(x, y value.Value) value.Value) func(x, y value.Value) value.Value {
	return func(x, y value.Value) value.Value {
		if value.IsAtom(y) {
			return f(y, x)
		}
		items := value.Items(y)
		r := make([]value.Value, len(items))
		prev := x
		for i, it := range items {
			r[i] = f(it, prev)
			prev = it
		}
		return value.NewList(r)
	}
}

// scanList is foldList keeping every partial result.
func scanList(items []value.Value, f func(x, y value.Value) value.Value) value.Value {
	if len(items) == 0 {
		return &value.List{Items: []value.Value{}}
	}
	r := make([]value.Value, len(items))
	r[0] = items[0]
	for i := 1; i < len(r); i++ {
		r[i] = f(r[i-1], items[i])
	}
	return value.NewList(r)
}

// atomsVec turns a general list whose items are all numeric atoms into one float or
// long vector (so sum (1;0n;2) ignores the null like a vector does), else nil.
func atomsVec(items []value.Value) value.Value {
	if len(items) == 0 {
		return nil
	}
	var t value.Type
	for _, it := range items {
		ti := it.Type()
		if ti >= 0 || ti < -value.TTime || ti == -value.TSym || ti == -value.TGUID || ti == -value.TChar {
			return nil
		}
		if t == 0 {
			t = -ti
		} else if t2 := addTab[t][-ti]; t2 != 0 {
			t = t2
		} else {
			return nil
		}
	}
	if arStore[t] == stF64 || arStore[t] == stF32 {
		r := make([]float64, len(items))
		for i, it := range items {
			r[i] = arWideF1(it, -it.Type(), arConvOf(-it.Type(), t))
		}
		return arNarrowF(value.Floats(r), t)
	}
	r := make([]int64, len(items))
	for i, it := range items {
		r[i] = arWideI1(it, -it.Type(), arConvOf(-it.Type(), t), arNullI(t))
	}
	return arNarrowI(value.Longs(r), t)
}

// aggHead is the common part of the aggregates sum, prd, min and max: self over a
// dict's values or a table's columns, a general list of numeric atoms as a vector,
// else op folded over a general list (empty when it has no items); ok=false for the
// rest.
func aggHead(x value.Value, self func(value.Value) value.Value, op func(x, y value.Value) value.Value, empty value.Value) (value.Value, bool) {
	if r, ok := aggregate(x, self); ok {
		return r, true
	}
	if l, ok := x.(*value.List); ok {
		if v := atomsVec(l.Items); v != nil {
			return self(v), true
		}
		return foldList(l.Items, op, empty), true
	}
	return nil, false
}

// sum implements sum x: sum 2 3 0N 7 is 12 (nulls count as zero).
func sum(x value.Value) value.Value {
	if r, ok := aggHead(x, sum, plus, value.Long(0)); ok {
		return r
	}
	t, atom := arBasic(x)
	r := aggSumType(t)
	if atom {
		return x // the total of an atom is itself
	}
	switch v := x.(type) {
	case *value.Vec[int64]:
		if w := mtChunks(len(v.S)); w > 1 {
			return arBox(r, mtFold(len(v.S), w, func(lo, hi int) int64 { return sumI64(v.S[lo:hi]) }, addI64))
		}
		return arBox(r, sumI64(v.S))
	case *value.Vec[int32]:
		var s int64
		for _, e := range v.S {
			if e != value.NullInt {
				s += int64(e)
			}
		}
		return arBox(r, s)
	case *value.Vec[int16]:
		var s int64
		for _, e := range v.S {
			if e != value.NullShort {
				s += int64(e)
			}
		}
		return arBox(r, s)
	case *value.Vec[byte]:
		var s int64
		for _, e := range v.S {
			s += int64(e)
		}
		return arBox(r, s)
	case *value.Vec[float64]:
		return value.AtomF(r, sumF64(v.S))
	case *value.Vec[float32]:
		var s float64
		for _, e := range v.S {
			if e == e {
				s += float64(e)
			}
		}
		return value.Real(s)
	}
	errType()
	return nil
}

// sumI64 adds longs, skipping nulls (the branch is predictable: measured as fast as
// an unconditional loop, and faster than counting nulls branch-free).
func sumI64(s []int64) int64 {
	var t int64
	for _, e := range s {
		if e != value.NullLong {
			t += e
		}
	}
	return t
}

// sumF64 adds floats, skipping nulls, in kdb+'s order: eight lanes (item i into lane
// i mod 8) then the lanes left to right, as its SIMD sum does, so sums agree to the
// last bit (sum 1e-10*til 10000000 is 4999.9995000000017 at \P 0).
func sumF64(s []float64) float64 {
	var l0, l1, l2, l3, l4, l5, l6, l7 float64
	for len(s) >= 8 {
		e := s[:8]
		l0 += nz(e[0])
		l1 += nz(e[1])
		l2 += nz(e[2])
		l3 += nz(e[3])
		l4 += nz(e[4])
		l5 += nz(e[5])
		l6 += nz(e[6])
		l7 += nz(e[7])
		s = s[8:]
	}
	var t [8]float64
	for i, e := range s {
		t[i] = nz(e)
	}
	return laneTotal([8]float64{l0, l1, l2, l3, l4, l5, l6, l7}, t)
}

// laneTotal adds the tail's items to their lanes, then the lanes left to right: the
// last step of sumF64 and sumProdF64, which must agree to the bit.
func laneTotal(l, tail [8]float64) float64 {
	s := l[0] + tail[0]
	for i := 1; i < 8; i++ {
		s += l[i] + tail[i]
	}
	return s
}

// nz is a float with null as zero.
func nz(e float64) float64 {
	if e != e {
		return 0
	}
	return e
}

// sums implements sums x, the running totals: sums 2 3 0N 7 is 2 5 5 12.
func sums(x value.Value) value.Value { return running(x, sums, plus, false) }

// prd implements prd x, the product: prd 1 2 3 4 is 24 (nulls count as one).
func prd(x value.Value) value.Value {
	if r, ok := aggHead(x, prd, times, value.Long(1)); ok {
		return r
	}
	t, atom := arBasic(x)
	if t == value.TBool && !atom { // prd 101b is 0b: all
		return allAny(x, true)
	}
	r := aggSumType(t)
	if atom {
		return x // the total of an atom is itself
	}
	if arStore[r] == stF64 || arStore[r] == stF32 {
		_, v := arRaw[float64](arWideF(x, t, r))
		p := 1.0
		for _, e := range v {
			if e == e {
				p *= e
			}
		}
		return arNarrowF(value.Float(p), r)
	}
	_, v := arRaw[int64](arWideI(x, t, r))
	nul := arNullI(r)
	p := int64(1)
	for _, e := range v {
		if e != nul || t == value.TBool || t == value.TByte {
			p *= e
		}
	}
	return arBox(r, p)
}

// prds implements prds x, the running products: prds 1 2 3 is 1 2 6.
func prds(x value.Value) value.Value { return running(x, prds, times, true) }

// running is sums (prds when mul) over x, self being the caller for dicts and tables
// and op its binary form for general lists; nulls are skipped.
func running(x value.Value, self func(value.Value) value.Value, op func(x, y value.Value) value.Value, mul bool) value.Value {
	if r, ok := uniform(x, self); ok {
		return r
	}
	if l, ok := x.(*value.List); ok {
		return scanList(l.Items, op)
	}
	t, atom := arBasic(x)
	r := aggSumType(t)
	if atom {
		return x // the total of an atom is itself
	}
	if arStore[r] == stF64 || arStore[r] == stF32 {
		_, v := arRaw[float64](arWideF(x, t, r))
		out := make([]float64, len(v))
		if mul {
			p := 1.0
			for i, e := range v {
				if e == e {
					p *= e
				}
				out[i] = p
			}
		} else {
			var s float64
			for i, e := range v {
				if e == e {
					s += e
				}
				out[i] = s
			}
		}
		return arNarrowF(value.Floats(out), r)
	}
	_, v := arRaw[int64](arWideI(x, t, r))
	nul := arNullI(r)
	all := t == value.TBool || t == value.TByte // no nulls to skip
	out := make([]int64, len(v))
	if mul {
		p := int64(1)
		for i, e := range v {
			if e != nul || all {
				p *= e
			}
			out[i] = p
		}
	} else {
		var s int64
		for i, e := range v {
			if e != nul || all {
				s += e
			}
			out[i] = s
		}
	}
	return arNarrowI(value.Longs(out), r)
}

// aggFloats returns a simple vector's items as floats (nulls NaN), or ok=false for
// anything else. Symbols, guids and chars... chars count as numbers here.
func aggFloats(x value.Value) ([]float64, bool) {
	t, atom := arBasic(x)
	if t == 0 || atom {
		return nil, false
	}
	if t == value.TSym || t == value.TGUID {
		errType()
	}
	_, v := arRaw[float64](arWideF(x, t, value.TFloat))
	return v, true
}

// avg implements avg x, the mean of the non-null items as a float: avg 1 0n 2 3 is 2f.
func avg(x value.Value) value.Value {
	if r, ok := aggregate(x, avg); ok {
		return r
	}
	if v, ok := aggFloats(x); ok {
		n := 0
		for _, e := range v {
			if e == e {
				n++
			}
		}
		return value.Float(sumF64(v) / float64(n))
	}
	if l, ok := x.(*value.List); ok {
		if len(l.Items) == 0 {
			return value.Float(math.NaN())
		}
		return divide(sum(x), value.Long(len(l.Items)))
	}
	a, _, _ := mathF(x)
	return value.Float(a)
}

// avgs implements avgs x, the running means: avgs 1 2 3 0n 4 is 1 1.5 2 2 2.5.
func avgs(x value.Value) value.Value {
	if r, ok := uniform(x, avgs); ok {
		return r
	}
	if v, ok := aggFloats(x); ok {
		return value.Floats(movingAvgF(v, -1))
	}
	if l, ok := x.(*value.List); ok {
		ss := value.Items(sums(l))
		r := make([]value.Value, len(ss))
		for i, s := range ss {
			r[i] = divide(s, value.Long(i+1))
		}
		return value.NewList(r)
	}
	a, _, _ := mathF(x)
	return value.Float(a)
}

// aggInf returns the int64 storage of +infinity (or -infinity) of integer type t.
func aggInf(t value.Type, negInf bool) int64 {
	var inf int64
	switch arStore[t] {
	case stI16:
		inf = int64(value.InfShort)
	case stI32:
		inf = int64(value.InfInt)
	case stI64:
		inf = value.InfLong
	default: // boolean, byte, char
		if t == value.TBool {
			inf = 1
		} else {
			inf = 255
		}
		if negInf {
			return 0
		}
		return inf
	}
	if negInf {
		return -inf
	}
	return inf
}

// extremeType checks the argument of min, max, mins and maxs: a simple numeric or
// temporal value (not sym or guid), returning its type.
func extremeType(x value.Value) (t value.Type, atom bool) {
	t, atom = arBasic(x)
	if t == 0 || t == value.TSym || t == value.TGUID {
		errType()
	}
	return t, atom
}

// extremeStartF is the float min (max when isMax) starts from: 0w (-0w).
func extremeStartF(isMax bool) float64 {
	if isMax {
		return math.Inf(-1)
	}
	return math.Inf(1)
}

// extremeOp is the binary min (max when isMax) of two items: & or |.
func extremeOp(isMax bool) func(x, y value.Value) value.Value {
	if isMax {
		return greater
	}
	return lesser
}

// minmax is min (max when isMax) over a simple vector, nulls ignored; an empty or
// all-null vector gives the type's infinity (0W for min, -0W for max).
func minmax(x value.Value, isMax bool) value.Value {
	empty := value.Long(value.InfLong) // min () is 0W, max () is -0W
	if isMax {
		empty = -empty
	}
	self := func(v value.Value) value.Value { return minmax(v, isMax) }
	if r, ok := aggHead(x, self, extremeOp(isMax), empty); ok {
		return r
	}
	t, atom := extremeType(x)
	if atom {
		return x
	}
	if arStore[t] == stF64 || arStore[t] == stF32 {
		_, v := arRaw[float64](arWideF(x, t, t))
		if w := mtChunks(len(v)); w > 1 {
			f := func(lo, hi int) float64 { return minmaxF64(v[lo:hi], isMax) }
			c := func(a, b float64) float64 { return minmaxF64([]float64{a, b}, isMax) }
			return arNarrowF(value.Float(mtFold(len(v), w, f, c)), t)
		}
		return arNarrowF(value.Float(minmaxF64(v, isMax)), t)
	}
	if v, ok := x.(*value.Vec[int64]); ok {
		if w := mtChunks(len(v.S)); w > 1 {
			f := func(lo, hi int) int64 { return minmaxI64(v.S[lo:hi], isMax) }
			c := func(a, b int64) int64 { return minmaxI64([]int64{a, b}, isMax) }
			return arBox(t, mtFold(len(v.S), w, f, c))
		}
		return arBox(t, minmaxI64(v.S, isMax))
	}
	_, v := arRaw[int64](arWideI(x, t, t))
	nul := arSkipNullI(t)
	m := aggInf(t, isMax)
	for _, e := range v {
		if e == nul {
			continue
		}
		if isMax && e > m || !isMax && e < m {
			m = e
		}
	}
	return arBox(t, m)
}

// minmaxF64 is the least (greatest) of s, NaN never chosen, the first of equal items
// (0 and -0) kept; 0w (-0w) when s has no other item.
func minmaxF64(s []float64, isMax bool) float64 {
	m := extremeStartF(isMax)
	for _, e := range s {
		if isMax && e > m || !isMax && e < m {
			m = e
		}
	}
	return m
}

func addI64(a, b int64) int64 { return a + b }

func minmaxI64(s []int64, isMax bool) int64 {
	if isMax {
		m := -value.InfLong // nulls (below -0W) never win
		for _, e := range s {
			if e > m {
				m = e
			}
		}
		return m
	}
	m := value.InfLong
	for _, e := range s {
		if e < m && e != value.NullLong {
			m = e
		}
	}
	return m
}

// minv implements min x: min 0N 5 1 is 1.
func minv(x value.Value) value.Value { return minmax(x, false) }

// maxv implements max x: max 2 5 7 is 7; max 0N 0N is -0W.
func maxv(x value.Value) value.Value { return minmax(x, true) }

// runMinMax implements mins and maxs: running extremes, nulls ignored, leading nulls
// giving the infinity.
func runMinMax(x value.Value, isMax bool) value.Value {
	self := func(v value.Value) value.Value { return runMinMax(v, isMax) }
	if r, ok := uniform(x, self); ok {
		return r
	}
	if l, ok := x.(*value.List); ok {
		return scanList(l.Items, extremeOp(isMax))
	}
	t, atom := extremeType(x)
	if atom {
		return x
	}
	if arStore[t] == stF64 || arStore[t] == stF32 {
		_, v := arRaw[float64](arWideF(x, t, t))
		r := make([]float64, len(v))
		m := extremeStartF(isMax)
		for i, e := range v {
			if isMax && e > m || !isMax && e < m {
				m = e
			}
			r[i] = m
		}
		return arNarrowF(value.Floats(r), t)
	}
	_, v := arRaw[int64](arWideI(x, t, t))
	nul := arSkipNullI(t)
	r := make([]int64, len(v))
	m := aggInf(t, isMax)
	for i, e := range v {
		if e != nul && (isMax && e > m || !isMax && e < m) {
			m = e
		}
		r[i] = m
	}
	return arNarrowI(value.Longs(r), t)
}

// mins implements mins x: mins 2 5 1 is 2 2 1.
func mins(x value.Value) value.Value { return runMinMax(x, false) }

// maxs implements maxs x: maxs 0N 5 0N 1 is -0W 5 5 5.
func maxs(x value.Value) value.Value { return runMinMax(x, true) }

// med implements med x, the median as a float: med 10 34 23 123 5 56 is 28.5. As in
// q's own definition, avg x (iasc x)@floor .5*-1 0+count x, nulls sort first and the
// two middle items are averaged (ignoring a null among them).
func med(x value.Value) value.Value {
	if r, ok := aggregate(x, med); ok {
		return r
	}
	v, ok := aggFloats(x)
	if !ok {
		if l, isList := x.(*value.List); isList {
			if w := atomsVec(l.Items); w != nil {
				return med(w)
			}
			n := len(l.Items)
			if n == 0 {
				return value.Float(math.NaN())
			}
			idx := value.Items(prims["iasc"].u(x))
			lo, _ := arRaw[int64](idx[(n-1)/2])
			hi, _ := arRaw[int64](idx[n/2])
			return avg(value.NewList([]value.Value{l.Items[lo], l.Items[hi]}))
		}
		a, _, _ := mathF(x)
		return value.Float(a)
	}
	n := len(v)
	if n == 0 {
		return value.Float(math.NaN())
	}
	s := make([]float64, n)
	copy(s, v)
	sort.Float64s(s) // NaN first, as iasc puts nulls
	return avg(value.Floats([]float64{s[(n-1)/2], s[n/2]}))
}

// columns returns a general list of equal-length simple vectors as float columns
// (the transpose), or nil.
func columns(l *value.List) [][]float64 {
	if len(l.Items) == 0 {
		return nil
	}
	m := -1
	rows := make([][]float64, len(l.Items))
	for i, it := range l.Items {
		t, atom := arBasic(it)
		if t == 0 || atom || t == value.TSym || t == value.TGUID {
			return nil
		}
		_, rows[i] = arRaw[float64](arWideF(it, t, value.TFloat))
		if m >= 0 && len(rows[i]) != m {
			return nil
		}
		m = len(rows[i])
	}
	cols := make([][]float64, m)
	for j := range cols {
		c := make([]float64, len(rows))
		for i, r := range rows {
			c[i] = r[j]
		}
		cols[j] = c
	}
	return cols
}

// moments returns count, mean and sum of squared deviations of the non-null items.
func moments(v []float64) (n int, mean, ss float64) {
	var s float64
	for _, e := range v {
		if e == e {
			s += e
			n++
		}
	}
	mean = s / float64(n)
	for _, e := range v {
		if e == e {
			d := e - mean
			ss += d * d
		}
	}
	return
}

// varOf is the variance of a simple vector (sample variance when sample).
func varOf(x value.Value, sample bool) value.Value {
	v, ok := aggFloats(x)
	if !ok {
		if l, isList := x.(*value.List); isList {
			if w := atomsVec(l.Items); w != nil {
				return varOf(w, sample)
			}
			cols := columns(l) // a matrix: column by column (4.1)
			if cols == nil {
				errType()
			}
			r := make([]float64, len(cols))
			for j, c := range cols {
				n, _, ss := moments(c)
				d := float64(n)
				if sample {
					d--
				}
				r[j] = ss / d
			}
			return value.Floats(r)
		}
		if sample {
			return value.Float(math.NaN())
		}
		return value.Float(0)
	}
	n, _, ss := moments(v)
	if sample {
		return value.Float(ss / float64(n-1))
	}
	return value.Float(ss / float64(n))
}

// variance implements var x: var 2 4 4 4 5 5 7 9 is 4f.
func variance(x value.Value) value.Value {
	if r, ok := aggregate(x, variance); ok {
		return r
	}
	return varOf(x, false)
}

// svar implements svar x, the sample variance.
func svar(x value.Value) value.Value {
	if r, ok := aggregate(x, svar); ok {
		return r
	}
	return varOf(x, true)
}

// dev implements dev x, the standard deviation: dev 2 4 4 4 5 5 7 9 is 2f.
func dev(x value.Value) value.Value {
	if r, ok := aggregate(x, dev); ok {
		return r
	}
	return mathFn(math.Sqrt)(varOf(x, false))
}

// sdev implements sdev x, the sample standard deviation.
func sdev(x value.Value) value.Value {
	if r, ok := aggregate(x, sdev); ok {
		return r
	}
	return mathFn(math.Sqrt)(varOf(x, true))
}

// allAny implements all and any over simple vectors (nonzero test), general lists
// (folding & or |), dicts and tables.
func allAny(x value.Value, isAll bool) value.Value {
	self := func(v value.Value) value.Value { return allAny(v, isAll) }
	if r, ok := aggregate(x, self); ok {
		return r
	}
	if l, ok := x.(*value.List); ok {
		if len(l.Items) == 0 {
			return value.Bool(isAll)
		}
		f := lesser
		if isAll {
			f = lesser
		} else {
			f = greater
		}
		r := not(not(l.Items[0]))
		for _, it := range l.Items[1:] {
			r = f(r, not(not(it)))
		}
		return r
	}
	z := notK(x) // 1b where an item is zero
	if b, ok := z.(value.Bool); ok {
		return !b
	}
	s := z.(*value.Vec[byte]).S
	for _, e := range s {
		if isAll && e == 1 {
			return value.Bool(false)
		}
		if !isAll && e == 0 {
			return value.Bool(true)
		}
	}
	return value.Bool(isAll)
}

// all implements all x: 1b when every item is nonzero; all () is 1b.
func all(x value.Value) value.Value { return allAny(x, true) }

// anyv implements any x: 1b when some item is nonzero; any () is 0b.
func anyv(x value.Value) value.Value { return allAny(x, false) }

// priorList applies f to each item of a general list and the one before (the first
// kept): the list path of deltas and ratios; x itself when empty.
func priorList(x value.Value, items []value.Value, f func(x, y value.Value) value.Value) value.Value {
	if len(items) == 0 {
		return x
	}
	r := make([]value.Value, len(items))
	r[0] = items[0]
	for i := 1; i < len(r); i++ {
		r[i] = f(items[i], items[i-1])
	}
	return value.NewList(r)
}

// deltas implements deltas x, each item minus the one before: deltas 1 4 9 is 1 3 5.
func deltas(x value.Value) value.Value {
	if r, ok := uniform(x, deltas); ok {
		return r
	}
	if l, ok := x.(*value.List); ok {
		return priorList(x, l.Items, minus)
	}
	t, atom := arBasic(x)
	if t == 0 || atom {
		if atom {
			return x
		}
		errType()
	}
	if value.Len(x) == 0 {
		return x
	}
	prev := value.Make(t, value.Len(x))
	switch v := x.(type) {
	case *value.Vec[int64]:
		copy(prev.(*value.Vec[int64]).S[1:], v.S)
	case *value.Vec[int32]:
		copy(prev.(*value.Vec[int32]).S[1:], v.S)
	case *value.Vec[int16]:
		copy(prev.(*value.Vec[int16]).S[1:], v.S)
	case *value.Vec[byte]:
		copy(prev.(*value.Vec[byte]).S[1:], v.S)
	case *value.Vec[float64]:
		copy(prev.(*value.Vec[float64]).S[1:], v.S)
	case *value.Vec[float32]:
		copy(prev.(*value.Vec[float32]).S[1:], v.S)
	default:
		errType()
	}
	return minusK(x, prev) // same-type difference: timestamps give timespans, dates ints
}

// ratios implements ratios x, each item divided by the one before (the first kept):
// ratios 1 2 6 is 1 2 3f.
func ratios(x value.Value) value.Value {
	if r, ok := uniform(x, ratios); ok {
		return r
	}
	if l, ok := x.(*value.List); ok {
		return priorList(x, l.Items, divide)
	}
	v, ok := aggFloats(x)
	if !ok {
		return x
	}
	r := make([]float64, len(v))
	for i, e := range v {
		if i == 0 {
			r[i] = e
		} else {
			r[i] = e / v[i-1]
		}
	}
	return value.Floats(r)
}

// pairFloats returns two conforming simple vectors (or an atom and a vector) as floats.
func pairFloats(x, y value.Value) (xv, yv []float64, ok bool) {
	xa, xs, xAtom := mathFOK(x)
	ya, ys, yAtom := mathFOK(y)
	if xs == nil && !xAtom || ys == nil && !yAtom || xAtom && yAtom {
		return nil, nil, false
	}
	switch {
	case xAtom:
		xs = make([]float64, len(ys))
		for i := range xs {
			xs[i] = xa
		}
	case yAtom:
		ys = make([]float64, len(xs))
		for i := range ys {
			ys[i] = ya
		}
	}
	if len(xs) != len(ys) {
		errLength()
	}
	return xs, ys, true
}

// mathFOK is mathF that reports non-simple arguments instead of failing.
func mathFOK(x value.Value) (a float64, v []float64, atom bool) {
	t, isAtom := arBasic(x)
	if t == 0 || t == value.TSym || t == value.TGUID {
		return 0, nil, false
	}
	a, v, atom = mathF(x)
	if !isAtom && v == nil {
		v = []float64{}
	}
	return
}

// wavg implements x wavg y, the average of y weighted by x: 2 3 4 wavg 1 2 4 is
// 2.666667; pairs with a null are ignored.
func wavg(x, y value.Value) value.Value {
	if xv, yv, ok := pairFloats(x, y); ok {
		var s, w float64
		for i, a := range xv {
			b := yv[i]
			if a == a && b == b {
				s += a * b
				w += a
			}
		}
		return value.Float(s / w)
	}
	return divide(sum(times(x, y)), sum(x))
}

// wsum implements x wsum y, the weighted sum: 2 3 4 wsum 1 2 4 is 24f.
func wsum(x, y value.Value) value.Value {
	_, xAtom := arBasic(x)
	_, yAtom := arBasic(y)
	if !xAtom && !yAtom {
		if xv, yv, ok := pairFloats(x, y); ok {
			var s float64
			for i, a := range xv {
				if b := yv[i]; a == a && b == b {
					s += a * b
				}
			}
			return value.Float(s)
		}
	}
	return sum(times(x, y))
}

// covOf computes the covariance of the pairs without nulls; sample divides by n-1,
// corr normalises to the correlation.
func covOf(x, y value.Value, sample, corr bool) value.Value {
	xv, yv, ok := pairFloats(x, y)
	if !ok {
		errType()
	}
	var sx, sy float64
	n := 0
	for i, a := range xv {
		if b := yv[i]; a == a && b == b {
			sx += a
			sy += b
			n++
		}
	}
	mx, my := sx/float64(n), sy/float64(n)
	var sxy, sxx, syy float64
	for i, a := range xv {
		if b := yv[i]; a == a && b == b {
			sxy += (a - mx) * (b - my)
			sxx += (a - mx) * (a - mx)
			syy += (b - my) * (b - my)
		}
	}
	switch {
	case corr:
		return value.Float(sxy / math.Sqrt(sxx*syy))
	case sample:
		return value.Float(sxy / float64(n-1))
	}
	return value.Float(sxy / float64(n))
}

// cov implements x cov y: 2 3 5 7 cov 3 3 5 9 is 4.5.
func cov(x, y value.Value) value.Value { return covOf(x, y, false, false) }

// scov implements x scov y, the sample covariance.
func scov(x, y value.Value) value.Value { return covOf(x, y, true, false) }

// cor implements x cor y, the correlation: 29 10 54 cor 1 3 9 is 0.7727746.
func cor(x, y value.Value) value.Value { return covOf(x, y, false, true) }

// winSize reads the window argument of the moving functions: an integer atom, as
// do's count.
func winSize(x value.Value) int { return int(doCount(x)) }

// moving applies f to each window of a general list (the slow path of the m-functions).
func moving(k int, l *value.List, f func(value.Value) value.Value) value.Value {
	if k < 1 {
		k = 1
	}
	r := make([]value.Value, len(l.Items))
	for i := range r {
		lo := i - k + 1
		if lo < 0 {
			lo = 0
		}
		r[i] = f(&value.List{Items: l.Items[lo : i+1]})
	}
	return value.NewList(r)
}

// msum implements x msum y, moving sums with nulls as zero: 3 msum 1 2 3 5 is 1 3 6 10.
func msum(x, y value.Value) value.Value {
	k := winSize(x)
	if r, ok := uniform(y, func(v value.Value) value.Value { return msum(x, v) }); ok {
		return r
	}
	if l, ok := y.(*value.List); ok {
		return moving(k, l, sum)
	}
	t, atom := arBasic(y)
	if t == 0 || atom {
		errType()
	}
	r := aggSumType(t)
	switch r {
	case value.TTimestamp:
		r = value.TTimespan
	case value.TMonth, value.TDate:
		r = value.TInt
	case value.TDatetime:
		r = value.TFloat // sum.md's msum range: an ordinal sums to a number
	}
	if arStore[r] == stF64 || arStore[r] == stF32 {
		_, v := arRaw[float64](arWideF(y, t, r))
		out := make([]float64, len(v))
		var s float64
		for i, e := range v {
			if e == e {
				s += e
			}
			if i >= k && k >= 0 {
				if o := v[i-k]; o == o {
					s -= o
				}
			}
			out[i] = s
		}
		return arNarrowF(value.Floats(out), r)
	}
	_, v := arRaw[int64](arWideI(y, t, r))
	nul := arNullI(r)
	if arStore[t] == stByte {
		nul = math.MinInt64
	}
	out := make([]int64, len(v))
	var s int64
	for i, e := range v {
		if e != nul {
			s += e
		}
		if i >= k && k >= 0 {
			if o := v[i-k]; o != nul {
				s -= o
			}
		}
		out[i] = s
	}
	return arNarrowI(value.Longs(out), r)
}

// mcount implements x mcount y, the moving count of non-null items.
func mcount(x, y value.Value) value.Value {
	k := winSize(x)
	if r, ok := uniform(y, func(v value.Value) value.Value { return mcount(x, v) }); ok {
		return r
	}
	if l, ok := y.(*value.List); ok && atomsVec(l.Items) == nil && len(l.Items) > 0 {
		// a list of vectors counts column by column: 2 mcount (1 2;3 4) is (1 1;2 2)
		c := make([]value.Value, len(l.Items))
		for i, it := range l.Items {
			c[i] = arWideI(not(null(it)), value.TBool, value.TLong)
		}
		return moving(k, &value.List{Items: c}, sum)
	}
	nn := notNull(y)
	out := make([]int64, len(nn))
	var c int64
	for i, e := range nn {
		c += int64(e)
		if i >= k && k >= 0 {
			c -= int64(nn[i-k])
		}
		out[i] = c
	}
	return value.Longs(out)
}

// notNull returns 1 for each non-null item of a simple vector or list.
func notNull(y value.Value) []byte {
	var s []byte
	if l, ok := y.(*value.List); ok {
		s = make([]byte, len(l.Items))
		for i, it := range l.Items {
			s[i] = b2u(!value.IsAtom(it) || !value.IsNull(it))
		}
		return s
	}
	nv, ok := nullK(y).(*value.Vec[byte])
	if !ok {
		errType()
	}
	s = nv.S
	for i := range s {
		s[i] ^= 1
	}
	return s
}

// mavg implements x mavg y, moving means of the non-null items:
// 2 mavg 1 2 3 5 is 1 1.5 2.5 4.
func mavg(x, y value.Value) value.Value {
	r, v, k := movingFloats(x, y, mavg, avg)
	if r != nil {
		return r
	}
	return value.Floats(movingAvgF(v, k))
}

// movingFloats is the common part of mavg and mdev: the result r when self (for
// dicts, tables and lists of atoms) or slow (for other general lists, window by
// window) gives it, else y's items as floats and the window k.
func movingFloats(x, y value.Value, self func(x, y value.Value) value.Value, slow func(value.Value) value.Value) (r value.Value, v []float64, k int) {
	k = winSize(x)
	if r, ok := uniform(y, func(v value.Value) value.Value { return self(x, v) }); ok {
		return r, nil, k
	}
	if l, ok := y.(*value.List); ok {
		if w := atomsVec(l.Items); w != nil {
			return self(x, w), nil, k
		}
		return moving(k, l, slow), nil, k
	}
	v, ok := aggFloats(y)
	if !ok {
		errType()
	}
	return nil, v, k
}

// movingAvgF is the means of the non-null floats in each window of k items ending at
// each item; a negative k is no window (running means, as avgs).
func movingAvgF(v []float64, k int) []float64 {
	out := make([]float64, len(v))
	var s float64
	n := 0
	for i, e := range v {
		if e == e {
			s += e
			n++
		}
		if i >= k && k >= 0 {
			if o := v[i-k]; o == o {
				s -= o
				n--
			}
		}
		out[i] = s / float64(n)
	}
	return out
}

// mdev implements x mdev y, moving standard deviations of the non-null items.
func mdev(x, y value.Value) value.Value {
	r, v, k := movingFloats(x, y, mdev, dev)
	if r != nil {
		return r
	}
	out := make([]float64, len(v))
	var s, q float64
	n := 0
	for i, e := range v {
		if e == e {
			s += e
			q += e * e
			n++
		}
		if i >= k && k >= 0 {
			if o := v[i-k]; o == o {
				s -= o
				q -= o * o
				n--
			}
		}
		m := s / float64(n)
		d := q/float64(n) - m*m
		if d < 0 {
			d = 0
		}
		out[i] = math.Sqrt(d)
	}
	return value.Floats(out)
}

// mExtreme implements mmax and mmin with a monotonic deque: O(n) for any window.
// Nulls are the least values, so mmax skips them and mmin keeps them.
func mExtreme(x, y value.Value, isMax bool) value.Value {
	k := winSize(x)
	self := func(v value.Value) value.Value { return mExtreme(x, v, isMax) }
	if r, ok := uniform(y, self); ok {
		return r
	}
	if l, ok := y.(*value.List); ok {
		f := extremeOp(isMax)
		return moving(k, l, func(w value.Value) value.Value {
			return foldList(w.(*value.List).Items, f, nil)
		})
	}
	t, atom := arBasic(y)
	if t == 0 || atom || t == value.TSym || t == value.TGUID {
		errType()
	}
	if k < 1 {
		k = 1
	}
	if arStore[t] == stF64 || arStore[t] == stF32 {
		_, v := arRaw[float64](arWideF(y, t, t))
		ident := extremeStartF(isMax)
		// better(a, b): a beats b; NaN is the least
		better := func(a, b float64) bool {
			if isMax {
				return a > b || b != b && a == a
			}
			return a < b || a != a && b == b
		}
		return arNarrowF(value.Floats(winExtreme(v, k, ident, better)), t)
	}
	_, v := arRaw[int64](arWideI(y, t, t))
	ident := aggInf(t, isMax)
	better := func(a, b int64) bool {
		if isMax {
			return a > b
		}
		return a < b
	}
	return arNarrowI(value.Longs(winExtreme(v, k, ident, better)), t)
}

// winExtreme returns, for each i, the best of ident and v[i-k+1..i].
func winExtreme[T int64 | float64](v []T, k int, ident T, better func(a, b T) bool) []T {
	out := make([]T, len(v))
	dq := make([]int, 0, min(k, len(v))+1) // indices, their values in decreasing goodness
	for i, e := range v {
		for len(dq) > 0 && !better(v[dq[len(dq)-1]], e) {
			dq = dq[:len(dq)-1]
		}
		dq = append(dq, i)
		if dq[0] <= i-k {
			dq = dq[1:]
		}
		b := v[dq[0]]
		if better(ident, b) {
			b = ident
		}
		out[i] = b
	}
	return out
}

// mmax implements x mmax y: 3 mmax 2 7 1 3 5 is 2 7 7 7 5.
func mmax(x, y value.Value) value.Value { return mExtreme(x, y, true) }

// mmin implements x mmin y: 3 mmin 0N -3 -2 1 is 0N 0N 0N -3.
func mmin(x, y value.Value) value.Value { return mExtreme(x, y, false) }

// ema implements x ema y, the exponential moving average with smoothing x:
// r[0] is y[0], then r[i] is (1-x)*r[i-1] + x*y[i].
func ema(x, y value.Value) value.Value {
	if r, ok := uniform(y, func(v value.Value) value.Value { return ema(x, v) }); ok {
		return r
	}
	v, ok := aggFloats(y)
	if !ok {
		if l, isList := y.(*value.List); isList {
			if !value.IsAtom(x) && value.Len(x) != len(l.Items) {
				errLength()
			}
			r := make([]value.Value, len(l.Items))
			for i, it := range l.Items {
				a := x
				if !value.IsAtom(x) {
					a = value.At(x, i)
				}
				if i == 0 {
					r[i] = it
				} else {
					r[i] = plus(times(minus(value.Float(1), a), r[i-1]), times(a, it))
				}
			}
			return value.NewList(r)
		}
		errType()
	}
	aa, av, aAtom := mathF(x)
	if !aAtom && len(av) != len(v) {
		errLength()
	}
	out := make([]float64, len(v))
	for i, e := range v {
		a := aa
		if !aAtom {
			a = av[i]
		}
		if i == 0 {
			out[i] = e
			continue
		}
		out[i] = (1-a)*out[i-1] + a*e
	}
	return value.Floats(out)
}
