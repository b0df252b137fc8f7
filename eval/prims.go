package eval

import "github.com/gq-dev/gq/eval/value"

// primDef describes a primitive glyph (+ # ,) or built-in keyword (til, count, mod).
// Topic files register theirs with definePrims in an init function; definitions of the
// same name merge, so one file can give a glyph's unary form and another its binary one.
// Pure kernels fill u/b; those needing the interpreter (to apply a function, read \P)
// fill ui/bi; functions of rank 3 and more fill n with their rank.
type primDef struct {
	name string
	u    func(x value.Value) value.Value
	b    func(x, y value.Value) value.Value
	ui   func(ip *Interp, x value.Value) value.Value
	bi   func(ip *Interp, x, y value.Value) value.Value
	n    func(ip *Interp, args []value.Value) value.Value
	rank int  // rank of n
	vary bool // n also takes from 3 up to rank arguments (?[t;c;b;a;n;o])
}

// prims is the table of every primitive and keyword, by glyph or name.
var prims = map[string]*primDef{}

// definePrims merges defs into the table.
func definePrims(defs ...primDef) {
	for _, d := range defs {
		p := prims[d.name]
		if p == nil {
			p = &primDef{name: d.name}
			prims[d.name] = p
		}
		if d.u != nil {
			p.u = d.u
		}
		if d.b != nil {
			p.b = d.b
		}
		if d.ui != nil {
			p.ui = d.ui
		}
		if d.bi != nil {
			p.bi = d.bi
		}
		if d.n != nil {
			p.n, p.rank, p.vary = d.n, d.rank, d.vary
		}
	}
}
