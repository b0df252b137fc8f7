package eval

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The transcript format (shared/conformance/README.md): "q)" lines are input, the lines
// up to the next input are the expected output, "#" lines are comments, and "#..." after
// an error line ignores the rest of that case's output. One file is one session.

var corpus = flag.String("corpus", "", "extra transcript files to run (glob), e.g. ../repl/testdata/conformance/lists.txt")

type tcase struct {
	in   string
	want []string
	rest bool
	line int
}

func readTranscript(t testing.TB, path string) []tcase {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cs []tcase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "q)"):
			cs = append(cs, tcase{in: l[2:], line: n})
		case strings.HasPrefix(l, "#"):
			if strings.HasPrefix(l, "#...") && len(cs) > 0 {
				cs[len(cs)-1].rest = true
			}
		case len(cs) > 0:
			c := &cs[len(cs)-1]
			c.want = append(c.want, strings.TrimRight(l, " "))
		}
	}
	for i := range cs {
		w := cs[i].want
		for len(w) > 0 && strings.TrimSpace(w[len(w)-1]) == "" {
			w = w[:len(w)-1]
		}
		cs[i].want = w
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

func matches(c tcase, got []string) bool {
	for len(got) > 0 && strings.TrimSpace(got[len(got)-1]) == "" {
		got = got[:len(got)-1]
	}
	if c.rest && len(got) >= len(c.want) {
		got = got[:len(c.want)]
	}
	if len(got) != len(c.want) {
		return false
	}
	for i := range got {
		if got[i] != c.want[i] {
			return false
		}
	}
	return true
}

// runTranscript runs one file as one session and reports each failing case.
func runTranscript(t *testing.T, path string) (pass, fail int) {
	var out bytes.Buffer
	ip := New(&out, &out)
	for _, c := range readTranscript(t, path) {
		got := runCase(ip, &out, c.in)
		if matches(c, got) {
			pass++
			continue
		}
		fail++
		t.Errorf("%s:%d: q)%s\n  want %q\n  got  %q", filepath.Base(path), c.line, c.in, c.want, got)
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
