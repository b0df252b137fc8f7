package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval"
	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc"
	"github.com/gq-dev/gq/ipc/wire"
)

// traceStamp is the start of every trace line: "trace 12:00:01.123 ".
var traceStamp = regexp.MustCompile(`^trace \d\d:\d\d:\d\d\.\d{3} `)

// traceLines keeps the trace lines of out, without their time stamps, and fails on a
// line that is not one when only is set (the trace must not mix with results).
func traceLines(t *testing.T, out string, only bool) []string {
	t.Helper()
	var r []string
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if traceStamp.MatchString(l) {
			r = append(r, traceStamp.ReplaceAllString(l, ""))
		} else if only && l != "" {
			t.Errorf("not a trace line: %q", l)
		}
	}
	return r
}

// matchLines checks got line by line against regular expressions.
func matchLines(t *testing.T, side string, got, want []string) {
	t.Helper()
	for i := 0; i < max(len(got), len(want)); i++ {
		g, w := "(none)", "(none)"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if i >= len(want) || i >= len(got) || !regexp.MustCompile("^"+w+"$").MatchString(g) {
			t.Errorf("%s trace line %d: got %q, want %s\nwhole trace:\n%s", side, i+1, g, w, strings.Join(got, "\n"))
			return
		}
	}
}

// TestTraceWalkthrough runs examples/trace's walkthrough (the protocol page's sync,
// async, flush, chaser and deferred h[]; spec/ipc-protocol.md §5.2) between two gq
// processes: the server traced from the command line (-trace), the client with
// \trace 1. Both traces must tell the same story, with the sizes -8! gives for each
// message and the values as the console shows them; the client's results stay on
// stdout, its trace alone on stderr.
func TestTraceWalkthrough(t *testing.T) {
	srvScript := filepath.Join(t.TempDir(), "server.q")
	os.WriteFile(srvScript, []byte("proc:{neg[.z.w] 2*x}\n"), 0o644) // as typed at the server's console
	srv := startServer(t, srvScript, "-trace")
	port := strconv.Itoa(srv.port)
	// The README's client lines, with the -8! sizes of what goes over. count -8!x is
	// the whole message, header included (docs/basics/internal.md#-8x-to-bytes), the
	// same for a request and a response. The main loop flushes at the end of each
	// line, so a queue shows within a line only.
	in := strings.Join([]string{
		`\trace 1`,
		"show h:hopen `::" + port + ":alice:secret",
		`show count each -8!/:("2+2";4;"a:10";"";::;(` + "`proc;21);42)",
		`h"2+2"`,
		`neg[h]"a:10"`,
		`neg[h]"a:10"; show .z.W; neg[h][]`,
		`neg[h]"b:20"; h""`,
		"neg[h](`proc;21); h[]",
		`\trace`,
		`hclose h`,
	}, "\n")
	out, errOut, code := runExit(t, in)
	if code != 0 {
		t.Fatalf("client exit code %d\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("client stdout (results only, no trace):\n%s\nstderr:\n%s", out, errOut)
	}
	h := strings.TrimSuffix(lines[0], "i")
	var sz [7]int
	if n, _ := fmt.Sscan(lines[1], &sz[0], &sz[1], &sz[2], &sz[3], &sz[4], &sz[5], &sz[6]); n != 7 {
		t.Fatalf("sizes line %q", lines[1])
	}
	if sz[0] != 17 || sz[4] != 10 { // -8!"2+2" is 0x01000000110000000a0003000000322b32 (internal.md)
		t.Errorf("-8! sizes %v", sz)
	}
	if lines[2] != "4" || lines[3] != h+"| "+strconv.Itoa(sz[2]) || lines[4] != "42" || lines[5] != "1i" {
		t.Errorf("client results %q", lines)
	}
	B := func(i int) string { return strconv.Itoa(sz[i]) + "B" }
	ch := "h" + h + " "
	matchLines(t, "client", traceLines(t, errOut, true), []string{
		ch + `open \S+:` + port + ` user alice`,
		ch + `-> sync ` + B(0) + ` "2\+2"`,
		ch + `queued ` + B(0),
		ch + `flushed ` + B(0),
		ch + `<- response ` + B(1) + ` 4`,
		ch + `-> async ` + B(2) + ` "a:10"`,
		ch + `queued ` + B(2),
		ch + `flushed ` + B(2), // by the main loop, at the end of the line
		ch + `-> async ` + B(2) + ` "a:10"`,
		ch + `queued ` + B(2),  // as .z.W shows it
		ch + `flushed ` + B(2), // by neg[h][]
		ch + `-> async ` + B(2) + ` "b:20"`,
		ch + `queued ` + B(2),
		ch + `-> sync ` + B(3) + ` ""`,
		ch + `queued ` + strconv.Itoa(sz[2]+sz[3]) + `B`, // the chaser goes after the async
		ch + `flushed ` + strconv.Itoa(sz[2]+sz[3]) + `B`,
		ch + `<- response ` + B(4) + ` ::`,
		ch + `-> async ` + B(5) + " \\(`proc;21\\)",
		ch + `queued ` + B(5),
		ch + `flushed ` + B(5), // h[] flushes before it waits
		ch + `<- async ` + B(6) + " 42",
		ch + `closed \S+:` + port + ` by hclose`,
	})
	srv.waitOutput(t, `\.z\.pc \d+i`)
	got := traceLines(t, srv.output(), true)
	if len(got) == 0 {
		t.Fatal("no server trace")
	}
	m := regexp.MustCompile(`^h(\d+) `).FindStringSubmatch(got[0])
	if m == nil {
		t.Fatalf("server trace starts %q", got[0])
	}
	sh := "h" + m[1] + " "
	matchLines(t, "server", got, []string{
		sh + `open 127\.0\.0\.1:\d+ user alice`,
		sh + `\.z\.po ` + m[1] + `i`,
		sh + `<- sync ` + B(0) + ` "2\+2"`,
		sh + `\.z\.pg "2\+2"`,
		sh + `-> response ` + B(1) + ` 4`,
		sh + `queued ` + B(1),
		sh + `flushed ` + B(1),
		sh + `<- async ` + B(2) + ` "a:10"`,
		sh + `\.z\.ps "a:10"`,
		sh + `<- async ` + B(2) + ` "a:10"`,
		sh + `\.z\.ps "a:10"`,
		sh + `<- async ` + B(2) + ` "b:20"`,
		sh + `\.z\.ps "b:20"`,
		sh + `<- sync ` + B(3) + ` ""`,
		sh + `\.z\.pg ""`,
		sh + `-> response ` + B(4) + ` ::`,
		sh + `queued ` + B(4),
		sh + `flushed ` + B(4),
		sh + `<- async ` + B(5) + " \\(`proc;21\\)",
		sh + `\.z\.ps \(` + "`proc;21\\)",
		sh + `-> async ` + B(6) + " 42",
		sh + `queued ` + B(6),
		sh + `flushed ` + B(6),
		sh + `closed 127\.0\.0\.1:\d+ by peer`,
		sh + `\.z\.pc ` + m[1] + `i`,
	})
	if strings.Contains(errOut+srv.output(), "secret") {
		t.Error("a password in the trace")
	}
}

// TestTraceBytes: \trace 2 (here -trace 2) adds each message's header and first body
// bytes, which are -8!'s bytes with the message type in byte 1 (ipc-protocol.md §2:
// 0 async, 1 sync, 2 response); a body past 32 bytes is cut with "..".
func TestTraceBytes(t *testing.T) {
	srv := startServer(t)
	in := strings.Join([]string{
		"h:hopen " + strconv.Itoa(srv.port),
		`\c 25 1000`, // -8!til 10 on one line, uncut
		`-8!"2+2"`,
		`-8!4`,
		`-8!til 10`,
		`h"2+2"`,
		`h"til 10"`,
	}, "\n")
	out, errOut, _ := runExit(t, in, "-trace", "2")
	res := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(res) != 5 {
		t.Fatalf("stdout %q", out)
	}
	// the header with byte 1 set to the message type, and the body's first 32 bytes
	hexOf := func(b string, kind string) (header, body string) {
		b = strings.TrimPrefix(b, "0x")
		header, body = b[:2]+kind+b[4:16], b[16:]
		if len(body) > 64 {
			body = body[:64] + `\.\.`
		}
		return
	}
	req, resp := res[0], res[1]
	hq, bq := hexOf(req, "01")
	hr, br := hexOf(resp, "02")
	hl, bl := hexOf(res[2], "02")
	matchLines(t, "client", traceLines(t, errOut, true), []string{
		`h3 open .*`,
		`h3 -> sync 17B "2\+2"`,
		`h3 header 0x` + hq + ` body 0x` + bq,
		`h3 queued 17B`,
		`h3 flushed 17B`,
		`h3 <- response 17B 4`,
		`h3 header 0x` + hr + ` body 0x` + br,
		`h3 -> sync 20B "til 10"`,
		`h3 header 0x0101000014000000 body 0x0a000600000074696c203130`,
		`h3 queued 20B`,
		`h3 flushed 20B`,
		`h3 <- response 94B 0 1 2 3 4 5 6 7 8 9`,
		`h3 header 0x` + hl + ` body 0x` + bl,
	})
}

// TestTraceFile: \trace 1 file appends the trace to the file, nothing reaches stderr,
// \trace 0 stops it; \trace alone gives the level; bad arguments are q errors.
func TestTraceFile(t *testing.T) {
	srv := startServer(t)
	file := filepath.Join(t.TempDir(), "trace.txt")
	in := strings.Join([]string{
		`\trace`,
		"h:hopen " + strconv.Itoa(srv.port),
		`\trace 1 ` + file,
		`\trace`,
		`h"2+2"`,
		`\trace 0`,
		`h"3+3"`,
		`\trace 1 ` + file,
		`h"4+4"`,
		`\trace 3`,
		`\trace x`,
		`\trace 1 ` + filepath.Join(file, "nodir", "t.txt"),
		`\trace`,
	}, "\n")
	out, errOut, _ := runExit(t, in)
	if out != "0i\n1i\n4\n6\n8\n1i\n" {
		t.Errorf("stdout %q", out)
	}
	bad := filepath.Join(file, "nodir", "t.txt")
	wantErr := "'domain\n  [0]  \\trace 3\n       ^\n'type\n  [0]  \\trace x\n       ^\n'" + bad +
		". OS reports: Not a directory\n  [0]  \\trace 1 " + bad + "\n       ^\n"
	if errOut != wantErr {
		t.Errorf("stderr %q, want %q", errOut, wantErr)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	matchLines(t, "file", traceLines(t, string(b), true), []string{
		`h3 -> sync 17B "2\+2"`, `h3 queued 17B`, `h3 flushed 17B`, `h3 <- response 17B 4`,
		`h3 -> sync 17B "4\+4"`, `h3 queued 17B`, `h3 flushed 17B`, `h3 <- response 17B 8`,
	})
}

// TestTraceFormat checks the lines no loopback session produces: compressed messages
// (only to remote peers, ipc-protocol.md §4), a close with data unsent, a deferred
// response, and values that take several console lines.
func TestTraceFormat(t *testing.T) {
	ip := eval.New(&bytes.Buffer{}, &bytes.Buffer{})
	var out bytes.Buffer
	tr := &tracer{ip: ip, w: &out, level: 1, now: func() time.Time { return time.Date(2026, 1, 2, 12, 0, 1, 123e6, time.UTC) }}
	tbl, err := ip.EvalString("([]a:1 2 3;b:`x`y`z)")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []ipc.TraceEvent{
		{Kind: ipc.TraceIn, H: 5, Msg: wire.Async, Size: 3276, Unzipped: 8014, V: value.Bools(make([]byte, 2000))},
		{Kind: ipc.TraceOut, H: 5, Msg: wire.Response, Size: 69, V: tbl},
		{Kind: ipc.TraceOut, H: 5, Msg: wire.Response, Size: 14, V: &value.Error{Msg: "type"}},
		{Kind: ipc.TraceHandler, H: 5, Handler: ".z.pg", V: value.Str("a\nb")},
		{Kind: ipc.TraceDeferred, H: 5},
		{Kind: ipc.TraceFlushed, H: 5, Size: 100, Pending: 50},
		{Kind: ipc.TraceClose, H: 5, Addr: "10.0.0.1:5001", Local: true, Pending: 50},
	} {
		tr.Trace(&e)
	}
	want := "trace 12:00:01.123 h5 <- async 3276B (8014B uncompressed) " + strings.Repeat("0", valueWidth-3) + "..\n" +
		"trace 12:00:01.123 h5 -> response 69B +`a`b!(1 2 3;`x`y`z)\n" +
		"trace 12:00:01.123 h5 -> response 14B 'type\n" +
		"trace 12:00:01.123 h5 .z.pg \"a\\nb\"\n" +
		"trace 12:00:01.123 h5 .z.pg deferred its response (-30!)\n" +
		"trace 12:00:01.123 h5 flushed 100B, 50B waiting\n" +
		"trace 12:00:01.123 h5 closed 10.0.0.1:5001 by hclose, 50B unsent\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// traceReadme is what examples/trace/README.md shows of its two consoles: the lines
// typed at each, and what each printed.
type traceReadme struct {
	server, client           []string // q) lines typed at each console
	serverTrace, clientTrace []string // their trace lines, without time stamps
	clientOut                []string // the client's results
}

// parseTraceReadme reads the README's "Two consoles" section: indented lines are
// console text; the server's are those after "Terminal 1" and after each "Server:",
// until the next step.
func parseTraceReadme(text string) traceReadme {
	var r traceReadme
	in, server := false, false
	for _, l := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(l, "## "):
			if in {
				return r
			}
			in = l == "## Two consoles"
		case !in:
		case strings.Contains(l, "Terminal 1"), l == "Server:":
			server = true
		case strings.Contains(l, "Terminal 2"), strings.HasPrefix(l, "### "):
			server = false
		case strings.HasPrefix(l, "    "):
			x := l[4:]
			switch {
			case strings.HasPrefix(x, "go run "):
			case strings.HasPrefix(x, "q)") && server:
				r.server = append(r.server, x[2:])
			case strings.HasPrefix(x, "q)"):
				r.client = append(r.client, x[2:])
			case traceStamp.MatchString(x) && server:
				r.serverTrace = append(r.serverTrace, traceStamp.ReplaceAllString(x, ""))
			case traceStamp.MatchString(x):
				r.clientTrace = append(r.clientTrace, traceStamp.ReplaceAllString(x, ""))
			case !server:
				r.clientOut = append(r.clientOut, x)
			}
		}
	}
	return r
}

// TestTraceReadme replays examples/trace/README.md: what its server and client type,
// on two gq processes, must print the trace lines the README shows, on both sides (the
// time stamps and the peer's ports aside), so the page is a real run and stays one.
func TestTraceReadme(t *testing.T) {
	b, err := os.ReadFile("../../examples/trace/README.md")
	if err != nil {
		t.Fatal(err)
	}
	r := parseTraceReadme(string(b))
	if len(r.server) != 1 || len(r.client) < 8 || len(r.clientTrace) < 20 || len(r.serverTrace) < 20 {
		t.Fatalf("README not understood: %+v", r)
	}
	script := filepath.Join(t.TempDir(), "server.q")
	os.WriteFile(script, []byte(strings.Join(r.server, "\n")+"\n"), 0o644)
	srv := startServer(t, script, "-trace")
	in := strings.ReplaceAll(strings.Join(r.client, "\n"), "5001", strconv.Itoa(srv.port))
	out, errOut, code := runExit(t, in)
	if code != 0 {
		t.Fatalf("client exit code %d\n%s%s", code, out, errOut)
	}
	if got := strings.Split(strings.TrimRight(out, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(r.clientOut, "\n") {
		t.Errorf("client printed %q, the README shows %q", got, r.clientOut)
	}
	addr := regexp.MustCompile(`^(h\d+ (?:open|closed)) \S+`)
	norm := func(ls []string) string {
		for i, l := range ls {
			ls[i] = addr.ReplaceAllString(l, "$1 ADDR")
		}
		return strings.Join(ls, "\n")
	}
	if got, want := norm(traceLines(t, errOut, true)), norm(r.clientTrace); got != want {
		t.Errorf("client trace:\n%s\nthe README shows:\n%s", got, want)
	}
	srv.waitOutput(t, `\.z\.pc \d+i`)
	if got, want := norm(traceLines(t, srv.output(), true)), norm(r.serverTrace); got != want {
		t.Errorf("server trace:\n%s\nthe README shows:\n%s", got, want)
	}
}
