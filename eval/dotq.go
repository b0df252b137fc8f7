package eval

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"math"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// The commonly used functions of the .Q namespace (docs/ref/dotq.md). kdb+ defines
// them as lambdas; gq gives them as primitives named by their full dotted name,
// following observed kdb+ 4.0 behaviour where the docs leave a case open.

// The alphabets of .Q.b6 (binhex, .Q.x10/.Q.j10) and .Q.nA (base 36, .Q.x12/.Q.j12).
const (
	b6Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	nAAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

// dotqRes is .Q.res, kdb+ 4.x's control words and C-coded keywords; .Q.id appends "1" to
// column names among these and the .q names.
var dotqRes = []string{"abs", "acos", "asin", "atan", "avg", "bin", "binr", "cor", "cos", "cov",
	"delete", "dev", "div", "do", "enlist", "exec", "exit", "exp", "getenv", "hopen", "if", "in",
	"insert", "last", "like", "log", "max", "min", "prd", "select", "setenv", "sin", "sqrt", "ss",
	"sum", "tan", "update", "var", "wavg", "while", "within", "wsum", "xexp"}

// dotqQNames is key`.q in kdb+ 4.x: the functions that extend k to q (dotq.md .Q.res).
// gq keeps keywords outside .q, so .Q.id checks this fixed list rather than the namespace.
var dotqQNames = strings.Fields(`neg not null string reciprocal floor ceiling signum mod xbar xlog
and or each scan over prior mmu lsq inv md5 ltime gtime count first svar sdev scov med all any
rand sums prds mins maxs fills deltas ratios avgs differ prev next rank reverse iasc idesc asc
desc msum mcount mavg mdev xrank mmin mmax xprev rotate ema distinct group where flip type key
til value get attr cut set upsert raze union inter except cross sv vs sublist read0 read1 hclose
hdel hsym hcount peach system ltrim rtrim trim lower upper ssr view tables views cols xcols keys
xkey xcol xasc xdesc fkeys meta lj ljf aj aj0 ajf ajf0 ij ijf pj asof uj ujf ww wj wj1 fby xgroup
ungroup ej save load rsave rload dsave show csv parse eval reval`)

var dotqReserved = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range dotqRes {
		m[s] = true
	}
	for _, s := range dotqQNames {
		m[s] = true
	}
	return m
}()

// installDotQ sets the .Q constants that are data rather than functions: .Q.res, .Q.k
// and .Q.K (the interpreter version and date, dotq.md; here .z.K and .z.k), .Q.b6.
// Primitives cannot hold data, so New must call this once the .Q namespace exists.
func (ip *Interp) installDotQ() {
	dq := ip.ns(".Q", true)
	dq.vars["res"] = value.Syms(append([]string(nil), dotqRes...))
	dq.vars["k"] = ip.dotz("K")
	dq.vars["K"] = ip.dotz("k")
	dq.vars["b6"] = value.Str(b6Alphabet)
}

// qcall applies the primitive or keyword name to args, so a .Q function reuses the
// kernels (and the errors) of the q it is defined with.
func qcall(ip *Interp, name string, args ...value.Value) value.Value {
	return ip.apply(primByName(name), args)
}

// dotqInt reads an integer atom (short, int, long), as take wants its count.
func dotqInt(x value.Value) int64 {
	n, ok := doTimes(x)
	if !ok {
		errType()
	}
	return n
}

// dotqF implements .Q.f[x;y]: y formatted to x decimal places (dotq.md):
// .Q.f[2;9.996] is "10.00", .Q.f[2;-0.0001] is "-0.00". What the page leaves open is
// observed kdb+ 4.0 behaviour: a null is ""; a negative y is "-" and the format of -y;
// a y under 1 is formatted as 10+y with the leading 1 dropped; y rounded to x places
// gives the digits, the last x of them after the point (x 0 leaves a trailing dot);
// when y times 10 to the x is 9e15 or more, or not a number, the result is string y.
func dotqF(ip *Interp, x, y value.Value) value.Value {
	return value.Str(dotqFormat(ip, x, y))
}

