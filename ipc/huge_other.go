//go:build !linux

package ipc

// adviseHuge is a no-op where there are no transparent huge pages to ask for.
func adviseHuge([]byte) {}

// prefault is a no-op where there are no transparent huge pages to ask for.
func prefault([]byte, int) {}
