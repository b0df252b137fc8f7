package repl

import (
	"os"
	"strings"

	"github.com/gq-dev/gq/eval"
	"github.com/gq-dev/gq/parser"
)

// Load runs a script as q does for `q script.q`: the text is cut into chunks (indented
// lines continue a statement, / … \ blocks are comments, a lone \ ends the script) and
// each chunk runs in order. A statement with a value prints it on one line in the k
// form (as -3! shows it), cut to the console width; that is what kdb+ prints when it
// loads a script, not the console display. Loading stops at the first error, which is
// printed and returned.
func (s *Session) Load(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return s.LoadString(string(src))
}

// LoadString is Load on script text.
func (s *Session) LoadString(src string) error {
	if !s.opened {
		s.Open()
	}
	for _, chunk := range eval.Chunks(src) {
		err := s.exec(func() (string, error) { return s.execScript(chunk) })
		s.settle()
		if err != nil {
			return err
		}
	}
	return nil
}

// execScript runs one script chunk and returns the line it prints.
func (s *Session) execScript(chunk string) (string, error) {
	ip, ok := s.Interp.(*eval.Interp)
	if !ok || strings.HasPrefix(strings.TrimLeft(chunk, " \t"), `\`) {
		return s.Interp.Exec(chunk)
	}
	nodes, err := parser.Parse(chunk)
	if err != nil {
		return "", err
	}
	v, show, err := ip.Run(nodes)
	if err != nil || !show {
		return "", err
	}
	return cutLine(ip.Disp.KForm(v), ip.Disp.Cols) + "\n", nil
}

// cutLine cuts s to a console of cols columns as kdb+ does: the line ends with ".."
// and is one column short of the width.
func cutLine(s string, cols int) string {
	if cols < 3 || len(s) < cols {
		return s
	}
	return s[:cols-3] + ".."
}
