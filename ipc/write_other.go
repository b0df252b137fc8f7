//go:build !unix

package ipc

import (
	"errors"
	"net"
	"os"
	"time"
)

// writeNow writes what the socket takes within a millisecond.
func writeNow(nc net.Conn, b []byte) (int, error) {
	if t, ok := nc.(*tlsConn); ok { // a deadline would break a TLS connection
		return t.writeSome(b)
	}
	nc.SetWriteDeadline(time.Now().Add(time.Millisecond))
	n, err := nc.Write(b)
	nc.SetWriteDeadline(time.Time{})
	if errors.Is(err, os.ErrDeadlineExceeded) {
		err = nil
	}
	return n, err
}

// waitWritable cannot ask the OS here; it waits a little and lets the flush retry.
func waitWritable(nc net.Conn) {
	if t, ok := nc.(*tlsConn); ok {
		t.waitWritable()
		return
	}
	time.Sleep(10 * time.Millisecond)
}
