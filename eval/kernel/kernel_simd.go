//go:build goexperiment.simd && amd64

package kernel

import (
	"math"
	"simd/archsimd"
)

// avx512 selects the SIMD forms: archsimd's AVX512 is F+CD+BW+DQ+VL together, which
// the unsigned 64-bit min/max and the byte masks need.
var avx512 = archsimd.X86.AVX512()

// FarVV writes exact x<y (less) or x=y into r (len(xv) items; yv and r at least as
// long) and reports whether that is the tolerant answer for every item: no pair
// within NearUlps, no NaN in xv.
func FarVV(less bool, r []byte, xv, yv []float64) bool {
	if avx512 {
		return farVV512(less, r, xv, yv)
	}
	return farVVGo(less, r, xv, yv)
}

// Features names the SIMD form in use ("" for the plain loops).
func Features() string {
	if avx512 {
		return "avx512"
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
	if avx512 {
		atom512(0, r, v, u, u)
		return
	}
	geGo(r, v, u)
}

// LeNaNAtom sets r[i] to v[i]<=u or v[i] a NaN.
func LeNaNAtom(r []byte, v []float64, u float64) {
	if avx512 {
		atom512(1, r, v, u, u)
		return
	}
	leNaNGo(r, v, u)
}

// InAtoms sets r[i] to lo<=v[i]<=hi.
func InAtoms(r []byte, v []float64, lo, hi float64) {
	if avx512 {
		atom512(2, r, v, lo, hi)
		return
	}
	inGo(r, v, lo, hi)
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
	switch op {
	case 0:
		geGo(r[i:], v[i:], a)
	case 1:
		leNaNGo(r[i:], v[i:], a)
	default:
		inGo(r[i:], v[i:], a, b)
	}
}
