//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package repl

import (
	"time"

	"golang.org/x/sys/unix"
)

// waitReadable reports whether fd has input within d (the rest of a paste burst).
// select, not poll: macOS's poll does not support terminals.
func waitReadable(fd int, d time.Duration) bool {
	for {
		var r unix.FdSet
		r.Set(fd)
		tv := unix.NsecToTimeval(d.Nanoseconds())
		n, err := unix.Select(fd+1, &r, nil, nil, &tv)
		if err == unix.EINTR {
			continue
		}
		return err == nil && n > 0
	}
}
