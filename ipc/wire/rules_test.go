package wire

import (
	"bytes"
	"encoding/binary"
	"testing"

	v "github.com/gq-dev/gq/eval/value"
)

// TestHeaderMinLen pins the header's length bounds (ipc-protocol.md §2: the smallest
// well-formed message is 10 bytes, the generic null 01000000 0a000000 6500; a compressed
// one needs 8 header bytes and the 4-byte original length, §4.2), in both byte orders,
// and that fewer than 8 header bytes never parse.
func TestHeaderMinLen(t *testing.T) {
	hdr := func(little bool, compressed byte, n uint32) []byte {
		b := []byte{0, Sync, compressed, 0, 0, 0, 0, 0}
		if little {
			b[0] = 1
			binary.LittleEndian.PutUint32(b[4:], n)
		} else {
			binary.BigEndian.PutUint32(b[4:], n)
		}
		return b
	}
	for _, little := range []bool{true, false} {
		for n := uint32(0); n <= 13; n++ {
			_, err := ParseHeader(hdr(little, 0, n))
			if ok := n >= 10; (err == nil) != ok {
				t.Errorf("little=%v plain length %d: err %v, want accepted=%v", little, n, err, ok)
			}
			_, err = ParseHeader(hdr(little, 1, n))
			if ok := n >= 12; (err == nil) != ok {
				t.Errorf("little=%v compressed length %d: err %v, want accepted=%v", little, n, err, ok)
			}
		}
		h, err := ParseHeader(hdr(little, 0, MaxLen))
		if err != nil || h.Len != MaxLen {
			t.Errorf("little=%v length MaxLen: %+v %v", little, h, err)
		}
		if _, err := ParseHeader(hdr(little, 0, MaxLen+1)); err == nil {
			t.Errorf("little=%v length MaxLen+1 accepted", little)
		}
	}
	full := []byte{1, Sync, 0, 0, 10, 0, 0, 0}
	for n := 0; n < HeaderLen; n++ {
		if _, err := ParseHeader(full[:n]); err == nil {
			t.Errorf("%d header bytes accepted", n)
		}
	}
	// The generic null itself decodes.
	if x, err := Decode([]byte{1, 0, 0, 0, 10, 0, 0, 0, 0x65, 0}); err != nil || x == nil {
		t.Errorf("generic null: %v %v", x, err)
	}
}

// TestAttributeByte: a vector's attribute byte is one of 0 (none), 1 `s, 2 `u, 3 `p,
// 4 `g (ipc-protocol.md §3, "Attribute byte"); any other value, including the 0x80
// long-count flag of capability 6, which we never offer, is a malformed message.
func TestAttributeByte(t *testing.T) {
	for a := 0; a < 256; a++ {
		// 1 2j with attribute byte a
		m := []byte{1, 0, 0, 0, 30, 0, 0, 0, 7, byte(a), 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0}
		x, err := Decode(m)
		if ok := a <= 4; (err == nil) != ok {
			t.Errorf("attribute byte %d: %v %v, want accepted=%v", a, x, err, ok)
			continue
		}
		if err == nil && x.(*v.Vec[int64]).Attr != v.Attr(a) {
			t.Errorf("attribute byte %d decoded as %v", a, x.(*v.Vec[int64]).Attr)
		}
	}
}

// TestCompressSizeRule: the 2000-byte rule (ipc-protocol.md §4.1: only a message longer
// than 2000 bytes, header included, is compressed). Byte vectors of zeros compress
// extremely well, so only the size decides: 1986 bytes make a 2000-byte message, 1987
// make 2001.
func TestCompressSizeRule(t *testing.T) {
	for _, c := range []struct {
		n    int
		want bool
	}{{1985, false}, {1986, false}, {1987, true}, {1988, true}} {
		m, err := Encode(v.Bytes(make([]byte, c.n)))
		if err != nil {
			t.Fatal(err)
		}
		if len(m) != c.n+14 {
			t.Fatalf("message of %d bytes is %d long", c.n, len(m))
		}
		z, ok := Compress(m)
		if ok != c.want {
			t.Errorf("%d-byte message: compressed=%v, want %v", len(m), ok, c.want)
			continue
		}
		if ok {
			if u, err := Uncompress(z, MaxLen); err != nil || !bytes.Equal(u, m) {
				t.Errorf("%d-byte message does not round-trip: %v", len(m), err)
			}
		}
		// EncodeCompressed (-18!) applies the same rule.
		e, err := EncodeCompressed(v.Bytes(make([]byte, c.n)))
		if err != nil || (e[2] == 1) != c.want {
			t.Errorf("-18! of a %d-byte message: flag %d %v", len(m), e[2], err)
		}
	}
}

// noRepeatPairs is 256*k bytes in which no two adjacent bytes occur twice as a pair:
// the cycles 0, d, 2d, ... (mod 256) for odd d, each ending one step before its first
// byte comes round again. kdb+'s compressor only finds a back-reference where a pair
// repeats (its hash is a XOR b; it checks the first byte), so these bytes are all
// literals: 9 output bytes for every 8.
func noRepeatPairs(k int) []byte {
	var b []byte
	for d := 1; d < 2*k; d += 2 {
		for i := range 256 {
			b = append(b, byte(i*d))
		}
	}
	return b
}

// TestCompressHalfRule: the gain rule (§4.1: the output buffer is floor(len/2) bytes
// and compression gives up, checking at each group of 8 items, as it would overflow
// it). Messages of 4014 bytes with the first L payload bytes incompressible and the rest
// zeros are compressed for small L and sent plain for large L; what is compressed fits
// in half, and the switch comes where the compressed form nears half the message (the
// group alignment lets it waver for a few L).
func TestCompressHalfRule(t *testing.T) {
	lits := noRepeatPairs(8)
	const n = 4000
	first, last := -1, -1 // the smallest L sent plain, the largest compressed
	var lastLen, msgLen int
	for l := 1000; l <= 2000; l++ {
		payload := make([]byte, n)
		copy(payload, lits[:l])
		m, _ := Encode(v.Bytes(payload))
		msgLen = len(m)
		z, ok := Compress(m)
		if !ok {
			if first < 0 {
				first = l
			}
			continue
		}
		last, lastLen = l, len(z)
		if len(z) > len(m)/2 {
			t.Errorf("L=%d: compressed to %d of %d bytes: more than half", l, len(z), len(m))
		}
		if u, err := Uncompress(z, MaxLen); err != nil || !bytes.Equal(u, m) {
			t.Fatalf("L=%d does not round-trip: %v", l, err)
		}
	}
	if first <= 1000 || last < 0 || last == 2000 || last-first > 16 {
		t.Fatalf("compressed up to L=%d, plain from L=%d: want one switch between 1000 and 2000", last, first)
	}
	// At the switch the output is within one group (17 bytes, the margin the rule
	// keeps) and a flag byte of half the message.
	if msgLen/2-lastLen > 17+9 {
		t.Errorf("the last compressed message (L=%d) is %d bytes of %d: the rule gives up too early", last, lastLen, msgLen)
	}
}
