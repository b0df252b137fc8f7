//go:build !(goexperiment.simd && amd64)

package kernel

// kernelForms are the forms this build can run: the plain loops only.
func kernelForms() []string { return []string{""} }

func useForm(string) (restore func()) { return func() {} }
