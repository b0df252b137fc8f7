package eval

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gq-dev/gq/eval/format"
	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
	"github.com/gq-dev/gq/parser"
)

// The evaluator's side of IPC: hopen/hclose, one-shot requests, -8! -9! -18! -22!,
// .z handles, and the ipc.Dispatcher methods that serve what peers send.

// serialize gives -8!x: enumerations go out as their symbols, as kdb+ sends them.
func (ip *Interp) serialize(x value.Value) []byte {
	b, err := wire.Encode(ip.forWire(x))
	if err != nil {
		panic(asQError(err))
	}
	return b
}

// deserialize gives -9!x of a byte vector.
func deserialize(x value.Value) value.Value {
	b, ok := x.(*value.Vec[byte])
	if !ok || b.Typ != value.TByte {
		errType()
	}
	v, err := wireDecoder.Decode(b.S)
	if err != nil {
		panic(asQError(err))
	}
	if e, ok := v.(*value.Error); ok {
		panic(e)
	}
	return v
}

// forWire makes x what kdb+ would send: enumerations become the symbols they
// stand for, and keywords that kdb+ defines as k primitives become those (sums is +\)
// through lists, dictionaries, tables and functions; the rest comes back as it is.
func (ip *Interp) forWire(x value.Value) value.Value {
	switch x.(type) {
	case *value.List, *value.Dict, *value.Table, *value.Projection, *value.Derived, *value.Composition:
		// containers nest: as deep as the codec takes, then 'stack (atoms and vectors,
		// most of what a message holds, skip the count)
		if ip.wireDepth++; ip.wireDepth > wire.MaxDepth {
			ip.wireDepth--
			signal("stack")
		}
		defer func() { ip.wireDepth-- }()
	}
	switch v := x.(type) {
	case *partTable: // a partitioned table travels as its rows (disk_part.go)
		return ip.forWire(ip.whole(v))
	case *value.EnumVec, value.EnumAtom:
		s, _ := enumView(ip, v)
		return s
	case *value.List:
		var r []value.Value
		for i, it := range v.Items {
			n := ip.forWire(it)
			if n != it && r == nil {
				r = append([]value.Value(nil), v.Items...)
			}
			if r != nil {
				r[i] = n
			}
		}
		if r == nil {
			return v
		}
		return &value.List{Items: r}
	case *value.Dict:
		k, vv := ip.forWire(v.K), ip.forWire(v.V)
		if k == v.K && vv == v.V {
			return v
		}
		return &value.Dict{K: k, V: vv, Sorted: v.Sorted}
	case *value.Prim:
		return kdbForm(v)
	case *value.Projection:
		args := make([]value.Value, len(v.Args))
		for i, a := range v.Args {
			if a != nil {
				args[i] = ip.forWire(a)
			}
		}
		return &value.Projection{Fn: ip.forWire(v.Fn), Args: args}
	case *value.Derived:
		return &value.Derived{Adverb: v.Adverb, Fn: ip.forWire(v.Fn)}
	case *value.Composition:
		fns := make([]value.Value, len(v.Fns))
		for i, f := range v.Fns {
			fns[i] = ip.forWire(f)
		}
		return &value.Composition{Fns: fns}
	case *value.Table:
		var r []value.Value
		for i, c := range v.Data {
			n := ip.forWire(c)
			if n != c && r == nil {
				r = append([]value.Value(nil), v.Data...)
			}
			if r != nil {
				r[i] = n
			}
		}
		if r == nil {
			return v
		}
		return &value.Table{Cols: v.Cols, Data: r, Attr: v.Attr}
	}
	return x
}

// hopen opens a connection: hopen 5001, hopen `:host:5001, hopen `:host:5001:user:pw,
// hopen (`:host:5001;timeoutms). It returns the handle as an int.
func (ip *Interp) hopen(x value.Value) value.Value {
	var timeout time.Duration
	if l, ok := x.(*value.List); ok && len(l.Items) == 2 {
		ms, ok := handleNum(l.Items[1])
		if !ok {
			errType()
		}
		timeout = time.Duration(ms) * time.Millisecond
		x = l.Items[0]
	}
	if a, ok := wsAddress(x); ok {
		return ip.hopenWS(a, timeout)
	}
	if p, ok := filePath(x); ok && !strings.Contains(p, ":") { // `:path is a file
		return ip.hopenFile(p)
	}
	host, port, creds := parseAddress(x)
	if ip.Net == nil {
		signal("hop. OS reports: Connection refused")
	}
	if isLocalHost(host) && ip.Net.Port() != 0 && port == ip.Net.Port() {
		return value.Int(0) // a connection to our own port is the console handle
	}
	h, err := ip.Net.Open(host, port, creds, timeout)
	if err != nil {
		panic(asQError(err))
	}
	return value.Int(h)
}

