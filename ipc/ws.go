package ipc

// WebSocket handles (RFC 6455), as kdb+ has them (docs/kb/websockets.md, ref/dotz.md
// .z.wo .z.ws .z.wc): an upgrade on the listening port, or a connection we open to a
// WebSocket server, is a handle like an IPC one. Each text frame reaches .z.ws as a
// string, each binary frame as a byte vector, in order with the IPC messages (the
// same inbox and main loop); neg[h] x sends a string as a text frame and a byte vector
// as a binary frame; a sync request on it is 'nyi.
//
// gorilla/websocket does the protocol: the handshake, framing, masking, control frames,
// permessage-deflate. It writes to a pipe, not to the socket: the frames it makes land
// in the Conn's output queue and go out through the same non-blocking flushes as IPC
// frames (so .z.W, neg[h][] and the slow-reader bounds hold for WebSockets too), and
// every socket write stays on the main goroutine. It has no goroutines of its own; the
// Conn's reader goroutine calls it to read. (coder/websocket, the other well-kept
// library, runs goroutines of its own, ties writes to contexts and waits in Close for
// the peer's answer: none of that fits one main loop that must never block.)

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"github.com/gq-dev/gq/eval/value"
)

// WSDispatcher is what the Manager calls for WebSocket handles; a Dispatcher that also
// implements it (*eval.Interp does) gets WebSocket upgrades, others refuse them.
// Every method runs on the main loop.
type WSDispatcher interface {
	// WSAccepts reports whether an upgrade may be accepted: kdb+ 3.6+ accepts one only
	// when .z.ws is defined, and answers HTTP 501 otherwise (releases/ChangesIn3.6.md).
	WSAccepts() bool
	// WSOpened runs .z.wo with the new handle (server side only, as in kdb+).
	WSOpened(h int32)
	// WSMessage runs .z.ws with a message from h: a string for a text frame, a byte
	// vector for a binary one.
	WSMessage(h int32, msg value.Value)
	// WSClosed runs .z.wc after h closed; addr is the peer's IPv4 address (.z.a).
	WSClosed(h int32, addr int32)
}

// Message kinds of a WebSocket handle's inbox, beside the wire's 0, 1 and 2.
const (
	wsText   = 10
	wsBinary = 11
)

// wsConn is the WebSocket side of a Conn.
type wsConn struct {
	c *websocket.Conn
	p *wsPipe
}

// wsPipe is the net.Conn the library sees: reads come from the socket; writes are kept
// in buf for the main loop to move into the Conn's output queue (direct: write through,
// during the handshake, before the handle exists). What the reader goroutine writes (a
// pong, the close reply) is handed to the main loop with a posted pull, unless the main
// goroutine is in a write of its own and takes it with its own bytes.
type wsPipe struct {
	net.Conn

	mu     sync.Mutex
	buf    []byte
	direct bool
	main   bool    // the main goroutine is writing and pulls buf afterwards
	onSide func()  // posts a pull for bytes written off the main goroutine
	tee    *[]byte // the client handshake: what was read, for the caller
}

func (p *wsPipe) Read(b []byte) (int, error) {
	n, err := p.Conn.Read(b)
	if p.tee != nil {
		*p.tee = append(*p.tee, b[:n]...)
	}
	return n, err
}

func (p *wsPipe) Write(b []byte) (int, error) {
	p.mu.Lock()
	if p.direct {
		p.mu.Unlock()
		return p.Conn.Write(b)
	}
	p.buf = append(p.buf, b...)
	side := !p.main && p.onSide != nil
	p.mu.Unlock()
	if side {
		p.onSide()
	}
	return len(b), nil
}

// The library sets deadlines around its writes; ours never block.
func (p *wsPipe) SetWriteDeadline(t time.Time) error {
	if p.direct {
		return p.Conn.SetWriteDeadline(t)
	}
	return nil
}

func (p *wsPipe) SetDeadline(t time.Time) error {
	if p.direct {
		return p.Conn.SetDeadline(t)
	}
	return p.Conn.SetReadDeadline(t)
}

