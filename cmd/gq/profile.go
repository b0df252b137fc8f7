package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// stopProfile ends the CPU profile started from GQ_CPUPROFILE; a no-op without one.
var stopProfile = func() {}

// startProfile writes a CPU profile of the whole process to file (GQ_CPUPROFILE), for
// `go tool pprof` on a server under load (bench/); it is written when gq exits.
func startProfile(file string) func() {
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gq: GQ_CPUPROFILE:", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
