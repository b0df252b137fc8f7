package repl

import (
	"bytes"
	"io"
	"os"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/chzyer/readline"
)

// Pasting into readline is quadratic: for every rune it reads, readline redraws the
// whole line (RuneBuffer.Refresh: clean, then print prompt and buffer) and copies the
// whole line into the current history entry (opHistory.Update), so n pasted characters
// cost O(n²) work and O(n²) bytes to the terminal: 8,000 characters took 4 s, 100,000
// about 15 minutes. pasteFilter sits between the terminal and readline and hands it
// each run of pasted text as one placeholder rune; readline inserts the placeholder
// with one redraw, and the filter's Listener (called by readline after each key, on
// its own goroutine, with the line and cursor) swaps the text in with one more. A
// paste then costs a few passes over the line, whatever its length.
//
// A paste is recognised two ways: between the markers of bracketed paste (ESC[200~ ...
// ESC[201~, which the session asks the terminal for from its first prompt), or, when the
// terminal does not bracket it, as a run of at least pasteMin printable characters
// arriving in one read (a person types one key per read; a paste arrives in bursts).
// Everything else (keys, escape sequences, Enter, short bursts) reaches readline as
// before, so editing, history, Ctrl-R, Ctrl-C and Tab work unchanged.
type pasteFilter struct {
	in   io.Reader
	fd   int // the terminal's descriptor, for gathering a burst; -1 for none
	raw  []byte
	out  []byte // bytes ready for readline
	err  error  // the terminal's read error, returned once out is drained
	buf  []byte // read buffer
	text []byte // bracketed paste so far
	// inPaste: between ESC[200~ and ESC[201~.
	inPaste bool

	mu    sync.Mutex
	texts map[rune][]rune // placeholder -> the text it stands for
	seq   int
}

const (
	// pasteMin is the shortest run of printable characters in one read that is taken as
	// a paste: no person types 32 characters between two reads of the terminal.
	pasteMin = 32
	// gatherWait is how long a burst may pause and still be one paste: a terminal
	// writes a long paste in pieces as the pty drains, which arrive well within this.
	gatherWait = 15 * time.Millisecond
	maxGather  = 64 << 20
	// Placeholders are the private-use runes of plane 15, which no key produces.
	placeholderBase  = 0xF0000
	placeholderCount = 0xFFFE
)

var (
	pasteStart = []byte("\x1b[200~")
	pasteEnd   = []byte("\x1b[201~")
)

func newPasteFilter(in io.Reader, fd int) *pasteFilter {
	return &pasteFilter{in: in, fd: fd, buf: make([]byte, 64<<10), texts: map[rune][]rune{}}
}

// Close is readline's Stdin closer: the terminal is not the filter's to close.
func (f *pasteFilter) Close() error { return nil }

// Read gives readline the terminal's bytes with each paste turned into placeholders.
func (f *pasteFilter) Read(p []byte) (int, error) {
	for len(f.out) == 0 {
		if f.err != nil {
			return 0, f.err
		}
		f.fill()
	}
	n := copy(p, f.out)
	f.out = f.out[n:]
	return n, nil
}

// fill reads what the terminal has (the whole burst, when it looks like a paste) and
// sorts it into f.out.
func (f *pasteFilter) fill() {
	n, err := f.in.Read(f.buf)
	f.raw = append(f.raw, f.buf[:n]...)
	if err == nil && f.fd >= 0 && (n >= pasteMin || f.inPaste || bytes.Contains(f.raw, pasteStart)) {
		for len(f.raw) < maxGather && waitReadable(f.fd, gatherWait) {
			n, err = f.in.Read(f.buf)
			f.raw = append(f.raw, f.buf[:n]...)
			if err != nil {
				break
			}
		}
	}
	f.sort(err != nil)
	if err != nil {
		f.err = err
	}
}

// sort moves what f.raw holds to f.out, keeping back an escape sequence or a character
// cut short by the end of the read, unless the input has ended.
func (f *pasteFilter) sort(ended bool) {
	raw := f.raw
	i := 0
scan:
	for i < len(raw) {
		if f.inPaste {
			j := bytes.Index(raw[i:], pasteEnd)
			if j < 0 {
				keep := markerPrefix(raw[i:], pasteEnd)
				if ended {
					keep = 0
				}
				f.text = append(f.text, raw[i:len(raw)-keep]...)
				i = len(raw) - keep
				break
			}
			f.text = append(f.text, raw[i:i+j]...)
			f.emitPaste()
			i += j + len(pasteEnd)
			continue
		}
		switch c := raw[i]; {
		case c == 0x1b:
			n := escLen(raw[i:])
			if n == 0 {
				if !ended {
					break scan // the rest of the sequence is still to come
				}
				n = len(raw) - i
			}
			if bytes.HasPrefix(raw[i:], pasteStart) {
				f.inPaste = true
			} else {
				f.out = append(f.out, raw[i:i+n]...)
			}
			i += n
		case c < 0x20 || c == 0x7f:
			f.out = append(f.out, c)
			i++
		default:
			j := i
			for j < len(raw) && raw[j] >= 0x20 && raw[j] != 0x7f {
				j++
			}
			if j == len(raw) && !ended {
				j -= cutRune(raw[i:j])
				if j == i {
					break scan
				}
			}
			if utf8.RuneCount(raw[i:j]) >= pasteMin {
				f.emitText(raw[i:j])
			} else {
				f.out = append(f.out, raw[i:j]...)
			}
			i = j
		}
	}
	if ended && f.inPaste {
		f.emitPaste() // the input ended inside a paste: hand over what came
	}
	f.raw = append(f.raw[:0], raw[i:]...)
}

