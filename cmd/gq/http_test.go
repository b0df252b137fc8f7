package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// HTTP on gq's listening port, against the real binary: the default .z.ph (KX docs
// kb/http.md, ref/doth.md, ref/dotz.md, and the branches wp/permissions describes), handler
// overrides, authentication, static files, the HTTP client (.Q.hg .Q.hp and the
// one-shot `:http://), and bad input, with a kdb+ IPC client on the same port checked
// after each.

// hp is .h.hp's page around lines (docs/ref/doth.md .h.hp shows the exact markup).
func hp(lines ...string) string {
	return "<html><head><style>body{font:10pt verdana;text-align:justify}</style></head><body><pre>" +
		strings.Join(lines, "\n") + "\n</pre></body></html>"
}

// httpServer starts gq with a script of setup lines and a static root at .h.HOME, and
// connects a kdb+ IPC client to the same port.
func httpServer(t *testing.T, setup string, args ...string) (srv *server, home string, ipcOK func()) {
	t.Helper()
	dir := t.TempDir()
	home = filepath.Join(dir, "html")
	os.MkdirAll(filepath.Join(home, "sub"), 0o755)
	os.WriteFile(filepath.Join(home, "index.html"), []byte("<b>hello</b>\n"), 0o644)
	os.WriteFile(filepath.Join(home, "sub", "app.js"), []byte("let x=1;\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("outside the root\n"), 0o644)
	script := filepath.Join(dir, "srv.q")
	os.WriteFile(script, []byte(".h.HOME:\""+home+"\"\n"+strings.ReplaceAll(setup, "BQ", "`")), 0o644)
	srv = startServer(t, append([]string{script}, args...)...)
	creds := ""
	if strings.Contains(strings.Join(args, " "), "-u ") || strings.Contains(strings.Join(args, " "), "-U ") {
		creds = "ann:secret"
	}
	q, err := dialQ(srv.port, creds)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.close)
	ipcOK = func() {
		t.Helper()
		v, err := q.sync("6*7", 10*time.Second)
		if err != nil || v != value.Value(value.Long(42)) {
			t.Fatalf("the IPC client on the HTTP port: %v %v", v, err)
		}
	}
	ipcOK()
	return srv, home, ipcOK
}

// exchange sends raw requests on one connection and reads one response for each.
func exchange(t *testing.T, port int, reqs ...string) []*http.Response {
	t.Helper()
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	var rs []*http.Response
	for _, req := range reqs {
		if _, err := io.WriteString(c, req); err != nil {
			t.Fatal(err)
		}
		method, _, _ := strings.Cut(req, " ")
		resp, err := http.ReadResponse(br, &http.Request{Method: method})
		if err != nil {
			t.Fatalf("%q: %v", req, err)
		}
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("%q: body: %v", req, err)
		}
		resp.Body = io.NopCloser(strings.NewReader(string(b)))
		resp.Request = &http.Request{Method: string(b)} // the body, kept as text for checks
		rs = append(rs, resp)
	}
	return rs
}

// get sends one GET for target and gives the status, the content type and the body.
func get(t *testing.T, port int, target string, header ...string) (int, string, string) {
	t.Helper()
	r := exchange(t, port, "GET "+target+" HTTP/1.1\r\nHost: x\r\n"+strings.Join(header, "")+"\r\n")[0]
	return r.StatusCode, r.Header.Get("Content-Type"), r.Request.Method
}