// wsPool lends write buffers only for the length of a write, which never blocks here,
// so an idle WebSocket holds none.
var wsPool sync.Pool

var (
	// wsUpgrader accepts any Origin: kdb+ does (the cookbook's ws.htm connects from a
	// file:// page, docs/kb/websockets.md), and compresses when the client offers
	// permessage-deflate, as kdb+ 3.2+ does.
	wsUpgrader = websocket.Upgrader{
		WriteBufferSize:   64 << 10,
		WriteBufferPool:   &wsPool,
		EnableCompression: true,
		CheckOrigin:       func(*http.Request) bool { return true },
	}
	// wsNoDeflate serves a client asking for the subprotocol kxnodeflate: no
	// compression (kdb+ 4.1 2024.03.12, docs/kb/websockets.md).
	wsNoDeflate = websocket.Upgrader{
		WriteBufferSize: 64 << 10,
		WriteBufferPool: &wsPool,
		Subprotocols:    []string{"kxnodeflate"},
		CheckOrigin:     func(*http.Request) bool { return true },
	}
)

// hijacker lets the Upgrader take the connection through the pipe: the 101 goes
// straight to the socket (direct) from net/http's goroutine, before the handle exists.
type hijacker struct {
	http.ResponseWriter
	p *wsPipe
}

// Hijack gives net/http's reader, which the library takes over (resetting it onto
// the pipe) after checking that it holds nothing: a client must wait for the 101.
func (w *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	nc, brw, err := w.ResponseWriter.(http.Hijacker).Hijack()
	if err != nil {
		return nil, nil, err
	}
	w.p.Conn = nc
	return w.p, brw, nil
}

// serveWebSocket serves an upgrade request that arrived on the listening port (on
// net/http's goroutine, http.go). The port's authentication runs first, as for any
// HTTP request (.z.ac, -U, .z.pw: ref/dotz.md .z.wo); without .z.ws the answer is 501
// and the connection stays HTTP (kdb+ 3.6+). Then the library answers 101 and, on the
// main loop, the connection becomes a handle and .z.wo runs with it.
func (m *Manager) serveWebSocket(w http.ResponseWriter, r *http.Request) {
	c, _ := r.Context().Value(connKey{}).(*Conn)
	req, ok := m.httpRequest(w, r)
	if c == nil || !ok {
		return
	}
	var user string
	refusal, ok := m.onMain(func() []byte {
		who, refusal, ok := m.httpAuth(c, req)
		if !ok {
			return refusal
		}
		if wd, ok := m.d.(WSDispatcher); !ok || !wd.WSAccepts() {
			return []byte("HTTP/1.1 501 Not Implemented\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n")
		}
		user = who
		return []byte{}
	})
	if !ok || refusal == nil {
		return
	}
	if len(refusal) > 0 {
		writeRaw(w, r, refusal)
		return
	}
	up := &wsUpgrader
	for _, s := range websocket.Subprotocols(r) {
		if s == "kxnodeflate" {
			up = &wsNoDeflate
		}
	}
	p := &wsPipe{direct: true}
	ws, err := up.Upgrade(&hijacker{ResponseWriter: w, p: p}, r, nil)
	if err != nil {
		return // the library answered (400 and the like) or closed
	}
	raw := p.Conn
	if pc, ok := raw.(*peekedConn); ok {
		raw = pc.Conn // written by the main loop without blocking (write_unix.go)
	}
	m.post(func() {
		nc := newConn(m, raw, nil)
		nc.user = user
		m.startWS(nc, ws, p)
		if wd, ok := m.d.(WSDispatcher); ok {
			wd.WSOpened(nc.h)
		}
	})
}

// startWS makes c a WebSocket handle and starts its reader.
func (m *Manager) startWS(c *Conn, ws *websocket.Conn, p *wsPipe) {
	c.ws = &wsConn{c: ws, p: p}
	p.mu.Lock()
	p.direct, p.main = false, false
	p.onSide = func() { m.post(c.wsPull) }
	p.mu.Unlock()
	ws.SetReadLimit(int64(m.opts.MaxMsg))
	m.register(c)
	go c.wsRead()
}

