package eval

import (
	"bytes"
	"compress/gzip"
	"strconv"
	"strings"

	"github.com/gq-dev/gq/eval/format"
	"github.com/gq-dev/gq/eval/value"
)

// The .h namespace (docs/ref/doth.md): HTML and XML markup, CSV/TSV/XML/Excel text
// from tables, and HTTP responses. Each function gives what doth.md documents, and
// observed kdb+ 4.0 output where the page is silent (eval/testdata/doth.txt says which
// case rests on which). The data (.h.ty .h.tx .h.HOME .h.val .h.d .h.sc .h.br .h.c0
// .h.c1 .h.sa .h.sb .h.logo) are variables a user may set; the functions read them when
// they run, as kdb+'s do (doth.md's .h.d example).

// hMIME is kdb+ 4.0's default .h.ty, in its order (doth.md shows its first entries).
var hMIME = [][2]string{{"htm", "text/html"}, {"html", "text/html"},
	{"csv", "text/comma-separated-values"}, {"txt", "text/plain"}, {"xml", "text/plain"},
	{"xls", "application/msexcel"}, {"gif", "image/gif"}, {"jpg", "image/jpeg"},
	{"png", "image/png"}, {"bmp", "image/bmp"}, {"ico", "image/x-icon"},
	{"svg", "image/svg+xml"}, {"pdf", "application/pdf"}, {"css", "text/css"},
	{"zip", "application/x-compressed"}, {"js", "application/x-javascript"},
	{"doc", "application/msword"}, {"swf", "application/x-shockwave-flash"},
	{"json", "application/json"}}

const (
	hSc = "$-.+!*'(),abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789"
	hSb = "body{font:10pt verdana;text-align:justify}"
	// hXMLHead is the XML header line that starts .h.ed's and .h.edsn's output (doth.md).
	hXMLHead = `<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>`
)

// installDotH sets the .h variables to kdb+ 4.0's defaults (doth.md gives each):
// .h.ty, .h.tx, .h.HOME "html", .h.val value, .h.d " ", .h.sc, .h.br, .h.c0 `024C7E,
// .h.c1 `958600, .h.sa, .h.sb, .h.logo.
func (ip *Interp) installDotH() {
	h := ip.ns(".h", true)
	keys := make([]string, len(hMIME))
	vals := make([]value.Value, len(hMIME))
	for i, m := range hMIME {
		keys[i], vals[i] = m[0], value.Str(m[1])
	}
	h.vars["ty"] = &value.Dict{K: value.Syms(keys), V: &value.List{Items: vals}}
	h.vars["HOME"] = value.Str("html")
	h.vars["val"] = primByName("value")
	h.vars["d"] = value.Str(" ")
	h.vars["sc"] = value.Str(hSc)
	h.vars["br"] = value.Str("<br>")
	h.vars["c0"] = value.Sym("024C7E")
	h.vars["c1"] = value.Sym("958600")
	// .h.sa: no underline, links and visited links in colour .h.c0, active ones in .h.c1
	// (the style doth.md's .h.html shows)
	h.vars["sa"] = value.Str("a{text-decoration:none}a:link{color:024C7E}a:visited{color:024C7E}a:active{color:958600}")
	h.vars["sb"] = value.Str(hSb)
	// .h.logo: "KX" in bold in colour .h.c0, then ".com" in bold in .h.c1
	h.vars["logo"] = value.Str("<font color=024C7E><b>KX</b></font><font color=958600><b>.com</b></font>")
	// .h.tx (doth.md lists it): raw is enlist, csv txt xml xls are .h.cd .h.td .h.xd
	// .h.ed; json is a lambda, as kdb+ shows it there: .j.j of each row, a keyed table
	// unkeyed first
	h.vars["tx"] = &value.Dict{K: value.Syms([]string{"raw", "json", "csv", "txt", "xml", "xls"}),
		V: &value.List{Items: []value.Value{primByName(",:"), ip.valueString("{.j.j'$[.Q.qt x;0!x;x]}"),
			primByName(".h.cd"), primByName(".h.td"), primByName(".h.xd"), primByName(".h.ed")}}}
}

