package value

import "math"

// Nulls and infinities, stored as kdb+ stores them.
const (
	NullShort int16 = math.MinInt16
	InfShort  int16 = math.MaxInt16
	NullInt   int32 = math.MinInt32
	InfInt    int32 = math.MaxInt32
	NullLong  int64 = math.MinInt64
	InfLong   int64 = math.MaxInt64
)

// NaN is the float null 0n.
var NaN = math.NaN()

// Inf is the float infinity 0w.
var Inf = math.Inf(1)

// Null returns the typed null atom of basic type t (t positive; 0 gives (::)-less nil).
func Null(t Type) Value {
	switch t {
	case TBool:
		return Bool(false)
	case TGUID:
		return GUID{}
	case TByte:
		return Byte(0)
	case TShort:
		return Short(NullShort)
	case TInt, TMonth, TDate, TMinute, TSecond, TTime:
		return Atom32(t, NullInt)
	case TLong, TTimestamp, TTimespan:
		return Atom64(t, NullLong)
	case TReal:
		return Real(float32(NaN))
	case TFloat, TDatetime:
		return AtomF(t, NaN)
	case TChar:
		return Char(' ')
	case TSym:
		return Sym("")
	}
	return nil
}

// IsNull reports whether atom v is its type's null.
func IsNull(v Value) bool {
	switch a := v.(type) {
	case GUID:
		return a == GUID{}
	case Short:
		return int16(a) == NullShort
	case Int, Month, Date, Minute, Second, Time:
		return Int32Of(a) == NullInt
	case Long, Timestamp, Timespan:
		return Int64Of(a) == NullLong
	case Real:
		return a != a
	case Float, Datetime:
		f := Float64Of(a)
		return f != f
	case Char:
		return a == ' '
	case Sym:
		return a == ""
	case EnumAtom:
		return a.Idx == NullLong
	}
	return false
}