// hclose closes a handle; closing 0, 1, 2 or an unknown handle does nothing in kdb+
// except for unknown ones, which are not an error either.
func (ip *Interp) hclose(x value.Value) value.Value {
	h, ok := handleNum(x)
	if !ok {
		errType()
	}
	if h < 0 {
		h = -h
	}
	if ip.closeFileHandle(h) {
		return nullVal
	}
	if h > 2 && ip.Net != nil {
		if err := ip.Net.Close(int32(h)); err != nil {
			panic(asQError(err))
		}
	}
	return nullVal
}

// symOrChars reads an address given as a symbol or a string.
func symOrChars(x value.Value) (string, bool) {
	switch v := x.(type) {
	case value.Sym:
		return string(v), true
	case *value.Vec[byte]:
		if v.Typ == value.TChar {
			return string(v.S), true
		}
	}
	return "", false
}

// parseAddress reads a connection address: a port number, or `:host:port[:user[:pw]]
// (also as a string). The host may be empty (localhost).
func parseAddress(x value.Value) (host string, port int, creds string) {
	s, ok := symOrChars(x)
	if !ok {
		n, ok := handleNum(x)
		if !ok {
			errType()
		}
		return "", int(n), ""
	}
	if !strings.HasPrefix(s, ":") {
		errType()
	}
	// `:unix://port[:user:pw] is the Unix domain socket of a process on this machine;
	// Net.Open takes "unix://" as that host.
	unix := strings.HasPrefix(s, ":unix://")
	if unix {
		s = ":unix:" + s[len(":unix://"):]
	}
	// `:tcps://host:port and `:unixs://port are the same over TLS; Net.Open takes
	// "tcps://host" and "unixs://" as their hosts.
	tlsPrefix := ""
	if strings.HasPrefix(s, ":tcps://") {
		s, tlsPrefix = ":"+s[len(":tcps://"):], "tcps://"
	} else if strings.HasPrefix(s, ":unixs://") {
		s, unix, tlsPrefix = ":unix:"+s[len(":unixs://"):], true, "unixs://"
	}
	parts := strings.SplitN(s[1:], ":", 3)
	if len(parts) < 2 {
		signal("hop. OS reports: Connection refused")
	}
	host = tlsPrefix + parts[0]
	if unix {
		host = "unix://"
		if tlsPrefix != "" {
			host = tlsPrefix
		}
	}
	p, err := strconv.Atoi(parts[1])
	if err != nil || p <= 0 || p > 65535 {
		signal("hop. OS reports: Connection refused")
	}
	if len(parts) == 3 {
		creds = parts[2]
	}
	return host, p, creds
}

func isLocalHost(h string) bool {
	return h == "" || h == "localhost" || h == "127.0.0.1"
}

// oneShot is `:host:port x: open, send x as a sync request, close.
func (ip *Interp) oneShot(addr value.Sym, x value.Value) value.Value {
	if a, ok := wsAddress(addr); ok {
		return ip.wsRequest(a, x)
	}
	if strings.HasPrefix(string(addr), ":http://") || strings.HasPrefix(string(addr), ":https://") {
		return ip.httpOneShot(string(addr), x) // a raw HTTP request (http.go)
	}
	host, port, creds := parseAddress(addr)
	if ip.Net == nil {
		signal("hop. OS reports: Connection refused")
	}
	h, err := ip.Net.Open(host, port, creds, 0)
	if err != nil {
		panic(asQError(err))
	}
	defer ip.Net.Close(h)
	r, err := ip.Net.Sync(h, ip.forWire(x))
	if err != nil {
		panic(asQError(err))
	}
	return r
}

