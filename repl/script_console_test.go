//go:build linux

package repl

import (
	"os"
	"path/filepath"
	"testing"
)

// `gq script.q` on a terminal: an error in the script is printed, the rest of the
// script is not run (script.go), and the console stays at the prompt with what the
// script defined before the error (gq -exit-on-error leaves instead). Leaving with \\
// then gives exit code 0: the error does not change it, as in kdb+ (the evidence is
// in cmd/gq/exit_test.go).
func TestConsoleScriptError(t *testing.T) {
	script := filepath.Join(t.TempDir(), "s.q")
	if err := os.WriteFile(script, []byte("a:6\n1+`a\nb:7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm := startConsole(t, script)
	tm.expect("'type")
	tm.expect("q)")
	tm.send("a*7\r")
	tm.expect("42\r\n")
	tm.expect("q)")
	tm.send("b\r")
	tm.expect("'b")
	tm.expect("q)")
	tm.send("\\\\\r")
	tm.waitExit() // exit code 0, or waitExit fails
}
