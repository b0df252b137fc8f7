package eval

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// System runs a system command (the text after the backslash) as typed at the
// console; it returns the value to show, or nil when there is nothing to show.
func (ip *Interp) System(cmd string) (v value.Value, err error) {
	defer ip.recoverTo(&err, ip.mark())
	v, show := ip.system(cmd, true)
	if !show {
		return nil, nil
	}
	return v, nil
}

// system runs \cmd; show reports whether the console prints the result (commands
// that set something print nothing). console is false under system"..." and value.
func (ip *Interp) system(cmd string, console bool) (value.Value, bool) {
	if ip.main != nil {
		signal("sys") // a secondary (peach): errors.md 'sys
	}
	cmd = strings.TrimRight(cmd, " \t\r\n")
	name, arg := cmd, ""
	if i := strings.IndexAny(cmd, " \t"); i >= 0 {
		name, arg = cmd[:i], strings.TrimSpace(cmd[i+1:])
	}
	// \t:n and \ts:n
	reps := int64(1)
	if i := strings.IndexByte(name, ':'); i > 0 && (name[:i] == "t" || name[:i] == "ts") {
		n, err := strconv.ParseInt(name[i+1:], 10, 64)
		if err != nil {
			// \t:n expr with a variable (or expression) count
			var ok bool
			if n, ok = intAtom(ip.valueString(name[i+1:])); !ok {
				errType()
			}
		}
		reps, name = n, name[:i]
	}
	if ip.Restricted && ip.ZW != 0 { // -u: no system commands from clients, \\ included
		signal("access")
	}
	switch name {
	case "":
		return nil, false
	case "?":
		io.WriteString(ip.Out, ip.systemHelp(arg))
		return nil, false
	case "\\":
		ip.exit(0)
		return nil, false
	case "c":
		if arg == "" {
			return value.Ints([]int32{int32(ip.Disp.Rows), int32(ip.Disp.Cols)}), true
		}
		ns := intArgs(arg)
		if len(ns) != 2 {
			errType()
		}
		ip.Disp.Rows, ip.Disp.Cols = clampInt(ns[0], 10, 2000), clampInt(ns[1], 10, 2000)
		return nil, false
	case "C": // HTTP display size (.h.jx): rows and columns, default 36 2000 (syscmds.md)
		if arg == "" {
			r, c := ip.httpSize()
			return value.Ints([]int32{int32(r), int32(c)}), true
		}
		ns := intArgs(arg)
		if len(ns) != 2 {
			errType()
		}
		ip.httpRows, ip.httpCols = clampInt(ns[0], 10, 2000), clampInt(ns[1], 10, 2000)
		return nil, false
	case "P":
		if arg == "" {
			return value.Int(int32(ip.Disp.Precision)), true
		}
		ns := intArgs(arg)
		if len(ns) != 1 || ns[0] < 0 || ns[0] > 17 {
			errDomain()
		}
		ip.Disp.Precision = int(ns[0])
		return nil, false
	case "d":
		if arg == "" {
			if ip.cur.name == "" {
				return value.Sym("."), true
			}
			return value.Sym(ip.cur.name), true
		}
		if arg == "." {
			ip.cur = ip.root
			return nil, false
		}
		if arg[0] != '.' {
			signal(arg)
		}
		ip.cur = ip.ns(arg, true)
		return nil, false
	case "v", "f", "a", "b", "B":
		n := ip.cur
		if arg != "" {
			n = ip.ns(arg, false)
			if n == nil {
				if arg == "." {
					n = ip.root
				} else {
					signal(arg)
				}
			}
		}
		var keep func(value.Value) bool
		switch name {
		case "f":
			keep = func(v value.Value) bool { _, ok := v.(*value.Lambda); return ok }
		case "a":
			keep = func(v value.Value) bool {
				switch v.(type) {
				case *value.Table, *partTable:
					return true
				}
				return value.IsKeyed(v)
			}
		case "b", "B":
			keep = func(v value.Value) bool { _, ok := v.(*view); return ok }
		}
		return value.Syms(sortedNames(n, keep)), true
	case "x":
		if ip.NoExpunge { // -U disables \x, even at the console
			signal("access")
		}
		if arg == "" {
			errType()
		}
		ip.deleteGlobal(arg)
		return nil, false
	case "p":
		if arg == "" {
			port := 0
			if ip.Net != nil {
				port = ip.Net.Port()
			}
			return value.Int(int32(port)), true
		}
		if ip.Net == nil {
			signal("nyi")
		}
		if _, err := ip.Net.Listen(arg); err != nil {
			panic(asQError(err))
		}
		return nil, false
	case "t", "ts":
		if arg == "" && name == "t" {
			return value.Int(int32(ip.timerMS)), true
		}
		if name == "t" {
			if n, err := strconv.ParseInt(arg, 10, 32); err == nil {
				ip.timerMS = int(n)
				if ip.Timer != nil {
					ip.Timer(int(n))
				}
				return nil, false
			}
		}
		return ip.timeIt(arg, reps, name == "ts"), true
	case "l":
		if arg == "" {
			errType()
		}
		if name, ok := ip.loadSplayed(arg); ok { // \l dir of a splayed table gives its name
			return name, true
		}
		ip.load(arg)
		return nil, false
	case "e":
		if arg == "" {
			return value.Int(int32(ip.errTrap)), true
		}
		ip.errTrap = int(oneInt(arg))
		return nil, false
	case "S":
		if arg == "" {
			return value.Int(ip.seed), true
		}
		ip.seed = int32(oneInt(arg))
		ip.rng = seededRng(ip.seed) // this thread's only (syscmds.md \S, "Thread-local")
		return nil, false
	case "W":
		if arg == "" {
			return value.Int(int32(ip.weekOff)), true
		}
		ip.weekOff = int(oneInt(arg))
		return nil, false
	case "T": // client requests running longer than n seconds stop with 'stop
		if arg == "" {
			return value.Int(int32(ip.reqTimeout / time.Second)), true
		}
		n := oneInt(arg)
		if n < 0 {
			signal("domain")
		}
		ip.reqTimeout = time.Duration(n) * time.Second
		return nil, false
	case "E":
		if arg == "" {
			return ip.tlsMode(), true
		}
		return nil, false
	case "s":
		return ip.secondaries(arg), arg == "" || arg == "0N"
	case "g":
		return ip.gcCmd(arg)
	case "o", "z", "u":
		if arg == "" {
			switch name {
			case "o":
				return value.Int(value.NullInt), true
			}
			return value.Int(0), true
		}
		return nil, false
	case "w":
		return ip.workspace(arg), true
	case "trace":
		return ip.traceCmd(arg)
	case "cd":
		if arg == "" {
			wd, _ := os.Getwd()
			return value.Str(wd), true
		}
		if err := os.Chdir(arg); err != nil {
			signal(arg)
		}
		return nil, false
	case "_":
		if arg == "" {
			return value.Bool(false), true
		}
	case "1", "2":
		errNyi()
	}
	return ip.osCommand(cmd), true
}

