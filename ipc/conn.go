package ipc

import (
	"bufio"
	"errors"
	"io"
	"net"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

const (
	wireAsync    = wire.Async
	wireSync     = wire.Sync
	wireResponse = wire.Response
)

// Conn is one open handle: the socket, its reader goroutine's inbox, and the output
// queue that the main loop writes.
type Conn struct {
	m    *Manager
	h    int32
	nc   net.Conn
	br   *bufio.Reader
	capa byte    // capability both sides share
	user string  // handshake user (server side)
	addr int32   // peer IPv4 as kdb+'s int
	zip  bool    // compress large messages: the peer is remote and can take it
	http bool    // an HTTP connection: a handle for .z.w, .z.a, .z.u and hclose only
	ws   *wsConn // a WebSocket handle (ws.go), nil for kdb+ IPC

	// Main goroutine only.
	out      []byte // frames queued, out[off:] not yet written
	off      int
	more     [][]byte // frames queued after out, in chunks (queue); never for WebSocket
	dirty    bool
	deferred int  // sync requests answered later (-30!)
	orphans  int  // responses still due to sync requests abandoned by Ctrl-C: dropped
	stalled  bool // serving stopped until the peer reads its answers (MaxOutBytes)

	waiting atomic.Bool // a goroutine waits for the socket to drain
	local   atomic.Bool // closed by us (hclose, Shutdown): no .z.pc

	mu    sync.Mutex
	cond  sync.Cond
	inbox []message // read and decoded, not yet handled
	head  int
	held  int  // wire bytes of the messages in the inbox
	dead  bool // the reader has stopped: nothing more will arrive
	sched bool // a serve closure is posted and has not started
}

// message is one decoded message from the peer.
type message struct {
	kind byte
	v    value.Value
	size int        // its length on the wire, counted against Options.MaxInboxBytes
	wire *wireTrace // how it came, for \trace; nil while tracing is off
}

// wireTrace is what \trace shows of an arriving message beyond its value.
type wireTrace struct {
	unzipped int    // its length before compression, 0 if it was not compressed
	head     []byte // its first bytes on the wire
}

func newConn(m *Manager, nc net.Conn, br *bufio.Reader) *Conn {
	c := &Conn{m: m, nc: nc, br: br}
	c.cond.L = &c.mu
	if ta, ok := nc.RemoteAddr().(*net.TCPAddr); ok {
		c.addr = ipv4Int(ta.IP)
	}
	return c
}

// setCapa records the negotiated capability and decides about compression: kdb+
// compresses only for capability >= 1 and a peer that is not this host.
func (c *Conn) setCapa(b byte) {
	c.capa = min(b, 3)
	c.zip = !c.m.opts.NoCompress && c.capa >= 1 && !isLocal(c.nc)
}

func isLocal(nc net.Conn) bool {
	ra, ok1 := nc.RemoteAddr().(*net.TCPAddr)
	la, ok2 := nc.LocalAddr().(*net.TCPAddr)
	if !ok1 || !ok2 {
		return true // unix sockets and the like
	}
	return ra.IP.IsLoopback() || ra.IP.Equal(la.IP)
}

// read is the connection's goroutine: frame, bound, uncompress and decode each message,
// hand it to the inbox and post its dispatch. Any fault ends the connection.
func (c *Conn) read() {
	// The codec is fuzzed and must not panic; if it ever does, a hostile peer costs
	// its own connection, not the process.
	defer func() {
		if recover() != nil {
			c.die()
		}
	}()
	max := c.m.opts.MaxMsg
	var hdr [wire.HeaderLen]byte
	var buf []byte
	for {
		if _, err := io.ReadFull(c.br, hdr[:]); err != nil {
			c.die()
			return
		}
		h, err := wire.ParseHeader(hdr[:])
		if err != nil || h.Len > int64(max) {
			c.die()
			return
		}
		if buf, err = readBody(c.br, buf[:0], hdr[:], int(h.Len), h.Little); err != nil {
			c.die()
			return
		}
		msg := buf
		if h.Compressed {
			if msg, err = wire.Uncompress(buf, max); err != nil {
				c.die()
				return
			}
		}
		dc := c.m.opts.Decoder
		// Large vectors may stay in the message's memory when it is not kept for the
		// next message: a fresh uncompressed copy, or a buffer above keepBuf.
		dc.Alias = h.Compressed || cap(buf) > keepBuf
		v, err := dc.DecodeBody(msg[wire.HeaderLen:], h.Little)
		if err != nil {
			bad := append([]byte(nil), msg...)
			c.m.post(func() { // .z.bm, then the close
				c.m.traceHandler(c.h, ".z.bm", value.Bytes(bad))
				c.m.d.BadMessage(c.h, bad)
			})
			c.die()
			return
		}
		r := message{kind: h.Kind, v: v, size: int(h.Len)}
		if c.m.tracer.Load() != nil {
			r.wire = &wireTrace{head: append([]byte(nil), buf[:min(len(buf), wire.HeaderLen+TraceBody)]...)}
			if h.Compressed {
				r.wire.unzipped = len(msg)
			}
		}
		if cap(buf) > keepBuf {
			buf = nil // do not pin a big buffer between messages
		}
		post, ok := c.push(r)
		if !ok {
			return
		}
		if post {
			c.m.post(c.serve)
		}
	}
}

// keepBuf is the largest read buffer a connection keeps between messages: a feed's
// updates (a 10,000-row table is ~400 KB) reuse one buffer instead of growing a fresh
// one for each; a bigger buffer goes back to the heap.
const keepBuf = 8 << 20

// trustBody is how much of a message must have arrived before the rest of its claimed
// length is allocated at once.
const trustBody = 1 << 20

// readBody reads a whole message of n bytes (header already in hdr) into buf, growing
// it as data arrives up to trustBody, so a peer claiming a huge length costs only what
// it sends; past that the rest is allocated in one piece, not doubled (and copied) on
// the way to 200 MB.
func readBody(r io.Reader, buf, hdr []byte, n int, little bool) ([]byte, error) {
	buf = append(buf, hdr...)
	for len(buf) < n {
		step := min(n-len(buf), max(len(buf), 64<<10))
		l := len(buf)
		if l >= trustBody {
			buf, step = placeBody(buf, n, little), n-l
		}
		if cap(buf)-l < step {
			buf = slices.Grow(buf, step)
			value.Prefault(buf[l:], step)
		}
		buf = buf[:l+step]
		if _, err := io.ReadFull(r, buf[l:]); err != nil {
			return nil, err
		}
	}
	return buf, nil
}

// placeBody moves the first part of a large message into memory for all of its n
// bytes, placed so that the items of its first big vector are 8-byte aligned: the
// decoder can then leave that vector where it is (wire.BigVectorAt). A message that
// fits the kept buffer stays in it (it is reused, never decoded in place).
func placeBody(part []byte, n int, little bool) []byte {
	if n <= keepBuf {
		return part
	}
	off := wire.BigVectorAt(part, little)
	if off < 0 {
		return part
	}
	value.ReclaimFor(int64(n), false)
	b := make([]byte, n+7)
	value.Prefault(b, len(b))
	pad := int(-(uintptr(unsafe.Pointer(unsafe.SliceData(b))) + uintptr(off)) & 7)
	return append(b[pad:pad], part...)
}

// push adds a message to the inbox, waiting while it is full. ok is false if the
// connection died meanwhile; post says a serve closure must be posted (none is
// pending).
func (c *Conn) push(m message) (post, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	// Wait while the inbox is full by count or by bytes (one message always fits): the
	// reader then stops reading, and TCP pushes back on the peer.
	for !c.dead && c.head < len(c.inbox) &&
		(len(c.inbox)-c.head >= c.m.opts.MaxInbox || c.held+m.size > c.m.opts.MaxInboxBytes) {
		c.cond.Wait()
	}
	if c.dead {
		return false, false
	}
	c.inbox = append(c.inbox, m)
	c.held += m.size
	c.cond.Broadcast()
	post = !c.sched
	c.sched = true
	return post, true
}

// serveBatch bounds how many messages of one connection the main loop handles before
// it lets other work (and other connections) in.
const serveBatch = 256

// serve runs on the main loop: it handles the messages waiting in the inbox, in
// order, up to serveBatch, and posts itself again if more remain. A Sync or Receive
// wait may have taken some of them already.
func (c *Conn) serve() {
	c.mu.Lock()
	c.sched = false
	c.mu.Unlock()
	for range serveBatch {
		if c.local.Load() {
			return // hclosed: what it sent after that is not handled
		}
		if c.pending() > c.m.opts.MaxOutBytes {
			// The peer does not read its answers: handle nothing more from it until
			// they drain (flushed resumes), so its inbox fills, its reader stops and
			// TCP pushes back. Meanwhile no serve is posted for it (sched stays set).
			c.mu.Lock()
			c.sched = true
			c.mu.Unlock()
			c.stalled = true
			return
		}
		r, ok := c.pop(false)
		if !ok {
			return
		}
		c.dispatch(r, false)
	}
	c.mu.Lock()
	post := !c.sched && c.head < len(c.inbox)
	c.sched = c.sched || post
	c.mu.Unlock()
	if post {
		c.m.post(c.serve)
	}
}

// pop takes the next message, waiting for one if wait is set. ok is false when none
// is available (and, when waiting, the connection is gone).
func (c *Conn) pop(wait bool) (m message, ok bool) {
	if m, ok = c.take(wait); ok {
		c.traceIn(&m)
	}
	return m, ok
}

// take is pop without the trace, under the lock.
func (c *Conn) take(wait bool) (m message, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.head == len(c.inbox) {
		if c.dead || !wait || c.m.stop.Load() {
			return m, false
		}
		c.cond.Wait()
	}
	m = c.inbox[c.head]
	c.inbox[c.head] = message{}
	c.held -= m.size
	c.head++
	if c.head == len(c.inbox) {
		c.inbox, c.head = c.inbox[:0], 0
	}
	c.cond.Broadcast()
	return m, true
}

// die ends the connection from its reader's side: waiters fail, and unless we closed
// it ourselves, .z.pc is posted (after the messages already read).
func (c *Conn) die() {
	c.mu.Lock()
	c.dead = true
	c.cond.Broadcast()
	c.mu.Unlock()
	c.nc.Close()
	if !c.local.Load() {
		c.m.post(func() { c.m.closed(c) })
	}
}

// gone reports that the reader has stopped and closed the socket: nothing written
// from now on can reach the peer.
func (c *Conn) gone() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dead
}

