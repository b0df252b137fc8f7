package main

import (
	"context"
	"os/exec"
	"testing"
	"time"
)

// runDeadline bounds every one-shot gq run of these tests: a gq that hangs is killed
// after this long and the test fails, instead of the package hitting go test's timeout
// with processes left behind.
const runDeadline = 20 * time.Second

// gqCmd is gq with args under runDeadline: the process is killed when the deadline
// passes or the test ends, whichever comes first. expired reports whether the deadline
// killed it.
func gqCmd(t *testing.T, args ...string) (cmd *exec.Cmd, expired func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runDeadline)
	t.Cleanup(cancel)
	cmd = exec.CommandContext(ctx, gqBinary(t), args...)
	cmd.WaitDelay = time.Second // output pipes held open by a child do not block Wait
	return cmd, func() bool { return ctx.Err() == context.DeadlineExceeded }
}
