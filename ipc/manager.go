// Package ipc is gq's network side: the kdb+ handshake, framed messages over TCP (and
// HTTP on the same port, http.go), the handle table and the queues between connection
// goroutines and the main loop. It implements eval.Net (without importing eval) and
// calls a Dispatcher (the interpreter) for whatever peers send. Every Net method must
// be called on the main loop's goroutine; connection goroutines only read, decode and
// post work.
package ipc

import (
	"io"
	"os"
	"os/user"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

// Options configure a Manager. The zero value is usable.
type Options struct {
	// MaxMsg is the largest message accepted from a peer, header included, before and
	// after decompression; a bigger one closes that connection. Default 1 GiB.
	MaxMsg int
	// Users is the -U password file (see LoadUsers); nil means no file check.
	Users map[string]string
	// HandshakeTimeout bounds how long an accepted peer may take to send its hello.
	// Default 10s.
	HandshakeTimeout time.Duration
	// User is the name Open sends when it is given no credentials. Default: the OS
	// user, as q does.
	User string
	// NoCompress turns off compression of large messages to remote peers.
	NoCompress bool
	// MaxInbox bounds the messages read ahead on one connection and not yet handled;
	// its reader waits when that many are pending. Default 1024.
	MaxInbox int
	// MaxInboxBytes bounds the same read-ahead in wire bytes: a client cannot pile up
	// memory while the main loop is busy. Default 64 MiB (one larger message still fits).
	MaxInboxBytes int
	// MaxOutBytes bounds the answers queued for one peer and not yet written: past it
	// the peer's requests wait until it reads (kdb+ would queue without limit; a client
	// that never reads must not grow the server without bound). Default 64 MiB (one
	// larger answer still goes out).
	MaxOutBytes int
	// Decoder decodes what peers send; cmd/gq gives it the evaluator's primitives
	// (eval.WirePrim), so a function sent by a peer runs as the local one.
	Decoder wire.Decoder
	// TLSMode is -E: 0 plain only, 1 plain and TLS, 2 TLS only (ipc/tls.go).
	TLSMode int
	// Log, when set, gets the reasons behind TLS failures, as kdb+ prints OpenSSL's.
	Log io.Writer
	// MaxHTTPHeader bounds an HTTP request's line and headers (see http.go). Default
	// DefaultMaxHTTPHeader.
	MaxHTTPHeader int
}

// DefaultMaxMsg is Options.MaxMsg's default.
const DefaultMaxMsg = 1 << 30

// Manager owns the handle table, the listener and the work queue. Create it with
// NewManager; the main loop must drain Work().
type Manager struct {
	d    Dispatcher
	opts Options
	work chan func()
	q    fifo
	done chan struct{}

	mu    sync.Mutex
	conns map[int32]*Conn
	ln    *listener
	port  int

	tls     tlsBox     // TLS settings and certificates, loaded on first use
	httpSrv httpServer // HTTP on the listening port (http.go)

	cliMu     sync.Mutex
	cliCancel func() // gives up the HTTP client exchange under way (httpclient.go)

	stop   atomic.Bool               // Interrupt: the waiting Sync or Receive gives up with 'stop
	tracer atomic.Pointer[tracerBox] // \trace: nil when off
	ev     TraceEvent                // main goroutine only: the event being traced
	dirty  []*Conn                   // main goroutine only: conns with unwritten output
	spare  []*Conn
}

// NewManager returns a Manager that dispatches to d.
func NewManager(d Dispatcher, opts Options) *Manager {
	if opts.MaxMsg <= 0 {
		opts.MaxMsg = DefaultMaxMsg
	}
	if opts.HandshakeTimeout <= 0 {
		opts.HandshakeTimeout = 10 * time.Second
	}
	if opts.MaxInbox <= 0 {
		opts.MaxInbox = 1024
	}
	if opts.MaxInboxBytes <= 0 {
		opts.MaxInboxBytes = 64 << 20
	}
	if opts.MaxOutBytes <= 0 {
		opts.MaxOutBytes = 64 << 20
	}
	if opts.MaxHTTPHeader <= 0 {
		opts.MaxHTTPHeader = DefaultMaxHTTPHeader
	}
	if opts.User == "" {
		opts.User = osUser()
	}
	m := &Manager{
		d:     d,
		opts:  opts,
		work:  make(chan func()),
		done:  make(chan struct{}),
		conns: map[int32]*Conn{},
	}
	m.q.init()
	go m.pump()
	return m
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return os.Getenv("USER")
}

// Work is the channel of closures the main loop must run, one at a time, in order:
// dispatch of arriving messages, .z.pw/.z.po/.z.pc, and deferred flushes.
func (m *Manager) Work() <-chan func() { return m.work }

// post queues f for the main loop. It never blocks, so connection goroutines cannot
// stall behind a busy main loop. When nothing is queued and the main loop is idle in
// its select, f is handed over directly, saving the pump's hop.
func (m *Manager) post(f func()) {
	q := &m.q
	q.mu.Lock()
	if len(q.q) == 0 && !q.inflight {
		select {
		case m.work <- f:
			q.mu.Unlock()
			return
		default:
		}
	}
	q.q = append(q.q, f)
	q.mu.Unlock()
	select {
	case q.sig <- struct{}{}:
	default:
	}
}

// pump moves closures from the unbounded queue to the work channel, in order.
func (m *Manager) pump() {
	for {
		f, ok := m.q.pop(m.done)
		if !ok {
			return
		}
		select {
		case m.work <- f:
		case <-m.done:
			return
		}
		m.q.mu.Lock()
		m.q.inflight = false
		m.q.mu.Unlock()
	}
}

// Shutdown stops listening, closes every connection without running .z.pc, and stops
// posting work. The Manager is unusable afterwards.
func (m *Manager) Shutdown() {
	m.mu.Lock()
	ln := m.ln
	m.ln, m.port = nil, 0
	conns := make([]*Conn, 0, len(m.conns))
	for _, c := range m.conns {
		conns = append(conns, c)
	}
	clear(m.conns)
	m.mu.Unlock()
	if ln != nil {
		ln.close()
	}
	for _, c := range conns {
		c.shut()
	}
	m.closeHTTP()
	select {
	case <-m.done:
	default:
		close(m.done)
	}
}

// register gives c the lowest free handle at or above 3, as kdb+'s handles are the
// lowest free file descriptors.
func (m *Manager) register(c *Conn) int32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := int32(3)
	for m.conns[h] != nil {
		h++
	}
	c.h = h
	m.conns[h] = c
	return h
}