// shut closes the connection locally: no .z.pc; nothing more is written.
func (c *Conn) shut() {
	c.local.Store(true)
	c.mu.Lock()
	c.dead = true
	c.cond.Broadcast()
	c.mu.Unlock()
	c.nc.Close()
}

// queue encodes v as a message of kind at the end of the output queue, compressed
// when kdb+ would compress it for this peer.
func (c *Conn) queue(kind byte, v value.Value) error {
	if c.local.Load() {
		return badHandle(c.h)
	}
	if c.ws != nil {
		return c.wsQueue(v)
	}
	if c.capa < 3 {
		if err := wire.CheckCap(v, c.capa); err != nil {
			return err
		}
	}
	if c.pending() >= 1<<20 {
		// A publisher queueing many updates in one go (a tickerplant's burst) writes
		// what the socket takes now, so the queue stays small instead of growing (and
		// being copied) to tens of megabytes; the order on the wire is the same.
		c.flushSome()
	}
	// A queue past chunkBytes goes on in a new chunk: a tickerplant's burst to a
	// slower subscriber queued tens of MB, and one buffer grown to hold them was
	// copied (and the new part cleared) each time it grew (~20% of a tickerplant's
	// CPU in bench TickTP).
	dst := &c.out
	if n := len(c.more); n > 0 {
		dst = &c.more[n-1]
	}
	if len(*dst) >= chunkBytes {
		c.more = append(c.more, nil)
		dst = &c.more[len(c.more)-1]
	}
	s := len(*dst)
	out, err := wire.AppendMessage(*dst, kind, v)
	if err != nil {
		return err
	}
	raw := len(out) - s
	if c.zip && raw > wire.MinCompress {
		if z, ok := wire.Compress(out[s:]); ok {
			out = append(out[:s], z...)
		}
	}
	*dst = out
	c.m.markDirty(c)
	c.traceOut(kind, v, out[s:], raw)
	return nil
}

