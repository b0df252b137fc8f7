package eval

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// An internal error (a Go panic inside the evaluator) is reported as 'internal error and
// the session goes on; with Debug (gq -debug, GQ_DEBUG) its Go stack goes to stderr so
// it can be diagnosed.
func TestInternalErrorStack(t *testing.T) {
	for _, debug := range []bool{false, true} {
		var out, errOut bytes.Buffer
		ip := New(&out, &errOut)
		ip.Debug = debug
		_, err := ip.serve(0, func() value.Value { var p *value.Dict; return p.K })
		if err == nil || !strings.HasPrefix(err.Error(), "internal error: ") {
			t.Fatalf("debug %v: error %v", debug, err)
		}
		stack := strings.Contains(errOut.String(), "goroutine ") && strings.Contains(errOut.String(), "debug_test.go")
		if stack != debug {
			t.Errorf("debug %v: stack printed %v:\n%s", debug, stack, errOut.String())
		}
		if v, err := ip.Exec("1+1"); err != nil || v != "2\n" {
			t.Errorf("after the internal error: %q %v", v, err)
		}
	}
}