// wsRead is a WebSocket handle's goroutine: each data message goes to the inbox whole,
// as a string (text) or a byte vector (binary). A protocol error, a close or a message
// over Options.MaxMsg ends the connection (the library has queued its close frame).
func (c *Conn) wsRead() {
	defer func() {
		if recover() != nil {
			c.wsDie()
		}
	}()
	ws := c.ws.c
	for {
		typ, r, err := ws.NextReader()
		if err != nil {
			c.wsDie()
			return
		}
		b, err := io.ReadAll(r)
		if err != nil {
			c.wsDie()
			return
		}
		m := message{kind: wsBinary, v: value.Bytes(b), size: len(b)}
		if typ == websocket.TextMessage {
			m = message{kind: wsText, v: value.NewVec(value.TChar, b), size: len(b)}
		}
		post, ok := c.push(m)
		if !ok {
			return
		}
		if post {
			c.m.post(c.serve)
		}
	}
}

// wsDie ends a WebSocket handle from its reader's side: waiters fail; on the main
// loop what the library wrote last (its close reply) goes out if the socket takes it,
// the socket closes and, unless we closed it ourselves, .z.wc runs.
func (c *Conn) wsDie() {
	c.mu.Lock()
	c.dead = true
	c.cond.Broadcast()
	c.mu.Unlock()
	if c.local.Load() {
		c.nc.Close()
		return
	}
	c.m.post(func() {
		if !c.local.Load() {
			c.wsPull()
			if c.pending() > 0 && !c.waiting.Load() {
				writeNow(c.nc, c.out[c.off:])
			}
		}
		c.nc.Close()
		c.m.closed(c)
	})
}

// wsPull moves what the library wrote into the output queue. Main loop only.
func (c *Conn) wsPull() {
	p := c.ws.p
	p.mu.Lock()
	if len(p.buf) > 0 && !c.local.Load() {
		if c.pending() == 0 {
			c.out, p.buf, c.off = p.buf, c.out[:0], 0 // no copy when the queue is empty
		} else {
			c.out = append(c.out, p.buf...)
			p.buf = p.buf[:0]
		}
		if cap(p.buf) > 1<<20 {
			p.buf = nil
		}
		c.m.markDirty(c)
	}
	p.mu.Unlock()
}

// wsFrame checks that v can go out on a WebSocket and gives the frame type: a string
// is a text frame (UTF-8 only: kdb+'s 'utf8, docs/basics/errors.md), a byte vector a
// binary one (ref/dotz.md .z.ws); anything else is a 'type.
func wsFrame(v value.Value) (int, []byte, error) {
	if x, ok := v.(*value.Vec[byte]); ok {
		switch x.Typ {
		case value.TChar:
			if !utf8.Valid(x.S) {
				return 0, nil, &value.Error{Msg: "utf8"}
			}
			return websocket.TextMessage, x.S, nil
		case value.TByte:
			return websocket.BinaryMessage, x.S, nil
		}
	}
	return 0, nil, &value.Error{Msg: "type"}
}

// wsQueue sends v as one WebSocket message: framed by the library into the output
// queue, written at the next flush. Main loop only.
func (c *Conn) wsQueue(v value.Value) error {
	typ, b, err := wsFrame(v)
	if err != nil {
		return err
	}
	p := c.ws.p
	p.mu.Lock()
	p.main = true
	p.mu.Unlock()
	err = c.ws.c.WriteMessage(typ, b)
	p.mu.Lock()
	p.main = false
	p.mu.Unlock()
	c.wsPull()
	if err != nil {
		return badHandle(c.h) // a close frame went out already
	}
	return nil
}

