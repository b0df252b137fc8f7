package eval

import (
	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// Scalar fast paths for the hottest operators in lambda bodies (x+1, n-1, x<10).
// They only take long/long and float/float atom pairs and follow the arithmetic
// kernels' rules exactly (integer + - * propagate 0N, overflow wraps); anything else
// goes to the kernel.

// fastBinary returns a closure computing x g y with the fast path in front of the
// general kernel k, or nil if g has no fast path.
func fastBinary(g string, x, y expr, k func(x, y value.Value) value.Value, p int32) expr {
	op := fastOp(g)
	if op == nil {
		return nil
	}
	return func(fr *frame) value.Value {
		r := y(fr)
		l := x(fr)
		if v, ok := op(l, r); ok {
			return v
		}
		fr.pos = p // only the kernel can fail: the fast path leaves the position alone
		return k(l, r)
	}
}

// fastOp is g's atom fast path, or nil.
func fastOp(g string) func(a, b value.Value) (value.Value, bool) {
	switch g {
	case "+":
		return fastAdd
	case "-":
		return fastSub
	case "*":
		return fastMul
	case "<":
		return fastLess
	case ">":
		return func(a, b value.Value) (value.Value, bool) { return fastLess(b, a) }
	case "=":
		return fastEq
	}
	return nil
}

func fastAdd(x, y value.Value) (value.Value, bool) {
	switch a := x.(type) {
	case value.Long:
		if b, ok := y.(value.Long); ok {
			if int64(a) == value.NullLong || int64(b) == value.NullLong {
				return value.Long(value.NullLong), true
			}
			return a + b, true
		}
	case value.Float:
		if b, ok := y.(value.Float); ok {
			return a + b, true
		}
	}
	return nil, false
}

func fastSub(x, y value.Value) (value.Value, bool) {
	switch a := x.(type) {
	case value.Long:
		if b, ok := y.(value.Long); ok {
			if int64(a) == value.NullLong || int64(b) == value.NullLong {
				return value.Long(value.NullLong), true
			}
			return a - b, true
		}
	case value.Float:
		if b, ok := y.(value.Float); ok {
			return a - b, true
		}
	}
	return nil, false
}

func fastMul(x, y value.Value) (value.Value, bool) {
	switch a := x.(type) {
	case value.Long:
		if b, ok := y.(value.Long); ok {
			if int64(a) == value.NullLong || int64(b) == value.NullLong {
				return value.Long(value.NullLong), true
			}
			return a * b, true
		}
	case value.Float:
		if b, ok := y.(value.Float); ok {
			return a * b, true
		}
	}
	return nil, false
}

// fastLess compares long atoms (nulls are the smallest longs, as in kdb+).
func fastLess(x, y value.Value) (value.Value, bool) {
	if a, ok := x.(value.Long); ok {
		if b, ok := y.(value.Long); ok {
			return value.Bool(a < b), true
		}
	}
	return nil, false
}

// fastEq compares long atoms.
func fastEq(x, y value.Value) (value.Value, bool) {
	if a, ok := x.(value.Long); ok {
		if b, ok := y.(value.Long); ok {
			return value.Bool(a == b), true
		}
	}
	return nil, false
}

// slotConstBinary specialises local op long-constant (x+1, n-1, i<10): one closure
// reads the slot and does the operation, with the kernel k behind it for every other
// case. nil when the shape does not fit.
func (c *compiler) slotConstBinary(g string, left, right parser.Node, k func(x, y value.Value) value.Value, p int32) expr {
	if c.sc == nil {
		return nil
	}
	nm, ok := left.(*parser.Name)
	if !ok {
		return nil
	}
	i, ok := c.sc.slot[nm.Name]
	if !ok {
		return nil
	}
	cn, ok := right.(*parser.Const)
	if !ok {
		return nil
	}
	kv, ok := cn.V.(value.Long)
	if !ok || int64(kv) == value.NullLong {
		return nil
	}
	load := func(fr *frame) value.Value {
		fr.pos = p // the kernel's path, which can fail
		if v := fr.slots[i]; v != nil {
			return v
		}
		return unsetLocal()
	}
	switch g {
	case "+":
		return func(fr *frame) value.Value {
			if a, ok := fr.slots[i].(value.Long); ok && int64(a) != value.NullLong {
				return a + kv
			}
			return k(load(fr), kv)
		}
	case "-":
		return func(fr *frame) value.Value {
			if a, ok := fr.slots[i].(value.Long); ok && int64(a) != value.NullLong {
				return a - kv
			}
			return k(load(fr), kv)
		}
	case "<":
		return func(fr *frame) value.Value {
			if a, ok := fr.slots[i].(value.Long); ok {
				return value.Bool(a < kv)
			}
			return k(load(fr), kv)
		}
	case ">":
		return func(fr *frame) value.Value {
			if a, ok := fr.slots[i].(value.Long); ok {
				return value.Bool(a > kv)
			}
			return k(load(fr), kv)
		}
	}
	return nil
}

// Fused vector expressions: sum x*y and x*y+z on float vectors in one pass with no
// temporary vector. Each takes the fused loop only when the operands are float
// vectors of one length and the names are the primitives (sum not shadowed); the
// loops compute every item as the separate kernels do (sum adds in sumF64's eight
// lanes), so the results are identical, nulls and infinities included. Anything
// else runs the separate kernels on the values already evaluated.

// fusedPrefix compiles sum x*y, or returns nil.
func (c *compiler) fusedPrefix(n *parser.Prefix) expr {
	fn, ok := n.Fn.(*parser.Name)
	in, ok2 := n.Arg.(*parser.Infix)
	if !ok || !ok2 || fn.Name != "sum" || in.Right == nil || !isVerb(in.Fn, "*") {
		return nil
	}
	mul := verbDef("*")
	sumPrim := primByName("sum")
	if mul == nil || mul.b == nil || mul.bi != nil || sumPrim == nil {
		return nil
	}
	f, x, y := c.compile(n.Fn), c.compile(in.Left), c.compile(in.Right)
	pSum, pMul := c.at(n), c.at(in) // where an error's caret goes, as unfused
	return func(fr *frame) value.Value {
		b := y(fr)
		a := x(fr)
		s := f(fr)
		if s == value.Value(sumPrim) {
			if av, bv, ok := floatPair(a, b); ok {
				return value.Float(sumProdF64(av, bv))
			}
		}
		fr.pos = pMul
		m := mul.b(a, b)
		fr.pos = pSum
		return fr.ip.apply1(s, m)
	}
}

// fusedInfix compiles x*y+z, or returns nil.
func (c *compiler) fusedInfix(n *parser.Infix) expr {
	in, ok := n.Right.(*parser.Infix)
	if !ok || n.Left == nil || in.Right == nil || !isVerb(n.Fn, "*") || !isVerb(in.Fn, "+") {
		return nil
	}
	mul, add := verbDef("*"), verbDef("+")
	if mul == nil || add == nil || mul.b == nil || add.b == nil || mul.bi != nil || add.bi != nil {
		return nil
	}
	x, y, z := c.compile(n.Left), c.compile(in.Left), c.compile(in.Right)
	pMul, pAdd := c.at(n), c.at(in) // where an error's caret goes, as unfused
	return func(fr *frame) value.Value {
		cz := z(fr)
		by := y(fr)
		ax := x(fr)
		if av, bv, ok := floatPair(ax, by); ok {
			if _, cv, ok := floatPair(ax, cz); ok {
				r := make([]float64, len(av))
				if w := mtChunks(len(r)); w > 1 {
					mtRun(len(r), w, func(_, lo, hi int) { mulSumTo(r[lo:hi], av[lo:hi], bv[lo:hi], cv[lo:hi]) })
				} else {
					mulSumTo(r, av, bv, cv)
				}
				return value.Floats(r)
			}
		}
		fr.pos = pAdd
		sum := add.b(by, cz)
		fr.pos = pMul
		return mul.b(ax, sum)
	}
}

// mulSumTo is a*(b+c) item by item into r.
func mulSumTo(r, a, b, c []float64) {
	a, b, c = a[:len(r)], b[:len(r)], c[:len(r)]
	for i, x := range a {
		r[i] = x * (b[i] + c[i])
	}
}

func isVerb(n parser.Node, g string) bool {
	v, ok := n.(*parser.Verb)
	return ok && v.Glyph == g
}

// floatPair gives the items of two float vectors of one length.
func floatPair(x, y value.Value) ([]float64, []float64, bool) {
	a, ok1 := x.(*value.Vec[float64])
	b, ok2 := y.(*value.Vec[float64])
	if !ok1 || !ok2 || a.Typ != value.TFloat || b.Typ != value.TFloat || len(a.S) != len(b.S) {
		return nil, nil, false
	}
	return a.S, b.S, true
}

// sumProdF64 is sumF64 of the products x[i]*y[i], lane for lane.
func sumProdF64(x, y []float64) float64 {
	var l0, l1, l2, l3, l4, l5, l6, l7 float64
	y = y[:len(x)]
	for len(x) >= 8 {
		a, b := x[:8], y[:8]
		l0 += nz(a[0] * b[0])
		l1 += nz(a[1] * b[1])
		l2 += nz(a[2] * b[2])
		l3 += nz(a[3] * b[3])
		l4 += nz(a[4] * b[4])
		l5 += nz(a[5] * b[5])
		l6 += nz(a[6] * b[6])
		l7 += nz(a[7] * b[7])
		x, y = x[8:], y[8:]
	}
	var t [8]float64
	for i, e := range x {
		t[i] = nz(e * y[i])
	}
	return laneTotal([8]float64{l0, l1, l2, l3, l4, l5, l6, l7}, t)
}

// Temporaries: in x+y*z the vector y*z is the expression's own, fresh from the
// arithmetic kernel and held by nothing else, so the sum can be written into it
// instead of into a new vector (arithInto). Only an operand that is itself an
// arithmetic application is taken as a temporary; a name, a constant or anything
// else may be shared.

// arithGlyph reports whether g is one of the arithmetic verbs arithInto runs.
func arithGlyph(g string) bool { return g == "+" || g == "-" || g == "*" || g == "%" }

// temporary reports whether n's value is a fresh vector when it is a vector: an
// application x g y of an arithmetic verb (its kernels always build their result).
func temporary(n parser.Node) bool {
	in, ok := n.(*parser.Infix)
	if !ok || in.Right == nil {
		return false
	}
	v, ok := in.Fn.(*parser.Verb)
	return ok && arithGlyph(v.Glyph)
}

// intoTemporary compiles x g y, for g arithmetic and x or y a temporary, to write
// into the temporary where arithInto applies, or returns nil.
func intoTemporary(g string, n *parser.Infix, x, y expr, k func(x, y value.Value) value.Value, p int32) expr {
	if !arithGlyph(g) {
		return nil
	}
	left, right := temporary(n.Left), temporary(n.Right)
	if !left && !right {
		return nil
	}
	op, atoms := g[0], fastOp(g)
	return func(fr *frame) value.Value {
		r := y(fr)
		l := x(fr)
		if atoms != nil {
			if v, ok := atoms(l, r); ok {
				return v
			}
		}
		if v := arithInto(op, l, r, !right); v != nil {
			return v
		}
		fr.pos = p
		return k(l, r)
	}
}
