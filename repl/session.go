// Package repl is the q console: it reads lines from a terminal (readline, history,
// colour) or from a pipe, runs them on an interpreter and prints what kdb+ would print.
// Session.Run is gq's main loop (DESIGN §4): console input, IPC work and timer ticks
// all run on its goroutine, one item at a time.
package repl

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/chzyer/readline"
)

// Evaluator runs console chunks. *eval.Interp implements it. Exec returns the console
// text of the result ("" when nothing prints, otherwise ending in "\n") or a q error,
// which the session prints as 'msg. An Evaluator that also has an Interrupt() method
// can be stopped by Ctrl-C (the running evaluation then fails with 'stop).
type Evaluator interface {
	Exec(src string) (string, error)
}

// inputter is the optional half of Evaluator that takes console lines (not script
// chunks) through a user's input handler (.z.pi).
type inputter interface {
	Input(line string) (string, error)
}

// interrupter is the optional half of Evaluator: Interrupt may be called from any
// goroutine while Exec runs on the main loop.
type interrupter interface {
	Interrupt()
}

// Session runs one console. The zero value is not usable: set Interp and the streams,
// then call Run (or Open, Load and Run). A Session is driven by one goroutine.
type Session struct {
	In       io.Reader // console input: a terminal when Interactive, else any reader
	Out, Err io.Writer // results go to Out, errors to Err (kdb+ writes errors to stderr)

	// Interactive uses readline on In: prompt, line editing, history, Ctrl-C handling.
	// It should be true only when In is a terminal (readline.IsTerminal).
	Interactive bool
	// Signals makes the session the process's signal handler: SIGINT interrupts the
	// running evaluation in every mode, SIGTERM exits through \\ (cmd/gq sets it).
	Signals bool
	Color   bool   // colour errors; only honoured when Interactive
	Prompt  string // "q)" normally; "" under -q
	// Context, when set, gives the current namespace ("" or ".foo"); the prompt shows it
	// as q does (q.foo) after \d .foo). It is called on the main loop.
	Context     func() string
	Banner      string // printed by Open when Interactive, before any script output
	HistoryFile string // readline history file ("" for no persistent history)
	Highlight   bool   // colour the line being typed (highlight.go); only with Color

	Interp Evaluator

	// Work carries closures from other goroutines (IPC messages, opens and closes); each
	// runs on the main loop. Nil when there is no network.
	Work <-chan func()
	// Timer, when set, is asked before each wait for the current timer channel (\t can
	// change it at any time); a nil channel means no timer. OnTick runs on each tick
	// (.z.ts).
	Timer  func() <-chan time.Time
	OnTick func()
	// Flush runs after each item and the work it made ready (the transport's FlushAll: queued
	// async messages are written once per batch).
	Flush func()
	// OnError runs after an error is printed (a console line's, a script's, the
	// timer's); gq -exit-on-error leaves there with exit code 1.
	OnError func(err error)
	// KeepAlive tells a piped session whether to keep serving Work after its input
	// ends, as kdb+ does when it listens on a port (q -p 5000 </dev/null).
	KeepAlive func() bool

	rl       *readline.Instance
	restore  func() error // leaves raw mode, if readline entered it
	pal      palette
	opened   bool
	busy     atomic.Bool  // an evaluation is running (Ctrl-C interrupts it)
	reading  atomic.Bool  // readline shows the prompt and owns the terminal
	names    atomic.Value // []string: what Tab completes, taken on the main loop (complete.go)
	cols     atomic.Value // map[string][]string: each table's columns, likewise
	keywords atomic.Value // map[string]bool: what the highlighter colours (highlight.go)
	plainOut bool         // stdout is no terminal: readline draws on stderr (Open)
	sigs     chan os.Signal
	term     chan struct{} // SIGTERM arrived (with Signals)
	closeMu  sync.Once
	lines    <-chan input  // console input, once Run reads it (DebugLoop reads it too)
	next     chan<- string // asks the terminal reader for the next line, with its prompt
	lineErr  bool          // PrintError is printing a console line's error
}