// zNet gives the .z values that depend on the network: .z.W (queued bytes per handle),
// .z.H (open handles), and .z.a and .z.u of the handle being served. ok is false for
// other names.
func (ip *Interp) zNet(n string) (v value.Value, ok bool) {
	switch n {
	case "W":
		var q map[int32]int64
		if ip.Net != nil {
			q = ip.Net.Queued()
		}
		hs := sortedHandles(q)
		counts := make([]int64, len(hs))
		for i, h := range hs {
			counts[i] = q[h]
		}
		return &value.Dict{K: value.Ints(hs), V: value.Longs(counts)}, true
	case "H":
		var q map[int32]int64
		if ip.Net != nil {
			q = ip.Net.Queued()
		}
		return value.Ints(sortedHandles(q)), true
	case "ph": // the default HTTP GET handler (http.go) until code sets one
		return primByName(".z.ph"), true
	case "a", "u":
		if n == "a" && ip.ZW == 0 && ip.peerAddr != nil {
			return value.Int(*ip.peerAddr), true
		}
		if ip.ZW == 0 || ip.Net == nil {
			return nil, false
		}
		addr, user, found := ip.Net.Peer(ip.ZW)
		if !found {
			return nil, false
		}
		if n == "a" {
			return value.Int(addr), true
		}
		return value.Sym(user), true
	}
	return nil, false
}

func sortedHandles(q map[int32]int64) []int32 {
	return slices.Sorted(maps.Keys(q))
}

// BadMessage runs .z.bm with (handle;bytes) for a message from h that could not be
// decoded; the connection closes after it (docs/ref/dotz.md).
func (ip *Interp) BadMessage(h int32, msg []byte) {
	if f := ip.zns.vars["bm"]; f != nil {
		ip.serve(h, func() value.Value {
			return ip.apply1(f, &value.List{Items: []value.Value{value.Int(h), value.Bytes(msg)}})
		})
	}
}

// withPeerAddr runs f with .z.a reading addr: the peer of a login (.z.pw) or of a
// closed handle (.z.pc), which has no open handle to ask the network about.
func (ip *Interp) withPeerAddr(addr int32, f func()) {
	saved := ip.peerAddr
	ip.peerAddr = &addr
	defer func() { ip.peerAddr = saved }()
	f()
}

// handler runs the .z handler name on x, or value x when it is not set.
func (ip *Interp) handler(name string, x value.Value) value.Value {
	if f := ip.zns.vars[name]; f != nil {
		return ip.apply1(f, x)
	}
	if s, ok := x.(*value.Vec[byte]); ok && s.Typ == value.TChar {
		return ip.valueMessage(string(s.S))
	}
	return ip.valueOf(x)
}

// valueMessage runs a string sent as a message, as the console runs a line: when the
// last statement is an assignment (or empty, after a trailing ;) the answer is ::, not
// the value assigned (kdb+ 4: h"a:200" shows nothing, then h"a" is 200), while value
// "b:2" called by q code stays 2 (ref/value).
func (ip *Interp) valueMessage(src string) value.Value {
	v := ip.valueString(src)
	if _, ok := systemCmd(src); ok {
		return v
	}
	if st := ip.stringCode(src).stmts; len(st) > 0 {
		last := st[len(st)-1]
		if a, ok := last.(*parser.Assign); last == nil || ok && a != nil {
			return nullVal
		}
	}
	return v
}

// serve runs f as the work for handle h (.z.w is h meanwhile) and turns a q error into
// err. Like every entry point it unwinds only to the depth it was called at, since a
// request can be served while our own sync request waits in the middle of an evaluation.
func (ip *Interp) serve(h int32, f func() value.Value) (v value.Value, err error) {
	savedW, savedNs := ip.ZW, ip.cur
	defer func() { ip.ZW, ip.cur = savedW, savedNs }()
	ip.cur = ip.root // handlers and the strings they value run in the root, whatever \d is
	defer ip.recoverTo(&err, ip.mark())
	ip.ZW = h
	ip.interrupt.Store(false)
	if ip.reqTimeout > 0 && h != 0 { // \T: a runaway request ends with 'stop, not the server
		t := time.AfterFunc(ip.reqTimeout, ip.Interrupt)
		defer t.Stop()
	}
	return f(), nil
}

// ServeSync serves a sync request from handle h with .z.pg (default value).
// A handler that called -30!(::) answers later: its value is ignored, and the Manager
// is told (wire.Deferred) to expect -30!(h;isErr;msg) instead.
func (ip *Interp) ServeSync(h int32, msg value.Value) (value.Value, error) {
	saved := ip.deferring
	ip.deferring = deferOpen
	defer func() { ip.deferring = saved }()
	v, err := ip.serve(h, func() value.Value { return ip.forWire(ip.handler("pg", msg)) })
	ip.clientError(err) // \e: shown or debugged here before the client gets it
	if ip.deferring == deferCalled {
		return nil, wire.Deferred
	}
	return v, err
}