// emitPaste hands readline a bracketed paste: each line as text, the line ends as Enter
// (the console runs a pasted script line by line, as q reads it), control characters
// other than tab dropped. A short line goes as typed keys, so a word pasted into a
// Ctrl-R search searches.
func (f *pasteFilter) emitPaste() {
	t := f.text
	f.text = nil
	f.inPaste = false
	for len(t) > 0 {
		j := bytes.IndexAny(t, "\r\n")
		line := t
		if j >= 0 {
			line = t[:j]
		}
		clean := make([]byte, 0, len(line))
		for _, c := range line {
			if c >= 0x20 && c != 0x7f || c == '\t' {
				clean = append(clean, c)
			}
		}
		if utf8.RuneCount(clean) >= pasteMin || bytes.IndexByte(clean, '\t') >= 0 {
			f.emitText(clean)
		} else {
			f.out = append(f.out, clean...)
		}
		if j < 0 {
			break
		}
		f.out = append(f.out, '\r')
		if t[j] == '\r' && j+1 < len(t) && t[j+1] == '\n' {
			j++
		}
		t = t[j+1:]
	}
}

// emitText queues text behind a new placeholder rune.
func (f *pasteFilter) emitText(text []byte) {
	f.mu.Lock()
	r := rune(placeholderBase + f.seq)
	f.seq = (f.seq + 1) % placeholderCount
	f.texts[r] = []rune(string(text))
	f.mu.Unlock()
	f.out = utf8.AppendRune(f.out, r)
}

// OnChange is readline's Listener: after readline has inserted a placeholder, it puts
// the text in its place, with the cursor after it. A placeholder readline did not
// insert into the line (typed into a Ctrl-R search) is dropped with its text.
func (f *pasteFilter) OnChange(line []rune, pos int, key rune) ([]rune, int, bool) {
	if key < placeholderBase || key >= placeholderBase+placeholderCount {
		return nil, 0, false
	}
	f.mu.Lock()
	text, ok := f.texts[key]
	delete(f.texts, key)
	f.mu.Unlock()
	if !ok || pos < 1 || pos > len(line) || line[pos-1] != key {
		return nil, 0, false
	}
	nl := make([]rune, 0, len(line)-1+len(text))
	nl = append(nl, line[:pos-1]...)
	nl = append(nl, text...)
	nl = append(nl, line[pos:]...)
	return nl, pos - 1 + len(text), true
}

// escLen is the length of the escape sequence at the start of b (b[0] is ESC), or 0
// when b ends before it does.
func escLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '[': // CSI: parameters and intermediates, then a final byte
		for i := 2; i < len(b); i++ {
			if c := b[i]; c >= 0x40 && c <= 0x7e {
				return i + 1
			} else if c < 0x20 || c > 0x3f {
				return i // malformed: pass what there is
			}
		}
		return 0
	case 'O': // SS3: one more byte
		if len(b) < 3 {
			return 0
		}
		return 3
	}
	return 2 // Alt+key
}

// markerPrefix is the length of the longest end of b that begins marker.
func markerPrefix(b, marker []byte) int {
	for n := min(len(b), len(marker)-1); n > 0; n-- {
		if bytes.HasPrefix(marker, b[len(b)-n:]) {
			return n
		}
	}
	return 0
}

// cutRune is the number of bytes at the end of b that begin a UTF-8 character whose
// other bytes have not arrived yet.
func cutRune(b []byte) int {
	for n := 1; n <= 3 && n <= len(b); n++ {
		c := b[len(b)-n]
		if c < 0x80 {
			return 0
		}
		if c >= 0xc0 { // a leading byte: is the character complete?
			if utf8.FullRune(b[len(b)-n:]) {
				return 0
			}
			return n
		}
	}
	return 0
}

// usePasteFilter puts a pasteFilter between the terminal f and readline.
func (s *Session) usePasteFilter(cfg *readline.Config, f *os.File) {
	pf := newPasteFilter(f, int(f.Fd()))
	cfg.Stdin = pf
	cfg.Listener = pf
}

// bracketPaste asks the terminal to mark pastes (ESC[?2004h) from the first prompt on,
// and to stop (ESC[?2004l) when the session closes; it reports whether it wrote. Not on
// a dumb terminal, which knows no escape codes. The mode stays on between prompts, so
// the output of a line is not preceded by codes; a paste during an evaluation then
// shows its markers in the terminal's echo, and reaches readline as a paste.
func bracketPaste(w io.Writer, on bool) bool {
	if os.Getenv("TERM") == "dumb" {
		return false
	}
	if on {
		io.WriteString(w, "\x1b[?2004h")
	} else {
		io.WriteString(w, "\x1b[?2004l")
	}
	return true
}
