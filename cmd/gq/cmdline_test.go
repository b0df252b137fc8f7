package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestZCommandLine checks .z.X (the whole command line), .z.x (what is left for the
// script) and .z.q (-q) as a script sees them.
func TestZCommandLine(t *testing.T) {
	bin := gqBinary(t)
	cmd := exec.Command(bin, "-q", "-c", "30", "80", "-abc", "123")
	cmd.Stdin = strings.NewReader("1_.z.X\n.z.x\n.z.q\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatal(err, string(out))
	}
	want := "\"-q\"\n\"-c\"\n\"30\"\n\"80\"\n\"-abc\"\n\"123\"\n\"-abc\"\n\"123\"\n1b\n"
	if string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
}
