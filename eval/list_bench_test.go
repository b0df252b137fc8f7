package eval

import (
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// Benchmarks of the hot list kernels, each beside a plain Go reference doing the same
// work: go test -run XXX -bench 'Asc|Find' -benchmem ./eval

const listBenchN = 1_000_000

func listBenchLongs(n int, seed uint64) []int64 {
	r := rand.New(rand.NewPCG(seed, 1))
	s := make([]int64, n)
	for i := range s {
		s[i] = r.Int64()
	}
	return s
}

// BenchmarkAscLong: asc of 1,000,000 random longs (radix sort, copy, s# attribute).
func BenchmarkAscLong(b *testing.B) {
	x := value.Longs(listBenchLongs(listBenchN, 1))
	b.ResetTimer()
	for range b.N {
		asc(x)
	}
}

// BenchmarkAscLongSlicesSort: the reference, a copy sorted with slices.Sort.
func BenchmarkAscLongSlicesSort(b *testing.B) {
	x := listBenchLongs(listBenchN, 1)
	b.ResetTimer()
	for range b.N {
		s := slices.Clone(x)
		slices.Sort(s)
	}
}

// BenchmarkAscLongSmallRange: asc of 1,000,000 longs in 0..999 (radix skips passes).
func BenchmarkAscLongSmallRange(b *testing.B) {
	s := listBenchLongs(listBenchN, 2)
	for i := range s {
		s[i] = (s[i] & 0x7fffffffffffffff) % 1000
	}
	x := value.Longs(s)
	b.ResetTimer()
	for range b.N {
		asc(x)
	}
}

// BenchmarkIascLong: iasc (stable grade) of 1,000,000 random longs.
func BenchmarkIascLong(b *testing.B) {
	x := value.Longs(listBenchLongs(listBenchN, 1))
	b.ResetTimer()
	for range b.N {
		iasc(x)
	}
}

// BenchmarkIascLongSlicesSortStable: the reference grade, slices.SortStableFunc on indexes.
func BenchmarkIascLongSlicesSortStable(b *testing.B) {
	x := listBenchLongs(listBenchN, 1)
	b.ResetTimer()
	for range b.N {
		idx := make([]int64, len(x))
		for i := range idx {
			idx[i] = int64(i)
		}
		slices.SortStableFunc(idx, func(i, j int64) int {
			if x[i] < x[j] {
				return -1
			}
			if x[i] > x[j] {
				return 1
			}
			return 0
		})
	}
}

// listFindBench: 1,000 items looked up in a 1,000,000-long vector (half of them present).
func listFindBench() ([]int64, []int64) {
	x := listBenchLongs(listBenchN, 3)
	y := listBenchLongs(1000, 4)
	for i := 0; i < len(y); i += 2 {
		y[i] = x[(i*7919)%len(x)]
	}
	return x, y
}

// BenchmarkFindLong: x?y with count x 1,000,000 and count y 1,000.
func BenchmarkFindLong(b *testing.B) {
	xs, ys := listFindBench()
	x, y := value.Longs(xs), value.Longs(ys)
	b.ResetTimer()
	for range b.N {
		find(x, y)
	}
}

// BenchmarkFindLongMap: the reference, a Go map of x's first positions, then lookups.
func BenchmarkFindLongMap(b *testing.B) {
	x, y := listFindBench()
	b.ResetTimer()
	for range b.N {
		m := make(map[int64]int, len(x))
		for i := len(x) - 1; i >= 0; i-- {
			m[x[i]] = i
		}
		r := make([]int64, len(y))
		for i, e := range y {
			if p, ok := m[e]; ok {
				r[i] = int64(p)
			} else {
				r[i] = int64(len(x))
			}
		}
	}
}

// BenchmarkFindLongBig: x?y with 1,000,000 items on both sides (hashes x).
func BenchmarkFindLongBig(b *testing.B) {
	xs := listBenchLongs(listBenchN, 3)
	ys := listBenchLongs(listBenchN, 5)
	for i := 0; i < len(ys); i += 2 {
		ys[i] = xs[(i*7919)%len(xs)]
	}
	x, y := value.Longs(xs), value.Longs(ys)
	b.ResetTimer()
	for range b.N {
		find(x, y)
	}
}

// BenchmarkDistinctLong: distinct of 1,000,000 longs in 0..99999.
func BenchmarkDistinctLong(b *testing.B) {
	s := listBenchLongs(listBenchN, 6)
	for i := range s {
		s[i] = (s[i] & 0x7fffffffffffffff) % 100000
	}
	x := value.Longs(s)
	b.ResetTimer()
	for range b.N {
		distinct(x)
	}
}

func listBenchSyms() []string {
	s := listBenchLongs(listBenchN, 9)
	r := make([]string, len(s))
	for i, e := range s {
		v := uint64(e)
		r[i] = string([]byte{byte('a' + v%26), byte('a' + v/26%26), byte('a' + v/676%26), byte('a' + v/17576%26)})
	}
	return r
}

// BenchmarkAscSym: asc of 1,000,000 four-letter symbols (prefix radix grade).
func BenchmarkAscSym(b *testing.B) {
	x := value.Syms(listBenchSyms())
	b.ResetTimer()
	for range b.N {
		asc(x)
	}
}

// BenchmarkAscSymSlicesSort: the reference, a copy sorted with slices.Sort.
func BenchmarkAscSymSlicesSort(b *testing.B) {
	x := listBenchSyms()
	b.ResetTimer()
	for range b.N {
		s := slices.Clone(x)
		slices.Sort(s)
	}
}

// BenchmarkDistinctLongBig: distinct of 1,000,000 longs, most of them distinct.
func BenchmarkDistinctLongBig(b *testing.B) {
	s := listBenchLongs(listBenchN, 9)
	for i := range s {
		s[i] = (s[i] & 0xffffffff) % 1000000
	}
	x := value.Longs(s)
	b.ResetTimer()
	for range b.N {
		distinct(x)
	}
}

// BenchmarkDistinctLongBigMap: the reference, a Go map of seen values.
func BenchmarkDistinctLongBigMap(b *testing.B) {
	s := listBenchLongs(listBenchN, 9)
	for i := range s {
		s[i] = (s[i] & 0xffffffff) % 1000000
	}
	b.ResetTimer()
	for range b.N {
		m := make(map[int64]struct{})
		r := []int64{}
		for _, e := range s {
			if _, ok := m[e]; !ok {
				m[e] = struct{}{}
				r = append(r, e)
			}
		}
	}
}

func cpuTime() time.Duration {
	var r syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &r)
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

// BenchmarkListCPUTime reports the best-of-5 CPU time of each kernel beside its Go
// reference (as kernel/ref ratios, and in the log with -v); on a loaded machine CPU
// time is steadier than the other benchmarks' wall time.
//
//	go test ./eval -run XXX -bench ListCPUTime -benchtime 1x -v
func BenchmarkListCPUTime(b *testing.B) {
	for range b.N {
		listCPUTime(b)
	}
}

func listCPUTime(t *testing.B) {
	best := func(f func()) time.Duration {
		b := time.Hour
		for range 5 {
			t0 := cpuTime()
			f()
			b = min(b, cpuTime()-t0)
		}
		return b
	}
	longs := listBenchLongs(listBenchN, 1)
	syms := listBenchSyms()
	xs, ys := listFindBench()
	report := func(name string, k, ref time.Duration) {
		t.Logf("%-18s %v   reference %v", name, k, ref)
		t.ReportMetric(float64(k)/float64(ref), name+"/ref")
	}
	report("asc-longs", best(func() { asc(value.Longs(longs)) }),
		best(func() { slices.Sort(slices.Clone(longs)) }))
	report("iasc-longs", best(func() { iasc(value.Longs(longs)) }),
		best(func() {
			idx := make([]int64, len(longs))
			for i := range idx {
				idx[i] = int64(i)
			}
			slices.SortStableFunc(idx, func(i, j int64) int {
				if longs[i] < longs[j] {
					return -1
				}
				if longs[i] > longs[j] {
					return 1
				}
				return 0
			})
		}))
	report("asc-syms", best(func() { asc(value.Syms(syms)) }),
		best(func() { slices.Sort(slices.Clone(syms)) }))
	report("find", best(func() { find(value.Longs(xs), value.Longs(ys)) }),
		best(func() {
			m := make(map[int64]int, len(xs))
			for i := len(xs) - 1; i >= 0; i-- {
				m[xs[i]] = i
			}
			for _, e := range ys {
				_ = m[e]
			}
		}))
}