// osCommand runs an unknown \cmd in the shell, as kdb+ does; its output lines are
// the result, and a failure is 'os.
func (ip *Interp) osCommand(cmd string) value.Value {
	c := exec.Command("/bin/sh", "-c", cmd)
	c.Stderr = ip.Err
	out, err := c.Output()
	if err != nil {
		signal("os")
	}
	s := strings.TrimSuffix(string(out), "\n")
	if s == "" {
		return &value.List{Items: []value.Value{}}
	}
	lines := strings.Split(s, "\n")
	r := make([]value.Value, len(lines))
	for i, l := range lines {
		r[i] = value.Str(l)
	}
	return &value.List{Items: r}
}

// timeIt runs q source reps times: \t gives milliseconds, \ts milliseconds and bytes.
func (ip *Interp) timeIt(src string, reps int64, space bool) value.Value {
	var meter *peakMeter
	if space {
		meter = startPeak()
		defer meter.end(nil) // an error in src still restores the collector
	}
	start := time.Now()
	var last value.Value
	for i := int64(0); i < reps; i++ {
		last = ip.valueString(src)
	}
	ms := time.Since(start).Milliseconds()
	if !space {
		return value.Long(ms)
	}
	// the peak of one run: the runs free what they make, so the peak over all of
	// them is one run's (syscmds.md \ts: "time and space")
	return value.Longs([]int64{ms, meter.end(last)})
}

// intArgs reads space-separated integers.
func intArgs(s string) []int64 {
	var r []int64
	for _, f := range strings.Fields(s) {
		n, err := strconv.ParseInt(strings.TrimRight(f, "ijh"), 10, 64)
		if err != nil {
			errType()
		}
		r = append(r, n)
	}
	return r
}

func oneInt(s string) int64 {
	ns := intArgs(s)
	if len(ns) != 1 {
		errType()
	}
	return ns[0]
}

func clampInt(n, lo, hi int64) int {
	if n < lo {
		n = lo
	}
	if n > hi {
		n = hi
	}
	return int(n)
}

