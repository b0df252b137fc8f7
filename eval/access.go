package eval

import (
	"path/filepath"
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// Under -u, what a client sends (.z.w not 0) may reach only files below the current
// directory (docs/basics/cmdline.md: "access to files outside the current directory
// for any handle context other than 0"). The rows of primitives whose arguments may
// name files wrap their functions in these guards (prims.go), so every way of applying
// them is checked. Like kdb+'s, it is a simple protection: a symbolic link below the
// directory still leads out.

// guardPaths signals 'access when a client under -u names a file outside the current
// directory in xs: a file symbol, a vector of them, or one inside a list such as
// (`:f;0;5) or (`:f;17;2;6).
func (ip *Interp) guardPaths(xs ...value.Value) {
	if !ip.Restricted || ip.ZW == 0 {
		return
	}
	for _, x := range xs {
		switch v := x.(type) {
		case value.Sym:
			checkPath(string(v))
		case *value.Vec[string]:
			for _, s := range v.S {
				checkPath(s)
			}
		case *value.List:
			for _, it := range v.Items {
				ip.guardPaths(it)
			}
		}
	}
}

// checkPath refuses a file symbol's path that is absolute or climbs out with "..". A
// `:host:port address is a connection, not a file.
func checkPath(s string) {
	p, ok := strings.CutPrefix(s, ":")
	if !ok || p == "" || strings.Contains(p, ":") {
		return
	}
	c := filepath.Clean(p)
	if filepath.IsAbs(c) || c == ".." || strings.HasPrefix(c, "../") {
		signal("access")
	}
}

func filesU(f func(*Interp, value.Value) value.Value) func(*Interp, value.Value) value.Value {
	return func(ip *Interp, x value.Value) value.Value { ip.guardPaths(x); return f(ip, x) }
}

func filesPureU(f func(value.Value) value.Value) func(*Interp, value.Value) value.Value {
	return func(ip *Interp, x value.Value) value.Value { ip.guardPaths(x); return f(x) }
}

func filesB(f func(*Interp, value.Value, value.Value) value.Value) func(*Interp, value.Value, value.Value) value.Value {
	return func(ip *Interp, x, y value.Value) value.Value { ip.guardPaths(x, y); return f(ip, x, y) }
}

func filesN(f func(*Interp, []value.Value) value.Value) func(*Interp, []value.Value) value.Value {
	return func(ip *Interp, a []value.Value) value.Value { ip.guardPaths(a...); return f(ip, a) }
}
