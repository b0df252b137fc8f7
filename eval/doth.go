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
// from tables, and HTTP responses. kdb+ defines it in q.k; each function here follows
// its q.k 4.0 definition, quoted beside it. The data (.h.ty .h.tx .h.HOME .h.val .h.d
// .h.sc .h.br .h.c0 .h.c1 .h.sa .h.sb .h.logo) are variables a user may set; the
// functions read them when they run, as q.k's do.

// hMIME is q.k's .h.ty, in its order.
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
	// hXMLHead is q.k's .h.ex header line of an Excel workbook.
	hXMLHead = `<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>`
)

// installDotH sets the .h variables (q.k 4.0): .h.ty, .h.tx, .h.HOME "html", .h.val
// value, .h.d " ", .h.sc, .h.br, .h.c0 `024C7E, .h.c1 `958600, .h.sa, .h.sb, .h.logo.
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
	// sa:"a{text-decoration:none}",/`link`visited`active{"a:",($x),"{color:",y,"}"}'$(c0;c0;c1)
	h.vars["sa"] = value.Str("a{text-decoration:none}a:link{color:024C7E}a:visited{color:024C7E}a:active{color:958600}")
	h.vars["sb"] = value.Str(hSb)
	// logo:,/(c0;c1){htac[`font;(,`color)!,x]htc[`b]y}'("KX";".com")
	h.vars["logo"] = value.Str("<font color=024C7E><b>KX</b></font><font color=958600><b>.com</b></font>")
	// tx:`raw`json`csv`txt`xml`xls!(,:;{.j.j'$[.Q.qt x;0!x;x]};cd;td;xd;ed); the json
	// entry is the lambda q.k has
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

// hTC is htc:{,/("<";x;y;"</";x:($x),">")}.
func hTC(tag, body string) string { return "<" + tag + ">" + body + "</" + tag + ">" }

// dothHtc implements .h.htc[x;y]: .h.htc[`tag;"value"] is "<tag>value</tag>".
func dothHtc(x, y value.Value) value.Value { return value.Str(hTC(hName(x), hStr(y))) }

// hTA is hta:{,/("<";$x;,/" ",'($!y),'"=",'{$[10h=@x;"\"",x,"\"";$x]}'. y;">")}: a
// string value is quoted, anything else is written as string writes it.
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

// dothHtac implements .h.htac[x;y;z], htac:{,/(hta[x]y;z;"</";$x;">")}.
func dothHtac(ip *Interp, a []value.Value) value.Value {
	tag := hName(a[0])
	return value.Str(hTA(ip, tag, a[1]) + hStr(a[2]) + "</" + tag + ">")
}

// dothHa implements .h.ha[x;y], ha:{htac[`a;(,`href)!,x]y}: a symbol href is written
// bare, a string one quoted.
func dothHa(ip *Interp, x, y value.Value) value.Value {
	attrs := &value.Dict{K: value.Syms([]string{"href"}), V: value.NewList([]value.Value{x})}
	return value.Str(hTA(ip, "a", attrs) + hStr(y) + "</a>")
}

// dothHb implements .h.hb[x;y], hb:{htac[`a;`target`href!`v,,x]y}.
func dothHb(ip *Interp, x, y value.Value) value.Value {
	attrs := &value.Dict{K: value.Syms([]string{"target", "href"}),
		V: value.NewList([]value.Value{value.Sym("v"), x})}
	return value.Str(hTA(ip, "a", attrs) + hStr(y) + "</a>")
}

