package ipc_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc"
)

// The fake's WebSocket side: .z.ws is "defined" unless noWS; a message is recorded and
// echoed back (a string with "echo:" before it, bytes as they are).
func (f *fake) WSAccepts() bool { return !f.noWS }

func (f *fake) WSOpened(h int32) { f.event(fmt.Sprint("wsopen ", h)) }

func (f *fake) WSMessage(h int32, msg value.Value) {
	f.mu.Lock()
	f.async = append(f.async, msg)
	f.mu.Unlock()
	if s, ok := msg.(*value.Vec[byte]); ok && s.Typ == value.TChar {
		msg = value.Str("echo:" + string(s.S))
	}
	if err := f.m.Async(h, msg); err != nil {
		f.event("wserr " + err.Error())
	}
	f.event("wsmsg")
}

func (f *fake) WSClosed(h int32, _ int32) { f.event(fmt.Sprint("wsclose ", h)) }

func wsDial(t *testing.T, port int) *websocket.Conn {
	t.Helper()
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	c, _, err := d.Dial(fmt.Sprintf("ws://127.0.0.1:%d/", port), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	return c
}

func TestWebSocketEcho(t *testing.T) {
	n := newNode(t, ipc.Options{})
	port := n.listen()
	c := wsDial(t, port)
	n.f.waitEvent("wsopen ")
	if err := c.WriteMessage(websocket.TextMessage, []byte("hello")); err != nil {
		t.Fatal(err)
	}
	typ, b, err := c.ReadMessage()
	if err != nil || typ != websocket.TextMessage || string(b) != "echo:hello" {
		t.Fatalf("%v %q %v", typ, b, err)
	}
}
