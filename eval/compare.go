package eval

import (
	"bytes"
	"math"

	"github.com/gq-dev/gq/eval/kernel"
	"github.com/gq-dev/gq/eval/value"
)

// Comparison and logic: = <> < > <= >= (tolerant for floats), not, null, ^ fill,
// fills, & | (lesser/greater, and/or), within, differ.

func eqK(x, y value.Value) value.Value { return cmpK(false, false, x, y) }
func neK(x, y value.Value) value.Value { return cmpK(false, true, x, y) }
func ltK(x, y value.Value) value.Value { return cmpK(true, false, x, y) }
func gtK(x, y value.Value) value.Value { return cmpK(true, false, y, x) }
func leK(x, y value.Value) value.Value { return cmpK(true, true, y, x) }
func geK(x, y value.Value) value.Value { return cmpK(true, true, x, y) }

// eq implements x=y: 2 1 3=1 2 3 is 001b; floats are compared with tolerance.
func eq(x, y value.Value) value.Value { return cmpDicts(x, y, eqK) }

// ne implements x<>y: not x=y.
func ne(x, y value.Value) value.Value { return cmpDicts(x, y, neK) }

// lt implements x<y: 4<42 is 1b; nulls are below everything.
func lt(x, y value.Value) value.Value { return cmpDicts(x, y, ltK) }

// gt implements x>y.
func gt(x, y value.Value) value.Value { return cmpDicts(x, y, gtK) }

// le implements x<=y: not x>y.
func le(x, y value.Value) value.Value { return cmpDicts(x, y, leK) }

// ge implements x>=y: not x<y.
func ge(x, y value.Value) value.Value { return cmpDicts(x, y, geK) }

// withSyms wraps a comparison so that enumerations (`s$`s1`s2) compare as the
// symbols they stand for: sp.s=`s1.
func withSyms(f func(x, y value.Value) value.Value) func(ip *Interp, x, y value.Value) value.Value {
	return func(ip *Interp, x, y value.Value) value.Value {
		if ip != nil {
			x, y = deEnum(ip, x), deEnum(ip, y)
		}
		return f(x, y)
	}
}

// deEnum replaces enumerations in v (at the top, in list items, dict values and
// table columns) by their symbols; v itself when there are none.
func deEnum(ip *Interp, v value.Value) value.Value {
	switch x := v.(type) {
	case *value.EnumVec, value.EnumAtom:
		if s, ok := enumView(ip, v); ok {
			return s
		}
	case *value.List:
		if r := deEnumItems(ip, x.Items); r != nil {
			return value.NewList(r)
		}
	case *value.Dict:
		if d := deEnum(ip, x.V); d != x.V {
			return &value.Dict{K: x.K, V: d}
		}
	case *value.Table:
		if r := deEnumItems(ip, x.Data); r != nil {
			return &value.Table{Cols: x.Cols, Data: r}
		}
	}
	return v
}

// deEnumItems is deEnum of each item, copying items only when one changes; nil when
// none does.
func deEnumItems(ip *Interp, items []value.Value) []value.Value {
	var r []value.Value
	for i, it := range items {
		if d := deEnum(ip, it); d != it {
			if r == nil {
				r = make([]value.Value, len(items))
				copy(r, items)
			}
			r[i] = d
		}
	}
	return r
}

// cmpDicts is atomic2 for comparisons: between two dictionaries a key present in only
// one is compared with a null, (`a`b!0N 1)=`b`c!1 0N is `a`b`c!111b.
func cmpDicts(x, y value.Value, f func(x, y value.Value) value.Value) value.Value {
	if xd, ok := x.(*value.Dict); ok {
		if yd, ok := y.(*value.Dict); ok && !value.IsKeyed(xd) {
			return dictPairWith(xd, yd, f,
				func(v value.Value) value.Value { return atomic2(v, cmpNullOf(v), f) },
				func(v value.Value) value.Value { return atomic2(cmpNullOf(v), v, f) })
		}
	}
	return atomic2(x, y, f)
}

// cmpNullOf returns a null shaped like v: the typed null atom, a vector of nulls, or
// a list of such.
func cmpNullOf(v value.Value) value.Value {
	t, atom := arBasic(v)
	switch {
	case t == 0:
		if l, ok := v.(*value.List); ok {
			r := make([]value.Value, len(l.Items))
			for i, it := range l.Items {
				r[i] = cmpNullOf(it)
			}
			return value.NewList(r)
		}
		return genericNull()
	case atom:
		return value.Null(t)
	}
	n := value.Len(v)
	items := make([]value.Value, n)
	a := value.Null(t)
	for i := range items {
		items[i] = a
	}
	return value.Collect(t, items)
}

