package ipc_test

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc"
	"github.com/gq-dev/gq/ipc/wire"
)

// fake is a Dispatcher that evaluates a tiny command language in Go, so the network
// can be tested without the interpreter. A request is a list (`cmd; args...):
//
//	(`add; x; y)   x+y for longs
//	(`echo; x)     x
//	(`fail; "msg") an error
//	(`call; x)     a sync request (`echo; x) back to .z.w, plus one
//	(`push; x)     an async (`got; x) back to .z.w; returns x
//	(`close)       closes .z.w from inside the handler
//
// Async messages are recorded in order; so are opens, closes and logins.
type fake struct {
	t    testing.TB
	m    *ipc.Manager
	pw   func(u, p string) bool
	noWS bool // WSAccepts is false: no .z.ws

	mu     sync.Mutex
	async  []value.Value
	opened []int32
	closed []int32
	logins []string
	notify chan string

	deferredH []int32
}

func newFake(t testing.TB) *fake { return &fake{t: t, notify: make(chan string, 4096)} }

func (f *fake) event(s string) {
	select {
	case f.notify <- s:
	default:
	}
}

func (f *fake) ServeSync(h int32, msg value.Value) (value.Value, error) {
	if s, ok := msg.(*value.Vec[byte]); ok && s.Typ == value.TChar {
		return value.Sym("pong:" + string(s.S)), nil
	}
	if v, ok := msg.(*value.Vec[string]); ok { // (`close) arrives as a symbol vector
		msg = &value.List{Items: value.Items(v)}
	}
	l, ok := msg.(*value.List)
	if !ok || len(l.Items) == 0 {
		return nil, &value.Error{Msg: "type"}
	}
	cmd, _ := l.Items[0].(value.Sym)
	arg := func(i int) value.Value {
		if i < len(l.Items) {
			return l.Items[i]
		}
		return nil
	}
	switch cmd {
	case "add":
		return arg(1).(value.Long) + arg(2).(value.Long), nil
	case "echo":
		return arg(1), nil
	case "fail":
		return nil, &value.Error{Msg: string(arg(1).(*value.Vec[byte]).S)}
	case "call":
		r, err := f.m.Sync(h, &value.List{Items: []value.Value{value.Sym("echo"), arg(1)}})
		if err != nil {
			return nil, err
		}
		return r.(value.Long) + 1, nil
	case "push":
		if err := f.m.Async(h, &value.List{Items: []value.Value{value.Sym("got"), arg(1)}}); err != nil {
			return nil, err
		}
		return arg(1), nil
	case "close":
		return nil, f.m.Close(h)
	case "defer":
		f.mu.Lock()
		f.deferredH = append(f.deferredH, h)
		f.mu.Unlock()
		return nil, wire.Deferred
	case "sleep":
		time.Sleep(time.Duration(arg(1).(value.Long)) * time.Millisecond)
		return nil, nil
	}
	return nil, &value.Error{Msg: string(cmd)}
}

func (f *fake) ServeAsync(h int32, msg value.Value) {
	if l, ok := msg.(*value.List); ok && len(l.Items) > 0 {
		if _, ok := l.Items[0].(value.Sym); ok {
			f.ServeSync(h, msg) // a command, as .z.ps would value it
		}
	}
	f.mu.Lock()
	f.async = append(f.async, msg)
	f.mu.Unlock()
	f.event("async")
}

func (f *fake) Opened(h int32) {
	f.mu.Lock()
	f.opened = append(f.opened, h)
	f.mu.Unlock()
	f.event(fmt.Sprint("open ", h))
}

func (f *fake) Closed(h int32, _ int32) {
	f.mu.Lock()
	f.closed = append(f.closed, h)
	f.mu.Unlock()
	f.event(fmt.Sprint("close ", h))
}

func (f *fake) BadMessage(int32, []byte) {}

func (f *fake) Auth(user, password string, _ int32) bool {
	f.mu.Lock()
	f.logins = append(f.logins, user+":"+password)
	f.mu.Unlock()
	if f.pw != nil {
		return f.pw(user, password)
	}
	return true
}

// waitEvent waits for an event starting with prefix.
func (f *fake) waitEvent(prefix string) string {
	f.t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case e := <-f.notify:
			if strings.HasPrefix(e, prefix) {
				return e
			}
		case <-deadline:
			f.t.Fatalf("no %q event", prefix)
			return ""
		}
	}
}

func (f *fake) asyncs() []value.Value {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]value.Value(nil), f.async...)
}

// node is one process: a Manager, its fake Dispatcher and a main loop goroutine that
// runs the Manager's work and anything the test hands it, then FlushAll, like
// repl.Session does.
type node struct {
	t    testing.TB
	m    *ipc.Manager
	f    *fake
	do   chan func()
	quit chan struct{}
	wg   sync.WaitGroup
}

func newNode(t testing.TB, opts ipc.Options) *node {
	f := newFake(t)
	n := &node{t: t, f: f, do: make(chan func()), quit: make(chan struct{})}
	n.m = ipc.NewManager(f, opts)
	f.m = n.m
	n.wg.Add(1)
	go n.loop()
	t.Cleanup(n.stop)
	return n
}

func (n *node) loop() {
	defer n.wg.Done()
	for {
		select {
		case w := <-n.m.Work():
			w()
		case f := <-n.do:
			f()
		case <-n.quit:
			return
		}
		n.m.FlushAll()
	}
}

func (n *node) stop() {
	select {
	case <-n.quit:
		return
	default:
	}
	close(n.quit)
	n.m.Shutdown() // wakes a main loop stuck waiting on a connection
	n.wg.Wait()
}

// on runs f on the node's main loop and waits (bounded) for it.
func (n *node) on(f func()) {
	n.t.Helper()
	done := make(chan struct{})
	select {
	case n.do <- func() { defer close(done); f() }:
	case <-time.After(5 * time.Second):
		n.t.Fatal("main loop busy")
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		n.t.Fatal("main loop blocked")
	}
}

// listen makes n a server on a free loopback port.
func (n *node) listen() int {
	n.t.Helper()
	var p int
	var err error
	n.on(func() { p, err = n.m.Listen("127.0.0.1:0W") })
	if err != nil || p == 0 {
		n.t.Fatal(p, err)
	}
	return p
}

func (n *node) open(port int, creds string) (int32, error) {
	var h int32
	var err error
	n.on(func() { h, err = n.m.Open("127.0.0.1", port, creds, 2*time.Second) })
	return h, err
}

func (n *node) sync(h int32, x value.Value) (value.Value, error) {
	var r value.Value
	var err error
	n.on(func() { r, err = n.m.Sync(h, x) })
	return r, err
}

func L(items ...value.Value) *value.List { return &value.List{Items: items} }

// rawDial connects a raw socket to port and, when hello is non-nil, sends it and reads
// the reply byte.
func rawDial(t testing.TB, port int, hello []byte) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if hello != nil {
		c.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Write(hello); err != nil {
			t.Fatal(err)
		}
		var b [1]byte
		if _, err := c.Read(b[:]); err != nil {
			t.Fatal("handshake:", err)
		}
		c.SetDeadline(time.Time{})
	}
	return c
}

// waitEOF checks that the server closes c.
func waitEOF(t testing.TB, c net.Conn) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	var b [256]byte
	for {
		_, err := c.Read(b[:])
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatal("connection not closed")
			}
			return
		}
	}
}
