package eval

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/gq-dev/gq/eval/value"
)

// The .j namespace (docs/ref/dotj.md): .j.j writes a q value as JSON, .j.k reads JSON,
// .j.jd is .j.j with options. kdb+ 4.x implements them in C (docs/basics/internal.md:
// -29! is .j.k, -31! is .j.jd; .j.j is .j.jd with no options); the type mapping follows
// KX's earlier k implementation (public in KxSystems/kdb e/json.k) where the C one keeps
// it, and the C one (as the 4.1-tested kjson port shows) where it differs:
//
//	boolean          true false
//	guid             "8c680a01-5a49-5aab-5a65-d4bfddb6a661"  (null: null)
//	byte             "0a"
//	short int long   1 2 3                                   (nulls, 0W, -0W: null)
//	real float       \P significant digits as string does:  1.234568  3  1e+20
//	                 nulls: null; 0w -0w: inf -inf (null with null0w)
//	char, string     "a" "abc" with \t \n \r \" \\ escaped
//	symbol           "abc"                                   (` is "")
//	date month       "2024-10-21" "2024-10"
//	timestamp        "2021-09-15T12:34:56.789000000"
//	datetime         "2024-10-21T19:24:23.353"
//	timespan         "0D15:00:31.539282370"
//	minute second    "12:10" "00:00:10"
//	time             "12:34:56.789"                          (temporal nulls: null)
//	enumeration      its symbols
//	list, vector     [..]
//	dictionary       {"key":value,..}; a key that does not write as a JSON string is
//	                 quoted as written: 1 2!3 4 is {"1":3,"2":4}
//	table            [{"a":1,"b":"x"},{..}]; a keyed table as its unkeyed rows. Rows are
//	                 separated by "," as dotj.md's example and kjson show; the older k
//	                 .j.j (3.x) put ",\n " between them, which doth.md's examples still show
//	(::), functions  null

// jsonW writes JSON into b.
type jsonW struct {
	ip     *Interp
	b      []byte
	prec   int  // \P: significant digits of floats (0: 17)
	null0w bool // .j.jd's null0w: float infinities write as null
}

// dotjJ implements .j.j x: x as a JSON string.
func dotjJ(ip *Interp, x value.Value) value.Value {
	w := jsonW{ip: ip, prec: ip.Disp.Precision}
	w.value(x, 0)
	return value.Chars(w.b)
}

// dotjJd implements .j.jd (x;d): .j.j x, with float infinities written as null when
// d`null0w is 1b: .j.jd(-0w 0 1 0w;([null0w:1b])) is "[null,0,1,null]".
func dotjJd(ip *Interp, a value.Value) value.Value {
	if value.IsAtom(a) || value.IsFunc(a) || value.Len(a) != 2 {
		errLength()
	}
	x, d := value.At(a, 0), value.At(a, 1)
	opts, ok := d.(*value.Dict)
	if !ok {
		errType()
	}
	w := jsonW{ip: ip, prec: ip.Disp.Precision}
	if v := dictGet(opts, value.Sym("null0w")); v != nil {
		b, ok := v.(value.Bool)
		if !ok {
			errType()
		}
		w.null0w = bool(b)
	}
	w.value(x, 0)
	return value.Chars(w.b)
}

// jsonMaxDepth bounds nesting on both sides, as the evaluator bounds recursion: a
// deeper value is a 'stack error, not a Go stack overflow.
const jsonMaxDepth = 10000

// value writes any q value.
func (w *jsonW) value(x value.Value, depth int) {
	if depth > jsonMaxDepth {
		signal("stack")
	}
	switch v := x.(type) {
	case *value.Vec[byte]:
		switch v.Typ {
		case value.TChar:
			w.str(v.S)
		default:
			w.b = append(w.b, '[')
			for i := range v.S {
				if i > 0 {
					w.b = append(w.b, ',')
				}
				w.cell(v, i)
			}
			w.b = append(w.b, ']')
		}
	case *value.Vec[int16], *value.Vec[int32], *value.Vec[int64], *value.Vec[float32],
		*value.Vec[float64], *value.Vec[string], *value.Vec[[16]byte]:
		n := value.Len(v)
		w.b = append(w.b, '[')
		for i := 0; i < n; i++ {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.cell(v, i)
		}
		w.b = append(w.b, ']')
	case *value.EnumVec, value.EnumAtom:
		s, _ := enumView(w.ip, v)
		w.value(s, depth+1)
	case *value.List:
		w.b = append(w.b, '[')
		for i, it := range v.Items {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.value(it, depth+1)
		}
		w.b = append(w.b, ']')
	case *value.Table:
		w.table(v, depth)
	case *value.Dict:
		if value.IsKeyed(v) {
			w.table(unkey(v), depth)
			return
		}
		w.dict(v, depth)
	default:
		if value.IsAtom(x) {
			w.atom(x)
			return
		}
		w.b = append(w.b, "null"...) // (::), functions and the like
	}
}

