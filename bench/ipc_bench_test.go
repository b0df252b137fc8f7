// Package bench measures gq against its physical limits, each process on its own as in
// real use: `go test -run XXX -bench . ./bench`.
package bench

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	bins      = map[string]string{}
	buildErr  error
)

// build compiles gq and the bare reference server once.
func build(b *testing.B) {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gq-bench")
		if err != nil {
			buildErr = err
			return
		}
		for name, pkg := range map[string]string{"gq": "../cmd/gq", "bareq": "./bareq"} {
			bins[name] = filepath.Join(dir, name)
			if out, err := exec.Command("go", "build", "-o", bins[name], pkg).CombinedOutput(); err != nil {
				buildErr = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
				return
			}
		}
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
}

// startGQ runs `gq -p 127.0.0.1:port` and returns the port.
func startGQ(b *testing.B) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bins["gq"], "-p", fmt.Sprintf("127.0.0.1:%d", port))
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return port
}

// startBare runs the bare server and reads the port it prints.
func startBare(b *testing.B) int {
	cmd := exec.Command(bins["bareq"])
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	var port int
	if _, err := fmt.Fscan(out, &port); err != nil {
		b.Fatal(err)
	}
	return port
}

// client is a raw kdb+ connection: it writes prepared frames and reads responses.
type client struct {
	c net.Conn
	r *bufio.Reader
	w *bufio.Writer
}

func dial(b *testing.B, port int) *client {
	var c net.Conn
	var err error
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err = net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	c.(*net.TCPConn).SetNoDelay(true)
	c.Write([]byte("bench\x03\x00"))
	one := make([]byte, 1)
	if _, err := io.ReadFull(c, one); err != nil {
		b.Fatal("handshake:", err)
	}
	b.Cleanup(func() { c.Close() })
	return &client{c: c, r: bufio.NewReaderSize(c, 64<<10), w: bufio.NewWriterSize(c, 64<<10)}
}

// frame builds a message of the given kind (0 async, 1 sync) carrying the string q.
func frame(kind byte, q string) []byte {
	m := make([]byte, 14+len(q))
	m[0], m[1] = 1, kind
	binary.LittleEndian.PutUint32(m[4:], uint32(len(m)))
	m[8] = 10 // char vector
	binary.LittleEndian.PutUint32(m[10:], uint32(len(q)))
	copy(m[14:], q)
	return m
}

// roundTrip sends one sync frame and reads the whole response.
func (c *client) roundTrip(b *testing.B, f []byte) {
	c.w.Write(f)
	c.w.Flush()
	hdr := make([]byte, 8)
	if _, err := io.ReadFull(c.r, hdr); err != nil {
		b.Fatal(err)
	}
	if hdr[1] != 2 {
		b.Fatalf("not a response: %x", hdr)
	}
	if _, err := c.r.Discard(int(binary.LittleEndian.Uint32(hdr[4:])) - 8); err != nil {
		b.Fatal(err)
	}
}

// benchSync measures sync "1+1" round trips and reports the median as p50-ns.
func benchSync(b *testing.B, port int) {
	c := dial(b, port)
	f := frame(1, "1+1")
	for i := 0; i < 1000; i++ { // warm up both sides
		c.roundTrip(b, f)
	}
	lat := make([]time.Duration, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		c.roundTrip(b, f)
		lat[i] = time.Since(t0)
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
}

// BenchmarkSyncGQ is a sync "1+1" round trip to gq -p.
func BenchmarkSyncGQ(b *testing.B) {
	build(b)
	benchSync(b, startGQ(b))
}

// BenchmarkSyncBare is the same round trip to the bare server: the physical limit.
func BenchmarkSyncBare(b *testing.B) {
	build(b)
	benchSync(b, startBare(b))
}

// benchAsync writes b.N async frames then a sync chaser, so every message has been
// taken in (and, for gq, run) when the clock stops; it reports messages per second.
func benchAsync(b *testing.B, port int, q string) {
	c := dial(b, port)
	f := frame(0, q)
	chase := frame(1, "1+1")
	c.roundTrip(b, chase)
	b.ResetTimer()
	t0 := time.Now()
	for i := 0; i < b.N; i++ {
		c.w.Write(f)
	}
	c.roundTrip(b, chase)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(t0).Seconds(), "msgs/s")
}

// BenchmarkAsyncGQ sends neg[h]"n+:1" messages to gq.
func BenchmarkAsyncGQ(b *testing.B) {
	build(b)
	port := startGQ(b)
	c := dial(b, port)
	c.roundTrip(b, frame(1, "n:0"))
	benchAsync(b, port, "n+:1")
}

// BenchmarkAsyncBare sends the same frames to the bare server, which only reads them.
func BenchmarkAsyncBare(b *testing.B) {
	build(b)
	benchAsync(b, startBare(b), "n+:1")
}
