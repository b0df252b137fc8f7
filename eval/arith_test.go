package eval

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/format"
	"github.com/gq-dev/gq/eval/value"
)

// Kernel tests that need no parser: values are built in Go and compared through the
// console display. The transcripts cover the same ground end to end.

func tL(s ...int64) value.Value          { return value.Longs(s) }
func tI(s ...int32) value.Value          { return value.Ints(s) }
func tF(s ...float64) value.Value        { return value.Floats(s) }
func tB(s ...byte) value.Value           { return value.Bools(s) }
func tS(s ...string) value.Value         { return value.Syms(s) }
func tD(s ...int32) value.Value          { return value.NewVec(value.TDate, s) }
func tList(s ...value.Value) value.Value { return &value.List{Items: s} }
func tDict(k, v value.Value) value.Value { return &value.Dict{K: k, V: v} }

var nan = math.NaN()

func TestArithKernels(t *testing.T) {
	d := tDict(tS("a", "b"), tList(tL(10, -21, 3), tL(4, 5, -6)))
	cases := []kernelCase{
		{"2+3 4 5", func() value.Value { return plus(value.Long(2), tL(3, 4, 5)) }, "5 6 7"},
		{"1i+55", func() value.Value { return plus(value.Int(1), value.Long(55)) }, "56"},
		{"1b+1b", func() value.Value { return plus(value.Bool(true), value.Bool(true)) }, "2i"},
		{"5i*0x2a", func() value.Value { return times(value.Int(5), value.Byte(42)) }, "210i"},
		{"wrap", func() value.Value { return plus(value.Long(9223372036854775806), value.Long(4)) }, "-9223372036854775806"},
		{"1+10 20.0 30", func() value.Value { return plus(value.Long(1), tF(10, 20, 30)) }, "11 21 31f"},
		{"(10;20 30)+(2;3 4)", func() value.Value {
			return plus(tList(value.Long(10), tL(20, 30)), tList(value.Long(2), tL(3, 4)))
		}, "12\n23 34"},
		{"date+time", func() value.Value { return plus(value.Date(326), value.Time(13495666)) }, "2000.11.22D03:44:55.666000000"},
		{"month-2", func() value.Value { return minus(value.NewVec(value.TMonth, []int32{148, 149}), value.Long(2)) }, "2012.03 2012.04m"},
		{"month*0 1 2", func() value.Value { return times(value.Month(215), tL(0, 1, 2)) }, "2000.01 2017.12 2035.11m"},
		{"month%1 2 3", func() value.Value { return divide(value.Month(215), tL(1, 2, 3)) }, "215 107.5 71.66667"},
		{"00:10%2", func() value.Value { return divide(value.Minute(10), value.Long(2)) }, "5f"},
		{"p-p", func() value.Value {
			return minus(value.Timestamp(5479*value.NsPerDay), value.Timestamp(5114*value.NsPerDay))
		}, "365D00:00:00.000000000"},
		{"12:00-11:00", func() value.Value { return minus(value.Minute(720), value.Minute(660)) }, "01:00"},
		{"1b%0b", func() value.Value { return divide(value.Bool(true), value.Bool(false)) }, "0w"},
		{"7 div 2 3 4", func() value.Value { return idiv(value.Long(7), tL(2, 3, 4)) }, "3 2 1"},
		{"7h div 3", func() value.Value { return idiv(value.Short(7), value.Long(3)) }, "2i"},
		{"-7 div -2.5", func() value.Value { return idiv(tL(-7, 7), value.Float(-2.5)) }, "2 -3"},
		{"date div 365", func() value.Value { return idiv(value.Date(5399), value.Long(365)) }, "2000.01.15"},
		{"mod", func() value.Value { return mod(tL(-3, -2, -1, 0, 1, 2, 3, 4), value.Long(3)) }, "0 1 2 0 1 2 0 1"},
		{"mod float", func() value.Value { return mod(tL(-7, 7), value.Float(-2.5)) }, "-2 -0.5"},
		{"mod neg", func() value.Value { return mod(tL(20, 30), value.Long(-12)) }, "-4 -6"},
		{"neg bool", func() value.Value { return neg(tB(0, 1, 0, 0, 1)) }, "0 -1 0 0 -1i"},
		{"neg nulls", func() value.Value {
			return neg(tList(value.Long(value.InfLong), value.Float(math.Inf(-1)), value.Long(value.NullLong)))
		}, "-0W\n0w\n0N"},
		{"neg dates", func() value.Value { return neg(tD(0, 4383)) }, "2000.01.01 1988.01.01"},
		{"abs", func() value.Value { return absv(tL(10, -43, value.NullLong)) }, "10 43 0N"},
		{"signum", func() value.Value { return signum(tL(10, -2, 3)) }, "1 -1 1i"},
		{"floor", func() value.Value { return floorv(tF(-2.1, 0, 2.1)) }, "-3 0 2"},
		{"ceiling 01b", func() value.Value { return ceilingv(tB(0, 1)) }, "0 1i"},
		{"reciprocal", func() value.Value { return reciprocal(tF(0, math.Inf(1), nan, 3, 10)) }, "0w 0 0n 0.3333333 0.1"},
		{"sqrt", func() value.Value { return mathFn(math.Sqrt)(tF(-1, nan, 0, 25, 50)) }, "0n 0n 0 5 7.071068"},
		{"sqrt 0Wh", func() value.Value { return mathFn(math.Sqrt)(value.Short(value.InfShort)) }, "181.0166"},
		{"xexp", func() value.Value { return xexp(tL(-2, 2), value.Float(0.5)) }, "0n 1.414214"},
		{"xlog", func() value.Value { return xlog(value.Long(2), value.Long(8)) }, "3f"},
		{"xbar", func() value.Value { return xbar(value.Long(3), tL(0, 1, 2, 3, 4, 5, 6)) }, "0 0 0 3 3 3 6"},
		{"xbar float", func() value.Value { return xbar(value.Float(2.5), tL(0, 2, 3, 5, 6)) }, "0 0 2.5 5 5"},
		{"xbar minute", func() value.Value {
			return xbar(value.Long(5), value.NewVec(value.TMinute, []int32{660, 662, 665, 671}))
		}, "11:00 11:00 11:05 11:10"},
		{"d+10", func() value.Value { return plus(d, value.Long(10)) }, "a| 20 -11 13\nb| 14 15  4"},
		{"d+dict", func() value.Value {
			return plus(d, tDict(tS("b", "c"), tList(tL(10, 20, 30), tL(1000, 2000, 3000))))
		}, "a| 10   -21  3\nb| 14   25   24\nc| 1000 2000 3000"},
		{"&", func() value.Value { return lesser(value.Str("sat"), value.Str("cow")) }, "\"cat\""},
		{"98|\"a\"", func() value.Value { return greater(value.Long(98), value.Char('a')) }, "\"b\""},
		{"and", func() value.Value { return lesser(tB(1, 0, 1, 0), tB(1, 1, 0, 0)) }, "1000b"},
	}
	runKernelCases(t, cases)
}

