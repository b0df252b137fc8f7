package eval

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"unsafe"

	"github.com/gq-dev/gq/eval/value"
)

// Sort primitives: asc, desc, iasc (unary <), idesc (unary >), rank, xrank.
// Integral, temporal and float vectors are sorted by an LSD radix sort over
// order-preserving uint64 keys (stable, so it also grades); symbols and general lists
// use comparison sorts.

// asc implements asc x: x sorted ascending with the sorted attribute: asc 3 1 2 is
// `s#1 2 3. A dictionary is sorted by its values; a table by its rows.
func asc(x value.Value) value.Value {
	switch v := x.(type) {
	case *value.Dict:
		idx := gradeOf(v.V, false)
		vals := gather(v.V, idx)
		if t, ok := vals.(*value.Table); ok {
			vals = markSorted(t)
		}
		return &value.Dict{K: gather(v.K, idx), V: vals}
	case *value.Table:
		return markSorted(gather(v, gradeOf(v, false)).(*value.Table))
	case *value.List:
		return gather(v, gradeOf(v, false))
	}
	if !isList(x) {
		errRank()
	}
	return withAttr(sortVec(x, false), value.AttrS)
}

// markSorted gives a sorted table's first column the sorted attribute when it is the
// only column, the parted one otherwise (as kdb+'s asc does).
func markSorted(t *value.Table) *value.Table {
	if len(t.Data) == 0 {
		return t
	}
	a := value.AttrP
	if len(t.Data) == 1 {
		a = value.AttrS
	}
	d := append([]value.Value(nil), t.Data...)
	d[0] = withAttr(d[0], a)
	return &value.Table{Cols: t.Cols, Data: d}
}

// desc implements desc x: x sorted descending (no attribute).
func desc(x value.Value) value.Value {
	switch v := x.(type) {
	case *value.Dict:
		idx := gradeOf(v.V, true)
		return &value.Dict{K: gather(v.K, idx), V: gather(v.V, idx)}
	case *value.Table:
		return gather(v, gradeOf(v, true))
	case *value.List:
		return gather(v, gradeOf(v, true))
	}
	if !isList(x) {
		errRank()
	}
	return sortVec(x, true)
}

// iasc implements iasc x and unary <: the indexes that sort x ascending (stable).
func iasc(x value.Value) value.Value { return gradeValue(x, false) }

// idesc implements idesc x and unary >: the indexes that sort x descending; equal
// items keep their order.
func idesc(x value.Value) value.Value { return gradeValue(x, true) }

func gradeValue(x value.Value, down bool) value.Value {
	if d, ok := x.(*value.Dict); ok {
		idx := gradeOf(d.V, down)
		return gather(d.K, idx)
	}
	if !isList(x) {
		if _, isT := x.(*value.Table); !isT {
			errRank()
		}
	}
	if keys, ok := orderKeys(x); ok {
		if down {
			for i, k := range keys {
				keys[i] = ^k
			}
		}
		g := radixGrade32(keys)
		r := make([]int64, len(g))
		for i, e := range g {
			r[i] = int64(e)
		}
		return value.Longs(r)
	}
	return intsToLongs(gradeOf(x, down))
}

// rank implements rank x: the position of each item in the sorted list (iasc iasc x).
func rank(x value.Value) value.Value {
	g := gradeOf(x, false)
	r := make([]int64, len(g))
	for i, j := range g {
		r[j] = int64(i)
	}
	return value.Longs(r)
}

// xrank implements x xrank y: y's items put into x buckets by rank: 4 xrank til 8 is
// 0 0 1 1 2 2 3 3.
func xrank(x, y value.Value) value.Value {
	n, ok := intAtom(x)
	if !ok {
		errType()
	}
	g := gradeOf(y, false)
	m := int64(len(g))
	r := make([]int64, m)
	for i, j := range g {
		r[j] = n * int64(i) / m
	}
	return value.Longs(r)
}

// ---- keys ----

