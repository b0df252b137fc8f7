package value

// List is a general list (type 0). Build it with NewList, which keeps lists canonical.
type List struct {
	Items []Value
}

func (*List) Type() Type { return TList }

// Len is the item count.
func (l *List) Len() int { return len(l.Items) }

// NewList returns items as a q list: a typed vector when every item is an atom of the
// same basic type (so (1;2;3) is 1 2 3), otherwise a general list. An empty input gives ().
func NewList(items []Value) Value {
	if len(items) == 0 {
		return &List{Items: []Value{}}
	}
	t := items[0].Type()
	if t == TDict {
		if tb := dictsAsTable(items); tb != nil {
			return tb
		}
	}
	if t >= 0 || t < -TTime || t == 0 {
		return &List{Items: items}
	}
	for _, it := range items[1:] {
		if it.Type() != t {
			return &List{Items: items}
		}
	}
	return Collect(-t, items)
}

// Collect builds a vector of type t from atoms all of type -t.
func Collect(t Type, items []Value) Value {
	n := len(items)
	switch t {
	case TBool:
		s := make([]byte, n)
		for i, x := range items {
			if x.(Bool) {
				s[i] = 1
			}
		}
		return NewVec(t, s)
	case TByte:
		s := make([]byte, n)
		for i, x := range items {
			s[i] = byte(x.(Byte))
		}
		return NewVec(t, s)
	case TChar:
		s := make([]byte, n)
		for i, x := range items {
			s[i] = byte(x.(Char))
		}
		return NewVec(t, s)
	case TGUID:
		s := make([][16]byte, n)
		for i, x := range items {
			s[i] = x.(GUID)
		}
		return NewVec(t, s)
	case TShort:
		s := make([]int16, n)
		for i, x := range items {
			s[i] = int16(x.(Short))
		}
		return NewVec(t, s)
	case TInt, TMonth, TDate, TMinute, TSecond, TTime:
		s := make([]int32, n)
		for i, x := range items {
			s[i] = Int32Of(x)
		}
		return NewVec(t, s)
	case TLong, TTimestamp, TTimespan:
		s := make([]int64, n)
		for i, x := range items {
			s[i] = Int64Of(x)
		}
		return NewVec(t, s)
	case TReal:
		s := make([]float32, n)
		for i, x := range items {
			s[i] = float32(x.(Real))
		}
		return NewVec(t, s)
	case TFloat, TDatetime:
		s := make([]float64, n)
		for i, x := range items {
			s[i] = Float64Of(x)
		}
		return NewVec(t, s)
	case TSym:
		s := make([]string, n)
		for i, x := range items {
			s[i] = string(x.(Sym))
		}
		return NewVec(t, s)
	}
	return &List{Items: items}
}

// Int32Of returns the storage of an atom kept as int32 (int and the 32-bit temporals).
func Int32Of(x Value) int32 {
	switch a := x.(type) {
	case Int:
		return int32(a)
	case Month:
		return int32(a)
	case Date:
		return int32(a)
	case Minute:
		return int32(a)
	case Second:
		return int32(a)
	case Time:
		return int32(a)
	}
	panic("value: not an int32 atom")
}

// Int64Of returns the storage of an atom kept as int64 (long, timestamp, timespan).
func Int64Of(x Value) int64 {
	switch a := x.(type) {
	case Long:
		return int64(a)
	case Timestamp:
		return int64(a)
	case Timespan:
		return int64(a)
	}
	panic("value: not an int64 atom")
}

// Float64Of returns the storage of a float or datetime atom.
func Float64Of(x Value) float64 {
	switch a := x.(type) {
	case Float:
		return float64(a)
	case Datetime:
		return float64(a)
	}
	panic("value: not a float64 atom")
}

// Atom32 makes the atom of 32-bit-stored type t (int, month, date, minute, second, time).
func Atom32(t Type, s int32) Value {
	switch t {
	case TInt:
		return Int(s)
	case TMonth:
		return Month(s)
	case TDate:
		return Date(s)
	case TMinute:
		return Minute(s)
	case TSecond:
		return Second(s)
	case TTime:
		return Time(s)
	}
	panic("value: not an int32 type")
}

// Atom64 makes the atom of 64-bit-stored type t (long, timestamp, timespan).
func Atom64(t Type, s int64) Value {
	switch t {
	case TLong:
		return Long(s)
	case TTimestamp:
		return Timestamp(s)
	case TTimespan:
		return Timespan(s)
	}
	panic("value: not an int64 type")
}

