package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

// The stress program (issue 11): one gq server, started as a hostile deployment would
// start it (-T 1, -u users file, -w 2000), takes at the same time 500 clients whose every answer
// is checked, 50 async streams whose counts must be exact, clients that vanish at every
// stage of a conversation, a reader that never reads, a writer that floods, a 2 GB
// length, a decompression bomb, 100,000 levels of nesting, a runaway while[1b;],
// requests for more memory than -w allows and wrong passwords. Afterwards the process must be alive, answer 1+1 within a second,
// hold no connection of the clients gone and no memory of theirs.
//
// go test runs it for about two seconds of load; -stress.duration runs it longer:
//
//	go test ./cmd/gq -run TestStress -stress.duration=60s -v
var stressDuration = flag.Duration("stress.duration", 0, "run TestStress's load this long (default: a short run)")

const (
	stressUser     = "stress"
	stressPassword = "s3cret"
	stressClients  = 500 // concurrent clients with checked answers
	stressStreams  = 50  // async streams with exact counts
)

// qClient is a minimal kdb+ IPC client over raw TCP: the handshake, then messages
// framed and decoded by ipc/wire. It is the test's own, so that it can misbehave.
type qClient struct {
	nc net.Conn
	br *bufio.Reader
}

// dialQ connects and logs in as user:password; the server answers with one capability
// byte or, refusing the login, closes the connection.
func dialQ(port int, creds string) (*qClient, error) {
	nc, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 10*time.Second)
	if err != nil {
		return nil, err
	}
	return login(nc, creds)
}

// login sends nc's handshake for creds and reads the capability byte.
func login(nc net.Conn, creds string) (*qClient, error) {
	q := &qClient{nc: nc, br: bufio.NewReader(nc)}
	nc.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := nc.Write(append([]byte(creds), 3, 0)); err != nil {
		nc.Close()
		return nil, err
	}
	var capa [1]byte
	if _, err := io.ReadFull(q.br, capa[:]); err != nil {
		nc.Close()
		return nil, fmt.Errorf("login refused: %w", err)
	}
	nc.SetDeadline(time.Time{})
	return q, nil
}

func (q *qClient) send(kind byte, v value.Value) error {
	b, err := wire.AppendMessage(nil, kind, v)
	if err != nil {
		return err
	}
	_, err = q.nc.Write(b)
	return err
}

// receive reads one whole message and decodes it; a q error comes back as a
// *value.Error value.
func (q *qClient) receive() (value.Value, error) {
	var hdr [wire.HeaderLen]byte
	if _, err := io.ReadFull(q.br, hdr[:]); err != nil {
		return nil, err
	}
	h, err := wire.ParseHeader(hdr[:])
	if err != nil {
		return nil, err
	}
	msg := make([]byte, h.Len)
	copy(msg, hdr[:])
	if _, err := io.ReadFull(q.br, msg[wire.HeaderLen:]); err != nil {
		return nil, err
	}
	return wire.Decode(msg)
}

// sync sends q source as a sync request and waits (at most timeout) for the answer.
func (q *qClient) sync(src string, timeout time.Duration) (value.Value, error) {
	q.nc.SetDeadline(time.Now().Add(timeout))
	defer q.nc.SetDeadline(time.Time{})
	if err := q.send(wire.Sync, value.Str(src)); err != nil {
		return nil, err
	}
	return q.receive()
}

func (q *qClient) close() { q.nc.Close() }

// answerText shows an answer briefly for a failure message.
func answerText(v value.Value) string {
	if e, ok := v.(*value.Error); ok {
		return "'" + e.Msg
	}
	s := fmt.Sprintf("%T %v", v, v)
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return s
}

func longOf(v value.Value) (int64, bool) {
	l, ok := v.(value.Long)
	return int64(l), ok
}

// stressTally gathers the figures of a run; every failure is also counted.
type stressTally struct {
	checked, asyncSent, vanished, refused, hostile, slowSent, runaways, greedy, maxWait atomic.Int64
	mu                                                                                  sync.Mutex
	errs                                                                                []string
}

func (s *stressTally) fail(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.errs) < 20 {
		s.errs = append(s.errs, fmt.Sprintf(format, args...))
	}
}

