package ipc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// HTTP on the listening port, as kdb+ serves it: handshake sniffs the first bytes of
// a connection, and one that starts with an HTTP method is handed, bytes already read
// included, to a net/http Server through a channel-backed listener. net/http does the
// protocol (request parsing, keep-alive, chunked bodies, Expect: 100-continue, limits);
// the q handlers (.z.ac, .z.ph, .z.pp, .z.pm) run on the main loop, in order with IPC
// messages, through the Dispatcher's HTTPAuth and HTTP.

// httpMethods are the request-line starts that make a connection HTTP. A kdb+ hello
// ends with a NUL, which no method has, so sniffing never waits for bytes a kdb+
// client will not send.
var httpMethods = []string{"GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "PATCH "}

// maxMethod is the longest of httpMethods.
const maxMethod = len("OPTIONS ")

// DefaultMaxHTTPHeader is Options.MaxHTTPHeader's default: a request line and headers
// bigger than this get 431 and the connection closes.
const DefaultMaxHTTPHeader = 64 << 10

// httpIdle is how long a kept-alive HTTP connection may sit between requests.
const httpIdle = 60 * time.Second

// sniffHTTP reports whether the connection behind br starts with an HTTP request
// line. It peeks one byte more only while what it has is still a method's prefix.
func sniffHTTP(br *bufio.Reader) bool {
	for n := 1; n <= maxMethod; n++ {
		b, err := br.Peek(n)
		if err != nil {
			return false
		}
		prefix := false
		for _, m := range httpMethods {
			if strings.HasPrefix(m, string(b)) {
				if len(b) == len(m) {
					return true
				}
				prefix = true
			}
		}
		if !prefix {
			return false
		}
	}
	return false
}

// httpRequest is one HTTP request as the Dispatcher gets it.
type httpRequest struct {
	method         string
	arg            value.Value // (requestText;headers), see HTTPArg
	user, password string      // Basic credentials, "" when none came
	fileOK         bool        // the -U file accepts them; true without a file
}

// httpServer is the Manager's net/http side, started with the first HTTP connection.
type httpServer struct {
	srv  *http.Server
	ln   *chanListener
	once sync.Once
}

// chanListener is a net.Listener whose connections are the ones handshake found to
// speak HTTP.
type chanListener struct {
	ch   chan net.Conn
	done chan struct{}
	once sync.Once
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ch:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *chanListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *chanListener) Addr() net.Addr { return httpAddr{} }

// httpAddr stands for the listening port, which can change under the server (\p).
type httpAddr struct{}

func (httpAddr) Network() string { return "tcp" }
func (httpAddr) String() string  { return "gq" }

// peekedConn is a connection whose first bytes handshake already read into br; c is
// its handle, registered while net/http has the connection (see connState).
type peekedConn struct {
	net.Conn
	br *bufio.Reader
	c  *Conn
}

// connKey finds a request's *Conn in its context.
type connKey struct{}

func (c *peekedConn) Read(p []byte) (int, error) {
	if c.br != nil {
		if c.br.Buffered() > 0 {
			return c.br.Read(p)
		}
		c.br = nil // drained: read the socket directly from now on
	}
	return c.Conn.Read(p)
}

// serveHTTP hands nc, whose first bytes are buffered in br, to the HTTP server.
func (m *Manager) serveHTTP(nc net.Conn, br *bufio.Reader) {
	hs := m.http()
	nc.SetReadDeadline(time.Time{}) // net/http sets its own
	c := newConn(m, nc, nil)
	c.http = true
	select {
	case hs.ln.ch <- &peekedConn{Conn: nc, br: br, c: c}:
	case <-hs.ln.done:
		nc.Close()
	case <-m.done:
		nc.Close()
	}
}

// http starts the HTTP server on first use.
func (m *Manager) http() *httpServer {
	hs := &m.httpSrv
	hs.once.Do(func() {
		hs.ln = &chanListener{ch: make(chan net.Conn), done: make(chan struct{})}
		hs.srv = &http.Server{
			Handler:           m,
			ReadHeaderTimeout: m.opts.HandshakeTimeout,
			IdleTimeout:       httpIdle,
			MaxHeaderBytes:    m.opts.MaxHTTPHeader,
			// OPTIONS * goes to .z.pm as any OPTIONS does, not net/http's own answer
			DisableGeneralOptionsHandler: true,
			// Bad requests are answered (400, 431) and closed; nothing goes to the console.
			ErrorLog: log.New(io.Discard, "", 0),
			ConnContext: func(ctx context.Context, nc net.Conn) context.Context {
				return context.WithValue(ctx, connKey{}, nc.(*peekedConn).c)
			},
			ConnState: m.connState,
		}
		go hs.srv.Serve(hs.ln)
	})
	return hs
}

// connState gives an HTTP connection a handle while net/http has it, as kdb+ gives
// each socket one: .z.w in the handlers, hclose .z.w, .z.H. No .z.po or .z.pc runs.
func (m *Manager) connState(nc net.Conn, st http.ConnState) {
	c := nc.(*peekedConn).c
	switch st {
	case http.StateNew:
		m.register(c)
	case http.StateHijacked, http.StateClosed:
		m.unregister(c)
	}
}

// closeHTTP stops the HTTP server and closes its connections (Shutdown).
func (m *Manager) closeHTTP() {
	hs := &m.httpSrv
	hs.once.Do(func() {}) // none started: none will be
	if hs.srv != nil {
		hs.srv.Close()
		hs.ln.Close()
	}
}

// ServeHTTP serves one HTTP request from a connection of the listening port: a
// WebSocket upgrade goes to serveWebSocket; anything else is authenticated and
// answered by the q handlers on the main loop.
func (m *Manager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if isWebSocketUpgrade(r) {
		m.serveWebSocket(w, r)
		return
	}
	c, _ := r.Context().Value(connKey{}).(*Conn)
	req, ok := m.httpRequest(w, r)
	if c == nil || !ok {
		return
	}
	resp, ok := m.onMain(func() []byte {
		who, refusal, ok := m.httpAuth(c, req)
		if !ok {
			return refusal
		}
		c.user = who
		return m.d.HTTP(c.h, req.method, req.arg)
	})
	if !ok {
		return
	}
	writeRaw(w, r, resp)
}

// httpAuth, on the main loop, decides whether req on c may be served (the
// Dispatcher's HTTPAuth: .z.ac, -U, .z.pw), giving the user or the refusal to send; a
// connection hclosed while the request waited is refused with nothing to send.
func (m *Manager) httpAuth(c *Conn, req *httpRequest) (who string, refusal []byte, ok bool) {
	if c.local.Load() {
		return "", nil, false
	}
	return m.d.HTTPAuth(c.h, req.arg, req.user, req.password, req.fileOK)
}

// httpRequest reads r (its body bounded by MaxMsg) into what the Dispatcher gets. A
// body cut short (the client went away) or too big fails, and nothing runs.
func (m *Manager) httpRequest(w http.ResponseWriter, r *http.Request) (*httpRequest, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, int64(m.opts.MaxMsg)))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		}
		return nil, false
	}
	req := &httpRequest{method: r.Method, arg: HTTPArg(r, body)}
	req.user, req.password, _ = basicAuth(r)
	req.fileOK = m.fileOK(req.user, req.password)
	return req, true
}

