package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/testcert"
)

// TLS (issue 13), as docs/kb/ssl.md describes kdb+'s: -E 0 plain, 1 plain and TLS, 2
// TLS only; certificate and key from SSL_CERT_FILE/SSL_KEY_FILE with KX_ names first;
// hopen `:tcps://; .z.e; -26!; \E. Every test makes its own self-signed certificate.

// setTLSEnv points the gq processes this test starts at cert and key through the KX_
// names, which kdb+ 3.6+ prefers (docs/kb/ssl.md, "KX first"); the plain SSL_ names
// are set to files that do not exist, so a KX_ name not taking precedence fails.
func setTLSEnv(t *testing.T, cert, key, ca string) {
	for _, n := range []string{"SSL_CERT_FILE", "SSL_KEY_FILE", "SSL_CA_CERT_FILE"} {
		t.Setenv(n, filepath.Join(t.TempDir(), "missing.pem"))
	}
	t.Setenv("KX_SSL_CERT_FILE", cert)
	t.Setenv("KX_SSL_KEY_FILE", key)
	t.Setenv("KX_SSL_CA_CERT_FILE", ca)
	t.Setenv("KX_SSL_CA_CERT_PATH", t.TempDir())
	t.Setenv("KX_SSL_VERIFY_SERVER", "YES")
	t.Setenv("KX_SSL_VERIFY_CLIENT", "NO")
	t.Setenv("KX_SSL_CIPHER_LIST", "ALL")
}

// dialTLSQ logs in to a gq port over TLS, trusting the certificate in caFile.
func dialTLSQ(t *testing.T, port int, caFile string) (*qClient, error) {
	t.Helper()
	pemBytes, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pemBytes)
	d := &net.Dialer{Timeout: 5 * time.Second}
	nc, err := tls.DialWithDialer(d, "tcp", fmt.Sprintf("127.0.0.1:%d", port), &tls.Config{RootCAs: pool, ServerName: "localhost"})
	if err != nil {
		return nil, err
	}
	return login(nc, "tls")
}

// dictKeys gives the keys of a dictionary answer, "" joined by spaces.
func dictKeys(t *testing.T, v value.Value) string {
	t.Helper()
	d, ok := v.(*value.Dict)
	if !ok {
		t.Fatalf("not a dictionary: %#v", v)
	}
	ks, ok := d.K.(*value.Vec[string])
	if !ok {
		t.Fatalf("keys not symbols: %#v", d.K)
	}
	return strings.Join(ks.S, " ")
}

func syncOK(t *testing.T, q *qClient, src string) value.Value {
	t.Helper()
	v, err := q.sync(src, 10*time.Second)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	if e, ok := v.(*value.Error); ok {
		t.Fatalf("%s: '%s", src, e.Msg)
	}
	return v
}

