package repl

import (
	"errors"
	"os"
)

// Load runs a script as q does for `q script.q`: the text is cut into chunks (indented
// lines continue a statement, / … \ blocks are comments, a lone \ ends the script) and
// each chunk runs in order. A statement with a value prints it on one line in the k
// form (as -3! shows it), cut to the console width; that is what kdb+ prints when it
// loads a script, not the console display. Loading stops at the first error, which is
// printed and returned.
func (s *Session) Load(path string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() { // `q db`: load a database as \l does
		return s.LoadString("\\l " + path)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return s.LoadString(string(src))
}

// LoadString is Load on script text. The interpreter cuts and runs the chunks
// (ScriptLoader); the session prints what each prints and serves waiting IPC work
// between them, as for console lines.
func (s *Session) LoadString(src string) error {
	if !s.opened {
		s.Open()
	}
	l, ok := s.Interp.(ScriptLoader)
	if !ok {
		return errors.New("the evaluator cannot load scripts")
	}
	return l.LoadScript(src, func(chunk func() (string, error)) error {
		err := s.exec(chunk)
		s.settle()
		return err
	})
}

// ScriptLoader is the optional half of Evaluator that loads scripts; *eval.Interp has it.
type ScriptLoader interface {
	LoadScript(src string, step func(chunk func() (string, error)) error) error
}
