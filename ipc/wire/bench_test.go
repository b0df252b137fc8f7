package wire

import (
	"os"
	"runtime"
	"testing"

	v "github.com/gq-dev/gq/eval/value"
)

const benchN = 1000000

// TestMain runs this package on one thread, as cmd/gq runs, unless -cpu says otherwise.
// It matters for large vectors: with a second thread the garbage collector's mark worker
// interrupts a long copy into fresh memory with preemption signals, which costs a decode
// of 1,000,000 longs 2-3x its one-thread time.
func TestMain(m *testing.M) {
	runtime.GOMAXPROCS(1)
	os.Exit(m.Run())
}

func benchLongs() *v.Vec[int64] {
	s := make([]int64, benchN)
	for i := range s {
		s[i] = int64(i) * 7
	}
	return v.Longs(s)
}

// BenchmarkCopy is the reference: a plain copy of the bytes of 1,000,000 longs.
func BenchmarkCopy(b *testing.B) {
	m, _ := Encode(benchLongs())
	dst := make([]byte, len(m))
	b.SetBytes(int64(len(m)))
	for b.Loop() {
		copy(dst, m)
	}
}

// BenchmarkCopyAlloc is a copy into a fresh buffer, as a decoder must allocate.
func BenchmarkCopyAlloc(b *testing.B) {
	m, _ := Encode(benchLongs())
	b.SetBytes(int64(len(m)))
	for b.Loop() {
		dst := make([]byte, len(m))
		copy(dst, m)
	}
}

func BenchmarkEncodeLongs(b *testing.B) {
	x := benchLongs()
	buf, _ := AppendMessage(nil, Async, x)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		buf, _ = AppendMessage(buf[:0], Async, x)
	}
}

func BenchmarkDecodeLongs(b *testing.B) {
	m, _ := Encode(benchLongs())
	b.SetBytes(int64(len(m)))
	for b.Loop() {
		if _, err := Decode(m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeFloats(b *testing.B) {
	s := make([]float64, benchN)
	for i := range s {
		s[i] = float64(i) / 3
	}
	x := v.Floats(s)
	buf, _ := AppendMessage(nil, Async, x)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		buf, _ = AppendMessage(buf[:0], Async, x)
	}
}

func BenchmarkDecodeSyms(b *testing.B) {
	s := make([]string, benchN)
	for i := range s {
		s[i] = "abcdefg"[:1+i%7]
	}
	m, _ := Encode(v.Syms(s))
	b.SetBytes(int64(len(m)))
	for b.Loop() {
		if _, err := Decode(m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompressLongs(b *testing.B) {
	m, _ := Encode(benchLongs())
	b.SetBytes(int64(len(m)))
	for b.Loop() {
		Compress(m)
	}
}
