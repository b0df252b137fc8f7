package eval

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// The speed suite (issue 14): each row is a q expression beside a plain Go loop doing
// the same work on the same data, in the same run.
//
//	go test -run XXX -bench 'Speed/' -count 5 ./eval       (benchstat-friendly)
//	GQ_SPEED=. go test -run TestSpeedRatios -v ./eval       (prints row gq_ns go_ns ratio)
//
// GQ_SPEED is a regexp choosing rows; GQ_SPEED_COUNT the rounds (default 5, medians).
// The Go side is what a careful programmer writes for that one job: plain floats
// compared plainly, ids already dense, the result allocated as the kernel must.

const speedN = 1_000_000

// speedData is the suite's data, as Go slices and as the interpreter's globals.
type speedData struct {
	ip      *Interp
	b, c, d []float64 // uniform in [0,1)
	a       []int64   // 1000 distinct values in 0..999
	sym     []string  // 100 symbols s00..s99
	symID   []int32   // sym as dense ids, derived once (the dense-id reference)
	px      []float64
	sz      []int64
}

var speedShared *speedData

func speedSetup(tb testing.TB) *speedData {
	tb.Helper()
	if speedShared != nil {
		return speedShared
	}
	r := rand.New(rand.NewPCG(14, 41))
	d := &speedData{b: make([]float64, speedN), c: make([]float64, speedN), d: make([]float64, speedN),
		a: make([]int64, speedN), sym: make([]string, speedN), symID: make([]int32, speedN),
		px: make([]float64, speedN), sz: make([]int64, speedN)}
	syms := make([]string, 100)
	for i := range syms {
		syms[i] = fmt.Sprintf("s%02d", i)
	}
	for i := range speedN {
		d.b[i], d.c[i], d.d[i] = r.Float64(), r.Float64(), r.Float64()
		d.a[i] = r.Int64N(1000)
		k := r.IntN(len(syms))
		d.sym[i], d.symID[i] = syms[k], int32(k)
		d.px[i] = 100 * r.Float64()
		d.sz[i] = 1 + r.Int64N(1000)
	}
	d.ip = New(&bytes.Buffer{}, &bytes.Buffer{})
	d.ip.setGlobal("b", value.Floats(d.b))
	d.ip.setGlobal("c", value.Floats(d.c))
	d.ip.setGlobal("d", value.Floats(d.d))
	d.ip.setGlobal("a", value.Longs(d.a))
	d.ip.setGlobal("s", value.Syms(d.sym))
	d.ip.setGlobal("t", value.NewTable([]string{"sym", "px", "sz"},
		[]value.Value{value.Syms(d.sym), value.Floats(d.px), value.Longs(d.sz)}))
	if _, err := d.ip.EvalString("f:{x*2}"); err != nil {
		tb.Fatal(err)
	}
	speedShared = d
	return d
}

// speedRow is one line of the table.
type speedRow struct {
	name string
	q    string
	// goRef does the row's work in plain Go and returns its result, shaped as gq's
	// so the two can be checked against each other once before timing.
	goRef func(d *speedData) value.Value
	// check compares gq's result with goRef's (match by default).
	check func(gq, ref value.Value) bool
}

//go:noinline
func speedAdd(x, y float64) float64 { return x + y }

//go:noinline
func speedTwice(x int64) int64 { return x * 2 }

//go:noinline
func speedHalf(x, y float64) float64 { return x + y*0.5 }

//go:noinline
func speedAddJ(x, y int64) int64 { return x + y }

//go:noinline
func speedCond(x int64) int64 {
	if x > 500 {
		return x
	}
	return 2 * x
}