// TestTLSOnly: gq -E 2 takes TLS clients (Go's crypto/tls and gq's own hopen
// `:tcps://) and refuses a plain one; .z.e shows each side the other's TLS details.
func TestTLSOnly(t *testing.T) {
	dir := t.TempDir()
	cert, key := testcert.Make(t, dir, "server")
	setTLSEnv(t, cert, key, cert)
	srv := startServer(t, "-E", "2", "-q")

	q, err := dialTLSQ(t, srv.port, cert)
	if err != nil {
		t.Fatalf("TLS client refused under -E 2: %v\n%s", err, srv.output())
	}
	defer q.close()
	if v := syncOK(t, q, "1+1"); v != value.Long(2) {
		t.Errorf("1+1 over TLS: %v", v)
	}
	// .z.e on the server, for this connection: CIPHER and PROTOCOL as symbols, and no
	// CERT since the server does not ask for one (SSL_VERIFY_CLIENT NO;
	// docs/ref/dotz.md#ze-tls-connection-status).
	cs := q.nc.(*tls.Conn).ConnectionState()
	if k := dictKeys(t, syncOK(t, q, ".z.e")); k != "CIPHER PROTOCOL" {
		t.Errorf(".z.e keys: %s", k)
	}
	if v := syncOK(t, q, ".z.e`PROTOCOL"); v != value.Sym("TLSv1.3") {
		t.Errorf(".z.e`PROTOCOL: %v", v)
	}
	if v := syncOK(t, q, ".z.e`CIPHER"); v != value.Sym(tls.CipherSuiteName(cs.CipherSuite)) {
		t.Errorf(".z.e`CIPHER: %v, the connection has %s", v, tls.CipherSuiteName(cs.CipherSuite))
	}
	// \E shows the mode (docs/basics/syscmds.md#e-tls-server-mode).
	if v := syncOK(t, q, "system\"E\""); v != value.Int(2) {
		t.Errorf("\\E: %v", v)
	}

	// A plain client is refused: closed without a capability byte.
	if p, err := dialQ(srv.port, ""); err == nil {
		p.close()
		t.Errorf("a plain client was accepted under -E 2")
	}
	// and nothing else is disturbed.
	if v := syncOK(t, q, "2+3"); v != value.Long(5) {
		t.Errorf("after the refusal: %v", v)
	}

	// gq as the client: hopen `:tcps://, the server's certificate checked against
	// KX_SSL_CA_CERT_FILE. The server's .z.e seen from the client, and the client's
	// .z.e of its handle to the server (asked back through .z.w) with the server's
	// certificate: OpenSSL's one-line subject, the serial in hex, verified.
	p := strconv.Itoa(srv.port)
	checkTranscript(t, "tcps client", strings.ReplaceAll(`q)h:hopen `+"`"+`:tcps://localhost:PORT
q)h"1+1"
2
q)key h".z.e"
`+"`CIPHER`PROTOCOL"+`
q)h".z.e`+"`"+`PROTOCOL"
`+"`TLSv1.3"+`
q)r:h".z.w\".z.e\""
q)key r
`+"`CIPHER`PROTOCOL`CERT"+`
q)r[`+"`CERT;`SUBJECT`ISSUER`SERIALNUMBER`VERIFIED`VERIFYERROR"+`]
"/O=gq test/CN=localhost"
"/O=gq test/CN=localhost"
"1A2B"
1b
0
q)r[`+"`CERT;`NOTVALIDAFTER"+`] like "??? ?? ??:??:?? 20?? GMT"
1b
q)(key -26!h)~key r
1b
q)`+"`"+`:tcps://localhost:PORT "3*4"
12
q)\E
0i
q)key .z.e
`+"`symbol$()"+`
q)(-26!)[]`+"`SSL_VERIFY_SERVER`SSL_VERIFY_CLIENT`SSL_CIPHER_LIST"+`
`+"`YES`NO`ALL"+`
q)((-26!)[]`+"`SSL_CERT_FILE"+`)~`+"`$"+`getenv`+"`KX_SSL_CERT_FILE"+`
1b
q)hopen`+"`"+`::PORT
'access
  [0]  hopen`+"`"+`::PORT
       ^
`, "PORT", p))
	if runtime.GOOS == "linux" { // the abstract Unix socket beside the port is Linux's
		checkTranscript(t, "unixs client", strings.ReplaceAll("q)h:hopen`:unixs://PORT\nq)h\".z.e`PROTOCOL\"\n`TLSv1.3\n", "PORT", p))
	}
}

// TestTLSAndPlain: gq -E 1 serves plain and TLS clients side by side; .z.e of a plain
// connection is the empty dictionary.
func TestTLSAndPlain(t *testing.T) {
	dir := t.TempDir()
	cert, key := testcert.Make(t, dir, "server")
	setTLSEnv(t, cert, key, cert)
	srv := startServer(t, "-E", "1", "-q")
	plain, err := dialQ(srv.port, "")
	if err != nil {
		t.Fatalf("plain client refused under -E 1: %v", err)
	}
	defer plain.close()
	secure, err := dialTLSQ(t, srv.port, cert)
	if err != nil {
		t.Fatalf("TLS client refused under -E 1: %v", err)
	}
	defer secure.close()
	syncOK(t, plain, "a:1")
	syncOK(t, secure, "a+:10")
	if v := syncOK(t, plain, "a"); v != value.Long(11) {
		t.Errorf("a after both: %v", v)
	}
	if k := dictKeys(t, syncOK(t, plain, ".z.e")); k != "" {
		t.Errorf(".z.e of a plain connection: %s", k)
	}
	if k := dictKeys(t, syncOK(t, secure, ".z.e")); k != "CIPHER PROTOCOL" {
		t.Errorf(".z.e of a TLS connection: %s", k)
	}
	// A large answer over TLS (past the writer's buffer) arrives whole.
	if v := syncOK(t, secure, "sum til 2000000"); v != value.Long(1999999000000) {
		t.Errorf("sum: %v", v)
	}
	v := syncOK(t, secure, "til 2000000")
	if l, ok := v.(*value.Vec[int64]); !ok || len(l.S) != 2000000 || l.S[1999999] != 1999999 {
		t.Errorf("til 2000000 over TLS came back wrong")
	}
	if v := syncOK(t, secure, "system\"E\""); v != value.Int(1) {
		t.Errorf("\\E: %v", v)
	}
}

