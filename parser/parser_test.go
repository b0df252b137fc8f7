package parser

import (
	"bufio"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

var update = flag.Bool("update", false, "rewrite testdata/parse.txt with the current dumps")

// TestParseDumps checks testdata/parse.txt: a "q)" line is an input, the lines after
// it (up to the next input) are its expected Dump, or 'err for a parse error. Lines
// starting with # are comments. Run with -update to regenerate the expected lines.
func TestParseDumps(t *testing.T) {
	const path = "testdata/parse.txt"
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type tcase struct {
		line   int
		input  string
		want   []string
		before []string // comments above the input, kept by -update
	}
	var cases []*tcase
	var comments []string
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "q)"):
			cases = append(cases, &tcase{line: n, input: l[2:], before: comments})
			comments = nil
		case strings.HasPrefix(l, "#") || l == "":
			comments = append(comments, l)
		case len(cases) > 0:
			c := cases[len(cases)-1]
			c.want = append(c.want, l)
		}
	}
	var out strings.Builder
	for _, c := range cases {
		got := dumpOrErr(c.input)
		if *update {
			for _, cm := range c.before {
				out.WriteString(cm + "\n")
			}
			out.WriteString("q)" + c.input + "\n" + got + "\n")
			continue
		}
		if want := strings.Join(c.want, "\n"); got != want {
			t.Errorf("%s:%d: %q\n got: %s\nwant: %s", path, c.line, c.input, got, want)
		}
	}
	if *update {
		for _, cm := range comments {
			out.WriteString(cm + "\n")
		}
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func dumpOrErr(src string) string {
	nodes, err := Parse(src)
	if err != nil {
		return "'" + err.(*value.Error).Msg
	}
	return Dump(nodes)
}

// TestLambdaSrc checks that a lambda keeps its exact source text, nested ones too.
func TestLambdaSrc(t *testing.T) {
	src := "f:{[a;b] g:{x+1}; a*g b}  "
	nodes, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	l := nodes[0].(*Assign).Value.(*Lambda)
	if l.Src != "{[a;b] g:{x+1}; a*g b}" {
		t.Errorf("outer Src %q", l.Src)
	}
	inner := l.Body[0].(*Assign).Value.(*Lambda)
	if inner.Src != "{x+1}" || len(inner.Params) != 1 {
		t.Errorf("inner %q %v", inner.Src, inner.Params)
	}
	if l.P != 2 || inner.P != 11 {
		t.Errorf("positions %d %d", l.P, inner.P)
	}
}

// TestParseCached checks the cache returns the same result and is bounded.
func TestParseCached(t *testing.T) {
	a, err := ParseCached("1+1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ParseCached("1+1")
	if len(a) != 1 || a[0] != b[0] {
		t.Error("cache miss on repeat")
	}
	if _, err := ParseCached("(1;"); err == nil {
		t.Error("cached error lost")
	}
	for i := 0; i < 2*cacheSize; i++ {
		ParseCached(strings.Repeat("1+", i%50) + "x" + strings.Repeat(" ", i))
	}
	if cache.order.Len() > cacheSize || len(cache.byKey) != cache.order.Len() {
		t.Errorf("cache size %d/%d", cache.order.Len(), len(cache.byKey))
	}
}

// TestDepthLimit checks deep nesting is an error, not a crash.
func TestDepthLimit(t *testing.T) {
	for _, src := range []string{
		strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000),
		strings.Repeat("{", 5000) + strings.Repeat("}", 5000),
		strings.Repeat("f[", 5000) + strings.Repeat("]", 5000),
	} {
		if _, err := Parse(src); err == nil || err.(*value.Error).Msg != "limit" {
			t.Errorf("deep nesting: %v", err)
		}
	}
	// long flat expressions are fine
	if _, err := Parse(strings.Repeat("1+", 2000) + "1"); err != nil {
		t.Error(err)
	}
}

// TestNestingWithinLimit checks nesting just under the bracket limit still parses.
func TestNestingWithinLimit(t *testing.T) {
	src := strings.Repeat("(", maxDepth-1) + "1" + strings.Repeat(")", maxDepth-1)
	if _, err := Parse(src); err != nil {
		t.Error(err)
	}
	src = strings.Repeat("{", maxDepth/2) + strings.Repeat("f[", maxDepth/2-1) + "x" + strings.Repeat("]", maxDepth/2-1) + strings.Repeat("}", maxDepth/2)
	if _, err := Parse(src); err != nil {
		t.Error(err)
	}
}
