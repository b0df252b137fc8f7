package eval

import (
	"io"

	"github.com/gq-dev/gq/eval/value"
)

// Interp is one q interpreter: namespaces, settings, the network. It is not safe for
// concurrent use: one goroutine (the session's main loop) owns it, as q's one thread.
type Interp struct {
	Out, Err io.Writer // stdout and stderr of the process (1 and 2 handles, show, 0N!)
	Disp     Display   // console display settings (\P and \c)
	Net      Net       // the network; nil until cmd/gq wires an *ipc.Manager
	// TODO(core helper): namespaces, .z, frames, Net, exit hook, interrupt flag.
}

// New returns an interpreter writing to out and errOut.
func New(out, errOut io.Writer) *Interp {
	return &Interp{Out: out, Err: errOut, Disp: DefaultDisplay()}
}

// Exec runs one complete chunk typed at the console or read from a script: a system
// command when it starts with \, q otherwise. It returns the console text of the result
// ("" when nothing prints, otherwise ending in a newline) or the q error.
func (ip *Interp) Exec(src string) (string, error) {
	// TODO(core helper)
	return "", &value.Error{Msg: "nyi"}
}

// valueOf implements value on a string or parse-list (used by handle 0).
// TODO(core helper): replace with the real implementation in the core's own file.
func (ip *Interp) valueOf(x value.Value) value.Value {
	errNyi()
	return nil
}
