package parser

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The participle grammar. It only groups tokens: every bracketed context holds a flat
// sequence of items and semicolons, and an item is a primary with its postfixes
// (glued bracket arguments and adverbs). Meaning (infix, assignment, application) is
// decided by the fold, which reads the items right to left as q does.

// seq := ( ";" | item )*
type gSeq struct {
	Elems []*gItem `parser:"@@*"`
}

// item := ";" | prim post*
// prim := Num | Str | Sym | Name | Verb | ":" | "::" | op: | "'" | paren | lambda | block
// (one struct rather than three nested ones: participle pays per struct level)
type gItem struct {
	Semi   lexer.Token `parser:"(  @Semi"`
	Tok    lexer.Token `parser:" | ( @(Num | Str | Sym | Name | Verb | Colon | DColon | OpAssign | Quote)"`
	Paren  *gParen     `parser:"   | @@"`
	Lambda *gLambda    `parser:"   | @@"`
	Block  *gBrack     `parser:"   | @@ )"`
	Post   []*gPost    `parser:"   @@* )"`
}

// paren := "(" brack? seq ")"   (a bracket right after "(" makes a table)
type gParen struct {
	Open lexer.Token `parser:"@LParen"`
	Keys *gBrack     `parser:"@@?"`
	Body *gSeq       `parser:"@@?"`
	End  lexer.Token `parser:"@RParen"`
}

// lambda := "{" brack? seq "}"
type gLambda struct {
	Open   lexer.Token `parser:"@LBrace"`
	Params *gBrack     `parser:"@@?"`
	Body   *gSeq       `parser:"@@?"`
	End    lexer.Token `parser:"@RBrace"`
}

// brack := "[" seq "]"
type gBrack struct {
	Open lexer.Token `parser:"@(LBrack | LBrackS)"`
	Body *gSeq       `parser:"@@?"`
	End  lexer.Token `parser:"@RBrack"`
}

// post := brack | adverb
type gPost struct {
	Args   *gBrack     `parser:"  @@"`
	Adverb lexer.Token `parser:"| @Adverb"`
}

var grammar = buildGrammar()

func buildGrammar() *participle.Parser[gSeq] {
	_ = tokenNames // the lexer's symbol table must be initialised first
	return participle.MustBuild[gSeq](
		participle.Lexer(qDef{}),
		participle.UseLookahead(2),
	)
}
