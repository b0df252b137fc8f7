package eval

import (
	"fmt"
	"slices"
	"strings"
)

// Help beyond kdb+ (where \? would go to the shell): \? lists the system commands, \?
// word shows a keyword's syntax and an example. No help keyword: programs may have
// their own help. The examples are q and their results as the console
// prints them; TestHelpExamples runs every one, so none can drift from what gq does.

// sysHelp is \?'s list: the system commands gq serves.
var sysHelp = [][2]string{
	{`\a [ns]`, "tables in the namespace"},
	{`\b`, "views"},
	{`\c [rows cols]`, "console size"},
	{`\cd [dir]`, "current directory"},
	{`\C [rows cols]`, "HTTP display size (.h.jx)"},
	{`\d [ns]`, "current namespace"},
	{`\e [0|1|2]`, "error trap mode for client requests"},
	{`\f [ns]`, "functions in the namespace"},
	{`\l file|dir`, "load a script, or a kdb+ database"},
	{`\p [port]`, "listening port (0 stops)"},
	{`\P [digits]`, "float display precision"},
	{`\S [seed]`, "random seed"},
	{`\t [ms]`, "timer period for .z.ts (0 stops)"},
	{`\t[:n] expr`, "time expr (n times), in milliseconds"},
	{`\ts[:n] expr`, "time and space of expr"},
	{`\T [secs]`, "client request timeout"},
	{`\v [ns]`, "variables in the namespace"},
	{`\w [MB]`, "memory stats; with -w, raise the workspace limit"},
	{`\x .z.xx`, "restore a .z handler's default"},
	{`\\`, "leave (.z.exit runs)"},
	{`\? [keyword]`, "this list, or a keyword's syntax and an example"},
}

// keywordHelp holds a keyword's syntax, what it does, and an example with its result.
type keywordHelp struct {
	syntax, what, example, result string
}

// keywordHelps are the keywords \? explains; the KX reference (code.kx.com/q/ref) has
// all of them.
var keywordHelps = map[string]keywordHelp{
	"til":      {"til x", "the first x naturals", "til 5", "0 1 2 3 4"},
	"count":    {"count x", "number of items", "count 10 20 30", "3"},
	"sum":      {"sum x", "total, nulls skipped", "sum 1 2 3 0N", "6"},
	"avg":      {"avg x", "arithmetic mean", "avg 1 2 3 4", "2.5"},
	"max":      {"max x", "largest item", "max 3 1 4", "4"},
	"min":      {"min x", "smallest item", "min 3 1 4", "1"},
	"first":    {"first x", "first item", "first 10 20 30", "10"},
	"last":     {"last x", "last item", "last 10 20 30", "30"},
	"reverse":  {"reverse x", "items in reverse order", "reverse 1 2 3", "3 2 1"},
	"where":    {"where x", "indices of true items, repeated by count", "where 01101b", "1 2 4"},
	"distinct": {"distinct x", "unique items, in order of first occurrence", "distinct 2 1 2 3 1", "2 1 3"},
	"asc":      {"asc x", "sorted ascending", "asc 3 1 2", "`s#1 2 3"},
	"desc":     {"desc x", "sorted descending", "desc 3 1 2", "3 2 1"},
	"group":    {"group x", "dictionary of each distinct item's indices", "group `a`b`a", "a| 0 2\nb| ,1"},
	"xbar":     {"x xbar y", "y rounded down to a multiple of x", "5 xbar 23 27 31", "20 25 30"},
	"mod":      {"x mod y", "remainder of x divided by y", "7 8 9 mod 3", "1 2 0"},
	"div":      {"x div y", "integer division, rounding down", "7 div 2", "3"},
	"in":       {"x in y", "whether each item of x is in y", "1 4 in 1 2 3", "10b"},
	"within":   {"x within y", "whether x is within the range y, bounds included", "3 5 7 within 4 7", "011b"},
	"like":     {"x like y", "whether x matches the pattern y (* ? [])", "`apple`banana like \"a*\"", "10b"},
	"ss":       {"x ss y", "positions of string y in x", "\"a,b,c\" ss \",\"", "1 3"},
	"ssr":      {"ssr[x;y;z]", "x with each y replaced by z", "ssr[\"a,b\";\",\";\";\"]", "\"a;b\""},
	"vs":       {"x vs y", "split string y at x", "\",\" vs \"a,b,c\"", ",\"a\"\n,\"b\"\n,\"c\""},
	"sv":       {"x sv y", "join strings y with x", "\",\" sv (\"a\";\"b\")", "\"a,b\""},
	"string":   {"string x", "x as a string", "string 42", "\"42\""},
	"each":     {"f each x", "f applied to each item of x", "count each (1 2;3 4 5)", "2 3"},
	"over":     {"f over x", "f folded over x (f/)", "(+) over 1 2 3 4", "10"},
	"scan":     {"f scan x", "the successive folds (f\\)", "(+) scan 1 2 3 4", "1 3 6 10"},
	"deltas":   {"deltas x", "differences between neighbours", "deltas 1 4 9 16", "1 3 5 7"},
	"sums":     {"sums x", "running totals", "sums 1 2 3 4", "1 3 6 10"},
	"wavg":     {"x wavg y", "average of y weighted by x", "1 3 wavg 10 20", "17.5"},
	"cols":     {"cols t", "column names of a table", "cols ([]a:1 2;b:3 4)", "`a`b"},
	"meta":     {"meta t", "columns' types, foreign keys and attributes", "meta ([]a:1 2;b:`x`y)", "c| t f a\n-| -----\na| j\nb| s"},
	"xkey":     {"x xkey t", "t keyed by columns x", "`a xkey ([]a:1 2;b:3 4)", "a| b\n-| -\n1| 3\n2| 4"},
	"lj":       {"t lj kt", "left join: t's rows with kt's columns by key", "([]a:1 2) lj ([a:1 2]b:`x`y)", "a b\n---\n1 x\n2 y"},
	"aj":       {"aj[c;t;q]", "as-of join: for each row of t, q's last row at or before it", "aj[`t;([]t:2 5);([]t:1 4;p:10 40)]", "t p\n----\n2 10\n5 40"},
	"hopen":    {"hopen x", "open a connection (`:host:port) or a file; the handle", "", ""},
	"hclose":   {"hclose h", "close a handle", "", ""},
	"set":      {"x set y", "assign y to the name x, or write y to the file x", "`a set 42", "`a"},
	"get":      {"get x", "the value of the name x, or the contents of the file x", "a:42;get`a", "42"},
	"value":    {"value x", "evaluate a string; a name's value; a dictionary's values", "value \"1+2\"", "3"},
	"parse":    {"parse x", "the parse tree of the string x", "parse \"1+2\"", "+\n1\n2"},
	"show":     {"show x", "print x as the console would", "", ""},
	"exit":     {"exit n", "leave with exit code n (.z.exit runs)", "", ""},
	"system":   {"system x", "run the system command x (without its \\)", "system\"P\"", "7i"},
}

