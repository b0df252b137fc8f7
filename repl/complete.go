package repl

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

// namer is the optional half of Evaluator that tells Tab what to complete; the session
// asks it on the main loop after each console line (*eval.Interp has it).
type namer interface {
	CompletionNames() []string
}

// completer is readline's Tab: it completes the name before the cursor from the names
// the interpreter last gave (keywords, globals, .z.pg, .Q.fmt ...), or a file path after
// `: from the directory.
type completer struct{ s *Session }

func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	p := pos
	for p > 0 && isPathRune(line[p-1]) {
		p--
	}
	if p >= 2 && line[p-1] == ':' && line[p-2] == '`' {
		return completePath(line, p, pos)
	}
	start := pos
	for start > 0 && isNameRune(line[start-1]) {
		start--
	}
	word := string(line[start:pos])
	// In a query clause the table's columns (or after from, the tables) win: where
	// pri<Tab> means price, not prior.
	if cands := c.columns(line[:start], line[pos:], word); len(cands) > 0 || word == "" {
		return cands, len([]rune(word))
	}
	names, _ := c.s.names.Load().([]string)
	var cands [][]rune
	i := sort.SearchStrings(names, word)
	for ; i < len(names) && strings.HasPrefix(names[i], word); i++ {
		cands = append(cands, []rune(names[i][len(word):]))
	}
	return cands, len([]rune(word))
}

// completePath completes the file path between start and pos (after `:).
func completePath(line []rune, start, pos int) ([][]rune, int) {
	dir, base := filepath.Split(string(line[start:pos]))
	d := dir
	if d == "" {
		d = "."
	}
	entries, err := os.ReadDir(d)
	if err != nil {
		return nil, 0
	}
	var cands [][]rune
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, base) {
			if e.IsDir() {
				n += "/"
			}
			cands = append(cands, []rune(n[len(base):]))
		}
	}
	return cands, len([]rune(base))
}

// isNameRune reports whether r can be part of a q name (.z.pg included).
func isNameRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.'
}

// isPathRune reports whether r can be part of a file path after `:.
func isPathRune(r rune) bool { return isNameRune(r) || r == '/' || r == '-' }
