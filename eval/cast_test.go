package eval

import (
	"math"
	"reflect"
	"testing"

	"github.com/gq-dev/gq/eval/format"
	"github.com/gq-dev/gq/eval/value"
)

// qErr runs f and returns the q error it signals ("" when none).
func qErr(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*value.Error); ok {
				msg = e.Msg
				return
			}
			panic(r)
		}
	}()
	f()
	return ""
}

func castYMD(y, m, d int64) int32 { return int32(value.YMDToDays(y, m, d)) }

func TestCastKernels(t *testing.T) {
	ip := &Interp{Disp: format.DefaultDisplay()}
	cs := []struct {
		name string
		x, y value.Value
		want value.Value
	}{
		{"int$long", value.Sym("int"), value.Long(42), value.Int(42)},
		{"i$10", value.Char('i'), value.Long(10), value.Int(10)},
		{"6h$", value.Short(6), value.Long(42), value.Int(42)},
		{"int$round", value.Sym("int"), value.Floats([]float64{6.1, 6.6, -6.1, -6.6}), value.Ints([]int32{6, 7, -6, -7})},
		{"bool", value.Short(1), value.Longs([]int64{1, 0, 2}), value.Bools([]byte{1, 0, 1})},
		{"x$", value.Char('x'), value.Longs([]int64{3, 4, 5}), value.Bytes([]byte{3, 4, 5})},
		{"x$chars", value.Char('x'), value.Str("abc"), value.Bytes([]byte("abc"))},
		{"x$big", value.Char('x'), value.Longs([]int64{math.MaxInt32 - 2, math.MaxInt32 + 2}), value.Bytes([]byte{0xfd, 0xff})},
		{"float$0Wh", value.Sym("float"), value.Short(value.InfShort), value.Float(32767)},
		{"short$big", value.Sym("short"), value.Long(123456789), value.Short(32767)},
		{"int$0Wh", value.Sym("int"), value.Short(value.InfShort), value.Int(32767)},
		{"int$0Nh", value.Sym("int"), value.Short(value.NullShort), value.Int(value.NullInt)},
		{"char$42", value.Sym("char"), value.Long(42), value.Char('*')},
		{"int$*", value.Sym("int"), value.Char('*'), value.Int(42)},
		{"date$0", value.Sym("date"), value.Long(0), value.Date(0)},
		{"int$date", value.Sym("int"), value.Date(366), value.Int(366)},
		{"ts$42", value.Short(12), value.Long(42), value.Timestamp(42)},
		{"month$42", value.Char('m'), value.Long(42), value.Month(42)},
		{"z$42", value.Short(15), value.Long(42), value.Datetime(42)},
		{"u$42", value.Short(17), value.Long(42), value.Minute(42)},
		{"long$12.345", value.Sym("long"), value.Float(12.345), value.Long(12)},
		{"date$ts", value.Sym("date"), value.Timestamp(int64(castYMD(2015, 1, 2))*value.NsPerDay + 37230123456789), value.Date(castYMD(2015, 1, 2))},
		{"month$date", value.Sym("month"), value.Date(castYMD(2015, 1, 2)), value.Month(180)},
		{"year", value.Sym("year"), value.Date(castYMD(2015, 1, 2)), value.Int(2015)},
		{"mm", value.Sym("mm"), value.Date(castYMD(2015, 1, 2)), value.Int(1)},
		{"dd", value.Sym("dd"), value.Date(castYMD(2015, 1, 2)), value.Int(2)},
		{"hh", value.Sym("hh"), value.Timespan(37230123456789), value.Int(10)},
		{"uu", value.Sym("uu"), value.Timespan(37230123456789), value.Int(20)},
		{"ss", value.Sym("ss"), value.Timespan(37230123456789), value.Int(30)},
		{"minute$n", value.Sym("minute"), value.Timespan(37230123456789), value.Minute(620)},
		{"second$n", value.Sym("second"), value.Timespan(37230123456789), value.Second(37230)},
		{"ts$date", value.Sym("timestamp"), value.Date(castYMD(2001, 1, 2)), value.Timestamp(int64(castYMD(2001, 1, 2)) * value.NsPerDay)},
		{"ts$old", value.Sym("timestamp"), value.Date(castYMD(1666, 9, 2)), value.Timestamp(-value.InfLong)},
		{"time$z", value.Sym("time"), value.Datetime(1.5), value.Time(43200000)},
		{"date$z", value.Char('d'), value.Datetime(3786.5), value.Date(3786)},
		{"week", value.Sym("week"), value.Date(castYMD(2015, 10, 28)), value.Date(castYMD(2015, 10, 26))},
		{"J$", value.Char('J'), value.Str("42"), value.Long(42)},
		{"F$", value.Char('F'), value.Str("42"), value.Float(42)},
		{"E$", value.Short(-8), value.Str("3.14"), value.Real(3.14)},
		{"D$us", value.Char('D'), value.Str("12.31.2014"), value.Date(castYMD(2014, 12, 31))},
		{"D$us-", value.Char('D'), value.Str("12-31-2014"), value.Date(castYMD(2014, 12, 31))},
		{"D$us/", value.Char('D'), value.Str("06/01/2010"), value.Date(castYMD(2010, 6, 1))},
		{"D$iso", value.Char('D'), value.Str("2000-12-12"), value.Date(castYMD(2000, 12, 12))},
		{"D$bad", value.Char('D'), value.Str("2147483648"), value.Date(value.NullInt)},
		{"U$", value.Char('U'), value.Str("12:13:14"), value.Minute(733)},
		{"T$digits", value.Char('T'), value.Str("123456789"), value.Time(45296789)},
		{"P$", value.Char('P'), value.Str("2015-10-28D03:55:58.6542"), value.Timestamp(int64(castYMD(2015, 10, 28))*value.NsPerDay + 14158654200000)},
		{"P$unix", value.Char('P'), value.Str("00000000000"), value.Timestamp(-10957 * value.NsPerDay)},
		{"H$big", value.Char('H'), value.Str("32768"), value.Short(value.NullShort)},
		{"I$big", value.Char('I'), value.Str("2147483648"), value.Int(value.NullInt)},
		{"I$ip", value.Char('I'), value.Str("192.168.1.34"), value.Int(-1062731486)},
		{"B$Y", value.Char('B'), value.Str("   Y  "), value.Bool(true)},
		{"B$42", value.Char('B'), value.Str("42"), value.Bool(false)},
		{"X$", value.Char('X'), value.Str("42"), value.Byte(0x42)},
		{"S$", value.Sym(""), value.Str("   IBM   "), value.Sym("IBM")},
		{"N$", value.Char('N'), value.Str("123456123987654"), value.Timespan(45296123987654)},
		{"G$ip4", value.Char('G'), value.Str("192.0.2.1"), value.GUID{10: 0xff, 11: 0xff, 12: 192, 13: 0, 14: 2, 15: 1}},
		{"pad", value.Long(9), value.Str("foo"), value.Str("foo      ")},
		{"padneg", value.Long(-9), value.Str("foo"), value.Str("      foo")},
		{"padcut", value.Long(2), value.Str("foo"), value.Str("fo")},
		{"list", value.Shorts([]int16{5, 6, 7}), value.Long(42), &value.List{Items: []value.Value{value.Short(42), value.Int(42), value.Long(42)}}},
		{"star", value.Char('*'), value.Long(1), value.Long(1)},
	}
	for _, c := range cs {
		var got value.Value
		if e := qErr(func() { got = dollar(ip, c.x, c.y) }); e != "" {
			t.Errorf("%s: '%s", c.name, e)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %#v want %#v", c.name, got, c.want)
		}
	}
	for _, c := range []struct {
		name string
		x, y value.Value
		err  string
	}{
		{"sym$str", value.Sym("symbol"), value.Str("abc"), "type"},
		{"int$sym", value.Sym("int"), value.Sym("a"), "type"},
		{"time$date", value.Sym("time"), value.Date(0), "type"},
	} {
		if e := qErr(func() { dollar(ip, c.x, c.y) }); e != c.err {
			t.Errorf("%s: got '%s want '%s", c.name, e, c.err)
		}
	}
}

