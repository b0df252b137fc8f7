// Package kernel holds the float slice kernels of the tolerant compare that have a
// SIMD form: the plain Go loop of each (other architectures, -tags purego, and the
// fallback); in the default amd64 build, FarVV's block as AVX2 assembly
// (farvv_amd64.s) when the CPU has AVX2; built with GOEXPERIMENT=simd on amd64, every
// kernel as an AVX-512 or an AVX2 form of simd/archsimd chosen at run time by what
// the CPU has. Every form gives bit-for-bit the plain loop's bytes and answers
// (kernel_test.go checks each form the CPU runs; TestSIMDBuild runs that check with
// the experiment on from the default go test). It imports nothing of gq, so that test
// builds it alone.
package kernel

import "math"

// NearUlps bounds the integer distance of two floats' bit patterns under which the
// tolerant test (2^-43) is needed. Two floats of one sign whose patterns are d >= 2^12
// apart differ by at least 2^11 ulps of the larger magnitude M (d steps cross at most
// one binade, where the ulp halves; subnormals keep the smallest normal ulp), while
// M*2^-43 < 2^10 ulps of M, and rounding b-a and M*t keeps that order; floats of
// opposite signs differ by at least M; an infinity compares exactly anyway. So beyond
// this distance tolerant < and = are the exact ones.
const NearUlps = 1 << 12

// Dist is the pattern distance of a and b shifted so that the near pairs are those
// below 2*NearUlps.
func Dist(a, b float64) uint64 {
	return math.Float64bits(a) - math.Float64bits(b) + NearUlps
}

// Far reports whether the least Dist m and the greatest magnitude pattern (shifted
// left past the sign) n leave no near pair and no NaN.
func Far(m, n uint64) bool { return m >= 2*NearUlps && n <= math.Float64bits(math.Inf(1))<<1 }

// farVVGo is FarVV's plain loop: exact x<y (less) or x=y into r, and whether that is
// the tolerant answer for every item (no near pair, no NaN x; a NaN y makes both
// answers 0 either way). The test is a running minimum and maximum of integers, four
// pairs a step.
func farVVGo(less bool, r []byte, xv, yv []float64) bool {
	return Far(farAcc(less, r, xv, yv, math.MaxUint64, 0))
}

// farAcc is farVVGo's loop, from a running minimum m and maximum n.
func farAcc(less bool, r []byte, xv, yv []float64, m, n uint64) (uint64, uint64) {
	yv = yv[:len(xv)]
	r = r[:len(xv)]
	i := 0
	for ; i+4 <= len(xv); i += 4 {
		x, y, o := xv[i:i+4:i+4], yv[i:i+4:i+4], r[i:i+4:i+4]
		a0, a1, a2, a3 := x[0], x[1], x[2], x[3]
		b0, b1, b2, b3 := y[0], y[1], y[2], y[3]
		if less {
			o[0], o[1], o[2], o[3] = b2u(a0 < b0), b2u(a1 < b1), b2u(a2 < b2), b2u(a3 < b3)
		} else {
			o[0], o[1], o[2], o[3] = b2u(a0 == b0), b2u(a1 == b1), b2u(a2 == b2), b2u(a3 == b3)
		}
		m = min(m, Dist(a0, b0), Dist(a1, b1), Dist(a2, b2), Dist(a3, b3))
		n = max(n, math.Float64bits(a0)<<1, math.Float64bits(a1)<<1, math.Float64bits(a2)<<1, math.Float64bits(a3)<<1)
	}
	for ; i < len(xv); i++ {
		a, b := xv[i], yv[i]
		r[i] = b2u(less && a < b || !less && a == b)
		m = min(m, Dist(a, b))
		n = max(n, math.Float64bits(a)<<1)
	}
	return m, n
}

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// geGo is GeAtom's plain loop.
func geGo(r []byte, v []float64, u float64) {
	r = r[:len(v)]
	for i, e := range v {
		r[i] = b2u(e >= u)
	}
}

// leNaNGo is LeNaNAtom's plain loop.
func leNaNGo(r []byte, v []float64, u float64) {
	r = r[:len(v)]
	for i, e := range v {
		r[i] = b2u(e <= u) | b2u(e != e)
	}
}

// inGo is InAtoms's plain loop.
func inGo(r []byte, v []float64, lo, hi float64) {
	r = r[:len(v)]
	for i, e := range v {
		r[i] = b2u(e >= lo) & b2u(e <= hi)
	}
}
