package wire

import (
	"encoding/binary"
	"math"

	"github.com/gq-dev/gq/eval/value"
)

// MaxDepth bounds the nesting of decoded objects, so hostile input cannot exhaust the
// stack.
const MaxDepth = 1000

// A Decoder reads messages. Prims, when set, turns a decoded primitive (type 101, 102 or
// 103 and kdb+'s byte for it) into the caller's own *value.Prim (the evaluator's, with
// its implementation); it is called on the decoding goroutine. Without it, or when it
// returns nil, the result is a bare Prim named from UnaryNames, BinaryNames or IterNames.
// Funcs, when set, sees each decoded lambda, projection, composition and derived
// function and may return another value for it: kdb+ sends keywords such as md5 (-15!)
// or til (a k lambda) as those values, and the evaluator knows them again.
// The zero Decoder is ready to use.
type Decoder struct {
	Prims func(t value.Type, id byte) *value.Prim
	Funcs func(v value.Value) value.Value
	// Alias lets large aligned vectors share the message's memory (alias.go): the
	// caller gives the buffer up and never writes to it again.
	Alias bool
}

// UnaryNames are kdb+'s names for the unary primitives (type 101), indexed by wire byte.
var UnaryNames = [...]string{"::", "+:", "-:", "*:", "%:", "&:", "|:", "^:", "=:", "<:", ">:",
	"$:", ",:", "#:", "_:", "~:", "!:", "?:", "@:", ".:", "0::", "1::", "2::", "avg", "last",
	"sum", "prd", "min", "max", "exit", "getenv", "abs", "sqrt", "log", "exp", "sin", "asin",
	"cos", "acos", "tan", "atan", "enlist", "var", "dev", "hopen"}

// BinaryNames are kdb+'s names for the operators (type 102), indexed by wire byte.
var BinaryNames = [...]string{":", "+", "-", "*", "%", "&", "|", "^", "=", "<", ">", "$", ",",
	"#", "_", "~", "!", "?", "@", ".", "0:", "1:", "2:", "in", "within", "like", "bin", "ss",
	"insert", "wsum", "wavg", "div", "xexp", "setenv", "binr", "cov", "cor"}

// IterNames are the iterators (type 103), indexed by wire byte.
var IterNames = [...]string{"'", "/", "\\", "':", "/:", "\\:"}

// PrimName gives kdb+'s name for primitive id of type t (101, 102, 103), "" if unknown.
func PrimName(t value.Type, id byte) string {
	var names []string
	switch t {
	case value.TUnary:
		names = UnaryNames[:]
	case value.TBinary:
		names = BinaryNames[:]
	case value.TTernary:
		names = IterNames[:]
	}
	if int(id) < len(names) {
		return names[id]
	}
	return ""
}

// PrimID gives the wire byte of the primitive kdb+ names name with type t.
func PrimID(t value.Type, name string) (byte, bool) {
	var names []string
	switch t {
	case value.TUnary:
		names = UnaryNames[:]
	case value.TBinary:
		names = BinaryNames[:]
	case value.TTernary:
		names = IterNames[:]
	}
	for i, n := range names {
		if n == name {
			return byte(i), true
		}
	}
	return 0, false
}

// Decode reads one whole message, header included, as -9! does: either byte order,
// compressed or not. The header's length must equal len(b). An error object in the
// message is returned as a *value.Error value, not as err.
func Decode(b []byte) (value.Value, error) { return Decoder{}.Decode(b) }

// Decode is the package's Decode with the decoder's primitives.
func (dc Decoder) Decode(b []byte) (value.Value, error) {
	h, err := ParseHeader(b)
	if err != nil {
		return nil, err
	}
	if h.Len != int64(len(b)) {
		return nil, errBadMsg
	}
	if h.Compressed {
		if b, err = Uncompress(b, MaxLen); err != nil {
			return nil, err
		}
	}
	return dc.DecodeBody(b[HeaderLen:], h.Little)
}

// DecodeBody reads the object that fills b exactly (the bytes after the header), in
// little- or big-endian order. The result never aliases b (unless Decoder.Alias).
func DecodeBody(b []byte, little bool) (value.Value, error) {
	return Decoder{}.DecodeBody(b, little)
}

