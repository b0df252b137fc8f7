package eval

import (
	"crypto/md5"
	"math"
	"strconv"
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// str makes a string value.
func qstr(s string) value.Value { return value.Str(s) }

// textOf returns the text of a string or char atom.
func textOf(v value.Value) (string, bool) {
	switch x := v.(type) {
	case *value.Vec[byte]:
		if x.Typ == value.TChar {
			return string(x.S), true
		}
	case value.Char:
		return string([]byte{byte(x)}), true
	}
	return "", false
}

// stringOf implements string x (and unary $): string 42 is "42", string `a`b is
// ("a";"b"), string "ab" is (,"a";,"b"); functions give their source text.
func stringOf(ip *Interp, x value.Value) value.Value {
	switch v := x.(type) {
	case value.Sym:
		return qstr(string(v))
	case value.Char:
		return value.Chars([]byte{byte(v)})
	case *value.Vec[string]:
		r := make([]value.Value, len(v.S))
		for i, s := range v.S {
			r[i] = qstr(s)
		}
		return &value.List{Items: r}
	case *value.Vec[byte]:
		r := make([]value.Value, len(v.S))
		if v.Typ == value.TChar {
			for i, c := range v.S {
				r[i] = value.Chars([]byte{c})
			}
			return &value.List{Items: r}
		}
		for i := range v.S {
			r[i] = qstr(ip.Disp.AtomText(value.At(v, i)))
		}
		return &value.List{Items: r}
	case *value.List:
		r := make([]value.Value, len(v.Items))
		for i, it := range v.Items {
			r[i] = stringOf(ip, it)
		}
		return &value.List{Items: r}
	case *value.Dict:
		return &value.Dict{K: v.K, V: stringOf(ip, v.V)}
	case *value.Table:
		r := make([]value.Value, len(v.Data))
		for i, c := range v.Data {
			r[i] = stringOf(ip, c)
		}
		return &value.Table{Cols: v.Cols, Data: r}
	case *value.EnumVec, value.EnumAtom:
		e, _ := enumView(ip, v)
		return stringOf(ip, e)
	case *value.Lambda:
		return qstr(v.Src)
	}
	if value.IsFunc(x) {
		return qstr(ip.Disp.Show(x))
	}
	if value.IsAtom(x) {
		return qstr(ip.Disp.AtomText(x))
	}
	switch v := x.(type) {
	case *value.Vec[int64]:
		if v.Typ == value.TLong {
			return stringInts(ip, v.Typ, v.S)
		}
	case *value.Vec[int32]:
		if v.Typ == value.TInt {
			return stringInts(ip, v.Typ, v.S)
		}
	}
	// Other vectors: one string per item.
	n := value.Len(x)
	r := make([]value.Value, n)
	for i := range r {
		r[i] = qstr(ip.Disp.AtomText(value.At(x, i)))
	}
	return &value.List{Items: r}
}

// stringInts is string of a long or int vector: the digits go into one buffer and
// the strings' headers into one block per 256 items (so a kept string holds at most
// its block alive), instead of three allocations an item. Nulls and infinities take
// the display's text.
func stringInts[T int32 | int64](ip *Interp, t value.Type, s []T) value.Value {
	const block = 256
	r := make([]value.Value, len(s))
	for lo := 0; lo < len(s); lo += block {
		part := s[lo:min(lo+block, len(s))]
		vs := make([]value.Vec[byte], len(part))
		buf := make([]byte, 0, 8*len(part))
		for i, x := range part {
			o := len(buf)
			if isIntSpecial(x) {
				buf = append(buf, ip.Disp.AtomText(value.At(value.NewVec(t, part[i:i+1]), 0))...)
			} else {
				buf = strconv.AppendInt(buf, int64(x), 10)
			}
			vs[i] = value.Vec[byte]{Typ: value.TChar, S: buf[o:len(buf):len(buf)]}
		}
		for i := range vs {
			r[lo+i] = &vs[i]
		}
	}
	return &value.List{Items: r}
}

// isIntSpecial reports a null or infinite int or long.
func isIntSpecial[T int32 | int64](x T) bool {
	var z T
	switch any(z).(type) {
	case int32:
		return x == T(value.NullInt) || x == T(math.MaxInt32) || x == T(-math.MaxInt32)
	}
	return int64(x) == value.NullLong || int64(x) == math.MaxInt64 || int64(x) == -math.MaxInt64
}

// pad implements n$s: s left-aligned in n characters (right-aligned for negative n),
// cut when longer; through lists, dictionaries and tables.
func padStr(n int64, y value.Value) value.Value {
	switch v := y.(type) {
	case *value.Vec[byte]:
		if v.Typ == value.TChar {
			return value.Chars(padStrBytes(n, v.S))
		}
	case value.Char:
		return value.Chars(padStrBytes(n, []byte{byte(v)}))
	case *value.List:
		r := make([]value.Value, len(v.Items))
		for i, it := range v.Items {
			r[i] = padStr(n, it)
		}
		return &value.List{Items: r}
	case *value.Dict:
		return &value.Dict{K: v.K, V: padStr(n, v.V)}
	case *value.Table:
		r := make([]value.Value, len(v.Data))
		for i, c := range v.Data {
			r[i] = padStr(n, c)
		}
		return &value.Table{Cols: v.Cols, Data: r}
	}
	errType()
	return nil
}

func padStrBytes(n int64, s []byte) []byte {
	w := n
	if w < 0 {
		w = -w
	}
	if w > 1<<40 {
		signal("wsfull") // no such string fits in memory (-0W$"a")
	}
	r := make([]byte, w)
	for i := range r {
		r[i] = ' '
	}
	if n >= 0 {
		copy(r, s)
	} else if int64(len(s)) >= w {
		copy(r, s[int64(len(s))-w:])
	} else {
		copy(r[w-int64(len(s)):], s)
	}
	return r
}

// A glob pattern compiles to single-character matchers and stars.
type globTok struct {
	star bool
	any  bool
	set  *[256]bool // nil: literal
	lit  byte
}

// compileGlob reads q's pattern syntax: * any run, ? any char, [abc] [a-z] [^abc]
// a class (a ] first in a class is literal).
func compileGlob(p string) []globTok {
	var r []globTok
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case '*':
			r = append(r, globTok{star: true})
		case '?':
			r = append(r, globTok{any: true})
		case '[':
			j := i + 1
			neg := false
			if j < len(p) && p[j] == '^' {
				neg, j = true, j+1
			}
			start := j
			end := -1
			for k := start; k < len(p); k++ {
				if p[k] == ']' && k > start {
					end = k
					break
				}
			}
			if end < 0 {
				r = append(r, globTok{lit: c})
				continue
			}
			var set [256]bool
			body := p[start:end]
			for k := 0; k < len(body); k++ {
				if k+2 < len(body) && body[k+1] == '-' {
					for ch := int(body[k]); ch <= int(body[k+2]); ch++ {
						set[ch] = true
					}
					k += 2
					continue
				}
				set[body[k]] = true
			}
			if neg {
				for k := range set {
					set[k] = !set[k]
				}
			}
			r = append(r, globTok{set: &set})
			i = end
		default:
			r = append(r, globTok{lit: c})
		}
	}
	return r
}

