package main

import (
	"time"

	"github.com/gq-dev/gq/eval"
	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/repl"
)

// timer is the .z.ts timer that \t n starts and \t 0 stops. Everything runs on the
// main loop: \t calls set from an evaluation, and the session asks channel before each
// wait, so no locking is needed.
type timer struct {
	t *time.Ticker
}

func (t *timer) set(ms int) {
	if t.t != nil {
		t.t.Stop()
		t.t = nil
	}
	if ms > 0 {
		t.t = time.NewTicker(time.Duration(ms) * time.Millisecond)
	}
}

func (t *timer) channel() <-chan time.Time {
	if t.t == nil {
		return nil
	}
	return t.t.C
}

// epoch2000 is kdb+'s time origin; timestamps count nanoseconds from it.
var epoch2000 = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// tick applies .z.ts to the current timestamp, as kdb+ does on each timer interval,
// and prints its error if it fails. Nothing happens while .z.ts is unset.
func (t *timer) tick(ip *eval.Interp, s *repl.Session) {
	now := value.Timestamp(time.Now().UTC().Sub(epoch2000).Nanoseconds())
	if _, err := ip.Apply(value.Sym(".z.ts"), now); err != nil && err.Error() != ".z.ts" {
		s.PrintError(err)
	}
}