// fileOK reports whether the -U file accepts user:pw for HTTP; true without a file.
func (m *Manager) fileOK(user, pw string) bool {
	if m.opts.Users == nil {
		return true
	}
	stored, ok := m.opts.Users[user]
	return ok && user != "" && checkPassword(stored, pw)
}

// HTTPArg is what kdb+'s HTTP handlers get for r (docs/ref/dotz.md .z.ph, .z.pp):
// (requestText;headers). requestText is the request target without its leading "/",
// still URL-encoded (the default .z.ph decodes it with .h.uh); for a request with a
// body (POST always, as kdb+ gives .z.pp "path body") a space and the body follow.
// headers is a dictionary from header names (Go's canonical form, sorted, Host
// included; repeated headers joined with ", ") to strings.
func HTTPArg(r *http.Request, body []byte) value.Value {
	text := strings.TrimPrefix(r.RequestURI, "/")
	if r.Method == http.MethodPost || len(body) > 0 {
		text += " " + string(body)
	}
	h := r.Header.Clone()
	if r.Host != "" {
		h.Set("Host", r.Host) // net/http moves it out of Header
	}
	names := slices.Sorted(maps.Keys(h))
	vals := make([]value.Value, len(names))
	for i, k := range names {
		vals[i] = value.Str(strings.Join(h[k], ", "))
	}
	hd := &value.Dict{K: value.Syms(names), V: &value.List{Items: vals}}
	return &value.List{Items: []value.Value{value.Str(text), hd}}
}

// basicAuth decodes Authorization: Basic; kdb+ splits user and password at the first
// colon, as net/http does.
func basicAuth(r *http.Request) (user, pw string, ok bool) {
	a := r.Header.Get("Authorization")
	const prefix = "Basic "
	if len(a) < len(prefix) || !strings.EqualFold(a[:len(prefix)], prefix) {
		return "", "", false
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(a[len(prefix):]))
	if err != nil {
		return "", "", false
	}
	user, pw, ok = strings.Cut(string(b), ":")
	return user, pw, ok
}

// onMain runs f on the main loop, in order with everything else posted, and waits for
// its result; ok is false when the Manager shut down first.
func (m *Manager) onMain(f func() []byte) (r []byte, ok bool) {
	done := make(chan []byte, 1)
	m.post(func() { done <- f() })
	select {
	case r := <-done:
		return r, true
	case <-m.done:
		return nil, false
	}
}

// writeRaw sends resp, the whole HTTP response a q handler made, through w: its
// status line and headers become w's (so net/http keeps the connection alive unless
// they say Connection: close), its body is written as it is. Text that is not an HTTP
// response goes out as raw bytes and the connection closes, as kdb+ writes whatever
// the handler returned.
func writeRaw(w http.ResponseWriter, r *http.Request, resp []byte) {
	pr, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(resp)), r)
	if err != nil {
		if hj, ok := w.(http.Hijacker); ok {
			if nc, bw, err := hj.Hijack(); err == nil {
				bw.Write(resp)
				bw.Flush()
				nc.Close()
			}
		}
		return
	}
	body, _ := io.ReadAll(pr.Body) // a short body leaves net/http to close the connection
	h := w.Header()
	for k, v := range pr.Header {
		h[k] = v
	}
	if pr.Close {
		h.Set("Connection", "close")
	}
	if pr.ContentLength < 0 && len(pr.TransferEncoding) == 0 {
		// no length and not chunked: the body was the rest of the text
		h.Del("Content-Length")
	}
	h.Del("Transfer-Encoding") // net/http chunks by itself when it must
	w.WriteHeader(pr.StatusCode)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// ipv4Int packs an IPv4 address big-endian into an int, as kdb+'s .z.a; 0 otherwise.
func ipv4Int(ip net.IP) int32 {
	ip4 := ip.To4()
	if ip4 == nil {
		return 0
	}
	return int32(uint32(ip4[0])<<24 | uint32(ip4[1])<<16 | uint32(ip4[2])<<8 | uint32(ip4[3]))
}
