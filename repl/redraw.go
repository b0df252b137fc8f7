package repl

import (
	"bytes"
	"io"
	"sync"

	"github.com/chzyer/readline"
)

// readline redraws the line it edits by writing a clean-up (erase, cursor up to the
// prompt) and then the prompt and the whole line again, even when nothing on the
// screen changes (Enter first moves the cursor to the end it is already at) or when
// the line only grew at the cursor (Enter adds a newline, a key typed at the end of the
// line). For a line of a megabyte each redraw sends the terminal a megabyte and more.
// redraws sits between readline and the terminal and sends only what changed: a
// redraw that repeats the last one is dropped, and one that extends it (with the
// cursor left at its end) sends just the extension. Anything else goes through whole.

// redraws is the state shared by the writers readline draws with.
type redraws struct {
	mu       sync.Mutex
	pending  []byte    // a clean-up not written yet: it may prove unneeded
	pendingW io.Writer // where it goes
	lastLen  int       // the last chunk of the clean-up was this long
	last     []byte    // what the last redraw printed; nil when the screen may differ
}

// redrawWriter is one of readline's writers (Config.Stdout, Config.Stderr).
type redrawWriter struct {
	r *redraws
	w io.Writer
}

// cleanupStart begins every clean-up readline writes (RuneBuffer.cleanOutput) and
// nothing else it prints: a redraw begins with the prompt or the line, and no key
// puts an ESC in the line.
var cleanupStart = []byte("\x1b[J")

// cleanupChunk is the size of the pieces a long clean-up arrives in: readline writes
// it through a bufio.Writer of the default size.
const cleanupChunk = 4096

func (w redrawWriter) Write(b []byte) (int, error) {
	r := w.r
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case bytes.HasPrefix(b, cleanupStart):
		r.flush()
		r.pending = append(r.pending[:0], b...)
		r.pendingW, r.lastLen = w.w, len(b)
		return len(b), nil
	case r.pendingW != nil && r.lastLen == cleanupChunk && isCleanup(b):
		r.pending = append(r.pending, b...) // the clean-up goes on
		r.lastLen = len(b)
		return len(b), nil
	case r.pendingW == nil:
		r.last = nil // not a redraw: the screen is no longer what last says
		return w.w.Write(b)
	}
	// b is the redraw after a clean-up.
	if r.last != nil && r.pendingW == w.w && bytes.IndexByte(r.last, '\b') < 0 && bytes.HasPrefix(b, r.last) {
		// The screen shows r.last with the cursor at its end (no backspace moved it).
		r.pending, r.pendingW = r.pending[:0], nil
		ext := b[len(r.last):]
		r.last = append(r.last, ext...)
		if len(ext) > 0 {
			if _, err := w.w.Write(ext); err != nil {
				return 0, err
			}
		}
		return len(b), nil
	}
	r.last = append(r.last[:0:0], b...)
	if r.pendingW == w.w {
		r.pending = append(r.pending, b...) // clean-up and redraw in one write
		_, err := w.w.Write(r.pending)
		r.pending, r.pendingW = r.pending[:0], nil
		return len(b), err
	}
	r.flush()
	return w.w.Write(b)
}

// flush writes a held clean-up.
func (r *redraws) flush() {
	if r.pendingW != nil {
		r.pendingW.Write(r.pending)
		r.pending, r.pendingW = r.pending[:0], nil
	}
}

// forget writes what is held and forgets the screen: when readline starts or stops
// reading a line, and when the terminal changes width.
func (r *redraws) forget() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flush()
	r.last = nil
}

// isCleanup reports whether b can be part of a clean-up: erase-line, cursor-up and
// carriage-return sequences only.
func isCleanup(b []byte) bool {
	for _, c := range b {
		switch c {
		case 0x1b, '[', '2', 'K', 'A', 'J', '\r', '\b':
		default:
			return false
		}
	}
	return true
}

// useRedraws puts a redraws between readline and the terminal writers of cfg.
func useRedraws(cfg *readline.Config) *redraws {
	r := &redraws{}
	cfg.Stdout = redrawWriter{r, cfg.Stdout}
	cfg.Stderr = redrawWriter{r, cfg.Stderr}
	cfg.FuncOnWidthChanged = func(f func()) {
		readline.DefaultOnWidthChanged(func() { r.forget(); f() })
	}
	return r
}
