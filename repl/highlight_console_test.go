//go:build linux

package repl

import (
	"os/exec"
	"strings"
	"testing"
)

// The line being typed is coloured on a terminal (keywords, numbers, comments), and
// not with NO_COLOR or GQ_HIGHLIGHT=0 (issue 12). tmux's capture-pane -e shows the
// colours on the screen.
func TestHighlightOnScreen(t *testing.T) {
	for _, c := range []struct {
		env    []string
		colour bool
	}{
		{nil, true},
		{[]string{"NO_COLOR=1"}, false},
		{[]string{"GQ_HIGHLIGHT=0"}, false},
	} {
		t.Run(strings.Join(append([]string{"env"}, c.env...), "_"), func(t *testing.T) {
			tm := startTmuxEnv(t, c.env...)
			tm.screen("q)")
			tm.keys("til 3 / three")
			tm.screen("q)til 3 / three")
			s := tm.run("capture-pane", "-p", "-e", "-t", tm.name)
			line := ""
			for _, l := range strings.Split(s, "\n") {
				if strings.Contains(l, "three") {
					line = l
				}
			}
			// tmux writes bold blue, yellow and bright black (grey) its own way; the codes 34,
			// 33 and 90 are in any of them.
			coloured := strings.Contains(line, "34m") && strings.Contains(line, "33m") && strings.Contains(line, "90m")
			if coloured != c.colour || !c.colour && strings.Contains(line, "\x1b") {
				t.Errorf("%v: the typed line on screen is %q; want colour %v", c.env, line, c.colour)
			}
		})
	}
}

// Without a terminal nothing is coloured: piped in and out, gq prints the results only,
// with no escape codes (issue 12).
func TestNoColourWhenPiped(t *testing.T) {
	bin, err := buildGQ()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(cmd.Environ(), "TERM=xterm")
	cmd.Stdin = strings.NewReader("til 3 / three\n`a\n\"s\"\n1+`a\n")
	out, _ := cmd.CombinedOutput()
	if want := "0 1 2\n`a\n\"s\"\n'type\n  [0]  1+`a\n        ^\n"; string(out) != want {
		t.Errorf("piped gq printed %q, want %q", out, want)
	}
}
