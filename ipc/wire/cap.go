package wire

import "github.com/gq-dev/gq/eval/value"

// CheckCap reports 'type if v holds something a peer of capability capa cannot take:
// guids below 3, timestamps and timespans at 0 (ipc-protocol.md §1.3). Peers of
// capability 3 and above take everything, so the walk happens only for old clients.
func CheckCap(v value.Value, capa byte) error {
	if capa >= 3 {
		return nil
	}
	if !capOK(v, capa, 0) {
		return errType
	}
	return nil
}

func capOK(v value.Value, capa byte, depth int) bool {
	if depth > MaxDepth {
		return false
	}
	if v == nil {
		return true
	}
	t := v.Type()
	if t < 0 && t != value.TError {
		t = -t
	}
	switch t {
	case value.TGUID:
		return false
	case value.TTimestamp, value.TTimespan:
		return capa > 0
	}
	each := func(xs ...value.Value) bool {
		for _, x := range xs {
			if !capOK(x, capa, depth+1) {
				return false
			}
		}
		return true
	}
	switch x := v.(type) {
	case *value.List:
		return each(x.Items...)
	case *value.Dict:
		return each(x.K, x.V)
	case *value.Table:
		return each(x.Data...)
	case *value.Projection:
		return each(x.Fn) && each(x.Args...)
	case *value.Composition:
		return each(x.Fns...)
	case *value.Derived:
		return each(x.Fn)
	}
	return true
}