// deferState tells -30!(::) whether a sync request is being served and whether it has
// deferred its answer; kept per nested request by ServeSync and ServeAsync.
type deferState uint8

const (
	deferNone   deferState = iota // no sync request: -30!(::) is 'domain
	deferOpen                     // serving one
	deferCalled                   // it called -30!(::)
)

// deferKw is -30!x (docs/basics/internal.md): -30!(::) inside .z.pg defers the answer
// to the request being served; -30!(h;isErr;msg) sends it, msg being the error's text
// when isErr. A handle with no answer due is kdb+'s 'Handle n was not expecting a
// response msg.
func deferKw(ip *Interp, x value.Value) value.Value {
	if isGenericNull(x) {
		if ip.deferring == deferNone {
			signal("domain") // not serving a sync request
		}
		ip.deferring = deferCalled
		return nullVal
	}
	a := value.Items(x)
	if len(a) != 3 {
		errLength()
	}
	h, ok := handleNum(a[0])
	isErr, ok2 := a[1].(value.Bool)
	if !ok || !ok2 {
		errType()
	}
	if ip.Net == nil {
		signal("domain")
	}
	if err := ip.Net.Respond(int32(h), ip.forWire(a[2]), bool(isErr)); err != nil {
		panic(asQError(err))
	}
	return nullVal
}

// broadcastKw is -25!(handles;msg): msg goes async to every handle, encoded once.
func broadcastKw(ip *Interp, x value.Value) value.Value {
	a := value.Items(x)
	if len(a) != 2 {
		errLength()
	}
	var hs []int32
	for _, h := range value.Items(a[0]) {
		n, ok := handleNum(h)
		if !ok {
			errType()
		}
		hs = append(hs, int32(n))
	}
	if ip.Net == nil {
		signal("domain")
	}
	if err := ip.Net.Broadcast(hs, ip.forWire(a[1])); err != nil {
		panic(asQError(err))
	}
	return nullVal
}

// ServeAsync serves an async message from handle h with .z.ps (default value). kdb+ prints
// nothing for an error in an async message unless \e asks (clientError); neither do we.
func (ip *Interp) ServeAsync(h int32, msg value.Value) {
	saved := ip.deferring
	ip.deferring = deferNone // an async message has no answer to defer
	defer func() { ip.deferring = saved }()
	_, err := ip.serve(h, func() value.Value { return ip.handler("ps", msg) })
	ip.clientError(err)
}

// Opened runs .z.po with the new handle.
func (ip *Interp) Opened(h int32) { ip.callZ("po", h) }

// Closed runs .z.pc with the handle that went away (.z.w is 0 there, as in kdb+; .z.a
// is still the peer's address).
func (ip *Interp) Closed(h int32, addr int32) {
	if f := ip.zns.vars["pc"]; f != nil {
		ip.withPeerAddr(addr, func() {
			ip.serve(0, func() value.Value { return ip.apply1(f, value.Int(h)) })
		})
	}
}

// Auth runs .z.pw[user;password] when it is set, with .z.a the peer's address; a result
// other than 1b refuses.
func (ip *Interp) Auth(user, password string, addr int32) bool {
	f := ip.zns.vars["pw"]
	if f == nil {
		return true
	}
	var v value.Value
	var err error
	ip.withPeerAddr(addr, func() {
		v, err = ip.serve(0, func() value.Value { return ip.apply2(f, value.Sym(user), value.Str(password)) })
	})
	b, ok := v.(value.Bool)
	return err == nil && ok && bool(b)
}

func (ip *Interp) callZ(name string, h int32) {
	if f := ip.zns.vars[name]; f != nil {
		ip.serve(h, func() value.Value { return ip.apply1(f, value.Int(h)) })
	}
}

// WirePrim is the evaluator's own primitive for one that arrives in a message (type 101,
// 102 or 103 and kdb+'s byte for it), nil if it has none: the ipc.Options Decoder's
// Prims, so that what a peer sends runs as the local primitive. Safe on any goroutine
// once an Interp exists.
func WirePrim(t value.Type, id byte) *value.Prim {
	if p := primByName(wire.PrimName(t, id)); p != nil && p.T == t {
		return p
	}
	return nil
}

