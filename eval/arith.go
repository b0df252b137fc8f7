package eval

import (
	"math"

	"github.com/gq-dev/gq/eval/value"
)

// Arithmetic: + - * % div mod xbar, and the unary neg abs signum reciprocal floor
// ceiling. Every binary operator works the same way: look the result type up in the
// operator's table (the "Range and domains" tables of the KX reference), then either
// run the typed kernel straight over both operands (same type as the result) or widen
// both to int64/float64 in the result's units, run the kernel and narrow back.

// arOp selects the operation a typed kernel performs.
type arOp uint8

const (
	opAdd arOp = iota
	opSub
	opMul
	opMin
	opMax
)

// num is the numeric storage a kernel loops over.
type num interface {
	~byte | ~int16 | ~int32 | ~int64 | ~float32 | ~float64
}

// Storage classes of the basic types.
const (
	stNone uint8 = iota
	stByte
	stI16
	stI32
	stI64
	stF32
	stF64
	stSym
	stGUID
)

// arStore is the storage class of each basic type, indexed by type number.
var arStore = [20]uint8{0, stByte, stGUID, 0, stByte, stI16, stI32, stI64, stF32, stF64,
	stByte, stSym, stI64, stI32, stI32, stF64, stI64, stI32, stI32, stI32}

// resTab maps a pair of basic types to the result type (0: 'type).
type resTab [20][20]value.Type

const arCols = "bgxhijefcspmdznuvt"

// arTypeOf maps a type letter to its number.
func arTypeOf(c byte) value.Type {
	for i := 1; i < len(value.TypeChars); i++ {
		if value.TypeChars[i] == c {
			return value.Type(i)
		}
	}
	return 0
}

// mkTab builds a result table from rows "x:result letters for y in arCols order".
func mkTab(rows ...string) *resTab {
	t := new(resTab)
	for _, r := range rows {
		x := arTypeOf(r[0])
		for j := 0; j < len(arCols); j++ {
			if c := r[2+j]; c != '.' {
				t[x][arTypeOf(arCols[j])] = arTypeOf(c)
			}
		}
	}
	return t
}

// The tables, transcribed from add.md, subtract.md, multiply.md, mod.md, xbar.md and
// lesser.md. Add refuses ordinal+ordinal (2000.01.01+2000.01.01 is 'type), which the
// reference table copies from subtract, except timestamp+timestamp: a timespan, as
// datatypes.md shows (0p+ -0W 0Wp+1 -1 is -106751D23:47:16.854775806 106751D...).
var (
	addTab = mkTab(
		"b:i.iiijef..pmdznuvt", "x:i.iiijef..pmdznuvt", "h:i.iiijef..pmdznuvt",
		"i:i.iiijef..pmdznuvt", "j:j.jjjjef..pmdznuvt", "e:e.eeeeef..pmdznuvt",
		"f:f.fffffff.ffzzffff", "c:.......f..pmdznuvt",
		"p:p.pppppfp.n...pppp", "m:m.mmmmmfm.....pppp", "d:d.dddddzd.....pppp",
		"z:z.zzzzzzz.....pzzz", "n:n.nnnnnfn.ppppnnnn", "u:u.uuuuufu.pppznuvt",
		"v:v.vvvvvfv.pppznvvt", "t:t.tttttft.pppznttt")
	subTab = mkTab(
		"b:i.iiijefi.pmdznuvt", "x:i.iiijefi.pmdznuvt", "h:i.iiijefi.pmdznuvt",
		"i:i.iiijefi.pmdznuvt", "j:j.jjjjefj.pmdznuvt", "e:e.eeeeefe.pmdznuvt",
		"f:f.fffffff.ffzzffff", "c:.......f..pmdznuvt",
		"p:p.pppppfp.n...pppp", "m:m.mmmmmfm..i..pppp", "d:d.dddddzd...i.pppp",
		"z:z.zzzzzzz....fpzzz", "n:n.nnnnnfn.ppppnnnn", "u:u.uuuuufu.pppznuvt",
		"v:v.vvvvvfv.pppznvvt", "t:t.tttttft.pppznttt")
	mulTab = mkTab(
		"b:i.iiijef..pmdznuvt", "x:i.iiijef..pmdznuvt", "h:i.iiijef..pmdznuvt",
		"i:i.iiijef..pmdznuvt", "j:j.jjjjef..pmdznuvt", "e:e.eeeeef..pmdznuvt",
		"f:f.fffffff.ffzzffff", "c:.......f..pmdznuvt",
		"p:p.pppppfp.........", "m:m.mmmmmfm.........", "d:d.dddddzd.........",
		"z:z.zzzzzzz.........", "n:n.nnnnnfn.........", "u:u.uuuuufu.........",
		"v:v.vvvvvfv.........", "t:t.tttttft.........")
	modTab = mkTab(
		"b:i.iiijef..pmdznuvt", "x:i.iiijef..pmdznuvt", "h:i.iiijef..pmdznuvt",
		"i:i.iiijef..pmdznuvt", "j:j.jjjjef..pmdznuvt", "e:f.fffffff.ffzzffff",
		"f:f.fffffff.ffzzffff", "c:.......f..pmdznuvt",
		"p:n.nnnnnfn.........", "m:i.iiiiifi.........", "d:i.iiiii.i.........",
		"z:f.fffffff.........", "n:n.nnnnnfn.........", "u:u.uuuuufu.........",
		"v:v.vvvvvfv.........", "t:t.tttttft.........")
	xbarTab = mkTab(
		"b:i.iiijffi.pmdznuvt", "x:i.iiijffi.pmdznuvt", "h:i.iiijffi.pmdznuvt",
		"i:i.iiijffi.pmdznuvt", "j:j.jjjjffj.pmdznuvt", "e:e.eeeeffe.pmdznuvt",
		"f:f.fffffff.ffzzffff", "c:......ff..pmdznuvt",
		"p:p.ppppffp.........", "m:m.mmmmffm.........", "d:d.ddddzzd.........",
		"z:z.zzzzzzz.........", "n:j.jjjjffj.pmdznuvt", "u:u.uuuuffu.........",
		"v:v.vvvvffv.........", "t:t.ttttfft.........")
	minTab = mkTab(
		"b:b.xhijefc.pmdznuvt", "x:x.xhijefc.pmdznuvt", "h:h.hhijefc.pmdznuvt",
		"i:i.iiijefc.pmdznuvt", "j:j.jjjjefc.pmdznuvt", "e:e.eeeeefc.pmdznuvt",
		"f:f.ffffffc.pmdznuvt", "c:c.ccccccc.pmdznuvt",
		"p:p.ppppppp.ppppnuvt", "m:m.mmmmmmm.pmd.....", "d:d.ddddddd.pddz....",
		"z:z.zzzzzzz.p.zznuvt", "n:n.nnnnnnn.n..nnnnn", "u:u.uuuuuuu.u..unuvt",
		"v:v.vvvvvvv.v..vnvvt", "t:t.ttttttt.t..tnttt")
	// fillTab is minTab plus guid^guid and symbol^symbol.
	fillTab = func() *resTab {
		t := *minTab
		t[value.TGUID][value.TGUID] = value.TGUID
		t[value.TSym][value.TSym] = value.TSym
		return &t
	}()
)

