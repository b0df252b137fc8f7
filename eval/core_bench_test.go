package eval

import (
	"io"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// BenchmarkLambdaOver times {x+1}/[1000000;0]: a million lambda calls through the
// do-n-times accumulator. The budget is 50 ms per op (50 ns per call).
func BenchmarkLambdaOver(b *testing.B) {
	ip := New(io.Discard, io.Discard)
	f, err := ip.EvalString("{x+1}")
	if err != nil {
		b.Fatal(err)
	}
	over := &value.Derived{Adverb: value.TOver, Fn: f}
	for i := 0; i < b.N; i++ {
		r, err := ip.Apply(over, value.Long(1000000), value.Long(0))
		if err != nil || r != value.Value(value.Long(1000000)) {
			b.Fatal(r, err)
		}
	}
}

// BenchmarkLambdaOverExec is the same through Exec (parse, compile, display).
func BenchmarkLambdaOverExec(b *testing.B) {
	ip := New(io.Discard, io.Discard)
	for i := 0; i < b.N; i++ {
		if _, err := ip.Exec("{x+1}/[1000000;0]"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLambdaOverGoLoop is the reference: a Go closure called 1e6 times on
// boxed values.
func BenchmarkLambdaOverGoLoop(b *testing.B) {
	f := func(x value.Value) value.Value { return value.Long(x.(value.Long) + 1) }
	for i := 0; i < b.N; i++ {
		var x value.Value = value.Long(0)
		for k := 0; k < 1000000; k++ {
			x = f(x)
		}
		if x != value.Value(value.Long(1000000)) {
			b.Fatal(x)
		}
	}
}

// BenchmarkLambdaCallIdentity is the bare cost of a lambda call: {x}/[1000000;0].
func BenchmarkLambdaCallIdentity(b *testing.B) {
	ip := New(io.Discard, io.Discard)
	f, err := ip.EvalString("{x}")
	if err != nil {
		b.Fatal(err)
	}
	over := &value.Derived{Adverb: value.TOver, Fn: f}
	for i := 0; i < b.N; i++ {
		if _, err := ip.Apply(over, value.Long(1000000), value.Long(0)); err != nil {
			b.Fatal(err)
		}
	}
}
