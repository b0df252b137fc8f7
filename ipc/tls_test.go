package ipc_test

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc"
	"github.com/gq-dev/gq/ipc/testcert"
)

// tlsCert writes a self-signed certificate for localhost and its key, and points the
// KX_SSL_ settings at them (the server's own and the CA a client trusts).
func tlsCert(t *testing.T) {
	t.Helper()
	cert, keyFile := testcert.Make(t, t.TempDir(), "server")
	t.Setenv("KX_SSL_CERT_FILE", cert)
	t.Setenv("KX_SSL_KEY_FILE", keyFile)
	t.Setenv("KX_SSL_CA_CERT_FILE", cert)
	t.Setenv("KX_SSL_VERIFY_SERVER", "YES")
	t.Setenv("KX_SSL_VERIFY_CLIENT", "NO")
}

// TestTLSConversation runs a whole conversation over TLS between two Managers (run it
// with -race: TLS writes go through a goroutine per connection): sync both ways, server
// pushes, a message of 2 MB each way, .z.e on both sides, and closes both ways.
func TestTLSConversation(t *testing.T) {
	tlsCert(t)
	var log bytes.Buffer
	srv := newNode(t, ipc.Options{TLSMode: 2})
	cli := newNode(t, ipc.Options{Log: &log})
	port := srv.listen()
	h, err := openTLS(cli, port, "tls:pw")
	if err != nil {
		t.Fatalf("hopen tcps: %v (%s)", err, log.String())
	}
	if r, err := cli.sync(h, L(value.Sym("add"), value.Long(2), value.Long(3))); err != nil || r != value.Long(5) {
		t.Fatalf("add: %v %v", r, err)
	}
	// The server calls back while answering (a sync request the other way).
	if r, err := cli.sync(h, L(value.Sym("call"), value.Long(41))); err != nil || r != value.Long(42) {
		t.Fatalf("call: %v %v", r, err)
	}
	for i := range 100 {
		if _, err := cli.sync(h, L(value.Sym("push"), value.Long(int64(i)))); err != nil {
			t.Fatal(err)
		}
	}
	big := make([]int64, 1<<18) // 2 MB: past the socket and writer buffers
	for i := range big {
		big[i] = int64(i)
	}
	r, err := cli.sync(h, L(value.Sym("echo"), value.Longs(big)))
	if v, ok := r.(*value.Vec[int64]); err != nil || !ok || len(v.S) != len(big) || v.S[len(big)-1] != int64(len(big)-1) {
		t.Fatalf("2 MB echo: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(cli.f.asyncs()) < 100 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	as := cli.f.asyncs()
	if len(as) != 100 {
		t.Fatalf("pushes received: %d", len(as))
	}
	for i, a := range as {
		if l, ok := a.(*value.List); !ok || l.Items[1] != value.Long(int64(i)) {
			t.Fatalf("push %d: %v", i, a)
		}
	}
	cli.on(func() {
		v, err := cli.m.TLSInfo(h)
		d, ok := v.(*value.Dict)
		if err != nil || !ok || len(value.Items(d.K)) != 3 { // CIPHER PROTOCOL CERT
			t.Errorf("client .z.e: %v %v", v, err)
		}
	})
	srv.f.waitEvent("open")
	srv.on(func() {
		for _, sh := range srv.m.Handles() {
			v, err := srv.m.TLSInfo(sh)
			d, ok := v.(*value.Dict)
			if err != nil || !ok || len(value.Items(d.K)) != 2 { // CIPHER PROTOCOL
				t.Errorf("server .z.e: %v %v", v, err)
			}
		}
	})
	// The server closes from inside a handler: the client sees 'close and .z.pc.
	if _, err := cli.sync(h, L(value.Sym("close"))); err == nil || err.Error() != "close" {
		t.Fatalf("sync on a closed TLS connection: %v", err)
	}
	cli.f.waitEvent("close")
	// and a client hclose runs the server's .z.pc.
	h2, err := openTLS(cli, port, "")
	if err != nil {
		t.Fatal(err)
	}
	srv.f.waitEvent("open")
	cli.on(func() { cli.m.Close(h2) })
	srv.f.waitEvent("close")
	// A plain client is refused under -E 2; TLS clients go on.
	if _, err := cli.open(port, ""); err == nil || err.Error() != "access" {
		t.Errorf("plain client under -E 2: %v", err)
	}
	if _, err := openTLS(cli, port, ""); err != nil {
		t.Fatalf("TLS client after: %v", err)
	}
}

// openTLS is hopen `:tcps://localhost:port on n's main loop.
func openTLS(n *node, port int, creds string) (int32, error) {
	var h int32
	var err error
	n.on(func() { h, err = n.m.Open(ipc.TLSHost+"localhost", port, creds, 5*time.Second) })
	return h, err
}

// TestTLSUntrusted: a server certificate the client does not trust fails hopen with
// kdb+'s error and the reason logged; nothing is registered.
func TestTLSUntrusted(t *testing.T) {
	tlsCert(t)
	srv := newNode(t, ipc.Options{TLSMode: 1})
	port := srv.listen()
	t.Setenv("KX_SSL_CA_CERT_FILE", filepath.Join(t.TempDir(), "none.pem"))
	var log bytes.Buffer
	cli := newNode(t, ipc.Options{Log: &log})
	var err error
	cli.on(func() { _, err = cli.m.Open(ipc.TLSHost+"localhost", port, "", 5*time.Second) })
	if err == nil || err.Error() != "conn. OS reports: Protocol not available" || !bytes.Contains(log.Bytes(), []byte("none.pem")) {
		t.Errorf("untrusted: %v, logged %q", err, log.String())
	}
	// The plain side of -E 1 still serves.
	if h, err := cli.open(port, ""); err != nil || h != 3 {
		t.Errorf("plain client under -E 1: %v %v", h, err)
	}
}