// arBasic returns the basic type of an atom or simple vector, or 0 for anything else
// (general lists, dicts, functions, enumerations).
func arBasic(x value.Value) (value.Type, bool) {
	t := x.Type()
	atom := t < 0
	if atom {
		t = -t
	}
	if t < 1 || t > value.TTime {
		return 0, atom
	}
	return t, atom
}

// arResult looks up the result type for x op y and checks the length rule.
func arResult(tab *resTab, x, y value.Value) (r, tx, ty value.Type, xAtom, yAtom bool, n int) {
	tx, xAtom = arBasic(x)
	ty, yAtom = arBasic(y)
	r = tab[tx][ty]
	if r == 0 {
		errType()
	}
	switch {
	case !xAtom && !yAtom:
		n = value.Len(x)
		if value.Len(y) != n {
			errLength()
		}
	case !xAtom:
		n = value.Len(x)
	case !yAtom:
		n = value.Len(y)
	}
	return
}

// ---- raw access and boxing ----

// arRaw returns x's storage: the atom's value, or the vector's slice. Atoms of any
// numeric type convert to T (callers only mix storage they have checked).
func arRaw[T num](x value.Value) (a T, v []T) {
	if vv, ok := x.(*value.Vec[T]); ok {
		return a, vv.S
	}
	switch b := x.(type) {
	case value.Bool:
		if b {
			a = 1
		}
	case value.Byte:
		a = T(b)
	case value.Char:
		a = T(b)
	case value.Short:
		a = T(b)
	case value.Int:
		a = T(b)
	case value.Month:
		a = T(b)
	case value.Date:
		a = T(b)
	case value.Minute:
		a = T(b)
	case value.Second:
		a = T(b)
	case value.Time:
		a = T(b)
	case value.Long:
		a = T(b)
	case value.Timestamp:
		a = T(b)
	case value.Timespan:
		a = T(b)
	case value.Real:
		a = T(b)
	case value.Float:
		a = T(b)
	case value.Datetime:
		a = T(b)
	}
	return a, nil
}

// arBox makes the atom of type t holding a.
func arBox[T num](t value.Type, a T) value.Value {
	switch t {
	case value.TBool:
		return value.Bool(a != 0)
	case value.TByte:
		return value.Byte(a)
	case value.TChar:
		return value.Char(a)
	case value.TShort:
		return value.Short(a)
	case value.TInt, value.TMonth, value.TDate, value.TMinute, value.TSecond, value.TTime:
		return value.Atom32(t, int32(a))
	case value.TLong, value.TTimestamp, value.TTimespan:
		return value.Atom64(t, int64(a))
	case value.TReal:
		return value.Real(a)
	}
	return value.AtomF(t, float64(a))
}

// arVec wraps s as a vector of type t (s must be t's storage).
func arVec[T num](t value.Type, s []T) value.Value { return &value.Vec[T]{Typ: t, S: s} }

// ---- typed kernels ----

// Integer + - * propagate nulls (sum (1 2;0N 4) is 0N 6); overflow wraps as in C
// (9223372036854775806+4 is -9223372036854775806). nul is the null of the storage,
// chk says whether the storage has one (floats carry NaN by themselves).

// arVV applies op item by item.
func arVV[T num](op arOp, x, y []T, nul T, chk bool) []T {
	r := make([]T, len(x))
	arVVSplit(op, r, x, y, nul, chk)
	return r
}

// arVVSplit is arVVTo across the secondaries where mtChunks allows (the closure is
// made only then: a small vector's op allocates nothing more).
func arVVSplit[T num](op arOp, r, x, y []T, nul T, chk bool) {
	if w := mtChunks(len(r)); w > 1 {
		mtRun(len(r), w, func(_, lo, hi int) { arVVTo(op, r[lo:hi], x[lo:hi], y[lo:hi], nul, chk) })
		return
	}
	arVVTo(op, r, x, y, nul, chk)
}

// arVVTo is arVV into r.
func arVVTo[T num](op arOp, r, x, y []T, nul T, chk bool) []T {
	y = y[:len(r)]
	x = x[:len(r)]
	switch op {
	case opAdd:
		if chk {
			for i := range r {
				a, b := x[i], y[i]
				c := a + b
				if a == nul || b == nul {
					c = nul
				}
				r[i] = c
			}
			break
		}
		for i := range r {
			r[i] = x[i] + y[i]
		}
	case opSub:
		if chk {
			for i := range r {
				a, b := x[i], y[i]
				c := a - b
				if a == nul || b == nul {
					c = nul
				}
				r[i] = c
			}
			break
		}
		for i := range r {
			r[i] = x[i] - y[i]
		}
	case opMul:
		if chk {
			for i := range r {
				a, b := x[i], y[i]
				c := a * b
				if a == nul || b == nul {
					c = nul
				}
				r[i] = c
			}
			break
		}
		for i := range r {
			r[i] = x[i] * y[i]
		}
	case opMin:
		for i := range r {
			a, b := x[i], y[i]
			if b < a || b != b { // a null (NaN) is the least value
				a = b
			}
			r[i] = a
		}
	case opMax:
		for i := range r {
			a, b := x[i], y[i]
			if b > a || a != a {
				a = b
			}
			r[i] = a
		}
	}
	return r
}

