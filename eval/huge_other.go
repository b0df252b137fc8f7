//go:build !linux

package eval

// adviseHuge is a no-op where there are no transparent huge pages to ask for.
func adviseHuge[T any]([]T) {}

// prefault is a no-op where there are no transparent huge pages to ask for.
func prefault[T any]([]T, int) {}