func TestCompareKernels(t *testing.T) {
	nulls := tList(value.Short(value.NullShort), value.Int(value.NullInt), value.Long(value.NullLong),
		value.Real(float32(nan)), value.Float(nan))
	infs := tList(value.Short(value.InfShort), value.Int(value.InfInt), value.Long(value.InfLong),
		value.Real(float32(math.Inf(1))), value.Float(math.Inf(1)))
	cases := []kernelCase{
		{"=", func() value.Value { return eq(value.Str("hello"), value.Str("world")) }, "00010b"},
		{"mixed <", func() value.Value {
			return gt(value.Long(0), tList(value.Int(1), value.Long(-2), value.Short(0), value.Bool(true),
				value.Long(value.NullLong), value.Long(-value.InfLong)))
		}, "010011b"},
		{"tolerance", func() value.Value { return eq(value.Float(1+1e-13), value.Long(1)) }, "1b"},
		{"no tolerance", func() value.Value { return eq(value.Float(1e12), value.Float(1e12-1)) }, "0b"},
		{"nulls equal", func() value.Value { return eq(nulls, value.Long(value.NullLong)) }, "11111b"},
		{"nulls below", func() value.Value { return lt(nulls, neg(infs)) }, "11111b"},
		{"date=timestamp", func() value.Value { return eq(value.Date(1), value.Timestamp(value.NsPerDay)) }, "1b"},
		{"date<month", func() value.Value { return lt(value.Date(5479), value.Month(181)) }, "1b"},
		{"second=time", func() value.Value { return eq(value.Second(43200), value.Time(43200000)) }, "1b"},
		{"sym <", func() value.Value { return lt(value.Sym("a"), value.Sym("")) }, "0b"},
		{"0n<-0w", func() value.Value { return lt(value.Float(nan), value.Float(math.Inf(-1))) }, "1b"},
		{"not", func() value.Value { return not(tL(0, 42)) }, "10b"},
		{"null", func() value.Value { return null(tF(0, nan, math.Inf(1), 1, nan)) }, "01001b"},
		{"fill", func() value.Value { return fillv(value.Long(100), tL(1, 2, -5, value.NullLong, 10, value.NullLong)) }, "1 2 -5 100 10 100"},
		{"fill sym", func() value.Value { return fillv(value.Sym("nobody"), tS("tom", "dick", "", "harry")) }, "`tom`dick`nobody`harry"},
		{"fill int into float", func() value.Value { return fillv(value.Long(10), tF(11, nan)) }, "11 10f"},
		{"fills", func() value.Value {
			return fills(tL(value.NullLong, 2, 3, value.NullLong, value.NullLong, 7, value.NullLong))
		}, "0N 2 3 3 3 7 7"},
		{"within", func() value.Value { return within(tL(1, 3, 10, 6, 4), tL(2, 6)) }, "01011b"},
		{"within list", func() value.Value { return within(value.Long(5), tList(tL(1, 2, 6), tL(3, 5, 7))) }, "010b"},
		{"differ", func() value.Value { return differ(tL(1, 3, 3, 4, 5, 6, 6)) }, "1101110b"},
		{"differ list", func() value.Value {
			return differ(tList(value.Long(7), value.Sym("a"), value.Sym("a"), value.Second(34*60+9)))
		}, "1101b"},
	}
	runKernelCases(t, cases)
}

