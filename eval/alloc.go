package eval

import "strings"

// wsLimit is the most bytes one vector may take: half the machine's memory or of the
// process's address-space limit, leaving the rest to the garbage collector. Past it kdb+
// answers 'wsfull, where Go would stop the whole process ("out of memory").
var wsLimit = min(physMem(1<<40), addressLimit()) / 2

// checkItems signals 'wsfull unless n items of w bytes each fit in memory. Every
// length that comes from a q value (til n, n#x, n?x, where n) passes here first.
func checkItems(n int64, w int) {
	if n < 0 || n > wsLimit/int64(w) {
		signal("wsfull")
	}
}

// mulItems is a*b for lengths, 'wsfull when the product cannot be a vector's length.
func mulItems(a, b int64) int64 {
	if a != 0 && b > wsLimit/a {
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