// lesser implements x&y and x and y: 2&3 is 2; 1010b and 1100b is 1000b.
func lesser(x, y value.Value) value.Value { return atomic2(x, y, lesserK) }

// greater implements x|y and x or y: 2|3 is 3; "sat"|"cow" is "sow".
func greater(x, y value.Value) value.Value { return atomic2(x, y, greaterK) }

func lesserK(x, y value.Value) value.Value  { return arith(opMin, minTab, x, y) }
func greaterK(x, y value.Value) value.Value { return arith(opMax, minTab, x, y) }

// cmpK compares atoms or simple vectors: x<y when less, else x=y; neg negates.
func cmpK(less, negate bool, x, y value.Value) value.Value {
	tx, xAtom := arBasic(x)
	ty, yAtom := arBasic(y)
	if tx == 0 || ty == 0 {
		errType()
	}
	if !xAtom && !yAtom && value.Len(x) != value.Len(y) {
		errLength()
	}
	var r value.Value
	switch {
	case tx == value.TSym || ty == value.TSym:
		if tx != ty {
			errType()
		}
		r = cmpOrd[string](less, x, y, xAtom, yAtom)
	case tx == value.TGUID || ty == value.TGUID:
		if tx != ty {
			errType()
		}
		r = cmpGUID(less, x, y, xAtom, yAtom)
	case tx == ty || arStore[tx] == arStore[ty] && !arTemporal(tx) && !arTemporal(ty):
		switch arStore[tx] {
		case stI64:
			r = cmpOrd[int64](less, x, y, xAtom, yAtom)
		case stI32:
			r = cmpOrd[int32](less, x, y, xAtom, yAtom)
		case stByte:
			r = cmpOrd[byte](less, x, y, xAtom, yAtom)
		case stI16:
			r = cmpOrd[int16](less, x, y, xAtom, yAtom)
		default:
			r = cmpFloat(less, arWideF(x, tx, value.TFloat), arWideF(y, ty, value.TFloat), xAtom, yAtom)
		}
	case cmpNarrowOK(x, y, tx, ty):
		// an int vector against a long atom in int range: compare in int32, no copy
		r = cmpOrd[int32](less, cmpNarrowAtom(x), cmpNarrowAtom(y), xAtom, yAtom)
	default:
		xw, yw, isF := cmpWiden(x, y, tx, ty)
		if isF {
			r = cmpFloat(less, xw, yw, xAtom, yAtom)
		} else {
			r = cmpOrd[int64](less, xw, yw, xAtom, yAtom)
		}
	}
	if negate {
		return boolNot(r)
	}
	return r
}

// cmpNarrowOK reports whether x and y are an int vector and a non-null long atom
// strictly inside int range, where comparing as int32 gives the widened answer.
func cmpNarrowOK(x, y value.Value, tx, ty value.Type) bool {
	a, ok := y.(value.Long)
	if !ok || tx != value.TInt || ty != value.TLong {
		a, ok = x.(value.Long)
		if !ok || ty != value.TInt || tx != value.TLong {
			return false
		}
	}
	return int64(a) > int64(value.NullInt) && int64(a) <= int64(value.InfInt)
}

// cmpNarrowAtom turns the long atom of cmpNarrowOK into an int atom.
func cmpNarrowAtom(v value.Value) value.Value {
	if a, ok := v.(value.Long); ok {
		return value.Int(int32(a))
	}
	return v
}

// cmpWiden brings two differently typed operands to a common int64 or float64 form.
// Temporals follow kdb+: an ordinal (timestamp, date, month, datetime) against a
// cardinal (timespan, minute, second, time) is first cast to the cardinal; two of a
// kind meet in the finer unit; numbers compare with underlying values.
func cmpWiden(x, y value.Value, tx, ty value.Type) (xw, yw value.Value, isF bool) {
	isF = arStore[tx] == stF64 || arStore[tx] == stF32 || arStore[ty] == stF64 || arStore[ty] == stF32
	if arTemporal(tx) && arTemporal(ty) {
		// pairs with no common type are 'type: a date has no time of day to meet a
		// minute, a month and a datetime do not mix (less-than.md's table, as for &)
		if minTab[tx][ty] == 0 {
			errType()
		}
		ox, oy := cmpOrdinal(tx), cmpOrdinal(ty)
		switch {
		case ox && !oy:
			return cmpTod(x, tx, ty), cmpRawI(y, ty), false
		case oy && !ox:
			return cmpRawI(x, tx), cmpTod(y, ty, tx), false
		}
		t := cmpFiner(tx, ty)
		if isF {
			return arWideF(x, tx, t), arWideF(y, ty, t), true
		}
		return arWideI(x, tx, t), arWideI(y, ty, t), false
	}
	if isF {
		return arWideF(x, tx, value.TFloat), arWideF(y, ty, value.TFloat), true
	}
	return cmpRawI(x, tx), cmpRawI(y, ty), false
}

