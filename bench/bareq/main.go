// Command bareq is the physical-limit reference for gq's IPC benchmarks: a bare Go TCP
// server that does the kdb+ handshake and answers every sync message with the response
// gq gives to "1+1" (the long 2), without decoding or evaluating anything. Async
// messages are read and dropped. It prints its port and serves until killed.
package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
)

// response is the kdb+ response message carrying the long atom 2.
var response = []byte{1, 2, 0, 0, 17, 0, 0, 0, 0xf9, 2, 0, 0, 0, 0, 0, 0, 0}

func main() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(l.Addr().(*net.TCPAddr).Port)
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go serve(c)
	}
}

func serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReaderSize(c, 64<<10)
	if _, err := r.ReadBytes(0); err != nil { // the hello: credentials, capability, NUL
		return
	}
	c.Write([]byte{3})
	w := bufio.NewWriterSize(c, 64<<10)
	hdr := make([]byte, 8)
	body := make([]byte, 0, 1<<10)
	for {
		if _, err := io.ReadFull(r, hdr); err != nil {
			return
		}
		n := int(binary.LittleEndian.Uint32(hdr[4:])) - 8
		if n < 0 {
			return
		}
		if cap(body) < n {
			body = make([]byte, n)
		}
		if _, err := io.ReadFull(r, body[:n]); err != nil {
			return
		}
		if hdr[1] == 1 { // sync: answer at once
			w.Write(response)
			w.Flush()
		}
	}
}
