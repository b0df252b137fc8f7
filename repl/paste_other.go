//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd && !dragonfly

package repl

import "time"

// waitReadable cannot wait here: each read of a paste is handed over on its own,
// still as one insertion per read instead of one per character.
func waitReadable(fd int, d time.Duration) bool { return false }