// hJoinLines is `/:x: the lines, each ended by a newline.
func hJoinLines(x value.Value) string {
	var b strings.Builder
	for _, l := range hLines(x) {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// dothPre implements .h.pre x, pre:{htc[`pre]@`/:x}: .h.pre("foo";"bar") is
// "<pre>foo\nbar\n</pre>".
func dothPre(x value.Value) value.Value { return value.Str(hTC("pre", hJoinLines(x))) }

// dothXmp implements .h.xmp x, xmp:{htc[`xmp]@`/:x}.
func dothXmp(x value.Value) value.Value { return value.Str(hTC("xmp", hJoinLines(x))) }

// hXS is xs:.q.ssr/[;"&<>";("&amp;";"&lt;";"&gt;")].
var hXS = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// dothXs implements .h.xs x: .h.xs "Arthur & Co." is "Arthur &amp; Co.".
func dothXs(x value.Value) value.Value { return value.Str(hXS.Replace(hStr(x))) }

// hHC is hc:{"&lt;"/:"<"\:x}.
func hHC(s string) string { return strings.ReplaceAll(s, "<", "&lt;") }

// dothHc implements .h.hc x: .h.hc "<foo>" is "&lt;foo>".
func dothHc(x value.Value) value.Value { return value.Str(hHC(hStr(x))) }

// dothHr implements .h.hr x, hr:{(#x)#"-"}: .h.hr "foo" is "---".
func dothHr(x value.Value) value.Value {
	return value.Str(strings.Repeat("-", value.Len(x)))
}

// dothNbr implements .h.nbr x, nbr:htc[`nobr].
func dothNbr(x value.Value) value.Value { return value.Str(hTC("nobr", hStr(x))) }

// hCode is code:{" "/:@[x;1+2*!_.5*#x:"\t"\:x;{htc[`code]nbr hc x}]}.
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

// hHTTP is http:{$[#i:ss[x]"http://";(i[0]#x),/{ha[x;x:i#x],(i:&/x?") ")_x}'i_x;x]}:
// each URL, up to a space or ), becomes a link to itself.
func hHTTP(s string) string {
	i := strings.Index(s, "http://")
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	rest := s[i:]
	for len(rest) > 0 {
		next := strings.Index(rest[1:], "http://") // the cut points of i_x
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

// dothText implements .h.text x, text:{`/:{htc[`p]http code x}'x@&0<#:'x}:
// .h.text("foo";"bar") is "<p>foo</p>\n<p>bar</p>\n".
func dothText(x value.Value) value.Value {
	var b strings.Builder
	for _, l := range hLines(x) {
		if l != "" {
			b.WriteString(hTC("p", hHTTP(hCode(l))) + "\n")
		}
	}
	return value.Str(b.String())
}

// dothUh implements .h.uh x, uh:{(*x),/{("c"$"X"$2#x),2_x}'1_x:"%"\:x}: each %xx
// becomes the byte with hex code xx (0 when xx is not hex, as "X"$ gives).
func dothUh(x value.Value) value.Value {
	p := strings.Split(hStr(x), "%")
	b := []byte(p[0])
	for _, s := range p[1:] {
		h := s
		switch len(s) { // 2#x takes cyclically; 2#"" is two blanks
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

// hHug is hug:{,/@["%",'$"x"$!256;x;:;x]@}: every character outside safe as %xx.
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

// dothHu implements .h.hu x, hu:hug sc: .h.hu "http://www.kx.com" is
// "http%3a%2f%2fwww.kx.com".
func dothHu(x value.Value) value.Value { return value.Str(hHug(hSc, hStr(x))) }

// dothIso8601 implements .h.iso8601 x, iso8601:{$[^x;"";@[$"p"$x;4 7 10;:;"--T"]]}:
// .h.iso8601 100 is "2000-01-01T00:00:00.000000100".
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

// dothHTML implements .h.html x, html:{htc[`html]htc[`head;htc[`style]sa,sb],htc[`body]x}.
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

// hNZ is hnz:{[a;b;c;d]"HTTP/1.1 ",a,$[b;"\r\nContent-Encoding: gzip";""],
// "\r\nContent-Type: ",$[#t:ty c;t;"application/octet-stream"],
// "\r\nConnection: close\r\nContent-Length: ",($#d),"\r\n\r\n",d:$[b:..&b&2000<#d;-35!(6;d);d]}:
// the content is gzipped when asked for and over 2000 bytes; a type missing from .h.ty
// is application/octet-stream.
func (ip *Interp) hNZ(status string, gz bool, typ value.Value, body []byte) []byte {
	gz = gz && len(body) > 2000
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

// dothHn implements .h.hn[x;y;z], hn:hnz[;0]: .h.hn["404";`txt;"Not found: favicon.ico"]
// is "HTTP/1.1 404\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: 22\r\n\r\nNot found: favicon.ico".
func dothHn(ip *Interp, a []value.Value) value.Value {
	return value.Chars(ip.hNZ(hStr(a[0]), false, hType(a[1]), hBody(a[2])))
}

// dothHy implements .h.hy[x;y], hy:hn"200 OK".
func dothHy(ip *Interp, x, y value.Value) value.Value {
	return value.Chars(ip.hNZ("200 OK", false, hType(x), hBody(y)))
}

// dothHp implements .h.hp x, hp:hy[`htm]html pre@.
func dothHp(ip *Interp, x value.Value) value.Value {
	body := ip.hHTML(hTC("pre", hJoinLines(x)))
	return value.Chars(ip.hNZ("200 OK", false, value.Sym("htm"), []byte(body)))
}

// dothHe implements .h.he x, he:hn["400 Bad Request";`txt]"'",: the text with a '
// in front, as an HTTP 400 response.
func dothHe(ip *Interp, x value.Value) value.Value {
	return value.Chars(ip.hNZ("400 Bad Request", false, value.Sym("txt"), []byte("'"+hStr(x))))
}

// dothFram implements .h.fram[t;s;(l;r)], a page of two frames:
// fram:{htc[`html]htc[`head]htc[`title;x],htac[`frameset;(,`cols)!,($116|316&43+(7+"?"~*z)*|/#:'y),",*"]@,/hta[`frame]'((,`src)!,*z;`name`src!`v,,*|z)}
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
	if c, ok := l.(value.Char); ok && c == '?' { // "?"~*z: the console's own page
		per = 8
	}
	cols := max(116, min(316, 43+per*w))
	f1 := hTA(ip, "frame", &value.Dict{K: value.Syms([]string{"src"}), V: value.NewList([]value.Value{hStrVal(l)})})
	f2 := hTA(ip, "frame", &value.Dict{K: value.Syms([]string{"name", "src"}),
		V: value.NewList([]value.Value{value.Sym("v"), hStrVal(r)})})
	fs := `<frameset cols="` + strconv.Itoa(cols) + `,*">` + f1 + f2 + "</frameset>"
	return value.Str(hTC("html", hTC("head", hTC("title", title)+fs)))
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

// dothCd implements .h.cd x, CSV text:
// cd:{.q.csv 0:$[.Q.qt x;![x;();0b;(!t)[c]!,:'.q.sv[d]@/:'$v c:&(~l=-10h)&0>l:.Q.tx'v:. t:+0!x];x]}:
// a nested column other than strings is written with its items' strings joined by .h.d.
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
		if t <= 0 || t == value.TChar || t >= value.TTable { // .Q.tx: only vectors count
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

// dothTd implements .h.td x, td:{"\t"0:x}: tab-separated lines.
func dothTd(ip *Interp, x value.Value) value.Value {
	return qcall(ip, "0:", value.Char('\t'), x)
}

// hCellStrings is xd's {,xs'$[11h=@x;$x;t&77h>t:@x;$x;x]} on a column: its items as
// escaped strings.
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

// dothXd implements .h.xd x, XML:
// xd:{g:{(#*y)#'(,,"<",x),y,,,"</",x:($x),">"};(,"<R>"),(,/'+g[`r]@,/(!x)g'{,xs'$[11h=@x;$x;t&77h>t:@x;$x;x]}'x:+0!x),,"</R>"}:
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

// hWorkbook is eb: the Workbook element around the sheets.
func hWorkbook(sheets string) string {
	return `<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" ` +
		`xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" ` +
		`xmlns:o="urn:schemas-microsoft-com:office:office" ` +
		`xmlns:x="urn:schemas-microsoft-com:office:excel" ` +
		`xmlns:html="http://www.w3.org/TR/REC-html40">` + sheets + "</Workbook>"
}

// hCell is ec: one cell of a sheet, typed by the atom:
// ec:{htc[`Cell]htac[`Data;(,`ss:Type)!,$`String`Number`String`DateTime`DateTime`String i]
// (xs;$:;xs@$:;iso8601;iso8601 1899.12.31+"n"$;xs@$:)[i:-10 1 10 12 16 20h bin -@x]x}
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

// hSheet is es: a Worksheet named name holding table x, a header row then its rows.
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

// dothEd implements .h.ed x, ed:{ex eb es[`Sheet1]x}: an Excel workbook as two strings,
// the XML header and the workbook.
func dothEd(ip *Interp, x value.Value) value.Value {
	return hStrings([]string{hXMLHead, hWorkbook(hSheet(ip, "Sheet1", x))})
}

// dothEdsn implements .h.edsn x!y, edsn:{ex eb@"\r\n"/:(!x)es'. x}: a workbook with a
// sheet per table, named by its key.
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

// dothXt implements .h.xt[x;y], xt:{$[`json=x;.j.k'y;'`nyi]}.
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
// through .h.val) from row j:
// jx:{[j;x]x:val x;$[$[.Q.qt[x];(N:(*."\\C")-4)<n:#x;0];(" "/:ha'["?[",/:$(0;0|j-N),|&\(n-N;j+N);$`home`up`down`end],,($n),"[",($j),"]";"");()],hc'.Q.S[."\\C";j]x}
// A table longer than the console gets a line of links (home up down end, then
// count[j]) and a blank line; then come the lines .Q.S shows from row j, < escaped.
func dothJx(ip *Interp, jv, x value.Value) value.Value {
	j, ok := doTimes(jv)
	if !ok {
		errType()
	}
	val := ip.hVar("val")
	if val == nil {
		val = primByName("value")
	}
	x = ip.apply1(val, x)
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
	return hStrings(out)
}

// hShowFrom is q.k's .Q.S[(h;w);j;x] for jx: the console lines of x from row j, a
// table getting h-2 lines (the last "..", when rows follow), each line cut to w.
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
