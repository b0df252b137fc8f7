package eval

import (
	"io"

	"github.com/gq-dev/gq/eval/value"
)

// applyHandle applies handle hv (an int atom h) to x: 0 evaluates a string locally, 1
// and 2 write x to stdout and stderr (negative handles add a newline), and other
// handles send x over the network: h x is a sync request, neg[h] x an async message.
// A write returns the handle as it was given (-1 "x" is -1); a send returns ::.
func (ip *Interp) applyHandle(hv value.Value, h int64, x value.Value) value.Value {
	switch h {
	case 0:
		// the console handle: a message to ourselves, served by .z.ps as kdb+ does
		return ip.handler("ps", x)
	case 1, -1:
		ip.writeHandle(ip.Out, x, h < 0)
		return hv
	case 2, -2:
		ip.writeHandle(ip.Err, x, h < 0)
		return hv
	}
	if fh := ip.disk.files[max(h, -h)]; fh != nil { // a file (disk.go)
		return ip.fileHandleWrite(hv, fh, h < 0, x)
	}
	if ip.Net == nil {
		signal("domain")
	}
	if h > 0 && x == nil { // h[] waits for the next message on h
		r, err := ip.Net.Receive(int32(h))
		if err != nil {
			panic(asQError(err))
		}
		return r
	}
	if h > 0 {
		r, err := ip.Net.Sync(int32(h), ip.forWire(x)) // keywords and enumerations as kdb+ sends them
		if err != nil {
			panic(asQError(err))
		}
		return r
	}
	// neg[h]x queues x, neg[h][] and neg[h](::) flush; both give :: (kdb+ shows nothing)
	if x == nil || isGenericNull(x) {
		if err := ip.Net.Flush(int32(-h)); err != nil {
			panic(asQError(err))
		}
		return nullVal
	}
	if err := ip.Net.Async(int32(-h), ip.forWire(x)); err != nil {
		panic(asQError(err))
	}
	return nullVal
}

// writeHandle writes a string, or each string of a list on its own line, as 1 and 2 do.
// It is one Write: at a console the writer redraws the prompt after each write, so a
// line written in pieces (text, then its newline) would be wiped by the redraw.
func (ip *Interp) writeHandle(w io.Writer, x value.Value, newline bool) {
	var b []byte
	switch v := x.(type) {
	case *value.Vec[byte]:
		if v.Typ != value.TChar && v.Typ != value.TByte {
			errType()
		}
		b = append(b, v.S...)
	case value.Char:
		b = append(b, byte(v))
	case *value.List:
		for _, it := range v.Items {
			switch s := it.(type) {
			case value.Char:
				b = append(b, byte(s), '\n')
			case *value.Vec[byte]:
				if s.Typ != value.TChar {
					errType()
				}
				b = append(append(b, s.S...), '\n')
			default:
				errType()
			}
		}
		newline = false
	default:
		errType()
	}
	if newline {
		b = append(b, '\n')
	}
	w.Write(b)
}

// asQError turns a network error into a q error.
func asQError(err error) *value.Error {
	if e, ok := err.(*value.Error); ok {
		return e
	}
	return &value.Error{Msg: err.Error()}
}

// isGenericNull reports whether x is ::.
func isGenericNull(x value.Value) bool {
	p, ok := x.(*value.Prim)
	return ok && p.Name == "::"
}

// isHandleAtom reports whether x is an int or long atom, which applies as a handle:
// @[h;"1+1";{x}] and .[h;enlist"1+1";{x}] are protected sends (KX ref/apply: f may be
// a handle). An atom is amended only as a whole (.[5;();neg]), which wholeIndex keeps.
func isHandleAtom(x value.Value) bool {
	switch x.(type) {
	case value.Int, value.Long:
		return true
	}
	return false
}

// wholeIndex reports whether i (() or ::) selects the whole of what is amended.
func wholeIndex(i value.Value) bool {
	if isGenericNull(i) {
		return true
	}
	return !value.IsAtom(i) && value.Len(i) == 0
}
