package eval

import (
	"slices"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// applyDerived applies a function derived by an iterator.
func (ip *Interp) applyDerived(d *value.Derived, args []value.Value) value.Value {
	switch d.Adverb {
	case value.TEach:
		if !value.IsFunc(d.Fn) {
			if _, ints := intVals(d.Fn); !ints && d.Fn.Type() >= 0 {
				// a list (not of ints: that is Case) indexed each: X'[0 1;1 0]
				return ip.each(d.Fn, args)
			}
			return ip.caseMap(d.Fn, args)
		}
		if isLambdaLike(d.Fn) && len(args) < ip.rankOf(d.Fn) {
			// {x,y}'[1 2] is a projection of the derived function
			a := make([]value.Value, ip.rankOf(d.Fn))
			copy(a, args)
			return &value.Projection{Fn: d, Args: a}
		}
		return ip.each(d.Fn, args)
	case value.TEachLeft, value.TEachRight:
		if len(args) == 1 {
			if !value.IsFunc(d.Fn) {
				kw := "sv"
				if d.Adverb == value.TEachLeft {
					kw = "vs"
				}
				if p := primByName(kw); p != nil {
					return ip.apply2(p, d.Fn, args[0])
				}
			}
			return ip.project(d, []value.Value{args[0], nil})
		}
		if len(args) != 2 {
			errRank()
		}
		if d.Adverb == value.TEachLeft {
			return ip.eachSide(d.Fn, args[0], args[1], true)
		}
		return ip.eachSide(d.Fn, args[0], args[1], false)
	case value.TPrior:
		switch len(args) {
		case 1:
			if value.IsFunc(d.Fn) && ip.rankOf(d.Fn) == 1 {
				return peachKw(ip, d.Fn, args[0]) // v1': is Each Parallel (peach.md)
			}
			return ip.eachPrior(d.Fn, nil, args[0])
		case 2:
			return ip.eachPrior(d.Fn, args[0], args[1])
		}
		errRank()
	case value.TOver, value.TScan:
		return ip.accumulate(d.Fn, args, d.Adverb == value.TScan)
	}
	errNyi()
	return nil
}

// isListArg reports whether an iterator argument has items to iterate.
func isListArg(v value.Value) bool {
	t := v.Type()
	return t >= 0 && t < value.TLambda
}

// itemOf is item i of a list, dictionary (values) or table (rows).
func (ip *Interp) itemOf(v value.Value, i int) value.Value {
	switch x := v.(type) {
	case *value.Dict:
		if i >= value.Len(x.V) {
			errLength() // a malformed dictionary (keys and values differ in count)
		}
		return value.At(x.V, i)
	case *value.Table:
		return ip.tableIndex(x, value.Long(int64(i)))
	}
	return value.At(v, i)
}

// each is f'[x;y;...]: f applied to corresponding items; atoms repeat.
func (ip *Interp) each(f value.Value, args []value.Value) value.Value {
	if p, ok := f.(*value.Prim); ok && p.Name == "," && len(args) == 2 {
		// keyed tables join each by key, not by position: kt1,'kt2 is kt1 uj kt2
		x, okx := args[0].(*value.Dict)
		y, oky := args[1].(*value.Dict)
		if okx && oky && value.IsKeyed(x) && value.IsKeyed(y) {
			return joinEachKeyed(x, y)
		}
	}
	if len(args) == 2 {
		x, okx := args[0].(*value.Dict)
		y, oky := args[1].(*value.Dict)
		if okx && oky && value.IsKeyed(x) && value.IsKeyed(y) {
			return ip.eachKeyed(f, x, y)
		}
	}
	n := -1
	var keys value.Value
	for _, a := range args {
		if a == nil {
			return ip.project(&value.Derived{Adverb: value.TEach, Fn: f}, args)
		}
		if isListArg(a) {
			m := value.Len(a)
			if n >= 0 && m != n {
				errLength()
			}
			n = m
			if d, ok := a.(*value.Dict); ok && keys == nil {
				keys = d.K
			}
		}
	}
	if n < 0 {
		return ip.apply(f, args)
	}
	if n == 0 {
		if keys != nil {
			return &value.Dict{K: keys, V: &value.List{Items: []value.Value{}}}
		}
		return &value.List{Items: []value.Value{}}
	}
	if ip.atomicEach(f, args) {
		return ip.apply(f, args)
	}
	r := newResults(n)
	if len(args) == 1 {
		x := args[0]
		if l, ok := f.(*value.Lambda); ok && lambdaRank(l) == 1 {
			c := ip.codeOf(l)
			fr := ip.enter(l, c)
			for i := 0; i < n; i++ {
				r.put(i, ip.again1(c, fr, ip.itemOf(x, i)))
			}
			ip.popFrame(fr)
		} else {
			for i := 0; i < n; i++ {
				r.put(i, ip.apply1(f, ip.itemOf(x, i)))
			}
		}
	} else if l, ok := f.(*value.Lambda); ok && len(args) == 2 && lambdaRank(l) == 2 {
		// a binary lambda runs in one frame for all the pairs
		c := ip.codeOf(l)
		fr := ip.enter(l, c)
		for i := 0; i < n; i++ {
			r.put(i, ip.again2(c, fr, ip.argItem(args[0], i), ip.argItem(args[1], i)))
		}
		ip.popFrame(fr)
	} else {
		buf := make([]value.Value, len(args))
		for i := 0; i < n; i++ {
			for k, a := range args {
				if isListArg(a) {
					buf[k] = ip.itemOf(a, i)
				} else {
					buf[k] = a
				}
			}
			if len(buf) == 2 {
				r.put(i, ip.apply2(f, buf[0], buf[1]))
			} else {
				r.put(i, ip.apply(f, append([]value.Value(nil), buf...)))
			}
		}
	}
	res := r.value()
	if keys != nil {
		return &value.Dict{K: keys, V: res}
	}
	return res
}

// argItem is item i of an iterator argument, or the argument itself if an atom.
func (ip *Interp) argItem(a value.Value, i int) value.Value {
	if isListArg(a) {
		return ip.itemOf(a, i)
	}
	return a
}

// atomicEach reports whether f'[args] is f[args]: f is a lambda whose body is atomic
// arithmetic on its parameters, and args are simple vectors (of one non-zero length,
// checked by the caller) and atoms, as many as f takes. An atomic function extends
// item by item, so one call on the vectors gives the items' results as a vector
// without boxing each item and result.
func (ip *Interp) atomicEach(f value.Value, args []value.Value) bool {
	l, ok := f.(*value.Lambda)
	if !ok || len(args) != lambdaRank(l) || !ip.codeOf(l).atomic {
		return false
	}
	for _, a := range args {
		if t := a.Type(); t < -value.TTime || t > value.TTime || t == 0 {
			return false
		}
	}
	return true
}

// atomicVerbs and atomicKeywords are the atomic primitives atomicBody accepts: each
// maps atoms to an atom and extends over simple vectors item by item.
var (
	atomicVerbs    = []string{"+", "-", "*", "%", "&", "|", "=", "<", ">", "<=", ">=", "<>"}
	atomicKeywords = []string{"mod", "div", "and", "or", "neg", "abs", "not", "sqrt", "exp", "log", "floor",
		"ceiling", "signum", "reciprocal"}
)

// atomicBody reports whether a lambda's body is one expression of parameters, atom
// constants and atomic primitives: no globals (a global could be a list), locals,
// control, iterators or list constants.
func atomicBody(l *parser.Lambda) bool {
	if len(l.Body) != 1 || l.Body[0] == nil {
		return false
	}
	return atomicExpr(l.Body[0], func(n *parser.Name) bool { return slices.Contains(l.Params, n.Name) })
}

// atomicExpr reports whether n is made of names that leaf accepts, atom constants and
// atomic primitives (atomicVerbs, atomicKeywords), so that it maps simple vectors of
// one length item by item.
func atomicExpr(n parser.Node, leaf func(*parser.Name) bool) bool {
	switch n := n.(type) {
	case *parser.Name:
		return leaf(n)
	case *parser.ListExpr: // (e) is e
		return len(n.Items) == 1 && n.Items[0] != nil && atomicExpr(n.Items[0], leaf)
	case *parser.Const:
		t := n.V.Type()
		return t < 0 && t >= -value.TTime
	case *parser.Infix:
		if n.Right == nil || !atomicExpr(n.Left, leaf) || !atomicExpr(n.Right, leaf) {
			return false
		}
		switch fn := n.Fn.(type) {
		case *parser.Verb:
			return slices.Contains(atomicVerbs, fn.Glyph)
		case *parser.Name:
			return !leaf(fn) && slices.Contains(atomicKeywords[:4], fn.Name)
		}
	case *parser.Prefix:
		if !atomicExpr(n.Arg, leaf) {
			return false
		}
		switch fn := n.Fn.(type) {
		case *parser.Verb:
			return fn.Glyph == "-"
		case *parser.Name:
			return !leaf(fn) && slices.Contains(atomicKeywords[4:], fn.Name)
		}
	}
	return false
}

// eachSide is x f\: y (left) and x f/: y (right).
func (ip *Interp) eachSide(f, x, y value.Value, left bool) value.Value {
	it := y
	if left {
		it = x
	}
	if !isListArg(it) {
		return ip.apply2(f, x, y)
	}
	n := value.Len(it)
	if other := x; n > 0 {
		if left {
			other = y
		}
		if other.Type() < 0 && ip.atomicEach(f, []value.Value{x, y}) {
			return ip.apply2(f, x, y) // an atomic lambda against an atom: one call
		}
	}
	r := newResults(n)
	if l, ok := f.(*value.Lambda); ok && lambdaRank(l) == 2 {
		c := ip.codeOf(l)
		fr := ip.enter(l, c)
		for i := 0; i < n; i++ {
			if left {
				r.put(i, ip.again2(c, fr, ip.itemOf(x, i), y))
			} else {
				r.put(i, ip.again2(c, fr, x, ip.itemOf(y, i)))
			}
		}
		ip.popFrame(fr)
	} else {
		for i := 0; i < n; i++ {
			if left {
				r.put(i, ip.apply2(f, ip.itemOf(x, i), y))
			} else {
				r.put(i, ip.apply2(f, x, ip.itemOf(y, i)))
			}
		}
	}
	res := r.value()
	if n == 0 {
		res = &value.List{Items: []value.Value{}}
	}
	if d, ok := it.(*value.Dict); ok {
		return &value.Dict{K: d.K, V: res}
	}
	return res
}

// identityOf gives the identity element q knows for a primitive (nil if none).
func identityOf(f value.Value) value.Value {
	p, ok := f.(*value.Prim)
	if !ok {
		return nil
	}
	switch p.Name {
	case "+", "-":
		return value.Long(0)
	case "*", "%":
		return value.Long(1)
	case ",":
		return &value.List{Items: []value.Value{}}
	}
	return nil
}

// eachPrior is f':[x] / seed f': x: f between each item and the one before it.
func (ip *Interp) eachPrior(f, seed, x value.Value) value.Value {
	if !isListArg(x) {
		if seed == nil {
			seed = priorSeed(f, x)
		}
		return ip.apply2(f, x, seed)
	}
	n := value.Len(x)
	if n == 0 {
		return x
	}
	r := newResults(n)
	start := 0
	var prev value.Value
	if seed == nil {
		if p, ok := f.(*value.Prim); ok && p.Name == "," {
			// (,':)2 3 4 starts with the item 2 itself, not (),2
			prev, start = ip.itemOf(x, 0), 1
			r.put(0, prev)
		} else {
			seed = priorSeed(f, x)
		}
	}
	if start == 0 && seed.Type() == -x.Type() && ip.atomicEach(f, []value.Value{x, seed}) {
		// an atomic lambda on x and x shifted by one, seed first: one call
		return ip.apply2(f, x, join(seed, takeN(int64(n-1), x)))
	}
	if start == 0 {
		prev = seed
	}
	if l, ok := f.(*value.Lambda); ok && lambdaRank(l) == 2 {
		c := ip.codeOf(l)
		fr := ip.enter(l, c)
		for i := start; i < n; i++ {
			cur := ip.itemOf(x, i)
			r.put(i, ip.again2(c, fr, cur, prev))
			prev = cur
		}
		ip.popFrame(fr)
	} else {
		for i := start; i < n; i++ {
			cur := ip.itemOf(x, i)
			r.put(i, ip.apply2(f, cur, prev))
			prev = cur
		}
	}
	res := r.value()
	if d, ok := x.(*value.Dict); ok {
		return &value.Dict{K: d.K, V: res}
	}
	return res
}

// priorSeed is the item before the first: f's identity, or a null like x's items.
func priorSeed(f, x value.Value) value.Value {
	if id := identityOf(f); id != nil {
		return id
	}
	if d, ok := x.(*value.Dict); ok {
		x = d.V
	}
	if x.Type() < 0 {
		if t := -x.Type(); t <= value.TTime {
			return value.Null(t)
		}
	}
	return itemNull(x)
}

// iterRank is the rank an accumulator sees: derived functions (f/, f\, f':) and
// unary values iterate unary; lists of lists are binary state machines.
func (ip *Interp) iterRank(f value.Value) int {
	switch v := f.(type) {
	case *value.Derived:
		switch v.Adverb {
		case value.TOver, value.TScan, value.TPrior:
			return 1
		}
	case *value.List:
		return 2
	}
	if !value.IsFunc(f) {
		return 1
	}
	return ip.rankOf(f)
}

// accumulate implements Over (/) and Scan (\) for every rank of value.
func (ip *Interp) accumulate(f value.Value, args []value.Value, scan bool) value.Value {
	for _, a := range args {
		if a == nil {
			return ip.project(&value.Derived{Adverb: overOrScan(scan), Fn: f}, args)
		}
	}
	r := ip.iterRank(f)
	if r == 1 {
		switch len(args) {
		case 1:
			return ip.converge(f, args[0], scan)
		case 2:
			if n, ok := doTimes(args[0]); ok {
				return ip.doN(f, n, args[1], scan)
			}
			if v, ok := f.(*value.Vec[float64]); ok && scan {
				if a, ok := args[0].(value.Float); ok {
					return linearScan(float64(a), v, args[1])
				}
			}
			return ip.whileDo(f, args[0], args[1], scan)
		}
		errRank()
	}
	switch len(args) {
	case 1:
		x := args[0]
		if r != 2 {
			errRank()
		}
		if v := ip.fastReduce(f, x, scan); v != nil {
			return v
		}
		if !isListArg(x) {
			return x
		}
		n := value.Len(x)
		if id := identityOf(f); id != nil {
			if p := f.(*value.Prim); p.Name == "," || n == 0 {
				if n == 0 && !scan {
					return id
				}
				return ip.fold(f, id, []value.Value{x}, scan)
			}
		}
		if n == 0 {
			if scan {
				return x
			}
			return &value.List{Items: []value.Value{}}
		}
		return ip.foldFirst(f, x, scan)
	case 2:
		if r != 2 {
			errRank()
		}
		return ip.fold(f, args[0], args[1:], scan)
	}
	if len(args) != r {
		errRank()
	}
	return ip.fold(f, args[0], args[1:], scan)
}

func overOrScan(scan bool) value.Type {
	if scan {
		return value.TScan
	}
	return value.TOver
}

// doTimes reads the left argument of n f/x: an integer atom.
func doTimes(v value.Value) (int64, bool) {
	switch a := v.(type) {
	case value.Long:
		return int64(a), true
	case value.Int:
		return int64(a), true
	case value.Short:
		return int64(a), true
	}
	return 0, false
}

// converge applies f until the result matches the previous one or the first.
func (ip *Interp) converge(f, x value.Value, scan bool) value.Value {
	var acc []value.Value
	if scan {
		acc = append(acc, x)
	}
	prev := x
	for {
		ip.checkStop()
		next := ip.apply1(f, prev)
		if matchValues(next, prev) || matchValues(next, x) {
			break
		}
		if scan {
			acc = append(acc, next)
		}
		prev = next
	}
	if scan {
		return qlist(acc)
	}
	return prev
}

// doN applies f n times.
func (ip *Interp) doN(f value.Value, n int64, x value.Value, scan bool) value.Value {
	if n < 0 {
		errDomain()
	}
	var acc []value.Value
	if scan {
		acc = make([]value.Value, 0, n+1)
		acc = append(acc, x)
	}
	if l, ok := f.(*value.Lambda); ok && lambdaRank(l) == 1 && !scan {
		c := ip.codeOf(l)
		fr := ip.enter(l, c)
		for i := int64(0); i < n; i++ {
			x = ip.again1(c, fr, x)
		}
		ip.popFrame(fr)
		return x
	}
	i := int64(0)
	return ip.iterate(f, x, acc, scan, func(value.Value) bool {
		if i >= n {
			return false
		}
		i++
		return true
	})
}

// whileDo applies f while cond applied to the result is true.
func (ip *Interp) whileDo(f, cond, x value.Value, scan bool) value.Value {
	var acc []value.Value
	if scan {
		acc = append(acc, x)
	}
	return ip.iterate(f, x, acc, scan, func(x value.Value) bool { return truthy(ip.apply1(cond, x)) })
}

// iterate applies f to x while more(x), appending each result to acc (which starts
// with x) when scan: the loop of do and while over f/ and f\.
func (ip *Interp) iterate(f, x value.Value, acc []value.Value, scan bool, more func(value.Value) bool) value.Value {
	for more(x) {
		ip.checkStop()
		x = ip.apply1(f, x)
		if scan {
			acc = append(acc, x)
		}
	}
	if scan {
		return qlist(acc)
	}
	return x
}

// foldFirst reduces x with its first item as the start.
func (ip *Interp) foldFirst(f, x value.Value, scan bool) value.Value {
	if l, ok := f.(*value.Lambda); ok {
		if v := ip.unboxedFold(l, nil, x, scan); v != nil {
			return v
		}
	}
	n := value.Len(x)
	acc := ip.itemOf(x, 0)
	var res *results
	if scan {
		res = newResults(n)
		res.put(0, acc)
	}
	for i := 1; i < n; i++ {
		ip.checkStop()
		acc = ip.apply2(f, acc, ip.itemOf(x, i))
		if scan {
			res.put(i, acc)
		}
	}
	if scan {
		return wrapLike(x, res.value())
	}
	return acc
}

// fold reduces the lists in rest (atoms repeat) starting from seed.
func (ip *Interp) fold(f, seed value.Value, rest []value.Value, scan bool) value.Value {
	n := -1
	for _, a := range rest {
		if isListArg(a) {
			m := value.Len(a)
			if n >= 0 && m != n {
				errLength()
			}
			n = m
		}
	}
	if n < 0 {
		return ip.apply(f, append([]value.Value{seed}, rest...))
	}
	if n == 0 {
		if scan {
			return &value.List{Items: []value.Value{}}
		}
		return seed
	}
	acc := seed
	var res *results
	if scan {
		res = newResults(n)
	}
	if l, ok := f.(*value.Lambda); ok && len(rest) == 1 && lambdaRank(l) == 2 {
		if v := ip.unboxedFold(l, seed, rest[0], scan); v != nil {
			return v
		}
		// one frame for the whole fold
		c := ip.codeOf(l)
		fr := ip.enter(l, c)
		for i := 0; i < n; i++ {
			acc = ip.again2(c, fr, acc, ip.itemOf(rest[0], i))
			if scan {
				res.put(i, acc)
			}
		}
		ip.popFrame(fr)
		if scan {
			return wrapLike(rest[0], res.value())
		}
		return acc
	}
	buf := make([]value.Value, len(rest)+1)
	for i := 0; i < n; i++ {
		ip.checkStop()
		if len(rest) == 1 {
			acc = ip.apply2(f, acc, ip.itemOf(rest[0], i))
		} else {
			buf[0] = acc
			for k, a := range rest {
				if isListArg(a) {
					buf[k+1] = ip.itemOf(a, i)
				} else {
					buf[k+1] = a
				}
			}
			acc = ip.apply(f, append([]value.Value(nil), buf...))
		}
		if scan {
			res.put(i, acc)
		}
	}
	if scan {
		r := res.value()
		if len(rest) == 1 {
			return wrapLike(rest[0], r)
		}
		return r
	}
	return acc
}

// wrapLike gives a scan over a dictionary its keys back.
func wrapLike(x, r value.Value) value.Value {
	if d, ok := x.(*value.Dict); ok {
		return &value.Dict{K: d.K, V: r}
	}
	return r
}

// fastReduce serves +/ */ |/ &/ ,/ and their scans on simple vectors with the
// aggregate kernels (one loop over the raw slice); nil when it does not apply.
func (ip *Interp) fastReduce(f, x value.Value, scan bool) value.Value {
	p, ok := f.(*value.Prim)
	if !ok || p.T != value.TBinary {
		return nil
	}
	t := x.Type()
	if t <= 0 || t > value.TTime || t == value.TSym || t == value.TChar {
		if !(p.Name == "," && !scan && t == 0) {
			return nil
		}
	}
	var kw string
	switch p.Name {
	case "+":
		kw = "sum"
		if scan {
			kw = "sums"
		}
	case "*":
		kw = "prd"
		if scan {
			kw = "prds"
		}
	case "|":
		kw = "max"
		if scan {
			kw = "maxs"
		}
	case "&":
		kw = "min"
		if scan {
			kw = "mins"
		}
	case ",":
		if scan {
			return nil
		}
		kw = "raze"
	default:
		return nil
	}
	d := prims[kw]
	if d == nil || d.u == nil && d.ui == nil {
		return nil
	}
	if t == 0 && value.Len(x) == 0 {
		return nil
	}
	return ip.primU(d, x)
}

// caseMap is i'[a;b;...]: item k from argument i[k]; atoms repeat, extra
// arguments are ignored.
func (ip *Interp) caseMap(sel value.Value, args []value.Value) value.Value {
	idx, ok := intVals(sel)
	if !ok {
		errType()
	}
	var keys value.Value
	for k, a := range args {
		if d, ok := a.(*value.Dict); ok {
			if keys == nil {
				keys = d.K
			} else if value.Len(d.K) != value.Len(keys) {
				errLength()
			} else if !matchValues(d.K, keys) {
				errDomain()
			}
			args[k] = d.V
		}
	}
	n := len(idx)
	r := make([]value.Value, n)
	for i, j := range idx {
		if j < 0 || j >= int64(len(args)) {
			errIndex()
		}
		a := args[j]
		if isListArg(a) {
			if value.Len(a) != n {
				errLength()
			}
			r[i] = value.At(a, i)
		} else {
			r[i] = a
		}
	}
	return value.NewList(r)
}

func errIndex() { signal("index") }

// linearScan is a b\c for float vectors b and c: the recurrence r[i]:c[i]+b[i]*r[i-1]
// from r[-1]:a, q's built-in for {z+x*y}\[a;b;c] (a:1000f;b:1 2f;c:5 6f: a b\c is 1005 2016f).
func linearScan(r0 float64, b *value.Vec[float64], c value.Value) value.Value {
	cv, ok := c.(*value.Vec[float64])
	if !ok {
		errType()
	}
	if len(cv.S) != len(b.S) {
		errLength()
	}
	r := make([]float64, len(b.S))
	for i, m := range b.S {
		r0 = cv.S[i] + m*r0
		r[i] = r0
	}
	return value.Floats(r)
}

// eachKw is f each x (and peach: gq has no secondary threads).
func eachKw(ip *Interp, f, x value.Value) value.Value {
	return ip.applyDerived(&value.Derived{Adverb: value.TEach, Fn: f}, []value.Value{x})
}

// overKw is f over x, f/[x].
func overKw(ip *Interp, f, x value.Value) value.Value {
	return ip.applyDerived(&value.Derived{Adverb: value.TOver, Fn: f}, []value.Value{x})
}

// scanKw is f scan x, f\[x].
func scanKw(ip *Interp, f, x value.Value) value.Value {
	return ip.applyDerived(&value.Derived{Adverb: value.TScan, Fn: f}, []value.Value{x})
}

// priorKw is f prior x, f':[x].
func priorKw(ip *Interp, f, x value.Value) value.Value {
	return ip.applyDerived(&value.Derived{Adverb: value.TPrior, Fn: f}, []value.Value{x})
}

// eachOf is '[f], the same as f'.
func eachOf(f value.Value) value.Value { return &value.Derived{Adverb: value.TEach, Fn: f} }

// compose is '[f;g], the composition f g.
func compose(f, g value.Value) value.Value { return &value.Composition{Fns: []value.Value{f, g}} }

// isLambdaLike reports whether f is a lambda, projection or composition: functions
// with no unary form of their own, unlike primitives and derived functions (+/).
func isLambdaLike(f value.Value) bool {
	switch f.(type) {
	case *value.Lambda, *value.Projection, *value.Composition:
		return true
	}
	return false
}

// eachKeyed is f' on two keyed tables, matched by key as ,' is (kt1,'kt2 is uj): a
// key in both gets f of its two rows, a key in one keeps its row. tick/c.q keeps per-sym
// histories so, amending .u.t with join-each each.
func (ip *Interp) eachKeyed(f value.Value, x, y *value.Dict) value.Value {
	xk, ok1 := x.K.(*value.Table)
	yk, ok2 := y.K.(*value.Table)
	xv, ok3 := x.V.(*value.Table)
	yv, ok4 := y.V.(*value.Table)
	if !ok1 || !ok2 || !ok3 || !ok4 || len(xk.Cols.S) != len(yk.Cols.S) {
		errType()
	}
	n := value.Len(xk)
	rows := make([]value.Value, n, n+value.Len(yk))
	for i := range rows {
		rows[i] = ip.tableIndex(xv, value.Long(int64(i)))
	}
	var newKeys []int
	for j, i := range lookupRows(xk, yk) {
		yr := ip.tableIndex(yv, value.Long(int64(j)))
		if i < n {
			rows[i] = ip.apply2(f, rows[i], yr)
			continue
		}
		newKeys = append(newKeys, j)
		rows = append(rows, yr)
	}
	keys := value.Value(xk)
	if len(newKeys) > 0 {
		idx := make([]int64, len(newKeys))
		for k, j := range newKeys {
			idx[k] = int64(j)
		}
		keys = joinTables(xk, ip.index(yk, value.Longs(idx)).(*value.Table))
	}
	vals := value.NewList(rows)
	if len(rows) == 0 {
		vals = xv
	}
	if _, ok := vals.(*value.Table); !ok {
		errType()
	}
	return &value.Dict{K: keys, V: vals}
}