// table writes a table as an array of objects, one per row; columns are written from
// their vectors directly, with no per-cell boxing.
func (w *jsonW) table(t *value.Table, depth int) {
	cols := make([]func(int), len(t.Data))
	keys := make([][]byte, len(t.Data)) // `{"a":` then `,"b":` ...
	n := 0
	for j, c := range t.Data {
		if s, ok := enumView(w.ip, c); ok {
			c = s
		}
		n = value.Len(c)
		cols[j] = w.column(c, depth)
		k := jsonW{b: []byte{','}}
		if j == 0 {
			k.b[0] = '{'
		}
		k.str([]byte(t.Cols.S[j]))
		keys[j] = append(k.b, ':')
	}
	w.b = append(w.b, '[')
	start := len(w.b)
	for i := 0; i < n; i++ {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		if i == 64 && n > 128 {
			// the first rows tell the size of the rest: grow once, not by doubling
			w.b = slices.Grow(w.b, (len(w.b)-start)/64*(n-64)*9/8)
		}
		for j, c := range cols {
			w.b = append(w.b, keys[j]...)
			c(i)
		}
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, ']')
}

// column returns the writer of a column's items, chosen once for the column: the
// common vectors get loops of their own, the rest go through item.
func (w *jsonW) column(c value.Value, depth int) func(int) {
	switch v := c.(type) {
	case *value.Vec[float64]:
		if v.Typ == value.TFloat {
			return func(i int) { w.float(v.S[i], 64) }
		}
	case *value.Vec[int64]:
		if v.Typ == value.TLong {
			return func(i int) {
				if x := v.S[i]; x == value.NullLong || x == value.InfLong || x == -value.InfLong {
					w.b = append(w.b, "null"...)
				} else {
					w.b = strconv.AppendInt(w.b, x, 10)
				}
			}
		}
	case *value.Vec[string]:
		return func(i int) { w.str([]byte(v.S[i])) }
	case *value.List:
		return func(i int) {
			if s, ok := v.Items[i].(*value.Vec[byte]); ok && s.Typ == value.TChar {
				w.str(s.S)
			} else {
				w.value(v.Items[i], depth+1)
			}
		}
	}
	return func(i int) { w.item(c, i, depth) }
}

// dict writes a dictionary as an object. A key that writes as something other than a
// JSON string is put in quotes as written, as JSON keys must be strings (kdb+ 4.0's
// output; json.txt has the case 1 2!3 4).
func (w *jsonW) dict(d *value.Dict, depth int) {
	keys, vals := d.K, d.V
	if s, ok := enumView(w.ip, keys); ok {
		keys = s
	}
	if s, ok := enumView(w.ip, vals); ok {
		vals = s
	}
	n := value.Len(keys)
	w.b = append(w.b, '{')
	for i := 0; i < n; i++ {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		if ks, ok := keys.(*value.Vec[string]); ok {
			w.str([]byte(ks.S[i]))
		} else {
			start := len(w.b)
			w.item(keys, i, depth)
			if len(w.b) == start || w.b[start] != '"' {
				k := append([]byte(nil), w.b[start:]...)
				w.b = append(append(append(w.b[:start], '"'), k...), '"')
			}
		}
		w.b = append(w.b, ':')
		w.item(vals, i, depth)
	}
	w.b = append(w.b, '}')
}

// item writes item i of list v.
func (w *jsonW) item(v value.Value, i int, depth int) {
	switch l := v.(type) {
	case *value.List:
		w.value(l.Items[i], depth+1)
	case *value.Vec[byte], *value.Vec[int16], *value.Vec[int32], *value.Vec[int64],
		*value.Vec[float32], *value.Vec[float64], *value.Vec[string], *value.Vec[[16]byte]:
		w.cell(v, i)
	case *value.Table: // a column of dictionaries: row i
		w.row(l, i, depth+1)
	case *value.Dict: // positionally, a dictionary's items are its values
		if value.IsKeyed(l) {
			w.row(unkey(l), i, depth+1)
		} else {
			w.item(l.V, i, depth+1)
		}
	default:
		w.value(value.At(v, i), depth+1)
	}
}

