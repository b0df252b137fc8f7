package repl

import (
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// chunks is a terminal that returns one chunk per read.
type chunks []string

func (c *chunks) Read(p []byte) (int, error) {
	if len(*c) == 0 {
		return 0, io.EOF
	}
	n := copy(p, (*c)[0])
	(*c)[0] = (*c)[0][n:]
	if (*c)[0] == "" {
		*c = (*c)[1:]
	}
	return n, nil
}

// replay reads everything through a pasteFilter and applies it as readline would for
// printable keys and placeholders: insert at the end, then ask the Listener. It gives
// the lines ended by \r and the control bytes seen, as text.
func replay(t *testing.T, in ...string) (lines []string, keys []rune) {
	t.Helper()
	c := chunks(in)
	f := newPasteFilter(&c, -1)
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	var line []rune
	for len(b) > 0 {
		if b[0] == 0x1b { // readline takes an escape sequence as one key
			n := escLen(b)
			if n == 0 {
				n = len(b)
			}
			keys = append(keys, 0x1b)
			b = b[n:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		switch {
		case r == '\r':
			lines = append(lines, string(line))
			line = nil
		case r < 0x20:
			keys = append(keys, r)
		default:
			if r >= placeholderBase {
				keys = append(keys, 'P') // one placeholder
			}
			line = append(line, r)
			if nl, pos, ok := f.OnChange(line, len(line), r); ok {
				if pos != len(nl) {
					t.Errorf("cursor at %d of %d", pos, len(nl))
				}
				line = nl
			}
		}
	}
	if len(line) > 0 {
		lines = append(lines, string(line))
	}
	return lines, keys
}

func TestPasteFilter(t *testing.T) {
	long := strings.Repeat("a", 100)
	for _, c := range []struct {
		name  string
		in    []string
		lines []string
		keys  string // control keys and placeholders, in order
	}{
		{"typed keys pass through", []string{"1", "+", "1", "\r"}, []string{"1+1"}, ""},
		{"a short burst is keys", []string{"til 10\r"}, []string{"til 10"}, ""},
		{"a long burst is one insertion", []string{"x:\"" + long + "\"\r"}, []string{"x:\"" + long + "\""}, "P"},
		{"a burst of lines", []string{long + "\r" + long + "\r"}, []string{long, long}, "PP"},
		{"escape sequences stay keys", []string{"\x1b[A" + long + "\x1bOD\t"}, []string{long}, "\x1bP\x1b\t"},
		{"an escape sequence split by a read", []string{"\x1b", "[", "A"}, nil, "\x1b"},
		{"bracketed, short and long lines", []string{"\x1b[200~1+1\r\n" + long + "\n\x1b[201~"}, []string{"1+1", long}, "P"},
		{"bracketed across reads, marker split", []string{"\x1b[20", "0~ab", "c\tx\x1b[2", "01~\r"}, []string{"abc\tx"}, "P"},
		{"bracketed drops controls", []string{"\x1b[200~a\x03b\x1b[201~"}, []string{"ab"}, ""},
		{"a character split by a read", []string{strings.Repeat("é", 40)[:79], strings.Repeat("é", 40)[79:] + "\r"}, []string{strings.Repeat("é", 40)}, "P"},
		{"input ends inside a paste", []string{"\x1b[200~" + long}, []string{long}, "P"},
	} {
		lines, keys := replay(t, c.in...)
		if strings.Join(lines, "|") != strings.Join(c.lines, "|") || string(keys) != c.keys {
			t.Errorf("%s: lines %q keys %q, want %q %q", c.name, lines, string(keys), c.lines, c.keys)
		}
	}
}

// A placeholder readline did not put in the line (it went to a Ctrl-R search) is
// dropped with its text; a placeholder-looking rune with no text is left alone.
func TestPasteListenerMismatch(t *testing.T) {
	f := newPasteFilter(strings.NewReader(""), -1)
	f.emitText([]byte("text"))
	r, _ := utf8.DecodeRune(f.out)
	if _, _, ok := f.OnChange([]rune("abc"), 3, r); ok {
		t.Error("replaced a placeholder that is not in the line")
	}
	if len(f.texts) != 0 {
		t.Error("text kept after its placeholder was used up")
	}
	if _, _, ok := f.OnChange([]rune{r}, 1, r); ok {
		t.Error("replaced a placeholder whose text is gone")
	}
	if _, _, ok := f.OnChange(nil, 0, 0); ok {
		t.Error("readline's first call (nil, 0, 0) changed the line")
	}
}
