package eval

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

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

// \ts reports the most memory one run holds, not what all runs allocated
// (syscmds.md \ts; k4unit compares it with a test's expected bytes): a loop that
// makes and drops 8 KB a thousand times peaks far below the 8 MB it allocates, and a
// million longs kept as the result count in full.
func TestTsPeak(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	space := func(src string) int64 { // src after \ts, so ":100 x" is \ts:100 x
		v, err := ip.System("ts" + src)
		if err != nil {
			t.Fatal(err)
		}
		return v.(*value.Vec[int64]).S[1]
	}
	// the peak is sampled while the collector runs often: on a loaded machine it can read
	// a few MB, still clearly below the 8 MB a sum of allocations gives
	if b := space(" do[1000;til 1000]"); b > 7<<20 {
		t.Errorf(`\ts do[1000;til 1000] space %d, want under 7 MB (the peak, not 8 MB allocated)`, b)
	}
	if b := space(" til 1000000"); b < 8000000 {
		t.Errorf(`\ts til 1000000 space %d, want at least 8000000`, b)
	}
	if b := space(":100 til 10000"); b > 7<<20 {
		t.Errorf(`\ts:100 til 10000 space %d, want one run's peak`, b)
	}
}
