package eval

import (
	"strings"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// dotApply is f . args: apply f to the items of args, or index x at depth.
func dotApply(ip *Interp, f, args value.Value) value.Value {
	var items []value.Value
	switch a := args.(type) {
	case *value.List:
		items = a.Items
	case *value.Dict, *value.Table:
		errType()
	default:
		if a.Type() < 0 {
			if isGenericNull(a) {
				return ip.applyNiladic(f)
			}
			errType()
		}
		items = value.Items(a)
	}
	if len(items) == 0 {
		return ip.applyNiladic(f)
	}
	if s, ok := f.(value.Sym); ok && !strings.HasPrefix(string(s), ":") {
		f = ip.mustGlobal(string(s)) // `dir . enlist`b indexes the global dir
	}
	if value.IsFunc(f) {
		return ip.apply(f, items)
	}
	if isHandleAtom(f) && len(items) == 1 { // h . enlist x sends x
		return ip.apply1(f, items[0])
	}
	return ip.indexDepth(f, items)
}

// atN is @[x;i;f], @[x;i;f;y] (amend) and @[f;x;h] (protected application).
func atN(ip *Interp, args []value.Value) value.Value {
	if len(args) == 3 && (value.IsFunc(args[0]) || isHandleAtom(args[0]) && !wholeIndex(args[1])) {
		f, x := args[0], args[1]
		return ip.trap(func() value.Value { return ip.apply1(f, x) }, args[2])
	}
	return ip.amendNamed(args, false)
}

// dotN is .[x;i;f], .[x;i;f;y] (amend at depth) and .[f;args;h] (protected apply).
func dotN(ip *Interp, args []value.Value) value.Value {
	if len(args) == 3 && (value.IsFunc(args[0]) || isHandleAtom(args[0]) && !wholeIndex(args[1])) {
		f, a := args[0], args[1]
		return ip.trap(func() value.Value { return dotApply(ip, f, a) }, args[2])
	}
	return ip.amendNamed(args, true)
}

// trap runs f; a q error is handed to h as a string (or h itself is returned when it
// is not a function).
func (ip *Interp) trap(f func() value.Value, h value.Value) value.Value {
	return ip.catch(f, func(msg string) value.Value {
		if value.IsFunc(h) {
			return ip.apply1(h, value.Str(msg))
		}
		return h
	})
}

// catch runs f; a q error (but not 'stop, Ctrl-C) unwinds to here and onErr's result
// is returned in its place.
func (ip *Interp) catch(f func() value.Value, onErr func(msg string) value.Value) (r value.Value) {
	return ip.catchWith(f, nil, onErr)
}

// catchWith is catch that first calls before, while the failed frames are still there
// (.Q.trp's backtrace).
func (ip *Interp) catchWith(f func() value.Value, before func(mark), onErr func(msg string) value.Value) (r value.Value) {
	saved := ip.mark()
	defer func() {
		if e := recover(); e != nil {
			qe, ok := e.(*value.Error)
			if !ok || qe.Msg == "stop" {
				panic(e)
			}
			if before != nil {
				before(saved)
			}
			ip.unwindFrames(saved.depth)
			ip.tops = ip.tops[:min(saved.tops, len(ip.tops))]
			r = onErr(qe.Msg)
		}
	}()
	return f()
}

// amendNamed runs an amend whose target may be a global named by a symbol; that form
// updates the global and returns the symbol.
func (ip *Interp) amendNamed(args []value.Value, depth bool) value.Value {
	x, i, f := args[0], args[1], args[2]
	var y value.Value
	hasY := len(args) == 4
	if hasY {
		y = args[3]
	}
	name, named := x.(value.Sym)
	path, onDisk := filePath(x)
	if onDisk && hasY && isEmptyIndex(i) {
		if p, ok := f.(*value.Prim); ok && p.Name == "," { // .[`:f;();,;y] appends in place
			return appendFile(x, path, y)
		}
		if p, ok := f.(*value.Prim); ok && p.Name == ":" { // .[`:L;();:;()] (re)writes: a new log
			return ip.writeData(name, path, y)
		}
	}
	if named && !onDisk && hasY && isEmptyIndex(i) {
		if p, ok := f.(*value.Prim); ok && p.Name == ":" { // .[`t;();:;v] assigns, defined or not
			ip.setGlobal(string(name), y)
			return name
		}
	}
	if onDisk && isSplayedDir(path) { // @[`:t;`c;f;y] amends one column file of a splayed table
		if c, ok := i.(value.Sym); ok {
			return ip.amendColumn(x, path, string(c), f, y, hasY)
		}
	}
	if onDisk { // @[`:data;3 6;:;1 2] amends the file written by set
		x = readData(path)
	} else if named {
		x = ip.lookupGlobal(string(name))
		if x == nil {
			if len(pathOf(i)) > 0 || !depth {
				signal(string(name))
			}
			// .[`zz;();:;1 2] creates the global (r.q's .u.rep sets its tables so)
		}
	}
	var r value.Value
	if depth {
		r = ip.amendDepth(x, pathOf(i), f, y, hasY)
	} else {
		r = ip.amendAt(x, i, f, y, hasY)
	}
	if onDisk {
		return ip.writeData(name, path, r)
	}
	if named {
		if ns, ok := ip.contextNamed(string(name)); ok {
			ip.setNsDict(ns, r) // @[`.;`a`b;neg], @[`.u;`x;:;1]
			return name
		}
		ip.setGlobal(string(name), r)
		return name
	}
	return r
}

// contextNamed reports whether the symbol names a whole context (` . ` or `.u) rather
// than a variable, and gives that context's name.
func (ip *Interp) contextNamed(s string) (string, bool) {
	if s == "." {
		return "", true
	}
	if s == "" || s[0] != '.' || ip.nss[s] == nil {
		return "", false
	}
	if _, isVar := ip.root.vars[s]; isVar {
		return "", false
	}
	return s, true
}

// pathOf turns the index of .[x;i;...] into its path of indices.
func pathOf(i value.Value) []value.Value {
	if i.Type() < 0 || isGenericNull(i) {
		return []value.Value{i}
	}
	if _, ok := i.(*value.Dict); ok {
		return []value.Value{i}
	}
	return value.Items(i)
}

// isAssignFn reports whether f is : (plain replacement).
func isAssignFn(f value.Value) bool {
	p, ok := f.(*value.Prim)
	return ok && p.Name == ":"
}

// newItem computes one amended item: f[old] or f[old;y].
func (ip *Interp) newItem(old, f, y value.Value, hasY bool) value.Value {
	if isAssignFn(f) {
		if !hasY {
			errRank()
		}
		return y
	}
	if old == nil {
		if hasY {
			return y
		}
		errType()
	}
	if hasY {
		return ip.apply2(f, old, y)
	}
	return ip.apply1(f, old)
}

// amendAt is @[x;i;f;y]: items of x at i replaced by f applied to them (and y).
func (ip *Interp) amendAt(x, i, f, y value.Value, hasY bool) value.Value {
	return ip.amendDepth(x, []value.Value{i}, f, y, hasY)
}

// amendDepth is .[x;path;f;y]: the item at the path (each path element an index or
// a list of indices, nil or :: for all) replaced by f applied to it.
func (ip *Interp) amendDepth(x value.Value, path []value.Value, f, y value.Value, hasY bool) value.Value {
	if len(path) == 0 {
		return ip.newItem(x, f, y, hasY)
	}
	i := path[0]
	rest := path[1:]
	sub := func(old, yk value.Value) value.Value {
		if len(rest) == 0 {
			return ip.newItem(old, f, yk, hasY)
		}
		return ip.amendDepth(old, rest, f, yk, hasY)
	}
	switch xv := x.(type) {
	case nil:
		errType()
	case *value.Dict:
		if value.IsKeyed(xv) {
			return ip.amendKeyed(xv, i, y, hasY, sub)
		}
		return ip.amendDict(xv, i, y, hasY, sub)
	case *value.Table:
		return ip.amendTable(xv, i, y, hasY, sub)
	}
	if x.Type() < 0 || value.IsFunc(x) {
		errType()
	}
	n := value.Len(x)
	if i == nil || isGenericNull(i) {
		all := make([]int64, n)
		for k := range all {
			all[k] = int64(k)
		}
		i = value.Longs(all)
	}
	if l, ok := i.(*value.List); ok {
		// a general list of indices: amend with each in turn
		r := x
		for k, ik := range l.Items {
			yk := y
			if hasY && isListArg(y) {
				if value.Len(y) != len(l.Items) {
					errLength()
				}
				yk = value.At(y, k)
			}
			r = ip.amendDepth(r, append([]value.Value{ik}, rest...), f, yk, hasY)
		}
		return r
	}
	idx, ok := intVals(i)
	if !ok {
		errType()
	}
	atom := isIntAtom(i)
	items := value.Items(x)
	out := make([]value.Value, len(items))
	copy(out, items)
	if hasY && !atom && isListArg(y) && value.Len(y) != len(idx) {
		errLength()
	}
	for k, j := range idx {
		if j < 0 || j >= int64(n) {
			errLength()
		}
		yk := y
		if hasY && !atom && isListArg(y) {
			yk = value.At(y, k)
		}
		out[j] = sub(out[j], yk)
	}
	return rebuildLike(x, out)
}

// rebuildLike makes a list of items again: a typed vector stays typed, and an item
// of another type is 'type; a general list stays general unless it collapses.
func rebuildLike(x value.Value, items []value.Value) value.Value {
	t := x.Type()
	if t > 0 && t <= value.TTime {
		for _, it := range items {
			if it.Type() != -t {
				errType()
			}
		}
		return value.Collect(t, items)
	}
	if len(items) == 0 {
		return &value.List{Items: items}
	}
	return value.NewList(items)
}

// amendDict amends a dictionary at keys; a new key is appended.
func (ip *Interp) amendDict(d *value.Dict, i, y value.Value, hasY bool, sub func(old, yk value.Value) value.Value) value.Value {
	var keys []value.Value
	if i == nil || isGenericNull(i) {
		i = d.K
	}
	single := isKeyItem(d.K, i)
	if single {
		keys = []value.Value{i}
	} else {
		keys = value.Items(i)
		if hasY && isListArg(y) && value.Len(y) != len(keys) {
			errLength()
		}
	}
	kItems := value.Items(d.K)
	vItems := value.Items(d.V)
	ks := append([]value.Value(nil), kItems...)
	vs := append([]value.Value(nil), vItems...)
	for k, key := range keys {
		yk := y
		if !single && hasY && isListArg(y) {
			yk = value.At(y, k)
		}
		j := -1
		for m, e := range ks {
			if matchValues(e, key) {
				j = m
				break
			}
		}
		if j < 0 {
			var old value.Value
			if !hasY {
				old = itemNull(d.V) // @[d;`new;neg] applies neg to a null
			}
			ks = append(ks, key)
			vs = append(vs, sub(old, yk))
			continue
		}
		vs[j] = sub(vs[j], yk)
	}
	var nk value.Value
	if len(ks) == len(kItems) {
		nk = d.K
	} else {
		nk = value.NewList(ks)
	}
	// Values in a typed vector stay typed: an item of another type is 'type, as for
	// a list (d:`a`b!1 2; d[`c]:`x is 'type in kdb+).
	var nv value.Value
	if t := d.V.Type(); t > 0 && t <= value.TTime {
		nv = rebuildLike(d.V, vs)
	} else {
		nv = value.NewList(vs)
	}
	return &value.Dict{K: nk, V: nv}
}

// amendTable amends a table's column (by name) or rows (by index).
func (ip *Interp) amendTable(t *value.Table, i, y value.Value, hasY bool, sub func(old, yk value.Value) value.Value) value.Value {
	if s, ok := i.(value.Sym); ok {
		cols := append([]string(nil), t.Cols.S...)
		data := append([]value.Value(nil), t.Data...)
		for k, c := range cols {
			if c == string(s) {
				data[k] = sub(data[k], y)
				return value.NewTable(cols, data)
			}
		}
		// a new column: as for a dictionary (the table's flip), a function applies to the
		// null item of the columns; u.q's @[0#t;`sym;`g#] on a table with no sym column
		// (node-q's itests leave one) gives an empty column
		var old value.Value
		if !hasY {
			old = itemNull(&value.List{Items: data})
		}
		nc := sub(old, y)
		if isAtomLike(nc) {
			nc = repeatValue(nc, value.Len(t))
		}
		if value.Len(nc) != value.Len(t) {
			errLength()
		}
		return value.NewTable(append(cols, string(s)), append(data, nc))
	}
	if s, ok := i.(*value.Vec[string]); ok {
		// several columns: each with its item of y
		if hasY && isListArg(y) && value.Len(y) != len(s.S) {
			errLength()
		}
		r := t
		for k, c := range s.S {
			yk := y
			if hasY && isListArg(y) {
				yk = ip.itemOf(y, k)
			}
			r = ip.amendTable(r, value.Sym(c), yk, hasY, sub).(*value.Table)
		}
		return r
	}
	return ip.amendTableRows(t, i, y, hasY, sub)
}

// compileAssign compiles name:v, name[i]:v, name op:v, name[i] op:v and name::v.
func (c *compiler) compileAssign(n *parser.Assign) expr {
	if _, ok := n.Value.(*parser.Lambda); ok && c.sc == nil && n.Index == nil && n.Op == nil {
		c.lamName = n.Name // f:{...} is f in error locations
		if n.Name[0] != '.' && c.ns.name != "" {
			c.lamName = c.ns.name + "." + n.Name
		}
	}
	val := c.compile(n.Value)
	c.lamName = ""
	p := c.assignAt(n)
	load, store := c.assignTarget(n)
	var op value.Value
	var opExpr expr
	if n.Op != nil {
		opExpr = c.compile(n.Op)
		if v, ok := n.Op.(*parser.Verb); ok {
			op = verbValue(v.Glyph)
		}
	}
	isJoin := false
	if v, ok := n.Op.(*parser.Verb); ok && v.Glyph == "," {
		isJoin = true
	}
	if n.Index == nil {
		if n.Op == nil {
			if n.Global && c.sc == nil && n.Name[0] != '.' && refersToOther(n.Value, n.Name) {
				// a top-level name::expr is a view, recomputed when read
				src := n.Value
				ns := c.ns
				name := n.Name
				return func(fr *frame) value.Value {
					vc := &compiler{ip: fr.ip, ns: ns}
					vw := &view{src: n.Src, code: vc.compile(src), ns: ns}
					fr.ip.setIn(name, ns, vw)
					return nullVal
				}
			}
			return func(fr *frame) value.Value {
				v := val(fr)
				store(fr, v)
				return v
			}
		}
		return func(fr *frame) value.Value {
			v := val(fr)
			f := op
			if f == nil {
				f = opExpr(fr)
			}
			fr.pos = p
			old := load(fr)
			var nv value.Value
			if old == nil {
				if isJoin {
					nv = fr.ip.apply2(f, &value.List{Items: []value.Value{}}, v)
				} else {
					nv = v
				}
			} else {
				nv = fr.ip.apply2(f, old, v)
				if isJoin {
					checkJoinType(old, nv)
				}
			}
			store(fr, nv)
			return nv
		}
	}
	idx := c.compileArgs(n.Index)
	name := n.Name
	return func(fr *frame) value.Value {
		v := val(fr)
		is := evalArgs(idx, fr)
		fr.pos = p
		old := load(fr)
		if old == nil {
			signal(name)
		}
		var f value.Value = assignPrim
		hasY := true
		if n.Op != nil {
			f = op
			if f == nil {
				f = opExpr(fr)
			}
		}
		nv := fr.ip.amendDepth(old, is, f, v, hasY)
		store(fr, nv)
		if n.Op != nil {
			// a[i]+:y gives the new item
			return fr.ip.indexDepth(nv, is)
		}
		return v
	}
}

// assignAt is where the caret of a failed assignment goes: under its : (or the
// operator of name op: y), found in the source after the name and any brackets.
func (c *compiler) assignAt(n *parser.Assign) int32 {
	p := int(c.at(n))
	if c.src == nil || p < 0 || p >= len(c.src.text) {
		return int32(p)
	}
	t := c.src.text
	i := p // the name, or for name[i]:y the bracket
	if strings.HasPrefix(t[i:], n.Name) {
		i += len(n.Name)
	}
	if i < len(t) && t[i] == '[' {
		for depth := 0; i < len(t); i++ {
			if t[i] == '[' {
				depth++
			} else if t[i] == ']' {
				if depth--; depth == 0 {
					i++
					break
				}
			}
		}
	}
	for i < len(t) && t[i] == ' ' {
		i++
	}
	if i >= len(t) {
		return int32(p)
	}
	return int32(i)
}

// assignPrim is the : of a plain indexed assignment.
var assignPrim value.Value = &value.Prim{Name: ":", T: value.TBinary}

// checkJoinType enforces that x,:y keeps a typed vector's type (and a table's
// column types): (1;2;3),:`a is 'type.
func checkJoinType(old, nv value.Value) {
	t := old.Type()
	if t > 0 && t <= value.TTime && nv.Type() != t {
		errType()
	}
	if ot, ok := old.(*value.Table); ok {
		nt, ok := nv.(*value.Table)
		if !ok || len(nt.Data) != len(ot.Data) {
			errType()
		}
		for k, col := range ot.Data {
			if ct := col.Type(); ct > 0 && nt.Data[k].Type() != ct {
				errType()
			}
		}
	}
}

// assignTarget gives the load (nil when undefined) and store of an assignment's name.
func (c *compiler) assignTarget(n *parser.Assign) (func(*frame) value.Value, func(*frame, value.Value)) {
	name := n.Name
	if c.sc != nil {
		if i, ok := c.sc.slot[name]; ok {
			return func(fr *frame) value.Value {
					if v := fr.slots[i]; v != nil {
						return v
					}
					return unsetLocal()
				},
				func(fr *frame, v value.Value) { fr.slots[i] = v }
		}
	}
	if isReserved(name) {
		fail := func(*frame) value.Value { signal("assign"); return nil }
		return fail, func(*frame, value.Value) { signal("assign") }
	}
	ns, ip := c.ns, c.ip
	if name[0] == '.' || strings.IndexByte(name, '.') > 0 {
		return func(*frame) value.Value { return ip.lookupIn(name, ns) },
			func(_ *frame, v value.Value) { ip.setIn(name, ns, v) }
	}
	return func(*frame) value.Value {
			v := ns.vars[name]
			if _, ok := v.(*view); ok {
				return ip.lookupIn(name, ns)
			}
			return v
		},
		func(_ *frame, v value.Value) {
			ip.checkWrite(ns.name, name)
			ns.vars[name] = v
		}
}

// refersToOther reports whether n reads some name other than self (a view needs one).
func refersToOther(n parser.Node, self string) bool {
	found, selfRef := false, false
	walkNames(n, func(name string) {
		if name == self {
			selfRef = true
		} else {
			found = true
		}
	})
	return found && !selfRef
}

// walkNames calls fn for every name read in n (not inside nested lambdas).
func walkNames(n parser.Node, fn func(string)) {
	if n == nil {
		return
	}
	switch n := n.(type) {
	case *parser.Name:
		if primByName(n.Name) == nil {
			fn(n.Name)
		}
	case *parser.Assign:
		walkNames(n.Value, fn)
		for _, i := range n.Index {
			walkNames(i, fn)
		}
	case *parser.Call:
		walkNames(n.Fn, fn)
		for _, a := range n.Args {
			walkNames(a, fn)
		}
	case *parser.Prefix:
		walkNames(n.Fn, fn)
		walkNames(n.Arg, fn)
	case *parser.Infix:
		walkNames(n.Fn, fn)
		walkNames(n.Left, fn)
		walkNames(n.Right, fn)
	case *parser.Adverbed:
		walkNames(n.Fn, fn)
	case *parser.ListExpr:
		for _, i := range n.Items {
			walkNames(i, fn)
		}
	case *parser.Cond:
		for _, a := range n.Args {
			walkNames(a, fn)
		}
	case *parser.Seq:
		for _, s := range n.Stmts {
			walkNames(s, fn)
		}
	case *parser.TableExpr:
		for _, col := range n.Keys {
			walkNames(col.Expr, fn)
		}
		for _, col := range n.Cols {
			walkNames(col.Expr, fn)
		}
	}
}

// atApply is x@y: apply x to one argument.
func atApply(ip *Interp, x, y value.Value) value.Value { return ip.apply1(x, y) }