// orderKeys maps a numeric, temporal, boolean, byte or char vector to uint64 keys in
// the same order as q sorts the items (nulls first).
func orderKeys(x value.Value) ([]uint64, bool) {
	switch v := x.(type) {
	case *value.Vec[int64]:
		r := make([]uint64, len(v.S))
		for i, e := range v.S {
			r[i] = uint64(e) ^ 1<<63
		}
		return r, true
	case *value.Vec[int32]:
		r := make([]uint64, len(v.S))
		for i, e := range v.S {
			r[i] = uint64(uint32(e) ^ 1<<31)
		}
		return r, true
	case *value.Vec[int16]:
		r := make([]uint64, len(v.S))
		for i, e := range v.S {
			r[i] = uint64(uint16(e) ^ 1<<15)
		}
		return r, true
	case *value.Vec[byte]:
		r := make([]uint64, len(v.S))
		for i, e := range v.S {
			r[i] = uint64(e)
		}
		return r, true
	case *value.Vec[float64]:
		r := make([]uint64, len(v.S))
		for i, e := range v.S {
			r[i] = floatOrder(e)
		}
		return r, true
	case *value.Vec[float32]:
		r := make([]uint64, len(v.S))
		for i, e := range v.S {
			r[i] = floatOrder(float64(e))
		}
		return r, true
	case *value.EnumVec:
		r := make([]uint64, len(v.Idx))
		for i, e := range v.Idx {
			r[i] = uint64(e) ^ 1<<63
		}
		return r, true
	}
	return nil, false
}

