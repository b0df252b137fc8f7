//go:build !linux

package eval

// hugePages does nothing where transparent huge pages are not asked for by madvise.
func hugePages[T any](s []T) {}
