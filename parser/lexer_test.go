package parser

import (
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// lexString renders the tokens of src as "Type:value" separated by spaces.
func lexString(src string) (string, error) {
	toks, err := lex(src)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, t := range toks {
		if t.Type == tEOF {
			break
		}
		parts = append(parts, tokenTypeName(t.Type)+":"+t.Value)
	}
	return strings.Join(parts, " "), nil
}

func TestLex(t *testing.T) {
	tests := []struct {
		name, in, want, err string
	}{
		{"minus after name", "x-1", "Name:x Verb:- Num:1", ""},
		{"minus after space", "x -1", "Name:x Num:-1", ""},
		{"minus with space after", "x - 1", "Name:x Verb:- Num:1", ""},
		{"minus strand", "1 -1", "Num:1 -1", ""},
		{"minus after paren", "(a+b)-1", "LParen:( Name:a Verb:+ Name:b RParen:) Verb:- Num:1", ""},
		{"minus after bracket", "x[1]-1", "Name:x LBrack:[ Num:1 RBrack:] Verb:- Num:1", ""},
		{"minus at start", "-1", "Num:-1", ""},
		{"minus after colon", "a:-1", "Name:a Colon:: Num:-1", ""},
		{"minus before name", "-x", "Verb:- Name:x", ""},
		{"minus dot", "-.5", "Num:-.5", ""},
		{"minus after temporal", "12:00-11:00", "Num:12:00 Verb:- Num:11:00", ""},
		{"minus inf", "-0W 0Wp", "Num:-0W 0Wp", ""},
		{"minus after string", `"a"-1`, "Str:\"a\" Verb:- Num:1", ""},
		{"minus adverb", "1950 -': x", "Num:1950 Verb:- Adverb:': Name:x", ""},
		{"exponent", "1.5e-6+1", "Num:1.5e-6 Verb:+ Num:1", ""},
		{"real suffix", "1e", "Num:1e", ""},
		{"strand", "1 2 3+4", "Num:1 2 3 Verb:+ Num:4", ""},
		{"strand then name", "1 2 x", "Num:1 2 Name:x", ""},
		{"strand suffix", "2 3 4h", "Num:2 3 4h", ""},
		{"typed nulls", "0Nd 0Wp", "Num:0Nd 0Wp", ""},
		{"bools", "0101b", "Num:0101b", ""},
		{"bytes", "0x0a0b", "Num:0x0a0b", ""},
		{"timestamp", "2000.01.01D12:00:00.000000000", "Num:2000.01.01D12:00:00.000000000", ""},
		{"timespan", "-0D00:00:01", "Num:-0D00:00:01", ""},
		{"io verb", "x 0: y", "Name:x Verb:0: Name:y", ""},
		{"io verb after name", "`:f 1: x", "Sym:`:f Verb:1: Name:x", ""},
		{"io verb glued to bytes", "`:f 1:0x01", "Sym:`:f Verb:1: Num:0x01", ""},
		{"io verb glued to a long", "x 0:100", "Name:x Verb:0: Num:100", ""},
		{"minute is not io verb", "1:30", "Num:1:30", ""},
		{"comment", "1+1 /c", "Num:1 Verb:+ Num:1", ""},
		{"comment at start", "/ whole line", "", ""},
		{"comment ends at newline", "1 /c\n+2", "Num:1 Verb:+ Num:2", ""},
		{"over", "+/x", "Verb:+ Adverb:/ Name:x", ""},
		{"scan", "f\\x", "Name:f Adverb:\\ Name:x", ""},
		{"each right left", ",/:\\:", "Verb:, Adverb:/: Adverb:\\:", ""},
		{"each", "count'", "Name:count Adverb:'", ""},
		{"each prior", "-':", "Verb:- Adverb:':", ""},
		{"signal", "'`err", "Quote:' Sym:`err", ""},
		{"signal after semi", "a;'b", "Name:a Semi:; Quote:' Name:b", ""},
		{"compose", "'[f;g]", "Quote:' LBrack:[ Name:f Semi:; Name:g RBrack:]", ""},
		{"symbols", "`a`b`c", "Sym:`a`b`c", ""},
		{"symbol space", "`a `b", "Sym:`a Sym:`b", ""},
		{"symbol path", "`:host:5001", "Sym:`:host:5001", ""},
		{"symbol file", "`:/home/kdb/q`data", "Sym:`:/home/kdb/q`data", ""},
		{"empty symbol", "`", "Sym:`", ""},
		{"string", `"a\"b"`, `Str:"a\"b"`, ""},
		{"string slash", `count"2/3"`, `Name:count Str:"2/3"`, ""},
		{"dotted name", ".z.pg", "Name:.z.pg", ""},
		{"name underscore", "foo_bar", "Name:foo_bar", ""},
		{"drop after number", "1_x", "Num:1 Verb:_ Name:x", ""},
		{"apply dot", "f . 2 3", "Name:f Verb:. Num:2 3", ""},
		{"leading dot number", ".5", "Num:.5", ""},
		{"glued bracket", "f[x]", "Name:f LBrack:[ Name:x RBrack:]", ""},
		{"spaced bracket", "f [x]", "Name:f LBrackS:[ Name:x RBrack:]", ""},
		{"table", "([]a:1)", "LParen:( LBrack:[ RBrack:] Name:a Colon:: Num:1 RParen:)", ""},
		{"op assign", "x+:1", "Name:x OpAssign:+: Num:1", ""},
		{"op assign index", "x[1],:2", "Name:x LBrack:[ Num:1 RBrack:] OpAssign:,: Num:2", ""},
		{"op assign spaced", "d _:`x", "Name:d OpAssign:_: Sym:`x", ""},
		{"unary form", "(#:)x", "LParen:( Verb:#: RParen:) Name:x", ""},
		{"unary form after keyword", "count -:x", "Name:count Verb:-: Name:x", ""},
		{"double colon", "a::1", "Name:a DColon::: Num:1", ""},
		{"two char verbs", "a<=b>=c<>d", "Name:a Verb:<= Name:b Verb:>= Name:c Verb:<> Name:d", ""},
		{"newline is space", "a\n+1", "Name:a Verb:+ Num:1", ""},
		{"bad char", "1+\x00", "", "char"},
		{"non-ascii", "a:é", "", "char"},
		{"open string", `"abc`, "", `"`},
		{"open paren", "(1;2", "", "("},
		{"close paren", "1)", "", ")"},
		{"mismatch", "(1]", "", "]"},
		{"open brace", "{x", "", "{"},
	}
	for _, tc := range tests {
		got, err := lexString(tc.in)
		if tc.err != "" {
			if e, ok := err.(*value.Error); !ok || e.Msg != tc.err {
				t.Errorf("%s: %q: error %v, want '%s", tc.name, tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %q: unexpected error %v", tc.name, tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s: %q:\n got %s\nwant %s", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestMultiLine checks that newlines inside a chunk are whitespace.
func TestMultiLine(t *testing.T) {
	got := dumpOrErr("f:{[x]\n  a:x+1;  / add one\n  a*2}")
	want := "(: f (lambda [x] (: a (+ x 1j)) (* a 2j)))"
	if got != want {
		t.Errorf("got %s want %s", got, want)
	}
	if got := dumpOrErr("a:1 2\n 3"); got != "(: a (@ 1 2j 3j))" {
		t.Errorf("strand across newline: %s", got)
	}
}

// TestLiteralValues checks a few literal encodings against the value model directly.
func TestLiteralValues(t *testing.T) {
	tests := []struct {
		in   string
		want value.Value
	}{
		{"2000.02.01", value.Date(31)},
		{"2015.01m", value.Month(180)},
		{"12:00", value.Minute(720)},
		{"23:59:59", value.Second(86399)},
		{"12:00:00.123", value.Time(43200123)},
		{"0D00:00:01", value.Timespan(1e9)},
		{"2014.11.22D17:43:40.123456789", value.Timestamp(469993420123456789)},
		{"2000.01.02T12:00:00.000", value.Datetime(1.5)},
		{`"a"`, value.Char('a')},
		{"`a", value.Sym("a")},
		{"1b", value.Bool(true)},
		{"0x2a", value.Byte(42)},
		{"42i", value.Int(42)},
		{"42h", value.Short(42)},
		{"0Wi", value.Int(value.InfInt)},
		{"-0Wi", value.Int(-value.InfInt)},
		{"0Nh", value.Short(value.NullShort)},
	}
	for _, tc := range tests {
		nodes, err := Parse(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		c, ok := nodes[0].(*Const)
		if !ok || c.V != tc.want {
			t.Errorf("%s: got %#v want %#v", tc.in, nodes[0], tc.want)
		}
	}
	nodes, _ := Parse("1 2 3i")
	if v, ok := nodes[0].(*Const).V.(*value.Vec[int32]); !ok || v.Typ != value.TInt || len(v.S) != 3 {
		t.Errorf("1 2 3i: %#v", nodes[0].(*Const).V)
	}
	nodes, _ = Parse(`"ab"`)
	if v, ok := nodes[0].(*Const).V.(*value.Vec[byte]); !ok || v.Typ != value.TChar || string(v.S) != "ab" {
		t.Errorf(`"ab": %#v`, nodes[0].(*Const).V)
	}
}
