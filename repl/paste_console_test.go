//go:build linux

package repl

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A long line pasted at the console arrives whole and runs at once: readline alone
// redraws the line per character, so 100,000 characters took about 15 minutes (issue
// 12). tmux pastes as a terminal does: with -p in bracketed-paste markers (the console
// asks for them), without as a plain burst of keys. The clock runs from the paste to
// the result on the screen; the target is under a second. On a loaded machine one
// attempt may miss it, so the best of three counts; the quadratic console never comes
// close (it does not finish within screen's 10 s). For a megabyte, tmux alone needs
// about half a second per megabyte it draws on a busy machine, so there the bound is
// the CPU time gq spends (from /proc), which the machine's load does not inflate.
func TestPasteLongLine(t *testing.T) {
	for _, c := range []struct {
		name      string
		bracketed bool
		n         int
		cpu       bool // bound gq's CPU time, not the time to the result
	}{
		{"bracketed 100000", true, 100000, false},
		{"burst 100000", false, 100000, false},
		{"bracketed 1MB", true, 1 << 20, true},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			tm := startTmux(t)
			tm.screen("q)")
			pid := strings.TrimSpace(tm.run("display-message", "-p", "-t", tm.name, "#{pane_pid}"))
			best := time.Duration(1 << 62)
			last := 0
			for try := 0; try < 3 && best >= time.Second; try++ {
				k := c.n - len(`count""`) - try // a new count each time: a new result to wait for
				file := filepath.Join(t.TempDir(), "paste.q")
				if err := os.WriteFile(file, []byte(`count"`+strings.Repeat("a", k)+"\"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				tm.run("load-buffer", "-b", "p", file)
				args := []string{"paste-buffer", "-d", "-b", "p", "-t", tm.name}
				if c.bracketed {
					args = append(args, "-p")
				}
				cpu0 := cpuTime(t, pid)
				start := time.Now()
				tm.run(args...)
				want := fmt.Sprintf("\n%d\nq)", k)
				if s := tm.screen(want); !strings.Contains(s, want) {
					t.Fatalf("no result %d within 10 s of the paste; the screen shows:\n%s", k, s)
				}
				took, cpu := time.Since(start), cpuTime(t, pid)-cpu0
				t.Logf("%d characters: result after %v, gq used %v of CPU", c.n, took, cpu)
				if c.cpu {
					took = cpu
				}
				best = min(best, took)
				last = k
			}
			if best >= time.Second {
				t.Errorf("a %d-character paste took %v at best, want under a second", c.n, best)
			}
			// The line is in the history as pasted: Up and Enter run it again.
			tm.keys("1+1", "Enter")
			tm.screen("\n2\nq)")
			tm.keys("Up", "Up", "Enter")
			want := fmt.Sprintf("\n%d\nq)", last)
			if s := tm.screenUntil(func(s string) bool { return strings.HasSuffix(strings.TrimRight(s, "\n"), want) }); !strings.HasSuffix(strings.TrimRight(s, "\n"), want) {
				t.Errorf("the recalled line did not run again; the screen shows:\n%s", s)
			}
		})
	}
}

// screenUntil waits (10 s at most) until ok accepts the screen, and returns it.
func (tc *tmuxConsole) screenUntil(ok func(string) bool) string {
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := tc.run("capture-pane", "-p", "-t", tc.name)
		if ok(s) || time.Now().After(deadline) {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cpuTime is the CPU time process pid has used so far (user and system, from
// /proc/pid/stat, in clock ticks of 10 ms).
func cpuTime(t *testing.T, pid string) time.Duration {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:])) // after the command name
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// Ctrl-R search, moving and deleting inside the line still work through the paste
// filter and the redraw filter (which drop or shorten redraws): the screen shows the
// lines as edited.
func TestEditingThroughFilters(t *testing.T) {
	tm := startTmux(t)
	tm.screen("q)")
	tm.keys("abc:6*7", "Enter", "1+1", "Enter")
	tm.keys("C-r", "abc", "Enter") // the search finds abc:6*7 and Enter runs it
	tm.keys("abc", "Enter")
	if s := tm.screen("q)abc\n42\nq)"); !strings.Contains(s, "q)abc\n42\nq)") {
		t.Fatalf("Ctrl-R did not run abc:6*7; the screen shows:\n%s", s)
	}
	// 10+20, two left, delete 0+, to the end, 0, to the start, 2*: 2*1200
	tm.keys("10+20", "Left", "Left", "BSpace", "BSpace", "C-e", "0", "C-a", "2*", "Enter")
	want := "q)2*1200\n2400\n"
	if s := tm.screen(want); !strings.Contains(s, want) {
		t.Errorf("%q is not on the screen:\n%s", want, s)
	}
}

// The console asks the terminal for bracketed paste once, at its first prompt, and
// switches it off when it leaves, so the shell gets its terminal back as it was; a
// dumb terminal is sent neither.
func TestBracketedPasteMode(t *testing.T) {
	for _, term := range []string{"xterm", "dumb"} {
		tm := startConsoleEnv(t, []string{"HOME=" + t.TempDir(), "TERM=" + term})
		tm.expect("q)")
		tm.send("1+1\r")
		tm.expect("2\r\n")
		tm.send("\\\\\r")
		tm.waitExit()
		if term == "xterm" {
			tm.expect("\x1b[?2004l") // the last bytes may still be on their way from the pty
		} else {
			time.Sleep(200 * time.Millisecond)
		}
		out := tm.output()
		on, off := strings.Count(out, "\x1b[?2004h"), strings.Count(out, "\x1b[?2004l")
		want := 1
		if term == "dumb" {
			want = 0
		}
		if on != want || off != want || strings.LastIndex(out, "\x1b[?2004l") < strings.LastIndex(out, "\x1b[?2004h") {
			t.Errorf("TERM=%s: bracketed paste on %d times, off %d times, want %d: %q", term, on, off, want, out)
		}
	}
}

// A pasted script runs line by line, as q reads piped lines, bracketed or not; a tab
// inside a bracketed paste is text, not completion.
func TestPasteLines(t *testing.T) {
	for _, bracketed := range []bool{true, false} {
		name := map[bool]string{true: "bracketed", false: "plain"}[bracketed]
		t.Run(name, func(t *testing.T) {
			tm := startTmux(t)
			tm.screen("q)")
			file := filepath.Join(t.TempDir(), "paste.q")
			if err := os.WriteFile(file, []byte("a:20\nb:a+1\ns:\"x\ty\";count s\nb*2\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			tm.run("load-buffer", "-b", "p", file)
			args := []string{"paste-buffer", "-d", "-b", "p", "-t", tm.name}
			if bracketed {
				args = append(args, "-p")
			}
			tm.run(args...)
			want := "\nq)b*2\n42\nq)"
			s := tm.screen(want)
			if !strings.Contains(s, want) {
				t.Fatalf("the pasted lines did not run; the screen shows:\n%s", s)
			}
			if bracketed && !strings.Contains(s, "\n3\n") { // "x\ty" kept its tab
				t.Errorf("the tab in the paste was not kept; the screen shows:\n%s", s)
			}
		})
	}
}
