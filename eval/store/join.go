package store

import (
	"github.com/gq-dev/gq/eval/value"
)

var errType = &value.Error{Msg: "type"}

// Join is x,y for what a data file can hold: vectors of one type (an atom joins as
// one item), enumerations over one domain, general lists (which take anything).
// Vectors of different types give 'type: a file keeps its type.
func Join(x, y value.Value) (value.Value, error) {
	if value.IsAtom(y) {
		y = value.Collect(-y.Type(), []value.Value{y})
	}
	if l, ok := x.(*value.List); ok {
		items := append(append([]value.Value{}, l.Items...), value.Items(y)...)
		return &value.List{Items: items}, nil
	}
	switch a := x.(type) {
	case *value.Vec[byte]:
		return joinVec(a, y)
	case *value.Vec[int16]:
		return joinVec(a, y)
	case *value.Vec[int32]:
		return joinVec(a, y)
	case *value.Vec[int64]:
		return joinVec(a, y)
	case *value.Vec[float32]:
		return joinVec(a, y)
	case *value.Vec[float64]:
		return joinVec(a, y)
	case *value.Vec[string]:
		return joinVec(a, y)
	case *value.Vec[[16]byte]:
		return joinVec(a, y)
	case *value.EnumVec:
		b, ok := y.(*value.EnumVec)
		if !ok || b.Domain != a.Domain {
			return nil, errType
		}
		return &value.EnumVec{Domain: a.Domain, Idx: append(append([]int64{}, a.Idx...), b.Idx...)}, nil
	}
	return nil, errType
}

func joinVec[T value.Elem](a *value.Vec[T], y value.Value) (value.Value, error) {
	b, ok := y.(*value.Vec[T])
	if !ok || b.Typ != a.Typ {
		return nil, errType
	}
	s := make([]T, 0, len(a.S)+len(b.S))
	return &value.Vec[T]{Typ: a.Typ, S: append(append(s, a.S...), b.S...)}, nil
}
