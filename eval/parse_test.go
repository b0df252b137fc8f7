package eval

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gq-dev/gq/parser"
)

// qQuote makes a q string literal of s.
func qQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// isView reports whether src defines a view (a top-level a::b), which kdb+'s eval
// parse turns into a plain assignment.
func isView(src string) bool {
	nodes, err := parser.Parse(src)
	if err != nil {
		return false
	}
	for _, n := range nodes {
		if a, ok := n.(*parser.Assign); ok && a.Global {
			return true
		}
	}
	return false
}

// evalParseKnown are inputs whose eval parse differs from value for reasons outside
// parse.go.
// An entry whose input is not in the corpus fails the test. (The last one, select
// (id,'4),val from tbl, left the corpus; eval parse of it is still 'rank.)
var evalParseKnown = map[string]string{}

// TestEvalParseCorpus runs each conformance input twice, once as typed and once as
// eval parse "...", in two sessions, and checks both give the same output.
func TestEvalParseCorpus(t *testing.T) {
	files, _ := filepath.Glob("../repl/testdata/conformance/*.txt")
	if len(files) == 0 {
		t.Fatal("no conformance files")
	}
	used := map[string]bool{}
	cases := 0
	for _, f := range files {
		var oa, ob bytes.Buffer
		a, b := New(&oa, &oa), New(&ob, &ob)
		for _, c := range readTranscript(t, f) {
			if evalParseKnown[c.In] != "" {
				used[c.In] = true
			}
			if strings.HasPrefix(strings.TrimSpace(c.In), "\\") || isView(c.In) || evalParseKnown[c.In] != "" {
				a.Exec(c.In)
				b.Exec(c.In)
				continue
			}
			cases++
			oa.Reset()
			ob.Reset()
			ta, ea := a.Exec(c.In)
			tb, eb := b.Exec("eval parse " + qQuote(c.In))
			ga, gb := oa.String(), ob.String()
			if ea != nil || eb != nil {
				if ea == nil || eb == nil || ea.Error() != eb.Error() {
					t.Errorf("%s:%d: q)%s\n  value: %v %q\n  eval parse: %v %q", filepath.Base(f), c.Line, c.In, ea, ta, eb, tb)
				}
				continue
			}
			if ta == "" {
				tb = ""
			}
			if ta != tb || ga != gb {
				t.Errorf("%s:%d: q)%s\n  value: %q %q\n  eval parse: %q %q", filepath.Base(f), c.Line, c.In, ga, ta, gb, tb)
			}
		}
	}
	if cases == 0 {
		t.Error("no cases compared")
	}
	// An exception whose input left the corpus must go too, so the list cannot hide anything.
	for in := range evalParseKnown {
		if !used[in] {
			t.Errorf("evalParseKnown: q)%s is not in the corpus", in)
		}
	}
}
