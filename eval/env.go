package eval

import (
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// namespace is one q context: the root (name ""), .z, .q, .Q or a user context such
// as .foo. Variables live in a plain map; namespaces are never removed, so compiled
// code may keep a pointer to one.
type namespace struct {
	name string // "" for root, otherwise ".foo"
	vars map[string]value.Value
}

// view is a top-level name::expr definition: it is recomputed on every read.
type view struct {
	src  string
	code expr
	ns   *namespace
}

// Type makes view storable in a namespace; it never escapes to q code.
func (*view) Type() value.Type { return value.TList }

// ns returns the namespace named name ("" root, ".foo"), creating it if asked.
func (ip *Interp) ns(name string, create bool) *namespace {
	if name == "." {
		name = ""
	}
	n := ip.nss[name]
	if n == nil && create {
		n = &namespace{name: name, vars: map[string]value.Value{}}
		ip.nss[name] = n
		if i := strings.LastIndexByte(name, '.'); i > 0 {
			ip.ns(name[:i], true) // .fee.fi.fo:42 makes .fee too
		}
	}
	return n
}

// splitName splits an absolute name .a.b.c into its namespace .a.b and variable c.
// A relative name belongs to the context ctx. A one-part absolute name (.foo) is
// the root variable ".foo" (and also names a namespace; see lookup).
func splitName(name, ctx string) (string, string) {
	if name == "" || name[0] != '.' {
		return ctx, name
	}
	i := strings.LastIndexByte(name, '.')
	if i == 0 {
		return "", name
	}
	return name[:i], name[i+1:]
}

// lookupGlobal returns the global variable name (absolute, or relative to the current
// context), keywords included; nil when it is not defined.
func (ip *Interp) lookupGlobal(name string) value.Value {
	return ip.lookupIn(name, ip.cur)
}

// mustGlobal reads a global variable, signalling its name when it is undefined.
func (ip *Interp) mustGlobal(name string) value.Value {
	r := ip.lookupGlobal(name)
	if r == nil {
		signal(name)
	}
	return r
}

// lookupIn resolves name as code defined in context ctx sees it: ctx's variables, then
// the .q keywords; an absolute name directly. Views are computed.
func (ip *Interp) lookupIn(name string, ctx *namespace) value.Value {
	var v value.Value
	if name != "" && name[0] == '.' {
		v = ip.lookupAbs(name)
	} else {
		v = ctx.vars[name]
		if v == nil {
			if v = ip.qns.vars[name]; v == nil {
				if p := primByName(name); p != nil && !isGlyph(name) {
					v = p
				} else if ctx != ip.root {
					// relative names with dots (a.b) index a dictionary
					v = ip.root.vars[name]
				}
				if v == nil && ctx != ip.root {
					if strings.IndexByte(name, '.') > 0 {
						v = ip.lookupAbs(ctx.name + "." + name) // arg.args in \d .utl
					} else if kid := ip.nss[ctx.name+"."+name]; kid != nil {
						v = ip.nsValue(kid) // arg in \d .utl is the context .utl.arg
					}
				}
				if v == nil && strings.IndexByte(name, '.') > 0 {
					v = ip.lookupDotted(name, ctx)
				}
			}
		}
	}
	if vw, ok := v.(*view); ok {
		return vw.code(ip.topFrame(vw.ns))
	}
	return v
}

// lookupAbs resolves an absolute name like .z.p, .q.til or .foo (a whole context).
func (ip *Interp) lookupAbs(name string) value.Value {
	if name == "." {
		return rootDict(ip.root)
	}
	nsName, vn := splitName(name, "")
	if nsName == ".z" {
		if v := ip.zns.vars[vn]; v != nil {
			return v
		}
		return ip.dotz(vn)
	}
	if n := ip.nss[nsName]; n != nil {
		if v := n.vars[vn]; v != nil {
			return v
		}
	}
	if nsName == ".q" {
		if p := primByName(vn); p != nil {
			return p
		}
	}
	if n := ip.nss[name]; n != nil {
		return ip.nsValue(n)
	}
	if nsName == "" {
		return nil
	}
	// .a.b.c where .a.b is a dictionary variable of .a
	if d, ok := ip.lookupAbs(nsName).(*value.Dict); ok {
		return dictGet(d, value.Sym(vn))
	}
	return nil
}

// lookupDotted resolves a.b as the item b of dictionary a.
func (ip *Interp) lookupDotted(name string, ctx *namespace) value.Value {
	i := strings.LastIndexByte(name, '.')
	base := ip.lookupIn(name[:i], ctx)
	field := name[i+1:]
	switch b := base.(type) {
	case nil:
		return nil
	case *value.Dict:
		return dictGet(b, value.Sym(field))
	case *value.Table:
		return b.Col(field) // t.c is column c, as t`c
	}
	// dt.year, ti.mm: a temporal field, as `year$dt
	if t := base.Type(); t < 0 && -t >= value.TTimestamp && -t <= value.TTime || t >= value.TTimestamp && t <= value.TTime {
		if d := prims["$"]; d != nil {
			return ip.primB(d, value.Sym(field), base)
		}
	}
	return nil
}

// nsDict gives a context as q shows it: a dictionary from ` and its names to :: and
// their values.
func nsDict(n *namespace) value.Value {
	names := sortedNames(n, nil)
	k := make([]string, 0, len(names)+1)
	v := make([]value.Value, 0, len(names)+1)
	k = append(k, "")
	v = append(v, nullVal)
	for _, s := range names {
		k = append(k, s)
		v = append(v, n.vars[s])
	}
	return &value.Dict{K: value.Syms(k), V: &value.List{Items: v}}
}

// nsValue is nsDict with the contexts nested in n as entries too: after .fee.fi.fo:42,
// .fee maps fi to the context .fee.fi (namespaces.md, "Construction").
func (ip *Interp) nsValue(n *namespace) value.Value {
	d := nsDict(n).(*value.Dict)
	kids := ip.childNs(n.name)
	if len(kids) == 0 {
		return d
	}
	keys := append([]string(nil), d.K.(*value.Vec[string]).S...)
	vals := append([]value.Value(nil), d.V.(*value.List).Items...)
	for _, k := range kids {
		if _, isVar := n.vars[k]; isVar {
			continue
		}
		keys = append(keys, k)
		vals = append(vals, ip.nsValue(ip.nss[n.name+"."+k]))
	}
	return &value.Dict{K: value.Syms(keys), V: &value.List{Items: vals}}
}

// childNs lists the names of the contexts directly inside context name, sorted.
func (ip *Interp) childNs(name string) []string {
	var r []string
	for k := range ip.nss {
		if strings.HasPrefix(k, name+".") && name != "" && strings.IndexByte(k[len(name)+1:], '.') < 0 {
			r = append(r, k[len(name)+1:])
		}
	}
	sort.Strings(r)
	return r
}

// rootDict is the root namespace as a value (get`. and value`.): its variables by
// name, without the ` entry of other contexts; contexts (.u) are not root variables.
func rootDict(n *namespace) value.Value {
	names := sortedNames(n, nil)
	k := make([]string, 0, len(names))
	v := make([]value.Value, 0, len(names))
	for _, s := range names {
		if s == "" || s[0] == '.' {
			continue
		}
		if _, ok := n.vars[s].(*view); ok {
			continue
		}
		k = append(k, s)
		v = append(v, n.vars[s])
	}
	if len(v) == 0 {
		return &value.Dict{K: value.Syms(k), V: &value.List{Items: v}}
	}
	return &value.Dict{K: value.Syms(k), V: value.NewList(v)}
}

// setNsDict writes an amended context value back as its variables: @[`.;`a`b;neg]
// changes the globals a and b.
func (ip *Interp) setNsDict(nsName string, d value.Value) {
	dd, ok := d.(*value.Dict)
	if !ok {
		errType()
	}
	ks, ok := dd.K.(*value.Vec[string])
	if !ok {
		errType()
	}
	n := ip.ns(nsName, true)
	for i, k := range ks.S {
		if k == "" {
			continue
		}
		ip.checkWrite(nsName, k)
		n.vars[k] = value.At(dd.V, i)
	}
}

// sortedNames lists a namespace's variable names in order, filtered by keep.
func sortedNames(n *namespace, keep func(value.Value) bool) []string {
	r := make([]string, 0, len(n.vars))
	for k, v := range n.vars {
		if keep == nil || keep(v) {
			r = append(r, k)
		}
	}
	sort.Strings(r)
	return r
}

// setGlobal assigns the global name (absolute or relative to the current context).
func (ip *Interp) setGlobal(name string, v value.Value) {
	ip.setIn(name, ip.cur, v)
}

// setIn assigns name as code defined in context ctx does.
func (ip *Interp) setIn(name string, ctx *namespace, v value.Value) {
	if isReserved(name) {
		signal("assign")
	}
	nsName, vn := splitName(name, ctx.name)
	if i := strings.LastIndexByte(vn, '.'); i > 0 && nsName != "" && nsName == ctx.name {
		// arg.args in \d .utl is .utl.arg.args: namespaces nest (namespaces.md)
		nsName, vn = nsName+"."+vn[:i], vn[i+1:]
	}
	ip.checkWrite(nsName, vn)
	n := ctx
	if nsName != ctx.name {
		n = ip.ns(nsName, true)
	}
	n.vars[vn] = v
}

// checkWrite signals 'noupdate when a global may not change: inside reval, and for
// clients under -b.
func (ip *Interp) checkWrite(nsName, name string) {
	if ip.readOnly > 0 || ip.BlockWrites && ip.ZW != 0 {
		if nsName == "" {
			nsName = "."
		}
		signal("noupdate: `" + nsName + " `" + name)
	}
}

// deleteGlobal removes a variable (used by \x); reports whether it existed.
func (ip *Interp) deleteGlobal(name string) bool {
	nsName, vn := splitName(name, ip.cur.name)
	n := ip.ns(nsName, false)
	if n == nil {
		return false
	}
	ip.checkWrite(nsName, vn)
	_, ok := n.vars[vn]
	delete(n.vars, vn)
	return ok
}

// isReserved reports whether name may not be assigned: keywords and control words.
func isReserved(name string) bool {
	switch name {
	case "if", "do", "while", "select", "exec", "update", "delete", "from", "by", "where":
		return true
	}
	if p := primByName(name); p != nil && !isGlyph(name) {
		_, _, ok := replaceable(name)
		return !ok
	}
	return false
}

// replaceable reports whether name is a default that kdb+ defines in q and lets code
// replace, a .z handler or a .h function (.z.ph, .h.val), and splits it.
func replaceable(name string) (nsName, vn string, ok bool) {
	nsName, vn = splitName(name, "")
	return nsName, vn, nsName == ".z" || nsName == ".h"
}

// The start time and handle-independent parts of .z.
var processStart = time.Now()

// dotz computes the read-only .z values (.z.p, .z.w, .z.K ...); nil when unknown.
func (ip *Interp) dotz(n string) value.Value {
	if v, ok := ip.zNet(n); ok { // .z.W .z.H, and .z.a .z.u of the peer being served
		return v
	}
	now := time.Now()
	switch n {
	case "w":
		return value.Int(ip.ZW)
	case "K":
		return value.Float(4.1)
	case "k":
		return value.Date(value.YMDToDays(2024, 10, 16))
	case "o":
		return value.Sym(zOS())
	case "i":
		return value.Int(int32(os.Getpid()))
	case "h":
		h, _ := os.Hostname()
		return value.Sym(h)
	case "c":
		return value.Int(int32(runtime.NumCPU()))
	case "u":
		if u := os.Getenv("USER"); u != "" {
			return value.Sym(u)
		}
		return value.Sym("")
	case "x":
		r := make([]value.Value, len(ip.Args))
		for i, a := range ip.Args {
			r[i] = value.Str(a)
		}
		return &value.List{Items: r}
	case "X":
		r := make([]value.Value, len(ip.RawArgs))
		for i, a := range ip.RawArgs {
			r[i] = value.Str(a)
		}
		return &value.List{Items: r}
	case "q":
		return value.Bool(ip.Quiet)
	case "r":
		return value.Bool(ip.readOnly > 0) // updates blocked: inside reval
	case "f":
		return value.Sym(ip.ScriptFile)
	case "a":
		return value.Int(0)
	case "e":
		return ip.zE()
	case "p":
		return value.Timestamp(tsOf(now.UTC()))
	case "P":
		return value.Timestamp(tsOf(localTime(now)))
	case "n":
		return value.Timespan(todNs(now.UTC()))
	case "N":
		return value.Timespan(todNs(localTime(now)))
	case "t":
		return value.Time(int32(todNs(now.UTC()) / 1e6))
	case "T":
		return value.Time(int32(todNs(localTime(now)) / 1e6))
	case "d":
		return value.Date(int32(tsOf(now.UTC()) / value.NsPerDay))
	case "D":
		return value.Date(int32(tsOf(localTime(now)) / value.NsPerDay))
	case "z":
		return value.Datetime(float64(tsOf(now.UTC())) / float64(value.NsPerDay))
	case "Z":
		return value.Datetime(float64(tsOf(localTime(now))) / float64(value.NsPerDay))
	case "H":
		w := ip.dotz("W").(*value.Dict)
		return w.K
	case "W":
		if ip.Net == nil {
			return &value.Dict{K: value.Ints(nil), V: value.Longs(nil)}
		}
		q := ip.Net.Queued()
		hs := make([]int32, 0, len(q))
		for h := range q {
			hs = append(hs, h)
		}
		sort.Slice(hs, func(i, j int) bool { return hs[i] < hs[j] })
		bs := make([]int64, len(hs))
		for i, h := range hs {
			bs[i] = q[h]
		}
		return &value.Dict{K: value.Ints(hs), V: value.Longs(bs)}
	}
	return nil
}

func zOS() string {
	switch runtime.GOOS {
	case "darwin":
		return "m64"
	case "windows":
		return "w64"
	}
	return "l64"
}

// tsOf converts a time to kdb+ timestamp nanoseconds, ignoring its zone.
func tsOf(t time.Time) int64 {
	y, m, d := t.Date()
	days := value.YMDToDays(int64(y), int64(m), int64(d))
	return days*value.NsPerDay + todNs(t)
}

// todNs is the time of day of t in nanoseconds.
func todNs(t time.Time) int64 {
	h, mi, s := t.Clock()
	return int64(h*3600+mi*60+s)*value.NsPerSec + int64(t.Nanosecond())
}

func localTime(t time.Time) time.Time { return t.Local() }
