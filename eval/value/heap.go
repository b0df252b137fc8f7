package value

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Memory for big vectors and messages (issue 14), shared by eval (vectors) and ipc
// (message buffers): huge pages faulted in up front (Prefault, huge_linux.go), and a
// collection before the heap grows for a big allocation (ReclaimFor).

// HeapPlain (GQ_HEAP=plain in the environment) turns Prefault and ReclaimFor off, so
// that bench/ can measure gq with and without them in one run.
var HeapPlain = os.Getenv("GQ_HEAP") == "plain"

var reclaimSamples = []metrics.Sample{
	{Name: "/memory/classes/heap/free:bytes"},
	{Name: "/memory/classes/heap/objects:bytes"},
	{Name: "/gc/scan/heap:bytes"},
}

// ReclaimFor collects garbage before an allocation of b bytes when that lets the
// allocation reuse memory instead of growing the heap into fresh pages: the free
// pages the heap holds are fewer than b, the heap's objects (some of them garbage,
// which only a collection can tell) could cover it, and the collector has less to
// scan than b (marking a byte costs about what faulting in a fresh byte costs on
// bare metal; ~10x less on the project's VMs). kdb+ reuses a freed block at once by
// reference counting; Go would otherwise map new memory while the garbage waits for
// the pacer, and a heap full of small dead objects has no run of free pages long
// enough for a big vector either. release (\g 1) hands what is freed to the OS too.
func ReclaimFor(b int64, release bool) {
	if HeapPlain {
		return
	}
	s := make([]metrics.Sample, len(reclaimSamples))
	copy(s, reclaimSamples)
	metrics.Read(s)
	var v [3]int64
	for i := range s {
		if s[i].Value.Kind() == metrics.KindUint64 {
			v[i] = int64(s[i].Value.Uint64())
		}
	}
	free, objects, scan := v[0], v[1], v[2]
	if free < b && objects >= b && scan < b {
		if release {
			debug.FreeOSMemory()
			return
		}
		runtime.GC()
	}
}