// cmpRawI widens to int64 with every null at the bottom (0N).
func cmpRawI(x value.Value, t value.Type) value.Value { return arWideI(x, t, value.TLong) }

func cmpOrdinal(t value.Type) bool {
	return t == value.TTimestamp || t == value.TMonth || t == value.TDate || t == value.TDatetime
}

// cmpFiner picks the type of finer unit among two ordinals or two cardinals.
func cmpFiner(a, b value.Type) value.Type {
	rank := func(t value.Type) int {
		switch t {
		case value.TMonth:
			return 0
		case value.TDate:
			return 1
		case value.TDatetime:
			return 2
		case value.TTimestamp:
			return 3
		case value.TMinute:
			return 4
		case value.TSecond:
			return 5
		case value.TTime:
			return 6
		}
		return 7 // timespan
	}
	if rank(a) >= rank(b) {
		return a
	}
	return b
}

// cmpTod casts an ordinal to the time of day in cardinal type c's units, as int64.
func cmpTod(x value.Value, t, c value.Type) value.Value {
	unit := arNs(c)
	tod := func(ns int64) int64 {
		m := ns % value.NsPerDay
		if m < 0 {
			m += value.NsPerDay
		}
		return m / unit
	}
	if t == value.TDatetime {
		a, v := arRaw[float64](x)
		conv := func(f float64) int64 {
			if f != f {
				return value.NullLong
			}
			return tod(int64(math.Round(f * float64(value.NsPerDay))))
		}
		if x.Type() < 0 {
			return value.Long(conv(a))
		}
		r := make([]int64, len(v))
		for i, f := range v {
			r[i] = conv(f)
		}
		return value.Longs(r)
	}
	w := arWideI(x, t, value.TTimestamp)
	if l, ok := w.(value.Long); ok {
		if int64(l) == value.NullLong {
			return l
		}
		return value.Long(tod(int64(l)))
	}
	s := w.(*value.Vec[int64]).S
	r := make([]int64, len(s))
	for i, e := range s {
		if e == value.NullLong {
			r[i] = e
		} else {
			r[i] = tod(e)
		}
	}
	return value.Longs(r)
}

// ordElem is the storage compared exactly (no tolerance).
type ordElem interface {
	~byte | ~int16 | ~int32 | ~int64 | ~string
}

// cmpOrd compares ordered storage exactly: x<y (less) or x=y.
func cmpOrd[T ordElem](less bool, x, y value.Value, xAtom, yAtom bool) value.Value {
	xa, xv := cmpRaw[T](x)
	ya, yv := cmpRaw[T](y)
	switch {
	case xAtom && yAtom:
		if less {
			return value.Bool(xa < ya)
		}
		return value.Bool(xa == ya)
	}
	n := len(xv)
	if xAtom {
		n = len(yv)
	}
	r := make([]byte, n)
	if w := mtChunks(n); w > 1 { // parallel.go
		part := func(v []T, lo, hi int) []T {
			if v == nil {
				return nil // an atom's side
			}
			return v[lo:hi]
		}
		mtRun(n, w, func(_, lo, hi int) {
			cmpOrdTo(less, r[lo:hi], xa, part(xv, lo, hi), ya, part(yv, lo, hi), xAtom, yAtom)
		})
	} else {
		cmpOrdTo(less, r, xa, xv, ya, yv, xAtom, yAtom)
	}
	return value.Bools(r)
}

// cmpOrdTo is cmpOrd of vectors into r.
func cmpOrdTo[T ordElem](less bool, r []byte, xa T, xv []T, ya T, yv []T, xAtom, yAtom bool) {
	switch {
	case xAtom:
		yv = yv[:len(r)]
		if less {
			for i, e := range yv {
				r[i] = b2u(xa < e)
			}
		} else {
			for i, e := range yv {
				r[i] = b2u(xa == e)
			}
		}
		return
	case yAtom:
		xv = xv[:len(r)]
		if less {
			for i, e := range xv {
				r[i] = b2u(e < ya)
			}
		} else {
			for i, e := range xv {
				r[i] = b2u(e == ya)
			}
		}
		return
	}
	xv, yv = xv[:len(r)], yv[:len(r)]
	if less {
		for i, e := range xv {
			r[i] = b2u(e < yv[i])
		}
	} else {
		for i, e := range xv {
			r[i] = b2u(e == yv[i])
		}
	}
}

