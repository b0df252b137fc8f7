package main

import (
	"strings"
	"testing"
)

// pipeGQ runs gq with args, in as its piped stdin, and returns stdout and stderr merged.
func pipeGQ(t *testing.T, in string, args ...string) string {
	t.Helper()
	cmd, expired := gqCmd(t, args...)
	cmd.Stdin = strings.NewReader(in)
	out, err := cmd.CombinedOutput()
	if expired() {
		t.Fatalf("gq killed after %v; printed %q", runDeadline, out)
	}
	if err != nil {
		t.Fatal(err, string(out))
	}
	return string(out)
}

// TestZCommandLine checks .z.X (the whole command line), .z.x (what is left for the
// script) and .z.q (-q) as a script sees them.
func TestZCommandLine(t *testing.T) {
	out := pipeGQ(t, "1_.z.X\n.z.x\n.z.q\n", "-q", "-c", "30", "80", "-abc", "123")
	want := "\"-q\"\n\"-c\"\n\"30\"\n\"80\"\n\"-abc\"\n\"123\"\n\"-abc\"\n\"123\"\n1b\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

// TestZPi checks that console lines go through .z.pi when it is defined (the docs'
// example), that system commands do not, and that \x .z.pi restores the default.
func TestZPi(t *testing.T) {
	out := pipeGQ(t, "aa:([]a:1 2;b:11 22)\n.z.pi:{0N!value x;}\naa\n\\x .z.pi\naa\n")
	want := "+`a`b!(1 2;11 22)\na b\n----\n1 11\n2 22\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

// TestSecondaries checks -s N (docs/basics/cmdline.md#-s-secondary-threads): \s shows
// it, peach runs on secondaries (where a global update is 'noupdate, errors.md), and a
// bad count is refused at startup.
func TestSecondaries(t *testing.T) {
	out := pipeGQ(t, "\\s\n\\s 0N\n{x*x} peach til 5\n{a::x} peach 0 1\n\\s 0\n{a::x} peach 0 1;a\n", "-s", "2")
	want := "2i\n2i\n0 1 4 9 16\n'noupdate: `. `a\n  [0]  {a::x} peach 0 1\n              ^\n1\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
	if out := pipeGQ(t, "\\s\n"); out != "0i\n" {
		t.Errorf("without -s: %q", out)
	}
}