// DecodeBody is the package's DecodeBody with the decoder's primitives.
func (dc Decoder) DecodeBody(b []byte, little bool) (value.Value, error) {
	d := decoder{b: b, little: little, prims: dc.Prims, funcs: dc.Funcs, alias: dc.Alias}
	v := d.object(0)
	switch {
	case d.deep:
		return nil, errStack
	case d.bad || d.p != len(b):
		return nil, errBadMsg
	}
	return v, nil
}

// DecodeOne reads the object at the start of b (bytes after a header) in little- or
// big-endian order and reports how many bytes it took; what follows is not looked at.
// kdb+'s log files lay such objects end to end (eval/store reads them with it).
func DecodeOne(b []byte, little bool) (value.Value, int, error) {
	d := decoder{b: b, little: little}
	v := d.object(0)
	if d.bad {
		return nil, 0, errBadMsg
	}
	return v, d.p, nil
}

// decoder reads objects from b; any fault sets bad and every later read returns zero,
// so the recursion unwinds without checks at every step.
type decoder struct {
	b      []byte
	p      int
	little bool
	bad    bool
	deep   bool // nested deeper than MaxDepth: 'stack
	prims  func(t value.Type, id byte) *value.Prim
	funcs  func(v value.Value) value.Value
	alias  bool // large aligned vectors may be views of b
}

func (d *decoder) funcOf(v value.Value) value.Value {
	if d.funcs == nil || v == nil {
		return v
	}
	return d.funcs(v)
}

func (d *decoder) fail() value.Value {
	d.bad = true
	d.p = len(d.b)
	return nil
}

// take returns the next n bytes, or nil (and marks the decoder bad) if there are fewer.
func (d *decoder) take(n int) []byte {
	if n < 0 || len(d.b)-d.p < n {
		d.fail()
		return nil
	}
	s := d.b[d.p : d.p+n : d.p+n]
	d.p += n
	return s
}

func (d *decoder) order() binary.ByteOrder {
	if d.little {
		return binary.LittleEndian
	}
	return binary.BigEndian
}

func (d *decoder) u8() byte {
	s := d.take(1)
	if s == nil {
		return 0
	}
	return s[0]
}

func (d *decoder) u16() uint16 {
	s := d.take(2)
	if s == nil {
		return 0
	}
	return d.order().Uint16(s)
}

func (d *decoder) u32() uint32 {
	s := d.take(4)
	if s == nil {
		return 0
	}
	return d.order().Uint32(s)
}

func (d *decoder) u64() uint64 {
	s := d.take(8)
	if s == nil {
		return 0
	}
	return d.order().Uint64(s)
}

// str reads a NUL-terminated string.
func (d *decoder) str() string {
	for i := d.p; i < len(d.b); i++ {
		if d.b[i] == 0 {
			s := string(d.b[d.p:i])
			d.p = i + 1
			return s
		}
	}
	d.fail()
	return ""
}

