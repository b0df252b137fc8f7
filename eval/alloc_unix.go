//go:build unix

package eval

import "syscall"

// addressLimit is the process's address-space limit (ulimit -v), or 1 TiB if none.
func addressLimit() int64 {
	var r syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_AS, &r) == nil && r.Cur > 0 && r.Cur < 1<<40 {
		return int64(r.Cur)
	}
	return 1 << 40
}
