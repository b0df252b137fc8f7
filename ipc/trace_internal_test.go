package ipc

import (
	"bytes"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

// record keeps the events it sees as short strings, and the frames.
type record struct {
	mu     sync.Mutex
	ev     []string
	frames [][]byte
}

func (r *record) Trace(e *TraceEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var s string
	switch e.Kind {
	case TraceOpen:
		s = "open " + e.User
	case TraceClose:
		s = fmt.Sprintf("close local=%v pending=%d", e.Local, e.Pending)
	case TraceOut, TraceIn:
		dir := "out"
		if e.Kind == TraceIn {
			dir = "in"
		}
		s = fmt.Sprintf("%s %d %d/%d", dir, e.Msg, e.Size, e.Unzipped)
		r.frames = append(r.frames, bytes.Clone(e.Frame))
	case TraceQueued:
		s = fmt.Sprintf("queued %d", e.Pending)
	case TraceFlushed:
		s = fmt.Sprintf("flushed %d pending=%d", e.Size, e.Pending)
	case TraceHandler:
		s = e.Handler
	case TraceDeferred:
		s = "deferred"
	}
	r.ev = append(r.ev, s)
}

func (r *record) events() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.ev, "; ")
}

// TestTraceHooks drives a client Manager against a server Manager, compression forced
// on (as for a remote peer), and checks what each side's Tracer sees: the kinds in
// order, sizes as they are on the wire, the uncompressed size, the frames (what \trace 2
// prints), and that the password never reaches the trace.
func TestTraceHooks(t *testing.T) {
	srvRec, cliRec := &record{}, &record{}
	srv := NewManager(echo{}, Options{})
	defer srv.Shutdown()
	srv.SetTracer(srvRec)
	port, err := srv.Listen("127.0.0.1:0W")
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go drain(srv, stop)
	cli := NewManager(echo{}, Options{})
	defer cli.Shutdown()
	cli.SetTracer(cliRec)
	h, err := cli.Open("127.0.0.1", port, "bob:secret", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(srvRec.events(), ".z.po") && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	c, _ := cli.conn(h)
	c.zip = true
	srv.mu.Lock()
	for _, sc := range srv.conns {
		sc.zip = true // before any traffic: the server's main loop is idle
	}
	srv.mu.Unlock()

	big := value.Longs(make([]int64, 1000)) // 8014 bytes, compressed to far less
	raw, _ := wire.AppendMessage(nil, wire.Sync, big)
	if err := cli.Async(h, value.Long(7)); err != nil {
		t.Fatal(err)
	}
	r, err := cli.Sync(h, big) // the async goes first, in the same write
	if v, ok := r.(*value.Vec[int64]); err != nil || !ok || len(v.S) != 1000 {
		t.Fatal(r, err)
	}
	cli.Close(h)
	for !strings.Contains(srvRec.events(), ".z.pc") && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}

	// the big message's size on the wire, from the client's frame
	if len(cliRec.frames) < 2 {
		t.Fatalf("client events: %s", cliRec.events())
	}
	z := len(cliRec.frames[1])
	if z >= len(raw)/2 || cliRec.frames[1][2] != 1 {
		t.Fatalf("not compressed: %d bytes", z)
	}
	want := fmt.Sprintf("open bob; out 0 17/0; queued 17; out 1 %d/%d; queued %d; flushed %d pending=0; in 2 %d/%d; close local=true pending=0",
		z, len(raw), 17+z, 17+z, z, len(raw))
	if got := cliRec.events(); got != want {
		t.Errorf("client saw\n%s\nwant\n%s", got, want)
	}
	want = fmt.Sprintf("open bob; .z.po; in 0 17/0; .z.ps; in 1 %d/%d; .z.pg; out 2 %d/%d; queued %d; flushed %d pending=0; close local=false pending=0; .z.pc",
		z, len(raw), z, len(raw), z, z)
	if got := srvRec.events(); got != want {
		t.Errorf("server saw\n%s\nwant\n%s", got, want)
	}
	// Frames: a whole frame going out; header and 32 body bytes coming in, as sent.
	if !bytes.Equal(srvRec.frames[1], cliRec.frames[1][:wire.HeaderLen+TraceBody]) {
		t.Errorf("server kept %x, client sent %x...", srvRec.frames[1], cliRec.frames[1][:40])
	}
	if strings.Contains(cliRec.events()+srvRec.events(), "secret") {
		t.Error("a password in the trace")
	}
}

// benchConn is a connection whose queue is filled and emptied without a socket write:
// the cost of queueing a message, which is where tracing hooks sit on the async path.
func benchConn(b *testing.B) *Conn {
	m := NewManager(echo{}, Options{})
	b.Cleanup(m.Shutdown)
	a, z := net.Pipe()
	b.Cleanup(func() { a.Close(); z.Close() })
	c := newConn(m, a, nil)
	c.setCapa(3)
	m.register(c)
	return c
}

func benchQueue(b *testing.B, c *Conn) {
	v := value.Long(42)
	for b.Loop() {
		if err := c.queue(wireAsync, v); err != nil {
			b.Fatal(err)
		}
		if len(c.out) > 1<<16 {
			c.written()
			c.m.dirty, c.dirty = c.m.dirty[:0], false
		}
	}
}

// BenchmarkQueueAsync is neg[h]42's share of the work with \trace off: with the
// before/after figures of issue 12 (\trace off costs one pointer load per event).
func BenchmarkQueueAsync(b *testing.B) { benchQueue(b, benchConn(b)) }

// nop is a Tracer that drops everything: the hooks' own cost when \trace is on.
type nop struct{}

func (nop) Trace(*TraceEvent) {}

func BenchmarkQueueAsyncTraced(b *testing.B) {
	c := benchConn(b)
	c.m.SetTracer(nop{})
	benchQueue(b, c)
}
