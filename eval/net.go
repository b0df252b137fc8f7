package eval

import (
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// Net is what the evaluator needs from the network. *ipc.Manager implements it; cmd/gq
// wires it in with ip.Net = m. All methods are called on the main loop's goroutine.
// Errors are *value.Error with kdb+'s text ("hop. OS reports: Connection refused",
// "timeout", "access", a remote error's own text).
type Net interface {
	// Open connects to host:port ("" host is localhost) sending creds ("user:pass", "user"
	// or ""), waiting at most timeout (0: no limit), and returns the new handle.
	Open(host string, port int, creds string, timeout time.Duration) (int32, error)
	// OpenWS opens a WebSocket to url (ws://host:port) with the HTTP request req ("" is
	// GET /) and gives the handle and the server's response; the handle is 0 when the
	// server refused the upgrade.
	OpenWS(url, req string, timeout time.Duration) (int32, string, error)
	// Close closes handle h without flushing its queue (kdb+ 3.6+).
	Close(h int32) error
	// Sync flushes h, sends msg as a sync request and waits for the response; messages
	// arriving on h meanwhile are dispatched in order.
	Sync(h int32, msg value.Value) (value.Value, error)
	// Async queues msg on h and returns at once.
	Async(h int32, msg value.Value) error
	// Broadcast queues msg as one async message on each of hs, encoded once (-25!).
	Broadcast(hs []int32, msg value.Value) error
	// Respond sends the deferred answer to a sync request from h whose handler called
	// -30!(::): v, or with isErr the error whose text v is (-30!(h;1b;"msg")).
	Respond(h int32, v value.Value, isErr bool) error
	// Flush blocks until everything queued on h is written.
	Flush(h int32) error
	// Receive blocks until the next message arrives on h and returns it (h[]).
	Receive(h int32) (value.Value, error)
	// Listen starts listening on addr ("5001", "127.0.0.1:5001", "0W" for any free port)
	// and returns the port; "0" stops listening and returns 0.
	Listen(addr string) (int, error)
	// Port is the listening port, 0 if none.
	Port() int
	// Queued gives the bytes waiting in each open handle's output queue (.z.W).
	Queued() map[int32]int64
	// Interrupt wakes a Sync or Receive waiting for a peer, which fails with 'stop (Ctrl-C
	// during h"..."); the handle stays usable. It may be called from any goroutine.
	Interrupt()
	// Peer gives the IPv4 address (as kdb+'s int, .z.a) and user name (.z.u) of h.
	Peer(h int32) (addr int32, user string, ok bool)
	// HTTP sends req, a whole HTTP request, to host:port (TLS when useTLS) on a new
	// connection and returns the whole response text, a chunked body joined
	// (`:http://host:port "GET / HTTP/1.1...").
	HTTP(host string, port int, useTLS bool, req []byte) ([]byte, error)
	// HTTPFetch GETs url, or POSTs body as contentType when post, and returns the
	// response's body (.Q.hg, .Q.hp).
	HTTPFetch(url string, post bool, contentType string, body []byte) ([]byte, error)
}
