//go:build linux

package repl

import (
	"strings"
	"testing"
)

// Tab completes a table after from and its columns in the where clause, and in the
// column list once the from is typed after the cursor (issue 12); tmux shows the lines
// as completed and run.
func TestTabCompletesColumns(t *testing.T) {
	tm := startTmux(t)
	tm.screen("q)")
	tm.keys("trade:([]sym:`a`b;price:1 2.;size:10 20)", "Enter")
	tm.keys("select from tra", "Tab", " where pri", "Tab", ">1", "Enter")
	tm.screen("q)select from trade where price>1")
	tm.keys("select sum  by sym from trade")
	for range len(" by sym from trade") {
		tm.keys("Left")
	}
	tm.keys("si", "Tab", "Enter")
	s := tm.screen("q)select sum size by sym from trade")
	for _, want := range []string{
		"q)select from trade where price>1\nsym price size\n--------------\nb   2     20\n", // tmux drops trailing blanks
		"q)select sum size by sym from trade\nsym| size\n---| ----\na  | 10\nb  | 20\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("%q is not on the screen:\n%s", want, s)
		}
	}
}
