package eval

import (
	"math"
	"math/rand/v2"

	"github.com/gq-dev/gq/eval/value"
)

// Search primitives: ~ match, ? find / roll / deal, in, except, inter, union, distinct,
// group, cross, bin, binr.

// ---- match ----

// matchPrim implements x~y: 1b when x and y have the same type and value.
func matchPrim(x, y value.Value) value.Value { return value.Bool(match(x, y)) }

// match reports whether x and y are identical: same type, same items (floats within
// comparison tolerance, nulls equal); attributes are ignored.
func match(x, y value.Value) bool {
	if x.Type() != y.Type() {
		return false
	}
	switch a := x.(type) {
	case *value.Vec[byte]:
		return eqS(a.S, y.(*value.Vec[byte]).S)
	case *value.Vec[int16]:
		return eqS(a.S, y.(*value.Vec[int16]).S)
	case *value.Vec[int32]:
		return eqS(a.S, y.(*value.Vec[int32]).S)
	case *value.Vec[int64]:
		return eqS(a.S, y.(*value.Vec[int64]).S)
	case *value.Vec[string]:
		return eqS(a.S, y.(*value.Vec[string]).S)
	case *value.Vec[[16]byte]:
		return eqS(a.S, y.(*value.Vec[[16]byte]).S)
	case *value.Vec[float32]:
		b := y.(*value.Vec[float32]).S
		if len(a.S) != len(b) {
			return false
		}
		for i, e := range a.S {
			if !tolEq(float64(e), float64(b[i])) {
				return false
			}
		}
		return true
	case *value.Vec[float64]:
		b := y.(*value.Vec[float64]).S
		if len(a.S) != len(b) {
			return false
		}
		for i, e := range a.S {
			if !tolEq(e, b[i]) {
				return false
			}
		}
		return true
	case *value.EnumVec:
		b := y.(*value.EnumVec)
		return a.Domain == b.Domain && eqS(a.Idx, b.Idx)
	case *value.List:
		b := y.(*value.List)
		if len(a.Items) != len(b.Items) {
			return false
		}
		for i, e := range a.Items {
			if !match(e, b.Items[i]) {
				return false
			}
		}
		return true
	case *value.Dict:
		b := y.(*value.Dict)
		return match(a.K, b.K) && match(a.V, b.V)
	case *value.Table:
		b := y.(*value.Table)
		if !match(a.Cols, b.Cols) || len(a.Data) != len(b.Data) {
			return false
		}
		for i, c := range a.Data {
			if !match(c, b.Data[i]) {
				return false
			}
		}
		return true
	case value.Real:
		return tolEq(float64(a), float64(y.(value.Real)))
	case value.Float:
		return tolEq(float64(a), float64(y.(value.Float)))
	case value.Datetime:
		return tolEq(float64(a), float64(y.(value.Datetime)))
	case *value.Lambda:
		b := y.(*value.Lambda)
		return a == b || a.Src == b.Src
	case *value.Prim:
		b := y.(*value.Prim)
		return a.Name == b.Name
	case *value.Projection:
		b := y.(*value.Projection)
		if !match(a.Fn, b.Fn) || len(a.Args) != len(b.Args) {
			return false
		}
		for i, e := range a.Args {
			if (e == nil) != (b.Args[i] == nil) || e != nil && !match(e, b.Args[i]) {
				return false
			}
		}
		return true
	case *value.Composition:
		b := y.(*value.Composition)
		if len(a.Fns) != len(b.Fns) {
			return false
		}
		for i, e := range a.Fns {
			if !match(e, b.Fns[i]) {
				return false
			}
		}
		return true
	case *value.Derived:
		return match(a.Fn, y.(*value.Derived).Fn)
	case *value.Error:
		return a.Msg == y.(*value.Error).Msg
	}
	if value.IsAtom(x) {
		return x == y
	}
	return false
}

func eqS[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i, e := range a {
		if e != b[i] {
			return false
		}
	}
	return true
}

// ---- hashing ----

// numKeys returns the items of a numeric or temporal vector as int64 keys such that
// equal keys mean identical items (floats by bit pattern, NaN and -0 normalised).
func numKeys(x value.Value) ([]int64, bool) {
	switch v := x.(type) {
	case *value.Vec[int64]:
		return v.S, true
	case *value.Vec[int32]:
		return widen(v.S), true
	case *value.Vec[int16]:
		return widen(v.S), true
	case *value.Vec[byte]:
		return widen(v.S), true
	case *value.Vec[float64]:
		r := make([]int64, len(v.S))
		for i, f := range v.S {
			r[i] = floatKey(f)
		}
		return r, true
	case *value.Vec[float32]:
		r := make([]int64, len(v.S))
		for i, f := range v.S {
			r[i] = floatKey(float64(f))
		}
		return r, true
	case *value.EnumVec:
		return v.Idx, true
	}
	return nil, false
}

func widen[T byte | int16 | int32](s []T) []int64 {
	r := make([]int64, len(s))
	for i, e := range s {
		r[i] = int64(e)
	}
	return r
}

func floatKey(f float64) int64 {
	if f != f {
		return int64(0x7ff8000000000001)
	}
	if f == 0 {
		return 0
	}
	return int64(math.Float64bits(f))
}

// i64table is an open-addressing hash table from int64 keys to first positions. Key
// and position share a slot so a probe touches one cache line.
type i64table struct {
	slots []i64slot
	mask  uint64
	count int
}

type i64slot struct {
	k int64
	p int32 // -1 marks an empty slot
}

func newI64table(n int) *i64table {
	c := 16
	for c < 2*n {
		c <<= 1
	}
	t := &i64table{slots: make([]i64slot, c), mask: uint64(c - 1)}
	for i := range t.slots {
		t.slots[i].p = -1
	}
	return t
}

