//go:build !(goexperiment.simd && amd64)

package kernel

// GeAtom sets r[i] to v[i]>=u (r at least as long as v).
func GeAtom(r []byte, v []float64, u float64) { geGo(r, v, u) }

// LeNaNAtom sets r[i] to v[i]<=u or v[i] a NaN.
func LeNaNAtom(r []byte, v []float64, u float64) { leNaNGo(r, v, u) }

// InAtoms sets r[i] to lo<=v[i]<=hi.
func InAtoms(r []byte, v []float64, lo, hi float64) { inGo(r, v, lo, hi) }
