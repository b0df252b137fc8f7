package wire

import (
	"bytes"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to Decode: it must never panic, and whatever it
// accepts must encode again and decode to the same bytes.
func FuzzDecode(f *testing.F) {
	for _, r := range loadVectors(f) {
		f.Add(r.msg)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if p := BigVectorAt(b, true); p > len(b) { // the reader's hint: no panic, in range
			t.Fatalf("BigVectorAt %d past %d bytes", p, len(b))
		}
		x, err := Decode(b)
		if err != nil {
			return
		}
		enc, err := Encode(x)
		if err != nil {
			// Only a Decode of an over-long lambda namespace etc. could get here.
			t.Fatalf("decoded %x but cannot encode: %v", b, err)
		}
		y, err := Decode(enc)
		if err != nil {
			t.Fatalf("re-encoded %x does not decode: %v", enc, err)
		}
		enc2, _ := Encode(y)
		if !bytes.Equal(enc, enc2) {
			t.Fatalf("unstable: %x then %x", enc, enc2)
		}
	})
}
