package eval

import (
	"encoding/hex"
	"math"
	"net"
	"strconv"
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// tok implements "T"$y (and -t$y, `$y): interpret the string y as an atom of type t.
// It recurses through lists down to strings; text that does not parse gives t's null.
func tok(t value.Type, y value.Value) value.Value {
	switch v := y.(type) {
	case *value.Vec[byte]:
		if v.Typ == value.TChar {
			return tokString(t, string(v.S))
		}
	case value.Char:
		return tokString(t, string([]byte{byte(v)}))
	case *value.List:
		r := make([]value.Value, len(v.Items))
		for i, it := range v.Items {
			r[i] = tok(t, it)
		}
		if len(r) == 0 {
			return value.Empty(t)
		}
		return value.NewList(r)
	case *value.Dict:
		return &value.Dict{K: v.K, V: tok(t, v.V)}
	case *value.Table:
		r := make([]value.Value, len(v.Data))
		for i, c := range v.Data {
			r[i] = tok(t, c)
		}
		return &value.Table{Cols: v.Cols, Data: r}
	}
	errType()
	return nil
}

// tokString parses one string as type t.
func tokString(t value.Type, s string) value.Value {
	switch t {
	case value.TChar:
		if s == "" {
			return value.Char(' ')
		}
		return value.Char(s[0])
	case value.TSym:
		return value.Sym(strings.Trim(s, " "))
	}
	s = strings.TrimSpace(s)
	switch t {
	case value.TBool:
		// The truthy first characters, as kdb+ reads them.
		if s != "" && strings.IndexByte("1tTyYxX", s[0]) >= 0 {
			return value.Bool(true)
		}
		return value.Bool(false)
	case value.TGUID:
		return parseGUID(s)
	case value.TByte:
		return parseByteHex(s)
	case value.TShort:
		x, c := parseIntText(s, math.MaxInt16)
		return value.Short(int16(tokInt(c, x, int64(value.NullShort), math.MaxInt16)))
	case value.TInt:
		if ip, ok := parseIPv4(s); ok {
			return value.Int(int32(ip))
		}
		x, c := parseIntText(s, math.MaxInt32)
		return value.Int(int32(tokInt(c, x, int64(value.NullInt), math.MaxInt32)))
	case value.TLong:
		x, c := parseIntText(s, math.MaxInt64)
		return value.Long(tokInt(c, x, value.NullLong, math.MaxInt64))
	case value.TReal:
		return value.Real(float32(parseFloatText(s)))
	case value.TFloat:
		return value.Float(parseFloatText(s))
	case value.TTimestamp:
		return value.Timestamp(parseTimestamp(s))
	case value.TMonth:
		return value.Month(parseMonth(s))
	case value.TDate:
		d, ok := parseDate(s)
		if !ok {
			return value.Date(value.NullInt)
		}
		return value.Date(clamp32(tcFinite, d))
	case value.TDatetime:
		ns := parseTimestamp(s)
		c := class64(ns)
		if c != tcFinite {
			return value.Datetime(floatOf(c, 0))
		}
		ms := tFloorDiv(ns, 1000000)
		return value.Datetime(float64(ms) / 86400000)
	case value.TTimespan:
		return value.Timespan(parseTimespan(s))
	case value.TMinute, value.TSecond, value.TTime:
		ns, ok := parseTimeOfDay(s)
		if !ok {
			return value.Atom32(t, value.NullInt)
		}
		return value.Atom32(t, int32(ns/nsPer(t)))
	}
	errType()
	return nil
}

func tokInt(c tcls, x, null, inf int64) int64 {
	switch c {
	case tcNull:
		return null
	case tcInf:
		return inf
	case tcNinf:
		return -inf
	}
	return x
}

// parseIntText reads an optionally signed decimal integer whose magnitude stays
// below max; 0N/0W/-0W are null and the infinities; anything else is null.
func parseIntText(s string, max int64) (int64, tcls) {
	neg := false
	b := s
	if strings.HasPrefix(b, "-") {
		neg, b = true, b[1:]
	}
	switch b {
	case "0N", "0n":
		return 0, tcNull
	case "0W", "0w":
		if neg {
			return 0, tcNinf
		}
		return 0, tcInf
	}
	if b == "" {
		return 0, tcNull
	}
	var x int64
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, tcNull
		}
		if x > (max-int64(c-'0'))/10 {
			return 0, tcNull
		}
		x = x*10 + int64(c-'0')
	}
	if neg {
		x = -x
	}
	return x, tcFinite
}

// parseFloatText reads a decimal float (with optional exponent), 0n, 0w or -0w.
func parseFloatText(s string) float64 {
	switch s {
	case "0w", "0W":
		return math.Inf(1)
	case "-0w", "-0W":
		return math.Inf(-1)
	case "", "0n", "0N":
		return math.NaN()
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+') {
			return math.NaN()
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return math.NaN()
	}
	return f
}

