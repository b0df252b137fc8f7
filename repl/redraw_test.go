package repl

import (
	"bytes"
	"strings"
	"testing"
)

// The redraw filter sends the terminal only what changed on the line, and everything
// that is not a redraw of it.
func TestRedraws(t *testing.T) {
	var term bytes.Buffer
	r := &redraws{}
	w := redrawWriter{r, &term}
	clean := "\x1b[J\x1b[2K\r"
	long := "q)" + strings.Repeat("a", 10000)
	for _, s := range []struct{ write, want string }{
		{clean, ""},                  // held: it may prove unneeded
		{"q)1+", clean + "q)1+"},     // a new line: clean-up and redraw go out
		{clean, ""},                  //
		{"q)1+", ""},                 // the same again (Enter moves to the end): nothing
		{clean, ""},                  //
		{"q)1+2", "2"},               // typed at the end: just the key
		{clean, ""},                  //
		{"q)1+\b", clean + "q)1+\b"}, // shorter (Backspace): all of it
		{clean, ""},                  //
		{"q)1+\b", clean + "q)1+\b"}, // the cursor moved back: no shortcut
		{"\a", "\a"},                 // the bell is no redraw
		{clean, ""},                  //
		{"q)1+\b", clean + "q)1+\b"}, // after it, the screen is not known: all
		{clean, ""},                  //
		{long, clean + long},         //
		{clean + strings.Repeat("\x1b[2K\r\x1b[A", 600)[:4096-len(clean)], ""}, // a long clean-up, in pieces
		{strings.Repeat("\x1b[2K\r\x1b[A", 600)[4096-len(clean):], ""},         //
		{long + "\n", "\n"}, // Enter after a long line: the newline only
	} {
		term.Reset()
		w.Write([]byte(s.write))
		if got := term.String(); got != s.want {
			t.Errorf("after writing %.40q the terminal got %.40q, want %.40q", s.write, got, s.want)
		}
	}
	// A clean-up held when readline stops reading goes out then.
	term.Reset()
	w.Write([]byte(clean))
	r.forget()
	if term.String() != clean {
		t.Errorf("forget wrote %q, want the held clean-up", term.String())
	}
	// After forget, the screen is not known.
	term.Reset()
	w.Write([]byte(clean))
	w.Write([]byte(long + "\n"))
	if term.String() != clean+long+"\n" {
		t.Errorf("after forget: a shortcut was taken")
	}
}
