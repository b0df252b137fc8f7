package eval

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// sameBits reports whether x and y are the same value to the bit: floats compared by
// their patterns, so a different NaN, -0 for 0 or a last-bit rounding shows.
func sameBits(x, y value.Value) bool {
	switch a := x.(type) {
	case *value.Vec[float64]:
		b, ok := y.(*value.Vec[float64])
		if !ok || a.Typ != b.Typ || len(a.S) != len(b.S) {
			return false
		}
		for i, e := range a.S {
			if math.Float64bits(e) != math.Float64bits(b.S[i]) {
				return false
			}
		}
		return true
	case value.Float:
		b, ok := y.(value.Float)
		return ok && math.Float64bits(float64(a)) == math.Float64bits(float64(b))
	}
	return x.Type() == y.Type() && match(x, y)
}

// parData sets x y (floats), i j (longs), k (ints), bb (booleans) of n items into ip:
// random values with nulls, infinities, -0 and 0 among them, and runs of each near
// the chunk boundaries.
func parData(t *testing.T, ip *Interp, n int, seed uint64) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	fx, fy := make([]float64, n), make([]float64, n)
	lx, ly := make([]int64, n), make([]int64, n)
	ix := make([]int32, n)
	bb := make([]byte, n)
	specF := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1e300, -1e-300}
	specL := []int64{value.NullLong, value.InfLong, -value.InfLong, 0}
	for i := range n {
		fx[i], fy[i] = r.NormFloat64()*1e3, r.NormFloat64()*1e3
		if r.IntN(5) == 0 {
			fy[i] = fx[i] * (1 + 1e-14) // near pairs: the tolerant form
		}
		lx[i], ly[i] = r.Int64N(1e6)-5e5, r.Int64N(1e6)-5e5
		ix[i] = int32(r.Int64N(1e6))
		if r.IntN(20) == 0 {
			fx[i] = specF[r.IntN(len(specF))]
			lx[i] = specL[r.IntN(len(specL))]
			ix[i] = value.NullInt
		}
		if r.IntN(20) == 0 {
			fy[i] = specF[r.IntN(len(specF))]
			ly[i] = specL[r.IntN(len(specL))]
		}
		bb[i] = b2u(r.IntN(7) == 0)
	}
	// the items at and around each possible boundary are set, and one stretch
	// (a whole chunk's worth, for some n) is all false
	for _, k := range []int{0, 1, mtAlign - 1, mtAlign, n/2 - 1, n / 2, n - 1} {
		if k >= 0 && k < n {
			bb[k] = 1
		}
	}
	for k := n / 2; k < min(n, n/2+mtMinItems); k++ {
		if k%mtAlign != 0 {
			bb[k] = 0
		}
	}
	ip.setGlobal("x", value.Floats(fx))
	ip.setGlobal("y", value.Floats(fy))
	ip.setGlobal("i", value.Longs(lx))
	ip.setGlobal("j", value.Longs(ly))
	ip.setGlobal("k", value.Ints(ix))
	ip.setGlobal("bb", value.Bools(bb))
}

// parExprs are the multithreaded primitives (docs/kb/mt-primitives.md lists sum max
// min, + - * % & |, < > = <= >= <>, where, exp log sqrt sin among them), each form of
// operand.
var parExprs = []string{
	"sum i", "max i", "min i", "max x", "min x", "max neg x", "min abs x",
	"i+j", "i-j", "i*j", "i&j", "i|j", "i+5", "7-i", "i*0N", "0N-i", "i-0W",
	"x+y", "x-y", "x*y", "x%y", "x&y", "x|y", "x%3", "3%x", "2.5-x", "x*0n", "i%j",
	"k+k", "k*2i", "k-1i",
	"x<y", "x>y", "x=y", "x<=y", "x>=y", "x<>y", "i<j", "i=j", "i>=j", "i<5", "0N<i", "i=0N", "k<100i", "k=k",
	"x<0.5", "0.5<x", "x=0w", "x=0n", "0n<x", "x<0n", "x>=-0w", "x=x", "x=0.0",
	"where bb", "where x<y", "where not bb", "x*y+x", "x-y*x+y",
	"exp x", "log x", "sqrt x", "sin x", "sqrt i", "exp k",
}

