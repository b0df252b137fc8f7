package eval

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gq-dev/gq/eval/format"
	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// Interp is one q interpreter: namespaces, settings, the network. It is not safe for
// concurrent use: one goroutine (the session's main loop) owns it, as q's one thread.
// Only Interrupt may be called from another goroutine.
type Interp struct {
	Out, Err io.Writer      // stdout and stderr of the process (1 and 2 handles, show, 0N!)
	Disp     format.Display // console display settings (\P and \c)
	Net      Net            // the network; nil until cmd/gq wires an *ipc.Manager

	// Exit ends the process (\\ and exit); cmd/gq may replace it. Default os.Exit.
	Exit func(code int)
	// Timer is called when \t n sets the .z.ts timer interval (0 stops it).
	Timer func(ms int)
	// Trace is called when \trace level [file] sets the wire trace: 0 off, 1 one line
	// per IPC event, 2 with the bytes; to file, or stderr when file is "". cmd/gq sets
	// it; nil means this interpreter has no network to trace.
	Trace func(level int, file string) error
	// Args are the command-line arguments after the script (.z.x); RawArgs the whole
	// command line, program name first (.z.X).
	Args, RawArgs []string
	// Quiet is the -q option (.z.q).
	Quiet bool
	// ScriptFile is the script given on the command line (.z.f).
	ScriptFile string
	// ZW is the handle of the message being served (.z.w); 0 at the console.
	ZW int32

	nss       map[string]*namespace
	root, cur *namespace
	zns, qns  *namespace
	frames    []*frame // frame pool, indexed by call depth
	depth     int
	interrupt atomic.Bool
	timerMS   int
	traceLvl  int // \trace
	seed      int32
	rng       *rand.Rand   // ? and rand: thread-local, as kdb+'s (syscmds.md \S), search.go
	secRng    []*rand.Rand // secondary k's, kept from one peach to the next (peach.go)
	Debug     bool         // report Go stacks for internal errors
	// Access limits from the command line, for what clients send (.z.w not 0):
	// Restricted (-u) refuses system commands, exit and files outside the current
	// directory ('access); BlockWrites (-b) refuses changes to globals ('noupdate);
	// NoExpunge (-U, -u file) refuses \x everywhere.
	Restricted, BlockWrites, NoExpunge bool
	deferring                          deferState    // the sync request being served (-30!)
	peerAddr                           *int32        // .z.a inside .z.pw and .z.pc
	wireDepth                          int           // forWire's nesting
	reqTimeout                         time.Duration // \T: a client request running longer is interrupted
	errTrap, weekOff                   int
	strCode                            map[stringKey]*stringCode
	readOnly                           int                        // >0 inside reval: globals may not change
	exiting                            bool                       // .z.exit has run
	disk                               diskState                  // file handles (disk.go)
	httpRows, httpCols                 int                        // \C, 0 until set (doth.go's httpSize)
	secMax, secN                       int                        // -s limit and secondaries in use (\s), peach.go
	main                               *Interp                    // a secondary's main Interp (peach.go); nil on the main one
	codes                              map[*value.Lambda]*lamCode // a secondary's own compiled lambdas

	tops  []*frame // top-level frames running (console lines, script statements), for error locations
	trace *trace   // the stack of the last error, until Where shows it (trace.go)
	dbg   []*trace // suspended executions, innermost last: the debugger's levels
	// Debugger, when set (a console on a terminal), runs console lines until the
	// debugger level given is left; \e 1 calls it when a client request fails.
	Debugger func(level int)
}

// New returns an interpreter writing to out and errOut.
func New(out, errOut io.Writer) *Interp {
	initPrimVals()
	ip := &Interp{Out: out, Err: errOut, Disp: format.DefaultDisplay(), nss: map[string]*namespace{},
		Exit: os.Exit, seed: -314159, weekOff: 2, strCode: map[stringKey]*stringCode{}}
	ip.rng = seededRng(ip.seed)
	ip.root = ip.ns("", true)
	ip.cur = ip.root
	ip.Disp.Domain = ip.lookupGlobal // enumerations show their symbols
	ip.zns = ip.ns(".z", true)
	ip.qns = ip.ns(".q", true)
	dq := ip.ns(".Q", true)
	const lower, digits = "abcdefghijklmnopqrstuvwxyz", "0123456789"
	upper := strings.ToUpper(lower)
	ip.qns.vars["csv"] = value.Char(',')
	ip.installDotQ()
	dq.vars["a"] = value.Str(lower)
	dq.vars["A"] = value.Str(upper)
	dq.vars["n"] = value.Str(digits)
	dq.vars["nA"] = value.Str(digits + upper)
	dq.vars["an"] = value.Str(lower + upper + "_" + digits)
	dq.vars["t"] = value.Str(value.TypeChars)
	ip.frames = []*frame{{ip: ip, ns: ip.root}}
	ip.installDotH()
	return ip
}

