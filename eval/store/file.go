package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

// Header sizes and offsets of the vector layouts.
const (
	vecHead    = 16   // fe 20 t a 00000000 n(8)
	newHead    = 4096 // fd 20 ... the K header at 4080, items at 4096
	newKHead   = 4080
	domainAt   = 16 // the enumeration's domain name, NUL-terminated, in both enum layouts
	oldEnumDat = 24 // old enumerations: count at 16, int32 items at 24
	nestedBase = 77 // a nested column of t vectors has type 77+t (78..96)
)

// width is the item size of fixed-width vector type t, 0 for others.
func width(t value.Type) int {
	switch t {
	case value.TBool, value.TByte, value.TChar:
		return 1
	case value.TGUID:
		return 16
	case value.TShort:
		return 2
	case value.TInt, value.TReal, value.TMonth, value.TDate, value.TMinute, value.TSecond, value.TTime:
		return 4
	case value.TLong, value.TFloat, value.TTimestamp, value.TDatetime, value.TTimespan:
		return 8
	}
	return 0
}

// Companion loads a nested column's companion file (suffix "#" or "##"); nil when the
// bytes stand alone.
type Companion func(suffix string) ([]byte, error)

// Marshal returns the bytes of the kdb+ data file that `set` writes for v: a typed
// vector with its 16-byte header, an enumeration in kdb+ 3.6+'s layout (the domain
// name at 16, items after a 4096-byte header), anything else as ff 01 and its IPC
// serialization. Attributes other than `s# are not written: their index data is kdb+'s
// own (the file reads back without the attribute).
func Marshal(v value.Value) ([]byte, error) {
	if h, data, ok := vectorParts(v); ok {
		b := make([]byte, 0, len(h)+len(data))
		return append(append(b, h...), data...), nil
	}
	return marshalAny(v)
}

// marshalAny writes v as ff 01 + -8!v without its header.
func marshalAny(v value.Value) ([]byte, error) {
	m, err := wire.AppendMessage(nil, wire.Async, v)
	if err != nil {
		return nil, err
	}
	m[6], m[7] = 0xff, 0x01
	return m[6:], nil
}

// vectorParts gives the header and item bytes of a fixed-width vector or enumeration
// (the items alias v on a little-endian host); ok is false for other values.
func vectorParts(v value.Value) (head, data []byte, ok bool) {
	switch x := v.(type) {
	case *value.Vec[byte]:
		return vecHeader(x.Typ, x.Attr, len(x.S)), x.S, true
	case *value.Vec[int16]:
		return vecHeader(x.Typ, x.Attr, len(x.S)), leBytes(x.S, 2), true
	case *value.Vec[int32]:
		return vecHeader(x.Typ, x.Attr, len(x.S)), leBytes(x.S, 4), true
	case *value.Vec[int64]:
		return vecHeader(x.Typ, x.Attr, len(x.S)), leBytes(x.S, 8), true
	case *value.Vec[float32]:
		return vecHeader(x.Typ, x.Attr, len(x.S)), leBytes(x.S, 4), true
	case *value.Vec[float64]:
		return vecHeader(x.Typ, x.Attr, len(x.S)), leBytes(x.S, 8), true
	case *value.Vec[[16]byte]:
		return vecHeader(x.Typ, x.Attr, len(x.S)), bytesOf(x.S), true
	case *value.EnumVec:
		if x.Domain == "" || len(x.Domain) >= newKHead-domainAt {
			return nil, nil, false
		}
		return enumHeader(x.Domain, x.Attr, len(x.Idx)), leBytes(x.Idx, 8), true
	}
	return nil, nil, false
}

// keptAttr is the attribute written to disk: only `s# needs no index data.
func keptAttr(a value.Attr) byte {
	if a == value.AttrS {
		return byte(a)
	}
	return 0
}

func vecHeader(t value.Type, a value.Attr, n int) []byte {
	h := make([]byte, vecHead)
	h[0], h[1], h[2], h[3] = 0xfe, 0x20, byte(t), keptAttr(a)
	binary.LittleEndian.PutUint64(h[8:], uint64(n))
	return h
}

// enumHeader is kdb+ 3.6+'s 4096-byte header of an enumeration over domain.
func enumHeader(domain string, a value.Attr, n int) []byte {
	h := make([]byte, newHead)
	h[0], h[1] = 0xfd, 0x20
	copy(h[domainAt:], domain)
	k := h[newKHead:]
	k[0], k[2], k[3] = 0xfd, byte(value.TEnum), keptAttr(a)
	binary.LittleEndian.PutUint64(k[8:], uint64(n))
	return h
}

