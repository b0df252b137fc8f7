package main

import (
	"fmt"
	"strconv"
	"strings"
)

// Args is q's command line: `q [file] [-option [parameters] ...]`. q mixes a
// positional script with single-letter options, one of which (-c) takes two values,
// and passes anything it does not know on to the program as .z.x, so it is parsed by
// hand rather than with package flag.
type Args struct {
	Script    string // the file to load (.z.f); only the first argument can be one
	Port      string // -p [rp,][host:]port, as given
	UserFile  string // -U file: user:password lines for IPC logins
	Quiet     bool   // -q: no banner, no prompt
	Rows      int    // -c rows cols (0 when not given)
	Cols      int    //
	Precision int    // -P n (-1 when not given)
	Debug     bool   // -debug (gq's own option): print the Go stack of an internal error
	Help      bool   // -h or --help first: print the options and leave
	// ExitOnError (-exit-on-error, gq's own): the first error printed ends gq with
	// exit code 1 (through .z.exit), so shell scripts and CI can rely on the code.
	ExitOnError bool
	Extra       []string // .z.x: the arguments that are neither the script nor q's options
	Raw         []string // .z.X: the whole command line, program name first
	// Opts holds every q option seen, with its parameters, including those gq accepts
	// but does not act on yet (-t, -T, -s, ...); the last occurrence wins.
	Opts map[string][]string
	// Trace (-trace [level], gq's own) starts with \trace level: the wire trace on stderr.
	Trace int
}

// qOptions gives the number of parameters of each of q's own single-letter options
// (docs/basics/cmdline.md). They are not passed on in .z.x.
var qOptions = map[string]int{
	"b": 0, "c": 2, "C": 2, "e": 1, "E": 1, "g": 1, "l": 0, "L": 0, "m": 1,
	"o": 1, "p": 1, "P": 1, "q": 0, "r": 1, "s": 1, "S": 1, "t": 1, "T": 1,
	"u": 1, "U": 1, "w": 1, "W": 1, "z": 1,
}

// parseArgs parses argv (without the program name); prog is only recorded in Raw.
func parseArgs(prog string, argv []string) (*Args, error) {
	a := &Args{Precision: -1, Opts: map[string][]string{}}
	a.Raw = append([]string{prog}, argv...)
	i := 0
	if len(argv) > 0 && !strings.HasPrefix(argv[0], "-") {
		a.Script = argv[0]
		i = 1
	}
	for ; i < len(argv); i++ {
		arg := argv[i]
		name := strings.TrimPrefix(arg, "-")
		if arg == "-debug" {
			a.Debug = true
			continue
		}
		if arg == "-exit-on-error" {
			a.ExitOnError = true
			continue
		}
		if arg == "-trace" {
			a.Trace = 1
			if i+1 < len(argv) && (argv[i+1] == "1" || argv[i+1] == "2") {
				a.Trace = int(argv[i+1][0] - '0')
				i++
			}
			continue
		}
		if (arg == "-h" || arg == "--help") && i == 0 {
			a.Help = true // gq's own: q has no -h, and passes it on in .z.x
			continue
		}
		n, ok := qOptions[name]
		if !ok || name == arg {
			a.Extra = append(a.Extra, arg) // custom options and their values: .z.x
			continue
		}
		params := argv[i+1:]
		if name == "e" && (len(params) == 0 || strings.HasPrefix(params[0], "-")) {
			n = 0 // -e alone means -e 1
		}
		if len(params) < n {
			return nil, fmt.Errorf("-%s: expected %d parameter(s)", name, n)
		}
		params = params[:n]
		i += n
		a.Opts[name] = params
		var err error
		switch name {
		case "p":
			a.Port = params[0]
		case "U":
			a.UserFile = params[0]
		case "q":
			a.Quiet = true
		case "c":
			if a.Rows, err = strconv.Atoi(params[0]); err == nil {
				a.Cols, err = strconv.Atoi(params[1])
			}
		case "P":
			a.Precision, err = strconv.Atoi(params[0])
		}
		if err != nil {
			return nil, fmt.Errorf("-%s: %s is not a number", name, strings.Join(params, " "))
		}
	}
	return a, nil
}

// consoleSize is the \c setting to start with: -c when given, else $LINES and
// $COLUMNS when set (docs/basics/cmdline.md: they are taken as the default), else
// kdb+'s 25 80. ok is false when nothing overrides the default.
func (a *Args) consoleSize(getenv func(string) string) (rows, cols int, ok bool) {
	if a.Rows > 0 {
		return a.Rows, a.Cols, true
	}
	rows, cols = 25, 80
	if n, err := strconv.Atoi(getenv("LINES")); err == nil && n > 0 {
		rows, ok = n, true
	}
	if n, err := strconv.Atoi(getenv("COLUMNS")); err == nil && n > 0 {
		cols, ok = n, true
	}
	return rows, cols, ok
}

// usage is what gq -h prints: the command line, q's options that gq acts on, and gq's own.
const usage = `usage: gq [script.q | db] [options] [args...]

  script.q         load a q script (its values print in k form), then the console
  db               load a kdb+ database directory (splayed or partitioned tables)
  -p [host:]port   listen for kdb+ clients (0W: any free port); also \p
  -T secs          stop a client request running longer with 'stop; also \T
  -U file          only the user:password lines of file may log in; disables \x
  -E 0|1|2         TLS on the port: 0 plain, 1 plain and TLS, 2 TLS only; certificate
                   and key from SSL_CERT_FILE and SSL_KEY_FILE (KX_ names first)
  -u 1 | file      clients: no system commands, exit or files outside .; with a file, -U too
  -b               clients may not change globals ('noupdate)
  -w MB            workspace limit: a request asking for more gets 'wsfull; also \w
  -g 0|1           garbage collection: 0 deferred (the default), 1 immediate: big
                   vectors hand freed memory back to the OS; also \g and .Q.gc[]
  -e 0|1|2         a client request's error: 0 answered, 1 the console's debugger
                   suspends the server, 2 its stack goes to stderr; also \e
  -t ms            timer period for .z.ts; also \t
  -s N             N secondary threads for peach and .Q.fc; also \s (up to N)
  -c rows cols     console size; also \c
  -P digits        float display precision; also \P
  -q               quiet: no banner, no prompt
  -exit-on-error   the first error printed ends gq with exit code 1 (as kdb+, gq
                   otherwise carries on after an error, and exits 0 at the end of input)
  -trace [1|2]     print each IPC event on stderr (2: with the bytes); also \trace
  -debug           print the Go stack of an internal error (also GQ_DEBUG=1)
  -h, --help       this text

Other arguments are the script's, in .z.x. Piped input runs line by line with no prompt.
On a terminal, errors and the line being typed are in colour: NO_COLOR or TERM=dumb
turn colour off, GQ_HIGHLIGHT=0 only the line's.`
