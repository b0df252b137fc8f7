package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/transcript"
)

// Tests that run the real gq binary: piped transcripts, and servers with -p.

var (
	binOnce sync.Once
	binFile string
	binErr  error
)

// gqBinary builds ./cmd/gq once per test run.
func gqBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gq-bin")
		if err != nil {
			binErr = err
			return
		}
		binFile = filepath.Join(dir, "gq")
		if out, err := exec.Command("go", "build", "-o", binFile, ".").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binFile
}

var caseMark = regexp.MustCompile("^`zzcase(\\d+)\\s*$")

// runPiped feeds the cases to `gq args...` on stdin, each followed by a marker symbol
// (as the shared qcheck.py does), and returns each case's output lines (stdout and
// stderr merged, in order).
func runPiped(t *testing.T, cases []transcript.Case, args ...string) [][]string {
	t.Helper()
	var in strings.Builder
	for i, c := range cases {
		fmt.Fprintf(&in, "%s\n`zzcase%d\n", c.In, i)
	}
	cmd := exec.Command(gqBinary(t), args...)
	cmd.Stdin = strings.NewReader(in.String())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Errorf("gq did not finish within 60s")
	}
	segs := make([][]string, len(cases))
	var cur []string
	for _, l := range strings.Split(out.String(), "\n") {
		if m := caseMark.FindStringSubmatch(l); m != nil {
			var k int
			fmt.Sscan(m[1], &k)
			if k < len(segs) {
				segs[k] = cur
			}
			cur = nil
			continue
		}
		cur = append(cur, strings.TrimRight(l, " "))
	}
	return segs
}

// checkTranscript runs text through the binary and reports every case that differs.
func checkTranscript(t *testing.T, name, text string, args ...string) (pass, fail int) {
	t.Helper()
	cases := transcript.Parse(text)
	segs := runPiped(t, cases, args...)
	for i, c := range cases {
		if segs[i] != nil && c.Match(segs[i]) || segs[i] == nil && len(c.Want) == 0 {
			pass++
			continue
		}
		fail++
		t.Errorf("%s: q)%s\n  want %q\n  got  %q", name, c.In, c.Want, segs[i])
	}
	return
}

// freePort asks the OS for a free loopback port.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// server is a gq process listening on a loopback port.
type server struct {
	port int
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
}

func (s *server) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.Write(p)
}

// output is what the server has printed so far.
func (s *server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

// startServer runs `gq args... -p 127.0.0.1:port` with stdin at EOF (serving as a
// daemon) and waits until it accepts connections.
func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	s := &server{port: freePort(t)}
	args = append(args, "-p", fmt.Sprintf("127.0.0.1:%d", s.port))
	s.cmd = exec.Command(gqBinary(t), args...)
	s.cmd.Stdout, s.cmd.Stderr = s, s
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.cmd.Process.Kill(); s.cmd.Wait() })
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.port), time.Second)
		if err == nil {
			c.Close()
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("gq did not listen on %d: %v\n%s", s.port, err, s.output())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitOutput waits until the server's output matches re.
func (s *server) waitOutput(t *testing.T, re string) {
	t.Helper()
	r := regexp.MustCompile(re)
	deadline := time.Now().Add(5 * time.Second)
	for !r.MatchString(s.output()) {
		if time.Now().After(deadline) {
			t.Fatalf("server output never matched %s:\n%s", re, s.output())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
