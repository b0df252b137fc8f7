package eval

import (
	"strings"
	"testing"
)

// peach on secondary goroutines (docs/basics/peach.md, errors.md): the same results
// as each, and what a secondary may not do.
func TestPeach(t *testing.T) {
	defer mtThreads.Store(mtThreads.Load()) // -s sets the process's primitives too
	ip := New(&strings.Builder{}, &strings.Builder{})
	run := func(q string) (string, error) { return ip.Exec(q) }
	want := func(q, out string) {
		t.Helper()
		got, err := run(q)
		if err != nil {
			t.Errorf("%s: '%v", q, err)
		} else if strings.TrimSpace(got) != out {
			t.Errorf("%s: %q, want %q", q, got, out)
		}
	}
	fails := func(q, msg string) {
		t.Helper()
		if _, err := run(q); err == nil || !strings.HasPrefix(err.Error(), msg) {
			t.Errorf("%s: error %v, want '%s", q, err, msg)
		}
	}
	// syscmds.md \s: 0 without -s; \s N only within -s
	want(`\s`, "0i")
	fails(`\s 2`, "enable secondary threads via cmd line -s only")
	// peach.md: with no secondaries peach is each, on the main thread
	want("{`a set x} peach 0 1;a", "1")
	ip.SetSecondaries(4)
	want(`\s`, "4i")
	want(`\s 2`, "")
	want(`\s`, "2i")
	want(`\s 0N`, "4i") // syscmds.md: \s 0N shows the -s limit
	fails(`\s 5`, "enable secondary threads via cmd line -s only")

	// the result is exactly each's: order, types, nulls and infinities
	want("b:1000000?1f;({sum sqrt x} peach 2 cut b)~{sum sqrt x} each 2 cut b", "1b")
	want("({x%y}[;0] peach 0 1 -1 0N)~{x%y}[;0] each 0 1 -1 0N", "1b")
	want("({x,x} peach til 5)~{x,x} each til 5", "1b")
	want("({([]a:enlist x)} peach 1 2 3)~{([]a:enlist x)} each 1 2 3", "1b")
	want("g:{x*x};{g x+1} peach til 9", "1 4 9 16 25 36 49 64 81") // g compiled by each secondary
	want("{x} peach ()", "")
	want(".Q.fc[{x*2}] til 10", "0 2 4 6 8 10 12 14 16 18")

	// queries in the secondaries (each reads the same table), and a peach inside a
	// peach runs as each on its secondary
	want("tq:([]a:til 1000;b:1000?`x`y`z);({select sum a by b from tq where a>x} peach til 8)~{select sum a by b from tq where a>x} each til 8", "1b")
	want("({{x*y}[x] peach til 3} peach 1 2)~{{x*y}[x] each til 3} each 1 2", "1b")
	want(".Q.fc[{x+1}] 1 2 3 4 5", "2 3 4 5 6")
	// maps.md: f': with a unary f is Each Parallel
	want("{x+1}':[1 2 3]", "2 3 4")
	fails("{a::x}':[0 1]", "noupdate")

	// errors.md: a secondary may not update globals ('noupdate), use sockets
	// ('nosocket) or run system commands ('sys); an error in f is the peach's
	fails("{a::x} peach 0 1", "noupdate")
	fails("{`a set x} peach 0 1", "noupdate")
	fails("{`t insert ([]x:enlist x)} peach 0 1", "noupdate")
	fails(`{system "pwd"} peach 0 1`, "sys")
	fails("{hopen 5999} peach 0 1", "nosocket")
	fails("{'oops} peach 0 1", "oops")
	want("a", "1") // untouched by the failed peaches
	// peach.md: a single-item list runs on the main thread, which may update globals
	want("{`a set x} peach enlist 7;a", "7")
	// locals are fine in secondaries
	want("{r:x*2;r+1} peach 1 2 3", "3 5 7")
	// and the main thread may update globals again afterwards
	want("a:8;a", "8")

	// errors.md no `g#: a thread other than the main one may not add the group
	// attribute, "E.g. {`g#x}peach 2#enlist 0 1"; the main thread may, as may a
	// single-item peach (it runs there), and other attributes are fine
	fails("{`g#x}peach 2#enlist 0 1", "no `g#")
	fails("tg:([]a:1 2);{update `g#a from tg}peach 0 1", "no `g#")
	want("attr each{`s#x}peach 2#enlist 0 1", "`s`s")
	want("attr first{`g#x}peach enlist 0 1", "`g")
	want("attr `g#0 1", "`g")
}

// TestPeachSeeds: syscmds.md \S "Thread-local": "\S 1234 sets the seed for the rng
// for the main thread only. The rng in a secondary thread is assigned a seed based on
// the secondary thread number."
func TestPeachSeeds(t *testing.T) {
	defer mtThreads.Store(mtThreads.Load())
	run := func(ip *Interp, q string) string {
		t.Helper()
		v, err := ip.EvalString(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return kstr(v)
	}
	a := New(&strings.Builder{}, &strings.Builder{})
	a.SetSecondaries(2)
	first := run(a, "{5?1000}peach 0 1")
	if r := run(a, "{5?1000}peach 0 1"); r == first {
		t.Errorf("a secondary's stream starts again at each peach: %s", r)
	}
	// the two secondaries draw from different seeds
	if r := run(a, "{x~y}. {5?1000}peach 0 1"); r != "0b" {
		t.Errorf("secondaries 0 and 1 drew the same numbers")
	}
	// a fresh process draws the same again (the seed is the thread number), whatever
	// \S the main thread set, and the main thread's own draws are not the secondaries'
	b := New(&strings.Builder{}, &strings.Builder{})
	b.SetSecondaries(2)
	run(b, `\S 42`)
	if r := run(b, "{5?1000}peach 0 1"); r != first {
		t.Errorf("after \\S 42 on the main thread: %s, want %s", r, first)
	}
	if r := run(b, `system"S 42";r:5?1000;system"S 42";r~5?1000`); r != "1b" {
		t.Errorf("\\S 42 does not restart the main thread's stream")
	}
	c := New(&strings.Builder{}, &strings.Builder{})
	if r := run(c, "5?1000"); r == run(a, "first {5?1000}peach 0 1") {
		t.Errorf("the main thread and secondary 0 share a seed")
	}
}
