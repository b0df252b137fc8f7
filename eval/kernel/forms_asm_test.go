//go:build amd64 && !goexperiment.simd && !purego

package kernel

// kernelForms are the forms this build can run: the AVX2 assembly where the CPU has
// it, then the plain loops.
func kernelForms() []string {
	if avx2asm {
		return []string{"avx2 (assembly)", ""}
	}
	return []string{""}
}

func useForm(f string) (restore func()) {
	old := avx2asm
	avx2asm = f != ""
	return func() { avx2asm = old }
}
