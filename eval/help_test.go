package eval

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
)

// Every example \? shows is run here: its result is what gq prints, so the help table
// cannot drift from the interpreter.
func TestHelpExamples(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	n := 0
	for _, w := range helpWords() {
		h := keywordHelps[w]
		if h.example == "" {
			continue
		}
		n++
		got, err := ip.Exec(h.example)
		if err != nil || strings.TrimRight(got, "\n") != h.result {
			t.Errorf("\\? %s: q)%s gives %q %v, the table says %q", w, h.example, got, err, h.result)
		}
		if primByName(w) == nil {
			t.Errorf("\\? %s is not a keyword", w)
		}
	}
	if n < 40 {
		t.Errorf("only %d examples", n)
	}
}

func TestSystemHelp(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	if _, err := ip.Exec(`\?`); err != nil || !strings.Contains(out.String(), `\t [ms]`) || !strings.Contains(out.String(), `\trace [0|1|2]`) || !strings.Contains(out.String(), `\? xbar`) {
		t.Errorf(`\? printed %q %v`, out.String(), err)
	}
	out.Reset()
	if _, err := ip.Exec(`\? xbar`); err != nil || out.String() != "x xbar y\n  y rounded down to a multiple of x\nq)5 xbar 23 27 31\n20 25 30\n" {
		t.Errorf(`\? xbar printed %q %v`, out.String(), err)
	}
	out.Reset()
	if _, err := ip.Exec(`\? rotate`); err != nil || !strings.HasPrefix(out.String(), "rotate: a q primitive") {
		t.Errorf(`\? rotate printed %q %v`, out.String(), err)
	}
	if _, err := ip.Exec(`\? nosuch`); err == nil || !strings.HasPrefix(err.Error(), "nosuch: not a keyword") {
		t.Errorf(`\? nosuch: %v`, err)
	}
}

// Tab's names: keywords, the current namespace's globals, and namespaced names in full.
func TestCompletionNames(t *testing.T) {
	ip := New(io.Discard, io.Discard)
	ip.Exec("longname:1;.ns.inner:2")
	names := ip.CompletionNames()
	if !slices.IsSorted(names) {
		t.Error("names not sorted")
	}
	for _, w := range []string{"til", "xbar", "longname", ".ns.inner", ".Q.addmonths", ".z.pg"} {
		if _, ok := slices.BinarySearch(names, w); !ok {
			t.Errorf("%s missing", w)
		}
	}
	if _, ok := slices.BinarySearch(names, "+"); ok {
		t.Error("a glyph among the names")
	}
}
