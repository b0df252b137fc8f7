package eval

import (
	"unsafe"
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
	var c symCache
	ids := make([]int32, len(s))
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
	return len(m), ids
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