// Open prepares the session: readline and the Ctrl-C handler when interactive. Run
// calls it if needed; call it earlier to get Stdout/Stderr writers that cooperate with
// readline before the interpreter is built.
func (s *Session) Open() error {
	if s.opened {
		return nil
	}
	s.opened = true
	s.pal = newPalette(s.Interactive && s.Color)
	if s.Interactive || s.Signals {
		s.watchSignals()
	}
	if !s.Interactive {
		return nil
	}
	// With stdout redirected (gq | tee log) readline draws the prompt and the line being
	// edited on stderr, the terminal, and stdout gets results only: no control codes.
	s.plainOut = !isTerminalWriter(s.Out)
	cfgOut := s.Out
	if s.plainOut {
		cfgOut = s.Err
	}
	cfg := &readline.Config{
		Prompt:       s.Prompt,
		HistoryFile:  s.HistoryFile,
		HistoryLimit: 1000,
		// lines are saved by readTerminal, with passwords masked (history.go)
		DisableAutoSaveHistory: true,
		AutoComplete:           completer{s},
		InterruptPrompt:        "^C",
		EOFPrompt:              "\n", // Ctrl-D: just end the line, like kdb+
		Stdout:                 cfgOut,
		Stderr:                 s.Err,
	}
	rd := useRedraws(cfg)
	if s.Highlight && s.Color {
		cfg.Painter = highlighter{s}
	}
	if f, ok := s.In.(*os.File); ok {
		cfg.Stdin = f
		// readline's defaults act on the process's fd 0; act on the session's own
		// terminal instead, so a Session can run on any tty (and in tests on a pty).
		fd := int(f.Fd())
		var mu sync.Mutex // Close may restore the terminal from another goroutine
		var st *readline.State
		var bracketed bool // the terminal marks pastes (paste.go)
		cfg.FuncIsTerminal = func() bool { return readline.IsTerminal(fd) }
		cfg.FuncMakeRaw = func() (err error) {
			mu.Lock()
			defer mu.Unlock()
			st, err = readline.MakeRaw(fd)
			rd.forget()
			if err == nil && !bracketed {
				bracketed = bracketPaste(cfgOut, true)
			}
			return err
		}
		cfg.FuncExitRaw = func() error {
			mu.Lock()
			defer mu.Unlock()
			if st == nil {
				return nil
			}
			rd.forget()
			return readline.Restore(fd, st)
		}
		s.usePasteFilter(cfg, f)
		s.restore = func() error {
			err := cfg.FuncExitRaw()
			mu.Lock()
			defer mu.Unlock()
			if bracketed {
				bracketed = !bracketPaste(cfgOut, false)
			}
			return err
		}
		cfg.FuncGetWidth = func() int {
			if w, _, err := readline.GetSize(fd); err == nil && w > 0 {
				return w
			}
			return 80
		}
	} else if s.In != nil {
		cfg.Stdin = io.NopCloser(s.In)
	}
	privateHistory(s.HistoryFile)
	rl, err := readline.NewEx(cfg)
	if err != nil {
		return err
	}
	privateHistory(s.HistoryFile) // readline may have rewritten it with its own mode
	s.rl = rl
	if s.Banner != "" {
		fmt.Fprintln(s.Out, s.Banner)
	}
	return nil
}

// watchSignals makes SIGINT interrupt the running evaluation and nothing else (between
// prompts the terminal is in cooked mode, so Ctrl-C during an evaluation arrives as
// SIGINT; at the prompt readline sees it as a key instead; piped or as a daemon, kill
// -INT stops a runaway request and the process goes on, as kdb+'s does). With Signals,
// SIGTERM leaves through \\, so .z.exit runs.
func (s *Session) watchSignals() {
	s.sigs = make(chan os.Signal, 1)
	sigs := []os.Signal{os.Interrupt}
	if s.Signals {
		sigs = append(sigs, syscall.SIGTERM)
		s.term = make(chan struct{}, 1)
	}
	signal.Notify(s.sigs, sigs...)
	go func(c <-chan os.Signal) {
		for sig := range c {
			if sig == os.Interrupt {
				s.interrupt()
				continue
			}
			select {
			case s.term <- struct{}{}:
			default:
			}
		}
	}(s.sigs)
}

// Close restores the terminal and saves history. It is safe to call more than once
// and from the interpreter's exit hook.
func (s *Session) Close() error {
	var err error
	s.closeMu.Do(func() {
		if s.sigs != nil {
			signal.Stop(s.sigs)
			close(s.sigs)
		}
		if s.rl == nil {
			return
		}
		// readline's Close waits for its reader, which may be blocked in read(2) on the
		// terminal when exit comes from IPC work while the prompt is up; so restore the
		// terminal here and give Close a moment only. History is already on disk:
		// readline appends each line as it is entered.
		if s.restore != nil {
			err = s.restore()
		}
		closed := make(chan struct{})
		go func() { s.rl.Close(); close(closed) }()
		select {
		case <-closed:
		case <-time.After(200 * time.Millisecond):
		}
	})
	return err
}

// Stdout is the writer the interpreter should print to (show, 0N!, -1): while readline
// owns the terminal it redraws the line being typed around the output.
func (s *Session) Stdout() io.Writer { return consoleWriter{s, false} }

// Stderr is Stdout's counterpart for handle 2 and errors.
func (s *Session) Stderr() io.Writer { return consoleWriter{s, true} }

// consoleWriter picks readline's writers once the session is open, so it can be handed
// to the interpreter before Open.
type consoleWriter struct {
	s   *Session
	err bool
}

func (w consoleWriter) Write(b []byte) (int, error) {
	// Console lines run while no prompt is up; only IPC work and timer ticks can print
	// while one is, and only then must readline redraw the line being typed.
	prompting := w.s.rl != nil && w.s.reading.Load()
	switch {
	case prompting && w.err:
		return w.s.rl.Stderr().Write(b)
	case prompting && !w.s.plainOut:
		return w.s.rl.Stdout().Write(b)
	case w.err:
		return w.s.Err.Write(b)
	}
	return w.s.Out.Write(b)
}

