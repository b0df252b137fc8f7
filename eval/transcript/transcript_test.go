package transcript

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	cs := Parse("# a comment\nq)1+1\n2  \n\nq)'x\n'x\n#...\nq)a:1\nq)til 3\n0 1 2\n\n\n")
	want := []Case{
		{In: "1+1", Want: []string{"2"}, Line: 2},
		{In: "'x", Want: []string{"'x"}, Rest: true, Line: 5},
		{In: "a:1", Line: 8},
		{In: "til 3", Want: []string{"0 1 2"}, Line: 9},
	}
	if !reflect.DeepEqual(cs, want) {
		t.Fatalf("Parse = %+v\nwant %+v", cs, want)
	}
}

func TestMatch(t *testing.T) {
	c := Case{Want: []string{"a", "b"}}
	for _, m := range []struct {
		got []string
		ok  bool
	}{
		{[]string{"a", "b"}, true},
		{[]string{"a ", "b\t", "", ""}, true}, // trailing blanks and blank lines
		{[]string{"", "a", "b"}, true},        // a leading blank line the case does not expect
		{[]string{"a"}, false},
		{[]string{"a", "b", "c"}, false},
		{[]string{"a", "c"}, false},
		{nil, false},
	} {
		if got := c.Match(m.got); got != m.ok {
			t.Errorf("Match(%q) = %v", m.got, got)
		}
	}
	rest := Case{Want: []string{"'type"}, Rest: true}
	if !rest.Match([]string{"'type", "  [0]  1+`a"}) || rest.Match([]string{"'length"}) || rest.Match(nil) {
		t.Error("#... compares a prefix of the expected length")
	}
	blank := Case{Want: []string{"", "x"}}
	if !blank.Match([]string{"", "x"}) || blank.Match([]string{"x"}) {
		t.Error("a leading blank line the case expects counts")
	}
	if !(Case{}).Match([]string{"", " "}) || (Case{}).Match([]string{"x"}) {
		t.Error("a case with no output")
	}
}
