package ipc

import "github.com/gq-dev/gq/eval/value"

// Dispatcher runs what arrives from peers. *eval.Interp implements it; every method is
// called on the main loop's goroutine (the Manager posts work to its channel), never
// concurrently.
type Dispatcher interface {
	// ServeSync handles a sync request on handle h (.z.pg) and returns the response; an
	// error is sent back to the caller as an error response.
	ServeSync(h int32, msg value.Value) (value.Value, error)
	// ServeAsync handles an async message on h (.z.ps).
	ServeAsync(h int32, msg value.Value)
	// Opened runs after a peer is accepted or a handle opened (.z.po).
	Opened(h int32)
	// Closed runs when h goes away (.z.pc); addr is the peer's IPv4 address (.z.a).
	Closed(h int32, addr int32)
	// Auth checks a login (.z.pw) after the -U file accepted it; addr is the peer's
	// IPv4 address as kdb+'s int (.z.a).
	Auth(user, password string, addr int32) bool
	// BadMessage sees a message from h that could not be decoded (.z.bm), just before
	// the connection closes.
	BadMessage(h int32, msg []byte)
}
