package repl

import (
	"reflect"
	"strings"
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

// In a query, Tab completes the table after from and its columns in the column list,
// the by and the where clause (issue 12); where no column fits, and outside queries,
// names.
func TestCompleterColumns(t *testing.T) {
	s := &Session{}
	s.names.Store([]string{"price", "select", "size", "sum", "trade", "tradeq"}) // sorted
	s.cols.Store(map[string][]string{"trade": {"sym", "price", "size", "stime"}, "quote": {"sym", "bid"}, ".u.t": {"a", "b"}})
	c := completer{s}
	for _, k := range []struct {
		line, after string
		want        []string
	}{
		{"select from tr", "", []string{"ade"}},                          // a table, not the global tradeq
		{"select from ", "", []string{".u.t", "quote", "trade"}},         // every table
		{"select from trade where s", "", []string{"ym", "ize", "time"}}, // columns win
		{"select from trade where su", "", []string{"m"}},                // no column: a name
		{"select from trade where ", "", []string{"sym", "price", "size", "stime"}},
		{"select p", " by sym from trade", []string{"rice"}}, // the from is after the cursor
		{"select max price by ", " from quote", []string{"sym", "bid"}},
		{"exec b from .u.t where ", "", []string{"a", "b"}},
		{"update price:2*p", " from trade", []string{"rice"}},
		{"delete from trade where st", "", []string{"ime"}},
		{"select from trade lj q", "", nil}, // after the table: not a clause
		{"select from quote where sym in (exec s", " from trade)", []string{"ym", "ize", "time"}},
		{"select from quote where sym in (exec sym from trade);select from trade where b", "", nil}, // quote is another statement's
		{"x:\"select from trade where \";s", "", []string{"elect", "ize", "um"}},                    // a string is no query
		{"select \"from\" from x where ", "", nil},                                                  // x is no table
		{"1+", "", nil},
	} {
		line := []rune(k.line + k.after)
		got, _ := c.Do(line, len([]rune(k.line)))
		var gs []string
		for _, g := range got {
			gs = append(gs, string(g))
		}
		if strings.Join(gs, ",") != strings.Join(k.want, ",") {
			t.Errorf("Do(%q|%q) = %q, want %q", k.line, k.after, gs, k.want)
		}
	}
}
