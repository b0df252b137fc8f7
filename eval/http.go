package eval

import (
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// HTTP on the listening port, the evaluator's side: HTTPAuth and HTTP (the
// ipc.Dispatcher methods that run .z.ac, .z.ph, .z.pp and .z.pm), and the default .z.ph
// as kdb+ 4.0 answers (docs/ref/dotz.md .z.ph; the KX white paper wp/permissions,
// "Restricting HTTP queries", walks through its seven branches). The .h pieces it
// needs (hy hn hnz he hb fram jx uh) are doth.go's Go functions, which read the .h
// variables as code left them, so that .h.val, .h.HOME, .h.ty, .h.tx and .h.sb can be
// replaced as in kdb+.

// zphArgs is what the HTTP handlers get: (requestText;headers).
func zphArgs(x value.Value) (text value.Value, headers value.Value) {
	l, ok := x.(*value.List)
	if !ok || len(l.Items) != 2 {
		errType()
	}
	return l.Items[0], l.Items[1]
}

// HTTPAuth decides whether the HTTP request x on handle h may be served
// (docs/ref/dotz.md .z.ac): .z.ac's (0;"") refuses with 401, (1;"user") accepts as
// user, (2;"response") refuses with that response, (4;"") falls back to Basic
// authentication, which is also what happens without .z.ac: the -U file (fileOK) and
// .z.pw decide. An error in .z.ac refuses.
func (ip *Interp) HTTPAuth(h int32, x value.Value, user, password string, fileOK bool) (string, []byte, bool) {
	if f := ip.zns.vars["ac"]; f != nil {
		v, err := ip.serve(h, func() value.Value { return ip.apply1(f, x) })
		if err != nil {
			return "", httpUnauthorized, false
		}
		code, text, ok := acResult(v)
		switch {
		case !ok:
			return "", httpUnauthorized, false
		case code == 1:
			return text, nil, true
		case code == 2:
			return "", []byte(text), false
		case code != 4:
			return "", httpUnauthorized, false
		}
	}
	if !fileOK {
		return "", httpUnauthorized, false
	}
	if f := ip.zns.vars["pw"]; f != nil {
		v, err := ip.serve(h, func() value.Value { return ip.apply2(f, value.Sym(user), value.Str(password)) })
		if b, ok := v.(value.Bool); err != nil || !ok || !bool(b) {
			return "", httpUnauthorized, false
		}
	}
	return user, nil, true
}

// httpUnauthorized is the 401 kdb+ sends a refused request; WWW-Authenticate makes a
// browser ask for Basic credentials.
var httpUnauthorized = []byte("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"gq\"\r\n" +
	"Content-Type: text/plain\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")

// acResult reads .z.ac's (code;text).
func acResult(v value.Value) (code int64, text string, ok bool) {
	items := value.Items(v)
	if len(items) != 2 {
		return 0, "", false
	}
	code, ok = doTimes(items[0])
	if !ok {
		return 0, "", false
	}
	switch t := items[1].(type) {
	case *value.Vec[byte]:
		return code, string(t.S), true
	case value.Sym:
		return code, string(t), true
	case value.Char:
		return code, string([]byte{byte(t)}), true
	}
	return 0, "", false
}

// HTTP serves an accepted HTTP request on h: .z.ph for GET and HEAD (the default one
// below when unset), .z.pp for POST, .z.pm with (`METHOD;requestText;headers) for the
// others. The handler's string (or bytes) is the whole response; an error, or a
// result that is no string, is answered as .h.he answers: 400 and 'msg.
func (ip *Interp) HTTP(h int32, method string, x value.Value) []byte {
	var f value.Value
	name, arg := "ph", x
	switch method {
	case "GET", "HEAD":
		if f = ip.zns.vars["ph"]; f == nil {
			f = primByName(".z.ph")
		}
	case "POST":
		name, f = "pp", ip.zns.vars["pp"]
	default:
		name, f = "pm", ip.zns.vars["pm"]
	}
	v, err := ip.serve(h, func() value.Value {
		if f == nil {
			signal(".z." + name) // kdb+ has no default .z.pp or .z.pm
		}
		if name == "pm" {
			text, headers := zphArgs(x)
			arg = &value.List{Items: []value.Value{value.Sym(method), text, headers}}
		}
		return ip.apply1(f, arg)
	})
	if err != nil {
		return ip.hHe(asQError(err).Msg)
	}
	switch r := v.(type) {
	case *value.Vec[byte]:
		return r.S
	case value.Char:
		return []byte{byte(r)}
	}
	return ip.hHe("type")
}

// zphDefault is kdb+'s default .z.ph (the seven branches wp/permissions describes),
// chosen by the request text decoded by .h.uh: "" a frameset of the variables and the
// first one; "?" the variables as .h.hb links; "?[n" the last query's .h.jx page from
// row n; "?expr" expr's .h.jx page; "name.t?expr" expr converted by .h.tx[t] and sent by
// .h.hnz (gzipped when the client accepts it); otherwise a file under .h.HOME, or 404.
// The pieces are doth.go's, reading the .h variables as they are when it runs.
func zphDefault(ip *Interp, x value.Value) value.Value {
	var headers value.Value
	if l, ok := x.(*value.List); ok && len(l.Items) > 0 {
		x = l.Items[0]
		if len(l.Items) > 1 {
			headers = l.Items[1]
		}
	}
	s, ok := x.(*value.Vec[byte])
	if !ok || s.Typ != value.TChar {
		errType()
	}
	text := hStr(dothUh(s))
	switch {
	case text == "":
		names := sortedNames(ip.root, nil)
		first := ""
		w := 0
		for _, n := range names {
			w = max(w, len(n))
		}
		if len(names) > 0 {
			first = names[0]
		}
		page := hFrames(ip, ip.ScriptFile, 26+10*w, value.Str("?"), value.Str("?"+first))
		return value.Chars(ip.hNZ("200 OK", false, value.Sym("htm"), []byte(page)))
	case text == "?":
		names := sortedNames(ip.root, nil)
		lines := make([]string, len(names))
		for i, n := range names {
			lines[i] = hB(ip, value.Str("?"+n), n)
		}
		return value.Chars(ip.zphPage(lines))
	case strings.HasPrefix(text, "?["):
		j, err := strconv.ParseInt(text[2:], 10, 64)
		if err != nil {
			j = 0 // a row number that does not parse is the first page
		}
		r, ok := ip.hVar("R").(*value.Vec[byte])
		if !ok {
			errType()
		}
		return value.Chars(ip.zphPage(ip.hJx(max(j, 0), r)))
	case text[0] == '?':
		return ip.catch(func() value.Value {
			q := value.Str(text[1:])
			ip.ns(".h", true).vars["R"] = q // .h.R: the query "?[n" pages
			return value.Chars(ip.zphPage(ip.hJx(0, q)))
		}, func(msg string) value.Value { return value.Chars(ip.hHe(msg)) })
	case strings.Contains(text, "?"):
		return ip.catch(func() value.Value {
			n := strings.IndexByte(text, '?')
			t := text[max(n-3, 0):n]
			lines := ip.httpTx(t, ip.hVal(value.Str(text[n+1:])))
			body := strings.Join(lines, "\n") + "\n"
			return value.Chars(ip.hNZ("200 OK", acceptsGzip(headers), value.Sym(t), []byte(body)))
		}, func(msg string) value.Value { return value.Chars(ip.hHe(msg)) })
	}
	return value.Chars(ip.httpFile(text))
}

// zphPage is the default .z.ph's page of lines: .h.hp's pre in an html document styled
// by .h.sb alone, as doth.md's .h.hp example shows it (the page http.txt and
// cmd/gq/http_test.go check).
func (ip *Interp) zphPage(lines []string) []byte {
	style := ""
	if v := ip.hVar("sb"); v != nil {
		style = hStr(v)
	}
	page := hTC("html", hTC("head", hTC("style", style))+hTC("body", hTC("pre", hJoinLines(hStrings(lines)))))
	return ip.hNZ("200 OK", false, value.Sym("htm"), []byte(page))
}

// httpFile serves the file text names under .h.HOME (default "html"; kb/http.md), typed
// by .h.ty for all after the first dot; an empty, missing or unreadable file, or a path
// that climbs out of HOME with "..", is 404 with the path (observed kdb+ 4.0 behaviour).
func (ip *Interp) httpFile(text string) []byte {
	home := "html"
	if h, ok := ip.hVar("HOME").(*value.Vec[byte]); ok && h.Typ == value.TChar {
		home = string(h.S)
	}
	p := home + "/" + text
	var b []byte
	if !slices.Contains(strings.Split(text, "/"), "..") {
		b, _ = os.ReadFile(p)
	}
	if len(b) == 0 {
		return ip.hNZ("404 Not Found", false, value.Sym("txt"), []byte(p+": not found"))
	}
	ext := text[strings.IndexByte(text, '.')+1:] // all after the first dot, or the whole name
	return ip.hNZ("200 OK", false, value.Sym(ext), b)
}

// httpTx converts v for a "name.t?expr" request as .h.tx[t] does; without .h.tx, csv
// and txt are written by 0: as .h.cd and .h.td write them (doth.md), anything else is 't.
func (ip *Interp) httpTx(t string, v value.Value) []string {
	var r value.Value
	if f := ip.hDictAt("tx", t); f != nil {
		r = ip.apply1(f, v)
	} else {
		switch t {
		case "csv":
			r = qcall(ip, "0:", value.Char(','), v)
		case "txt":
			r = qcall(ip, "0:", value.Char('\t'), v)
		default:
			signal(t)
		}
	}
	items := value.Items(r)
	lines := make([]string, len(items))
	for i, it := range items {
		s, ok := it.(*value.Vec[byte])
		if !ok {
			errType()
		}
		lines[i] = string(s.S)
	}
	return lines
}

// hVar is .h.name as code set it, or as the .h namespace defines it; nil when neither.
func (ip *Interp) hVar(name string) value.Value {
	if n := ip.nss[".h"]; n != nil {
		if v := n.vars[name]; v != nil {
			return v
		}
	}
	if p := primByName(".h." + name); p != nil {
		return p
	}
	return nil
}

// hDictAt is .h.name[`key] when .h.name is a dictionary with that key (.h.tx).
func (ip *Interp) hDictAt(name, key string) value.Value {
	d, ok := ip.hVar(name).(*value.Dict)
	if !ok {
		return nil
	}
	return dictGet(d, value.Sym(key))
}

// acceptsGzip reports whether the request's headers (a dictionary of names to
// strings) say Accept-Encoding: gzip.
func acceptsGzip(headers value.Value) bool {
	d, ok := headers.(*value.Dict)
	if !ok {
		return false
	}
	ks, ok := d.K.(*value.Vec[string])
	if !ok {
		return false
	}
	for i, k := range ks.S {
		if strings.EqualFold(k, "Accept-Encoding") {
			v, ok := value.At(d.V, i).(*value.Vec[byte])
			return ok && strings.Contains(strings.ToLower(string(v.S)), "gzip")
		}
	}
	return false
}

// httpOneShot is `:http://host:port "request" (and `:https://): the request text goes
// out as it is on a new connection and the whole response comes back as a string
// (docs/kb/http.md). The port defaults to 80 (443 for https); a path after it is
// ignored, the request line says what to get.
func (ip *Interp) httpOneShot(addr string, x value.Value) value.Value {
	s, ok := x.(*value.Vec[byte])
	if !ok || s.Typ != value.TChar && s.Typ != value.TByte {
		errType()
	}
	useTLS := strings.HasPrefix(addr, ":https://")
	hostPort := addr[strings.Index(addr, "//")+2:]
	if i := strings.IndexByte(hostPort, '/'); i >= 0 {
		hostPort = hostPort[:i]
	}
	host, port := hostPort, 80
	if useTLS {
		port = 443
	}
	if i := strings.LastIndexByte(hostPort, ':'); i >= 0 && !strings.HasSuffix(hostPort, "]") {
		p, err := strconv.Atoi(hostPort[i+1:])
		if err != nil || p <= 0 || p > 65535 {
			signal("hop. OS reports: Connection refused")
		}
		host, port = hostPort[:i], p
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if ip.Net == nil {
		signal("hop. OS reports: Connection refused")
	}
	r, err := ip.Net.HTTP(host, port, useTLS, s.S)
	if err != nil {
		panic(asQError(err))
	}
	return value.Str(string(r))
}

// dotqHg is .Q.hg url: the body of the answer to an HTTP GET of url, a symbol
// (`:http://host/path) or a string (docs/ref/dotq.md hg).
func dotqHg(ip *Interp, x value.Value) value.Value {
	return ip.httpFetch(x, false, nil, nil)
}

// dotqHp is .Q.hp[url;mimeType;body]: the body of the answer to an HTTP POST of body
// as mimeType to url (docs/ref/dotq.md hp).
func dotqHp(ip *Interp, args []value.Value) value.Value {
	return ip.httpFetch(args[0], true, args[1], args[2])
}

func (ip *Interp) httpFetch(u value.Value, post bool, ty, body value.Value) value.Value {
	var url string
	switch v := u.(type) {
	case value.Sym:
		url = string(v)
	case *value.Vec[byte]:
		if v.Typ != value.TChar {
			errType()
		}
		url = string(v.S)
	default:
		errType()
	}
	var ct string
	var b []byte
	if post {
		ct, b = httpText(ty), []byte(httpText(body))
	}
	if ip.Net == nil {
		signal("hop. OS reports: Connection refused")
	}
	r, err := ip.Net.HTTPFetch(url, post, ct, b)
	if err != nil {
		panic(asQError(err))
	}
	return value.Str(string(r))
}

// httpText reads a string (or a symbol, or a char) argument of .Q.hp.
func httpText(x value.Value) string {
	switch v := x.(type) {
	case *value.Vec[byte]:
		if v.Typ == value.TChar || v.Typ == value.TByte {
			return string(v.S)
		}
	case value.Sym:
		return string(v)
	case value.Char:
		return string([]byte{byte(v)})
	}
	errType()
	return ""
}
