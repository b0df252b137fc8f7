package bench

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Bulk data through IPC (issue 14): the kdb-tick pattern, a feed sending 100 tables of
// 10,000 rows async to a tickerplant that inserts each and republishes it to an RDB that
// inserts it too, and one 200 MB vector sent to a server that sums it.

const (
	tickRows = 10000 // rows per update, as kdb-tick's bulk test sends
	tickMsgs = 100   // updates per benchmark iteration: 1M rows
)

// rdbScript is the RDB: an empty trade table and upd inserting into it. .u.upd is
// the same, so the feed can also send straight to it.
const rdbScript = "trade:([]time:`timespan$();sym:`symbol$();price:`float$();size:`long$())\n" +
	"upd:{[t;x] t insert x}\n" +
	".u.upd:upd\n"

// tpScript is the tickerplant: it inserts each update and republishes it to the RDB,
// whose port is its first argument, opened as the RDB's subscription would be.
const tpScript = rdbScript +
	"h:neg hopen \"J\"$.z.x 0\n" +
	".u.upd:{[t;x] t insert x; h(`upd;t;x)}\n"

// startScript runs gq on a script with arguments and waits for its port to answer.
func startScript(b *testing.B, script string, args ...string) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	f := filepath.Join(b.TempDir(), "s.q")
	if err := os.WriteFile(f, []byte(script), 0o644); err != nil {
		b.Fatal(err)
	}
	argv := append([]string{f, "-p", fmt.Sprintf("127.0.0.1:%d", port)}, args...)
	cmd := exec.Command(bins["gq"], argv...)
	cmd.Stderr = os.Stderr
	cmd.Env = append(append(os.Environ(), profileEnv(b, script)...), serverEnv...)
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	pids[port] = cmd.Process.Pid
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			c.Close() // listening: a tickerplant can open it
			break
		}
		if time.Now().After(deadline) {
			b.Fatal(err)
		}
	}
	b.Cleanup(func() {
		// exit through q, so a GQ_CPUPROFILE profile is written
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second); err == nil {
			c.Write([]byte("bench\x03\x00"))
			io.ReadFull(c, make([]byte, 1))
			c.Write(frame(0, "exit 0"))
			done := make(chan struct{})
			go func() { cmd.Wait(); close(done) }()
			select {
			case <-done:
				c.Close()
				return
			case <-time.After(5 * time.Second):
			}
			c.Close()
		}
		cmd.Process.Kill()
		cmd.Wait()
	})
	return port
}

// serverEnv is added to the environment of the servers startScript starts: the
// *Plain benchmarks set GQ_HEAP=plain there, gq without its big-vector memory
// handling (eval/value/heap.go HeapPlain), for a before/after in one run.
var serverEnv []string

// plain runs f with the servers it starts in GQ_HEAP=plain.
func plain(b *testing.B, f func(*testing.B)) {
	serverEnv = []string{"GQ_HEAP=plain"}
	defer func() { serverEnv = nil }()
	f(b)
}

// pids are the servers' process ids by port, for their CPU time.
var pids = map[int]int{}

// cpuTime is the user+system CPU time of process pid so far (Linux /proc; 0 elsewhere).
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.Atoi(f[11])
	s, _ := strconv.Atoi(f[12])
	return time.Duration(u+s) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

// profileEnv passes GQ_BENCH_PROFILE=dir on to the servers as a CPU profile each
// (tp.prof, rdb.prof), for `go tool pprof`.
func profileEnv(b *testing.B, script string) []string {
	dir := os.Getenv("GQ_BENCH_PROFILE")
	if dir == "" {
		return nil
	}
	name := "rdb"
	if script == tpScript {
		name = "tp"
	} else if script != rdbScript {
		name = "gq"
	}
	return []string{"GQ_CPUPROFILE=" + filepath.Join(dir, b.Name()[len("Benchmark"):]+"-"+name+".prof")}
}

// msg builds kdb+ messages by hand (the bench measures the built programs and imports
// none of gq's packages): little-endian, uncompressed.
type msg []byte

func (m msg) u32(n int) msg         { return binary.LittleEndian.AppendUint32(m, uint32(n)) }
func (m msg) sym(s string) msg      { return append(append(m, s...), 0) }
func (m msg) vec(t byte, n int) msg { return append(m, t, 0).u32(n) }

// frame finishes m (which starts with 8 bytes for the header) as a message of kind.
func (m msg) frame(kind byte) []byte {
	copy(m, []byte{1, kind, 0, 0})
	binary.LittleEndian.PutUint32(m[4:], uint32(len(m)))
	return m
}

// tickFrame is one async (`.u.upd;`trade;t) message with t of tickRows rows, built once:
// time (timespan), sym, price (float), size (long).
func tickFrame(b *testing.B) []byte {
	syms := []string{"AAPL", "MSFT", "IBM", "GOOG", "AMZN", "ORCL", "INTC", "CSCO"}
	m := make(msg, 8, 64+tickRows*40).vec(0, 3)
	m = append(m, 0xf5).sym(".u.upd")
	m = append(m, 0xf5).sym("trade")
	m = append(m, 98, 0, 99).vec(11, 4).sym("time").sym("sym").sym("price").sym("size").vec(0, 4)
	m = m.vec(16, tickRows)
	for i := range tickRows {
		m = binary.LittleEndian.AppendUint64(m, uint64(i)*1000000)
	}
	m = m.vec(11, tickRows)
	for i := range tickRows {
		m = m.sym(syms[i%len(syms)])
	}
	m = m.vec(9, tickRows)
	for i := range tickRows {
		m = binary.LittleEndian.AppendUint64(m, math.Float64bits(100+float64(i%1000)/100))
	}
	m = m.vec(7, tickRows)
	for i := range tickRows {
		m = binary.LittleEndian.AppendUint64(m, uint64(100*(1+i%10)))
	}
	return m.frame(0)
}

