package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gq-dev/gq/eval/value"
)

// jsonEval runs q source and returns its value, failing the test on a q error.
func jsonEval(t testing.TB, ip *Interp, src string) value.Value {
	t.Helper()
	v, err := ip.EvalString(src)
	if err != nil {
		t.Fatalf("%s: '%v", src, err)
	}
	return v
}

// jsonTypes is a value of every q type, as atom, vector, null and nested, in tables,
// dictionaries and keyed tables.
var jsonTypes = []string{
	"1b", "01b", "\"G\"$\"0a4c8e56-1f0b-4e19-9eab-5f61f5c88f0a\"", "0Ng", "2#\"G\"$\"0a4c8e56-1f0b-4e19-9eab-5f61f5c88f0a\"", "0x0aff", "0xff",
	"3h", "0N 1 0W -0Wh", "4i", "0N 1 0W -0Wi", "5", "0N 1 0W -0W", "6e", "0n 1.5 0w -0we",
	"7.25", "0n 1e-300 1e300 -0.0", "\"c\"", "\"a\\tb\\n\\001\\\"\\\\\"", "`s", "(`;`a;`$\"b c\")",
	"2021.09.15D12:34:56.789", "0N 0 0Wp", "2024.10m", "0Nm,0Wm,2024.10m",
	"2021.09.15", "0Nd,0Wd,1999.12.31", "2024.10.21T19:24:23.353", "0Nz,0wz,2000.01.01T12:00:00.000",
	"0D15:00:31.539282370", "0Nn,0Wn,-1D01", "12:10", "0Nu,0Wu,-00:01", "00:00:10", "0Nv,0Wv,-00:00:01",
	"12:34:56.789", "0Nt,0Wt,-00:00:00.001", "::", "()", "(1;`a;\"b\";(2 3;()!()))",
	"`a`b!(1 2;\"x\")", "1 2!`a`b", "()!()", "([]a:1 2;b:`x`y;c:(\"s\";\"tt\"))",
	"([k:1 2]v:`a`b)", "0#([]a:1 2)", "(`sym?`a`b`a)", "{x}", "(+)", "(`a`b!1 2;`a`b!3 4)",
}

// TestJSONValid checks that .j.j of every type is JSON encoding/json accepts, except
// kdb+'s inf and -inf for float infinities (docs/ref/dotj.md), which .j.jd with null0w
// writes as null.
func TestJSONValid(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	for _, src := range jsonTypes {
		s := string(jsonEval(t, ip, ".j.jd("+src+";(enlist`null0w)!enlist 1b)").(*value.Vec[byte]).S)
		if !json.Valid([]byte(s)) {
			t.Errorf(".j.jd %s is %q, not JSON", src, s)
		}
		plain := string(jsonEval(t, ip, ".j.j["+src+"]").(*value.Vec[byte]).S)
		if !strings.Contains(plain, "inf") && plain != s {
			t.Errorf(".j.j %s is %q but .j.jd null0w gives %q", src, plain, s)
		}
	}
}

// TestJSONRoundTrip: what .j.j writes, .j.k reads back as the same q value for the
// types JSON holds (floats, booleans, strings, lists, symbol-keyed dictionaries,
// tables of those); other types come back as floats or strings, which $ casts back.
func TestJSONRoundTrip(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	same := []string{"1.5", "1 2 3f", "0n", "1b", "101b", "\"abc\"", "(\"ab\";enlist\"c\")",
		"`a`b!(1 2f;enlist\"x\")", "`a`b!(1b;(1f;\"xy\";0b))", "([]a:1 2f;b:(enlist\"s\";\"tt\");c:10b)",
		"(1 2f;(3f;\"xy\");`a`b!(0n;1b))", "`a`b!(`c`d!1 2f;([]x:1 2f))", "(`a`b!1 2f;`a`c!3 4f)"}
	for _, src := range same {
		if r := jsonEval(t, ip, "{x~.j.k .j.j x}"+src); r != value.Bool(true) {
			t.Errorf("%s does not come back from .j.k .j.j", src)
		}
	}
	cast := map[string]string{
		"1b": "\"b\"$", "0x0aff": "\"X\"$", "3h": "\"h\"$", "0N 1 2i": "\"i\"$", "0N 1 2": "\"j\"$",
		"1.5e": "\"e\"$", "`a`b": "`$", "2021.09.15D12:34:56.789 2000.01.01D": "\"P\"$",
		"2024.10 2000.01m": "\"M\"$", "2021.09.15 2000.01.01": "\"D\"$", "0D15:00:31.539282370 -1D": "\"N\"$",
		"12:10 00:00u": "\"U\"$", "00:00:10 23:59:59v": "\"V\"$", "12:34:56.789 00:00:00.000t": "\"T\"$",
		"2024.10.21T19:24:23.353": "\"Z\"$", "\"G\"$\"0a4c8e56-1f0b-4e19-9eab-5f61f5c88f0a\"": "\"G\"$",
	}
	for src, c := range cast {
		if r := jsonEval(t, ip, "{x~"+c+".j.k .j.j x}"+src); r != value.Bool(true) {
			got := jsonEval(t, ip, ".Q.s1 .j.k .j.j "+src)
			t.Errorf("%s does not come back through %s: .j.k .j.j gives %s", src, c,
				string(got.(*value.Vec[byte]).S))
		}
	}
}

