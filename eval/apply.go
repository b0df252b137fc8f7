package eval

import (
	"strings"
	"sync"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

// Prim values are made once from the table (prims.go).
var (
	primOnce sync.Once
	primVals map[string]*value.Prim
	glyphIDs = ":+-*%&|^=<>$,#_~!?@."
)

// initPrimVals builds the q value of every primitive and keyword.
func initPrimVals() {
	primOnce.Do(func() {
		primVals = make(map[string]*value.Prim, len(prims)+32)
		for name, d := range prims {
			primVals[name] = makePrim(name, d)
			if isGlyph(name) && name != "::" && (d.u != nil || d.ui != nil) {
				u := name + ":"
				primVals[u] = &value.Prim{Name: u, T: value.TUnary, ID: glyphID(name), Impl: d}
			}
		}
		primVals["::"] = nullVal.(*value.Prim)
		nullVal.(*value.Prim).Impl = prims["::"]
		for name, d := range prims {
			if d.alias != "" {
				primVals[name] = primVals[d.alias]
			}
		}
	})
}

func glyphID(g string) byte {
	switch g {
	case "0:":
		return 20
	case "1:":
		return 21
	case "2:":
		return 22
	}
	if len(g) == 1 {
		if i := strings.IndexByte(glyphIDs, g[0]); i >= 0 {
			return byte(i)
		}
	}
	return 0
}

// makePrim gives a primitive its q type: a glyph with a binary form is binary (its
// unary form is "g:"); a keyword with a unary form is unary (variadic ones such as
// deltas also take two arguments); then binary, then its rank.
func makePrim(name string, d *primDef) *value.Prim {
	p := &value.Prim{Name: name, ID: glyphID(name), Impl: d}
	hasU, hasB := d.u != nil || d.ui != nil, d.b != nil || d.bi != nil
	switch {
	case name == "'":
		p.T = value.TUnary
	case isGlyph(name) && hasB:
		p.T = value.TBinary
	case hasU:
		p.T = value.TUnary
	case hasB:
		p.T = value.TBinary
	default:
		p.T = value.TTernary
	}
	if !isGlyph(name) { // keywords kdb+ has as primitives keep its wire byte (like is 102 25)
		if id, ok := wire.PrimID(p.T, name); ok {
			p.ID = id
		}
	}
	return p
}

// primByName returns the value of a primitive or keyword, nil if there is none.
func primByName(name string) *value.Prim {
	if primVals == nil {
		initPrimVals()
	}
	return primVals[name]
}

// isGlyph reports whether name is an operator glyph (+ , 0: ...) rather than a word.
func isGlyph(name string) bool {
	if name == "" {
		return false
	}
	c := name[0]
	return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' && len(name) > 1 && name[1] != ':')
}

// verbValue is the value of a verb glyph used as a noun: (+), (-:), (::).
func verbValue(g string) value.Value {
	if p := primByName(g); p != nil {
		return p
	}
	if strings.HasSuffix(g, ":") && len(g) > 1 {
		if d := prims[strings.TrimSuffix(g, ":")]; d != nil {
			return &value.Prim{Name: g, T: value.TUnary, ID: glyphID(g[:len(g)-1]), Impl: d}
		}
	}
	return &value.Prim{Name: g, T: value.TBinary, Impl: &primDef{name: g}}
}

// verbDef is the kernel table entry of a glyph, nil if none.
func verbDef(g string) *primDef {
	initPrimVals()
	return prims[g]
}

// primU applies a primitive's unary form.
func (ip *Interp) primU(d *primDef, x value.Value) value.Value {
	if d.ui != nil {
		return d.ui(ip, x)
	}
	if d.u != nil {
		return d.u(x)
	}
	if isGlyph(d.name) {
		errNyi()
	}
	errRank()
	return nil
}

// primB applies a primitive's binary form.
func (ip *Interp) primB(d *primDef, x, y value.Value) value.Value {
	if d.bi != nil {
		return d.bi(ip, x, y)
	}
	if d.b != nil {
		return d.b(x, y)
	}
	if d.n != nil && d.rank == 2 {
		return d.n(ip, []value.Value{x, y})
	}
	if isGlyph(d.name) {
		errNyi()
	}
	errRank()
	return nil
}

// primDefOf returns the kernels behind a prim value.
func primDefOf(p *value.Prim) *primDef {
	if d, ok := p.Impl.(*primDef); ok && d != nil {
		return d
	}
	if d := prims[p.Name]; d != nil {
		return d
	}
	errNyi()
	return nil
}

// applyPrim applies a primitive to args (no holes).
func (ip *Interp) applyPrim(p *value.Prim, args []value.Value) value.Value {
	d := primDefOf(p)
	switch len(args) {
	case 1:
		if p.T == value.TUnary || (d.u != nil || d.ui != nil) && !isGlyph(p.Name) {
			return ip.primU(d, args[0])
		}
		if p.Name == "enlist" {
			return value.NewList(args)
		}
		return &value.Projection{Fn: p, Args: args}
	case 2:
		if p.T == value.TUnary && p.Name != "enlist" && d.b == nil && d.bi == nil {
			errRank()
		}
		if d.b != nil || d.bi != nil {
			return ip.primB(d, args[0], args[1])
		}
	}
	if p.Name == "enlist" {
		return value.NewList(args)
	}
	if d.n != nil {
		if len(args) == d.rank || len(args) == 3 && (p.Name == "@" || p.Name == ".") || d.vary && len(args) >= 3 && len(args) <= d.rank {
			return d.n(ip, args)
		}
		if len(args) < d.rank {
			return &value.Projection{Fn: p, Args: args}
		}
	}
	errRank()
	return nil
}

// primRank is the rank a primitive value shows to iterators and projections.
func primRank(p *value.Prim, d *primDef) int {
	switch p.T {
	case value.TUnary:
		return 1
	case value.TBinary:
		return 2
	}
	if d != nil && d.rank > 0 {
		return d.rank
	}
	return 3
}

// rankOf is the number of arguments f takes (lists and dictionaries take 1).
func (ip *Interp) rankOf(f value.Value) int {
	switch v := f.(type) {
	case *value.Lambda:
		return lambdaRank(v)
	case *value.Prim:
		d, _ := v.Impl.(*primDef)
		return primRank(v, d)
	case *value.Projection:
		n := 0
		for _, a := range v.Args {
			if a == nil {
				n++
			}
		}
		if r := ip.rankOf(v.Fn) - len(v.Args); r > 0 {
			n += r
		}
		if n == 0 {
			n = 1
		}
		return n
	case *value.Composition:
		if len(v.Fns) == 0 {
			return 1
		}
		return ip.rankOf(v.Fns[len(v.Fns)-1])
	case *value.Derived:
		switch v.Adverb {
		case value.TEach:
			if !value.IsFunc(v.Fn) {
				return maxCase(v.Fn)
			}
			return ip.rankOf(v.Fn)
		case value.TOver, value.TScan:
			r := ip.rankOf(v.Fn)
			if r < 2 {
				return 2
			}
			return r
		}
		return 2
	}
	return 1
}

// maxCase is the rank of a case i': 1+max i.
func maxCase(v value.Value) int {
	m := 0
	if iv, ok := intVals(v); ok {
		for _, i := range iv {
			if int(i) > m {
				m = int(i)
			}
		}
	}
	return m + 1
}

// apply applies f to args; a nil arg is a hole and makes a projection.
func (ip *Interp) apply(f value.Value, args []value.Value) value.Value {
	for _, a := range args {
		if a == nil {
			if value.IsFunc(f) {
				return ip.project(f, args)
			}
			break
		}
	}
	switch len(args) {
	case 0:
		return ip.applyNiladic(f)
	case 1:
		return ip.apply1(f, args[0])
	case 2:
		if args[0] != nil && args[1] != nil {
			return ip.apply2(f, args[0], args[1])
		}
	}
	switch v := f.(type) {
	case *value.Lambda:
		c := ip.codeOf(v)
		r := lambdaRank(v)
		if len(args) > r {
			errRank()
		}
		if len(args) < r {
			return ip.project(f, args)
		}
		return ip.call(v, c, args)
	case *value.Prim:
		return ip.applyPrim(v, args)
	case *value.Projection:
		return ip.applyProjection(v, args)
	case *value.Composition:
		return ip.applyComposition(v, args)
	case *value.Derived:
		return ip.applyDerived(v, args)
	case value.Sym:
		return ip.apply(ip.mustGlobal(string(v)), args)
	}
	return ip.indexDepth(f, args)
}

// applyNiladic is f[]: :: to a function, the whole of a list.
func (ip *Interp) applyNiladic(f value.Value) value.Value {
	switch v := f.(type) {
	case *value.Lambda:
		if lambdaRank(v) > 1 {
			return &value.Projection{Fn: f, Args: []value.Value{nil}} // {x+y}[]
		}
		return ip.call1(v, ip.codeOf(v), nullVal)
	case *value.Projection:
		if ip.rankOf(v) > 1 {
			return f
		}
	case *value.Prim:
		if v.T != value.TUnary {
			return &value.Projection{Fn: f, Args: make([]value.Value, primRank(v, nil))}
		}
	case value.Int, value.Long:
		if h, ok := handleNum(f); ok && (h > 2 || h < -2) { // h[] receives, neg[h][] flushes
			return ip.applyHandle(f, h, nil)
		}
	}
	if value.IsFunc(f) {
		return ip.apply1(f, nullVal)
	}
	return ip.index(f, nullVal)
}

// apply1 applies f to one argument.
func (ip *Interp) apply1(f, x value.Value) value.Value {
	switch v := f.(type) {
	case *value.Lambda:
		c := ip.codeOf(v)
		if c.nparams <= 1 {
			return ip.call1(v, c, x)
		}
		return ip.project(f, []value.Value{x})
	case *value.Prim:
		d := primDefOf(v)
		if v.T == value.TUnary || (d.u != nil || d.ui != nil) && !isGlyph(v.Name) {
			return ip.primU(d, x)
		}
		return ip.applyPrim(v, []value.Value{x})
	case *value.Projection:
		return ip.applyProjection(v, []value.Value{x})
	case *value.Composition:
		return ip.applyComposition(v, []value.Value{x})
	case *value.Derived:
		return ip.applyDerived(v, []value.Value{x})
	case value.Sym:
		if len(v) > 0 && v[0] == ':' { // `:host:port x is a one-shot request
			return ip.oneShot(v, x)
		}
		return ip.apply1(ip.mustGlobal(string(v)), x)
	case value.Int, value.Long, value.Short:
		if h, ok := handleNum(f); ok {
			return ip.applyHandle(f, h, x)
		}
	}
	return ip.index(f, x)
}

// apply2 applies f to two arguments.
func (ip *Interp) apply2(f, x, y value.Value) value.Value {
	switch v := f.(type) {
	case *value.Lambda:
		c := ip.codeOf(v)
		switch lambdaRank(v) {
		case 2:
			return ip.call2(v, c, x, y)
		case 1:
			errRank()
		}
		return ip.project(f, []value.Value{x, y})
	case *value.Prim:
		d := primDefOf(v)
		if d.b != nil || d.bi != nil {
			if d.bi != nil {
				return d.bi(ip, x, y)
			}
			return d.b(x, y)
		}
		return ip.applyPrim(v, []value.Value{x, y})
	case *value.Projection:
		return ip.applyProjection(v, []value.Value{x, y})
	case *value.Composition:
		return ip.applyComposition(v, []value.Value{x, y})
	case *value.Derived:
		return ip.applyDerived(v, []value.Value{x, y})
	case value.Sym:
		return ip.apply2(ip.mustGlobal(string(v)), x, y)
	}
	return ip.indexDepth(f, []value.Value{x, y})
}

// handleNum reads an integer atom used as a function (a handle).
func handleNum(v value.Value) (int64, bool) {
	switch a := v.(type) {
	case value.Int:
		return int64(a), true
	case value.Long:
		return int64(a), true
	case value.Short:
		return int64(a), true
	}
	return 0, false
}

// project fixes some arguments of f; nil args are holes.
func (ip *Interp) project(f value.Value, args []value.Value) value.Value {
	if p, ok := f.(*value.Projection); ok {
		return ip.applyProjection(p, args)
	}
	if p, ok := f.(*value.Prim); ok && p.Name == "enlist" {
		return &value.Projection{Fn: f, Args: args}
	}
	if len(args) > ip.maxArgs(f) {
		errRank()
	}
	return &value.Projection{Fn: f, Args: args}
}

// maxArgs is the most arguments f takes: its rank, or for a glyph with n-ary forms
// (@[x;i;f;y], .[x;p;f;y], ?[t;c;b;a]) the largest of those.
func (ip *Interp) maxArgs(f value.Value) int {
	r := ip.rankOf(f)
	if p, ok := f.(*value.Prim); ok {
		if p.Name == "'" { // '[;] projects compose, the binary form of '
			return 2
		}
		if d, _ := p.Impl.(*primDef); d != nil && d.n != nil && d.rank > r {
			return d.rank
		}
	}
	return r
}

// applyProjection fills p's holes left to right with args; too few give a new
// projection, too many are 'rank.
func (ip *Interp) applyProjection(p *value.Projection, args []value.Value) value.Value {
	full := make([]value.Value, len(p.Args), len(p.Args)+len(args))
	copy(full, p.Args)
	k := 0
	for i := range full {
		if full[i] == nil && k < len(args) {
			full[i] = args[k]
			k++
		}
	}
	if k < len(args) {
		if pp, ok := p.Fn.(*value.Prim); ok && pp.Name == "enlist" {
			errRank()
		}
		full = append(full, args[k:]...)
		if len(full) > ip.maxArgs(p.Fn) {
			errRank()
		}
	}
	for _, a := range full {
		if a == nil {
			return &value.Projection{Fn: p.Fn, Args: full}
		}
	}
	if pp, ok := p.Fn.(*value.Prim); ok && pp.Name == "enlist" {
		return value.NewList(full)
	}
	if len(full) < ip.rankOf(p.Fn) {
		return &value.Projection{Fn: p.Fn, Args: full}
	}
	return ip.apply(p.Fn, full)
}

// applyComposition applies the last function to args and the others, right to
// left, to the result.
func (ip *Interp) applyComposition(c *value.Composition, args []value.Value) value.Value {
	n := len(c.Fns)
	if n == 0 {
		errRank()
	}
	if len(args) < ip.rankOf(c) {
		// ('[neg;+])[1] is a projection, as for any function of rank 2
		return &value.Projection{Fn: c, Args: args}
	}
	r := ip.apply(c.Fns[n-1], args)
	for i := n - 2; i >= 0; i-- {
		r = ip.apply1(c.Fns[i], r)
	}
	return r
}
