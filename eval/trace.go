package eval

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// Error locations and the debugger (docs/basics/debug.md). kdb+ 4.x prints an
// uncaught error as
//
//	'type
//	  [1]  g:{a:x*2;a+y}
//	                 ^
//
// one frame per level of the q call stack: [0] is the console line, each lambda call
// adds one; a frame shows its source (a lambda with the name it was defined under,
// file:line: when it came from a script) and a caret under the primitive that failed.
//
// Positions cost the hot path one store: every application closure sets its frame's
// pos (the failing node's offset in the frame's source) just before it applies, so when
// a kernel panics, each frame's pos is where it was when the error went through. Frames
// stay in the pool until recoverTo, which copies them into a trace before unwinding.

// codeSrc is where a frame's code comes from: the text shown (a lambda's source, a
// console line, a script statement), the global the lambda was defined under (f, or f@
// for a lambda inside f), and the script file and line the text starts on.
type codeSrc struct {
	text   string
	name   string
	file   string
	line   int
	hidden bool // a line typed at the debugger: its frame counts but is not shown
	script bool // a script's statement: the \l that read it has a frame before it
}

// mark is what an entry point unwinds to after an error: the call depth, the number
// of top-level frames, and the number the outermost new frame gets.
type mark struct{ depth, tops, base int }

func (ip *Interp) mark() mark { return mark{ip.depth, len(ip.tops), ip.dbgBase()} }

// traceFrame is one frame of a backtrace, kept after the Go stack has unwound, so the
// debugger can still read (and set) its locals.
type traceFrame struct {
	num   int
	src   *codeSrc
	pos   int
	lam   *value.Lambda
	slots []value.Value
	ns    *namespace
}

// trace is the stack of an error, outermost frame first; cur is the frame the
// debugger looks at.
type trace struct {
	err    *value.Error
	frames []traceFrame
	cur    int
	popped bool // left by ' at the debugger: shown, not suspended again
}

// srcOf is the source of a frame: a top-level frame's own, a lambda call's that of
// its lambda (a pooled frame's src is left from value of a string at its depth).
func (fr *frame) srcOf(top bool) *codeSrc {
	if top || fr.lam == nil {
		return fr.src
	}
	if c, ok := fr.lam.Code.(*lamCode); ok {
		return c.src
	}
	return nil
}

// frameList lists the frames above m, outermost first and numbered from m.base: the
// pooled frames (lambda calls, value of a string) and the top-level frames (console
// lines, script statements) interleaved by the depth they run at. keep copies the
// slots, which the pool will reuse.
func (ip *Interp) frameList(m mark, keep bool) []traceFrame {
	type ent struct {
		key int
		fr  *frame
		top bool
	}
	var es []ent
	for d := m.depth + 1; d <= ip.depth && d < len(ip.frames); d++ {
		es = append(es, ent{2 * d, ip.frames[d], false})
	}
	for _, t := range ip.tops[min(m.tops, len(ip.tops)):] {
		es = append(es, ent{2*t.at + 1, t, true})
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].key < es[j].key })
	num := m.base
	out := make([]traceFrame, 0, len(es))
	for _, e := range es {
		src := e.fr.srcOf(e.top)
		if src != nil && src.script && (e.top || e.fr.lam == nil) && (len(out) > 0 || num > 0) {
			num++ // the \l that read the statement has a frame of its own, not shown
		}
		tf := traceFrame{num: num, src: src, pos: int(e.fr.pos), ns: e.fr.ns}
		if !e.top { // a lambda's frame: its arguments and locals, for the debugger
			tf.lam, tf.slots = e.fr.lam, e.fr.slots
		}
		if keep && tf.slots != nil {
			tf.slots = append([]value.Value(nil), tf.slots...)
		}
		out = append(out, tf)
		num++
	}
	return out
}

// capture records the stack of error e before recoverTo unwinds it.
func (ip *Interp) capture(e *value.Error, m mark) {
	fs := ip.frameList(m, true)
	if len(fs) == 0 {
		ip.trace = nil
		return
	}
	ip.trace = &trace{err: e, frames: fs, cur: len(fs) - 1}
}

