package wire

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	v "github.com/gq-dev/gq/eval/value"
)

// vector is one row of testdata/ipc-vectors.tsv (a copy of the shared spec's file).
type vector struct {
	expr string
	msg  []byte
	line int
}

func loadVectors(t testing.TB) []vector {
	t.Helper()
	f, err := os.Open("testdata/ipc-vectors.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r []vector
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 2 {
			continue
		}
		b, err := hex.DecodeString(cols[1])
		if err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		r = append(r, vector{cols[0], b, n})
	}
	return r
}

func L(items ...v.Value) *v.List      { return &v.List{Items: items} }
func syms(s ...string) *v.Vec[string] { return v.Syms(s) }
func longs(s ...int64) *v.Vec[int64]  { return v.Longs(s) }
func ints(s ...int32) *v.Vec[int32]   { return v.Ints(s) }
func attr[T v.Elem](a v.Attr, x *v.Vec[T]) *v.Vec[T] {
	x.Attr = a
	return x
}
func tbl(a v.Attr, cols []string, data ...v.Value) *v.Table {
	t := v.NewTable(cols, data)
	t.Attr = a
	return t
}
func guid(s string) v.GUID {
	b, err := hex.DecodeString(strings.ReplaceAll(s, "-", ""))
	if err != nil || len(b) != 16 {
		panic(s)
	}
	var g v.GUID
	copy(g[:], b)
	return g
}
func rep[T v.Elem](n int, x T) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = x
	}
	return s
}

var (
	nullP   = &v.Prim{Name: "::", T: v.TUnary, ID: 0}
	lambdaA = &v.Lambda{Src: "{x+y}", Params: []string{"x", "y"}}
	fNaN    = math.NaN()
	f32NaN  = float32(math.NaN())
)