func hash64(k int64) uint64 {
	h := uint64(k) * 0x9E3779B97F4A7C15
	return h ^ (h >> 29)
}

// insert records k at position p unless k is present; it returns k's position.
func (t *i64table) insert(k int64, p int32) int32 {
	i := hash64(k) & t.mask
	for {
		sl := &t.slots[i]
		if sl.p < 0 {
			sl.k, sl.p = k, p
			if t.count++; 2*t.count > len(t.slots) {
				t.grow()
			}
			return p
		}
		if sl.k == k {
			return sl.p
		}
		i = (i + 1) & t.mask
	}
}

// grow doubles the table, keeping it at most half full.
func (t *i64table) grow() {
	old := t.slots
	c := 2 * len(old)
	t.slots, t.mask = make([]i64slot, c), uint64(c-1)
	for i := range t.slots {
		t.slots[i].p = -1
	}
	for _, sl := range old {
		if sl.p >= 0 {
			i := hash64(sl.k) & t.mask
			for t.slots[i].p >= 0 {
				i = (i + 1) & t.mask
			}
			t.slots[i] = sl
		}
	}
}

// get returns k's position or -1.
func (t *i64table) get(k int64) int32 {
	i := hash64(k) & t.mask
	for {
		sl := &t.slots[i]
		if sl.p < 0 || sl.k == k {
			return sl.p
		}
		i = (i + 1) & t.mask
	}
}

// findScan is findKeys for a few ys: a linear scan of xs for each.
func findScan[K comparable](xs, ys []K) []int {
	r := make([]int, len(ys))
	nx := len(xs)
	for i, y := range ys {
		r[i] = nx
		for j, x := range xs {
			if x == y {
				r[i] = j
				break
			}
		}
	}
	return r
}

// findKeys returns, for each key of ys, the position of its first occurrence in xs,
// or len(xs). It hashes the smaller side: with few ys it scans xs once and stops when
// every y is found.
func findKeys[K comparable](xs, ys []K, mk func(n int) hashTable[K]) []int {
	if len(ys) <= 4 {
		return findScan(xs, ys)
	}
	r := make([]int, len(ys))
	nx := len(xs)
	if len(ys) < nx/4 {
		t := mk(len(ys))
		slot := make([]int32, len(ys))
		for i, y := range ys {
			slot[i] = t.insert(y, int32(i))
		}
		firstAt := make([]int, len(ys)) // by distinct y (its first position)
		for i := range firstAt {
			firstAt[i] = nx
		}
		left := t.size()
		for j, x := range xs {
			if p := t.get(x); p >= 0 && firstAt[p] == nx {
				firstAt[p] = j
				if left--; left == 0 {
					break
				}
			}
		}
		for i := range r {
			r[i] = firstAt[slot[i]]
		}
		return r
	}
	t := mk(nx)
	for j, x := range xs {
		t.insert(x, int32(j))
	}
	for i, y := range ys {
		if p := t.get(y); p >= 0 {
			r[i] = int(p)
		} else {
			r[i] = nx
		}
	}
	return r
}

// findKeysI64 is findKeys for int64 keys with the open-addressing table called
// directly (no interface dispatch in the loops).
func findKeysI64(xs, ys []int64) []int {
	if len(ys) <= 4 {
		return findScan(xs, ys)
	}
	r := make([]int, len(ys))
	nx := len(xs)
	if len(ys) < nx/4 {
		t := newI64table(len(ys))
		slot := make([]int32, len(ys))
		for i, y := range ys {
			slot[i] = t.insert(y, int32(i))
		}
		firstAt := make([]int, len(ys))
		for i := range firstAt {
			firstAt[i] = nx
		}
		left := t.count
		slots, mask := t.slots, t.mask
	scan:
		for j, x := range xs {
			i := hash64(x) & mask
			for {
				q := slots[i].p
				if q < 0 {
					break
				}
				if slots[i].k == x {
					if firstAt[q] == nx {
						firstAt[q] = j
						if left--; left == 0 {
							break scan
						}
					}
					break
				}
				i = (i + 1) & mask
			}
		}
		for i := range r {
			r[i] = firstAt[slot[i]]
		}
		return r
	}
	t := newI64table(nx)
	for j := nx - 1; j >= 0; j-- {
		t.set(xs[j], int32(j))
	}
	for i, y := range ys {
		if p := t.get(y); p >= 0 {
			r[i] = int(p)
		} else {
			r[i] = nx
		}
	}
	return r
}

// set records k at position p, replacing any earlier position.
func (t *i64table) set(k int64, p int32) {
	i := hash64(k) & t.mask
	for {
		sl := &t.slots[i]
		if sl.p < 0 {
			sl.k, sl.p = k, p
			if t.count++; 2*t.count > len(t.slots) {
				t.grow()
			}
			return
		}
		if sl.k == k {
			sl.p = p
			return
		}
		i = (i + 1) & t.mask
	}
}

// hashTable is the common interface of the int64 table and map-based tables.
type hashTable[K comparable] interface {
	insert(k K, p int32) int32
	get(k K) int32
	size() int
}

func (t *i64table) size() int { return t.count }

type mapTable[K comparable] map[K]int32

func (m mapTable[K]) insert(k K, p int32) int32 {
	if q, ok := m[k]; ok {
		return q
	}
	m[k] = p
	return p
}

func (m mapTable[K]) get(k K) int32 {
	if q, ok := m[k]; ok {
		return q
	}
	return -1
}

func (m mapTable[K]) size() int { return len(m) }

func mkI64(n int) hashTable[int64] { return newI64table(n) }
func mkMap[K comparable](n int) hashTable[K] {
	return mapTable[K](make(map[K]int32, n))
}