// count reads a vector count and checks that n items of at least w bytes each fit in
// what is left, before anything is allocated.
func (d *decoder) count(w int) int {
	n := int64(int32(d.u32()))
	if d.bad || n < 0 || n*int64(w) > int64(len(d.b)-d.p) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) object(depth int) value.Value {
	if depth > MaxDepth {
		d.deep = true
		return d.fail()
	}
	t := int8(d.u8())
	if d.bad {
		return nil
	}
	switch {
	case t < 0 && t >= -int8(value.TTime):
		return d.atom(value.Type(-t))
	case t >= 0 && t <= int8(value.TTime):
		return d.vector(value.Type(t), depth)
	}
	switch value.Type(t) {
	case value.TTable:
		attr := d.attr()
		if d.u8() != byte(value.TDict) {
			return d.fail()
		}
		cols, ok := d.object(depth + 1).(*value.Vec[string])
		if !ok || cols.Typ != value.TSym {
			return d.fail()
		}
		data, ok := d.object(depth + 1).(*value.List)
		if !ok || len(data.Items) != len(cols.S) {
			return d.fail()
		}
		n := -1
		for _, c := range data.Items {
			if ct := c.Type(); ct < 0 || ct > value.TTime {
				return d.fail()
			}
			if m := value.Len(c); n < 0 {
				n = m
			} else if m != n {
				return d.fail()
			}
		}
		return &value.Table{Cols: cols, Data: data.Items, Attr: attr}
	case value.TDict, value.TSortedDict:
		k := d.object(depth + 1)
		v := d.object(depth + 1)
		if d.bad || !dictSide(k) || !dictSide(v) || value.Len(k) != value.Len(v) {
			return d.fail()
		}
		return &value.Dict{K: k, V: v, Sorted: value.Type(t) == value.TSortedDict}
	case value.TLambda:
		ns := d.str()
		src, ok := d.object(depth + 1).(*value.Vec[byte])
		if !ok || src.Typ != value.TChar {
			return d.fail()
		}
		// Ns keeps the wire's spelling ("d" for .d), as the evaluator stores it.
		return d.funcOf(&value.Lambda{Src: string(src.S), Ns: ns})
	case value.TUnary, value.TBinary, value.TTernary:
		id := d.u8()
		if d.bad {
			return nil
		}
		return d.prim(value.Type(t), id)
	case value.TProj:
		n := d.count(2)
		if n < 1 {
			return d.fail()
		}
		fn := d.object(depth + 1)
		args := make([]value.Value, n-1)
		for i := range args {
			a := d.object(depth + 1)
			if p, ok := a.(*value.Prim); ok && p.T == value.TUnary && p.ID == elided {
				a = nil
			}
			args[i] = a
		}
		if d.bad {
			return nil
		}
		return d.funcOf(&value.Projection{Fn: fn, Args: padArgs(fn, args)})
	case value.TComp:
		n := d.count(2)
		if n < 1 {
			return d.fail()
		}
		fns := make([]value.Value, n)
		for i := range fns {
			fns[i] = d.object(depth + 1)
		}
		if d.bad {
			return nil
		}
		return d.funcOf(&value.Composition{Fns: fns})
	case value.TEach, value.TOver, value.TScan, value.TPrior, value.TEachRight, value.TEachLeft:
		fn := d.object(depth + 1)
		if d.bad {
			return nil
		}
		return d.funcOf(&value.Derived{Adverb: value.Type(t), Fn: fn})
	case value.TError:
		s := d.str()
		if d.bad {
			return nil
		}
		return &value.Error{Msg: s}
	}
	// 3 and -3 do not exist; 20..97 (enumerations, mapped lists) are never sent; 112
	// (dynamic load) is not supported.
	return d.fail()
}

// dictSide reports whether v can be a dictionary's keys or values: a list or a table.
func dictSide(v value.Value) bool {
	t := v.Type()
	return t >= 0 && t <= value.TTime || t == value.TTable
}

// padArgs fills the trailing holes kdb+ leaves out when fn's rank is known here.
func padArgs(fn value.Value, args []value.Value) []value.Value {
	rank := 0
	switch f := fn.(type) {
	case *value.Prim:
		switch f.T {
		case value.TUnary:
			rank = 1
		case value.TBinary:
			rank = 2
		}
	case *value.Lambda:
		rank = len(f.Params)
	}
	for len(args) < rank {
		args = append(args, nil)
	}
	return args
}

func (d *decoder) prim(t value.Type, id byte) value.Value {
	if d.prims != nil {
		if p := d.prims(t, id); p != nil {
			return p
		}
	}
	return &value.Prim{Name: PrimName(t, id), T: t, ID: id}
}

func (d *decoder) attr() value.Attr {
	a := d.u8()
	if a > byte(value.AttrG) {
		d.fail()
		return 0
	}
	return value.Attr(a)
}

func (d *decoder) atom(t value.Type) value.Value {
	switch t {
	case value.TBool:
		return value.Bool(d.u8() != 0)
	case value.TGUID:
		var g value.GUID
		copy(g[:], d.take(16))
		return g
	case value.TByte:
		return value.Byte(d.u8())
	case value.TShort:
		return value.Short(int16(d.u16()))
	case value.TInt, value.TMonth, value.TDate, value.TMinute, value.TSecond, value.TTime:
		return value.Atom32(t, int32(d.u32()))
	case value.TLong, value.TTimestamp, value.TTimespan:
		return value.Atom64(t, int64(d.u64()))
	case value.TReal:
		return value.Real(math.Float32frombits(d.u32()))
	case value.TFloat, value.TDatetime:
		return value.AtomF(t, math.Float64frombits(d.u64()))
	case value.TChar:
		return value.Char(d.u8())
	case value.TSym:
		return value.Sym(d.str())
	}
	return d.fail() // -3
}

