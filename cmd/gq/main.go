// Command gq is a q-like console with kdb+-compatible IPC.
package main

import "fmt"

// TODO(repl helper): argv, Interp, Session, IPC wiring.
func main() { fmt.Println("gq") }
