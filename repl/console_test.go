//go:build linux

package repl

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The interactive console is tested on the real binary through a pseudo-terminal, the
// only way to get readline, raw mode and Ctrl-C as a user does.

// openPTY returns the master side of a new pseudo-terminal and its slave.
func openPTY() (master, slave *os.File, err error) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		return nil, nil, err
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		m.Close()
		return nil, nil, err
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		return nil, nil, err
	}
	unix.IoctlSetWinsize(int(s.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 25, Col: 80})
	return m, s, nil
}

// terminal is a running gq on a pseudo-terminal, with everything it printed so far.
type terminal struct {
	t      *testing.T
	master *os.File
	cmd    *exec.Cmd
	mu     sync.Mutex
	buf    bytes.Buffer
	seen   int // bytes already matched by expect
}

func (tm *terminal) output() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.buf.String()
}

// expect waits until s appears in the output after what earlier calls matched.
func (tm *terminal) expect(s string) {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		out := tm.output()
		if i := strings.Index(out[tm.seen:], s); i >= 0 {
			tm.seen += i + len(s)
			return
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waiting for %q; after %q the console printed %q", s, out[:tm.seen], out[tm.seen:])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (tm *terminal) send(s string) {
	tm.t.Helper()
	if _, err := tm.master.Write([]byte(s)); err != nil {
		tm.t.Fatal(err)
	}
}

// binDir holds the gq binary built for this test run; TestMain removes it.
var binDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// buildGQ builds the gq binary once per test run.
var buildGQ = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "gq-console-test")
	if err != nil {
		return "", err
	}
	binDir = dir
	bin := filepath.Join(dir, "gq")
	out, err := exec.Command("go", "build", "-o", bin, "../cmd/gq").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// newTerminal collects what is printed on the pty's master side.
func newTerminal(t *testing.T, master *os.File) *terminal {
	tm := &terminal{t: t, master: master}
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := master.Read(b)
			tm.mu.Lock()
			tm.buf.Write(b[:n])
			tm.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return tm
}

// startConsole runs gq on a new pseudo-terminal with a fresh home directory (so the
// history starts empty).
func startConsole(t *testing.T, args ...string) *terminal {
	return startConsoleHome(t, t.TempDir(), args...)
}

// startConsoleHome runs gq on a new pseudo-terminal with $HOME set to home.
func startConsoleHome(t *testing.T, home string, args ...string) *terminal {
	// The typed line is plain here, so the tests can match its echo byte for byte; the
	// tmux tests see it highlighted.
	return startConsoleEnv(t, []string{"HOME=" + home, "TERM=xterm", "GQ_HIGHLIGHT=0"}, args...)
}

// startConsoleEnv runs gq on a new pseudo-terminal with env added to the environment.
func startConsoleEnv(t *testing.T, env []string, args ...string) *terminal {
	return startConsoleOut(t, env, nil, args...)
}

// startConsoleOut is startConsoleEnv with stdout going to out instead, when out is set.
func startConsoleOut(t *testing.T, env []string, out io.Writer, args ...string) *terminal {
	bin, err := buildGQ()
	if err != nil {
		t.Fatal(err)
	}
	master, slave, err := openPTY()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no pseudo-terminal: %v", err)
		}
		t.Skipf("no pseudo-terminal: %v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	if out != nil {
		cmd.Stdout = out
	}
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	tm := newTerminal(t, master)
	tm.cmd = cmd
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		master.Close()
	})
	return tm
}

func TestConsole(t *testing.T) {
	tm := startConsole(t)
	tm.expect("gq ")
	tm.expect("q)")
	tm.send("1+1\r")
	tm.expect("2\r\n")
	tm.expect("q)")

	// Up-arrow recalls the previous line; Enter runs it again.
	tm.send("a:41\r")
	tm.expect("q)")
	tm.send("a+1\r")
	tm.expect("42\r\n")
	tm.expect("q)")
	tm.send("\x1b[A\r")
	tm.expect("42\r\n")
	tm.expect("q)")

	// An error is printed in colour on a terminal, and the console goes on.
	tm.send("1+`a\r")
	tm.expect("'type")
	tm.expect("q)")

	// Ctrl-C during a long evaluation stops it with 'stop; the session goes on.
	tm.send("do[1000000000;x:1]\r")
	tm.expect("do[1000000000;x:1]\r\n") // readline has the line: the loop is starting
	// A Ctrl-C that lands before the evaluation starts is lost (nothing to stop), so
	// on a loaded machine try again until it takes.
	for i := 0; !strings.Contains(tm.output()[tm.seen:], "'stop"); i++ {
		if i == 20 {
			t.Fatalf("Ctrl-C did not stop the loop: %q", tm.output()[tm.seen:])
		}
		time.Sleep(200 * time.Millisecond)
		tm.send("\x03")
		time.Sleep(300 * time.Millisecond)
	}
	tm.expect("'stop")
	tm.expect("q)")
	tm.send("2+3\r")
	tm.expect("5\r\n")
	tm.expect("q)")

	// Ctrl-C at the prompt clears the line: what follows is a fresh line (not 99993+4).
	tm.send("9999\x03")
	tm.expect("q)")
	tm.send("3+4\r")
	tm.expect("\r\n7\r\n")

	// The prompt shows the context, as q's does.
	tm.send("\\d .foo\r")
	tm.expect("q.foo)")
	tm.send("\\d .\r")
	tm.expect("q)")

	// \\ leaves.
	tm.send("\\\\\r")
	tm.waitExit()
	t.Logf("console output: %q", tm.output())
}

