package eval

import (
	"sync"
	"sync/atomic"
)

// Multithreaded primitives, as kdb+ 4 has them (docs/kb/mt-primitives.md): with
// secondaries (-s N, \s N) a primitive over a large vector splits it across them;
//   - only with secondaries: \s sets the most threads a primitive uses (\s 0: none);
//   - not inside peach: kdb+ 4.0's parallelism is single-level (the page's
//     `{max x}peach(0#0;v)` runs max on one thread), and gq's peach is 4.0's;
//   - only long enough vectors: a thread gets "in the order of 10^5 vector items";
//   - the result is exactly the plain one: chunks are fixed ranges of the one output
//     (elementwise kernels), or partial results combined in order (sum of longs, whose
//     wrap-around addition is associative; min and max, which keep the first of equal
//     items either way). Float sum and avg stay on one thread: kdb+'s order of
//     addition (eight lanes over the whole vector, basics/precision.md) has no split
//     that rounds the same, and a split that did would change the documented totals.
// A primitive whose result is a fresh vector keeps one serial part: Go zeroes the
// result on the calling goroutine before the chunks fill it (k:make80MB, ~8 ms for 10M
// items, about a third of L+L's time on one thread).
// Which primitives: sum (longs), min, max, + - * % & | on vectors, the comparisons,
// where on booleans, sqrt exp log and the trigonometric functions (parallel_test.go
// checks and measures them).

// mtThreads is \s of the process's main Interp, the goroutines a primitive may use (0
// or 1: none); peach and .Q.fc hold it at 0 while their secondaries run. It is the
// process's, as kdb+'s secondary threads are: gq runs one main Interp per process.
var mtThreads atomic.Int32

// mtRuns counts the parallel runs, for tests to see that a primitive split.
var mtRuns atomic.Int64

// mtMinItems is the least run of items given to a goroutine: kdb+'s order (10^5), and
// 130-260 µs of + or < at 1-2 ns an item, several times the cost of a split (a 2-way
// split of 64K items, TestParallelRatios' k:plus64K, takes ~50 µs longer here).
const mtMinItems = 1 << 17

// mtAlign is what chunk boundaries are multiples of, in items: the float compare's
// block (fltBlock) and whole 64-byte cache lines of a boolean result, so no two
// goroutines write one line; 4 KB pages of 8-byte items.
const mtAlign = 4096

// mtChunks is the number of chunks n items split into: 1 (run plain) without
// secondaries, inside peach, or below two chunks' worth of items.
func mtChunks(n int) int {
	w := int(mtThreads.Load())
	if w < 2 {
		return 1
	}
	return max(1, min(w, n/mtMinItems))
}

// mtBounds is chunk k's range [lo,hi) of w chunks of n items: equal runs of whole
// mtAlign blocks, the last chunk takes what is left.
func mtBounds(n, w, k int) (lo, hi int) {
	step := (n/w + mtAlign - 1) / mtAlign * mtAlign
	lo = min(k*step, n)
	hi = min(lo+step, n)
	if k == w-1 {
		hi = n
	}
	return lo, hi
}

// mtRun calls f(k, lo, hi) for each of w chunks of n items, chunk 0 on this goroutine
// and the others on goroutines of their own, and waits for all; a panic (a q error)
// in a chunk is raised here, the lowest chunk's first.
func mtRun(n, w int, f func(k, lo, hi int)) {
	mtRuns.Add(1)
	fail := make([]any, w)
	var wg sync.WaitGroup
	for k := 1; k < w; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { fail[k] = recover() }()
			lo, hi := mtBounds(n, w, k)
			f(k, lo, hi)
		}()
	}
	func() {
		defer func() { fail[0] = recover() }()
		lo, hi := mtBounds(n, w, 0)
		f(0, lo, hi)
	}()
	wg.Wait()
	for _, e := range fail {
		if e != nil {
			panic(e)
		}
	}
}

// mtFold is f over each chunk of n items (w of them), the partial results combined
// left to right: c(c(r0, r1), r2)...
func mtFold[T any](n, w int, f func(lo, hi int) T, c func(a, b T) T) T {
	part := make([]T, w)
	mtRun(n, w, func(k, lo, hi int) { part[k] = f(lo, hi) })
	r := part[0]
	for _, p := range part[1:] {
		r = c(r, p)
	}
	return r
}

// mtPause holds primitives to one thread (while peach's secondaries run) and returns
// what puts the setting back.
func mtPause() func() {
	old := mtThreads.Swap(0)
	return func() { mtThreads.Store(old) }
}

// wherePar is where of the booleans s in w chunks: each chunk counts its items, the
// counts give each chunk its run of the one result, and each fills its run. A chunk
// fills up to its last kept item and writes that item itself, so the branch-free
// cursor's write past the end never reaches the next chunk's run.
func wherePar(s []byte, w int) []int64 {
	n := len(s)
	cnt := make([]int, w+1)
	mtRun(n, w, func(k, lo, hi int) { cnt[k+1] = boolCount(s[lo:hi]) })
	for k := range w {
		cnt[k+1] += cnt[k]
	}
	r := make([]int64, cnt[w])
	mtRun(n, w, func(k, lo, hi int) {
		if cnt[k+1] == cnt[k] {
			return
		}
		last := hi - 1
		for s[last]&1 == 0 {
			last--
		}
		boolFill(r[cnt[k]:cnt[k+1]], s[lo:last], nil, lo)
		r[cnt[k+1]-1] = int64(last)
	})
	return r
}