// arVA applies op between each item of x and the atom y.
func arVA[T num](op arOp, x []T, y T, nul T, chk bool) []T {
	r := make([]T, len(x))
	if w := mtChunks(len(r)); w > 1 {
		mtRun(len(r), w, func(_, lo, hi int) { arVATo(op, r[lo:hi], x[lo:hi], y, nul, chk) })
		return r
	}
	return arVATo(op, r, x, y, nul, chk)
}

// arVATo is arVA into r.
func arVATo[T num](op arOp, r, x []T, y T, nul T, chk bool) []T {
	x = x[:len(r)]
	if chk && y == nul && op <= opMul {
		for i := range r {
			r[i] = nul
		}
		return r
	}
	switch op {
	case opAdd:
		if chk {
			for i := range r {
				a := x[i]
				c := a + y
				if a == nul {
					c = nul
				}
				r[i] = c
			}
			break
		}
		for i := range r {
			r[i] = x[i] + y
		}
	case opSub:
		if chk {
			for i := range r {
				a := x[i]
				c := a - y
				if a == nul {
					c = nul
				}
				r[i] = c
			}
			break
		}
		for i := range r {
			r[i] = x[i] - y
		}
	case opMul:
		if chk {
			for i := range r {
				a := x[i]
				c := a * y
				if a == nul {
					c = nul
				}
				r[i] = c
			}
			break
		}
		for i := range r {
			r[i] = x[i] * y
		}
	case opMin:
		for i := range r {
			a := x[i]
			if y < a || y != y {
				a = y
			}
			r[i] = a
		}
	case opMax:
		for i := range r {
			a := x[i]
			if y > a || a != a {
				a = y
			}
			r[i] = a
		}
	}
	return r
}

// arAV applies op between the atom x and each item of y.
func arAV[T num](op arOp, x T, y []T, nul T, chk bool) []T {
	if op != opSub { // the others commute, nulls included
		return arVA(op, y, x, nul, chk)
	}
	r := make([]T, len(y))
	if w := mtChunks(len(r)); w > 1 {
		mtRun(len(r), w, func(_, lo, hi int) { arSubAV(r[lo:hi], x, y[lo:hi], nul, chk) })
		return r
	}
	return arSubAV(r, x, y, nul, chk)
}

// arSubAV is x-y for the atom x into r.
func arSubAV[T num](r []T, x T, y []T, nul T, chk bool) []T {
	y = y[:len(r)]
	for i := range r {
		b := y[i]
		c := x - b
		if chk && (x == nul || b == nul) {
			c = nul
		}
		r[i] = c
	}
	return r
}

// arAA applies op to two atoms.
func arAA[T num](op arOp, a, b T, nul T, chk bool) T {
	if chk && op <= opMul && (a == nul || b == nul) {
		return nul
	}
	switch op {
	case opAdd:
		return a + b
	case opSub:
		return a - b
	case opMul:
		return a * b
	case opMin:
		if b < a || b != b {
			return b
		}
		return a
	}
	if b > a || a != a {
		return b
	}
	return a
}

// arSame runs op when both operands already have the result's storage T; nul is the
// null of the result type in that storage (any value when chk is false).
func arSame[T num](op arOp, r value.Type, x, y value.Value, xAtom, yAtom bool, nul int64, chk bool) value.Value {
	xa, xv := arRaw[T](x)
	ya, yv := arRaw[T](y)
	n := T(nul)
	switch {
	case xAtom && yAtom:
		return arBox(r, arAA(op, xa, ya, n, chk))
	case xAtom:
		return arVec(r, arAV(op, xa, yv, n, chk))
	case yAtom:
		return arVec(r, arVA(op, xv, ya, n, chk))
	}
	return arVec(r, arVV(op, xv, yv, n, chk))
}

// arDispatch runs op over x and y, both of the storage of type s, choosing the kernel
// by storage; r is the type of the result, whose null the integer kernels keep.
func arDispatch(op arOp, s, r value.Type, x, y value.Value, xAtom, yAtom bool) value.Value {
	nul := arNullI(r)
	chk := nul != 0
	switch arStore[s] {
	case stI64:
		return arSame[int64](op, s, x, y, xAtom, yAtom, nul, chk)
	case stF64:
		return arSame[float64](op, s, x, y, xAtom, yAtom, 0, false)
	case stI32:
		return arSame[int32](op, s, x, y, xAtom, yAtom, nul, chk)
	case stF32:
		return arSame[float32](op, s, x, y, xAtom, yAtom, 0, false)
	case stI16:
		return arSame[int16](op, s, x, y, xAtom, yAtom, nul, chk)
	case stByte:
		return arSame[byte](op, s, x, y, xAtom, yAtom, 0, false)
	}
	errType()
	return nil
}

// arith is the kernel of + - * & | on atoms and simple vectors.
func arith(op arOp, tab *resTab, x, y value.Value) value.Value {
	// the commonest atom pairs skip the tables
	switch a := x.(type) {
	case value.Long:
		if b, ok := y.(value.Long); ok {
			return value.Long(arAA(op, int64(a), int64(b), value.NullLong, true))
		}
	case value.Float:
		if b, ok := y.(value.Float); ok {
			return value.Float(arAA(op, float64(a), float64(b), 0, false))
		}
	}
	r, tx, ty, xAtom, yAtom, _ := arResult(tab, x, y)
	if tx == r && ty == r {
		return arDispatch(op, r, r, x, y, xAtom, yAtom)
	}
	if arStore[r] == stI32 && op <= opMul {
		// an int32 vector (int, date, month, minute ...) with an integer atom: run in
		// int32, since q's wrap-around makes truncating the atom exact (date+1)
		if !xAtom && yAtom && arStore[tx] == stI32 && arConvOf(tx, r) == arIdentity {
			if a, ok := arAtom32(y, ty); ok {
				return arDispatch(op, r, r, x, a, false, true)
			}
		}
		if xAtom && !yAtom && arStore[ty] == stI32 && arConvOf(ty, r) == arIdentity {
			if a, ok := arAtom32(x, tx); ok {
				return arDispatch(op, r, r, a, y, true, false)
			}
		}
	}
	if arStore[r] == stI64 && op <= opMul {
		// an int32 vector with a 64-bit atom (1 2 3i+1): widen while adding, one pass
		if xv, ok := x.(*value.Vec[int32]); ok && yAtom && arConvOf(tx, r) == arIdentity {
			a := int64(arWideI(y, ty, r).(value.Long))
			return arVec(r, arFuse32(op, xv.S, a, false, arNullI(r)))
		}
		if yv, ok := y.(*value.Vec[int32]); ok && xAtom && arConvOf(ty, r) == arIdentity {
			a := int64(arWideI(x, tx, r).(value.Long))
			return arVec(r, arFuse32(op, yv.S, a, true, arNullI(r)))
		}
	}
	if arStore[r] == stF64 || arStore[r] == stF32 {
		xw := arWideF(x, tx, r)
		yw := arWideF(y, ty, r)
		return arNarrowF(arDispatch(op, value.TFloat, value.TFloat, xw, yw, xAtom, yAtom), r)
	}
	xw := arWideI(x, tx, r)
	yw := arWideI(y, ty, r)
	return arNarrowI(arDispatch(op, value.TLong, r, xw, yw, xAtom, yAtom), r)
}

