package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/transcript"
)

// A server started with -T 1 stops a runaway request with 'stop and goes on serving
// (issue 11: while[1b;] from one client used to block every client for ever).
func TestRequestTimeout(t *testing.T) {
	srv := startServer(t, "-T", "1")
	pass, fail := checkTranscript(t, "timeout", fmt.Sprintf(`q)h:hopen %d
q)h"while[1b;]"
'stop
#...
q)h"1+1"
2
q)h"\\T"
1i
q)h"\\T 0"
q)h"\\T"
0i
`, srv.port))
	if fail > 0 || pass != 6 {
		t.Errorf("%d passed, %d failed", pass, fail)
	}
}

// SIGINT stops the running request of a daemon and nothing else; SIGTERM leaves
// through \\, so .z.exit runs (issue 11).
func TestDaemonSignals(t *testing.T) {
	script := filepath.Join(t.TempDir(), "exit.q")
	os.WriteFile(script, []byte(".z.exit:{-1\"bye \",string x}\n"), 0o644)
	srv := startServer(t, script)
	done := make(chan [][]string, 1)
	go func() {
		done <- runPiped(t, transcript.Parse(fmt.Sprintf("q)h:hopen %d\nq)h\"while[1b;]\"\nq)h\"2+2\"\n", srv.port)))
	}()
	time.Sleep(500 * time.Millisecond) // the request is running
	srv.cmd.Process.Signal(syscall.SIGINT)
	var out [][]string
	select {
	case out = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("SIGINT did not stop the request")
	}
	if len(out) < 3 || len(out[1]) == 0 || out[1][0] != "'stop" || fmt.Sprint(out[2]) != "[4]" { // 'stop, then its location lines
		t.Fatalf("client saw %q", out)
	}
	srv.cmd.Process.Signal(syscall.SIGTERM)
	exited := make(chan error, 1)
	go func() { exited <- srv.cmd.Wait() }()
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not end the server")
	}
	srv.waitOutput(t, "(?m)^bye 0$")
}

// -u 1 refuses clients system commands, \\ and exit ('access); -b refuses clients
// writes to globals ('noupdate); -u file also checks logins and, like -U, disables \x;
// the console (.z.w 0) keeps every right (docs/basics/cmdline.md).
func TestAccessOptions(t *testing.T) {
	users := filepath.Join(t.TempDir(), "users.txt")
	os.WriteFile(users, []byte("ann:secret\n"), 0o644)
	for _, c := range []struct {
		args []string
		text string
	}{
		{[]string{"-u", "1"}, `q)h:hopen PORT
q)h"\\a"
'access
#...
q)h"system\"pwd\""
'access
#...
q)h"\\\\"
'access
#...
q)h"exit 0"
'access
#...
q)h"a:1;a+1"
2
q)h"read0BT:/etc/hostname"
'access
#...
q)h"hcount BT:../../go.mod"
'access
#...
q)h"get BT:../../go.mod"
'access
#...
q)h".[BT:/tmp/gqaccesstest;();:;1]"
'access
#...
q)h"(BT:/etc/hostname;0;4) 1: 0x00"
'access
#...
q)h"0<hcount BT:limits_test.go"
1b
q)h"0<count read0 BT:./testdata/../limits_test.go"
1b
`},
		{[]string{"-b"}, `q)h:hopen PORT
q)h"b:1"
'noupdate: BT. BTb
#...
q)h"{x+1}2"
3
q)h"c"
'c
#...
`},
		{[]string{"-u", users}, `q)hopen PORT
'access
#...
q)h:hopen BT::PORT:ann:secret
q)h"\\x b"
'access
#...
q)h"system\"pwd\""
'access
#...
q)h"1+1"
2
`},
	} {
		srv := startServer(t, c.args...)
		text := strings.NewReplacer("PORT", fmt.Sprint(srv.port), "BT", "`").Replace(c.text)
		if _, fail := checkTranscript(t, fmt.Sprint(c.args), text); fail > 0 {
			t.Errorf("%v: %d failed", c.args, fail)
		}
	}
	// the console (.z.w 0) keeps its files under -u 1
	if out := pipeGQ(t, "0<hcount`:/etc/hostname\n", "-u", "1"); strings.TrimSpace(out) != "1b" {
		t.Errorf("-u 1 console file access: %q", out)
	}
	// the console itself keeps \x under -u 1, loses it under -U
	out := pipeGQ(t, "a:1\n\\x a\na\n", "-u", "1")
	if !strings.Contains(out, "'a") {
		t.Errorf("-u 1 console \\x: %q", out)
	}
	out = pipeGQ(t, "a:1\n\\x a\na\n", "-U", users)
	if !strings.Contains(out, "'access") || !strings.Contains(out, "1") {
		t.Errorf("-U console \\x: %q", out)
	}
}

