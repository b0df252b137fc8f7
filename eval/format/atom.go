package format

import (
	"math"
	"strconv"

	"github.com/gq-dev/gq/eval/value"
)

// Text of single items. Three forms are built from the same pieces:
//   - item text: the item as it appears inside a vector's k-form (no type letter,
//     nulls and infinities as 0N 0W 0n 0w);
//   - cell text: the item in a table, dict or matrix cell and as string returns it
//     (no letter, nulls blank, symbols without backtick, chars unquoted);
//   - atom k-form: item text plus the type letter where kdb+ prints one.

const fmtHex = "0123456789abcdef"

// fmtPrec returns the number of significant digits \P asks for (0 means 17).
func fmtPrec(p int) int {
	if p <= 0 || p > 17 {
		return 17
	}
	return p
}

// fmtFloat formats f as C's %.{p}g does (trailing zeros stripped): 0.1428571,
// 1.234568e+08, 1e-08; 0n 0w -0w for the specials.
func fmtFloat(b []byte, f float64, p int) []byte {
	switch {
	case f != f:
		return append(b, "0n"...)
	case math.IsInf(f, 1):
		return append(b, "0w"...)
	case math.IsInf(f, -1):
		return append(b, "-0w"...)
	}
	return strconv.AppendFloat(b, f, 'g', fmtPrec(p), 64)
}

// fmtReal formats a real item; its nulls and infinities are spelled like ints'.
func fmtReal(b []byte, f float32, p int) []byte {
	switch {
	case f != f:
		return append(b, "0N"...)
	case math.IsInf(float64(f), 1):
		return append(b, "0W"...)
	case math.IsInf(float64(f), -1):
		return append(b, "-0W"...)
	}
	if p <= 0 || p > 9 {
		p = 9 // float32 holds no more
	}
	return strconv.AppendFloat(b, float64(f), 'g', p, 32)
}

