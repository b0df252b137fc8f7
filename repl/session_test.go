package repl

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeEval echoes its input, fails on "bad", and records what it ran; it stands in for
// the interpreter so the main loop can be tested on its own.
type fakeEval struct {
	ran []string
	out *bytes.Buffer // where "show" writes, as the interpreter writes to its Out
}

func (f *fakeEval) Exec(src string) (string, error) {
	f.ran = append(f.ran, src)
	switch {
	case src == "bad":
		return "", errors.New("type")
	case src == "quiet":
		return "", nil
	case strings.HasPrefix(src, "show "):
		f.out.WriteString(src[5:] + "\n")
		return "", nil
	case src == "boom":
		panic("kaboom")
	}
	return src + "\n", nil
}

func TestPipedRun(t *testing.T) {
	var out bytes.Buffer
	fe := &fakeEval{out: &out}
	flushes := 0
	s := &Session{
		In: strings.NewReader("1+1\n\nbad\r\nquiet\nshow x\nboom\nlast"), Out: &out, Err: &out,
		Interp: fe, Color: true, Prompt: "q)", Banner: "banner",
		Flush: func() { flushes++ },
	}
	if err := s.Run(); err != nil {
		t.Fatal(err)
	}
	want := "1+1\n'type\nx\n'internal error: kaboom\nlast\n"
	if out.String() != want {
		t.Errorf("output %q, want %q (no banner, no prompt, no colour when piped)", out.String(), want)
	}
	if len(fe.ran) != 6 {
		t.Errorf("ran %q: blank lines are skipped, \\r is dropped", fe.ran)
	}
	if flushes != 6 {
		t.Errorf("Flush ran %d times, want once per chunk", flushes)
	}
}

func TestWorkAndTimer(t *testing.T) {
	var out bytes.Buffer
	fe := &fakeEval{out: &out}
	work := make(chan func(), 4)
	ticks := make(chan time.Time, 1)
	pr, pw := io.Pipe()
	var rec recorder
	s := &Session{
		In: pr, Out: &out, Err: &out, Interp: fe, Work: work,
		Timer:  func() <-chan time.Time { return ticks },
		OnTick: func() { rec.add("tick") },
		Flush:  func() { rec.add("flush") },
	}
	// Two items ready at once run back to back, then one flush.
	work <- func() { rec.add("w1") }
	work <- func() { rec.add("w2") }
	done := make(chan error)
	go func() { done <- s.Run() }()
	waitFor(t, func() bool { return rec.len() >= 3 })
	ticks <- time.Now()
	waitFor(t, func() bool { return rec.len() >= 5 })
	pw.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return at the end of input")
	}
	got := rec.String()
	if got != "w1 w2 flush tick flush" {
		t.Errorf("order %q", got)
	}
}

func TestKeepAlive(t *testing.T) {
	out := &syncBuffer{}
	work := make(chan func())
	stop := make(chan struct{})
	s := &Session{
		In: strings.NewReader("x\n"), Out: out, Err: out, Interp: echo{},
		Work: work, KeepAlive: func() bool { return true },
	}
	done := make(chan error)
	go func() { done <- s.Run() }()
	waitFor(t, func() bool { return out.String() == "x\n" })
	// The input has ended, but the session still serves work while alive.
	select {
	case work <- func() { out.Write([]byte("served\n")); close(stop) }:
	case <-time.After(10 * time.Second):
		t.Fatal("the session takes no work")
	}
	select {
	case <-stop:
	case <-time.After(10 * time.Second):
		t.Fatal("the work did not run")
	}
	select {
	case <-done:
		t.Fatal("Run returned while KeepAlive was true")
	case <-time.After(50 * time.Millisecond):
	}
	if out.String() != "x\nserved\n" {
		t.Errorf("output %q", out.String())
	}
}

// echo is a stateless evaluator, safe to share with a goroutine.
type echo struct{}

func (echo) Exec(src string) (string, error) { return src + "\n", nil }

// syncBuffer is a bytes.Buffer shared by the main loop and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// recorder collects events from the main loop for the test goroutine.
type recorder struct {
	mu sync.Mutex
	ev []string
}

func (r *recorder) add(e string) { r.mu.Lock(); r.ev = append(r.ev, e); r.mu.Unlock() }
func (r *recorder) len() int     { r.mu.Lock(); defer r.mu.Unlock(); return len(r.ev) }
func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.ev, " ")
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}