var speedRows = []speedRow{
	{name: "gtFloatAtom", q: "b>0.5", goRef: func(d *speedData) value.Value {
		r := make([]byte, len(d.b))
		for i, x := range d.b {
			r[i] = b2u(x > 0.5)
		}
		return value.Bools(r)
	}},
	{name: "ltFloatVec", q: "b<c", goRef: func(d *speedData) value.Value {
		r := make([]byte, len(d.b))
		c := d.c[:len(d.b)]
		for i, x := range d.b {
			r[i] = b2u(x < c[i])
		}
		return value.Bools(r)
	}},
	{name: "eqFloatVec", q: "b=c", goRef: func(d *speedData) value.Value {
		r := make([]byte, len(d.b))
		c := d.c[:len(d.b)]
		for i, x := range d.b {
			r[i] = b2u(x == c[i])
		}
		return value.Bools(r)
	}},
	{name: "eqFloatAtom", q: "b=0.5", goRef: func(d *speedData) value.Value {
		r := make([]byte, len(d.b))
		for i, x := range d.b {
			r[i] = b2u(x == 0.5)
		}
		return value.Bools(r)
	}},
	{name: "whereGt", q: "where b>0.5", goRef: func(d *speedData) value.Value {
		r := make([]int64, len(d.b))
		n := 0
		for i, x := range d.b {
			r[n] = int64(i)
			n += int(b2u(x > 0.5))
		}
		return value.Longs(slices.Clip(r[:n]))
	}},
	{name: "selectWhere", q: "select from t where px>50", goRef: func(d *speedData) value.Value {
		idx := make([]int, 0, len(d.px))
		for i, x := range d.px {
			if x > 50 {
				idx = append(idx, i)
			}
		}
		s, p, z := make([]string, len(idx)), make([]float64, len(idx)), make([]int64, len(idx))
		for k, i := range idx {
			s[k], p[k], z[k] = d.sym[i], d.px[i], d.sz[i]
		}
		return value.NewTable([]string{"sym", "px", "sz"}, []value.Value{value.Syms(s), value.Floats(p), value.Longs(z)})
	}},
	{name: "eachBoth", q: "{x+y}'[b;c]", goRef: func(d *speedData) value.Value {
		r := make([]float64, len(d.b))
		for i := range r {
			r[i] = speedAdd(d.b[i], d.c[i])
		}
		return value.Floats(r)
	}},
	{name: "eachTil", q: "f each til 1000000", goRef: func(d *speedData) value.Value {
		r := make([]int64, speedN)
		for i := range r {
			r[i] = speedTwice(int64(i))
		}
		return value.Longs(r)
	}},
	// over, scan and each with lambdas: arithmetic ones run unboxed (unboxed.go); the
	// last, with a conditional, is the general call path, a frame per item
	{name: "overLambda", q: "{x+y*0.5}/[0.0;b]", goRef: func(d *speedData) value.Value {
		acc := 0.0
		for _, x := range d.b {
			acc = speedHalf(acc, x)
		}
		return value.Float(acc)
	}},
	{name: "scanLambda", q: "{x+y}\\[a]", goRef: func(d *speedData) value.Value {
		r := make([]int64, len(d.a))
		acc := d.a[0]
		r[0] = acc
		for i := 1; i < len(r); i++ {
			acc = speedAddJ(acc, d.a[i])
			r[i] = acc
		}
		return value.Longs(r)
	}},
	{name: "eachCond", q: "{$[x>500;x;2*x]} each a", goRef: func(d *speedData) value.Value {
		r := make([]int64, len(d.a))
		for i, x := range d.a {
			r[i] = speedCond(x)
		}
		return value.Longs(r)
	}},
	{name: "sumBySym", q: "select sum px by sym from t", goRef: func(d *speedData) value.Value {
		var s [100]float64
		for i, g := range d.symID {
			s[g] += d.px[i]
		}
		return value.Floats(s[:])
	}, check: speedGroupCheck("px")},
	{name: "wavgBySym", q: "select vwap:sz wavg px by sym from t", goRef: func(d *speedData) value.Value {
		var w, s [100]float64
		for i, g := range d.symID {
			z := float64(d.sz[i])
			w[g] += z
			s[g] += z * d.px[i]
		}
		r := make([]float64, 100)
		for i := range r {
			r[i] = s[i] / w[i]
		}
		return value.Floats(r)
	}, check: speedGroupCheck("vwap")},
	{name: "sumTimes", q: "sum b*c", goRef: func(d *speedData) value.Value {
		var s float64
		c := d.c[:len(d.b)]
		for i, x := range d.b {
			if p := x * c[i]; p == p {
				s += p
			}
		}
		return value.Float(s)
	}, check: speedNear},
	{name: "timesPlus", q: "b*c+d", goRef: func(d *speedData) value.Value {
		r := make([]float64, len(d.b))
		c, e := d.c[:len(r)], d.d[:len(r)]
		for i, x := range d.b {
			r[i] = x * (c[i] + e[i])
		}
		return value.Floats(r)
	}},
	{name: "tempChain", q: "b-c%d", goRef: func(d *speedData) value.Value {
		r := make([]float64, len(d.b))
		c, e := d.c[:len(r)], d.d[:len(r)]
		for i, x := range d.b {
			r[i] = x - c[i]/e[i]
		}
		return value.Floats(r)
	}},
	{name: "distinctSmall", q: "distinct a", goRef: func(d *speedData) value.Value {
		lo, hi := slices.Min(d.a), slices.Max(d.a)
		seen := make([]bool, hi-lo+1)
		var r []int64
		for _, x := range d.a {
			if !seen[x-lo] {
				seen[x-lo] = true
				r = append(r, x)
			}
		}
		return value.Longs(r)
	}},
	{name: "groupSmall", q: "group a", goRef: func(d *speedData) value.Value {
		lo, hi := slices.Min(d.a), slices.Max(d.a)
		cnt := make([]int32, hi-lo+1)
		var keys []int64
		for _, x := range d.a {
			if cnt[x-lo] == 0 {
				keys = append(keys, x)
			}
			cnt[x-lo]++
		}
		slot := make([][]int64, len(cnt))
		for _, k := range keys {
			slot[k-lo] = make([]int64, 0, cnt[k-lo])
		}
		for i, x := range d.a {
			slot[x-lo] = append(slot[x-lo], int64(i))
		}
		vals := make([]value.Value, len(keys))
		for i, k := range keys {
			vals[i] = value.Longs(slot[k-lo])
		}
		return &value.Dict{K: value.Longs(keys), V: value.NewList(vals)}
	}},
	{name: "findSmall", q: "a?til 1000", goRef: func(d *speedData) value.Value {
		lo, hi := slices.Min(d.a), slices.Max(d.a)
		first := make([]int64, hi-lo+1)
		for i := range first {
			first[i] = int64(len(d.a))
		}
		for i := len(d.a) - 1; i >= 0; i-- {
			first[d.a[i]-lo] = int64(i)
		}
		r := make([]int64, 1000)
		for y := range r {
			r[y] = int64(len(d.a))
			if int64(y) >= lo && int64(y) <= hi {
				r[y] = first[int64(y)-lo]
			}
		}
		return value.Longs(r)
	}},
	{name: "inSmall", q: "a in 10 20 30", goRef: func(d *speedData) value.Value {
		r := make([]byte, len(d.a))
		for i, x := range d.a {
			r[i] = b2u(x == 10 || x == 20 || x == 30)
		}
		return value.Bools(r)
	}},
	{name: "stringTil", q: "string til 1000000", goRef: func(d *speedData) value.Value {
		// one buffer and one block of vector headers: the least a list of a
		// million strings can be built with
		buf := make([]byte, 0, 7*speedN)
		vs := make([]value.Vec[byte], speedN)
		r := make([]value.Value, speedN)
		for i := range r {
			o := len(buf)
			buf = strconv.AppendInt(buf, int64(i), 10)
			vs[i] = value.Vec[byte]{Typ: value.TChar, S: buf[o:len(buf):len(buf)]}
			r[i] = &vs[i]
		}
		return value.NewList(r)
	}},
	{name: "likeSym", q: "s like \"s1*\"", goRef: func(d *speedData) value.Value {
		r := make([]byte, len(d.sym))
		for i, x := range d.sym {
			r[i] = b2u(strings.HasPrefix(x, "s1"))
		}
		return value.Bools(r)
	}},
	{name: "sumTil10M", q: "sum til 10000000", goRef: func(d *speedData) value.Value {
		r := make([]int64, 10_000_000)
		for i := range r {
			r[i] = int64(i)
		}
		var s int64
		for _, x := range r {
			s += x
		}
		return value.Long(s)
	}},
}

