//go:build !amd64 || (purego && !goexperiment.simd)

package kernel

// FarVV writes exact x<y (less) or x=y into r (len(xv) items; yv and r at least as
// long) and reports whether that is the tolerant answer for every item: no pair
// within NearUlps, no NaN in xv.
func FarVV(less bool, r []byte, xv, yv []float64) bool { return farVVGo(less, r, xv, yv) }

// Features names the SIMD form in use ("" for the plain loops).
func Features() string { return "" }
