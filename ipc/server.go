package ipc

import (
	"bufio"
	"errors"
	"net"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// maxHello caps the client hello (credentials, capability, NUL).
const maxHello = 1024

// listener is one listening socket and its accept goroutine.
type listener struct {
	ln   net.Listener
	uds  net.Listener // the abstract Unix socket @/tmp/kx.PORT beside it (Linux), or nil
	once sync.Once
}

func (l *listener) close() {
	l.once.Do(func() {
		l.ln.Close()
		if l.uds != nil {
			l.uds.Close()
		}
	})
}

// udsName is the abstract Unix socket kdb+ listens on beside TCP port p on Linux, and
// that hopen `:unix://p connects to.
func udsName(p int) string { return "@/tmp/kx." + strconv.Itoa(p) }

// Listen starts listening on addr: "5001" (every interface), "127.0.0.1:5001", "0W"
// or "host:0W" (any free port). A negative port (q's multithreaded mode) is taken as
// its absolute value. "0" stops listening and returns 0. A new port replaces the old
// one; open connections stay.
func (m *Manager) Listen(addr string) (int, error) {
	host, port := "", addr
	if i := strings.LastIndexByte(addr, ':'); i >= 0 {
		host, port = addr[:i], addr[i+1:]
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	port = strings.TrimPrefix(port, "-")
	switch port {
	case "0":
		m.stopListening()
		return 0, nil
	case "0W", "0w":
		port = "0"
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return 0, &value.Error{Msg: "domain"}
	}
	if _, err := m.serverTLS(); err != nil { // -E 1/2 needs the certificate first
		return 0, err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return 0, &value.Error{Msg: port + ": " + osText(err)}
	}
	l := &listener{ln: ln}
	p := ln.Addr().(*net.TCPAddr).Port
	if runtime.GOOS == "linux" {
		// As kdb+ does; a name already taken (another process on the same port number
		// in another network) leaves TCP alone.
		l.uds, _ = net.Listen("unix", udsName(p))
	}
	m.mu.Lock()
	old := m.ln
	m.ln = l
	m.port = p
	m.mu.Unlock()
	if old != nil {
		old.close()
	}
	go m.accept(l, l.ln)
	if l.uds != nil {
		go m.accept(l, l.uds)
	}
	return p, nil
}

func (m *Manager) stopListening() {
	m.mu.Lock()
	old := m.ln
	m.ln, m.port = nil, 0
	m.mu.Unlock()
	if old != nil {
		old.close()
	}
}

// Port is the listening port, 0 if none.
func (m *Manager) Port() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.port
}

func (m *Manager) accept(l *listener, ln net.Listener) {
	for {
		nc, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of descriptors and the like: back off, keep listening.
			select {
			case <-time.After(10 * time.Millisecond):
				continue
			case <-m.done:
				return
			}
		}
		go m.handshake(nc)
	}
}

// handshake runs the server side of ipc-protocol.md §1: read the hello (bounded in
// size and time), check the -U file here, then on the main loop run .z.pw, reply the
// shared capability, take a handle and run .z.po. A refusal closes without a reply.
func (m *Manager) handshake(nc net.Conn) {
	br := bufio.NewReaderSize(nc, 64<<10)
	nc.SetReadDeadline(time.Now().Add(m.opts.HandshakeTimeout))
	// A TLS ClientHello is taken through TLS (-E 1/2) and the rest runs on the TLS
	// connection; -E decides who is refused (ipc/tls.go).
	nc, br, ok := m.startTLS(nc, br)
	if !ok {
		nc.Close()
		return
	}
	if sniffHTTP(br) { // "GET /..." and the like: HTTP on the same port (http.go)
		m.serveHTTP(nc, br)
		return
	}
	hello, err := readHello(br)
	if err != nil {
		nc.Close()
		return
	}
	user, pw, capa := splitCreds(hello)
	if m.opts.Users != nil {
		stored, ok := m.opts.Users[user]
		if !ok || !checkPassword(stored, pw) {
			nc.Close()
			return
		}
	}
	nc.SetReadDeadline(time.Time{})
	c := newConn(m, nc, br)
	c.user = user
	c.setCapa(capa)
	m.post(func() {
		if !m.d.Auth(user, pw, c.addr) {
			nc.Close()
			return
		}
		if _, err := nc.Write([]byte{c.capa}); err != nil {
			nc.Close()
			return
		}
		m.register(c)
		c.traceOpen(user)
		m.traceHandler(c.h, ".z.po", value.Int(c.h))
		m.d.Opened(c.h)
		go c.read()
	})
}

var errHello = errors.New("bad hello")

// readHello reads up to the NUL that ends the client hello.
func readHello(br *bufio.Reader) ([]byte, error) {
	var b []byte
	for {
		x, err := br.ReadByte()
		if err != nil {
			return nil, err
		}
		if x == 0 {
			return b, nil
		}
		if len(b) >= maxHello {
			return nil, errHello
		}
		b = append(b, x)
	}
}