// hashValue hashes any value consistently with match (floats are hashed loosely so
// that tolerant matches collide: only by type and rounded magnitude).
func hashValue(v value.Value) uint64 {
	h := uint64(uint8(v.Type())) * 0x100000001B3
	mix := func(k uint64) { h = (h ^ k) * 0x9E3779B97F4A7C15; h ^= h >> 31 }
	switch a := v.(type) {
	case *value.List:
		for _, it := range a.Items {
			mix(hashValue(it))
		}
		return h
	case *value.Vec[string]:
		for _, s := range a.S {
			mix(strHash(s))
		}
		return h
	case *value.Vec[float64], *value.Vec[float32]:
		mix(uint64(value.Len(v)))
		return h
	case *value.Dict:
		mix(hashValue(a.K))
		mix(hashValue(a.V))
		return h
	case *value.Table:
		for _, c := range a.Data {
			mix(hashValue(c))
		}
		return h
	case value.Sym:
		mix(strHash(string(a)))
		return h
	case value.Float, value.Real, value.Datetime:
		return h
	}
	if ks, ok := numKeys(v); ok {
		for _, k := range ks {
			mix(uint64(k))
		}
		return h
	}
	switch a := v.(type) {
	case value.GUID:
		for _, b := range a {
			mix(uint64(b))
		}
		return h
	case *value.Vec[[16]byte]:
		for _, g := range a.S {
			for _, b := range g {
				mix(uint64(b))
			}
		}
		return h
	}
	if value.IsAtom(v) {
		if k, ok := atomKey(v); ok {
			mix(uint64(k))
		}
	}
	return h
}

func strHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// atomKey returns an integral key for an integral or temporal atom.
func atomKey(v value.Value) (int64, bool) {
	switch a := v.(type) {
	case value.Bool:
		if a {
			return 1, true
		}
		return 0, true
	case value.Byte:
		return int64(a), true
	case value.Char:
		return int64(a), true
	case value.Short:
		return int64(a), true
	case value.Int, value.Month, value.Date, value.Minute, value.Second, value.Time:
		return int64(value.Int32Of(a)), true
	case value.Long, value.Timestamp, value.Timespan:
		return value.Int64Of(a), true
	case value.EnumAtom:
		return a.Idx, true
	}
	return 0, false
}

// genTable finds items of general lists by hash, confirming with match.
type genTable struct {
	m     map[uint64][]int32
	items []value.Value
}

func newGenTable(items []value.Value) *genTable {
	t := &genTable{m: make(map[uint64][]int32, len(items)), items: items}
	for i, it := range items {
		h := hashValue(it)
		found := false
		for _, p := range t.m[h] {
			if match(items[p], it) {
				found = true
				break
			}
		}
		if !found {
			t.m[h] = append(t.m[h], int32(i))
		}
	}
	return t
}

func (t *genTable) get(v value.Value) int {
	for _, p := range t.m[hashValue(v)] {
		if match(t.items[p], v) {
			return int(p)
		}
	}
	return -1
}

// findIdx returns, for each item of list y, the index of its first occurrence among
// the items of list x, or count x. Tables are searched row by row.
func findIdx(x, y value.Value) []int {
	if xt, ok := x.(*value.Table); ok {
		return findRows(xt, y)
	}
	if x.Type() == y.Type() && x.Type() > 0 {
		switch a := x.(type) {
		case *value.Vec[string]:
			return findKeys(a.S, y.(*value.Vec[string]).S, mkMap[string])
		case *value.Vec[[16]byte]:
			return findKeys(a.S, y.(*value.Vec[[16]byte]).S, mkMap[[16]byte])
		case *value.EnumVec:
			if a.Domain != y.(*value.EnumVec).Domain {
				break
			}
			return findKeysI64(a.Idx, y.(*value.EnumVec).Idx)
		default:
			// numeric and temporal: exact match on normalised keys (find ignores
			// comparison tolerance)
			if xk, ok := numKeys(x); ok {
				yk, _ := numKeys(y)
				return findKeysI64(xk, yk)
			}
		}
	}
	xi, yi := value.Items(x), value.Items(y)
	r := make([]int, len(yi))
	if len(yi) <= 4 {
		for i, v := range yi {
			r[i] = len(xi)
			for j, e := range xi {
				if match(e, v) {
					r[i] = j
					break
				}
			}
		}
		return r
	}
	t := newGenTable(xi)
	for i, v := range yi {
		if p := t.get(v); p >= 0 {
			r[i] = p
		} else {
			r[i] = len(xi)
		}
	}
	return r
}

// findRows finds rows of y (a table, or a record) among the rows of table x.
func findRows(x *value.Table, y value.Value) []int {
	n := value.Len(x)
	rowOf := func(t *value.Table, i int) value.Value {
		r := make([]value.Value, len(t.Data))
		for k, c := range t.Data {
			r[k] = value.At(c, i)
		}
		return value.NewList(r)
	}
	xrows := make([]value.Value, n)
	for i := range xrows {
		xrows[i] = rowOf(x, i)
	}
	var yrows []value.Value
	switch b := y.(type) {
	case *value.Table:
		yrows = make([]value.Value, value.Len(b))
		cols := make([]value.Value, len(x.Cols.S))
		for k, c := range x.Cols.S {
			cols[k] = b.Col(c)
			if cols[k] == nil {
				errMismatch()
			}
		}
		yt := &value.Table{Cols: x.Cols, Data: cols}
		for i := range yrows {
			yrows[i] = rowOf(yt, i)
		}
	case *value.Dict:
		yrows = []value.Value{b.V}
	default:
		yrows = []value.Value{y}
	}
	return findIdx(&value.List{Items: xrows}, &value.List{Items: yrows})
}

// ---- find ----

// findOrRoll implements binary ?: x?y finds y in list x; with an int atom left and
// a non-list right it is roll (3?10) or deal (-3?10); 0N?x permutes.
func findOrRoll(ip *Interp, x, y value.Value) value.Value {
	if n, ok := intAtom(x); ok {
		return roll(ip.rng, n, y)
	}
	if value.IsAtom(x) {
		errType()
	}
	return find(x, y)
}