// -30! defers a sync answer and sends it later, as a value or an error; -25! sends one
// message to several handles (docs/basics/internal.md, ipc-protocol.md §5.2-5.3).
func TestDeferredAndBroadcast(t *testing.T) {
	srv := startServer(t, "testdata/defer-server.q")
	text := strings.ReplaceAll(`q)h:hopen PORT
q)h"1+1"
2
q)h"boom"
'boom
#...
q)h"til 3"
0 1 2
q)-30!(h;0b;1)
'Handle 3 was not expecting a response msg
#...
q)h2:hopen PORT
q)h"-25!(key .z.W;(`+"`set;`got;42))\"\n"+`q)h""
q)h2""
q)got
42
`, "PORT", fmt.Sprint(srv.port))
	if pass, fail := checkTranscript(t, "deferred", text); fail > 0 || pass != 10 {
		t.Errorf("%d passed, %d failed", pass, fail)
	}
}

// A listening gq also listens on the abstract Unix socket @/tmp/kx.PORT, as kdb+ does on
// Linux, and hopen `:unix://PORT reaches it (sv/kdbgo's and javakdb's UDS tests).
func TestUnixSocket(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("abstract Unix sockets are Linux's")
	}
	srv := startServer(t)
	text := strings.NewReplacer("PORT", fmt.Sprint(srv.port), "BT", "`").Replace(`q)h:hopen BT:unix://PORT
q)h"1+1"
2
q)BT:unix://PORT "til 3"
0 1 2
q)hclose h
q)hopen BT:unix://1
'hop. OS reports: Connection refused
#...
`)
	if pass, fail := checkTranscript(t, "unix", text); fail > 0 || pass != 5 {
		t.Errorf("%d passed, %d failed", pass, fail)
	}
}

// Handlers run in the root namespace whatever \d the server is in; .z.a is set inside
// .z.pw and .z.pc; .z.bm sees (handle;bytes) of a message that cannot be decoded, and
// the connection closes (issue 11, docs/ref/dotz.md).
func TestHandlerContext(t *testing.T) {
	srv := startServer(t, "testdata/handlers-server.q")
	nc, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", srv.port))
	if err != nil {
		t.Fatal(err)
	}
	nc.SetDeadline(time.Now().Add(10 * time.Second))
	nc.Write([]byte("u:p\x03\x00"))
	if _, err := io.ReadFull(nc, make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	nc.Write([]byte{1, 0, 0, 0, 10, 0, 0, 0, 0x77, 0}) // type 0x77 is no kdb+ type
	if _, err := nc.Read(make([]byte, 1)); err == nil {
		t.Error("the connection stayed open after a bad message")
	}
	nc.Close()
	text := strings.NewReplacer("PORT", fmt.Sprint(srv.port), "BT", "`").Replace(`q)h:hopen PORT
q)h"a:1"
q)h"BTa in key BT."
1b
q)h"system\"d\""
BT.
q)h"pwa"
2130706433i
q)h"pca"
2130706433i
q)h"bm 1"
0x010000000a0000007700
`)
	if pass, fail := checkTranscript(t, "handlers", text); fail > 0 || pass != 7 {
		t.Errorf("%d passed, %d failed", pass, fail)
	}
}
