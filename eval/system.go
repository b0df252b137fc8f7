package eval

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// System runs a system command (the text after the backslash) as typed at the
// console; it returns the value to show, or nil when there is nothing to show.
func (ip *Interp) System(cmd string) (v value.Value, err error) {
	defer ip.recoverTo(&err, ip.depth)
	v, show := ip.system(cmd, true)
	if !show {
		return nil, nil
	}
	return v, nil
}

// system runs \cmd; show reports whether the console prints the result (commands
// that set something print nothing). console is false under system"..." and value.
func (ip *Interp) system(cmd string, console bool) (value.Value, bool) {
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
	switch name {
	case "":
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
				if _, ok := v.(*value.Table); ok {
					return true
				}
				return value.IsKeyed(v)
			}
		case "b", "B":
			keep = func(v value.Value) bool { _, ok := v.(*view); return ok }
		}
		return value.Syms(sortedNames(n, keep)), true
	case "x":
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
		return nil, false
	case "W":
		if arg == "" {
			return value.Int(int32(ip.weekOff)), true
		}
		ip.weekOff = int(oneInt(arg))
		return nil, false
	case "o", "z", "g", "s", "T", "E", "u":
		if arg == "" {
			switch name {
			case "o":
				return value.Int(value.NullInt), true
			}
			return value.Int(0), true
		}
		return nil, false
	case "w":
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return value.Longs([]int64{int64(m.HeapAlloc), int64(m.HeapSys), int64(m.HeapSys), 0, 0, int64(m.Sys)}), true
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

// Load runs a q script file as \l does: each chunk as if typed, the value of an
// expression written to Out in k form; the first error stops the load and is returned.
func (ip *Interp) Load(path string) (err error) {
	defer ip.recoverTo(&err, ip.depth)
	ip.load(path)
	return nil
}

// load is Load inside the evaluator (errors panic as q errors).
func (ip *Interp) load(path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		signal(path + ". OS reports: " + osReason(err))
	}
	saved := ip.cur
	defer func() { ip.cur = saved }()
	for _, ch := range Chunks(string(b)) {
		if t := strings.TrimLeft(ch, " \t"); strings.HasPrefix(t, "\\") {
			ip.system(t[1:], false)
			continue
		}
		if v, quiet := ip.run(ch); !quiet && !isGenericNull(v) {
			// a script shows values one per line in k form, cut to the console
			line := ip.Disp.KForm(v)
			if c := ip.Disp.Cols; c >= 3 && len(line) >= c {
				line = line[:c-3] + ".."
			}
			io.WriteString(ip.Out, line+"\n")
		}
	}
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