// hVar (http.go) reads the .h variable name as the user left it.

// hStr reads a string argument: a char vector, or a char atom as a one-char string.
func hStr(x value.Value) string {
	switch v := x.(type) {
	case *value.Vec[byte]:
		if v.Typ == value.TChar {
			return string(v.S)
		}
	case value.Char:
		return string([]byte{byte(v)})
	case *value.List:
		if len(v.Items) == 0 {
			return ""
		}
	}
	errType()
	return ""
}

// hName is $x for a tag or attribute name: a symbol's text, or a string.
func hName(x value.Value) string {
	if s, ok := x.(value.Sym); ok {
		return string(s)
	}
	return hStr(x)
}

// hLines reads a list of strings.
func hLines(x value.Value) []string {
	if v, ok := x.(*value.Vec[byte]); ok && v.Typ == value.TChar {
		r := make([]string, len(v.S)) // a string is a list of chars: one per line
		for i, c := range v.S {
			r[i] = string([]byte{c})
		}
		return r
	}
	l, ok := x.(*value.List)
	if !ok {
		errType()
	}
	r := make([]string, len(l.Items))
	for i, it := range l.Items {
		r[i] = hStr(it)
	}
	return r
}

func hStrings(s []string) value.Value {
	r := make([]value.Value, len(s))
	for i, x := range s {
		r[i] = value.Str(x)
	}
	return &value.List{Items: r}
}

// hTC is the element tag around body: <tag>body</tag> (.h.htc, doth.md).
func hTC(tag, body string) string { return "<" + tag + ">" + body + "</" + tag + ">" }

// dothHtc implements .h.htc[x;y]: .h.htc[`tag;"value"] is "<tag>value</tag>".
func dothHtc(x, y value.Value) value.Value { return value.Str(hTC(hName(x), hStr(y))) }

// hTA is the start tag <tag name=value ...> of .h.hta (doth.md): a string value is
// quoted, anything else is written as string writes it, unquoted (doth.md's two .h.ha
// examples show both).
func hTA(ip *Interp, tag string, attrs value.Value) string {
	d, ok := attrs.(*value.Dict)
	if !ok {
		errType()
	}
	var b strings.Builder
	b.WriteString("<" + tag)
	n := value.Len(d.K)
	for i := 0; i < n; i++ {
		b.WriteString(" " + hName(value.At(d.K, i)) + "=")
		v := value.At(d.V, i)
		if s, ok := v.(*value.Vec[byte]); ok && s.Typ == value.TChar {
			b.WriteString(`"` + string(s.S) + `"`)
		} else {
			b.WriteString(hStr(stringOf(ip, v)))
		}
	}
	b.WriteString(">")
	return b.String()
}

// dothHta implements .h.hta[x;y], a start tag:
// .h.hta[`a;`href`target!("http://www.example.com";"_blank")] is
// "<a href=\"http://www.example.com\" target=\"_blank\">".
func dothHta(ip *Interp, x, y value.Value) value.Value {
	return value.Str(hTA(ip, hName(x), y))
}

// dothHtac implements .h.htac[x;y;z]: the start tag, the content z, the end tag (doth.md).
func dothHtac(ip *Interp, a []value.Value) value.Value {
	tag := hName(a[0])
	return value.Str(hTA(ip, tag, a[1]) + hStr(a[2]) + "</" + tag + ">")
}

// dothHa implements .h.ha[x;y], an a element with href x and text y: a symbol href is
// written bare, a string one quoted (doth.md).
func dothHa(ip *Interp, x, y value.Value) value.Value {
	attrs := &value.Dict{K: value.Syms([]string{"href"}), V: value.NewList([]value.Value{x})}
	return value.Str(hTA(ip, "a", attrs) + hStr(y) + "</a>")
}

// dothHb implements .h.hb[x;y]: .h.ha with target=v before the href (doth.md).
func dothHb(ip *Interp, x, y value.Value) value.Value { return value.Str(hB(ip, x, hStr(y))) }

