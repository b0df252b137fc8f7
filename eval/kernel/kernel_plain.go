//go:build !(goexperiment.simd && amd64)

package kernel

// FarVV writes exact x<y (less) or x=y into r (len(xv) items; yv and r at least as
// long) and reports whether that is the tolerant answer for every item: no pair
// within NearUlps, no NaN in xv.
func FarVV(less bool, r []byte, xv, yv []float64) bool { return farVVGo(less, r, xv, yv) }

// Features names the SIMD form in use ("" for the plain loops).
func Features() string { return "" }

// GeAtom sets r[i] to v[i]>=u (r at least as long as v).
func GeAtom(r []byte, v []float64, u float64) { geGo(r, v, u) }

// LeNaNAtom sets r[i] to v[i]<=u or v[i] a NaN.
func LeNaNAtom(r []byte, v []float64, u float64) { leNaNGo(r, v, u) }

// InAtoms sets r[i] to lo<=v[i]<=hi.
func InAtoms(r []byte, v []float64, lo, hi float64) { inGo(r, v, lo, hi) }
