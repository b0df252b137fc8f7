package wire

import (
	"bytes"
	"encoding/hex"
	"math"
	"testing"

	v "github.com/gq-dev/gq/eval/value"
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func TestTruncatedAndExtended(t *testing.T) {
	for _, r := range loadVectors(t) {
		body := r.msg
		if r.msg[2] == 1 {
			continue // compressed: covered by TestUncompressBad
		}
		for n := HeaderLen; n < len(body); n++ {
			if _, err := DecodeBody(body[HeaderLen:n], true); err == nil {
				t.Errorf("%s: prefix of %d bytes decoded", r.expr, n)
			}
		}
		long := append(append([]byte{}, body...), 0)
		if _, err := DecodeBody(long[HeaderLen:], true); err == nil {
			t.Errorf("%s: trailing byte accepted", r.expr)
		}
		if _, err := Decode(long); err == nil {
			t.Errorf("%s: length mismatch accepted", r.expr)
		}
	}
}

func TestBadObjects(t *testing.T) {
	for _, s := range []string{
		"fd00",           // atom type -3
		"030000000000",   // vector type 3
		"1400",           // enumeration 20
		"7000",           // dynamic load
		"0705ffffffff",   // attribute 5
		"0700ffffffff",   // negative count
		"07000100000001", // count beyond the bytes
		"0b000200000061", // symbol without NUL
		"f56162",         // symbol atom without NUL
		"806162",         // error without NUL
		"62006300",       // table without columns
		"6200630b000100000061000700010000000100000000000000",           // table data not a list
		"630b00010000006100070002000000010000000000000002000000000000", // dict counts differ
		"6400000700010000000100000000000000",                           // lambda body not a string
		"6800000000",                                                   // projection with nothing
		"690000000000",                                                 // composition with nothing
		"6a",                                                           // derived without function
		"",
	} {
		if _, err := DecodeBody(mustHex(s), true); err == nil {
			t.Errorf("%s decoded", s)
		}
	}
	// Nesting beyond MaxDepth.
	deep := bytes.Repeat(mustHex("0000010000"+"00"), 0)
	for i := 0; i < MaxDepth+5; i++ {
		deep = append(deep, 0, 0, 1, 0, 0, 0)
	}
	deep = append(deep, 0x65, 0)
	if _, err := DecodeBody(deep, true); err == nil {
		t.Error("deep nesting decoded")
	}
}

func TestHeader(t *testing.T) {
	for _, s := range []string{"0200000010000000", "0103000010000000", "0100020010000000",
		"0100000110000000", "0100000009000000", "01000100", "01000000ffffffff"} {
		if _, err := ParseHeader(mustHex(s)); err == nil {
			t.Errorf("%s accepted", s)
		}
	}
	h, err := ParseHeader(mustHex("0001000000000010"))
	if err != nil || h.Little || h.Kind != Sync || h.Len != 16 {
		t.Errorf("big-endian header: %+v %v", h, err)
	}
}

func TestBigEndian(t *testing.T) {
	// 1 2 3i and `a`b!(1h;2.5) written big-endian, as javakdb can send them.
	m := mustHex("000000000000001a" + "0600" + "00000003" + "00000001" + "00000002" + "00000003")
	x, err := Decode(m)
	if err != nil || !sameValue(x, ints(1, 2, 3)) {
		t.Fatalf("%v %v", x, err)
	}
	body := mustHex("63" + "0b0000000002" + "61006200" + "00" + "0000000002" + "fb0001" + "f7" + "4004000000000000")
	x, err = DecodeBody(body, false)
	want := &v.Dict{K: syms("a", "b"), V: L(v.Short(1), v.Float(2.5))}
	if err != nil || !sameValue(x, want) {
		t.Fatalf("%v %v", x, err)
	}
}

func TestNaNAndNegativeZero(t *testing.T) {
	// Go's NaN has a different bit pattern from kdb+'s; any NaN goes out as kdb+'s.
	b, _ := Encode(v.Floats([]float64{math.NaN(), math.Float64frombits(0x7ff8000000000001), math.Copysign(0, -1)}))
	if want := "0100000026000000090003000000000000000000f8ff000000000000f8ff0000000000000080"; hex.EncodeToString(b) != want {
		t.Errorf("got %x", b)
	}
	b, _ = Encode(v.Real(float32(math.NaN())))
	if want := "010000000d000000f80000c0ff"; hex.EncodeToString(b) != want {
		t.Errorf("got %x", b)
	}
	// Any NaN decodes (qPython writes ...f87f).
	x, err := Decode(mustHex("0100000011000000f7000000000000f87f"))
	if f, ok := x.(v.Float); err != nil || !ok || f == f {
		t.Errorf("%v %v", x, err)
	}
}

func TestFunctions(t *testing.T) {
	// A hole inside a projection is unary primitive 0xff; trailing holes are dropped.
	p := &v.Projection{Fn: lambdaA, Args: []v.Value{nil, v.Long(3)}}
	b, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	want := "0100000025000000680300000064000a00050000007b782b797d65fff90300000000000000"
	if hex.EncodeToString(b) != want {
		t.Errorf("got %x", b)
	}
	x, err := Decode(b)
	q, ok := x.(*v.Projection)
	if err != nil || !ok || len(q.Args) != 2 || q.Args[0] != nil || q.Args[1] != v.Long(3) {
		t.Errorf("%#v %v", x, err)
	}
	// md5 is -15! : a projection of ! with a long.
	x, err = DecodeBody(mustHex("680200000066"+"10"+"f9f1ffffffffffffff"), true)
	q, ok = x.(*v.Projection)
	if err != nil || !ok || q.Fn.(*v.Prim).Name != "!" || len(q.Args) != 2 || q.Args[1] != nil {
		t.Errorf("md5: %#v %v", x, err)
	}
	// any is a composition.
	x, err = DecodeBody(mustHex("6902000000651c680200000066"+"0b"+"f662"), true)
	c, ok := x.(*v.Composition)
	if err != nil || !ok || len(c.Fns) != 2 || c.Fns[0].(*v.Prim).Name != "max" {
		t.Errorf("any: %#v %v", x, err)
	}
	// The generic null and the iterators.
	for _, s := range []string{"6500", "6700", "6705", "6e6601", "6f6601", "6a6601"} {
		x, err := DecodeBody(mustHex(s), true)
		if err != nil {
			t.Errorf("%s: %v", s, err)
			continue
		}
		b, _ := AppendMessage(nil, Response, x)
		if hex.EncodeToString(b[HeaderLen:]) != s || b[1] != Response {
			t.Errorf("%s: re-encoded %x", s, b)
		}
	}
	if id, ok := PrimID(v.TBinary, "like"); !ok || id != 25 {
		t.Error("PrimID like")
	}
	// A Decoder's Prims gives the caller's own primitives.
	dc := Decoder{Prims: func(t v.Type, id byte) *v.Prim {
		if t == v.TUnary && id == 0 {
			return nullP
		}
		return nil
	}}
	if x, _ := dc.DecodeBody(mustHex("6500"), true); x != v.Value(nullP) {
		t.Error("Decoder.Prims not used")
	}
	if x, _ := DecodeBody(mustHex("6500"), true); x == v.Value(nullP) {
		t.Error("the zero Decoder used a resolver")
	}
}

// The codec knows no enumeration domains: the evaluator sends enumerations as their
// symbols (eval's forWire), and the encoder refuses any that reach it.
func TestEnumerations(t *testing.T) {
	for _, e := range []v.Value{&v.EnumVec{Domain: "sym", Idx: []int64{1, 0, 1}}, v.EnumAtom{Domain: "sym", Idx: 1},
		L(v.Long(1), &v.EnumVec{Domain: "sym"})} {
		if _, err := Encode(e); err == nil {
			t.Errorf("%v: enumeration encoded", e)
		}
	}
}

func TestCompress(t *testing.T) {
	// The docs' example: count -8!til 1000 is 8014 and count -18!til 1000 is 3276.
	s := make([]int64, 1000)
	for i := range s {
		s[i] = int64(i)
	}
	m, _ := Encode(v.Longs(s))
	c, ok := Compress(m)
	if len(m) != 8014 || !ok || len(c) != 3276 {
		t.Fatalf("%d %d %v", len(m), len(c), ok)
	}
	u, err := Uncompress(c, MaxLen)
	if err != nil || !bytes.Equal(u, m) {
		t.Fatal("uncompress", err)
	}
	x, err := Decode(c)
	if err != nil || !sameValue(x, v.Longs(s)) {
		t.Fatal("decode compressed", err)
	}
	// Too small, or incompressible: sent as is.
	if _, ok := Compress(m[:2000]); ok {
		t.Error("compressed 2000 bytes")
	}
	rnd := make([]byte, 5000)
	seed := uint32(1)
	for i := range rnd {
		seed = seed*1664525 + 1013904223
		rnd[i] = byte(seed >> 24)
	}
	m, _ = Encode(v.Bytes(rnd))
	if _, ok := Compress(m); ok {
		t.Error("compressed random bytes")
	}
}

func TestUncompressBad(t *testing.T) {
	for _, r := range loadVectors(t) {
		if r.msg[2] != 1 {
			continue
		}
		for n := 0; n < len(r.msg); n++ {
			if _, err := Decode(r.msg[:n]); err == nil {
				t.Errorf("%s: prefix %d decoded", r.expr, n)
			}
			if _, err := Uncompress(r.msg[:n], MaxLen); err == nil && n < len(r.msg)-1 {
				t.Errorf("%s: prefix %d uncompressed", r.expr, n)
			}
		}
	}
	// A claimed size far beyond what the stream can produce is refused before allocating.
	if _, err := Uncompress(mustHex("0100010010000000ffffff7f00000000"), MaxLen); err == nil {
		t.Error("huge claim accepted")
	}
	// A back-reference to an unset entry.
	if _, err := Uncompress(mustHex("0100010010000000200000000100ff00"), MaxLen); err == nil {
		t.Error("bad reference accepted")
	}
}

func TestAppendReuses(t *testing.T) {
	buf := make([]byte, 0, 256)
	b, err := AppendMessage(buf, Sync, v.Str("2+2"))
	if err != nil || &b[0] != &buf[:1][0] {
		t.Fatal("did not reuse the buffer")
	}
	b, _ = AppendMessage(b, Async, v.Long(1))
	if len(b) != 17+17 || b[1] != Sync || b[18] != Async {
		t.Fatalf("%x", b)
	}
	if _, err := Encode(struct{ v.Value }{}); err == nil {
		t.Error("unknown value encoded")
	}
}

func TestCheckCap(t *testing.T) {
	g := L(v.Long(1), &v.Dict{K: syms("a"), V: v.GUIDs([][16]byte{{}})})
	ts := tbl(0, []string{"t"}, v.NewVec(v.TTimestamp, []int64{1}))
	for _, c := range []struct {
		x    v.Value
		capa byte
		ok   bool
	}{{g, 3, true}, {g, 2, false}, {ts, 1, true}, {ts, 0, false}, {v.Timespan(1), 0, false},
		{longs(1, 2), 0, true}, {&v.Error{Msg: "x"}, 0, true}} {
		if err := CheckCap(c.x, c.capa); (err == nil) != c.ok {
			t.Errorf("%v cap %d: %v", c.x, c.capa, err)
		}
	}
}

func TestLambdaNamespace(t *testing.T) {
	x, err := Decode(mustHex("01000000160000006464000a00050000007b782b797d"))
	if l, ok := x.(*v.Lambda); err != nil || !ok || l.Ns != "d" || l.Src != "{x+y}" {
		t.Fatalf("%#v %v", x, err)
	}
	a, _ := Encode(&v.Lambda{Src: "{x+y}", Ns: "d"})
	b, _ := Encode(&v.Lambda{Src: "{x+y}", Ns: ".d"})
	if !bytes.Equal(a, b) {
		t.Error("leading dot changes the bytes")
	}
}

// TestHostOrderPaths checks that the copy paths a little-endian host takes and the item
// loops a big-endian host would take write and read the same bytes, nulls and odd lengths
// included.
func TestHostOrderPaths(t *testing.T) {
	nf := math.NaN()
	vecs := []v.Value{
		&v.Vec[int16]{Typ: v.TShort, S: []int16{1, -2, math.MinInt16, math.MaxInt16, 5}},
		&v.Vec[int32]{Typ: v.TDate, S: []int32{7, math.MinInt32, -1}},
		&v.Vec[int64]{Typ: v.TLong, S: []int64{1, 2, 3, 4, 5, 6, 7, math.MinInt64, -9}},
		&v.Vec[float32]{Typ: v.TReal, S: []float32{1.5, float32(nf), -0.0, 3}},
		&v.Vec[float64]{Typ: v.TFloat, S: []float64{nf, math.Inf(-1), 2.25, -0.0, 1e300}},
		&v.Vec[int64]{Typ: v.TTimestamp, S: []int64{}},
	}
	defer func(h bool) { hostLittle = h }(hostLittle)
	for _, x := range vecs {
		hostLittle = true
		fast, err := Encode(x)
		if err != nil {
			t.Fatal(err)
		}
		hostLittle = false
		slow, _ := Encode(x)
		if !bytes.Equal(fast, slow) {
			t.Errorf("%v: host-order encode %x, item loop %x", x, fast, slow)
		}
		back, err := Decode(fast)
		if err != nil || !sameValue(back, x) {
			t.Errorf("%v: item loop decodes %v %v", x, back, err)
		}
		hostLittle = true
		if back, err = Decode(slow); err != nil || !sameValue(back, x) {
			t.Errorf("%v: host-order decode %v %v", x, back, err)
		}
	}
}

// Nesting deeper than MaxDepth is 'stack both ways, as kdb+ reports it, never a Go stack
// overflow: enlist/[4000000;1] sent as a response once killed the server.
func TestDepthLimit(t *testing.T) {
	nest := func(n int) v.Value {
		var x v.Value = v.Long(1)
		for range n {
			x = &v.List{Items: []v.Value{x}}
		}
		return x
	}
	if _, err := Encode(nest(MaxDepth)); err != nil {
		t.Fatalf("depth %d: %v", MaxDepth, err)
	}
	for _, n := range []int{MaxDepth + 1, 4000000} {
		if _, err := Encode(nest(n)); err == nil || err.Error() != "stack" {
			t.Errorf("encode depth %d: %v", n, err)
		}
		if _, err := Size(nest(n)); err == nil || err.Error() != "stack" {
			t.Errorf("size depth %d: %v", n, err)
		}
	}
	// a message nesting MaxDepth+1 general lists of one item
	body := bytes.Repeat([]byte{0, 0, 1, 0, 0, 0}, MaxDepth+1)
	body = append(body, 0xf9, 1, 0, 0, 0, 0, 0, 0, 0)
	if _, err := DecodeBody(body, true); err == nil || err.Error() != "stack" {
		t.Errorf("decode: %v", err)
	}
	if x, err := DecodeBody(body[6:], true); err != nil || x == nil {
		t.Errorf("decode at the limit: %v", err)
	}
}

// TestGeneralListOfAtoms: a type-0 list whose items are atoms of one type decodes as
// the vector of that type (node-q sends ["`a","`b","`c"] that way and its
// itest/serialization.js expects 11h at the server); mixed lists stay general.
func TestGeneralListOfAtoms(t *testing.T) {
	msg := func(body ...byte) []byte {
		b := []byte{1, 0, 0, 0, byte(8 + len(body)), 0, 0, 0}
		return append(b, body...)
	}
	syms := msg(0, 0, 3, 0, 0, 0, 0xf5, 'a', 0, 0xf5, 'b', 0, 0xf5, 'c', 0)
	x, err := Decode(syms)
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := x.(*v.Vec[string]); !ok || s.Typ != v.TSym || len(s.S) != 3 || s.S[2] != "c" {
		t.Errorf("(`a;`b;`c) as type 0 decoded as %#v", x)
	}
	mixed := msg(0, 0, 2, 0, 0, 0, 0xf5, 'a', 0, 0xf6, 'b')
	if x, err := Decode(mixed); err != nil || x.Type() != v.TList {
		t.Errorf("(`a;\"b\") decoded as %#v, %v", x, err)
	}
	empty := msg(0, 0, 0, 0, 0, 0)
	if x, err := Decode(empty); err != nil || x.Type() != v.TList {
		t.Errorf("() decoded as %#v, %v", x, err)
	}
}
