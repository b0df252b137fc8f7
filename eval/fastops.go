package eval

import (
	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// Scalar fast paths for the hottest operators in lambda bodies (x+1, n-1, x<10).
// They only take long/long and float/float atom pairs and follow the arithmetic
// kernels' rules exactly (integer + - * propagate 0N, overflow wraps); anything else
// goes to the kernel.

// fastBinary returns a closure computing x g y with the fast path in front of the
// general kernel k, or nil if g has no fast path.
func fastBinary(g string, x, y expr, k func(x, y value.Value) value.Value, p int32) expr {
	var op func(a, b value.Value) (value.Value, bool)
	switch g {
	case "+":
		op = fastAdd
	case "-":
		op = fastSub
	case "*":
		op = fastMul
	case "<":
		op = fastLess
	case ">":
		op = func(a, b value.Value) (value.Value, bool) { return fastLess(b, a) }
	case "=":
		op = fastEq
	default:
		return nil
	}
	return func(fr *frame) value.Value {
		r := y(fr)
		l := x(fr)
		if v, ok := op(l, r); ok {
			return v
		}
		fr.pos = p // only the kernel can fail: the fast path leaves the position alone
		return k(l, r)
	}
}

func fastAdd(x, y value.Value) (value.Value, bool) {
	switch a := x.(type) {
	case value.Long:
		if b, ok := y.(value.Long); ok {
			if int64(a) == value.NullLong || int64(b) == value.NullLong {
				return value.Long(value.NullLong), true
			}
			return a + b, true
		}
	case value.Float:
		if b, ok := y.(value.Float); ok {
			return a + b, true
		}
	}
	return nil, false
}

func fastSub(x, y value.Value) (value.Value, bool) {
	switch a := x.(type) {
	case value.Long:
		if b, ok := y.(value.Long); ok {
			if int64(a) == value.NullLong || int64(b) == value.NullLong {
				return value.Long(value.NullLong), true
			}
			return a - b, true
		}
	case value.Float:
		if b, ok := y.(value.Float); ok {
			return a - b, true
		}
	}
	return nil, false
}

func fastMul(x, y value.Value) (value.Value, bool) {
	switch a := x.(type) {
	case value.Long:
		if b, ok := y.(value.Long); ok {
			if int64(a) == value.NullLong || int64(b) == value.NullLong {
				return value.Long(value.NullLong), true
			}
			return a * b, true
		}
	case value.Float:
		if b, ok := y.(value.Float); ok {
			return a * b, true
		}
	}
	return nil, false
}

// fastLess compares long atoms (nulls are the smallest longs, as in kdb+).
func fastLess(x, y value.Value) (value.Value, bool) {
	if a, ok := x.(value.Long); ok {
		if b, ok := y.(value.Long); ok {
			return value.Bool(a < b), true
		}
	}
	return nil, false
}

// fastEq compares long atoms.
func fastEq(x, y value.Value) (value.Value, bool) {
	if a, ok := x.(value.Long); ok {
		if b, ok := y.(value.Long); ok {
			return value.Bool(a == b), true
		}
	}
	return nil, false
}

// slotConstBinary specialises local op long-constant (x+1, n-1, i<10): one closure
// reads the slot and does the operation, with the kernel k behind it for every other
// case. nil when the shape does not fit.
func (c *compiler) slotConstBinary(g string, left, right parser.Node, k func(x, y value.Value) value.Value, p int32) expr {
	if c.sc == nil {
		return nil
	}
	nm, ok := left.(*parser.Name)
	if !ok {
		return nil
	}
	i, ok := c.sc.slot[nm.Name]
	if !ok {
		return nil
	}
	cn, ok := right.(*parser.Const)
	if !ok {
		return nil
	}
	kv, ok := cn.V.(value.Long)
	if !ok || int64(kv) == value.NullLong {
		return nil
	}
	load := func(fr *frame) value.Value {
		fr.pos = p // the kernel's path, which can fail
		if v := fr.slots[i]; v != nil {
			return v
		}
		return unsetLocal()
	}
	switch g {
	case "+":
		return func(fr *frame) value.Value {
			if a, ok := fr.slots[i].(value.Long); ok && int64(a) != value.NullLong {
				return a + kv
			}
			return k(load(fr), kv)
		}
	case "-":
		return func(fr *frame) value.Value {
			if a, ok := fr.slots[i].(value.Long); ok && int64(a) != value.NullLong {
				return a - kv
			}
			return k(load(fr), kv)
		}
	case "<":
		return func(fr *frame) value.Value {
			if a, ok := fr.slots[i].(value.Long); ok {
				return value.Bool(a < kv)
			}
			return k(load(fr), kv)
		}
	case ">":
		return func(fr *frame) value.Value {
			if a, ok := fr.slots[i].(value.Long); ok {
				return value.Bool(a > kv)
			}
			return k(load(fr), kv)
		}
	}
	return nil
}