// findEnum is binary ? where a symbol on the left enumerates y against (and extends)
// the symbol vector it names: `sym?`a`b.
func findEnum(ip *Interp, x, y value.Value) value.Value {
	if s, ok := x.(value.Sym); ok {
		return enumExtend(ip, string(s), y)
	}
	// enumerations are searched by their symbols: sp?(`s1;`p4;200)
	switch a := x.(type) {
	case *value.EnumVec:
		if ye, ok := y.(*value.EnumVec); !ok || ye.Domain != a.Domain {
			x, _ = enumView(ip, x)
		}
	case *value.Table:
		x = resolveEnumCols(ip, a)
	case *value.Dict:
		if kt, ok := a.V.(*value.Table); ok {
			x = &value.Dict{K: a.K, V: resolveEnumCols(ip, kt)}
		}
	}
	if isEnum(y) {
		y, _ = enumView(ip, y)
	}
	return findOrRoll(ip, x, y)
}

// resolveEnumCols returns t with enumerated columns replaced by their symbols.
func resolveEnumCols(ip *Interp, t *value.Table) *value.Table {
	var data []value.Value
	for i, c := range t.Data {
		if _, ok := c.(*value.EnumVec); ok {
			if data == nil {
				data = append([]value.Value(nil), t.Data...)
			}
			data[i], _ = enumView(ip, c)
		}
	}
	if data == nil {
		return t
	}
	return &value.Table{Cols: t.Cols, Data: data}
}

// find implements x?y: the index of the first occurrence of y in x (count x if none);
// for a list y, of each item. A dictionary finds a key by value; a table a row.
func find(x, y value.Value) value.Value {
	switch a := x.(type) {
	case *value.Dict:
		if value.IsKeyed(a) {
			// reverse lookup: the keys of the rows whose values are y
			vt := a.V.(*value.Table)
			idx := findRows(vt, y)
			k := gather(a.K, idx)
			if _, isT := y.(*value.Table); isT {
				return k
			}
			return first(k)
		}
		return keysAt(a.K, find(a.V, y))
	case *value.Table:
		idx := findRows(a, y)
		if _, isT := y.(*value.Table); isT {
			return intsToLongs(idx)
		}
		return value.Long(idx[0])
	case *value.List:
		// items of a general list are matched with y whole, unless y is a general list
		if yl, ok := y.(*value.List); ok {
			return intsToLongs(findIdx(x, yl))
		}
		return value.Long(findIdx(x, &value.List{Items: []value.Value{y}})[0])
	}
	if !isList(x) {
		errType()
	}
	return findIn(x, y)
}

// keysAt maps the find result r (an index, or a list of them to any depth) to keys.
func keysAt(keys, r value.Value) value.Value {
	switch v := r.(type) {
	case value.Long:
		return keyAt(keys, int(v))
	case *value.Vec[int64]:
		return gatherKeys(keys, v)
	case *value.List:
		out := make([]value.Value, len(v.Items))
		for i, it := range v.Items {
			out[i] = keysAt(keys, it)
		}
		return value.NewList(out)
	}
	return r
}

// keyAt is item i of keys, or the null of its type when i is past the end.
func keyAt(keys value.Value, i int) value.Value {
	if i >= 0 && i < value.Len(keys) {
		return value.At(keys, i)
	}
	if l, ok := keys.(*value.List); ok {
		return listNull(l.Items)
	}
	if t, ok := keys.(*value.Table); ok { // a row past the end: each column's null
		vals := make([]value.Value, len(t.Data))
		for k, c := range t.Data {
			vals[k] = itemNull(c)
		}
		return &value.Dict{K: t.Cols, V: value.NewList(vals)}
	}
	if n := value.Null(keys.Type()); n != nil {
		return n
	}
	return nullVal
}

// findIn finds y, an atom or list of atoms of x's type (nested to any depth), in the
// vector x.
func findIn(x, y value.Value) value.Value {
	xt := x.Type()
	if t := y.Type(); t == -xt {
		return value.Long(findIdx(x, enlist(y))[0])
	} else if t == xt {
		return intsToLongs(findIdx(x, y))
	}
	if l, ok := y.(*value.List); ok {
		r := make([]value.Value, len(l.Items))
		for i, it := range l.Items {
			r[i] = findIn(x, it)
		}
		return value.NewList(r)
	}
	errType()
	return nil
}

func intsToLongs(idx []int) value.Value {
	r := make([]int64, len(idx))
	for i, e := range idx {
		r[i] = int64(e)
	}
	return value.Longs(r)
}

// ---- roll, deal, permute ----

// seededRng is the random source of roll, deal and rand for the seed given by \S (a
// fixed one at startup, as kdb+ starts with -314159, deal.md): each seed its own
// stream, -314159 the one gq always had.
func seededRng(seed int32) *rand.Rand {
	return rand.New(rand.NewPCG(0x5eed+uint64(int64(seed)+314159), 0x9e3779b97f4a7c15))
}