func TestAggKernels(t *testing.T) {
	nl := value.NullLong
	cases := []kernelCase{
		{"sum", func() value.Value { return sum(tL(2, 3, nl, 7)) }, "12"},
		{"sum nested", func() value.Value { return sum(tList(tL(1, 2), tL(nl, 4))) }, "0N 6"},
		{"sum atoms", func() value.Value {
			return avg(tList(value.Long(1), value.Float(nan), value.Long(2), value.Long(3)))
		}, "1.5"},
		{"sums", func() value.Value { return sums(tL(2, 3, nl, 7)) }, "2 5 5 12"},
		{"avg", func() value.Value { return avg(tF(1, nan, 2, 3)) }, "2f"},
		{"avg bool", func() value.Value { return avg(tB(1, 0, 1)) }, "0.6666667"},
		{"avgs", func() value.Value { return avgs(tF(1, 2, 3, nan, 4, math.Inf(-1), math.Inf(1))) }, "1 1.5 2 2 2.5 -0w 0n"},
		{"mavg", func() value.Value { return mavg(value.Long(5), tL(nl, 2, nl, 5, 7, nl)) }, "0n 2 2 3.5 4.666667 4.666667"},
		{"0 mavg", func() value.Value { return mavg(value.Long(0), tL(2, 3)) }, "0n 0n"},
		{"wavg", func() value.Value { return wavg(tL(2, nl, 4, 5), tL(1, 2, nl, 8)) }, "6f"},
		{"wavg lists", func() value.Value {
			return wavg(tList(tL(1, 2), tL(3, 4)), tList(tL(500, 400), tL(300, 200)))
		}, "350 266.6667"},
		{"max", func() value.Value { return maxv(tL(nl, nl)) }, "-0W"},
		{"min", func() value.Value { return minv(tL(nl, 5, nl, 1, 3)) }, "1"},
		{"maxs", func() value.Value { return maxs(tL(nl, 5, nl, 1, 3)) }, "-0W 5 5 5 5"},
		{"mins", func() value.Value { return mins(tL(nl, 5, nl, 1, 3)) }, "0W 5 5 1 1"},
		{"mmax", func() value.Value { return mmax(value.Long(3), tL(nl, -3, -2, nl, 1, 0)) }, "-0W -3 -2 -2 1 1"},
		{"mmin", func() value.Value { return mmin(value.Long(3), tL(nl, -3, -2, 1, -value.InfLong, 0)) }, "0N 0N 0N -3 -0W -0W"},
		{"max chars", func() value.Value { return maxv(value.Str("genie")) }, "\"n\""},
		{"maxs chars", func() value.Value { return maxs(value.Str("genie")) }, "\"ggnnn\""},
		{"min nested", func() value.Value { return minv(tList(tL(1, 2), tL(nl, 4))) }, "0N 2"},
		{"msum", func() value.Value { return msum(value.Long(3), tL(nl, 2, 3, 5, nl, 11)) }, "0 2 5 10 8 16"},
		{"ratios", func() value.Value { return ratios(tL(2000, 2005)) }, "2000 1.0025"},
		{"deltas", func() value.Value { return deltas(tL(1, 4, 9)) }, "1 3 5"},
		{"var", func() value.Value { return variance(tL(2, 4, 4, 4, 5, 5, 7, 9)) }, "4f"},
		{"dev", func() value.Value { return dev(tL(2, 4, 4, 4, 5, 5, 7, 9)) }, "2f"},
		{"cor", func() value.Value { return cor(tL(29, 10, 54), tL(1, 3, 9)) }, "0.7727746"},
		{"any dates", func() value.Value { return anyv(tD(0, 1)) }, "1b"},
		{"all", func() value.Value { return all(tL(1, 0)) }, "0b"},
		{"med", func() value.Value { return med(tL(10, 34, 23, 123, 5, 56)) }, "28.5"},
		{"sum dicts", func() value.Value {
			a := tDict(tS("cats", "dogs"), tL(2, 3))
			b := tDict(tS("cows", "sheep"), tL(3, 4))
			c := tDict(tS("dogs", "sheep"), tL(5, 6))
			return sum(tList(a, b, c))
		}, "cats | 2\ndogs | 8\ncows | 3\nsheep| 10"},
	}
	runKernelCases(t, cases)
}

