package parser

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// stripPrompt removes a leading q) or k) prompt, as kdb+ accepts a line pasted from a
// session transcript (q)1+1) and runs a k) line as k. A k line is rewritten to the q
// that means the same (see kToQ). Neither prefix can start a valid q expression.
func stripPrompt(src string) string {
	s := strings.TrimLeft(src, " \t")
	switch {
	case strings.HasPrefix(s, "q)"):
		return s[2:]
	case strings.HasPrefix(s, "k)"):
		return kToQ(s[2:])
	}
	return src
}

// kToQ rewrites the k forms that q scripts in the wild use in k) lines: a primitive
// glyph with no noun on its left is its unary (monadic) form, which q spells op: —
// k)#x is #:x (count), k){x@<x} is {x@<:x} (iasc), k)!5 is !:5 (til). Everything else
// (names, brackets, adverbs, lambdas) is written the same in k and q. Text that does
// not lex is left as it is, so the parser reports the error.
func kToQ(src string) string {
	toks, err := lex(src)
	if err != nil {
		return src
	}
	var b strings.Builder
	last := 0
	for i, t := range toks {
		if t.Type != tVerb || len(t.Value) != 1 || !strings.Contains("+-*%!&|<>=~,^#_$?@.", t.Value) {
			continue
		}
		if !monadicAt(toks, i) {
			continue
		}
		end := t.Pos.Offset + len(t.Value)
		b.WriteString(src[last:end])
		b.WriteByte(':')
		last = end
	}
	b.WriteString(src[last:])
	return b.String()
}

// monadicAt reports whether the verb toks[i] has no noun on its left and a noun on its
// right (not an adverb, a bracket argument list or a closing bracket).
func monadicAt(toks []lexer.Token, i int) bool {
	if i+1 < len(toks) {
		switch toks[i+1].Type {
		case tAdverb, tLBrack, tRParen, tRBrack, tRBrace, tSemi, tEOF, tColon:
			return false
		}
	} else {
		return false
	}
	if i == 0 {
		return true
	}
	switch toks[i-1].Type {
	case tLParen, tLBrace, tLBrack, tLBrackS, tSemi, tColon, tDColon, tOpAssign, tVerb, tAdverb, tQuote:
		return true
	}
	return false
}

// Source is the text Parse reads for src (a leading q) prompt removed): the offsets of
// the nodes Parse returns are offsets into it, which error locations point at.
func Source(src string) string { return stripPrompt(src) }