func TestStringKernels(t *testing.T) {
	ip := &Interp{Disp: format.DefaultDisplay()}
	b := func(s string) value.Value {
		r := make([]byte, len(s))
		for i := range s {
			r[i] = s[i] - '0'
		}
		return value.Bools(r)
	}
	strs := func(ss ...string) value.Value {
		r := make([]value.Value, len(ss))
		for i, s := range ss {
			r[i] = value.Str(s)
		}
		return &value.List{Items: r}
	}
	cs := []struct {
		name string
		got  func() value.Value
		want value.Value
	}{
		{"like?", func() value.Value { return like(ip, value.Sym("quick"), value.Str("qu?ck")) }, value.Bool(true)},
		{"like set", func() value.Value { return like(ip, value.Syms([]string{"brawn", "brown"}), value.Str("br[^o]wn")) }, b("10")},
		{"like star", func() value.Value { return like(ip, value.Str("brown"), value.Str("br?*wn")) }, value.Bool(true)},
		{"like lit star", func() value.Value { return like(ip, value.Str("brown"), value.Str("br[?*]wn")) }, value.Bool(false)},
		{"like ]", func() value.Value { return like(ip, value.Str("br]wn"), value.Str("[bf]r[]]wn")) }, value.Bool(true)},
		{"like [[]", func() value.Value { return like(ip, value.Str("a[c"), value.Str("a[[]c")) }, value.Bool(true)},
		{"like &^", func() value.Value { return like(ip, value.Str("br^wn"), value.Str("br[&^]wn")) }, value.Bool(true)},
		{"like tail", func() value.Value { return like(ip, value.Str("x321-832e"), value.Str("*[^0-9]")) }, value.Bool(true)},
		{"ss", func() value.Value { return ss(value.Str("the brown duck drowned"), value.Str("?rown")) }, value.Longs([]int64{4, 15})},
		{"ssr", func() value.Value {
			return ssr(ip, []value.Value{value.Str("advance"), value.Str("a"), value.Str("-")})
		}, value.Str("-dv-nce")},
		{"sv", func() value.Value { return qsv(value.Str(", "), strs("one", "two")) }, value.Str("one, two")},
		{"sv sym", func() value.Value { return qsv(value.Sym(""), value.Syms([]string{"quick", "brown"})) }, value.Sym("quick.brown")},
		{"sv path", func() value.Value { return qsv(value.Sym(""), value.Syms([]string{":/a", "b"})) }, value.Sym(":/a/b")},
		{"sv base", func() value.Value { return qsv(value.Long(10), value.Longs([]int64{2, 3, 5, 7})) }, value.Long(2357)},
		{"sv radix", func() value.Value {
			return qsv(value.Longs([]int64{0, 24, 60, 60}), value.Longs([]int64{2, 3, 5, 7}))
		}, value.Long(183907)},
		{"sv bits", func() value.Value { return qsv(value.Bool(false), value.Bools(make([]byte, 16))) }, value.Short(0)},
		{"vs", func() value.Value { return qvs(value.Char(','), value.Str("a,,b")) }, strs("a", "", "b")},
		{"vs lines", func() value.Value { return qvs(value.Sym(""), value.Str("a\r\nb\n")) }, strs("a", "b")},
		{"vs sym", func() value.Value { return qvs(value.Sym(""), value.Sym("mywork.dat")) }, value.Syms([]string{"mywork", "dat"})},
		{"vs base", func() value.Value { return qvs(value.Long(10), value.Long(1995)) }, value.Longs([]int64{1, 9, 9, 5})},
		{"vs radix", func() value.Value { return qvs(value.Longs([]int64{24, 60, 60}), value.Long(3805)) }, value.Longs([]int64{1, 3, 25})},
		{"vs bytes", func() value.Value { return qvs(value.Byte(0), value.Short(2413)) }, value.Bytes([]byte{0x09, 0x6d})},
		{"upper", func() value.Value { return upper(value.Syms([]string{"ibm", "msft"})) }, value.Syms([]string{"IBM", "MSFT"})},
		{"lower", func() value.Value { return lower(value.Str("IBM")) }, value.Str("ibm")},
		{"trim", func() value.Value { return trim(value.Str("  a b ")) }, value.Str("a b")},
		{"ltrim", func() value.Value { return ltrim(value.Str("  a ")) }, value.Str("a ")},
		{"string sym", func() value.Value { return stringOf(ip, value.Sym("ibm")) }, value.Str("ibm")},
		{"string chars", func() value.Value { return stringOf(ip, value.Str("ab")) }, strs("a", "b")},
	}
	for _, c := range cs {
		var got value.Value
		if e := qErr(func() { got = c.got() }); e != "" {
			t.Errorf("%s: '%s", c.name, e)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %#v want %#v", c.name, got, c.want)
		}
	}
}