// wireDecoder decodes -9! and data files with the evaluator's primitives and keywords.
var wireDecoder = wire.Decoder{Prims: WirePrim, Funcs: WireFunc}

// kdbForm gives the value kdb+ has for a keyword it defines in k as a bare primitive or
// a primitive with an iterator (format.KeywordForms: raze is ,/ and prev is :':), else p.
func kdbForm(p *value.Prim) value.Value {
	initKwWire()
	if f := kwWire[p.Name]; f != nil {
		return f
	}
	k, ok := format.KeywordForms[p.Name]
	if !ok || k == "" {
		return kwFallback(p)
	}
	adverbs := []struct {
		s string
		t value.Type
	}{{"':", value.TPrior}, {"/:", value.TEachRight}, {"\\:", value.TEachLeft}, {"'", value.TEach}, {"/", value.TOver}, {"\\", value.TScan}}
	for _, a := range adverbs {
		if g := strings.TrimSuffix(k, a.s); len(g) == 1 && g != k {
			if id, ok := wire.PrimID(value.TBinary, g); ok {
				return &value.Derived{Adverb: a.t, Fn: &value.Prim{Name: g, T: value.TBinary, ID: id}}
			}
		}
	}
	if g := strings.TrimSuffix(k, ":"); len(g) == 1 && g != k {
		if id, ok := wire.PrimID(value.TUnary, k); ok {
			return &value.Prim{Name: k, T: value.TUnary, ID: id, Impl: p.Impl}
		}
	}
	if id, ok := wire.PrimID(value.TBinary, k); ok && len(k) == 1 {
		return &value.Prim{Name: k, T: value.TBinary, ID: id, Impl: p.Impl}
	}
	if f := internalForm(k); f != nil { // attr is -2!, as md5 is -15!
		return f
	}
	if id, ok := wire.PrimID(value.TUnary, k); ok { // read0 is 0::
		return &value.Prim{Name: k, T: value.TUnary, ID: id, Impl: p.Impl}
	}
	return kwFallback(p)
}

// internalForm gives the projection -n! for the k text "-n!" (kdb+ sends md5 as !
// projected on -15, qPython's QExpressions3.out), nil for other text.
func internalForm(k string) value.Value {
	n, err := strconv.Atoi(strings.TrimSuffix(k, "!"))
	if !strings.HasSuffix(k, "!") || err != nil || n >= 0 {
		return nil
	}
	id, _ := wire.PrimID(value.TBinary, "!")
	return &value.Projection{Fn: &value.Prim{Name: "!", T: value.TBinary, ID: id}, Args: []value.Value{value.Long(int64(n)), nil}}
}

// serializeKw is -8!x.
func serializeKw(ip *Interp, x value.Value) value.Value { return value.Bytes(ip.serialize(x)) }

// compressKw is -18!x: -8!x compressed whenever compression halves it, whatever its
// size (the 2000-byte floor is for what goes on a connection).
func compressKw(ip *Interp, x value.Value) value.Value {
	m := ip.serialize(x)
	if c, ok := wire.CompressSmall(m); ok {
		return value.Bytes(c)
	}
	return value.Bytes(m)
}

// wireSizeKw is -22!x: the length of -8!x without building it.
func wireSizeKw(ip *Interp, x value.Value) value.Value {
	n, err := wire.Size(ip.forWire(x))
	if err != nil {
		panic(asQError(err))
	}
	return value.Long(int64(wire.HeaderLen + n))
}

// traceCmd is \trace [level [file]] (gq's own, for teaching): with no argument the
// level; 0 turns the wire trace off, 1 prints one line per IPC event, 2 adds the hex
// of each message's header and first body bytes. The lines go to stderr, or appended
// to file, so results stay clean.
func (ip *Interp) traceCmd(arg string) (value.Value, bool) {
	if arg == "" {
		return value.Int(int32(ip.traceLvl)), true
	}
	lvl, file, _ := strings.Cut(arg, " ")
	n, err := strconv.Atoi(strings.TrimRight(lvl, "ij"))
	if err != nil {
		errType()
	}
	if n < 0 || n > 2 {
		errDomain()
	}
	if ip.Trace == nil {
		errNyi()
	}
	if err := ip.Trace(n, strings.TrimSpace(file)); err != nil {
		panic(asQError(err))
	}
	ip.traceLvl = n
	return nil, false
}
