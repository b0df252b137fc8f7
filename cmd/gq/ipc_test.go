package main

import (
	"net"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/transcript"
)

// TestIPCClientTranscript runs testdata/ipc-client.txt in a piped gq against a gq
// server: sync, async, flush, chase, receive, one-shot, hopen forms, handler errors,
// refused logins, refused and timed-out connections.
func TestIPCClientTranscript(t *testing.T) {
	srv := startServer(t, "testdata/ipc-server.q")
	silent, err := net.Listen("tcp", "127.0.0.1:0") // accepts, never answers
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	text, err := os.ReadFile("testdata/ipc-client.txt")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(string(text), "PORT", strconv.Itoa(srv.port))
	s = strings.ReplaceAll(s, "SILENT", strconv.Itoa(silent.Addr().(*net.TCPAddr).Port))
	pass, fail := checkTranscript(t, "ipc-client.txt", s)
	t.Logf("ipc-client.txt: %d passed, %d failed", pass, fail)
	// the server saw every handle close, and is still serving
	srv.waitOutput(t, "(?m)^\\(`closed;3i\\)$")
	if fail == 0 {
		out := runPiped(t, transcript.Parse("q)`::"+strconv.Itoa(srv.port)+" \"sq 7\"\n49\n"))
		if len(out[0]) != 1 || out[0][0] != "49" {
			t.Errorf("server not serving after the session: %q", out[0])
		}
	}
}
