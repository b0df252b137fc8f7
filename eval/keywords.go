package eval

import (
	"fmt"
	"io"
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// exit ends the process with code: \\ (code 0) and exit n. .z.exit, when defined, runs
// first with the code; it cannot cancel the exit, and an error in it is only reported.
// Inside reval nothing may leave: 'access.
func (ip *Interp) exit(code int64) {
	if ip.readOnly > 0 || ip.Restricted && ip.ZW != 0 {
		signal("access")
	}
	if f := ip.zns.vars["exit"]; f != nil && !ip.exiting {
		ip.exiting = true
		if _, err := ip.Apply(f, value.Long(code)); err != nil {
			fmt.Fprintf(ip.Err, "'%s\n", err.Error())
		}
	}
	ip.Exit(int(code))
}

// bang is x!y: 0N!y prints, -n!y runs the internal function n, anything else makes a
// dictionary (dictops.go).
func bang(ip *Interp, x, y value.Value) value.Value {
	if n, ok := doTimes(x); ok && (n < 0 || isNullInt(x)) {
		return ip.internal(n, x, y)
	}
	return dictMakeEnum(ip, x, y)
}

func isNullInt(x value.Value) bool {
	switch a := x.(type) {
	case value.Long:
		return int64(a) == value.NullLong
	case value.Int:
		return int32(a) == value.NullInt
	case value.Short:
		return int16(a) == value.NullShort
	}
	return false
}

// internal runs 0N!y (print the k form, return y) and -n!y.
func (ip *Interp) internal(n int64, x, y value.Value) value.Value {
	if isNullInt(x) {
		io.WriteString(ip.Out, ip.Disp.KFormLine(y)+"\n") // cut to the console width, as kdb+ does
		return y
	}
	f, ok := internals[n]
	switch {
	case !ok:
		errNyi()
	case f.ui != nil:
		return f.ui(ip, y)
	}
	return f.u(y)
}

// hsym prefixes symbols with a colon (-1!`a is `:a).
func hsym(x value.Value) value.Value {
	switch v := x.(type) {
	case value.Sym:
		if strings.HasPrefix(string(v), ":") {
			return v
		}
		return value.Sym(":" + string(v))
	case *value.Vec[string]:
		r := make([]string, len(v.S))
		for i, s := range v.S {
			if !strings.HasPrefix(s, ":") {
				s = ":" + s
			}
			r[i] = s
		}
		return value.Syms(r)
	}
	errType()
	return nil
}

// qStringArg reads a string (char vector or char atom).
func qStringArg(x value.Value) (string, bool) {
	switch v := x.(type) {
	case *value.Vec[byte]:
		if v.Typ == value.TChar {
			return string(v.S), true
		}
	case value.Char:
		return string([]byte{byte(v)}), true
	case *value.List:
		if len(v.Items) == 0 {
			return "", true
		}
	}
	return "", false
}

// setKw implements `name set x: assign the global, return the name; `:f set x
// writes a data file (files.go) and returns `:f.
func setKw(ip *Interp, x, y value.Value) value.Value {
	if f, zip, ok := ip.setTarget(x); ok { // (`:f;17;2;6) set y: compressed (disk.go)
		return ip.setFile(f, string(f[1:]), y, zip)
	}
	s, ok := x.(value.Sym)
	if !ok {
		errType()
	}
	if strings.HasPrefix(string(s), ":") {
		return ip.writeData(s, string(s[1:]), y)
	}
	ip.setGlobal(string(s), y)
	return s
}

// valueOf implements value (and get): a string runs, a symbol reads its variable,
// a list (f;a;b) applies f, a dictionary gives its values, a projection its parts.
func (ip *Interp) valueOf(x value.Value) value.Value {
	switch v := x.(type) {
	case *value.Vec[byte]:
		if v.Typ == value.TChar {
			return ip.valueString(string(v.S))
		}
	case value.Char:
		return ip.valueString(string([]byte{byte(v)}))
	case value.Sym:
		if p, ok := filePath(v); ok {
			return readData(p) // value`:f and get`:f read a data file (files.go)
		}
		return ip.mustGlobal(string(v))
	case *value.Vec[string]:
		// (`.u.sub;`;`) is a symbol vector once built: it applies its first item to
		// the rest, as any (f;a;b) does (a kdb-tick subscriber may send h(`.u.sub;`;`))
		if v.Typ == value.TSym && len(v.S) > 0 {
			f := ip.mustGlobal(v.S[0])
			if len(v.S) == 1 {
				return ip.applyNiladic(f)
			}
			args := make([]value.Value, len(v.S)-1)
			for i, s := range v.S[1:] {
				args[i] = value.Sym(s)
			}
			return ip.apply(f, args)
		}
	case *value.List:
		if len(v.Items) == 0 {
			return v
		}
		f := v.Items[0]
		switch fv := f.(type) {
		case value.Sym:
			f = ip.mustGlobal(string(fv))
		case *value.Vec[byte]:
			if fv.Typ == value.TChar {
				f = ip.valueString(string(fv.S))
			}
		case value.Char:
			f = ip.valueString(string([]byte{byte(fv)}))
		}
		args := v.Items[1:]
		if len(args) == 0 {
			return ip.applyNiladic(f)
		}
		return ip.apply(f, append([]value.Value(nil), args...))
	case *value.Dict:
		return v.V
	case *value.Projection:
		items := make([]value.Value, 0, len(v.Args)+1)
		items = append(items, v.Fn)
		for _, a := range v.Args {
			if a == nil {
				a = nullVal
			}
			items = append(items, a)
		}
		return value.NewList(items)
	case *value.Composition:
		return &value.List{Items: append([]value.Value(nil), v.Fns...)}
	case *value.Derived:
		return v.Fn
	case *value.Lambda:
		return lambdaParts(v)
	case *value.EnumVec, value.EnumAtom:
		if r, ok := enumView(ip, x); ok {
			return r
		}
	}
	return x
}

// lambdaParts is value of a lambda: (bytecode;parameters;locals;(namespace;globals);
// ...;source), with an empty bytecode.
func lambdaParts(l *value.Lambda) value.Value {
	var locals []string
	if c, ok := l.Code.(*lamCode); ok {
		locals = c.locals
	}
	ns := l.Ns
	return &value.List{Items: []value.Value{
		value.Bytes(nil),
		value.Syms(append([]string(nil), lambdaParams(l)...)),
		value.Syms(locals),
		value.Syms([]string{ns}),
		value.Str(l.Src),
	}}
}

// evalTree implements eval on a parse tree: (f;a;b) applies f to the evaluated
// arguments, a symbol is a variable, a one-item list is its item (the tree of a
// constant), anything else is itself. Assignments, $[;;], (";";...) sequences,
// iterators and elided arguments are handled by evalForm and applyTree (parse.go).
func (ip *Interp) evalTree(x value.Value) value.Value {
	switch v := x.(type) {
	case value.Sym:
		return ip.treeVar(string(v))
	case *value.List:
		if len(v.Items) == 0 {
			return v
		}
		if len(v.Items) == 1 {
			return v.Items[0]
		}
		if r, ok := ip.evalForm(v.Items); ok {
			return r
		}
		fv := ip.evalTree(v.Items[0])
		args := make([]value.Value, len(v.Items)-1)
		for i := len(args) - 1; i >= 0; i-- {
			if a := v.Items[i+1]; a != holeVal {
				args[i] = ip.evalTree(a)
			}
		}
		return ip.applyTree(fv, args)
	case *value.Vec[string]:
		if len(v.S) == 1 {
			return value.Sym(v.S[0])
		}
	}
	return x
}

// identity is ::x.
func identity(x value.Value) value.Value { return x }

// showKw is show x: print x as the console would.
func showKw(ip *Interp, x value.Value) value.Value {
	io.WriteString(ip.Out, ip.Disp.Show(x)+"\n")
	return nullVal
}

// exitKw is exit n.
func exitKw(ip *Interp, x value.Value) value.Value {
	n, ok := doTimes(x)
	if !ok {
		errType()
	}
	ip.exit(n)
	return nullVal
}

// systemKw is system"cmd": a \ command as a string.
func systemKw(ip *Interp, x value.Value) value.Value {
	s, ok := qStringArg(x)
	if !ok {
		errType()
	}
	v, _ := ip.system(s, false)
	if v == nil {
		return nullVal
	}
	return v
}

// showString is .Q.s x: the console text of x.
func showString(ip *Interp, x value.Value) value.Value { return value.Str(ip.showText(x)) }

// kformString is .Q.s1 x and -3!x: the k form of x.
func kformString(ip *Interp, x value.Value) value.Value { return value.Str(ip.Disp.KForm(x)) }

// refCount is -16!x, the reference count: values here have no counts, so one.
func refCount(value.Value) value.Value { return value.Int(1) }

// reval implements reval x (-24!x): eval x as if the process ran with -b, so that an
// update of a global signals 'noupdate: `. `a and exit is blocked ('access).
func (ip *Interp) reval(x value.Value) value.Value {
	ip.readOnly++
	defer func() { ip.readOnly-- }()
	return ip.evalTree(x)
}