// leBytes gives s as little-endian bytes: a view on little-endian hosts.
func leBytes[T int16 | int32 | int64 | float32 | float64](s []T, w int) []byte {
	if hostLittle {
		return bytesOf(s)
	}
	b := make([]byte, len(s)*w)
	for i, x := range s {
		switch w {
		case 2:
			binary.LittleEndian.PutUint16(b[2*i:], uint16(int64(x)))
		case 4:
			if f, ok := any(x).(float32); ok {
				binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
			} else {
				binary.LittleEndian.PutUint32(b[4*i:], uint32(int64(x)))
			}
		case 8:
			if f, ok := any(x).(float64); ok {
				binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(f))
			} else {
				binary.LittleEndian.PutUint64(b[8*i:], uint64(int64(x)))
			}
		}
	}
	return b
}

// Unmarshal decodes the bytes of a kdb+ data file, compressed or not. A nested column
// needs its companion file: use ReadFile, or UnmarshalWith.
func Unmarshal(b []byte) (value.Value, error) { return UnmarshalWith(b, nil) }

// UnmarshalWith decodes a data file whose companion files (col#, col##) comp loads.
func UnmarshalWith(b []byte, comp Companion) (value.Value, error) {
	if IsCompressed(b) {
		p, err := Decompress(b)
		if err != nil {
			return nil, err
		}
		b = p
	}
	h, err := parseHeader(b)
	if err != nil {
		return nil, err
	}
	switch h.kind {
	case kindAny:
		return unmarshalAny(b)
	case kindEnumOld, kindEnumNew:
		return enumItems(b, h), nil
	case kindNested:
		return nestedItems(b, h, comp)
	case kindAnymap:
		return anymapItems(b, h, comp)
	}
	return vecItems(b, h), nil
}

// The layouts parseHeader tells apart.
const (
	kindAny     = iota // ff 01 + IPC body
	kindVec            // fixed-width vector, fe 20 or new format
	kindEnumOld        // fe <domain>, int32 items
	kindEnumNew        // fd 20, int64 items
	kindNested         // 77+t: end offsets into col#
	kindAnymap         // 77: kdb+ 3.6+ nested lists of anything (col# heap, col## symbols)
)

// header is what the first bytes of a data file say.
type header struct {
	kind   int
	t      value.Type // item type (vectors), base type (nested)
	attr   value.Attr
	n      int64
	data   int // offset of the items
	domain string
}

// ColumnInfo is a data file's type, attribute, count and enumeration domain, read from
// its header alone (meta, and lazy column access).
type ColumnInfo struct {
	Type   value.Type // 1..19 vectors, 20 enumerations, 0 nested or general, -t atoms, 98/99
	Attr   value.Attr
	Count  int64  // -1 when only decoding tells (general values)
	Domain string // enumerations
	Nested value.Type
}

func parseHeader(b []byte) (header, error) {
	h, w, err := parseHead(b)
	if err != nil || h.kind == kindAny {
		return h, err
	}
	if h.n > int64(len(b)-h.data)/int64(w) {
		return h, corrupt(fmt.Sprintf("truncated: header says %d items, the file holds fewer", h.n))
	}
	return h, nil
}

// parseHead reads the header alone and gives the width of the items after it.
func parseHead(b []byte) (h header, w int, err error) {
	if len(b) < 3 {
		return h, 0, corrupt("file too short for a header")
	}
	switch {
	case b[0] == 0xff && b[1] == 0x01:
		h.kind, h.n = kindAny, -1
		return h, 0, nil
	case b[0] == 0xfe && b[1] == 0x20:
		if len(b) < vecHead {
			return h, 0, corrupt("vector header truncated")
		}
		h.t, h.attr, h.n, h.data = value.Type(b[2]), value.Attr(b[3]), int64(binary.LittleEndian.Uint64(b[8:])), vecHead
	case b[0] == 0xfe:
		if len(b) < oldEnumDat {
			return h, 0, corrupt("enumeration header truncated")
		}
		h.kind, h.t, h.attr, w = kindEnumOld, value.TEnum, value.Attr(b[11]), 4
		h.domain = cstring(b[1:domainAt])
		h.n, h.data = int64(binary.LittleEndian.Uint64(b[16:])), oldEnumDat
		if h.domain == "" {
			return h, 0, corrupt("enumeration without a domain name")
		}
	case b[0] == 0xfd && b[1] == 0x20:
		if len(b) < newHead {
			return h, 0, corrupt("header truncated (new format: 4096 bytes)")
		}
		k := b[newKHead:]
		h.t, h.attr, h.n, h.data = value.Type(k[2]), value.Attr(k[3]), int64(binary.LittleEndian.Uint64(k[8:])), newHead
		if h.t == value.TEnum {
			h.kind, h.domain, w = kindEnumNew, cstring(b[domainAt:newKHead]), 8
			if h.domain == "" {
				return h, 0, corrupt("enumeration without a domain name")
			}
		}
	default:
		return h, 0, corrupt(fmt.Sprintf("not a kdb+ data file (starts %#02x %#02x)", b[0], b[1]))
	}
	if h.attr > value.AttrG {
		return h, 0, corrupt(fmt.Sprintf("bad attribute %d", h.attr))
	}
	if h.n < 0 {
		return h, 0, corrupt(fmt.Sprintf("bad count %d", h.n))
	}
	switch {
	case w > 0: // an enumeration
	case h.t == nestedBase:
		h.kind, w = kindAnymap, 8
	case h.t > nestedBase && h.t <= nestedBase+value.TTime && width(h.t-nestedBase) > 0:
		h.kind, h.t, w = kindNested, h.t-nestedBase, 8
	case width(h.t) > 0:
		h.kind, w = kindVec, width(h.t)
	default:
		return h, 0, corrupt(fmt.Sprintf("unknown vector type %d", h.t))
	}
	return h, w, nil
}