// conn finds handle h, a kdb+ IPC connection.
func (m *Manager) conn(h int32) (*Conn, error) {
	c, err := m.anyConn(h)
	if err == nil && c.http {
		return nil, badHandle(h) // no kdb+ messages on an HTTP connection
	}
	return c, err
}

// anyConn finds handle h, an HTTP connection included.
func (m *Manager) anyConn(h int32) (*Conn, error) {
	m.mu.Lock()
	c := m.conns[h]
	m.mu.Unlock()
	if c == nil {
		return nil, badHandle(h)
	}
	return c, nil
}

// unregister removes c if it still holds its handle, reporting whether it did.
func (m *Manager) unregister(c *Conn) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.conns[c.h] != c {
		return false
	}
	delete(m.conns, c.h)
	return true
}

// closed runs on the main loop after a peer went away or sent garbage: it frees the
// handle and runs .z.pc, unless hclose got there first.
func (m *Manager) closed(c *Conn) {
	// Messages read before the close are handled first, as kdb+ does; a batched serve
	// may still be queued behind this closure.
	for !c.local.Load() {
		r, ok := c.pop(false)
		if !ok {
			break
		}
		c.dispatch(r, false)
	}
	if !m.unregister(c) {
		return
	}
	c.shut()
	c.traceClose(false, c.pending())
	if wd, ok := m.d.(WSDispatcher); ok && c.ws != nil {
		m.traceHandler(c.h, ".z.wc", value.Int(c.h))
		wd.WSClosed(c.h, c.addr)
		return
	}
	m.traceHandler(c.h, ".z.pc", value.Int(c.h))
	m.d.Closed(c.h, c.addr)
}

// Handles lists the open handles (.z.H), in no particular order.
func (m *Manager) Handles() []int32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := make([]int32, 0, len(m.conns))
	for h := range m.conns {
		r = append(r, h)
	}
	return r
}

// Queued gives the bytes waiting in each open handle's output queue (.z.W).
func (m *Manager) Queued() map[int32]int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := make(map[int32]int64, len(m.conns))
	for h, c := range m.conns {
		r[h] = int64(c.pending())
	}
	return r
}

