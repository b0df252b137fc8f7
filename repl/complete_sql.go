package repl

import (
	"sort"
	"strings"
)

// Tab in a q-sql query completes what the clause wants: after `from` a table's name;
// in the column list (select, exec, update, delete), the by and the where clause a
// column of the table the query reads, once its `from t` is typed (before the cursor,
// or after it when editing the middle of a line). When no column fits, Tab completes
// globals and keywords as anywhere else.

// columner is the optional half of Evaluator that gives each table's columns, taken on
// the main loop like the names (*eval.Interp has it).
type columner interface {
	CompletionColumns() map[string][]string
}

// columns gives the completions of word from the query around it.
func (c completer) columns(before, after []rune, word string) [][]rune {
	tables, _ := c.s.cols.Load().(map[string][]string)
	if len(tables) == 0 {
		return nil
	}
	var names []string
	switch clause, table := queryClause(before, after); clause {
	case "table":
		for t := range tables {
			names = append(names, t)
		}
		sort.Strings(names)
	case "column":
		names = tables[table]
	}
	var cands [][]rune
	for _, n := range names {
		if strings.HasPrefix(n, word) {
			cands = append(cands, []rune(n[len(word):]))
		}
	}
	return cands
}

// sqlToken is a word of a console line as completion sees it: a name, or one of the
// characters that nest and separate expressions ( ( ) [ ] { } ; ).
type sqlToken struct {
	text  string
	depth int // brackets open around it
}

// queryClause tells what the word between before and after is in a query: "table"
// right after `from`, "column" in a column list, by or where clause of a query on
// table (table "" when the query's from is not typed yet), "" outside queries.
func queryClause(before, after []rune) (clause, table string) {
	toks := sqlTokens(before, 0)
	depth := 0
	if len(toks) > 0 {
		depth = toks[len(toks)-1].depth
	}
	// The cursor's expression starts after the bracket that is still open around it and
	// after the last ; at its level.
	start := 0
	for i, t := range toks {
		switch {
		case t.depth < depth, t.depth == depth && t.text == ";":
			start = i + 1
		}
	}
	var seg []string // the names of the expression at the cursor's level
	for _, t := range toks[start:] {
		if t.depth == depth && !strings.ContainsAny(t.text, "()[]{};") {
			seg = append(seg, t.text)
		}
	}
	last := -1
	for i, w := range seg {
		if queryWord[w] {
			last = i
		}
	}
	if last < 0 {
		return "", ""
	}
	if seg[last] == "from" {
		if last == len(seg)-1 {
			return "table", ""
		}
		return "", "" // after the table: a join, an expression
	}
	// The table: from t before the cursor (since the query's first word) or after it.
	for i := last; i >= 0 && i < len(seg); i-- {
		if seg[i] == "from" && i+1 < len(seg) {
			return "column", seg[i+1]
		}
		if seg[i] == "select" || seg[i] == "exec" || seg[i] == "update" || seg[i] == "delete" {
			break
		}
	}
	rest := sqlTokens(after, 0)
	for i, t := range rest {
		if t.depth < 0 || t.depth == 0 && t.text == ";" {
			break
		}
		if t.depth == 0 && t.text == "from" && i+1 < len(rest) && rest[i+1].depth == 0 && !strings.ContainsAny(rest[i+1].text, "()[]{};") {
			return "column", rest[i+1].text
		}
	}
	return "column", ""
}

// queryWord holds the words that begin a query's clauses.
var queryWord = map[string]bool{"select": true, "exec": true, "update": true, "delete": true, "from": true, "by": true, "where": true}

// sqlTokens splits a line into names and brackets, skipping strings, symbols, numbers
// and a trailing comment.
func sqlTokens(rs []rune, depth int) []sqlToken {
	var toks []sqlToken
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '"': // a string, with its escapes
			for i++; i < len(rs) && rs[i] != '"'; i++ {
				if rs[i] == '\\' {
					i++
				}
			}
		case r == '`': // a symbol or a file path
			for i+1 < len(rs) && (isPathRune(rs[i+1]) || rs[i+1] == ':') {
				i++
			}
		case r == '/' && (i == 0 || rs[i-1] == ' ' || rs[i-1] == '\t'):
			return toks // a comment to the end of the line
		case r >= '0' && r <= '9': // a number, with its type letter
			for i+1 < len(rs) && isNameRune(rs[i+1]) {
				i++
			}
		case isNameRune(r):
			j := i
			for j+1 < len(rs) && isNameRune(rs[j+1]) {
				j++
			}
			toks = append(toks, sqlToken{string(rs[i : j+1]), depth})
			i = j
		case r == '(' || r == '[' || r == '{':
			toks = append(toks, sqlToken{string(r), depth})
			depth++
		case r == ')' || r == ']' || r == '}':
			depth--
			toks = append(toks, sqlToken{string(r), depth})
		case r == ';':
			toks = append(toks, sqlToken{";", depth})
		}
	}
	return toks
}
