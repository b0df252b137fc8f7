package eval

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// fltProbe returns floats around a's tolerance boundaries: the neighbours of a*(1±t)
// and a/(1±t) ulp by ulp, plus the special values.
func fltProbe(r *rand.Rand, a float64) []float64 {
	v := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64,
		-math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 1, -1, a, -a}
	for _, c := range []float64{a * (1 + tolerance), a * (1 - tolerance), a / (1 + tolerance), a / (1 - tolerance), a} {
		e := c
		for range 6 {
			e = math.Nextafter(e, math.Inf(-1))
		}
		for range 12 {
			v = append(v, e)
			e = math.Nextafter(e, math.Inf(1))
		}
	}
	for range 20 {
		v = append(v, a*(1+(r.Float64()-0.5)*4e-13))
	}
	return v
}

// TestFloatCompareKernels checks the threshold and branch-free kernels of cmpFloat
// against the scalar fltLess and fltEq item by item, at the tolerance boundaries.
func TestFloatCompareKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	atoms := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1e12, 5e12, 1e13, -1e13, 0.1 + 0.2, 1e-310, -1e-310,
		math.SmallestNonzeroFloat64, math.MaxFloat64, -math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(), 1e300, 3}
	for range 200 {
		atoms = append(atoms, math.Ldexp(r.Float64()-0.5, r.IntN(2000)-1000))
	}
	for _, a := range atoms {
		v := fltProbe(r, a)
		vs := value.Floats(v)
		ltx := cmpFloat(true, value.Float(a), vs, true, false).(*value.Vec[byte]).S
		lty := cmpFloat(true, vs, value.Float(a), false, true).(*value.Vec[byte]).S
		eqy := cmpFloat(false, vs, value.Float(a), false, true).(*value.Vec[byte]).S
		eqx := cmpFloat(false, value.Float(a), vs, true, false).(*value.Vec[byte]).S
		w := make([]float64, len(v))
		for i := range w {
			w[i] = a
		}
		ltv := cmpFloat(true, vs, value.Floats(w), false, false).(*value.Vec[byte]).S
		gtv := cmpFloat(true, value.Floats(w), vs, false, false).(*value.Vec[byte]).S
		eqv := cmpFloat(false, vs, value.Floats(w), false, false).(*value.Vec[byte]).S
		for i, e := range v {
			for _, c := range []struct {
				name string
				got  byte
				want bool
			}{
				{"a<e", ltx[i], fltLess(a, e)}, {"e<a", lty[i], fltLess(e, a)},
				{"e=a", eqy[i], fltEq(e, a)}, {"a=e", eqx[i], fltEq(a, e)},
				{"e<a vv", ltv[i], fltLess(e, a)}, {"a<e vv", gtv[i], fltLess(a, e)}, {"e=a vv", eqv[i], fltEq(e, a)},
			} {
				if c.got != b2u(c.want) {
					t.Fatalf("%s with a=%v e=%v: got %d want %v", c.name, a, e, c.got, c.want)
				}
			}
		}
	}
}

// TestBoolPositions checks the branch-free compaction of where and qSQL filters
// against the plain loop: every length around the 8-item words, densities from none
// to all, with and without an index to map through.
func TestBoolPositions(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := range 40 {
		for _, p := range []float64{0, 0.05, 0.5, 0.95, 1} {
			s := make([]byte, n)
			idx := make([]int, n)
			for i := range s {
				s[i] = b2u(r.Float64() < p)
				idx[i] = 1000 + 3*i
			}
			var want []int64
			var wantIdx []int
			for i, x := range s {
				if x != 0 {
					want = append(want, int64(i))
					wantIdx = append(wantIdx, idx[i])
				}
			}
			got := boolPositions[int64](s, nil)
			gotIdx := boolPositions[int](s, idx)
			if len(got) != len(want) || len(gotIdx) != len(want) {
				t.Fatalf("n=%d p=%v: %v %v want %v", n, p, got, gotIdx, want)
			}
			for i := range want {
				if got[i] != want[i] || gotIdx[i] != wantIdx[i] {
					t.Fatalf("n=%d p=%v: %v %v want %v %v", n, p, got, gotIdx, want, wantIdx)
				}
			}
		}
	}
}

