package repl

import (
	"fmt"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// lastLine is the last non-blank line of a screen.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n "), "\n")
	return strings.TrimRight(lines[len(lines)-1], " ")
}

// At a terminal an error prints kdb+ 4's location lines, the caret under the failing
// primitive; in a lambda it suspends with the q)) prompt, where the lambda's locals
// are visible and .Q.bt[] shows the stack, until \ returns to q) (docs/basics/debug.md).
func TestDebuggerAtTerminal(t *testing.T) {
	tm := startTmux(t)
	tm.screen("q)")
	tm.keys("1+`a", "Enter")
	if s := tm.screen("^"); !strings.Contains(s, "q)1+`a\n'type\n  [0]  1+`a\n        ^\nq)") {
		t.Fatalf("location lines:\n%s", s)
	}
	tm.keys(`g:{a:x*2;a+y}`, "Enter", `g[3;"hello"]`, "Enter")
	if s := tm.screen("q))"); !strings.Contains(s, "'type\n  [1]  g:{a:x*2;a+y}\n                 ^\nq))") {
		t.Fatalf("debugger:\n%s", s)
	}
	tm.keys("a+100", "Enter")
	if s := tm.screen("106"); !strings.Contains(s, "q))a+100\n106\nq))") {
		t.Fatalf("local a:\n%s", s)
	}
	tm.keys(".Q.bt[]", "Enter")
	if s := tm.screen("[0]  g[3"); !strings.Contains(s, ">>[1]  g:{a:x*2;a+y}\n                 ^\n  [0]  g[3;\"hello\"]\n       ^\n") {
		t.Fatalf(".Q.bt[]:\n%s", s)
	}
	tm.keys(`\`, "Enter")
	if s := tm.screen("q))\\\nq)"); lastLine(s) != "q)" {
		t.Fatalf("\\ did not return to q):\n%s", s)
	}
	tm.keys("a", "Enter") // g's local is gone
	if s := tm.screen("'a"); !strings.Contains(s, "q)a\n'a\n") {
		t.Errorf("after \\:\n%s", s)
	}
}

// With -e 1 a client request's error suspends the server in its console's debugger:
// the request waits until \ clears it, then the client gets the error (docs/basics/
// syscmds.md#e-error-trap-clients: "The server suspends on an error, and does not
// process other requests until the stack is cleared").
func TestClientErrorSuspendsServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	tm := startTmuxArgs(t, fmt.Sprintf("-p 127.0.0.1:%d -e 1", port))
	tm.screen("q)")
	tm.keys(`f:{b:x*2;b+x}`, "Enter")
	tm.screen("q)f:")
	bin, _ := buildGQ()
	client := exec.Command(bin)
	client.Stdin = strings.NewReader(fmt.Sprintf("h:hopen %d\nh\"f `a\"\nh\"1+1\"\n", port))
	done := make(chan string, 1)
	go func() { out, _ := client.CombinedOutput(); done <- string(out) }()
	t.Cleanup(func() { client.Process.Kill() })
	if s := tm.screen("q))"); !strings.Contains(s, "'type\n  [1]  f:{b:x*2;b+x}\n") {
		t.Fatalf("server:\n%s", s)
	}
	select {
	case out := <-done:
		t.Fatalf("the client got its answer before the server left the debugger: %q", out)
	case <-time.After(300 * time.Millisecond):
	}
	tm.keys("x", "Enter")
	if s := tm.screen("`a\nq))"); !strings.Contains(s, "q))x\n`a\nq))") {
		t.Fatalf("argument x:\n%s", s)
	}
	tm.keys(`\`, "Enter")
	select {
	case out := <-done:
		if want := "'type\n  [0]  h\"f `a\"\n       ^\n2\n"; out != want {
			t.Errorf("client printed %q, want %q", out, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the client never got its answer")
	}
	if s := tm.screen("q)"); lastLine(s) != "q)" {
		t.Errorf("server prompt:\n%s", s)
	}
}