// built are the rows' values made by hand, keyed by the row's q expression.
var built = map[string]v.Value{
	"1i":                             v.Int(1),
	"enlist 1i":                      ints(1),
	"`byte$til 5":                    v.Bytes([]byte{0, 1, 2, 3, 4}),
	"enlist `byte$til 5":             L(v.Bytes([]byte{0, 1, 2, 3, 4})),
	"`a`b!2 3i":                      &v.Dict{K: syms("a", "b"), V: ints(2, 3)},
	"`s#`a`b!2 3i":                   &v.Dict{K: attr(v.AttrS, syms("a", "b")), V: ints(2, 3), Sorted: true},
	"`a`b!enlist each 2 3i":          &v.Dict{K: syms("a", "b"), V: L(ints(2), ints(3))},
	"([]a:enlist 2i;b:enlist 3i)":    tbl(0, []string{"a", "b"}, ints(2), ints(3)),
	"`s#([]a:enlist 2i;b:enlist 3i)": tbl(v.AttrS, []string{"a", "b"}, attr(v.AttrP, ints(2)), ints(3)),
	"([a:enlist 2i]b:enlist 3i)":     &v.Dict{K: tbl(0, []string{"a"}, ints(2)), V: tbl(0, []string{"b"}, ints(3))},
	"`s#([a:enlist 2i]b:enlist 3i)": &v.Dict{K: tbl(v.AttrS, []string{"a"}, ints(2)),
		V: tbl(0, []string{"b"}, ints(3)), Sorted: true},
	"{x+y}": lambdaA,
	".d.test  / defined as test:{x+y} after \\d .d": &v.Lambda{Src: "{x+y}", Ns: "d"},
	"1 2 3i": ints(1, 2, 3),
	"1b":     v.Bool(true),
	"0b":     v.Bool(false),
	"\"G\"$\"0a369037-75d3-b24d-6721-5a1d44d4bed5\"": guid("0a369037-75d3-b24d-6721-5a1d44d4bed5"),
	"0Ng":                             v.GUID{},
	"0x01":                            v.Byte(1),
	"0xff":                            v.Byte(0xff),
	"1h":                              v.Short(1),
	"-1h":                             v.Short(-1),
	"-234h":                           v.Short(-234),
	"0Nh":                             v.Short(v.NullShort),
	"0Wh":                             v.Short(v.InfShort),
	"-0Wh":                            v.Short(-v.InfShort),
	"-1i":                             v.Int(-1),
	"0Ni":                             v.Int(v.NullInt),
	"0Wi":                             v.Int(v.InfInt),
	"-0Wi":                            v.Int(-v.InfInt),
	"1":                               v.Long(1),
	"-1":                              v.Long(-1),
	"2147483648":                      v.Long(2147483648),
	"89421099511627575j":              v.Long(89421099511627575),
	"0N":                              v.Long(v.NullLong),
	"0W":                              v.Long(v.InfLong),
	"-0W":                             v.Long(-v.InfLong),
	"1e":                              v.Real(1),
	"-1e":                             v.Real(-1),
	"5.5e":                            v.Real(5.5),
	"0Ne":                             v.Real(f32NaN),
	"0We":                             v.Real(float32(math.Inf(1))),
	"-0We":                            v.Real(float32(math.Inf(-1))),
	"1f":                              v.Float(1),
	"-1f":                             v.Float(-1),
	"3.234":                           v.Float(3.234),
	"0n":                              v.Float(fNaN),
	"0w":                              v.Float(math.Inf(1)),
	"-0w":                             v.Float(math.Inf(-1)),
	"\"a\"":                           v.Char('a'),
	"\" \"":                           v.Char(' '),
	"`a":                              v.Sym("a"),
	"`":                               v.Sym(""),
	"`abc":                            v.Sym("abc"),
	"`quickbrownfoxjumpsoveralazydog": v.Sym("quickbrownfoxjumpsoveralazydog"),
	"`$\"你好\"":                        v.Sym("你好"),
	"2014.06.23D11:34:39.412547000":   v.Timestamp(456838479412547000),
	"2000.01.04D05:36:57.600":         v.Timestamp(279417600000000),
	"0Np":                             v.Timestamp(v.NullLong),
	"2014.01m":                        v.Month(168),
	"1995.01m":                        v.Month(-60),
	"0Nm":                             v.Month(v.NullInt),
	"2014.01.01":                      v.Date(5114),
	"1995.01.01":                      v.Date(-1826),
	"0Nd":                             v.Date(v.NullInt),
	"2014.06.23T11:49:31.533":         v.Datetime(math.Float64frombits(0x40b4a77e234bcffa)),
	"0Nz":                             v.Datetime(fNaN),
	"0D00:01:00.000000000":            v.Timespan(60e9),
	"0D05:36:57.600":                  v.Timespan(20217600000000),
	"0Nn":                             v.Timespan(v.NullLong),
	"00:01":                           v.Minute(1),
	"12:01":                           v.Minute(721),
	"0Nu":                             v.Minute(v.NullInt),
	"00:00:01":                        v.Second(1),
	"12:05:00":                        v.Second(43500),
	"0Nv":                             v.Second(v.NullInt),
	"00:00:00.001":                    v.Time(1),
	"12:04:59.123":                    v.Time(43499123),
	"0Nt":                             v.Time(v.NullInt),
	"::":                              nullP,
	"101b":                            v.Bools([]byte{1, 0, 1}),
	"(\"G\"$\"8c680a01-5a49-5aab-5a65-d4bfddb6a661\";0Ng)": v.GUIDs([][16]byte{guid("8c680a01-5a49-5aab-5a65-d4bfddb6a661"), {}}),
	"0x010203":    v.Bytes([]byte{1, 2, 3}),
	"(1h;0Nh;3h)": v.Shorts([]int16{1, v.NullShort, 3}),
	"1 2 3h":      v.Shorts([]int16{1, 2, 3}),
	"1 2 3":       longs(1, 2, 3),
	"1 0N 3":      longs(1, v.NullLong, 3),
	"(1i;0Ni;3i)": ints(1, v.NullInt, 3),
	"1 2 3e":      v.Reals([]float32{1, 2, 3}),
	"1 2 3f":      v.Floats([]float64{1, 2, 3}),
	"\"ab\"":      v.Str("ab"),
	"\"\"":        v.Str(""),
	"\"quick brown fox jumps over a lazy dog\"": v.Str("quick brown fox jumps over a lazy dog"),
	"\"你好\"":                      v.Str("你好"),
	"`a`ab`abc":                   syms("a", "ab", "abc"),
	"``quick``fox":                syms("", "quick", "", "fox"),
	"2000.01.04D05:36:57.600 0Np": v.NewVec(v.TTimestamp, []int64{279417600000000, v.NullLong}),
	"1997.01 1998.01 1999.01m":    v.NewVec(v.TMonth, []int32{-36, -24, -12}),
	"2001.01.01 2000.05.01 0Nd":   v.NewVec(v.TDate, []int32{366, 121, v.NullInt}),
	"2001.01.01T00:00:00.000 2001.02.01T00:00:00.000 2001.03.01T00:00:00.000": v.NewVec(v.TDatetime, []float64{366, 397, 425}),
	"0D00:01 0D00:02 0D00:03":    v.NewVec(v.TTimespan, []int64{60e9, 120e9, 180e9}),
	"12:01 0Nu":                  v.NewVec(v.TMinute, []int32{721, v.NullInt}),
	"12:05:00 0Nv":               v.NewVec(v.TSecond, []int32{43500, v.NullInt}),
	"12:04:59.123 0Nt":           v.NewVec(v.TTime, []int32{43499123, v.NullInt}),
	"()":                         L(),
	"`boolean$()":                v.Empty(v.TBool),
	"`guid$()":                   v.Empty(v.TGUID),
	"`byte$()":                   v.Empty(v.TByte),
	"`short$()":                  v.Empty(v.TShort),
	"`int$()":                    v.Empty(v.TInt),
	"`long$()":                   v.Empty(v.TLong),
	"`real$()":                   v.Empty(v.TReal),
	"`float$()":                  v.Empty(v.TFloat),
	"`symbol$()":                 v.Empty(v.TSym),
	"`timestamp$()":              v.Empty(v.TTimestamp),
	"`month$()":                  v.Empty(v.TMonth),
	"`date$()":                   v.Empty(v.TDate),
	"`datetime$()":               v.Empty(v.TDatetime),
	"`timespan$()":               v.Empty(v.TTimespan),
	"`minute$()":                 v.Empty(v.TMinute),
	"`second$()":                 v.Empty(v.TSecond),
	"`time$()":                   v.Empty(v.TTime),
	"(1;1b;3h)":                  L(v.Long(1), v.Bool(true), v.Short(3)),
	"(::;::;::)":                 L(nullP, nullP, nullP),
	"enlist 1 2 3f":              L(v.Floats([]float64{1, 2, 3})),
	"(1;`bcd;\"0bc\";5.5e)":      L(v.Long(1), v.Sym("bcd"), v.Str("0bc"), v.Real(5.5)),
	"(42;::;`foo)":               L(v.Long(42), nullP, v.Sym("foo")),
	"(`one;2 3;\"456\";(7;8 9))": L(v.Sym("one"), longs(2, 3), v.Str("456"), L(v.Long(7), longs(8, 9))),
	"(\"one\"; \"two\"; \"3\")":  L(v.Str("one"), v.Str("two"), v.Char('3')),
	"()!()":                      &v.Dict{K: L(), V: L()},
	"`a`b`c!1 2 3":               &v.Dict{K: syms("a", "b", "c"), V: longs(1, 2, 3)},
	"`a`b`c!(1;1b;3f)":           &v.Dict{K: syms("a", "b", "c"), V: L(v.Long(1), v.Bool(true), v.Float(3))},
	"1 2!`abc`cdefgh":            &v.Dict{K: longs(1, 2), V: syms("abc", "cdefgh")},
	"(0 1; 2 3)!`first`second":   &v.Dict{K: L(longs(0, 1), longs(2, 3)), V: syms("first", "second")},
	"`abc`def`gh!([] one: 1 2 3; two: 4 5 6)": &v.Dict{K: syms("abc", "def", "gh"),
		V: tbl(0, []string{"one", "two"}, longs(1, 2, 3), longs(4, 5, 6))},
	"([]a:1 2 3;b:101b;c:1 2 3f)":                        tbl(0, []string{"a", "b", "c"}, longs(1, 2, 3), v.Bools([]byte{1, 0, 1}), v.Floats([]float64{1, 2, 3})),
	"([]a:`long$();b:`boolean$();c:`float$())":           tbl(0, []string{"a", "b", "c"}, v.Empty(v.TLong), v.Empty(v.TBool), v.Empty(v.TFloat)),
	"flip `name`iq!(`Dent`Beeblebrox`Prefect;98 42 126)": tbl(0, []string{"name", "iq"}, syms("Dent", "Beeblebrox", "Prefect"), longs(98, 42, 126)),
	"([] sc:1 2 3; nsc:(1 2; 3 4; 5 6 7))":               tbl(0, []string{"sc", "nsc"}, longs(1, 2, 3), L(longs(1, 2), longs(3, 4), longs(5, 6, 7))),
	"([k: 1 2 3] v: `a`b`c)":                             &v.Dict{K: tbl(0, []string{"k"}, longs(1, 2, 3)), V: tbl(0, []string{"v"}, syms("a", "b", "c"))},
	"([eid:1001 1002 1003] pos:`d1`d2`d3;dates:(2001.01.01;2000.05.01;0Nd))": &v.Dict{
		K: tbl(0, []string{"eid"}, longs(1001, 1002, 1003)),
		V: tbl(0, []string{"pos", "dates"}, syms("d1", "d2", "d3"), v.NewVec(v.TDate, []int32{366, 121, v.NullInt}))},
	"1+`  / error response 'type": &v.Error{Msg: "type"},
	"{x+y}[3]":                    &v.Projection{Fn: lambdaA, Args: []v.Value{v.Long(3), nil}},
	"not":                         &v.Prim{Name: "not", T: v.TUnary, ID: 15},
	"and":                         &v.Prim{Name: "and", T: v.TBinary, ID: 5},
	"like":                        &v.Prim{Name: "like", T: v.TBinary, ID: 25},
	"insert [1]":                  &v.Projection{Fn: &v.Prim{Name: "insert", T: v.TBinary, ID: 28}, Args: []v.Value{v.Long(1), nil}},
	"raze":                        &v.Derived{Adverb: v.TOver, Fn: &v.Prim{Name: ",", T: v.TBinary, ID: 12}},
	"sums":                        &v.Derived{Adverb: v.TScan, Fn: &v.Prim{Name: "+", T: v.TBinary, ID: 1}},
	"prev":                        &v.Derived{Adverb: v.TPrior, Fn: &v.Prim{Name: ":", T: v.TBinary, ID: 0}},
	"-18!2000#1b":                 v.Bools(rep(2000, byte(1))),
	"-18!1000#`q":                 v.Syms(rep(1000, "q")),
	"-18!([] q:1000#`q)":          tbl(0, []string{"q"}, v.Syms(rep(1000, "q"))),
	"-18!500#0j":                  v.Longs(make([]int64, 500)),
	"-18!10000#0x01":              v.Bytes(rep(10000, byte(1))),
	"-18!1000#1i":                 v.Ints(rep(1000, int32(1))),
	"-18!1000#1f":                 v.Floats(rep(1000, 1.0)),
}

