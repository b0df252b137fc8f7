package value

// Lambda is a user function {[p] body}. Code is the evaluator's compiled body (opaque
// here, so value never imports parser); a lambda decoded from IPC has only Src and
// compiles on first call.
type Lambda struct {
	Params []string // explicit or implied (x y z) parameters; len is the rank
	Src    string   // source text exactly as written, used for display and the wire
	Ns     string   // context it was defined in ("" for root)
	Code   any
}

func (*Lambda) Type() Type { return TLambda }

// Prim is a primitive or a built-in function. T is TUnary, TBinary or TTernary as kdb+
// types it; ID is kdb+'s byte for it on the wire; Impl is the evaluator's implementation.
type Prim struct {
	Name string
	T    Type
	ID   byte
	Impl any
}

func (p *Prim) Type() Type { return p.T }

// Projection is Fn with some arguments fixed: Args has one slot per parameter, a nil
// slot is a hole to be filled by the next application.
type Projection struct {
	Fn   Value
	Args []Value
}

func (*Projection) Type() Type { return TProj }

// Composition is f g h ... applied right to left ('[f;g]).
type Composition struct {
	Fns []Value
}

func (*Composition) Type() Type { return TComp }

// Derived is a function derived by an iterator; its type is the iterator's
// (TEach, TOver, TScan, TPrior, TEachRight, TEachLeft).
type Derived struct {
	Adverb Type
	Fn     Value
}

func (d *Derived) Type() Type { return d.Adverb }

// AdverbGlyph gives the iterator's text for a Derived type.
func AdverbGlyph(t Type) string {
	switch t {
	case TEach:
		return "'"
	case TOver:
		return "/"
	case TScan:
		return "\\"
	case TPrior:
		return "':"
	case TEachRight:
		return "/:"
	case TEachLeft:
		return "\\:"
	}
	return "?"
}

// Error is a q error; Msg is q's exact text (type, length, rank, or a signalled string).
type Error struct {
	Msg string
}

func (*Error) Type() Type      { return TError }
func (e *Error) Error() string { return e.Msg }

// Errorf-free constructor, for symmetry with q's signal.
func NewError(msg string) *Error { return &Error{Msg: msg} }
