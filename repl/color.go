package repl

import (
	"io"

	"github.com/fatih/color"
)

// palette holds the colours of one session. Each color.Color is switched on or off
// explicitly, so colour never depends on fatih/color's global guess about stdout: piped
// output stays plain even when stderr happens to be a terminal.
type palette struct {
	err *color.Color // the 'msg line of an error
}

func newPalette(on bool) palette {
	p := palette{err: color.New(color.FgRed)}
	if on {
		p.err.EnableColor()
	} else {
		p.err.DisableColor()
	}
	return p
}

// writeError prints a q error as the console does: 'msg on a line of its own.
func (p palette) writeError(w io.Writer, msg string) {
	// One Write call, so that the line stays whole when stdout and stderr share a pipe.
	line := "'" + msg
	if p.err != nil { // nil before Open: plain
		line = p.err.Sprint(line)
	}
	io.WriteString(w, line+"\n")
}