// row writes row i of table t as an object.
func (w *jsonW) row(t *value.Table, i int, depth int) {
	if depth > jsonMaxDepth {
		signal("stack")
	}
	w.b = append(w.b, '{')
	for j, c := range t.Data {
		if j > 0 {
			w.b = append(w.b, ',')
		}
		w.str([]byte(t.Cols.S[j]))
		w.b = append(w.b, ':')
		if s, ok := enumView(w.ip, c); ok {
			c = s
		}
		w.item(c, i, depth)
	}
	w.b = append(w.b, '}')
}

// cell writes item i of a typed vector as its atom would be written.
func (w *jsonW) cell(v value.Value, i int) {
	switch l := v.(type) {
	case *value.Vec[byte]:
		switch l.Typ {
		case value.TBool:
			if l.S[i] != 0 {
				w.b = append(w.b, "true"...)
			} else {
				w.b = append(w.b, "false"...)
			}
		case value.TByte:
			w.b = append(w.b, '"', jsonHex[l.S[i]>>4], jsonHex[l.S[i]&15], '"')
		default:
			w.str(l.S[i : i+1])
		}
	case *value.Vec[int16]:
		if x := l.S[i]; x == value.NullShort || x == value.InfShort || x == -value.InfShort {
			w.b = append(w.b, "null"...)
		} else {
			w.b = strconv.AppendInt(w.b, int64(x), 10)
		}
	case *value.Vec[int32]:
		w.int32(l.Typ, l.S[i])
	case *value.Vec[int64]:
		w.int64(l.Typ, l.S[i])
	case *value.Vec[float32]:
		w.float(float64(l.S[i]), 32)
	case *value.Vec[float64]:
		if l.Typ == value.TDatetime {
			w.datetime(l.S[i])
		} else {
			w.float(l.S[i], 64)
		}
	case *value.Vec[string]:
		w.str([]byte(l.S[i]))
	case *value.Vec[[16]byte]:
		w.guid(l.S[i])
	}
}

const jsonHex = "0123456789abcdef"

// atom writes an atom.
func (w *jsonW) atom(x value.Value) {
	switch a := x.(type) {
	case value.Bool:
		if a {
			w.b = append(w.b, "true"...)
		} else {
			w.b = append(w.b, "false"...)
		}
	case value.GUID:
		w.guid(a)
	case value.Byte:
		w.b = append(w.b, '"', jsonHex[a>>4], jsonHex[a&15], '"')
	case value.Short:
		w.cell(value.Shorts([]int16{int16(a)}), 0)
	case value.Int, value.Month, value.Date, value.Minute, value.Second, value.Time:
		w.int32(-a.Type(), value.Int32Of(a))
	case value.Long, value.Timestamp, value.Timespan:
		w.int64(-a.Type(), value.Int64Of(a))
	case value.Real:
		w.float(float64(a), 32)
	case value.Float:
		w.float(float64(a), 64)
	case value.Datetime:
		w.datetime(float64(a))
	case value.Char:
		w.str([]byte{byte(a)})
	case value.Sym:
		w.str([]byte(a))
	default:
		w.b = append(w.b, "null"...)
	}
}

// int32 writes an int, month, date, minute, second or time item.
func (w *jsonW) int32(t value.Type, x int32) {
	if x == value.NullInt || x == value.InfInt || x == -value.InfInt {
		w.b = append(w.b, "null"...)
		return
	}
	if t == value.TInt {
		w.b = strconv.AppendInt(w.b, int64(x), 10)
		return
	}
	v := int64(x)
	w.b = append(w.b, '"')
	switch t {
	case value.TMonth:
		y, m := jsonDivMod(v, 12)
		w.b = jsonPad(w.b, y+2000, 4)
		w.b = append(w.b, '-')
		w.b = jsonPad(w.b, m+1, 2)
	case value.TDate:
		w.ymd(v)
	default:
		if v < 0 {
			w.b = append(w.b, '-')
			v = -v
		}
		switch t {
		case value.TMinute:
			w.hms(v*60, 0, 0, false)
		case value.TSecond:
			w.hms(v, 0, 0, true)
		default:
			w.hms(v/1000, v%1000, 3, true)
		}
	}
	w.b = append(w.b, '"')
}

