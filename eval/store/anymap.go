package store

import (
	"encoding/binary"
	"fmt"

	"github.com/gq-dev/gq/eval/value"
)

// kdb+ 3.6+ stores a column of arbitrary nested values (type 77, "anymap") in three
// files, as the shared dqedb database shows:
//
//	col    new-format header, type 77, n; n references into col#
//	col#   new-format header (type 4, count 0), then a heap of objects
//	col##  the symbols the heap's symbol vectors index (a symbol list data file)
//
// A reference is 8 bytes: the object's offset in the heap in the low 7 bytes (the top
// byte is a tag we do not need). An object starts either with a full header
// fb a t u r(4) n(8) (16 bytes) or, when small, a 2-byte one: 0x80+t-1 and the count.
// Tables and dictionaries hold two references (names or keys; values); general lists
// hold n references; vectors hold their items; symbol vectors hold int32 indices
// into col##.

const maxAnymapDepth = 64

type anymap struct {
	heap   []byte
	visits int // objects decoded: more than the heap can hold is a reference loop
	syms   []string
	comp   Companion
	err    error
}

func anymapItems(b []byte, h header, comp Companion) (value.Value, error) {
	hb, err := companionData(comp)
	if err != nil {
		return nil, err
	}
	m := &anymap{heap: hb, comp: comp}
	refs := fromLE[int64](b[h.data:], int(h.n), 8)
	items := make([]value.Value, len(refs))
	for i, r := range refs {
		items[i] = m.object(r, 0)
		if m.err != nil {
			return nil, m.err
		}
	}
	return &value.List{Items: items}, nil
}

func (m *anymap) fail(format string, a ...any) value.Value {
	if m.err == nil {
		m.err = corrupt("nested column: " + fmt.Sprintf(format, a...))
	}
	return nil
}

// symbols loads col## on first use.
func (m *anymap) symbols() []string {
	if m.syms != nil || m.err != nil {
		return m.syms
	}
	b, err := m.comp("##")
	if err != nil {
		m.err = err
		return nil
	}
	v, err := Unmarshal(b)
	if err != nil {
		m.err = err
		return nil
	}
	s, ok := v.(*value.Vec[string])
	if !ok {
		m.fail("## file is not a symbol list")
		return nil
	}
	m.syms = s.S
	return m.syms
}

func (m *anymap) object(ref int64, depth int) value.Value {
	off := ref & (1<<56 - 1)
	if m.visits++; depth > maxAnymapDepth || m.visits > len(m.heap)/2+1 {
		return m.fail("references nest too deep or loop")
	}
	if off < 0 || off+2 > int64(len(m.heap)) {
		return m.fail("reference %#x outside the # file", ref)
	}
	var t value.Type
	var attr value.Attr
	var n, data int64
	switch c := m.heap[off]; {
	case c == 0xfb:
		if off+16 > int64(len(m.heap)) {
			return m.fail("object at %#x truncated", off)
		}
		t, attr = value.Type(int8(m.heap[off+2])), value.Attr(m.heap[off+3])
		n, data = int64(binary.LittleEndian.Uint64(m.heap[off+8:])), off+16
	case c >= 0x80 && c < 0x80+byte(value.TTime):
		t, n, data = value.Type(c-0x80+1), int64(m.heap[off+1]), off+2
	default:
		return m.fail("unknown object %#02x at %#x", c, off)
	}
	if attr > value.AttrG {
		attr = value.AttrNone
	}
	if n < 0 || n > int64(len(m.heap)) {
		return m.fail("bad count at %#x", off)
	}
	refs := func(k int64) []int64 {
		if data+8*k > int64(len(m.heap)) {
			m.fail("object at %#x truncated", off)
			return nil
		}
		return fromLE[int64](m.heap[data:], int(k), 8)
	}
	switch {
	case t == value.TTable || t == value.TDict:
		r := refs(2)
		if r == nil {
			return nil
		}
		k, v := m.object(r[0], depth+1), m.object(r[1], depth+1)
		if m.err != nil {
			return nil
		}
		if t == value.TDict {
			return &value.Dict{K: k, V: v}
		}
		names, ok := k.(*value.Vec[string])
		cols, ok2 := v.(*value.List)
		if !ok || !ok2 || len(names.S) != len(cols.Items) {
			return m.fail("table at %#x malformed", off)
		}
		return value.NewTable(names.S, cols.Items)
	case t == value.TList || t == nestedBase:
		r := refs(n)
		items := make([]value.Value, len(r))
		for i, x := range r {
			items[i] = m.object(x, depth+1)
		}
		if m.err != nil {
			return nil
		}
		return &value.List{Items: items}
	case t == value.TSym:
		if data+4*n > int64(len(m.heap)) {
			return m.fail("symbols at %#x truncated", off)
		}
		dom := m.symbols()
		s := make([]string, n)
		for i := range s {
			x := int64(int32(binary.LittleEndian.Uint32(m.heap[data+4*int64(i):])))
			if x < 0 || x >= int64(len(dom)) {
				return m.fail("symbol index %d outside the ## file", x)
			}
			s[i] = dom[x]
		}
		return &value.Vec[string]{Typ: value.TSym, Attr: attr, S: s}
	case t == value.TEnum:
		if data+8*n > int64(len(m.heap)) {
			return m.fail("enumeration at %#x truncated", off)
		}
		// We found no domain name in the heap: sym, the usual domain, is assumed.
		return &value.EnumVec{Domain: "sym", Attr: attr, Idx: fromLE[int64](m.heap[data:], int(n), 8)}
	case t > 0 && width(t) > 0:
		if data+n*int64(width(t)) > int64(len(m.heap)) {
			return m.fail("vector at %#x truncated", off)
		}
		return vecItems(m.heap, header{t: t, attr: attr, n: n, data: int(data)})
	}
	return m.fail("object of type %d at %#x not supported", t, off)
}