// ---- widening between types ----

// arConv describes how a value of one type is expressed in another's units.
type arConv struct {
	mul   int64   // multiply (integer targets)
	fmul  float64 // multiply (float targets)
	month bool    // months to days first
	div   int64   // then divide (time of day to a coarser cardinal)
}

// Units of the temporal types in nanoseconds (0 for types that are not time-based).
func arNs(t value.Type) int64 {
	switch t {
	case value.TTimestamp, value.TTimespan:
		return 1
	case value.TDate, value.TMonth:
		return value.NsPerDay
	case value.TMinute, value.TSecond, value.TTime:
		return nsPer(t)
	}
	return 0
}

func arTemporal(t value.Type) bool { return t >= value.TTimestamp && t <= value.TTime }

// arConvOf gives the conversion of type from into the units of type to. Numbers are
// unitless; a temporal into a number keeps its underlying value.
func arConvOf(from, to value.Type) arConv {
	c := arConv{mul: 1, fmul: 1, div: 1}
	if from == to || !arTemporal(from) || !arTemporal(to) {
		return c
	}
	c.month = from == value.TMonth && to != value.TMonth
	switch {
	case to == value.TMonth:
		return c
	case to == value.TDatetime:
		c.fmul = float64(arNs(from)) / float64(value.NsPerDay)
		return c
	case from == value.TDatetime:
		c.fmul = float64(value.NsPerDay) / float64(arNs(to))
		c.mul = value.NsPerDay / arNs(to)
		return c
	}
	fn, tn := arNs(from), arNs(to)
	if fn >= tn {
		c.mul = fn / tn
		c.fmul = float64(c.mul)
	} else {
		c.div = tn / fn
		c.fmul = 1 / float64(c.div)
	}
	return c
}

// arFuse32 applies op between each item of s, widened to int64 (0Ni to nul), and the
// atom a (on the left when swap); nulls propagate.
func arFuse32(op arOp, s []int32, a int64, swap bool, nul int64) []int64 {
	r := make([]int64, len(s))
	if a == nul {
		for i := range r {
			r[i] = nul
		}
		return r
	}
	for i, e := range s {
		if e == value.NullInt {
			r[i] = nul
			continue
		}
		w := int64(e)
		switch {
		case op == opAdd:
			r[i] = w + a
		case op == opMul:
			r[i] = w * a
		case swap:
			r[i] = a - w
		default:
			r[i] = w - a
		}
	}
	return r
}

// arIdentity is the conversion that changes nothing.
var arIdentity = arConv{mul: 1, fmul: 1, div: 1}

// arAtom32 returns an integer atom (boolean, byte, short, int, long) of type t as an
// int atom: its null becomes 0Ni; values outside int range are refused.
func arAtom32(a value.Value, t value.Type) (value.Value, bool) {
	switch t {
	case value.TBool, value.TByte, value.TShort, value.TInt, value.TLong:
	default:
		return nil, false
	}
	if t != value.TBool && t != value.TByte && value.IsNull(a) {
		return value.Int(value.NullInt), true
	}
	e, _ := arRaw[int64](a)
	if e <= int64(value.NullInt) || e > int64(value.InfInt) {
		return nil, false
	}
	return value.Int(int32(e)), true
}