func (g globTok) match(c byte) bool {
	switch {
	case g.any:
		return true
	case g.set != nil:
		return g.set[c]
	}
	return g.lit == c
}

// globMatch reports whether s matches all of pattern p (greedy stars with
// backtracking to the last star: every other token matches one character).
func globMatch[S string | []byte](p []globTok, s S) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi].star:
			starP, starS = pi, si
			pi++
		case pi < len(p) && p[pi].match(s[si]):
			pi++
			si++
		case starP >= 0:
			pi = starP + 1
			starS++
			si = starS
		default:
			return false
		}
	}
	for pi < len(p) && p[pi].star {
		pi++
	}
	return pi == len(p)
}

// globPlain classifies a pattern whose tokens are literal characters apart from a
// star at either end: 1 the whole text, 2 a prefix (lit*), 3 a suffix (*lit), 4 a
// part (*lit* or *); 0 anything else.
func globPlain(p []globTok) (kind int, lit string) {
	lead := len(p) > 0 && p[0].star
	trail := len(p) > 1 && p[len(p)-1].star || len(p) == 1 && !lead && p[0].star
	body := p
	if lead {
		body = body[1:]
	}
	if trail && len(body) > 0 {
		body = body[:len(body)-1]
	}
	b := make([]byte, len(body))
	for i, t := range body {
		if t.star || t.any || t.set != nil {
			return 0, ""
		}
		b[i] = t.lit
	}
	switch {
	case lead && trail, lead && len(body) == 0:
		return 4, string(b)
	case lead:
		return 3, string(b)
	case trail:
		return 2, string(b)
	}
	return 1, string(b)
}

