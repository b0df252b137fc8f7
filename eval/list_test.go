package eval

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// Unit tests of the list, search, sort and dictionary kernels, called directly.
// Results are compared through kstr, a compact q-like rendering local to this test.

func kstr(v value.Value) string {
	switch x := v.(type) {
	case *value.Vec[byte]:
		switch x.Typ {
		case value.TBool:
			var b strings.Builder
			for _, e := range x.S {
				b.WriteByte('0' + e)
			}
			return x.Attr.String() + b.String() + "b"
		case value.TChar:
			return x.Attr.String() + strconv.Quote(string(x.S))
		}
		return fmt.Sprintf("0x%x", x.S)
	case *value.Vec[string]:
		return x.Attr.String() + "`" + strings.Join(x.S, "`")
	case *value.Dict:
		return "(" + kstr(x.K) + ")!(" + kstr(x.V) + ")"
	case *value.Table:
		return "+" + kstr(&value.Dict{K: x.Cols, V: &value.List{Items: x.Data}})
	case *value.List:
		p := make([]string, len(x.Items))
		for i, it := range x.Items {
			p[i] = kstr(it)
		}
		return "(" + strings.Join(p, ";") + ")"
	case value.Sym:
		return "`" + string(x)
	case value.Char:
		return strconv.Quote(string(rune(x)))
	case value.Bool:
		if x {
			return "1b"
		}
		return "0b"
	case *value.Prim:
		return x.Name
	}
	if value.IsAtom(v) {
		return atomStr(v)
	}
	if v.Type() > value.TTime {
		return fmt.Sprint(v)
	}
	n := value.Len(v)
	p := make([]string, n)
	for i := range p {
		p[i] = atomStr(value.At(v, i))
	}
	a := ""
	switch x := v.(type) {
	case *value.Vec[int64]:
		a = x.Attr.String()
	case *value.Vec[float64]:
		a = x.Attr.String()
	}
	return a + strings.Join(p, " ") + value.TypeChars[v.Type():v.Type()+1]
}