// TestConsoleScript checks `gq script.q` on a terminal: banner, the script's output,
// then the prompt with the script's definitions in place.
func TestConsoleScript(t *testing.T) {
	script := filepath.Join(t.TempDir(), "s.q")
	if err := os.WriteFile(script, []byte("a:6\na*7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm := startConsole(t, script)
	tm.expect("gq ")
	tm.expect("42\r\n")
	tm.expect("q)")
	tm.send("a\r")
	tm.expect("6\r\n")
}

// TestHistoryPersists checks that a new console recalls the lines of the last one, and
// that the history file is private, with passwords masked (issue 12).
func TestHistoryPersists(t *testing.T) {
	home := t.TempDir()
	tm := startConsoleHome(t, home)
	tm.expect("q)")
	tm.send("x:`::5001:ann:secret\r") // an address with a password: kept masked
	tm.expect("q)")
	tm.send("6*7\r")
	tm.expect("42\r\n")
	tm.expect("q)")
	tm.send("\\\\\r")
	tm.waitExit()
	hist := filepath.Join(home, ".gq_history")
	b, err := os.ReadFile(hist)
	st, _ := os.Stat(hist)
	if err != nil || strings.Contains(string(b), "secret") || !strings.Contains(string(b), "x:`::5001:ann:***") {
		t.Errorf("history file %q %v", b, err)
	}
	if st == nil || st.Mode().Perm() != 0o600 {
		t.Errorf("history file mode %v, want 0600", st.Mode())
	}

	tm = startConsoleHome(t, home)
	tm.expect("q)")
	tm.send("\x1b[A\x1b[A\r") // the last line was \\, the one before 6*7
	tm.expect("42\r\n")
}

// Errors are red on a terminal, unless NO_COLOR is set or the terminal is dumb
// (no-color.org; issue 12).
func TestColourChoice(t *testing.T) {
	const red = "\x1b[31m"
	for _, c := range []struct {
		env    []string
		colour bool
	}{
		{[]string{"TERM=xterm"}, true},
		{[]string{"TERM=xterm", "NO_COLOR=1"}, false},
		{[]string{"TERM=dumb"}, false},
	} {
		tm := startConsoleEnv(t, append(c.env, "HOME="+t.TempDir()))
		tm.expect("q)")
		tm.send("1+`a\r")
		tm.expect("'type")
		tm.expect("q)")
		if got := strings.Contains(tm.output(), red); got != c.colour {
			t.Errorf("%v: colour %v, want %v: %q", c.env, got, c.colour, tm.output())
		}
	}
}

// waitExit waits for gq to end by itself.
func (tm *terminal) waitExit() {
	tm.t.Helper()
	done := make(chan error, 1)
	go func() { done <- tm.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			tm.t.Errorf("exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		tm.t.Fatalf("gq did not exit; output %q", tm.output())
	}
}

// TestConsoleQuietAndCtrlD checks -q (no banner, no prompt) and that Ctrl-D exits.
func TestConsoleQuietAndCtrlD(t *testing.T) {
	tm := startConsole(t, "-q")
	tm.send("10*3\r")
	tm.expect("30\r\n")
	tm.send("\x04")
	tm.waitExit()
	if out := tm.output(); strings.Contains(out, "q)") || strings.Contains(out, "gq ") {
		t.Errorf("-q printed a prompt or banner: %q", out)
	}
}

// chanEval passes each chunk to the test; it stands in for the interpreter.
type chanEval chan string

func (c chanEval) Exec(src string) (string, error) { c <- src; return "", nil }

// TestAsyncOutputRedraw checks that output from IPC work arriving while a line is
// being typed is printed above it and the line is redrawn, not garbled.
func TestAsyncOutputRedraw(t *testing.T) {
	master, slave, err := openPTY()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no pseudo-terminal: %v", err)
		}
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer master.Close()
	defer slave.Close()
	tm := newTerminal(t, master)
	work := make(chan func())
	ran := make(chanEval, 4)
	s := &Session{In: slave, Out: slave, Err: slave, Interactive: true, Prompt: "q)", Interp: ran, Work: work}
	done := make(chan error, 1)
	go func() { done <- s.Run() }()
	defer func() {
		s.Close()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("the session did not end after Close")
		}
	}()

	tm.expect("q)")
	tm.send("12")
	tm.expect("12")
	select {
	case work <- func() { fmt.Fprintln(s.Stdout(), "async") }:
	case <-time.After(10 * time.Second):
		t.Fatalf("the session takes no work; terminal shows %q", tm.output())
	}
	tm.expect("async")
	tm.expect("q)12")
	tm.send("3\r")
	select {
	case got := <-ran:
		if got != "123" {
			t.Errorf("ran %q, want 123", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("line not run; terminal shows %q", tm.output())
	}
}

// Tab completes a global, a name in a namespace (.Q.addmonths) and a file path after
// `: (issue 12); tmux shows the completed lines as typed.
func TestTabCompletion(t *testing.T) {
	tm := startTmux(t)
	tm.screen("q)")
	tm.keys("longname:42", "Enter")
	tm.keys("longn", "Tab", "Enter")
	tm.keys(".Q.addm", "Tab", "[2000.01.15;1]", "Enter")
	tm.keys("hcount`:complete_t", "Tab", "Enter")
	s := tm.screen("q)hcount`:complete_test.go")
	for _, want := range []string{"q)longname\n42\n", "q).Q.addmonths[2000.01.15;1]\n2000.02.15\n", "q)hcount`:complete_test.go\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("%q is not on the screen:\n%s", want, s)
		}
	}
}

// tmuxConsole is gq in a tmux session of its own: keys are typed, the screen is read.
type tmuxConsole struct {
	t          *testing.T
	tmux, name string
}

// startTmux runs gq in tmux on an 80x24 screen (tmux is part of the machine; in CI its
// absence fails the test).
func startTmux(t *testing.T) *tmuxConsole { return startTmuxEnv(t) }

// startTmuxEnv is startTmux with env (NAME=value) added to gq's environment.
func startTmuxEnv(t *testing.T, env ...string) *tmuxConsole {
	return startTmuxCmd(t, strings.Join(env, " "), "")
}

// startTmuxArgs is startTmux with gq's command-line arguments.
func startTmuxArgs(t *testing.T, args string) *tmuxConsole { return startTmuxCmd(t, "", args) }

// startTmuxCmd runs env gq args in the tmux session.
func startTmuxCmd(t *testing.T, env, args string) *tmuxConsole {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no tmux")
		}
		t.Skip("no tmux")
	}
	bin, err := buildGQ()
	if err != nil {
		t.Fatal(err)
	}
	tc := &tmuxConsole{t: t, tmux: tmux, name: fmt.Sprintf("gqtest%d%s", os.Getpid(), strings.ReplaceAll(t.Name(), "/", ""))}
	tc.run("new-session", "-d", "-s", tc.name, "-x", "80", "-y", "24", "env HOME="+t.TempDir()+" TERM=xterm "+env+" "+bin+" "+args)
	t.Cleanup(func() { exec.Command(tmux, "-L", tc.name, "kill-server").Run() })
	return tc
}

