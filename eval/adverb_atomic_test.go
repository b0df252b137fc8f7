package eval

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// TestAtomicEach checks that f'[args] through one call on the vectors (atomicEach)
// gives what applying f to each item and collecting gives: values, types and errors,
// over every basic type with nulls and infinities.
func TestAtomicEach(t *testing.T) {
	ip := New(&bytes.Buffer{}, &bytes.Buffer{})
	vecs := []string{"0110b", "0x00ff10", "1 0N 0W -0Wh", "1 0N 0W -0Wi", "1 0N 0W -0W", "1.5 0N 0w -0we",
		"1.5 0n 0w -0w", "\"ab c\"", "2000.01.01 0N 0W 2001.02.03", "2000.01.01D1 0N 0W 0Np", "`a``b`c",
		"12:00 0N 0W 01:30", "0D01 0N 0W 0Nn", "2000.01m 0N 0W 2000.03m", "12:00:00.000 0N 0W 0Nt"}
	atoms := []string{"2", "2.5", "0N", "0n", "1b", "`a", "\"x\"", "2000.01.01", "3h", "-0W"}
	lams := []string{"{x+y}", "{x-y*2}", "{(x+y)%2}", "{x<=y}", "{x=y}", "{x<>y}", "{x&y}", "{x|y}", "{x mod y}",
		"{x div y}", "{neg x}", "{-x}", "{abs x-y}", "{not x}", "{sqrt x}", "{exp x}", "{log x}", "{floor x%y}",
		"{ceiling x}", "{signum x}", "{reciprocal x}", "{x*1.5}", "{x>2}", "{x and y}", "{x or y}"}
	var args []string
	args = append(args, vecs...)
	args = append(args, atoms...)
	fast := 0
	for _, ls := range lams {
		f, err := ip.EvalString(ls)
		if err != nil {
			t.Fatal(err)
		}
		l := f.(*value.Lambda)
		if !ip.codeOf(l).atomic {
			t.Fatalf("%s: not seen as atomic", ls)
		}
		rank := lambdaRank(l)
		for _, xs := range vecs {
			for _, ys := range args {
				a := []value.Value{mustEval(t, ip, xs), mustEval(t, ip, ys)}[:rank]
				if rank == 2 && value.Len(a[0]) != value.Len(a[1]) && a[1].Type() >= 0 {
					continue
				}
				if !ip.atomicEach(f, a) {
					t.Fatalf("%s %v: fast path not taken", ls, a)
				}
				fast++
				got, gerr := ip.Apply(&value.Derived{Adverb: value.TEach, Fn: f}, a...)
				want, werr := eachByItems(ip, f, a)
				if fmt.Sprint(gerr) != fmt.Sprint(werr) || gerr == nil && !match(got, want) ||
					gerr == nil && got.Type() != want.Type() {
					t.Errorf("%s'[%s;%s]: got %v (%v) want %v (%v)", ls, xs, ys, got, gerr, want, werr)
				}
			}
		}
	}
	// the iterators against a twin with a local, which takes the item-by-item path
	for _, ls := range lams {
		twin := "{r:" + ls[1:len(ls)-1] + ";r}"
		forms := []string{"f each X"}
		if strings.Contains(ls, "y") {
			forms = []string{"f'[X;Y]", "X f\\: Y", "Y f/: X", "f': X", "Y f': X"}
		}
		for i, xs := range vecs {
			for _, ys := range append([]string{vecs[(i+3)%len(vecs)], xs}, atoms[i%len(atoms)], atoms[(i+5)%len(atoms)]) {
				for _, form := range forms {
					e := strings.NewReplacer("X", "("+xs+")", "Y", "("+ys+")")
					got, gerr := ip.EvalString(e.Replace(strings.ReplaceAll(form, "f", ls)))
					want, werr := ip.EvalString(e.Replace(strings.ReplaceAll(form, "f", twin)))
					if fmt.Sprint(gerr) != fmt.Sprint(werr) || gerr == nil && (!match(got, want) || got.Type() != want.Type()) {
						t.Errorf("%s with %s, %s: got %v (%v) want %v (%v)", form, ls, e.Replace("X Y"), got, gerr, want, werr)
					}
				}
			}
		}
	}
	for _, ls := range []string{"{x+a}", "{x+1 2}", "{x,y}", "{a:x;a+1}", "{x+y}'", "{$[x;1;2]}", "{x y}", "{til x}", "{x+count y}"} {
		f, err := ip.EvalString(ls)
		if l, ok := f.(*value.Lambda); err == nil && ok && ip.codeOf(l).atomic {
			t.Errorf("%s taken as atomic", ls)
		}
	}
	if fast < 500 {
		t.Fatalf("only %d cases", fast)
	}
}

func mustEval(t *testing.T, ip *Interp, s string) value.Value {
	v, err := ip.EvalString(s)
	if err != nil {
		t.Fatal(s, err)
	}
	return v
}

// eachByItems is each the long way: f on each item, results collected.
func eachByItems(ip *Interp, f value.Value, args []value.Value) (v value.Value, err error) {
	defer ip.recoverTo(&err, ip.mark())
	n := value.Len(args[0])
	r := make([]value.Value, n)
	for i := range r {
		a := make([]value.Value, len(args))
		for k, x := range args {
			if x.Type() >= 0 {
				a[k] = value.At(x, i)
			} else {
				a[k] = x
			}
		}
		r[i] = ip.apply(f, a)
	}
	return qlist(r), nil
}

// TestEachFrameReuse checks binary lambdas run in one reused frame by each, each-left,
// each-right and each-prior against the same lambda behind a projection (the call
// path): locals that must start unset, early returns, recursion through .z.s, globals,
// and an error part-way.
func TestEachFrameReuse(t *testing.T) {
	ip := New(&bytes.Buffer{}, &bytes.Buffer{})
	if _, err := ip.EvalString("g:0;xs:1 5 2 8 3;ys:4 4 9 1 3"); err != nil {
		t.Fatal(err)
	}
	lams := []string{"{a:x+y;a*2}", "{if[x>y;:x];y}", "{$[x=0;y;x>20;'big;.z.s[x-1;y+x]]}", "{g+:1;x,y}",
		"{[a;b] c:a*b;d:c-a;(c;d)}", "{$[x>7;'oops;x-y]}", "{b:x;b+y}", "{if[x>3;a:x];(x;y;a)}"}
	for _, ls := range lams {
		for _, form := range []string{"F'[xs;ys]", "xs F\\: ys", "xs F/: ys", "F': xs", "0 F': xs", "F'[xs;3]"} {
			got, gerr := ip.EvalString(strings.ReplaceAll(form, "F", ls))
			want, werr := ip.EvalString(strings.ReplaceAll(form, "F", ls+"[;]"))
			if fmt.Sprint(gerr) != fmt.Sprint(werr) || gerr == nil && !match(got, want) {
				t.Errorf("%s with %s: got %v (%v) want %v (%v)", form, ls, got, gerr, want, werr)
			}
		}
	}
	if d, _ := ip.EvalString("g"); d.(value.Long) == 0 {
		t.Error("the lambda with a global never ran")
	}
}