// cmpRaw is arRaw for any ordered storage (symbols included).
func cmpRaw[T ordElem](x value.Value) (a T, v []T) {
	if vv, ok := x.(*value.Vec[T]); ok {
		return a, vv.S
	}
	switch b := any(x).(type) {
	case value.Sym:
		return any(string(b)).(T), nil
	}
	switch any(a).(type) {
	case int64:
		i, _ := arRaw[int64](x)
		return any(i).(T), nil
	case int32:
		i, _ := arRaw[int32](x)
		return any(i).(T), nil
	case int16:
		i, _ := arRaw[int16](x)
		return any(i).(T), nil
	case byte:
		i, _ := arRaw[byte](x)
		return any(i).(T), nil
	}
	return a, nil
}

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// fltLess is x<y for floats: tolerant, NaN below everything. Small enough to inline.
func fltLess(a, b float64) bool {
	if a != a {
		return b == b
	}
	if !(a < b) {
		return false
	}
	m := fltMag(a, b)
	return b-a > m*tolerance || m > math.MaxFloat64 // an infinity is never near
}

// fltMag is max(|a|,|b|) for non-NaN a and b (math.Max spends time on NaN and -0).
func fltMag(a, b float64) float64 {
	m, n := math.Abs(a), math.Abs(b)
	if n > m {
		return n
	}
	return m
}

// fltEq is tolerant x=y for floats (nulls equal each other). Small enough to inline.
func fltEq(a, b float64) bool {
	if a == b {
		return true
	}
	if a != a || b != b {
		return a != a && b != b
	}
	m := fltMag(a, b)
	return math.Abs(a-b) <= m*tolerance && m <= math.MaxFloat64
}

// cmpFloat compares float64 operands with comparison tolerance. Against an atom the
// tolerant test is a plain compare with thresholds found once (fltCut); vector against
// vector compares exactly a block at a time where no pair is near (fltFarVV), else
// runs a branch-free form of fltLess and fltEq on the block (half the items would
// mispredict a branch on random data).
func cmpFloat(less bool, x, y value.Value, xAtom, yAtom bool) value.Value {
	xa, xv := arRaw[float64](x)
	ya, yv := arRaw[float64](y)
	switch {
	case xAtom && yAtom:
		if less {
			return value.Bool(fltLess(xa, ya))
		}
		return value.Bool(fltEq(xa, ya))
	case xAtom, yAtom:
		v, a := xv, ya
		f := fltLessAtom
		switch {
		case xAtom && less:
			v, a, f = yv, xa, fltAtomLess
		case xAtom:
			v, a, f = yv, xa, fltEqAtom
		case !less:
			f = fltEqAtom
		}
		r := make([]byte, len(v))
		if w := mtChunks(len(r)); w > 1 { // parallel.go
			mtRun(len(r), w, func(_, lo, hi int) { f(r[lo:hi], v[lo:hi], a) })
		} else {
			f(r, v, a)
		}
		return value.Bools(r)
	}
	r := make([]byte, len(xv))
	yv = yv[:len(r)]
	if w := mtChunks(len(r)); w > 1 { // chunks of whole blocks (parallel.go)
		mtRun(len(r), w, func(_, lo, hi int) { cmpFloatVV(less, r[lo:hi], xv[lo:hi], yv[lo:hi]) })
		return value.Bools(r)
	}
	cmpFloatVV(less, r, xv, yv)
	return value.Bools(r)
}

// cmpFloatVV is the tolerant x<y (less) or x=y into r, block by block.
func cmpFloatVV(less bool, r []byte, xv, yv []float64) {
	// after a block with a near pair the next skip blocks go straight to the tolerant
	// form (skip doubling up to 64), so data of mostly near pairs costs about what
	// the tolerant form alone does
	skip, wait := 0, 0
	for lo := 0; lo < len(r); lo += fltBlock {
		hi := min(lo+fltBlock, len(r))
		switch {
		case wait > 0:
			wait--
		case fltFarVV(less, r[lo:hi], xv[lo:hi], yv[lo:hi]):
			skip = 0
			continue
		default:
			skip = min(max(2*skip, 1), 64)
			wait = skip
		}
		fltNearVV(less, r[lo:hi], xv[lo:hi], yv[lo:hi])
	}
}

// fltBlock is the run of items the exact pre-test of fltFarVV answers at once.
const fltBlock = 256