// sameValue compares by Go type and wire bytes (NaNs compare equal that way).
func sameValue(a, b v.Value) bool {
	if fmt.Sprintf("%T", a) != fmt.Sprintf("%T", b) {
		return false
	}
	x, err1 := Encode(a)
	y, err2 := Encode(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

func TestVectors(t *testing.T) {
	vs := loadVectors(t)
	if len(vs) < 150 {
		t.Fatalf("only %d vectors", len(vs))
	}
	seen := 0
	for _, r := range vs {
		compressed := strings.HasPrefix(r.expr, "-18!")
		// Every row decodes and encodes back to exactly its bytes.
		got, err := Decode(r.msg)
		if err != nil {
			t.Errorf("line %d %s: decode: %v", r.line, r.expr, err)
			continue
		}
		enc, err := Encode(got)
		if err != nil {
			t.Errorf("line %d %s: encode: %v", r.line, r.expr, err)
			continue
		}
		if compressed {
			c, ok := Compress(enc)
			if !ok {
				t.Errorf("line %d %s: not compressed", r.line, r.expr)
				continue
			}
			enc = c
		}
		if !bytes.Equal(enc, r.msg) {
			t.Errorf("line %d %s: round trip\n got %x\nwant %x", r.line, r.expr, enc, r.msg)
		}
		// Hand-built rows: Encode gives the bytes, Decode gives the value.
		want, ok := built[r.expr]
		if !ok {
			t.Errorf("line %d: no hand-built value for %s", r.line, r.expr)
			continue
		}
		seen++
		b, err := Encode(want)
		if err != nil {
			t.Errorf("line %d %s: encode built: %v", r.line, r.expr, err)
			continue
		}
		if compressed {
			b, _ = EncodeCompressed(want)
		}
		if !bytes.Equal(b, r.msg) {
			t.Errorf("line %d %s: encode\n got %x\nwant %x", r.line, r.expr, b, r.msg)
		}
		if !sameValue(got, want) {
			t.Errorf("line %d %s: decoded %T %v, want %T", r.line, r.expr, got, got, want)
		}
		if n, _ := Size(want); !compressed && n+HeaderLen != len(r.msg) {
			t.Errorf("line %d %s: Size %d, message %d", r.line, r.expr, n, len(r.msg))
		}
	}
	t.Logf("%d rows, %d hand-built", len(vs), seen)
}