// roll implements n?y (n picks with replacement), -n?y (deal: distinct picks) and
// 0N?y (a permutation), drawing from rng, the thread's.
func roll(rng *rand.Rand, n int64, y value.Value) value.Value {
	if n == value.NullLong {
		if m, ok := intAtom(y); ok {
			checkItems(m, 16)
			return gather(til(value.Long(m)), rng.Perm(int(m)))
		}
		return gather(y, rng.Perm(value.Len(y)))
	}
	deal := n < 0
	if deal {
		n = -n
	}
	checkItems(n, 8)
	if isList(y) {
		m := value.Len(y)
		idx := pickIdx(rng, int(n), m, deal)
		return gather(y, idx)
	}
	switch a := y.(type) {
	case value.Long, value.Int, value.Short:
		m, _ := intAtom(a)
		if m == 0 {
			if deal {
				errNyi()
			}
			if _, isInt := a.(value.Int); isInt {
				r := make([]int32, n)
				for i := range r {
					r[i] = int32(rng.Uint32())
				}
				return value.Ints(r)
			}
			r := make([]int64, n)
			for i := range r {
				r[i] = int64(rng.Uint64())
			}
			return value.Longs(r)
		}
		if m < 0 {
			errDomain()
		}
		idx := pickIdx(rng, int(n), int(m), deal)
		r := make([]int64, n)
		for i, e := range idx {
			r[i] = int64(e)
		}
		switch a.(type) {
		case value.Int:
			return value.Ints(narrow32(r))
		case value.Short:
			s := make([]int16, n)
			for i, e := range r {
				s[i] = int16(e)
			}
			return value.Shorts(s)
		}
		return value.Longs(r)
	case value.Float:
		if deal {
			errType()
		}
		r := make([]float64, n)
		for i := range r {
			r[i] = rng.Float64() * float64(a)
		}
		return value.Floats(r)
	case value.Real:
		// 3?100e rolls reals in [0,100) (docs/ref/deal.md: x?y for a float or real y)
		if deal {
			errType()
		}
		r := make([]float32, n)
		for i := range r {
			for {
				// rounding to float32 may reach a itself; roll again then
				if r[i] = float32(rng.Float64()) * float32(a); r[i] < float32(a) || a <= 0 {
					break
				}
			}
		}
		return value.NewVec(value.TReal, r)
	case value.Bool:
		if deal {
			errType()
		}
		r := make([]byte, n)
		for i := range r {
			r[i] = byte(rng.IntN(2))
		}
		return value.Bools(r)
	case value.Char:
		if deal {
			errType()
		}
		r := make([]byte, n)
		for i := range r {
			r[i] = byte('a' + rng.IntN(26))
		}
		return value.Chars(r)
	case value.Byte:
		r := make([]byte, n)
		for i := range r {
			r[i] = byte(rng.IntN(256))
		}
		return value.Bytes(r)
	case value.GUID:
		r := make([][16]byte, n)
		for i := range r {
			for k := range r[i] {
				r[i][k] = byte(rng.IntN(256))
			}
		}
		return value.GUIDs(r)
	case value.Sym:
		k := 0
		for _, c := range string(a) {
			if c < '0' || c > '9' {
				errType()
			}
			k = k*10 + int(c-'0')
		}
		if k < 1 || k > 8 {
			errDomain()
		}
		r := make([]string, n)
		for i := range r {
			b := make([]byte, k)
			for j := range b {
				b[j] = byte('a' + rng.IntN(16))
			}
			r[i] = string(b)
		}
		return value.Syms(r)
	}
	if value.IsAtom(y) {
		t := -y.Type()
		switch v := y.(type) {
		case value.Month, value.Date, value.Minute, value.Second, value.Time:
			m := int64(value.Int32Of(v))
			r := make([]int32, n)
			for i := range r {
				r[i] = int32(rng.Int64N(max(m, 1)))
			}
			return value.NewVec(t, r)
		case value.Timestamp, value.Timespan:
			m := value.Int64Of(v)
			r := make([]int64, n)
			for i := range r {
				r[i] = rng.Int64N(max(m, 1))
			}
			return value.NewVec(t, r)
		}
	}
	errType()
	return nil
}

func narrow32(s []int64) []int32 {
	r := make([]int32, len(s))
	for i, e := range s {
		r[i] = int32(e)
	}
	return r
}

// randOne implements rand x: one random item of a list, or first 1?x for an atom.
func randOne(ip *Interp, x value.Value) value.Value {
	if isList(x) {
		n := value.Len(x)
		if n == 0 {
			return first(x)
		}
		return value.At(x, ip.rng.IntN(n))
	}
	return first(roll(ip.rng, 1, x))
}

// pickIdx returns n indexes below m, distinct when deal.
func pickIdx(rng *rand.Rand, n, m int, deal bool) []int {
	if deal {
		if n > m {
			errLength()
		}
		p := rng.Perm(m)
		return p[:n]
	}
	idx := make([]int, n)
	if m == 0 {
		for i := range idx {
			idx[i] = -1
		}
		return idx
	}
	for i := range idx {
		idx[i] = rng.IntN(m)
	}
	return idx
}

// ---- distinct, in, except, inter, union ----

// distinct implements distinct x and unary ?: the unique items of x in order of first
// occurrence: distinct 2 3 7 3 5 is 2 3 7 5.
func distinct(x value.Value) value.Value {
	if t, ok := x.(*value.Table); ok {
		return gather(t, firstOccurrences(t))
	}
	if d, ok := x.(*value.Dict); ok {
		return distinct(d.V)
	}
	if !isList(x) {
		errType()
	}
	if attrOf(x) == value.AttrU {
		return x
	}
	var pos []int
	switch v := x.(type) {
	case *value.Vec[int64]:
		pos = firstDense(v.S)
	case *value.Vec[int32]:
		pos = firstDense(v.S)
	case *value.Vec[int16]:
		pos = firstDense(v.S)
	}
	if pos == nil {
		pos = firstOccurrences(x)
	}
	return gather(x, pos)
}

// firstDense is firstOccurrences for integers within a small range: one pass over a
// table of the values seen; nil when the range is too wide for the count.
func firstDense[T int16 | int32 | int64](s []T) []int {
	if len(s) < 16 {
		return nil
	}
	lo, span := intRange(s)
	if span >= 1<<20 || span > uint64(len(s)) {
		return nil
	}
	seen := make([]bool, span+1)
	var pos []int
	for i, x := range s {
		if d := uint64(int64(x)) - uint64(int64(lo)); !seen[d] {
			seen[d] = true
			pos = append(pos, i)
		}
	}
	return pos
}