func TestHTTPDefaultGet(t *testing.T) {
	srv, home, ipcOK := httpServer(t, "t:([]a:til 50;b:50#`x`y)\nx:42\n")
	p := srv.port
	script := filepath.Join(filepath.Dir(home), "srv.q")
	for _, c := range []struct{ target, status, ty, body string }{
		// kb/http.md: http://localhost:8080?1+1 returns 2, as .h.hp's page
		{"/?1+1", "200", "text/html", hp("2")},
		{"/?til%203", "200", "text/html", hp("0 1 2")}, // .h.uh decodes %xx
		{"/?`a`b!1%202", "200", "text/html", hp("a| 1", "b| 2")},
		// an error is .h.he's answer: 400, text/plain, 'msg (doth.md .h.he)
		{"/?1+`a", "400", "text/plain", "'type"},
		{"/?undefinedname", "400", "text/plain", "'undefinedname"},
		// "?" lists the variables (\v) as links into the frame v (.h.hb; wp/permissions)
		{"/?", "200", "text/html", hp(`<a target=v href="?t">t</a>`, `<a target=v href="?x">x</a>`)},
		// "" is a frameset (.h.fram) titled .z.f of "?" and the first variable (wp/permissions)
		{"/", "200", "text/html", `<html><head><title>` + script + `</title><frameset cols="36,*"><frame src="?"><frame name=v src="?t"></frameset></head></html>`},
		// "name.csv?expr" converts by .h.tx[`csv] and types by .h.ty[`csv] (dotz.md .z.ph)
		{"/t.csv?3%23t", "200", "text/comma-separated-values", "a,b\n0,x\n1,y\n2,x\n"},
		{"/t.txt?2%23t", "200", "text/plain", "a\tb\n0\tx\n1\ty\n"},
		// markup in a value is escaped (.h.hc), so data cannot make a page
		{"/?%22%3Cb%3E%22", "200", "text/html", hp(`"&lt;b>"`)},
	} {
		status, ty, body := get(t, p, c.target)
		if fmt.Sprint(status) != c.status || ty != c.ty || body != c.body {
			t.Errorf("GET %s: %d %s %q\n  want %s %s %q", c.target, status, ty, body, c.status, c.ty, c.body)
		}
	}
	// A table longer than \C's page (36 rows less 4) gets .h.jx's links: home up down end
	// count[row] (doth.md .h.jx: from row 0 of 1000, down is ?[32 and end ?[968).
	_, _, body := get(t, p, "/?t")
	nav := `<a href="?[0">home</a> <a href="?[0">up</a> <a href="?[18">down</a> <a href="?[18">end</a> 50[0]`
	if !strings.HasPrefix(body, strings.TrimSuffix(hp(nav, "", "a  b", "----", "0  x", "1  y"), "</pre></body></html>")) {
		t.Errorf("GET /?t: %q", body)
	}
	// kb/http.md: a form?... answer of 2000+ chars is gzipped for a client that accepts it
	r := exchange(t, p, "GET /t.csv?1000%23t HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n")[0]
	zr, err := gzip.NewReader(strings.NewReader(r.Request.Method))
	if r.Header.Get("Content-Encoding") != "gzip" || err != nil {
		t.Fatalf("gzip: %v %v", r.Header, err)
	}
	if b, err := io.ReadAll(zr); err != nil || !strings.HasPrefix(string(b), "a,b\n0,x\n") || len(b) < 2000 {
		t.Errorf("gunzipped: %.40q %v", b, err)
	}
	// "?[n" pages the last query from row n
	_, _, body = get(t, p, "/?[18")
	want := `<a href="?[0">home</a> <a href="?[0">up</a> <a href="?[18">down</a> <a href="?[18">end</a> 50[18]`
	if !strings.Contains(body, want+"\n\na  b\n----\n18 x\n19 y\n") || !strings.Contains(body, "\n49 y\n</pre>") {
		t.Errorf("GET /?[18: %q", body)
	}
	ipcOK()
}

