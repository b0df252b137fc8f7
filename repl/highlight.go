package repl

import "unicode"

// highlighter is readline's Painter: it colours the line being typed as q reads it
// (keywords, strings, symbols, numbers, comments, a system command's name). It only
// adds colour codes around the characters, never changes them, so readline's cursor
// arithmetic, which counts the line's own characters, still holds. It runs only where
// the errors are coloured: on a terminal, without NO_COLOR, not on TERM=dumb.
type highlighter struct{ s *Session }

// keyworder is the optional half of Evaluator that lists q's reserved words
// (*eval.Interp has it).
type keyworder interface {
	Keywords() []string
}

const (
	hlKeyword = "\x1b[1;34m" // bold blue
	hlString  = "\x1b[32m"   // green
	hlSymbol  = "\x1b[35m"   // magenta
	hlNumber  = "\x1b[33m"   // yellow
	hlComment = "\x1b[90m"   // grey
	hlReset   = "\x1b[0m"
)

func (h highlighter) Paint(line []rune, pos int) []rune {
	kw, _ := h.s.keywords.Load().(map[string]bool)
	// Enter paints the line with a newline at its end: paint the line alone and add it,
	// so the redraw only extends the last one (redraw.go sends just the newline).
	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
	}
	out := make([]rune, 0, len(line)+len(line)/2)
	paint := func(colour string, from, to int) {
		out = append(out, []rune(colour)...)
		out = append(out, line[from:to]...)
		out = append(out, []rune(hlReset)...)
	}
	i := 0
	if n > 0 && line[0] == '\\' { // a system command: its name
		j := 1
		for j < n && !unicode.IsSpace(line[j]) {
			j++
		}
		paint(hlKeyword, 0, j)
		out = append(out, line[j:n]...)
		return append(out, line[n:]...)
	}
	for i < n {
		r := line[i]
		j := i + 1
		switch {
		case r == '/' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			paint(hlComment, i, n)
			j = n
		case r == '"':
			for j < n && line[j] != '"' {
				if line[j] == '\\' && j+1 < n {
					j++
				}
				j++
			}
			if j < n {
				j++ // the closing quote
			}
			paint(hlString, i, j)
		case r == '`':
			for j < n && (isPathRune(line[j]) || line[j] == ':') {
				j++
			}
			paint(hlSymbol, i, j)
		case isDigit(r) || r == '.' && j < n && isDigit(line[j]) && (i == 0 || !isNameRune(line[i-1])):
			// a number, a date or time (2024.01.02D12:00), with its type letter (10i, 1b)
			for j < n && (isNameRune(line[j]) || line[j] == ':' && j+1 < n && isDigit(line[j+1])) {
				j++
			}
			paint(hlNumber, i, j)
		case unicode.IsLetter(r) || r == '.' && j < n && unicode.IsLetter(line[j]):
			for j < n && isNameRune(line[j]) {
				j++
			}
			if kw[string(line[i:j])] {
				paint(hlKeyword, i, j)
			} else {
				out = append(out, line[i:j]...)
			}
		default:
			out = append(out, r)
		}
		i = j
	}
	return append(out, line[n:]...)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func keywordSet(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
