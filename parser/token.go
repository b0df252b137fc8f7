package parser

import "github.com/alecthomas/participle/v2/lexer"

// Token types produced by the q lexer. Participle reserves -1 for EOF; ours count down
// from -2 so they never collide with it.
const (
	tEOF                      = lexer.EOF
	tNum      lexer.TokenType = -2 - iota // numeric, boolean, byte or temporal strand
	tStr                                  // "..." (raw text, quotes included)
	tSym                                  // `a or `a`b`c (raw text)
	tName                                 // foo, .z.pg, a.b
	tVerb                                 // + - ... <= >= <> 0: #: (unary form)
	tColon                                // :
	tDColon                               // ::
	tOpAssign                             // op: glued after a name or ] (x+:1)
	tAdverb                               // ' ': / \ /: \: glued to the left
	tQuote                                // ' with nothing on its left (signal, or '[f;g])
	tLParen                               // (
	tRParen                               // )
	tLBrace                               // {
	tRBrace                               // }
	tLBrack                               // [ glued to the item on its left
	tLBrackS                              // [ after whitespace or at the start
	tRBrack                               // ]
	tSemi                                 // ;
)

var tokenNames = map[string]lexer.TokenType{
	"EOF":      tEOF,
	"Num":      tNum,
	"Str":      tStr,
	"Sym":      tSym,
	"Name":     tName,
	"Verb":     tVerb,
	"Colon":    tColon,
	"DColon":   tDColon,
	"OpAssign": tOpAssign,
	"Adverb":   tAdverb,
	"Quote":    tQuote,
	"LParen":   tLParen,
	"RParen":   tRParen,
	"LBrace":   tLBrace,
	"RBrace":   tRBrace,
	"LBrack":   tLBrack,
	"LBrackS":  tLBrackS,
	"RBrack":   tRBrack,
	"Semi":     tSemi,
}

// tokenTypeName gives the symbolic name of a token type (for tests and dumps).
func tokenTypeName(t lexer.TokenType) string {
	for k, v := range tokenNames {
		if v == t {
			return k
		}
	}
	return "?"
}