func TestStringErrors(t *testing.T) {
	ip := &Interp{Disp: format.DefaultDisplay()}
	s := value.Str("the time the")
	for _, c := range []struct {
		name string
		f    func()
		err  string
	}{
		{"like *a*a*", func() { like(ip, s, value.Str("*the*the*")) }, "nyi"},
		{"like *a*a", func() { like(ip, s, value.Str("*the*the")) }, "nyi"},
		{"like *a*", func() { like(ip, s, value.Str("*the*")) }, ""},
		{"ss empty", func() { ss(s, value.Str("")) }, "length"},
		{"ss star", func() { ss(s, value.Str("t*e")) }, "length"},
		{"ssr atom", func() { ssr(ip, []value.Value{value.Char('a'), value.Char('a'), value.Char('-')}) }, "type"},
		{"enum cast", func() { enumerateIn([]string{"a", "b"}, "x", value.Syms([]string{"a", "c"})) }, "cast"},
	} {
		if e := qErr(c.f); e != c.err {
			t.Errorf("%s: got '%s want '%s", c.name, e, c.err)
		}
	}
}

func TestTemporalDot(t *testing.T) {
	ti := value.Time(45296789) // 12:34:56.789
	dt := value.Date(castYMD(2018, 9, 18))
	for _, c := range []struct {
		v     value.Value
		field string
		want  value.Value
	}{
		{dt, "year", value.Int(2018)}, {dt, "mm", value.Int(9)}, {dt, "dd", value.Int(18)},
		{ti, "hh", value.Int(12)}, {ti, "mm", value.Int(34)}, {ti, "ss", value.Int(56)},
		{dt, "month", value.Month(224)},
	} {
		got, ok := temporalDot(c.v, c.field)
		if !ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v.%s: got %#v want %#v", c.v, c.field, got, c.want)
		}
	}
	if _, ok := temporalDot(value.Long(1), "hh"); ok {
		t.Error("long.hh should not resolve")
	}
}

