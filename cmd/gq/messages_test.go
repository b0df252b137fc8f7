package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

// TestMessages checks what a gq server answers to the messages q programs send, with a
// second gq as the client (issue 9, messages): testdata/messages.txt.
func TestMessages(t *testing.T) { serverTranscript(t, "testdata/messages.txt") }

// TestKeywordsOnTheWire: testdata/keywords-wire.txt, keywords kdb+ defines as
// projections, compositions or k lambdas go out as kdb+ sends them and come back.
func TestKeywordsOnTheWire(t *testing.T) { serverTranscript(t, "testdata/keywords-wire.txt") }

// serverTranscript runs the transcript file in a piped gq against a fresh gq server
// whose port replaces PORT.
func serverTranscript(t *testing.T, file string) {
	srv := startServer(t)
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	checkTranscript(t, file, strings.ReplaceAll(string(text), "PORT", fmt.Sprint(srv.port)))
}

// TestAsyncFlushBeforeClose: neg[h]x;neg[h][];hclose h delivers x, since neg[h][] flushes
// (ipc-protocol.md 5.2: neg[h][] blocks until the queue is written; hclose does not flush).
func TestAsyncFlushBeforeClose(t *testing.T) {
	srv := startServer(t)
	p := fmt.Sprint(srv.port)
	out := pipeGQ(t, fmt.Sprintf("h:hopen %s;neg[h]\"zz:42\";neg[h][];hclose h\n", p))
	if out != "" {
		t.Fatalf("client printed %q", out)
	}
	text := "q)`::" + p + " \"zz\"\n42\n"
	checkTranscript(t, "flush", text)
}

// TestGeneralListArrives: a general list of atoms of one type, as clients build it, is
// a vector at the server (node-q sends ["`a","`b","`c"] as type 0 and its own
// itest/serialization.js expects 11h back from type).
func TestGeneralListArrives(t *testing.T) {
	srv := startServer(t)
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", srv.port), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Write([]byte("\x03\x00")); err != nil {
		t.Fatal(err)
	}
	var cap [1]byte
	if _, err := io.ReadFull(c, cap[:]); err != nil {
		t.Fatal(err)
	}
	// ("{type x}"; (`a;`b;`c)) with the inner list sent as type 0 of three symbol atoms
	body := []byte{0, 0, 2, 0, 0, 0, 10, 0, 8, 0, 0, 0}
	body = append(body, "{type x}"...)
	body = append(body, 0, 0, 3, 0, 0, 0, 0xf5, 'a', 0, 0xf5, 'b', 0, 0xf5, 'c', 0)
	msg := []byte{1, 1, 0, 0, 0, 0, 0, 0}
	binary.LittleEndian.PutUint32(msg[4:], uint32(8+len(body)))
	if _, err := c.Write(append(msg, body...)); err != nil {
		t.Fatal(err)
	}
	resp := make([]byte, 11)
	if _, err := io.ReadFull(c, resp); err != nil {
		t.Fatal(err)
	}
	// a response holding the short atom 11h: fb 0b 00
	if got := resp[8:]; got[0] != 0xfb || got[1] != 11 || got[2] != 0 {
		t.Fatalf("type of the list at the server: % x", resp)
	}
}