// chunkBytes is the size past which queue starts a new chunk of c.more.
const chunkBytes = 4 << 20

// pending is the number of queued bytes not yet written.
func (c *Conn) pending() int {
	n := len(c.out) - c.off
	for _, b := range c.more {
		n += len(b)
	}
	return n
}

// appendOut queues frame bytes b after everything queued.
func (c *Conn) appendOut(b []byte) {
	if n := len(c.more); n > 0 {
		c.more[n-1] = append(c.more[n-1], b...)
		return
	}
	c.out = append(c.out, b...)
}

// nextChunk moves on to the next chunk once out is all written.
func (c *Conn) nextChunk() {
	if c.off == len(c.out) && len(c.more) > 0 {
		c.out, c.off = c.more[0], 0
		c.more[0] = nil
		c.more = c.more[1:]
		if len(c.more) == 0 {
			c.more = nil
		}
	}
}

// flushed resumes serving a stalled peer once its queue is back under the bound.
func (c *Conn) flushed() {
	if c.stalled && c.pending() <= c.m.opts.MaxOutBytes {
		c.stalled = false
		c.m.post(c.serve)
	}
}

// written resets the queue once everything went out.
func (c *Conn) written() {
	if cap(c.out) > keepBuf {
		c.out = nil // a burst should not pin its buffer
	} else {
		c.out = c.out[:0]
	}
	c.off, c.more = 0, nil
}