// expectClosed waits for the server to close q's connection: it must neither answer
// nor keep the connection open (a hostile message costs only its own connection).
func expectClosed(q *qClient, within time.Duration) error {
	q.nc.SetReadDeadline(time.Now().Add(within))
	n, err := io.Copy(io.Discard, q.br)
	if err == nil {
		return nil // EOF: closed
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("connection still open after %v (%d bytes read)", within, n)
	}
	return nil // reset: closed as well
}

// procStatus reads a field (kB) of /proc/pid/status: VmRSS, VmHWM.
func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == field+":" {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n
		}
	}
	return -1
}

func TestStress(t *testing.T) {
	if testing.Short() {
		t.Skip("stress: not in -short")
	}
	budget := 2 * time.Second
	long := *stressDuration > 0
	if long {
		budget = *stressDuration
	}
	users := filepath.Join(t.TempDir(), "users.txt")
	os.WriteFile(users, []byte(stressUser+":"+stressPassword+"\n"), 0o644)
	// Every login must be seen exactly once by .z.po and every close by .z.pc.
	script := filepath.Join(t.TempDir(), "stress.q")
	os.WriteFile(script, []byte("stressOpened:stressClosed:0\n.z.po:{stressOpened+:1}\n.z.pc:{stressClosed+:1}\n"), 0o644)
	srv := startServer(t, script, "-T", "1", "-u", users, "-w", "2000")
	creds := stressUser + ":" + stressPassword
	pid := srv.cmd.Process.Pid

	start := time.Now()
	end := start.Add(budget)
	more := func() bool { return time.Now().Before(end) }
	var tally stressTally
	var wg sync.WaitGroup
	run := func(f func()) {
		wg.Add(1)
		go func() { defer wg.Done(); f() }()
	}

	// 500 concurrent clients with checked answers. Each connects, then asks sums and
	// counts whose answers it knows, until the budget is spent (at least 3 each).
	var ready sync.WaitGroup
	ready.Add(stressClients)
	for i := range stressClients {
		run(func() {
			rng := rand.New(rand.NewSource(int64(i)))
			q, err := dialQ(srv.port, creds)
			ready.Done()
			if err != nil {
				tally.fail("client %d: %v", i, err)
				return
			}
			defer q.close()
			for k := 0; k < 3 || more(); k++ {
				a, b := rng.Int63n(1e9), rng.Int63n(1e9)
				src, want := fmt.Sprintf("%d+%d", a, b), a+b
				if k%3 == 1 {
					n := rng.Int63n(10000)
					src, want = fmt.Sprintf("sum til %d", n), n*(n-1)/2
				}
				t0 := time.Now()
				v, err := q.sync(src, 30*time.Second)
				if err != nil {
					tally.fail("client %d: %s: %v", i, src, err)
					return
				}
				for d := int64(time.Since(t0)); ; {
					m := tally.maxWait.Load()
					if d <= m || tally.maxWait.CompareAndSwap(m, d) {
						break
					}
				}
				if got, ok := longOf(v); !ok || got != want {
					tally.fail("client %d: %s gave %s, want %d", i, src, answerText(v), want)
					return
				}
				tally.checked.Add(1)
				if !long {
					time.Sleep(time.Duration(rng.Intn(50)) * time.Millisecond)
				}
			}
		})
	}
	ready.Wait() // all 500 are connected (or failed) before the hostile ones start

	// 50 async streams with exact counts: each its own counter, n async increments,
	// then one sync read that must see all n (messages of one connection are handled
	// in order).
	for i := range stressStreams {
		run(func() {
			q, err := dialQ(srv.port, creds)
			if err != nil {
				tally.fail("stream %d: %v", i, err)
				return
			}
			defer q.close()
			name := fmt.Sprintf("stressCount%d", i)
			for round := 0; round == 0 || more(); round++ {
				if _, err := q.sync(name+":0", 30*time.Second); err != nil {
					tally.fail("stream %d: %v", i, err)
					return
				}
				n := int64(100 + i*4) // distinct per stream
				if long {
					n = int64(1000 + i*10)
				}
				q.nc.SetWriteDeadline(time.Now().Add(30 * time.Second))
				for range n {
					if err := q.send(wire.Async, value.Str(name+"+:1")); err != nil {
						tally.fail("stream %d: send: %v", i, err)
						return
					}
				}
				v, err := q.sync(name, 30*time.Second)
				if err != nil {
					tally.fail("stream %d: %v", i, err)
					return
				}
				if got, ok := longOf(v); !ok || got != n {
					tally.fail("stream %d: counted %s, sent %d", i, answerText(v), n)
					return
				}
				tally.asyncSent.Add(n)
			}
		})
	}

	// Clients vanishing at every stage: before the hello, mid-hello, after the login,
	// mid-header, mid-body, after a sync request before its answer, during a long one.
	request, _ := wire.AppendMessage(nil, wire.Sync, value.Str("til 100000"))
	slowRequest, _ := wire.AppendMessage(nil, wire.Sync, value.Str("do[200000;1+1];42"))
	stages := []func(nc net.Conn){
		func(nc net.Conn) {},
		func(nc net.Conn) { nc.Write([]byte(stressUser + ":s3")) },
		func(nc net.Conn) { nc.Write([]byte(creds + "\x03\x00")) },
		func(nc net.Conn) { nc.Write([]byte(creds + "\x03\x00")); nc.Write(request[:5]) },
		func(nc net.Conn) { nc.Write([]byte(creds + "\x03\x00")); nc.Write(request[:len(request)-3]) },
		func(nc net.Conn) {
			nc.Write([]byte(creds + "\x03\x00"))
			nc.Write(request)
			var capa [1]byte
			nc.Read(capa[:]) // logged in; the answer is never read
		},
		func(nc net.Conn) { nc.Write([]byte(creds + "\x03\x00")); nc.Write(slowRequest) },
	}
	for w := range 4 {
		run(func() {
			for k := w; k < 4*len(stages) || more(); k += 4 {
				nc, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", srv.port), 10*time.Second)
				if err != nil {
					tally.fail("vanishing client: %v", err)
					return
				}
				stages[k%len(stages)](nc)
				if tc, ok := nc.(*net.TCPConn); ok && k%2 == 0 {
					tc.SetLinger(0) // half of them vanish with a reset, not a FIN
				}
				nc.Close()
				tally.vanished.Add(1)
			}
		})
	}

	// Wrong passwords (and unknown users) under -u file are refused: the connection
	// closes without a capability byte.
	run(func() {
		for k := 0; k < 10 || more() && k < 100000; k++ {
			bad := []string{stressUser + ":wrong", "nobody:" + stressPassword, stressUser, "", stressUser + ":" + stressPassword + "x"}[k%5]
			q, err := dialQ(srv.port, bad)
			if err == nil {
				q.close()
				tally.fail("login %q was accepted", bad)
				return
			}
			tally.refused.Add(1)
			if long {
				time.Sleep(10 * time.Millisecond)
			}
		}
	})

	// A slow reader: it asks for big answers and never reads them. It stops asking
	// when the server stops taking its requests (TCP pushes back); the server must not
	// hold more than a bounded part of what was asked for.
	slow, err := dialQ(srv.port, creds)
	if err != nil {
		t.Fatal(err)
	}
	run(func() {
		big, _ := wire.AppendMessage(nil, wire.Sync, value.Str("til 1000000")) // 8 MB answers
		for range 200 {                                                        // 1.6 GB if all were kept
			slow.nc.SetWriteDeadline(time.Now().Add(time.Second))
			if _, err := slow.nc.Write(big); err != nil {
				return // pushed back: the server no longer reads this client
			}
			tally.slowSent.Add(1)
		}
	})

	// A fast writer floods async messages; its count must be exact too.
	run(func() {
		q, err := dialQ(srv.port, creds)
		if err != nil {
			tally.fail("fast writer: %v", err)
			return
		}
		defer q.close()
		if _, err := q.sync("stressFlood:0", 30*time.Second); err != nil {
			tally.fail("fast writer: %v", err)
			return
		}
		one, _ := wire.AppendMessage(nil, wire.Async, value.Str("stressFlood+:1"))
		batch := make([]byte, 0, 1000*len(one))
		for range 1000 {
			batch = append(batch, one...)
		}
		var n int64
		q.nc.SetWriteDeadline(time.Now().Add(60 * time.Second))
		for n < 5000 || long && more() && n < 5_000_000 {
			if _, err := q.nc.Write(batch); err != nil {
				tally.fail("fast writer: %v", err)
				return
			}
			n += 1000
		}
		v, err := q.sync("stressFlood", 60*time.Second)
		if got, ok := longOf(v); err != nil || !ok || got != n {
			tally.fail("fast writer: counted %v %v, sent %d", v, err, n)
			return
		}
		tally.asyncSent.Add(n)
	})

	// Hostile messages, each on a logged-in connection the server must close: a 2 GB
	// length, a compressed message claiming 2 GB, one claiming more than its stream
	// can expand to (a bomb within the limit), and 100,000 levels of nesting.
	hostile := map[string][]byte{}
	{
		h := make([]byte, 16)
		wire.PutHeader(h, wire.Sync, 1<<31-1)
		copy(h[8:], "\xf5\x00\x00\x00\x00\x00\x00\x00")
		hostile["2 GB length"] = h

		m, _ := wire.AppendMessage(nil, wire.Sync, value.NewVec(value.TByte, make([]byte, 100000)))
		z, ok := wire.CompressSmall(m)
		if !ok {
			t.Fatal("a zero vector did not compress")
		}
		bomb := append([]byte(nil), z...)
		binary.LittleEndian.PutUint32(bomb[8:], 1<<31-1)
		hostile["compressed, claims 2 GB"] = bomb
		bomb2 := append([]byte(nil), z...)
		binary.LittleEndian.PutUint32(bomb2[8:], 512<<20) // under the limit, over 129x the stream
		hostile["compressed, claims 512 MB"] = bomb2

		const depth = 100000
		nest := make([]byte, 8, 8+6*depth+9)
		for range depth {
			nest = append(nest, 0, 0, 1, 0, 0, 0) // a general list of one item
		}
		nest = append(nest, 0xf9, 1, 0, 0, 0, 0, 0, 0, 0) // 1j
		wire.PutHeader(nest, wire.Sync, len(nest))
		hostile["100,000 levels of nesting"] = nest
	}
	for name, msg := range hostile {
		run(func() {
			for k := 0; k < 1 || more() && k < 1000; k++ {
				q, err := dialQ(srv.port, creds)
				if err != nil {
					tally.fail("%s: %v", name, err)
					return
				}
				q.nc.SetWriteDeadline(time.Now().Add(10 * time.Second))
				q.nc.Write(msg)
				err = expectClosed(q, 10*time.Second)
				q.close()
				if err != nil {
					tally.fail("%s: %v", name, err)
					return
				}
				tally.hostile.Add(1)
				time.Sleep(50 * time.Millisecond)
			}
		})
	}

	// A greedy client asks for more than -w 2000 allows, by a length and by joining:
	// 'wsfull for it, nothing for the others.
	run(func() {
		q, err := dialQ(srv.port, creds)
		if err != nil {
			tally.fail("greedy: %v", err)
			return
		}
		defer q.close()
		for k := 0; k < 3 || more() && k < 1000; k++ {
			src := []string{"til 500000000", "count raze 300#enlist til 1000000", "count til[100000] cross til 100000"}[k%3]
			v, err := q.sync(src, 30*time.Second)
			if e, ok := v.(*value.Error); err != nil || !ok || e.Msg != "wsfull" {
				tally.fail("greedy: %s gave %v %v, want 'wsfull", src, answerText(v), err)
				return
			}
			tally.greedy.Add(1)
			time.Sleep(100 * time.Millisecond)
		}
	})

	// A runaway request under -T 1 ends with 'stop; the others wait out at most that.
	run(func() {
		q, err := dialQ(srv.port, creds)
		if err != nil {
			tally.fail("runaway: %v", err)
			return
		}
		defer q.close()
		for k := 0; k < 1 || more() && k < 1000; k++ {
			t0 := time.Now()
			v, err := q.sync("while[1b;]", 30*time.Second)
			if e, ok := v.(*value.Error); err != nil || !ok || e.Msg != "stop" {
				tally.fail("runaway: got %v %v, want 'stop", v, err)
				return
			}
			if d := time.Since(t0); d > 10*time.Second {
				tally.fail("runaway: 'stop came after %v", d)
			}
			tally.runaways.Add(1)
			if long {
				time.Sleep(2 * time.Second) // leave the others time to run
			}
		}
	})

	wg.Wait()
	elapsed := time.Since(start)
	peak := procStatus(pid, "VmHWM")

	// The server is alive and answers at once.
	if st, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); !strings.Contains(string(st), ") S ") && !strings.Contains(string(st), ") R ") {
		t.Fatalf("server is not running: %q\n%s", st, srv.output())
	}
	q, err := dialQ(srv.port, creds)
	if err != nil {
		t.Fatalf("server does not accept a login after the run: %v\n%s", err, srv.output())
	}
	defer q.close()
	t0 := time.Now()
	v, err := q.sync("1+1", time.Second)
	if got, ok := longOf(v); err != nil || !ok || got != 2 {
		t.Fatalf("1+1 after the run: %v %v (%v)", v, err, time.Since(t0))
	}
	oneOne := time.Since(t0)
	// The slow reader's answers were never read; it goes now, and with it what the
	// server held for it. Every other client is gone: only q's handle is left.
	slow.close()
	var handles int64 = -1
	// (The requests it sent before leaving still run first: seconds under -race.)
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		v, err := q.sync("count .z.W", 60*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if handles, _ = longOf(v); handles == 1 {
			break
		}
	}
	if handles != 1 {
		t.Errorf("%d handles open after every client left, want 1 (this one)", handles)
	}
	v, err = q.sync("stressOpened,stressClosed", 10*time.Second)
	oc, ok := v.(*value.Vec[int64])
	if err != nil || !ok || len(oc.S) != 2 || oc.S[0]-oc.S[1] != 1 {
		t.Errorf(".z.po and .z.pc counts: %v %v, want one more opened than closed", answerText(v), err)
	} else {
		t.Logf(".z.po ran %d times, .z.pc %d times", oc.S[0], oc.S[1])
	}
	v, err = q.sync(".Q.gc[];.Q.w[]`used", 10*time.Second)
	used, _ := longOf(v)
	if err != nil || used > 256<<20 {
		t.Errorf("heap in use after the run: %v %v, want under 256 MB", answerText(v), err)
	}
	rss := procStatus(pid, "VmRSS")

	t.Logf("%v of load: %d checked answers, %d async messages counted exactly, %d clients vanished, "+
		"%d wrong logins refused, %d hostile messages refused, %d runaway requests stopped, %d greedy requests 'wsfull, "+
		"slow reader sent %d requests for 8 MB answers; slowest checked answer %v; server peak RSS %d MB, RSS after %d MB, heap in use %d MB, 1+1 in %v",
		elapsed.Round(time.Millisecond), tally.checked.Load(), tally.asyncSent.Load(), tally.vanished.Load(),
		tally.refused.Load(), tally.hostile.Load(), tally.runaways.Load(), tally.greedy.Load(), tally.slowSent.Load(), time.Duration(tally.maxWait.Load()).Round(time.Millisecond),
		peak>>10, rss>>10, used>>20, oneOne.Round(time.Microsecond))
	if out := srv.output(); strings.Contains(out, "panic") || strings.Contains(out, "fatal error") || strings.Contains(out, "internal error") || strings.Contains(out, "DATA RACE") {
		t.Errorf("server output:\n%s", out)
	}
	for _, e := range tally.errs {
		t.Error(e)
	}
	if peak > 1<<20 { // kB: 1 GB
		t.Errorf("server peak RSS %d MB: memory grew with what clients asked for", peak>>10)
	}
	if tally.checked.Load() < stressClients*3 {
		t.Errorf("only %d answers checked", tally.checked.Load())
	}
}

