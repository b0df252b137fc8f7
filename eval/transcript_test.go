package eval

import (
	"bytes"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/transcript"
)

// The transcript format (shared/conformance/README.md): "q)" lines are input, the lines
// up to the next input are the expected output, "#" lines are comments, and "#..." after
// an error line ignores the rest of that case's output. One file is one session.

var corpus = flag.String("corpus", "", "extra transcript files to run (glob), e.g. ../repl/testdata/conformance/lists.txt")

// readTranscript reads a transcript's cases or fails the test.
func readTranscript(t testing.TB, path string) []transcript.Case {
	cs, err := transcript.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// runCase feeds one input to ip and returns the printed lines: what the statement
// wrote to stdout/stderr, then its result or 'error.
func runCase(ip *Interp, out *bytes.Buffer, in string) []string {
	out.Reset()
	text, err := ip.Exec(in)
	s := out.String() + text
	if err != nil {
		s += "'" + err.Error() + "\n"
	}
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

// runTranscript runs one file as one session and reports each failing case.
func runTranscript(t *testing.T, path string) (pass, fail int) {
	var out bytes.Buffer
	ip := New(&out, &out)
	for _, c := range readTranscript(t, path) {
		got := runCase(ip, &out, c.In)
		if c.Match(got) {
			pass++
			continue
		}
		fail++
		t.Errorf("%s:%d: q)%s\n  want %q\n  got  %q", filepath.Base(path), c.Line, c.In, c.Want, got)
	}
	return
}

// TestTranscripts runs eval/testdata/*.txt (our own semantic cases) and -corpus files.
func TestTranscripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) == 0 {
		t.Fatal("no testdata/*.txt")
	}
	if *corpus != "" {
		extra, _ := filepath.Glob(*corpus)
		if len(extra) == 0 {
			t.Fatalf("-corpus %s matches no file", *corpus)
		}
		files = append(files, extra...)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p, n := runTranscript(t, f)
			if p+n == 0 {
				t.Errorf("%s has no cases", f)
			}
			t.Logf("%s: %d passed, %d failed", filepath.Base(f), p, n)
		})
	}
}
