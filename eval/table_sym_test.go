package eval

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/gq-dev/gq/eval/value"
)

// TestSymGroupCache checks the kept groupings of large symbol columns against fresh
// ones: the same column again, the column grown in place by joins (new symbols among
// the new rows), a shorter column on the same storage, and the ranked form against
// the by-phrase order of a plain sort.
func TestSymGroupCache(t *testing.T) {
	mk := func(n, k, off int) *value.Vec[string] {
		s := make([]string, n)
		for i := range s {
			s[i] = fmt.Sprintf("s%03d", (i*7+off)%k)
		}
		return value.Syms(s)
	}
	check := func(what string, s []string) {
		t.Helper()
		ng, ids, first := symGroupOf(s)
		wng, wids := symGroup(s)
		if ng != wng || !slices.Equal(ids, wids) || first != nil && !slices.Equal(first, groupFirst(wng, wids)) {
			t.Fatalf("%s: cached grouping differs", what)
		}
		rng, rids, rfirst := symGroupRanked(s)
		keys := make([]string, rng)
		for g, k := range rfirst {
			keys[g] = s[k]
		}
		if rng != wng || !slices.IsSorted(keys) {
			t.Fatalf("%s: ranked keys not in order", what)
		}
		for k, g := range rids {
			if s[k] != keys[g] {
				t.Fatalf("%s: row %d in group %q", what, k, keys[g])
			}
		}
	}
	col := mk(symGroupMin+100, 50, 0)
	check("fresh", col.S)
	check("again", col.S)
	var v value.Value = col
	inPlace := 0
	for i := range 5 {
		prev := v.(*value.Vec[string]).S
		v = join(v, mk(300, 60+i, i)) // new symbols s050.. appear in the new rows
		g := v.(*value.Vec[string]).S
		if unsafe.SliceData(g) == unsafe.SliceData(prev) {
			inPlace++
		}
		check(fmt.Sprintf("grown %d", i), g)
	}
	if inPlace == 0 {
		t.Fatal("no join grew in place: the extension path is not tested")
	}
	check("prefix", col.S[:symGroupMin+10])
	check("original", mk(symGroupMin+100, 50, 0).S)
}

// TestGroupAggExpr checks aggregates of column expressions by group (one pass over
// the expressions) against the same phrases hidden in a lambda, which run per group:
// values, types and errors, with nulls, infinities, where phrases and updates.
func TestGroupAggExpr(t *testing.T) {
	ip := New(io.Discard, io.Discard)
	setup := "n:5000;t:([]s:n?`a`b`c`d;g:n?3;px:@[n?100f;til 20;:;0n];sz:@[1+n?1000;20+til 20;:;0N];" +
		"i4:`int$n?50;hi:@[n?100f;40 41;:;0w];lo:n?50f)"
	if _, err := ip.EvalString(setup); err != nil {
		t.Fatal(err)
	}
	phrases := []string{"sum px*sz", "sz wavg px", "px wavg sz", "sz wsum px", "max hi-lo", "min hi-lo",
		"avg px+lo", "sum sz*2", "sum i4*sz", "count px*2", "first px-lo", "last sz+1", "sum neg sz",
		"i4 wavg px", "sum s*px", "hi wavg lo", "sum px%sz", "avg abs px-50", "max sz mod 7"}
	wraps := map[string]string{"sum": "{sum x}", "max": "{max x}", "min": "{min x}", "avg": "{avg x}",
		"count": "{count x}", "first": "{first x}", "last": "{last x}"}
	for _, p := range phrases {
		twin := p
		if strings.Contains(p, " wavg ") || strings.Contains(p, " wsum ") {
			f := strings.Fields(p)
			twin = "{x " + f[1] + " y}[" + f[0] + ";" + strings.Join(f[2:], " ") + "]"
		} else {
			f, rest, _ := strings.Cut(p, " ")
			twin = wraps[f] + "[" + rest + "]"
		}
		for _, form := range []string{"select v:P by s from t", "select v:P by s,g from t",
			"select v:P by s from t where px>20", "update v:P by s from t", "update v:P by g from t where sz>500",
			"exec v:P by s from t"} {
			got, gerr := ip.EvalString(strings.ReplaceAll(form, "P", p))
			want, werr := ip.EvalString(strings.ReplaceAll(form, "P", twin))
			if fmt.Sprint(gerr) != fmt.Sprint(werr) || gerr == nil && !match(got, want) {
				t.Errorf("%s with %s: got %v (%v) want %v (%v)", form, p, got, gerr, want, werr)
			}
		}
	}
}
