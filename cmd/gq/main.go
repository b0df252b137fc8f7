// Command gq is a q (kdb+) console clone with kdb+-compatible IPC.
//
//	gq [script.q] [-p port] [-U file] [-q] [-c rows cols] [-P prec] [args...]
//
// On a terminal gq shows the q) prompt with line editing and history; with stdin piped
// it reads one chunk per line and prints what the console would, with no banner and no
// prompt. Arguments that are not q's own options are kept for .z.x.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	"github.com/chzyer/readline"

	"github.com/gq-dev/gq/eval"
	"github.com/gq-dev/gq/ipc"
	"github.com/gq-dev/gq/ipc/wire"
	"github.com/gq-dev/gq/repl"
)

// version is gq's release, shown in the banner.
const version = "0.1"

func main() {
	// q runs on one thread, and so does gq's main loop: with one P the hand-off from a
	// connection's reader to the main loop stays on the same thread instead of waking
	// another (a sync round trip is ~1.3x a bare server's instead of ~1.8x; see bench/).
	// GOMAXPROCS in the environment still wins.
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
	stopProfile = startProfile(os.Getenv("GQ_CPUPROFILE"))
	code := run(os.Args[0], os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopProfile()
	os.Exit(code)
}

// run is main with its process dependencies passed in; it returns the exit code.
func run(prog string, argv []string, stdin *os.File, stdout, stderr io.Writer) int {
	a, err := parseArgs(filepath.Base(prog), argv)
	if err != nil {
		fmt.Fprintln(stderr, "gq:", err)
		fmt.Fprintln(stderr, "usage: gq [script.q | db] [options] [args...]; gq -h lists the options")
		return 1
	}
	if a.Help {
		fmt.Fprintln(stdout, usage)
		return 0
	}
	tty := readline.IsTerminal(int(stdin.Fd()))
	// colour only where a person reads it, and never against NO_COLOR or a dumb terminal
	color := tty && isTerminal(stderr) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
	s := &repl.Session{In: stdin, Out: stdout, Err: stderr, Interactive: tty, Color: color, Signals: true}
	s.Highlight = os.Getenv("GQ_HIGHLIGHT") != "0" // the typed line in colour, where errors are
	if tty {
		s.HistoryFile = historyFile()
		if !a.Quiet {
			s.Prompt = "q)"
			s.Banner = fmt.Sprintf("gq %s (q console clone) %s/%s %s", version, runtime.GOOS, runtime.GOARCH, runtime.Version())
		}
	}
	if err := s.Open(); err != nil {
		fmt.Fprintln(stderr, "gq:", err)
		return 1
	}
	defer s.Close()

	ip := eval.New(s.Stdout(), s.Stderr())
	ip.Exit = func(code int) {
		s.Close() // restore the terminal and save history before leaving
		stopProfile()
		os.Exit(code)
	}
	ip.Args = a.Extra
	ip.RawArgs = append([]string{prog}, argv...)
	ip.Quiet = a.Quiet
	ip.Debug = a.Debug || os.Getenv("GQ_DEBUG") != ""
	ip.ScriptFile = a.Script
	s.Interp = ip
	s.Context = ip.Context
	if a.ExitOnError {
		s.OnError = func(error) { ip.Exec("exit 1") } // through .z.exit, as exit does
	}

	t := &timer{}
	ip.Timer = t.set
	s.Timer = t.channel
	s.OnTick = func() { t.tick(ip, s) }

	// Settings from the command line go through the system commands so that they are
	// checked exactly as \c and \P typed at the prompt.
	if rows, cols, ok := a.consoleSize(os.Getenv); ok {
		s.Line(fmt.Sprintf("\\c %d %d", rows, cols))
	}
	if a.Precision >= 0 {
		s.Line(fmt.Sprintf("\\P %d", a.Precision))
	}
	if ms := a.Opts["t"]; len(ms) == 1 {
		s.Line("\\t " + ms[0])
	}

	// IPC: the Manager serves peers through the interpreter (ipc.Dispatcher) and the
	// interpreter reaches peers through the Manager (eval.Net); its work runs on the
	// session's main loop.
	opts := ipc.Options{Decoder: wire.Decoder{Prims: eval.WirePrim, Funcs: eval.WireFunc}}
	// -u 1 restricts clients; -u file does that and checks logins as -U file does;
	// a password file also disables \x (docs/basics/cmdline.md).
	userFile := a.UserFile
	if u := a.Opts["u"]; len(u) == 1 && u[0] != "0" {
		ip.Restricted = true
		if u[0] != "1" {
			userFile = u[0]
		}
	}
	_, ip.BlockWrites = a.Opts["b"]
	ip.NoExpunge = userFile != ""
	if userFile != "" {
		users, err := ipc.LoadUsers(userFile)
		if err != nil {
			fmt.Fprintln(stderr, "gq:", err)
			return 1
		}
		opts.Users = users
	}
	// -s N: N secondary goroutines for peach (docs/basics/cmdline.md#-s-secondary-threads),
	// and threads for them to run on: the main loop's one and N more, up to the cores.
	if sn := a.Opts["s"]; len(sn) == 1 {
		n, err := strconv.Atoi(sn[0])
		if err != nil || n < 0 || n > 1024 {
			fmt.Fprintln(stderr, "gq: -s wants a number of secondary threads:", sn[0])
			return 1
		}
		ip.SetSecondaries(n)
		if n > 0 && os.Getenv("GOMAXPROCS") == "" {
			runtime.GOMAXPROCS(min(n+1, max(runtime.NumCPU(), 1)))
		}
	}
	// -w MB: a request asking for more gets 'wsfull (docs/basics/cmdline.md#-w-workspace);
	// no message larger than the workspace is read either.
	if w := a.Opts["w"]; len(w) == 1 {
		mb, err := strconv.ParseInt(w[0], 10, 64)
		if err != nil || mb < 0 || mb >= 1<<30 {
			fmt.Fprintln(stderr, "gq: -w wants a number of megabytes:", w[0])
			return 1
		}
		if b := eval.SetWorkspace(mb); b > 0 && b < ipc.DefaultMaxMsg {
			opts.MaxMsg = int(b)
		}
	}
	// -g 0/1: garbage collection deferred (kdb+'s default) or immediate
	// (docs/basics/cmdline.md#-g-garbage-collection); eval/alloc.go says how gq maps
	// that onto Go's collector.
	if g := a.Opts["g"]; len(g) == 1 {
		if g[0] != "0" && g[0] != "1" {
			fmt.Fprintln(stderr, "gq: -g wants 0 or 1:", g[0])
			return 1
		}
		eval.SetGCMode(int(g[0][0] - '0'))
	}
	// -E 0/1/2: plain, plain and TLS, TLS only (docs/basics/cmdline.md#-e-tls-server-mode).
	if e := a.Opts["E"]; len(e) == 1 {
		mode, err := strconv.Atoi(e[0])
		if err != nil || mode < 0 || mode > 2 {
			fmt.Fprintln(stderr, "gq: -E wants 0, 1 or 2:", e[0])
			return 1
		}
		opts.TLSMode = mode
	}
	opts.Log = s.Stderr()
	m := ipc.NewManager(ip, opts)
	defer m.Shutdown()
	ip.Net = m
	tr := &tracer{m: m, ip: ip, err: s.Stderr()}
	ip.Trace = tr.set
	if a.Trace > 0 {
		s.Line(fmt.Sprintf(`\trace %d`, a.Trace))
	}
	s.Work = m.Work()
	s.Flush = m.FlushAll
	// Piped, as a daemon (stdin at EOF): go on while listening or while the timer runs,
	// as `q tick.q -p 5010 </dev/null &` does.
	s.KeepAlive = func() bool { return m.Port() != 0 || t.t != nil }
	if a.Port != "" {
		s.Line(`\p ` + a.Port)
	}
	if secs := a.Opts["T"]; len(secs) == 1 {
		s.Line(`\T ` + secs[0])
	}
	// -e [0|1|2]: what a client request's error does (\e, docs/basics/cmdline.md#-e-error-traps);
	// mode 1 suspends in the debugger, which needs the console on a terminal.
	if e, ok := a.Opts["e"]; ok {
		mode := "1" // -e alone
		if len(e) == 1 {
			mode = e[0]
		}
		s.Line(`\e ` + mode)
	}
	if s.Interactive {
		ip.Debugger = s.DebugLoop
	}

	if a.Script != "" {
		// Errors are printed by Load; as in kdb+, the console carries on after them.
		if err := s.Load(a.Script); err != nil && os.IsNotExist(err) {
			fmt.Fprintf(s.Stderr(), "'%s. OS reports: No such file or directory\n", a.Script)
		}
	}
	if err := s.Run(); err != nil {
		fmt.Fprintln(stderr, "gq:", err)
		return 1
	}
	// The input has ended: leave as \\ does, so .z.exit runs as kdb+ runs it on exit.
	s.Line(`\\`)
	return 0
}

// isTerminal reports whether w is a terminal: colour only goes where a person reads.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && readline.IsTerminal(int(f.Fd()))
}

// historyFile is where readline keeps the console history between sessions.
func historyFile() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".gq_history")
}