// parseByteHex reads one or two hex digits (an optional 0x prefix allowed).
func parseByteHex(s string) value.Value {
	s = strings.TrimPrefix(s, "0x")
	var x byte
	for i := 0; i < len(s) && i < 2; i++ {
		d := tokHexDigit(s[i])
		if d < 0 {
			return value.Byte(0)
		}
		x = x<<4 | byte(d)
	}
	return value.Byte(x)
}

func tokHexDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// parseIPv4 reads a dotted quad as the big-endian int kdb+ makes of it.
func parseIPv4(s string) (uint32, bool) {
	if strings.Count(s, ".") != 3 {
		return 0, false
	}
	var r uint32
	for _, p := range strings.Split(s, ".") {
		x, c := parseIntText(p, 1<<31)
		if c != tcFinite || x < 0 || x > 255 || p == "" || p[0] == '-' {
			return 0, false
		}
		r = r<<8 | uint32(x)
	}
	return r, true
}

// parseGUID reads a guid (8-4-4-4-12 hex, or 32 hex digits) or an IP address, which
// kdb+ stores as its 16-byte IPv6 form (IPv4 mapped to ::ffff:a.b.c.d).
func parseGUID(s string) value.Value {
	h := strings.ReplaceAll(s, "-", "")
	if len(h) == 32 {
		var g value.GUID
		if _, err := hex.Decode(g[:], []byte(h)); err == nil {
			return g
		}
	}
	if ip := net.ParseIP(s); ip != nil {
		var g value.GUID
		copy(g[:], ip.To16())
		return g
	}
	return value.GUID{}
}

// tokDigits reports whether s is all decimal digits (and not empty).
func tokDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func tokAtoi(s string) int64 {
	var x int64
	for i := 0; i < len(s); i++ {
		x = x*10 + int64(s[i]-'0')
	}
	return x
}

var tokMonthAbbr = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// tokMonthField reads a month as 1-2 digits or a three-letter name (0 if neither).
func tokMonthField(s string) int64 {
	if tokDigits(s) && len(s) <= 2 {
		return tokAtoi(s)
	}
	if len(s) == 3 {
		l := strings.ToLower(s)
		for i, m := range tokMonthAbbr {
			if l == m {
				return int64(i + 1)
			}
		}
	}
	return 0
}

// tokFullYear widens a two-digit year the way kdb+ does (00-49 are 20xx).
func tokFullYear(s string) int64 {
	y := tokAtoi(s)
	if len(s) == 2 {
		if y < 50 {
			return 2000 + y
		}
		return 1900 + y
	}
	return y
}

// tokYMD returns the day number of a civil date, checking the ranges.
func tokYMD(y, m, d int64) (int64, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 0 || y > 9999 {
		return 0, false
	}
	days := value.YMDToDays(y, m, d)
	if _, m2, _ := value.DaysToYMD(days); m2 != m {
		return 0, false
	}
	return days, true
}

// parseDate reads the date forms kdb+'s "D"$ accepts: yyyy.mm.dd (or - /),
// mm/dd/yyyy (and . -), yyyymmdd, yymmdd, ddMMMyyyy, yyyy/MMM/dd.
func parseDate(s string) (int64, bool) {
	if tokDigits(s) {
		switch len(s) {
		case 8:
			return tokYMD(tokAtoi(s[:4]), tokAtoi(s[4:6]), tokAtoi(s[6:]))
		case 6:
			return tokYMD(tokFullYear(s[:2]), tokAtoi(s[2:4]), tokAtoi(s[4:]))
		}
		return 0, false
	}
	for _, sep := range []string{".", "-", "/"} {
		p := strings.Split(s, sep)
		if len(p) != 3 {
			continue
		}
		if len(p[0]) == 4 && tokDigits(p[0]) && tokDigits(p[2]) {
			return tokYMD(tokAtoi(p[0]), tokMonthField(p[1]), tokAtoi(p[2]))
		}
		if (len(p[2]) == 4 || len(p[2]) == 2) && tokDigits(p[2]) && tokDigits(p[1]) {
			return tokYMD(tokFullYear(p[2]), tokMonthField(p[0]), tokAtoi(p[1]))
		}
		return 0, false
	}
	// ddMMMyyyy or ddMMMyy
	if len(s) == 9 || len(s) == 7 {
		if tokDigits(s[:2]) && tokDigits(s[5:]) {
			return tokYMD(tokFullYear(s[5:]), tokMonthField(s[2:5]), tokAtoi(s[:2]))
		}
	}
	return 0, false
}

// parseMonth reads yyyy.mm, yyyy-mm, yyyymm (a trailing m allowed) or a full date.
func parseMonth(s string) int32 {
	s = strings.TrimSuffix(s, "m")
	var y, m int64
	switch {
	case tokDigits(s) && len(s) == 6:
		y, m = tokAtoi(s[:4]), tokAtoi(s[4:])
	case len(s) == 7 && (s[4] == '.' || s[4] == '-' || s[4] == '/') && tokDigits(s[:4]) && tokDigits(s[5:]):
		y, m = tokAtoi(s[:4]), tokAtoi(s[5:])
	default:
		if d, ok := parseDate(s); ok {
			yy, mm, _ := value.DaysToYMD(d)
			y, m = yy, mm
		} else {
			return value.NullInt
		}
	}
	if m < 1 || m > 12 {
		return value.NullInt
	}
	return int32((y-2000)*12 + m - 1)
}

