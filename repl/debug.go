package repl

import (
	"io"
	"strings"
)

// The console side of kdb+'s error locations and debugger (eval/trace.go): after the
// 'msg line the location lines follow; on a terminal an error inside a lambda leaves
// the evaluator suspended, the prompt shows one more ) per level (q)), q))), and
// lines typed run in the suspended frame until \ leaves the level.

// locator is the optional half of Evaluator that knows where errors happened.
type locator interface {
	// Where is the location lines of err: with all, every frame (piped input, kdb+'s
	// error-trap mode 2); else the failing frame, entering the debugger when it is
	// inside a lambda.
	Where(err error, all bool) string
	DebugLevel() int
}

// printWhere prints err's location lines after its 'msg line: for a line typed at a
// terminal (or a script it runs) the failing frame, and the debugger takes over;
// otherwise (piped input, the timer) the whole stack.
func (s *Session) printWhere(err error) {
	if l, ok := s.Interp.(locator); ok {
		if w := l.Where(err, !s.Interactive || !s.lineErr); w != "" {
			io.WriteString(s.Stderr(), w)
		}
	}
}

// debugParens is the extra ) of the prompt, one per suspended execution.
func (s *Session) debugParens() string {
	if l, ok := s.Interp.(locator); ok {
		return strings.Repeat(")", l.DebugLevel())
	}
	return ""
}

// DebugLoop runs console lines until the debugger level given is left (\). The
// interpreter calls it (\e 1) when a client request fails: the request, and every
// other, waits meanwhile, as kdb+'s server does.
func (s *Session) DebugLoop(level int) {
	l, ok := s.Interp.(locator)
	if !ok {
		return
	}
	if s.lines == nil || s.rl == nil || !s.reading.Load() {
		// no prompt waits for a line (a console line is running, and our request was
		// served while it waited on a peer): nothing can be typed, so leave the level
		for l.DebugLevel() >= level {
			if _, err := s.Interp.Exec(`\`); err != nil {
				return
			}
		}
		return
	}
	s.rl.SetPrompt(s.prompt()) // the q) being shown becomes q))
	s.rl.Refresh()
	for l.DebugLevel() >= level {
		in, ok := <-s.lines
		if !ok || in.err != nil {
			return
		}
		s.Line(in.line)
		if s.next != nil {
			s.next <- s.prompt()
		}
	}
}
