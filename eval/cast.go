package eval

import (
	"math"
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// typeOf implements type x (and @x): type 42 is -7h, type 1 2 is 7h.
func typeOf(x value.Value) value.Value { return value.Short(x.Type()) }

// typeByName maps the names a symbol left argument of $ may use to type numbers.
var typeByName = func() map[string]value.Type {
	m := map[string]value.Type{}
	for i, n := range value.TypeNames {
		if n != "" {
			m[n] = value.Type(i)
		}
	}
	return m
}()

// dollar implements binary $: cast (`int$x "i"$x 6h$x), tok ("I"$"42" -6h$"42"),
// enumerate (`sym$x), pad (10$"abc"), applied atomically over a list on the left.
func dollar(ip *Interp, x, y value.Value) value.Value {
	if isFloatVecOrMatrix(x) && isFloatVecOrMatrix(y) {
		return mmu(x, y) // $ on floats is mmu (ref/mmu.md)
	}
	switch a := x.(type) {
	case value.Sym:
		s := string(a)
		if s == "" {
			return tok(value.TSym, y)
		}
		if t, ok := typeByName[s]; ok {
			return castTo(ip, t, y)
		}
		if partNames[s] {
			return castPart(ip, s, y)
		}
		return enumerate(ip, s, y)
	case value.Char:
		c := byte(a)
		switch {
		case c == '*':
			return y
		case c >= 'a' && c <= 'z':
			if t := strings.IndexByte(value.TypeChars, c); t > 0 {
				return castTo(ip, value.Type(t), y)
			}
		case c >= 'A' && c <= 'Z':
			if t := strings.IndexByte(value.TypeChars, c+'a'-'A'); t > 0 {
				return tok(value.Type(t), y)
			}
		}
		errType()
	case value.Short:
		t := int(a)
		switch {
		case t == 0:
			return y
		case t > 0 && t <= int(value.TTime) && t != 3:
			return castTo(ip, value.Type(t), y)
		case t < 0 && t >= -int(value.TTime) && t != -3:
			return tok(value.Type(-t), y)
		}
		errType()
	case value.Long:
		if int64(a) == value.NullLong {
			errDomain() // a null width
		}
		return padStr(int64(a), y)
	case value.Int:
		if int32(a) == value.NullInt {
			errDomain()
		}
		return padStr(int64(a), y)
	}
	// A list of type specifiers: one cast per item, paired with y's items when y
	// is a list of the same count, otherwise each applied to all of y.
	switch x.(type) {
	case *value.Dict, *value.Table:
		errType() // only a list of type specifiers (indexing a dictionary by position never ends)
	}
	if value.IsAtom(x) || value.IsFunc(x) {
		errType()
	}
	n := value.Len(x)
	yAtom := value.IsAtom(y) || value.IsFunc(y)
	if !yAtom {
		if _, isD := y.(*value.Dict); isD {
			yAtom = true
		} else if value.Len(y) != n {
			errLength()
		}
	}
	r := make([]value.Value, n)
	for i := range r {
		yi := y
		if !yAtom {
			yi = value.At(y, i)
		}
		r[i] = dollar(ip, value.At(x, i), yi)
	}
	return value.NewList(r)
}

// castPart applies a component extractor (`year `mm `dd `hh `uu `ss `week) atomically.
func castPart(ip *Interp, part string, y value.Value) value.Value {
	return atomic1(y, func(v value.Value) value.Value {
		if e, ok := enumView(ip, v); ok {
			v = e
		}
		vec, atom := asVec(v)
		if !isTemporalType(vec.Type()) {
			errType()
		}
		return unVec(temporalPart(part, vec), atom)
	})
}

// asVec returns an atom as a one-item vector (and reports that it was an atom).
func asVec(v value.Value) (value.Value, bool) {
	if t := v.Type(); t < 0 && t >= -value.TTime {
		return value.Collect(-t, []value.Value{v}), true
	}
	return v, false
}

// unVec undoes asVec.
func unVec(v value.Value, atom bool) value.Value {
	if atom {
		return value.At(v, 0)
	}
	return v
}

// castTo implements t$y for a positive type t: atomic through general lists,
// dictionaries and tables.
func castTo(ip *Interp, t value.Type, y value.Value) value.Value {
	if l, ok := y.(*value.List); ok && len(l.Items) == 0 {
		return value.Empty(t) // `long$() is typed: key'[x$\:()] names the types
	}
	return atomic1(y, func(v value.Value) value.Value {
		if e, ok := enumView(ip, v); ok {
			if t == value.TSym {
				return e
			}
			v = enumIndex(v)
		}
		if value.IsFunc(v) {
			errType()
		}
		vec, atom := asVec(v)
		return unVec(castVec(t, vec), atom)
	})
}

// castVec casts a simple vector to type t.
func castVec(t value.Type, v value.Value) value.Value {
	s := v.Type()
	if s == t {
		return v
	}
	if s <= 0 || s > value.TTime {
		errType()
	}
	switch {
	case s == value.TSym || t == value.TSym || s == value.TGUID || t == value.TGUID:
		errType()
	case isTemporalType(s) && isTemporalType(t):
		return temporalCast(v, t)
	}
	if r := castFast(t, v); r != nil {
		return r
	}
	n := value.Len(v)
	// Numbers (and the bits of temporals) to t: integers go through int64 with null
	// kept, floats through float64.
	switch src := v.(type) {
	case *value.Vec[float32]:
		f := make([]float64, n)
		for i, e := range src.S {
			f[i] = float64(e)
		}
		return fromFloats(t, f)
	case *value.Vec[float64]:
		return fromFloats(t, src.S)
	}
	ints, null := toInt64s(v)
	return fromInts(t, ints, null)
}

// toInt64s widens an integer-stored vector to int64; null reports which items were
// their type's null (nil when none can be).
func toInt64s(v value.Value) ([]int64, []bool) {
	switch x := v.(type) {
	case *value.Vec[byte]:
		r := make([]int64, len(x.S))
		for i, e := range x.S {
			r[i] = int64(e)
		}
		return r, nil
	case *value.Vec[int16]:
		return widenNulls(x.S, value.NullShort)
	case *value.Vec[int32]:
		return widenNulls(x.S, value.NullInt)
	case *value.Vec[int64]:
		var nl []bool
		for i, e := range x.S {
			if e == value.NullLong {
				if nl == nil {
					nl = make([]bool, len(x.S))
				}
				nl[i] = true
			}
		}
		return x.S, nl
	}
	errType()
	return nil, nil
}

// sat saturates x into [-m, m] (q's narrowing casts keep the largest value that fits).
func satInt(x, m int64) int64 {
	if x > m {
		return m
	}
	if x < -m {
		return -m
	}
	return x
}

// fromInts builds a vector of type t from int64 values; items flagged null become
// t's null.
func fromInts(t value.Type, s []int64, null []bool) value.Value {
	n := len(s)
	isNull := func(i int) bool { return null != nil && null[i] }
	switch t {
	case value.TBool:
		r := make([]byte, n)
		for i, e := range s {
			if e != 0 {
				r[i] = 1
			}
		}
		return value.NewVec(t, r)
	case value.TByte, value.TChar:
		r := make([]byte, n)
		for i, e := range s {
			r[i] = byte(satInt(e, math.MaxInt32))
		}
		return value.NewVec(t, r)
	case value.TShort:
		r := make([]int16, n)
		for i, e := range s {
			if isNull(i) {
				r[i] = value.NullShort
			} else {
				r[i] = int16(satInt(e, math.MaxInt16))
			}
		}
		return value.NewVec(t, r)
	case value.TInt, value.TMonth, value.TDate, value.TMinute, value.TSecond, value.TTime:
		r := make([]int32, n)
		for i, e := range s {
			if isNull(i) {
				r[i] = value.NullInt
			} else {
				r[i] = int32(satInt(e, math.MaxInt32))
			}
		}
		return value.NewVec(t, r)
	case value.TLong, value.TTimestamp, value.TTimespan:
		r := make([]int64, n)
		for i, e := range s {
			if isNull(i) {
				r[i] = value.NullLong
			} else {
				r[i] = e
			}
		}
		return value.NewVec(t, r)
	case value.TReal:
		r := make([]float32, n)
		for i, e := range s {
			if isNull(i) {
				r[i] = float32(math.NaN())
			} else {
				r[i] = float32(e)
			}
		}
		return value.NewVec(t, r)
	case value.TFloat, value.TDatetime:
		r := make([]float64, n)
		for i, e := range s {
			if isNull(i) {
				r[i] = math.NaN()
			} else {
				r[i] = float64(e)
			}
		}
		return value.NewVec(t, r)
	}
	errType()
	return nil
}

// roundSat rounds f half away from zero into [-m, m]; NaN gives ok=false.
func roundSat(f float64, m int64) (int64, bool) {
	if f != f {
		return 0, false
	}
	f = math.Round(f)
	if f >= float64(m) {
		return m, true
	}
	if f <= -float64(m) {
		return -m, true
	}
	return int64(f), true
}

// fromFloats builds a vector of type t from float64 values: integers round, NaN is
// null, the infinities saturate to t's infinities.
func fromFloats(t value.Type, s []float64) value.Value {
	n := len(s)
	switch t {
	case value.TBool:
		r := make([]byte, n)
		for i, e := range s {
			if e != 0 {
				r[i] = 1
			}
		}
		return value.NewVec(t, r)
	case value.TByte, value.TChar:
		r := make([]byte, n)
		for i, e := range s {
			x, _ := roundSat(e, math.MaxInt32)
			r[i] = byte(x)
		}
		return value.NewVec(t, r)
	case value.TShort:
		r := make([]int16, n)
		for i, e := range s {
			x, ok := roundSat(e, math.MaxInt16)
			if !ok {
				x = int64(value.NullShort)
			}
			r[i] = int16(x)
		}
		return value.NewVec(t, r)
	case value.TInt, value.TMonth, value.TDate, value.TMinute, value.TSecond, value.TTime:
		r := make([]int32, n)
		for i, e := range s {
			x, ok := roundSat(e, math.MaxInt32)
			if !ok {
				x = int64(value.NullInt)
			}
			r[i] = int32(x)
		}
		return value.NewVec(t, r)
	case value.TLong, value.TTimestamp, value.TTimespan:
		r := make([]int64, n)
		for i, e := range s {
			x, ok := roundSat(e, math.MaxInt64)
			if !ok {
				x = value.NullLong
			}
			r[i] = x
		}
		return value.NewVec(t, r)
	case value.TReal:
		r := make([]float32, n)
		for i, e := range s {
			r[i] = float32(e)
		}
		return value.NewVec(t, r)
	case value.TFloat, value.TDatetime:
		r := make([]float64, n)
		copy(r, s)
		return value.NewVec(t, r)
	}
	errType()
	return nil
}

// enumView resolves an enumeration to its symbols (ok false when v is no enumeration).
func enumView(ip *Interp, v value.Value) (value.Value, bool) {
	if keys := fkKeys(ip, v); keys != nil {
		// a foreign key onto a keyed table of non-symbol keys stands for those keys
		switch e := v.(type) {
		case *value.EnumVec:
			idx := make([]int, len(e.Idx))
			for i, k := range e.Idx {
				idx[i] = int(k)
			}
			return gather(keys, idx), true
		case value.EnumAtom:
			if e.Idx >= 0 && e.Idx < int64(value.Len(keys)) {
				return value.At(keys, int(e.Idx)), true
			}
			return itemNull(keys), true
		}
	}
	switch e := v.(type) {
	case *value.EnumVec:
		dom := enumDomain(ip, e.Domain)
		r := make([]string, len(e.Idx))
		for i, k := range e.Idx {
			if k >= 0 && k < int64(len(dom)) {
				r[i] = dom[k]
			}
		}
		return value.Syms(r), true
	case value.EnumAtom:
		dom := enumDomain(ip, e.Domain)
		if e.Idx >= 0 && e.Idx < int64(len(dom)) {
			return value.Sym(dom[e.Idx]), true
		}
		return value.Sym(""), true
	}
	return nil, false
}

// enumIndex gives an enumeration's indices as ints ("i"$e).
func enumIndex(v value.Value) value.Value {
	switch e := v.(type) {
	case *value.EnumVec:
		r := make([]int64, len(e.Idx))
		copy(r, e.Idx)
		return value.Longs(r)
	case value.EnumAtom:
		return value.Long(e.Idx)
	}
	return v
}

// enumDomain returns the symbols of the enumeration domain named name.
// A keyed table with one symbol key column is a domain too (a foreign key: `s$`s1).
func enumDomain(ip *Interp, name string) []string {
	v := ip.mustGlobal(name)
	if kt, ok := v.(*value.Dict); ok {
		if t, ok := kt.K.(*value.Table); ok && len(t.Data) == 1 {
			v = t.Data[0]
		}
	}
	d, ok := v.(*value.Vec[string])
	if !ok {
		errType()
	}
	return d.S
}

// enumerate implements `d$y: y's symbols as indices into the symbol vector d;
// a symbol missing from d is 'cast.
func enumerate(ip *Interp, name string, y value.Value) value.Value {
	if ev, ok := enumView(ip, y); ok {
		y = ev
	}
	if keys := keyColOf(ip.lookupGlobal(name)); keys != nil && keys.Type() != value.TSym {
		return enumerateKeys(ip, keys, name, y)
	}
	return enumerateIn(enumDomain(ip, name), name, y)
}

// keyColOf is the key column of a keyed table with one key column, else nil.
func keyColOf(v value.Value) value.Value {
	kt, ok := v.(*value.Dict)
	if !ok || !value.IsKeyed(kt) {
		return nil
	}
	if t, ok := kt.K.(*value.Table); ok && len(t.Data) == 1 {
		return t.Data[0]
	}
	return nil
}

// fkKeys is the non-symbol key column of the keyed table an enumeration v is over
// (a foreign key by key: `kt$1003 1001), else nil.
func fkKeys(ip *Interp, v value.Value) value.Value {
	var dom string
	switch e := v.(type) {
	case *value.EnumVec:
		dom = e.Domain
	case value.EnumAtom:
		dom = e.Domain
	default:
		return nil
	}
	keys := keyColOf(ip.lookupGlobal(dom))
	if keys == nil || keys.Type() == value.TSym {
		return nil
	}
	return keys
}

// enumerateKeys is `kt$y for a keyed table kt whose key is not symbols: y's values as
// row indices of kt, found by key; a value kt lacks is 'cast (enumerations.md,
// foreign keys).
func enumerateKeys(ip *Interp, keys value.Value, name string, y value.Value) value.Value {
	kt := keys.Type()
	if yt := y.Type(); yt != kt && yt != -kt {
		if l, ok := y.(*value.List); !ok || len(l.Items) > 0 {
			errType()
		}
		return &value.EnumVec{Domain: name, Idx: []int64{}}
	}
	d := prims["?"]
	if d == nil {
		errNyi()
	}
	found := ip.primB(d, keys, y)
	n := int64(value.Len(keys))
	if a, ok := found.(value.Long); ok {
		if int64(a) >= n {
			errCast()
		}
		return value.EnumAtom{Domain: name, Idx: int64(a)}
	}
	fv, ok := found.(*value.Vec[int64])
	if !ok {
		errType()
	}
	idx := fv.S
	r := make([]int64, len(idx))
	for i, k := range idx {
		if k >= n {
			errCast()
		}
		r[i] = k
	}
	return &value.EnumVec{Domain: name, Idx: r}
}

// enumerateIn enumerates the symbols y against dom, naming the domain name.
func enumerateIn(dom []string, name string, y value.Value) value.Value {
	pos := make(map[string]int64, len(dom))
	for i := len(dom) - 1; i >= 0; i-- {
		pos[dom[i]] = int64(i)
	}
	find := func(s string) int64 {
		k, ok := pos[s]
		if !ok {
			errCast()
		}
		return k
	}
	var walk func(v value.Value) value.Value
	walk = func(v value.Value) value.Value {
		switch a := v.(type) {
		case value.Sym:
			return value.EnumAtom{Domain: name, Idx: find(string(a))}
		case *value.Vec[string]:
			r := make([]int64, len(a.S))
			for i, s := range a.S {
				r[i] = find(s)
			}
			return &value.EnumVec{Domain: name, Idx: r}
		case *value.List:
			if len(a.Items) == 0 {
				return &value.EnumVec{Domain: name, Idx: []int64{}} // `d$() is an empty column
			}
			r := make([]value.Value, len(a.Items))
			for i, it := range a.Items {
				r[i] = walk(it)
			}
			return value.NewList(r)
		}
		errType()
		return nil
	}
	return walk(y)
}

// enumExtend implements `d?y for the search primitive: y's symbols enumerated against
// the global symbol vector d, after appending to d (created when undefined) the
// symbols it lacks: `sym?`twtr.
func enumExtend(ip *Interp, name string, y value.Value) value.Value {
	if ev, ok := enumView(ip, y); ok {
		y = ev
	}
	var dom []string
	switch d := ip.lookupGlobal(name).(type) {
	case nil:
	case *value.Vec[string]:
		dom = d.S
	default:
		errType()
	}
	have := make(map[string]bool, len(dom))
	for _, s := range dom {
		have[s] = true
	}
	add := func(s string) {
		if !have[s] {
			have[s] = true
			dom = append(dom[:len(dom):len(dom)], s)
		}
	}
	switch v := y.(type) {
	case value.Sym:
		add(string(v))
	case *value.Vec[string]:
		for _, s := range v.S {
			add(s)
		}
	default:
		errType()
	}
	if dom == nil {
		dom = []string{}
	}
	ip.setGlobal(name, value.Syms(dom))
	return enumerateIn(dom, name, y)
}

// enumFromIndex implements `d!ix for the dict primitive: the enumeration over domain
// d whose indices are the integers ix (`x!1 2 3 is `x$`b`c`d when x is `a`b`c`d).
func enumFromIndex(ip *Interp, name string, ix value.Value) value.Value {
	dom := enumDomain(ip, name)
	vec, atom := asVec(ix)
	t := vec.Type()
	if t != value.TLong && t != value.TInt && t != value.TShort {
		errType()
	}
	idx, _ := toInt64s(vec)
	for _, k := range idx {
		if k < 0 || k >= int64(len(dom)) {
			signal("index")
		}
	}
	if atom {
		return value.EnumAtom{Domain: name, Idx: idx[0]}
	}
	r := make([]int64, len(idx))
	copy(r, idx)
	return &value.EnumVec{Domain: name, Idx: r}
}

// castFast serves the common widening and narrowing casts between long and int
// storage (and to float) in one loop; nil when it does not apply.
func castFast(t value.Type, v value.Value) value.Value {
	switch src := v.(type) {
	case *value.Vec[int64]:
		switch t {
		case value.TInt, value.TMonth, value.TDate, value.TMinute, value.TSecond, value.TTime:
			r := make([]int32, len(src.S))
			for i, e := range src.S {
				switch {
				case e == value.NullLong:
					r[i] = value.NullInt
				case e > math.MaxInt32:
					r[i] = math.MaxInt32
				case e < -math.MaxInt32:
					r[i] = -math.MaxInt32
				default:
					r[i] = int32(e)
				}
			}
			return value.NewVec(t, r)
		case value.TFloat:
			r := make([]float64, len(src.S))
			for i, e := range src.S {
				if e == value.NullLong {
					r[i] = math.NaN()
				} else {
					r[i] = float64(e)
				}
			}
			return value.NewVec(t, r)
		}
	case *value.Vec[int32]:
		switch t {
		case value.TLong, value.TTimestamp, value.TTimespan:
			r := make([]int64, len(src.S))
			for i, e := range src.S {
				if e == value.NullInt {
					r[i] = value.NullLong
				} else {
					r[i] = int64(e)
				}
			}
			return value.NewVec(t, r)
		case value.TFloat:
			r := make([]float64, len(src.S))
			for i, e := range src.S {
				if e == value.NullInt {
					r[i] = math.NaN()
				} else {
					r[i] = float64(e)
				}
			}
			return value.NewVec(t, r)
		}
	}
	return nil
}

// widenNulls widens short or int storage to int64, marking the items that are null.
func widenNulls[T int16 | int32](s []T, null T) ([]int64, []bool) {
	r := make([]int64, len(s))
	var nl []bool
	for i, e := range s {
		if e == null {
			if nl == nil {
				nl = make([]bool, len(s))
			}
			nl[i] = true
		}
		r[i] = int64(e)
	}
	return r, nl
}
