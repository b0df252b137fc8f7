package parser

import (
	"io"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/gq-dev/gq/eval/value"
)

// maxDepth bounds bracket nesting so that deeply nested input cannot exhaust the stack
// of the recursive grammar and fold.
const maxDepth = 200

// Lexer is q's lexer as a participle lexer.Definition. All context-sensitive rules of
// q's surface syntax (minus sign, comments, glued adverbs and brackets, strands) live
// here, so the grammar only has to look at token types.
var Lexer lexer.Definition = qDef{}

type qDef struct{}

// Symbols maps token type names (as used in the grammar, @Num etc.) to their types.
func (qDef) Symbols() map[string]lexer.TokenType { return tokenNames }

// Lex reads all of r and lexes it.
func (d qDef) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexString(filename, string(b))
}

// LexString lexes src.
func (qDef) LexString(filename string, src string) (lexer.Lexer, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	return &tokStream{toks: toks}, nil
}

// tokStream replays a lexed token slice to participle.
type tokStream struct {
	toks []lexer.Token
	i    int
}

func (s *tokStream) Next() (lexer.Token, error) {
	if s.i >= len(s.toks) {
		return s.toks[len(s.toks)-1], nil
	}
	t := s.toks[s.i]
	s.i++
	return t, nil
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isWS(c byte) bool     { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isAlnum(c byte) bool  { return isDigit(c) || isLetter(c) }

// isNameChar reports whether c continues a name.
func isNameChar(c byte) bool { return isAlnum(c) || c == '_' }

// isSymChar reports whether c continues a symbol literal (`:host:5001, `a.b, `:a/b).
func isSymChar(c byte) bool { return isNameChar(c) || c == '.' || c == ':' || c == '/' }

const glyphs = "+-*%!@#$^&|<>=~,.?_"

func errParse(msg string) *value.Error { return &value.Error{Msg: msg} }

// lex splits src into tokens, ending with an EOF token. Errors are q's parse errors.
func lex(src string) ([]lexer.Token, error) {
	l := &lx{src: src}
	if err := l.run(); err != nil {
		return nil, err
	}
	l.emit(tEOF, len(src), len(src))
	if err := checkBrackets(l.toks); err != nil {
		return nil, err
	}
	return l.toks, nil
}

type lx struct {
	src  string
	toks []lexer.Token
}

func (l *lx) emit(t lexer.TokenType, start, end int) {
	l.toks = append(l.toks, lexer.Token{Type: t, Value: l.src[start:end], Pos: lexer.Position{Offset: start, Line: 1, Column: start + 1}})
}

// assignable reports whether the previous token can be the target of op: — a name that
// is not a keyword, or the ] of an index.
func (l *lx) assignable() bool {
	if len(l.toks) == 0 {
		return false
	}
	t := l.toks[len(l.toks)-1]
	return t.Type == tRBrack || t.Type == tName && !qKeywords[t.Value]
}

// lastGlued reports whether the previous token ends right at i (no whitespace between).
func (l *lx) lastGlued(i int) (lexer.TokenType, bool) {
	if len(l.toks) == 0 {
		return 0, false
	}
	t := l.toks[len(l.toks)-1]
	return t.Type, t.Pos.Offset+len(t.Value) == i
}

// spacedAdverb reports whether the ' at i, after whitespace, is still an iterator:
// a function (name, verb or closing bracket) stands on its left and nothing that a
// signal could take is on its right (a second quote, a closing bracket or ;).
func (l *lx) spacedAdverb(i int) bool {
	if len(l.toks) == 0 || i+1 >= len(l.src) || !strings.ContainsRune("')];", rune(l.src[i+1])) {
		return false
	}
	switch l.toks[len(l.toks)-1].Type {
	case tName, tVerb, tRParen, tRBrack, tRBrace:
		return true
	}
	return false
}

func (l *lx) run() error {
	src := l.src
	n := len(src)
	i := 0
	for i < n {
		c := src[i]
		switch {
		case isWS(c):
			i++
		case c == '/' && (i == 0 || isWS(src[i-1])):
			// a comment runs to the end of the line
			for i < n && src[i] != '\n' {
				i++
			}
		case c == '/' || c == '\\':
			if i+1 < n && src[i+1] == ':' {
				l.emit(tAdverb, i, i+2)
				i += 2
			} else {
				l.emit(tAdverb, i, i+1)
				i++
			}
		case c == '\'':
			glued := i > 0 && !isWS(src[i-1]) && !strings.ContainsRune("([{;:", rune(src[i-1]))
			if t, ok := l.lastGlued(i); ok && t == tAdverb {
				glued = true // /:' is each-right then each
			}
			if !glued && l.spacedAdverb(i) {
				glued = true // (avg '') : a space before an iterator
			}
			if glued {
				if i+1 < n && src[i+1] == ':' {
					l.emit(tAdverb, i, i+2)
					i += 2
				} else {
					l.emit(tAdverb, i, i+1)
					i++
				}
			} else {
				l.emit(tQuote, i, i+1)
				i++
			}
		case c == '"':
			j, err := scanString(src, i)
			if err != nil {
				return err
			}
			l.emit(tStr, i, j)
			i = j
		case c == '`':
			j := i
			for j < n && src[j] == '`' {
				j++
				for j < n && isSymChar(src[j]) {
					j++
				}
			}
			l.emit(tSym, i, j)
			i = j
		case isDigit(c) || c == '.' && i+1 < n && isDigit(src[i+1]) || c == '-' && l.signAt(i):
			j, verb := scanNumber(src, i)
			if verb {
				l.emit(tVerb, i, j)
			} else {
				l.emit(tNum, i, j)
			}
			i = j
		case isLetter(c) || c == '.' && i+1 < n && isLetter(src[i+1]):
			j := i + 1
			for j < n {
				if isNameChar(src[j]) {
					j++
				} else if src[j] == '.' && j+1 < n && isNameChar(src[j+1]) {
					j += 2
				} else {
					break
				}
			}
			l.emit(tName, i, j)
			i = j
		case c == '(':
			l.emit(tLParen, i, i+1)
			i++
		case c == ')':
			l.emit(tRParen, i, i+1)
			i++
		case c == '{':
			l.emit(tLBrace, i, i+1)
			i++
		case c == '}':
			l.emit(tRBrace, i, i+1)
			i++
		case c == '[':
			if i > 0 && !isWS(src[i-1]) {
				l.emit(tLBrack, i, i+1)
			} else {
				l.emit(tLBrackS, i, i+1)
			}
			i++
		case c == ']':
			l.emit(tRBrack, i, i+1)
			i++
		case c == ';':
			l.emit(tSemi, i, i+1)
			i++
		case c == ':':
			if i+1 < n && src[i+1] == ':' {
				l.emit(tDColon, i, i+2)
				i += 2
			} else {
				l.emit(tColon, i, i+1)
				i++
			}
		case strings.IndexByte(glyphs, c) >= 0:
			j := i + 1
			if j < n && (c == '<' && (src[j] == '=' || src[j] == '>') || c == '>' && src[j] == '=') {
				j++
			}
			if j+1 < n && src[j] == ':' && src[j+1] == ':' && (j+2 >= n || src[j+2] != ':') && l.assignable() {
				// op:: glued after a name is compound assignment to the global
				// (node-q's readme runs {trade,::(`a;.z.p)} on kdb+)
				l.emit(tOpAssign, i, j+2)
				i = j + 2
				continue
			}
			if j < n && src[j] == ':' && (j+1 >= n || src[j+1] != ':') {
				// op: is compound assignment when glued after a name or ], else a unary form
				// (d _:`x drops in place: a space may separate the name)
				if l.assignable() {
					l.emit(tOpAssign, i, j+1)
				} else {
					l.emit(tVerb, i, j+1)
				}
				i = j + 1
				continue
			}
			l.emit(tVerb, i, j)
			i = j
		default:
			return errParse("char")
		}
	}
	return nil
}

// signAt reports whether the '-' at i begins a negative number: a digit (or .digit)
// follows and nothing that ends a noun (name, number, closing bracket, string, symbol)
// is glued on its left.
func (l *lx) signAt(i int) bool {
	src := l.src
	if i+1 >= len(src) {
		return false
	}
	if !isDigit(src[i+1]) && !(src[i+1] == '.' && i+2 < len(src) && isDigit(src[i+2])) {
		return false
	}
	if i == 0 {
		return true
	}
	p := src[i-1]
	if p == '_' {
		// a glued _ that is the drop/cut verb (1_-10_s in kdb-tick's r.q), not the end of a
		// name like a_, leaves the - a sign
		if t, glued := l.lastGlued(i); glued && t == tVerb {
			return true
		}
	}
	return !(isNameChar(p) || p == '.' || p == ')' || p == ']' || p == '}' || p == '"' || p == '`')
}

// scanString returns the index just past the string starting at i (a quote).
func scanString(src string, i int) (int, error) {
	j := i + 1
	for j < len(src) {
		switch src[j] {
		case '\\':
			j += 2
			continue
		case '"':
			return j + 1, nil
		case '\n':
			// strings may not span lines
		}
		j++
	}
	return 0, errParse(`"`)
}

// scanItem returns the end of one numeric item starting at i (after an optional sign).
func scanItem(src string, i int) int {
	j := i
	if j < len(src) && src[j] == '-' {
		j++
	}
	start := j
	for j < len(src) {
		c := src[j]
		switch {
		case isAlnum(c) || c == '.':
			j++
		case c == ':' && j+1 < len(src) && isDigit(src[j+1]):
			j++
		case (c == '-' || c == '+') && j > start && src[j-1] == 'e' && j+1 < len(src) && isDigit(src[j+1]) && isMantissa(src[start:j-1]):
			j++
		default:
			return j
		}
	}
	return j
}

// isMantissa reports whether s is digits[.digits] or .digits (before an exponent).
func isMantissa(s string) bool {
	if s == "" || strings.HasPrefix(s, "0x") {
		return false
	}
	dot := false
	digits := false
	for i := 0; i < len(s); i++ {
		switch {
		case isDigit(s[i]):
			digits = true
		case s[i] == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits
}

// startsItem reports whether a numeric item starts at i (digit, .digit, -digit, -.digit).
func startsItem(src string, i int) bool {
	if i < len(src) && src[i] == '-' {
		i++
	}
	if i >= len(src) {
		return false
	}
	return isDigit(src[i]) || src[i] == '.' && i+1 < len(src) && isDigit(src[i+1])
}

// scanNumber scans a numeric strand (items separated by spaces or tabs) starting at i.
// verb is true when the text is an I/O verb 0: 1: 2:.
func scanNumber(src string, i int) (end int, verb bool) {
	if ioVerbAt(src, i) {
		return i + 2, true
	}
	j := scanItem(src, i)
	if j == i+1 && j < len(src) && src[j] == ':' && (src[i] == '0' || src[i] == '1' || src[i] == '2') {
		return j + 1, true
	}
	end = j
	for {
		k := end
		for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		if k == end || !startsItem(src, k) {
			return end, false
		}
		e := scanItem(src, k)
		// 1 0: x is a strand then the verb? keep 0: as a verb
		if e == k+1 && e < len(src) && src[e] == ':' && (src[k] == '0' || src[k] == '1' || src[k] == '2') {
			return end, false
		}
		end = e
	}
}

// ioVerbAt reports whether 0: 1: or 2: at i is glued to an operand that is not the
// minutes of a time (1:0x01, 0:`f, but not 1:30), so scanItem must not read it as one.
func ioVerbAt(src string, i int) bool {
	if i+2 >= len(src) || src[i] < '0' || src[i] > '2' || src[i+1] != ':' || !isDigit(src[i+2]) {
		return false
	}
	k := i + 2
	for k < len(src) && isDigit(src[k]) {
		k++
	}
	return k-(i+2) != 2 || k < len(src) && isLetter(src[k])
}

// checkBrackets verifies bracket balance and nesting depth, giving q's errors.
func checkBrackets(toks []lexer.Token) error {
	var stack []byte
	for _, t := range toks {
		switch t.Type {
		case tLParen, tLBrace, tLBrack, tLBrackS:
			stack = append(stack, t.Value[0])
			if len(stack) > maxDepth {
				return errParse("limit")
			}
		case tRParen, tRBrace, tRBrack:
			want := map[byte]byte{')': '(', '}': '{', ']': '['}[t.Value[0]]
			if len(stack) == 0 || stack[len(stack)-1] != want {
				return errParse(t.Value)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return errParse(string(stack[len(stack)-1]))
	}
	return nil
}
