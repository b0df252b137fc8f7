package ipc_test

import (
	"bytes"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc"
)

// WebSocket handles (ws.go). Evidence for the behaviour: docs/kb/websockets.md and
// docs/ref/dotz.md (.z.ws .z.wo .z.wc), docs/releases/ChangesIn3.6.md (501 without
// .z.ws).

// The fake's WebSocket side: .z.ws is "defined" unless noWS; a message is recorded and
// echoed back (a string with "echo:" before it, bytes as they are) unless it is an
// echo itself.
func (f *fake) WSAccepts() bool { return !f.noWS }

func (f *fake) WSOpened(h int32) { f.event(fmt.Sprint("wsopen ", h)) }

func (f *fake) WSMessage(h int32, msg value.Value) {
	f.mu.Lock()
	f.async = append(f.async, msg)
	f.mu.Unlock()
	if s, ok := msg.(*value.Vec[byte]); ok && s.Typ == value.TChar {
		if strings.HasPrefix(string(s.S), "echo:") {
			f.event("wsmsg " + string(s.S))
			return
		}
		msg = value.Str("echo:" + string(s.S))
	}
	if err := f.m.Async(h, msg); err != nil {
		f.event("wserr " + err.Error())
	}
	f.event("wsmsg")
}

func (f *fake) WSClosed(h int32, _ int32) { f.event(fmt.Sprint("wsclose ", h)) }

func wsDialer() *websocket.Dialer {
	return &websocket.Dialer{HandshakeTimeout: 5 * time.Second, EnableCompression: true}
}

