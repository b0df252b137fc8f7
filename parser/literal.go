package parser

import (
	"math"
	"strconv"
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// suffixType maps a literal's type suffix letter to its basic type.
var suffixType = map[byte]value.Type{
	'h': value.TShort, 'i': value.TInt, 'j': value.TLong, 'e': value.TReal, 'f': value.TFloat,
	'p': value.TTimestamp, 'm': value.TMonth, 'd': value.TDate, 'z': value.TDatetime,
	'n': value.TTimespan, 'u': value.TMinute, 'v': value.TSecond, 't': value.TTime,
	'g': value.TGUID,
}

// numLiteral builds the value of a numeric token: a boolean, byte or numeric/temporal
// strand (one item gives an atom).
func numLiteral(text string) (value.Value, error) {
	if isBoolLit(text) {
		d := text[:len(text)-1]
		if len(d) == 1 {
			return value.Bool(d[0] == '1'), nil
		}
		s := make([]byte, len(d))
		for i := range d {
			s[i] = d[i] - '0'
		}
		return value.Bools(s), nil
	}
	if strings.HasPrefix(text, "0x") {
		return byteLit(text[2:])
	}
	items := strings.Fields(text)
	if len(items) == 0 {
		return nil, errParse("parse")
	}
	// The last item's suffix types the whole strand.
	t, ok := strandType(items)
	if !ok {
		return nil, errParse("parse")
	}
	if t == value.TGUID {
		if len(items) == 1 && isNullText(items[0]) && items[0][1] == 'N' {
			return value.GUID{}, nil
		}
		return nil, errParse("parse")
	}
	atoms := make([]value.Value, len(items))
	for i, it := range items {
		a, ok := itemAs(it, t)
		if !ok {
			return nil, errParse("parse")
		}
		atoms[i] = a
	}
	if len(atoms) == 1 {
		return atoms[0], nil
	}
	return value.Collect(t, atoms), nil
}

func isBoolLit(s string) bool {
	if len(s) < 2 || s[len(s)-1] != 'b' {
		return false
	}
	for i := 0; i < len(s)-1; i++ {
		if s[i] != '0' && s[i] != '1' {
			return false
		}
	}
	return true
}

func hexVal(c byte) (byte, bool) {
	switch {
	case isDigit(c):
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// byteLit builds 0x.. : two hex digits per byte, an odd count padded on the left.
func byteLit(h string) (value.Value, error) {
	if len(h)%2 == 1 {
		h = "0" + h
	}
	s := make([]byte, len(h)/2)
	for i := range s {
		a, ok1 := hexVal(h[2*i])
		b, ok2 := hexVal(h[2*i+1])
		if !ok1 || !ok2 {
			return nil, errParse("parse")
		}
		s[i] = a<<4 | b
	}
	if len(s) == 1 {
		return value.Byte(s[0]), nil
	}
	return value.Bytes(s), nil
}

// isNullText reports whether s (sign stripped) is 0N 0W 0n 0w with an optional suffix.
func isNullText(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if len(s) < 2 || len(s) > 3 || s[0] != '0' || !strings.ContainsRune("NWnw", rune(s[1])) {
		return false
	}
	return len(s) == 2 || isLetter(s[2])
}

// itemSuffix splits an explicit type suffix off an item ("" type 0 if none).
func itemSuffix(s string) (string, value.Type) {
	if isNullText(s) {
		b := strings.TrimPrefix(s, "-")
		if len(b) == 3 {
			t, ok := suffixType[b[2]]
			if !ok {
				return s, -1
			}
			return s[:len(s)-1], t
		}
		return s, 0
	}
	c := s[len(s)-1]
	if !(c >= 'a' && c <= 'z') {
		return s, 0 // digits, or the D of a timespan like 1D
	}
	t, ok := suffixType[c]
	if !ok || t == value.TGUID {
		return s, -1
	}
	return s[:len(s)-1], t
}

// shapeType is the type an unsuffixed item has by its shape; 0 for a bare 0N/0W
// (adapts to the strand), -1 if it is not a literal.
func shapeType(s string) value.Type {
	s = strings.TrimPrefix(s, "-")
	switch s {
	case "0N", "0W":
		return 0
	case "0n", "0w":
		return value.TFloat
	}
	if isDecimal(s) {
		if strings.ContainsAny(s, ".e") {
			return value.TFloat
		}
		return value.TLong
	}
	if i := strings.IndexByte(s, 'D'); i >= 0 {
		if strings.Count(s[:i], ".") == 2 {
			return value.TTimestamp
		}
		return value.TTimespan
	}
	if strings.IndexByte(s, 'T') >= 0 {
		return value.TDatetime
	}
	if strings.Count(s, ".") == 2 && !strings.Contains(s, ":") {
		return value.TDate
	}
	switch strings.Count(s, ":") {
	case 1:
		return value.TMinute
	case 2:
		if d := strings.IndexByte(s, '.'); d >= 0 {
			if len(s)-d-1 > 3 {
				return value.TTimespan
			}
			return value.TTime
		}
		return value.TSecond
	}
	return -1
}

// isDecimal reports whether s is an integer or float text: digits[.digits][e[+-]digits].
func isDecimal(s string) bool {
	m := s
	if e := strings.IndexByte(s, 'e'); e >= 0 {
		m = s[:e]
		x := strings.TrimLeft(s[e+1:], "+-")
		if len(s[e+1:])-len(x) > 1 || x == "" || strings.Trim(x, "0123456789") != "" {
			return false
		}
	}
	return isMantissa(m)
}

// strandType decides the type of a strand from its items.
func strandType(items []string) (value.Type, bool) {
	last, t := itemSuffix(items[len(items)-1])
	_ = last
	if t < 0 {
		return 0, false
	}
	if t > 0 {
		return t, true
	}
	res := value.Type(0)
	for _, it := range items {
		body, st := itemSuffix(it)
		if st < 0 {
			return 0, false
		}
		if st == 0 {
			st = shapeType(body)
		}
		switch {
		case st < 0:
			return 0, false
		case st == 0:
		case res == 0:
			res = st
		case res == st:
		case res == value.TLong && st == value.TFloat, res == value.TFloat && st == value.TLong:
			res = value.TFloat
		case clockRank[res] > 0 && clockRank[st] > 0:
			// 12:34 01:02:03 is a second vector: the finest clock form wins
			if clockRank[st] > clockRank[res] {
				res = st
			}
		default:
			return 0, false
		}
	}
	if res == 0 {
		res = value.TLong
	}
	return res, true
}

// clockRank orders the hh:mm forms from coarsest to finest.
var clockRank = map[value.Type]int{value.TMinute: 1, value.TSecond: 2, value.TTime: 3, value.TTimespan: 4}

// infOf returns the positive infinity atom of type t, negated if neg.
func nullInf(t value.Type, inf, neg bool) value.Value {
	if !inf {
		return value.Null(t)
	}
	switch t {
	case value.TShort:
		if neg {
			return value.Short(-value.InfShort)
		}
		return value.Short(value.InfShort)
	case value.TInt, value.TMonth, value.TDate, value.TMinute, value.TSecond, value.TTime:
		if neg {
			return value.Atom32(t, -value.InfInt)
		}
		return value.Atom32(t, value.InfInt)
	case value.TLong, value.TTimestamp, value.TTimespan:
		if neg {
			return value.Atom64(t, -value.InfLong)
		}
		return value.Atom64(t, value.InfLong)
	case value.TReal:
		if neg {
			return value.Real(float32(math.Inf(-1)))
		}
		return value.Real(float32(math.Inf(1)))
	case value.TFloat, value.TDatetime:
		if neg {
			return value.AtomF(t, math.Inf(-1))
		}
		return value.AtomF(t, math.Inf(1))
	}
	return nil
}

// itemAs parses one strand item as an atom of type t.
func itemAs(it string, t value.Type) (value.Value, bool) {
	body, st := itemSuffix(it)
	if st < 0 || st > 0 && st != t {
		return nil, false
	}
	neg := strings.HasPrefix(body, "-")
	b := strings.TrimPrefix(body, "-")
	if len(b) == 2 && b[0] == '0' && strings.ContainsRune("NWnw", rune(b[1])) {
		v := nullInf(t, b[1] == 'W' || b[1] == 'w', neg)
		if v == nil {
			return nil, false
		}
		return v, true
	}
	switch t {
	case value.TShort, value.TInt, value.TLong:
		if strings.Trim(b, "0123456789") != "" || b == "" {
			return nil, false
		}
		n, err := strconv.ParseInt(body, 10, 64)
		if err != nil {
			return nil, false
		}
		switch t {
		case value.TShort:
			return value.Short(int16(n)), true
		case value.TInt:
			return value.Int(int32(n)), true
		}
		return value.Long(n), true
	case value.TReal, value.TFloat:
		if !isDecimal(b) {
			return nil, false
		}
		f, err := strconv.ParseFloat(body, 64)
		if err != nil && !strings.Contains(err.Error(), "range") {
			return nil, false
		}
		if t == value.TReal {
			return value.Real(float32(f)), true
		}
		return value.Float(f), true
	case value.TMonth:
		p := strings.Split(b, ".")
		if len(p) != 2 || len(p[1]) != 2 {
			return nil, false
		}
		y, ok1 := atoi(p[0])
		m, ok2 := atoi(p[1])
		if !ok1 || !ok2 || m < 1 || m > 12 {
			return nil, false
		}
		return value.Month(int32(sign(neg) * ((y-2000)*12 + m - 1))), true
	case value.TDate:
		d, ok := dateDays(b)
		if !ok {
			return nil, false
		}
		return value.Date(int32(sign(neg) * d)), true
	case value.TTimestamp, value.TDatetime:
		if t == value.TTimestamp && b == "0" {
			return value.Timestamp(0), true // 0p, the epoch (datatypes.md: 0p+ -0W 0Wp+1 -1)
		}
		sep := strings.IndexAny(b, "DT")
		ds, ts := b, ""
		if sep >= 0 {
			ds, ts = b[:sep], b[sep+1:]
		}
		d, ok := dateDays(ds)
		if !ok {
			return nil, false
		}
		ns := int64(0)
		if ts != "" {
			ns, ok = clockNs(ts)
			if !ok {
				return nil, false
			}
		}
		if t == value.TTimestamp {
			return value.Timestamp(sign(neg) * (d*value.NsPerDay + ns)), true
		}
		ms := math.Round(float64(ns) / 1e6)
		return value.Datetime(float64(sign(neg)) * (float64(d) + ms/86400000)), true
	case value.TTimespan:
		var ns int64
		if i := strings.IndexByte(b, 'D'); i >= 0 {
			d, ok := atoi(b[:i])
			if !ok {
				return nil, false
			}
			ns = d * value.NsPerDay
			if b[i+1:] != "" {
				c, ok := clockNs(b[i+1:])
				if !ok {
					return nil, false
				}
				ns += c
			}
		} else {
			c, ok := clockNs(b)
			if !ok || !strings.Contains(b, ":") {
				return nil, false
			}
			ns = c
		}
		return value.Timespan(sign(neg) * ns), true
	case value.TMinute, value.TSecond, value.TTime:
		if !strings.Contains(b, ":") {
			return nil, false
		}
		ns, ok := clockNs(b)
		if !ok {
			return nil, false
		}
		var v int64
		switch t {
		case value.TMinute:
			v = ns / (60 * value.NsPerSec)
		case value.TSecond:
			v = ns / value.NsPerSec
		default:
			v = ns / 1e6
		}
		return value.Atom32(t, int32(sign(neg)*v)), true
	}
	return nil, false
}

func sign(neg bool) int64 {
	if neg {
		return -1
	}
	return 1
}

func atoi(s string) (int64, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// dateDays parses YYYY.MM.DD into days since 2000.01.01.
func dateDays(s string) (int64, bool) {
	p := strings.Split(s, ".")
	if len(p) != 3 || len(p[0]) != 4 || len(p[1]) != 2 || len(p[2]) != 2 {
		return 0, false
	}
	y, ok1 := atoi(p[0])
	m, ok2 := atoi(p[1])
	d, ok3 := atoi(p[2])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	return value.YMDToDays(y, m, d), true
}

// clockNs parses hh[:mm[:ss[.fff]]] into nanoseconds.
func clockNs(s string) (int64, bool) {
	frac := ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s, frac = s[:i], s[i+1:]
		if len(frac) > 9 {
			frac = frac[:9] // finer than a nanosecond is dropped
		}
		if strings.Trim(frac, "0123456789") != "" {
			return 0, false
		}
	}
	p := strings.Split(s, ":")
	if len(p) > 3 || frac != "" && len(p) != 3 {
		return 0, false
	}
	mult := []int64{3600 * value.NsPerSec, 60 * value.NsPerSec, value.NsPerSec}
	var ns int64
	for i, x := range p {
		n, ok := atoi(x)
		if !ok || i > 0 && len(x) != 2 {
			return 0, false
		}
		ns += n * mult[i]
	}
	if frac != "" {
		f, _ := atoi(frac + strings.Repeat("0", 9-len(frac)))
		ns += f
	}
	return ns, true
}

// strLiteral builds a char atom (exactly one char) or char vector from a quoted token.
func strLiteral(text string) (value.Value, error) {
	body := text[1 : len(text)-1]
	var b []byte
	if strings.IndexByte(body, '\\') < 0 {
		b = []byte(body)
	} else {
		b = make([]byte, 0, len(body))
		for i := 0; i < len(body); i++ {
			c := body[i]
			if c != '\\' || i+1 >= len(body) {
				b = append(b, c)
				continue
			}
			i++
			switch e := body[i]; e {
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case '"', '\\':
				b = append(b, e)
			default:
				if i+2 < len(body) && isOctal(e) && isOctal(body[i+1]) && isOctal(body[i+2]) {
					b = append(b, (e-'0')<<6|(body[i+1]-'0')<<3|(body[i+2]-'0'))
					i += 2
				} else {
					b = append(b, '\\', e)
				}
			}
		}
	}
	if len(b) == 1 {
		return value.Char(b[0]), nil
	}
	return value.Chars(b), nil
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// symLiteral builds a symbol atom or vector from `a`b`c text.
func symLiteral(text string) value.Value {
	parts := strings.Split(text[1:], "`")
	if len(parts) == 1 {
		return value.Sym(parts[0])
	}
	return value.Syms(parts)
}