// dotqFormat follows .Q.f case by case on the typed atom y: -y and 10+y keep q's
// arithmetic types (10+y is real for a real), and the fallback is string y.
func dotqFormat(ip *Interp, x, y value.Value) string {
	if value.IsAtom(y) && value.IsNull(y) {
		return ""
	}
	var f float64
	switch a := y.(type) {
	case value.Bool:
		if a {
			f = 1
		}
	case value.Short:
		f = float64(a)
	case value.Int:
		f = float64(a)
	case value.Long:
		f = float64(a)
	case value.Real:
		f = float64(a)
	case value.Float:
		f = float64(a)
	default:
		errType() // a list, or an atom that is not a number, is 'type (kdb+ 4.0)
	}
	if f < 0 {
		var ny value.Value
		switch a := y.(type) {
		case value.Short:
			ny = -a
		case value.Int:
			ny = -a
		case value.Long:
			ny = -a
		case value.Real:
			ny = -a
		case value.Float:
			ny = -a
		}
		return "-" + dotqFormat(ip, x, ny)
	}
	if f < 1 {
		var ty value.Value
		switch a := y.(type) {
		case value.Real:
			ty = 10 + a
		case value.Float:
			ty = 10 + a
		default:
			ty = value.Long(10 + int64(f))
		}
		return qDropStr(1, dotqFormat(ip, x, ty))
	}
	n := dotqInt(x)
	if isNullInt(x) {
		errType() // a null count has no decimal places (and -n would overflow)
	}
	p := 1.0
	for i := int64(0); i < n || i < -n; i++ { // 10 to the power |x|
		p *= 10
		if math.IsInf(p, 1) {
			break
		}
	}
	v := math.Round(f * p)
	if !(v < 9e15) {
		s, _ := stringOf(ip, y).(*value.Vec[byte]) // too big for a long: string y
		if s == nil {
			return ""
		}
		return string(s.S)
	}
	j := strconv.FormatInt(int64(v), 10)
	return qDropStr(-n, j) + "." + qTakeStr(-n, j)
}

// qTakeStr is n#s on a non-empty string: the first n (last -n) items, repeating s
// when n exceeds its count.
func qTakeStr(n int64, s string) string {
	m := n
	if m < 0 {
		m = -m
	}
	if m <= int64(len(s)) {
		if n >= 0 {
			return s[:m]
		}
		return s[int64(len(s))-m:]
	}
	b := make([]byte, m)
	k := int64(len(s))
	for i := range b {
		if n >= 0 {
			b[i] = s[int64(i)%k]
		} else {
			b[i] = s[((int64(i)-m)%k+k)%k]
		}
	}
	return string(b)
}

// qDropStr is n_s: without the first n (last -n) items.
func qDropStr(n int64, s string) string {
	m := n
	if m < 0 {
		m = -m
	}
	if m >= int64(len(s)) {
		return ""
	}
	if n >= 0 {
		return s[m:]
	}
	return s[:int64(len(s))-m]
}

// dotqFmt implements .Q.fmt[x;y;z]: z to y decimal places in a field of width x, all
// stars when it does not fit: .Q.fmt[6;2;1] is "  1.00".
func dotqFmt(ip *Interp, a []value.Value) value.Value {
	s := dotqF(ip, a[1], a[2])
	w := dotqInt(a[0])
	str, ok := s.(*value.Vec[byte])
	if !ok || str.Typ != value.TChar {
		errType()
	}
	if w < int64(len(str.S)) {
		return qcall(ip, "#", a[0], value.Char('*'))
	}
	return qcall(ip, "$", value.Long(-w), str) // take and pad guard huge widths as q does
}

// dotqSanitize keeps the characters of .Q.an; a name left empty becomes "a" and one
// starting with a digit or _ gets an "a" in front (since 4.0 2022.10.26).
func dotqSanitize(s string) string {
	b := make([]byte, 0, len(s)+1)
	b = append(b, 'a')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' {
			b = append(b, c)
		}
	}
	if len(b) == 1 {
		return "a"
	}
	if c := b[1]; c >= '0' && c <= '9' || c == '_' {
		return string(b)
	}
	return string(b[1:])
}