// int64 writes a long, timestamp or timespan item.
func (w *jsonW) int64(t value.Type, x int64) {
	if x == value.NullLong || x == value.InfLong || x == -value.InfLong {
		w.b = append(w.b, "null"...)
		return
	}
	switch t {
	case value.TLong:
		w.b = strconv.AppendInt(w.b, x, 10)
	case value.TTimestamp:
		days, ns := jsonDivMod(x, value.NsPerDay)
		w.b = append(w.b, '"')
		w.ymd(days)
		w.b = append(w.b, 'T')
		w.hms(ns/value.NsPerSec, ns%value.NsPerSec, 9, true)
		w.b = append(w.b, '"')
	default: // timespan
		w.b = append(w.b, '"')
		u := uint64(x)
		if x < 0 {
			w.b = append(w.b, '-')
			u = uint64(-x)
		}
		w.b = strconv.AppendUint(w.b, u/uint64(value.NsPerDay), 10)
		w.b = append(w.b, 'D')
		ns := int64(u % uint64(value.NsPerDay))
		w.hms(ns/value.NsPerSec, ns%value.NsPerSec, 9, true)
		w.b = append(w.b, '"')
	}
}

// float writes a real or float as string does under \P; nulls are null, infinities
// inf and -inf (docs/ref/dotj.md), or null under null0w.
func (w *jsonW) float(f float64, bits int) {
	switch {
	case f != f:
		w.b = append(w.b, "null"...)
	case math.IsInf(f, 0):
		switch {
		case w.null0w:
			w.b = append(w.b, "null"...)
		case f > 0:
			w.b = append(w.b, "inf"...)
		default:
			w.b = append(w.b, "-inf"...)
		}
	default:
		p := w.prec
		if p <= 0 || p > 17 {
			p = 17
		}
		if bits == 32 && p > 9 {
			p = 9 // a real holds no more
		}
		w.b = strconv.AppendFloat(w.b, f, 'g', p, bits)
	}
}

// datetime writes a datetime to the millisecond, as string does but ISO-dashed.
func (w *jsonW) datetime(f float64) {
	if f != f || math.IsInf(f, 0) {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = append(w.b, '"')
	if math.Abs(f) > 4e6 { // far outside 0001..9999; keeps the int64 conversion sane
		w.b = append(w.b, "0000-00-00T00:00:00.000"...)
	} else {
		ms := int64(math.Round(f * 864e5))
		days, r := jsonDivMod(ms, 864e5)
		w.ymd(days)
		w.b = append(w.b, 'T')
		w.hms(r/1000, r%1000, 3, true)
	}
	w.b = append(w.b, '"')
}

// ymd writes a day count since 2000.01.01 as yyyy-mm-dd; years outside 1..9999 as
// 0000-00-00, as string writes them 0000.00.00.
func (w *jsonW) ymd(days int64) {
	y, m, d := value.DaysToYMD(days)
	if y < 1 || y > 9999 {
		w.b = append(w.b, "0000-00-00"...)
		return
	}
	w.b = jsonPad(w.b, y, 4)
	w.b = append(w.b, '-')
	w.b = jsonPad(w.b, m, 2)
	w.b = append(w.b, '-')
	w.b = jsonPad(w.b, d, 2)
}

// hms writes hh:mm[:ss][.frac] for a non-negative count of seconds.
func (w *jsonW) hms(secs, frac int64, digits int, withSec bool) {
	w.b = jsonPad(w.b, secs/3600, 2)
	w.b = append(w.b, ':')
	w.b = jsonPad(w.b, secs/60%60, 2)
	if withSec {
		w.b = append(w.b, ':')
		w.b = jsonPad(w.b, secs%60, 2)
	}
	if digits > 0 {
		w.b = append(w.b, '.')
		w.b = jsonPad(w.b, frac, digits)
	}
}

func (w *jsonW) guid(g [16]byte) {
	if g == ([16]byte{}) {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = append(w.b, '"')
	for i, c := range g {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			w.b = append(w.b, '-')
		}
		w.b = append(w.b, jsonHex[c>>4], jsonHex[c&15])
	}
	w.b = append(w.b, '"')
}

// str writes s as a JSON string: \t \n \r " and \ are escaped with a backslash (as
// kjson and KX's e/json.k do); other control characters, which JSON forbids raw, are
// written \u00xx. Bytes of 128 and over pass through as UTF-8.
func (w *jsonW) str(s []byte) {
	w.b = append(w.b, '"')
	start := 0
	for i, c := range s {
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		w.b = append(w.b, s[start:i]...)
		switch c {
		case '\t':
			w.b = append(w.b, '\\', 't')
		case '\n':
			w.b = append(w.b, '\\', 'n')
		case '\r':
			w.b = append(w.b, '\\', 'r')
		case '"', '\\':
			w.b = append(w.b, '\\', c)
		default:
			w.b = append(w.b, '\\', 'u', '0', '0', jsonHex[c>>4], jsonHex[c&15])
		}
		start = i + 1
	}
	w.b = append(w.b, s[start:]...)
	w.b = append(w.b, '"')
}

func jsonDivMod(a, m int64) (int64, int64) {
	q, r := a/m, a%m
	if r < 0 {
		q--
		r += m
	}
	return q, r
}

// jsonPad appends n zero-padded to at least w digits.
func jsonPad(b []byte, n int64, w int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], n, 10)
	for i := len(s); i < w; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// dotjK implements .j.k x: the q value of the JSON text x. Numbers are floats, strings