// Context is the current namespace as \d shows it: "" for the root, ".foo" otherwise
// (the console prompt is q.foo) then).
func (ip *Interp) Context() string { return ip.cur.name }

// Interrupt asks a running evaluation to stop with 'stop (Ctrl-C, SIGINT, -T). It is
// safe to call from any goroutine.
func (ip *Interp) Interrupt() {
	ip.interrupt.Store(true)
	if ip.Net != nil {
		ip.Net.Interrupt() // a wait for a peer's answer gives up too
	}
}

// checkStop raises 'stop when Interrupt was called.
func (ip *Interp) checkStop() {
	if ip.main != nil && ip.main.interrupt.Load() {
		signal("stop") // Ctrl-C stops the secondaries too; the main Interp clears it
	}
	if ip.interrupt.Load() {
		ip.interrupt.Store(false)
		signal("stop")
	}
}

// Input runs one line of console input: through .z.pi when it is defined (called with
// the line and its newline; the handler prints what it wants), else as Exec does.
// System commands always run as such, so \x .z.pi restores the default.
func (ip *Interp) Input(line string) (text string, err error) {
	f := ip.zns.vars["pi"]
	if _, sys := systemCmd(line); f == nil || sys || len(ip.dbg) > 0 {
		return ip.Exec(line)
	}
	ip.interrupt.Store(false)
	_, err = ip.Apply(f, value.Str(line+"\n"))
	return "", err
}

// Exec runs one complete chunk typed at the console or read from a script: a system
// command when it starts with \, q otherwise. It returns the console text of the result
// ("" when nothing prints, otherwise ending in a newline) or the q error. While the
// debugger is suspended in a frame (DebugLevel), the line runs there.
func (ip *Interp) Exec(src string) (text string, err error) {
	if len(ip.dbg) > 0 {
		return ip.debugExec(src)
	}
	return ip.execTop(src)
}

// execTop is Exec at the top level.
func (ip *Interp) execTop(src string) (text string, err error) {
	defer ip.recoverTo(&err, ip.mark())
	ip.interrupt.Store(false)
	if cmd, ok := systemCmd(src); ok {
		fr := ip.topFrame(ip.cur) // the line is frame [0] of an error in a script it loads
		fr.src, fr.at = &codeSrc{text: src}, ip.depth
		ip.tops = append(ip.tops, fr)
		v, show := ip.system(cmd, true)
		ip.tops = ip.tops[:len(ip.tops)-1]
		if !show || v == nil {
			return "", nil
		}
		return ip.showText(v), nil
	}
	v, quiet := ip.run(src)
	if quiet || isGenericNull(v) {
		return "", nil
	}
	return ip.showText(v), nil
}

// showText is the console form of v with its newline.
func (ip *Interp) showText(v value.Value) string {
	if pt, ok := v.(*partTable); ok { // a partitioned table shows its rows (disk_part.go)
		v = ip.whole(pt)
	}
	s := ip.Disp.Show(v)
	if s == "" {
		return ""
	}
	return s + "\n"
}

// EvalString evaluates q source (as an IPC string query is) in the current context
// and returns its value.
func (ip *Interp) EvalString(src string) (v value.Value, err error) {
	defer ip.recoverTo(&err, ip.mark())
	return ip.valueString(src), nil
}

// Apply applies f (a function, a list, a dictionary, a symbol naming one) to args.
func (ip *Interp) Apply(f value.Value, args ...value.Value) (v value.Value, err error) {
	defer ip.recoverTo(&err, ip.mark())
	if s, ok := f.(value.Sym); ok {
		f = ip.mustGlobal(string(s))
	}
	return ip.apply(f, args), nil
}

// Run evaluates already parsed statements at the top level and reports whether the
// result should be shown (false after an assignment or a trailing ;).
func (ip *Interp) Run(stmts []parser.Node) (v value.Value, show bool, err error) {
	defer ip.recoverTo(&err, ip.mark())
	v, quiet := ip.runNodes(stmts, &codeSrc{})
	return v, !quiet && !isGenericNull(v), nil
}