// LoadScript runs script text as kdb+ loads a script (q script.q): chunk by chunk
// (parser.Chunks), each giving the line it prints (scriptChunk). step runs each chunk's
// evaluation and returns its error, which stops the script: the console passes one
// that prints and serves IPC work between chunks.
func (ip *Interp) LoadScript(src string, step func(chunk func() (string, error)) error) error {
	chunks, lines := parser.ChunkLines(src)
	file := ip.ScriptFile
	if abs, err := filepath.Abs(file); err == nil && file != "" {
		file = abs // error locations show the full path, as kdb+'s do
	}
	for i, ch := range chunks {
		err := step(func() (text string, err error) {
			m := ip.mark()
			m.base = max(m.base, 1) // [0] is the command line, hidden; [1] its \l
			defer ip.recoverTo(&err, m)
			ip.interrupt.Store(false)
			return ip.scriptChunk(&codeSrc{text: ch, file: file, line: lines[i], script: true}), nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// load is \l inside the evaluator (errors panic as q errors); the script runs in the
// context it starts in, and \d inside it does not outlive it.
func (ip *Interp) load(path string) {
	if st, err := os.Stat(path); err == nil && st.IsDir() { // a splayed table or a database (disk_part.go)
		ip.loadDir(path)
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		signal(path + ". OS reports: " + osReason(err))
	}
	saved := ip.cur
	defer func() { ip.cur = saved }()
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	chunks, lines := parser.ChunkLines(string(b))
	for i, ch := range chunks {
		io.WriteString(ip.Out, ip.scriptChunk(&codeSrc{text: ch, file: path, line: lines[i], script: true}))
	}
}

// scriptChunk runs one chunk of a script and returns what kdb+ prints for it: a system
// command prints nothing, an expression's value prints on one line in k form (not the
// console display), cut to the console width.
func (ip *Interp) scriptChunk(cs *codeSrc) string {
	if t := strings.TrimLeft(cs.text, " \t"); strings.HasPrefix(t, "\\") {
		ip.system(t[1:], false)
		return ""
	}
	v, quiet := ip.runSrc(cs)
	if quiet || isGenericNull(v) {
		return ""
	}
	return ip.Disp.KFormLine(v) + "\n"
}

// osReason is the system's text for a file error, as kdb+ reports it ("No such file
// or directory").
func osReason(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		m := errno.Error()
		return strings.ToUpper(m[:1]) + m[1:]
	}
	return err.Error()
}

// getenv implements getenv x, the value of environment variable x, "" when unset:
// getenv`HOME is "/root".
func getenv(x value.Value) value.Value {
	s, ok := x.(value.Sym)
	if !ok {
		errType()
	}
	return value.Str(os.Getenv(string(s)))
}

// setenv implements x setenv y, setting environment variable x to the string y:
// `RTMP setenv "/tmp". It returns the generic null.
func setenv(x, y value.Value) value.Value {
	s, ok := x.(value.Sym)
	if !ok {
		errType()
	}
	v, ok := qStringArg(y)
	if _, atom := y.(value.Char); !ok || atom {
		errType()
	}
	os.Setenv(string(s), v) // kdb+ reports nothing when the OS refuses a name
	return nullVal
}

// viewText implements view x: the expression that defines the view named x
// (v::2+a*3; view`v is "2+a*3").
func (ip *Interp) viewText(x value.Value) value.Value {
	s, ok := x.(value.Sym)
	if !ok {
		errType()
	}
	nsName, vn := splitName(string(s), ip.cur.name)
	if n := ip.ns(nsName, false); n != nil {
		if vw, ok := n.vars[vn].(*view); ok {
			return value.Str(vw.src)
		}
	}
	signal(string(s))
	return nil
}

// viewsKw is views[], `s#`v`w.
func viewsKw(ip *Interp, _ value.Value) value.Value {
	v, _ := ip.system("b", false)
	return setAttr("s", v)
}

// workspace is \w (docs/basics/syscmds.md#w-workspace): with no argument the six
// memory figures, the -w limit fourth; \w 0 and \w 1 the symbol count and its memory
// (gq interns no symbols: 0 0); \w n raises the -w limit to n MB (never lowers it) and
// gives it in bytes, only when -w was on the command line ('-w init via cmd line
// otherwise); a number too large for a limit falls back to \w 0, as kdb+'s does.
// gcCmd is \g [mode]: the garbage-collection mode, 0 deferred or 1 immediate; setting
// it runs .Q.gc[] as kdb+ does (docs/basics/syscmds.md#g-garbage-collection-mode).
func (ip *Interp) gcCmd(arg string) (value.Value, bool) {
	if arg == "" {
		return value.Int(int32(gcMode())), true
	}
	n := oneInt(arg)
	if n != 0 && n != 1 {
		signal("domain")
	}
	SetGCMode(int(n))
	gcRelease()
	return nil, false
}

func (ip *Interp) workspace(arg string) value.Value {
	if arg == "" {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		// heap: what the heap holds from the OS now; peak: the most it has mapped
		heap := int64(m.HeapSys - m.HeapReleased)
		return value.Longs([]int64{int64(m.HeapAlloc), heap, int64(m.HeapSys), Workspace(), 0, physMem(int64(m.Sys))})
	}
	n := oneInt(arg)
	if n == 0 || n == 1 || n < 0 || n >= 1<<30 {
		return value.Longs([]int64{0, 0})
	}
	if Workspace() == 0 {
		signal("-w init via cmd line")
	}
	if b := n << 20; b > Workspace() {
		return value.Long(SetWorkspace(n))
	}
	return value.Long(Workspace())
}
