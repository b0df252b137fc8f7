package wire

import (
	"encoding/binary"
	"unsafe"

	"github.com/gq-dev/gq/eval/value"
)

// Large vectors decoded in place. A message of hundreds of megabytes was read into one
// buffer and then copied into the vector's own memory: two passes over fresh pages for
// every message, where a bare server makes one. When the caller hands the buffer over
// (Decoder.Alias), a vector of at least AliasMin bytes whose items are aligned in it
// becomes a view of the buffer instead of a copy; BigVectorAt tells the reader where
// the first such vector starts, so it can place the buffer to make that one aligned.

// AliasMin is the smallest vector payload decoded as a view of the message.
const AliasMin = 1 << 20

// alias returns the n items of width w in src as a []T over the same memory, capped at
// its length (so nothing can append into the rest of the message), or nil when src is
// not aligned for T, the host is big-endian or the vector is small.
func alias[T fixed](src []byte, n int) []T {
	var t T
	if !hostLittle || len(src) < AliasMin || len(src) != n*int(unsafe.Sizeof(t)) {
		return nil
	}
	p := unsafe.Pointer(unsafe.SliceData(src))
	if uintptr(p)%unsafe.Alignof(t) != 0 {
		return nil
	}
	return unsafe.Slice((*T)(p), n)[:n:n]
}

// BigVectorAt gives the offset in a message (header included) of the items of its
// first vector of at least AliasMin bytes, reading only the prefix b of the message;
// -1 when there is none in b or the message holds something this walk does not follow
// (functions, errors). Tables, dictionaries and general lists are followed.
func BigVectorAt(b []byte, little bool) int {
	if len(b) < HeaderLen {
		return -1
	}
	w := walker{b: b, p: HeaderLen, little: little}
	if w.object(0) {
		return w.found
	}
	return -1
}

// walker skips objects until it finds a big vector (found, and object returns true).
type walker struct {
	b      []byte
	p      int
	little bool
	found  int
}

// widths of the fixed-size atoms and vector items by type; 0: not fixed.
var widths = [...]int{value.TBool: 1, value.TGUID: 16, value.TByte: 1, value.TShort: 2,
	value.TInt: 4, value.TLong: 8, value.TReal: 4, value.TFloat: 8, value.TChar: 1,
	value.TTimestamp: 8, value.TMonth: 4, value.TDate: 4, value.TDatetime: 8,
	value.TTimespan: 8, value.TMinute: 4, value.TSecond: 4, value.TTime: 4}

// object reports true when it found the big vector; otherwise w.p moves past the
// object, or beyond len(b) when the walk cannot go on (every caller then stops).
func (w *walker) object(depth int) bool {
	if depth > MaxDepth || w.p >= len(w.b) {
		w.p = len(w.b) + 1
		return false
	}
	t := int8(w.b[w.p])
	w.p++
	switch {
	case t < 0 && -int(t) < len(widths) && widths[-t] > 0:
		w.p += widths[-t]
	case t == -int8(value.TSym):
		w.sym()
	case t == int8(value.TTable):
		w.p++ // attribute
		return w.object(depth + 1)
	case t == int8(value.TDict), t == 127:
		return w.object(depth+1) || w.object(depth+1)
	case t >= 0 && int(t) < len(widths) || t == int8(value.TSym):
		if w.p+5 > len(w.b) {
			w.p = len(w.b) + 1
			return false
		}
		var n int
		if w.little {
			n = int(int32(binary.LittleEndian.Uint32(w.b[w.p+1:])))
		} else {
			n = int(int32(binary.BigEndian.Uint32(w.b[w.p+1:])))
		}
		w.p += 5
		if n < 0 {
			w.p = len(w.b) + 1
			return false
		}
		switch {
		case t == 0:
			for range n {
				if w.object(depth+1) || w.p > len(w.b) {
					return w.p <= len(w.b)
				}
			}
		case t == int8(value.TSym):
			for range n {
				if w.sym(); w.p > len(w.b) {
					return false
				}
			}
		default:
			if n*widths[t] >= AliasMin {
				w.found = w.p
				return true
			}
			w.p += n * widths[t]
		}
	default:
		w.p = len(w.b) + 1
	}
	return false
}

// sym skips a NUL-terminated string.
func (w *walker) sym() {
	for w.p < len(w.b) {
		w.p++
		if w.b[w.p-1] == 0 {
			return
		}
	}
	w.p = len(w.b) + 1
}
