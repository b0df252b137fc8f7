package ipc_test

import (
	"bufio"
	"encoding/binary"
	"io"
	"net"
	"testing"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc"
	"github.com/gq-dev/gq/ipc/wire"
)

// Both sides of every benchmark run in this one process over loopback TCP, so the
// figures include both ends' CPU on the same cores.

// BenchmarkSyncRoundTrip: h(`add;1;2) from one Manager to another, each with its main
// loop, through handshake-opened handles.
func BenchmarkSyncRoundTrip(b *testing.B) {
	srv := newNode(b, ipc.Options{})
	cli := newNode(b, ipc.Options{})
	h, err := cli.open(srv.listen(), "")
	if err != nil {
		b.Fatal(err)
	}
	req := L(value.Sym("add"), value.Long(1), value.Long(2))
	cli.on(func() {
		for b.Loop() {
			if r, err := cli.m.Sync(h, req); err != nil || r != value.Long(3) {
				b.Fatal(r, err)
			}
		}
	})
}

// BenchmarkBareTCPRoundTrip is the reference: a bare Go TCP server that reads each
// request frame and writes a ready-made response frame, and a client that writes the
// request bytes and reads the response bytes; no decoding, no dispatch.
func BenchmarkBareTCPRoundTrip(b *testing.B) {
	req, _ := wire.AppendMessage(nil, wire.Sync, L(value.Sym("add"), value.Long(1), value.Long(2)))
	resp, _ := wire.AppendMessage(nil, wire.Response, value.Long(3))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		br := bufio.NewReaderSize(c, 64<<10)
		buf := make([]byte, 1024)
		for {
			if _, err := io.ReadFull(br, buf[:8]); err != nil {
				return
			}
			n := int(binary.LittleEndian.Uint32(buf[4:]))
			if _, err := io.ReadFull(br, buf[8:n]); err != nil {
				return
			}
			if _, err := c.Write(resp); err != nil {
				return
			}
		}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReaderSize(c, 64<<10)
	buf := make([]byte, len(resp))
	for b.Loop() {
		if _, err := c.Write(req); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(br, buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAsyncThroughput: b.N async longs, flushed every 1000 (as the main loop
// does after each piece of work), then a sync chaser that proves all were handled.
func BenchmarkAsyncThroughput(b *testing.B) {
	srv := newNode(b, ipc.Options{})
	cli := newNode(b, ipc.Options{})
	srv.f.notify = nil // no event per message
	h, err := cli.open(srv.listen(), "")
	if err != nil {
		b.Fatal(err)
	}
	cli.on(func() {
		i := 0
		for b.Loop() {
			if err := cli.m.Async(h, value.Long(i)); err != nil {
				b.Fatal(err)
			}
			if i++; i%1000 == 0 {
				cli.m.FlushAll()
			}
		}
		if _, err := cli.m.Sync(h, value.Str("")); err != nil {
			b.Fatal(err)
		}
	})
	if n := len(srv.f.asyncs()); n < b.N {
		b.Fatalf("%d of %d handled", n, b.N)
	}
}
