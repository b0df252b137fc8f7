//go:build !amd64 || (purego && !goexperiment.simd)

package kernel

// kernelForms are the forms this build can run: the plain loops only.
func kernelForms() []string { return []string{""} }

func useForm(string) (restore func()) { return func() {} }
