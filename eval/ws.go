package eval

import (
	"strings"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// WebSockets, the evaluator's side (docs/kb/websockets.md, ref/dotz.md): .z.wo, .z.ws
// and .z.wc for the ipc.WSDispatcher, and the client: `:ws://host:port "GET / ..."
// (kdb+'s form) and hopen `:ws://host:port.

// WSAccepts reports whether .z.ws is defined: kdb+ 3.6+ refuses an upgrade (HTTP 501)
// otherwise (releases/ChangesIn3.6.md).
func (ip *Interp) WSAccepts() bool { return ip.zns.vars["ws"] != nil }

// WSOpened runs .z.wo with the new WebSocket handle (.z.w is it).
func (ip *Interp) WSOpened(h int32) { ip.callZ("wo", h) }

// WSMessage runs .z.ws with a message from WebSocket h: a string from a text frame, a
// byte vector from a binary one. Like an async message, an error in it prints nothing.
func (ip *Interp) WSMessage(h int32, msg value.Value) {
	f := ip.zns.vars["ws"]
	if f == nil {
		return // undefined since the handle opened: nothing to run
	}
	saved := ip.deferring
	ip.deferring = deferNone
	defer func() { ip.deferring = saved }()
	ip.serve(h, func() value.Value { return ip.apply1(f, msg) })
}

// WSClosed runs .z.wc with the handle that closed. The connection is gone, so .z.w,
// .z.a and .z.u are the local values (ref/dotz.md .z.wc): .z.w is 0.
func (ip *Interp) WSClosed(h int32, _ int32) {
	if f := ip.zns.vars["wc"]; f != nil {
		ip.serve(0, func() value.Value { return ip.apply1(f, value.Int(h)) })
	}
}

// wsAddress gives the ws:// or wss:// URL of `:ws://host:port (symbol or string), ok
// false for any other address.
func wsAddress(x value.Value) (string, bool) {
	s, _ := symOrChars(x)
	if strings.HasPrefix(s, ":ws://") || strings.HasPrefix(s, ":wss://") {
		return s[1:], true
	}
	return "", false
}

// wsRequest is `:ws://host:port "GET / HTTP/1.1\r\nHost: host:port\r\n\r\n": it opens
// a WebSocket with that request and gives (handle;response), the handle 0Ni when the
// server refused the upgrade (docs/kb/websockets.md, "WebSocket client").
func (ip *Interp) wsRequest(addr string, x value.Value) value.Value {
	req, ok := x.(*value.Vec[byte])
	if !ok || req.Typ != value.TChar {
		errType()
	}
	h, resp := ip.wsOpen(addr, string(req.S), 0)
	hv := value.Int(h)
	if h == 0 {
		hv = value.Int(value.NullInt)
	}
	return &value.List{Items: []value.Value{hv, value.Str(resp)}}
}

// wsOpen opens a WebSocket through the network; h is 0 when the upgrade was refused.
func (ip *Interp) wsOpen(addr, req string, timeout time.Duration) (h int32, resp string) {
	if ip.Net == nil {
		signal("hop. OS reports: Connection refused")
	}
	h, resp, err := ip.Net.OpenWS(addr, req, timeout)
	if err != nil {
		panic(asQError(err))
	}
	return h, resp
}

// hopenWS is hopen `:ws://host:port[/path] (the issue's form; kdb+ spells it as the
// request above): GET path, and the handle; a refused upgrade signals the response's
// status line.
func (ip *Interp) hopenWS(addr string, timeout time.Duration) value.Value {
	h, resp := ip.wsOpen(addr, "", timeout)
	if h == 0 {
		line, _, _ := strings.Cut(resp, "\r\n")
		signal(line)
	}
	return value.Int(h)
}