func TestEnumHelpers(t *testing.T) {
	ip := New(nil, nil)
	ip.setGlobal("sym", value.Syms([]string{"a", "b"}))
	got := enumExtend(ip, "sym", value.Syms([]string{"b", "c"}))
	if !reflect.DeepEqual(got, &value.EnumVec{Domain: "sym", Idx: []int64{1, 2}}) {
		t.Errorf("enumExtend: %#v", got)
	}
	if d := ip.lookupGlobal("sym"); !reflect.DeepEqual(d, value.Syms([]string{"a", "b", "c"})) {
		t.Errorf("domain: %#v", d)
	}
	if got := enumFromIndex(ip, "sym", value.Long(2)); got != (value.EnumAtom{Domain: "sym", Idx: 2}) {
		t.Errorf("enumFromIndex: %#v", got)
	}
	if e := qErr(func() { enumFromIndex(ip, "sym", value.Long(3)) }); e != "index" {
		t.Errorf("enumFromIndex range: '%s", e)
	}
	if got := dollar(ip, value.Sym("sym"), value.Sym("c")); got != (value.EnumAtom{Domain: "sym", Idx: 2}) {
		t.Errorf("`sym$`c: %#v", got)
	}
}

func benchLongVec(n int) *value.Vec[int64] {
	s := make([]int64, n)
	for i := range s {
		s[i] = int64(i * 7)
	}
	return value.Longs(s)
}

