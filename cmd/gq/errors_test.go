package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/transcript"
)

// A remote error reaches the client as its text only (kdb+'s protocol carries no
// stack), so the client shows it at the line that made the request, the caret under
// the handle (docs/basics/debug.md#trap: q)h"f `a" / 'type / [0] h"f `a" / ^). A server
// started with -e 2 dumps the request's stack on its stderr (syscmds.md#e-error-trap-
// clients: "Dumps stack to stderr for untrapped errors during request from a remote");
// -e 0, the default, prints nothing.
func TestRemoteErrorLocation(t *testing.T) {
	for _, mode := range []string{"2", "0"} {
		srv := startServer(t, "-e", mode)
		text := fmt.Sprintf("q)h:hopen %d\nq)h\"f:{x+1}\"\nq)h\"\\\\e\"\n%si\n", srv.port, mode) +
			"q)h\"f `a\"\n'type\n  [0]  h\"f `a\"\n       ^\n" +
			"q)h\"f 1\"\n2\n"
		if pass, fail := checkTranscript(t, "remote -e "+mode, text); fail > 0 {
			t.Errorf("-e %s: %d passed, %d failed", mode, pass, fail)
		}
		dump := "'type\n  [1]  f:{x+1}\n           ^\n  [0]  f `a\n       ^\n"
		if mode == "2" {
			srv.waitOutput(t, `\[0\]  f `+"`a")
			if !strings.Contains(srv.output(), dump) {
				t.Errorf("-e 2: the server printed\n%s\nwant\n%s", srv.output(), dump)
			}
		} else if strings.Contains(srv.output(), "'type") {
			t.Errorf("-e 0: the server printed %q", srv.output())
		}
	}
}

// Piped, an error shows every frame of its stack, innermost first (debug.md: mode 2,
// "collect stack trace and abort", the default when q is not interactive), and the
// input goes on at the top level: no debugger without a terminal.
func TestPipedErrorStack(t *testing.T) {
	cases := transcript.Parse("q)g:{a:x*2;a+y};f:{g[x;2#y]}\n" +
		"q)f[3;\"hello\"]\n'type\n  [2]  g:{a:x*2;a+y}\n                 ^\n  [1]  f:{g[x;2#y]}\n          ^\n  [0]  f[3;\"hello\"]\n       ^\n" +
		"q)a\n'a\n  [0]  a\n       ^\n")
	out := runPiped(t, cases)
	for i, c := range cases {
		if strings.Join(out[i], "\n") != strings.Join(c.Want, "\n") {
			t.Errorf("q)%s\ngot  %q\nwant %q", c.In, out[i], c.Want)
		}
	}
}