// A client that asks for big answers and does not read them holds at most about 64 MB
// of them in the server (ipc.Options.MaxOutBytes): its further requests wait, unread,
// until it reads. When it does read, every answer arrives, in order: nothing is lost.
// (Before, the server queued all of them: 30 requests for 4 MB each held 120 MB.)
func TestSlowReaderBounded(t *testing.T) {
	srv := startServer(t)
	q, err := dialQ(srv.port, "")
	if err != nil {
		t.Fatal(err)
	}
	defer q.close()
	const n = 30
	askBig(t, q, n)
	other, err := dialQ(srv.port, "")
	if err != nil {
		t.Fatal(err)
	}
	defer other.close()
	// The server answers what it will: the bytes queued for the reader grow to the
	// bound and stay there. They are read until two readings half a second apart agree
	// with 8 MB or more queued, or until they pass 80 MB (all 30 answers are 120 MB); not
	// a fixed wait, which a loaded machine (load 15-20 on 2 cores) may not fill. A main
	// loop blocked on the reader would not answer these syncs (30 s each).
	var queued, last int64 = 0, -1
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(500 * time.Millisecond) {
		v, err := other.sync("sum .z.W", 30*time.Second)
		n, ok := longOf(v)
		if err != nil || !ok {
			t.Fatalf("sum .z.W beside the slow reader: %v %v", answerText(v), err)
		}
		queued = n
		if queued > 80<<20 || queued >= 8<<20 && queued == last || time.Now().After(deadline) {
			break
		}
		last = queued
	}
	if queued > 80<<20 || queued < 8<<20 {
		t.Errorf("bytes queued for the slow reader: %d, want between 8 and 80 MB", queued)
	}
	v, err := other.sync(".Q.w[]`used", 30*time.Second)
	if used, _ := longOf(v); err != nil || used > 300<<20 {
		t.Errorf("heap in use while the reader waits: %v %v", answerText(v), err)
	}
	readBig(t, q, n)
}