// dotqColNames sanitizes column names: reserved words get "1" appended, then a name
// already taken gets the first free suffix 1, 2, ...
func dotqColNames(names []string) []string {
	r := make([]string, len(names))
	used := make(map[string]bool, len(names))
	for i, s := range names {
		s = dotqSanitize(s)
		if dotqReserved[s] {
			s += "1"
		}
		if used[s] {
			for k := 1; ; k++ {
				if t := s + strconv.Itoa(k); !used[t] {
					s = t
					break
				}
			}
		}
		used[s] = true
		r[i] = s
	}
	return r
}

// dotqID implements .Q.id: a symbol sanitized to a valid name (.Q.id`$"a/b" is `ab);
// a table's (or, since 4.1, a dictionary's) column names made usable in qSQL.
func dotqID(x value.Value) value.Value {
	switch v := x.(type) {
	case value.Sym:
		return value.Sym(dotqSanitize(string(v)))
	case *value.Vec[string]:
		r := make([]string, len(v.S))
		for i, s := range v.S {
			r[i] = dotqSanitize(s)
		}
		return value.Syms(r)
	case *value.Table:
		return &value.Table{Cols: value.Syms(dotqColNames(v.Cols.S)), Data: v.Data}
	case *value.Dict:
		if kt, ok := v.K.(*value.Table); ok {
			vt, ok := v.V.(*value.Table)
			if !ok {
				errType()
			}
			// key and value columns share one namespace in the keyed table's queries
			all := append(append([]string(nil), kt.Cols.S...), vt.Cols.S...)
			names := dotqColNames(all)
			nk := len(kt.Cols.S)
			return &value.Dict{
				K: &value.Table{Cols: value.Syms(names[:nk]), Data: kt.Data},
				V: &value.Table{Cols: value.Syms(names[nk:]), Data: vt.Data}}
		}
		if k, ok := v.K.(*value.Vec[string]); ok {
			return &value.Dict{K: value.Syms(dotqColNames(k.S)), V: v.V}
		}
	}
	errType()
	return nil
}

// peakHeap is the largest heap .Q.w has seen: Go keeps no high-water mark.
var peakHeap atomic.Int64

// dotqW implements .Q.w[]: `used`heap`peak`wmax`mmap`mphy`syms`symw!, all longs, from
// Go's memory statistics; wmax is the -w limit (0: none). gq maps no files (mmap
// is 0); symbols are Go strings with no interned table to count (syms and symw are 0).
func dotqW() value.Value {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	heap := int64(m.HeapSys)
	for {
		p := peakHeap.Load()
		if heap <= p || peakHeap.CompareAndSwap(p, heap) {
			break
		}
	}
	vals := []int64{int64(m.HeapAlloc), heap, peakHeap.Load(), Workspace(), 0, physMem(int64(m.Sys)), 0, 0}
	return &value.Dict{K: value.Syms([]string{"used", "heap", "peak", "wmax", "mmap", "mphy", "syms", "symw"}),
		V: value.Longs(vals)}
}

// physMem is the machine's physical memory (MemTotal in /proc/meminfo); def where the
// system does not say.
func physMem(def int64) int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return def
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) >= 2 && fs[0] == "MemTotal:" {
			if n, err := strconv.ParseInt(fs[1], 10, 64); err == nil {
				return n * 1024
			}
		}
	}
	return def
}

// dotqGC implements .Q.gc[] (and .Q.gc[0]): collect garbage, return to the OS what can
// be, and give the bytes returned as a long; the heap kept by \g 0 starts again from
// what is live (gcRelease).
func dotqGC(ip *Interp, x value.Value) value.Value {
	if !isGenericNull(x) {
		dotqInt(x)
	}
	return value.Long(gcRelease())
}

