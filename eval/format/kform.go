package format

import (
	"math"
	"slices"

	"github.com/gq-dev/gq/eval/value"
)

// fmtr carries the settings one formatting call needs.
type fmtr struct {
	prec   int
	domain func(name string) value.Value
	lim    int // stop appending once a line is longer than this (absolute length of b)
	depth  int // nesting of the value being formatted
}

// maxDepth bounds the nesting display follows: deeper is q's 'stack (a panic of
// *value.Error, which the interpreter reports), never a Go stack overflow.
const maxDepth = 100000

// enter counts one more level of nesting; leave undoes it.
func (f *fmtr) enter() {
	if f.depth++; f.depth > maxDepth {
		f.depth = 0
		panic(&value.Error{Msg: "stack"})
	}
}

func (f *fmtr) leave() { f.depth-- }

const fmtNoLimit = math.MaxInt

// enumSym returns the symbol an enumeration index stands for, or "" if the domain
// or the index is unknown.
func (f *fmtr) enumSym(domain string, i int64) string {
	if f.domain == nil || i < 0 {
		return ""
	}
	d := f.domain(domain)
	if kt, ok := d.(*value.Dict); ok { // a keyed table domain (foreign key): first key column
		if t, ok := kt.K.(*value.Table); ok && len(t.Data) > 0 {
			d = t.Data[0]
		}
	}
	if s, ok := d.(*value.Vec[string]); ok && i < int64(len(s.S)) {
		return s.S[i]
	}
	if t := d.Type(); t > 0 && t <= value.TTime && i < int64(value.Len(d)) {
		// a foreign key onto a table keyed by longs (`kt$1003): the key's text
		return string(f.appendCell(nil, value.At(d, int(i))))
	}
	return ""
}

// fkKeys is the key column of a domain that is a table keyed by one column of
// non-symbols (a foreign key by key, `kt$1003), else nil.
func (f *fmtr) fkKeys(domain string) value.Value {
	if f.domain == nil {
		return nil
	}
	kt, ok := f.domain(domain).(*value.Dict)
	if !ok {
		return nil
	}
	t, ok := kt.K.(*value.Table)
	if !ok || len(t.Data) != 1 {
		return nil
	}
	if k := t.Data[0]; k.Type() > 0 && k.Type() <= value.TTime && k.Type() != value.TSym {
		return k
	}
	return nil
}

// fmtGather is the items of v at idx (a null past the end), as a vector of v's type.
func fmtGather(v value.Value, idx []int64) value.Value {
	items := make([]value.Value, len(idx))
	n := int64(value.Len(v))
	for i, k := range idx {
		if k >= 0 && k < n {
			items[i] = value.At(v, int(k))
		} else {
			items[i] = value.Null(v.Type())
		}
	}
	return value.Collect(v.Type(), items)
}

func (f *fmtr) full(b []byte) bool { return len(b) > f.lim }

// fmtIsGenericNull reports whether v is the generic null ::.
func fmtIsGenericNull(v value.Value) bool {
	if v == nil {
		return true
	}
	p, ok := v.(*value.Prim)
	return ok && p.Name == "::"
}

// appendK appends the k-form of v (the text -3!x and 0N!x print).
func (f *fmtr) appendK(b []byte, v value.Value) []byte {
	if v == nil {
		return append(b, "::"...)
	}
	if value.IsAtom(v) {
		return f.appendAtomK(b, v)
	}
	if f.full(b) {
		return b // the line is cut here anyway
	}
	f.enter()
	defer f.leave()
	switch x := v.(type) {
	case *value.List:
		return f.appendListK(b, x)
	case *value.Dict:
		return f.appendDictK(b, x)
	case *value.Table:
		b = append(b, '+')
		return f.appendDictK(b, &value.Dict{K: x.Cols, V: value.NewList(x.Data)})
	case *value.EnumVec:
		b = fmtAttr(b, x.Attr)
		b = append(append(append(b, '`'), x.Domain...), '$')
		if keys := f.fkKeys(x.Domain); keys != nil {
			// `m$11 12: a foreign key by non-symbol keys shows the keys
			idx := make([]int64, len(x.Idx))
			copy(idx, x.Idx)
			return f.appendK(b, fmtGather(keys, idx))
		}
		if len(x.Idx) == 0 {
			return append(b, "`symbol$()"...)
		}
		if len(x.Idx) == 1 {
			b = append(b, ',')
		}
		for _, i := range x.Idx {
			b = append(append(b, '`'), f.enumSym(x.Domain, i)...)
			if f.full(b) {
				break
			}
		}
		return b
	case *value.Error:
		return append(append(b, '\''), x.Msg...)
	}
	if value.IsFunc(v) {
		return f.appendFunc(b, v)
	}
	if b2, ok := f.appendVecK(b, v); ok {
		return b2
	}
	return append(b, '?')
}

