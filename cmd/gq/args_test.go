package main

import (
	"reflect"
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
