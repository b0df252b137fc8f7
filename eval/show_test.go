package eval

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// These tests drive the display through the interpreter (console text, -3!, .Q.s), so
// they do not depend on where the display code lives.

// TestFloatDisplaySuffix pins the float `f` rule (../shared/spec/display.md "float",
// "Float vector"): a float atom or vector gets one `f` exactly when no item's text has
// a `.` or an `e` and the text is not 0n/0w; inside a general list each item follows
// the atom rule; table and dictionary cells have no suffix; k-form (-3!) is the atom or
// vector rule.
func TestFloatDisplaySuffix(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	for _, c := range []struct{ in, want string }{
		{"4%2", "2f"},                   // display-atoms:214
		{"1.0", "1f"},                   // display.md
		{"100.0", "100f"},               // display.md
		{"-2.0", "-2f"},                 // sign is part of a whole number
		{"\"F\"$\"42\"", "42f"},         // casting:153
		{"1.5", "1.5"},                  // no suffix with a point
		{"123456789.0", "1.234568e+08"}, // exponent form: no f (display.md)
		{"1e-10", "1e-10"},              // exponent form
		{"0n", "0n"},                    // null: no f
		{"0w", "0w"},                    // infinity: no f
		{"-0w", "-0w"},                  // infinity: no f
		{"256f", "256f"},                // display.md
		{"1 2 3f", "1 2 3f"},            // one f for the vector
		{"1005 2016 6055 24228f", "1005 2016 6055 24228f"}, // adverbs:79
		{"1 2.5", "1 2.5"},                     // an item with a point: no f
		{"0n 0 0.125 1 42", "0n 0 0.125 1 42"}, // arithmetic:171
		{"1e10 1", "1e+10 1"},                  // an item in exponent form: no f
		{"(1f;`a)", "1f\n`a"},                  // general list: each item as an atom
		{"(2f;`a;1.5)", "2f\n`a\n1.5"},         // each float item keeps its own rule
		{"`a`b!1 2f", "a| 1\nb| 2"},            // dictionary cells: no suffix
		{"([]x:1 2f)", "x\n-\n1\n2"},           // table cells: no suffix
		{"-3!2f", "\"2f\""},                    // k-form of an atom
		{"-3!1 2f", "\"1 2f\""},                // k-form of a vector
		{"-3!1.5 2", "\"1.5 2\""},              // k-form, an item with a point
		{"string 2f", ",\"2\""},                // string has no suffix (display.md "string")
	} {
		got, err := ip.Exec(c.in)
		if err != nil || strings.TrimSuffix(got, "\n") != c.want {
			t.Errorf("q)%s\n  got  %q %v\n  want %q", c.in, got, err, c.want)
		}
	}
}

// TestShowValues replaces a test that only checked for panics: random values of every
// shape must display (non-empty text, the expected number of lines for vectors, tables
// and dictionaries), print the same at the console and through .Q.s, and read back
// from their k-form: x~value -3!x.
func TestShowValues(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 1000; i++ {
		v := genShowCase(r)
		if _, err := ip.Exec("x:" + v.src); err != nil {
			t.Fatalf("x:%s: %v", v.src, err)
		}
		shown, err := ip.Exec("x")
		if err != nil || shown == "" || !strings.HasSuffix(shown, "\n") {
			t.Errorf("x:%s shows %q %v", v.src, shown, err)
			continue
		}
		if lines := strings.Count(shown, "\n"); v.lines > 0 && lines != v.lines {
			t.Errorf("x:%s shows %d lines, want %d:\n%s", v.src, lines, v.lines, shown)
		}
		if q, err := ip.Exec("-1 .Q.s x;"); err != nil || out.Len() == 0 {
			t.Errorf("x:%s: .Q.s %q %v", v.src, q, err)
		}
		qs := strings.TrimSuffix(out.String(), "\n")
		out.Reset()
		if qs != shown {
			t.Errorf("x:%s: .Q.s gives\n%s\nthe console\n%s", v.src, qs, shown)
		}
		if got, err := ip.Exec("x~value -3!x"); err != nil || got != "1b\n" {
			k, _ := ip.Exec("-3!x")
			t.Errorf("x:%s: x~value -3!x is %q %v; -3!x is %s", v.src, got, err, k)
		}
	}
}

// showCase is a q expression and the number of console lines its value shows (0: not
// checked).
type showCase struct {
	src   string
	lines int
}

// showAtoms are atoms whose text reads back exactly (floats short enough for \P 7).
var showAtoms = []string{"1b", "0x2a", "3h", "4i", "5", "6.5e", "7.25", "2f", "0n", "-0w", "0N", "0Wi",
	"\"c\"", "`s", "`", "2000.01.02", "2000.01m", "12:34", "12:00:01", "12:00:00.001",
	"0D01:00:00.000000001", "2020.01.01D01:02:03.000000004", "0Nd", "0Np"}

// showVecs are vectors of 1 to 3 items of one type, the same length each: (src, count).
var showVecs = [][]string{
	{"10b", "1 2", "`a`b", "\"ab\"", "1.5 2", "3 4i", "2000.01.01 2001.01.01", "0x0102", "1 0n", "5 6h"},
	{"101b", "1 2 3", "`a`b`c", "\"abc\"", "1 2 3f", "0N 1 2", "2000.01 2000.02 2000.03m", "0x010203", "1.5 2.5 0w", "12:00 12:01 12:02"},
}

func genShowCase(r *rand.Rand) showCase {
	switch r.IntN(8) {
	case 0: // atom
		return showCase{showAtoms[r.IntN(len(showAtoms))], 1}
	case 1: // vector
		vs := showVecs[r.IntN(len(showVecs))]
		return showCase{vs[r.IntN(len(vs))], 1}
	case 2: // general list of atoms and vectors: one line an item
		n := 2 + r.IntN(3)
		items := make([]string, n)
		for i := range items {
			if r.IntN(2) == 0 {
				items[i] = showAtoms[r.IntN(len(showAtoms))]
			} else {
				vs := showVecs[r.IntN(len(showVecs))]
				items[i] = vs[r.IntN(len(vs))]
			}
		}
		return showCase{"(" + strings.Join(items, ";") + ")", 0}
	case 3: // dictionary of symbols to atoms: one line a key
		n := 1 + r.IntN(4)
		keys, vals := make([]string, n), make([]string, n)
		for i := range keys {
			keys[i] = "`k" + string(rune('a'+i))
			vals[i] = showAtoms[r.IntN(len(showAtoms))]
		}
		if n == 1 {
			return showCase{"(enlist" + keys[0] + ")!enlist " + vals[0], 1}
		}
		return showCase{strings.Join(keys, "") + "!(" + strings.Join(vals, ";") + ")", n}
	case 4, 5: // table: header, rule, one line a row
		k := r.IntN(len(showVecs))
		vs, rows := showVecs[k], k+2
		cols := 1 + r.IntN(3)
		parts := make([]string, cols)
		for i := range parts {
			parts[i] = string(rune('a'+i)) + ":" + vs[r.IntN(len(vs))]
		}
		src := "([]" + strings.Join(parts, ";") + ")"
		if r.IntN(2) == 0 && cols > 1 {
			return showCase{"1!" + src, rows + 2}
		}
		return showCase{src, rows + 2}
	case 6: // nested general list
		a, b := genShowCase(r), genShowCase(r)
		return showCase{"(" + a.src + ";" + b.src + ")", 0}
	}
	// a dictionary of symbols to general values
	a, b := genShowCase(r), genShowCase(r)
	return showCase{"`p`q!(" + a.src + ";" + b.src + ")", 0}
}