func wsDial(t *testing.T, port int) *websocket.Conn {
	t.Helper()
	c, _, err := wsDialer().Dial(fmt.Sprintf("ws://127.0.0.1:%d/", port), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	return c
}

func wsExpect(t *testing.T, c *websocket.Conn, typ int, want string) {
	t.Helper()
	gt, b, err := c.ReadMessage()
	if err != nil || gt != typ || string(b) != want {
		t.Fatalf("got %d %q %v, want %d %q", gt, b, err, typ, want)
	}
}

func wsHandle(t *testing.T, e string) int32 {
	t.Helper()
	var h int32
	if _, err := fmt.Sscanf(e[strings.IndexByte(e, ' ')+1:], "%d", &h); err != nil {
		t.Fatal(e, err)
	}
	return h
}

// Text frames reach .z.ws as strings and binary frames as bytes; what it sends back goes
// out as the same kind of frame; .z.wo and .z.wc run with the handle.
func TestWebSocketFrames(t *testing.T) {
	n := newNode(t, ipc.Options{})
	port := n.listen()
	c := wsDial(t, port)
	h := wsHandle(t, n.f.waitEvent("wsopen "))
	if err := c.WriteMessage(websocket.TextMessage, []byte("hello")); err != nil {
		t.Fatal(err)
	}
	wsExpect(t, c, websocket.TextMessage, "echo:hello")
	bin := []byte{1, 2, 0, 255}
	if err := c.WriteMessage(websocket.BinaryMessage, bin); err != nil {
		t.Fatal(err)
	}
	wsExpect(t, c, websocket.BinaryMessage, string(bin))
	got := n.f.asyncs()
	if len(got) != 2 || got[0].Type() != value.TChar || got[1].Type() != value.TByte {
		t.Fatalf("messages %v", got)
	}
	// A big message, compressed (the dialer offered permessage-deflate) and not.
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	c.WriteMessage(websocket.TextMessage, big)
	wsExpect(t, c, websocket.TextMessage, "echo:"+string(big))
	c.Close()
	if e := n.f.waitEvent("wsclose "); wsHandle(t, e) != h {
		t.Fatalf("%s, want handle %d", e, h)
	}
}

// neg[h] pushes: strings as text, bytes as binary; other values are 'type, text that is
// not UTF-8 'utf8 (docs/basics/errors.md); a sync request or h[] is 'nyi (ref/dotz.md:
// async only). hclose sends a close frame.
func TestWebSocketPush(t *testing.T) {
	n := newNode(t, ipc.Options{})
	port := n.listen()
	c := wsDial(t, port)
	h := wsHandle(t, n.f.waitEvent("wsopen "))
	var errs []error
	n.on(func() {
		errs = append(errs, n.m.Async(h, value.Str("one")), n.m.Async(h, value.Bytes([]byte{9, 8})),
			n.m.Async(h, value.Long(1)), n.m.Async(h, value.Str("\xff")))
		_, err := n.m.Sync(h, value.Str("x"))
		errs = append(errs, err)
		_, err = n.m.Receive(h)
		errs = append(errs, err)
	})
	want := []string{"<nil>", "<nil>", "type", "utf8", "nyi", "nyi"}
	for i, e := range errs {
		if fmt.Sprint(e) != want[i] {
			t.Errorf("error %d: %v, want %s", i, e, want[i])
		}
	}
	wsExpect(t, c, websocket.TextMessage, "one")
	wsExpect(t, c, websocket.BinaryMessage, "\x09\x08")
	n.on(func() { n.m.Close(h) })
	_, _, err := c.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.CloseNormalClosure {
		t.Fatalf("after hclose: %v, want a close frame 1000", err)
	}
}

// A ping from the peer is answered by the library from the reader goroutine; the pong
// still goes out through the main loop's queue.
func TestWebSocketPing(t *testing.T) {
	n := newNode(t, ipc.Options{})
	port := n.listen()
	c := wsDial(t, port)
	n.f.waitEvent("wsopen ")
	pong := make(chan string, 1)
	c.SetPongHandler(func(s string) error { pong <- s; return nil })
	if err := c.WriteControl(websocket.PingMessage, []byte("p1"), time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	c.WriteMessage(websocket.TextMessage, []byte("after"))
	wsExpect(t, c, websocket.TextMessage, "echo:after") // the pong is handled while reading
	select {
	case s := <-pong:
		if s != "p1" {
			t.Fatalf("pong %q", s)
		}
	default:
		t.Fatal("no pong")
	}
}

// Without .z.ws the upgrade is refused with HTTP 501 (kdb+ 3.6+).
func TestWebSocketNoHandler(t *testing.T) {
	n := newNode(t, ipc.Options{})
	n.f.noWS = true
	port := n.listen()
	_, resp, err := wsDialer().Dial(fmt.Sprintf("ws://127.0.0.1:%d/", port), nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusNotImplemented {
		t.Fatalf("%v %v, want 501", resp, err)
	}
}

// The subprotocol kxnodeflate turns compression off (docs/kb/websockets.md, kdb+ 4.1
// 2024.03.12); otherwise an offer of permessage-deflate is taken.
func TestWebSocketDeflate(t *testing.T) {
	n := newNode(t, ipc.Options{})
	port := n.listen()
	for _, proto := range []string{"", "kxnodeflate"} {
		d := wsDialer()
		if proto != "" {
			d.Subprotocols = []string{proto}
		}
		c, resp, err := d.Dial(fmt.Sprintf("ws://127.0.0.1:%d/", port), nil)
		if err != nil {
			t.Fatal(err)
		}
		ext := resp.Header.Get("Sec-WebSocket-Extensions")
		if strings.Contains(ext, "permessage-deflate") != (proto == "") || c.Subprotocol() != proto {
			t.Errorf("subprotocol %q: extensions %q, protocol %q", proto, ext, c.Subprotocol())
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		c.WriteMessage(websocket.TextMessage, []byte(strings.Repeat("x", 5000)))
		wsExpect(t, c, websocket.TextMessage, "echo:"+strings.Repeat("x", 5000))
		c.Close()
	}
}

// A bad frame (unmasked from a client, RFC 6455 5.1) closes that WebSocket only: .z.wc
// runs, an IPC client and another WebSocket on the same port go on.
func TestWebSocketBadFrame(t *testing.T) {
	n := newNode(t, ipc.Options{})
	port := n.listen()
	ipcH, err := newNode(t, ipc.Options{}).open(port, "")
	_ = ipcH
	if err != nil {
		t.Fatal(err)
	}
	other := wsDial(t, port)
	n.f.waitEvent("wsopen ")

	raw := rawDial(t, port, nil)
	raw.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(raw, "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
	var b [512]byte
	k, err := raw.Read(b[:])
	if err != nil || !strings.HasPrefix(string(b[:k]), "HTTP/1.1 101") {
		t.Fatalf("%q %v", b[:k], err)
	}
	h := wsHandle(t, n.f.waitEvent("wsopen "))
	raw.Write([]byte{0x81, 0x02, 'h', 'i'}) // text "hi", no mask
	waitEOF(t, raw)
	if e := n.f.waitEvent("wsclose "); wsHandle(t, e) != h {
		t.Fatalf("%s, want %d", e, h)
	}
	other.WriteMessage(websocket.TextMessage, []byte("still"))
	wsExpect(t, other, websocket.TextMessage, "echo:still")
	cl := newNode(t, ipc.Options{})
	hh, err := cl.open(port, "")
	if err != nil {
		t.Fatal(err)
	}
	if r, err := cl.sync(hh, L(value.Sym("add"), value.Long(2), value.Long(3))); err != nil || r != value.Long(5) {
		t.Fatalf("IPC after the bad frame: %v %v", r, err)
	}
}

// OpenWS is kdb+'s client: a handle whose incoming frames go to .z.ws, neg[h] sending;
// the response comes back; a refused upgrade gives handle 0 and the server's answer.
func TestWebSocketClient(t *testing.T) {
	srv := newNode(t, ipc.Options{})
	port := srv.listen()
	cl := newNode(t, ipc.Options{})
	var h int32
	var resp string
	var err error
	req := fmt.Sprintf("GET /feed?x=1 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Test: 1\r\n\r\n", port)
	cl.on(func() { h, resp, err = cl.m.OpenWS(fmt.Sprintf("ws://127.0.0.1:%d", port), req, 5*time.Second) })
	if err != nil || h < 3 || !strings.HasPrefix(resp, "HTTP/1.1 101 Switching Protocols\r\n") || !strings.HasSuffix(resp, "\r\n\r\n") {
		t.Fatalf("%d %q %v", h, resp, err)
	}
	srv.f.waitEvent("wsopen ")
	cl.on(func() { err = cl.m.Async(h, value.Str("hi")) })
	if err != nil {
		t.Fatal(err)
	}
	srv.f.waitEvent("wsmsg")
	if e := cl.f.waitEvent("wsmsg"); e != "wsmsg echo:hi" {
		t.Fatal(e)
	}
	// The server closes: the client's .z.wc runs.
	srv.on(func() {
		for _, sh := range srv.m.Handles() {
			srv.m.Close(sh)
		}
	})
	if e := cl.f.waitEvent("wsclose "); wsHandle(t, e) != h {
		t.Fatal(e)
	}

	srv.f.noWS = true
	cl.on(func() { h, resp, err = cl.m.OpenWS(fmt.Sprintf("ws://127.0.0.1:%d", port), "", 5*time.Second) })
	if err != nil || h != 0 || !strings.HasPrefix(resp, "HTTP/1.1 501 Not Implemented\r\n") {
		t.Fatalf("refused: %d %q %v", h, resp, err)
	}
	cl.on(func() { h, resp, err = cl.m.OpenWS("ws://127.0.0.1:1", "", 5*time.Second) })
	if err == nil || !strings.HasPrefix(err.Error(), "hop. OS reports: Connection refused") {
		t.Fatalf("no server: %v", err)
	}
}

// OpenWS against another server (the library's own): the request's path, query and
// headers are sent, and frames go both ways.
func TestWebSocketClientRequest(t *testing.T) {
	got := make(chan *http.Request, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		got <- r
		defer c.Close()
		typ, b, err := c.ReadMessage()
		if err == nil {
			c.WriteMessage(typ, append([]byte("re:"), b...))
		}
	}))
	defer srv.Close()
	cl := newNode(t, ipc.Options{})
	host := strings.TrimPrefix(srv.URL, "http://")
	var h int32
	var err error
	req := "GET /feed?x=1 HTTP/1.1\r\nHost: " + host + "\r\nX-Test: yes\r\n\r\n"
	cl.on(func() { h, _, err = cl.m.OpenWS("ws://"+host, req, 5*time.Second) })
	if err != nil || h == 0 {
		t.Fatal(h, err)
	}
	r := <-got
	if r.URL.Path != "/feed" || r.URL.RawQuery != "x=1" || r.Header.Get("X-Test") != "yes" {
		t.Fatalf("request %v %v", r.URL, r.Header)
	}
	cl.on(func() { err = cl.m.Async(h, value.Bytes([]byte{1, 2})) })
	if err != nil {
		t.Fatal(err)
	}
	cl.f.waitEvent("wsmsg")
	if a := cl.f.asyncs(); len(a) != 1 || a[0].Type() != value.TByte || string(a[0].(*value.Vec[byte]).S) != "re:\x01\x02" {
		t.Fatalf("client got %v", a)
	}
}

// An upgrade is authenticated as any HTTP request is (-U and Basic credentials here):
// refused with 401, or accepted with the login as the handle's user (.z.u). kdb+ runs
// .z.wo after -u/-U and .z.pw (ref/dotz.md .z.wo).
func TestWebSocketAuth(t *testing.T) {
	n := newNode(t, ipc.Options{Users: map[string]string{"u": "p"}})
	port := n.listen()
	_, resp, err := wsDialer().Dial(fmt.Sprintf("ws://127.0.0.1:%d/", port), nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("no credentials: %v %v", resp, err)
	}
	hdr := http.Header{"Authorization": {"Basic dTpw"}} // u:p
	c, _, err := wsDialer().Dial(fmt.Sprintf("ws://127.0.0.1:%d/", port), hdr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	h := wsHandle(t, n.f.waitEvent("wsopen "))
	// OpenWS sends the credentials of ws://user:password@host (docs/kb/websockets.md).
	cl := newNode(t, ipc.Options{})
	var h2 int32
	cl.on(func() { h2, _, err = cl.m.OpenWS(fmt.Sprintf("ws://u:p@127.0.0.1:%d", port), "", 5*time.Second) })
	if err != nil || h2 == 0 {
		t.Fatalf("OpenWS with credentials: %d %v", h2, err)
	}
	var user string
	n.on(func() { _, user, _ = n.m.Peer(h) })
	if user != "u" {
		t.Fatalf(".z.u %q", user)
	}
}

// -25! (Broadcast) to WebSocket handles sends the message as a frame to each; a value
// a WebSocket cannot carry fails the whole call before anything is queued.
func TestWebSocketBroadcast(t *testing.T) {
	n := newNode(t, ipc.Options{})
	port := n.listen()
	c1, c2 := wsDial(t, port), wsDial(t, port)
	hs := []int32{wsHandle(t, n.f.waitEvent("wsopen ")), wsHandle(t, n.f.waitEvent("wsopen "))}
	var errType, errOK error
	n.on(func() {
		errType = n.m.Broadcast(hs, value.Long(1))
		errOK = n.m.Broadcast(hs, value.Str("all"))
	})
	if fmt.Sprint(errType) != "type" || errOK != nil {
		t.Fatalf("%v %v", errType, errOK)
	}
	wsExpect(t, c1, websocket.TextMessage, "all")
	wsExpect(t, c2, websocket.TextMessage, "all")
}

// wss:// goes through TLS, the server's certificate checked against SSL_CA_CERT_FILE as
// for kdb+'s other TLS clients (docs/kb/ssl.md); the library encrypts into the same
// output queue.
func TestWebSocketClientTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for {
			typ, b, err := c.ReadMessage()
			if err != nil {
				return
			}
			c.WriteMessage(typ, append([]byte("echo:tls:"), b...)) // not echoed again by the fake
		}
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644)
	addr := "wss://" + strings.TrimPrefix(srv.URL, "https://")
	cl := newNode(t, ipc.Options{})
	t.Setenv("SSL_CA_CERT_FILE", "")
	t.Setenv("KX_SSL_CA_CERT_FILE", "")
	var h int32
	var err error
	cl.on(func() { h, _, err = cl.m.OpenWS(addr, "", 5*time.Second) })
	if err == nil || !strings.HasPrefix(err.Error(), "conn. OS reports: ") {
		t.Fatalf("unknown certificate: %v", err)
	}
	t.Setenv("SSL_CA_CERT_FILE", ca)
	cl.on(func() { h, _, err = cl.m.OpenWS(addr, "", 5*time.Second) })
	if err != nil || h == 0 {
		t.Fatal(h, err)
	}
	big := strings.Repeat("z", 200000) // more than one TLS record
	cl.on(func() { err = cl.m.Async(h, value.Str(big)) })
	if err != nil {
		t.Fatal(err)
	}
	if e := cl.f.waitEvent("wsmsg"); e != "wsmsg echo:tls:"+big {
		t.Fatalf("got %.40q...", e)
	}
}