// text is the two location lines of a frame (none for a hidden one); mark is >> for
// the debugger's current frame in .Q.bt.
func (f *traceFrame) text(mark string) string {
	if f.src == nil || f.src.text == "" {
		return ""
	}
	text, pos := f.src.text, f.pos
	pos = max(0, min(pos, len(text)))
	start := strings.LastIndexByte(text[:pos], '\n') + 1 // a multi-line source shows the failing line
	end := len(text)
	if i := strings.IndexByte(text[pos:], '\n'); i >= 0 {
		end = pos + i
	}
	head := ""
	if f.src.file != "" {
		head = fmt.Sprintf("%s:%d: ", f.src.file, f.src.line+strings.Count(text[:start], "\n"))
	}
	if f.src.name != "" && start == 0 {
		head += f.src.name + ":"
	}
	lead := fmt.Sprintf("%s[%d]  ", mark, f.num)
	return lead + head + text[start:end] + "\n" + strings.Repeat(" ", len(lead)+len(head)+pos-start) + "^\n"
}

// Where returns the location lines of err as the console prints them after the 'msg
// line: with all false (a terminal, error-trap mode 1) the failing frame only, and when
// it failed inside a lambda or a script the debugger is entered (the prompt gets one
// more parenthesis); with all true (stdin no terminal: mode 2, as kdb+ loads scripts
// non-interactively) every frame, innermost first. "" when err has no location.
func (ip *Interp) Where(err error, all bool) string {
	t := ip.trace
	if t == nil || error(t.err) != err {
		return ""
	}
	ip.trace = nil
	if all {
		var b strings.Builder
		for i := len(t.frames) - 1; i >= 0; i-- {
			b.WriteString(t.frames[i].text("  "))
		}
		return b.String()
	}
	inner := &t.frames[len(t.frames)-1]
	if suspends(inner) && !t.popped {
		ip.dbg = append(ip.dbg, t)
	}
	return inner.text("  ")
}

// suspends reports whether an error in frame f suspends execution at a console: in a
// lambda or in a script's statement, not in a line typed at the prompt.
func suspends(f *traceFrame) bool {
	return f.lam != nil || (f.src != nil && f.src.script)
}

// DebugLevel is the number of suspended executions (q)) is one, q))) two).
func (ip *Interp) DebugLevel() int { return len(ip.dbg) }

// dbgBase is the number the next console line's frame gets: 0, or at the debugger the
// suspended frame's number plus two (the debugger's own frame sits between, hidden).
func (ip *Interp) dbgBase() int {
	if len(ip.dbg) == 0 {
		return 0
	}
	t := ip.dbg[len(ip.dbg)-1]
	if len(t.frames) == 0 {
		return 0
	}
	return t.frames[len(t.frames)-1].num + 2
}

// debugExec runs a line typed at the q)) prompt: the debugger's commands (\ leaves
// one level, 'msg signals from the innermost frame, ` and . move up and down the
// stack, & shows the current frame), else q evaluated in the current frame, its
// arguments and locals visible.
func (ip *Interp) debugExec(src string) (text string, err error) {
	t := ip.dbg[len(ip.dbg)-1]
	s := strings.TrimSpace(src)
	switch {
	case s == `\`:
		ip.dbg = ip.dbg[:len(ip.dbg)-1]
		return "", nil
	case s == "`" || s == ".":
		if s == "`" && t.cur > 0 {
			t.cur--
		} else if s == "." && t.cur < len(t.frames)-1 {
			t.cur++
		}
		return t.frames[t.cur].text("  "), nil
	case s == "&":
		return "'" + t.err.Msg + "\n" + t.frames[t.cur].text("  "), nil
	case strings.HasPrefix(s, "'") && !strings.ContainsAny(s, "; "):
		return "", ip.debugSignal(t, s[1:])
	case strings.HasPrefix(s, ":"):
		// :r would resume the failed primitive with r; gq's Go stack has unwound by now
		return "", &value.Error{Msg: "nyi"}
	}
	if _, sys := systemCmd(src); sys {
		return ip.execTop(src)
	}
	return ip.evalInFrame(&t.frames[t.cur], src)
}

