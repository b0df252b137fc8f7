package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// kernelSpecials are the values where a fast form could part from the plain loop:
// zeros of both signs, infinities, NaNs (the q null and another payload), subnormals,
// the extremes, binade edges.
var kernelSpecials = []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 2, math.Nextafter(1, 0), math.Nextafter(2, 3),
	math.Inf(1), math.Inf(-1), math.NaN(), math.Float64frombits(0xfff8000000000001), math.Float64frombits(0x7ff0000000000001),
	math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 1e-310, -1e-310, 0x1p-1022, -0x1p-1022,
	math.MaxFloat64, -math.MaxFloat64, 1e300, -1e-300}

// kernelValue is a random float: mostly ordinary magnitudes of either sign, at times
// a special.
func kernelValue(r *rand.Rand) float64 {
	if r.IntN(8) == 0 {
		return kernelSpecials[r.IntN(len(kernelSpecials))]
	}
	f := math.Ldexp(r.Float64(), r.IntN(40)-20)
	if r.IntN(2) == 0 {
		f = -f
	}
	return f
}

// kernelPartner is y for x: unrelated, or near x by a few ulps, at the NearUlps bound
// of the pattern distance, at the 2^-43 tolerance boundary, or a special.
func kernelPartner(r *rand.Rand, x float64) float64 {
	u := math.Float64bits(x)
	switch r.IntN(6) {
	case 0:
		return math.Float64frombits(u + uint64(r.Int64N(65)-32))
	case 1:
		ks := []int64{NearUlps - 1, NearUlps, NearUlps + 1, -NearUlps - 1, -NearUlps, -NearUlps + 1, 2 * NearUlps, -2 * NearUlps}
		return math.Float64frombits(u + uint64(ks[r.IntN(len(ks))]))
	case 2:
		k := float64(r.IntN(4097) - 2048) // b*(1+k*2^-52): 2^9 ulps is the tolerance
		return math.Float64frombits(math.Float64bits(x*(1+k*0x1p-52)) + uint64(r.Int64N(3)-1))
	case 3:
		return kernelSpecials[r.IntN(len(kernelSpecials))]
	}
	return kernelValue(r)
}

// kernelLengths are the lengths checked: every one to 70 (none to several whole
// vectors and steps of 64, with every tail), and some around the block of 256.
var kernelLengths = func() []int {
	var ns []int
	for n := range 71 {
		ns = append(ns, n)
	}
	return append(ns, 127, 128, 129, 191, 255, 256, 257, 1000)
}()

// kernelOut is an output of n bytes filled with junk, and 8 more that must stay so.
func kernelOut(n int) []byte {
	o := make([]byte, n+8)
	for i := range o {
		o[i] = 0xa5
	}
	return o
}

// kernelDiff is the first index where a and b differ, or -1.
func kernelDiff(a, b []byte) int {
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}

// TestKernelsMatchPlain checks that the kernels in this build (the SIMD forms when
// built with GOEXPERIMENT=simd on a CPU that has them) give bit-for-bit the plain
// loops' bytes and answers, writing every item and nothing past the end.
func TestKernelsMatchPlain(t *testing.T) {
	t.Logf("simd form: %q", Features())
	for _, f := range kernelForms() {
		t.Run("form="+f, func(t *testing.T) {
			defer useForm(f)()
			kernelsMatchPlain(t)
		})
	}
}

