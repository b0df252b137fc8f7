package repl

import (
	"bufio"
	"errors"
	"io"
	"strings"

	"github.com/chzyer/readline"
)

// input is one event from the console reader: a line, or the end of input (err).
type input struct {
	line string
	err  error
}

// readPiped reads lines from r on its own goroutine, so the main loop can wait on
// input, IPC work and the timer at once. Like the kdb+ console, one line is one chunk.
// The channel closes after the last line.
func readPiped(r io.Reader) <-chan input {
	ch := make(chan input, 64)
	go func() {
		defer close(ch)
		br := bufio.NewReaderSize(r, 64<<10)
		for {
			line, err := br.ReadString('\n')
			if len(line) > 0 && line[len(line)-1] == '\n' {
				line = line[:len(line)-1]
			}
			if err == nil || line != "" {
				ch <- input{line: line}
			}
			if err != nil {
				ch <- input{err: err}
				return
			}
		}
	}()
	return ch
}

// readTerminal runs readline on its own goroutine. It shows a prompt only when the main
// loop asks (it sends the prompt on next), so the prompt never appears in the middle of
// a result and the terminal is in cooked mode (Ctrl-C is SIGINT) while an evaluation
// runs.
func (s *Session) readTerminal() (<-chan input, chan<- string) {
	ch := make(chan input)
	next := make(chan string, 1)
	next <- s.prompt()
	go func() {
		defer close(ch)
		for p := range next {
			s.rl.SetPrompt(p)
			for {
				s.reading.Store(true)
				line, err := s.rl.Readline()
				s.reading.Store(false)
				if errors.Is(err, readline.ErrInterrupt) {
					// Ctrl-C at the prompt clears the line; during IPC work that runs
					// while the prompt is up, it stops that work.
					s.interrupt()
					continue
				}
				if err == nil && strings.TrimSpace(line) != "" {
					s.rl.SaveHistory(maskPasswords(line))
				}
				ch <- input{line: line, err: err}
				if err != nil {
					return
				}
				break
			}
		}
	}()
	return ch, next
}