// speedGroupCheck compares a keyed result's column col (keys s00..s99 in order) with
// the dense loop's floats, to rounding.
func speedGroupCheck(col string) func(gq, ref value.Value) bool {
	return func(gq, ref value.Value) bool {
		kt, ok := gq.(*value.Dict)
		if !ok {
			return false
		}
		vt, ok := kt.V.(*value.Table)
		if !ok {
			return false
		}
		got := vt.Col(col)
		g, ok := got.(*value.Vec[float64])
		return ok && speedNear(g, ref)
	}
}

// speedNear matches floats to 1e-9 relative (sums in another order round otherwise).
func speedNear(gq, ref value.Value) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y)) }
	switch r := ref.(type) {
	case value.Float:
		g, ok := gq.(value.Float)
		return ok && near(float64(g), float64(r))
	case *value.Vec[float64]:
		g, ok := gq.(*value.Vec[float64])
		if !ok || len(g.S) != len(r.S) {
			return false
		}
		for i := range g.S {
			if !near(g.S[i], r.S[i]) {
				return false
			}
		}
		return true
	}
	return false
}

func (r speedRow) run(tb testing.TB, d *speedData) value.Value {
	v, err := d.ip.EvalString(r.q)
	if err != nil {
		tb.Fatalf("%s: %s: %v", r.name, r.q, err)
	}
	return v
}