// hB is .h.hb's link to href opening in the frame v (also the default .z.ph's "?" page).
func hB(ip *Interp, href value.Value, text string) string {
	attrs := &value.Dict{K: value.Syms([]string{"target", "href"}),
		V: value.NewList([]value.Value{value.Sym("v"), href})}
	return hTA(ip, "a", attrs) + text + "</a>"
}

// hJoinLines is the lines, each ended by a newline.
func hJoinLines(x value.Value) string {
	var b strings.Builder
	for _, l := range hLines(x) {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// dothPre implements .h.pre x, the lines each ended by a newline in a pre element
// (doth.md): .h.pre("foo";"bar") is "<pre>foo\nbar\n</pre>".
func dothPre(x value.Value) value.Value { return value.Str(hTC("pre", hJoinLines(x))) }

// dothXmp implements .h.xmp x: as .h.pre, in an xmp element (doth.md).
func dothXmp(x value.Value) value.Value { return value.Str(hTC("xmp", hJoinLines(x))) }

// hXS escapes & < and > as XML entities (.h.xs; doth.md shows &, kdb+ 4.0 does all three).
var hXS = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// dothXs implements .h.xs x: .h.xs "Arthur & Co." is "Arthur &amp; Co.".
func dothXs(x value.Value) value.Value { return value.Str(hXS.Replace(hStr(x))) }

// hHC escapes < as &lt; and nothing else (.h.hc, doth.md).
func hHC(s string) string { return strings.ReplaceAll(s, "<", "&lt;") }

// dothHc implements .h.hc x: .h.hc "<foo>" is "&lt;foo>".
func dothHc(x value.Value) value.Value { return value.Str(hHC(hStr(x))) }

// dothHr implements .h.hr x, a - for each item of x (doth.md): .h.hr "foo" is "---".
func dothHr(x value.Value) value.Value {
	return value.Str(strings.Repeat("-", value.Len(x)))
}

// dothNbr implements .h.nbr x: x in a nobr element (doth.md).
func dothNbr(x value.Value) value.Value { return value.Str(hTC("nobr", hStr(x))) }

// hCode cuts s at its tabs and joins the pieces with blanks; every second piece is
// <-escaped and put in nobr inside code (.h.code; doth.md's three examples).
func hCode(s string) string {
	p := strings.Split(s, "\t")
	for i := 1; i < len(p); i += 2 {
		p[i] = hTC("code", hTC("nobr", hHC(p[i])))
	}
	return strings.Join(p, " ")
}

// dothCode implements .h.code x: .h.code "foo\tbar" is
// "foo <code><nobr>bar</nobr></code>".
func dothCode(x value.Value) value.Value { return value.Str(hCode(hStr(x))) }

// hHTTP makes each URL that starts http:// a link to itself (.h.http, doth.md); a URL
// ends at a blank or a ) (observed kdb+ 4.0 behaviour; doth.md's URL ends the text).
func hHTTP(s string) string {
	i := strings.Index(s, "http://")
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	rest := s[i:]
	for len(rest) > 0 {
		next := strings.Index(rest[1:], "http://") // each piece runs to the next URL
		piece := rest
		if next >= 0 {
			piece, rest = rest[:next+1], rest[next+1:]
		} else {
			rest = ""
		}
		end := len(piece)
		if j := strings.IndexAny(piece, ") "); j >= 0 {
			end = j
		}
		url := piece[:end]
		b.WriteString(`<a href="` + url + `">` + url + "</a>" + piece[end:])
	}
	return b.String()
}

// dothHTTP implements .h.http x: .h.http "The main page is http://www.example.com" is
// "The main page is <a href=\"http://www.example.com\">http://www.example.com</a>".
func dothHTTP(x value.Value) value.Value { return value.Str(hHTTP(hStr(x))) }

// dothText implements .h.text x: each line through .h.code and .h.http, in a p element
// ended by a newline (doth.md): .h.text("foo";"bar") is "<p>foo</p>\n<p>bar</p>\n".
// Empty lines are dropped (observed kdb+ 4.0 behaviour).
func dothText(x value.Value) value.Value {
	var b strings.Builder
	for _, l := range hLines(x) {
		if l != "" {
			b.WriteString(hTC("p", hHTTP(hCode(l))) + "\n")
		}
	}
	return value.Str(b.String())
}

// dothUh implements .h.uh x: each %xx becomes the byte with hex code xx (doth.md). What
// the page leaves open is observed kdb+ 4.0 behaviour: a pair that is not hex gives
// byte 0, and a % with fewer than two characters after it still takes a byte.
func dothUh(x value.Value) value.Value {
	p := strings.Split(hStr(x), "%")
	b := []byte(p[0])
	for _, s := range p[1:] {
		h := s
		switch len(s) { // one character is read twice; none reads two blanks
		case 0:
			h = "  "
		case 1:
			h = s + s
		}
		c, err := strconv.ParseUint(h[:2], 16, 8)
		if err != nil {
			c = 0
		}
		b = append(b, byte(c))
		if len(s) > 2 {
			b = append(b, s[2:]...)
		}
	}
	return value.Chars(b)
}

// hHug writes every character of s that is not in safe as %xx, xx its code in
// lower-case hex (.h.hug and .h.hu, doth.md).
func hHug(safe, s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(safe, c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + string(jsonHex[c>>4]) + string(jsonHex[c&15]))
		}
	}
	return b.String()
}

