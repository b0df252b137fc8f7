package parser

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusCase is one input line of the conformance corpus with its first output line.
type corpusCase struct {
	file  string
	line  int
	input string
	first string // first expected output line ("" if none)
}

// corpusInputs reads every q) input of the conformance corpus (system commands skipped).
func corpusInputs(tb testing.TB) []corpusCase {
	files, _ := filepath.Glob("../repl/testdata/conformance/*.txt")
	var out []corpusCase
	for _, fn := range files {
		f, err := os.Open(fn)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		n := 0
		var cur *corpusCase
		for sc.Scan() {
			n++
			l := sc.Text()
			switch {
			case strings.HasPrefix(l, "q)"):
				out = append(out, corpusCase{file: filepath.Base(fn), line: n, input: l[2:]})
				cur = &out[len(out)-1]
			case strings.HasPrefix(l, "#"):
			default:
				if cur != nil && cur.first == "" {
					cur.first = l
				}
			}
		}
		f.Close()
	}
	return out
}

// parseErrors are the error names that come from the parser rather than evaluation.
var parseErrors = map[string]bool{"'parse": true, "'(": true, "')": true, "'[": true, "']": true,
	"'{": true, "'}": true, "'\"": true, "'char": true, "'params": true, "'assign": true,
	"'limit": true, "'locals": true, "'globals": true, "'branch": true}

func TestCorpusParses(t *testing.T) {
	cases := corpusInputs(t)
	if len(cases) == 0 {
		// The corpus is part of the repository: in CI its absence is a failure.
		if os.Getenv("CI") != "" {
			t.Fatal("no corpus in ../repl/testdata/conformance")
		}
		t.Skip("no corpus")
	}
	ok := 0
	for _, c := range cases {
		in := strings.TrimLeft(c.input, " \t")
		if strings.HasPrefix(in, "\\") {
			continue
		}
		_, err := Parse(c.input)
		wantErr := parseErrors[c.first] || c.input == "{a::1;a:1}"
		switch {
		case err != nil && !wantErr:
			t.Errorf("%s:%d: %q: unexpected error %v", c.file, c.line, c.input, err)
		case err == nil && wantErr:
			t.Errorf("%s:%d: %q: expected parse error %s", c.file, c.line, c.input, c.first)
		default:
			ok++
		}
	}
	t.Logf("%d of %d corpus inputs parsed as expected", ok, len(cases))
}