// verify checks gq's answer against the Go loop's once.
func (r speedRow) verify(tb testing.TB, d *speedData) {
	g, ref := r.run(tb, d), r.goRef(d)
	ok := false
	if r.check != nil {
		ok = r.check(g, ref)
	} else {
		ok = match(g, ref)
	}
	if !ok {
		tb.Fatalf("%s: gq and the Go loop differ", r.name)
	}
}

// BenchmarkSpeed runs every row: Speed/<row>/gq and Speed/<row>/go.
func BenchmarkSpeed(b *testing.B) {
	d := speedSetup(b)
	for _, r := range speedRows {
		b.Run(r.name, func(b *testing.B) {
			r.verify(b, d)
			b.Run("gq", func(b *testing.B) {
				for range b.N {
					benchSink = r.run(b, d)
				}
			})
			b.Run("go", func(b *testing.B) {
				for range b.N {
					benchSink = r.goRef(d)
				}
			})
		})
	}
}

// TestSpeedRatios prints each row's gq and Go times (medians of alternating rounds)
// (CPU time, see speedTime) and their ratio. It runs only when GQ_SPEED is set.
func TestSpeedRatios(t *testing.T) {
	pat := os.Getenv("GQ_SPEED")
	if pat == "" {
		t.Skip("set GQ_SPEED=<regexp of rows> to run the speed suite")
	}
	re, err := regexp.Compile(pat)
	if err != nil {
		t.Fatal(err)
	}
	rounds := 5
	if n, err := strconv.Atoi(os.Getenv("GQ_SPEED_COUNT")); err == nil && n > 0 {
		rounds = n
	}
	d := speedSetup(t)
	fmt.Printf("%-14s %12s %12s %7s\n", "row", "gq_ns", "go_ns", "ratio")
	for _, r := range speedRows {
		if !re.MatchString(r.name) {
			continue
		}
		r.verify(t, d)
		var gq, gr []float64
		for range rounds {
			gq = append(gq, speedTime(func() { benchSink = r.run(t, d) }))
			gr = append(gr, speedTime(func() { benchSink = r.goRef(d) }))
		}
		mg, mr := speedMedian(gq), speedMedian(gr)
		fmt.Printf("%-14s %12.0f %12.0f %7.2f\n", r.name, mg, mr, mg/mr)
	}
}

// speedTime is CPU ns per call of f (the process's user and system time, the
// collector's included): one warm call, then calls for about 150 ms of CPU. On a
// shared machine CPU time is steadier than wall time, which counts the time other
// processes hold the cores.
func speedTime(f func()) float64 {
	f()
	n, t0 := 0, cpuTime()
	for n < 3 || cpuTime()-t0 < 150*time.Millisecond {
		f()
		n++
	}
	return float64((cpuTime() - t0).Nanoseconds()) / float64(n)
}

func speedMedian(s []float64) float64 {
	slices.Sort(s)
	return s[len(s)/2]
}
