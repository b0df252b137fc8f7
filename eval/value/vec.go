package value

// Elem is the storage of a typed vector. Temporal vectors share storage with their
// base type and differ only in Vec.Typ: one kernel serves many q types.
//
//	byte: boolean (0/1), byte, char   int16: short
//	int32: int, month, date, minute, second, time
//	int64: long, timestamp, timespan   float32: real   float64: float, datetime
//	string: symbol   [16]byte: guid
type Elem interface {
	~byte | ~int16 | ~int32 | ~int64 | ~float32 | ~float64 | ~string | ~[16]byte
}

// Vec is a simple (typed) vector. S is immutable once the value is shared.
type Vec[T Elem] struct {
	Typ  Type
	Attr Attr
	S    []T
}

// Type returns the vector's q type (positive).
func (v *Vec[T]) Type() Type { return v.Typ }

// Len is the item count.
func (v *Vec[T]) Len() int { return len(v.S) }

// NewVec makes a vector of q type t over s (no copy).
func NewVec[T Elem](t Type, s []T) *Vec[T] { return &Vec[T]{Typ: t, S: s} }

// Convenience constructors for the common vector types.
func Bools(s []byte) *Vec[byte]         { return NewVec(TBool, s) }
func Bytes(s []byte) *Vec[byte]         { return NewVec(TByte, s) }
func Chars(s []byte) *Vec[byte]         { return NewVec(TChar, s) }
func Str(s string) *Vec[byte]           { return NewVec(TChar, []byte(s)) }
func Shorts(s []int16) *Vec[int16]      { return NewVec(TShort, s) }
func Ints(s []int32) *Vec[int32]        { return NewVec(TInt, s) }
func Longs(s []int64) *Vec[int64]       { return NewVec(TLong, s) }
func Reals(s []float32) *Vec[float32]   { return NewVec(TReal, s) }
func Floats(s []float64) *Vec[float64]  { return NewVec(TFloat, s) }
func Syms(s []string) *Vec[string]      { return NewVec(TSym, s) }
func GUIDs(s [][16]byte) *Vec[[16]byte] { return NewVec(TGUID, s) }

// EnumVec is an enumeration: indices into the symbol vector named Domain (`sym$...).
type EnumVec struct {
	Domain string
	Attr   Attr
	Idx    []int64
}

func (*EnumVec) Type() Type { return TEnum }

// Len is the item count.
func (e *EnumVec) Len() int { return len(e.Idx) }
