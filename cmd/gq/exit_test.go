package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestZExit checks that .z.exit runs with the exit code before gq leaves, for exit n,
// for \\ and at the end of piped input, and that an error in it does not stop the exit.
// exit n ends the process with exit code n (KxSystems/docs docs/ref/exit.md: "terminates
// the kdb+ process with x as the exit code", q)exit 42 then $? is 42).
func TestZExit(t *testing.T) {
	for _, c := range []struct {
		in, out, errOut string
		code            int
	}{
		{".z.exit:{0N!x}\nexit 3\n", "3\n", "", 3},
		{".z.exit:{0N!x}\n\\\\\n", "0\n", "", 0},
		{".z.exit:{0N!x}\n1+1\n", "2\n0\n", "", 0},
		{".z.exit:{`a+x}\nexit 4\n", "", "'type\n", 4},
		{"exit 5\n", "", "", 5},
	} {
		out, errOut, code := runExit(t, c.in)
		if out != c.out || errOut != c.errOut || code != c.code {
			t.Errorf("%q: got stdout %q stderr %q code %d; want %q %q %d",
				c.in, out, errOut, code, c.out, c.errOut, c.code)
		}
	}
}

// As kdb+, gq carries on after an error and exits 0 at the end of its input; with
// -exit-on-error the first error printed, in a piped line or a loaded script, ends it
// with exit code 1, through .z.exit (issue 12: shell scripts and CI can rely on it).
// The evidence that q's own exit status says nothing about errors: q code that needs a
// failing status sets it itself, as KX's cookbook does around loading a script
// (KxSystems/cookbook tutorial/smartmeterdemo.q: @[system;"l tutorial.q";{-1"Failed to
// load tutorial.q : ",x;exit 1}]) and as qspec does with its result (nugend/qspec
// app/spec.q: exit `int$not app.passed); a script is what one would type at the
// session (docs/learn/tour/scripts.md), so after an error the lines of stdin still run.
func TestExitOnError(t *testing.T) {
	script := filepath.Join(t.TempDir(), "s.q")
	os.WriteFile(script, []byte("a:1\n1+`a\nb:2\n"), 0o644)
	// the location lines of kdb+ 4 (docs/basics/debug.md): piped, the whole stack; a
	// script's statement is [2], after the command line and its \l
	at0 := "  [0]  1+`a\n        ^\n"
	at2 := "  [2]  " + script + ":2: 1+`a\n" + strings.Repeat(" ", 7+len(script)+4+1) + "^\n"
	for _, c := range []struct {
		args            []string
		in, out, errOut string
		code            int
	}{
		{nil, "1+1\n1+`a\n2+2\n", "2\n4\n", "'type\n" + at0, 0},
		{[]string{"-exit-on-error"}, ".z.exit:{0N!x}\n1+1\n1+`a\n2+2\n", "2\n1\n", "'type\n" + at0, 1},
		{[]string{"-exit-on-error"}, "1+1\n", "2\n", "", 0},
		{[]string{script, "-exit-on-error"}, "b\n", "", "'type\n" + at2, 1}, // b is never reached
		{[]string{script}, "b\n", "", "'type\n" + at2 + "'b\n  [0]  b\n       ^\n", 0},
	} {
		out, errOut, code := runExit(t, c.in, c.args...)
		if out != c.out || errOut != c.errOut || code != c.code {
			t.Errorf("%v %q: got stdout %q stderr %q code %d; want %q %q %d",
				c.args, c.in, out, errOut, code, c.out, c.errOut, c.code)
		}
	}
}

// At the end of piped input gq leaves (exit code 0) unless something is left to serve:
// a listening port, as the daemon idiom `nohup q -p 5000 < /dev/null` relies on
// (KxSystems/docs docs/kb/daemon.md), for which kdb+ treats the end of stdin as a
// closed handle 0, not as an exit (docs/releases/ChangesIn2.4.md: .z.pc is called with
// 0 when stdin is redirected from /dev/null). gq keeps a running timer alive the same
// way (\t then EOF): .z.ts goes on ticking, here until it calls exit 7. The docs say
// nothing of the timer alone; without a port or a timer gq leaves at once.
func TestExitAtEndOfInput(t *testing.T) {
	for _, c := range []struct {
		in, out string
		code    int
	}{
		{"n:0\n.z.ts:{n+:1;if[n=3;-1\"ticked \",string n;exit 7]}\n\\t 20\n", "ticked 3\n", 7},
		{".z.ts:{exit 7}\n1+1\n", "2\n", 0}, // no timer running: leave at the end of input
	} {
		out, errOut, code := runExit(t, c.in)
		if out != c.out || errOut != "" || code != c.code {
			t.Errorf("%q: got stdout %q stderr %q code %d; want %q \"\" %d", c.in, out, errOut, code, c.out, c.code)
		}
	}
}

// runExit runs gq args with in on stdin and returns its stdout, stderr and exit code.
func runExit(t *testing.T, in string, args ...string) (out, errOut string, code int) {
	t.Helper()
	cmd, expired := gqCmd(t, args...)
	cmd.Stdin = strings.NewReader(in)
	var o, e strings.Builder
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if expired() {
		t.Fatalf("%v %q: gq killed after %v", args, in, runDeadline)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}
