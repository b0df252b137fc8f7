package eval

import (
	"slices"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// TestPrefault checks that asking for huge pages and faulting them in leaves a
// vector's length, capacity and contents as they were, for sizes below, at and past
// the 4 MB where it starts and lengths that are not a whole number of huge pages.
func TestPrefault(t *testing.T) {
	for _, n := range []int{0, 1, 1<<19 - 1, 1 << 19, 1<<20 + 3, 3<<20 + 12345} {
		s := make([]int64, n, n+n/3)
		for i := range s {
			s[i] = int64(i) * 7
		}
		value.Prefault(s, len(s))
		value.Prefault(s[:0], cap(s)) // past the length: the spare capacity only
		if len(s) != n || cap(s) != n+n/3 {
			t.Fatalf("n=%d: len %d cap %d", n, len(s), cap(s))
		}
		for i, v := range s {
			if v != int64(i)*7 {
				t.Fatalf("n=%d: s[%d]=%d", n, i, v)
			}
		}
	}
}

// TestBigTilAndJoin checks the vectors that are prefaulted against plain loops:
// til past 4 MB and a join that grows a column into new memory.
func TestBigTilAndJoin(t *testing.T) {
	const n = 1<<20 + 12345
	got := til(value.Long(n)).(*value.Vec[int64]).S
	for i, v := range got {
		if v != int64(i) {
			t.Fatalf("til: [%d]=%d", i, v)
		}
	}
	x, y := value.Longs(slices.Clone(got)), value.Longs([]int64{-1, value.NullLong})
	j := appendVec(x, y).S
	want := append(slices.Clone(got), -1, value.NullLong)
	if !slices.Equal(j, want) {
		t.Fatal("join differs from append")
	}
}
