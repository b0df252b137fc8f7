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
	// HTTPAuth decides whether an HTTP request that arrived on h may be served (a
	// WebSocket upgrade too, before it is accepted). h is the HTTP connection's handle:
	// .z.w, and Peer gives its .z.a (and .z.u, the user of its last accepted request);
	// it serves nothing but hclose. x is what kdb+'s HTTP handlers get, (requestText;
	// headers), as HTTPArg makes it; user and password are the request's Basic
	// credentials ("" when none came) and fileOK whether the -U file accepts them (true
	// without a file). It runs .z.ac when set, otherwise checks fileOK and .z.pw. When
	// the request may go on it returns the user .z.u shows while it is served; when not,
	// refusal is the complete HTTP response to send instead (401, or .z.ac's own).
	HTTPAuth(h int32, x value.Value, user, password string, fileOK bool) (who string, refusal []byte, ok bool)
	// HTTP serves an accepted request on h: .z.ph for GET and HEAD, .z.pp for POST,
	// .z.pm for the other methods (method is the request's, upper case). It returns the
	// complete HTTP response text (status line, headers, body) the handler made; an
	// error becomes a response too.
	HTTP(h int32, method string, x value.Value) []byte
}
