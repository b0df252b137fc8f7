//go:build unix

package ipc

import (
	"net"
	"syscall"

	"golang.org/x/sys/unix"
)

// writeNow writes what the socket accepts without waiting: one non-blocking write(2).
// A full socket gives 0 and no error.
func writeNow(nc net.Conn, b []byte) (int, error) {
	if t, ok := nc.(*tlsConn); ok {
		return t.writeSome(b)
	}
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return nc.Write(b)
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return 0, err
	}
	var n int
	var werr error
	err = rc.Write(func(fd uintptr) bool {
		n, werr = unix.Write(int(fd), b)
		return true // never wait here
	})
	if n < 0 {
		n = 0
	}
	if err != nil {
		return n, err
	}
	if werr == unix.EAGAIN || werr == unix.EINTR {
		werr = nil
	}
	return n, werr
}

// waitWritable blocks until the socket can take more bytes, or is closed. It polls
// after the runtime has armed its wait, so a drain in between is not missed.
func waitWritable(nc net.Conn) {
	if t, ok := nc.(*tlsConn); ok {
		t.waitWritable()
		return
	}
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return
	}
	rc.Write(func(fd uintptr) bool {
		p := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		n, err := unix.Poll(p, 0)
		return err != nil || n > 0
	})
}
