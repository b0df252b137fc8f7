package ipc

import (
	"io"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

// echo answers every sync request with its message.
type echo struct{}

func (echo) ServeSync(h int32, msg value.Value) (value.Value, error) { return msg, nil }
func (echo) ServeAsync(int32, value.Value)                           {}
func (echo) Opened(int32)                                            {}
func (echo) Closed(int32, int32)                                     {}
func (echo) Auth(string, string, int32) bool                         { return true }

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

// serveRaw starts a Manager serving d on a loopback port, with a goroutine standing in
// for its main loop, and logs a raw client in: the test speaks the wire itself.
func serveRaw(t *testing.T, d Dispatcher, opts Options) (*Manager, net.Conn) {
	t.Helper()
	srv := NewManager(d, opts)
	t.Cleanup(srv.Shutdown)
	port, err := srv.Listen("127.0.0.1:0W")
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go drain(srv, stop)
	nc, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := nc.Write([]byte("u:p\x03\x00")); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(nc, make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	return srv, nc
}

// counter counts async messages and their longs.
type counter struct {
	echo
	n, items int
}

func (c *counter) ServeAsync(_ int32, msg value.Value) { c.n++; c.items += value.Len(msg) }

// A client cannot pile up memory in the server while its main loop is busy: the
// read-ahead stops at MaxInboxBytes, TCP pushes back, and once the loop runs again
// every message arrives, in full and in order (issue 11).
func TestReadAheadBytes(t *testing.T) {
	cnt := &counter{}
	srv, nc := serveRaw(t, cnt, Options{MaxInboxBytes: 1 << 20})
	const msgs, items = 40, 50000 // 40 messages of 400 KB: 16 MB in all
	frame, err := wire.Encode(value.Longs(make([]int64, items)))
	if err != nil {
		t.Fatal(err)
	}
	// The main loop gets busy (a long evaluation) until busy is closed.
	busy, running := make(chan struct{}), make(chan struct{})
	srv.post(func() { close(running); <-busy })
	<-running
	sent := make(chan error, 1)
	go func() { // a client writing as fast as the socket takes it
		for range msgs {
			if _, err := nc.Write(frame); err != nil {
				sent <- err
				return
			}
		}
		sent <- nil
	}()
	// While the main loop is busy the inbox must stop short of the whole 16 MB.
	var sc *Conn
	deadline := time.Now().Add(5 * time.Second)
	for sc == nil && time.Now().Before(deadline) {
		srv.mu.Lock()
		for _, c := range srv.conns {
			sc = c
		}
		srv.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	if sc == nil {
		close(busy)
		t.Fatal("no connection")
	}
	time.Sleep(500 * time.Millisecond)
	sc.mu.Lock()
	held := sc.held
	sc.mu.Unlock()
	select {
	case err := <-sent:
		close(busy)
		t.Fatalf("the client wrote all 16 MB to a busy server (%v)", err)
	default:
	}
	close(busy)
	if held > 1<<20+400100 {
		t.Fatalf("inbox holds %d bytes", held)
	}
	select {
	case err := <-sent:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the client never finished once the server ran")
	}
	deadline = time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		done := make(chan bool)
		srv.post(func() { done <- cnt.n == msgs })
		if <-done {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	done := make(chan [2]int)
	srv.post(func() { done <- [2]int{cnt.n, cnt.items} })
	if got := <-done; got != [2]int{msgs, msgs * items} {
		t.Fatalf("received %v", got)
	}
}

// Ctrl-C during h"..." (Interrupt) wakes the wait with 'stop; the handle stays usable,
// and the late answer to the abandoned request is not taken for the next one's.
func TestInterruptSync(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	// A server that answers each request only when told to, with the request itself.
	release := make(chan struct{})
	go func() {
		nc, err := ln.Accept()
		if err != nil {
			return
		}
		defer nc.Close()
		nc.SetDeadline(time.Now().Add(20 * time.Second))
		hello := make([]byte, 64)
		if _, err := nc.Read(hello); err != nil {
			return
		}
		nc.Write([]byte{3})
		for {
			var hdr [8]byte
			if _, err := io.ReadFull(nc, hdr[:]); err != nil {
				return
			}
			h, _ := wire.ParseHeader(hdr[:])
			body := make([]byte, h.Len-8)
			io.ReadFull(nc, body)
			<-release
			resp := append(hdr[:], body...)
			resp[1] = wire.Response
			nc.Write(resp)
		}
	}()
	cli := NewManager(echo{}, Options{})
	defer cli.Shutdown()
	h, err := cli.Open("127.0.0.1", ln.Addr().(*net.TCPAddr).Port, "", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	go func() { time.Sleep(200 * time.Millisecond); cli.Interrupt() }()
	if _, err := cli.Sync(h, value.Long(1)); err == nil || err.Error() != "stop" {
		t.Fatalf("interrupted sync: %v", err)
	}
	close(release) // the server now answers 1 (late) and then 2
	r, err := cli.Sync(h, value.Long(2))
	if err != nil || r != value.Value(value.Long(2)) {
		t.Fatalf("next sync got %v %v, want 2", r, err)
	}
}

func (echo) BadMessage(int32, []byte) {}

// A client that sends requests but never reads the answers costs bounded memory: past
// MaxOutBytes its requests wait unserved (then in TCP), and once it reads, every answer
// arrives, in order (issue 11).
func TestUnreadAnswersBounded(t *testing.T) {
	srv, nc := serveRaw(t, echo{}, Options{MaxOutBytes: 1 << 20, MaxInboxBytes: 1 << 20})
	nc.(*net.TCPConn).SetReadBuffer(64 << 10)
	const reqs, items = 60, 50000 // 60 answers of 400 KB: 24 MB unread
	go func() {
		for i := range reqs {
			x := make([]int64, items)
			x[0] = int64(i)
			b, _ := wire.AppendMessage(nil, wire.Sync, value.Longs(x))
			if _, err := nc.Write(b); err != nil {
				return
			}
		}
	}()
	time.Sleep(time.Second)
	queued := make(chan int64)
	srv.post(func() {
		var n int64
		for _, q := range srv.Queued() {
			n += q
		}
		queued <- n
	})
	if q := <-queued; q > 1<<20+1<<19 { // the limit and one more answer
		t.Fatalf("%d bytes of answers queued for a client that does not read", q)
	}
	for i := range reqs {
		var hdr [8]byte
		if _, err := io.ReadFull(nc, hdr[:]); err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
		h, err := wire.ParseHeader(hdr[:])
		if err != nil || h.Kind != wire.Response {
			t.Fatalf("answer %d: header %v %v", i, h, err)
		}
		body := make([]byte, h.Len-8)
		if _, err := io.ReadFull(nc, body); err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
		v, err := wire.DecodeBody(body, h.Little)
		x, ok := v.(*value.Vec[int64])
		if err != nil || !ok || len(x.S) != items || x.S[0] != int64(i) {
			t.Fatalf("answer %d wrong: %v", i, err)
		}
	}
}