// dothHug implements .h.hug[x;y]: y with every character not in x as %xx.
func dothHug(x, y value.Value) value.Value { return value.Str(hHug(hStr(x), hStr(y))) }

// dothHu implements .h.hu x, .h.hug with the default .h.sc characters kept (doth.md):
// .h.hu "http://www.kx.com" is "http%3a%2f%2fwww.kx.com".
func dothHu(x value.Value) value.Value { return value.Str(hHug(hSc, hStr(x))) }

// dothIso8601 implements .h.iso8601 x: x as a timestamp written with - - and T in
// place of the dots and D (doth.md): .h.iso8601 100 is "2000-01-01T00:00:00.000000100".
// A null gives "" (observed kdb+ 4.0 behaviour).
func dothIso8601(ip *Interp, x value.Value) value.Value {
	if !value.IsAtom(x) {
		errType()
	}
	if value.IsNull(x) {
		return value.Str("")
	}
	p := qcall(ip, "$", value.Char('p'), x)
	s := []byte(hStr(stringOf(ip, p)))
	for i, c := range map[int]byte{4: '-', 7: '-', 10: 'T'} {
		if i < len(s) {
			s[i] = c
		}
	}
	return value.Chars(s)
}

// dothHTML implements .h.html x: an html document whose head's style is .h.sa then
// .h.sb, and whose body is x (doth.md).
func dothHTML(ip *Interp, x value.Value) value.Value { return value.Str(ip.hHTML(hStr(x))) }

func (ip *Interp) hHTML(body string) string {
	style := ""
	for _, n := range []string{"sa", "sb"} {
		if v := ip.hVar(n); v != nil {
			style += hStr(v)
		}
	}
	return hTC("html", hTC("head", hTC("style", style))+hTC("body", body))
}

// hNZ builds an HTTP/1.1 response: the status line; Content-Encoding: gzip when gzip
// is asked for and the content is 2000 bytes or more (kb/http.md: "2,000+ chars"; it is
// then gzipped, level 6); the
// Content-Type from .h.ty, application/octet-stream for a type .h.ty lacks (doth.md
// .h.hn); Connection: close; Content-Length; a blank line; the content. The header
// order is observed kdb+ 4.0 behaviour; kb/http.md gives the gzip rule.
func (ip *Interp) hNZ(status string, gz bool, typ value.Value, body []byte) []byte {
	gz = gz && len(body) >= hGzipMin
	if gz {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, 6)
		zw.Write(body)
		zw.Close()
		body = buf.Bytes()
	}
	ct := ""
	if ty, ok := ip.hVar("ty").(*value.Dict); ok {
		if v := dictGet(ty, typ); v != nil {
			if s, ok := v.(*value.Vec[byte]); ok && s.Typ == value.TChar {
				ct = string(s.S)
			}
		}
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	r := []byte("HTTP/1.1 " + status)
	if gz {
		r = append(r, "\r\nContent-Encoding: gzip"...)
	}
	r = append(r, "\r\nContent-Type: "+ct+"\r\nConnection: close\r\nContent-Length: "+
		strconv.Itoa(len(body))+"\r\n\r\n"...)
	return append(r, body...)
}