// firstOccurrences returns the positions of the first occurrence of each distinct item.
func firstOccurrences(x value.Value) []int {
	ng, idx := groupIdx(x)
	r := make([]int, 0, ng)
	for i, g := range idx {
		if g == int32(len(r)) {
			r = append(r, i)
		}
	}
	return r
}

// groupIdx numbers the distinct items of x by first occurrence: it returns their
// count and, for each item, its group number.
func groupIdx(x value.Value) (int, []int32) {
	if t, ok := x.(*value.Table); ok {
		n := value.Len(t)
		rows := make([]value.Value, n)
		for i := range rows {
			r := make([]value.Value, len(t.Data))
			for k, c := range t.Data {
				r[k] = value.At(c, i)
			}
			rows[i] = value.NewList(r)
		}
		return groupIdx(&value.List{Items: rows})
	}
	switch a := x.(type) {
	case *value.Vec[string]:
		return groupKeys(a.S, mkMap[string])
	case *value.Vec[[16]byte]:
		return groupKeys(a.S, mkMap[[16]byte])
	case *value.Vec[byte]:
		// direct table for bytes
		var seen [256]int32
		for i := range seen {
			seen[i] = -1
		}
		g := make([]int32, len(a.S))
		n := int32(0)
		for i, b := range a.S {
			if seen[b] < 0 {
				seen[b] = n
				n++
			}
			g[i] = seen[b]
		}
		return int(n), g
	}
	switch a := x.(type) {
	case *value.Vec[int64]:
		if n, g, ok := groupDense(a.S); ok {
			return n, g
		}
	case *value.Vec[int32]:
		if n, g, ok := groupDense(a.S); ok {
			return n, g
		}
	case *value.Vec[int16]:
		if n, g, ok := groupDense(a.S); ok {
			return n, g
		}
	}
	if k, ok := numKeys(x); ok {
		return groupKeys(k, mkI64)
	}
	items := value.Items(x)
	g := make([]int32, len(items))
	m := map[uint64][]int32{} // hash -> group numbers
	reps := []value.Value{}
	for i, it := range items {
		h := hashValue(it)
		found := int32(-1)
		for _, q := range m[h] {
			if match(reps[q], it) {
				found = q
				break
			}
		}
		if found < 0 {
			found = int32(len(reps))
			reps = append(reps, it)
			m[h] = append(m[h], found)
		}
		g[i] = found
	}
	return len(reps), g
}