func (tc *tmuxConsole) run(args ...string) string {
	out, err := exec.Command(tc.tmux, append([]string{"-L", tc.name}, args...)...).CombinedOutput()
	if err != nil {
		tc.t.Fatalf("tmux %v: %v %s", args, err, out)
	}
	return string(out)
}

// keys types keys (tmux key names such as Enter and Tab, or text), one by one.
func (tc *tmuxConsole) keys(keys ...string) {
	for _, k := range keys {
		tc.run("send-keys", "-t", tc.name, k)
		time.Sleep(30 * time.Millisecond)
	}
}

// screen waits (10 s at most) until the screen shows want, and returns it.
func (tc *tmuxConsole) screen(want string) string {
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := tc.run("capture-pane", "-p", "-t", tc.name)
		if strings.Contains(s, want) || time.Now().After(deadline) {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Output from the timer (or a handler) while the prompt waits is printed above the
// prompt and stays on the screen: a -1 line used to be written in two pieces, and the
// prompt's redraw after the first wiped it (issue 12). tmux shows the screen as a
// person sees it.
func TestTimerOutputSurvivesPrompt(t *testing.T) {
	tm := startTmux(t)
	tm.screen("q)")
	tm.keys(`.z.ts:{-1"tick ",string n+:1;if[n=3;system"t 0"]}`, "Enter")
	tm.keys(`\t 100`, "Enter")
	s := tm.screen("tick 3")
	for _, line := range []string{"tick 1", "tick 2", "tick 3"} {
		if !strings.Contains(s, line+"\n") {
			t.Errorf("%q is not on the screen:\n%s", line, s)
		}
	}
}

// With stdout redirected (gq | tee log) the console still edits on the terminal, and
// stdout gets the banner and results only: no prompt redraws, no control codes (issue 12).
func TestRedirectedStdout(t *testing.T) {
	var out bytes.Buffer
	tm := startConsoleOut(t, []string{"HOME=" + t.TempDir(), "TERM=xterm"}, &out)
	tm.expect("q)")
	tm.send("1+1\r")
	tm.expect("q)")
	tm.send("til 3\r")
	tm.expect("q)")
	tm.send("\\\\\r")
	tm.waitExit()
	lines := strings.Split(out.String(), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "gq ") || lines[1] != "2" || lines[2] != "0 1 2" || lines[3] != "" {
		t.Errorf("stdout %q, want the banner, 2 and 0 1 2", out.String())
	}
	if strings.ContainsAny(out.String(), "\x1b\r") {
		t.Errorf("control codes on stdout: %q", out.String())
	}
}
