package eval

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// TestTemporaries checks expressions whose arithmetic writes into its own temporaries
// (intoTemporary, arithInto) against the kernels applied one by one, each into a new
// vector: the same bits, nulls, infinities, NaN and -0 included, and the named
// vectors untouched. Random trees of + - * % over long and float vectors and atoms,
// short and long enough to split across secondaries.
func TestTemporaries(t *testing.T) {
	ip := New(&bytes.Buffer{}, &bytes.Buffer{})
	defer mtThreads.Store(mtThreads.Load())
	r := rand.New(rand.NewPCG(3, 33))
	kernels := map[string]func(x, y value.Value) value.Value{"+": plus, "-": minus, "*": times, "%": divide}
	ops := []string{"+", "-", "*", "%"}
	type node struct {
		op          string
		left, right *node
		leaf        string
	}
	var gen func(depth int) *node
	gen = func(depth int) *node {
		if depth == 0 || r.IntN(5) == 0 {
			return &node{leaf: []string{"b", "c", "d", "b", "c", "2", "0N", "1.5", "0n"}[r.IntN(9)]}
		}
		return &node{op: ops[r.IntN(len(ops))], left: gen(depth - 1), right: gen(depth - 1)}
	}
	var text func(n *node) string
	text = func(n *node) string {
		if n.op == "" {
			return n.leaf
		}
		return "(" + text(n.left) + ")" + n.op + "(" + text(n.right) + ")"
	}
	var ref func(n *node, env map[string]value.Value) value.Value
	ref = func(n *node, env map[string]value.Value) value.Value {
		if n.op == "" {
			if v, ok := env[n.leaf]; ok {
				return v
			}
			return mustEval(t, ip, n.leaf)
		}
		y := ref(n.right, env)
		return kernels[n.op](ref(n.left, env), y)
	}
	vec := func(float bool, n int) value.Value {
		if float {
			s := make([]float64, n)
			for i := range s {
				s[i] = []float64{r.NormFloat64(), 0, math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 1e308}[r.IntN(7)]
			}
			return value.Floats(s)
		}
		s := make([]int64, n)
		for i := range s {
			s[i] = []int64{r.Int64N(100) - 50, value.NullLong, 1<<63 - 1, -(1<<63 - 1), 1 << 40}[r.IntN(5)]
		}
		return value.Longs(s)
	}
	into := 0
	for k := range 400 {
		n := 1 + r.IntN(40)
		threads := int32(0)
		if k%50 == 0 {
			n, threads = 3*mtMinItems+5, 2
		}
		mtThreads.Store(threads)
		env := map[string]value.Value{}
		for _, name := range []string{"b", "c", "d"} {
			env[name] = vec(r.IntN(3) > 0, n)
		}
		if k%2 == 0 { // one type throughout, so every level can reuse
			f := r.IntN(2) == 0
			for _, name := range []string{"b", "c", "d"} {
				env[name] = vec(f, n)
			}
		}
		keep := map[string]any{}
		for name, v := range env {
			keep[name] = bitsOf(v)
		}
		tree := gen(3)
		src := text(tree)
		if !strings.Contains(src, ")") {
			continue
		}
		f := mustEval(t, ip, "{[b;c;d] "+src+"}")
		before := mtRuns.Load()
		got, err := ip.Apply(f, env["b"], env["c"], env["d"])
		want, werr := func() (v value.Value, err error) {
			defer func() {
				if e := recover(); e != nil {
					err = fmt.Errorf("%v", e)
				}
			}()
			return ref(tree, env), nil
		}()
		if (err == nil) != (werr == nil) {
			t.Fatalf("%s: error %v, kernels one by one: %v", src, err, werr)
		}
		if err == nil && !reflect.DeepEqual(bitsOf(got), bitsOf(want)) {
			t.Fatalf("%s (n=%d): got %v, want %v", src, n, got, want)
		}
		for name, v := range env {
			if !reflect.DeepEqual(bitsOf(v), keep[name]) {
				t.Fatalf("%s: %s was written", src, name)
			}
		}
		if threads > 0 && err == nil && mtRuns.Load() == before {
			t.Fatalf("%s: no split with secondaries", src)
		}
		if strings.Count(src, "(") >= 4 {
			into++
		}
	}
	if into < 100 {
		t.Fatalf("only %d expressions with temporaries", into)
	}
	// the named vectors of a plain x+y and of a lambda's locals are not temporaries
	mustEval(t, ip, "u:1 2 3; v:u+u*1; w:{a:x*2; a+a*1}[u]")
	if got := fmt.Sprint(bitsOf(mustEval(t, ip, "u,v,w"))); got != fmt.Sprint([]int64{1, 2, 3, 2, 4, 6, 4, 8, 12}) {
		t.Fatalf("u,v,w: %s", got)
	}
}

// bitsOf is a vector's items as integers (floats by their bits, every NaN as one:
// q has one float null), for exact comparison.
func bitsOf(v value.Value) any {
	switch v := v.(type) {
	case *value.Vec[float64]:
		s := make([]uint64, len(v.S))
		for i, e := range v.S {
			s[i] = math.Float64bits(e)
			if e != e {
				s[i] = 0
			}
		}
		return s
	case *value.Vec[int64]:
		return append([]int64(nil), v.S...)
	}
	return fmt.Sprint(v)
}