// vecOf reads n items of width w: a straight copy where the host shares the message's
// byte order, else the get loop.
func vecOf[T fixed](d *decoder, n, w int, get func([]T, []byte, binary.ByteOrder)) []T {
	src := d.take(w * n)
	if d.little && d.alias {
		if s := alias[T](src, n); s != nil {
			return s
		}
	}
	if d.little {
		if s := cloneLE[T](src, n); s != nil {
			return s
		}
	}
	s := make([]T, n)
	get(s, src, d.order())
	return s
}

func (d *decoder) vector(t value.Type, depth int) value.Value {
	attr := d.attr()
	if d.bad {
		return nil
	}
	switch t {
	case value.TList:
		n := d.count(2) // the smallest object (an atom byte, ::) takes 2 bytes
		items := make([]value.Value, n)
		for i := range items {
			items[i] = d.object(depth + 1)
		}
		if d.bad {
			return nil
		}
		return collapse(items)
	case value.TBool, value.TByte, value.TChar:
		n := d.count(1)
		src := d.take(n)
		if d.alias && n >= AliasMin {
			return &value.Vec[byte]{Typ: t, Attr: attr, S: src[:n:n]}
		}
		s := make([]byte, n)
		copy(s, src)
		return &value.Vec[byte]{Typ: t, Attr: attr, S: s}
	case value.TGUID:
		n := d.count(16)
		s := make([][16]byte, n)
		src := d.take(16 * n)
		for i := range s {
			copy(s[i][:], src[16*i:])
		}
		return &value.Vec[[16]byte]{Typ: t, Attr: attr, S: s}
	case value.TShort:
		n := d.count(2)
		s := vecOf[int16](d, n, 2, getI16s)
		return &value.Vec[int16]{Typ: t, Attr: attr, S: s}
	case value.TInt, value.TMonth, value.TDate, value.TMinute, value.TSecond, value.TTime:
		n := d.count(4)
		s := vecOf[int32](d, n, 4, getI32s)
		return &value.Vec[int32]{Typ: t, Attr: attr, S: s}
	case value.TReal:
		n := d.count(4)
		s := vecOf[float32](d, n, 4, getF32s)
		return &value.Vec[float32]{Typ: t, Attr: attr, S: s}
	case value.TLong, value.TTimestamp, value.TTimespan:
		n := d.count(8)
		s := vecOf[int64](d, n, 8, getI64s)
		return &value.Vec[int64]{Typ: t, Attr: attr, S: s}
	case value.TFloat, value.TDatetime:
		n := d.count(8)
		s := vecOf[float64](d, n, 8, getF64s)
		return &value.Vec[float64]{Typ: t, Attr: attr, S: s}
	case value.TSym:
		n := d.count(1) // each symbol is at least its NUL
		s := make([]string, n)
		// One string for the whole run, sliced per symbol: no allocation per item.
		end := d.p
		for i := 0; i < n; i++ {
			for end < len(d.b) && d.b[end] != 0 {
				end++
			}
			if end == len(d.b) {
				return d.fail()
			}
			end++
		}
		all := string(d.b[d.p:end])
		q := 0
		for i := range s {
			e := q
			for all[e] != 0 {
				e++
			}
			s[i] = all[q:e]
			q = e + 1
		}
		d.p = end
		return &value.Vec[string]{Typ: t, Attr: attr, S: s}
	}
	return d.fail() // type 3
}

// collapse gives a general list whose items are atoms of one type as the vector of
// that type, as kdb+ holds it: clients build lists item by item (node-q sends
// ["`a","`b"] as type 0 with three symbol atoms, and its own test expects 11h at the
// server). Other lists stay general.
func collapse(items []value.Value) value.Value {
	if len(items) == 0 {
		return &value.List{Items: items}
	}
	t := items[0].Type()
	if t >= 0 || t < -value.TTime {
		return &value.List{Items: items}
	}
	for _, it := range items[1:] {
		if it.Type() != t {
			return &value.List{Items: items}
		}
	}
	return value.Collect(-t, items)
}
