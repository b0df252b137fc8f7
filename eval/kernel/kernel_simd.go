//go:build goexperiment.simd && amd64

package kernel

import (
	"math"
	"simd/archsimd"
)

// avx512 and avx2 select the SIMD forms: archsimd's AVX512 is F+CD+BW+DQ+VL together,
// which the unsigned 64-bit min/max and the byte masks need; without it AVX2 does the
// same with signed compares and a byte shuffle.
var avx512, avx2 = archsimd.X86.AVX512(), archsimd.X86.AVX2()

// FarVV writes exact x<y (less) or x=y into r (len(xv) items; yv and r at least as
// long) and reports whether that is the tolerant answer for every item: no pair
// within NearUlps, no NaN in xv.
func FarVV(less bool, r []byte, xv, yv []float64) bool {
	switch {
	case avx512:
		return farVV512(less, r, xv, yv)
	case avx2:
		return farVV256(less, r, xv, yv)
	}
	return farVVGo(less, r, xv, yv)
}

// Features names the SIMD form in use ("" for the plain loops).
func Features() string {
	switch {
	case avx512:
		return "avx512"
	case avx2:
		return "avx2"
	}
	return ""
}

// farVV512 is farVVGo on eight pairs a vector, 64 a step: the compares' mask bits
// gather into one 64-bit mask that becomes 64 result bytes in one store; the same
// running unsigned min of Dist and max of x's shifted patterns, lane-wise, folded at
// the end; the items after the last whole 64 go through farAcc.
func farVV512(less bool, r []byte, xv, yv []float64) bool {
	n := len(xv)
	yv = yv[:n]
	r = r[:n]
	bias := archsimd.BroadcastUint64x8(NearUlps)
	lo := archsimd.BroadcastUint64x8(math.MaxUint64)
	hi := archsimd.BroadcastUint64x8(0)
	one := archsimd.BroadcastUint8x64(1)
	i := 0
	for ; i+64 <= n; i += 64 {
		var bits uint64
		for j := 0; j < 64; j += 8 {
			x := archsimd.LoadFloat64x8((*[8]float64)(xv[i+j : i+j+8]))
			y := archsimd.LoadFloat64x8((*[8]float64)(yv[i+j : i+j+8]))
			var c archsimd.Mask64x8
			if less {
				c = x.Less(y)
			} else {
				c = x.Equal(y)
			}
			bits |= uint64(c.ToBits()) << j
			xu := x.AsUint64x8()
			lo = lo.Min(xu.Sub(y.AsUint64x8()).Add(bias))
			hi = hi.Max(xu.ShiftAllLeft(1))
		}
		one.Masked(archsimd.Mask8x64FromBits(bits)).Store((*[64]uint8)(r[i : i+64]))
	}
	var ls, hs [8]uint64
	lo.Store(&ls)
	hi.Store(&hs)
	m, h := uint64(math.MaxUint64), uint64(0)
	for k := range ls {
		m, h = min(m, ls[k]), max(h, hs[k])
	}
	return Far(farAcc(less, r[i:], xv[i:], yv[i:], m, h))
}

// GeAtom sets r[i] to v[i]>=u (r at least as long as v).
func GeAtom(r []byte, v []float64, u float64) {
	switch {
	case avx512:
		atom512(0, r, v, u, u)
	case avx2:
		atom256(0, r, v, u, u)
	default:
		geGo(r, v, u)
	}
}

// LeNaNAtom sets r[i] to v[i]<=u or v[i] a NaN.
func LeNaNAtom(r []byte, v []float64, u float64) {
	switch {
	case avx512:
		atom512(1, r, v, u, u)
	case avx2:
		atom256(1, r, v, u, u)
	default:
		leNaNGo(r, v, u)
	}
}

// InAtoms sets r[i] to lo<=v[i]<=hi.
func InAtoms(r []byte, v []float64, lo, hi float64) {
	switch {
	case avx512:
		atom512(2, r, v, lo, hi)
	case avx2:
		atom256(2, r, v, lo, hi)
	default:
		inGo(r, v, lo, hi)
	}
}

