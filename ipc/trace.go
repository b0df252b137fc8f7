package ipc

import (
	"github.com/gq-dev/gq/eval/value"
)

// TraceKind says what a TraceEvent reports.
type TraceKind uint8

// The events a Tracer sees, in the order they happen on the main loop.
const (
	TraceOpen     TraceKind = iota // a handle opened: Addr, User
	TraceClose                     // a handle closed: Addr; Local if we closed it (hclose), Pending bytes dropped
	TraceOut                       // a message queued for the peer: Msg, Size, Unzipped, V, Frame
	TraceQueued                    // bytes waiting in the handle's output queue after a message was queued (.z.W): Pending
	TraceFlushed                   // bytes written to the socket: Size; Pending still waiting
	TraceIn                        // a message from the peer taken by the main loop: Msg, Size, Unzipped, V, Frame
	TraceHandler                   // a handler is called: Handler, with V as its argument
	TraceDeferred                  // the .z.pg handler deferred its response (-30!)
)

// TraceEvent is one IPC event. Only the fields its kind names are set.
type TraceEvent struct {
	Kind     TraceKind
	H        int32       // the handle
	Msg      byte        // wire.Async, wire.Sync or wire.Response
	Size     int         // bytes on the wire (header included), or written
	Unzipped int         // a compressed message's size before compression; 0 if not compressed
	Pending  int         // bytes waiting in the output queue
	V        value.Value // the message, or the handler's argument
	// Frame is the start of the message as it is on the wire, header first: the whole
	// frame going out, up to 8+TraceBody bytes coming in. Valid during the call only.
	Frame   []byte
	Addr    string // the peer's address
	User    string // the user the peer logged in as (accepted) or that we sent (opened)
	Handler string // ".z.pg", ".z.ps", ".z.po", ".z.pc", ".z.pw" or ".z.bm"
	Local   bool   // the close was ours (hclose), not the peer's
}

// TraceBody is how many body bytes of an arriving message are kept for Frame.
const TraceBody = 32

// Tracer sees every IPC event of a Manager (\trace). Trace is called on the main
// loop's goroutine, like the Dispatcher; the event is reused after the call returns.
type Tracer interface {
	Trace(e *TraceEvent)
}

// tracerBox holds a Tracer for the atomic pointer: reader goroutines load it too.
type tracerBox struct{ t Tracer }

// SetTracer starts sending events to t; nil stops. With no tracer each event costs
// one pointer load. Call it on the main loop.
func (m *Manager) SetTracer(t Tracer) {
	if t == nil {
		m.tracer.Store(nil)
		return
	}
	m.tracer.Store(&tracerBox{t})
}

// tr is the current tracer, or nil.
func (m *Manager) tr() Tracer {
	if b := m.tracer.Load(); b != nil {
		return b.t
	}
	return nil
}

// emit hands e to t through the Manager's one event (main goroutine only), so tracing
// allocates nothing per event; it is cleared after, to hold no value.
func (m *Manager) emit(t Tracer, e TraceEvent) {
	m.ev = e
	t.Trace(&m.ev)
	m.ev = TraceEvent{}
}

// The hooks below are a nil check each, inlined at the call site, so that with \trace
// off an event costs one pointer load and a branch; the events are built in the
// ...On functions, called only when a Tracer is set.

// traceHandler reports that handler is about to be called on h with argument v.
func (m *Manager) traceHandler(h int32, handler string, v value.Value) {
	if m.tracer.Load() != nil {
		m.traceHandlerOn(h, handler, v)
	}
}

func (m *Manager) traceHandlerOn(h int32, handler string, v value.Value) {
	if t := m.tr(); t != nil {
		m.emit(t, TraceEvent{Kind: TraceHandler, H: h, Handler: handler, V: v})
	}
}

// traceOpen reports a new handle; user is the login, never a password.
func (c *Conn) traceOpen(user string) {
	if t := c.m.tr(); t != nil {
		c.m.emit(t, TraceEvent{Kind: TraceOpen, H: c.h, Addr: c.nc.RemoteAddr().String(), User: user})
	}
}

// traceClose reports the end of a handle; pending is what was left unsent.
func (c *Conn) traceClose(local bool, pending int) {
	if t := c.m.tr(); t != nil {
		c.m.emit(t, TraceEvent{Kind: TraceClose, H: c.h, Addr: c.nc.RemoteAddr().String(), Local: local, Pending: pending})
	}
}

// traceOut reports a message queued on c: frame is its bytes as they go out, raw its
// size before compression.
func (c *Conn) traceOut(kind byte, v value.Value, frame []byte, raw int) {
	if c.m.tracer.Load() != nil {
		c.traceOutOn(kind, v, frame, raw)
	}
}

func (c *Conn) traceOutOn(kind byte, v value.Value, frame []byte, raw int) {
	t := c.m.tr()
	if t == nil {
		return
	}
	e := TraceEvent{Kind: TraceOut, H: c.h, Msg: kind, Size: len(frame), V: v, Frame: frame}
	if raw != len(frame) {
		e.Unzipped = raw
	}
	c.m.emit(t, e)
	c.m.emit(t, TraceEvent{Kind: TraceQueued, H: c.h, Pending: c.pending()})
}

// traceFlushed reports n bytes written to c's socket.
func (c *Conn) traceFlushed(n int) {
	if c.m.tracer.Load() != nil && n > 0 {
		c.traceFlushedOn(n)
	}
}

func (c *Conn) traceFlushedOn(n int) {
	if t := c.m.tr(); t != nil {
		c.m.emit(t, TraceEvent{Kind: TraceFlushed, H: c.h, Size: n, Pending: c.pending()})
	}
}

// traceIn reports a message from the peer as the main loop takes it.
func (c *Conn) traceIn(r *message) {
	if c.m.tracer.Load() != nil {
		c.traceInOn(r)
	}
}

func (c *Conn) traceInOn(r *message) {
	t := c.m.tr()
	if t == nil {
		return
	}
	e := TraceEvent{Kind: TraceIn, H: c.h, Msg: r.kind, Size: r.size, V: r.v}
	if r.wire != nil { // nil when \trace came on after it was read
		e.Unzipped, e.Frame = r.wire.unzipped, r.wire.head
	}
	c.m.emit(t, e)
}