// fmtWhole reports whether a formatted float reads as an integer (so needs an f).
func fmtWhole(s []byte) bool {
	for _, c := range s {
		if (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

func fmtInt64(b []byte, x int64) []byte {
	switch x {
	case value.NullLong:
		return append(b, "0N"...)
	case value.InfLong:
		return append(b, "0W"...)
	case -value.InfLong:
		return append(b, "-0W"...)
	}
	return strconv.AppendInt(b, x, 10)
}

func fmtInt32(b []byte, x int32) []byte {
	switch x {
	case value.NullInt:
		return append(b, "0N"...)
	case value.InfInt:
		return append(b, "0W"...)
	case -value.InfInt:
		return append(b, "-0W"...)
	}
	return strconv.AppendInt(b, int64(x), 10)
}

func fmtInt16(b []byte, x int16) []byte {
	switch x {
	case value.NullShort:
		return append(b, "0N"...)
	case value.InfShort:
		return append(b, "0W"...)
	case -value.InfShort:
		return append(b, "-0W"...)
	}
	return strconv.AppendInt(b, int64(x), 10)
}

// fmtPad appends n as a zero-padded decimal of at least w digits.
func fmtPad(b []byte, n int64, w int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], n, 10)
	for i := len(s); i < w; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func fmtDivMod(a, m int64) (int64, int64) {
	q, r := a/m, a%m
	if r < 0 {
		q--
		r += m
	}
	return q, r
}

// fmtYMD writes a day count since 2000.01.01 as yyyy.mm.dd; years outside
// 1..9999 print as 0000.00.00 as kdb+ does.
func fmtYMD(b []byte, days int64) []byte {
	y, m, d := value.DaysToYMD(days)
	if y < 1 || y > 9999 {
		return append(b, "0000.00.00"...)
	}
	b = fmtPad(b, y, 4)
	b = append(b, '.')
	b = fmtPad(b, m, 2)
	b = append(b, '.')
	return fmtPad(b, d, 2)
}

// fmtHMS writes hh:mm[:ss][.frac] for a non-negative count of seconds; frac has
// digits digits (0: none). Hours may pass 24, as kdb+ prints them.
func fmtHMS(b []byte, secs int64, frac int64, digits int, withSec bool) []byte {
	b = fmtPad(b, secs/3600, 2)
	b = append(b, ':')
	b = fmtPad(b, secs/60%60, 2)
	if withSec {
		b = append(b, ':')
		b = fmtPad(b, secs%60, 2)
	}
	if digits > 0 {
		b = append(b, '.')
		b = fmtPad(b, frac, digits)
	}
	return b
}

// fmtTemporal32 writes a month, date, minute, second or time item (not null/inf).
func fmtTemporal32(b []byte, t value.Type, x int32) []byte {
	v := int64(x)
	switch t {
	case value.TMonth:
		y, m := fmtDivMod(v, 12)
		y += 2000
		if y < 1 || y > 9999 {
			return append(b, "0000.00"...)
		}
		b = fmtPad(b, y, 4)
		b = append(b, '.')
		return fmtPad(b, m+1, 2)
	case value.TDate:
		return fmtYMD(b, v)
	}
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	switch t {
	case value.TMinute:
		return fmtHMS(b, v*60, 0, 0, false)
	case value.TSecond:
		return fmtHMS(b, v, 0, 0, true)
	}
	return fmtHMS(b, v/1000, v%1000, 3, true) // time
}

// fmtTemporal64 writes a timestamp or timespan item (not null/inf).
func fmtTemporal64(b []byte, t value.Type, x int64) []byte {
	if t == value.TTimestamp {
		days, ns := fmtDivMod(x, value.NsPerDay)
		b = fmtYMD(b, days)
		b = append(b, 'D')
		return fmtHMS(b, ns/value.NsPerSec, ns%value.NsPerSec, 9, true)
	}
	u := uint64(x)
	if x < 0 {
		b = append(b, '-')
		u = uint64(-x)
	}
	days := u / uint64(value.NsPerDay)
	ns := int64(u % uint64(value.NsPerDay))
	b = strconv.AppendUint(b, days, 10)
	b = append(b, 'D')
	return fmtHMS(b, ns/value.NsPerSec, ns%value.NsPerSec, 9, true)
}

// fmtDatetime writes a datetime item (float days since 2000), to the millisecond.
func fmtDatetime(b []byte, f float64) []byte {
	if math.Abs(f) > 4e6 { // far outside 0001..9999; keeps the int64 conversion sane
		return append(b, "0000.00.00T00:00:00.000"...)
	}
	ms := int64(math.Round(f * 864e5))
	days, r := fmtDivMod(ms, 864e5)
	b = fmtYMD(b, days)
	b = append(b, 'T')
	return fmtHMS(b, r/1000, r%1000, 3, true)
}

func fmtGUID(b []byte, g [16]byte) []byte {
	for i, c := range g {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, fmtHex[c>>4], fmtHex[c&15])
	}
	return b
}

// fmtCharEsc writes c as it appears inside a quoted string.
func fmtCharEsc(b []byte, c byte) []byte {
	switch c {
	case '"':
		return append(b, '\\', '"')
	case '\\':
		return append(b, '\\', '\\')
	case '\n':
		return append(b, '\\', 'n')
	case '\t':
		return append(b, '\\', 't')
	case '\r':
		return append(b, '\\', 'r')
	}
	if c < 0x20 || c >= 0x7f { // control characters and the bytes of UTF-8 beyond ASCII
		return append(b, '\\', '0'+c>>6, '0'+(c>>3)&7, '0'+c&7)
	}
	return append(b, c)
}

// int32 temporal specials: null, +inf, -inf.
func fmtSpecial32(x int32) bool { return x == value.NullInt || x == value.InfInt || x == -value.InfInt }
func fmtSpecial64(x int64) bool {
	return x == value.NullLong || x == value.InfLong || x == -value.InfLong
}
func fmtSpecialF(f float64) bool { return f != f || math.IsInf(f, 0) }

// appendAtomK appends the k-form of an atom: 1i, 2f, `a, "x", 0Nd, 2000.01.01.
func (f *fmtr) appendAtomK(b []byte, a value.Value) []byte {
	switch x := a.(type) {
	case value.Bool:
		if x {
			return append(b, "1b"...)
		}
		return append(b, "0b"...)
	case value.GUID:
		return fmtGUID(b, x)
	case value.Byte:
		return append(b, '0', 'x', fmtHex[x>>4], fmtHex[x&15])
	case value.Short:
		return append(fmtInt16(b, int16(x)), 'h')
	case value.Int:
		return append(fmtInt32(b, int32(x)), 'i')
	case value.Long:
		return fmtInt64(b, int64(x))
	case value.Real:
		return append(fmtReal(b, float32(x), f.prec), 'e')
	case value.Float:
		n := len(b)
		b = fmtFloat(b, float64(x), f.prec)
		if fmtWhole(b[n:]) {
			b = append(b, 'f')
		}
		return b
	case value.Char:
		return append(fmtCharEsc(append(b, '"'), byte(x)), '"')
	case value.Sym:
		return append(append(b, '`'), x...)
	case value.Timestamp, value.Timespan:
		v := value.Int64Of(x)
		if fmtSpecial64(v) {
			return append(fmtInt64(b, v), value.TypeChars[-x.Type()])
		}
		return fmtTemporal64(b, -x.Type(), v)
	case value.Month, value.Date, value.Minute, value.Second, value.Time:
		v := value.Int32Of(x)
		if fmtSpecial32(v) {
			return append(fmtInt32(b, v), value.TypeChars[-x.Type()])
		}
		b = fmtTemporal32(b, -x.Type(), v)
		if x.Type() == -value.TMonth {
			b = append(b, 'm')
		}
		return b
	case value.Datetime:
		v := float64(x)
		switch {
		case v != v:
			return append(b, "0Nz"...)
		case math.IsInf(v, 1):
			return append(b, "0wz"...)
		case math.IsInf(v, -1):
			return append(b, "-0wz"...)
		}
		return fmtDatetime(b, v)
	case value.EnumAtom:
		if keys := f.fkKeys(x.Domain); keys != nil { // `kt$1002
			b = append(append(append(b, '`'), x.Domain...), '$')
			return f.appendK(b, value.At(fmtGather(keys, []int64{x.Idx}), 0))
		}
		b = append(append(append(b, '`'), x.Domain...), '$', '`')
		return append(b, f.enumSym(x.Domain, x.Idx)...)
	}
	return append(b, "?"...)
}

// appendCell appends the cell text of an atom: what string returns and what a table
// cell shows (no type letter, nulls blank, symbols and chars bare).
func (f *fmtr) appendCell(b []byte, a value.Value) []byte {
	switch x := a.(type) {
	case value.Bool:
		return append(b, '0'+byte(fmtB2i(bool(x))))
	case value.GUID:
		return fmtGUID(b, x)
	case value.Byte:
		return append(b, fmtHex[x>>4], fmtHex[x&15])
	case value.Short:
		if int16(x) == value.NullShort {
			return b
		}
		return fmtInt16(b, int16(x))
	case value.Int:
		if int32(x) == value.NullInt {
			return b
		}
		return fmtInt32(b, int32(x))
	case value.Long:
		if int64(x) == value.NullLong {
			return b
		}
		return fmtInt64(b, int64(x))
	case value.Real:
		if x != x {
			return b
		}
		return fmtReal(b, float32(x), f.prec)
	case value.Float:
		if x != x {
			return b
		}
		return fmtFloat(b, float64(x), f.prec)
	case value.Char:
		return append(b, byte(x))
	case value.Sym:
		return append(b, x...)
	case value.Timestamp, value.Timespan:
		v := value.Int64Of(x)
		if v == value.NullLong {
			return b
		}
		if fmtSpecial64(v) {
			return fmtInt64(b, v)
		}
		return fmtTemporal64(b, -x.Type(), v)
	case value.Month, value.Date, value.Minute, value.Second, value.Time:
		v := value.Int32Of(x)
		if v == value.NullInt {
			return b
		}
		if fmtSpecial32(v) {
			return fmtInt32(b, v)
		}
		return fmtTemporal32(b, -x.Type(), v)
	case value.Datetime:
		v := float64(x)
		if v != v {
			return b
		}
		if math.IsInf(v, 0) {
			return fmtFloat(b, v, 0)
		}
		return fmtDatetime(b, v)
	case value.EnumAtom:
		return append(b, f.enumSym(x.Domain, x.Idx)...)
	}
	return f.appendK(b, a)
}

func fmtB2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