// atom512 is the atom kernels eight items a vector, 64 a step, as farVV512: op 0 is
// GeAtom (against a), 1 LeNaNAtom (against a), 2 InAtoms (a and b the bounds); the
// items after the last whole 64 go through the plain loop.
func atom512(op int, r []byte, v []float64, a, b float64) {
	n := len(v)
	r = r[:n]
	av, bv := archsimd.BroadcastFloat64x8(a), archsimd.BroadcastFloat64x8(b)
	one := archsimd.BroadcastUint8x64(1)
	i := 0
	for ; i+64 <= n; i += 64 {
		var bits uint64
		for j := 0; j < 64; j += 8 {
			x := archsimd.LoadFloat64x8((*[8]float64)(v[i+j : i+j+8]))
			var c archsimd.Mask64x8
			switch op {
			case 0:
				c = x.GreaterEqual(av)
			case 1:
				c = x.LessEqual(av).Or(x.IsNaN())
			default:
				c = x.GreaterEqual(av).And(x.LessEqual(bv))
			}
			bits |= uint64(c.ToBits()) << j
		}
		one.Masked(archsimd.Mask8x64FromBits(bits)).Store((*[64]uint8)(r[i : i+64]))
	}
	atomGo(op, r[i:], v[i:], a, b)
}

// farVV256 is farVV512 for AVX2, four pairs a vector, 32 a step. With no unsigned
// 64-bit min it ORs, lane-wise, whether Dist is below 2*NearUlps (a signed compare
// after flipping the sign bits) and whether x is a NaN; the 32 mask bits become 32
// bytes by a byte shuffle and a bit test (bits32).
func farVV256(less bool, r []byte, xv, yv []float64) bool {
	n := len(xv)
	yv = yv[:n]
	r = r[:n]
	bias := archsimd.BroadcastInt64x4(NearUlps + math.MinInt64)
	limit := archsimd.BroadcastInt64x4(2*NearUlps + math.MinInt64)
	bad := archsimd.BroadcastInt64x4(0)
	i := 0
	for ; i+32 <= n; i += 32 {
		var bits uint32
		for j := 0; j < 32; j += 4 {
			x := archsimd.LoadFloat64x4((*[4]float64)(xv[i+j : i+j+4]))
			y := archsimd.LoadFloat64x4((*[4]float64)(yv[i+j : i+j+4]))
			var c archsimd.Mask64x4
			if less {
				c = x.Less(y)
			} else {
				c = x.Equal(y)
			}
			bits |= uint32(c.ToBits()) << j
			d := x.AsInt64x4().Sub(y.AsInt64x4()).Add(bias)
			bad = bad.Or(limit.Greater(d).ToInt64x4()).Or(x.IsNaN().ToInt64x4())
		}
		bits32(r[i:i+32], bits)
	}
	var bs [4]int64
	bad.Store(&bs)
	m := uint64(math.MaxUint64)
	if bs[0]|bs[1]|bs[2]|bs[3] != 0 {
		m = 0
	}
	return Far(farAcc(less, r[i:], xv[i:], yv[i:], m, 0))
}

// bitsel and bitsrc are bits32's constants: byte k of the result tests bit k%8 of
// mask byte k/8.
var (
	bitsel = [32]uint8{1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128}
	bitsrc = [32]int8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3}
)

// bits32 writes the 32 bits of b as 32 bytes 0 or 1 into r (AVX2).
func bits32(r []byte, b uint32) {
	sel := archsimd.LoadUint8x32(&bitsel)
	v := archsimd.BroadcastUint32x8(b).AsUint8x32().PermuteOrZeroGrouped(archsimd.LoadInt8x32(&bitsrc))
	archsimd.BroadcastUint8x32(1).Masked(v.And(sel).Equal(sel)).Store((*[32]uint8)(r[:32]))
}

// atom256 is atom512 for AVX2, four items a vector, 32 a step.
func atom256(op int, r []byte, v []float64, a, b float64) {
	n := len(v)
	r = r[:n]
	av, bv := archsimd.BroadcastFloat64x4(a), archsimd.BroadcastFloat64x4(b)
	i := 0
	for ; i+32 <= n; i += 32 {
		var bits uint32
		for j := 0; j < 32; j += 4 {
			x := archsimd.LoadFloat64x4((*[4]float64)(v[i+j : i+j+4]))
			var c archsimd.Mask64x4
			switch op {
			case 0:
				c = x.GreaterEqual(av)
			case 1:
				c = x.LessEqual(av).Or(x.IsNaN())
			default:
				c = x.GreaterEqual(av).And(x.LessEqual(bv))
			}
			bits |= uint32(c.ToBits()) << j
		}
		bits32(r[i:i+32], bits)
	}
	atomGo(op, r[i:], v[i:], a, b)
}

// atomGo is the plain loop of atom kernel op, for the items after the last whole step.
func atomGo(op int, r []byte, v []float64, a, b float64) {
	switch op {
	case 0:
		geGo(r, v, a)
	case 1:
		leNaNGo(r, v, a)
	default:
		inGo(r, v, a, b)
	}
}