func atomStr(v value.Value) string {
	switch x := v.(type) {
	case value.Long:
		if int64(x) == value.NullLong {
			return "0N"
		}
		return strconv.FormatInt(int64(x), 10)
	case value.Int:
		if int32(x) == value.NullInt {
			return "0N"
		}
		return strconv.FormatInt(int64(x), 10)
	case value.Float:
		if x != x {
			return "0n"
		}
		return strconv.FormatFloat(float64(x), 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

func L(s ...int64) value.Value           { return value.Longs(s) }
func F(s ...float64) value.Value         { return value.Floats(s) }
func S(s ...string) value.Value          { return value.Syms(s) }
func G(items ...value.Value) value.Value { return &value.List{Items: items} }
func C(s string) value.Value             { return value.Str(s) }
func D(k, v value.Value) value.Value     { return &value.Dict{K: k, V: v} }

func T(cols []string, data ...value.Value) value.Value { return value.NewTable(cols, data) }

// qerr runs f and returns the q error text it signals, or "".
func qerr(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = r.(*value.Error).Msg
		}
	}()
	f()
	return ""
}

func TestListKernels(t *testing.T) {
	j := value.Long(0)
	_ = j
	cases := []struct {
		got  value.Value
		want string
	}{
		{til(value.Long(3)), "0 1 2j"},
		{take(value.Long(5), S("Arthur", "Steve", "Dennis")), "`Arthur`Steve`Dennis`Arthur`Steve"},
		{take(value.Long(-5), S("Arthur", "Steve", "Dennis")), "`Steve`Dennis`Arthur`Steve`Dennis"},
		{take(value.Long(3), value.Long(9)), "9 9 9j"},
		{take(value.Long(-5), L(0, 1, 2, 3, 4, 5, 6, 7, 8)), "4 5 6 7 8j"},
		{take(L(2, 3), L(0, 1, 2, 3, 4, 5)), "(0 1 2j;3 4 5j)"},
		{take(L(value.NullLong, 3), L(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), "(0 1 2j;3 4 5j;6 7 8j;9j)"},
		{take(L(3, value.NullLong), L(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), "(0 1 2j;3 4 5j;6 7 8 9j)"},
		{take(L(4, value.NullLong), L(0, 1, 2, 3, 4, 5, 6, 7, 8)), "(0 1j;2 3j;4 5j;6 7 8j)"},
		{take(L(2, 3, 4), value.Char('a')), `(("aaaa";"aaaa";"aaaa");("aaaa";"aaaa";"aaaa"))`},
		{take(value.Long(2), D(S("a", "b", "c"), L(1, 2, 3))), "(`a`b)!(1 2j)"},
		{take(S("a", "x"), D(S("a", "b", "c"), L(1, 2, 3))), "(`a`x)!(1 0Nj)"},
		{take(value.Sym("s"), L(1, 2, 3)), "s1 2 3j"},
		{drop(value.Long(5), L(0, 1, 2, 3, 4, 5, 6, 7, 8)), "5 6 7 8j"},
		{drop(value.Long(-5), L(0, 1, 2, 3, 4, 5, 6, 7, 8)), "0 1 2 3j"},
		{drop(L(0, 1, 2, 3, 4, 5, 6, 7, 8), value.Long(5)), "0 1 2 3 4 6 7 8j"},
		{drop(L(2, 4, 4, 9), til(value.Long(10))), "(2 3j;j;4 5 6 7 8j;9j)"},
		{drop(S("b", "x"), D(S("a", "b", "c", "d"), L(10, 20, 30, 10))), "(`a`c`d)!(10 30 10j)"},
		{drop(D(L(100, 200), S("a", "b")), value.Long(1)), "(100 200j)!(`a`b)"},
		{drop(D(L(100, 200), S("a", "b")), value.Long(100)), "(200j)!(`b)"},
		{cut(value.Long(4), til(value.Long(10))), "(0 1 2 3j;4 5 6 7j;8 9j)"},
		{cut(S("a", "c"), D(S("a", "b", "c"), L(10, 20, 30))), "(`b)!(20j)"},
		{sublist(L(1, 2), L(2, 3, 5, 7, 11)), "3 5j"},
		{sublist(value.Long(10), L(2, 3, 5, 7, 11)), "2 3 5 7 11j"},
		{join(L(1, 2, 3), value.Long(4)), "1 2 3 4j"},
		{join(F(1, 2.4, 5), value.Float(-7.9)), "1 2.4 5 -7.9f"},
		{join(G(value.Long(0), F(1, 2.5)), G(value.Sym("a"), C("abc"))), `(0;1 2.5f;` + "`a" + `;"abc")`},
		{join(D(S("a", "b", "c"), L(1, 2, 3)), D(S("c", "d"), L(4, 5))), "(`a`b`c`d)!(1 2 4 5j)"},
		{join(withAttr(L(1, 2, 3), value.AttrS), value.Long(6)), "s1 2 3 6j"},
		{join(withAttr(L(1, 2, 3), value.AttrS), value.Long(0)), "1 2 3 0j"},
		{join(withAttr(L(1, 1, 2), value.AttrP), value.Long(3)), "1 1 2 3j"},
		{raze(G(L(1, 2), L(3, 4))), "1 2 3 4j"},
		{raze(D(S("q", "w"), G(L(1, 2), L(3, 4)))), "1 2 3 4j"},
		{first(L(1, 2, 3)), "1"},
		{first(D(S("a", "b"), G(L(1, 2), L(3, 4, 5)))), "1 2j"},
		{last(D(S("a", "b", "c"), L(1, 2, 3))), "3"},
		{first(value.Longs(nil)), "0N"},
		{reverse(L(1, 2, 3, 4)), "4 3 2 1j"},
		{where(value.Bools([]byte{0, 1, 1, 0, 1})), "1 2 4j"},
		{where(L(2, 3, 0, 1)), "0 0 1 1 1 3j"},
		{where(D(S("amr", "ibm", "msft"), L(2, 3, 1))), "`amr`amr`ibm`ibm`ibm`msft"},
		{flip(G(L(1, 2, 3), value.Long(4))), "(1 4j;2 4j;3 4j)"},
		{flip(D(S("a", "b"), G(L(1, 2), L(3, 4)))), "+(`a`b)!((1 2j;3 4j))"},
		{rotate(value.Long(2), L(2, 3, 5, 7, 11)), "5 7 11 2 3j"},
		{rotate(value.Long(-2), L(2, 3, 5, 7, 11)), "7 11 2 3 5j"},
		{next(L(2, 3, 5)), "3 5 0Nj"},
		{prev(G(L(1, 2), C("abc"), value.Sym("ibm"))), `(j;1 2j;"abc")`},
		{xprev(value.Long(1), C("abcde")), `" abcd"`},
		{xprev(value.Long(-2), L(2, 7, 5, 3, 11)), "5 3 11 0N 0Nj"},
		{enlist(D(S("a", "b"), L(1, 2))), "+(`a`b)!((1j;2j))"},
		{count(D(S("a", "b", "c"), L(1, 2, 3))), "3"},
	}
	for i, c := range cases {
		if g := kstr(c.got); g != c.want {
			t.Errorf("%d: got %s want %s", i, g, c.want)
		}
	}
	errs := []struct {
		f    func()
		want string
	}{
		{func() { take(value.Sym("s"), L(3, 2, 1)) }, "s-fail"},
		{func() { join(value.Long(10), D(S("a"), L(1))) }, "type"},
		{func() { drop(D(S("a", "b", "c"), L(1, 2, 3)), S("a", "b")) }, "type"},
		{func() { dictMake(S("a", "b"), L(1, 2, 3)) }, "length"},
	}
	for i, c := range errs {
		if g := qerr(c.f); g != c.want {
			t.Errorf("err %d: got %q want %q", i, g, c.want)
		}
	}
}

func TestSearchKernels(t *testing.T) {
	w := L(10, -8, 3, 5, -1, 2, 3)
	u := G(C("abcde"), L(10, 2, -6), G(L(2, 3), value.Sym("ab")))
	cases := []struct {
		got  value.Value
		want string
	}{
		{find(w, value.Long(-8)), "1"},
		{find(w, value.Long(17)), "7"},
		{find(C("abcde"), value.Char('d')), "3"},
		{find(u, L(10, 2, -6)), "1"},
		{find(u, C("abcde")), "0"},
		{find(u, G(L(2, 3), value.Sym("ab"))), "3 3j"},
		{find(w, G(L(10, 5, -1), value.Long(-8), L(3, 17))), "(0 3 4j;1;2 7j)"},
		{find(D(S("a", "b", "c", "d"), L(10, 20, 30, 10)), value.Long(30)), "`c"},
		{find(S("a", "b"), S("b", "c", "a", "a", "b", "q")), "1 2 0 0 1 2j"},
		{distinct(L(2, 3, 7, 3, 5, 3)), "2 3 7 5j"},
		{distinct(G(C("ab"), C("c"), C("ab"))), `("ab";"c")`},
		{except(L(1, 2, 3, 4, 1, 3), L(2, 3)), "1 4 1j"},
		{except(L(1, 2, 3), value.Long(2)), "1 3j"},
		{inter(L(1, 3, 4, 2), L(2, 3, 5, 7, 11)), "3 2j"},
		{inter(L(1, 2, 3, 1, 4), L(4, 1, 4)), "1 1 4j"},
		{union(L(1, 2, 3, 3, 6), L(2, 4, 6, 8)), "1 2 3 6 4 8j"},
		{in(value.Long(4), L(1, 6, 3, 5, 3, 4)), "1b"},
		{in(L(1, 1, 1, 2), G(L(1, 1, 1, 2), L(2, 3, 4))), "1b"},
		{in(L(1, 7), L(1, 6)), "10b"},
		{group(C("mississippi")), `("misp")!((0j;1 4 7 10j;2 3 5 6j;8 9j))`},
		{cross(L(1, 2), C("ab")), `((1;"a");(1;"b");(2;"a");(2;"b"))`},
		{bin(L(1, 3, 5), L(0, 1, 2, 5, 9)), "-1 0 0 2 2j"},
		{binr(L(1, 3, 5), L(0, 1, 2, 5, 9)), "0 0 1 2 3j"},
		{bin(L(1, 3, 5), value.Long(4)), "1"},
		{bin(F(1, 2.5, 3), F(0, 2.5, 2.7, 9)), "-1 1 1 2j"},
		{bin(S("a", "c"), value.Sym("b")), "0"},
		{bin(G(value.Long(1), value.Sym("a")), value.Sym("b")), "1"},
		{take(value.Sym("u"), D(S("a", "b"), L(1, 2))), "(u`a`b)!(1 2j)"},
		{matchPrim(L(1, 2, 3), withAttr(L(1, 2, 3), value.AttrS)), "1b"},
		{matchPrim(value.Long(3), value.Float(3)), "0b"},
		{matchPrim(F(0.1+0.2), F(0.3)), "1b"},
		{value.Long(value.Len(roll(seededRng(-314159), -10, value.Long(10)))), "10"},
		{value.Long(value.Len(distinct(roll(seededRng(-314159), -10, value.Long(10))))), "10"},
	}
	for i, c := range cases {
		if g := kstr(c.got); g != c.want {
			t.Errorf("%d: got %s want %s", i, g, c.want)
		}
	}
}

func TestSortKernels(t *testing.T) {
	mixed := G(value.Long(1), value.Bool(true), value.Char('b'), value.Date(3288), value.Char('a'), value.Long(0))
	cases := []struct {
		got  value.Value
		want string
	}{
		{asc(L(2, 1, 3, 4, 2, 1, 2)), "s1 1 2 2 2 3 4j"},
		{iasc(L(2, 1, 3, 4, 2, 1, 2)), "1 5 0 4 6 2 3j"},
		{idesc(L(2, 7, 3, 2, 5)), "1 4 2 0 3j"},
		{rank(L(2, 7, 3, 2, 5)), "0 4 2 1 3j"},
		{desc(L(10, 20, 4, 45, 99)), "99 45 20 10 4j"},
		{asc(G(C("bat"), C("dog"), C("cow"), C("cat"))), `("bat";"cat";"cow";"dog")`},
		{asc(mixed), "-1 -7 -7 -10 -10 -14"}, // types in order; kstr prints dates through fmt, so the values are checked below
		{asc(D(S("a", "b", "c"), L(2, 1, 3))), "(`b`a`c)!(1 2 3j)"},
		{iasc(D(S("a", "b", "c"), L(2, 3, 1))), "`c`a`b"},
		{idesc(D(S("a", "c", "b"), L(1, 2, 3))), "`b`c`a"},
		{asc(F(3, value.NaN, -1, 2)), "s0n -1 2 3f"},
		{desc(F(3, value.NaN, -1, 2, math.Inf(-1), -2.5)), "3 2 -1 -2.5 -Inf 0nf"},
		{xrank(value.Long(4), til(value.Long(8))), "0 0 1 1 2 2 3 3j"},
		{asc(S("b", "a", "c")), "s`a`b`c"},
	}
	for i, c := range cases {
		g := kstr(c.got)
		if i == 6 {
			// asc(mixed) is (1b;0;1;"a";"b";2009.01.01): compare types, then values
			var ts []string
			items := c.got.(*value.List).Items
			for _, it := range items {
				ts = append(ts, fmt.Sprint(it.Type()))
			}
			g = strings.Join(ts, " ")
			want := []value.Value{value.Bool(true), value.Long(0), value.Long(1), value.Char('a'), value.Char('b'), value.Date(3288)}
			if len(items) != len(want) {
				t.Errorf("asc mixed: %d items", len(items))
			} else {
				for j := range want {
					if items[j] != want[j] {
						t.Errorf("asc mixed item %d: %v want %v", j, items[j], want[j])
					}
				}
			}
		}
		if g != c.want {
			t.Errorf("%d: got %s want %s", i, g, c.want)
		}
	}
	// radix sort against slices.Sort on random data, both signs, with nulls
	rng := seededRng(-314159)
	for _, n := range []int{10, 100, 1000, 100000} {
		x := make([]int64, n)
		for i := range x {
			x[i] = int64(rng.Uint64()) >> (i % 60)
			if i%7 == 0 {
				x[i] = -x[i]
			}
			if i%97 == 0 {
				x[i] = value.NullLong
			}
		}
		got := asc(value.Longs(x)).(*value.Vec[int64]).S
		if !isSortedS(got) || len(got) != n {
			t.Fatalf("asc %d not sorted", n)
		}
		g := iasc(value.Longs(x)).(*value.Vec[int64]).S
		checkPerm(t, "iasc", g, n)
		for i := 1; i < n; i++ {
			a, b := x[g[i-1]], x[g[i]]
			if a > b || a == b && g[i-1] > g[i] {
				t.Fatalf("iasc %d unstable or unsorted at %d", n, i)
			}
		}
	}
}

func TestDictKernels(t *testing.T) {
	tb := T([]string{"a", "b"}, L(1, 2), S("x", "y"))
	cases := []struct {
		got  value.Value
		want string
	}{
		{dictMake(S("a", "b"), L(1, 2)), "(`a`b)!(1 2j)"},
		{key(D(S("a", "b"), L(1, 2))), "`a`b"},
		{key(value.Long(3)), "0 1 2j"},
		{key(value.Longs(nil)), "`long"},
		{dictMake(value.Long(1), tb), "(+(`a)!((1 2j)))!(+(`b)!((`x`y)))"},
		{dictMake(value.Long(0), dictMake(value.Long(1), tb)), "+(`a`b)!((1 2j;`x`y))"},
		{take(value.Long(1), tb), "+(`a`b)!((1j;`x))"},
		{first(tb), "(`a`b)!((1;`x))"},
	}
	for i, c := range cases {
		if g := kstr(c.got); g != c.want {
			t.Errorf("%d: got %s want %s", i, g, c.want)
		}
	}
}

// TestListKernelsNoGoPanics applies every list/search/sort/dict kernel to pairs of
// assorted values: each must return a value or signal a q error, never a Go panic.
func TestListKernelsNoGoPanics(t *testing.T) {
	tb := T([]string{"a", "b"}, L(1, 2), S("x", "y"))
	kt := dictMake(value.Long(1), tb)
	vals := []value.Value{
		value.Long(2), value.Long(-1), value.Long(0), value.Long(value.NullLong), value.Int(3), value.Float(2.5),
		value.Sym("a"), value.Sym("s"), value.Sym(""), value.Char('x'), value.Bool(true), value.Date(5),
		L(), L(1, 2, 3), L(3, 1, 2, 1), L(value.NullLong, 2), F(1.5, value.NaN), S("a", "b"), S(), C("ab"), C(""),
		value.Bools([]byte{1, 0, 1}), value.Ints([]int32{2, 1}), value.Shorts([]int16{1}),
		G(), G(L(1, 2), L(3, 4)), G(value.Long(1), value.Sym("a")), G(C("ab"), C("c")), G(L(1, 2), value.Long(3)),
		D(S("a", "b"), L(1, 2)), D(S("a", "b"), G(L(1, 2), L(3))), D(L(1, 2), S("x", "y")), tb, kt,
		&value.EnumVec{Domain: "sym", Idx: []int64{0, 1}}, genericNull(), &value.Lambda{Src: "{x}", Params: []string{"x"}},
		value.GUIDs([][16]byte{{1}, {}}), value.Reals([]float32{1, 2}), value.EnumAtom{Domain: "sym", Idx: 1}, G(tb, tb), G(D(S("a"), L(1)), value.Long(2)),
	}
	unary := map[string]func(value.Value) value.Value{
		"til": til, "count": count, "enlist": enlist, "raze": raze, "first": first, "last": last,
		"reverse": reverse, "where": where, "flip": flip, "prev": prev, "next": next, "attr": attr,
		"distinct": distinct, "group": group, "asc": asc, "desc": desc, "iasc": iasc, "idesc": idesc,
		"rank": rank, "key": key, "keys": keys,
	}
	rip := New(io.Discard, io.Discard)
	binary := map[string]func(x, y value.Value) value.Value{
		"take": take, "drop": drop, "cut": cut, "sublist": sublist, "join": join, "rotate": rotate,
		"xprev": xprev, "match": matchPrim, "find": func(x, y value.Value) value.Value { return findOrRoll(rip, x, y) }, "in": in, "except": except,
		"inter": inter, "union": union, "cross": cross, "bin": bin, "binr": binr, "xrank": xrank,
		"dict": dictMake,
	}
	try := func(name string, f func()) {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(*value.Error); !ok {
					t.Errorf("%s: Go panic %v", name, r)
				}
			}
		}()
		f()
	}
	for n, f := range unary {
		for _, x := range vals {
			try(n+" "+kstr(x), func() { f(x) })
		}
	}
	for n, f := range binary {
		for _, x := range vals {
			for _, y := range vals {
				if n == "take" || n == "find" || n == "cut" {
					if k, ok := intAtom(x); ok && (k > 1000 || k < -1000) {
						continue
					}
				}
				try(kstr(x)+" "+n+" "+kstr(y), func() { f(x, y) })
			}
		}
	}
}

// TestHashTablesGrow: distinct and group past the initial table size (64Ki).
func TestHashTablesGrow(t *testing.T) {
	n := 200000
	s := make([]int64, n)
	for i := range s {
		s[i] = int64(i * 7)
	}
	if got := value.Len(distinct(value.Longs(s))); got != n {
		t.Fatalf("distinct: %d", got)
	}
	if got := value.Len(group(value.Longs(s)).(*value.Dict).K); got != n {
		t.Fatalf("group: %d", got)
	}
}

// TestGradeSyms checks the prefix-radix symbol grade against a comparison sort.
func TestGradeSyms(t *testing.T) {
	words := []string{"", "a", "ab", "abcdefgh", "abcdefghi", "abcdefgha", "b", "abcdefgh", "zz", "abcdefghij", "a"}
	for _, down := range []bool{false, true} {
		g := gradeOf(value.Syms(words), down)
		checkPerm(t, "gradeOf", g, len(words))
		for i := 1; i < len(g); i++ {
			a, b := words[g[i-1]], words[g[i]]
			c := strings.Compare(a, b)
			if down {
				c = -c
			}
			if c > 0 || c == 0 && g[i-1] > g[i] {
				t.Fatalf("down=%v: %q before %q (%v)", down, a, b, g)
			}
		}
	}
}

// TestJoinInPlace: appends reuse spare capacity, and values sharing storage never see
// each other's appends.
func TestJoinInPlace(t *testing.T) {
	var x value.Value = value.Longs([]int64{})
	for i := 0; i < 1000; i++ {
		x = join(x, value.Long(int64(i)))
	}
	b := join(x, value.Long(-1))
	c := join(x, value.Long(-2))
	b2 := join(b, value.Long(-3))
	c2 := join(c, L(-4, -5))
	for _, v := range []struct {
		got  value.Value
		tail string
	}{{b, "998 999 -1j"}, {c, "998 999 -2j"}, {b2, "999 -1 -3j"}, {c2, "-2 -4 -5j"}} {
		if g := kstr(takeN(-int64(len(strings.Fields(v.tail))), v.got)); g != v.tail {
			t.Errorf("got %s want %s", g, v.tail)
		}
	}
	if s := x.(*value.Vec[int64]).S; len(s) != 1000 || s[999] != 999 {
		t.Errorf("x changed: %d items", len(s))
	}
}

// TestGradeSymsLarge: the radix path (more than 64 symbols), long and short names.
func TestGradeSymsLarge(t *testing.T) {
	rng := seededRng(-314159)
	words := make([]string, 5000)
	for i := range words {
		n := rng.IntN(12)
		b := make([]byte, n)
		for j := range b {
			b[j] = byte('a' + rng.IntN(3))
		}
		words[i] = string(b)
	}
	for _, down := range []bool{false, true} {
		g := gradeOf(value.Syms(words), down)
		checkPerm(t, "gradeOf", g, len(words))
		for i := 1; i < len(g); i++ {
			c := strings.Compare(words[g[i-1]], words[g[i]])
			if down {
				c = -c
			}
			if c > 0 || c == 0 && g[i-1] > g[i] {
				t.Fatalf("down=%v: %q before %q", down, words[g[i-1]], words[g[i]])
			}
		}
	}
}

// checkPerm fails unless g is a permutation of 0..n-1: a grade must have one index per
// item, each once (an ordering check alone passes an empty or short grade).
func checkPerm[T int | int64](t *testing.T, what string, g []T, n int) {
	t.Helper()
	if len(g) != n {
		t.Fatalf("%s: %d indices for %d items", what, len(g), n)
	}
	seen := make([]bool, n)
	for _, i := range g {
		if i < 0 || int(i) >= n || seen[i] {
			t.Fatalf("%s: index %d out of range or repeated", what, i)
		}
		seen[i] = true
	}
}
