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
