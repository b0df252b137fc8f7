package eval

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// whereOf runs src at the console and returns 'msg and the location lines, all frames
// (piped) or the failing one (a terminal, which may suspend).
func whereOf(t *testing.T, ip *Interp, src string, all bool) string {
	t.Helper()
	_, err := ip.Exec(src)
	if err == nil {
		t.Fatalf("%s: no error", src)
	}
	return "'" + err.Error() + "\n" + ip.Where(err, all)
}

// The location lines of kdb+ 4.x: [n] frames innermost first, each with its source and
// a caret under the primitive that failed (docs/basics/debug.md#errors, and the KX
// pages that show q sessions: ref/til.md for a keyword, learn/startingkdb for 2+"a").
func TestErrorLocations(t *testing.T) {
	ip := New(&bytes.Buffer{}, &bytes.Buffer{})
	for _, c := range []struct{ setup, src, want string }{
		// debug.md#errors: q)2+"hi" / 'type / [0] 2+"hi" with the caret under +
		{"", `2+"hi"`, "'type\n  [0]  2+\"hi\"\n        ^\n"},
		// ref/til.md: til 5f, the caret under the keyword applied
		{"", "til 5f", "'type\n  [0]  til 5f\n       ^\n"},
		// an undefined name, the caret under it
		{"", "foo+1", "'foo\n  [0]  foo+1\n       ^\n"},
		// debug.md#debugger: g's frame with its name, the caller's caret under g
		{"g:{a:x*2;a+y};f:{g[x;2#y]}", `f[3;"hello"]`,
			"'type\n  [2]  g:{a:x*2;a+y}\n                 ^\n  [1]  f:{g[x;2#y]}\n          ^\n  [0]  f[3;\"hello\"]\n       ^\n"},
		// debug.md#errors: a nested anonymous lambda takes its enclosing name with @
		{`f0:{{("hi";x+y)}[x*2;"there"]}`, "f0[2]",
			"'type\n  [2]  f0@:{(\"hi\";x+y)}\n                   ^\n  [1]  f0:{{(\"hi\";x+y)}[x*2;\"there\"]}\n           ^\n  [0]  f0[2]\n       ^\n"},
		// an anonymous lambda shows no name (learn/startingkdb: [1] {x+2})
		{"", `{x+2} "xyz"`, "'type\n  [1]  {x+2}\n         ^\n  [0]  {x+2} \"xyz\"\n       ^\n"},
		// an iterator's lambda, and the caret of the caller under each
		{"", "{x+`a} each 1 2", "'type\n  [1]  {x+`a}\n         ^\n  [0]  {x+`a} each 1 2\n              ^\n"},
		// value of a string is a frame of its own
		{"", "value \"1+`a\"", "'type\n  [1]  1+`a\n        ^\n  [0]  value \"1+`a\"\n       ^\n"},
		// an indexed assignment: the caret under its : (as a KX-published session shows
		// for d[`age]:30 on a symbol dictionary)
		{"v:1 2 3", "v[1]:`a", "'type\n  [0]  v[1]:`a\n           ^\n"},
		// a signal: under the '
		{"", "'`oops", "'oops\n  [0]  '`oops\n       ^\n"},
		// a lambda's fast path (x+1 on a local) that falls back to the kernel
		{"inc:{x+1}", "inc`a", "'type\n  [1]  inc:{x+1}\n             ^\n  [0]  inc`a\n       ^\n"},
	} {
		if c.setup != "" {
			if _, err := ip.Exec(c.setup); err != nil {
				t.Fatalf("%s: %v", c.setup, err)
			}
		}
		if got := whereOf(t, ip, c.src, true); got != c.want {
			t.Errorf("%s:\n%s\nwant\n%s", c.src, got, c.want)
		}
	}
	// a trapped error leaves no location behind: @ is error-trap mode 0
	if v, err := ip.Exec("@[{x+1};`a;{x}]"); err != nil || v != "\"type\"\n" {
		t.Errorf("trap: %q %v", v, err)
	}
	if got := whereOf(t, ip, "1+`b", true); got != "'type\n  [0]  1+`b\n        ^\n" {
		t.Errorf("after a trap:\n%s", got)
	}
}

// A script's frames show its full path and line (debug.md: "/kdb+3.5/test.q:5:
// myfun:{2+x}"); \l has a frame of its own between the console line [0] and the
// script's statement, so the statement is [2] and a lambda it calls [3]
// (debug.md#resume: [3] <path>/test.q:3: func:{1+x}).
func TestScriptLocations(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "test.q")
	os.WriteFile(path, []byte("/ test script\na:b:0\nfunc:{1+x}\na:func`a\nb:1\n"), 0o644)
	ip := New(&bytes.Buffer{}, &bytes.Buffer{})
	got := whereOf(t, ip, `\l `+path, true)
	want := "'type\n" +
		"  [3]  " + path + ":3: func:{1+x}\n" + strings.Repeat(" ", 7+len(path)+4+7) + "^\n" +
		"  [2]  " + path + ":4: a:func`a\n" + strings.Repeat(" ", 7+len(path)+4+2) + "^\n" +
		"  [0]  \\l " + path + "\n       ^\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// a multi-line lambda shows the line that failed, with that line's number
	os.WriteFile(path, []byte("f:{[x]\n  a:1;\n  a+x}\nf`a\n"), 0o644)
	got = whereOf(t, ip, `\l `+path, true)
	if !strings.Contains(got, "  [3]  "+path+":3:   a+x}\n"+strings.Repeat(" ", 7+len(path)+4+3)+"^\n") {
		t.Errorf("multi-line lambda:\n%s", got)
	}
}