// interrupt stops the running evaluation, if any (Ctrl-C).
func (s *Session) interrupt() {
	if !s.busy.Load() {
		return
	}
	if in, ok := s.Interp.(interrupter); ok {
		in.Interrupt()
	}
}

// Run is the main loop. It returns when the input ends (Ctrl-D, end of the pipe) and
// nothing keeps the session alive; \\ and exit leave through the interpreter's exit
// hook instead.
func (s *Session) Run() error {
	if err := s.Open(); err != nil {
		return err
	}
	var lines <-chan input
	var next chan<- string
	s.takeNames()
	if s.Interactive {
		lines, next = s.readTerminal()
	} else {
		lines = readPiped(s.In)
	}
	s.lines, s.next = lines, next
	for {
		var tick <-chan time.Time
		if s.Timer != nil {
			tick = s.Timer()
		}
		select {
		case in, ok := <-lines:
			if !ok || in.err != nil {
				if !s.Interactive && s.KeepAlive != nil && s.KeepAlive() {
					lines = nil // serve the network until \\ or exit
					continue
				}
				if ok && in.err != io.EOF {
					return in.err
				}
				return nil
			}
			s.Line(in.line)
			if next != nil {
				next <- s.prompt() // ask for the next line only now: no q) mid-output
			}
		case w := <-s.Work:
			s.run(w)
			s.settle()
		case <-s.term:
			s.Line(`\\`) // SIGTERM: exit as \\ does, through .z.exit
		case <-tick:
			if s.OnTick != nil {
				s.run(s.OnTick)
			}
			s.settle()
		}
		if lines == nil && !s.KeepAlive() {
			return nil // a daemon with nothing left to serve: no port, no timer
		}
	}
}

// prompt is the prompt for the next line: Prompt with the current context in it.
func (s *Session) prompt() string {
	if s.Prompt == "" || s.Context == nil {
		return s.Prompt + s.debugParens()
	}
	ctx := s.Context()
	if ctx == "" || ctx == "." {
		return s.Prompt + s.debugParens()
	}
	return strings.TrimSuffix(s.Prompt, ")") + ctx + ")" + s.debugParens()
}

// Line runs one console line as typed at the prompt or read from a pipe, prints its
// result or error, then runs the work it made ready and flushes. It is the one entry
// point for console input, used by Run and by the conformance tests alike.
func (s *Session) Line(line string) {
	if !s.opened {
		s.Open()
	}
	line = strings.TrimSuffix(line, "\r")
	if strings.TrimSpace(line) == "" {
		return // an empty line prints nothing
	}
	if in, ok := s.Interp.(inputter); ok {
		s.exec(func() (string, error) { return in.Input(line) })
	} else {
		s.exec(func() (string, error) { return s.Interp.Exec(line) })
	}
	s.settle()
	s.takeNames()
}

// takeNames refreshes what Tab completes, at a console only (on the main loop, so
// readline's goroutine never reads the interpreter).
func (s *Session) takeNames() {
	if n, ok := s.Interp.(namer); ok && s.rl != nil {
		s.names.Store(n.CompletionNames())
	}
	if c, ok := s.Interp.(columner); ok && s.rl != nil {
		s.cols.Store(c.CompletionColumns())
	}
	if k, ok := s.Interp.(keyworder); ok && s.rl != nil && s.keywords.Load() == nil {
		s.keywords.Store(keywordSet(k.Keywords()))
	}
}

// exec runs one evaluation (a console line, a script chunk) and prints the text it
// returns or its error.
func (s *Session) exec(eval func() (string, error)) error {
	var text string
	var err error
	s.run(func() { text, err = eval() })
	if text != "" {
		io.WriteString(s.Stdout(), text)
	}
	if err != nil {
		s.lineErr = true // a console line's or a script's: it may suspend (debug.go)
		s.PrintError(err)
		s.lineErr = false
	}
	return err
}

// PrintError prints a q error as the console does, 'msg (in colour on a terminal).
// Code that runs on the main loop outside a console line, such as the timer, uses it.
func (s *Session) PrintError(err error) {
	s.pal.writeError(s.Stderr(), err.Error())
	s.printWhere(err)
	if s.OnError != nil {
		s.OnError(err)
	}
}

// run runs f as the current evaluation: Ctrl-C interrupts it, and a Go panic that
// escaped the interpreter is reported instead of killing the console.
func (s *Session) run(f func()) {
	s.busy.Store(true)
	defer s.busy.Store(false)
	defer func() {
		if r := recover(); r != nil {
			s.pal.writeError(s.Stderr(), fmt.Sprintf("internal error: %v", r))
		}
	}()
	f()
}

// settle drains the work that is already waiting, then flushes once (DESIGN §4).
func (s *Session) settle() {
	for s.Work != nil {
		select {
		case w := <-s.Work:
			s.run(w)
			continue
		default:
		}
		break
	}
	if s.Flush != nil {
		s.run(s.Flush)
	}
}

// isTerminalWriter reports whether w is a terminal.
func isTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && readline.IsTerminal(int(f.Fd()))
}
