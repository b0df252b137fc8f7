package repl

import (
	"reflect"
	"testing"
)

func TestCompleterWords(t *testing.T) {
	s := &Session{}
	s.names.Store([]string{".Q.addmonths", ".Q.addr", ".z.pg", "longname", "tables", "til"}) // sorted, as CompletionNames gives them
	c := completer{s}
	for _, k := range []struct {
		line string
		want []string
		n    int
	}{
		{"1+lon", []string{"gname"}, 3},
		{"x-ta", []string{"bles"}, 2}, // a minus is not part of the name
		{".Q.add", []string{"months", "r"}, 6},
		{".z.p", []string{"g"}, 4},
		{"1+", nil, 0},
	} {
		got, n := c.Do([]rune(k.line), len([]rune(k.line)))
		var gs []string
		for _, g := range got {
			gs = append(gs, string(g))
		}
		if !reflect.DeepEqual(gs, k.want) || n != k.n {
			t.Errorf("Do(%q) = %q %d, want %q %d", k.line, gs, n, k.want, k.n)
		}
	}
}
