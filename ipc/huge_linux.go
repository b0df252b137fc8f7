package ipc

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// adviseHuge asks for transparent huge pages under a large message buffer before it is
// read into: fresh 4 KB pages cost a fault each (on this project's VMs ~270 ms per
// fresh 80 MB, issue 14), 2 MB pages 512 times fewer. Only whole pages inside b are
// advised; the heap's own use of the rest is untouched. Failure is harmless.
func adviseHuge(b []byte) {
	const huge = 2 << 20
	if cap(b) < 2*huge {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := (p + huge - 1) &^ (huge - 1)
	hi := (p + uintptr(cap(b))) &^ (huge - 1)
	if hi <= lo {
		return
	}
	unix.Madvise(b[:cap(b)][lo-p:hi-p], unix.MADV_HUGEPAGE)
}

// prefault is adviseHuge, then has the kernel fault in at once the whole huge pages
// under b's first n bytes, which the read is about to fill (MADV_POPULATE_WRITE,
// Linux 5.14; refused by older kernels, harmlessly). Fresh memory touched page by
// page costs 0.6-1.1 s per 80 MB on the project's VMs, advised and populated 10-50
// ms (eval/huge_linux.go has the same for vectors).
func prefault(b []byte, n int) {
	if heapPlain {
		return
	}
	adviseHuge(b)
	const huge = 2 << 20
	n = min(n, cap(b))
	if n < 2*huge {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := (p + huge - 1) &^ (huge - 1)
	hi := (p + uintptr(n)) &^ (huge - 1)
	if hi > lo {
		unix.Madvise(b[:cap(b)][lo-p:hi-p], unix.MADV_POPULATE_WRITE)
	}
}