// hGzipMin is the least content hNZ gzips (kb/http.md, Compression: "2,000+ chars").
const hGzipMin = 2000

// hBody reads response content: a string, or (since 4.1 2025.11.25) a byte vector.
func hBody(x value.Value) []byte {
	if v, ok := x.(*value.Vec[byte]); ok && v.Typ == value.TByte {
		return v.S
	}
	return []byte(hStr(x))
}

// hType reads a MIME type key: a symbol; "" or anything else finds nothing.
func hType(x value.Value) value.Value {
	if s, ok := x.(value.Sym); ok {
		return s
	}
	if s, ok := x.(*value.Vec[byte]); ok && s.Typ == value.TChar {
		return value.Sym(s.S)
	}
	errType()
	return nil
}

// dothHnz implements .h.hnz[status;gzip;type;content], the response .z.ph sends.
func dothHnz(ip *Interp, a []value.Value) value.Value {
	gz, ok := a[1].(value.Bool)
	if !ok {
		if n, isInt := doTimes(a[1]); isInt {
			gz = n != 0
		} else {
			errType()
		}
	}
	return value.Chars(ip.hNZ(hStr(a[0]), bool(gz), hType(a[2]), hBody(a[3])))
}

// dothHn implements .h.hn[x;y;z], a response never gzipped (doth.md):
// .h.hn["404";`txt;"Not found: favicon.ico"]
// is "HTTP/1.1 404\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: 22\r\n\r\nNot found: favicon.ico".
func dothHn(ip *Interp, a []value.Value) value.Value {
	return value.Chars(ip.hNZ(hStr(a[0]), false, hType(a[1]), hBody(a[2])))
}

// dothHy implements .h.hy[x;y]: .h.hn with status "200 OK" (doth.md).
func dothHy(ip *Interp, x, y value.Value) value.Value {
	return value.Chars(ip.hNZ("200 OK", false, hType(x), hBody(y)))
}

// dothHp implements .h.hp x: a 200 OK text/html response of the .h.html document whose
// body is .h.pre x (doth.md shows such a response).
func dothHp(ip *Interp, x value.Value) value.Value {
	body := ip.hHTML(hTC("pre", hJoinLines(x)))
	return value.Chars(ip.hNZ("200 OK", false, value.Sym("htm"), []byte(body)))
}

// dothHe implements .h.he x: the text with a ' in front, as a text/plain "400 Bad
// Request" response (doth.md). kdb+ 4.0 does not escape < there, though doth.md says
// so (observed behaviour; doth.txt has the case).
func dothHe(ip *Interp, x value.Value) value.Value { return value.Chars(ip.hHe(hStr(x))) }

// hHe is .h.he's response for msg; the HTTP server answers a failed handler with it.
func (ip *Interp) hHe(msg string) []byte {
	return ip.hNZ("400 Bad Request", false, value.Sym("txt"), []byte("'"+msg))
}

// dothFram implements .h.fram[t;s;(l;r)], a page titled t with a frameset of two frames,
// the left one showing l, the right one named v showing r (doth.md). The left column is
// 43 pixels plus 7 a character of the longest line of s (8 when l is "?", the console's
// own page), kept between 116 and 316 (doth.md shows 316; the rule is observed kdb+ 4.0
// behaviour).
func dothFram(ip *Interp, a []value.Value) value.Value {
	title := hStr(a[0])
	lines := hLines(a[1])
	lr, ok := a[2].(*value.List)
	if !ok || len(lr.Items) < 1 {
		errType()
	}
	l, r := lr.Items[0], lr.Items[len(lr.Items)-1]
	w := 0
	for _, s := range lines {
		w = max(w, len(s))
	}
	per := 7
	if c, ok := l.(value.Char); ok && c == '?' { // the console's own page
		per = 8
	}
	return value.Str(hFrames(ip, title, max(116, min(316, 43+per*w)), l, r))
}