// arMonthDays converts a month count since 2000.01 to its first day's day number.
func arMonthDays(m int64) int64 {
	y := 2000 + floorDiv64(m, 12)
	return value.YMDToDays(y, m-(y-2000)*12+1, 1)
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// arNullI is the null of integer type t as int64.
func arNullI(t value.Type) int64 {
	switch arStore[t] {
	case stI16:
		return int64(value.NullShort)
	case stI32:
		return int64(value.NullInt)
	case stI64:
		return value.NullLong
	}
	return 0
}

// arSkipNullI is arNullI for code that skips nulls: booleans and bytes have none, so
// it is -1, which their widened items never are.
func arSkipNullI(t value.Type) int64 {
	if arStore[t] == stByte {
		return -1
	}
	return arNullI(t)
}

func (c arConv) applyI(e int64) int64 {
	if c.month {
		e = arMonthDays(e)
	}
	return e * c.mul / c.div
}

// arWideI converts x (atom or vector of type from) to int64 storage in the units of
// type to; from's nulls become to's null (as int64), so narrowing back keeps them.
func arWideI(x value.Value, from, to value.Type) value.Value {
	c := arConvOf(from, to)
	plain := !c.month && c.mul == 1 && c.div == 1
	nul := arNullI(to)
	if x.Type() < 0 {
		return value.Long(arWideI1(x, from, c, nul))
	}
	var r []int64
	switch v := x.(type) {
	case *value.Vec[int64]:
		if plain && nul == value.NullLong {
			return value.Longs(v.S)
		}
		r = make([]int64, len(v.S))
		for i, e := range v.S {
			if e == value.NullLong {
				r[i] = nul
			} else {
				r[i] = c.applyI(e)
			}
		}
	case *value.Vec[int32]:
		r = make([]int64, len(v.S))
		if plain {
			for i, e := range v.S {
				r[i] = int64(e)
				if e == value.NullInt {
					r[i] = nul
				}
			}
			break
		}
		for i, e := range v.S {
			if e == value.NullInt {
				r[i] = nul
			} else {
				r[i] = c.applyI(int64(e))
			}
		}
	case *value.Vec[int16]:
		r = make([]int64, len(v.S))
		for i, e := range v.S {
			r[i] = int64(e)
			if e == value.NullShort {
				r[i] = nul
			}
		}
	case *value.Vec[byte]:
		r = make([]int64, len(v.S))
		for i, e := range v.S {
			r[i] = int64(e)
		}
	case *value.Vec[float64]:
		r = make([]int64, len(v.S))
		for i, e := range v.S {
			r[i] = arF2I(e*c.fmul, nul)
		}
	case *value.Vec[float32]:
		r = make([]int64, len(v.S))
		for i, e := range v.S {
			r[i] = arF2I(float64(e)*c.fmul, nul)
		}
	default:
		errType()
	}
	return value.Longs(r)
}

// arWideI1 is arWideI for one atom.
func arWideI1(x value.Value, from value.Type, c arConv, nul int64) int64 {
	switch arStore[from] {
	case stF64, stF32:
		f, _ := arRaw[float64](x)
		return arF2I(f*c.fmul, nul)
	}
	e, _ := arRaw[int64](x)
	if from != value.TBool && from != value.TByte && from != value.TChar && value.IsNull(x) {
		return nul
	}
	return c.applyI(e)
}

// arF2I rounds a float to an integer, NaN to nul.
func arF2I(f float64, nul int64) int64 {
	if f != f {
		return nul
	}
	return int64(math.Round(f))
}

// arWideF converts x to float64 storage in the units of type to; nulls become NaN.
func arWideF(x value.Value, from, to value.Type) value.Value {
	c := arConvOf(from, to)
	if x.Type() < 0 {
		return value.Float(arWideF1(x, from, c))
	}
	var r []float64
	switch v := x.(type) {
	case *value.Vec[float64]:
		if c.fmul == 1 {
			return value.Floats(v.S)
		}
		r = make([]float64, len(v.S))
		for i, e := range v.S {
			r[i] = e * c.fmul
		}
	case *value.Vec[float32]:
		r = make([]float64, len(v.S))
		for i, e := range v.S {
			r[i] = float64(e)
		}
	case *value.Vec[int64]:
		r = make([]float64, len(v.S))
		for i, e := range v.S {
			if e == value.NullLong {
				r[i] = math.NaN()
			} else {
				r[i] = float64(e) * c.fmul
			}
		}
	case *value.Vec[int32]:
		r = make([]float64, len(v.S))
		for i, e := range v.S {
			switch {
			case e == value.NullInt:
				r[i] = math.NaN()
			case c.month:
				r[i] = float64(arMonthDays(int64(e))) * c.fmul
			default:
				r[i] = float64(e) * c.fmul
			}
		}
	case *value.Vec[int16]:
		r = make([]float64, len(v.S))
		for i, e := range v.S {
			r[i] = float64(e)
			if e == value.NullShort {
				r[i] = math.NaN()
			}
		}
	case *value.Vec[byte]:
		r = make([]float64, len(v.S))
		for i, e := range v.S {
			r[i] = float64(e)
		}
	default:
		errType()
	}
	return value.Floats(r)
}

// arWideF1 is arWideF for one atom.
func arWideF1(x value.Value, from value.Type, c arConv) float64 {
	switch arStore[from] {
	case stF64, stF32:
		f, _ := arRaw[float64](x)
		return f * c.fmul
	case stByte:
		f, _ := arRaw[float64](x)
		return f
	}
	if value.IsNull(x) {
		return math.NaN()
	}
	e, _ := arRaw[int64](x)
	if c.month {
		e = arMonthDays(e)
	}
	return float64(e) * c.fmul
}

// arNarrowI converts an int64 result (atom or vector) to integer type t by truncation,
// which is q's wrap-around; nulls were already t's null.
func arNarrowI(x value.Value, t value.Type) value.Value {
	if l, ok := x.(value.Long); ok {
		return arBox(t, int64(l))
	}
	s := x.(*value.Vec[int64]).S
	switch arStore[t] {
	case stI64:
		return arVec(t, s)
	case stI32:
		return arVec(t, arConvSlice[int64, int32](s))
	case stI16:
		return arVec(t, arConvSlice[int64, int16](s))
	case stByte:
		return arVec(t, arConvSlice[int64, byte](s))
	case stF64:
		return arVec(t, arConvSlice[int64, float64](s))
	}
	errType()
	return nil
}

// arNarrowF converts a float64 result to float type t (float, real or datetime), or to
// an integer type by rounding (nulls kept).
func arNarrowF(x value.Value, t value.Type) value.Value {
	switch arStore[t] {
	case stF64:
		if f, ok := x.(value.Float); ok {
			return value.AtomF(t, float64(f))
		}
		return arVec(t, x.(*value.Vec[float64]).S)
	case stF32:
		if f, ok := x.(value.Float); ok {
			return value.Real(f)
		}
		return arVec(t, arConvSlice[float64, float32](x.(*value.Vec[float64]).S))
	}
	nul := arNullI(t)
	if f, ok := x.(value.Float); ok {
		return arBox(t, arF2I(float64(f), nul))
	}
	s := x.(*value.Vec[float64]).S
	r := make([]int64, len(s))
	for i, f := range s {
		r[i] = arF2I(f, nul)
	}
	return arNarrowI(value.Longs(r), t)
}

// arConvSlice converts a slice element by element (Go conversion semantics).
func arConvSlice[F, T num](s []F) []T {
	r := make([]T, len(s))
	s = s[:len(r)]
	for i := range r {
		r[i] = T(s[i])
	}
	return r
}

// ---- the binary primitives ----

func plusK(x, y value.Value) value.Value  { return arith(opAdd, addTab, x, y) }
func minusK(x, y value.Value) value.Value { return arith(opSub, subTab, x, y) }
func timesK(x, y value.Value) value.Value { return arith(opMul, mulTab, x, y) }

// plus implements x+y: 2+3 4 5 is 5 6 7; 2000.01.01+1 is 2000.01.02.
func plus(x, y value.Value) value.Value { return atomic2(x, y, plusK) }

// minus implements x-y: 3 4 5-2 is 1 2 3; 2000.01.02-2000.01.01 is 1i.
func minus(x, y value.Value) value.Value {
	if xd, ok := x.(*value.Dict); ok {
		if yd, ok := y.(*value.Dict); ok && !value.IsKeyed(xd) {
			return dictPairWith(xd, yd, minusK, nil, neg) // as x+neg y
		}
	}
	return atomic2(x, y, minusK)
}

// times implements x*y: 3 4 5*2.2 is 6.6 8.8 11.
func times(x, y value.Value) value.Value { return atomic2(x, y, timesK) }

// divide implements x%y, always a float: 2%3 is 0.6666667, 1b%0b is 0w.
func divide(x, y value.Value) value.Value { return atomic2(x, y, divideK) }

// arNumPair checks the arguments of % and div: numeric or temporal atoms or
// vectors (no syms or guids) of conforming lengths.
func arNumPair(x, y value.Value) (tx, ty value.Type, xAtom, yAtom bool) {
	tx, xAtom = arBasic(x)
	ty, yAtom = arBasic(y)
	if tx == 0 || ty == 0 || tx == value.TGUID || ty == value.TGUID || tx == value.TSym || ty == value.TSym {
		errType()
	}
	if !xAtom && !yAtom && value.Len(x) != value.Len(y) {
		errLength()
	}
	return
}

func divideK(x, y value.Value) value.Value {
	tx, ty, xAtom, yAtom := arNumPair(x, y)
	xa, xv := arRaw[float64](arWideF(x, tx, value.TFloat))
	ya, yv := arRaw[float64](arWideF(y, ty, value.TFloat))
	switch {
	case xAtom && yAtom:
		return value.Float(xa / ya)
	case xAtom:
		r := make([]float64, len(yv))
		if w := mtChunks(len(r)); w > 1 {
			mtRun(len(r), w, func(_, lo, hi int) { divAV(r[lo:hi], xa, yv[lo:hi]) })
		} else {
			divAV(r, xa, yv)
		}
		return value.Floats(r)
	case yAtom:
		r := make([]float64, len(xv))
		if w := mtChunks(len(r)); w > 1 {
			mtRun(len(r), w, func(_, lo, hi int) { divVA(r[lo:hi], xv[lo:hi], ya) })
		} else {
			divVA(r, xv, ya)
		}
		return value.Floats(r)
	}
	r := make([]float64, len(xv))
	divVVSplit(r, xv, yv)
	return value.Floats(r)
}

// divVVSplit is divVV across the secondaries where mtChunks allows.
func divVVSplit(r, x, y []float64) {
	if w := mtChunks(len(r)); w > 1 {
		mtRun(len(r), w, func(_, lo, hi int) { divVV(r[lo:hi], x[lo:hi], y[lo:hi]) })
		return
	}
	divVV(r, x, y)
}

func divAV(r []float64, a float64, y []float64) {
	y = y[:len(r)]
	for i, e := range y {
		r[i] = a / e
	}
}

func divVA(r, x []float64, a float64) {
	x = x[:len(r)]
	for i, e := range x {
		r[i] = e / a
	}
}

func divVV(r, x, y []float64) {
	x, y = x[:len(r)], y[:len(r)]
	for i, e := range x {
		r[i] = e / y[i]
	}
}

// divFloat is q's floored integer quotient of floats.
func divFloat(a, b float64) float64 { return math.Floor(a / b) }

// modFloat is q's floored remainder of floats: -7 mod 2.5 is 0.5... the sign follows y.
func modFloat(a, b float64) float64 {
	if b == 0 {
		return a
	}
	return a - b*math.Floor(a/b)
}

// divInt is q's floored integer quotient; a null operand or a zero divisor gives nul.
func divInt(a, b, nul int64) int64 {
	if a == nul || b == nul || b == 0 {
		return nul
	}
	return floorDiv64(a, b)
}

// modInt is q's floored remainder: -1 mod 3 is 2, 20 mod -12 is -4.
func modInt(a, b, nul int64) int64 {
	if a == nul || b == nul {
		return nul
	}
	if b == 0 {
		return a
	}
	m := a % b
	if m != 0 && (m < 0) != (b < 0) {
		m += b
	}
	return m
}

// arIntOp2 runs an int64 function over widened operands.
func arIntOp2(x, y value.Value, xAtom, yAtom bool, nul int64, f func(a, b, nul int64) int64) value.Value {
	xa, xv := arRaw[int64](x)
	ya, yv := arRaw[int64](y)
	switch {
	case xAtom && yAtom:
		return value.Long(f(xa, ya, nul))
	case xAtom:
		r := make([]int64, len(yv))
		for i, e := range yv {
			r[i] = f(xa, e, nul)
		}
		return value.Longs(r)
	case yAtom:
		r := make([]int64, len(xv))
		for i, e := range xv {
			r[i] = f(e, ya, nul)
		}
		return value.Longs(r)
	}
	r := make([]int64, len(xv))
	yv = yv[:len(r)]
	for i, e := range xv {
		r[i] = f(e, yv[i], nul)
	}
	return value.Longs(r)
}

// arFloatOp2 runs a float64 function over widened operands.
func arFloatOp2(x, y value.Value, xAtom, yAtom bool, f func(a, b float64) float64) value.Value {
	xa, xv := arRaw[float64](x)
	ya, yv := arRaw[float64](y)
	switch {
	case xAtom && yAtom:
		return value.Float(f(xa, ya))
	case xAtom:
		r := make([]float64, len(yv))
		for i, e := range yv {
			r[i] = f(xa, e)
		}
		return value.Floats(r)
	case yAtom:
		r := make([]float64, len(xv))
		for i, e := range xv {
			r[i] = f(e, ya)
		}
		return value.Floats(r)
	}
	r := make([]float64, len(xv))
	yv = yv[:len(r)]
	for i, e := range xv {
		r[i] = f(e, yv[i])
	}
	return value.Floats(r)
}

// idiv implements x div y: 7 div 2 3 4 is 3 2 1; the result keeps x's type except
// that char, byte, short and bool give int and real gives float.
func idiv(x, y value.Value) value.Value { return atomic2(x, y, idivK) }

func idivK(x, y value.Value) value.Value {
	tx, ty, xAtom, yAtom := arNumPair(x, y)
	r := tx
	switch tx {
	case value.TBool, value.TByte, value.TShort, value.TChar:
		r = value.TInt
	case value.TReal:
		r = value.TFloat
	}
	isF := arStore[tx] == stF64 || arStore[tx] == stF32 || arStore[ty] == stF64 || arStore[ty] == stF32
	return arDivMod(x, y, tx, ty, r, xAtom, yAtom, isF, divFloat, divInt)
}

// mod implements x mod y, the floored remainder: -3 -2 -1 mod 3 is 0 1 2.
func mod(x, y value.Value) value.Value { return atomic2(x, y, modK) }

func modK(x, y value.Value) value.Value {
	r, tx, ty, xAtom, yAtom, _ := arResult(modTab, x, y)
	isF := arStore[r] == stF64 || arStore[r] == stF32
	return arDivMod(x, y, tx, ty, r, xAtom, yAtom, isF, modFloat, modInt)
}

// arDivMod runs div or mod to result type r: in floats (ff) when isF, else in r's
// integer units (fi).
func arDivMod(x, y value.Value, tx, ty, r value.Type, xAtom, yAtom, isF bool,
	ff func(a, b float64) float64, fi func(a, b, nul int64) int64) value.Value {
	if isF {
		xw := arWideF(x, tx, value.TFloat)
		yw := arWideF(y, ty, value.TFloat)
		return arNarrowF(arFloatOp2(xw, yw, xAtom, yAtom, ff), r)
	}
	xw := arWideI(x, tx, r)
	yw := arWideI(y, ty, r)
	return arNarrowI(arIntOp2(xw, yw, xAtom, yAtom, arNullI(r), fi), r)
}

// xbar implements x xbar y, y rounded down to a multiple of x: 3 xbar til 7 is
// 0 0 0 3 3 3 6.
func xbar(x, y value.Value) value.Value { return atomic2(x, y, xbarK) }

func xbarK(x, y value.Value) value.Value {
	r, tx, ty, xAtom, yAtom, _ := arResult(xbarTab, x, y)
	xF := arStore[tx] == stF64 || arStore[tx] == stF32
	yF := arStore[ty] == stF64 || arStore[ty] == stF32
	if xF || yF || arStore[r] == stF64 || arStore[r] == stF32 {
		xw := arWideF(x, tx, arXbarUnit(tx, ty, r))
		yw := arWideF(y, ty, r)
		return arNarrowF(arFloatOp2(xw, yw, xAtom, yAtom, xbarFloat), r)
	}
	xw := arWideI(x, tx, arXbarUnit(tx, ty, r))
	yw := arWideI(y, ty, r)
	return arNarrowI(arIntOp2(yw, xw, yAtom, xAtom, arNullI(r), xbarInt), r)
}

// arXbarUnit is the type whose units x is taken in: a timespan bar on minutes counts
// minutes, a number counts y's units.
func arXbarUnit(tx, ty, r value.Type) value.Type {
	if arTemporal(tx) && arTemporal(ty) {
		return ty
	}
	return r
}

// xbarInt rounds y down to a multiple of x (arguments swapped for arIntOp2).
func xbarInt(y, x, nul int64) int64 {
	if y == nul || x == nul {
		return nul
	}
	if x == 0 {
		return y
	}
	return x * floorDiv64(y, x)
}

func xbarFloat(x, y float64) float64 {
	if x == 0 {
		return y
	}
	q := y / x
	f := math.Floor(q)
	if tolEq(q, f+1) { // 0.1 xbar 0.3 is 0.3, not 0.2
		f++
	}
	return x * f
}

// tolEq is q's tolerant float equality: |a-b| <= 2^-43 * max(|a|,|b|).
func tolEq(a, b float64) bool {
	if a == b {
		return true
	}
	if a != a || b != b {
		return a != a && b != b
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return false
	}
	d := math.Abs(a - b)
	m := math.Max(math.Abs(a), math.Abs(b))
	return d <= m*tolerance
}

// tolerance is kdb+'s comparison tolerance, 2^-43.
const tolerance = 1.0 / (1 << 43)

// ---- unary ----

// arUnaryType maps an argument type to the result type of neg and abs.
func arUnaryType(t value.Type) value.Type {
	switch t {
	case value.TBool, value.TByte, value.TChar:
		return value.TInt
	case value.TGUID, value.TSym:
		errType()
	}
	return t
}

// arUnaryKernels holds a unary kernel per storage class (nil where there is none).
type arUnaryKernels [stGUID + 1]func(r value.Type, x value.Value, atom bool) value.Value

// arUnary applies neg or abs to an atom or simple vector: booleans, bytes and chars
// widen to ints first.
func arUnary(x value.Value, k *arUnaryKernels) value.Value {
	t, atom := arBasic(x)
	if t == 0 {
		errType()
	}
	r := arUnaryType(t)
	if r != t {
		x = arNarrowI(arWideI(x, t, r), r)
	}
	if f := k[arStore[r]]; f != nil {
		return f(r, x, atom)
	}
	errType()
	return nil
}

// neg implements neg x: neg 1 -2 is -1 2; neg 01b is 0 -1i; a null stays null.
func neg(x value.Value) value.Value { return atomic1(x, negK) }

func negK(x value.Value) value.Value { return arUnary(x, &negKernels) }

// negKernels are neg's kernels by storage class.
var negKernels = arUnaryKernels{stI64: arNeg[int64], stI32: arNeg[int32], stI16: arNeg[int16],
	stF64: arNeg[float64], stF32: arNeg[float32]}

func arNeg[T num](r value.Type, x value.Value, atom bool) value.Value {
	a, v := arRaw[T](x)
	if atom {
		return arBox(r, -a)
	}
	s := make([]T, len(v))
	for i, e := range v {
		s[i] = -e
	}
	return arVec(r, s)
}

// absv implements abs x: abs -1 2 is 1 2; nulls stay null.
func absv(x value.Value) value.Value { return atomic1(x, absK) }

func absK(x value.Value) value.Value { return arUnary(x, &absKernels) }

// absKernels are abs's kernels by storage class.
var absKernels = arUnaryKernels{stI64: arAbs[int64], stI32: arAbs[int32], stI16: arAbs[int16],
	stF64: arAbs[float64], stF32: arAbs[float32]}

func arAbs[T num](r value.Type, x value.Value, atom bool) value.Value {
	a, v := arRaw[T](x)
	if atom {
		if a < 0 {
			a = -a
		}
		return arBox(r, a)
	}
	s := make([]T, len(v))
	for i, e := range v {
		if e < 0 {
			e = -e // the integer null negates to itself
		}
		s[i] = e
	}
	return arVec(r, s)
}

// signum implements signum x: -1i for negatives and nulls, 0i for zero, 1i otherwise.
func signum(x value.Value) value.Value { return atomic1(x, signumK) }

func signumK(x value.Value) value.Value {
	t, atom := arBasic(x)
	if t == 0 || t == value.TGUID || t == value.TSym {
		errType()
	}
	switch arStore[t] {
	case stF64, stF32:
		a, v := arRaw[float64](arWideF(x, t, value.TFloat))
		if atom {
			return value.Int(sgnF(a))
		}
		r := make([]int32, len(v))
		for i, e := range v {
			r[i] = sgnF(e)
		}
		return value.Ints(r)
	}
	a, v := arRaw[int64](arWideI(x, t, value.TLong))
	if atom {
		return value.Int(sgnI(a))
	}
	r := make([]int32, len(v))
	for i, e := range v {
		r[i] = sgnI(e)
	}
	return value.Ints(r)
}

func sgnI(e int64) int32 {
	switch {
	case e < 0:
		return -1
	case e > 0:
		return 1
	}
	return 0
}

func sgnF(e float64) int32 {
	switch {
	case e < 0 || e != e:
		return -1
	case e > 0:
		return 1
	}
	return 0
}

// reciprocal implements reciprocal x, 1%x: reciprocal 0 0w 3 is 0w 0 0.3333333.
func reciprocal(x value.Value) value.Value {
	return atomic1(x, func(x value.Value) value.Value { return divideK(value.Float(1), x) })
}

// floorv implements floor x: floor -2.1 0 2.1 is -3 0 2. Reals and floats give long;
// integers keep their type; chars and symbols lower-case; booleans and bytes are
// 'type (floor.md's range).
func floorv(x value.Value) value.Value {
	return atomic1(x, func(x value.Value) value.Value { return arRound(x, math.Floor, false) })
}

// ceilingv implements ceiling x: ceiling -2.1 0 2.1 is -2 0 3. q defines it as
// neg floor neg, so booleans, bytes and chars give int (ceiling 01b is 0 1i) and
// symbols are 'type (ceiling.md's range).
func ceilingv(x value.Value) value.Value {
	return atomic1(x, func(x value.Value) value.Value { return arRound(x, math.Ceil, true) })
}

func arRound(x value.Value, f func(float64) float64, up bool) value.Value {
	t, atom := arBasic(x)
	switch t {
	case value.TFloat, value.TReal:
		a, v := arRaw[float64](arWideF(x, t, value.TFloat))
		if atom {
			return value.Long(arRoundF(f(a)))
		}
		r := make([]int64, len(v))
		for i, e := range v {
			r[i] = arRoundF(f(e))
		}
		return value.Longs(r)
	case value.TShort, value.TInt, value.TLong:
		return x
	}
	if up {
		// ceiling: neg turns booleans, bytes and chars into ints first
		if t == value.TBool || t == value.TByte || t == value.TChar {
			return arNarrowI(arWideI(x, t, value.TInt), value.TInt)
		}
		errType()
	}
	switch t {
	case value.TChar:
		if atom {
			return value.Char(arLower(byte(x.(value.Char))))
		}
		s := x.(*value.Vec[byte]).S
		r := make([]byte, len(s))
		for i, c := range s {
			r[i] = arLower(c)
		}
		return value.Chars(r)
	case value.TSym:
		if atom {
			return value.Sym(arLowerS(string(x.(value.Sym))))
		}
		s := x.(*value.Vec[string]).S
		r := make([]string, len(s))
		for i, c := range s {
			r[i] = arLowerS(c)
		}
		return value.Syms(r)
	}
	errType()
	return nil
}

// arRoundF converts a rounded float to long: NaN is 0N, infinities 0W and -0W.
func arRoundF(f float64) int64 {
	switch {
	case f != f:
		return value.NullLong
	case f >= 9.223372036854775807e18:
		return value.InfLong
	case f <= -9.223372036854775807e18:
		return -value.InfLong
	}
	return int64(f)
}

func arLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

func arLowerS(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = arLower(c)
	}
	return string(b)
}

