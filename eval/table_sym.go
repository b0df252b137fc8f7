package eval

import (
	"sync"
	"unsafe"

	"github.com/gq-dev/gq/eval/value"
)

// Symbol kernels for grouping and key lookup. A symbol column usually holds few
// distinct strings sharing their bytes (symbols are copied, not rebuilt), so a small
// cache keyed by the string's data pointer and length answers most rows without
// hashing the text: equal pointer and length mean equal strings, and the strings stay
// alive (and unmoved) while the column is read. Misses go to a map.

const symCacheBits = 10

type symCacheEntry struct {
	p  uintptr
	n  int
	id int32
}

type symCache [1 << symCacheBits]symCacheEntry

func symSlot(s string) (uintptr, uint) {
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	return p, uint((uint64(p) * 0x9E3779B97F4A7C15) >> (64 - symCacheBits))
}

// symGroup numbers the distinct strings of s in order of first occurrence.
func symGroup(s []string) (int, []int32) {
	m := make(map[string]int32, 64)
	ids := make([]int32, len(s))
	symNumber(m, s, ids)
	return len(m), ids
}

// symNumber gives each string of s its id in m (adding new ones in order) into ids.
func symNumber(m map[string]int32, s []string, ids []int32) {
	var c symCache
	for i, x := range s {
		p, h := symSlot(x)
		if e := &c[h]; e.p == p && e.n == len(x) && p != 0 {
			ids[i] = e.id
			continue
		}
		id, ok := m[x]
		if !ok {
			id = int32(len(m))
			m[x] = id
		}
		ids[i] = id
		if p != 0 {
			c[h] = symCacheEntry{p, len(x), id}
		}
	}
}

// symGrouping is a large symbol column's grouping, kept for the last few columns
// grouped, so that a by sym on a table that has not changed derives nothing again, and
// one that has grown (t,:... or insert append in place, list.go's growable) numbers
// only the new rows. Values are immutable below their length, and an entry holds its
// column, so equal storage and a length at least the entry's mean the entry's rows
// are the column's first rows.
type symGrouping struct {
	s      []string
	m      map[string]int32
	ids    []int32 // group of each row, numbered in order of first occurrence
	first  []int   // each group's first row
	ranked []int32 // ids renumbered in ascending order of the symbols (nil until asked)
	rfirst []int   // first, in that order
}

const symGroupMin = 4096 // shorter columns are grouped afresh

var symGroups struct {
	sync.Mutex
	e    [4]*symGrouping
	next int
}

// symGroupOf returns s's grouping; the caller must not change its slices.
func symGroupOf(s []string) (ng int, ids []int32, first []int) {
	if len(s) < symGroupMin {
		ng, ids = symGroup(s)
		return ng, ids, nil
	}
	symGroups.Lock()
	defer symGroups.Unlock()
	e := symGroupEntry(s)
	return len(e.first), e.ids, e.first
}

// symGroupRanked is symGroupOf with groups numbered in ascending order of their
// symbols (the order of a by), and each group's first row.
func symGroupRanked(s []string) (ng int, ids []int32, first []int) {
	if len(s) < symGroupMin {
		ng, ids = symGroup(s)
		return symRank(s, ng, ids, groupFirst(ng, ids))
	}
	symGroups.Lock()
	defer symGroups.Unlock()
	e := symGroupEntry(s)
	if e.ranked == nil {
		_, e.ranked, e.rfirst = symRank(s, len(e.first), append([]int32(nil), e.ids...), e.first)
	}
	return len(e.rfirst), e.ranked, e.rfirst
}

// symRank renumbers ids (in place) in ascending order of the groups' symbols.
func symRank(s []string, ng int, ids []int32, first []int) (int, []int32, []int) {
	keys := make([]string, ng)
	for g, k := range first {
		keys[g] = s[k]
	}
	order := sortOrder([]value.Value{value.Syms(keys)})
	rank := make([]int32, ng)
	rfirst := make([]int, ng)
	sorted := true
	for i, o := range order {
		rank[o], rfirst[i] = int32(i), first[o]
		sorted = sorted && o == i
	}
	if !sorted {
		for k, g := range ids {
			ids[k] = rank[g]
		}
	}
	return ng, ids, rfirst
}

// symGroupEntry finds or makes the entry for s (symGroups locked).
func symGroupEntry(s []string) *symGrouping {
	data := unsafe.SliceData(s)
	for _, e := range symGroups.e {
		if e == nil || unsafe.SliceData(e.s) != data || len(e.s) > len(s) {
			continue
		}
		if n := len(e.s); n < len(s) { // grown in place: number the new rows
			ids := append(e.ids[:n:n], make([]int32, len(s)-n)...)
			ng := len(e.m)
			symNumber(e.m, s[n:], ids[n:])
			for k := n; k < len(s) && len(e.first) < len(e.m); k++ {
				if int(ids[k]) >= ng && int(ids[k]) == len(e.first) {
					e.first = append(e.first, k)
				}
			}
			e.s, e.ids, e.ranked, e.rfirst = s, ids, nil, nil
		}
		return e
	}
	m := make(map[string]int32, 64)
	ids := make([]int32, len(s))
	symNumber(m, s, ids)
	e := &symGrouping{s: s, m: m, ids: ids, first: groupFirst(len(m), ids)}
	symGroups.e[symGroups.next] = e
	symGroups.next = (symGroups.next + 1) % len(symGroups.e)
	return e
}

// symFind gives each string of ys its first position in keys, or len(keys).
func symFind(keys, ys []string) []int {
	m := make(map[string]int32, len(keys))
	for i := len(keys) - 1; i >= 0; i-- {
		m[keys[i]] = int32(i)
	}
	var c symCache
	r := make([]int, len(ys))
	for i, y := range ys {
		p, h := symSlot(y)
		if e := &c[h]; e.p == p && e.n == len(y) && p != 0 {
			r[i] = int(e.id)
			continue
		}
		id, ok := m[y]
		if !ok {
			id = int32(len(keys))
		}
		r[i] = int(id)
		if p != 0 {
			c[h] = symCacheEntry{p, len(y), id}
		}
	}
	return r
}