func TestArithErrors(t *testing.T) {
	cases := []struct {
		name string
		f    func() value.Value
		want string
	}{
		{"length", func() value.Value { return plus(tL(1, 2), tL(1, 2, 3)) }, "length"},
		{"sym+1", func() value.Value { return plus(value.Sym("a"), value.Long(1)) }, "type"},
		{"sum chars", func() value.Value { return sum(value.Str("abc")) }, "type"},
		{"sym<1", func() value.Value { return lt(value.Sym("a"), value.Long(1)) }, "type"},
	}
	for _, c := range cases {
		_, err := tryEval(c.f)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: got %v, want '%s", c.name, err, c.want)
		}
	}
}

// tryEval runs f, turning a q error panic into an error.
func tryEval(f func() value.Value) (v value.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*value.Error); ok {
				err = e
				return
			}
			panic(r)
		}
	}()
	return f(), nil
}

// TestNoInternalPanics feeds every primitive of this area every pair of sample values
// (each basic type as atom, vector, empty vector; lists; dicts; a table): a q error is
// fine, any other panic is a bug.
func TestNoInternalPanics(t *testing.T) {
	var samples []value.Value
	for ty := value.TBool; ty <= value.TTime; ty++ {
		if ty == 3 {
			continue
		}
		v := value.Make(ty, 2)
		samples = append(samples, value.At(v, 0), v, value.Make(ty, 0), value.Null(ty))
	}
	samples = append(samples,
		tList(value.Long(1), value.Float(2)), tList(tL(1, 2), tL(3, 4)), &value.List{Items: []value.Value{}},
		tDict(tS("a", "b"), tL(1, 2)), value.NewTable([]string{"a"}, []value.Value{tL(1, 2)}),
		tDict(tS("b", "c"), tList(tF(1), value.Sym("x"))), tDict(tL(1, 2), tS("x", "y")),
		value.NewTable([]string{"a", "b"}, []value.Value{tL(1, 2), tS("x", "y")}),
		&value.Dict{K: value.NewTable([]string{"k"}, []value.Value{tS("x", "y")}),
			V: value.NewTable([]string{"a"}, []value.Value{tL(1, 2)})},
		tList(tDict(tS("a"), tL(1)), tDict(tS("b"), tL(2))), value.Str("ab"),
		genericNull())
	unary := []string{"neg", "abs", "signum", "reciprocal", "floor", "ceiling", "not", "null",
		"fills", "differ", "sqrt", "exp", "log", "sin", "sum", "sums", "prd", "prds", "avg", "avgs",
		"min", "mins", "max", "maxs", "med", "var", "svar", "dev", "sdev", "all", "any", "deltas", "ratios"}
	binary := []string{"+", "-", "*", "%", "div", "mod", "xbar", "=", "<>", "<", ">", "<=", ">=",
		"&", "|", "^", "within", "xexp", "xlog", "wavg", "wsum", "cor", "cov", "scov", "msum", "mavg",
		"mmax", "mmin", "mcount", "mdev", "ema", "sums", "deltas"}
	try := func(name string, f func()) {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(*value.Error); !ok {
					t.Errorf("%s: internal panic %v", name, r)
				}
			}
		}()
		f()
	}
	for _, n := range unary {
		u := prims[n].u
		for _, x := range samples {
			try(n, func() { u(x) })
		}
	}
	for _, n := range binary {
		b := prims[n].b
		for _, x := range samples {
			for _, y := range samples {
				try(n, func() { b(x, y) })
			}
		}
	}
}

