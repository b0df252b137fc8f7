// Package netcheck_test holds the compile-time check that *ipc.Manager satisfies
// eval.Net. It lives apart from ipc's own tests so that those build and run whatever
// state eval is in.
package netcheck_test

import (
	"github.com/gq-dev/gq/eval"
	"github.com/gq-dev/gq/ipc"
)

// The Manager must satisfy the evaluator's view of the network.
var _ eval.Net = (*ipc.Manager)(nil)
