package parser

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/gq-dev/gq/eval/value"
)

// Parse parses one complete statement chunk (a console line, or a script chunk with
// its continuation lines joined by "\n") into statements separated by ';'. An empty
// statement is a nil Node, so "a:1;" gives [Assign, nil] and the chunk's value is the
// generic null. Errors are *value.Error with q's text ('( ')' '" 'char 'params 'assign
// 'limit 'parse, or a variable's name for a local/global clash). Parse never panics.
func Parse(src string) (nodes []Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			nodes, err = nil, &value.Error{Msg: "parse"}
		}
	}()
	return parseNoRecover(src)
}

// parseNoRecover is Parse without the safety net, so the fuzzer sees panics.
func parseNoRecover(src string) ([]Node, error) {
	src = stripPrompt(src)
	toks, lerr := lex(src)
	if lerr != nil {
		return nil, errorOf(lerr)
	}
	pl, perr := lexer.Upgrade(&tokStream{toks: toks})
	if perr != nil {
		return nil, errorOf(perr)
	}
	g, perr := grammar.ParseFromLexer(pl)
	if perr != nil {
		return nil, errorOf(perr)
	}
	f := &folder{src: src}
	nodes, ferr := f.stmts(g)
	if ferr != nil {
		return nil, errorOf(ferr)
	}
	viewSources(src, g, nodes)
	return nodes, nil
}

// viewSources gives each top-level name::expr its expression's text, which the view
// keyword shows (view`v is "2+a*3").
func viewSources(src string, g *gSeq, nodes []Node) {
	var ends []int // where each top-level statement ends
	for _, e := range g.Elems {
		if e.Semi.Type == tSemi {
			ends = append(ends, e.Semi.Pos.Offset)
		}
	}
	ends = append(ends, len(src))
	for i, n := range nodes {
		a, ok := n.(*Assign)
		if !ok || !a.Global || a.Index != nil || a.Op != nil || i >= len(ends) {
			continue
		}
		j := a.P + len(a.Name)
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		if strings.HasPrefix(src[j:], "::") && j+2 <= ends[i] {
			a.Src = strings.TrimSpace(src[j+2 : ends[i]])
		}
	}
}
