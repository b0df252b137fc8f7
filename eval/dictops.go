package eval

import (
	"slices"
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// Dictionary primitives: ! dict and keyed-table make, key (and unary !), and the
// dictValues helper the core's value uses.

// dictMake implements x!y: `a`b!1 2 is a dictionary; n!t keys table t on its first n
// columns (0!t unkeys).
func dictMake(x, y value.Value) value.Value {
	if n, ok := intAtom(x); ok {
		switch t := y.(type) {
		case *value.Table:
			return keyTable(int(n), t)
		case *value.Dict:
			if value.IsKeyed(t) {
				return keyTable(int(n), unkey(t))
			}
		}
		if n < 0 {
			errNyi()
		}
	}
	xa, ya := value.IsAtom(x) || value.IsFunc(x), value.IsAtom(y) || value.IsFunc(y)
	if xa {
		// an atom key makes a one-entry dictionary whatever the value: `a!1 2 3
		return &value.Dict{K: x, V: y}
	}
	if ya {
		errLength()
	}
	if value.Len(x) != value.Len(y) {
		errLength()
	}
	d := &value.Dict{K: x, V: y}
	if attrOf(x) == value.AttrS {
		d.Sorted = true
	}
	return d
}

// dictMakeEnum is x!y where a symbol naming a symbol vector on the left makes an
// enumeration from indexes: `d!0 1 is `d$`a`b when d is `a`b; n!`t (re)keys the
// table named t.
func dictMakeEnum(ip *Interp, x, y value.Value) value.Value {
	if s, ok := y.(value.Sym); ok && len(s) > 0 {
		if _, isInt := intAtom(x); isInt {
			// n!`t keys (0!`t unkeys) the table named t in place and returns the name
			if t := ip.lookupGlobal(string(s)); t != nil && (t.Type() == value.TTable || value.IsKeyed(t)) {
				ip.setGlobal(string(s), dictMake(x, t))
				return s
			}
		}
	}
	if s, ok := x.(value.Sym); ok {
		if _, isInt := intAtom(y); isInt || isIntVec(y) {
			if _, isDom := ip.lookupGlobal(string(s)).(*value.Vec[string]); isDom {
				return enumFromIndex(ip, string(s), y)
			}
		}
	}
	return dictMake(x, y)
}

func isIntVec(y value.Value) bool {
	_, ok := intVec(y)
	return ok
}

// keyTable keys t on its first n columns; 0 gives t itself.
func keyTable(n int, t *value.Table) value.Value {
	if n < 0 {
		errNyi()
	}
	if n == 0 {
		return t
	}
	if n > len(t.Cols.S) {
		errLength()
	}
	k := &value.Table{Cols: value.Syms(append([]string(nil), t.Cols.S[:n]...)), Data: t.Data[:n:n]}
	v := &value.Table{Cols: value.Syms(append([]string(nil), t.Cols.S[n:]...)), Data: append([]value.Value(nil), t.Data[n:]...)}
	return &value.Dict{K: k, V: v}
}

// unkey turns a keyed table into a simple table (0!kt).
func unkey(d *value.Dict) *value.Table {
	k, v := d.K.(*value.Table), d.V.(*value.Table)
	return &value.Table{Cols: value.Syms(cat(k.Cols.S, v.Cols.S)), Data: cat(k.Data, v.Data)}
}

// key implements key x and unary !: the keys of a dictionary (the key table of a keyed
// table), til n for an int atom, a table's column names, and a vector's type name.
func key(x value.Value) value.Value {
	switch v := x.(type) {
	case *value.Dict:
		return v.K
	case *value.Table:
		return v.Cols
	case *value.EnumVec:
		return value.Sym(v.Domain)
	case value.EnumAtom:
		return value.Sym(v.Domain)
	}
	if _, ok := intAtom(x); ok {
		return til(x)
	}
	if t := x.Type(); t > 0 && t <= value.TTime {
		return value.Sym(value.TypeNames[t])
	}
	errType()
	return nil
}

// keyIp is key with the interpreter: key `. lists the root's variables and key `.q a
// context's names (after the empty symbol); anything else is key.
func keyIp(ip *Interp, x value.Value) value.Value {
	if p, ok := filePath(x); ok { // key`:dir lists a directory
		return keyPath(x, p)
	}
	if s, ok := x.(value.Sym); ok && len(s) > 0 && s[0] == '.' {
		name := string(s)
		if name == "." {
			name = ""
		}
		if n := ip.ns(name, false); n != nil {
			names := sortedNames(n, nil)
			if name != "" {
				names = append([]string{""}, names...)
				for _, k := range ip.childNs(name) { // key`.fee after .fee.fi.fo:42 is ``fi
					if _, isVar := n.vars[k]; !isVar {
						names = append(names, k)
					}
				}
			}
			return value.Syms(names)
		}
	}
	if s, ok := x.(value.Sym); ok {
		return keyName(ip, string(s))
	}
	return key(x)
}

// keyName is key of a name: the key of the dictionary or table it names, the name
// itself for any other variable, and () when nothing has that name (key`D, key`a).
func keyName(ip *Interp, name string) value.Value {
	if name == "" { // key` lists the contexts
		var r []string
		for n := range ip.nss {
			if n != "" && strings.IndexByte(n[1:], '.') < 0 { // top-level contexts only
				r = append(r, strings.TrimPrefix(n, "."))
			}
		}
		slices.Sort(r)
		return value.Syms(r)
	}
	var v value.Value
	if strings.HasPrefix(name, "..") { // `..a is a in the root from any context
		v = ip.root.vars[name[2:]]
	} else if name != "" && name[0] != '.' && ip.cur != ip.root {
		v = ip.cur.vars[name] // in \d .foo, key`a does not see the root's a
	} else if name != "" {
		v = ip.lookupGlobal(name)
	}
	switch v.(type) {
	case nil:
		return &value.List{}
	case *value.Dict, *value.Table:
		return key(v)
	}
	return value.Sym(name)
}

// dictValues returns the values of a dictionary (the value table of a keyed table);
// the core's value (unary .) calls it.
func dictValues(d *value.Dict) value.Value { return d.V }

// keys implements keys t: the key column names of a keyed table (none for a simple
// table).
func keys(x value.Value) value.Value {
	switch v := x.(type) {
	case *value.Dict:
		if k, ok := v.K.(*value.Table); ok {
			return value.Syms(append([]string(nil), k.Cols.S...))
		}
	case *value.Table:
		return value.Syms([]string{})
	}
	errType()
	return nil
}

// keysKw is keys x; keys`t reads the table named t.
func keysKw(ip *Interp, x value.Value) value.Value {
	if s, ok := x.(value.Sym); ok {
		x = ip.mustGlobal(string(s))
	}
	return keys(x)
}
