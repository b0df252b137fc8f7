package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestIPCWalkthrough runs examples/ipc (the kdb+ IPC page's walkthrough) with two gq
// processes and checks both consoles.
func TestIPCWalkthrough(t *testing.T) {
	srv := startServer(t, "../../examples/ipc/server.q")
	src, err := os.ReadFile("../../examples/ipc/client.q")
	if err != nil {
		t.Fatal(err)
	}
	client := filepath.Join(t.TempDir(), "client.q")
	os.WriteFile(client, []byte(strings.ReplaceAll(string(src), "5001", strconv.Itoa(srv.port))), 0o644)
	cmd, expired := gqCmd(t, client)
	out, err := cmd.CombinedOutput()
	if expired() {
		t.Fatalf("client killed after %v; printed %q", runDeadline, out)
	}
	if err != nil {
		t.Fatalf("client: %v\n%s", err, out)
	}
	want := "3i\n4\n4\n4\n6\n12\n5\n10\n`hello\n2\n3| 0\n"
	if string(out) != want {
		t.Errorf("client printed\n%s\nwant\n%s", out, want)
	}
	srv.waitOutput(t, "portClosed;3i")
	ts := `\d{4}\.\d\d\.\d\dD\d\d:\d\d:\d\d\.\d{9}`
	for _, re := range []string{
		"(?m)^\\(`portOpen;3i\\)$",
		"(?m)^\\(3i;2130706433i;`\\w*;" + ts + ";\"2\\+2\"\\)$",
		"(?m)^\\(3i;2130706433i;`\\w*;" + ts + ";\\(\\+;2;2\\)\\)$",
		"(?m)^\\(3i;2130706433i;`\\w*;" + ts + ";\\(\\{4\\+x\\};2\\)\\)$",
		"(?m)^\\(`async;3i;\"a:10\"\\)$",
		"(?m)^\\(`portOpen;4i\\)$",
		"(?m)^\\(`portClosed;4i\\)$",
		"(?m)^\\(`portClosed;3i\\)$",
	} {
		srv.waitOutput(t, re)
	}
}
