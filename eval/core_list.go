package eval

import "github.com/gq-dev/gq/eval/value"

// qlist builds a q list from items as results of iteration and list literals are
// built: like value.NewList, and a list of dictionaries with the same symbol keys
// is a table ((`a`b!1 2;`a`b!3 4) is ([]a:1 3;b:2 4)).
func qlist(items []value.Value) value.Value {
	if len(items) == 0 {
		return &value.List{Items: items}
	}
	d0, ok := items[0].(*value.Dict)
	if !ok {
		return value.NewList(items)
	}
	keys, ok := d0.K.(*value.Vec[string])
	if !ok || len(keys.S) == 0 {
		return value.NewList(items)
	}
	for _, it := range items[1:] {
		d, ok := it.(*value.Dict)
		if !ok {
			return value.NewList(items)
		}
		k, ok := d.K.(*value.Vec[string])
		if !ok || !sameStrings(k.S, keys.S) {
			return value.NewList(items)
		}
	}
	data := make([]value.Value, len(keys.S))
	col := make([]value.Value, len(items))
	for c := range keys.S {
		for r, it := range items {
			col[r] = value.At(it.(*value.Dict).V, c)
		}
		data[c] = value.NewList(append([]value.Value(nil), col...))
	}
	return &value.Table{Cols: keys, Data: data}
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