// TestTLSHelloOnPlainPort: under -E 0 a TLS ClientHello is closed at once (not held
// until the handshake timeout), with no .z.po, and IPC clients go on undisturbed.
func TestTLSHelloOnPlainPort(t *testing.T) {
	dir := t.TempDir()
	cert, key := testcert.Make(t, dir, "server")
	setTLSEnv(t, cert, key, cert)
	srv := startServer(t, "-q")
	plain, err := dialQ(srv.port, "")
	if err != nil {
		t.Fatal(err)
	}
	defer plain.close()
	syncOK(t, plain, "opened:0; .z.po:{opened+:1}")
	start := time.Now()
	if q, err := dialTLSQ(t, srv.port, cert); err == nil {
		q.close()
		t.Fatalf("a TLS client was served on a plain port")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the TLS hello was closed after %v, not at once", d)
	}
	if v := syncOK(t, plain, "opened"); v != value.Long(0) {
		t.Errorf(".z.po ran %v times for the TLS hello", v)
	}
	if v := syncOK(t, plain, "1+1"); v != value.Long(2) {
		t.Errorf("plain client after the TLS hello: %v", v)
	}
	again, err := dialQ(srv.port, "")
	if err != nil {
		t.Fatalf("a new plain client after the TLS hello: %v", err)
	}
	again.close()
	// A TLS server that never answers the handshake: hopen's timeout still holds.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	checkTranscript(t, "tcps timeout", fmt.Sprintf("q)hopen(`:tcps://127.0.0.1:%[1]d;300)\n'timeout\n  [0]  hopen(`:tcps://127.0.0.1:%[1]d;300)\n       ^\n", silent.Addr().(*net.TCPAddr).Port))
	// gq's own tcps client against a plain port fails with kdb+'s TLS error.
	checkTranscript(t, "tcps to plain", strings.ReplaceAll("q)hopen`:tcps://localhost:PORT\ntls: EOF\n'conn. OS reports: Protocol not available\n  [0]  hopen`:tcps://localhost:PORT\n       ^\n", "PORT", strconv.Itoa(srv.port)))
}

// TestTLSCertificates: what happens without a loadable certificate, with one the
// client does not trust, and with SSL_VERIFY_SERVER NO.
func TestTLSCertificates(t *testing.T) {
	dir := t.TempDir()
	cert, key := testcert.Make(t, dir, "server")
	other, _ := testcert.Make(t, dir, "other")

	// -E 1 or 2 without the certificate: the port does not open, with kdb+'s
	// 'Could not initialize ssl (docs/basics/errors.md) after the reason.
	setTLSEnv(t, filepath.Join(dir, "none.pem"), key, cert)
	out := pipeGQ(t, "\\E\n\\p 0W\n\\p\n", "-E", "2")
	if !strings.Contains(out, "2i\n") || !strings.Contains(out, "'Could not initialize ssl\n  [0]  \\p 0W\n       ^\n0i\n") ||
		!strings.Contains(out, "none.pem") {
		t.Errorf("-E 2 without a certificate:\n%s", out)
	}
	cmd, _ := gqCmd(t, "-E", "3")
	if b, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(b), "-E wants 0, 1 or 2") {
		t.Errorf("-E 3: %v %s", err, b)
	}

	setTLSEnv(t, cert, key, cert)
	srv := startServer(t, "-E", "2", "-q")
	p := strconv.Itoa(srv.port)
	// A client that trusts another CA refuses the server (the reason on stderr first).
	setTLSEnv(t, cert, key, other)
	checkTranscript(t, "untrusted", strings.ReplaceAll("q)hopen`:tcps://localhost:PORT\ntls: certificate verify failed (X509_V_ERR 18)\n'conn. OS reports: Protocol not available\n  [0]  hopen`:tcps://localhost:PORT\n       ^\n", "PORT", p))
	// With SSL_VERIFY_SERVER=NO it connects, and .z.e says the certificate was not
	// verified, with OpenSSL's X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT.
	t.Setenv("KX_SSL_VERIFY_SERVER", "NO")
	checkTranscript(t, "unverified", strings.ReplaceAll("q)h:hopen`:tcps://localhost:PORT\nq)(h\".z.w\\\".z.e\\\"\")[`CERT;`VERIFIED`VERIFYERROR]\n0b\n18\n", "PORT", p))
}