// TestParallelPrimitives: with secondaries each primitive splits (mtRuns moves) and
// gives exactly the single-threaded result, bit for bit, at lengths around the
// threshold and the chunk boundaries.
func TestParallelPrimitives(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	defer mtThreads.Store(mtThreads.Load())
	ip := New(&strings.Builder{}, &strings.Builder{})
	ip.SetSecondaries(2)
	lens := []int{2*mtMinItems - 1, 2 * mtMinItems, 2*mtMinItems + 1, 2*mtMinItems + mtAlign + 3, 3*mtMinItems + 17}
	for li, n := range lens {
		parData(t, ip, n, uint64(li))
		for _, q := range parExprs {
			mtThreads.Store(0)
			plain, err := ip.EvalString(q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			mtThreads.Store(2)
			before := mtRuns.Load()
			par, err := ip.EvalString(q)
			if err != nil {
				t.Fatalf("%s (-s 2): %v", q, err)
			}
			split := mtRuns.Load() > before
			if split != (n >= 2*mtMinItems) {
				t.Errorf("n=%d %s: split %v", n, q, split)
			}
			if !sameBits(plain, par) {
				t.Errorf("n=%d %s: -s 2 differs from -s 0", n, q)
			}
		}
	}
}

// TestParallelWhereEdges: where's chunks with nothing kept, everything kept, and the
// kept item at a chunk's last position (the cursor's write past it).
func TestParallelWhereEdges(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	defer mtThreads.Store(mtThreads.Swap(4))
	n := 4*mtMinItems + 5
	for _, pat := range []func(i int) bool{
		func(i int) bool { return false },
		func(i int) bool { return true },
		func(i int) bool { lo, hi := mtBounds(n, 4, 1); return i == lo || i == hi-1 },
		func(i int) bool { _, hi := mtBounds(n, 4, 2); return i == hi-1 || i == n-1 },
		func(i int) bool { return i%mtAlign == mtAlign-1 },
	} {
		s := make([]byte, n)
		for i := range s {
			s[i] = b2u(pat(i))
		}
		want := boolPositions[int64](s, nil)
		if got := wherePar(s, 4); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("where differs: %d items, want %d", len(got), len(want))
		}
	}
}

// TestParallelBounds: the chunks cover [0,n) in order, without gaps or overlaps, at
// multiples of mtAlign (so of fltBlock and of a boolean cache line).
func TestParallelBounds(t *testing.T) {
	if mtAlign%fltBlock != 0 || mtAlign%64 != 0 {
		t.Fatalf("mtAlign %d is not a multiple of fltBlock and 64", mtAlign)
	}
	for _, n := range []int{0, 1, 4095, 4096, 2*mtMinItems - 1, 2*mtMinItems + 1, 10_000_019} {
		for w := 1; w <= 16; w++ {
			next := 0
			for k := range w {
				lo, hi := mtBounds(n, w, k)
				if lo != next || hi < lo || lo%mtAlign != 0 && lo != n {
					t.Fatalf("n=%d w=%d chunk %d: [%d,%d) after %d", n, w, k, lo, hi, next)
				}
				next = hi
			}
			if next != n {
				t.Fatalf("n=%d w=%d: chunks end at %d", n, w, next)
			}
		}
	}
}

