package eval

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// TestUnboxedFold checks that over and scan with an arithmetic lambda on long and
// float vectors (the unboxed path) give bit for bit what the general path gives: the
// same body behind a second statement, which is not atomic, runs item by item.
// Random bodies over random data with nulls, infinities, -0 and overflow.
func TestUnboxedFold(t *testing.T) {
	ip := New(&bytes.Buffer{}, &bytes.Buffer{})
	r := rand.New(rand.NewPCG(5, 55))
	longs := []string{"0N", "0W", "-0W", "0", "1", "-1", "7", "3037000500", "-4611686018427387904"}
	floats := []string{"0n", "0w", "-0w", "0.0", "-0.0", "1.5", "-2.25", "1e300", "3", "1e-310", "0.1"}
	consts := map[bool][]string{false: {"0N", "2", "-3", "0W"}, true: {"0.5", "2", "-0.0", "1e308", "0w", "3.0"}}
	ops := map[bool][]string{false: {"+", "-", "*"}, true: {"+", "-", "*", "%"}}
	var body func(float bool, depth int) string
	body = func(float bool, depth int) string {
		if depth == 0 || r.IntN(4) == 0 {
			switch r.IntN(5) {
			case 0:
				c := consts[float]
				return c[r.IntN(len(c))]
			case 1, 2:
				return "x"
			}
			return "y"
		}
		o := ops[float]
		switch r.IntN(6) {
		case 0:
			return "-" + body(float, depth-1)
		case 1:
			return "(" + body(float, depth-1) + ")" + o[r.IntN(len(o))] + body(float, depth-1)
		}
		return body(float, depth-1) + o[r.IntN(len(o))] + body(float, depth-1)
	}
	vec := func(items []string, n int) string {
		s := make([]string, n)
		for i := range s {
			s[i] = items[r.IntN(len(items))]
		}
		if n == 1 {
			return "enlist " + s[0]
		}
		return strings.Join(s, " ")
	}
	taken := 0
	for k := range 600 {
		float := k%2 == 1
		items := longs
		if float {
			items = floats
		}
		b := body(float, 3)
		fast := mustEval(t, ip, "{[x;y] "+b+"}").(*value.Lambda)
		slow := mustEval(t, ip, "{[x;y]::; "+b+"}")
		xs := vec(items, 1+r.IntN(9))
		if float {
			xs = "`float$" + xs
		}
		v := mustEval(t, ip, xs)
		seed := mustEval(t, ip, items[r.IntN(len(items))])
		if float {
			seed = value.Float(mustEval(t, ip, "`float$"+items[r.IntN(len(items))]).(value.Float))
		}
		for _, scan := range []bool{false, true} {
			for _, s := range []value.Value{nil, seed} {
				u := ip.unboxedFold(fast, s, v, scan)
				if u == nil {
					if float || !strings.Contains(b, "x") && !strings.Contains(b, "y") {
						continue // a float body of long constants only: q computes it in longs
					}
					t.Fatalf("{%s} over %s: unboxed path not taken", b, xs)
				}
				taken++
				var want value.Value
				if s == nil {
					want = ip.foldFirst(slow, v, scan)
				} else {
					want = ip.fold(slow, s, []value.Value{v}, scan)
				}
				if !sameBits(u, want) {
					t.Fatalf("{%s} seed %v scan %v over %s: unboxed %v, general %v", b, s, scan, xs, u, want)
				}
			}
		}
	}
	if taken < 1800 {
		t.Fatalf("unboxed path taken %d times of 2400", taken)
	}
	// through the language, the iterators reach it
	for _, c := range [][2]string{
		{"{x+y}/[1 2 3]", "6"}, {"{x+y}\\[1 2 3]", "1 3 6"}, {"10{x-y}/1 2", "7"},
		{"{x*y}\\[2.0;1 0n 3]", "2 0n 0n"}, {"{(x%2)+y}/[1 2 3.0]", "4.25"}, {"{x+y}/[0;`long$()]", "0"},
	} {
		got := mustEval(t, ip, c[1])
		if !match(mustEval(t, ip, c[0]), got) || mustEval(t, ip, c[0]).Type() != got.Type() {
			t.Errorf("%s: want %s", c[0], c[1])
		}
	}
}
