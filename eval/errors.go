package eval

import "github.com/gq-dev/gq/eval/value"

// Inside eval a q error is a panic with a *value.Error; it is recovered at protected
// evaluation (@[f;x;h], .[f;a;h]) and at every exported Interp method. This keeps
// kernels free of error plumbing.

// signal raises the q error msg.
func signal(msg string) { panic(&value.Error{Msg: msg}) }

// The common errors, with kdb+'s exact text.
func errType()     { signal("type") }
func errLength()   { signal("length") }
func errRank()     { signal("rank") }
func errDomain()   { signal("domain") }
func errNyi()      { signal("nyi") }
func errLimit()    { signal("limit") }
func errMismatch() { signal("mismatch") }
func errCast()     { signal("cast") }