func kernelsMatchPlain(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	check := func(what string, n int, got, want []byte, x []float64) {
		t.Helper()
		if i := kernelDiff(got, want); i >= 0 {
			t.Fatalf("%s n=%d: byte %d is %d, plain %d (x=%v)", what, n, i, got[i], want[i], x[min(i, n-1)])
		}
	}
	fars := 0
	for _, n := range kernelLengths {
		for trial := range 24 {
			x, y := make([]float64, n), make([]float64, n)
			// density of near or special pairs: none (all-far blocks), one, many
			p := []int{0, 0, n + 1, 4}[trial%4]
			for i := range x {
				x[i] = kernelValue(r)
				if p == 0 {
					x[i] = r.Float64() - 0.5
				}
				y[i] = r.Float64() - 0.5
				if p > 0 && r.IntN(p) == 0 {
					y[i] = kernelPartner(r, x[i])
					if r.IntN(2) == 0 {
						x[i], y[i] = y[i], x[i]
					}
				}
			}
			for _, less := range []bool{true, false} {
				got, want := kernelOut(n), kernelOut(n)
				gf, wf := FarVV(less, got, x, y), farVVGo(less, want, x, y)
				check("FarVV", n, got, want, x)
				if gf != wf {
					t.Fatalf("FarVV less=%v n=%d: answers %v, plain %v", less, n, gf, wf)
				}
				fars += int(b2u(wf))
			}
			u := kernelValue(r)
			if r.IntN(2) == 0 && n > 0 {
				u = x[r.IntN(n)] // an item equal to the atom
			}
			lo, hi := min(u, kernelValue(r)), u
			if r.IntN(3) == 0 {
				lo, hi = u, math.Nextafter(u, math.Inf(1))
			}
			got, want := kernelOut(n), kernelOut(n)
			GeAtom(got, x, u)
			geGo(want, x, u)
			check("GeAtom", n, got, want, x)
			LeNaNAtom(got, x, u)
			leNaNGo(want, x, u)
			check("LeNaNAtom", n, got, want, x)
			InAtoms(got, x, lo, hi)
			inGo(want, x, lo, hi)
			check("InAtoms", n, got, want, x)
		}
	}
	if fars < len(kernelLengths)*12 {
		t.Fatalf("only %d all-far answers: the test does not reach the exact path", fars)
	}
}

// TestKernelsMatchPlainOnePair puts one pair at every position of all-far slices of
// lengths 1 to 70 around the vector widths and steps: pattern distances either side of the NearUlps bound, a NaN, an
// infinity or a zero on either side, so that each lane and tail item alone decides
// FarVV's answer.
func TestKernelsMatchPlainOnePair(t *testing.T) {
	for _, f := range kernelForms() {
		t.Run("form="+f, func(t *testing.T) {
			defer useForm(f)()
			kernelsMatchPlainOnePair(t)
		})
	}
}

func kernelsMatchPlainOnePair(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	type pair struct{ a, b float64 }
	var pairs []pair
	for _, a := range []float64{0.25, -0.25, 0x1p-1022, 1e-310} {
		u := math.Float64bits(a)
		for _, k := range []int64{NearUlps - 1, NearUlps, NearUlps + 1, -NearUlps - 1, -NearUlps, -NearUlps + 1} {
			pairs = append(pairs, pair{a, math.Float64frombits(u + uint64(k))})
		}
	}
	for _, s := range kernelSpecials {
		pairs = append(pairs, pair{s, 0.125}, pair{0.125, s}, pair{s, s}, pair{s, -s})
	}
	check := func(what string, got, want []byte) {
		t.Helper()
		if i := kernelDiff(got, want); i >= 0 {
			t.Fatalf("%s n=%d: byte %d is %d, plain %d", what, len(got)-8, i, got[i], want[i])
		}
	}
	// one and two vectors with every tail, a step of 32 or 64 and either side
	for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 31, 32, 33, 36, 63, 64, 65, 67, 70} {
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i], y[i] = r.Float64()+1, -r.Float64()-1
		}
		for i := range n {
			for _, p := range pairs {
				x0, y0 := x[i], y[i]
				x[i], y[i] = p.a, p.b
				for _, less := range []bool{true, false} {
					got, want := kernelOut(n), kernelOut(n)
					gf, wf := FarVV(less, got, x, y), farVVGo(less, want, x, y)
					if gf != wf {
						t.Fatalf("FarVV less=%v n=%d pair %v %v at %d: answers %v, plain %v", less, n, p.a, p.b, i, gf, wf)
					}
					check(fmt.Sprintf("FarVV less=%v pair %v %v at %d", less, p.a, p.b, i), got, want)
				}
				x[i], y[i] = x0, y0
			}
		}
	}
}