func TestHTTPStaticFiles(t *testing.T) {
	srv, home, ipcOK := httpServer(t, "")
	for _, c := range []struct{ target, status, ty, body string }{
		{"/index.html", "200", "text/html", "<b>hello</b>\n"},
		{"/sub/app.js", "200", "application/x-javascript", "let x=1;\n"}, // kdb+ 4.0's .h.ty
		// what cannot be read is 404 with the path (observed kdb+ 4.0 behaviour)
		{"/nothere.html", "404", "text/plain", home + "/nothere.html: not found"},
		// nothing outside .h.HOME: .. is refused however it is spelled
		{"/../secret.txt", "404", "text/plain", home + "/../secret.txt: not found"},
		{"/%2e%2e/secret.txt", "404", "text/plain", home + "/../secret.txt: not found"},
		{"/sub/..%2f..%2fsecret.txt", "404", "text/plain", home + "/sub/../../secret.txt: not found"},
		{"/sub", "404", "text/plain", home + "/sub: not found"}, // a directory
	} {
		status, ty, body := get(t, srv.port, c.target)
		if fmt.Sprint(status) != c.status || ty != c.ty || body != c.body {
			t.Errorf("GET %s: %d %s %q\n  want %s %s %q", c.target, status, ty, body, c.status, c.ty, c.body)
		}
	}
	ipcOK()
}

// .z.ph, .z.pp and .z.pm get (requestText;headers) (.z.pm `METHOD first) and their
// string is the whole response; without Connection: close the connection stays open
// for the next request (docs/ref/doth.md .h.ka shows such a handler).
func TestHTTPHandlers(t *testing.T) {
	srv, _, ipcOK := httpServer(t, `
ok:{"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ",(string count x),"\r\n\r\n",x}
.z.ph:{ok .Q.s1 (x 0;x[1]BQHost;.z.w>0;.z.u)}
.z.pp:{ok .Q.s1 x 0}
.z.pm:{ok .Q.s1 2#x}
`)
	rs := exchange(t, srv.port,
		"GET /?a%20b HTTP/1.1\r\nHost: here\r\n\r\n",
		"POST /path HTTP/1.1\r\nHost: here\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
		"PUT /p HTTP/1.1\r\nHost: here\r\nContent-Length: 3\r\n\r\nabc",
		"DELETE /d HTTP/1.1\r\nHost: here\r\n\r\n",
		"OPTIONS * HTTP/1.1\r\nHost: here\r\n\r\n",
		// .z.pp on an empty body (allowed since 4.1t 2021.03.30)
		"POST /empty HTTP/1.1\r\nHost: here\r\nContent-Length: 0\r\n\r\n",
	)
	for i, want := range []string{
		"(\"?a%20b\";\"here\";1b;`)", // the text as sent: .z.ph decodes it (.h.uh)
		`"path hello"`,               // .z.pp: the path, a space, the body
		"(`PUT;\"p abc\")",
		"(`DELETE;,\"d\")",
		"(`OPTIONS;,\"*\")",
		`"empty "`,
	} {
		if rs[i].StatusCode != 200 || rs[i].Request.Method != want {
			t.Errorf("request %d on one connection: %d %q, want %q", i, rs[i].StatusCode, rs[i].Request.Method, want)
		}
	}
	// a handler's error is answered as .h.he does; so is a result that is no string
	checkTranscript(t, "handlers", strings.ReplaceAll(`q)h:hopen PORT
q)h".z.pp:{'oops}"
q)h".z.pm:{42}"
`, "PORT", fmt.Sprint(srv.port)))
	r := append(exchange(t, srv.port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nz"),
		exchange(t, srv.port, "PUT / HTTP/1.1\r\nHost: x\r\n\r\n")...)
	if r[0].StatusCode != 400 || r[0].Request.Method != "'oops" || r[1].StatusCode != 400 || r[1].Request.Method != "'type" {
		t.Errorf("handler errors: %d %q, %d %q", r[0].StatusCode, r[0].Request.Method, r[1].StatusCode, r[1].Request.Method)
	}
	ipcOK()
}

// .z.ac decides first (docs/ref/dotz.md .z.ac): (0;"") 401, (1;"user") on as that user
// (.z.u), (2;"response") that response, (4;"") Basic authentication.
func TestHTTPAuthHandler(t *testing.T) {
	srv, _, ipcOK := httpServer(t, `
.z.ph:{r:string .z.u;"HTTP/1.1 200 OK\r\nContent-Length: ",(string count r),"\r\n\r\n",r}
.z.ac:{$["ann"~x[1]BQWho;(1;"ann");"no"~x[1]BQWho;(0;"");"custom"~x[1]BQWho;(2;"HTTP/1.1 403 Forbidden\r\nContent-Length: 4\r\n\r\nstop");(4;"")]}
.z.pw:{[u;p] $[null u;1b;p~"pw"]}
`)
	for _, c := range []struct {
		header string
		status int
		body   string
	}{
		{"Who: ann\r\n", 200, "ann"},
		{"Who: no\r\n", 401, ""},
		{"Who: custom\r\n", 403, "stop"},
		{"Authorization: Basic Ym9iOnB3\r\n", 200, "bob"}, // bob:pw, .z.pw accepts
		{"Authorization: Basic Ym9iOnh4\r\n", 401, ""},    // bob:xx, .z.pw refuses
	} {
		status, _, body := get(t, srv.port, "/", c.header)
		if status != c.status || body != c.body {
			t.Errorf("%q: %d %q, want %d %q", c.header, status, body, c.status, c.body)
		}
	}
	ipcOK()
}

// -u file applies to HTTP as Basic authentication, and its restrictions to HTTP
// queries (docs/ref/dotz.md .z.ac (4;""): the -u/-U file; basics/cmdline.md -u).
func TestHTTPBasicAuthFile(t *testing.T) {
	users := filepath.Join(t.TempDir(), "users.txt")
	os.WriteFile(users, []byte("ann:secret\n"), 0o644)
	srv, _, ipcOK := httpServer(t, "", "-u", users)
	status, _, _ := get(t, srv.port, "/?1+1")
	r := exchange(t, srv.port, "GET /?1+1 HTTP/1.1\r\nHost: x\r\n\r\n")[0]
	if status != 401 || !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Basic") {
		t.Errorf("no credentials: %d %v", status, r.Header)
	}
	if status, _, _ := get(t, srv.port, "/?1+1", "Authorization: Basic YW5uOnNlY3JldA==\r\n"); status != 200 { // ann:secret
		t.Errorf("right credentials: %d", status)
	}
	if status, _, _ := get(t, srv.port, "/?1+1", "Authorization: Basic YW5uOndyb25n\r\n"); status != 401 { // ann:wrong
		t.Errorf("wrong password: %d", status)
	}
	// -u: an HTTP query is a client's, refused system commands as an IPC one is
	if status, _, body := get(t, srv.port, "/?system%22pwd%22", "Authorization: Basic YW5uOnNlY3JldA==\r\n"); status != 400 || body != "'access" {
		t.Errorf("system from HTTP under -u: %d %q", status, body)
	}
	ipcOK()
}