// fltNearUlps bounds the integer distance of two floats' bit patterns under which the
// tolerant test is needed (kernel.NearUlps says why).
const fltNearUlps = kernel.NearUlps

// fltFarVV writes exact x<y (less) or x=y into r and reports whether that is the
// tolerant answer for every item: no pair is within fltNearUlps, and no x is a NaN (a
// NaN y makes both answers 0 either way). Most pairs of unrelated data are far apart;
// the test is a running minimum and maximum of integers, about as fast as the
// compare alone, which is bound by memory. kernel.FarVV is the plain loop, or its
// SIMD form in a GOEXPERIMENT=simd build on a CPU with AVX-512 or AVX2.
func fltFarVV(less bool, r []byte, xv, yv []float64) bool { return kernel.FarVV(less, r, xv, yv) }

// fltDist is the pattern distance of a and b shifted so that the near pairs are
// those below 2*fltNearUlps.
func fltDist(a, b float64) uint64 { return kernel.Dist(a, b) }

// fltFar reports whether the least fltDist m and the greatest magnitude pattern
// (shifted left past the sign) n leave no near pair and no NaN.
func fltFar(m, n uint64) bool { return kernel.Far(m, n) }

// fltNearVV is the full branch-free form of fltLess (less) or fltEq for each pair.
func fltNearVV(less bool, r []byte, xv, yv []float64) {
	yv = yv[:len(xv)]
	r = r[:len(xv)]
	if less {
		for i, a := range xv {
			b := yv[i]
			m := fltMagBits(a, b)
			r[i] = b2u(a != a)&b2u(b == b) | b2u(a < b)&(b2u(b-a > math.Float64frombits(m)*tolerance)|b2u(m > fltMaxBits))
		}
	} else {
		for i, a := range xv {
			b := yv[i]
			m := fltMagBits(a, b)
			r[i] = b2u(a == b) | b2u(a != a)&b2u(b != b) | b2u(math.Abs(a-b) <= math.Float64frombits(m)*tolerance)&b2u(m <= fltMaxBits)
		}
	}
}

// fltMagBits is the bits of max(|a|,|b|): for non-negative floats the bit patterns
// are in order, so an integer max (a conditional move) serves; a NaN gives a NaN's
// bits, and the callers' other terms decide then.
func fltMagBits(a, b float64) uint64 {
	return max(math.Float64bits(a)&^(1<<63), math.Float64bits(b)&^(1<<63))
}

const fltMaxBits = 0x7fefffffffffffff // math.MaxFloat64

// fltKey maps a float to an unsigned key in the same order (-0 just below +0).
func fltKey(f float64) uint64 {
	u := math.Float64bits(f)
	if u>>63 != 0 {
		return ^u
	}
	return u | 1<<63
}

