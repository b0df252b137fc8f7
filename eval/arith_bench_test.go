package eval

import (
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// Kernel benchmarks beside plain Go loops doing the same work (the reference allocates
// its result as the kernel must):
//
//	go test -run XXX -bench 'Sum|AddFloat' -benchmem ./eval

const benchN = 10000000

var benchSink value.Value

func benchLongs(n int) *value.Vec[int64] {
	s := make([]int64, n)
	for i := range s {
		s[i] = int64(i)
	}
	return value.Longs(s)
}

func benchFloats(n int, k float64) *value.Vec[float64] {
	s := make([]float64, n)
	for i := range s {
		s[i] = float64(i) * k
	}
	return value.Floats(s)
}

// BenchmarkSumLong is sum til 10000000.
func BenchmarkSumLong(b *testing.B) {
	x := benchLongs(benchN)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchSink = sum(x)
	}
}

// BenchmarkSumLongGoLoop is the reference: a Go loop adding the same slice, skipping
// nulls as sum does.
func BenchmarkSumLongGoLoop(b *testing.B) {
	x := benchLongs(benchN)
	b.ResetTimer()
	var t int64
	for i := 0; i < b.N; i++ {
		t = 0
		for _, e := range x.S {
			if e != value.NullLong {
				t += e
			}
		}
	}
	benchSink = value.Long(t)
}

// BenchmarkSumLongGoLoopPlain is the bare Go loop, with no null test at all.
func BenchmarkSumLongGoLoopPlain(b *testing.B) {
	x := benchLongs(benchN)
	b.ResetTimer()
	var t int64
	for i := 0; i < b.N; i++ {
		t = 0
		for _, e := range x.S {
			t += e
		}
	}
	benchSink = value.Long(t)
}

// BenchmarkAddFloat is a+b on two 1,000,000-item float vectors.
func BenchmarkAddFloat(b *testing.B) { benchFloatOp(b, plus) }

// benchFloatOp times f on two 1,000,000-item float vectors.
func benchFloatOp(b *testing.B, f func(x, y value.Value) value.Value) {
	x, y := benchFloats(1000000, 0.5), benchFloats(1000000, 1.5)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchSink = f(x, y)
	}
}

// BenchmarkAddFloatGoLoop is the reference: allocate and add in a Go loop.
func BenchmarkAddFloatGoLoop(b *testing.B) {
	x, y := benchFloats(1000000, 0.5), benchFloats(1000000, 1.5)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := make([]float64, len(x.S))
		for j := range r {
			r[j] = x.S[j] + y.S[j]
		}
		benchSink = value.Floats(r)
	}
}

// BenchmarkAddLong is a+b on two 1,000,000-item long vectors (nulls propagate).
func BenchmarkAddLong(b *testing.B) {
	x, y := benchLongs(1000000), benchLongs(1000000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchSink = plus(x, y)
	}
}

// BenchmarkAddLongGoLoop is the reference for BenchmarkAddLong, null test included.
func BenchmarkAddLongGoLoop(b *testing.B) {
	x, y := benchLongs(1000000), benchLongs(1000000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := make([]int64, len(x.S))
		for j := range r {
			a, c := x.S[j], y.S[j]
			s := a + c
			if a == value.NullLong || c == value.NullLong {
				s = value.NullLong
			}
			r[j] = s
		}
		benchSink = value.Longs(r)
	}
}

// BenchmarkLessFloat is a<b on two 1,000,000-item float vectors (tolerant).
func BenchmarkLessFloat(b *testing.B) { benchFloatOp(b, lt) }

// BenchmarkAddAtoms is 2+3 on long atoms (the cost of dispatch).
func BenchmarkAddAtoms(b *testing.B) {
	x, y := value.Long(2), value.Long(3)
	for i := 0; i < b.N; i++ {
		benchSink = plus(x, y)
	}
}

// BenchmarkAddIntLong is an int vector plus a long atom (the widening path).
func BenchmarkAddIntLong(b *testing.B) {
	s := make([]int32, 1000000)
	for i := range s {
		s[i] = int32(i)
	}
	x := value.Ints(s)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchSink = plus(x, value.Long(1))
	}
}

// BenchmarkLessFloatGoLoop is the exact (intolerant) comparison in a Go loop, for scale.
func BenchmarkLessFloatGoLoop(b *testing.B) {
	x, y := benchFloats(1000000, 0.5), benchFloats(1000000, 1.5)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := make([]byte, len(x.S))
		for j := range r {
			if x.S[j] < y.S[j] {
				r[j] = 1
			}
		}
		benchSink = value.Bools(r)
	}
}
