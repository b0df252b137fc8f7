package eval

import (
	"bytes"
	"path/filepath"
	"reflect"
	"testing"
)

// A blank line inside a multi-line lambda does not end the statement (kdb-tick's
// scripts and most q libraries space their longer functions so); outside brackets it
// still separates statements. function-notation.md: "In scripts function definitions
// can straddle multiple lines."
func TestChunksBlankLineInLambda(t *testing.T) {
	src := "f:{[x]\n  a:x+1;\n\n  a*2\n  }\nf 3\n\ng:\"{\"\n\n h:1\nl:(1;\n\n 2)\n"
	got := Chunks(src)
	want := []string{"f:{[x]\n  a:x+1;\n  a*2\n  }", "f 3", "g:\"{\"", " h:1", "l:(1;\n 2)"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Chunks = %q, want %q", got, want)
	}
}

// read0 of a file descriptor (f;o;n) is its n characters from offset o; a span that
// holds newlines reads as lines (read0.md: "read 500000 lines, chunks of (up to)
// 100000 at a time" with read0(`:/tmp/data;x;100000)).
func TestRead0Span(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	ip := New(&out, &out)
	f := "`:" + filepath.Join(dir, "foo")
	steps := []struct{ in, want string }{
		{f + ` 0: ("hello world";"second")`, f + "\n"},
		{"read0 (" + f + ";6;5)", "\"world\"\n"},
		{"read0 (" + f + ";0;19)", "\"hello world\"\n\"second\"\n"},
		{"read0 (" + f + ";6;100)", "\"world\"\n\"second\"\n"},
	}
	for _, s := range steps {
		got, err := ip.Exec(s.in)
		if err != nil || got != s.want {
			t.Errorf("%s: got %q %v, want %q", s.in, got, err, s.want)
		}
	}
}