// BenchmarkCastLongToInt measures `int$ on a million longs.
func BenchmarkCastLongToInt(b *testing.B) {
	v := benchLongVec(1 << 20)
	for i := 0; i < b.N; i++ {
		castVec(value.TInt, v)
	}
}

// BenchmarkCastReference is the plain Go loop `int$ competes with.
func BenchmarkCastReference(b *testing.B) {
	v := benchLongVec(1 << 20)
	for i := 0; i < b.N; i++ {
		r := make([]int32, len(v.S))
		for j, e := range v.S {
			r[j] = int32(e)
		}
		_ = r
	}
}

// BenchmarkCastDateToMonth measures `month$ on a million dates.
func BenchmarkCastDateToMonth(b *testing.B) {
	s := make([]int32, 1<<20)
	for i := range s {
		s[i] = int32(i % 20000)
	}
	v := value.NewVec(value.TDate, s)
	for i := 0; i < b.N; i++ {
		castVec(value.TMonth, v)
	}
}

func TestTokForms(t *testing.T) {
	d := func(y, m, dd int64) value.Value { return value.Date(castYMD(y, m, dd)) }
	for _, c := range []struct {
		t    value.Type
		s    string
		want value.Value
	}{
		{value.TDate, "2015.10.28", d(2015, 10, 28)},
		{value.TDate, "2015/10/28", d(2015, 10, 28)},
		{value.TDate, "151028", d(2015, 10, 28)},
		{value.TDate, "28oct15", d(2015, 10, 28)},
		{value.TDate, "10/28/15", d(2015, 10, 28)},
		{value.TDate, "2015.02.30", value.Date(value.NullInt)},
		{value.TDate, "", value.Date(value.NullInt)},
		{value.TMonth, "2015.10", value.Month(189)},
		{value.TMonth, "201510", value.Month(189)},
		{value.TMinute, "1213", value.Minute(733)},
		{value.TSecond, "121314", value.Second(43994)},
		{value.TTime, "12:34:56.7", value.Time(45296700)},
		{value.TTime, "12:60", value.Time(value.NullInt)},
		{value.TTimespan, "1D02:03:04", value.Timespan(93784 * value.NsPerSec)},
		{value.TTimespan, "-0D00:00:01", value.Timespan(-value.NsPerSec)},
		{value.TTimestamp, "2015.10.28", value.Timestamp(int64(castYMD(2015, 10, 28)) * value.NsPerDay)},
		{value.TTimestamp, "2015.10.28 01:00", value.Timestamp(int64(castYMD(2015, 10, 28))*value.NsPerDay + 3600*value.NsPerSec)},
		{value.TDatetime, "2000.01.02T12:00:00.000", value.Datetime(1.5)},
		{value.TTimestamp, "28Dec2015D01:00", value.Timestamp(int64(castYMD(2015, 12, 28))*value.NsPerDay + 3600*value.NsPerSec)},
		{value.TLong, "0W", value.Long(value.InfLong)},
		{value.TLong, "-0W", value.Long(-value.InfLong)},
		{value.TLong, "12a", value.Long(value.NullLong)},
		{value.TInt, " 7 ", value.Int(7)},
		{value.TFloat, "-1.5e2", value.Float(-150)},
		{value.TFloat, "inf", value.Float(math.NaN())},
		{value.TByte, "ff", value.Byte(0xff)},
		{value.TChar, "xyz", value.Char('x')},
	} {
		got := tokString(c.t, c.s)
		if f, ok := c.want.(value.Float); ok && f != f {
			if g, ok := got.(value.Float); !ok || g == g {
				t.Errorf("%d$%q: got %#v want 0n", c.t, c.s, got)
			}
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%d$%q: got %#v want %#v", c.t, c.s, got, c.want)
		}
	}
}
