package repl

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval"
)

func TestLoadString(t *testing.T) {
	var out bytes.Buffer
	ip := eval.New(&out, &out)
	s := &Session{Out: &out, Err: &out, Interp: ip}
	script := strings.Join([]string{
		"/ a comment line",
		"a:1 2 3",
		"f:{[x]",
		"  x*2}", // an indented line continues the statement
		"f a",
		"([]a:1 2;b:`x`y)", // shown as k form, as kdb+ shows script results
		"til 100",          // cut to the console width
		"1+`a",             // the first error stops the script; piped, its whole stack is shown (debug.md: mode 2 loading scripts non-interactively), the statement as [2] after the hidden command line [0] and \l [1] (debug.md#resume)
		"b:1",
	}, "\n")
	err := s.LoadString(script)
	if err == nil || err.Error() != "type" {
		t.Errorf("error %v, want type", err)
	}
	want := "2 4 6\n+`a`b!(1 2;`x`y)\n0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 ..\n'type\n  [2]  1+`a\n        ^\n"
	if out.String() != want {
		t.Errorf("output\n%s\nwant\n%s", out.String(), want)
	}
	if _, err := ip.Exec("b"); err == nil {
		t.Error("the statement after the error ran")
	}
}