// hFrames is .h.fram's page: titled title, a frameset of a left frame cols pixels wide
// showing l and a right one named v showing r.
func hFrames(ip *Interp, title string, cols int, l, r value.Value) string {
	f1 := hTA(ip, "frame", &value.Dict{K: value.Syms([]string{"src"}), V: value.NewList([]value.Value{hStrVal(l)})})
	f2 := hTA(ip, "frame", &value.Dict{K: value.Syms([]string{"name", "src"}),
		V: value.NewList([]value.Value{value.Sym("v"), hStrVal(r)})})
	fs := `<frameset cols="` + strconv.Itoa(cols) + `,*">` + f1 + f2 + "</frameset>"
	return hTC("html", hTC("head", hTC("title", title)+fs))
}

// hStrVal keeps a string, and makes a char atom a one-char string, for an attribute.
func hStrVal(x value.Value) value.Value {
	if c, ok := x.(value.Char); ok {
		return value.Chars([]byte{byte(c)})
	}
	return x
}

// hTableCols gives a table's (an unkeyed keyed table's) column names and columns.
func hTableCols(x value.Value) ([]string, []value.Value) {
	switch t := x.(type) {
	case *value.Table:
		return t.Cols.S, t.Data
	case *value.Dict:
		if value.IsKeyed(t) {
			u := unkey(t)
			return u.Cols.S, u.Data
		}
	}
	return nil, nil
}

// dothCd implements .h.cd x, CSV text as csv 0: writes it (doth.md): a table's nested
// column other than strings is written with its items' strings joined by .h.d (doth.md's
// .h.d example); a list of columns goes to 0: as it is.
func dothCd(ip *Interp, x value.Value) value.Value {
	names, cols := hTableCols(x)
	if names == nil {
		return qcall(ip, "0:", value.Char(','), x)
	}
	d := ip.hVar("d")
	if d == nil {
		d = value.Str(" ")
	}
	data := make([]value.Value, len(cols))
	for j, c := range cols {
		data[j] = c
		l, ok := c.(*value.List)
		if !ok || len(l.Items) == 0 {
			continue
		}
		t := l.Items[0].Type()
		if t <= 0 || t == value.TChar || t >= value.TTable { // only columns of vectors
			continue
		}
		r := make([]value.Value, len(l.Items))
		for i, it := range l.Items {
			r[i] = qsv(d, stringOf(ip, it))
		}
		data[j] = &value.List{Items: r}
	}
	return qcall(ip, "0:", value.Char(','), value.NewTable(names, data))
}

// dothTd implements .h.td x: tab-separated lines, as "\t" 0: writes them (doth.md).
func dothTd(ip *Interp, x value.Value) value.Value {
	return qcall(ip, "0:", value.Char('\t'), x)
}

// hCellStrings gives a column's items as XML-escaped strings for .h.xd: a vector's
// items as string writes them (an enumeration's as symbols), a string column's as they are.
func hCellStrings(ip *Interp, c value.Value) []string {
	if s, ok := enumView(ip, c); ok {
		c = s
	}
	var items value.Value
	if t := c.Type(); t > 0 && t < 77 {
		items = stringOf(ip, c)
	} else {
		items = c
	}
	n := value.Len(items)
	r := make([]string, n)
	for i := 0; i < n; i++ {
		r[i] = hXS.Replace(hStr(value.At(items, i)))
	}
	return r
}

