package parser

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/gq-dev/gq/eval/value"
)

// folder turns the grammar's flat item sequences into AST nodes.
type folder struct {
	src   string
	depth int
}

// unit kinds: how an item takes part in the right-to-left fold.
const (
	kNoun   = iota
	kVerb   // glyph verb, adverbed item or infix keyword: has infix syntax
	kColon  // :
	kDColon // ::
	kOpAsg  // op: glued after a name or ]
	kQuote  // ' with nothing on its left: signal
)

type unit struct {
	n    Node
	kind int
	raw  *gItem // nil for synthesized units (queries)
}

// stmts splits a sequence on ';' and folds each statement (an empty one is nil).
func (f *folder) stmts(s *gSeq) ([]Node, error) {
	groups := splitSeq(s)
	out := make([]Node, len(groups))
	for i, g := range groups {
		n, err := f.expr(g)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// splitSeq splits a sequence into its ';'-separated groups of items (at least one).
func splitSeq(s *gSeq) [][]*gItem {
	groups := [][]*gItem{nil}
	if s == nil {
		return groups
	}
	for _, e := range s.Elems {
		if e.Semi.Type == tSemi {
			groups = append(groups, nil)
			continue
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], e)
	}
	return groups
}

// expr folds one statement's items.
func (f *folder) expr(items []*gItem) (Node, error) {
	if len(items) == 0 {
		return nil, nil
	}
	f.depth++
	defer func() { f.depth-- }()
	if f.depth > 3*maxDepth {
		return nil, errParse("limit")
	}
	us := make([]unit, len(items))
	for i, it := range items {
		u, err := f.item(it)
		if err != nil {
			return nil, err
		}
		us[i] = u
	}
	us, err := f.queries(us)
	if err != nil {
		return nil, err
	}
	return f.fold(us)
}

// fold reads units right to left: noun verb rhs is infix, f rhs is application, a verb
// with nothing on its right is a section or a verb value. When the rightmost unit is a
// verb (so the value being built is a function still waiting for arguments), whatever
// stands to its left composes with it instead of applying: (0|+) is '[0|;+] and
// reciprocal(%). is '[reciprocal;(%).]. Compositions are Call{Verb "'", [f, g]}, the
// same node as the explicit '[f;g].
func (f *folder) fold(us []unit) (Node, error) {
	var rhs Node
	haveRhs := false
	train := false // rhs is a function built from a trailing verb
	i := len(us) - 1
	for i >= 0 {
		x := us[i]
		// Is x the verb of an infix (a noun on its left)?
		if x.kind != kNoun && x.kind != kQuote && i > 0 && us[i-1].kind == kNoun {
			left := us[i-1]
			switch {
			case !haveRhs && x.kind == kVerb:
				rhs, train = &Infix{P: x.n.Pos(), Fn: x.n, Left: left.n}, true
			case !haveRhs && x.kind == kDColon && isFuncUnit(left):
				// sum abs:: composes: the trailing :: starts a train that the
				// functions on its left join ('[sum;'[abs;::]])
				rhs, train = x.n, true
				haveRhs = true
				i--
				continue
			case !haveRhs && x.kind == kDColon:
				// 3 :: is the identity applied to 3
				rhs, train = &Prefix{P: x.n.Pos(), Fn: x.n, Arg: left.n}, false
			case train && x.kind == kVerb:
				rhs = compose(&Infix{P: x.n.Pos(), Fn: x.n, Left: left.n}, rhs)
			default:
				n, err := f.infix(left, x, rhs, haveRhs)
				if err != nil {
					return nil, err
				}
				rhs, train = n, false
			}
			haveRhs = true
			i -= 2
			continue
		}
		if !haveRhs {
			switch x.kind {
			case kQuote:
				rhs = &Signal{P: x.n.Pos()}
			case kOpAsg:
				return nil, errParse("parse")
			default:
				rhs = x.n
				// a trailing glyph verb starts a train; a trailing keyword with no noun
				// on its left is just its value (-8!and serializes and)
				_, word := x.n.(*Name)
				train = x.kind == kVerb && !word
			}
			haveRhs = true
			i--
			continue
		}
		switch {
		case x.kind == kQuote:
			rhs, train = &Signal{P: x.n.Pos(), Value: rhs}, false
		case x.kind == kColon:
			rhs, train = &Return{P: x.n.Pos(), Value: rhs}, false
		case x.kind == kOpAsg:
			return nil, errParse("parse")
		case train && x.kind != kDColon:
			rhs = compose(x.n, rhs)
		default:
			rhs = &Prefix{P: x.n.Pos(), Fn: x.n, Arg: rhs}
		}
		i--
	}
	return rhs, nil
}

// isFuncUnit reports whether a noun unit is a function at parse time: one of the k
// primitives behind q keywords (.Q.res: abs, sum, enlist, ...), which are verbs to
// kdb+'s parser; other keywords and names are nouns there.
func isFuncUnit(u unit) bool {
	n, ok := u.n.(*Name)
	return ok && reservedWords[n.Name] && !reservedControl[n.Name]
}

// reservedControl are the words of qKeywords that are not functions.
var reservedControl = setOf(`by delete do exec from if select update while`)

// compose builds the composition f∘g as '[f;g].
func compose(f, g Node) Node {
	return &Call{P: f.Pos(), Fn: &Verb{P: f.Pos(), Glyph: "'"}, Args: []Node{f, g}}
}

// infix builds left v rhs, including the assignment forms.
func (f *folder) infix(left, v unit, rhs Node, haveRhs bool) (Node, error) {
	if !haveRhs {
		rhs = nil
	}
	switch v.kind {
	case kColon, kDColon, kOpAsg:
		a := &Assign{P: left.n.Pos(), Value: rhs, Global: v.kind == kDColon}
		switch t := left.n.(type) {
		case *Name:
			a.Name = t.Name
		case *Call:
			nm, ok := t.Fn.(*Name)
			if !ok {
				return f.plainInfix(left, v, rhs)
			}
			a.Name = nm.Name
			a.Index = t.Args
		case *Prefix:
			// (x i):v indexes like x[i]:v
			nm, ok := t.Fn.(*Name)
			if !ok {
				return f.plainInfix(left, v, rhs)
			}
			a.Name = nm.Name
			a.Index = []Node{t.Arg}
		default:
			return f.plainInfix(left, v, rhs)
		}
		if v.kind == kOpAsg {
			g := v.n.(*Verb).Glyph
			if strings.HasSuffix(g, "::") { // x,::y amends the global x
				a.Global, g = true, g[:len(g)-1]
			}
			a.Op = &Verb{P: v.n.Pos(), Glyph: g[:len(g)-1]}
		}
		if reservedWords[a.Name] {
			return nil, errParse("assign")
		}
		if rhs == nil {
			return nil, errParse("parse")
		}
		return a, nil
	}
	return &Infix{P: v.n.Pos(), Fn: v.n, Left: left.n, Right: rhs}, nil
}

// plainInfix keeps a colon form with an unusual target as an Infix for eval to judge
// ((a;b):1 2 destructuring, for example).
func (f *folder) plainInfix(left, v unit, rhs Node) (Node, error) {
	return &Infix{P: v.n.Pos(), Fn: v.n, Left: left.n, Right: rhs}, nil
}

func pos(t lexer.Token) int { return t.Pos.Offset }

// item converts one grammar item to a unit: its primary with postfixes applied.
func (f *folder) item(it *gItem) (unit, error) {
	f.depth++
	defer func() { f.depth-- }()
	if f.depth > 3*maxDepth {
		return unit{}, errParse("limit")
	}
	u, err := f.prim(it)
	if err != nil {
		return u, err
	}
	u.raw = it
	for pi, p := range it.Post {
		if p.Args == nil {
			if u.kind == kQuote || u.kind == kColon || u.kind == kDColon || u.kind == kOpAsg {
				return u, errParse("parse")
			}
			u.n = &Adverbed{P: u.n.Pos(), Fn: u.n, Adverb: p.Adverb.Value}
			u.kind = kVerb
			continue
		}
		args, err := f.stmts(p.Args.Body)
		if err != nil {
			return u, err
		}
		at := pos(p.Args.Open)
		switch {
		case pi == 0 && isGlyph(u.n, "$") && len(args) >= 3:
			u.n = &Cond{P: u.n.Pos(), Args: args}
		case pi == 0 && isCtrlWord(u.n) && it.Tok.Type == tName:
			u.n = &Ctrl{P: u.n.Pos(), Kind: u.n.(*Name).Name, Cond: args[0], Body: args[1:]}
		case u.kind == kQuote:
			u.n = &Call{P: u.n.Pos(), Fn: &Verb{P: u.n.Pos(), Glyph: "'"}, Args: args}
		case u.kind == kOpAsg:
			return u, errParse("parse")
		default:
			u.n = &Call{P: at, Fn: u.n, Args: args}
		}
		u.kind = kNoun
	}
	return u, nil
}

func isGlyph(n Node, g string) bool {
	v, ok := n.(*Verb)
	return ok && v.Glyph == g
}

func isCtrlWord(n Node) bool {
	nm, ok := n.(*Name)
	return ok && (nm.Name == "if" || nm.Name == "do" || nm.Name == "while")
}

// prim converts a primary.
func (f *folder) prim(p *gItem) (unit, error) {
	switch {
	case p.Paren != nil:
		n, err := f.paren(p.Paren)
		return unit{n: n}, err
	case p.Lambda != nil:
		n, err := f.lambda(p.Lambda)
		return unit{n: n}, err
	case p.Block != nil:
		st, err := f.stmts(p.Block.Body)
		if err != nil {
			return unit{}, err
		}
		return unit{n: &Seq{P: pos(p.Block.Open), Stmts: st}}, nil
	}
	t := p.Tok
	at := pos(t)
	switch t.Type {
	case tNum:
		v, err := numLiteral(t.Value)
		if err != nil {
			return unit{}, err
		}
		return unit{n: &Const{P: at, V: v}}, nil
	case tStr:
		v, err := strLiteral(t.Value)
		if err != nil {
			return unit{}, err
		}
		return unit{n: &Const{P: at, V: v}}, nil
	case tSym:
		return unit{n: &Const{P: at, V: symLiteral(t.Value)}}, nil
	case tName:
		k := kNoun
		if infixWords[t.Value] {
			k = kVerb
		}
		return unit{n: &Name{P: at, Name: t.Value}, kind: k}, nil
	case tVerb:
		return unit{n: &Verb{P: at, Glyph: t.Value}, kind: kVerb}, nil
	case tColon:
		return unit{n: &Verb{P: at, Glyph: ":"}, kind: kColon}, nil
	case tDColon:
		return unit{n: &Verb{P: at, Glyph: "::"}, kind: kDColon}, nil
	case tOpAssign:
		return unit{n: &Verb{P: at, Glyph: t.Value}, kind: kOpAsg}, nil
	case tQuote:
		return unit{n: &Verb{P: at, Glyph: "'"}, kind: kQuote}, nil
	}
	return unit{}, errParse("parse")
}

// paren converts (..): grouping, a list, or a table when a bracket follows "(".
func (f *folder) paren(p *gParen) (Node, error) {
	at := pos(p.Open)
	if p.Keys != nil {
		keys, err := f.columns(p.Keys.Body)
		if err != nil {
			return nil, err
		}
		cols, err := f.columns(p.Body)
		if err != nil {
			return nil, err
		}
		return &TableExpr{P: at, Keys: keys, Cols: cols}, nil
	}
	items, err := f.stmts(p.Body)
	if err != nil {
		return nil, err
	}
	if len(items) == 1 {
		if items[0] == nil {
			return &ListExpr{P: at, Items: []Node{}}, nil
		}
		return items[0], nil
	}
	return &ListExpr{P: at, Items: items}, nil
}

// columns converts table-literal columns: name:expr, or expr with Name "".
func (f *folder) columns(s *gSeq) ([]Column, error) {
	st, err := f.stmts(s)
	if err != nil {
		return nil, err
	}
	var cols []Column
	for _, n := range st {
		if n == nil {
			continue
		}
		cols = append(cols, toColumn(n))
	}
	return cols, nil
}

// toColumn turns a phrase into a Column: a plain name:expr assignment names it.
func toColumn(n Node) Column {
	if a, ok := n.(*Assign); ok && a.Index == nil && a.Op == nil && !a.Global {
		return Column{Name: a.Name, Expr: a.Value}
	}
	return Column{Expr: n}
}

// lambda converts {[params] body}.
func (f *folder) lambda(l *gLambda) (Node, error) {
	at := pos(l.Open)
	end := pos(l.End) + 1
	lam := &Lambda{P: at, Src: f.src[at:end]}
	if l.Params != nil {
		lam.Params = []string{}
		for _, g := range splitSeq(l.Params.Body) {
			if len(g) == 0 {
				continue
			}
			if len(g) != 1 || g[0].Tok.Type != tName || len(g[0].Post) > 0 {
				return nil, errParse("parse")
			}
			lam.Params = append(lam.Params, g[0].Tok.Value)
		}
		if len(lam.Params) > 8 {
			return nil, errParse("params")
		}
	}
	body, err := f.stmts(l.Body)
	if err != nil {
		return nil, err
	}
	lam.Body = body
	if l.Params == nil {
		lam.Params = impliedParams(body)
	}
	if err := checkScopes(lam); err != nil {
		return nil, err
	}
	return lam, nil
}

// impliedParams gives x, x y or x y z by the highest of them used in the body itself.
func impliedParams(body []Node) []string {
	rank := 1
	for _, n := range body {
		walk(n, func(m Node) {
			if nm, ok := m.(*Name); ok {
				switch nm.Name {
				case "y":
					rank = max(rank, 2)
				case "z":
					rank = 3
				}
			}
		})
	}
	return []string{"x", "y", "z"}[:rank]
}

// checkScopes rejects a name assigned globally (::) and later locally (:) in one lambda:
// {a::1;a:1} is 'a. A name already local (a parameter or assigned earlier) may take ::,
// which then assigns the local ({b:1;b::2} is fine).
func checkScopes(l *Lambda) error {
	local := map[string]bool{}
	for _, p := range l.Params {
		local[p] = true
	}
	global := map[string]bool{}
	bad := ""
	for _, n := range l.Body {
		walk(n, func(m Node) {
			a, ok := m.(*Assign)
			if !ok || bad != "" {
				return
			}
			switch {
			case a.Global && !local[a.Name]:
				global[a.Name] = true
			case !a.Global && global[a.Name]:
				bad = a.Name
			case !a.Global:
				local[a.Name] = true
			}
		})
	}
	if bad != "" {
		return errParse(bad)
	}
	return nil
}

// walk calls fn on n and its descendants, not descending into nested lambdas.
func walk(n Node, fn func(Node)) {
	if n == nil {
		return
	}
	fn(n)
	switch t := n.(type) {
	case *Call:
		walk(t.Fn, fn)
		walkAll(t.Args, fn)
	case *Prefix:
		walk(t.Fn, fn)
		walk(t.Arg, fn)
	case *Infix:
		walk(t.Fn, fn)
		walk(t.Left, fn)
		walk(t.Right, fn)
	case *Adverbed:
		walk(t.Fn, fn)
	case *ListExpr:
		walkAll(t.Items, fn)
	case *TableExpr:
		walkCols(t.Keys, fn)
		walkCols(t.Cols, fn)
	case *Assign:
		walkAll(t.Index, fn)
		walk(t.Op, fn)
		walk(t.Value, fn)
	case *Cond:
		walkAll(t.Args, fn)
	case *Ctrl:
		walk(t.Cond, fn)
		walkAll(t.Body, fn)
	case *Return:
		walk(t.Value, fn)
	case *Signal:
		walk(t.Value, fn)
	case *Seq:
		walkAll(t.Stmts, fn)
	case *Query:
		walk(t.Limit, fn)
		walk(t.Order, fn)
		walkCols(t.Cols, fn)
		walkCols(t.By, fn)
		walk(t.From, fn)
		walkAll(t.Where, fn)
	}
}

func walkAll(ns []Node, fn func(Node)) {
	for _, n := range ns {
		walk(n, fn)
	}
}

func walkCols(cs []Column, fn func(Node)) {
	for _, c := range cs {
		walk(c.Expr, fn)
	}
}

// queryWords start a qSQL template.
var queryWords = map[string]bool{"select": true, "exec": true, "update": true, "delete": true}

func unitName(u unit) string {
	if u.raw == nil || u.raw.Tok.Type != tName || len(u.raw.Post) > 0 {
		return ""
	}
	return u.raw.Tok.Value
}

// queries replaces a qSQL template (select ... to the end of the statement) by one
// noun unit holding a Query.
func (f *folder) queries(us []unit) ([]unit, error) {
	start := -1
	for i, u := range us {
		if u.raw == nil || u.raw.Tok.Type != tName || !queryWords[u.raw.Tok.Value] {
			continue
		}
		// select[..] may carry a limit; other words must stand alone
		if len(u.raw.Post) > 0 && (u.raw.Tok.Value != "select" || len(u.raw.Post) != 1 || u.raw.Post[0].Args == nil) {
			continue
		}
		// only a template if a from follows
		for j := i + 1; j < len(us); j++ {
			if unitName(us[j]) == "from" {
				start = i
				break
			}
		}
		if start >= 0 {
			break
		}
	}
	if start < 0 {
		return us, nil
	}
	kw := us[start].raw
	q := &Query{P: pos(kw.Tok), Kind: kw.Tok.Value}
	if len(kw.Post) == 1 {
		args, err := f.stmts(kw.Post[0].Args.Body)
		if err != nil {
			return nil, err
		}
		for _, a := range args {
			if p, ok := a.(*Prefix); ok && (isGlyph(p.Fn, "<") || isGlyph(p.Fn, ">")) {
				q.Order = p.Arg
				q.Desc = isGlyph(p.Fn, ">")
			} else if a != nil {
				q.Limit = a
			}
		}
	}
	rest := us[start+1:]
	if q.Kind == "select" || q.Kind == "exec" {
		if len(rest) > 0 && unitName(rest[0]) == "distinct" {
			q.Distinct = true
			rest = rest[1:]
		}
	}
	// split the rest at the top-level words by, from, where
	sections := map[string][]unit{}
	cur := "cols"
	nested := false // the from phrase is itself a template, which owns what follows
	for _, u := range rest {
		if cur == "from" && queryWords[unitName(u)] {
			nested = true // delete ok from select from t where not ok
		}
		switch w := unitName(u); {
		case w == "by" && cur == "cols", w == "from" && (cur == "cols" || cur == "by"), w == "where" && cur == "from" && !nested:
			cur = w
			sections[cur] = []unit{}
			continue
		}
		sections[cur] = append(sections[cur], u)
	}
	if _, ok := sections["from"]; !ok || len(sections["from"]) == 0 {
		return nil, errParse("parse")
	}
	var err error
	if q.Cols, err = f.phrases(sections["cols"]); err != nil {
		return nil, err
	}
	if q.By, err = f.phrases(sections["by"]); err != nil {
		return nil, err
	}
	if _, ok := sections["by"]; ok && q.By == nil {
		q.By = []Column{}
	}
	if q.From, err = f.foldQ(sections["from"]); err != nil {
		return nil, err
	}
	if w, ok := sections["where"]; ok {
		for _, ph := range splitComma(w) {
			n, err := f.foldQ(ph)
			if err != nil {
				return nil, err
			}
			q.Where = append(q.Where, n)
		}
	}
	out := append(us[:start:start], unit{n: q})
	return out, nil
}

// foldQ folds units that may hold a nested qSQL template.
func (f *folder) foldQ(us []unit) (Node, error) {
	us, err := f.queries(us)
	if err != nil {
		return nil, err
	}
	return f.fold(us)
}

// phrases folds comma-separated qSQL phrases into columns.
func (f *folder) phrases(us []unit) ([]Column, error) {
	if len(us) == 0 {
		return nil, nil
	}
	var cols []Column
	for _, ph := range splitComma(us) {
		n, err := f.foldQ(ph)
		if err != nil {
			return nil, err
		}
		if n == nil {
			return nil, errParse("parse")
		}
		cols = append(cols, toColumn(n))
	}
	return cols, nil
}

// splitComma splits units at top-level "," verbs.
func splitComma(us []unit) [][]unit {
	var out [][]unit
	var cur []unit
	for _, u := range us {
		if u.kind == kVerb && u.raw != nil && u.raw.Tok.Type == tVerb && u.raw.Tok.Value == "," && len(u.raw.Post) == 0 {
			out = append(out, cur)
			cur = nil
			continue
		}
		cur = append(cur, u)
	}
	return append(out, cur)
}

// errorOf converts any error to q's: our own *value.Error passes through, anything
// from participle is 'parse.
func errorOf(err error) *value.Error {
	if e, ok := err.(*value.Error); ok {
		return e
	}
	if strings.Contains(err.Error(), "limit") {
		return errParse("limit")
	}
	return errParse("parse")
}
