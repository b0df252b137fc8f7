package main

import (
	"fmt"
	"testing"
)

// -w MB is the workspace limit (docs/basics/cmdline.md#-w-workspace): a request asking
// for more, whether by a length it gives (til, #) or by joining (, raze cross), gets
// 'wsfull and the session goes on (q4m3 appendix B: "wsfull ... or hit -w
// limit"); \w shows the limit fourth, in bytes, and \w n raises it, never lowers it,
// and gives it (docs/basics/syscmds.md#w-workspace: "\w 128 / 134217728").
func TestWorkspaceLimit(t *testing.T) {
	pass, fail := checkTranscript(t, "workspace", `q)til 100000000
'wsfull
#...
q)100000000#0
'wsfull
#...
q)count 10000000?10
10000000
q)count {x,x}/[24;1#0]
'wsfull
#...
q)count {x,x}/[23;1#0]
8388608
q)count raze 4#enlist til 10000000
'wsfull
#...
q)count til[20000] cross til 20000
'wsfull
#...
q)1+1
2
q)(system"w")3
104857600
q).Q.w[]`+"`"+`wmax
104857600
q)\w 50
104857600
q)\w 200
209715200
q)(system"w")3
209715200
q)count til 20000000
20000000
q)\w 0
0 0
`, "-w", "100")
	if fail > 0 || pass != 15 {
		t.Errorf("%d passed, %d failed", pass, fail)
	}
}

// A client asking a -w 100 server for a vector larger than that gets 'wsfull, and
// the server goes on serving it and others (issue 11).
func TestWorkspaceLimitServer(t *testing.T) {
	srv := startServer(t, "-w", "100")
	pass, fail := checkTranscript(t, "workspace-server", fmt.Sprintf(`q)h:hopen %d
q)h"til 100000000"
'wsfull
#...
q)h"1+1"
2
q)h"count til 1000000"
1000000
q)(hopen %d)"sum til 10"
45
`, srv.port, srv.port))
	if fail > 0 || pass != 5 {
		t.Errorf("%d passed, %d failed", pass, fail)
	}
}