// recoverTo turns a q error panic into *err, and any other panic into an internal
// error, unwinding the call stack to m (the depth on entry: exported methods may be
// called while a lambda waits on a sync request). The stack of a q error is kept for
// Where first.
func (ip *Interp) recoverTo(err *error, m mark) {
	r := recover()
	if r == nil {
		return
	}
	e, ok := r.(*value.Error)
	if ok {
		ip.capture(e, m)
	}
	ip.unwindFrames(m.depth)
	ip.tops = ip.tops[:min(m.tops, len(ip.tops))]
	if ok {
		*err = e
		return
	}
	if isSizeError(r) {
		*err = &value.Error{Msg: "wsfull"}
		return
	}
	if ip.Debug {
		fmt.Fprintf(ip.Err, "internal error: %v\n%s", r, debug.Stack())
	}
	*err = &value.Error{Msg: fmt.Sprintf("internal error: %v", r)}
}

// run parses and runs a chunk at the top level; quiet is true when nothing is shown.
func (ip *Interp) run(src string) (value.Value, bool) {
	return ip.runSrc(&codeSrc{text: parser.Source(src)})
}

// runSrc is run on a chunk that knows where it comes from (a script's file and line).
func (ip *Interp) runSrc(cs *codeSrc) (value.Value, bool) {
	cs.text = parser.Source(cs.text)
	stmts, err := parser.Parse(cs.text)
	if err != nil {
		panic(asQError(err))
	}
	return ip.runNodes(stmts, cs)
}

// runNodes compiles and runs top-level statements left to right.
func (ip *Interp) runNodes(stmts []parser.Node, cs *codeSrc) (value.Value, bool) {
	c := &compiler{ip: ip, ns: ip.cur, src: cs}
	fr := ip.topFrame(ip.cur)
	fr.src, fr.at = cs, ip.depth
	return ip.runIn(stmts, c, fr)
}

// runIn runs top-level statements in frame fr, which is listed in ip.tops meanwhile
// (an error leaves it there for recoverTo to show).
func (ip *Interp) runIn(stmts []parser.Node, c *compiler, fr *frame) (value.Value, bool) {
	ip.tops = append(ip.tops, fr)
	var v value.Value = nullVal
	quiet := false
	for _, s := range stmts {
		e := c.compile(s)
		v = e(fr)
		fr.ret = false
		quiet = s == nil
		if a, ok := s.(*parser.Assign); ok && a != nil {
			quiet = true
		}
	}
	ip.tops = ip.tops[:len(ip.tops)-1]
	return v, quiet
}

// systemCmd reports whether src is a system command (\ after any blanks) and returns
// the text after the \.
func systemCmd(src string) (string, bool) {
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case ' ', '\t':
		case '\\':
			return src[i+1:], true
		default:
			return "", false
		}
	}
	return "", false
}

// valueString implements value on a string: run it in the current context.
func (ip *Interp) valueString(src string) value.Value {
	if cmd, ok := systemCmd(src); ok {
		v, _ := ip.system(cmd, false)
		if v == nil {
			return nullVal
		}
		return v
	}
	code := ip.stringCode(src)
	saved := ip.depth
	var c *compiler
	fr := ip.pushFrame(0)
	fr.ns, fr.lam, fr.src = code.ns, nil, code.src
	var v value.Value = nullVal
	for i, s := range code.stmts {
		if code.exprs[i] == nil { // compiled when first reached, as q reports errors
			if c == nil {
				c = &compiler{ip: ip, ns: code.ns, src: code.src}
			}
			code.exprs[i] = c.compile(s)
		}
		v = code.exprs[i](fr)
		if fr.ret {
			break
		}
	}
	ip.unwindFrames(saved)
	return v
}

// stringCode is the code of a string run by value in the current context. IPC queries
// repeat, so each text is parsed and compiled once per context; the cache is emptied
// when it reaches maxStringCode texts.
func (ip *Interp) stringCode(src string) *stringCode {
	key := stringKey{ip.cur, src}
	if sc := ip.strCode[key]; sc != nil {
		return sc
	}
	stmts, err := parser.ParseCached(src)
	if err != nil {
		panic(asQError(err))
	}
	if len(ip.strCode) >= maxStringCode {
		clear(ip.strCode)
	}
	sc := &stringCode{ns: ip.cur, stmts: stmts, exprs: make([]expr, len(stmts)), src: &codeSrc{text: parser.Source(src)}}
	ip.strCode[key] = sc
	return sc
}

const maxStringCode = 1024

type stringKey struct {
	ns  *namespace
	src string
}

// stringCode holds a text's statements and, once each is first run, its compiled form.
type stringCode struct {
	src   *codeSrc
	ns    *namespace
	stmts []parser.Node
	exprs []expr
}

// topFrame returns a fresh top-level frame for code of context ns (statements typed
// at the console, views): it has no local slots.
func (ip *Interp) topFrame(ns *namespace) *frame {
	return &frame{ip: ip, ns: ns}
}
