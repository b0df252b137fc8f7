package main

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestTimerTicks runs .z.ts on \t: a failing tick prints one error line and the timer
// keeps going; \t 0 (here from inside the tick) stops it, and a piped gq with nothing
// left to serve then exits.
func TestTimerTicks(t *testing.T) {
	cmd := exec.Command(gqBinary(t))
	cmd.Stdin = strings.NewReader("n:0\n" +
		".z.ts:{n::n+1; if[n=3;system\"t 0\"]; 'oops}\n" +
		"\\t 20\n" +
		"\\t\n")
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("gq did not exit after its timer stopped; printed %q", out)
	}
	if err != nil {
		t.Fatalf("gq: %v\n%s", err, out)
	}
	oops := "'oops\n  [0]  .z.ts:{n::n+1; if[n=3;system\"t 0\"]; 'oops}\n" + strings.Repeat(" ", 44) + "^\n"
	if want := "20i\n" + oops + oops + oops; string(out) != want {
		t.Errorf("printed %q, want %q", out, want)
	}
}