// debugSignal is 'msg at the debugger: the innermost frame goes, and the error is
// signalled from the frame below it, which is suspended in turn; with only the console
// line's frame left the debugger level ends.
func (ip *Interp) debugSignal(t *trace, msg string) error {
	msg = strings.TrimPrefix(msg, "`") // 'myerror and '`myerror alike
	if len(msg) >= 2 && msg[0] == '"' && msg[len(msg)-1] == '"' {
		msg = msg[1 : len(msg)-1]
	}
	if msg == "" {
		msg = t.err.Msg
	}
	e := &value.Error{Msg: msg}
	ip.dbg = ip.dbg[:len(ip.dbg)-1]
	fs := t.frames[:len(t.frames)-1]
	if len(fs) == 0 {
		return e
	}
	if suspends(&fs[len(fs)-1]) {
		ip.dbg = append(ip.dbg, &trace{err: e, frames: fs, cur: len(fs) - 1})
	}
	ip.trace = &trace{err: e, frames: fs, cur: len(fs) - 1, popped: true} // shown by Where, not suspended again
	return e
}

// evalInFrame runs src with the names of frame tf: its arguments and locals (which
// it may set), in its context.
func (ip *Interp) evalInFrame(tf *traceFrame, src string) (text string, err error) {
	defer ip.recoverTo(&err, ip.mark())
	ip.interrupt.Store(false)
	stmts, perr := parser.Parse(src)
	if perr != nil {
		panic(asQError(perr))
	}
	cs := &codeSrc{text: parser.Source(src), hidden: true}
	c := &compiler{ip: ip, ns: tf.ns, src: cs}
	fr := &frame{ip: ip, ns: tf.ns, src: cs, lam: tf.lam, slots: tf.slots, at: ip.depth}
	if tf.lam != nil {
		if code, ok := tf.lam.Code.(*lamCode); ok {
			sc := &scope{slot: map[string]int{}, globals: map[string]bool{}}
			for i, p := range lambdaParams(tf.lam) {
				sc.slot[p] = i
			}
			for i, l := range code.locals {
				sc.slot[l] = len(lambdaParams(tf.lam)) + i
			}
			sc.n = len(tf.slots)
			c.sc = sc
		}
	}
	if fr.ns == nil {
		fr.ns, c.ns = ip.cur, ip.cur
	}
	v, quiet := ip.runIn(stmts, c, fr)
	if quiet || isGenericNull(v) {
		return "", nil
	}
	return ip.showText(v), nil
}

// liveTrace is the running stack for .Q.bt: the frames now running, then those of the
// suspended execution the debugger is in, if any.
func (ip *Interp) backtrace() string {
	var b strings.Builder
	live := ip.frameList(mark{base: ip.dbgBase()}, false)
	for i := len(live) - 1; i >= 0; i-- {
		if live[i].src == nil || !live[i].src.hidden { // the line typed at q)) is not shown
			b.WriteString(live[i].text("  "))
		}
	}
	if len(ip.dbg) > 0 {
		t := ip.dbg[len(ip.dbg)-1]
		for i := len(t.frames) - 1; i >= 0; i-- {
			m := "  "
			if i == t.cur {
				m = ">>"
			}
			b.WriteString(t.frames[i].text(m))
		}
	}
	return b.String()
}

// dotqBt is .Q.bt[]: the backtrace to stdout, the debugger's current frame marked >>
// (docs/basics/debug.md#backtrace).
func dotqBt(ip *Interp, _ value.Value) value.Value {
	io.WriteString(ip.Out, ip.backtrace())
	return nullVal
}

// ErrorTrap is the error-trap mode for client requests (\e, -e): 0 the server answers
// the error and goes on, 1 it suspends in the debugger at its console, 2 it dumps the
// stack to stderr (docs/basics/syscmds.md#e-error-trap-clients).
func (ip *Interp) ErrorTrap() int { return ip.errTrap }

// SetErrorTrap sets the error-trap mode (-e on the command line).
func (ip *Interp) SetErrorTrap(mode int) { ip.errTrap = mode }

// clientError reports an error of a client request as \e asks: mode 2 prints 'msg and
// the whole stack on stderr; mode 1 suspends at the console (Debugger, when there is
// one: the request waits, and nothing else is served, until the debugger is left) and
// without a console dumps as mode 2.
func (ip *Interp) clientError(err error) {
	if ip.errTrap == 0 || err == nil {
		ip.trace = nil
		return
	}
	if ip.errTrap == 1 && ip.Debugger != nil {
		level := len(ip.dbg)
		where := ip.Where(err, false)
		fmt.Fprintf(ip.Err, "'%s\n%s", err.Error(), where)
		if len(ip.dbg) > level {
			ip.Debugger(level + 1)
		}
		return
	}
	fmt.Fprintf(ip.Err, "'%s\n%s", err.Error(), ip.Where(err, true))
}
