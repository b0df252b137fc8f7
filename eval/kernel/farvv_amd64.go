//go:build amd64 && !goexperiment.simd && !purego

package kernel

import (
	"math"

	"golang.org/x/sys/cpu"
)

// The default build on amd64 runs FarVV's block as AVX2 assembly (farvv_amd64.s)
// when the CPU has it: the far-pair test is the only kernel where the plain Go loop
// stays well above a bare compare (simd/archsimd, the GOEXPERIMENT=simd build, covers
// the rest). The assembly does what farAcc does, four pairs a step.
var avx2asm = cpu.X86.HasAVX2

// FarVV writes exact x<y (less) or x=y into r (len(xv) items; yv and r at least as
// long) and reports whether that is the tolerant answer for every item: no pair
// within NearUlps, no NaN in xv.
func FarVV(less bool, r []byte, xv, yv []float64) bool {
	if !avx2asm {
		return farVVGo(less, r, xv, yv)
	}
	n := len(xv)
	yv, r = yv[:n], r[:n]
	k := n &^ 3
	m := uint64(math.MaxUint64)
	if k > 0 && farVVAVX2(less, &r[0], &xv[0], &yv[0], k/4) {
		m = 0
	}
	return Far(farAcc(less, r[k:], xv[k:], yv[k:], m, 0))
}

// farVVAVX2 is farAcc's loop over blocks of four pairs in assembly: the exact compare
// into r, and whether some pair is near (Dist below 2*NearUlps) or some x a NaN.
//
//go:noescape
func farVVAVX2(less bool, r *byte, x, y *float64, blocks int) (near bool)

// Features names the SIMD form in use ("" for the plain loops).
func Features() string {
	if avx2asm {
		return "avx2 (assembly)"
	}
	return ""
}