// dotqDD implements .Q.dd[x;y]: x and the symbol of y's string joined by sv, as
// dotq.md defines it: .Q.dd[`:dir]`file is `:dir/file, .Q.dd[`AAPL]"O" is `AAPL.O.
func dotqDD(ip *Interp, x, y value.Value) value.Value {
	s := qcall(ip, "$", value.Sym(""), stringOf(ip, y))
	return qcall(ip, "sv", value.Sym(""), qcall(ip, ",", x, s))
}

// dotqTS implements .Q.ts[x;y]: (time in ms and bytes allocated, as \ts gives; .[x;y]).
// .Q.ts[+;2 3] is (0 80;5) in kdb+.
func dotqTS(ip *Interp, x, y value.Value) value.Value {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	r := ip.apply(primByName("."), []value.Value{x, y})
	ms := time.Since(start).Milliseconds()
	runtime.ReadMemStats(&after)
	return &value.List{Items: []value.Value{
		value.Longs([]int64{ms, int64(after.TotalAlloc - before.TotalAlloc)}), r}}
}

// optStrings reads the argument of .Q.opt: a list of strings (.z.x), or "" for none.
func optStrings(x value.Value) []string {
	if _, isList := x.(*value.List); isList || value.Len(x) == 0 {
		if r, ok := stringsOf(x); ok {
			return r
		}
	}
	errType()
	return nil
}

// isOptName: an option name is a dash then anything but a digit, so -5 is a value
// (kdb+ 4.0).
func isOptName(s string) bool {
	return len(s) >= 2 && s[0] == '-' && !(s[1] >= '0' && s[1] <= '9')
}

// dotqOpt implements .Q.opt .z.x (dotq.md): each option maps to the list of strings
// after it (`p!,,"5000" for -p 5000); .Q.x gets the arguments before the first option
// (dotq.md .Q.x).
func dotqOpt(ip *Interp, x value.Value) value.Value {
	args := optStrings(x)
	var at []int
	for i, s := range args {
		if isOptName(s) {
			at = append(at, i)
		}
	}
	first := len(args)
	if len(at) > 0 {
		first = at[0]
	}
	pre := make([]value.Value, first)
	for i := range pre {
		pre[i] = value.Str(args[i])
	}
	ip.ns(".Q", true).vars["x"] = &value.List{Items: pre}
	if len(at) == 0 {
		return &value.Dict{K: &value.List{Items: []value.Value{}}, V: &value.List{Items: []value.Value{}}}
	}
	keys := make([]string, len(at))
	vals := make([]value.Value, len(at))
	for k, i := range at {
		end := len(args)
		if k+1 < len(at) {
			end = at[k+1]
		}
		keys[k] = args[i][1:]
		items := make([]value.Value, end-i-1)
		for j := range items {
			items[j] = value.Str(args[i+1+j])
		}
		vals[k] = &value.List{Items: items}
	}
	return &value.Dict{K: value.Syms(keys), V: &value.List{Items: vals}}
}

// dotqDef implements .Q.def[x;y]: the defaults x with the options y (from .Q.opt) that
// x names, each converted (as tok does) to the type of its default; a value that does
// not parse is null: .Q.def[`a`b!(1;2.)].Q.opt("-a";"12") is `a`b!(12;2f).
// Options without a default are left out.
func dotqDef(ip *Interp, x, y value.Value) value.Value {
	d, ok := x.(*value.Dict)
	if !ok {
		errType()
	}
	o, ok := y.(*value.Dict)
	if !ok {
		errType()
	}
	dk, ok := d.K.(*value.Vec[string])
	if !ok {
		errType()
	}
	ok2 := map[string]value.Value{}
	if k, ok := o.K.(*value.Vec[string]); ok {
		for i, s := range k.S {
			if _, dup := ok2[s]; !dup {
				ok2[s] = value.At(o.V, i)
			}
		}
	} else if value.Len(o.K) != 0 {
		errType()
	}
	vals := make([]value.Value, len(dk.S))
	for i, k := range dk.S {
		def := value.At(d.V, i)
		if s, ok := ok2[k]; ok {
			vals[i] = defConvert(ip, def, s)
		} else {
			vals[i] = def
		}
	}
	return &value.Dict{K: dk, V: value.NewList(vals)}
}

