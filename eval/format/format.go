// Package format is the console display of q values, exactly as kdb+ prints them:
// Show for the prompt (tables, dictionaries, lists cut to \c), KForm for the one-line k
// form (-3!, .Q.s1, 0N!), AtomText for string. It is a leaf on eval/value: display
// needs no interpreter, only the settings in Display.
package format

import (
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// Display holds the console settings that shape printed values: \P and \c.
type Display struct {
	Precision  int // significant digits for floats; 0 means 17
	Rows, Cols int // console size; 0 or less means unlimited
	// Domain returns the value of the enumeration domain called name (a symbol vector,
	// or a keyed table for foreign keys), or nil. Set by the interpreter so enumerated
	// values print as `d$`a`b; without it they print their symbols blank.
	Domain func(name string) value.Value
}

// DefaultDisplay is kdb+'s default: \P 7, \c 25 80.
func DefaultDisplay() Display { return Display{Precision: 7, Rows: 25, Cols: 80} }

func (d Display) fmtr(lim int) *fmtr {
	return &fmtr{prec: d.Precision, domain: d.Domain, lim: lim}
}

// Show returns the console form of v as kdb+ prints it at the prompt: lines joined by
// "\n" with no trailing newline, cut to the console size; "" for the generic null.
// Only what fits the console is formatted, so huge values cost little.
func (d Display) Show(v value.Value) string {
	if fmtIsGenericNull(v) {
		return ""
	}
	width := fmtNoLimit
	if d.Cols > 0 {
		width = d.Cols
	}
	lines := d.fmtr(width).showLines(v, d.Rows)
	// \c: a line longer than cols-1 keeps cols-3 characters and gets .. (kdb+ 4.0's
	// console; syscmds.md#c: \c 10 10 shows 0 1 2 3..).
	if d.Cols > 0 {
		for i, l := range lines {
			if len(l) > d.Cols-1 {
				lines[i] = append(l[:max(d.Cols-3, 0):max(d.Cols-3, 0)], ".."...)
			}
		}
	}
	n := 0
	for _, l := range lines {
		n += len(l) + 1
	}
	var sb strings.Builder
	sb.Grow(n)
	for i, l := range lines {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.Write(fmtTrimRight(l))
	}
	return sb.String()
}

// fmtTrimRight drops trailing blanks: padding of the last column is not printed.
func fmtTrimRight(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}

// KForm returns v's one-line form as -3!x and 0N!x print it (a q literal).
func (d Display) KForm(v value.Value) string {
	return string(d.fmtr(fmtNoLimit).appendK(nil, v))
}

// KFormLine returns v's k-form cut to the console width as 0N! prints it on the
// console: 0N!1+til 10000 shows 1 2 .. 28 29.. (79 characters at \c 25 80).
func (d Display) KFormLine(v value.Value) string {
	if d.Cols <= 0 {
		return d.KForm(v)
	}
	b := d.fmtr(d.Cols).appendK(nil, v)
	if len(b) > d.Cols-1 {
		b = append(b[:max(d.Cols-3, 0)], ".."...)
	}
	return string(b)
}

// AtomText returns the text of an atom as string shows it: no type suffix, no quotes
// or backtick (string 2.5 is "2.5", string `a is "a", string 2000.01.01 "2000.01.01").
// Nulls give "" (except the guid null, all zeros), infinities 0W / 0w. Functions give
// their display text; other values their k-form.
func (d Display) AtomText(a value.Value) string {
	f := d.fmtr(fmtNoLimit)
	if value.IsAtom(a) {
		return string(f.appendCell(nil, a))
	}
	return string(f.appendK(nil, a))
}
