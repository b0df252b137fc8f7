package eval

import (
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/gq-dev/gq/eval/value"
)

// wsLimit is the most bytes one vector may take: half the machine's memory or of the
// process's address-space limit, leaving the rest to the garbage collector. Past it kdb+
// answers 'wsfull, where Go would stop the whole process ("out of memory").
var wsLimit = min(physMem(1<<40), addressLimit()) / 2

// wsCap is the -w workspace limit in bytes, 0 when none was given. It lowers wsLimit
// for one allocation: a request that asks for more than -w allows gets 'wsfull and the
// process goes on. Atomic because secondary goroutines (peach) allocate too.
var wsCap atomic.Int64

// SetWorkspace sets the -w limit to mb megabytes (0: none) and returns it in bytes.
// Go's garbage collector is told the same soft limit, so garbage is collected before
// the heap grows past it; the 'wsfull check itself does not depend on the collector.
// GOMEMLIMIT from the environment stays in force when it is lower.
func SetWorkspace(mb int64) int64 {
	if mb <= 0 {
		wsCap.Store(0)
		debug.SetMemoryLimit(envMemLimit)
		return 0
	}
	b := mb << 20
	wsCap.Store(b)
	debug.SetMemoryLimit(min(b, envMemLimit))
	return b
}

// envMemLimit is the soft memory limit the process started with: GOMEMLIMIT's, or
// none (math.MaxInt64).
var envMemLimit = debug.SetMemoryLimit(-1)

// Workspace is the -w limit in bytes, 0 when none was set.
func Workspace() int64 { return wsCap.Load() }

// allocLimit is the most bytes one request may allocate at once: the -w limit when
// one is set and lower than the machine's.
func allocLimit() int64 {
	if c := wsCap.Load(); c > 0 && c < wsLimit {
		return c
	}
	return wsLimit
}

// checkItems signals 'wsfull unless n items of w bytes each fit in memory. Every
// length that comes from a q value (til n, n#x, n?x, where n) passes here first.
func checkItems(n int64, w int) {
	if n < 0 || n > allocLimit()/int64(w) {
		signal("wsfull")
	}
	if b := n * int64(w); b >= reclaimMin {
		reclaimFor(b)
	}
}

// reclaimMin is the size from which a new vector first looks for garbage to reuse.
const reclaimMin = 16 << 20

// reclaimFor is value.ReclaimFor for a new vector of b bytes; \g 1 hands what the
// collection frees back to the OS.
func reclaimFor(b int64) { value.ReclaimFor(b, gcMode() == 1) }

// checkVec is checkItems for a new []T of n items: joins and razes, whose lengths
// come from the lengths of their arguments ({x,x}/[30;1#0] doubles past any memory).
func checkVec[T any](n int) {
	var z T
	checkItems(int64(n), int(unsafe.Sizeof(z)))
}

// mulItems is a*b for lengths, 'wsfull when the product cannot be a vector's length.
func mulItems(a, b int64) int64 {
	if a != 0 && b > allocLimit()/a {
		signal("wsfull")
	}
	return a * b
}

// isSizeError reports a runtime panic from a make whose length no memory could hold:
// a size check missed somewhere still ends as 'wsfull, not an internal error.
func isSizeError(r any) bool {
	e, ok := r.(error)
	return ok && strings.Contains(e.Error(), "makeslice: ") && strings.Contains(e.Error(), "out of range")
}

// The collector's policy, \g and -g (docs/basics/syscmds.md#g-garbage-collection-mode).
// kdb+ frees a block when its last reference goes and keeps the memory for the next
// allocation (mode 0, deferred, the default) until .Q.gc[] hands it back; in mode 1
// (immediate) blocks of 64 MB and more go back to the OS as they are freed. Go frees
// only at a collection, and its scavenger hands pages back once the heap goal (twice
// the live heap, GOGC=100) shrinks below what the heap holds. gq keeps Go's pacing,
// or GOGC/GOMEMLIMIT from the environment (a floor under the heap goal was tried: the
// percent it takes is re-set only after each collection, and a small-object phase
// then spreads its garbage over the whole floor, leaving no run of free pages for
// the next big vector). What gq adds is reclaimFor: before a big vector would grow
// the heap, collect, so the garbage of the previous run is reused instead of fresh
// pages (issue 14: ~270 ms per fresh 80 MB on the project's VMs; `\t:10 sum til
// 10000000` touched 154 MB of fresh memory where 77 MB do), and what fresh memory
// a big vector still needs comes as huge pages faulted in at once (value.Prefault,
// eval/value/huge_linux.go). Mode 1 hands the free pages back at such a collection
// instead.
var gcModeV atomic.Int32

// SetGCMode sets \g: 0 deferred, 1 immediate.
func SetGCMode(mode int) { gcModeV.Store(int32(mode)) }

// gcMode is \g: the collection mode.
func gcMode() int { return int(gcModeV.Load()) }

// gcRelease is .Q.gc[]: collect, hand every free page back to the OS, and give the
// bytes handed back.
func gcRelease() int64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	debug.FreeOSMemory()
	runtime.ReadMemStats(&after)
	return max(int64(after.HeapReleased)-int64(before.HeapReleased), 0)
}
