package eval

import "github.com/gq-dev/gq/eval/value"

// results gathers an iterator's n results in order (put with i = 0, 1, ...). While
// they are longs, or floats, they go straight into a typed vector, so no boxed result
// is kept and the collector has nothing to scan; the first result of another kind
// turns them into a general list. value gives what qlist gives for the same items.
type results struct {
	n      int
	mode   int // resUnset, resLongs, resFloats, resItems
	longs  []int64
	floats []float64
	items  []value.Value
}

const (
	resUnset = iota
	resLongs
	resFloats
	resItems
)

func newResults(n int) *results {
	return &results{n: n}
}

// put records result i.
func (r *results) put(i int, v value.Value) {
	switch r.mode {
	case resLongs:
		if a, ok := v.(value.Long); ok {
			r.longs[i] = int64(a)
			return
		}
		r.spill(i)
	case resFloats:
		if a, ok := v.(value.Float); ok {
			r.floats[i] = float64(a)
			return
		}
		r.spill(i)
	case resUnset:
		n := r.n
		switch a := v.(type) {
		case value.Long:
			r.mode, r.longs = resLongs, make([]int64, n)
			r.longs[i] = int64(a)
			return
		case value.Float:
			r.mode, r.floats = resFloats, make([]float64, n)
			r.floats[i] = float64(a)
			return
		}
		r.mode, r.items = resItems, make([]value.Value, n)
	}
	r.items[i] = v
}

// spill boxes the first i typed results into the general list.
func (r *results) spill(i int) {
	r.items = make([]value.Value, r.n)
	for j := range i {
		if r.mode == resLongs {
			r.items[j] = value.Long(r.longs[j])
		} else {
			r.items[j] = value.Float(r.floats[j])
		}
	}
	r.mode, r.longs, r.floats = resItems, nil, nil
}

func (r *results) value() value.Value {
	switch r.mode {
	case resLongs:
		return value.Longs(r.longs)
	case resFloats:
		return value.Floats(r.floats)
	}
	if r.mode == resUnset {
		return qlist([]value.Value{})
	}
	return qlist(r.items)
}