// TestJSONAgainstEncodingJSON: random JSON documents made by encoding/json read with
// .j.k and written again with .j.j decode (with encoding/json) to the same Go value.
func TestJSONAgainstEncodingJSON(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	ip.Disp.Precision = 17 // all digits, so floats survive the trip exactly
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 300; i++ {
		doc := jsonRandom(r, 0)
		src, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		ip.setGlobal("s", value.Chars(src))
		back := jsonEval(t, ip, ".j.j .j.k s").(*value.Vec[byte]).S
		var want, got any
		if err := json.Unmarshal(src, &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(back, &got); err != nil {
			t.Fatalf("%s: .j.j gave %s: %v", src, back, err)
		}
		if !reflect.DeepEqual(jsonCanon(want), jsonCanon(got)) {
			t.Fatalf("%s came back as %s", src, back)
		}
	}
}

// jsonRandom makes a random JSON-able Go value: floats, strings (control characters
// and non-ASCII included), booleans, null, arrays, objects, and arrays of objects with
// the same keys (which .j.k makes tables).
func jsonRandom(r *rand.Rand, depth int) any {
	k := r.IntN(8)
	if depth > 3 {
		k = r.IntN(4)
	}
	switch k {
	case 0:
		return float64(r.IntN(2000)-1000) / 8
	case 1:
		runes := []rune("ab\t\n\"\\é€\x01 /")
		b := make([]rune, r.IntN(6)+1)
		for i := range b {
			b[i] = runes[r.IntN(len(runes))]
		}
		return string(b)
	case 2:
		return r.IntN(2) == 0
	case 3:
		return nil
	case 4, 5:
		a := make([]any, r.IntN(4))
		for i := range a {
			a[i] = jsonRandom(r, depth+1)
		}
		return a
	case 6:
		m := map[string]any{}
		for i := 0; i < r.IntN(4)+1; i++ {
			m[fmt.Sprintf("k%d", r.IntN(5))] = jsonRandom(r, depth+1)
		}
		return m
	}
	rows := make([]any, r.IntN(3)+1) // a table
	for i := range rows {
		rows[i] = map[string]any{"a": float64(i), "b": jsonRandom(r, depth+1)}
	}
	return rows
}

// jsonCanon makes what q cannot tell apart equal: q has one empty list, () or a typed
// empty vector, and 1-item strings and arrays stay what they were.
func jsonCanon(v any) any {
	switch x := v.(type) {
	case []any:
		r := make([]any, len(x))
		for i, it := range x {
			r[i] = jsonCanon(it)
		}
		return r
	case map[string]any:
		r := map[string]any{}
		for k, it := range x {
			r[k] = jsonCanon(it)
		}
		return r
	}
	return v
}

// jsonBenchN is the benchmark table's row count.
const jsonBenchN = 100_000

// jsonBenchRow is one row of the benchmark table, for encoding/json.
type jsonBenchRow struct {
	Sym   string  `json:"sym"`
	Price float64 `json:"price"`
	Size  int64   `json:"size"`
	Flag  bool    `json:"flag"`
	Note  string  `json:"note"`
}

func jsonBenchData() ([]jsonBenchRow, *value.Table) {
	r := rand.New(rand.NewPCG(3, 4))
	rows := make([]jsonBenchRow, jsonBenchN)
	sym, price, size := make([]string, jsonBenchN), make([]float64, jsonBenchN), make([]int64, jsonBenchN)
	flag, note := make([]byte, jsonBenchN), make([]value.Value, jsonBenchN)
	for i := range rows {
		rows[i] = jsonBenchRow{Sym: fmt.Sprintf("s%02d", r.IntN(100)), Price: float64(r.IntN(1e6)) / 100,
			Size: 1 + r.Int64N(1000), Flag: r.IntN(2) == 0, Note: fmt.Sprintf("n%d", i)}
		sym[i], price[i], size[i], note[i] = rows[i].Sym, rows[i].Price, rows[i].Size, value.Str(rows[i].Note)
		if rows[i].Flag {
			flag[i] = 1
		}
	}
	t := value.NewTable([]string{"sym", "price", "size", "flag", "note"},
		[]value.Value{value.Syms(sym), value.Floats(price), value.Longs(size), value.Bools(flag),
			&value.List{Items: note}})
	return rows, t
}

// BenchmarkJSONTable compares .j.j and .j.k on a 100,000-row table with encoding/json
// marshalling and unmarshalling the same rows as Go structs (the reference):
// go test -run XXX -bench JSONTable -benchmem ./eval
func BenchmarkJSONTable(b *testing.B) {
	rows, tbl := jsonBenchData()
	var out bytes.Buffer
	ip := New(&out, &out)
	text := dotjJ(ip, tbl)
	ref, _ := json.Marshal(rows)
	b.Run("q.j.j", func(b *testing.B) {
		b.SetBytes(int64(value.Len(text)))
		for b.Loop() {
			dotjJ(ip, tbl)
		}
	})
	b.Run("encoding-json.Marshal", func(b *testing.B) {
		b.SetBytes(int64(len(ref)))
		for b.Loop() {
			if _, err := json.Marshal(rows); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("q.j.k", func(b *testing.B) {
		b.SetBytes(int64(value.Len(text)))
		for b.Loop() {
			dotjK(text)
		}
	})
	b.Run("encoding-json.Unmarshal", func(b *testing.B) {
		b.SetBytes(int64(len(ref)))
		for b.Loop() {
			var r []jsonBenchRow
			if err := json.Unmarshal(ref, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// jsonKStd is .j.k with encoding/json's Token stream: the reference TestJSONReaders
// checks dotjK against, and BenchmarkJSONRead times it beside.
func jsonKStd(src []byte) value.Value {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	r := jsonReadStd(dec, 0)
	if _, err := dec.Token(); err != io.EOF {
		jsonFail() // something after the value
	}
	return r
}

// jsonRead reads one JSON value from dec.
func jsonReadStd(dec *json.Decoder, depth int) value.Value {
	if depth > jsonMaxDepth {
		signal("stack")
	}
	tok, err := dec.Token()
	if err != nil {
		jsonFail()
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			var items []value.Value
			for dec.More() {
				items = append(items, jsonReadStd(dec, depth+1))
			}
			if _, err := dec.Token(); err != nil {
				jsonFail()
			}
			return value.NewList(items)
		case '{':
			var keys []string
			var vals []value.Value
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					jsonFail()
				}
				ks, ok := k.(string)
				if !ok {
					jsonFail()
				}
				keys = append(keys, ks)
				vals = append(vals, jsonReadStd(dec, depth+1))
			}
			if _, err := dec.Token(); err != nil {
				jsonFail()
			}
			if keys == nil {
				keys = []string{}
			}
			return &value.Dict{K: value.Syms(keys), V: value.NewList(vals)}
		}
		jsonFail() // a stray ] or }
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			jsonFail()
		}
		return value.Float(f) // out of range: ±0w or 0, as "F"$ gives
	case string:
		return value.Str(t)
	case bool:
		return value.Bool(t)
	case nil:
		return value.Float(value.NaN)
	}
	jsonFail()
	return nil
}

// TestJSONReaders: .j.k reads what encoding/json reads, and fails where it
// fails, on random documents and on broken ones.
func TestJSONReaders(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	try := func(src []byte) {
		t.Helper()
		var a, b value.Value
		ea := jsonCatch(func() { a = dotjK(value.Chars(src)) })
		eb := jsonCatch(func() { b = jsonKStd(src) })
		// encoding/json turns bytes that are not UTF-8 into U+FFFD; .j.k keeps them
		if ea != eb || (ea == "" && utf8.Valid(src) && !matchValues(a, b)) {
			t.Fatalf("%q: .j.k gives %v ('%s), encoding/json %v ('%s)", src, a, ea, b, eb)
		}
	}
	for _, s := range []string{`"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ude00\ud83d\u0041"`,
		`"\ud83d\u0041"`, `"\b\f\n\r\t\/\\\""`, `[{"a":1},{"a":2},3]`, `[1,{"a":1},{"a":2}]`,
		`[{"a":1},{"b":2},{"a":3}]`, `[{"a":1},{"a":2},{}]`, `[{},{}]`, `[{"a":1,"a":2},{"a":3,"a":4}]`,
		`[{"a":1,"b":2},{"b":1,"a":2}]`, `[[{"a":1}],[{"a":[]}]]`, `-0`, `1E+2`, `-1.5e-3`, `1e400`,
		` [ ] `, `{"":1}`, "[\"a\xffb\"]", `[1,2]x`, `{"a"}`, `[01]`, `"\x"`} {
		try([]byte(s))
	}
	for i := 0; i < 500; i++ {
		src, _ := json.Marshal(jsonRandom(r, 0))
		try(src)
		if len(src) > 1 { // and broken: cut, or a byte changed
			try(src[:r.IntN(len(src))])
			b := append([]byte(nil), src...)
			b[r.IntN(len(b))] = "{}[],:\"\\ 0a-"[r.IntN(11)]
			try(b)
		}
	}
}

// jsonCatch runs f and returns the q error it signals, "" for none.
func jsonCatch(f func()) (msg string) {
	defer func() {
		if e, ok := recover().(*value.Error); ok {
			msg = e.Msg
		}
	}()
	f()
	return ""
}

// BenchmarkJSONRead: .j.k beside the same conversion over encoding/json's
// Token stream, on the 100,000-row table's JSON text:
// go test -run XXX -bench JSONRead -benchmem ./eval
func BenchmarkJSONRead(b *testing.B) {
	_, tbl := jsonBenchData()
	var out bytes.Buffer
	text := dotjJ(New(&out, &out), tbl)
	b.Run("q.j.k", func(b *testing.B) {
		for b.Loop() {
			dotjK(text)
		}
	})
	b.Run("encoding-json.Token", func(b *testing.B) {
		for b.Loop() {
			jsonKStd(text.(*value.Vec[byte]).S)
		}
	})
}