// TestTLSClientCertificate: SSL_VERIFY_CLIENT YES asks the client for a certificate
// and checks it; the server's .z.e then has the client's CERT.
func TestTLSClientCertificate(t *testing.T) {
	dir := t.TempDir()
	cert, key := testcert.Make(t, dir, "server")
	setTLSEnv(t, cert, key, cert)
	t.Setenv("KX_SSL_VERIFY_CLIENT", "YES")
	srv := startServer(t, "-E", "2", "-q")
	// Go's client without a certificate is refused.
	if q, err := dialTLSQ(t, srv.port, cert); err == nil {
		if _, err := q.sync("1+1", 5*time.Second); err == nil {
			t.Errorf("a client without a certificate was served under SSL_VERIFY_CLIENT YES")
		}
		q.close()
	}
	// gq offers its SSL_CERT_FILE, which the server trusts.
	checkTranscript(t, "client cert", strings.ReplaceAll("q)h:hopen`:tcps://localhost:PORT\nq)h\".z.e[`CERT;`SUBJECT`VERIFIED]\"\n\"/O=gq test/CN=localhost\"\n1b\n", "PORT", strconv.Itoa(srv.port)))
}

// TestTLSClientCertificateModes: SSL_VERIFY_CLIENT IFPRESENT takes a client without a
// certificate but not one with a bad certificate; REQUESTONLY takes both, and .z.e says
// the certificate was not verified (docs/kb/ssl.md#ssl_verify_client).
func TestTLSClientCertificateModes(t *testing.T) {
	dir := t.TempDir()
	cert, key := testcert.Make(t, dir, "server")
	other, otherKey := testcert.Make(t, dir, "other")
	setTLSEnv(t, cert, key, cert)
	t.Setenv("KX_SSL_VERIFY_CLIENT", "IFPRESENT")
	ifPresent := startServer(t, "-E", "2", "-q")
	t.Setenv("KX_SSL_VERIFY_CLIENT", "REQUESTONLY")
	requestOnly := startServer(t, "-E", "2", "-q")

	q, err := dialTLSQ(t, ifPresent.port, cert) // Go's client offers no certificate
	if err != nil {
		t.Fatalf("IFPRESENT refused a client without a certificate: %v", err)
	}
	if k := dictKeys(t, syncOK(t, q, ".z.e")); k != "CIPHER PROTOCOL" {
		t.Errorf("IFPRESENT .z.e without a certificate: %s", k)
	}
	q.close()

	// gq offering a certificate the servers do not trust (they trust only their own).
	setTLSEnv(t, other, otherKey, cert)
	checkTranscript(t, "IFPRESENT, bad certificate", strings.ReplaceAll("q)hopen`:tcps://localhost:PORT\n'access\n  [0]  hopen`:tcps://localhost:PORT\n       ^\n", "PORT", strconv.Itoa(ifPresent.port)))
	checkTranscript(t, "REQUESTONLY, bad certificate", strings.ReplaceAll("q)h:hopen`:tcps://localhost:PORT\nq)h\".z.e[`CERT;`VERIFIED`VERIFYERROR]\"\n0b\n18\n", "PORT", strconv.Itoa(requestOnly.port)))
}

// TestTLSSlowReader: a TLS client that asks for big answers and does not read them
// does not stall the server (TLS writes go through a goroutine per connection, since a
// TLS write cannot be made non-blocking): a plain client is answered meanwhile, and the
// slow one gets every answer, in order, when it reads.
func TestTLSSlowReader(t *testing.T) {
	dir := t.TempDir()
	cert, key := testcert.Make(t, dir, "server")
	setTLSEnv(t, cert, key, cert)
	srv := startServer(t, "-E", "1", "-q")
	q, err := dialTLSQ(t, srv.port, cert)
	if err != nil {
		t.Fatal(err)
	}
	defer q.close()
	const n = 8 // 32 MB of answers: far more than the socket and the writer buffer take
	askBig(t, q, n)
	other, err := dialQ(srv.port, "")
	if err != nil {
		t.Fatal(err)
	}
	defer other.close()
	time.Sleep(500 * time.Millisecond) // the server answers what it will
	// A server blocked writing to the slow reader would never answer: it reads only
	// after this.
	if v, err := other.sync("1+1", 10*time.Second); err != nil || v != value.Long(2) {
		t.Fatalf("plain client beside a TLS slow reader: %v %v", answerText(v), err)
	}
	readBig(t, q, n)
}