// likeSyms is like on a symbol vector. Symbols repeat and share their bytes, so each
// item's answer is memoised by the address and length of its text (table_sym.go's
// symCache): a column of a few distinct symbols costs a lookup an item whatever the
// pattern, with no data-dependent branch. Plain patterns (globPlain) skip the matcher.
func likeSyms(p []globTok, s []string) []byte {
	r := make([]byte, len(s))
	kind, lit := globPlain(p)
	test := func(x string) bool {
		switch kind {
		case 1:
			return x == lit
		case 2:
			return strings.HasPrefix(x, lit)
		case 3:
			return strings.HasSuffix(x, lit)
		case 4:
			return strings.Contains(x, lit)
		}
		return globMatch(p, x)
	}
	var c symCache
	for i, x := range s {
		ptr, h := symSlot(x)
		e := &c[h]
		if e.p == ptr && e.n == len(x) && ptr != 0 {
			r[i] = byte(e.id)
			continue
		}
		v := b2u(test(x))
		r[i] = v
		c[h] = symCacheEntry{ptr, len(x), int32(v)}
	}
	return r
}

// likeCheck signals 'nyi for the star patterns kdb+ refuses: more than one star,
// unless there are exactly two, at the very start and end ("*the*" works,
// "*the*the" does not).
func likeCheck(p []globTok) {
	n := 0
	for _, t := range p {
		if t.star {
			n++
		}
	}
	if n > 2 || n == 2 && !(p[0].star && p[len(p)-1].star) {
		errNyi()
	}
}

// likeStrings matches a list made only of strings in one pass (ok false otherwise).
func likeStrings(p []globTok, items []value.Value) ([]byte, bool) {
	r := make([]byte, len(items))
	for i, it := range items {
		v, ok := it.(*value.Vec[byte])
		if !ok || v.Typ != value.TChar {
			return nil, false
		}
		if globMatch(p, v.S) {
			r[i] = 1
		}
	}
	return r, true
}

// like implements x like y: does string or symbol x match pattern y? Lists give
// boolean lists, dictionaries keep their keys.
func like(ip *Interp, x, y value.Value) value.Value {
	ps, ok := textOf(y)
	if !ok {
		if _, isSym := y.(value.Sym); isSym {
			ps = string(y.(value.Sym))
		} else {
			errType()
		}
	}
	p := compileGlob(ps)
	likeCheck(p)
	var walk func(v value.Value) value.Value
	walk = func(v value.Value) value.Value {
		if ev, ok := enumView(ip, v); ok {
			v = ev
		}
		switch a := v.(type) {
		case value.Sym:
			return value.Bool(globMatch(p, string(a)))
		case value.Char:
			return value.Bool(globMatch(p, []byte{byte(a)}))
		case *value.Vec[byte]:
			if a.Typ == value.TChar {
				return value.Bool(globMatch(p, a.S))
			}
		case *value.Vec[string]:
			return value.Bools(likeSyms(p, a.S))
		case *value.List:
			if b, ok := likeStrings(p, a.Items); ok {
				return value.Bools(b)
			}
			r := make([]value.Value, len(a.Items))
			for i, it := range a.Items {
				r[i] = walk(it)
			}
			if len(r) == 0 {
				return value.Empty(value.TBool)
			}
			return value.NewList(r)
		case *value.Dict:
			return &value.Dict{K: a.K, V: walk(a.V)}
		}
		errType()
		return nil
	}
	return walk(x)
}