// At a terminal an error in a lambda suspends it (debug.md#debugger): the failing
// frame only is shown, lines run in it with its locals, .Q.bt[] marks it >>, ` and .
// move, 'msg signals from the frame below, \ leaves the level; an error at the debug
// prompt in a lambda nests (q))), numbered past the debugger's own frame.
func TestDebugger(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	ip.Exec("g:{a:x*2;a+y};f:{g[x;2#y]}")
	if got := whereOf(t, ip, `f[3;"hello"]`, false); got != "'type\n  [2]  g:{a:x*2;a+y}\n                 ^\n" {
		t.Fatalf("suspended:\n%s", got)
	}
	if ip.DebugLevel() != 1 {
		t.Fatalf("level %d", ip.DebugLevel())
	}
	run := func(src, want string) {
		t.Helper()
		got, err := ip.Exec(src)
		if err != nil {
			got = "'" + err.Error() + "\n" + ip.Where(err, false)
		}
		if got != want {
			t.Errorf("%s:\n%q\nwant\n%q", src, got, want)
		}
	}
	run("a*4", "24\n")
	run("y", "\"he\"\n")
	ip.Exec(".Q.bt[]")
	if want := ">>[2]  g:{a:x*2;a+y}\n                 ^\n  [1]  f:{g[x;2#y]}\n          ^\n  [0]  f[3;\"hello\"]\n       ^\n"; out.String() != want {
		t.Errorf(".Q.bt[]:\n%s\nwant\n%s", out.String(), want)
	}
	run("`", "  [1]  f:{g[x;2#y]}\n          ^\n")
	run("x", "3\n")
	run(".", "  [2]  g:{a:x*2;a+y}\n                 ^\n")
	run("x+`a", "'type\n  [4]  x+`a\n        ^\n") // no new level: not in a lambda
	run("{x+y}[a;`b]", "'type\n  [5]  {x+y}\n         ^\n")
	if ip.DebugLevel() != 2 {
		t.Fatalf("nested level %d", ip.DebugLevel())
	}
	run("x", "6\n")
	run(`\`, "")
	run("'myerror", "'myerror\n  [1]  f:{g[x;2#y]}\n          ^\n")
	if ip.DebugLevel() != 1 {
		t.Fatalf("after 'myerror: level %d", ip.DebugLevel())
	}
	run("x", "3\n")
	run(`\`, "")
	if ip.DebugLevel() != 0 {
		t.Fatalf("after \\: level %d", ip.DebugLevel())
	}
	run("a", "'a\n  [0]  a\n       ^\n") // g's local is gone
	// an error at the top level never suspends
	whereOf(t, ip, "1+`a", false)
	if ip.DebugLevel() != 0 {
		t.Errorf("a console line's error suspended")
	}
}

// .Q.bt[] at any point prints the running stack (debug.md#backtrace: f 4 shows [2]
// f@, [1] f, [0] f 4).
func TestBacktrace(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	ip.Exec("f:{{.Q.bt[];x*2}x+1}")
	v, err := ip.Exec("f 4")
	if err != nil || v != "10\n" {
		t.Fatalf("f 4: %q %v", v, err)
	}
	want := "  [2]  f@:{.Q.bt[];x*2}\n           ^\n  [1]  f:{{.Q.bt[];x*2}x+1}\n          ^\n  [0]  f 4\n       ^\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// \e 2 dumps a client request's error and its stack on stderr; \e 0 (the default)
// prints nothing; either way the client gets the error (syscmds.md#e-error-trap-clients).
func TestClientErrorTrap(t *testing.T) {
	var out, errOut bytes.Buffer
	ip := New(&out, &errOut)
	ip.Exec("f:{x+1}")
	if _, err := ip.ServeSync(5, value.Str("f`a")); err == nil || err.Error() != "type" {
		t.Fatalf("\\e 0: %v", err)
	}
	if errOut.Len() != 0 {
		t.Errorf("\\e 0 printed %q", errOut.String())
	}
	ip.Exec(`\e 2`)
	if _, err := ip.ServeSync(5, value.Str("f`a")); err == nil || err.Error() != "type" {
		t.Fatalf("\\e 2: %v", err)
	}
	want := "'type\n  [1]  f:{x+1}\n           ^\n  [0]  f`a\n       ^\n"
	if errOut.String() != want {
		t.Errorf("\\e 2 printed\n%s\nwant\n%s", errOut.String(), want)
	}
	// \e 1 suspends in the console's debugger while the request waits
	ip.Exec(`\e 1`)
	var level int
	ip.Debugger = func(l int) {
		level = l
		if v, err := ip.Exec("x"); err != nil || v != "`a\n" {
			t.Errorf("in the debugger: %q %v", v, err)
		}
		ip.Exec(`\`)
	}
	if _, err := ip.ServeSync(5, value.Str("f`a")); err == nil || err.Error() != "type" {
		t.Fatalf("\\e 1: %v", err)
	}
	if level != 1 || ip.DebugLevel() != 0 {
		t.Errorf("debugger level %d, then %d", level, ip.DebugLevel())
	}
}