// dothXd implements .h.xd x, XML lines: <R>, then a line per row, an r element holding
// an element per column named by it, then </R> (doth.md):
// .h.xd ([]a:1 2;b:`x`y) is ("<R>";"<r><a>1</a><b>x</b></r>";"<r><a>2</a><b>y</b></r>";"</R>").
func dothXd(ip *Interp, x value.Value) value.Value {
	names, cols := hTableCols(x)
	if names == nil {
		errType()
	}
	cells := make([][]string, len(cols))
	n := 0
	for j, c := range cols {
		cells[j] = hCellStrings(ip, c)
		n = len(cells[j])
	}
	out := []string{"<R>"}
	for i := 0; i < n; i++ {
		var b strings.Builder
		b.WriteString("<r>")
		for j, name := range names {
			b.WriteString(hTC(name, cells[j][i]))
		}
		b.WriteString("</r>")
		out = append(out, b.String())
	}
	return hStrings(append(out, "</R>"))
}

// hWorkbook is the Workbook element around the sheets (.h.ed, .h.edsn).
func hWorkbook(sheets string) string {
	return `<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" ` +
		`xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" ` +
		`xmlns:o="urn:schemas-microsoft-com:office:office" ` +
		`xmlns:x="urn:schemas-microsoft-com:office:excel" ` +
		`xmlns:html="http://www.w3.org/TR/REC-html40">` + sheets + "</Workbook>"
}

// hCell is one cell of a sheet, its ss:Type chosen by the atom's type (observed kdb+ 4.0
// output of .h.ed): a string is an escaped String; a boolean up to a float a Number;
// a char or symbol an escaped String; a timestamp, month, date or datetime a DateTime
// in .h.iso8601 form; a timespan, minute, second or time a DateTime on 1899.12.31;
// anything else an escaped String.
func hCell(ip *Interp, x value.Value) string {
	t := -int(x.Type())
	var typ, text string
	switch {
	case t < -10:
		errType()
	case t < 1: // a string
		typ, text = "String", hXS.Replace(hStr(x))
	case t < 10:
		typ, text = "Number", hStr(stringOf(ip, x))
	case t < 12:
		typ, text = "String", hXS.Replace(hStr(stringOf(ip, x)))
	case t < 16:
		typ, text = "DateTime", hStr(dothIso8601(ip, x))
	case t < 20: // times of day are written on 1899.12.31, Excel's day 0
		typ = "DateTime"
		if value.IsNull(x) {
			text = ""
		} else {
			n := qcall(ip, "$", value.Char('n'), x)
			text = hStr(dothIso8601(ip, qcall(ip, "+", value.Date(value.YMDToDays(1899, 12, 31)), n)))
		}
	default:
		typ, text = "String", hXS.Replace(hStr(stringOf(ip, x)))
	}
	return hTC("Cell", `<Data ss:Type="`+typ+`">`+text+"</Data>")
}

// hSheet is a Worksheet named name holding table x, a header row then its rows.
func hSheet(ip *Interp, name string, x value.Value) string {
	names, cols := hTableCols(x)
	if names == nil {
		errType()
	}
	var b strings.Builder
	b.WriteString(`<Worksheet ss:Name="` + name + `"><Table><Row>`)
	for _, c := range names {
		b.WriteString(hCell(ip, value.Sym(c)))
	}
	b.WriteString("</Row>")
	if len(cols) > 0 {
		for i := 0; i < value.Len(cols[0]); i++ {
			b.WriteString("<Row>")
			for _, c := range cols {
				b.WriteString(hCell(ip, value.At(c, i)))
			}
			b.WriteString("</Row>")
		}
	}
	b.WriteString("</Table></Worksheet>")
	return b.String()
}

// dothEd implements .h.ed x: an Excel workbook of one sheet, Sheet1, as two strings, the
// XML header and the workbook (doth.md).
func dothEd(ip *Interp, x value.Value) value.Value {
	return hStrings([]string{hXMLHead, hWorkbook(hSheet(ip, "Sheet1", x))})
}

