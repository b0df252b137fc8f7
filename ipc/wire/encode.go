package wire

import (
	"encoding/binary"
	"math"
	"slices"
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// kdb+'s NaN bit patterns (sign set, quiet): Go's math.NaN() differs, so every NaN is
// written as these.
const (
	nanBits64 = 0xfff8000000000000
	nanBits32 = 0xffc00000
)

// elided is the unary primitive byte kdb+ writes for a hole in a projection ({x+y}[;3]).
const elided = 0xff

// Encode returns exactly kdb+'s -8!v: a little-endian async message, never compressed.
func Encode(v value.Value) ([]byte, error) {
	return AppendMessage(nil, Async, v)
}

// AppendMessage appends the message of the given kind (Async, Sync, Response) carrying v
// to dst and returns the extended slice. The size is computed first, so dst grows at
// most once. On error dst is returned unchanged.
func AppendMessage(dst []byte, kind byte, v value.Value) ([]byte, error) {
	n, err := size(v)
	if err != nil {
		return dst, err
	}
	total := HeaderLen + n
	if total > MaxLen {
		return dst, errLimit
	}
	start := len(dst)
	if cap(dst)-start < total {
		// A queue of many frames doubles up to 8 MB (append's own growth for large
		// slices is 1.25x, which copied a tickerplant's queue of updates ~20 times);
		// past that it grows as append does, so a reader that does not read holds
		// ipc's bound of unread answers, not twice it.
		more := total
		if cap(dst) < 8<<20 {
			more = max(total, cap(dst))
		}
		dst = slices.Grow(dst, more)
	}
	dst = dst[:start+total]
	PutHeader(dst[start:], kind, total)
	if end := put(dst, start+HeaderLen, v); end != start+total {
		panic("wire: size and encoding disagree") // a bug in this file, never input-driven
	}
	return dst, nil
}

// Size gives the serialized size of v without the header, so -22!x is 8+Size(x).
func Size(v value.Value) (int, error) { return size(v) }

func size(v value.Value) (int, error) { return sizeAt(v, 0) }

// sizeAt is size of an object nested depth levels down. Deeper than MaxDepth is 'stack
// (kdb+'s error), so a hostile value cannot overflow the stack here or in put, which
// runs only after size succeeded.
func sizeAt(v value.Value, depth int) (int, error) {
	if depth > MaxDepth {
		return 0, errStack
	}
	switch x := v.(type) {
	case nil:
		return 2, nil
	case value.Bool, value.Byte, value.Char:
		return 2, nil
	case value.GUID:
		return 17, nil
	case value.Short:
		return 3, nil
	case value.Int, value.Month, value.Date, value.Minute, value.Second, value.Time, value.Real:
		return 5, nil
	case value.Long, value.Timestamp, value.Timespan, value.Float, value.Datetime:
		return 9, nil
	case value.Sym:
		return 2 + len(x), nil
	case *value.Vec[byte]:
		return vecSize(len(x.S), 1)
	case *value.Vec[int16]:
		return vecSize(len(x.S), 2)
	case *value.Vec[int32]:
		return vecSize(len(x.S), 4)
	case *value.Vec[int64]:
		return vecSize(len(x.S), 8)
	case *value.Vec[float32]:
		return vecSize(len(x.S), 4)
	case *value.Vec[float64]:
		return vecSize(len(x.S), 8)
	case *value.Vec[[16]byte]:
		return vecSize(len(x.S), 16)
	case *value.Vec[string]:
		return symsSize(x.S)
	case *value.List:
		if len(x.Items) > math.MaxInt32 {
			return 0, errLimit
		}
		n := 6
		for _, it := range x.Items {
			m, err := sizeAt(it, depth+1)
			if err != nil {
				return 0, err
			}
			n += m
		}
		return n, nil
	case *value.Dict:
		k, err := sizeAt(x.K, depth+1)
		if err != nil {
			return 0, err
		}
		w, err := sizeAt(x.V, depth+1)
		return 1 + k + w, err
	case *value.Table:
		if x.Cols == nil {
			return 0, errType
		}
		k, err := sizeAt(x.Cols, depth+1)
		if err != nil {
			return 0, err
		}
		n := 3 + k + 6
		for _, c := range x.Data {
			m, err := sizeAt(c, depth+1)
			if err != nil {
				return 0, err
			}
			n += m
		}
		return n, nil
	case *value.Lambda:
		return 1 + len(lambdaNs(x.Ns)) + 1 + 6 + len(x.Src), nil
	case *value.Prim:
		if x.T < value.TUnary || x.T > value.TTernary {
			return 0, errType
		}
		return 2, nil
	case *value.Projection:
		n := 5
		m, err := sizeAt(x.Fn, depth+1)
		if err != nil {
			return 0, err
		}
		n += m
		for _, a := range projArgs(x.Args) {
			if a == nil {
				n += 2
				continue
			}
			m, err := sizeAt(a, depth+1)
			if err != nil {
				return 0, err
			}
			n += m
		}
		return n, nil
	case *value.Composition:
		n := 5
		for _, f := range x.Fns {
			m, err := sizeAt(f, depth+1)
			if err != nil {
				return 0, err
			}
			n += m
		}
		return n, nil
	case *value.Derived:
		if x.Adverb < value.TEach || x.Adverb > value.TEachLeft {
			return 0, errType
		}
		m, err := sizeAt(x.Fn, depth+1)
		return 1 + m, err
	case *value.Error:
		return 2 + len(x.Msg), nil
	}
	return 0, errType
}

func vecSize(n, w int) (int, error) {
	if n > math.MaxInt32 || n > (MaxLen-6)/w {
		return 0, errLimit
	}
	return 6 + n*w, nil
}

func symsSize(s []string) (int, error) {
	if len(s) > math.MaxInt32 {
		return 0, errLimit
	}
	n := 6 + len(s)
	for _, x := range s {
		n += len(x)
		if n > MaxLen {
			return 0, errLimit
		}
	}
	return n, nil
}

// lambdaNs is the context name as the wire carries it: "d" for .d, "" for root. The
// evaluator stores it that way already; a leading dot is tolerated.
func lambdaNs(ns string) string {
	ns = strings.TrimPrefix(ns, ".")
	return ns
}

// projArgs drops trailing holes: kdb+ sends {x+y}[3] with one argument, not two.
func projArgs(a []value.Value) []value.Value {
	for len(a) > 0 && a[len(a)-1] == nil {
		a = a[:len(a)-1]
	}
	return a
}

// put writes v at b[p:] (already sized by size) and returns the end offset.
func put(b []byte, p int, v value.Value) int {
	switch x := v.(type) {
	case nil:
		b[p], b[p+1] = byte(value.TUnary), 0
		return p + 2
	case value.Bool:
		b[p] = tbyte(-value.TBool)
		b[p+1] = 0
		if x {
			b[p+1] = 1
		}
		return p + 2
	case value.Byte:
		b[p], b[p+1] = tbyte(-value.TByte), byte(x)
		return p + 2
	case value.Char:
		b[p], b[p+1] = tbyte(-value.TChar), byte(x)
		return p + 2
	case value.GUID:
		b[p] = tbyte(-value.TGUID)
		copy(b[p+1:], x[:])
		return p + 17
	case value.Short:
		b[p] = tbyte(-value.TShort)
		le.PutUint16(b[p+1:], uint16(x))
		return p + 3
	case value.Int:
		return put32(b, p, -value.TInt, int32(x))
	case value.Month:
		return put32(b, p, -value.TMonth, int32(x))
	case value.Date:
		return put32(b, p, -value.TDate, int32(x))
	case value.Minute:
		return put32(b, p, -value.TMinute, int32(x))
	case value.Second:
		return put32(b, p, -value.TSecond, int32(x))
	case value.Time:
		return put32(b, p, -value.TTime, int32(x))
	case value.Real:
		b[p] = tbyte(-value.TReal)
		le.PutUint32(b[p+1:], f32bits(float32(x)))
		return p + 5
	case value.Long:
		return put64(b, p, -value.TLong, int64(x))
	case value.Timestamp:
		return put64(b, p, -value.TTimestamp, int64(x))
	case value.Timespan:
		return put64(b, p, -value.TTimespan, int64(x))
	case value.Float:
		b[p] = tbyte(-value.TFloat)
		le.PutUint64(b[p+1:], f64bits(float64(x)))
		return p + 9
	case value.Datetime:
		b[p] = tbyte(-value.TDatetime)
		le.PutUint64(b[p+1:], f64bits(float64(x)))
		return p + 9
	case value.Sym:
		b[p] = tbyte(-value.TSym)
		p = putSym(b, p+1, string(x))
		return p
	case *value.Vec[byte]:
		p = putVecHead(b, p, x.Typ, x.Attr, len(x.S))
		return p + copy(b[p:], x.S)
	case *value.Vec[int16]:
		p = putVecHead(b, p, x.Typ, x.Attr, len(x.S))
		putInts(b[p:p+2*len(x.S)], x.S, putI16s)
		return p + 2*len(x.S)
	case *value.Vec[int32]:
		p = putVecHead(b, p, x.Typ, x.Attr, len(x.S))
		putInts(b[p:p+4*len(x.S)], x.S, putI32s)
		return p + 4*len(x.S)
	case *value.Vec[int64]:
		p = putVecHead(b, p, x.Typ, x.Attr, len(x.S))
		putInts(b[p:p+8*len(x.S)], x.S, putI64s)
		return p + 8*len(x.S)
	case *value.Vec[float32]:
		p = putVecHead(b, p, x.Typ, x.Attr, len(x.S))
		putF32s(b[p:p+4*len(x.S)], x.S)
		return p + 4*len(x.S)
	case *value.Vec[float64]:
		p = putVecHead(b, p, x.Typ, x.Attr, len(x.S))
		putF64s(b[p:p+8*len(x.S)], x.S)
		return p + 8*len(x.S)
	case *value.Vec[[16]byte]:
		p = putVecHead(b, p, x.Typ, x.Attr, len(x.S))
		for _, g := range x.S {
			p += copy(b[p:], g[:])
		}
		return p
	case *value.Vec[string]:
		return putSyms(b, p, x.Attr, x.S)
	case *value.List:
		p = putVecHead(b, p, value.TList, value.AttrNone, len(x.Items))
		for _, it := range x.Items {
			p = put(b, p, it)
		}
		return p
	case *value.Dict:
		b[p] = byte(value.TDict)
		if x.Sorted {
			b[p] = value.TSortedDict
		}
		return put(b, put(b, p+1, x.K), x.V)
	case *value.Table:
		b[p], b[p+1], b[p+2] = byte(value.TTable), byte(x.Attr), byte(value.TDict)
		p = put(b, p+3, x.Cols)
		p = putVecHead(b, p, value.TList, value.AttrNone, len(x.Data))
		for _, c := range x.Data {
			p = put(b, p, c)
		}
		return p
	case *value.Lambda:
		b[p] = byte(value.TLambda)
		p = putSym(b, p+1, lambdaNs(x.Ns))
		p = putVecHead(b, p, value.TChar, value.AttrNone, len(x.Src))
		return p + copy(b[p:], x.Src)
	case *value.Prim:
		b[p], b[p+1] = byte(x.T), x.ID
		return p + 2
	case *value.Projection:
		args := projArgs(x.Args)
		b[p] = byte(value.TProj)
		le.PutUint32(b[p+1:], uint32(1+len(args)))
		p = put(b, p+5, x.Fn)
		for _, a := range args {
			if a == nil {
				b[p], b[p+1] = byte(value.TUnary), elided
				p += 2
				continue
			}
			p = put(b, p, a)
		}
		return p
	case *value.Composition:
		b[p] = byte(value.TComp)
		le.PutUint32(b[p+1:], uint32(len(x.Fns)))
		p += 5
		for _, f := range x.Fns {
			p = put(b, p, f)
		}
		return p
	case *value.Derived:
		b[p] = byte(x.Adverb)
		return put(b, p+1, x.Fn)
	case *value.Error:
		b[p] = byte(0x80)
		return putSym(b, p+1, x.Msg)
	}
	panic("wire: put of a type size rejected")
}

func put32(b []byte, p int, t value.Type, x int32) int {
	b[p] = byte(t)
	binary.LittleEndian.PutUint32(b[p+1:], uint32(x))
	return p + 5
}

func put64(b []byte, p int, t value.Type, x int64) int {
	b[p] = byte(t)
	binary.LittleEndian.PutUint64(b[p+1:], uint64(x))
	return p + 9
}

func putVecHead(b []byte, p int, t value.Type, a value.Attr, n int) int {
	b[p], b[p+1] = byte(t), byte(a)
	binary.LittleEndian.PutUint32(b[p+2:], uint32(n))
	return p + 6
}

// putSym writes s and its NUL terminator.
func putSym(b []byte, p int, s string) int {
	p += copy(b[p:], s)
	b[p] = 0
	return p + 1
}

func putSyms(b []byte, p int, a value.Attr, s []string) int {
	p = putVecHead(b, p, value.TSym, a, len(s))
	for _, x := range s {
		p = putSym(b, p, x)
	}
	return p
}

func f64bits(f float64) uint64 {
	if f != f {
		return nanBits64
	}
	return math.Float64bits(f)
}

func f32bits(f float32) uint32 {
	if f != f {
		return nanBits32
	}
	return math.Float32bits(f)
}

// tbyte is a type's wire byte (atoms are negative: -1 is 0xff).
func tbyte(t value.Type) byte { return byte(t) }
