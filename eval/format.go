package eval

import "github.com/gq-dev/gq/eval/value"

// Display holds the console settings that shape printed values: \P and \c.
type Display struct {
	Precision  int // significant digits for floats; 0 means 17
	Rows, Cols int // console size
}

// DefaultDisplay is kdb+'s default: \P 7, \c 25 80.
func DefaultDisplay() Display { return Display{Precision: 7, Rows: 25, Cols: 80} }

// Show returns the console form of v as kdb+ prints it at the prompt: lines joined by
// "\n" with no trailing newline, cut to the console size; "" for the generic null.
// TODO(format helper)
func (d Display) Show(v value.Value) string { return "" }

// KForm returns v's one-line form as -3!x and 0N!x print it (a q literal).
// TODO(format helper)
func (d Display) KForm(v value.Value) string { return "" }

// AtomText returns the text of an atom as string shows it: no type suffix, no quotes
// or backtick (string 2.5 is "2.5", string `a is "a", string 2000.01.01 "2000.01.01").
// TODO(format helper)
func (d Display) AtomText(a value.Value) string { return "" }
