package ipc

import (
	"bytes"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

// keeper keeps every async message it is given.
type keeper struct {
	echo
	mu   sync.Mutex
	msgs []value.Value
}

func (k *keeper) ServeAsync(_ int32, msg value.Value) {
	k.mu.Lock()
	k.msgs = append(k.msgs, msg)
	k.mu.Unlock()
}

// Large messages are read into a buffer allocated once and their big vectors are
// decoded in place (wire.Decoder.Alias); messages under keepBuf reuse one buffer. Each
// value must still be exactly what was sent after later messages have been read, and
// an in-place vector must not reach into the rest of its message.
func TestBulkMessagesIntact(t *testing.T) {
	k := &keeper{}
	_, nc := serveRaw(t, k, Options{})
	const big = 1500000 // 12 MB of longs: above keepBuf
	longs := func(k int64) value.Value {
		s := make([]int64, big)
		for i := range s {
			s[i] = int64(i) * k
		}
		return value.Longs(s)
	}
	ints := make([]int32, big)
	floats := make([]float64, big)
	for i := range ints {
		ints[i], floats[i] = int32(i), float64(i)/3
	}
	chars := bytes.Repeat([]byte("abcdefg"), 2000000)
	sent := []value.Value{
		&value.List{Items: []value.Value{value.Sym("sum"), longs(3)}}, // items at offset 25: placed
		value.Floats(floats[:50000]),                                  // 400 KB: the kept buffer
		value.NewTable([]string{"a", "b", "c"}, []value.Value{value.Ints(ints), value.Floats(floats), value.Syms(make([]string, big))}),
		value.Chars(chars), // bytes: never misaligned
		&value.List{Items: []value.Value{value.Sym("s"), longs(5), longs(7)}}, // the second vector copied if misaligned
		value.Floats(floats[:50001]),
		// 2.4 MB, items at offset 24 (aligned): in the kept buffer, so copied out of it
		&value.List{Items: []value.Value{value.Sym("ab"), value.Floats(floats[:300000])}},
		&value.List{Items: []value.Value{value.Sym("ab"), value.Ints(ints[:300000])}}, // into the same buffer
	}
	var frames [][]byte
	for _, v := range sent {
		f, err := wire.AppendMessage(nil, wire.Async, v)
		if err != nil {
			t.Fatal(err)
		}
		frames = append(frames, f)
		if _, err := nc.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		k.mu.Lock()
		n := len(k.msgs)
		k.mu.Unlock()
		if n == len(sent) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d messages arrived", n, len(sent))
		}
		time.Sleep(10 * time.Millisecond)
	}
	for i, v := range k.msgs {
		got, err := wire.AppendMessage(nil, wire.Async, v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, frames[i]) {
			t.Errorf("message %d arrived changed", i)
		}
	}
	if s := k.msgs[0].(*value.List).Items[1].(*value.Vec[int64]).S; cap(s) != len(s) {
		t.Errorf("a vector decoded in place has room past its end: cap %d, len %d", cap(s), len(s))
	}
}

// A burst of async messages to a peer that reads slowly is queued in chunks (queue,
// chunkBytes) instead of one buffer grown and copied; every frame must still arrive
// whole and in order, Broadcast's among queue's, and a blocking flush (Flush, as
// neg[h][] does) must write every chunk.
func TestBurstQueuedInChunks(t *testing.T) {
	srv, nc := serveRaw(t, echo{}, Options{})
	nc.(*net.TCPConn).SetReadBuffer(64 << 10)
	const msgs, items = 48, 50000 // 400 KB each: 19 MB, several chunks
	hc := make(chan int32)
	srv.post(func() {
		for h := range srv.Queued() {
			hc <- h
		}
	})
	h := <-hc
	chunks := make(chan int, 1)
	srv.post(func() {
		most := 0
		for i := range msgs {
			x := make([]int64, items)
			x[0], x[items-1] = int64(i), -int64(i)
			var err error
			if i%5 == 4 {
				err = srv.Broadcast([]int32{h}, value.Longs(x))
			} else {
				err = srv.Async(h, value.Longs(x))
			}
			if err != nil {
				t.Error(err)
			}
			c, _ := srv.conn(h)
			most = max(most, len(c.more))
			if i == msgs/2 {
				srv.FlushAll() // part goes out now, the rest waits for the socket
			}
		}
		chunks <- most
		srv.FlushAll()
	})
	if n := <-chunks; n < 2 {
		t.Errorf("the queue used %d chunks past the first, want several", n)
	}
	for i := range msgs {
		var hdr [8]byte
		if _, err := io.ReadFull(nc, hdr[:]); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		hd, err := wire.ParseHeader(hdr[:])
		if err != nil || hd.Kind != wire.Async {
			t.Fatalf("message %d: header %v %v", i, hd, err)
		}
		body := make([]byte, hd.Len-8)
		if _, err := io.ReadFull(nc, body); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		v, err := wire.DecodeBody(body, hd.Little)
		x, ok := v.(*value.Vec[int64])
		if err != nil || !ok || len(x.S) != items || x.S[0] != int64(i) || x.S[items-1] != -int64(i) {
			t.Fatalf("message %d wrong: %v", i, err)
		}
	}
	done := make(chan int64)
	srv.post(func() { done <- srv.Queued()[h] })
	if q := <-done; q != 0 {
		t.Fatalf("%d bytes still queued after all arrived", q)
	}
}
