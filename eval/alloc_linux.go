//go:build linux

package eval

import (
	"syscall"
	"unsafe"
)

// hugePages asks the kernel for transparent huge pages (THP in madvise mode) over the
// 2 MB-aligned part of a large vector's storage, before its first touch: one fault
// per 2 MB instead of 512. Errors are ignored (the vector works either way).
func hugePages[T any](s []T) {
	var z T
	n := uintptr(cap(s)) * unsafe.Sizeof(z)
	if n < 4<<20 {
		return
	}
	const huge = 2 << 20
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	lo, hi := (p+huge-1)&^(huge-1), (p+n)&^(huge-1)
	if hi <= lo {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), n)[lo-p : hi-p]
	syscall.Madvise(b, syscall.MADV_HUGEPAGE)
}