// wsClose sends a close frame (1000, normal closure) if the socket takes it now,
// unless a frame is half written; hclose then drops the rest of the queue. Main loop.
func (c *Conn) wsClose() {
	if c.off > 0 && c.pending() > 0 || c.waiting.Load() {
		return
	}
	c.out, c.off = c.out[:0], 0
	c.ws.c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Time{})
	c.wsPull()
	if c.pending() > 0 {
		writeNow(c.nc, c.out[c.off:])
	}
}

var errNyi = &value.Error{Msg: "nyi"}

// OpenWS opens a WebSocket to addr, ws://[user:password@]host:port (kdb+'s client,
// docs/kb/websockets.md): req is the HTTP request kdb+ takes, "GET /path
// HTTP/1.1\r\nHost: host:port\r\n\r\n" with any headers to send ("" is GET /), to
// which the Upgrade, Connection and Sec-WebSocket-* headers are added. It returns the
// new handle and the server's response: the handle is 0 when the server refused the
// upgrade (kdb+'s 0Ni), the response then being what the server answered. timeout
// bounds the connect and the handshake (0: 30 s).
func (m *Manager) OpenWS(addr, req string, timeout time.Duration) (int32, string, error) {
	u, err := url.Parse(addr)
	if err != nil || u.Host == "" || (u.Scheme != "ws" && u.Scheme != "wss") {
		return 0, "", &value.Error{Msg: "domain"}
	}
	hdr := http.Header{}
	if u.User != nil { // the library takes no credentials in the URL: Basic, as kdb+ sends them
		pw, _ := u.User.Password()
		hdr.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(u.User.Username()+":"+pw)))
		u.User = nil
	}
	if req != "" {
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(req)))
		if err != nil || r.Method != http.MethodGet {
			return 0, "", &value.Error{Msg: "domain"}
		}
		u.Path, u.RawQuery = r.URL.Path, r.URL.RawQuery
		for k, vs := range r.Header {
			switch k {
			case "Upgrade", "Connection", "Sec-Websocket-Key", "Sec-Websocket-Version", "Sec-Websocket-Extensions":
				continue // the handshake's own, added by the library
			}
			hdr[k] = vs
		}
		if r.Host != "" {
			hdr.Set("Host", r.Host)
		}
	}
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	var p *wsPipe
	var tee []byte
	d := websocket.Dialer{
		NetDialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
			nc, err := (&net.Dialer{}).DialContext(ctx, network, a)
			if err != nil {
				return nil, err
			}
			p = &wsPipe{Conn: nc, direct: true, tee: &tee}
			return p, nil
		},
		HandshakeTimeout:  timeout,
		WriteBufferSize:   64 << 10,
		WriteBufferPool:   &wsPool,
		EnableCompression: true,
	}
	if u.Scheme == "wss" { // TLS as kdb+ sets it up (SSL_CA_CERT_FILE ..., httpclient.go)
		cfg, err := httpTLSConfig(u.Hostname())
		if err != nil {
			return 0, "", err
		}
		d.TLSClientConfig = cfg
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ws, resp, err := d.DialContext(ctx, u.String(), hdr)
	if err != nil {
		if errors.Is(err, websocket.ErrBadHandshake) && resp != nil {
			resp.Body.Close()
			if p != nil {
				p.Conn.Close()
			}
			return 0, string(tee), nil
		}
		if p != nil {
			p.Conn.Close()
		}
		var ce *tls.CertificateVerificationError
		if errors.As(err, &ce) { // as the HTTP client says it (httpclient.go)
			return 0, "", &value.Error{Msg: "conn. OS reports: " + ce.Error()}
		}
		return 0, "", dialErr(err)
	}
	head := tee
	if i := bytes.Index(head, []byte("\r\n\r\n")); i >= 0 {
		head = head[:i+4]
	}
	p.mu.Lock()
	p.direct, p.tee = false, nil
	p.mu.Unlock()
	p.Conn.SetDeadline(time.Time{})
	c := newConn(m, p.Conn, nil)
	m.startWS(c, ws, p)
	return c.h, string(head), nil
}