// defConvert parses the option strings s to the type of the default def: an atom
// default takes the first (null when there is none), a vector default all of them.
func defConvert(ip *Interp, def, s value.Value) value.Value {
	strs := optStrings(s)
	t := def.Type()
	switch {
	case t == -value.TChar:
		if len(strs) == 0 || strs[0] == "" {
			return value.Char(' ')
		}
		return value.Char(strs[0][0])
	case t == value.TChar:
		if len(strs) == 0 {
			return value.Str("")
		}
		return value.Str(strs[0])
	case t < 0 && t >= -value.TTime:
		if len(strs) == 0 {
			return value.Null(-t)
		}
		return dotqTok(-t, strs[0])
	case t > 0 && t <= value.TTime:
		items := make([]value.Value, len(strs))
		for i, str := range strs {
			items[i] = dotqTok(t, str)
		}
		if len(items) == 0 {
			return value.Empty(t)
		}
		return value.Collect(t, items)
	}
	return s
}

// dotqTok is "X"$s for basic type t, always an atom of type t.
func dotqTok(t value.Type, s string) value.Value {
	r := tokString(t, s)
	if r == nil || r.Type() != -t { // guard the vector Collect builds from it
		return value.Null(t)
	}
	return r
}

// dotqAddMonths implements .Q.addmonths[x;y] (dotq.md): the first day of x's month
// moved on y months, plus x's day offset within its month, so the result may spill
// into the next month: .Q.addmonths[2006.10.29;4] is 2007.03.01.
func dotqAddMonths(x, y value.Value) value.Value {
	var ds []int32
	xAtom := false
	switch v := x.(type) {
	case value.Date:
		ds, xAtom = []int32{int32(v)}, true
	case *value.Vec[int32]:
		if v.Typ != value.TDate {
			errType()
		}
		ds = v.S
	default:
		errType()
	}
	var ns []int64
	yAtom := false
	switch v := y.(type) {
	case value.Short, value.Int, value.Long:
		n := dotqInt(v)
		if isNullInt(v) {
			n = value.NullLong
		}
		ns, yAtom = []int64{n}, true
	case *value.Vec[int16]:
		ns = make([]int64, len(v.S))
		for i, n := range v.S {
			ns[i] = int64(n)
			if n == value.NullShort {
				ns[i] = value.NullLong
			}
		}
	case *value.Vec[int32]:
		if v.Typ != value.TInt {
			errType()
		}
		ns = make([]int64, len(v.S))
		for i, n := range v.S {
			ns[i] = int64(n)
			if n == value.NullInt {
				ns[i] = value.NullLong
			}
		}
	case *value.Vec[int64]:
		if v.Typ != value.TLong {
			errType()
		}
		ns = v.S
	default:
		errType()
	}
	n := len(ds)
	if xAtom {
		n = len(ns)
	} else if !yAtom && len(ns) != n {
		errLength()
	}
	r := make([]int32, n)
	for i := range r {
		d, k := ds[0], ns[0]
		if !xAtom {
			d = ds[i]
		}
		if !yAtom {
			k = ns[i]
		}
		r[i] = addMonths(d, k)
	}
	if xAtom && yAtom {
		return value.Date(r[0])
	}
	return value.NewVec(value.TDate, r)
}

// addMonths adds k months to day number d keeping its offset from the first of the month.
func addMonths(d int32, k int64) int32 {
	if d == value.NullInt || k == value.NullLong || d == value.InfInt || d == -value.InfInt {
		if d != value.NullInt && k != value.NullLong {
			return d
		}
		return value.NullInt
	}
	y, m, dd := value.DaysToYMD(int64(d))
	mi := y*12 + m - 1 + k
	first := value.YMDToDays(floorDivI(mi, 12), mi-floorDivI(mi, 12)*12+1, 1)
	return int32(first + dd - 1)
}