// ---- temporaries ----

// arithInto is x g y (g one of + - * %) written into whichever operand into names
// (left: x, else y), which must be a temporary of the compiled expression: a vector
// fresh from an arithmetic kernel that nothing else holds. It applies only to two
// long or two float vectors of one length, whose result has their type (not long %);
// nil otherwise, and the caller runs the plain kernel. Every item is computed as
// arVVTo and divVV compute it, reading x[i] and y[i] before writing item i.
func arithInto(g byte, x, y value.Value, left bool) value.Value {
	op := arOp(opAdd)
	switch g {
	case '-':
		op = opSub
	case '*':
		op = opMul
	}
	switch xv := x.(type) {
	case *value.Vec[int64]:
		yv, ok := y.(*value.Vec[int64])
		if !ok || g == '%' || xv.Typ != value.TLong || yv.Typ != value.TLong || len(xv.S) != len(yv.S) {
			return nil
		}
		d := pickInto(xv, yv, left)
		arVVSplit(op, d.S, xv.S, yv.S, value.NullLong, true)
		return d
	case *value.Vec[float64]:
		yv, ok := y.(*value.Vec[float64])
		if !ok || xv.Typ != value.TFloat || yv.Typ != value.TFloat || len(xv.S) != len(yv.S) {
			return nil
		}
		d := pickInto(xv, yv, left)
		if g == '%' {
			divVVSplit(d.S, xv.S, yv.S)
		} else {
			arVVSplit(op, d.S, xv.S, yv.S, 0, false)
		}
		return d
	}
	return nil
}

func pickInto[T value.Elem](x, y *value.Vec[T], left bool) *value.Vec[T] {
	if left {
		return x
	}
	return y
}