// char vectors, true/false booleans, null 0n; an array is a list (a vector when its
// items are atoms of one type, a table when they are objects with the same keys); an
// object is a dictionary with symbol keys, in the order and with the repeats the text
// has. .j.k "{\"a\":[1,2],\"b\":\"x\"}" is `a`b!(1 2f;"x").
//
// encoding/json's json.Valid checks the text (strict RFC 8259, nesting bounded); the
// reader below then builds q values straight from the checked text. It is several
// times faster than building them from encoding/json's Token stream, the one
// encoding/json way that keeps key order and repeats (BenchmarkJSONRead), and
// TestJSONReaders checks both give the same values on random and broken documents.
func dotjK(x value.Value) value.Value {
	var src []byte
	switch s := x.(type) {
	case *value.Vec[byte]:
		if s.Typ != value.TChar {
			errType()
		}
		src = s.S
	case value.Char:
		src = []byte{byte(s)}
	default:
		errType()
	}
	if !json.Valid(src) {
		jsonFail()
	}
	r := jsonReader{s: src}
	return r.value()
}

// jsonFail signals bad JSON. kdb+'s C parser's error text is not documented; the k
// parser it replaced signalled 'err for malformed text (KxSystems/kdb e/json.k).
func jsonFail() { signal("err") }

// jsonReader reads JSON text that json.Valid has accepted, so it checks nothing.
type jsonReader struct {
	s []byte
	i int
}

func (r *jsonReader) ws() {
	for r.i < len(r.s) && (r.s[r.i] == ' ' || r.s[r.i] == '\t' || r.s[r.i] == '\n' || r.s[r.i] == '\r') {
		r.i++
	}
}

// value reads the value at r.i.
func (r *jsonReader) value() value.Value {
	r.ws()
	switch c := r.s[r.i]; c {
	case '{':
		keys, vals := r.object()
		return &value.Dict{K: value.Syms(keys), V: value.NewList(vals)}
	case '[':
		return r.array()
	case '"':
		return value.Chars(r.str())
	case 't':
		r.i += 4
		return value.Bool(true)
	case 'f':
		r.i += 5
		return value.Bool(false)
	case 'n':
		r.i += 4
		return value.Float(value.NaN)
	}
	start := r.i
	for r.i < len(r.s) && strings.IndexByte("+-.0123456789eE", r.s[r.i]) >= 0 {
		r.i++
	}
	f, _ := strconv.ParseFloat(string(r.s[start:r.i]), 64)
	return value.Float(f) // out of range: ±0w, as "F"$ gives
}

// object reads {...}: keys and values in the text's order.
func (r *jsonReader) object() ([]string, []value.Value) {
	r.i++ // {
	keys, vals := []string{}, []value.Value{}
	for {
		r.ws()
		if r.s[r.i] == '}' {
			r.i++
			return keys, vals
		}
		if r.s[r.i] == ',' {
			r.i++
			r.ws()
		}
		keys = append(keys, string(r.str()))
		r.ws()
		r.i++ // :
		vals = append(vals, r.value())
	}
}