func floorDivI(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// bytesArg reads a string or byte vector (a char atom counts as a one-char string).
func bytesArg(x value.Value) []byte {
	switch v := x.(type) {
	case *value.Vec[byte]:
		if v.Typ == value.TChar || v.Typ == value.TByte {
			return v.S
		}
	case value.Char:
		return []byte{byte(v)}
	case *value.List:
		if len(v.Items) == 0 {
			return nil
		}
	}
	errType()
	return nil
}

// dotqBtoa implements .Q.btoa: base64 encoding, .Q.btoa"Hello World!" is "SGVsbG8gV29ybGQh".
func dotqBtoa(x value.Value) value.Value {
	return value.Str(base64.StdEncoding.EncodeToString(bytesArg(x)))
}

// dotqAtob implements .Q.atob: base64 decoding to a byte vector; text that is not
// padded base64 is 'domain.
func dotqAtob(x value.Value) value.Value {
	b, err := base64.StdEncoding.DecodeString(string(bytesArg(x)))
	if err != nil {
		errDomain()
	}
	return value.Bytes(b)
}

// dotqSha1 implements .Q.sha1: the SHA-1 digest of a string as 20 bytes.
func dotqSha1(x value.Value) value.Value {
	h := sha1.Sum(bytesArg(x))
	return value.Bytes(h[:])
}

// dotqEncode implements .Q.x10 and .Q.x12: the last n digits in base b of an integer,
// written in alphabet abc (.Q.x10 12345 is "AAAAAAADA5"). A negative number is taken
// as its unsigned bits. Lists go item by item.
func dotqEncode(x value.Value, abc string, b uint64, n int) value.Value {
	if t := x.Type(); t >= 0 && t <= value.TTime {
		items := value.Items(x)
		r := make([]value.Value, len(items))
		for i, it := range items {
			r[i] = dotqEncode(it, abc, b, n)
		}
		return &value.List{Items: r}
	}
	u := uint64(dotqInt(x))
	s := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		s[i] = abc[u%b]
		u /= b
	}
	return value.Str(string(s))
}

// dotqDecode implements .Q.j10 and .Q.j12 (dotq.md): each character's position in the
// alphabet is a base-b digit; a character outside the alphabet counts as the digit b,
// and long arithmetic wraps (kdb+ 4.0).
func dotqDecode(x value.Value, abc string, b int64) value.Value {
	var s []byte
	switch v := x.(type) {
	case *value.Vec[byte]:
		if v.Typ != value.TChar {
			errType()
		}
		s = v.S
	case value.Char:
		s = []byte{byte(v)}
	case *value.List:
		r := make([]int64, len(v.Items))
		for i, it := range v.Items {
			l, ok := dotqDecode(it, abc, b).(value.Long)
			if !ok {
				errType()
			}
			r[i] = int64(l)
		}
		return value.Longs(r)
	default:
		errType()
	}
	var r int64
	for _, c := range s {
		d := int64(strings.IndexByte(abc, c))
		if d < 0 {
			d = b
		}
		r = r*b + d
	}
	return value.Long(r)
}

// dotqTy implements .Q.ty, the type letter meta shows: lower case for a vector (or
// atom), upper case for a list of vectors of one type, blank otherwise:
// .Q.ty each (3 4;"ab";(3;"xy");(1 2;3 4)) is "jc J".
func dotqTy(x value.Value) value.Value {
	t := x.Type()
	switch {
	case t == value.TEnum || t == -value.TEnum:
		return value.Char('s')
	case t < 0 && t >= -value.TTime:
		return value.Char(value.TypeChars[-t])
	case t > 0 && t <= value.TTime:
		return value.Char(value.TypeChars[t])
	case t == value.TList:
		l := x.(*value.List)
		if len(l.Items) == 0 {
			return value.Char(' ')
		}
		t0 := l.Items[0].Type()
		if t0 <= 0 || t0 > value.TEnum {
			return value.Char(' ')
		}
		for _, it := range l.Items[1:] {
			if it.Type() != t0 {
				return value.Char(' ')
			}
		}
		if t0 == value.TEnum {
			return value.Char('S')
		}
		return value.Char(value.TypeChars[t0] - ('a' - 'A'))
	}
	return value.Char(' ')
}

