package eval

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// adviseHuge asks for transparent huge pages under the whole 2 MB pages of s's memory,
// before anything is written there. A table column grown by insert all day is fresh
// memory each time it doubles, and fresh 4 KB pages cost a fault each (issue 14: ~3 ms
// per MB on the project's VMs); 2 MB pages fault 512 times less often.
func adviseHuge[T any](s []T) {
	const huge = 2 << 20
	var z T
	size := uintptr(cap(s)) * unsafe.Sizeof(z)
	if size < 2*huge {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), size)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := (p + huge - 1) &^ (huge - 1)
	hi := (p + size) &^ (huge - 1)
	if hi > lo {
		unix.Madvise(b[lo-p:hi-p], unix.MADV_HUGEPAGE)
	}
}

// prefault is adviseHuge, then has the kernel fault in at once the whole huge pages
// under s's first n items (MADV_POPULATE_WRITE, Linux 5.14; an older kernel refuses
// it and the writes fault as before). Touching fresh memory page by page costs
// 0.6-1.1 s per 80 MB on the project's VMs; advised and populated, 10-50 ms
// (measured side by side, mmap'd memory, 4 runs). Memory the heap reuses is already
// there and the call only walks its page tables.
func prefault[T any](s []T, n int) {
	if heapPlain {
		return
	}
	adviseHuge(s)
	const huge = 2 << 20
	var z T
	size := uintptr(n) * unsafe.Sizeof(z)
	if size < 2*huge || n > cap(s) {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s[:cap(s)]))), size)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := (p + huge - 1) &^ (huge - 1)
	hi := (p + size) &^ (huge - 1)
	if hi > lo {
		unix.Madvise(b[lo-p:hi-p], unix.MADV_POPULATE_WRITE)
	}
}
