package eval

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// Keyed-table kernels the core calls (atomic2 on two keyed tables, ,' and indexing by
// key tuples), checked directly against kdb+ output from the conformance corpus.
func TestKeyedKernels(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	ev := func(s string) value.Value {
		v, err := ip.EvalString(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		return v
	}
	show := func(v value.Value) string {
		ip.setGlobal("zzres", v)
		s, err := ip.Exec("zzres")
		if err != nil {
			return "'" + err.Error()
		}
		return strings.TrimRight(s, "\n")
	}
	kt := func(s string) *value.Dict { return ev(s).(*value.Dict) }
	fillF := func(x, y value.Value) value.Value { return fillK(x, y) }
	maxF := func(x, y value.Value) value.Value { return prims["|"].b(x, y) }
	cases := []struct {
		got  value.Value
		want string
	}{
		{keyedPair(kt("([k:1 2 3] c1:10 20 30;c2:`a`b`c)"), kt("([k:3 4 5] c1:300 400 500;c2:`cc`dd`ee)"), fillF, nil, nil),
			"k| c1  c2\n-| ------\n1| 10  a\n2| 20  b\n3| 300 cc\n4| 400 dd\n5| 500 ee"},
		{keyedPair(kt("([k:1 2 3] c1:10 20 30;c2:`a`b`c)"), kt("([k:2 3] c1:0N 3000;c2:`bbb`)"), fillF, nil, nil),
			"k| c1   c2\n-| --------\n1| 10   a\n2| 20   bbb\n3| 3000 c"},
		{keyedPair(kt("([k:`a`b`c`x] v:10 0N 30 40)"), kt("([k:`a`b`c`y]; v:100 200 0N 0N)"), fillF, nil, nil),
			"k| v\n-| ---\na| 100\nb| 200\nc| 30\nx| 40\ny|"},
		{keyedPair(kt("([sym:`ibm`msoft`appl`goog]t:2017.05 2017.09 2015.03 2017.11m)"), kt("([sym:`msoft`goog`ibm]t:2017.08 2017.12 2016.12m)"), maxF, nil, nil),
			"sym  | t\n-----| -------\nibm  | 2017.05\nmsoft| 2017.09\nappl | 2015.03\ngoog | 2017.12"},
		{joinEachKeyed(kt("([k:1 2 3] v1:10 20 30)"), kt("([k:3 4 5] v2:1000 2000 3000)")),
			"k| v1 v2\n-| -------\n1| 10\n2| 20\n3| 30 1000\n4|    2000\n5|    3000"},
	}
	for i, c := range cases {
		if got := show(c.got); got != c.want {
			t.Errorf("case %d:\nwant\n%s\ngot\n%s", i, c.want, got)
		}
	}
}