// isTableValue is .Q.qt: a table or a keyed table.
func isTableValue(x value.Value) bool {
	_, ok := x.(*value.Table)
	return ok || value.IsKeyed(x)
}

// dotqV implements .Q.v: a file handle's table (as get reads it), the global a symbol
// names, anything else itself.
func dotqV(ip *Interp, x value.Value) value.Value {
	if s, ok := x.(value.Sym); ok {
		return ip.valueOf(s)
	}
	return x
}

// dotqFu implements .Q.fu[f;y]: f applied to the distinct items of y only, its results
// spread back: .Q.fu[{x*x}] 2 2 3 is 4 4 9. An atom y is f y.
func dotqFu(ip *Interp, f, y value.Value) value.Value {
	if y.Type() < 0 {
		return ip.apply1(f, y)
	}
	u := qcall(ip, "distinct", y)
	return ip.index(ip.apply1(f, u), qcall(ip, "?", u, y))
}

// dotqFF implements .Q.ff[x;y]: table x with y's other columns added, all null (typed
// as y's columns); x's columns are kept as they are.
func dotqFF(ip *Interp, x, y value.Value) value.Value {
	xt, ok := x.(*value.Table)
	if !ok {
		errType()
	}
	yt, ok := y.(*value.Table)
	if !ok {
		errType()
	}
	have := make(map[string]bool, len(xt.Cols.S))
	for _, c := range xt.Cols.S {
		have[c] = true
	}
	cols := append([]string(nil), xt.Cols.S...)
	data := append([]value.Value(nil), xt.Data...)
	var nulls value.Value
	for i, c := range yt.Cols.S {
		if have[c] {
			continue
		}
		if nulls == nil {
			idx := make([]int64, value.Len(xt))
			for j := range idx {
				idx[j] = value.NullLong
			}
			nulls = value.Longs(idx)
		}
		cols = append(cols, c)
		data = append(data, ip.index(yt.Data[i], nulls)) // each row is y's null row
	}
	if len(cols) == len(xt.Cols.S) {
		return x
	}
	return value.NewTable(cols, data)
}

// trapBacktrace runs f as @[f;x;g] does, but calls g with the error text and a
// backtrace (.Q.trp, .Q.trpd): gq's is the text .Q.sbt would make of kdb+'s, the
// failed frames, a (.Q.trp) frame, then the frames of the caller (debug.md#trap).
func (ip *Interp) trapBacktrace(name string, f func() value.Value, g value.Value) value.Value {
	bt := ""
	return ip.catchWith(f, func(m mark) { bt = ip.trapText(m, name) }, func(msg string) value.Value {
		if value.IsFunc(g) {
			return ip.apply2(g, value.Str(msg), value.Str(bt))
		}
		return g
	})
}

// trapText is the backtrace of an error caught by .Q.trp called at m.
func (ip *Interp) trapText(m mark, name string) string {
	base := ip.dbgBase()
	all := ip.frameList(mark{base: base}, false)
	m.base = base + len(all) - len(ip.frameList(m, false)) + 1
	above := ip.frameList(m, false)
	below := all[:len(all)-len(above)]
	var b strings.Builder
	for i := len(above) - 1; i >= 0; i-- {
		b.WriteString(above[i].text("  "))
	}
	fmt.Fprintf(&b, "  [%d]  (%s)\n\n", m.base-1, name)
	for i := len(below) - 1; i >= 0; i-- {
		b.WriteString(below[i].text("  "))
	}
	return b.String()
}

// dotqSbt implements .Q.sbt: the text of a backtrace from .Q.trp (in gq, a string).
func dotqSbt(x value.Value) value.Value {
	switch v := x.(type) {
	case *value.Vec[byte]:
		if v.Typ == value.TChar {
			return v
		}
	case *value.List:
		if len(v.Items) == 0 {
			return value.Str("")
		}
	}
	errType()
	return nil
}

