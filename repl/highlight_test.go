package repl

import (
	"strings"
	"testing"
)

func TestHighlight(t *testing.T) {
	s := &Session{}
	s.keywords.Store(keywordSet([]string{"til", "select", "from", "where", "each"}))
	h := highlighter{s}
	// K keyword, S string, Y symbol, N number, C comment, ] end of colour
	mark := strings.NewReplacer(hlKeyword, "K[", hlString, "S[", hlSymbol, "Y[", hlNumber, "N[", hlComment, "C[", hlReset, "]")
	for _, c := range []struct{ line, want string }{
		{"til 10", "K[til] N[10]"},
		{"a1:2024.01.02D12:00 + 1.5e3 .5", "a1:N[2024.01.02D12:00] + N[1.5e3] N[.5]"},
		{`x:"a\"b" / a comment "x"`, `x:S["a\"b"] C[/ a comment "x"]`},
		{"select from t where s=`a`b.c", "K[select] K[from] t K[where] s=Y[`a]Y[`b.c]"},
		{"hopen`:localhost:5001", "hopenY[`:localhost:5001]"},
		{"1 2 3/4", "N[1] N[2] N[3]/N[4]"},                  // division, not a comment
		{"tilx each .z.p til.x", "tilx K[each] .z.p til.x"}, // names are not keywords
		{`\t 1000`, `K[\t] 1000`},                           // a system command
		{`"unterminated til`, `S["unterminated til]`},
		{"til 3\n", "K[til] N[3]\n"}, // Enter: the newline after the colours
		{"x 10i 0N 0Wp 1b", "x N[10i] N[0N] N[0Wp] N[1b]"},
	} {
		got := string(h.Paint([]rune(c.line), 0))
		if m := mark.Replace(got); m != c.want {
			t.Errorf("Paint(%q) = %q, want %q", c.line, m, c.want)
		}
		// Only colour codes are added: the characters are the line's.
		if plain := strings.NewReplacer(hlKeyword, "", hlString, "", hlSymbol, "", hlNumber, "", hlComment, "", hlReset, "").Replace(got); plain != c.line {
			t.Errorf("Paint(%q) changed the text: %q", c.line, plain)
		}
	}
	// Enter's redraw only extends the last one (redraw.go relies on it).
	for _, l := range []string{"til 3", `"abc`, "x / c", "`a"} {
		a, b := string(h.Paint([]rune(l), 0)), string(h.Paint([]rune(l+"\n"), 0))
		if b != a+"\n" {
			t.Errorf("Paint(%q+newline) = %q, not %q+newline", l, b, a)
		}
	}
}