// ssFind returns the start of every match of p (no stars) in s; overlapping
// matches are kept unless nonOverlap.
func ssFind(p []globTok, s []byte, nonOverlap bool) []int64 {
	r := []int64{}
	// Empty patterns and stars are 'length for ss and ssr, as in kdb+.
	if len(p) == 0 {
		errLength()
	}
	for _, t := range p {
		if t.star {
			errLength()
		}
	}
	for i := 0; i+len(p) <= len(s); {
		ok := true
		for j, t := range p {
			if !t.match(s[i+j]) {
				ok = false
				break
			}
		}
		if ok {
			r = append(r, int64(i))
			if nonOverlap {
				i += len(p)
				continue
			}
		}
		i++
	}
	return r
}

// ss implements x ss y: the positions in string x where pattern y matches.
func ss(x, y value.Value) value.Value {
	xv, ok := x.(*value.Vec[byte])
	if !ok || xv.Typ != value.TChar {
		errType()
	}
	xs := string(xv.S)
	ps, ok := textOf(y)
	if !ok {
		errType()
	}
	return value.Longs(ssFind(compileGlob(ps), []byte(xs), false))
}

// ssr implements ssr[x;y;z]: x with each match of pattern y replaced by the string z,
// or by z applied to the matched text when z is a function.
func ssr(ip *Interp, args []value.Value) value.Value {
	x, y, z := args[0], args[1], args[2]
	if l, isList := x.(*value.List); isList {
		r := make([]value.Value, len(l.Items))
		for i, it := range l.Items {
			r[i] = ssr(ip, []value.Value{it, y, z})
		}
		return value.NewList(r)
	}
	xv, ok := x.(*value.Vec[byte])
	if !ok || xv.Typ != value.TChar {
		errType() // ssr["a";"a";"-"] is 'type: x must be a string
	}
	xs := string(xv.S)
	ps, ok := textOf(y)
	if !ok {
		errType()
	}
	p := compileGlob(ps)
	zs, zStr := textOf(z)
	if !zStr && !value.IsFunc(z) {
		errType()
	}
	src := []byte(xs)
	hits := ssFind(p, src, true)
	var b strings.Builder
	last := 0
	for _, h := range hits {
		b.Write(src[last:h])
		if zStr {
			b.WriteString(zs)
		} else {
			m := ssrApply(ip, z, qstr(string(src[h:int(h)+len(p)])))
			ms, ok := textOf(m)
			if !ok {
				errType()
			}
			b.WriteString(ms)
		}
		last = int(h) + len(p)
	}
	b.Write(src[last:])
	return qstr(b.String())
}

// caseMap applies f to the text of strings, chars and symbols, through lists.
func caseMap(x value.Value, f func(byte) byte) value.Value {
	switch v := x.(type) {
	case value.Char:
		return value.Char(f(byte(v)))
	case value.Sym:
		return value.Sym(caseMapBytes(string(v), f))
	case *value.Vec[byte]:
		if v.Typ != value.TChar {
			errType()
		}
		r := make([]byte, len(v.S))
		for i, c := range v.S {
			r[i] = f(c)
		}
		return &value.Vec[byte]{Typ: value.TChar, S: r}
	case *value.Vec[string]:
		r := make([]string, len(v.S))
		for i, s := range v.S {
			r[i] = caseMapBytes(s, f)
		}
		return value.Syms(r)
	case *value.List:
		r := make([]value.Value, len(v.Items))
		for i, it := range v.Items {
			r[i] = caseMap(it, f)
		}
		return &value.List{Items: r}
	case *value.Dict:
		return &value.Dict{K: v.K, V: caseMap(v.V, f)}
	case *value.Table:
		r := make([]value.Value, len(v.Data))
		for i, c := range v.Data {
			r[i] = caseMap(c, f)
		}
		return &value.Table{Cols: v.Cols, Data: r}
	}
	errType()
	return nil
}