// dotqHost implements .Q.host: the host name of an IPv4 address given as an int, ` when
// it has none.
func dotqHost(x value.Value) value.Value {
	switch v := x.(type) {
	case value.Int:
		if int32(v) == value.NullInt {
			return value.Sym("")
		}
		u := uint32(v)
		ip := net.IPv4(byte(u>>24), byte(u>>16), byte(u>>8), byte(u)).String()
		names, err := net.LookupAddr(ip)
		if err != nil || len(names) == 0 {
			return value.Sym("")
		}
		return value.Sym(strings.TrimSuffix(names[0], "."))
	case *value.Vec[int32]:
		if v.Typ == value.TInt {
			r := make([]string, len(v.S))
			for i, n := range v.S {
				r[i] = string(dotqHost(value.Int(n)).(value.Sym))
			}
			return value.Syms(r)
		}
	}
	errType()
	return nil
}

// dotqAddr implements .Q.addr: the IPv4 address of a host name (or dotted address) as
// an int, .Q.addr`localhost is 2130706433i; 0Ni when it does not resolve.
func dotqAddr(x value.Value) value.Value {
	switch v := x.(type) {
	case value.Sym:
		return value.Int(hostAddr(string(v)))
	case *value.Vec[string]:
		r := make([]int32, len(v.S))
		for i, s := range v.S {
			r[i] = hostAddr(s)
		}
		return value.Ints(r)
	}
	errType()
	return nil
}

func hostAddr(h string) int32 {
	h = strings.TrimPrefix(h, ":")
	ip := net.ParseIP(h)
	if ip == nil {
		ips, err := net.LookupIP(h)
		if err != nil {
			return value.NullInt
		}
		for _, a := range ips {
			if a.To4() != nil {
				ip = a
				break
			}
		}
	}
	if ip == nil || ip.To4() == nil {
		return value.NullInt
	}
	b := ip.To4()
	return int32(uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]))
}

func dotqIDKw(x value.Value) value.Value { return dotqID(x) }
func dotqWKw(value.Value) value.Value    { return dotqW() }
func dotqX10(x value.Value) value.Value  { return dotqEncode(x, b6Alphabet, 64, 10) }
func dotqX12(x value.Value) value.Value  { return dotqEncode(x, nAAlphabet, 36, 12) }
func dotqJ10(x value.Value) value.Value  { return dotqDecode(x, b6Alphabet, 64) }
func dotqJ12(x value.Value) value.Value  { return dotqDecode(x, nAAlphabet, 36) }
func dotqQt(x value.Value) value.Value   { return value.Bool(isTableValue(x)) }

// dotqFc is .Q.fc[f;y]: f on y cut into one piece per secondary, the pieces run by
// peach and joined (ref/dotq.md#fc: "f vec using multiple threads if possible"); f on
// the whole of y with no secondaries or fewer than two items.
func dotqFc(ip *Interp, f, y value.Value) value.Value {
	n := value.Len(y)
	if ip.secN == 0 || ip.main != nil || !isList(y) || n < 2 {
		return ip.apply1(f, y)
	}
	w := min(ip.secN, n)
	at := make([]int64, w)
	for k := range at {
		at[k] = int64(k * n / w)
	}
	return raze(peachKw(ip, f, ip.apply2(primByName("_"), value.Longs(at), y)))
}

// dotqTrp is .Q.trp[f;x;g]: f[x], or g[error;backtrace] on an error.
func dotqTrp(ip *Interp, a []value.Value) value.Value {
	return ip.trapBacktrace(".Q.trp", func() value.Value { return ip.apply1(a[0], a[1]) }, a[2])
}

// dotqTrpd is .Q.trpd[f;args;g]: .[f;args], or g[error;backtrace] on an error.
func dotqTrpd(ip *Interp, a []value.Value) value.Value {
	return ip.trapBacktrace(".Q.trpd", func() value.Value { return ip.apply(primByName("."), []value.Value{a[0], a[1]}) }, a[2])
}
