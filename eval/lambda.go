package eval

import (
	"strings"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// maxDepth bounds lambda call nesting; deeper recursion is q's 'stack.
const maxDepth = 10000

// frame is one activation: a lambda call (slots hold its parameters then its
// locals) or top-level code (no slots). Frames of lambda calls are pooled per depth
// in Interp.frames, so a call allocates nothing.
type frame struct {
	ip     *Interp
	lam    *value.Lambda // the running lambda (.z.s); nil at top level
	slots  []value.Value
	ns     *namespace // context of the running code
	ret    bool       // a :x return was executed; retVal holds the value
	pos    int32      // offset in the frame's source of the application running (trace.go)
	retVal value.Value
	src    *codeSrc // top-level code and value of a string: its source (a lambda's is in its code)
	at     int      // a top-level frame: the call depth it runs at
}

// lamCode is a lambda compiled once: names resolved to slots, statements to closures.
type lamCode struct {
	ip      *Interp
	src     *codeSrc // text, name, file and line, for error locations
	nparams int
	nslots  int
	body    []expr
	ns      *namespace
	locals  []string // names of the local (non-parameter) slots, for value
	atomic  bool     // the body is atomic arithmetic on the parameters (atomicBody)

	// an atomic body and its parameters, and the unboxed forms made of it (unboxed.go)
	atomicBody     parser.Node
	params         []string
	triedJ, triedF bool
	scalarJ        func(a *[2]int64) int64
	scalarF        func(a *[2]float64) float64
}

// scope maps a lambda's parameter and local names to frame slots.
type scope struct {
	slot    map[string]int
	n       int             // slots used (parameters then locals)
	globals map[string]bool // names assigned with :: while not local
}

// pushFrame takes the pooled frame for the next depth with n cleared slots.
func (ip *Interp) pushFrame(n int) *frame {
	d := ip.depth + 1
	if d >= len(ip.frames) {
		if d > maxDepth {
			signal("stack")
		}
		ip.frames = append(ip.frames, &frame{ip: ip})
	}
	ip.depth = d
	fr := ip.frames[d]
	switch {
	case cap(fr.slots) < n:
		fr.slots = make([]value.Value, n)
	case n == 1:
		fr.slots = fr.slots[:1]
		fr.slots[0] = nil
	default:
		fr.slots = fr.slots[:n]
		for i := range fr.slots {
			fr.slots[i] = nil
		}
	}
	fr.ret, fr.pos = false, 0
	return fr
}

// popFrame releases the top frame, clearing its slots (locals must start unset, and
// the collector must not see dead values).
func (ip *Interp) popFrame(fr *frame) {
	if len(fr.slots) == 1 {
		fr.slots[0] = nil
	} else {
		for i := range fr.slots {
			fr.slots[i] = nil
		}
	}
	if fr.retVal != nil {
		fr.retVal = nil
	}
	ip.depth--
}

// unwindFrames pops every frame above depth d after an error.
func (ip *Interp) unwindFrames(d int) {
	for ip.depth > d {
		fr := ip.frames[ip.depth]
		fr.lam = nil
		ip.popFrame(fr)
	}
}

// codeOf returns l's compiled code, compiling it on first use (lambdas decoded from
// IPC carry only their source).
func (ip *Interp) codeOf(l *value.Lambda) *lamCode {
	if ip.main != nil {
		// A secondary (peach) compiles every lambda for itself: compiled code keeps
		// state while it runs (a query's rows in view), so it is not shared between
		// goroutines, and l, shared, is not written.
		if c := ip.codes[l]; c != nil {
			return c
		}
	} else if c, ok := l.Code.(*lamCode); ok && c.ip == ip {
		return c
	}
	stmts, err := parser.Parse(l.Src)
	if err != nil {
		panic(asQError(err))
	}
	if len(stmts) != 1 {
		signal("type")
	}
	ln, ok := stmts[0].(*parser.Lambda)
	if !ok {
		signal("type")
	}
	nsName := l.Ns
	if nsName != "" && nsName[0] != '.' {
		nsName = "." + nsName
	}
	ns := ip.ns(nsName, ip.main == nil) // a secondary may not create a namespace
	if ns == nil {
		ns = ip.root
	}
	cp := &compiler{ip: ip, ns: ns, src: &codeSrc{text: l.Src}}
	c := cp.lambdaCode(ln)
	if ip.main != nil {
		ip.codes[l] = c
	} else {
		l.Code = c
	}
	return c
}

// call runs lambda l on args (exactly its rank of them).
func (ip *Interp) call(l *value.Lambda, c *lamCode, args []value.Value) value.Value {
	ip.checkStop()
	fr := ip.pushFrame(c.nslots)
	fr.lam, fr.ns = l, c.ns
	copy(fr.slots, args)
	r := c.run(fr)
	ip.popFrame(fr)
	return r
}

// enter pushes a frame for repeated calls of l (loops in iterators); each call is
// then again1, and popFrame ends them.
func (ip *Interp) enter(l *value.Lambda, c *lamCode) *frame {
	fr := ip.pushFrame(c.nslots)
	fr.lam, fr.ns = l, c.ns
	return fr
}

// again1 runs the lambda of a frame from enter on one argument.
func (ip *Interp) again1(c *lamCode, fr *frame, x value.Value) value.Value {
	ip.checkStop()
	if c.nparams > 0 {
		fr.slots[0] = x
	}
	for i := 1; i < len(fr.slots); i++ {
		fr.slots[i] = nil
	}
	fr.ret = false
	return c.run(fr)
}

// again2 runs the lambda of a frame from enter on two arguments.
func (ip *Interp) again2(c *lamCode, fr *frame, x, y value.Value) value.Value {
	ip.checkStop()
	fr.slots[0], fr.slots[1] = x, y
	for i := 2; i < len(fr.slots); i++ {
		fr.slots[i] = nil
	}
	fr.ret = false
	return c.run(fr)
}

// call1 is call for one argument without building a slice.
func (ip *Interp) call1(l *value.Lambda, c *lamCode, x value.Value) value.Value {
	ip.checkStop()
	fr := ip.pushFrame(c.nslots)
	fr.lam, fr.ns = l, c.ns
	if c.nparams > 0 {
		fr.slots[0] = x
	}
	r := c.run(fr)
	ip.popFrame(fr)
	return r
}

// call2 is call for two arguments.
func (ip *Interp) call2(l *value.Lambda, c *lamCode, x, y value.Value) value.Value {
	ip.checkStop()
	fr := ip.pushFrame(c.nslots)
	fr.lam, fr.ns = l, c.ns
	fr.slots[0], fr.slots[1] = x, y
	r := c.run(fr)
	ip.popFrame(fr)
	return r
}

// run executes the body left to right; the last statement's value is the result
// unless a :x return stops it first.
func (c *lamCode) run(fr *frame) value.Value {
	if len(c.body) == 1 {
		r := c.body[0](fr)
		if fr.ret {
			return fr.retVal
		}
		return r
	}
	var r value.Value = nullVal
	for _, e := range c.body {
		r = e(fr)
		if fr.ret {
			return fr.retVal
		}
	}
	return r
}

// lambdaRank is the number of arguments l takes ({[] 42} takes one, ignored).
func lambdaRank(l *value.Lambda) int {
	fillParams(l)
	if len(l.Params) == 0 {
		return 1
	}
	return len(l.Params)
}

// fillParams gives a lambda that arrived as source text only (from the wire) its
// parameters, read from the source once, so its rank is known before its first call.
func fillParams(l *value.Lambda) {
	if l.Params != nil {
		return
	}
	if nodes, err := parser.ParseCached(l.Src); err == nil && len(nodes) == 1 {
		if n, ok := nodes[0].(*parser.Lambda); ok {
			l.Params = n.Params
		}
	}
}

// lambdaParams is l's parameter names, filled in for a lambda from the wire.
func lambdaParams(l *value.Lambda) []string {
	fillParams(l)
	return l.Params
}

// compileLambda turns a lambda literal into its value, compiled once.
func (c *compiler) compileLambda(n *parser.Lambda) *value.Lambda {
	code := c.lambdaCode(n)
	ns := c.ns.name
	ns = strings.TrimPrefix(ns, ".")
	return &value.Lambda{Params: n.Params, Src: n.Src, Ns: ns, Code: code}
}

// lambdaCode compiles a lambda body: parameters take the first slots, then every name
// assigned with : in the body (not in nested lambdas) is a local.
func (c *compiler) lambdaCode(n *parser.Lambda) *lamCode {
	sc := &scope{slot: map[string]int{}, globals: map[string]bool{}}
	for i, p := range n.Params {
		sc.slot[p] = i // a repeated parameter name refers to the last one
	}
	sc.n = len(n.Params)
	for _, s := range n.Body {
		collectLocals(s, sc)
	}
	src := &codeSrc{text: n.Src, name: c.lamName}
	if c.src != nil {
		src.file = c.src.file
		if c.src.file != "" {
			src.line = c.src.line + strings.Count(c.src.text[:min(max(n.P, 0), len(c.src.text))], "\n")
		}
		if src.name == "" && c.src.name != "" {
			src.name = c.src.name + "@" // a lambda inside f is f@
		}
	}
	c.lamName = ""
	inner := &compiler{ip: c.ip, ns: c.ns, sc: sc, src: src, base: n.P}
	code := &lamCode{ip: c.ip, nparams: len(n.Params), ns: c.ns, src: src}
	code.body = make([]expr, len(n.Body))
	for i, s := range n.Body {
		code.body[i] = inner.compile(s)
	}
	if len(code.body) == 0 {
		code.body = []expr{constExpr(nullVal)}
	}
	code.nslots = sc.n
	code.atomic = atomicBody(n)
	if code.atomic {
		code.atomicBody, code.params = n.Body[0], n.Params
	}
	code.locals = make([]string, code.nslots-len(n.Params))
	for name, i := range sc.slot {
		if i >= len(n.Params) {
			code.locals[i-len(n.Params)] = name
		}
	}
	return code
}

// collectLocals walks a statement in evaluation order recording local names (those
// plainly assigned with :); a name
// assigned locally after a global assignment (::) in the same lambda is the parse
// error named after it ({a::1;a:1} is 'a).
func collectLocals(n parser.Node, sc *scope) {
	if n == nil {
		return
	}
	switch n := n.(type) {
	case *parser.Assign:
		collectLocals(n.Value, sc)
		for i := len(n.Index) - 1; i >= 0; i-- {
			collectLocals(n.Index[i], sc)
		}
		if strings.IndexByte(n.Name, '.') >= 0 {
			return
		}
		if !n.Global && (n.Op != nil || n.Index != nil) {
			// only plain name:v makes a local (function-notation.md); n+:1 and
			// w[x],:y on a name not local amend the global (u.q's .u.add, tick.q's i+:1)
			return
		}
		if _, local := sc.slot[n.Name]; local {
			return
		}
		if n.Global {
			sc.globals[n.Name] = true
			return
		}
		if sc.globals[n.Name] {
			signal(n.Name)
		}
		sc.slot[n.Name] = sc.n
		sc.n++
	case *parser.Call:
		for i := len(n.Args) - 1; i >= 0; i-- {
			collectLocals(n.Args[i], sc)
		}
		collectLocals(n.Fn, sc)
	case *parser.Prefix:
		collectLocals(n.Arg, sc)
		collectLocals(n.Fn, sc)
	case *parser.Infix:
		collectLocals(n.Right, sc)
		collectLocals(n.Left, sc)
		collectLocals(n.Fn, sc)
	case *parser.Adverbed:
		collectLocals(n.Fn, sc)
	case *parser.ListExpr:
		for i := len(n.Items) - 1; i >= 0; i-- {
			collectLocals(n.Items[i], sc)
		}
	case *parser.TableExpr:
		for _, col := range n.Keys {
			collectLocals(col.Expr, sc)
		}
		for _, col := range n.Cols {
			collectLocals(col.Expr, sc)
		}
	case *parser.Cond:
		for _, a := range n.Args {
			collectLocals(a, sc)
		}
	case *parser.Ctrl:
		collectLocals(n.Cond, sc)
		for _, b := range n.Body {
			collectLocals(b, sc)
		}
	case *parser.Return:
		collectLocals(n.Value, sc)
	case *parser.Signal:
		collectLocals(n.Value, sc)
	case *parser.Seq:
		for _, s := range n.Stmts {
			collectLocals(s, sc)
		}
	case *parser.Query:
		collectLocals(n.From, sc)
	}
}