// syncLong sends the query q and reads a long (or int) answer.
func (c *client) syncLong(b *testing.B, q string) int64 {
	c.w.Write(frame(1, q))
	c.w.Flush()
	hdr := make([]byte, 8)
	if _, err := io.ReadFull(c.r, hdr); err != nil {
		b.Fatal(err)
	}
	body := make([]byte, int(binary.LittleEndian.Uint32(hdr[4:]))-8)
	if _, err := io.ReadFull(c.r, body); err != nil {
		b.Fatal(err)
	}
	switch {
	case len(body) == 9 && body[0] == 0xf9: // long
		return int64(binary.LittleEndian.Uint64(body[1:]))
	case len(body) == 5 && body[0] == 0xfa: // int
		return int64(int32(binary.LittleEndian.Uint32(body[1:])))
	}
	b.Fatalf("%s: answer %q", q, body)
	return 0
}

// benchTick sends tickMsgs updates per iteration to port and stops the clock when
// count reports that the last table is in. It reports rows/s end to end and, as the
// figure that a busy shared machine moves least, each server's CPU time per million
// rows (cpu-ms/Mrow, summed over the servers of ports).
func benchTick(b *testing.B, port int, count string, ports ...int) {
	c := dial(b, port)
	f := tickFrame(b)
	var rows float64
	var took, cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c.syncLong(b, "upd[`trade;0#trade]; count trade:0#trade") // empty both sides
		if count != "count trade" {
			c.syncLong(b, "h\"trade:0#trade\"; 0") // the RDB too, in order behind h's queue
		}
		b.StartTimer()
		var c0 time.Duration
		for _, p := range ports {
			c0 += cpuTime(pids[p])
		}
		t0 := time.Now()
		for range tickMsgs {
			c.w.Write(f)
		}
		n := c.syncLong(b, count)
		took += time.Since(t0)
		for _, p := range ports {
			cpu += cpuTime(pids[p])
		}
		cpu -= c0
		if n != tickMsgs*tickRows {
			b.Fatalf("%s: %d rows, want %d", count, n, tickMsgs*tickRows)
		}
		rows += float64(n)
	}
	b.ReportMetric(rows/took.Seconds(), "rows/s")
	b.ReportMetric(float64(cpu.Milliseconds())/(rows/1e6), "cpu-ms/Mrow")
}

// BenchmarkTickRDB: feed -> RDB, each table inserted.
func BenchmarkTickRDB(b *testing.B) {
	build(b)
	rdb := startScript(b, rdbScript)
	benchTick(b, rdb, "count trade", rdb)
}

// BenchmarkTickTP: feed -> tickerplant (insert, publish) -> RDB (insert). The count
// is the RDB's, asked through the tickerplant's handle after what it published.
func BenchmarkTickTP(b *testing.B) {
	build(b)
	rdb := startScript(b, rdbScript)
	tp := startScript(b, tpScript, strconv.Itoa(rdb))
	benchTick(b, tp, "h[]; (neg h)\"count trade\"", tp, rdb)
}

// BenchmarkTickRDBPlain and BenchmarkTickTPPlain are TickRDB and TickTP with the
// servers in GQ_HEAP=plain.
func BenchmarkTickRDBPlain(b *testing.B) { plain(b, BenchmarkTickRDB) }
func BenchmarkTickTPPlain(b *testing.B)  { plain(b, BenchmarkTickTP) }

// BenchmarkTickBare: the same frames to bareq, which reads and drops them: the limit.
func BenchmarkTickBare(b *testing.B) {
	build(b)
	c := dial(b, startBare(b))
	f := tickFrame(b)
	chase := frame(1, "1+1")
	b.ResetTimer()
	t0 := time.Now()
	for range b.N {
		for range tickMsgs {
			c.w.Write(f)
		}
		c.roundTrip(b, chase)
	}
	b.ReportMetric(float64(b.N*tickMsgs*tickRows)/time.Since(t0).Seconds(), "rows/s")
}

// bigFrame is a sync (`sum;v) message with v 200 MB of longs.
func bigFrame(b *testing.B) []byte {
	const n = 25 << 20
	m := make(msg, 8, 32+8*n).vec(0, 2)
	m = append(m, 0xf5).sym("sum").vec(7, n)
	for i := range n {
		m = binary.LittleEndian.AppendUint64(m, uint64(i))
	}
	return m.frame(1)
}

func benchBig(b *testing.B, port int) {
	c := dial(b, port)
	f := bigFrame(b)
	c.roundTrip(b, f) // warm: the server's heap has grown once
	b.SetBytes(int64(len(f)))
	b.ResetTimer()
	for range b.N {
		c.roundTrip(b, f)
	}
}

// BenchmarkBigGQ sends 200 MB of longs to gq and gets their sum back.
func BenchmarkBigGQ(b *testing.B) {
	build(b)
	benchBig(b, startScript(b, "/ a plain server\n"))
}

// BenchmarkBigPlain is BigGQ with the server in GQ_HEAP=plain.
func BenchmarkBigPlain(b *testing.B) { plain(b, BenchmarkBigGQ) }

// BenchmarkBigBare sends the same message to bareq, which reads it into a buffer it
// keeps and answers.
func BenchmarkBigBare(b *testing.B) {
	build(b)
	benchBig(b, startBare(b))
}
