package ipc_test

import (
	"compress/gzip"
	"encoding/pem"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gq-dev/gq/ipc"
)

// .Q.hg over HTTPS checks the server's certificate against SSL_CA_CERT_FILE
// (docs/kb/ssl.md SSL_VERIFY_SERVER: YES by default); gzip is unzipped (dotq.md hg:
// since 4.0 requests say Accept-Encoding: gzip); the one-shot speaks TLS for https.
func TestHTTPClientTLSAndGzip(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Write([]byte("secure"))
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		z := gzip.NewWriter(w)
		z.Write([]byte("secure, zipped"))
		z.Close()
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644)
	m := ipc.NewManager(newFake(t), ipc.Options{})
	defer m.Shutdown()
	t.Setenv("SSL_CA_CERT_FILE", "")
	t.Setenv("KX_SSL_CA_CERT_FILE", "")
	if _, err := m.HTTPFetch(srv.URL, false, "", nil); err == nil || !strings.HasPrefix(err.Error(), "conn. ") {
		t.Fatalf("unknown certificate: %v", err)
	}
	t.Setenv("SSL_CA_CERT_FILE", ca)
	b, err := m.HTTPFetch(":"+srv.URL+"/x", false, "", nil)
	if err != nil || string(b) != "secure, zipped" {
		t.Fatalf("https .Q.hg: %q %v", b, err)
	}
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	b, err = m.HTTP("127.0.0.1", port, true, []byte("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
	if err != nil || !strings.HasPrefix(string(b), "HTTP/1.1 200 OK\r\n") || !strings.HasSuffix(string(b), "\r\n\r\nsecure") {
		t.Fatalf("https one-shot: %q %v", b, err)
	}
	t.Setenv("SSL_CA_CERT_FILE", "")
	t.Setenv("SSL_VERIFY_SERVER", "NO")
	if b, err := m.HTTPFetch(srv.URL, false, "", nil); err != nil || string(b) != "secure, zipped" {
		t.Fatalf("SSL_VERIFY_SERVER=NO: %q %v", b, err)
	}
}

// A server that never answers holds the main loop until Interrupt (Ctrl-C): the
// request then fails with 'stop.
func TestHTTPClientInterrupt(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // accepted, never answered
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	m := ipc.NewManager(newFake(t), ipc.Options{})
	defer m.Shutdown()
	for name, call := range map[string]func() error{
		"one-shot": func() error {
			_, err := m.HTTP("127.0.0.1", port, false, []byte("GET / HTTP/1.1\r\n\r\n"))
			return err
		},
		".Q.hg": func() error {
			_, err := m.HTTPFetch("http://127.0.0.1:"+itoa(port)+"/", false, "", nil)
			return err
		},
	} {
		t0 := time.Now()
		time.AfterFunc(200*time.Millisecond, m.Interrupt)
		if err := call(); err == nil || err.Error() != "stop" {
			t.Errorf("%s: %v, want stop", name, err)
		}
		if d := time.Since(t0); d > 5*time.Second {
			t.Errorf("%s: took %v", name, d)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
