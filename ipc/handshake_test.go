package ipc_test

import (
	"errors"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/gq-dev/gq/ipc"
)

// TestHandshakeCapability: the byte the server answers to each capability a client may
// offer. ipc-protocol.md §1.3: the reply is exactly one byte, min(client, 3) (our
// server_max_cap, as javakdb's server mode); §1.2: a last hello byte >= 0x20 is part of
// the credentials, so 255 is a pre-2.6 hello (capability 0), as is a hello with no
// capability byte at all (what "sending 0" is on the wire: the 0 would end the hello).
func TestHandshakeCapability(t *testing.T) {
	srv := newNode(t, ipc.Options{})
	port := srv.listen()
	for _, c := range []struct {
		hello string
		want  byte
	}{
		{"u:p\x00", 0}, {"u:p\x01\x00", 1}, {"u:p\x02\x00", 2}, {"u:p\x03\x00", 3},
		{"u:p\x04\x00", 3}, {"u:p\x05\x00", 3}, {"u:p\x06\x00", 3}, {"u:p\x07\x00", 3},
		{"u:p\xff\x00", 0}, {"\x06\x00", 3}, {"\x00", 0},
	} {
		got, err := handshakeReply(port, []byte(c.hello))
		if err != nil {
			t.Errorf("hello %q: %v", c.hello, err)
			continue
		}
		if got != c.want {
			t.Errorf("hello %q: server answered capability %d, want %d", c.hello, got, c.want)
		}
		srv.f.waitEvent("close")
	}
}

// handshakeReply sends hello on a fresh connection and returns the one byte the server
// answers, checking that nothing else follows it; it closes the connection.
func handshakeReply(port int, hello []byte) (byte, error) {
	c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), 2*time.Second)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write(hello); err != nil {
		return 0, err
	}
	var b [2]byte
	n, err := c.Read(b[:])
	if err != nil {
		return 0, err
	}
	if n != 1 {
		return 0, errors.New("reply longer than one byte")
	}
	// No second byte may follow: the next bytes on the socket are message headers.
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if n, err := c.Read(b[1:]); n != 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
		return 0, errors.New("more than one byte after the hello")
	}
	return b[0], nil
}