func fmtAttr(b []byte, a value.Attr) []byte {
	if a == value.AttrNone {
		return b
	}
	return append(append(append(b, '`'), a.String()...), '#')
}

// appendVecK appends a simple vector's k-form: 1 2 3, `a`b, "ab", 01b, 0x0102,
// `long$(), ,5, `s#1 2 3. It reports false if v is not a simple vector.
func (f *fmtr) appendVecK(b []byte, v value.Value) ([]byte, bool) {
	t := v.Type()
	if t < value.TBool || t > value.TTime {
		return b, false
	}
	n := value.Len(v)
	attr := fmtVecAttr(v)
	b = fmtAttr(b, attr)
	if n == 0 {
		if t == value.TChar {
			return append(b, `""`...), true
		}
		b = append(append(b, '`'), value.TypeNames[t]...)
		return append(b, "$()"...), true
	}
	if n == 1 {
		b = append(b, ',')
	}
	est := n * 5 // most items are short; a cut line needs only what fits
	if r := f.lim - len(b); r < est {
		est = max(r, 0) + 24
	}
	b = slices.Grow(b, est)
	switch x := v.(type) {
	case *value.Vec[byte]:
		switch t {
		case value.TBool:
			for _, c := range x.S {
				b = append(b, '0'+c&1)
				if f.full(b) {
					return b, true
				}
			}
			return append(b, 'b'), true
		case value.TByte:
			b = append(b, '0', 'x')
			for _, c := range x.S {
				b = append(b, fmtHex[c>>4], fmtHex[c&15])
				if f.full(b) {
					return b, true
				}
			}
			return b, true
		}
		b = append(b, '"')
		for _, c := range x.S {
			b = fmtCharEsc(b, c)
			if f.full(b) {
				return b, true
			}
		}
		return append(b, '"'), true
	case *value.Vec[string]:
		for _, s := range x.S {
			b = append(append(b, '`'), s...)
			if f.full(b) {
				break
			}
		}
		return b, true
	case *value.Vec[[16]byte]:
		for i, g := range x.S {
			if i > 0 {
				b = append(b, ' ')
			}
			b = fmtGUID(b, g)
			if f.full(b) {
				break
			}
		}
		return b, true
	case *value.Vec[int16]:
		for i, e := range x.S {
			if i > 0 {
				b = append(b, ' ')
			}
			b = fmtInt16(b, e)
			if f.full(b) {
				return b, true
			}
		}
		return append(b, 'h'), true
	case *value.Vec[int32]:
		special := true
		for i, e := range x.S {
			if i > 0 {
				b = append(b, ' ')
			}
			if t == value.TInt || fmtSpecial32(e) {
				b = fmtInt32(b, e)
			} else {
				special = false
				b = fmtTemporal32(b, t, e)
			}
			if f.full(b) {
				return b, true
			}
		}
		switch {
		case t == value.TInt:
			b = append(b, 'i')
		case t == value.TMonth || special:
			b = append(b, value.TypeChars[t])
		}
		return b, true
	case *value.Vec[int64]:
		special := true
		for i, e := range x.S {
			if i > 0 {
				b = append(b, ' ')
			}
			if t == value.TLong || fmtSpecial64(e) {
				b = fmtInt64(b, e)
			} else {
				special = false
				b = fmtTemporal64(b, t, e)
			}
			if f.full(b) {
				return b, true
			}
		}
		if t != value.TLong && special {
			b = append(b, value.TypeChars[t])
		}
		return b, true
	case *value.Vec[float32]:
		for i, e := range x.S {
			if i > 0 {
				b = append(b, ' ')
			}
			b = fmtReal(b, e, f.prec)
			if f.full(b) {
				return b, true
			}
		}
		return append(b, 'e'), true
	case *value.Vec[float64]:
		if t == value.TDatetime {
			special := true
			for i, e := range x.S {
				if i > 0 {
					b = append(b, ' ')
				}
				switch {
				case e != e:
					b = append(b, "0N"...)
				case fmtSpecialF(e):
					b = fmtFloat(b, e, 0)
				default:
					special = false
					b = fmtDatetime(b, e)
				}
				if f.full(b) {
					return b, true
				}
			}
			if special {
				b = append(b, 'z')
			}
			return b, true
		}
		// The f goes on only if no item already reads as a float (has . e n or w).
		whole := true
		for i, e := range x.S {
			if i > 0 {
				b = append(b, ' ')
			}
			m := len(b)
			b = fmtFloat(b, e, f.prec)
			if whole && !fmtWhole(b[m:]) {
				whole = false
			}
			if f.full(b) {
				return b, true
			}
		}
		if whole {
			b = append(b, 'f')
		}
		return b, true
	}
	return b, false
}