// askBig sends q, in one write it does not wait to be answered, n sync requests for
// answers of 4 MB each: i,til 500000 for i in til n.
func askBig(t *testing.T, q *qClient, n int) {
	t.Helper()
	var batch []byte
	for i := range n {
		batch, _ = wire.AppendMessage(batch, wire.Sync, value.Str(fmt.Sprintf("%d,til 500000", i)))
	}
	q.nc.SetWriteDeadline(time.Now().Add(30 * time.Second))
	if _, err := q.nc.Write(batch); err != nil {
		t.Fatal(err)
	}
}

// readBig reads askBig's n answers and checks that each is whole and in its place.
func readBig(t *testing.T, q *qClient, n int) {
	t.Helper()
	q.nc.SetReadDeadline(time.Now().Add(60 * time.Second))
	for i := range n {
		v, err := q.receive()
		if err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
		l, ok := v.(*value.Vec[int64])
		if !ok || len(l.S) != 500001 || l.S[0] != int64(i) || l.S[500000] != 499999 {
			t.Fatalf("answer %d: %s", i, answerText(v))
		}
	}
}

// A slow reader that leaves: the requests it sent before leaving are still run (as
// kdb+ runs what it read before a close), but their answers, which can reach no one,
// are not kept: the server's memory stays near the 64 MB bound of the unread answers.
// (Before, 60 requests for 8 MB answers then a close made the server queue 480 MB.)
func TestSlowReaderLeaves(t *testing.T) {
	srv := startServer(t)
	other, err := dialQ(srv.port, "")
	if err != nil {
		t.Fatal(err)
	}
	defer other.close()
	if _, err := other.sync("stressRan:0", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	q, err := dialQ(srv.port, "")
	if err != nil {
		t.Fatal(err)
	}
	var batch []byte
	for range 60 {
		batch, _ = wire.AppendMessage(batch, wire.Sync, value.Str("stressRan+:1;til 1000000"))
	}
	batch, _ = wire.AppendMessage(batch, wire.Sync, value.Str("stressLast:1b"))
	q.nc.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := q.nc.Write(batch); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // the server answers until 64 MB wait unread
	q.close()
	var v value.Value
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if v, err = other.sync("@[value;`stressLast;0b]", 10*time.Second); err != nil || v == value.Bool(true) {
			break
		}
	}
	if err != nil || v != value.Bool(true) {
		t.Fatalf("the requests read before the close did not all run: %v %v", v, err)
	}
	if v, err := other.sync("stressRan", 10*time.Second); err != nil || v != value.Long(60) {
		t.Errorf("requests run: %v %v, want 60", v, err)
	}
	if hwm := procStatus(srv.cmd.Process.Pid, "VmHWM"); hwm > 300<<10 {
		t.Errorf("server peak RSS %d MB: answers for a client gone were kept", hwm>>10)
	}
}