// fltUnkey is fltKey's inverse.
func fltUnkey(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// fltCut is the first key in [lo,hi] where p holds, or hi+1: p must be false then
// true over the range. fltLess and fltEq against a fixed non-NaN float are monotone in
// the other operand on each side of it (the tolerance is a power of two, so m*t is
// exact, and near the boundary b-a is exact by Sterbenz), so one cut replaces them.
func fltCut(lo, hi uint64, p func(float64) bool) uint64 {
	for lo <= hi {
		m := lo + (hi-lo)/2
		if p(fltUnkey(m)) {
			if m == 0 {
				return 0
			}
			hi = m - 1
		} else {
			lo = m + 1
		}
	}
	return lo
}

var fltKeyLo, fltKeyHi = fltKey(math.Inf(-1)), fltKey(math.Inf(1))

// The vector-atom compares write into r, zeroed and as long as v.

// fltAtomLess is a<e for each e of v: e >= u, u the least float tolerantly above a.
func fltAtomLess(r []byte, v []float64, a float64) {
	r = r[:len(v)]
	if a != a {
		for i, e := range v {
			r[i] = b2u(e == e)
		}
		return
	}
	k := fltCut(fltKeyLo, fltKeyHi, func(e float64) bool { return fltLess(a, e) })
	if k > fltKeyHi {
		return
	}
	kernel.GeAtom(r, v, fltUnkey(k))
}

// fltLessAtom is e<a for each e of v: e <= u (u the greatest float tolerantly below
// a) or e null.
func fltLessAtom(r []byte, v []float64, a float64) {
	r = r[:len(v)]
	if a != a {
		return
	}
	k := fltCut(fltKeyLo, fltKeyHi, func(e float64) bool { return !fltLess(e, a) })
	if k == fltKeyLo {
		for i, e := range v {
			r[i] = b2u(e != e)
		}
		return
	}
	kernel.LeNaNAtom(r, v, fltUnkey(k-1))
}

// fltEqAtom is e=a for each e of v: lo <= e <= hi, the floats tolerantly equal to a.
func fltEqAtom(r []byte, v []float64, a float64) {
	r = r[:len(v)]
	if a != a {
		for i, e := range v {
			r[i] = b2u(e != e)
		}
		return
	}
	ka := fltKey(a)
	lo := fltUnkey(fltCut(fltKeyLo, ka, func(e float64) bool { return fltEq(e, a) }))
	hi := fltUnkey(fltCut(ka, fltKeyHi, func(e float64) bool { return !fltEq(e, a) }) - 1)
	kernel.InAtoms(r, v, lo, hi)
}

// cmpGUID compares guids bytewise.
func cmpGUID(less bool, x, y value.Value, xAtom, yAtom bool) value.Value {
	get := func(v value.Value, atom bool, i int) [16]byte {
		if atom {
			return [16]byte(v.(value.GUID))
		}
		return v.(*value.Vec[[16]byte]).S[i]
	}
	one := func(a, b [16]byte) bool {
		c := bytes.Compare(a[:], b[:])
		if less {
			return c < 0
		}
		return c == 0
	}
	if xAtom && yAtom {
		return value.Bool(one(get(x, true, 0), get(y, true, 0)))
	}
	n := value.Len(x)
	if xAtom {
		n = value.Len(y)
	}
	r := make([]byte, n)
	for i := range r {
		r[i] = b2u(one(get(x, xAtom, i), get(y, yAtom, i)))
	}
	return value.Bools(r)
}

// boolNot negates a fresh boolean result in place.
func boolNot(r value.Value) value.Value {
	if b, ok := r.(value.Bool); ok {
		return !b
	}
	s := r.(*value.Vec[byte]).S
	for i := range s {
		s[i] ^= 1
	}
	return r
}

// not implements not x (and unary ~): x=0 for numbers, chars and temporals.
func not(x value.Value) value.Value { return atomic1(x, notK) }

func notK(x value.Value) value.Value {
	t, atom := arBasic(x)
	switch arStore[t] {
	case stByte:
		return notT[byte](x, atom)
	case stI16:
		return notT[int16](x, atom)
	case stI32:
		return notT[int32](x, atom)
	case stI64:
		return notT[int64](x, atom)
	case stF32:
		return notT[float32](x, atom)
	case stF64:
		return notT[float64](x, atom)
	}
	errType()
	return nil
}

func notT[T num](x value.Value, atom bool) value.Value {
	a, v := arRaw[T](x)
	if atom {
		return value.Bool(a == 0)
	}
	r := make([]byte, len(v))
	for i, e := range v {
		r[i] = b2u(e == 0)
	}
	return value.Bools(r)
}

// null implements null x: null 0 0n 1 is 010b; ` and " " are null.
func null(x value.Value) value.Value { return atomic1(x, nullK) }

func nullK(x value.Value) value.Value {
	t, atom := arBasic(x)
	if atom || t == 0 {
		if t == 0 {
			return value.Bool(isGenericNull(x))
		}
		return value.Bool(value.IsNull(x))
	}
	var r []byte
	switch v := x.(type) {
	case *value.Vec[byte]:
		r = make([]byte, len(v.S))
		if t == value.TChar {
			for i, e := range v.S {
				r[i] = b2u(e == ' ')
			}
		}
	case *value.Vec[int16]:
		r = nullsEq(v.S, value.NullShort)
	case *value.Vec[int32]:
		r = nullsEq(v.S, value.NullInt)
	case *value.Vec[int64]:
		r = nullsEq(v.S, value.NullLong)
	case *value.Vec[float32]:
		r = make([]byte, len(v.S))
		for i, e := range v.S {
			r[i] = b2u(e != e)
		}
	case *value.Vec[float64]:
		r = make([]byte, len(v.S))
		for i, e := range v.S {
			r[i] = b2u(e != e)
		}
	case *value.Vec[string]:
		r = nullsEq(v.S, "")
	case *value.Vec[[16]byte]:
		r = make([]byte, len(v.S))
		for i, e := range v.S {
			r[i] = b2u(e == [16]byte{})
		}
	default:
		errType()
	}
	return value.Bools(r)
}

func nullsEq[T comparable](s []T, n T) []byte {
	r := make([]byte, len(s))
	for i, e := range s {
		r[i] = b2u(e == n)
	}
	return r
}

// fillv implements x^y, y with nulls replaced by x: 0^1 0N 3 is 1 0 3. With two
// dictionaries, y's nulls and missing keys come from x.
func fillv(x, y value.Value) value.Value { return atomic2(x, y, fillK) }

func fillK(x, y value.Value) value.Value {
	r, tx, ty, xAtom, yAtom, n := arResult(fillTab, x, y)
	switch arStore[r] {
	case stSym:
		return fillCmp[string](x, y, xAtom, yAtom, n, "", value.TSym)
	case stGUID:
		return fillCmp[[16]byte](x, y, xAtom, yAtom, n, [16]byte{}, value.TGUID)
	case stF64, stF32:
		xw := arWideF(x, tx, r)
		yw := arWideF(y, ty, r)
		xa, xv := arRaw[float64](xw)
		ya, yv := arRaw[float64](yw)
		if yAtom && xAtom {
			if ya != ya {
				ya = xa
			}
			return arNarrowF(value.Float(ya), r)
		}
		out := make([]float64, n)
		for i := range out {
			e := ya
			if !yAtom {
				e = yv[i]
			}
			if e != e {
				if xAtom {
					e = xa
				} else {
					e = xv[i]
				}
			}
			out[i] = e
		}
		return arNarrowF(value.Floats(out), r)
	}
	if r == value.TChar {
		return fillCmp[byte](arNarrowI(arWideI(x, tx, r), r), arNarrowI(arWideI(y, ty, r), r), xAtom, yAtom, n, ' ', r)
	}
	nul := arSkipNullI(r)
	xa, xv := arRaw[int64](arWideI(x, tx, r))
	ya, yv := arRaw[int64](arWideI(y, ty, r))
	if yAtom && xAtom {
		if ya == nul {
			ya = xa
		}
		return arBox(r, ya)
	}
	out := make([]int64, n)
	for i := range out {
		e := ya
		if !yAtom {
			e = yv[i]
		}
		if e == nul {
			if xAtom {
				e = xa
			} else {
				e = xv[i]
			}
		}
		out[i] = e
	}
	return arNarrowI(value.Longs(out), r)
}

// fillCmp fills over comparable storage kept as is (symbols, guids, chars).
func fillCmp[T value.Elem](x, y value.Value, xAtom, yAtom bool, n int, nul T, t value.Type) value.Value {
	item := func(v value.Value, atom bool, i int) T {
		if atom {
			switch a := v.(type) {
			case value.Sym:
				return any(string(a)).(T)
			case value.GUID:
				return any([16]byte(a)).(T)
			case value.Char:
				return any(byte(a)).(T)
			}
		}
		return v.(*value.Vec[T]).S[i]
	}
	if yAtom && xAtom {
		if e := item(y, true, 0); e != nul {
			return y
		}
		return x
	}
	out := make([]T, n)
	for i := range out {
		e := item(y, yAtom, i)
		if e == nul {
			e = item(x, xAtom, i)
		}
		out[i] = e
	}
	return &value.Vec[T]{Typ: t, S: out}
}

// fills implements fills x, nulls replaced by the preceding non-null:
// fills 0N 2 0N 3 is 0N 2 2 3.
func fills(x value.Value) value.Value {
	switch v := x.(type) {
	case *value.Dict:
		return &value.Dict{K: v.K, V: fills(v.V)}
	case *value.Table:
		r := make([]value.Value, len(v.Data))
		for i, c := range v.Data {
			r[i] = fills(c)
		}
		return &value.Table{Cols: v.Cols, Data: r}
	case *value.List:
		if len(v.Items) == 0 {
			return x
		}
		r := make([]value.Value, len(v.Items))
		r[0] = v.Items[0]
		for i := 1; i < len(r); i++ {
			r[i] = fillv(r[i-1], v.Items[i])
		}
		return value.NewList(r)
	case *value.Vec[int64]:
		return &value.Vec[int64]{Typ: v.Typ, S: fillsT(v.S, value.NullLong)}
	case *value.Vec[int32]:
		return &value.Vec[int32]{Typ: v.Typ, S: fillsT(v.S, value.NullInt)}
	case *value.Vec[int16]:
		return &value.Vec[int16]{Typ: v.Typ, S: fillsT(v.S, value.NullShort)}
	case *value.Vec[string]:
		return &value.Vec[string]{Typ: v.Typ, S: fillsT(v.S, "")}
	case *value.Vec[[16]byte]:
		return &value.Vec[[16]byte]{Typ: v.Typ, S: fillsT(v.S, [16]byte{})}
	case *value.Vec[byte]:
		if v.Typ == value.TChar {
			return &value.Vec[byte]{Typ: v.Typ, S: fillsT(v.S, ' ')}
		}
		return x
	case *value.Vec[float64]:
		r := make([]float64, len(v.S))
		last := math.NaN()
		for i, e := range v.S {
			if e == e {
				last = e
			}
			r[i] = last
		}
		return &value.Vec[float64]{Typ: v.Typ, S: r}
	case *value.Vec[float32]:
		r := make([]float32, len(v.S))
		last := float32(math.NaN())
		for i, e := range v.S {
			if e == e {
				last = e
			}
			r[i] = last
		}
		return &value.Vec[float32]{Typ: v.Typ, S: r}
	}
	return x
}

func fillsT[T comparable](s []T, nul T) []T {
	r := make([]T, len(s))
	last := nul
	for i, e := range s {
		if e != nul {
			last = e
		}
		r[i] = last
	}
	return r
}

// within implements x within (lo;hi), lo<=x and x<=hi: 1 3 10 within 2 6 is 010b.
func within(x, y value.Value) value.Value {
	if value.IsAtom(y) || value.Len(y) != 2 {
		errLength()
	}
	if _, ok := y.(*value.Dict); ok {
		errType()
	}
	lo, hi := value.At(y, 0), value.At(y, 1)
	return lesser(ge(x, lo), le(x, hi))
}

// differ implements differ x: 1b where an item differs from the one before:
// differ 1 3 3 4 is 1101b.
func differ(x value.Value) value.Value {
	switch v := x.(type) {
	case *value.Vec[byte]:
		return differT(v.S)
	case *value.Vec[int16]:
		return differT(v.S)
	case *value.Vec[int32]:
		return differT(v.S)
	case *value.Vec[int64]:
		return differT(v.S)
	case *value.Vec[string]:
		return differT(v.S)
	case *value.Vec[[16]byte]:
		return differT(v.S)
	case *value.Vec[float32]:
		r := make([]byte, len(v.S))
		for i, e := range v.S {
			r[i] = b2u(i == 0 || !tolEq(float64(e), float64(v.S[i-1])))
		}
		return value.Bools(r)
	case *value.Vec[float64]:
		r := make([]byte, len(v.S))
		for i, e := range v.S {
			r[i] = b2u(i == 0 || !tolEq(e, v.S[i-1])) // tolerant, as =
		}
		return value.Bools(r)
	case *value.List:
		r := make([]byte, len(v.Items))
		for i, e := range v.Items {
			r[i] = b2u(i == 0 || !cmpSame(e, v.Items[i-1]))
		}
		return value.Bools(r)
	case *value.Dict:
		return &value.Dict{K: v.K, V: differ(v.V)}
	}
	if value.IsAtom(x) {
		return value.Bool(true)
	}
	errType()
	return nil
}

func differT[T comparable](s []T) value.Value {
	r := make([]byte, len(s))
	for i, e := range s {
		r[i] = b2u(i == 0 || e != s[i-1])
	}
	return value.Bools(r)
}

// cmpSame is a private structural match (same type, same items) for differ.
func cmpSame(a, b value.Value) bool {
	if a.Type() != b.Type() {
		return false
	}
	switch x := a.(type) {
	case *value.List:
		y := b.(*value.List)
		if len(x.Items) != len(y.Items) {
			return false
		}
		for i := range x.Items {
			if !cmpSame(x.Items[i], y.Items[i]) {
				return false
			}
		}
		return true
	case *value.Dict:
		y := b.(*value.Dict)
		return cmpSame(x.K, y.K) && cmpSame(x.V, y.V)
	case *value.Table:
		y := b.(*value.Table)
		if !cmpSame(x.Cols, y.Cols) || len(x.Data) != len(y.Data) {
			return false
		}
		for i := range x.Data {
			if !cmpSame(x.Data[i], y.Data[i]) {
				return false
			}
		}
		return true
	}
	t, _ := arBasic(a)
	if t == 0 {
		return a == b
	}
	if value.Len(a) != value.Len(b) {
		return false
	}
	if t == value.TSym || t == value.TGUID {
		return boolAll(cmpK(false, false, a, b))
	}
	if arStore[t] == stF64 || arStore[t] == stF32 {
		r := cmpFloat(false, arWideF(a, t, value.TFloat), arWideF(b, t, value.TFloat), a.Type() < 0, b.Type() < 0)
		return boolAll(r)
	}
	return boolAll(cmpK(false, false, a, b))
}

// boolAll reports whether every item of a boolean result is 1b.
func boolAll(r value.Value) bool {
	if b, ok := r.(value.Bool); ok {
		return bool(b)
	}
	for _, e := range r.(*value.Vec[byte]).S {
		if e == 0 {
			return false
		}
	}
	return true
}