// appendListK appends a general list's k-form: (1;`a;"x"), ,`a, ().
func (f *fmtr) appendListK(b []byte, l *value.List) []byte {
	switch len(l.Items) {
	case 0:
		return append(b, "()"...)
	case 1:
		return f.appendK(append(b, ','), l.Items[0])
	}
	b = append(b, '(')
	for i, it := range l.Items {
		if i > 0 {
			b = append(b, ';')
		}
		b = f.appendK(b, it)
		if f.full(b) {
			return b
		}
	}
	return append(b, ')')
}

// appendDictK appends k!v, parenthesising the key when it would not read back alone.
func (f *fmtr) appendDictK(b []byte, d *value.Dict) []byte {
	if d.Sorted {
		b = append(b, "`s#"...)
	}
	paren := fmtNeedsParen(d.K)
	if paren {
		b = append(b, '(')
	}
	b = f.appendK(b, d.K)
	if paren {
		b = append(b, ')')
	}
	b = append(b, '!')
	return f.appendK(b, d.V)
}

// fmtNeedsParen reports whether the k-form of x, put left of a dyadic glyph, would be
// misread: one-item lists (,`a), tables (+...), dicts, attributed or empty vectors.
func fmtNeedsParen(x value.Value) bool {
	switch v := x.(type) {
	case *value.List:
		return len(v.Items) == 1
	case *value.Table, *value.Dict, *value.EnumVec:
		return true
	}
	if value.IsAtom(x) {
		return false
	}
	t := x.Type()
	if t >= value.TBool && t <= value.TTime {
		n := value.Len(x)
		return n < 2 && !(n == 0 && t == value.TChar) || fmtVecAttr(x) != value.AttrNone
	}
	return true
}

func fmtVecAttr(v value.Value) value.Attr {
	switch x := v.(type) {
	case *value.Vec[byte]:
		return x.Attr
	case *value.Vec[int16]:
		return x.Attr
	case *value.Vec[int32]:
		return x.Attr
	case *value.Vec[int64]:
		return x.Attr
	case *value.Vec[float32]:
		return x.Attr
	case *value.Vec[float64]:
		return x.Attr
	case *value.Vec[string]:
		return x.Attr
	case *value.Vec[[16]byte]:
		return x.Attr
	case *value.EnumVec:
		return x.Attr
	}
	return value.AttrNone
}

// KeywordForms maps the q keywords that kdb+ 4.0 defines as bare k primitives to the
// k text its console shows for them (neg is -:, deltas -':; display.txt). Keywords
// built into k (sum, max, enlist, abs...) show their own name; lambda-defined ones
// would show k){...} and are left as their name here.
var KeywordForms = map[string]string{
	"neg": "-:", "not": "~:", "null": "^:", "string": "$:", "reciprocal": "%:",
	"floor": "_:", "ceiling": "-_-:", "and": "&", "or": "|", "mmu": "$", "lsq": "!",
	"inv": "!:", "md5": "-15!", "ltime": "%:", "count": "#:", "first": "*:",
	"sums": "+\\", "prds": "*\\", "mins": "&\\", "maxs": "|\\", "fills": "^\\",
	"deltas": "-':", "ratios": "%':", "prev": ":':", "reverse": "|:", "distinct": "?:",
	"group": "=:", "where": "&:", "flip": "+:", "type": "@:", "key": "!:",
	"value": ".:", "get": ".:", "attr": "-2!", "raze": ",/", "hclose": ">:",
	"hdel": "~:", "hcount": "-7!", "read0": "0::", "read1": "1::", "eval": "-6!",
	"reval": "-24!",
}

// appendFunc appends a function's display: a lambda's source, a primitive's glyph,
// f[a;] for projections, f/ for derived functions.
func (f *fmtr) appendFunc(b []byte, v value.Value) []byte {
	switch x := v.(type) {
	case *value.Lambda:
		return append(b, x.Src...)
	case *value.Prim:
		if k, ok := KeywordForms[x.Name]; ok {
			return append(b, k...)
		}
		return append(b, x.Name...)
	case *value.Projection:
		b = f.appendFunc(b, x.Fn)
		b = append(b, '[')
		for i, a := range x.Args {
			if i > 0 {
				b = append(b, ';')
			}
			if a != nil {
				b = f.appendK(b, a)
			}
		}
		return append(b, ']')
	case *value.Derived:
		if value.IsFunc(x.Fn) {
			b = f.appendFunc(b, x.Fn)
		} else {
			b = f.appendK(b, x.Fn)
		}
		return append(b, value.AdverbGlyph(x.Adverb)...)
	case *value.Composition:
		b = append(b, "'["...)
		for i, g := range x.Fns {
			if i > 0 {
				b = append(b, ';')
			}
			b = f.appendK(b, g)
		}
		return append(b, ']')
	}
	return append(b, '?')
}