// systemHelp is \? and \? word.
func (ip *Interp) systemHelp(arg string) string {
	var b strings.Builder
	if arg == "" {
		for _, c := range sysHelp {
			fmt.Fprintf(&b, "%-16s %s\n", c[0], c[1])
		}
		b.WriteString("\n\\? word explains a keyword, e.g. \\? xbar\n")
		return b.String()
	}
	return keywordHelpText(arg)
}

// keywordHelpText explains one keyword, or says where to look.
func keywordHelpText(w string) string {
	h, ok := keywordHelps[w]
	switch {
	case ok:
		s := fmt.Sprintf("%s\n  %s\n", h.syntax, h.what)
		if h.example != "" {
			s += "q)" + h.example + "\n" + h.result + "\n"
		}
		return s
	case primByName(w) != nil:
		return w + ": a q primitive; see code.kx.com/q/ref for it\n"
	}
	signal(w + ": not a keyword (\\? lists system commands)")
	return ""
}

// helpWords lists the keywords with help entries, sorted (for the tests).
func helpWords() []string {
	ws := make([]string, 0, len(keywordHelps))
	for w := range keywordHelps {
		ws = append(ws, w)
	}
	slices.Sort(ws)
	return ws
}

// CompletionNames is what Tab may complete at the console: the keywords, the names of
// the current namespace, and every namespace's names in full (.z.pg, .Q.addmonths).
// The session takes it on the main loop after each line, so completion never reads
// the interpreter from readline's goroutine.
func (ip *Interp) CompletionNames() []string {
	var ns []string
	for name := range prims {
		if !isGlyph(name) {
			ns = append(ns, name)
		}
	}
	for name := range ip.cur.vars {
		ns = append(ns, name)
	}
	for _, n := range ip.nss {
		if n.name == "" {
			continue
		}
		for v := range n.vars {
			ns = append(ns, n.name+"."+v)
		}
	}
	for _, z := range []string{"a", "b", "d", "D", "f", "h", "i", "K", "k", "l", "n", "N", "o", "p", "P", "pc", "pg", "pi", "po", "ps", "pw", "q", "t", "T", "ts", "u", "w", "W", "x", "X", "z", "Z", "exit", "bm"} {
		ns = append(ns, ".z."+z)
	}
	slices.Sort(ns)
	return slices.Compact(ns)
}