// intRange is the least and greatest of s and the distance between them, as
// unsigned (two's complement differences are right modulo 2^64 even when the
// signed one would overflow).
func intRange[T int16 | int32 | int64](s []T) (lo T, span uint64) {
	lo, hi := s[0], s[0]
	for _, x := range s {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, uint64(int64(hi)) - uint64(int64(lo))
}

// groupDense is groupIdx for integers within a small range (distinct, group and by
// over codes, small ids, flags): a direct table by value instead of hashing. ok is
// false when the range is too wide for the count.
func groupDense[T int16 | int32 | int64](s []T) (int, []int32, bool) {
	if len(s) < 16 {
		return 0, nil, false
	}
	lo, span := intRange(s)
	if span >= 1<<20 || span > uint64(len(s)) {
		return 0, nil, false
	}
	tab := make([]int32, span+1) // id+1 of each value seen, 0 for none yet
	g := make([]int32, len(s))
	n := int32(0)
	for i, x := range s {
		d := uint64(int64(x)) - uint64(int64(lo))
		id := tab[d]
		if id == 0 {
			n++
			id = n
			tab[d] = id
		}
		g[i] = id - 1
	}
	return int(n), g, true
}

// inInts is x in y for integer vectors of one type: a few compares an item for a
// short y, a bitmap over y's range when it is small; nil when neither fits.
func inInts[T int16 | int32 | int64](xs, ys []T) []byte {
	if len(ys) == 0 {
		return nil
	}
	r := make([]byte, len(xs))
	if len(ys) <= 4 {
		y0, y1, y2, y3 := ys[0], ys[min(1, len(ys)-1)], ys[min(2, len(ys)-1)], ys[len(ys)-1]
		for i, x := range xs {
			r[i] = b2u(x == y0) | b2u(x == y1) | b2u(x == y2) | b2u(x == y3)
		}
		return r
	}
	lo, span := intRange(ys)
	if span >= 1<<22 || span/64 > uint64(len(xs)+len(ys)) {
		return nil
	}
	bm := make([]uint64, span/64+1)
	for _, y := range ys {
		d := uint64(int64(y)) - uint64(int64(lo))
		bm[d/64] |= 1 << (d % 64)
	}
	for i, x := range xs {
		if d := uint64(int64(x)) - uint64(int64(lo)); d <= span {
			r[i] = byte(bm[d/64] >> (d % 64) & 1)
		}
	}
	return r
}

func groupKeys[K comparable](s []K, mk func(n int) hashTable[K]) (int, []int32) {
	t := mk(min(len(s), 1<<16))
	g := make([]int32, len(s))
	n := int32(0)
	for i, e := range s {
		p := t.insert(e, n)
		if p == n {
			n++
		}
		g[i] = p
	}
	return int(n), g
}

// in implements x in y: whether x (each atom of x) is an item of y. With y a general
// list whose items are lists, x is looked up whole and the result is one boolean, as
// kdb+ does: 1 2 in (1 2;9) is 1b.
func in(x, y value.Value) value.Value {
	if xt, ok := x.(*value.Table); ok {
		if _, ok := y.(*value.Table); !ok {
			errType()
		}
		return foundMask(findIdx(y, xt), value.Len(y))
	}
	if d, ok := y.(*value.Dict); ok {
		y = d.V
	}
	if yl, ok := y.(*value.List); ok {
		n := len(yl.Items)
		if n > 0 && !value.IsAtom(yl.Items[0]) {
			// y holds lists (rank 1 objects): an atom is never one of them
			if value.IsAtom(x) {
				return value.Bool(false)
			}
			return value.Bool(findIdx(y, &value.List{Items: []value.Value{x}})[0] < n)
		}
		return inAtoms(x, y, func(v value.Value) bool {
			return findIdx(y, &value.List{Items: []value.Value{v}})[0] < n
		})
	}
	if value.IsAtom(y) {
		y = enlist(y)
	}
	if !isList(y) {
		errType()
	}
	n := value.Len(y)
	yt := y.Type()
	// same type: one hashed search of all of x
	if x.Type() == yt {
		var r []byte
		switch xv := x.(type) {
		case *value.Vec[int64]:
			r = inInts(xv.S, y.(*value.Vec[int64]).S)
		case *value.Vec[int32]:
			r = inInts(xv.S, y.(*value.Vec[int32]).S)
		case *value.Vec[int16]:
			r = inInts(xv.S, y.(*value.Vec[int16]).S)
		}
		if r != nil {
			return value.Bools(r)
		}
		return foundMask(findIdx(y, x), n)
	}
	if x.Type() == -yt {
		return value.Bool(findIdx(y, enlist(x))[0] < n)
	}
	if _, ok := x.(*value.List); ok {
		return inAtoms(x, y, func(v value.Value) bool {
			return value.Bool(true) == in(v, y)
		})
	}
	// mixed numeric types are allowed against one item only: 1 2. in 2 is 01b
	if n == 1 {
		if k, ok := numAtom(value.At(y, 0)); ok {
			return inAtoms(x, y, func(v value.Value) bool {
				f, ok := numAtom(v)
				if !ok {
					errType()
				}
				return f == k
			})
		}
	}
	errType()
	return nil
}

// inAtoms applies f to x if it is an atom, else to each atom of x, keeping x's shape.
func inAtoms(x, y value.Value, f func(v value.Value) bool) value.Value {
	if value.IsAtom(x) {
		return value.Bool(f(x))
	}
	if !isList(x) {
		errType()
	}
	if l, ok := x.(*value.List); ok {
		r := make([]value.Value, len(l.Items))
		for i, it := range l.Items {
			r[i] = inAtoms(it, y, f)
		}
		return value.NewList(r)
	}
	n := value.Len(x)
	r := make([]byte, n)
	for i := range r {
		if f(value.At(x, i)) {
			r[i] = 1
		}
	}
	return value.Bools(r)
}

// foundMask turns find positions into a boolean list: found (below n) or not.
func foundMask(idx []int, n int) value.Value {
	r := make([]byte, len(idx))
	for i, j := range idx {
		if j < n {
			r[i] = 1
		}
	}
	return value.Bools(r)
}

// numAtom returns a numeric atom's value as a float.
func numAtom(v value.Value) (float64, bool) {
	switch a := v.(type) {
	case value.Bool:
		if a {
			return 1, true
		}
		return 0, true
	case value.Byte:
		return float64(a), true
	case value.Short:
		return float64(a), true
	case value.Int:
		return float64(a), true
	case value.Long:
		return float64(a), true
	case value.Real:
		return float64(a), true
	case value.Float:
		return float64(a), true
	}
	return 0, false
}

// except implements x except y: the items of x not in y: 1 2 3 4 except 2 3 is 1 4.
func except(x, y value.Value) value.Value {
	if d, ok := x.(*value.Dict); ok {
		return except(d.V, y)
	}
	return itemsIn(x, y, false)
}

// inter implements x inter y: the items of x also in y.
func inter(x, y value.Value) value.Value {
	if d, ok := x.(*value.Dict); ok {
		x = d.V
	}
	if d, ok := y.(*value.Dict); ok {
		y = d.V
	}
	return itemsIn(x, y, true)
}

// itemsIn keeps the items of x that are in y (not in y when in is false): the common
// part of inter and except.
func itemsIn(x, y value.Value, in bool) value.Value {
	if value.IsAtom(x) {
		x = enlist(x)
	}
	if !isList(y) && y.Type() != value.TTable {
		y = enlist(y)
	}
	idx := findIdx(y, x)
	n := value.Len(y)
	keep := make([]int, 0, len(idx))
	for i, j := range idx {
		if (j < n) == in {
			keep = append(keep, i)
		}
	}
	return gather(stripAttr(x), keep)
}

// union implements x union y: distinct x,y.
func union(x, y value.Value) value.Value {
	return distinct(join(x, y))
}

// ---- group ----

// group implements group x and unary =: a dictionary from each distinct item to the
// indexes where it occurs: group "abab" is "ab"!(0 2;1 3).
func group(x value.Value) value.Value {
	if d, ok := x.(*value.Dict); ok {
		if _, ok := d.V.(*value.Dict); ok || value.IsAtom(d.K) {
			errType() // `a!d: an atom key, or values that are no list to group
		}
		g := group(d.V).(*value.Dict)
		vals := g.V.(*value.List)
		r := make([]value.Value, len(vals.Items))
		for i, v := range vals.Items {
			r[i] = gatherKeys(d.K, v)
		}
		return &value.Dict{K: g.K, V: &value.List{Items: r}}
	}
	if !isList(x) {
		if _, isT := x.(*value.Table); !isT {
			errType()
		}
	}
	n, g := groupIdx(x)
	counts := make([]int, n)
	for _, e := range g {
		counts[e]++
	}
	firsts := make([]int, n)
	lists := make([][]int64, n)
	for i := range lists {
		lists[i] = make([]int64, 0, counts[i])
	}
	for i, e := range g {
		if len(lists[e]) == 0 {
			firsts[e] = i
		}
		lists[e] = append(lists[e], int64(i))
	}
	vals := make([]value.Value, n)
	for i, l := range lists {
		vals[i] = value.Longs(l)
	}
	return &value.Dict{K: gather(stripAttr(x), firsts), V: &value.List{Items: vals}}
}

// ---- cross ----

// cross implements x cross y: every pairing of an item of x with an item of y.
func cross(x, y value.Value) value.Value {
	if xt, ok := x.(*value.Table); ok {
		yt, ok := y.(*value.Table)
		if !ok {
			errType()
		}
		nx, ny := value.Len(xt), value.Len(yt)
		checkItems(mulItems(int64(nx), int64(ny)), 16)
		xi, yi := make([]int, nx*ny), make([]int, nx*ny)
		for i := 0; i < nx; i++ {
			for j := 0; j < ny; j++ {
				xi[i*ny+j], yi[i*ny+j] = i, j
			}
		}
		a, b := gather(xt, xi).(*value.Table), gather(yt, yi).(*value.Table)
		return &value.Table{Cols: value.Syms(cat(a.Cols.S, b.Cols.S)), Data: cat(a.Data, b.Data)}
	}
	if value.IsAtom(x) {
		x = enlist(x)
	}
	if value.IsAtom(y) {
		y = enlist(y)
	}
	nx, ny := value.Len(x), value.Len(y)
	checkItems(mulItems(int64(nx), int64(ny)), 16) // both index lists
	xi, yi := make([]int, nx*ny), make([]int, nx*ny)
	for i := 0; i < nx; i++ {
		for j := 0; j < ny; j++ {
			xi[i*ny+j], yi[i*ny+j] = i, j
		}
	}
	_, xl := x.(*value.List)
	_, yl := y.(*value.List)
	if !xl && !yl {
		// two simple lists: pairs
		a, b := gather(x, xi), gather(y, yi)
		return flip(&value.List{Items: []value.Value{a, b}})
	}
	// items are joined: (cross/)(2 3;10;"abc") has rows like (2;10;"a")
	r := make([]value.Value, nx*ny)
	for k := range r {
		r[k] = join(value.At(x, xi[k]), value.At(y, yi[k]))
	}
	return value.NewList(r)
}

// ---- bin, binr ----

// bin implements x bin y: for sorted x, the index of the last item <= y (-1 if none).
func bin(x, y value.Value) value.Value { return binSearch(x, y, false) }

// binr implements x binr y: the index of the first item >= y (count x if none).
func binr(x, y value.Value) value.Value { return binSearch(x, y, true) }

func binSearch(x, y value.Value, right bool) value.Value {
	if d, ok := x.(*value.Dict); ok {
		// bin.md: (`a`b`c!0 2 4) bin -1 3 is ``b, searching the sorted values
		if _, keyed := d.K.(*value.Table); !keyed {
			return keysAt(d.K, binSearch(d.V, y, right))
		}
	}
	if !isList(x) {
		errType()
	}
	if r, ok := binFast(x, y, right); ok {
		return r
	}
	if isList(y) && (y.Type() == x.Type() || y.Type() == value.TList && x.Type() != value.TList) {
		n := value.Len(y)
		r := make([]int64, n)
		for i := 0; i < n; i++ {
			r[i] = binOne(x, value.At(y, i), right)
		}
		return value.Longs(r)
	}
	if x.Type() != value.TList && y.Type() != -x.Type() {
		errType()
	}
	return value.Long(binOne(x, y, right))
}

// binTyped searches the sorted vector xs for each of ys: the index of the last item
// <= y (bin) or the first item >= y (binr).
func binTyped[T int64 | int32 | int16 | byte | string](xs, ys []T, right bool) []int64 {
	r := make([]int64, len(ys))
	for i, y := range ys {
		lo, hi := 0, len(xs)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if xs[m] < y || !right && xs[m] == y {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if right {
			r[i] = int64(lo)
		} else {
			r[i] = int64(lo - 1)
		}
	}
	return r
}

// binFast handles same-typed vectors (and atoms) without boxing; ok is false when it
// does not apply.
func binFast(x, y value.Value, right bool) (value.Value, bool) {
	ys := y
	atom := value.IsAtom(y)
	if atom {
		if y.Type() != -x.Type() {
			return nil, false
		}
		ys = enlist(y)
	} else if y.Type() != x.Type() {
		return nil, false
	}
	var r []int64
	switch a := x.(type) {
	case *value.Vec[int64]:
		r = binTyped(a.S, ys.(*value.Vec[int64]).S, right)
	case *value.Vec[int32]:
		r = binTyped(a.S, ys.(*value.Vec[int32]).S, right)
	case *value.Vec[int16]:
		r = binTyped(a.S, ys.(*value.Vec[int16]).S, right)
	case *value.Vec[string]:
		r = binTyped(a.S, ys.(*value.Vec[string]).S, right)
	case *value.Vec[byte]:
		r = binTyped(a.S, ys.(*value.Vec[byte]).S, right)
	case *value.Vec[float64]:
		// order keys put 0n first, as q's sort does
		xk, _ := orderKeys(a)
		yk, _ := orderKeys(ys)
		r = binTyped(u64s(xk), u64s(yk), right)
	default:
		return nil, false
	}
	if atom {
		return value.Long(r[0]), true
	}
	return value.Longs(r), true
}

// u64s views order keys as int64 for binTyped (flipping the top bit keeps order).
func u64s(k []uint64) []int64 {
	r := make([]int64, len(k))
	for i, e := range k {
		r[i] = int64(e ^ 1<<63)
	}
	return r
}

func binOne(x, y value.Value, right bool) int64 {
	n := value.Len(x)
	lo, hi := 0, n // first index with x[i] > y (bin) or >= y (binr)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		c := compareValues(value.At(x, m), y)
		if c < 0 || (!right && c == 0) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if right {
		return int64(lo)
	}
	return int64(lo - 1)
}