// TestDenseIntKernels checks the direct-table kernels of distinct, group and in on
// integers against the hashed kernels and a plain search: small ranges anywhere in
// int64 (at both ends, nulls included), and wide ranges, which they must refuse.
func TestDenseIntKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	bases := []int64{0, -5, math.MinInt64, math.MaxInt64 - 40, 1 << 40}
	for _, base := range bases {
		for _, span := range []int64{1, 7, 40, 1 << 21, math.MaxInt64} {
			for _, n := range []int{0, 3, 16, 17, 100, 2000} {
				s := make([]int64, n)
				for i := range s {
					s[i] = base + int64(r.Uint64N(uint64(span)))
					if base > 0 && s[i] < base { // wrapped past MaxInt64
						s[i] = base
					}
				}
				wng, wids := groupKeys(s, mkI64)
				if ng, ids, ok := groupDense(s); ok && (ng != wng || !slices.Equal(ids, wids)) {
					t.Fatalf("groupDense base %d span %d n %d", base, span, n)
				} else if ok && uint64(slices.Max(s))-uint64(slices.Min(s)) > uint64(n) {
					t.Fatalf("groupDense took a wide range for %d items", n)
				}
				var wfirst []int
				for i, g := range wids {
					if int(g) == len(wfirst) {
						wfirst = append(wfirst, i)
					}
				}
				if first := firstDense(s); first != nil && !slices.Equal(first, wfirst) {
					t.Fatalf("firstDense base %d span %d n %d", base, span, n)
				}
				for _, k := range []int{1, 2, 4, 5, 30} {
					ys := make([]int64, k)
					for i := range ys {
						ys[i] = base + int64(r.Uint64N(uint64(min(span, 60))))
					}
					got := inInts(s, ys)
					if got == nil {
						continue
					}
					for i, x := range s {
						if got[i] != b2u(slices.Contains(ys, x)) {
							t.Fatalf("inInts base %d span %d: %d in %v", base, span, x, ys)
						}
					}
				}
			}
		}
	}
}

// TestLikeSyms checks like's plain-pattern loops on symbols against the matcher.
func TestLikeSyms(t *testing.T) {
	strs := []string{"", "a", "ab", "abc", "ba", "cab", "abab", "xaby", "b", "a*", "[a]", "s1", "s10", "s2"}
	for _, ps := range []string{"", "*", "**", "a", "ab", "ab*", "*ab", "*ab*", "a?c*", "[ab]*", "*a", "a*b", "?",
		"*?", "s1*", "*[a]", "a[*]", "*b*", "abc"} {
		p := compileGlob(ps)
		got := likeSyms(p, strs)
		for i, s := range strs {
			if got[i] != b2u(globMatch(p, s)) {
				t.Errorf("%q like %q: got %d", s, ps, got[i])
			}
		}
	}
}

// TestFusedFloat checks sum x*y and x*y+z (fused on float vectors) against the same
// computed in two steps, bit for bit, with nulls, infinities, signed zeros, every
// length up to two lanes of eight, other types and mismatched lengths.
func TestFusedFloat(t *testing.T) {
	ip := New(io.Discard, io.Discard)
	pool := "0n 0w -0w -0.0 0 1 -1.5 1e300 -1e300 3 1e-310 2.5"
	srcs := []string{"1e16 1 -1e16 1 1 1 1 1 1e16 1 -1e16 1 1 1 1 1 3", "17#1f", "1 2 3", "1 2 3f", "`a`b`c", "1 2", "1b", "2.5", "0N 1 2"}
	for n := range 20 {
		srcs = append(srcs, fmt.Sprintf("%d?%s", n, pool))
		// finite values whose sum rounds differently in another order
		srcs = append(srcs, fmt.Sprintf("%d?1e16 1 -1e16 0.1 3.3 7e15 -2.2", n))
	}
	for i, xs := range srcs {
		for _, ys := range []string{srcs[(i+1)%len(srcs)], xs, srcs[(i*3)%len(srcs)]} {
			set := "x:" + xs + ";y:" + ys + ";z:reverse y"
			if _, err := ip.EvalString(set); err != nil {
				t.Fatal(set, err)
			}
			for _, e := range [][2]string{{"sum x*y", "{sum x}[{x*y}[x;y]]"}, {"x*y+z", "{x*y}[x;{x+y}[y;z]]"},
				{"sum y*x", "{sum x}[{x*y}[y;x]]"}, {"{[x;y] sum x*y}[x;y]", "{sum x}[{x*y}[x;y]]"}} {
				got, gerr := ip.EvalString(e[0])
				want, werr := ip.EvalString(e[1])
				if fmt.Sprint(gerr) != fmt.Sprint(werr) || gerr == nil && !bitsMatch(got, want) {
					t.Errorf("%s with x:%s y:%s: got %v (%v) want %v (%v)", e[0], xs, ys, got, gerr, want, werr)
				}
			}
		}
	}
}

// bitsMatch is match with floats compared by their bits (-0 and infinities
// included), except that any NaN matches any NaN: which NaN payload the processor
// propagates depends on operand order, and q sees every NaN as the null 0n.
func bitsMatch(a, b value.Value) bool {
	switch x := a.(type) {
	case value.Float:
		y, ok := b.(value.Float)
		return ok && sameFloat(float64(x), float64(y))
	case *value.Vec[float64]:
		y, ok := b.(*value.Vec[float64])
		if !ok || len(x.S) != len(y.S) || x.Typ != y.Typ {
			return false
		}
		for i := range x.S {
			if !sameFloat(x.S[i], y.S[i]) {
				return false
			}
		}
		return true
	}
	return match(a, b) && a.Type() == b.Type()
}

func sameFloat(a, b float64) bool {
	return a != a && b != b || math.Float64bits(a) == math.Float64bits(b)
}