// The HTTP client: .Q.hg, .Q.hp and the one-shot `:http://host:port "request" against
// a gq server, and against gq's own port (served in process, as hopen of the own port
// gives handle 0); a refused connection is 'hop.
func TestHTTPClient(t *testing.T) {
	srv, _, ipcOK := httpServer(t, `.z.pp:{r:x 0;"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ",(string count r),"\r\n\r\n",r}
.z.pm:{r:"chunked";"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nchu\r\n4\r\nnked\r\n0\r\n\r\n"}
`)
	text := strings.NewReplacer("PORT", fmt.Sprint(srv.port), "DEAD", fmt.Sprint(freePort(t)), "BQ", "`").Replace(`q).Q.hg "http://127.0.0.1:PORT/?1+1"
"<html><head><style>body{font:10pt verdana;text-align:justify}</style></head>..
q)-1 .Q.hg BQ$":http://127.0.0.1:PORT/t.csv?([]a:1 2)";
a
1
2

q)-1 .Q.hg "http://127.0.0.1:PORT/t.csv?([]a:BQxBQy)";
a
x
y

q).Q.hp["http://127.0.0.1:PORT/p";"text/plain";"my data"]
"p my data"
q).Q.hp[BQ:http://127.0.0.1:PORT/q;"application/json";"{}"]
"q {}"
q)r:BQ:http://127.0.0.1:PORT "GET /?til%203 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
q)first "\r\n" vs r
"HTTP/1.1 200 OK"
q)-1 last "\r\n\r\n" vs r;
<html><head><style>body{font:10pt verdana;text-align:justify}</style></head><body><pre>0 1 2
</pre></body></html>
q)r:BQ:http://127.0.0.1:PORT "PUT / HTTP/1.1\r\nHost: x\r\n\r\n"
q)last "\r\n\r\n" vs r
"chunked"
q)r:BQ:http://127.0.0.1:PORT "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
q)(first "\r\n" vs r;last "\r\n\r\n" vs r)
"HTTP/1.1 200 OK"
"x abc"
q).Q.hg "http://127.0.0.1:DEAD/"
'hop. OS reports: Connection refused
  [0]  .Q.hg "http://127.0.0.1:DEAD/"
       ^
q)BQ:http://127.0.0.1:DEAD "GET / HTTP/1.1\r\n\r\n"
'hop. OS reports: Connection refused
  [0]  BQ:http://127.0.0.1:DEAD "GET / HTTP/1.1\r\n\r\n"
       ^
q).Q.hg 42
'type
  [0]  .Q.hg 42
       ^
q)\p 0W
q)p:first system"p"
q).Q.hg "http://127.0.0.1:",(string p),"/?10*3"
"<html><head><style>body{font:10pt verdana;text-align:justify}</style></head>..
q)-1 last "\r\n\r\n" vs (BQ$":http://127.0.0.1:",string p) "GET /?7 HTTP/1.1\r\nHost: x\r\n\r\n";
<html><head><style>body{font:10pt verdana;text-align:justify}</style></head><body><pre>7
</pre></body></html>
q)\p 0
`)
	if _, fail := checkTranscript(t, "http-client", text); fail > 0 {
		t.Errorf("%d failed", fail)
	}
	ipcOK()
}