func caseMapBytes(s string, f func(byte) byte) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = f(c)
	}
	return string(b)
}

func upperByte(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c - 'A' + 'a'
	}
	return c
}

// upper implements upper x: upper "ibm" is "IBM", upper `ibm is `IBM.
func upper(x value.Value) value.Value { return caseMap(x, upperByte) }

// lower implements lower x: lower "IBM" is "ibm".
func lower(x value.Value) value.Value { return caseMap(x, lowerByte) }

// trimWith drops leading (left) and/or trailing (right) nulls of x, spaces for a
// string; a general list is trimmed item by item, as kdb+ 4.0 does.
func trimWith(x value.Value, left, right bool) value.Value {
	switch v := x.(type) {
	case *value.Vec[byte]:
		if v.Typ == value.TChar {
			s := v.S
			i, j := 0, len(s)
			if left {
				for i < j && s[i] == ' ' {
					i++
				}
			}
			if right {
				for j > i && s[j-1] == ' ' {
					j--
				}
			}
			return &value.Vec[byte]{Typ: value.TChar, S: s[i:j:j]}
		}
		return x
	case *value.List:
		r := make([]value.Value, len(v.Items))
		for i, it := range v.Items {
			r[i] = trimWith(it, left, right)
		}
		return &value.List{Items: r}
	case *value.Dict:
		return &value.Dict{K: v.K, V: trimWith(v.V, left, right)}
	case *value.Table:
		r := make([]value.Value, len(v.Data))
		for i, c := range v.Data {
			r[i] = trimWith(c, left, right)
		}
		return &value.Table{Cols: v.Cols, Data: r}
	}
	if value.IsAtom(x) {
		return x
	}
	// Other vectors: drop null items at the ends.
	n := value.Len(x)
	i, j := 0, n
	if left {
		for i < j && value.IsNull(value.At(x, i)) {
			i++
		}
	}
	if right {
		for j > i && value.IsNull(value.At(x, j-1)) {
			j--
		}
	}
	if i == 0 && j == n {
		return x
	}
	items := make([]value.Value, j-i)
	for k := range items {
		items[k] = value.At(x, i+k)
	}
	if len(items) == 0 {
		return value.Empty(x.Type())
	}
	return value.Collect(x.Type(), items)
}

// trim implements trim x: trim "  ab " is "ab".
func trim(x value.Value) value.Value { return trimWith(x, true, true) }

// ltrim implements ltrim x: leading blanks removed.
func ltrim(x value.Value) value.Value { return trimWith(x, true, false) }

// rtrim implements rtrim x: trailing blanks removed.
func rtrim(x value.Value) value.Value { return trimWith(x, false, true) }

// stringsOf returns the texts of a list of strings (or chars); ok false otherwise.
func stringsOf(y value.Value) ([]string, bool) {
	switch v := y.(type) {
	case *value.List:
		r := make([]string, len(v.Items))
		for i, it := range v.Items {
			s, ok := textOf(it)
			if !ok {
				return nil, false
			}
			r[i] = s
		}
		return r, true
	case *value.Vec[byte]:
		if v.Typ == value.TChar {
			r := make([]string, len(v.S))
			for i, c := range v.S {
				r[i] = string([]byte{c})
			}
			return r, true
		}
	}
	return nil, false
}

// qsv implements x sv y: join strings with a separator ("," sv ("a";"b")), symbols
// into names and paths (` sv `a`b), decode bits (0b sv), bytes (0x0 sv) and
// numbers in a base (10 sv 1 2 3, 0 24 60 sv ...).
func qsv(x, y value.Value) value.Value {
	if sep, ok := textOf(x); ok {
		parts, ok := stringsOf(y)
		if !ok {
			errType()
		}
		return qstr(strings.Join(parts, sep))
	}
	switch a := x.(type) {
	case value.Sym:
		if a != "" {
			errDomain()
		}
		switch v := y.(type) {
		case *value.Vec[string]:
			if len(v.S) > 0 && strings.HasPrefix(v.S[0], ":") {
				return value.Sym(strings.Join(v.S, "/"))
			}
			return value.Sym(strings.Join(v.S, "."))
		case value.Sym:
			return v
		}
		parts, ok := stringsOf(y)
		if !ok {
			errType()
		}
		var b strings.Builder
		for _, p := range parts {
			b.WriteString(p)
			b.WriteByte('\n')
		}
		return qstr(b.String())
	case value.Bool:
		return svBits(y)
	case value.Byte:
		return svBytes(y)
	}
	return svBase(x, y)
}

