package ipc_test

import (
	"github.com/gq-dev/gq/eval"
	"github.com/gq-dev/gq/ipc"
)

// The Manager must satisfy the evaluator's view of the network.
var _ eval.Net = (*ipc.Manager)(nil)