// array reads [...]: a list, or the table its objects make when they all have the
// same non-empty keys in the same order (as q makes of such dictionaries), built
// column by column with no dictionary per row.
func (r *jsonReader) array() value.Value {
	r.i++ // [
	var items []value.Value
	var keys []string
	var cols [][]value.Value
	table := true
	for {
		r.ws()
		if r.s[r.i] == ']' {
			r.i++
			break
		}
		if r.s[r.i] == ',' {
			r.i++
			r.ws()
		}
		if table && r.s[r.i] == '{' {
			if cols != nil && r.row(keys, cols) {
				continue
			}
			k, v := r.object()
			switch {
			case len(k) == 0:
				table = false
			case cols == nil && items == nil:
				keys, cols = k, make([][]value.Value, len(k))
			case !slices.Equal(k, keys):
				table = false
			}
			if table {
				for j := range v {
					cols[j] = append(cols[j], v[j])
				}
				continue
			}
			items = r.rows(items, keys, cols)
			cols = nil
			items = append(items, &value.Dict{K: value.Syms(k), V: value.NewList(v)})
			continue
		}
		if table {
			items = r.rows(items, keys, cols)
			cols, table = nil, false
		}
		items = append(items, r.value())
	}
	if table && cols != nil {
		data := make([]value.Value, len(keys))
		for j, c := range cols {
			data[j] = value.NewList(c)
		}
		return value.NewTable(keys, data)
	}
	return value.NewList(append(items, r.rows(nil, keys, cols)...))
}

// row reads the object at r.i into cols when its keys are keys, in order, with no
// allocation for the keys; otherwise it reads nothing and reports false.
func (r *jsonReader) row(keys []string, cols [][]value.Value) bool {
	start := r.i
	r.i++ // {
	for j, k := range keys {
		r.ws()
		if j > 0 {
			r.i++ // ,
			r.ws()
		}
		// a key matches when its text, with no escapes, is k followed by a quote
		if r.s[r.i] != '"' || !bytes.HasPrefix(r.s[r.i+1:], []byte(k)) ||
			r.i+1+len(k) >= len(r.s) || r.s[r.i+1+len(k)] != '"' ||
			bytes.IndexByte(r.s[r.i+1:r.i+1+len(k)], '\\') >= 0 {
			for i := range j { // take back this row's values
				cols[i] = cols[i][:len(cols[i])-1]
			}
			r.i = start
			return false
		}
		r.i += len(k) + 2
		r.ws()
		r.i++ // :
		v := r.value()
		cols[j] = append(cols[j], v)
	}
	r.ws()
	if r.s[r.i] != '}' { // more keys than keys
		for j := range cols { // take back this row's values
			cols[j] = cols[j][:len(cols[j])-1]
		}
		r.i = start
		return false
	}
	r.i++
	return true
}

// rows appends to items the dictionaries whose columns cols holds.
func (r *jsonReader) rows(items []value.Value, keys []string, cols [][]value.Value) []value.Value {
	if cols == nil {
		return items
	}
	for i := range cols[0] {
		v := make([]value.Value, len(cols))
		for j := range cols {
			v[j] = cols[j][i]
		}
		items = append(items, &value.Dict{K: value.Syms(keys), V: value.NewList(v)})
	}
	return items
}

// str reads a string, escapes decoded as encoding/json decodes them (a lone
// surrogate is U+FFFD); other bytes are kept as they are.
func (r *jsonReader) str() []byte {
	r.i++ // "
	start := r.i
	for r.s[r.i] != '"' && r.s[r.i] != '\\' {
		r.i++
	}
	if r.s[r.i] == '"' { // no escapes: one copy
		b := append([]byte(nil), r.s[start:r.i]...)
		r.i++
		return b
	}
	b := append([]byte(nil), r.s[start:r.i]...)
	for {
		c := r.s[r.i]
		switch {
		case c == '"':
			r.i++
			return b
		case c != '\\':
			b = append(b, c)
			r.i++
			continue
		}
		e := r.s[r.i+1]
		r.i += 2
		switch e {
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			ru := r.hex4()
			if utf16.IsSurrogate(ru) {
				ru2 := rune(-1)
				if r.i+6 <= len(r.s) && r.s[r.i] == '\\' && r.s[r.i+1] == 'u' {
					save := r.i
					r.i += 2
					ru2 = r.hex4()
					if d := utf16.DecodeRune(ru, ru2); d != utf8.RuneError {
						ru = d
					} else {
						r.i = save // the second escape stands alone
						ru = utf8.RuneError
					}
				} else {
					ru = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, ru)
		default: // " \ /
			b = append(b, e)
		}
	}
}

// hex4 reads the four hex digits of a \u escape.
func (r *jsonReader) hex4() rune {
	n, _ := strconv.ParseUint(string(r.s[r.i:r.i+4]), 16, 32)
	r.i += 4
	return rune(n)
}
