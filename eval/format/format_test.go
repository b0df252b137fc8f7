package format

import (
	"math"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// Expected strings come from the conformance corpus (repl/testdata/conformance, cited
// as file:line of the q) input) or the KX docs where noted.

func fmtL(items ...value.Value) *value.List   { return &value.List{Items: items} }
func fmtLongs(xs ...int64) *value.Vec[int64]  { return value.Longs(xs) }
func fmtSyms(xs ...string) *value.Vec[string] { return value.Syms(xs) }
func fmtFloats(xs ...float64) *value.Vec[float64] {
	return value.Floats(xs)
}
func fmtDict(k, v value.Value) *value.Dict { return &value.Dict{K: k, V: v} }
func fmtTable(cols string, data ...value.Value) *value.Table {
	return value.NewTable(strings.Fields(cols), data)
}
func fmtPrim(name string) *value.Prim  { return &value.Prim{Name: name, T: value.TBinary} }
func fmtDate(y, m, d int64) value.Date { return value.Date(value.YMDToDays(y, m, d)) }

func TestShow(t *testing.T) {
	date := fmtDate
	ts := func(y, m, d, ns int64) value.Timestamp {
		return value.Timestamp(value.YMDToDays(y, m, d)*value.NsPerDay + ns)
	}
	hms := func(h, m, s int64) int64 { return (h*3600 + m*60 + s) * value.NsPerSec }
	logd := math.Log
	cases := []struct {
		name string
		v    value.Value
		want string
	}{
		// atoms
		{"display-atoms:214 4%2", value.Float(2), "2f"},
		{"display-atoms:55", value.Float(1.0 / 7), "0.1428571"},
		{"display-atoms:59", value.Float(123456789), "1.234568e+08"},
		{"display-atoms:57", value.Long(123456789), "123456789"},
		{"display-atoms:79", value.Real(3.14), "3.14e"},
		{"display-atoms:204 0w", value.Float(math.Inf(1)), "0w"},
		{"display-atoms:206", value.Float(math.Inf(-1)), "-0w"},
		{"display-atoms:208", value.Float(math.NaN()), "0n"},
		{"display-atoms:210", value.Long(value.InfLong), "0W"},
		{"display-atoms:212", value.Long(-value.InfLong), "-0W"},
		{"display-atoms:213", value.Long(value.NullLong), "0N"},
		{"display-atoms:112", value.Int(31), "31i"},
		{"short", value.Short(-7), "-7h"},
		{"int null", value.Int(value.NullInt), "0Ni"},
		{"display-atoms:86", value.Bool(true), "1b"},
		{"byte", value.Byte(0x2a), "0x2a"},
		{"display-atoms:95", value.Char('a'), `"a"`},
		{"display-atoms:97", value.Char('\n'), `"\n"`},
		{"display-atoms:43", value.Sym("hello world"), "`hello world"},
		{"display-atoms:46", value.GUID{}, "00000000-0000-0000-0000-000000000000"},
		{"display-atoms:50", value.GUID{0x8c, 0x68, 0x0a, 0x01, 0x5a, 0x49, 0x5a, 0xab, 0x5a, 0x65, 0xd4, 0xbf, 0xdd, 0xb6, 0xa6, 0x61},
			"8c680a01-5a49-5aab-5a65-d4bfddb6a661"},
		{"display-atoms:104", date(2000, 1, 1), "2000.01.01"},
		{"display-atoms:33", value.Date(value.YMDToDays(1, 1, 1) - 1), "0000.00.00"},
		{"display-atoms:35", value.Datetime(value.YMDToDays(1, 1, 1) - 1), "0000.00.00T00:00:00.000"},
		{"display-atoms:115", value.Datetime(0.5), "2000.01.01T12:00:00.000"},
		{"display-atoms:123", value.Time(12 * 3600 * 1000), "12:00:00.000"},
		{"display-atoms:126", ts(2014, 11, 22, hms(17, 43, 40)+123456789), "2014.11.22D17:43:40.123456789"},
		{"display-atoms:134", value.Timespan(hms(17, 43, 40) + 123456789), "0D17:43:40.123456789"},
		{"display-atoms:248", value.Timespan(hms(12, 0, 0) + 1000), "0D12:00:00.000001000"},
		{"display-atoms:137", value.Month(15*12 + 10), "2015.11m"},
		{"display-atoms:148", value.Minute(12*60 + 30), "12:30"},
		{"display-atoms:158", value.Second(86399), "23:59:59"},
		{"display-atoms:31", value.Timestamp(-value.InfLong), "-0Wp"},
		{"date null", value.Date(value.NullInt), "0Nd"},
		{"datetime inf", value.Datetime(math.Inf(1)), "0wz"},
		{"real null", value.Real(float32(math.NaN())), "0Ne"},
		{"casting:310 enum atom", value.EnumAtom{Domain: "sym", Idx: 1}, "`sym$`b"},
		// vectors
		{"display-lists:26", value.Shorts([]int16{1, 2, 3}), "1 2 3h"},
		{"display-lists:28", fmtFloats(1, 2, 3), "1 2 3f"},
		{"display-lists:30", value.Bools([]byte{0, 1, 0, 1, 1}), "01011b"},
		{"display-lists:32", value.Bytes([]byte{0x20, 0xa1, 0xff}), "0x20a1ff"},
		{"display-lists:34", fmtSyms("Life", "the", "Universe", "and", "Everything"), "`Life`the`Universe`and`Everything"},
		{"display-lists:38", value.Str("string"), `"string"`},
		{"display-lists:44", value.NewVec(value.TDate, []int32{0, 366, 731}), "2000.01.01 2001.01.01 2002.01.01"},
		{"display-lists:71", fmtLongs(5), ",5"},
		{"display-lists:145 blank sym", fmtSyms("z", "y", "x", ""), "`z`y`x`"},
		{"display-atoms:235", value.Bools(nil), "`boolean$()"},
		{"empty string", value.Str(""), `""`},
		{"empty sym", fmtSyms(), "`symbol$()"},
		{"arithmetic:38 avg", fmtFloats(math.NaN(), 3), "0n 3"},
		{"arithmetic:53", fmtFloats(math.NaN(), math.NaN()), "0n 0n"},
		{"arithmetic:45", fmtFloats(1, 1.5, 2, 2, 2.5, math.Inf(-1), math.NaN()), "1 1.5 2 2 2.5 -0w 0n"},
		{"long nulls", fmtLongs(8, value.NullLong, 2, value.NullLong), "8 0N 2 0N"},
		{"int vector", value.Ints([]int32{0, 1, value.NullInt}), "0 1 0Ni"},
		{"date vector null", value.NewVec(value.TDate, []int32{0, value.NullInt}), "2000.01.01 0N"},
		{"date vector all null", value.NewVec(value.TDate, []int32{value.NullInt, value.NullInt}), "0N 0Nd"},
		{"month vector", value.NewVec(value.TMonth, []int32{208, 212}), "2017.05 2017.09m"},
		{"display-lists:47", value.NewVec(value.TSecond, []int32{12*3600 + 34*60, 3723}), "12:34:00 01:02:03"},
		{"display-atoms:30", value.NewVec(value.TTimestamp, []int64{-value.InfLong + 1, value.InfLong - 1}),
			"1707.09.22D00:12:43.145224194 2292.04.10D23:47:16.854775806"},
		{"tables:1146", &value.Vec[int64]{Typ: value.TLong, Attr: value.AttrS, S: []int64{1, 2, 4, 8}}, "`s#1 2 4 8"},
		{"real vector", value.Reals([]float32{1, 2.34, -567.1}), "1 2.34 -567.1e"},
		{"casting:282 enum vec", &value.EnumVec{Domain: "sym", Idx: []int64{0, 1}}, "`sym$`a`b"},
		// general lists
		{"display-lists:4", fmtL(fmtLongs(1, 2, 3), fmtL(value.Sym("1"), value.Char('2'), value.Long(3)), value.Float(4.4)),
			"1 2 3\n(`1;\"2\";3)\n4.4"},
		{"display-lists:81", fmtL(value.Long(1), value.Long(2), fmtLongs(100, 200)), "1\n2\n100 200"},
		{"display-lists:96", fmtL(value.Long(42), value.Char('z')), "42\n\"z\""},
		{"display-lists:90", fmtL(value.Long(1), fmtL(value.Long(42), value.Char('z')),
			fmtL(fmtL(value.Long(2), value.Char('z')), fmtL(value.Long(42), value.Sym("abv")))),
			"1\n(42;\"z\")\n((2;\"z\");(42;`abv))"},
		{"display-lists:99", fmtL(fmtL(value.Long(2), value.Char('z')), fmtL(value.Long(42), value.Sym("abv"))),
			"2  \"z\"\n42 `abv"},
		{"display-lists:134", fmtL(fmtLongs(0, 1, 2, 3, 4), fmtLongs(5, 6, 7, 8, 9, 10)), "0 1 2 3 4\n5 6 7 8 9 10"},
		{"display-lists:179", fmtL(fmtLongs(1, 2, 3), fmtL(fmtLongs(10, 20), fmtLongs(100, 200), fmtLongs(1000, 2000))),
			"1         2         3\n10   20   100  200  1000 2000"},
		{"display-lists:189", fmtL(fmtL(fmtLongs(1, 2), fmtLongs(3, 4), fmtLongs(5, 6)), fmtL(fmtLongs(10, 20), fmtLongs(30, 40), fmtLongs(50, 60))),
			"1 2   3 4   5 6\n10 20 30 40 50 60"},
		{"display-lists:156", fmtL(fmtL(fmtLongs(1, 2, 3), fmtLongs(4, 5, 6, 7)), fmtL(fmtSyms("a", "b", "c", "d"), fmtSyms("z", "y", "x", ""), fmtSyms("0", "1", "2")),
			fmtL(value.Str("now"), value.Str("is"), value.Str("the"))),
			"(1 2 3;4 5 6 7)\n(`a`b`c`d;`z`y`x`;`0`1`2)\n(\"now\";\"is\";\"the\")"},
		{"display-lists:224", fmtL(fmtPrim("::")), "::"},
		{"adverbs:32", fmtL(value.Long(1), fmtLongs(1), fmtL(fmtLongs(1))), "1\n,1\n,,1"},
		{"adverbs:296", fmtL(fmtLongs(1001, 1002, 1004, 1003)), "1001 1002 1004 1003"},
		{"adverbs:298", fmtL(fmtLongs(1001), fmtLongs(1002)), "1001\n1002"},
		{"adverbs:188", fmtL(fmtSyms("Kuh", "Hund", "Katte", "Fisch"), fmtSyms("vache", "chien", "chat", "poisson"), fmtSyms("cow", "dog", "cat", "fish")),
			"Kuh   Hund  Katte Fisch\nvache chien chat  poisson\ncow   dog   cat   fish"},
		{"lists:665", fmtL(value.Bools([]byte{0, 1, 1}), fmtL(value.Bool(true), value.Bools([]byte{1, 0}), value.Bool(false))),
			"0  1   1\n1b 10b 0b"},
		{"comparison-logic:136", fmtL(value.Bools([]byte{1, 1}), value.Bools([]byte{1, 1})), "11b\n11b"},
		{"lists:660", fmtL(fmtFloats(0.5403023, -0.4161468, -0.9899925), fmtFloats(-0.6536436, 0.2836622, 0.9601703)),
			"0.5403023  -0.4161468 -0.9899925\n-0.6536436 0.2836622  0.9601703"},
		{"strings:226", fmtL(fmtL(value.Str("gfg"), value.Str("best")), fmtL(value.Str("I"), value.Str("am")), fmtL(value.Str("two"), value.Str("three"))),
			"\"gfg\" \"best\"\n,\"I\"  \"am\"\n\"two\" \"three\""},
		{"strings:245 attr strings", fmtL(&value.Vec[byte]{Typ: value.TChar, Attr: value.AttrS, S: []byte("ant")}, &value.Vec[byte]{Typ: value.TChar, Attr: value.AttrS, S: []byte("aaegmnt")}),
			"`s#\"ant\"\n`s#\"aaegmnt\""},
		// An empty general list prints nothing (Q4M 3.4.4 uses .Q.s1 "to reveal its
		// display"; kdb+ 4.0's console shows no line), so does an empty dict.
		{"empty list", fmtL(), ""},
		{"empty dict", fmtDict(fmtL(), fmtL()), ""},
		{"2 2 2#til 8", fmtL(fmtL(fmtLongs(0, 1), fmtLongs(2, 3)), fmtL(fmtLongs(4, 5), fmtLongs(6, 7))), "0 1 2 3\n4 5 6 7"},
		// the console pads the inner matrix's columns (Q4M 3.3 prints "10 20 30 a b c",
		// older kdb+; kdb+ 4.0 lays the row out as a block).
		{"enlist (10 20 30;`a`b`c)", fmtL(fmtL(fmtLongs(10, 20, 30), fmtSyms("a", "b", "c"))), "10 20 30 a  b  c"},
		{"table matrix column", fmtTable("a b", fmtLongs(1, 2), fmtL(fmtLongs(1, 10), fmtLongs(100, 2))), "a b\n--------\n1 1   10\n2 100 2"},
		{"multi-line lambda", &value.Lambda{Src: "{x+\n  y}"}, "{x+\n  y}"},
		{"dict of table, short key", fmtDict(fmtSyms("a", "bb"), fmtTable("q", fmtLongs(1, 2))), "  | q\n- | -\na | 1\nbb| 2"},
		// dictionaries
		{"dicts:4", fmtDict(fmtSyms("a", "b", "c"), fmtLongs(105, 205, 305)), "a| 105\nb| 205\nc| 305"},
		{"dicts:8", fmtDict(fmtSyms("a", "b"), fmtL(fmtLongs(20, -11, 13), fmtLongs(14, 15, 4))), "a| 20 -11 13\nb| 14 15  4"},
		{"dicts:17", fmtDict(fmtLongs(0, 10), fmtLongs(0, 1)), "0 | 0\n10| 1"},
		{"dicts:58 first each", fmtDict(fmtSyms("a", "b", "c"), fmtL(value.Long(1), value.Long(3), value.Char('h'))), "a| 1\nb| 3\nc| \"h\""},
		{"dicts:106 d>=5", fmtDict(fmtSyms("a", "b"), fmtL(value.Bools([]byte{1, 0, 0}), value.Bools([]byte{0, 1, 0}))), "a| 100b\nb| 010b"},
		{"dicts:140", fmtDict(fmtSyms("a", "b"), fmtL(fmtLongs(1, 2, 3), fmtSyms("x", "y", "z"))), "a| 1 2 3\nb| x y z"},
		{"dicts:172 log d", fmtDict(fmtSyms("a", "b"), fmtL(fmtFloats(logd(10), math.NaN(), logd(3)), fmtFloats(logd(4), logd(5), math.NaN()))),
			"a| 2.302585          1.098612\nb| 1.386294 1.609438"},
		{"dicts:83 exp", fmtDict(fmtSyms("a", "b"), fmtL(fmtFloats(math.Exp(10), math.Exp(-21), math.Exp(3)), fmtFloats(math.Exp(4), math.Exp(5), math.Exp(-6)))),
			"a| 22026.47 7.58256e-10 20.08554\nb| 54.59815 148.4132    0.002478752"},
		{"dicts:409", fmtDict(fmtSyms("name", "dob", "sex"), fmtL(fmtSyms("jack", "jill", "john"), value.NewVec(value.TDate, []int32{-6317, -5658, -3333}), fmtSyms("m", "f", "m"))),
			"name| jack       jill       john\ndob | 1982.09.15 1984.07.05 1990.11.16\nsex | m          f          m"},
		{"display-lists:210", fmtDict(value.Str("i "), fmtL(fmtLongs(0, 3), fmtLongs(1, 6))), "i| 0 3\n | 1 6"},
		{"display-lists:216", fmtDict(fmtLongs(4, 5), fmtL(fmtLongs(5, 7), fmtLongs(9))), "4| 5 7\n5| ,9"},
		{"dicts:542", fmtDict(value.Sym("xundef"), value.Long(42)), "`xundef!42"},
		{"flip-splayed.md", fmtDict(fmtSyms("a"), value.Sym(":./t/")), "(,`a)!`:./t/"},
		{"dicts:606 travelers[;2]", fmtDict(fmtSyms("name", "iq"), fmtL(value.Sym("Prefect"), value.Long(126))), "name| `Prefect\niq  | 126"},
		{"dicts:474 string keys", fmtDict(fmtL(value.Str("akash"), value.Str("gaurav")), fmtLongs(10, 12)), "\"akash\" | 10\n\"gaurav\"| 12"},
		{"dicts:680", fmtDict(fmtSyms("a", "b", "c"), fmtL(fmtLongs(100, 200, 300), fmtLongs(400, 500), fmtLongs(600))), "a| 100 200 300\nb| 400 500\nc| ,600"},
		// tables
		{"tables:1", fmtDict(fmtTable("sym", fmtSyms("ibm", "goog", "msoft")), fmtTable("qty p", fmtLongs(1005, 2005, 3005), fmtLongs(1555, 380, 103))),
			"sym  | qty  p\n-----| ---------\nibm  | 1005 1555\ngoog | 2005 380\nmsoft| 3005 103"},
		{"tables:57 kt3", fmtDict(fmtTable("k", fmtLongs(2, 3)), fmtTable("c1 c2", fmtLongs(value.NullLong, 3000), fmtSyms("bbb", ""))),
			"k| c1   c2\n-| --------\n2|      bbb\n3| 3000"},
		{"tables:141", fmtDict(fmtTable("name city", fmtSyms("Tom", "Jo"), fmtSyms("NYC", "LA")), fmtTable("eye sex", fmtSyms("green", "blue"), fmtSyms("m", "f"))),
			"name city| eye   sex\n---------| ---------\nTom  NYC | green m\nJo   LA  | blue  f"},
		{"tables:185", fmtTable("a b c", fmtLongs(1), fmtL(fmtLongs(2, 3)), fmtLongs(4)), "a b   c\n-------\n1 2 3 4"},
		{"tables:197 exp t", fmtTable("a b", fmtFloats(math.Exp(10), math.Exp(-21), math.Exp(3)), fmtFloats(math.Exp(4), math.Exp(5), math.Exp(-6))),
			"a           b\n-----------------------\n22026.47    54.59815\n7.58256e-10 148.4132\n20.08554    0.002478752"},
		{"tables:480 empty", fmtTable("time sym price size", fmtL(), fmtL(), fmtL(), fmtL()), "time sym price size\n-------------------"},
		{"tables:1012", fmtDict(fmtTable("eid", fmtL()), fmtTable("name iq", fmtL(), fmtL())), "eid| name iq\n---| -------"},
		{"tables:552 rtrim", fmtTable("a b", fmtL(value.Str("fox"), fmtL(value.Str("jumps"), value.Str("over"))), fmtL(value.Char('a'), value.Str("dog"))),
			"a                b\n----------------------\n\"fox\"            \"a\"\n(\"jumps\";\"over\") \"dog\""},
		{"strings:85", fmtTable("a b", fmtL(value.Str("1"), value.Str("2")), fmtL(value.Str("ibm"), value.Str("goog"))),
			"a    b\n-----------\n,\"1\" \"ibm\"\n,\"2\" \"goog\""},
		{"qsql:74 exec by", fmtDict(fmtSyms("s1", "s2"), fmtTable("q", fmtLongs(1600, 700))), "  | q\n--| ----\ns1| 1600\ns2| 700"},
		// functions
		{"lambdas:260", &value.Lambda{Src: "{[x;y] a:x*x; b:y*y; r:a+b; r}"}, "{[x;y] a:x*x; b:y*y; r:a+b; r}"},
		{"lambdas:312", &value.Projection{Fn: &value.Lambda{Src: "{x+y}"}, Args: []value.Value{value.Long(42), nil}}, "{x+y}[42;]"},
		{"lambdas:314", &value.Projection{Fn: &value.Lambda{Src: "{x+y}"}, Args: []value.Value{value.Long(42)}}, "{x+y}[42]"},
		{"lambdas:230", &value.Projection{Fn: fmtPrim("+"), Args: []value.Value{value.Long(2)}}, "+[2]"},
		{"lambdas:135 deltas", &value.Derived{Adverb: value.TPrior, Fn: fmtPrim("-")}, "-':"},
		{"lambdas:131", fmtL(fmtPrim("+"), value.Long(102)), "+\n102"},
		{"generic null", fmtPrim("::"), ""},
	}
	d := DefaultDisplay()
	d.Domain = func(name string) value.Value { return fmtSyms("a", "b", "c") }
	for _, c := range cases {
		if got := d.Show(c.v); got != c.want {
			t.Errorf("%s:\n got  %q\n want %q", c.name, got, c.want)
		}
	}
}

func TestPrecision(t *testing.T) {
	d := DefaultDisplay()
	for _, c := range []struct {
		p    int
		v    float64
		want string
	}{
		{3, 1.0 / 3, "0.333"},               // display-atoms:61
		{10, 1.0 / 3, "0.3333333333"},       // display-atoms:64
		{14, 2 + 1e-13, "2.0000000000001"},  // display-atoms:8
		{7, 1e-8, "1e-08"},                  // adverbs:18
		{7, 0.0001, "0.0001"},               // adverbs:18
		{7, 10000000, "1e+07"},              // %g rule
		{7, 6572671, "6572671f"},            // arithmetic sqrt
		{0, 0.1, "0.10000000000000001"},     // \P 0 is 17 digits
		{7, 9.559907e-11, "9.559907e-11"},   // dicts:86
		{7, 0.001371742, "0.001371742"},     // dicts:86
		{7, 22026.465794806718, "22026.47"}, // dicts:83
		{7, 1e100, "1e+100"},                // exponent digits
		{7, -2.5, "-2.5"},                   // sign
		{7, 100, "100f"},                    // whole
		{7, math.Copysign(0, -1), "-0f"},    // negative zero
		{7, 0.30000000000000004, "0.3"},     // rounding
		{17, 0.30000000000000004, "0.30000000000000004"},
	} {
		d.Precision = c.p
		if got := d.Show(value.Float(c.v)); got != c.want {
			t.Errorf("\\P %d %v: got %q want %q", c.p, c.v, got, c.want)
		}
	}
}

func TestKForm(t *testing.T) {
	d := DefaultDisplay()
	for _, c := range []struct {
		v    value.Value
		want string
	}{
		{fmtLongs(1, 2, 3), "1 2 3"},
		{fmtSyms("a"), ",`a"},
		{fmtL(value.Long(1), value.Sym("a"), value.Char('x')), "(1;`a;\"x\")"},
		{fmtDict(fmtSyms("a", "b"), fmtLongs(1, 2)), "`a`b!1 2"},
		{fmtTable("a b", fmtLongs(1, 2), fmtLongs(3, 4)), "+`a`b!(1 2;3 4)"},
		{fmtDict(fmtTable("k", fmtLongs(1, 2)), fmtTable("v", fmtLongs(3, 4))), "(+(,`k)!,1 2)!+(,`v)!,3 4"},
		{value.Str("abc"), `"abc"`},
		{fmtL(fmtL(value.Str("fox"), value.Str("dog"))), `,("fox";"dog")`},
		{fmtDict(fmtL(), fmtL()), "()!()"},
		{fmtPrim("::"), "::"},
		{fmtDict(fmtLongs(1), fmtLongs(2)), "(,1)!,2"},
		{value.Str("a\"b\\c\x01"), `"a\"b\\c\001"`},
		{fmtL(value.Bytes([]byte{0x42}), value.Short(42), value.Int(42)), "(,0x42;42h;42i)"},
		{&value.Derived{Adverb: value.TOver, Fn: fmtPrim("+")}, "+/"},
		{value.NewError("type"), "'type"},
	} {
		if got := d.KForm(c.v); got != c.want {
			t.Errorf("KForm: got %q want %q", got, c.want)
		}
	}
}

func TestAtomText(t *testing.T) {
	d := DefaultDisplay()
	for _, c := range []struct {
		v    value.Value
		want string
	}{
		{value.Float(2.5), "2.5"},
		{value.Float(2), "2"},
		{value.Sym("a"), "a"},
		{fmtDate(2000, 1, 1), "2000.01.01"},
		{value.Long(2002), "2002"}, // dicts:310
		{value.Char('c'), "c"},
		{value.Bool(true), "1"},
		{value.Byte(0x2a), "2a"},
		{value.Int(value.NullInt), ""},
		{value.Long(value.InfLong), "0W"},
		{value.Month(0), "2000.01"},
		{value.Real(1.5), "1.5"},
		{&value.Lambda{Src: "{x*x}"}, "{x*x}"},                        // strings:70
		{&value.Derived{Adverb: value.TOver, Fn: fmtPrim("+")}, "+/"}, // strings:72
	} {
		if got := d.AtomText(c.v); got != c.want {
			t.Errorf("AtomText %v: got %q want %q", c.v, got, c.want)
		}
	}
}

// TestConsoleCut checks \c: the docs' \c 10 10 example (syscmds.md#c).
func TestConsoleCut(t *testing.T) {
	d := Display{Precision: 7, Rows: 10, Cols: 10}
	items := make([]value.Value, 10)
	for i := range items {
		s := make([]int64, 20+i)
		for j := range s {
			s[j] = int64(j)
		}
		items[i] = fmtLongs(s...)
	}
	want := strings.Repeat("0 1 2 3..\n", 7) + ".."
	if got := d.Show(fmtL(items...)); got != want {
		t.Errorf("got %q want %q", got, want)
	}
	// 0N!1+til 10000 at \c 25 80 (docs: learn/startingkdb, "29.." ends a 79-char line).
	s := make([]int64, 10000)
	for i := range s {
		s[i] = int64(i + 1)
	}
	want79 := "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29.."
	if got := DefaultDisplay().KFormLine(fmtLongs(s...)); got != want79 {
		t.Errorf("KFormLine: got %q", got)
	}
	if got := DefaultDisplay().Show(fmtLongs(s...)); got != want79 {
		t.Errorf("Show: got %q", got)
	}
	// A line that fits is left alone.
	if got := d.Show(fmtLongs(1, 2, 3)); got != "1 2 3" {
		t.Errorf("got %q", got)
	}
}

// TestHugeShow makes sure only what fits is formatted.
func TestHugeShow(t *testing.T) {
	n := 1000000
	s := make([]int64, n)
	items := make([]value.Value, n)
	for i := range s {
		s[i] = int64(i)
		items[i] = value.Long(int64(i))
	}
	d := DefaultDisplay()
	v := fmtLongs(s...)
	if got := d.Show(v); len(got) != 79 || !strings.HasSuffix(got, "..") {
		t.Errorf("vector: %d %q", len(got), got)
	}
	l := fmtL(items[:n/2]...)
	l.Items = append(l.Items, value.Sym("x"))
	if got := strings.Count(d.Show(l), "\n"); got != 22 {
		t.Errorf("list lines: %d", got+1)
	}
	tb := fmtTable("a b", v, fmtL(items...))
	got := d.Show(tb)
	if lines := strings.Split(got, "\n"); len(lines) != 23 || lines[22] != ".." || lines[21] != "19 19" {
		t.Errorf("table: %q", got)
	}
}

// TestWideTable: a table of many columns is cut at the console width.
func TestWideTable(t *testing.T) {
	names := make([]string, 5000)
	data := make([]value.Value, 5000)
	for i := range names {
		names[i] = "c" + strings.Repeat("x", i%7)
		data[i] = fmtLongs(int64(i), 2)
	}
	got := DefaultDisplay().Show(value.NewTable(names, data))
	lines := strings.Split(got, "\n")
	if len(lines) != 4 || len(lines[0]) != 79 || !strings.HasSuffix(lines[2], "..") {
		t.Errorf("%q", got)
	}
}

func BenchmarkShowHugeTable(b *testing.B) {
	n := 1000000
	s := make([]int64, n)
	for i := range s {
		s[i] = int64(i)
	}
	tb := fmtTable("a b", fmtLongs(s...), fmtFloats(make([]float64, n)...))
	d := DefaultDisplay()
	for i := 0; i < b.N; i++ {
		d.Show(tb)
	}
}

func BenchmarkKFormMillion(b *testing.B) {
	s := make([]int64, 1000000)
	for i := range s {
		s[i] = int64(i)
	}
	v := fmtLongs(s...)
	d := DefaultDisplay()
	for i := 0; i < b.N; i++ {
		d.KForm(v)
	}
}