// TestParallelNotInPeach: inside peach a primitive runs on its secondary alone
// (mt-primitives.md: kdb+ 4.0's parallelism is single-level), and without
// secondaries nothing splits.
func TestParallelNotInPeach(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	defer mtThreads.Store(mtThreads.Load())
	ip := New(&strings.Builder{}, &strings.Builder{})
	ip.SetSecondaries(2)
	if _, err := ip.EvalString("v:1000000?100"); err != nil {
		t.Fatal(err)
	}
	before := mtRuns.Load()
	if _, err := ip.EvalString("{sum v+x} peach 1 2"); err != nil {
		t.Fatal(err)
	}
	if mtRuns.Load() != before {
		t.Errorf("a primitive split inside peach")
	}
	if _, err := ip.EvalString("sum v+1"); err != nil || mtRuns.Load() != before+2 {
		t.Errorf("after peach: %d runs, err %v; want 2", mtRuns.Load()-before, err)
	}
	ip.Exec(`\s 0`)
	before = mtRuns.Load()
	if _, err := ip.EvalString("sum v+1"); err != nil || mtRuns.Load() != before {
		t.Errorf(`\s 0: %d runs, err %v`, mtRuns.Load()-before, err)
	}
}

// parRows are the measured rows: q expressions on the speed suite's 1M-item data and
// on 10M-item vectors, and the kernels alone writing into memory already allocated
// (what the primitive costs without Go's zeroing of a fresh result).
var parRows = []struct {
	name string
	q    string
	kern func(d *parBench) func()
}{
	{name: "sumL10M", q: "sum L"},
	{name: "maxF10M", q: "max F"},
	{name: "plusL10M", q: "L+L"},
	{name: "timesF10M", q: "F*G"},
	{name: "ltFloatVec10M", q: "F<G"},
	{name: "whereLt10M", q: "where F<G"},
	{name: "expF10M", q: "exp F"},
	{name: "plusFloat1M", q: "b+c"},
	{name: "ltFloatVec", q: "b<c"},
	{name: "gtFloatAtom", q: "b>0.5"},
	{name: "whereGt", q: "where b>0.5"},
	{name: "k:plus64K", kern: parSized(1 << 16)},
	{name: "k:plus256K", kern: parSized(1 << 18)},
	{name: "k:plus1M", kern: parSized(1 << 20)},
	{name: "k:make80MB", kern: func(d *parBench) func() {
		return func() { benchSink = value.Floats(make([]float64, 10_000_000)) } // the serial part: Go zeroes a fresh result
	}},
	{name: "k:sumI64", kern: func(d *parBench) func() {
		return func() {
			parSink = mtFold(len(d.l), max(1, mtChunks(len(d.l))), func(lo, hi int) int64 { return sumI64(d.l[lo:hi]) }, addI64)
		}
	}},
	{name: "k:timesF", kern: func(d *parBench) func() {
		return func() {
			mtRun(len(d.r), max(1, mtChunks(len(d.r))), func(_, lo, hi int) { arVVTo(opMul, d.r[lo:hi], d.f[lo:hi], d.g[lo:hi], 0, false) })
		}
	}},
	{name: "k:ltFloat", kern: func(d *parBench) func() {
		return func() {
			mtRun(len(d.o), max(1, mtChunks(len(d.o))), func(_, lo, hi int) { cmpFloatVV(true, d.o[lo:hi], d.f[lo:hi], d.g[lo:hi]) })
		}
	}},
}

// parSized is longs + longs on the first n items into memory already allocated, in
// two chunks whatever n is (with \s 2): where the split starts to pay.
func parSized(n int) func(d *parBench) func() {
	return func(d *parBench) func() {
		r, x := make([]int64, n), d.l[:n]
		return func() {
			mtRun(n, min(2, max(1, int(mtThreads.Load()))), func(_, lo, hi int) {
				arVVTo(opAdd, r[lo:hi], x[lo:hi], x[lo:hi], value.NullLong, true)
			})
		}
	}
}

type parBench struct {
	l    []int64
	f, g []float64
	r    []float64
	o    []byte
}

var parSink int64