// Peer gives the IPv4 address (.z.a: octets packed big-endian into an int) and the
// handshake user (.z.u; "" on handles we opened) of h.
func (m *Manager) Peer(h int32) (addr int32, user string, ok bool) {
	c, err := m.anyConn(h)
	if err != nil {
		return 0, "", false
	}
	return c.addr, c.user, true
}

// Async queues msg on h; it is written when the main loop flushes.
func (m *Manager) Async(h int32, msg value.Value) error {
	c, err := m.conn(h)
	if err != nil {
		return err
	}
	return c.queue(wireAsync, msg)
}

// Broadcast queues msg as an async message on each of hs (-25!): it is encoded once,
// and compressed at most once, for all of them. A bad handle fails the whole call
// before anything is queued.
func (m *Manager) Broadcast(hs []int32, msg value.Value) error {
	cs := make([]*Conn, len(hs))
	for i, h := range hs {
		c, err := m.conn(h)
		if err != nil {
			return err
		}
		if c.local.Load() {
			return badHandle(h)
		}
		if c.ws != nil {
			if _, _, err := wsFrame(msg); err != nil {
				return err
			}
		}
		if c.capa < 3 {
			if err := wire.CheckCap(msg, c.capa); err != nil {
				return err
			}
		}
		cs[i] = c
	}
	frame, err := wire.AppendMessage(nil, wireAsync, msg)
	if err != nil {
		return err
	}
	var zipped []byte
	for _, c := range cs {
		if c.ws != nil {
			c.wsQueue(msg) // checked above; a closed peer's .z.wc is on its way
			continue
		}
		b := frame
		if c.zip && len(frame) > wire.MinCompress {
			if zipped == nil {
				zipped = frame
				if z, ok := wire.Compress(frame); ok {
					zipped = z
				}
			}
			b = zipped
		}
		c.appendOut(b)
		m.markDirty(c)
		c.traceOut(wireAsync, msg, b, len(frame))
	}
	return nil
}

// Flush blocks until everything queued on h is written (neg[h][]).
func (m *Manager) Flush(h int32) error {
	c, err := m.conn(h)
	if err != nil {
		return err
	}
	return c.flushBlocking()
}

// FlushAll writes what each queue's socket takes without blocking; what is left is
// written when the socket drains (a flush closure is posted then).
func (m *Manager) FlushAll() {
	d := m.dirty
	m.dirty = m.spare[:0]
	for _, c := range d {
		c.dirty = false
		c.flushSome()
	}
	clear(d)
	m.spare = d[:0]
}

// markDirty notes that c has output to write at the next FlushAll.
func (m *Manager) markDirty(c *Conn) {
	if !c.dirty {
		c.dirty = true
		m.dirty = append(m.dirty, c)
	}
}

// Close closes h without flushing (kdb+ 3.6+) and without running .z.pc.
func (m *Manager) Close(h int32) error {
	c, err := m.anyConn(h)
	if err != nil {
		return err
	}
	m.unregister(c)
	if c.ws != nil {
		c.wsClose()
	}
	c.shut()
	c.traceClose(true, c.pending())
	c.out, c.off, c.more = nil, 0, nil // pending async data is discarded, as in kdb+ 3.6+
	return nil
}

// fifo is an unbounded queue of closures: pushers never block.
type fifo struct {
	mu       sync.Mutex
	q        []func()
	inflight bool // the pump holds a closure it has not handed over yet
	sig      chan struct{}
}

func (f *fifo) init() { f.sig = make(chan struct{}, 1) }

func (f *fifo) pop(done <-chan struct{}) (func(), bool) {
	for {
		f.mu.Lock()
		if len(f.q) > 0 {
			fn := f.q[0]
			f.q[0] = nil
			f.inflight = true
			f.q = f.q[1:]
			if len(f.q) == 0 {
				f.q = f.q[:0:0] // let the backing array go once drained
			}
			f.mu.Unlock()
			return fn, true
		}
		f.mu.Unlock()
		select {
		case <-f.sig:
		case <-done:
			return nil, false
		}
	}
}

func badHandle(h int32) error {
	return &value.Error{Msg: "Cannot write to handle " + strconv.Itoa(int(h)) + ". OS reports: Bad file descriptor"}
}
