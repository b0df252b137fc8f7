package eval

import "github.com/gq-dev/gq/eval/value"

// Window joins wj and wj1 (docs/ref/wj.md): wj[w;c;t;(q;(f0;c0);(f1;c1))] gives each
// row of t the aggregations f0 c0, f1 c1 over the rows of q that match it on all but the last
// column of c and whose last column (the time) lies in the row's window w[0] to w[1].
// wj also takes the quote prevailing at the window's start; wj1 only those in it. Rows
// of q are grouped by the equality columns and each group, in time order as kdb+
// requires, is binary-searched for both ends.

// windowJoin runs wj (wj1 when inner); t given by name is updated in place (4.1).
func (ip *Interp) windowJoin(a []value.Value, inner bool) value.Value {
	x := a[2]
	name, byName := x.(value.Sym)
	if byName {
		x = ip.mustGlobal(string(name))
	}
	r := ip.wj(a[0], a[1], x, a[3], inner)
	if byName {
		ip.setGlobal(string(name), r)
		return name
	}
	return r
}

// wjAgg is one aggregation: f applied to the window's slices of cols, named name.
type wjAgg struct {
	f    value.Value
	cols []value.Value
	name string
}

func (ip *Interp) wj(w, c, x, spec value.Value, inner bool) value.Value {
	keys := symList(c)
	if len(keys) == 0 {
		errLength()
	}
	t, nk := unkeyTable(x)
	sl, ok := spec.(*value.List)
	if !ok || len(sl.Items) == 0 {
		errType()
	}
	q := asTable(sl.Items[0])
	aggs := make([]wjAgg, 0, len(sl.Items)-1)
	for _, it := range sl.Items[1:] {
		parts := value.Items(it)
		if it.Type() < 0 || len(parts) < 2 {
			errType()
		}
		ag := wjAgg{f: parts[0]}
		for _, p := range parts[1:] {
			s, ok := p.(value.Sym)
			if !ok {
				errType()
			}
			col := q.Col(string(s))
			if col == nil {
				signal(string(s))
			}
			ag.cols = append(ag.cols, col)
			ag.name = string(s) // the result column is named by the last
		}
		aggs = append(aggs, ag)
	}
	// the windows: a pair of lists of begin and end times, one of each per row of t
	ws := value.Items(w)
	if w.Type() < 0 || len(ws) != 2 {
		errLength()
	}
	nt := value.Len(t)
	begin, end := ws[0], ws[1]
	if begin.Type() < 0 {
		begin = repeatValue(begin, nt)
	}
	if end.Type() < 0 {
		end = repeatValue(end, nt)
	}
	if value.Len(begin) != nt || value.Len(end) != nt {
		errLength()
	}
	eq, tm := keys[:len(keys)-1], keys[len(keys)-1]
	if t.Col(tm) == nil {
		signal(tm)
	}
	qt := q.Col(tm)
	if qt == nil {
		signal(tm)
	}
	nq := value.Len(q)
	qg, tg := asofGroups(q, t, eq)
	groups := groupRowLists(nq, qg)
	leB, leE := asofLE(qt, begin), asofLE(qt, end)
	// count of rows (a prefix of the group) passing test for row i
	count := func(rows []int, i int, test func(j, i int) bool) int {
		lo, hi := 0, len(rows)
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if test(rows[mid], i) {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return lo
	}
	var ltB func(j, i int) bool // q's time at j before the start of window i
	if inner {
		bq := asofLE(begin, qt)
		ltB = func(j, i int) bool { return !bq(i, j) }
	}
	results := make([][]value.Value, len(aggs))
	for k := range results {
		results[k] = make([]value.Value, nt)
	}
	for i := 0; i < nt; i++ {
		var win []int
		if g := tg[i]; g < nq && nq > 0 {
			rows := groups[g]
			hi := count(rows, i, leE)
			var lo int
			if inner {
				lo = count(rows, i, ltB) // the first at or after the start
			} else {
				lo = max(count(rows, i, leB)-1, 0) // the quote prevailing at the start
			}
			if lo < hi {
				win = rows[lo:hi]
			}
		}
		if win == nil {
			win = []int{}
		}
		for k, ag := range aggs {
			results[k][i] = ip.wjApply(ag, win)
		}
	}
	names := append([]string(nil), t.Cols.S...)
	data := append([]value.Value(nil), t.Data...)
	for k, ag := range aggs {
		var col value.Value
		if nt == 0 {
			col = emptyLike(ip.wjApply(ag, []int{}))
		} else {
			col = value.NewList(results[k])
		}
		if j := colIndex(t, ag.name); j >= 0 {
			data[j] = col // t,' overwrites a column of the same name
		} else {
			names = append(names, ag.name)
			data = append(data, col)
		}
	}
	return rekey(value.NewTable(names, data), nk)
}

// wjApply applies an aggregation to its columns' items at rows (:: gives the items).
func (ip *Interp) wjApply(ag wjAgg, rows []int) value.Value {
	args := make([]value.Value, len(ag.cols))
	for k, col := range ag.cols {
		args[k] = gather(col, rows)
	}
	if p, ok := ag.f.(*value.Prim); ok && p.Name == "::" && len(args) == 1 {
		return args[0]
	}
	return ip.apply(ag.f, args)
}

// emptyLike is an empty column for results like r: typed for an atom, general
// otherwise.
func emptyLike(r value.Value) value.Value {
	if t := r.Type(); t < 0 && t >= -value.TTime {
		return value.Empty(-t)
	}
	return &value.List{Items: []value.Value{}}
}
