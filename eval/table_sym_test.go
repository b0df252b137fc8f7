package eval

import (
	"fmt"
	"slices"
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
