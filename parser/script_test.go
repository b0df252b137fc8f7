package parser

import (
	"reflect"
	"testing"
)

func TestChunks(t *testing.T) {
	src := "#!/usr/bin/q\na:1\nf:{x+\n  y}\n/ comment\n/\nblock\ncomment\n\\\n\nb:2\n  / indented comment\n c:3\n\\\nignored:4\n"
	got := Chunks(src)
	want := []string{"a:1", "f:{x+\n  y}", "b:2\n c:3"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Chunks = %q, want %q", got, want)
	}
}

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
