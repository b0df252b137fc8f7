package ipc

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

// UnixHost as Open's host connects to the Unix domain socket of a kdb+ process on this
// machine instead of TCP (hopen `:unix://5001).
const UnixHost = "unix://"

// Open connects to host:port ("" is localhost) and runs the client handshake: send
// creds (or the OS user), capability 3 and NUL, then read the one-byte reply. timeout
// bounds the connect and the handshake (0: no limit). Opening our own listening port
// gives handle 0, as the console corpus shows, so a sync request to it is evaluated
// here instead of waiting on ourselves.
func (m *Manager) Open(host string, port int, creds string, timeout time.Duration) (int32, error) {
	host, useTLS := tlsTarget(host) // tcps:// and unixs:// (ipc/tls.go)
	if host == "" {
		host = "localhost"
	}
	network, addr := "tcp", net.JoinHostPort(host, strconv.Itoa(port))
	if host == UnixHost {
		network, addr = "unix", udsName(port)
	} else if p := m.Port(); p != 0 && p == port && isSelf(host) {
		return 0, nil
	}
	d := net.Dialer{Timeout: timeout}
	nc, err := d.Dial(network, addr)
	if err != nil {
		return 0, dialErr(err)
	}
	if useTLS {
		if nc, err = m.dialTLS(nc, tlsServerName(host), timeout); err != nil {
			return 0, err
		}
	}
	if timeout > 0 {
		nc.SetDeadline(time.Now().Add(timeout))
	}
	if creds == "" {
		creds = m.opts.User
	}
	hello := append([]byte(creds), 3, 0)
	if _, err := nc.Write(hello); err != nil {
		nc.Close()
		return 0, dialErr(err)
	}
	br := bufio.NewReaderSize(nc, 64<<10)
	capa, err := br.ReadByte()
	if err != nil {
		nc.Close()
		if errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) {
			return 0, &value.Error{Msg: "access"}
		}
		return 0, dialErr(err)
	}
	nc.SetDeadline(time.Time{})
	c := newConn(m, nc, br)
	c.setCapa(capa)
	h := m.register(c)
	if m.tr() != nil {
		user, _, _ := strings.Cut(creds, ":") // never the password
		c.traceOpen(user)
	}
	go c.read()
	return h, nil
}

// isSelf reports whether host names this machine's loopback.
func isSelf(host string) bool {
	if host == "localhost" {
		return true
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	name, err := os.Hostname()
	return err == nil && name == host
}

func dialErr(err error) error {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &value.Error{Msg: "timeout"}
	}
	return &value.Error{Msg: "hop. OS reports: " + osText(err)}
}

// Sync flushes h, sends msg as a sync request and waits for the response. Requests the
// peer sends on h meanwhile are handled in order here (this is the main goroutine)
// and answered; other handles wait for the main loop. An error response comes back as
// its *value.Error; a peer that goes away gives 'close.
func (m *Manager) Sync(h int32, msg value.Value) (value.Value, error) {
	c, err := m.conn(h)
	if err != nil {
		return nil, err
	}
	if c.ws != nil {
		return nil, errNyi // WebSocket messages are async only (ref/dotz.md .z.ws)
	}
	if err := c.queue(wire.Sync, msg); err != nil {
		return nil, err
	}
	if err := c.flushBlocking(); err != nil {
		return nil, err
	}
	m.stop.Store(false)
	for {
		r, ok := c.pop(true)
		if !ok {
			if m.stop.Swap(false) {
				c.orphans++ // its response, when it comes, is not this one's
				return nil, &value.Error{Msg: "stop"}
			}
			return nil, &value.Error{Msg: "close"}
		}
		if r.kind == wire.Response {
			if c.orphans > 0 {
				c.orphans-- // the answer to a request given up earlier
				continue
			}
			if e, ok := r.v.(*value.Error); ok {
				return nil, e
			}
			return r.v, nil
		}
		c.dispatch(r, true)
	}
}

// Interrupt wakes a Sync or Receive that waits for a peer (Ctrl-C): it fails with
// 'stop and the handle stays usable; the late response is dropped when it comes. Safe
// to call from any goroutine.
func (m *Manager) Interrupt() {
	m.stop.Store(true)
	m.cancelHTTP() // an HTTP client request (httpclient.go) gives up too
	m.mu.Lock()
	for _, c := range m.conns {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	}
	m.mu.Unlock()
}

// Receive waits for the next async message or response on h and returns its object
// (h[]). Sync requests arriving meanwhile are handled and answered.
func (m *Manager) Receive(h int32) (value.Value, error) {
	c, err := m.conn(h)
	if err != nil {
		return nil, err
	}
	if c.ws != nil {
		return nil, errNyi // its messages go to .z.ws
	}
	if err := c.flushBlocking(); err != nil {
		return nil, err
	}
	m.stop.Store(false)
	for {
		r, ok := c.pop(true)
		if !ok {
			if m.stop.Swap(false) {
				return nil, &value.Error{Msg: "stop"}
			}
			return nil, &value.Error{Msg: "close"}
		}
		if r.kind == wire.Response && c.orphans > 0 {
			c.orphans--
			continue
		}
		if r.kind == wire.Sync {
			c.dispatch(r, true)
			continue
		}
		if e, ok := r.v.(*value.Error); ok {
			return nil, e
		}
		return r.v, nil
	}
}
