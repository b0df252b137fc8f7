package ipc

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

// Open connects to host:port ("" is localhost) and runs the client handshake: send
// creds (or the OS user), capability 3 and NUL, then read the one-byte reply. timeout
// bounds the connect and the handshake (0: no limit). Opening our own listening port
// gives handle 0, as the console corpus shows, so a sync request to it is evaluated
// here instead of waiting on ourselves.
func (m *Manager) Open(host string, port int, creds string, timeout time.Duration) (int32, error) {
	if host == "" {
		host = "localhost"
	}
	if p := m.Port(); p != 0 && p == port && isSelf(host) {
		return 0, nil
	}
	d := net.Dialer{Timeout: timeout}
	nc, err := d.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return 0, dialErr(err)
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
	if err := c.queue(wire.Sync, msg); err != nil {
		return nil, err
	}
	if err := c.flushBlocking(); err != nil {
		return nil, err
	}
	for {
		r, ok := c.pop(true)
		if !ok {
			return nil, &value.Error{Msg: "close"}
		}
		if r.kind == wire.Response {
			if e, ok := r.v.(*value.Error); ok {
				return nil, e
			}
			return r.v, nil
		}
		m.dispatch(c, r, true)
	}
}

// Receive waits for the next async message or response on h and returns its object
// (h[]). Sync requests arriving meanwhile are handled and answered.
func (m *Manager) Receive(h int32) (value.Value, error) {
	c, err := m.conn(h)
	if err != nil {
		return nil, err
	}
	if err := c.flushBlocking(); err != nil {
		return nil, err
	}
	for {
		r, ok := c.pop(true)
		if !ok {
			return nil, &value.Error{Msg: "close"}
		}
		if r.kind == wire.Sync {
			m.dispatch(c, r, true)
			continue
		}
		if e, ok := r.v.(*value.Error); ok {
			return nil, e
		}
		return r.v, nil
	}
}

// dispatch hands a message to the Dispatcher; a sync request is answered with a
// response, written at once when now is set (the peer is blocked on it while we wait).
func (m *Manager) dispatch(c *Conn, r message, now bool) {
	switch r.kind {
	case wire.Async:
		m.d.Async(c.h, r.v)
	case wire.Sync:
		v, err := m.d.Sync(c.h, r.v)
		if err == wire.Deferred {
			c.deferred++ // -30!: the answer comes later through Respond
			return
		}
		if err != nil {
			v = asError(err)
		}
		if c.local.Load() {
			return // the handler closed the handle
		}
		if err := c.queue(wire.Response, v); err != nil {
			c.queue(wire.Response, asError(err))
		}
		if now {
			c.flushBlocking()
		}
	default:
		// A response nobody waits for: kdb+ has nowhere to put it either.
	}
}

func asError(err error) *value.Error {
	if e, ok := err.(*value.Error); ok {
		return e
	}
	return &value.Error{Msg: err.Error()}
}

// Respond sends the deferred response to a sync request from h whose handler returned
// wire.Deferred (-30!(h;0b;v), or -30!(h;1b;msg) with isErr, v then being the error's
// text as a string or symbol). Responses go out in request order.
func (m *Manager) Respond(h int32, v value.Value, isErr bool) error {
	c, err := m.conn(h)
	if err != nil {
		return &value.Error{Msg: "domain"}
	}
	if c.deferred == 0 {
		return &value.Error{Msg: "Handle " + strconv.Itoa(int(h)) + " was not expecting a response msg"}
	}
	if isErr {
		switch x := v.(type) {
		case *value.Vec[byte]:
			v = &value.Error{Msg: string(x.S)}
		case value.Sym:
			v = &value.Error{Msg: string(x)}
		case value.Char:
			v = &value.Error{Msg: string(rune(x))}
		default:
			return &value.Error{Msg: "type"}
		}
	}
	if err := c.queue(wire.Response, v); err != nil {
		return err
	}
	c.deferred--
	return nil
}
