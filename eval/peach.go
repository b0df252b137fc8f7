package eval

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// Parallel each (peach, ':) on secondary goroutines, as kdb+ runs it on secondary
// threads (docs/basics/peach.md):
//   - with no secondaries (\s 0, the default) peach is each, on the main thread;
//   - a list of one item runs on the main thread too ("single-item list shortcuts");
//   - otherwise item i goes to secondary i mod n, items preassigned, not queued;
//   - a secondary may not update globals ('noupdate, errors.md), use sockets
//     ('nosocket), run system commands ('sys) or apply `g# ('no `g#);
//   - the result is exactly each's: the same items in the same order.
// A secondary is an Interp of its own (frames, caches, compiled lambdas: compiled code
// holds state while it runs) over the main one's namespaces, which nothing writes while
// the main thread waits for the secondaries.

// SetSecondaries sets the -s limit: up to n secondaries, n of them in use (\s).
func (ip *Interp) SetSecondaries(n int) {
	ip.secMax, ip.secN = n, n
	mtThreads.Store(int32(n)) // and the primitives' threads (parallel.go)
}

// secondaries is \s [n]: show, or set within -s (errors.md: `\s 4` without -s is
// 'enable secondary threads via cmd line -s only); \s 0N shows the -s limit.
func (ip *Interp) secondaries(arg string) value.Value {
	if arg == "" {
		return value.Int(int32(ip.secN))
	}
	if arg == "0N" {
		return value.Int(int32(ip.secMax))
	}
	n := int(oneInt(arg))
	switch {
	case n < 0:
		signal("domain") // processes (.z.pd): not supported by gq
	case n > ip.secMax:
		signal("enable secondary threads via cmd line -s only")
	}
	ip.secN = n
	mtThreads.Store(int32(n))
	return nil
}

// peachKw is f peach x and f':[x].
func peachKw(ip *Interp, f, x value.Value) value.Value {
	n := 0
	if isListArg(x) {
		n = value.Len(x)
	}
	if _, ok := x.(*value.Dict); ok || ip.secN == 0 || ip.main != nil || n < 2 {
		return eachKw(ip, f, x) // each on this thread: no secondaries, one item, or nested
	}
	w := min(ip.secN, n)
	r := make([]value.Value, n)
	fail := make([]any, w)
	ip.readOnly++ // code compiled by the main Interp writes globals through it: 'noupdate
	defer func() { ip.readOnly-- }()
	defer mtPause()() // primitives run single-threaded inside peach (parallel.go)
	var wg sync.WaitGroup
	for k := range w {
		s := ip.secondary()
		s.rng = ip.secondaryRng(k)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { fail[k] = recover() }()
			if l, ok := f.(*value.Lambda); ok && lambdaRank(l) == 1 {
				// each's fast path: one frame for all of this secondary's items
				c := s.codeOf(l)
				fr := s.enter(l, c)
				for i := k; i < n; i += w {
					r[i] = s.again1(c, fr, s.itemOf(x, i))
				}
				s.popFrame(fr)
				return
			}
			for i := k; i < n; i += w {
				r[i] = s.apply1(f, s.itemOf(x, i))
			}
		}()
	}
	wg.Wait()
	for _, e := range fail {
		if e != nil {
			panic(e) // the first secondary's error, as if it came from here
		}
	}
	return qlist(r)
}

// secondaryRng is secondary k's random source: syscmds.md \S, "Thread-local": "\S
// 1234 sets the seed for the rng for the main thread only. The rng in a secondary
// thread is assigned a seed based on the secondary thread number." kdb+'s secondary
// threads live as long as the process, so each stream goes on from one peach to the
// next; seeds -1, -2 .. are gq's choice (kdb+'s values are not documented).
func (ip *Interp) secondaryRng(k int) *rand.Rand {
	for len(ip.secRng) <= k {
		ip.secRng = append(ip.secRng, seededRng(int32(-1-len(ip.secRng))))
	}
	return ip.secRng[k]
}

// secondary makes an Interp for one secondary goroutine: the main one's namespaces
// and settings, its own frames and caches, no network, and globals read-only.
func (ip *Interp) secondary() *Interp {
	s := &Interp{Out: ip.Out, Err: ip.Err, Disp: ip.Disp, Net: noSocket{}, Exit: ip.Exit,
		Args: ip.Args, RawArgs: ip.RawArgs, Quiet: ip.Quiet, ScriptFile: ip.ScriptFile, ZW: ip.ZW,
		nss: ip.nss, root: ip.root, cur: ip.cur, zns: ip.zns, qns: ip.qns, seed: ip.seed,
		Debug: ip.Debug, Restricted: ip.Restricted, BlockWrites: ip.BlockWrites, NoExpunge: ip.NoExpunge,
		errTrap: ip.errTrap, weekOff: ip.weekOff, readOnly: 1, main: ip,
		strCode: map[stringKey]*stringCode{}, codes: map[*value.Lambda]*lamCode{}}
	s.frames = []*frame{{ip: s, ns: ip.cur}}
	return s
}

// noSocket is the network as a secondary sees it: sockets belong to the main thread
// (peach.md "Sockets and handles"; errors.md 'nosocket).
type noSocket struct{}

var errNoSocket = &value.Error{Msg: "nosocket"}

func (noSocket) Open(string, int, string, time.Duration) (int32, error) { return 0, errNoSocket }
func (noSocket) OpenWS(string, string, time.Duration) (int32, string, error) {
	return 0, "", errNoSocket
}
func (noSocket) Close(int32) error                              { return errNoSocket }
func (noSocket) Sync(int32, value.Value) (value.Value, error)   { return nil, errNoSocket }
func (noSocket) Async(int32, value.Value) error                 { return errNoSocket }
func (noSocket) Broadcast([]int32, value.Value) error           { return errNoSocket }
func (noSocket) Respond(int32, value.Value, bool) error         { return errNoSocket }
func (noSocket) Flush(int32) error                              { return errNoSocket }
func (noSocket) Receive(int32) (value.Value, error)             { return nil, errNoSocket }
func (noSocket) Listen(string) (int, error)                     { return 0, errNoSocket }
func (noSocket) Port() int                                      { return 0 }
func (noSocket) Queued() map[int32]int64                        { return nil }
func (noSocket) Interrupt()                                     {}
func (noSocket) Peer(int32) (int32, string, bool)               { return 0, "", false }
func (noSocket) HTTP(string, int, bool, []byte) ([]byte, error) { return nil, errNoSocket }
func (noSocket) HTTPFetch(string, bool, string, []byte) ([]byte, error) {
	return nil, errNoSocket
}