// svBits implements 0b sv y: 8, 16, 32 or 64 bits to a byte, short, int or long.
func svBits(y value.Value) value.Value {
	v, ok := y.(*value.Vec[byte])
	if !ok || v.Typ != value.TBool {
		errType()
	}
	var u uint64
	for _, b := range v.S {
		u = u<<1 | uint64(b&1)
	}
	switch len(v.S) {
	case 8:
		return value.Byte(u)
	case 16:
		return value.Short(int16(u))
	case 32:
		return value.Int(int32(u))
	case 64:
		return value.Long(int64(u))
	}
	errLength()
	return nil
}

// svBytes implements 0x0 sv y: 2, 4 or 8 bytes (big-endian) to short, int or long.
func svBytes(y value.Value) value.Value {
	v, ok := y.(*value.Vec[byte])
	if !ok || v.Typ != value.TByte {
		errType()
	}
	var u uint64
	for _, b := range v.S {
		u = u<<8 | uint64(b)
	}
	switch len(v.S) {
	case 1:
		return value.Byte(u)
	case 2:
		return value.Short(int16(u))
	case 4:
		return value.Int(int32(u))
	case 8:
		return value.Long(int64(u))
	}
	errLength()
	return nil
}

// svNumList reads an integer or float atom/vector as float64s and reports whether all
// were integers (nil when x is not numeric).
func svNumList(x value.Value) ([]float64, []int64, bool, bool) {
	vec, atom := asVec(x)
	switch v := vec.(type) {
	case *value.Vec[float64]:
		if v.Typ == value.TFloat {
			return v.S, nil, false, atom
		}
	case *value.Vec[float32]:
		f := make([]float64, len(v.S))
		for i, e := range v.S {
			f[i] = float64(e)
		}
		return f, nil, false, atom
	case *value.Vec[byte], *value.Vec[int16], *value.Vec[int32], *value.Vec[int64]:
		t := vec.Type()
		if t == value.TChar || t > value.TLong {
			break
		}
		ints, _ := toInt64s(vec)
		return nil, ints, true, atom
	}
	errType()
	return nil, nil, false, false
}

// svBase decodes y's digits in base x (an atom, or one radix per digit).
func svBase(x, y value.Value) value.Value {
	if l, ok := y.(*value.List); ok {
		// A matrix: decode column by column.
		cols := make([]value.Value, len(l.Items))
		copy(cols, l.Items)
		n := -1
		for _, c := range cols {
			switch c.(type) {
			case *value.Dict, *value.Table:
				errType()
			}
			if value.IsFunc(c) {
				errType()
			}
			if value.IsAtom(c) {
				continue
			}
			if n >= 0 && value.Len(c) != n {
				errLength()
			}
			n = value.Len(c)
		}
		if n < 0 {
			// all atoms: they must make a simple numeric vector ((1;2.0) stays a list)
			v := value.NewList(cols)
			if _, still := v.(*value.List); still {
				errType()
			}
			return svBase(x, v)
		}
		r := make([]value.Value, n)
		for j := range r {
			digits := make([]value.Value, len(cols))
			for i, c := range cols {
				if value.IsAtom(c) {
					digits[i] = c
				} else {
					digits[i] = value.At(c, j)
				}
			}
			r[j] = svBase(x, value.NewList(digits))
		}
		return value.NewList(r)
	}
	xf, xi, xInt, xAtom := svNumList(x)
	yf, yi, yInt, _ := svNumList(y)
	n := len(yf) + len(yi)
	if !xAtom && len(xf)+len(xi) != n {
		errLength()
	}
	if xInt && yInt {
		var acc int64
		for k := 0; k < n; k++ {
			b := xi[0]
			if !xAtom {
				b = xi[k]
			}
			acc = acc*b + yi[k]
		}
		return value.Long(acc)
	}
	get := func(f []float64, i []int64, k int) float64 {
		if f != nil {
			return f[k]
		}
		return float64(i[k])
	}
	var acc float64
	for k := 0; k < n; k++ {
		bk := 0
		if !xAtom {
			bk = k
		}
		acc = acc*get(xf, xi, bk) + get(yf, yi, k)
	}
	return value.Float(acc)
}