// dothEdsn implements .h.edsn x!y: a workbook with a sheet per table, named by its key
// (doth.md); the sheets are joined by "\r\n" (observed kdb+ 4.0 output).
func dothEdsn(ip *Interp, x value.Value) value.Value {
	d, ok := x.(*value.Dict)
	if !ok {
		errType()
	}
	n := value.Len(d.K)
	sheets := make([]string, n)
	for i := 0; i < n; i++ {
		sheets[i] = hSheet(ip, hName(value.At(d.K, i)), value.At(d.V, i))
	}
	return hStrings([]string{hXMLHead, hWorkbook(strings.Join(sheets, "\r\n"))})
}

// dothXt implements .h.xt[x;y]: for `json, .j.k of each string of y (doth.md); any other
// x signals 'nyi (observed kdb+ 4.0 behaviour).
func dothXt(x, y value.Value) value.Value {
	if s, ok := x.(value.Sym); !ok || s != "json" {
		errNyi()
	}
	n := value.Len(y)
	r := make([]value.Value, n)
	for i := 0; i < n; i++ {
		r[i] = dotjK(value.At(y, i))
	}
	return value.NewList(r)
}

// dothJx implements .h.jx[j;x], the web console's page of table x (a name, read
// through .h.val) from row j (doth.md shows both parts): a table with more rows than
// \C's height less 4 gets a line of links (home up down end, then count[j]) and a
// blank line; then come the console lines of x from row j, < escaped.
func dothJx(ip *Interp, jv, x value.Value) value.Value {
	j, ok := doTimes(jv)
	if !ok {
		errType()
	}
	return hStrings(ip.hJx(j, x))
}

// hVal is .h.val x: how a query from the web is evaluated (value unless code set it).
func (ip *Interp) hVal(x value.Value) value.Value {
	val := ip.hVar("val")
	if val == nil {
		val = primByName("value")
	}
	return ip.apply1(val, x)
}

// hJx is .h.jx's lines for j and x (the default .z.ph's pages too).
func (ip *Interp) hJx(j int64, x value.Value) []string {
	x = ip.hVal(x)
	h, w := ip.httpSize()
	var out []string
	n := int64(value.Len(x))
	isTable := isTableValue(x)
	if big := int64(h - 4); isTable && big < n {
		links := []int64{0, max(0, j-big), min(n-big, j+big), n - big}
		parts := make([]string, 0, 5)
		for i, name := range []string{"home", "up", "down", "end"} {
			parts = append(parts, `<a href="?[`+strconv.FormatInt(links[i], 10)+`">`+name+"</a>")
		}
		parts = append(parts, strconv.FormatInt(n, 10)+"["+strconv.FormatInt(j, 10)+"]")
		out = append(out, strings.Join(parts, " "), "")
	}
	for _, l := range hShowFrom(ip, x, j, h, w) {
		out = append(out, hHC(l))
	}
	return out
}

// hShowFrom gives .h.jx the console lines of x from row j, a table getting h-2 lines
// (the last "..", when rows follow), each line cut to w (observed kdb+ 4.0 output).
func hShowFrom(ip *Interp, x value.Value, j int64, h, w int) []string {
	d := format.Display{Precision: ip.Disp.Precision, Cols: w, Domain: ip.Disp.Domain}
	if !isTableValue(x) {
		d.Rows = h
		return strings.Split(d.Show(x), "\n")
	}
	n := int64(h - 2)
	cnt := int64(value.Len(x))
	more := j+n < cnt
	take := n
	if more {
		take--
	}
	sub := sublist(value.Longs([]int64{j, max(take, 0)}), x)
	lines := strings.Split(d.Show(sub), "\n")
	// a table's lines are as wide as its header rule, trailing blanks included
	width := 0
	if len(lines) > 1 {
		width = len(lines[1])
	}
	for i, l := range lines {
		if len(l) < width {
			lines[i] = l + strings.Repeat(" ", width-len(l))
		}
	}
	if more {
		lines = append(lines, "..")
	}
	return lines
}

// httpSize is \C: the rows and columns of HTTP display, 36 2000 unless set.
func (ip *Interp) httpSize() (int, int) {
	if ip.httpRows == 0 {
		return 36, 2000
	}
	return ip.httpRows, ip.httpCols
}