// TestStringInts checks string on long and int vectors (one buffer, blocks of
// headers) against the display's text item by item, across block boundaries.
func TestStringInts(t *testing.T) {
	ip := New(io.Discard, io.Discard)
	for _, src := range []string{"til 600", "0N 0W -0W 0 -1 9223372036854775806 -9223372036854775806",
		"`int$0N 0W -0W 0 -7 2147483646", "-300+til 700", "`int$til 300", "`long$()"} {
		v, err := ip.EvalString(src)
		if err != nil {
			t.Fatal(err)
		}
		got := stringOf(ip, v).(*value.List)
		for i, it := range got.Items {
			want := ip.Disp.AtomText(value.At(v, i))
			if s := it.(*value.Vec[byte]); s.Typ != value.TChar || string(s.S) != want || cap(s.S) != len(s.S) {
				t.Fatalf("string %s item %d: %q want %q", src, i, s.S, want)
			}
		}
	}
}

// TestFloatFarPairs checks the exact pre-test of the vector-vector compare (fltFarVV):
// every pair it calls far must have tolerant < and = equal to the exact ones, at and
// around the bound (fltNearUlps ulps apart), across binade edges, subnormals, both
// signs, zeros, infinities and nulls; and cmpFloat on whole vectors (all-far blocks,
// mixed blocks, odd lengths) must agree with fltLess and fltEq item by item.
func TestFloatFarPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	bases := []float64{0, math.Copysign(0, -1), 1, -1, 2, 0.5, 3, 1e-310, -1e-310, 0x1p-1022, -0x1p-1022,
		math.SmallestNonzeroFloat64, math.MaxFloat64, -math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(),
		math.Nextafter(1, 0), math.Nextafter(2, 3), 1e300, 1e-300}
	for range 300 {
		bases = append(bases, math.Ldexp(r.Float64()-0.5, r.IntN(2100)-1074))
	}
	ks := []int64{0, 1, -1, 1023, 1024, 1025, -1024, -1025, 2047, 2048, 2049, -2048, -2049,
		fltNearUlps - 1, fltNearUlps, fltNearUlps + 1, -fltNearUlps + 1, -fltNearUlps, -fltNearUlps - 1, -fltNearUlps - 2,
		2 * fltNearUlps, -2 * fltNearUlps, 1 << 20, -1 << 20, 1 << 52, -1 << 52}
	var xs, ys []float64
	add := func(a, b float64) {
		xs, ys = append(xs, a), append(ys, b)
		if fltFar(fltDist(a, b), math.Float64bits(a)<<1) && (b2u(a < b) != b2u(fltLess(a, b)) || b2u(a == b) != b2u(fltEq(a, b))) {
			t.Fatalf("far pair a=%v b=%v (%x %x): exact and tolerant differ", a, b, math.Float64bits(a), math.Float64bits(b))
		}
	}
	for _, a := range bases {
		u := math.Float64bits(a)
		for _, k := range ks {
			b := math.Float64frombits(u + uint64(k))
			add(a, b)
			add(b, a)
			add(a, -b)
		}
		for _, c := range []float64{a * (1 + tolerance), a * (1 - tolerance), a * (1 + 2*tolerance), a * (1 - 2*tolerance)} {
			for k := int64(-8); k <= 8; k++ {
				b := math.Float64frombits(math.Float64bits(c) + uint64(k))
				add(a, b)
				add(b, a)
			}
		}
		for range 20 {
			b := math.Float64frombits(u + uint64(r.Int64N(8*fltNearUlps)-4*fltNearUlps))
			add(a, b)
			add(b, a)
		}
	}
	// the pairs as they come (near and far mixed in blocks), then only the far ones
	// (whole blocks answered by the exact pre-test), at several odd lengths
	var fx, fy []float64
	for i := range xs {
		if fltFar(fltDist(xs[i], ys[i]), math.Float64bits(xs[i])<<1) {
			fx, fy = append(fx, xs[i]), append(fy, ys[i])
		}
	}
	if len(fx) < 4*fltBlock {
		t.Fatalf("only %d far pairs", len(fx))
	}
	for _, p := range [][2][]float64{{xs, ys}, {fx, fy}, {fx[:fltBlock+3], fy[:fltBlock+3]}, {fx[:5], fy[:5]}} {
		x, y := p[0], p[1]
		lt := cmpFloat(true, value.Floats(x), value.Floats(y), false, false).(*value.Vec[byte]).S
		eq := cmpFloat(false, value.Floats(x), value.Floats(y), false, false).(*value.Vec[byte]).S
		for i := range x {
			if lt[i] != b2u(fltLess(x[i], y[i])) || eq[i] != b2u(fltEq(x[i], y[i])) {
				t.Fatalf("a=%v b=%v: got < %d = %d, want %v %v", x[i], y[i], lt[i], eq[i], fltLess(x[i], y[i]), fltEq(x[i], y[i]))
			}
		}
	}
}
