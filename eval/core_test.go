package eval

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

func TestLoadScript(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "s.q")
	os.WriteFile(p, []byte("sa:1\nsf:{[x]\n  x*10}\n\\d .sx\nv:5\n"), 0o644)
	var out bytes.Buffer
	ip := New(&out, &out)
	if _, err := ip.Exec(`\l ` + p); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{"sf sa": "10\n", ".sx.v": "5\n", `\d`: "`.\n"} {
		got, err := ip.Exec(in)
		if err != nil || got != want {
			t.Errorf("%s: got %q %v, want %q", in, got, err, want)
		}
	}
}

func TestInterrupt(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	go func() {
		time.Sleep(50 * time.Millisecond)
		ip.Interrupt()
	}()
	_, err := ip.Exec("{x+1}/[{x>0};1]")
	if err == nil || err.Error() != "stop" {
		t.Fatalf("got %v, want 'stop", err)
	}
	if got, _ := ip.Exec("1+1"); got != "2\n" {
		t.Fatalf("session broken after stop: %q", got)
	}
}

func TestStackAndRecovery(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	if _, err := ip.Exec("f:{f x+1}"); err != nil {
		t.Fatal(err)
	}
	if _, err := ip.Exec("f 0"); err == nil || err.Error() != "stack" {
		t.Fatalf("got %v, want 'stack", err)
	}
	// locals start unset (reading as ()) after an error unwound the frames, not with a
	// value left by an earlier call
	ip.Exec("g:{[a] if[a;b:1]; b}")
	ip.Exec("g 1")
	if got, err := ip.Exec("count g 0"); err != nil || got != "0\n" {
		t.Fatalf("got %q %v, want 0", got, err)
	}
}

func TestEvalStringApply(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	v, err := ip.EvalString("{x*y}")
	if err != nil {
		t.Fatal(err)
	}
	r, err := ip.Apply(v, value.Long(6), value.Long(7))
	if err != nil || r != value.Value(value.Long(42)) {
		t.Fatalf("Apply = %v %v", r, err)
	}
	if _, err := ip.Apply(v, value.Long(1), value.Sym("a")); err == nil || err.Error() != "type" {
		t.Fatalf("want 'type, got %v", err)
	}
	if _, err := ip.EvalString("1+"); err != nil {
		t.Fatalf("projection: %v", err)
	}
}

func TestExitHook(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	code := -1
	ip.Exit = func(c int) { code = c }
	ip.Exec(`\\`)
	if code != 0 {
		t.Fatalf("\\\\ exit code %d", code)
	}
	ip.Exec("exit 3")
	if code != 3 {
		t.Fatalf("exit 3 gave %d", code)
	}
}

func TestTiming(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	got, err := ip.Exec(`\t:10 til 100`)
	if err != nil || strings.TrimSpace(got) == "" {
		t.Fatalf("\\t: %q %v", got, err)
	}
	got, err = ip.Exec(`\ts til 100`)
	if err != nil || len(strings.Fields(got)) != 2 {
		t.Fatalf("\\ts: %q %v", got, err)
	}
}

func TestNoPanicEscapes(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	for _, s := range []string{"{", "@[;1;2]", ".[;;]", "()[0]", "(::)[1;2]", "{x}[;]", "'", "a[", "1 2 3[5;6]",
		"`a`b!1", "f:{x y z}", "f[1;2;3]", "value {x}", "-16!1", "\\x .z.pg", "\\v", "\\f", "\\badcommandxyz",
		"(+)[1;2;3]", "{x+y}[1;2;3]", "@[1 2;5;:;1]", ".[1 2;(0;0);:;1]", "+/[]", "'[]", "(1;2)[;]", "`a[1]",
		"d:`a`b!1 2;d[`a;1]", "t:([]a:1 2);t[5]", "t[`zz]", "0 1'[1]", "{x}'[]", "{[a;b]}[1]2", "value ()",
		"eval ()", "1 2 3 in'4", "$[1;2]", "if[`a;1]", "do[`a;1]", "while[1 2;1]", "\\d x", "\\c a b", "\\P 99"} {
		if _, err := ip.Exec(s); err != nil && strings.HasPrefix(err.Error(), "internal") {
			t.Errorf("%s: %v", s, err)
		}
	}
}

// A script prints a value on one line in k form, cut at the console width as kdb+ cuts
// it: a line of cols-1 characters stands, a longer one ends ".." one column short.
func TestScriptChunkCut(t *testing.T) {
	ip := New(io.Discard, io.Discard)
	for _, c := range []struct {
		n    int // characters in the string; its k form has two more (the quotes)
		want string
	}{
		{3, `"xxx"`},
		{77, `"` + strings.Repeat("x", 77) + `"`},
		{78, `"` + strings.Repeat("x", 76) + ".."},
	} {
		if got := ip.scriptChunk(&codeSrc{text: fmt.Sprintf("%d#\"x\"", c.n)}); got != c.want+"\n" {
			t.Errorf("%d: %q, want %q", c.n, got, c.want)
		}
	}
	if got := ip.scriptChunk(&codeSrc{text: "a:1"}); got != "" {
		t.Errorf("an assignment printed %q", got)
	}
}
