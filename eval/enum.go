package eval

import "github.com/gq-dev/gq/eval/value"

// Enumerations take part in searches as the symbols they stand for:
// (sp`p) in `p2`p4 works as `p1`p2... in `p2`p4 does.

// symsOf resolves an enumeration to its symbols; anything else comes back as it is.
func (ip *Interp) symsOf(x value.Value) value.Value {
	if x.Type() == value.TEnum || x.Type() == -value.TEnum {
		if s, ok := enumView(ip, x); ok {
			return s
		}
	}
	return x
}

// inEnum is x in y with enumerations read as their symbols.
func inEnum(ip *Interp, x, y value.Value) value.Value { return in(ip.symsOf(x), ip.symsOf(y)) }
