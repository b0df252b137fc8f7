package ipc_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc"
)

// HTTPAuth stands for .z.ac's absence: the -U file decides.
func (f *fake) HTTPAuth(_ int32, _ value.Value, user, _ string, fileOK bool) (string, []byte, bool) {
	if !fileOK {
		return "", []byte("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"t\"\r\nContent-Length: 0\r\n\r\n"), false
	}
	return user, nil, true
}

// HTTP answers with what it was given, as "method|text|user|header names": with
// Connection: close when the text says close, as raw non-HTTP text when it says raw,
// and it closes its handle when the text says hclose.
func (f *fake) HTTP(h int32, method string, x value.Value) []byte {
	_, user, ok := f.m.Peer(h)
	if !ok || h < 3 {
		f.t.Errorf("HTTP on handle %d: no peer", h)
	}
	l := x.(*value.List)
	text := string(l.Items[0].(*value.Vec[byte]).S)
	names := l.Items[1].(*value.Dict).K.(*value.Vec[string]).S
	f.event("http " + text)
	if strings.Contains(text, "hclose") {
		f.m.Close(h)
	}
	if strings.Contains(text, "raw") {
		return []byte("not an http response")
	}
	body := fmt.Sprintf("%s|%s|%s|%s", method, text, user, strings.Join(names, ","))
	conn := ""
	if strings.Contains(text, "close") {
		conn = "Connection: close\r\n"
	}
	return fmt.Appendf(nil, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n%sContent-Length: %d\r\n\r\n%s", conn, len(body), body)
}

// httpNode is a listening node and an IPC client connected to it, which every HTTP
// test checks afterwards: whatever HTTP does to its own connections, the IPC handle on
// the same port goes on working.
func httpNode(t *testing.T, opts ipc.Options) (n *node, port int, check func()) {
	srv := newNode(t, opts)
	port = srv.listen()
	cli := newNode(t, ipc.Options{})
	creds := ""
	if opts.Users != nil {
		creds = "u:p"
	}
	h, err := cli.open(port, creds)
	if err != nil {
		t.Fatal(err)
	}
	check = func() {
		t.Helper()
		r, err := cli.sync(h, L(value.Sym("add"), value.Long(2), value.Long(3)))
		if err != nil || r != value.Value(value.Long(5)) {
			t.Fatalf("IPC client on the HTTP port: %v %v", r, err)
		}
	}
	check()
	return srv, port, check
}

// readResp reads one HTTP response from br.
func readResp(t *testing.T, br *bufio.Reader, method string) (*http.Response, string) {
	t.Helper()
	resp, err := http.ReadResponse(br, &http.Request{Method: method})
	if err != nil {
		t.Fatal("response:", err)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal("body:", err)
	}
	return resp, string(b)
}

// httpDial connects to port for a test's HTTP exchange of at most 5 seconds.
func httpDial(t *testing.T, port int) (net.Conn, *bufio.Reader) {
	t.Helper()
	c := rawDial(t, port, nil)
	c.SetDeadline(time.Now().Add(5 * time.Second))
	return c, bufio.NewReader(c)
}

// GET and POST reach the handler with kdb+'s requestText (the target without its "/";
// for POST, a space and the body), and two requests share one kept-alive connection.
func TestHTTPKeepAlive(t *testing.T) {
	_, port, check := httpNode(t, ipc.Options{})
	c, br := httpDial(t, port)
	fmt.Fprint(c, "GET /?1+1 HTTP/1.1\r\nHost: x\r\nX-Test: a\r\n\r\n")
	resp, body := readResp(t, br, "GET")
	if resp.StatusCode != 200 || body != "GET|?1+1||Host,X-Test" || resp.Close {
		t.Fatalf("GET: %d %q close=%v", resp.StatusCode, body, resp.Close)
	}
	fmt.Fprint(c, "POST /q HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
	resp, body = readResp(t, br, "POST")
	if resp.StatusCode != 200 || body != "POST|q hello||Content-Length,Host" {
		t.Fatalf("POST on the same connection: %d %q", resp.StatusCode, body)
	}
	// chunked, then the handler's Connection: close ends the connection
	fmt.Fprint(c, "POST /close HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
	resp, body = readResp(t, br, "POST")
	if body != "POST|close abc||Host" || !resp.Close {
		t.Fatalf("chunked POST: %q close=%v", body, resp.Close)
	}
	waitEOF(t, c)
	check()
}

// HEAD is served by the GET handler and gets no body; a handler's text that is not an
// HTTP response goes out as it is and the connection closes, as kdb+ writes it.
func TestHTTPHeadAndRaw(t *testing.T) {
	_, port, check := httpNode(t, ipc.Options{})
	c, br := httpDial(t, port)
	fmt.Fprint(c, "HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, body := readResp(t, br, "HEAD")
	if resp.StatusCode != 200 || body != "" {
		t.Fatalf("HEAD: %d %q", resp.StatusCode, body)
	}
	fmt.Fprint(c, "GET /raw HTTP/1.1\r\nHost: x\r\n\r\n")
	b, _ := io.ReadAll(br)
	if string(b) != "not an http response" {
		t.Fatalf("raw answer: %q", b)
	}
	check()
}

// Bad input closes that connection only: a malformed request line (400), a header
// past MaxHTTPHeader (431), a client gone in the middle of its body (no handler runs);
// the IPC client on the same port is served throughout.
func TestHTTPBadInput(t *testing.T) {
	n, port, check := httpNode(t, ipc.Options{MaxHTTPHeader: 4 << 10})
	for _, tc := range []struct{ name, req, status string }{
		{"no version", "GET /\r\n\r\n", "400"},
		{"bad version", "GET / HTTQ/1.1\r\nHost: x\r\n\r\n", "400"},
		{"space in target", "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
		{"bad header", "GET / HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n", "400"},
		{"header too big", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 64<<10) + "\r\n\r\n", "431"},
	} {
		c := rawDial(t, port, nil)
		c.SetDeadline(time.Now().Add(5 * time.Second))
		go io.WriteString(c, tc.req) // the server may close before it has read it all
		b, _ := io.ReadAll(c)
		if !strings.HasPrefix(string(b), "HTTP/1.1 "+tc.status) {
			t.Errorf("%s: got %q", tc.name, b)
		}
		c.Close()
		check()
	}
	// a body cut short: the connection closes and the handler never sees it
	c := rawDial(t, port, nil)
	fmt.Fprint(c, "POST /cut HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
	time.Sleep(50 * time.Millisecond)
	c.Close()
	// a request that stops in its headers and a connection that says nothing more
	c2 := rawDial(t, port, nil)
	fmt.Fprint(c2, "GET / HTTP/1.1\r\nHo")
	c2.Close()
	check()
	c3 := rawDial(t, port, nil)
	c3.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprint(c3, "GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
	if _, body := readResp(t, bufio.NewReader(c3), "GET"); body != "GET|after||Host" {
		t.Fatalf("after bad input: %q", body)
	}
	for _, e := range drainEvents(n.f) {
		if strings.Contains(e, "cut") {
			t.Fatalf("handler ran for a body cut short: %q", e)
		}
	}
}

// drainEvents takes the events noted so far.
func drainEvents(f *fake) []string {
	var r []string
	for {
		select {
		case e := <-f.notify:
			r = append(r, e)
		default:
			return r
		}
	}
}

// With a -U file, HTTP needs Basic credentials that it accepts, as kdb+ checks them
// (docs/ref/dotz.md .z.ac: without .z.ac, basic access authentication via -u/-U).
func TestHTTPBasicAuth(t *testing.T) {
	_, port, check := httpNode(t, ipc.Options{Users: map[string]string{"u": "p"}})
	get := func(auth string) (*http.Response, string) {
		c := rawDial(t, port, nil)
		c.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(c, "GET /x HTTP/1.1\r\nHost: x\r\n%s\r\n", auth)
		return readResp(t, bufio.NewReader(c), "GET")
	}
	if r, _ := get(""); r.StatusCode != 401 || r.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("no credentials: %d %v", r.StatusCode, r.Header)
	}
	if r, _ := get("Authorization: Basic dTp3cm9uZw==\r\n"); r.StatusCode != 401 { // u:wrong
		t.Fatalf("wrong password: %d", r.StatusCode)
	}
	if r, body := get("Authorization: Basic dTpw\r\n"); r.StatusCode != 200 || !strings.HasPrefix(body, "GET|x|u|") { // u:p
		t.Fatalf("right password: %d %q", r.StatusCode, body)
	}
	check()
}

// The handlers run on the main loop in order with IPC messages: an async message sent
// before an HTTP request is handled before it.
func TestHTTPOrderWithIPC(t *testing.T) {
	n, port, _ := httpNode(t, ipc.Options{})
	cli := newNode(t, ipc.Options{})
	h, err := cli.open(port, "")
	if err != nil {
		t.Fatal(err)
	}
	block := make(chan struct{})
	go n.on(func() { <-block }) // the main loop is busy: both wait their turn
	time.Sleep(20 * time.Millisecond)
	cli.on(func() {
		cli.m.Async(h, value.Sym("first"))
		cli.m.Flush(h)
	})
	time.Sleep(50 * time.Millisecond) // the async message is read and posted
	done := make(chan string, 1)
	go func() {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/second", port))
		if err != nil {
			done <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- string(b)
	}()
	time.Sleep(50 * time.Millisecond)
	close(block)
	var got []string
	for len(got) < 2 {
		if e := n.f.waitEvent(""); !strings.HasPrefix(e, "open ") {
			got = append(got, e)
		}
	}
	if got[0] != "async" || got[1] != "http second" {
		t.Fatalf("events %q, want the async message, then the HTTP request", got)
	}
	select {
	case b := <-done:
		if !strings.HasPrefix(b, "GET|second|") {
			t.Fatalf("HTTP answer %q", b)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no HTTP answer")
	}
}

// An HTTP connection holds a handle while it is open, as a kdb+ socket does (.z.w in
// the handlers, .z.H): no kdb+ message goes to it, hclose from a handler closes it,
// and the handle is free once the connection has gone.
func TestHTTPHandle(t *testing.T) {
	n, port, check := httpNode(t, ipc.Options{})
	var before int
	n.on(func() { before = len(n.m.Handles()) })
	c, br := httpDial(t, port)
	fmt.Fprint(c, "GET /x HTTP/1.1\r\nHost: x\r\n\r\n")
	readResp(t, br, "GET")
	var hs []int32
	n.on(func() { hs = n.m.Handles() })
	if len(hs) != before+1 {
		t.Fatalf("handles with an HTTP connection open: %v, %d before", hs, before)
	}
	h := slices.Max(hs)
	var errs []error
	n.on(func() {
		errs = append(errs, n.m.Async(h, value.Long(1)), n.m.Flush(h))
		_, err := n.m.Sync(h, value.Long(1))
		errs = append(errs, err)
	})
	for i, err := range errs {
		if err == nil {
			t.Errorf("kdb+ message %d to the HTTP handle %d: no error", i, h)
		}
	}
	fmt.Fprint(c, "GET /hclose HTTP/1.1\r\nHost: x\r\n\r\n")
	waitEOF(t, c)
	deadline := time.Now().Add(5 * time.Second)
	for {
		n.on(func() { hs = n.m.Handles() })
		if len(hs) == before {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("handles after the HTTP connection closed: %v", hs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	check()
}

// A body past MaxMsg gets 413 and runs nothing; a client that goes away while its
// request waits for the busy main loop costs nothing: the handler's answer has nowhere
// to go, and everything else goes on.
func TestHTTPBodyLimitAndGoneWhileQueued(t *testing.T) {
	n, port, check := httpNode(t, ipc.Options{MaxMsg: 1 << 10})
	c := rawDial(t, port, nil)
	c.SetDeadline(time.Now().Add(5 * time.Second))
	go fmt.Fprintf(c, "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n%s", strings.Repeat("z", 4096))
	if resp, _ := readResp(t, bufio.NewReader(c), "POST"); resp.StatusCode != 413 {
		t.Fatalf("body past MaxMsg: %d", resp.StatusCode)
	}
	check()
	block := make(chan struct{})
	go n.on(func() { <-block })
	time.Sleep(20 * time.Millisecond)
	c2 := rawDial(t, port, nil)
	fmt.Fprint(c2, "GET /queued HTTP/1.1\r\nHost: x\r\n\r\n")
	time.Sleep(50 * time.Millisecond) // read and posted behind the blocked loop
	c2.Close()
	close(block)
	if e := n.f.waitEvent("http "); e != "http queued" {
		t.Fatalf("event %q", e)
	}
	check()
	for _, e := range drainEvents(n.f) {
		if strings.Contains(e, "big") {
			t.Fatalf("handler ran for a body past the limit: %q", e)
		}
	}
}
