// Package transcript reads q console transcripts, the one test format of the project
// (DESIGN §14, the shared conformance README): a q) line is an input; the lines up to
// the next q) line are its expected output; # lines are comments, and "#..." after the
// expected lines leaves the rest of that case's output unchecked; trailing blank lines
// and trailing blanks do not count. The eval, repl and cmd/gq tests read their
// transcripts with it; it imports nothing of ours.
package transcript

import (
	"bufio"
	"os"
	"strings"
)

// Case is one input and the console output expected for it.
type Case struct {
	In   string   // the input line, without its q) prompt
	Want []string // the expected lines, trailing blanks trimmed, trailing blank lines dropped
	Rest bool     // "#..." followed the expected lines: output past them is not checked
	Line int      // the input's line number in its transcript
}

const blanks = " \t\r\n\v\f"

// Parse reads the cases of a transcript's text.
func Parse(text string) []Case {
	var cs []Case
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "q)"):
			cs = append(cs, Case{In: l[2:], Line: n})
		case strings.HasPrefix(l, "#"):
			if strings.HasPrefix(l, "#...") && len(cs) > 0 {
				cs[len(cs)-1].Rest = true
			}
		case len(cs) > 0:
			c := &cs[len(cs)-1]
			c.Want = append(c.Want, strings.TrimRight(l, blanks))
		}
	}
	for i := range cs {
		w := cs[i].Want
		for len(w) > 0 && w[len(w)-1] == "" {
			w = w[:len(w)-1]
		}
		cs[i].Want = w
	}
	return cs
}

// Read reads the cases of the transcript file at path.
func Read(path string) ([]Case, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(string(b)), nil
}

// Match reports whether got, the lines a case printed, is what c expects, as the shared
// qcheck.py compares them: trailing blanks and trailing blank lines never count, leading
// blank lines only when the expected output starts with one, and after "#..." only the
// first len(Want) lines are compared.
func (c Case) Match(got []string) bool {
	g := make([]string, len(got))
	for i, l := range got {
		g[i] = strings.TrimRight(l, blanks)
	}
	for len(g) > 0 && g[len(g)-1] == "" {
		g = g[:len(g)-1]
	}
	for len(g) > 0 && g[0] == "" && (len(c.Want) == 0 || c.Want[0] != "") {
		g = g[1:]
	}
	if c.Rest && len(g) > len(c.Want) {
		g = g[:len(c.Want)]
	}
	if len(g) != len(c.Want) {
		return false
	}
	for i := range g {
		if g[i] != c.Want[i] {
			return false
		}
	}
	return true
}
