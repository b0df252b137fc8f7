//go:build goexperiment.simd && amd64

package kernel

// kernelForms are the SIMD forms this CPU can run, best first, then the plain loops;
// useForm selects one for the exported kernels (tests and benchmarks only).
func kernelForms() []string {
	var fs []string
	if avx512 {
		fs = append(fs, "avx512")
	}
	if avx2 {
		fs = append(fs, "avx2")
	}
	return append(fs, "")
}

func useForm(f string) (restore func()) {
	a, b := avx512, avx2
	avx512, avx2 = f == "avx512", f == "avx2"
	return func() { avx512, avx2 = a, b }
}
