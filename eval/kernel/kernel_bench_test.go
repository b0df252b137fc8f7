package kernel

import (
	"math/rand/v2"
	"testing"
)

// benchPair is 1M random pairs in [0,1) (all far, as unrelated data are).
func benchPair() ([]float64, []float64, []byte) {
	r := rand.New(rand.NewPCG(1, 2))
	x, y := make([]float64, 1<<20), make([]float64, 1<<20)
	for i := range x {
		x[i], y[i] = r.Float64(), r.Float64()
	}
	return x, y, make([]byte, len(x))
}

var sink bool

// loopCPU runs f as b.Loop does and reports its CPU ns per op beside the wall time.
func loopCPU(b *testing.B, f func()) {
	t0 := cpuTime()
	for b.Loop() {
		f()
	}
	if t := cpuTime() - t0; t > 0 {
		b.ReportMetric(float64(t.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkFarVV is the kernel over 1M pairs in blocks of 256, as eval's cmpFloat
// calls it, in each SIMD form this CPU has and the plain loop (form=), beside the
// plain Go compare loop r[i]=b2u(x<y) over the same data.
func BenchmarkFarVV(b *testing.B) {
	x, y, o := benchPair()
	for _, f := range kernelForms() {
		b.Run("form="+f, func(b *testing.B) {
			defer useForm(f)()
			loopCPU(b, func() {
				for lo := 0; lo < len(x); lo += 256 {
					sink = FarVV(true, o[lo:lo+256], x[lo:lo+256], y[lo:lo+256])
				}
			})
		})
	}
	b.Run("goloop", func(b *testing.B) {
		loopCPU(b, func() {
			y := y[:len(x)]
			for i, e := range x {
				o[i] = b2u(e < y[i])
			}
		})
	})
}

// BenchmarkGeAtom is the kernel over 1M floats in each form beside the Go loop
// r[i]=b2u(x>=u).
func BenchmarkGeAtom(b *testing.B) {
	x, _, o := benchPair()
	for _, f := range kernelForms() {
		b.Run("form="+f, func(b *testing.B) {
			defer useForm(f)()
			loopCPU(b, func() { GeAtom(o, x, 0.5) })
		})
	}
	b.Run("goloop", func(b *testing.B) {
		loopCPU(b, func() {
			for i, e := range x {
				o[i] = b2u(e >= 0.5)
			}
		})
	})
}
