package eval

import (
	"math/rand/v2"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// TestResults checks that results gives what qlist gives for the same items, where
// the typed runs end at every place (a long, float, symbol or dictionary breaking in).
func TestResults(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	d := &value.Dict{K: value.Syms([]string{"a"}), V: value.Longs([]int64{1})}
	kinds := []func() value.Value{
		func() value.Value { return value.Long(r.Int64N(5) - 2) },
		func() value.Value { return value.Float(r.Float64()) },
		func() value.Value { return value.Sym("s") },
		func() value.Value { return d },
		func() value.Value { return value.Longs([]int64{1, 2}) },
	}
	for range 2000 {
		n := r.IntN(6)
		items := make([]value.Value, n)
		first, other := kinds[r.IntN(len(kinds))], kinds[r.IntN(len(kinds))]
		cut := r.IntN(n + 1)
		for i := range items {
			if i < cut {
				items[i] = first()
			} else {
				items[i] = other()
			}
		}
		res := newResults(n)
		for i, v := range items {
			res.put(i, v)
		}
		got, want := res.value(), qlist(append([]value.Value(nil), items...))
		if !match(got, want) || got.Type() != want.Type() {
			t.Fatalf("%v: got %v (type %d), want %v (type %d)", items, got, got.Type(), want, want.Type())
		}
	}
}