// qvs implements x vs y: split a string on a separator ("," vs "a,b"), a symbol on
// dots or a path at its last slash (` vs), text into lines (` vs "a\nb"), and encode
// bits (0b vs), bytes (0x0 vs) or digits in a base (10 vs 123, 24 60 60 vs 3805).
func qvs(x, y value.Value) value.Value {
	if sep, ok := textOf(x); ok {
		s, ok := textOf(y)
		if !ok {
			errType()
		}
		var parts []string
		if sep == "" {
			parts = []string{s}
		} else {
			parts = strings.Split(s, sep)
		}
		r := make([]value.Value, len(parts))
		for i, p := range parts {
			r[i] = qstr(p)
		}
		return &value.List{Items: r}
	}
	switch a := x.(type) {
	case value.Sym:
		if a != "" {
			errDomain()
		}
		switch v := y.(type) {
		case value.Sym:
			s := string(v)
			if strings.HasPrefix(s, ":") {
				i := strings.LastIndexByte(s, '/')
				if i < 0 {
					return value.Syms([]string{"", s})
				}
				return value.Syms([]string{s[:i], s[i+1:]})
			}
			return value.Syms(strings.Split(s, "."))
		case *value.Vec[byte]:
			if v.Typ != value.TChar && v.Typ != value.TByte {
				errType()
			}
			s := strings.TrimSuffix(string(v.S), "\n")
			s = strings.TrimSuffix(s, "\r")
			lines := strings.Split(s, "\n")
			r := make([]value.Value, len(lines))
			for i, l := range lines {
				r[i] = qstr(strings.TrimSuffix(l, "\r"))
			}
			return &value.List{Items: r}
		}
		errType()
	case value.Bool:
		return vsBits(y)
	case value.Byte:
		return vsBytes(y)
	}
	return vsBase(x, y)
}

// vsBits implements 0b vs y: the bits of an integer atom, most significant first.
func vsBits(y value.Value) value.Value {
	var u uint64
	var n int
	switch v := y.(type) {
	case value.Byte:
		u, n = uint64(v), 8
	case value.Short:
		u, n = uint64(uint16(v)), 16
	case value.Int:
		u, n = uint64(uint32(v)), 32
	case value.Long:
		u, n = uint64(v), 64
	default:
		errType()
	}
	r := make([]byte, n)
	for i := range r {
		r[i] = byte(u >> (n - 1 - i) & 1)
	}
	return value.Bools(r)
}

// vsBytes implements 0x0 vs y: the big-endian bytes of a number atom.
func vsBytes(y value.Value) value.Value {
	var u uint64
	var n int
	switch v := y.(type) {
	case value.Byte:
		u, n = uint64(v), 1
	case value.Short:
		u, n = uint64(uint16(v)), 2
	case value.Int:
		u, n = uint64(uint32(v)), 4
	case value.Long:
		u, n = uint64(v), 8
	case value.Real:
		u, n = uint64(math.Float32bits(float32(v))), 4
	case value.Float:
		u, n = math.Float64bits(float64(v)), 8
	default:
		errType()
	}
	r := make([]byte, n)
	for i := range r {
		r[i] = byte(u >> (8 * (n - 1 - i)))
	}
	return value.Bytes(r)
}

