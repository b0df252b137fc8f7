package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseArgs(t *testing.T) {
	a, err := parseArgs("gq", []string{"test.q", "-P", "0", "-abc", "123", "-c", "40", "120", "-q", "-p", "5001", "-U", "users.txt", "-t", "100"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Script != "test.q" || a.Precision != 0 || a.Rows != 40 || a.Cols != 120 || !a.Quiet ||
		a.Port != "5001" || a.UserFile != "users.txt" {
		t.Errorf("parsed %+v", a)
	}
	// .z.x: only what q does not consume itself (docs: q test.q -P 0 -abc 123).
	if !reflect.DeepEqual(a.Extra, []string{"-abc", "123"}) {
		t.Errorf(".z.x = %q", a.Extra)
	}
	if !reflect.DeepEqual(a.Opts["t"], []string{"100"}) {
		t.Errorf("-t kept as %q", a.Opts["t"])
	}
	if len(a.Raw) != 16 || a.Raw[0] != "gq" {
		t.Errorf(".z.X = %q", a.Raw)
	}
}

func TestParseArgsNoScript(t *testing.T) {
	a, err := parseArgs("gq", []string{"-p", "5001", "extra"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Script != "" || a.Port != "5001" || a.Precision != -1 || !reflect.DeepEqual(a.Extra, []string{"extra"}) {
		t.Errorf("parsed %+v", a)
	}
}

func TestParseArgsErrors(t *testing.T) {
	for _, argv := range [][]string{{"-c", "25"}, {"-c", "x", "80"}, {"-P"}, {"-P", "seven"}, {"-p"}} {
		if _, err := parseArgs("gq", argv); err == nil {
			t.Errorf("%q: no error", argv)
		}
	}
}

func TestConsoleSize(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	a, _ := parseArgs("gq", nil)
	if _, _, ok := a.consoleSize(env(nil)); ok {
		t.Error("no -c and no environment: the default stands")
	}
	if r, c, ok := a.consoleSize(env(map[string]string{"LINES": "50", "COLUMNS": "132"})); !ok || r != 50 || c != 132 {
		t.Errorf("from $LINES/$COLUMNS: %d %d %v", r, c, ok)
	}
	if r, c, ok := a.consoleSize(env(map[string]string{"COLUMNS": "100"})); !ok || r != 25 || c != 100 {
		t.Errorf("from $COLUMNS only: %d %d %v", r, c, ok)
	}
	a, _ = parseArgs("gq", []string{"-c", "10", "20"})
	if r, c, _ := a.consoleSize(env(map[string]string{"LINES": "50", "COLUMNS": "132"})); r != 10 || c != 20 {
		t.Errorf("-c wins: %d %d", r, c)
	}
}

// -debug is gq's own switch: it is not one of q's options and not passed on in .z.x.
func TestParseArgsDebug(t *testing.T) {
	a, err := parseArgs("gq", []string{"s.q", "-debug", "-x", "1"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Debug || !reflect.DeepEqual(a.Extra, []string{"-x", "1"}) {
		t.Errorf("parsed %+v", a)
	}
	if a, _ := parseArgs("gq", []string{"-p", "5001"}); a.Debug {
		t.Error("debug without -debug")
	}
}

// gq -h and gq --help print the options and leave with 0 (issue 12); after a script
// they are the script's, in .z.x, as q passes on what it does not know.
func TestHelp(t *testing.T) {
	for _, flag := range []string{"-h", "--help"} {
		out := pipeGQ(t, "", flag)
		if !strings.HasPrefix(out, "usage: gq") || !strings.Contains(out, "-T secs") || !strings.Contains(out, "-u 1 | file") {
			t.Errorf("gq %s printed %q", flag, out)
		}
	}
	a, err := parseArgs("gq", []string{"s.q", "-h"})
	if err != nil || a.Help || !reflect.DeepEqual(a.Extra, []string{"-h"}) {
		t.Errorf("after a script -h is the script's: %+v %v", a, err)
	}
}

// -trace is gq's own (\trace from the start): level 1, or the level that follows it;
// anything else after it is the script's.
func TestParseArgsTrace(t *testing.T) {
	for _, c := range []struct {
		argv  []string
		level int
		extra []string
	}{
		{[]string{"-trace"}, 1, nil},
		{[]string{"-trace", "2", "-p", "5001"}, 2, nil},
		{[]string{"s.q", "-trace", "x"}, 1, []string{"x"}},
		{[]string{"-p", "5001"}, 0, nil},
	} {
		a, err := parseArgs("gq", c.argv)
		if err != nil || a.Trace != c.level || !reflect.DeepEqual(a.Extra, c.extra) {
			t.Errorf("%q: trace %d extra %q %v", c.argv, a.Trace, a.Extra, err)
		}
	}
	if out := pipeGQ(t, "", "-h"); !strings.Contains(out, "-trace [1|2]") {
		t.Errorf("gq -h does not list -trace: %q", out)
	}
}
