package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

// WebSockets between gq processes and from a Go client, through the q handlers
// (docs/kb/websockets.md; ref/dotz.md .z.wo .z.ws .z.wc).

// wsServer is a gq server whose .z.ws answers a string with "re:" before it and
// evaluates IPC bytes as kdb+'s c.js pages send them (docs/kb/websockets.md:
// deserialize, evaluate, send the serialized result back on .z.w); .z.wo and .z.wc
// print the handle, .z.w there, and whether the handle is in .z.H.
const wsServer = `
.z.wo:{-1 "wo ",string[x]," ",string[.z.w]," ",string x in .z.H}
.z.wc:{-1 "wc ",string[x]," ",string[.z.w]," ",string x in .z.H}
.z.ws:{$[10h=type x;neg[.z.w] "re:",x;neg[.z.w] -8! value -9!x]}
-1 "ready";
`

func writeScript(t *testing.T, name, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWebSocketServerHandlers(t *testing.T) {
	s := startServer(t, writeScript(t, "srv.q", wsServer))
	s.waitOutput(t, "ready\n") // the script has run (the port listens before it loads)
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	c, resp, err := d.Dial(fmt.Sprintf("ws://127.0.0.1:%d/", s.port), nil)
	if err != nil {
		if resp != nil {
			b, _ := io.ReadAll(resp.Body)
			t.Fatalf("%v: %s %v %s", err, resp.Status, resp.Header, b)
		}
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	s.waitOutput(t, `wo \d+ \d+ 1\n`)
	var h, w int
	out := s.output()
	fmt.Sscanf(out[strings.Index(out, "wo "):], "wo %d %d", &h, &w)
	if h < 3 || w != h {
		t.Fatalf(".z.wo: handle %d, .z.w %d", h, w) // .z.w is the new handle in .z.wo
	}
	c.WriteMessage(websocket.TextMessage, []byte("abc"))
	if typ, b, err := c.ReadMessage(); err != nil || typ != websocket.TextMessage || string(b) != "re:abc" {
		t.Fatalf("%d %q %v", typ, b, err)
	}
	// c.js's way: IPC bytes in a binary frame, an IPC message back.
	msg, err := wire.Encode(value.Str("2+til 3"))
	if err != nil {
		t.Fatal(err)
	}
	c.WriteMessage(websocket.BinaryMessage, msg)
	typ, b, err := c.ReadMessage()
	if err != nil || typ != websocket.BinaryMessage {
		t.Fatalf("%d %q %v", typ, b, err)
	}
	v, err := wire.Decode(b)
	if err != nil || fmt.Sprint(value.Items(v)) != "[2 3 4]" {
		t.Fatalf("%v %v", v, err)
	}
	c.Close()
	s.waitOutput(t, fmt.Sprintf(`wc %d 0 0\n`, h)) // after the close: .z.w is 0, the handle gone
}

// hopen `:ws:// and kdb+'s `:ws://host:port "GET ..." between two gq processes: the
// client's .z.ws gets the server's frames, text and binary.
func TestWebSocketBetweenProcesses(t *testing.T) {
	s := startServer(t, writeScript(t, "srv.q", wsServer))
	s.waitOutput(t, "ready\n") // the script has run (the port listens before it loads)
	client := fmt.Sprintf(`
got:()
.z.ws:{got,:enlist x; if[3=count got; -1 .Q.s1 got; exit 0]}
r:`+"`"+`:ws://127.0.0.1:%[1]d "GET / HTTP/1.1\r\nHost: 127.0.0.1:%[1]d\r\n\r\n"
-1 .Q.s1 (type r 0;type r 1;r[1] like "HTTP/1.1 101 Switching Protocols*");
h:hopen `+"`"+`:ws://127.0.0.1:%[1]d
-1 .Q.s1 @[r 0;"sync";{x}];
-1 .Q.s1 @[neg h;1 2 3;{x}];
neg[r 0] "one"
neg[r 0] -8!"10*3"
neg[h] "two"
`, s.port)
	out := pipeGQ(t, "", writeScript(t, "client.q", client), "-p", "0W")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{`(-6h;10h;1b)`, `"nyi"`, `"type"`}
	if len(lines) != 4 || strings.Join(lines[:3], "|") != strings.Join(want, "|") {
		t.Fatalf("client printed:\n%s", out)
	}
	// The frames arrive in order per handle; the two handles may interleave.
	got := lines[3]
	for _, part := range []string{`"re:one"`, `"re:two"`, `0x01000000`} {
		if !strings.Contains(got, part) {
			t.Errorf("client got %s, missing %s", got, part)
		}
	}
	if strings.Index(got, `"re:one"`) > strings.Index(got, "0x01") {
		t.Errorf("frames of one handle out of order: %s", got)
	}
	s.waitOutput(t, `(?s)wo .*wo `)
}

// A server without .z.ws refuses the upgrade with 501 (kdb+ 3.6+): kdb+'s request form
// gives (0Ni;response) (docs/kb/websockets.md), hopen signals the status line.
func TestWebSocketRefused(t *testing.T) {
	s := startServer(t)
	client := fmt.Sprintf(`r:`+"`"+`:ws://127.0.0.1:%[1]d "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
-1 .Q.s1 (r 0;r[1] like "HTTP/1.1 501 Not Implemented\r\n*");
-1 .Q.s1 @[hopen;`+"`"+`:ws://127.0.0.1:%[1]d;{x}];
`, s.port)
	out := pipeGQ(t, client)
	if out != "(0Ni;1b)\n\"HTTP/1.1 501 Not Implemented\"\n" {
		t.Fatalf("client printed:\n%s", out)
	}
}

// Bad input on a WebSocket (a client frame without a mask, RFC 6455 5.1; a frame
// longer than the server takes) closes that connection only: .z.wc runs, and an IPC
// client and a WebSocket on the same port go on, in order, on the one main loop.
func TestWebSocketBadInput(t *testing.T) {
	s := startServer(t, writeScript(t, "srv.q", wsServer), "-w", "64")
	s.waitOutput(t, "ready\n")
	q, err := dialQ(s.port, "")
	if err != nil {
		t.Fatal(err)
	}
	defer q.close()
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	good, _, err := d.Dial(fmt.Sprintf("ws://127.0.0.1:%d/", s.port), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer good.Close()
	good.SetReadDeadline(time.Now().Add(10 * time.Second))

	for i, frame := range [][]byte{
		{0x81, 0x02, 'h', 'i'}, // unmasked
		{0x82, 0xff, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4}, // masked, 512 GB long
	} {
		bad, _, err := d.Dial(fmt.Sprintf("ws://127.0.0.1:%d/", s.port), nil)
		if err != nil {
			t.Fatal(err)
		}
		nc := bad.NetConn()
		nc.Write(frame)
		nc.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.ReadAll(nc); err != nil { // the server's close frame, then EOF
			t.Fatalf("frame %d: %v", i, err)
		}
		bad.Close()
		if got := strings.Count(s.output(), "wc "); got != i+1 {
			s.waitOutput(t, fmt.Sprintf(`(?s)(wc .*){%d}`, i+1))
		}
		if r, err := q.sync("1+1", 10*time.Second); err != nil || r != value.Long(2) {
			t.Fatalf("IPC after bad frame %d: %v %v", i, r, err)
		}
		good.WriteMessage(websocket.TextMessage, []byte(fmt.Sprint("still ", i)))
		if _, b, err := good.ReadMessage(); err != nil || string(b) != fmt.Sprint("re:still ", i) {
			t.Fatalf("WebSocket after bad frame %d: %q %v", i, b, err)
		}
	}
}
