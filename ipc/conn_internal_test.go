package ipc

import (
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

// echo answers every sync request with its message.
type echo struct{}

func (echo) Sync(h int32, msg value.Value) (value.Value, error) { return msg, nil }
func (echo) Async(int32, value.Value)                           {}
func (echo) Opened(int32)                                       {}
func (echo) Closed(int32)                                       {}
func (echo) Auth(string, string) bool                           { return true }

// drain runs m's work on a goroutine standing in for its main loop.
func drain(m *Manager, stop chan struct{}) {
	for {
		select {
		case f := <-m.Work():
			f()
			m.FlushAll()
		case <-stop:
			return
		}
	}
}

// TestCompressedToRemote forces the remote-peer rule on a loopback connection: large
// messages go out compressed both ways and arrive intact.
func TestCompressedToRemote(t *testing.T) {
	srv := NewManager(echo{}, Options{})
	defer srv.Shutdown()
	stop := make(chan struct{})
	defer close(stop)
	port, err := srv.Listen("127.0.0.1:0W")
	if err != nil {
		t.Fatal(err)
	}
	go drain(srv, stop)
	cli := NewManager(echo{}, Options{})
	defer cli.Shutdown()
	h, err := cli.Open("127.0.0.1", port, "", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := cli.conn(h)
	if c.zip {
		t.Fatal("loopback peer treated as remote")
	}
	c.zip = true
	deadline := time.Now().Add(5 * time.Second)
	for len(srv.Queued()) == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	srv.mu.Lock()
	for _, sc := range srv.conns {
		sc.zip = true // touched before any traffic: the server's main loop is idle
	}
	srv.mu.Unlock()
	x := value.Longs(make([]int64, 5000))
	if err := c.queue(wire.Sync, x); err != nil {
		t.Fatal(err)
	}
	if c.out[2] != 1 || len(c.out) >= 40000/2 {
		t.Fatalf("not compressed: %d bytes", len(c.out))
	}
	c.out, c.off = c.out[:0], 0
	// Sync waits for the response with no limit of its own: bound it here (the
	// deferred Shutdown wakes it when the test gives up).
	type result struct {
		r   value.Value
		err error
	}
	done := make(chan result, 1)
	go func() { r, err := cli.Sync(h, x); done <- result{r, err} }()
	var res result
	select {
	case res = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("no response within 10 s")
	}
	if v, ok := res.r.(*value.Vec[int64]); res.err != nil || !ok || len(v.S) != 5000 {
		t.Fatalf("%v %v", res.r, res.err)
	}
	// Small messages stay plain.
	c.queue(wire.Async, value.Long(1))
	if c.out[2] != 0 {
		t.Fatal("small message compressed")
	}
}

func TestSplitCreds(t *testing.T) {
	for _, c := range []struct {
		in   string
		u, p string
		capa byte
	}{{"u:p\x03", "u", "p", 3}, {"u\x06", "u", "", 6}, {":\x03", "", "", 3}, {"", "", "", 0},
		{"old:pw", "old", "pw", 0}, {"a:b:c\x01", "a", "b:c", 1}} {
		u, p, capa := splitCreds([]byte(c.in))
		if u != c.u || p != c.p || capa != c.capa {
			t.Errorf("%q: %q %q %d", c.in, u, p, capa)
		}
	}
}
