package ipc

import (
	"bufio"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// echo refuses HTTP: the tests that use it are about kdb+ IPC.
func (echo) HTTPAuth(int32, value.Value, string, string, bool) (string, []byte, bool) {
	return "", []byte("HTTP/1.1 401\r\n\r\n"), false
}
func (echo) HTTP(int32, string, value.Value) []byte { return nil }

// sniffHTTP takes a request line for HTTP and a kdb+ hello (which ends with a NUL)
// for IPC, without waiting for bytes that will not come.
func TestSniffHTTP(t *testing.T) {
	for in, want := range map[string]bool{
		"GET / HTTP/1.1\r\n":   true,
		"POST /x HTTP/1.1\r\n": true,
		"OPTIONS * HTTP/1.1":   true,
		"PATCH /":              true,
		"\x03\x00":             false, // anonymous kdb+ hello
		"GET\x03\x00":          false, // a kdb+ user named GET
		"GE\x00":               false,
		"POSTMAN:pw\x03\x00":   false,
		"get / HTTP/1.1\r\n":   false, // methods are case-sensitive (RFC 9110 §9.1)
	} {
		// a reader over exactly these bytes: a wait for more would be an EOF, not a hang
		if got := sniffHTTP(bufio.NewReader(strings.NewReader(in))); got != want {
			t.Errorf("sniffHTTP(%q) = %v, want %v", in, got, want)
		}
	}
}