// parseFrac reads the digits after a decimal point as nanoseconds (extra digits cut).
func parseFrac(s string) (int64, bool) {
	if s == "" {
		return 0, true
	}
	if !tokDigits(s) {
		return 0, false
	}
	if len(s) > 9 {
		s = s[:9]
	}
	x := tokAtoi(s)
	for i := len(s); i < 9; i++ {
		x *= 10
	}
	return x, true
}

// parseTimeOfDay reads hh:mm[:ss[.fff]] or the digit form hhmm[ss[fff...]] as ns.
func parseTimeOfDay(s string) (int64, bool) {
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	var h, m, sec, frac int64
	if tokDigits(s) {
		if len(s) < 2 {
			return 0, false
		}
		h = tokAtoi(s[:2])
		if len(s) >= 4 {
			m = tokAtoi(s[2:4])
		}
		if len(s) >= 6 {
			sec = tokAtoi(s[4:6])
		}
		if len(s) > 6 {
			f, _ := parseFrac(s[6:])
			frac = f
		} else if len(s) != 2 && len(s) != 4 && len(s) != 6 {
			return 0, false
		}
	} else {
		main, fr, hasFrac := strings.Cut(s, ".")
		p := strings.Split(main, ":")
		if len(p) < 2 || len(p) > 3 {
			return 0, false
		}
		for _, q := range p {
			if !tokDigits(q) {
				return 0, false
			}
		}
		h, m = tokAtoi(p[0]), tokAtoi(p[1])
		if len(p) == 3 {
			sec = tokAtoi(p[2])
		} else if hasFrac {
			return 0, false
		}
		f, ok := parseFrac(fr)
		if !ok {
			return 0, false
		}
		frac = f
	}
	if m >= 60 || sec >= 60 {
		return 0, false
	}
	ns := (h*3600+m*60+sec)*value.NsPerSec + frac
	if neg {
		ns = -ns
	}
	return ns, true
}

// parseTimespan reads [-][d]Dhh:mm:ss.nnnnnnnnn, hh:mm:ss.nnn... or digits.
func parseTimespan(s string) int64 {
	switch s {
	case "0N", "":
		return value.NullLong
	case "0W":
		return value.InfLong
	case "-0W":
		return -value.InfLong
	}
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	var days int64
	if d, rest, ok := strings.Cut(s, "D"); ok {
		if !tokDigits(d) {
			return value.NullLong
		}
		days, s = tokAtoi(d), rest
		if s == "" {
			if neg {
				days = -days
			}
			return days * value.NsPerDay
		}
	}
	ns, ok := parseTimeOfDay(s)
	if !ok {
		// A plain number of nanoseconds is not a timespan text.
		return value.NullLong
	}
	ns += days * value.NsPerDay
	if neg {
		ns = -ns
	}
	return ns
}

// parseTimestamp reads a date and an optional time of day (separated by D, T, a
// space or, after an 8-digit date, a dash), or 9-11 digits of Unix seconds with an
// optional fraction. The result is ns since 2000.01.01, or NullLong.
func parseTimestamp(s string) int64 {
	switch s {
	case "0N", "0n", "":
		return value.NullLong
	case "0W", "0w":
		return value.InfLong
	case "-0W", "-0w":
		return -value.InfLong
	}
	// Unix seconds.
	if sec, fr, _ := strings.Cut(s, "."); tokDigits(sec) && len(sec) >= 9 && len(sec) <= 11 {
		f, ok := parseFrac(fr)
		if !ok {
			return value.NullLong
		}
		return (tokAtoi(sec)-10957*86400)*value.NsPerSec + f
	}
	ds, ts := s, ""
	if i := dateTimeSep(s); i >= 0 {
		ds, ts = s[:i], s[i+1:]
	} else if len(s) > 9 && tokDigits(s[:8]) && s[8] == '-' {
		ds, ts = s[:8], s[9:]
	}
	d, ok := parseDate(ds)
	if !ok {
		return value.NullLong
	}
	var tod int64
	if ts != "" {
		if tod, ok = parseTimeOfDay(ts); !ok {
			return value.NullLong
		}
	}
	return d*value.NsPerDay + tod
}

// dateTimeSep finds the D, T or space between a date and a time: between two digits,
// so the D of 28Dec2015 is not taken for one.
func dateTimeSep(s string) int {
	for i := 1; i+1 < len(s); i++ {
		if (s[i] == 'D' || s[i] == 'T' || s[i] == ' ') && s[i-1] >= '0' && s[i-1] <= '9' && s[i+1] >= '0' && s[i+1] <= '9' {
			return i
		}
	}
	return -1
}