func cstring(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// vecItems builds the vector the header describes; items alias b when they can.
func vecItems(b []byte, h header) value.Value {
	n := int(h.n)
	d := b[h.data:]
	switch h.t {
	case value.TBool, value.TByte, value.TChar:
		return &value.Vec[byte]{Typ: h.t, Attr: h.attr, S: d[:n:n]}
	case value.TGUID:
		return &value.Vec[[16]byte]{Typ: h.t, Attr: h.attr, S: sliceOf[[16]byte](d, n)}
	case value.TShort:
		return &value.Vec[int16]{Typ: h.t, Attr: h.attr, S: fromLE[int16](d, n, 2)}
	case value.TReal:
		return &value.Vec[float32]{Typ: h.t, Attr: h.attr, S: fromLE[float32](d, n, 4)}
	case value.TFloat, value.TDatetime:
		return &value.Vec[float64]{Typ: h.t, Attr: h.attr, S: fromLE[float64](d, n, 8)}
	}
	if width(h.t) == 4 {
		return &value.Vec[int32]{Typ: h.t, Attr: h.attr, S: fromLE[int32](d, n, 4)}
	}
	return &value.Vec[int64]{Typ: h.t, Attr: h.attr, S: fromLE[int64](d, n, 8)}
}

// fromLE reads n little-endian items of T: a view of d on little-endian hosts.
func fromLE[T int16 | int32 | int64 | float32 | float64](d []byte, n, w int) []T {
	if hostLittle {
		return sliceOf[T](d, n)[:n:n]
	}
	s := make([]T, n)
	for i := range s {
		switch w {
		case 2:
			s[i] = T(int16(binary.LittleEndian.Uint16(d[2*i:])))
		case 4:
			u := binary.LittleEndian.Uint32(d[4*i:])
			if p, ok := any(&s[i]).(*float32); ok {
				*p = math.Float32frombits(u)
			} else {
				s[i] = T(int32(u))
			}
		case 8:
			u := binary.LittleEndian.Uint64(d[8*i:])
			if p, ok := any(&s[i]).(*float64); ok {
				*p = math.Float64frombits(u)
			} else {
				s[i] = T(int64(u))
			}
		}
	}
	return s
}

func enumItems(b []byte, h header) value.Value {
	n := int(h.n)
	if h.kind == kindEnumNew {
		return &value.EnumVec{Domain: h.domain, Attr: h.attr, Idx: fromLE[int64](b[h.data:], n, 8)}
	}
	idx := make([]int64, n)
	for i := range idx {
		x := int32(binary.LittleEndian.Uint32(b[h.data+4*i:]))
		if x == math.MinInt32 {
			idx[i] = math.MinInt64 // the null enumeration keeps its null across widths
		} else {
			idx[i] = int64(x)
		}
	}
	return &value.EnumVec{Domain: h.domain, Attr: h.attr, Idx: idx}
}

// companionData reads the data of a nested column's # file: decompressed, past its
// header when it has kdb+ 3.6+'s.
func companionData(comp Companion) ([]byte, error) {
	if comp == nil {
		return nil, corrupt("nested column read without its # file")
	}
	hb, err := comp("#")
	if err != nil {
		return nil, err
	}
	if IsCompressed(hb) {
		if hb, err = Decompress(hb); err != nil {
			return nil, err
		}
	}
	if len(hb) >= 2 && hb[0] == 0xfd && hb[1] == 0x20 {
		if len(hb) < newHead {
			return nil, corrupt("# file header truncated")
		}
		hb = hb[newHead:]
	}
	return hb, nil
}

// nestedItems reads a 77+t column: the items are end offsets into col#, which holds
// the t items back to back (after a 4096-byte header in kdb+ 3.6+'s layout).
func nestedItems(b []byte, h header, comp Companion) (value.Value, error) {
	hb, err := companionData(comp)
	if err != nil {
		return nil, err
	}
	w := int64(width(h.t))
	ends := fromLE[int64](b[h.data:], int(h.n), 8)
	items := make([]value.Value, h.n)
	var lo int64
	for i, e := range ends {
		if e < lo || e > int64(len(hb))/w {
			return nil, corrupt(fmt.Sprintf("nested column: item %d ends outside the # file", i))
		}
		items[i] = vecItems(hb, header{t: h.t, n: e - lo, data: int(lo * w)})
		lo = e
	}
	return &value.List{Items: items}, nil
}

// unmarshalAny decodes ff 01 + IPC body. A general list reads on to the end of the
// file, past its header count: that is a tickerplant log, whose appends leave the
// count as it was.
func unmarshalAny(b []byte) (value.Value, error) {
	if b[2] == 0 && len(b) >= 8 {
		items, p, _ := journalItems(b[8:], -1, nil)
		if p.bytes < len(b)-8 {
			return nil, corrupt(fmt.Sprintf("corrupt: %d bytes after item %d do not decode", len(b)-8-p.bytes, p.chunks))
		}
		if want := int(int32(binary.LittleEndian.Uint32(b[4:]))); len(items) < want {
			return nil, corrupt(fmt.Sprintf("truncated: header says %d items, the file holds %d", want, len(items)))
		}
		if items == nil {
			items = []value.Value{}
		}
		return &value.List{Items: items}, nil
	}
	if b[2] == byte(value.TSym) && len(b) >= 8 {
		return symFile(b)
	}
	v, err := wire.DecodeBody(b[2:], true)
	if err != nil {
		return nil, corrupt("corrupt data file (" + err.Error() + ")")
	}
	return v, nil
}

// Info reads what a data file's header says without decoding the items (general
// values are decoded: their header holds no count).
func Info(b []byte) (ColumnInfo, error) {
	if IsCompressed(b) {
		p, err := Decompress(b)
		if err != nil {
			return ColumnInfo{}, err
		}
		b = p
	}
	h, err := parseHeader(b)
	if err != nil {
		return ColumnInfo{}, err
	}
	switch h.kind {
	case kindAny:
		v, err := unmarshalAny(b)
		if err != nil {
			return ColumnInfo{}, err
		}
		ci := ColumnInfo{Type: v.Type(), Count: int64(value.Len(v))}
		if x, ok := v.(*value.Vec[string]); ok {
			ci.Attr = x.Attr
		}
		return ci, nil
	case kindEnumOld, kindEnumNew:
		return ColumnInfo{Type: value.TEnum, Attr: h.attr, Count: h.n, Domain: h.domain}, nil
	case kindNested:
		return ColumnInfo{Type: value.TList, Count: h.n, Nested: h.t}, nil
	case kindAnymap:
		return ColumnInfo{Type: value.TList, Count: h.n}, nil
	}
	return ColumnInfo{Type: h.t, Attr: h.attr, Count: h.n}, nil
}

// symFile reads a symbol list file to its end: the enumeration domains (sym) kdb+
// extends by appending may keep 0 as their count (the shared dqe sym files do).
func symFile(b []byte) (value.Value, error) {
	want := int(int32(binary.LittleEndian.Uint32(b[4:])))
	body := b[8:]
	if len(body) > 0 && body[len(body)-1] != 0 {
		return nil, corrupt("truncated: the last symbol has no terminating NUL")
	}
	n := bytes.Count(body, []byte{0})
	if n < want || want < 0 {
		return nil, corrupt(fmt.Sprintf("truncated: header says %d symbols, the file holds %d", want, n))
	}
	s := make([]string, n)
	all := string(body) // one allocation, sliced per symbol
	p := 0
	for i := range s {
		e := p + strings.IndexByte(all[p:], 0)
		s[i] = all[p:e]
		p = e + 1
	}
	return &value.Vec[string]{Typ: value.TSym, Attr: value.Attr(b[3]), S: s}, nil
}
