package eval

import (
	"runtime/debug"
	"strings"
	"sync/atomic"
	"unsafe"
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
func SetWorkspace(mb int64) int64 {
	if mb <= 0 {
		wsCap.Store(0)
		debug.SetMemoryLimit(1<<63 - 1)
		return 0
	}
	b := mb << 20
	wsCap.Store(b)
	debug.SetMemoryLimit(b)
	return b
}

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
}

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
