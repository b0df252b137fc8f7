package wire

import (
	"encoding/binary"
	"math"
	"unsafe"
)

// Vectors of fixed-width items move between typed slices and message bytes. On a
// little-endian host (amd64 and arm64, where gq runs) a slice's memory already holds its
// items in the wire's order, so integers encode with one copy and every type decodes with
// one copy into fresh memory. The loops serve the rest; the float put loops (every host)
// are unrolled and re-slice as they go, so bounds are checked once per four items.

var le = binary.LittleEndian

// hostLittle reports whether this host stores integers little-endian. A variable, so a
// test can run the loops a big-endian host would.
var hostLittle = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

type fixed interface {
	int16 | int32 | int64 | float32 | float64
}

// putInts writes the items of s into d, little-endian: a copy of s's memory where the
// host is little-endian, else put. Floats always take their loops, which write every NaN
// as kdb+'s null bit pattern.
func putInts[T int16 | int32 | int64](d []byte, s []T, put func([]byte, []T)) {
	if hostLittle && len(s) > 0 {
		copy(d, unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(s[0]))))
		return
	}
	put(d, s)
}

func putI16s(d []byte, s []int16) {
	for i, x := range s {
		le.PutUint16(d[2*i:], uint16(x))
	}
}

func putI32s(d []byte, s []int32) {
	for i, x := range s {
		le.PutUint32(d[4*i:], uint32(x))
	}
}

func putI64s(d []byte, s []int64) {
	for i, x := range s {
		le.PutUint64(d[8*i:], uint64(x))
	}
}

func putF32s(d []byte, s []float32) {
	for len(s) >= 4 && len(d) >= 16 {
		le.PutUint32(d[0:4], f32bits(s[0]))
		le.PutUint32(d[4:8], f32bits(s[1]))
		le.PutUint32(d[8:12], f32bits(s[2]))
		le.PutUint32(d[12:16], f32bits(s[3]))
		d, s = d[16:], s[4:]
	}
	for i, x := range s {
		le.PutUint32(d[4*i:], f32bits(x))
	}
}

func putF64s(d []byte, s []float64) {
	for len(s) >= 4 && len(d) >= 32 {
		le.PutUint64(d[0:8], f64bits(s[0]))
		le.PutUint64(d[8:16], f64bits(s[1]))
		le.PutUint64(d[16:24], f64bits(s[2]))
		le.PutUint64(d[24:32], f64bits(s[3]))
		d, s = d[32:], s[4:]
	}
	for i, x := range s {
		le.PutUint64(d[8*i:], f64bits(x))
	}
}

// The get loops read big-endian messages, and any message on a big-endian host.

func getI16s(s []int16, d []byte, o binary.ByteOrder) {
	for i := range s {
		s[i] = int16(o.Uint16(d[2*i:]))
	}
}

func getI32s(s []int32, d []byte, o binary.ByteOrder) {
	for i := range s {
		s[i] = int32(o.Uint32(d[4*i:]))
	}
}

func getI64s(s []int64, d []byte, o binary.ByteOrder) {
	for i := range s {
		s[i] = int64(o.Uint64(d[8*i:]))
	}
}

func getF32s(s []float32, d []byte, o binary.ByteOrder) {
	for i := range s {
		s[i] = math.Float32frombits(o.Uint32(d[4*i:]))
	}
}

func getF64s(s []float64, d []byte, o binary.ByteOrder) {
	for i := range s {
		s[i] = math.Float64frombits(o.Uint64(d[8*i:]))
	}
}

// cloneLE copies the little-endian items in d into fresh memory viewed as n items of T,
// or returns nil where that view is not possible (a big-endian host, misaligned memory).
// append allocates memory that it does not zero first (make would), so a large vector
// costs one pass over fresh memory, not two.
func cloneLE[T fixed](d []byte, n int) []T {
	var t T
	if !hostLittle || n == 0 || len(d) != n*int(unsafe.Sizeof(t)) {
		return nil
	}
	c := append([]byte(nil), d...)
	p := unsafe.Pointer(unsafe.SliceData(c))
	if uintptr(p)%unsafe.Alignof(t) != 0 {
		return nil
	}
	return unsafe.Slice((*T)(p), n)
}
