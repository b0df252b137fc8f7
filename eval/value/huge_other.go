//go:build !linux

package value

// Prefault is a no-op where there are no transparent huge pages to ask for.
func Prefault[T any]([]T, int) {}