// vsBase encodes y in base x: an atom base gives as many digits as y needs, a
// vector base one digit per radix (a 0 radix takes the rest); a vector y gives one
// column per item.
func vsBase(x, y value.Value) value.Value {
	if l, ok := y.(*value.List); ok {
		return vsBaseList(x, l)
	}
	_, xi, xInt, xAtom := svNumList(x)
	if !xInt {
		errType()
	}
	yv, yAtom := asVec(y)
	yt := yv.Type()
	ys, _ := toInt64s(yv)
	if yt != value.TShort && yt != value.TInt && yt != value.TLong {
		errType()
	}
	var rows [][]int64
	if xAtom {
		b := xi[0]
		if b < 2 {
			errDomain()
		}
		// As many digits as the largest item needs.
		nd := 0
		for _, v := range ys {
			k := 0
			for u := v; u != 0; u /= b {
				k++
			}
			if k > nd {
				nd = k
			}
		}
		rows = make([][]int64, nd)
		for i := range rows {
			rows[i] = make([]int64, len(ys))
		}
		for j, v := range ys {
			for i := nd - 1; i >= 0; i-- {
				rows[i][j] = tFloorMod(v, b)
				v = tFloorDiv(v, b)
			}
		}
	} else {
		rows = make([][]int64, len(xi))
		for i := range rows {
			rows[i] = make([]int64, len(ys))
		}
		for j, v := range ys {
			for i := len(xi) - 1; i >= 0; i-- {
				b := xi[i]
				if b == 0 {
					rows[i][j] = v
					v = 0
					continue
				}
				rows[i][j] = tFloorMod(v, b)
				v = tFloorDiv(v, b)
			}
		}
	}
	mk := func(s []int64) value.Value { return castVec(yt, value.Longs(s)) }
	if yAtom {
		col := make([]int64, len(rows))
		for i, r := range rows {
			col[i] = r[0]
		}
		return mk(col)
	}
	r := make([]value.Value, len(rows))
	for i, row := range rows {
		r[i] = mk(row)
	}
	return &value.List{Items: r}
}

// ssrApply applies a function to one argument.
func ssrApply(ip *Interp, f, x value.Value) value.Value {
	return ip.apply(f, []value.Value{x})
}

// vsBaseList encodes a general list of integers: each row of the result has the
// shape of y (10 vs (1995;1996 1997) is 1 1 1/9 9 9/9 9 9/5 6 7).
func vsBaseList(x value.Value, y *value.List) value.Value {
	var flat []value.Value
	var collect func(v value.Value)
	collect = func(v value.Value) {
		if l, ok := v.(*value.List); ok {
			for _, it := range l.Items {
				collect(it)
			}
			return
		}
		flat = append(flat, value.Items(v)...)
	}
	collect(y)
	fv := value.NewList(flat)
	if _, mixed := fv.(*value.List); mixed {
		errType()
	}
	enc := vsBase(x, fv)
	rows, ok := enc.(*value.List)
	if !ok {
		return enc
	}
	out := make([]value.Value, len(rows.Items))
	for r, row := range rows.Items {
		k := 0
		var rebuild func(v value.Value) value.Value
		rebuild = func(v value.Value) value.Value {
			if l, ok := v.(*value.List); ok {
				items := make([]value.Value, len(l.Items))
				for i, it := range l.Items {
					items[i] = rebuild(it)
				}
				return value.NewList(items)
			}
			if value.IsAtom(v) {
				k++
				return value.At(row, k-1)
			}
			n := value.Len(v)
			items := make([]value.Value, n)
			for i := range items {
				items[i] = value.At(row, k+i)
			}
			k += n
			if n == 0 {
				return value.Empty(row.Type())
			}
			return value.NewList(items)
		}
		out[r] = rebuild(y)
	}
	return &value.List{Items: out}
}

// md5v implements md5 x, the MD5 digest of a string as 16 bytes:
// md5 "" is 0xd41d8cd98f00b204e9800998ecf8427e.
func md5v(x value.Value) value.Value {
	var b []byte
	switch v := x.(type) {
	case *value.Vec[byte]:
		if v.Typ != value.TChar {
			errType()
		}
		b = v.S
	case *value.List:
		if len(v.Items) != 0 {
			errType()
		}
	default:
		errType()
	}
	h := md5.Sum(b)
	return value.Bytes(h[:])
}