// AtomF makes a float or datetime atom.
func AtomF(t Type, s float64) Value {
	if t == TDatetime {
		return Datetime(s)
	}
	return Float(s)
}

// At returns item i of a list or vector as a Value (atoms boxed). It does not check bounds.
func At(v Value, i int) Value {
	switch x := v.(type) {
	case *List:
		return x.Items[i]
	case *Vec[byte]:
		switch x.Typ {
		case TBool:
			return Bool(x.S[i] != 0)
		case TByte:
			return Byte(x.S[i])
		}
		return Char(x.S[i])
	case *Vec[int16]:
		return Short(x.S[i])
	case *Vec[int32]:
		return Atom32(x.Typ, x.S[i])
	case *Vec[int64]:
		return Atom64(x.Typ, x.S[i])
	case *Vec[float32]:
		return Real(x.S[i])
	case *Vec[float64]:
		return AtomF(x.Typ, x.S[i])
	case *Vec[string]:
		return Sym(x.S[i])
	case *Vec[[16]byte]:
		return GUID(x.S[i])
	case *EnumVec:
		return EnumAtom{x.Domain, x.Idx[i]}
	}
	return v
}

// Len returns the item count of a list-like value: vectors, lists, dict (keys),
// table (rows); atoms and functions count 1.
func Len(v Value) int {
	switch x := v.(type) {
	case *List:
		return len(x.Items)
	case *Vec[byte]:
		return len(x.S)
	case *Vec[int16]:
		return len(x.S)
	case *Vec[int32]:
		return len(x.S)
	case *Vec[int64]:
		return len(x.S)
	case *Vec[float32]:
		return len(x.S)
	case *Vec[float64]:
		return len(x.S)
	case *Vec[string]:
		return len(x.S)
	case *Vec[[16]byte]:
		return len(x.S)
	case *EnumVec:
		return len(x.Idx)
	case *Dict:
		return Len(x.K)
	case *Table:
		if len(x.Data) == 0 {
			return 0
		}
		return Len(x.Data[0])
	}
	return 1
}

// Items returns the items of any list-like value boxed one by one (slow path helper).
func Items(v Value) []Value {
	if l, ok := v.(*List); ok {
		return l.Items
	}
	n := Len(v)
	r := make([]Value, n)
	for i := range r {
		r[i] = At(v, i)
	}
	return r
}

// Empty returns an empty vector of type t (0 gives the empty general list).
func Empty(t Type) Value { return Make(t, 0) }

// Make returns a zeroed vector of basic type t with n items (0 gives a list of n nils).
func Make(t Type, n int) Value {
	switch t {
	case TBool, TByte, TChar:
		return NewVec(t, make([]byte, n))
	case TGUID:
		return NewVec(t, make([][16]byte, n))
	case TShort:
		return NewVec(t, make([]int16, n))
	case TInt, TMonth, TDate, TMinute, TSecond, TTime:
		return NewVec(t, make([]int32, n))
	case TLong, TTimestamp, TTimespan:
		return NewVec(t, make([]int64, n))
	case TReal:
		return NewVec(t, make([]float32, n))
	case TFloat, TDatetime:
		return NewVec(t, make([]float64, n))
	case TSym:
		return NewVec(t, make([]string, n))
	}
	return &List{Items: make([]Value, n)}
}

// dictsAsTable turns a list of dictionaries with the same symbol keys into the table
// whose rows they are, as q does ((`a`b!1 2;`a`b!3 4) is a table); nil otherwise.
func dictsAsTable(items []Value) Value {
	d0, ok := items[0].(*Dict)
	if !ok {
		return nil
	}
	k0, ok := d0.K.(*Vec[string])
	if !ok || len(k0.S) == 0 {
		return nil
	}
	for _, it := range items[1:] {
		d, ok := it.(*Dict)
		if !ok {
			return nil
		}
		k, ok := d.K.(*Vec[string])
		if !ok || len(k.S) != len(k0.S) {
			return nil
		}
		for i := range k.S {
			if k.S[i] != k0.S[i] {
				return nil
			}
		}
	}
	data := make([]Value, len(k0.S))
	for j := range data {
		col := make([]Value, len(items))
		for i, it := range items {
			col[i] = At(it.(*Dict).V, j)
		}
		data[j] = NewList(col)
	}
	return &Table{Cols: k0, Data: data}
}
