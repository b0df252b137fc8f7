//go:build !goexperiment.simd

package kernel

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestSIMDBuild runs this package's exactness tests in the GOEXPERIMENT=simd build, so
// that the one test command (go test ./...) checks the SIMD forms against the plain
// loops too. It needs the go command (on PATH under go test); it builds the standard
// library's experiment variant once, then the build cache keeps it.
func TestSIMDBuild(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("the SIMD forms are amd64 only; this build uses the plain loops")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the GOEXPERIMENT=simd variant:", err)
	}
	exp := "simd"
	if e := os.Getenv("GOEXPERIMENT"); e != "" {
		exp = e + ",simd"
	}
	timeout := 3 * time.Minute
	if d, ok := t.Deadline(); ok {
		timeout = min(timeout, time.Until(d)-5*time.Second)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goCmd, "test", "-count=1", "-v", "-run", "^TestKernelsMatchPlain", "-timeout", timeout.String(), ".")
	cmd.Env = append(os.Environ(), "GOEXPERIMENT="+exp)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("GOEXPERIMENT=%s go test: %v\n%s", exp, err, out)
	}
	s := string(out)
	if !strings.Contains(s, "--- PASS: TestKernelsMatchPlain ") || !strings.Contains(s, "--- PASS: TestKernelsMatchPlainOnePair") {
		t.Fatalf("GOEXPERIMENT=%s go test ran no exactness test:\n%s", exp, out)
	}
	if !strings.Contains(s, `simd form: "avx512"`) {
		t.Logf("this CPU has no AVX-512: the SIMD build was checked on its plain fallback only")
	}
}