// Bad input closes that connection and nothing else: a malformed request line (400),
// a header past the limit (431), a client gone in the middle of its body or its
// headers; the IPC client on the same port is served after each, and so is HTTP.
func TestHTTPBadInput(t *testing.T) {
	srv, _, ipcOK := httpServer(t, "n:0\n.z.pp:{n+:1;\"HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n\"}\n")
	dial := func() net.Conn {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", srv.port), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(10 * time.Second))
		return c
	}
	for _, c := range []struct{ name, req, status string }{
		{"no version", "GET /\r\n\r\n", "400"},
		{"junk version", "GET / HTTP/9\r\nHost: x\r\n\r\n", "400"},
		{"space in the target", "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
		{"header without colon", "GET / HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n", "400"},
		{"binary junk", "POST \x00\x01\x02\xff\r\n\r\n", "400"},
		{"header past the limit", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 1<<20) + "\r\n\r\n", "431"},
	} {
		nc := dial()
		go io.WriteString(nc, c.req) // the server may answer and close before reading it all
		b, _ := io.ReadAll(nc)       // ... and it does close: ReadAll ends
		nc.Close()
		if !strings.HasPrefix(string(b), "HTTP/1.1 "+c.status) {
			t.Errorf("%s: %.60q", c.name, b)
		}
		ipcOK()
	}
	// gone in the middle of the body: the handler does not run
	nc := dial()
	io.WriteString(nc, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
	time.Sleep(100 * time.Millisecond)
	nc.Close()
	// gone in the middle of the headers
	nc = dial()
	io.WriteString(nc, "GET / HTTP/1.1\r\nHos")
	nc.Close()
	ipcOK()
	if r := exchange(t, srv.port, "POST /y HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nz")[0]; r.StatusCode != 200 {
		t.Errorf("HTTP after bad input: %d", r.StatusCode)
	}
	q, err := dialQ(srv.port, "")
	if err != nil {
		t.Fatal(err)
	}
	defer q.close()
	if v, err := q.sync("n", 10*time.Second); err != nil || v != value.Value(value.Long(1)) {
		t.Errorf(".z.pp ran %v times (%v), want once: not for the cut body", v, err)
	}
}