// TestParallelRatios prints each row's wall time with no secondaries and with \s 2,
// rounds alternating: medians, their ratio, the ratio of the best rounds (steadier
// than the median when other processes hold the cores) and the ranges; it runs when
// GQ_PAR is set:
//
//	GQ_PAR=. go test -count=1 -run TestParallelRatios -v ./eval
func TestParallelRatios(t *testing.T) {
	pat := os.Getenv("GQ_PAR")
	if pat == "" {
		t.Skip("set GQ_PAR=<regexp of rows> to measure the multithreaded primitives")
	}
	re := regexp.MustCompile(pat)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3)) // main + 2, as cmd/gq sets for -s 2
	defer mtThreads.Store(mtThreads.Load())
	d := speedSetup(t)
	if _, err := d.ip.EvalString("L:til 10000000;F:10000000?1f;G:10000000?1f"); err != nil {
		t.Fatal(err)
	}
	get := func(n string) value.Value { v, _ := d.ip.EvalString(n); return v }
	k := &parBench{l: get("L").(*value.Vec[int64]).S, f: get("F").(*value.Vec[float64]).S,
		g: get("G").(*value.Vec[float64]).S, r: make([]float64, 10_000_000), o: make([]byte, 10_000_000)}
	rounds := 9
	fmt.Printf("%-14s %12s %12s %7s %7s\n", "row", "s0_ns", "s2_ns", "s0/s2", "min")
	for _, r := range parRows {
		if !re.MatchString(r.name) {
			continue
		}
		var f func()
		if r.kern != nil {
			f = r.kern(k)
		} else {
			f = func() { benchSink, _ = d.ip.EvalString(r.q) }
		}
		var t0, t2 []float64
		for range rounds {
			for _, s := range []int32{0, 2} {
				mtThreads.Store(s)
				f() // warm
				n, start := 0, time.Now()
				for n < 3 || time.Since(start) < 40*time.Millisecond {
					f()
					n++
				}
				ns := float64(time.Since(start).Nanoseconds()) / float64(n)
				if s == 0 {
					t0 = append(t0, ns)
				} else {
					t2 = append(t2, ns)
				}
			}
		}
		slices.Sort(t0)
		slices.Sort(t2)
		fmt.Printf("%-14s %12.0f %12.0f %7.2f %7.2f   (s0 %.0f..%.0f, s2 %.0f..%.0f)\n", r.name, t0[rounds/2], t2[rounds/2],
			t0[rounds/2]/t2[rounds/2], t0[0]/t2[0], t0[0], t0[rounds-1], t2[0], t2[rounds-1])
	}
}

// BenchmarkParallel runs each row with no secondaries (s0) and with \s 2 (s2), wall
// time, side by side: go test -run XXX -bench Parallel -cpu 2 ./eval
func BenchmarkParallel(b *testing.B) {
	defer mtThreads.Store(mtThreads.Load())
	d := speedSetup(b)
	if _, err := d.ip.EvalString("L:til 10000000;F:10000000?1f;G:10000000?1f"); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"sum L", "max F", "L+L", "F*G", "b+c", "b<c", "b>0.5", "where b>0.5", "F<G", "where F<G"} {
		b.Run(q, func(b *testing.B) {
			for _, s := range []int32{0, 2} {
				b.Run(fmt.Sprintf("s%d", s), func(b *testing.B) {
					mtThreads.Store(s)
					for range b.N {
						benchSink, _ = d.ip.EvalString(q)
					}
				})
			}
		})
	}
}

// TestParallelFloatSum: with secondaries sum of floats keeps kdb+'s order of addition
// (basics/precision.md: eight lanes over the whole vector, "sum 1e-10*til 10000000"
// is 4999.9995000000017 at \P 0), which no split into chunks rounds the same.
func TestParallelFloatSum(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	defer mtThreads.Store(mtThreads.Load())
	ip := New(&strings.Builder{}, &strings.Builder{})
	ip.SetSecondaries(2)
	total, n := 4999.9995000000017, 1e7
	for q, want := range map[string]float64{"sum 1e-10*til 10000000": total, "avg 1e-10*til 10000000": total / n} {
		v, err := ip.EvalString(q)
		if err != nil {
			t.Fatal(err)
		}
		if f, ok := v.(value.Float); !ok || float64(f) != want {
			t.Errorf("%s with \\s 2: %v, want %.17g", q, v, want)
		}
	}
}
