package parser

import (
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// seedCorpus adds every conformance input and the parser testdata inputs as seeds.
func seedCorpus(f *testing.F) {
	for _, c := range corpusInputs(f) {
		f.Add(c.input)
	}
	for _, s := range []string{"", ";", "(", "{[", "'", "`", "\"", "0x", "-", "/", "\\", "::", "$[", "if[",
		"select from", "([", "{[a;b;c;d;e;f;g;h;i]}", "x[1]+:", "1e-", "0N0", "2000.13.01"} {
		f.Add(s)
	}
}

// FuzzLex checks the lexer never panics, tokens tile the input in order, and errors are q's.
func FuzzLex(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, src string) {
		toks, err := lex(src)
		if err != nil {
			if _, ok := err.(*value.Error); !ok {
				t.Fatalf("%q: non-q error %T %v", src, err, err)
			}
			return
		}
		last := 0
		for _, tk := range toks {
			if tk.Pos.Offset < last || tk.Pos.Offset+len(tk.Value) > len(src) || src[tk.Pos.Offset:tk.Pos.Offset+len(tk.Value)] != tk.Value {
				t.Fatalf("%q: token %q at %d out of place", src, tk.Value, tk.Pos.Offset)
			}
			last = tk.Pos.Offset + len(tk.Value)
		}
	})
}

// FuzzParse checks Parse never panics, errors are q's, and results can be dumped.
func FuzzParse(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, src string) {
		nodes, err := parseNoRecover(src)
		if err != nil {
			if _, ok := err.(*value.Error); !ok {
				t.Fatalf("%q: non-q error %T %v", src, err, err)
			}
			return
		}
		_ = Dump(nodes)
	})
}