// flushBlocking writes the whole queue, blocking until the socket takes it.
func (c *Conn) flushBlocking() error {
	for c.pending() > 0 {
		n, err := c.nc.Write(c.out[c.off:])
		c.off += n
		c.traceFlushed(n)
		if err != nil {
			c.nc.Close() // the reader sees it and reports the close
			return writeErr(c.h, err)
		}
		c.nextChunk()
	}
	c.written()
	c.flushed()
	return nil
}

// flushSome writes what the socket takes now without blocking; if anything is left
// a goroutine waits for the socket to drain and posts another flush.
func (c *Conn) flushSome() {
	if c.pending() == 0 || c.local.Load() {
		return
	}
	if c.waiting.Load() {
		return // the waiter holds the socket's write side; its flush comes
	}
	wrote := 0
	for c.pending() > 0 {
		n, err := writeNow(c.nc, c.out[c.off:])
		c.off += n
		wrote += n
		if err != nil {
			c.traceFlushed(wrote)
			c.nc.Close()
			return
		}
		c.nextChunk()
		if n == 0 {
			break
		}
	}
	c.traceFlushed(wrote)
	if c.pending() == 0 {
		c.written()
		c.flushed()
		return
	}
	c.flushed()
	if c.off > len(c.out)/2 && len(c.more) == 0 {
		// Keep the unwritten tail at the front so the queue does not creep.
		n := copy(c.out, c.out[c.off:])
		c.out, c.off = c.out[:n], 0
	}
	c.waiting.Store(true)
	go func() {
		waitWritable(c.nc)
		c.waiting.Store(false)
		c.m.post(func() {
			c.m.markDirty(c)
			c.flushSome()
		})
	}()
}

func writeErr(h int32, err error) error {
	return &value.Error{Msg: "Cannot write to handle " + strconv.Itoa(int(h)) + ". OS reports: " + osText(err)}
}

// osText gives an OS error as strerror spells it ("Connection refused").
func osText(err error) string {
	s := err.Error()
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s = errno.Error()
	}
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-32) + s[1:]
	}
	return s
}

// dispatch hands a message from the peer to the Dispatcher; a sync request is answered with a
// response, written at once when now is set (the peer is blocked on it while we wait).
func (c *Conn) dispatch(r message, now bool) {
	switch r.kind {
	case wire.Async:
		c.m.traceHandler(c.h, ".z.ps", r.v)
		c.m.d.ServeAsync(c.h, r.v)
	case wire.Sync:
		c.m.traceHandler(c.h, ".z.pg", r.v)
		v, err := c.m.d.ServeSync(c.h, r.v)
		if err == wire.Deferred {
			if t := c.m.tr(); t != nil {
				c.m.emit(t, TraceEvent{Kind: TraceDeferred, H: c.h})
			}
			c.deferred++ // -30!: the answer comes later through Respond
			return
		}
		if err != nil {
			v = asError(err)
		}
		if c.local.Load() {
			return // the handler closed the handle
		}
		if c.gone() {
			return // the peer left: its answer has nowhere to go and must not pile up
		}
		if err := c.queue(wire.Response, v); err != nil {
			c.queue(wire.Response, asError(err))
		}
		if now {
			c.flushBlocking()
		}
	case wsText, wsBinary:
		if wd, ok := c.m.d.(WSDispatcher); ok {
			wd.WSMessage(c.h, r.v)
		}
	default:
		// A response nobody waits for (an abandoned request's): kdb+ has nowhere to
		// put it either.
		if c.orphans > 0 {
			c.orphans--
		}
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