// TestNoInternalErrorsExec runs every binary and unary of this area between literals of
// every type (nulls, infinities, lists, dicts, tables, keyed tables) through Exec: a q
// error is fine, an internal error is a bug.
func TestNoInternalErrorsExec(t *testing.T) {
	if testing.Short() {
		t.Skip("about 20000 statements")
	}
	lits := []string{"101b", "0x0f", "0Nh", "3i", "0Wi", "0N", "1 2 3", "2.5e", "0n", "1 0n 2",
		"\"abc\"", "`a", "`a`b`c", "2000.01.01", "2000.01m", "2000.01.01D01:00", "0D01:00", "12:00",
		"12:00:00", "2000.01.01T12:00", "(1;`a)", "(1 2;3 4 5)", "()", "`a`b!1 2",
		"`b`c!(1.5;`x)", "([]a:1 2;b:3 4)", "([k:1 2]v:3 4)", "(::)"}
	bins := []string{"+", "-", "*", "%", "&", "|", "=", "<>", "<", ">", "<=", ">=", "^", " div ",
		" mod ", " xbar ", " within ", " xexp ", " xlog ", " wavg ", " wsum ", " cor ", " msum ",
		" mavg ", " mmax ", " mmin ", " mcount ", " mdev ", " ema "}
	uns := []string{"neg", "abs", "signum", "reciprocal", "floor", "ceiling", "not", "null", "fills",
		"differ", "sqrt", "exp", "log", "sum", "sums", "prd", "avg", "avgs", "min", "maxs", "med",
		"var", "sdev", "all", "any", "deltas", "ratios"}
	var out bytes.Buffer
	ip := New(&out, &out)
	check := func(src string) {
		_, err := ip.Exec(src)
		if err != nil && strings.Contains(err.Error(), "internal") {
			t.Errorf("%s: %v", src, err)
		}
	}
	for _, x := range lits {
		for _, u := range uns {
			check(u + " " + x)
		}
		for _, y := range lits {
			for _, b := range bins {
				check("(" + x + ")" + b + "(" + y + ")")
			}
		}
	}
}

// kernelCase is a kernel call and the display of its result.
type kernelCase struct {
	name string
	got  func() value.Value
	want string
}

// runKernelCases runs each case as a subtest, comparing the display of its result.
func runKernelCases(t *testing.T, cases []kernelCase) {
	disp := format.DefaultDisplay()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := tryEval(c.got)
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if s := disp.Show(got); s != c.want {
				t.Errorf("got\n%s\nwant\n%s", s, c.want)
			}
		})
	}
}