// floatOrder maps a float to an order-preserving key; NaN (0n) sorts first, -0 is 0.
func floatOrder(f float64) uint64 {
	if f != f {
		return 0
	}
	if f == 0 {
		f = 0
	}
	b := math.Float64bits(f)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// floatFromOrder inverts floatOrder (key 0 is 0n).
func floatFromOrder(k uint64) float64 {
	if k == 0 {
		return math.NaN()
	}
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// ---- radix sort ----

// The radix sorts use six 11-bit digits (the last one 9 bits): fewer passes than
// bytes, with counters that still fit in cache.
const (
	radixBits   = 11
	radixDigits = 6
	radixMask   = 1<<radixBits - 1
)

// radixHist counts each digit of each key; skip[d] is true when digit d is the same
// for every key (that pass would not move anything).
func radixHist(keys []uint64) (h *[radixDigits][1 << radixBits]int, skip [radixDigits]bool) {
	h = new([radixDigits][1 << radixBits]int)
	for _, k := range keys {
		h[0][k&radixMask]++
		h[1][k>>11&radixMask]++
		h[2][k>>22&radixMask]++
		h[3][k>>33&radixMask]++
		h[4][k>>44&radixMask]++
		h[5][k>>55]++
	}
	n := len(keys)
	for d := range h {
		for _, c := range h[d] {
			if c != 0 {
				skip[d] = c == n
				break
			}
		}
	}
	return
}

// radixOffsets sets off to the start of each bucket given the bucket counts c.
func radixOffsets(off, c *[1 << radixBits]int) {
	s := 0
	for b, n := range c {
		off[b] = s
		s += n
	}
}

// radixSortKeys sorts keys ascending in place.
func radixSortKeys(keys []uint64) {
	n := len(keys)
	if n < 64 {
		slices.Sort(keys)
		return
	}
	h, skip := radixHist(keys)
	buf := make([]uint64, n)
	src, dst := keys, buf
	var off [1 << radixBits]int
	for d := 0; d < radixDigits; d++ {
		if skip[d] {
			continue
		}
		radixOffsets(&off, &h[d])
		sh := uint(d * radixBits)
		for _, k := range src {
			b := k >> sh & radixMask
			dst[off[b]] = k
			off[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// radixGrade returns the stable ascending permutation of keys (it scrambles keys).
func radixGrade(keys []uint64) []int { return widenIdx(radixGrade32(keys)) }

// radixGrade32 is radixGrade with int32 indexes (half the memory traffic).
func radixGrade32(keys []uint64) []int32 {
	n := len(keys)
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	if n < 64 {
		slices.SortStableFunc(idx, func(a, b int32) int {
			ka, kb := keys[a], keys[b]
			if ka < kb {
				return -1
			}
			if ka > kb {
				return 1
			}
			return 0
		})
		return idx
	}
	h, skip := radixHist(keys)
	kbuf, ibuf := make([]uint64, n), make([]int32, n)
	ks, is, kd, id := keys, idx, kbuf, ibuf
	var off [1 << radixBits]int
	for d := 0; d < radixDigits; d++ {
		if skip[d] {
			continue
		}
		radixOffsets(&off, &h[d])
		sh := uint(d * radixBits)
		for i, k := range ks {
			b := k >> sh & radixMask
			o := off[b]
			kd[o], id[o] = k, is[i]
			off[b] = o + 1
		}
		ks, kd = kd, ks
		is, id = id, is
	}
	return is
}

func widenIdx(s []int32) []int {
	r := make([]int, len(s))
	for i, e := range s {
		r[i] = int(e)
	}
	return r
}

// ---- sort and grade ----

// symPrefix packs a symbol's first 8 bytes big-endian, so prefixes order as strings.
func symPrefix(e string) uint64 {
	var k uint64
	for j := 0; j < 8 && j < len(e); j++ {
		k |= uint64(e[j]) << (56 - 8*j)
	}
	return k
}

// gradeSyms grades symbols stably: a radix grade on the first 8 bytes, then a
// comparison sort inside the runs of equal prefixes that hold longer symbols.
func gradeSyms(s []string, down bool) []int32 {
	keys := make([]uint64, len(s))
	long := false
	for i, e := range s {
		keys[i] = symPrefix(e)
		if down {
			keys[i] = ^keys[i]
		}
		long = long || len(e) >= 8
	}
	g := radixGrade32(keys)
	if !long {
		return g
	}
	cmp := func(a, b int32) int { return strings.Compare(s[a], s[b]) }
	if down {
		cmp = func(a, b int32) int { return strings.Compare(s[b], s[a]) }
	}
	for i := 0; i < len(g); {
		k := symPrefix(s[g[i]])
		j := i + 1
		for j < len(g) && symPrefix(s[g[j]]) == k {
			j++
		}
		if j-i > 1 {
			slices.SortStableFunc(g[i:j], cmp)
		}
		i = j
	}
	return g
}

// sortVec returns the items of vector x sorted (descending when down).
func sortVec(x value.Value, down bool) value.Value {
	switch v := x.(type) {
	case *value.Vec[int64]:
		// sort order-preserving keys, then turn them back into longs in place
		r := make([]uint64, len(v.S))
		for i, e := range v.S {
			r[i] = uint64(e) ^ 1<<63
		}
		if !isSortedS(v.S) {
			radixSortKeys(r)
		}
		for i := range r {
			r[i] ^= 1 << 63
		}
		var s []int64
		if len(r) > 0 {
			s = unsafe.Slice((*int64)(unsafe.Pointer(&r[0])), len(r))
		} else {
			s = []int64{}
		}
		if down {
			slices.Reverse(s)
		}
		return value.NewVec(v.Typ, s)
	case *value.Vec[int32]:
		r := make([]uint64, len(v.S))
		for i, e := range v.S {
			r[i] = uint64(uint32(e) ^ 1<<31)
		}
		radixSortKeys(r)
		s := make([]int32, len(r))
		for i, k := range r {
			j := i
			if down {
				j = len(r) - 1 - i
			}
			s[j] = int32(uint32(k) ^ 1<<31)
		}
		return value.NewVec(v.Typ, s)
	case *value.Vec[byte]:
		var c [256]int
		for _, e := range v.S {
			c[e]++
		}
		s := make([]byte, 0, len(v.S))
		if down {
			for b := 255; b >= 0; b-- {
				for k := c[b]; k > 0; k-- {
					s = append(s, byte(b))
				}
			}
		} else {
			for b := 0; b < 256; b++ {
				for k := c[b]; k > 0; k-- {
					s = append(s, byte(b))
				}
			}
		}
		return value.NewVec(v.Typ, s)
	case *value.Vec[float64]:
		r := make([]uint64, len(v.S))
		for i, e := range v.S {
			r[i] = floatOrder(e)
		}
		radixSortKeys(r)
		s := make([]float64, len(r))
		for i, k := range r {
			j := i
			if down {
				j = len(r) - 1 - i
			}
			s[j] = floatFromOrder(k)
		}
		return value.NewVec(v.Typ, s)
	case *value.Vec[string]:
		g := gradeSyms(v.S, down)
		s := make([]string, len(g))
		for i, j := range g {
			s[i] = v.S[j]
		}
		return value.NewVec(v.Typ, s)
	}
	return gather(x, gradeOf(x, down))
}

// gradeOf returns the stable permutation sorting list x ascending, or descending with
// equal items kept in order.
func gradeOf(x value.Value, down bool) []int {
	if keys, ok := orderKeys(x); ok {
		if down {
			for i, k := range keys {
				keys[i] = ^k
			}
		}
		return radixGrade(keys)
	}
	n := value.Len(x)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	var cmp func(a, b int) int
	switch v := x.(type) {
	case *value.Vec[string]:
		return widenIdx(gradeSyms(v.S, down))
	case *value.Vec[[16]byte]:
		cmp = func(a, b int) int { return bytes.Compare(v.S[a][:], v.S[b][:]) }
	case *value.List:
		cmp = func(a, b int) int { return compareValues(v.Items[a], v.Items[b]) }
	case *value.Table:
		cmp = func(a, b int) int {
			for _, c := range v.Data {
				if r := compareAt(c, a, b); r != 0 {
					return r
				}
			}
			return 0
		}
	default:
		errType()
	}
	if down {
		slices.SortStableFunc(idx, func(a, b int) int { return cmp(b, a) })
	} else {
		slices.SortStableFunc(idx, cmp)
	}
	return idx
}

// compareAt compares items i and j of list x.
func compareAt(x value.Value, i, j int) int {
	switch v := x.(type) {
	case *value.Vec[int64]:
		return cmpOrdered(v.S[i], v.S[j])
	case *value.Vec[int32]:
		return cmpOrdered(v.S[i], v.S[j])
	case *value.Vec[string]:
		return strings.Compare(v.S[i], v.S[j])
	case *value.List:
		return compareValues(v.Items[i], v.Items[j])
	}
	return compareValues(value.At(x, i), value.At(x, j))
}

func cmpOrdered[T int64 | int32 | int16 | byte | string](a, b T) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// compareValues orders any two values as q's sorts do: by type (absolute type
// number, atoms before lists), then by value; lists compare item by item.
func compareValues(a, b value.Value) int {
	ta, tb := a.Type(), b.Type()
	if ta != tb {
		aa, ab := absType(ta), absType(tb)
		if aa != ab {
			return cmpOrdered(int64(aa), int64(ab))
		}
		return cmpOrdered(int64(ta), int64(tb))
	}
	if ta < 0 {
		return compareAtoms(a, b)
	}
	if isList(a) {
		na, nb := value.Len(a), value.Len(b)
		for i := 0; i < na && i < nb; i++ {
			if r := compareValues(value.At(a, i), value.At(b, i)); r != 0 {
				return r
			}
		}
		return cmpOrdered(int64(na), int64(nb))
	}
	return 0
}

func absType(t value.Type) int {
	if t < 0 {
		return -int(t)
	}
	return int(t)
}

// compareAtoms compares two atoms of the same type.
func compareAtoms(a, b value.Value) int {
	switch x := a.(type) {
	case value.Sym:
		return strings.Compare(string(x), string(b.(value.Sym)))
	case value.GUID:
		y := b.(value.GUID)
		return bytes.Compare(x[:], y[:])
	case value.Float, value.Datetime:
		return cmpOrdered(int64(floatOrder(value.Float64Of(a))^1<<63), int64(floatOrder(value.Float64Of(b))^1<<63))
	case value.Real:
		return cmpOrdered(int64(floatOrder(float64(x))^1<<63), int64(floatOrder(float64(b.(value.Real)))^1<<63))
	}
	ka, ok1 := atomKey(a)
	kb, ok2 := atomKey(b)
	if ok1 && ok2 {
		return cmpOrdered(ka, kb)
	}
	return 0
}

// isSorted reports whether list x is in ascending order.
func isSorted(x value.Value) bool {
	switch v := x.(type) {
	case *value.Vec[int64]:
		return isSortedS(v.S)
	case *value.Vec[int32]:
		return isSortedS(v.S)
	case *value.Vec[int16]:
		return isSortedS(v.S)
	case *value.Vec[byte]:
		return isSortedS(v.S)
	case *value.Vec[string]:
		return isSortedS(v.S)
	}
	if keys, ok := orderKeys(x); ok {
		return isSortedS(keys)
	}
	if t, ok := x.(*value.Table); ok {
		n := value.Len(t)
	rows:
		for i := 1; i < n; i++ {
			for _, c := range t.Data {
				switch r := compareAt(c, i-1, i); {
				case r > 0:
					return false
				case r < 0:
					continue rows
				}
			}
		}
		return true
	}
	n := value.Len(x)
	for i := 1; i < n; i++ {
		if compareAt(x, i-1, i) > 0 {
			return false
		}
	}
	return true
}

func isSortedS[T int64 | int32 | int16 | byte | string | uint64](s []T) bool {
	for i := 1; i < len(s); i++ {
		if s[i] < s[i-1] {
			return false
		}
	}
	return true
}
