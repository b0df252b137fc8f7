package ipc

// TLS as kdb+ has it (docs/kb/ssl.md): -E 0/1/2 on the listening port, hopen
// `:tcps://host:port and `:unixs://port, .z.e and -26!, configured by the SSL_*
// environment variables (a KX_ prefix wins, kdb+ 3.6+). crypto/tls stands in for
// OpenSSL; names shown to q (ciphers, protocols, subjects) are spelled as OpenSSL
// spells them, since that is what kdb+ shows.

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// TLSHost and TLSUnixHost prefix Open's host for a TLS connection over TCP
// (hopen `:tcps://host:port) or over the Unix domain socket (`:unixs://port).
const (
	TLSHost     = "tcps://"
	TLSUnixHost = "unixs://"
)

// tlsRecordHandshake is the first byte of a TLS record carrying a ClientHello; a
// kdb+ hello starts with the user name, never with this control character.
const tlsRecordHandshake = 0x16

// errTLSInit is what kdb+ signals when its TLS layer cannot start (docs/basics/errors.md:
// "Could not initialize ssl"); gq gives it when -E asks for TLS and the certificate or
// key cannot be loaded.
var errTLSInit = &value.Error{Msg: "Could not initialize ssl"}

// errTLSConn is kdb+'s error for a TLS connection that could not be set up
// (docs/kb/ssl.md, TLS Client Mode: "'conn. OS reports: Protocol not available").
var errTLSConn = &value.Error{Msg: "conn. OS reports: Protocol not available"}

// tlsSettings are the SSL_* variables, read once (kdb+ reads them when its TLS layer
// starts); each is the KX_ name, else the SSL_ name, else kdb+'s default.
type tlsSettings struct {
	certFile, keyFile, caFile, caPath string
	cipherList                        string
	verifyClient, verifyServer        string
	caFileSet                         bool // SSL_CA_CERT_FILE was given, not defaulted
}

// tlsEnv reads one setting: KX_name first, as kdb+ 3.6+ does.
func tlsEnv(name string) (string, bool) {
	if v, ok := os.LookupEnv("KX_" + name); ok {
		return v, true
	}
	return os.LookupEnv(name)
}

// defaultCipherList is kdb+'s default SSL_CIPHER_LIST (docs/kb/ssl.md: Mozilla's
// intermediate list); shown by -26!, while crypto/tls's own choice applies unless the
// variable is set.
const defaultCipherList = "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:" +
	"ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:" +
	"DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:" +
	"ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:" +
	"ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA:" +
	"DHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA:ECDHE-ECDSA-DES-CBC3-SHA:ECDHE-RSA-DES-CBC3-SHA:" +
	"EDH-RSA-DES-CBC3-SHA:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:" +
	"AES128-SHA:AES256-SHA:DES-CBC3-SHA:!DSS"

// openSSLDir stands in for `openssl version -d`, the base of kdb+'s default paths:
// the first of the usual places that exists.
func openSSLDir() string {
	dirs := []string{"/usr/lib/ssl", "/etc/pki/tls", "/etc/ssl", "/usr/local/etc/openssl"}
	if runtime.GOOS == "darwin" {
		dirs = []string{"/opt/homebrew/etc/openssl@3", "/usr/local/etc/openssl@3", "/opt/local/etc/openssl", "/private/etc/ssl"}
	}
	for _, d := range dirs {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
	}
	return dirs[0]
}

func readTLSSettings() tlsSettings {
	dir := openSSLDir()
	get := func(name, def string) string {
		if v, ok := tlsEnv(name); ok {
			return v
		}
		return def
	}
	s := tlsSettings{
		certFile:     get("SSL_CERT_FILE", filepath.Join(dir, "server-crt.pem")),
		keyFile:      get("SSL_KEY_FILE", filepath.Join(dir, "server-key.pem")),
		caFile:       get("SSL_CA_CERT_FILE", filepath.Join(dir, "cacert.pem")),
		caPath:       get("SSL_CA_CERT_PATH", dir),
		cipherList:   get("SSL_CIPHER_LIST", defaultCipherList),
		verifyClient: strings.ToUpper(get("SSL_VERIFY_CLIENT", "NO")),
		verifyServer: strings.ToUpper(get("SSL_VERIFY_SERVER", "YES")),
	}
	_, s.caFileSet = tlsEnv("SSL_CA_CERT_FILE")
	return s
}

// tlsBox is the Manager's TLS state, made on first use.
type tlsBox struct {
	mu     sync.Mutex
	set    *tlsSettings
	server *tls.Config      // -E 1/2, once the certificate loaded
	own    *tls.Certificate // the certificate offered as a client, if it loads
	ownTry bool
	roots  *x509.CertPool
}

func (b *tlsBox) settings() tlsSettings {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.settingsLocked()
}

func (b *tlsBox) settingsLocked() tlsSettings {
	if b.set == nil {
		s := readTLSSettings()
		b.set = &s
	}
	return *b.set
}

// logf reports why TLS failed, as kdb+ prints OpenSSL's reasons before its error.
func (m *Manager) logf(format string, args ...any) {
	if m.opts.Log != nil {
		fmt.Fprintf(m.opts.Log, format+"\n", args...)
	}
}

// serverTLS loads the server certificate when -E asks for TLS; Listen calls it, so a
// missing certificate is reported where the port is opened, and no TLS-only port
// listens without one.
func (m *Manager) serverTLS() (*tls.Config, error) {
	if m.opts.TLSMode == 0 {
		return nil, nil
	}
	b := &m.tls
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.server != nil {
		return b.server, nil
	}
	s := b.settingsLocked()
	cert, err := tls.LoadX509KeyPair(s.certFile, s.keyFile)
	if err != nil {
		m.logf("tls: %v", err)
		return nil, errTLSInit
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, CipherSuites: cipherSuites(s.cipherList)}
	if s.verifyClient != "NO" {
		// The certificate is checked after the handshake against the CA settings, as
		// SSL_VERIFY_CLIENT says, and its result kept for .z.e.
		cfg.ClientAuth = tls.RequestClientCert
		if s.verifyClient == "YES" {
			cfg.ClientAuth = tls.RequireAnyClientCert
		}
	}
	b.server = cfg
	return cfg, nil
}

// rootsLocked is the CA pool: SSL_CA_CERT_FILE and the files of SSL_CA_CERT_PATH,
// else the system's pool. An unreadable SSL_CA_CERT_FILE that was given explicitly is
// an error, as in kdb+.
func (m *Manager) rootsLocked(s tlsSettings) (*x509.CertPool, error) {
	if m.tls.roots != nil {
		return m.tls.roots, nil
	}
	pool := x509.NewCertPool()
	n := 0
	if pem, err := os.ReadFile(s.caFile); err == nil {
		if pool.AppendCertsFromPEM(pem) {
			n++
		}
	} else if s.caFileSet {
		m.logf("tls: %v", err)
		return nil, errTLSConn
	}
	if ents, err := os.ReadDir(s.caPath); err == nil {
		for _, e := range ents {
			if !e.Type().IsRegular() {
				continue
			}
			if pem, err := os.ReadFile(filepath.Join(s.caPath, e.Name())); err == nil && pool.AppendCertsFromPEM(pem) {
				n++
			}
		}
	}
	if n == 0 {
		pool = systemRoots()
	}
	m.tls.roots = pool
	return pool, nil
}

// systemRoots is the system's CA bundle. On Linux the files are read here, since
// crypto/x509's system pool would honour SSL_CERT_FILE, which for kdb+ names the
// process's own certificate.
func systemRoots() *x509.CertPool {
	if runtime.GOOS != "linux" {
		if sys, err := x509.SystemCertPool(); err == nil {
			return sys
		}
		return x509.NewCertPool()
	}
	pool := x509.NewCertPool()
	for _, f := range []string{"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
		"/etc/ssl/ca-bundle.pem", "/etc/pki/tls/cacert.pem", "/etc/ssl/cert.pem"} {
		if pem, err := os.ReadFile(f); err == nil && pool.AppendCertsFromPEM(pem) {
			break
		}
	}
	return pool
}

// ownCertLocked is the certificate a client offers (SSL_CERT_FILE/SSL_KEY_FILE), nil
// when it does not load: a server that does not ask for one does not mind.
func (m *Manager) ownCertLocked(s tlsSettings) *tls.Certificate {
	if !m.tls.ownTry {
		m.tls.ownTry = true
		if c, err := tls.LoadX509KeyPair(s.certFile, s.keyFile); err == nil {
			m.tls.own = &c
		}
	}
	return m.tls.own
}

// tlsInfo is what .z.e shows of one TLS connection.
type tlsInfo struct {
	cipher, protocol string
	peer             *x509.Certificate // nil when the peer presented none
	verified         bool
	verifyErr        int64 // OpenSSL's X509_V_ERR code, 0 when verified
}

func newTLSInfo(cs tls.ConnectionState, roots *x509.CertPool, host string) tlsInfo {
	in := tlsInfo{cipher: cipherName(cs.CipherSuite), protocol: protocolName(cs.Version)}
	if len(cs.PeerCertificates) > 0 {
		in.peer = cs.PeerCertificates[0]
		in.verifyErr = verifyChain(cs.PeerCertificates, roots, host)
		in.verified = in.verifyErr == 0
	}
	return in
}

// OpenSSL's X509_V_ERR codes for the failures crypto/x509 reports.
const (
	x509ErrUnspecified       = 1
	x509ErrNotYetValid       = 9
	x509ErrExpired           = 10
	x509ErrSelfSigned        = 18 // X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
	x509ErrUnknownIssuer     = 20 // X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
	x509ErrInvalidCA         = 24
	x509ErrHostnameMismatch  = 62
	x509ErrIPAddressMismatch = 64
)

// verifyChain checks a peer's chain against roots (and, when host is not "", that it
// names host) and gives OpenSSL's code for the outcome.
func verifyChain(chain []*x509.Certificate, roots *x509.CertPool, host string) int64 {
	if roots == nil {
		roots = x509.NewCertPool() // not the system's pool, which Verify would take
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	_, err := chain[0].Verify(x509.VerifyOptions{
		Roots: roots, Intermediates: inter, DNSName: host,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err == nil {
		return 0
	}
	var ua x509.UnknownAuthorityError
	var ci x509.CertificateInvalidError
	var he x509.HostnameError
	switch {
	case errors.As(err, &ua):
		if len(chain) == 1 && chain[0].CheckSignatureFrom(chain[0]) == nil {
			return x509ErrSelfSigned
		}
		return x509ErrUnknownIssuer
	case errors.As(err, &ci):
		switch ci.Reason {
		case x509.Expired:
			if time.Now().Before(ci.Cert.NotBefore) {
				return x509ErrNotYetValid
			}
			return x509ErrExpired
		case x509.NotAuthorizedToSign:
			return x509ErrInvalidCA
		}
	case errors.As(err, &he):
		if net.ParseIP(host) != nil {
			return x509ErrIPAddressMismatch
		}
		return x509ErrHostnameMismatch
	}
	return x509ErrUnspecified
}

// protocolName spells a TLS version as OpenSSL does (.z.e's PROTOCOL).
func protocolName(v uint16) string {
	switch v {
	case tls.VersionTLS10:
		return "TLSv1"
	case tls.VersionTLS11:
		return "TLSv1.1"
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS13:
		return "TLSv1.3"
	}
	return "unknown"
}

// openSSLCiphers names crypto/tls's suites as OpenSSL does (TLS 1.3 suites keep the
// IANA name in OpenSSL too).
var openSSLCiphers = map[uint16]string{
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:       "ECDHE-ECDSA-AES128-GCM-SHA256",
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:         "ECDHE-RSA-AES128-GCM-SHA256",
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:       "ECDHE-ECDSA-AES256-GCM-SHA384",
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:         "ECDHE-RSA-AES256-GCM-SHA384",
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: "ECDHE-ECDSA-CHACHA20-POLY1305",
	tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:   "ECDHE-RSA-CHACHA20-POLY1305",
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256:       "ECDHE-ECDSA-AES128-SHA256",
	tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256:         "ECDHE-RSA-AES128-SHA256",
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA:          "ECDHE-ECDSA-AES128-SHA",
	tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA:            "ECDHE-RSA-AES128-SHA",
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA:          "ECDHE-ECDSA-AES256-SHA",
	tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA:            "ECDHE-RSA-AES256-SHA",
	tls.TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA:           "ECDHE-RSA-DES-CBC3-SHA",
	tls.TLS_RSA_WITH_AES_128_GCM_SHA256:               "AES128-GCM-SHA256",
	tls.TLS_RSA_WITH_AES_256_GCM_SHA384:               "AES256-GCM-SHA384",
	tls.TLS_RSA_WITH_AES_128_CBC_SHA256:               "AES128-SHA256",
	tls.TLS_RSA_WITH_AES_128_CBC_SHA:                  "AES128-SHA",
	tls.TLS_RSA_WITH_AES_256_CBC_SHA:                  "AES256-SHA",
	tls.TLS_RSA_WITH_3DES_EDE_CBC_SHA:                 "DES-CBC3-SHA",
}

func cipherName(id uint16) string {
	if n, ok := openSSLCiphers[id]; ok {
		return n
	}
	return tls.CipherSuiteName(id)
}

// cipherSuites turns an SSL_CIPHER_LIST into the TLS 1.2 suites crypto/tls knows; nil
// (crypto/tls's choice) when it names none of them, as "ALL" or kdb+'s default list.
// TLS 1.3 suites are not configurable in crypto/tls.
func cipherSuites(list string) []uint16 {
	if list == defaultCipherList {
		return nil
	}
	byName := map[string]uint16{}
	for id, n := range openSSLCiphers {
		byName[n] = id
	}
	var r []uint16
	for _, n := range strings.Split(list, ":") {
		if id, ok := byName[strings.TrimSpace(n)]; ok {
			r = append(r, id)
		}
	}
	return r
}

// prefixConn reads the bytes peeked while sniffing before the rest of the socket.
type prefixConn struct {
	net.Conn
	pre []byte
}

func (p *prefixConn) Read(b []byte) (int, error) {
	if len(p.pre) > 0 {
		n := copy(b, p.pre)
		p.pre = p.pre[n:]
		return n, nil
	}
	return p.Conn.Read(b)
}

// startTLS is the first step of the server handshake: a connection whose first byte
// opens a TLS ClientHello is taken through the TLS handshake when -E allows it (and
// closed otherwise); a plain one goes on unless -E 2 refuses it. ok false: close nc.
func (m *Manager) startTLS(nc net.Conn, br *bufio.Reader) (net.Conn, *bufio.Reader, bool) {
	b, err := br.Peek(1)
	if err != nil {
		return nc, br, false
	}
	if b[0] != tlsRecordHandshake {
		return nc, br, m.opts.TLSMode != 2 // -E 2 is TLS only
	}
	m.tls.mu.Lock()
	cfg := m.tls.server
	m.tls.mu.Unlock()
	if m.opts.TLSMode == 0 || cfg == nil {
		return nc, br, false
	}
	pre := make([]byte, br.Buffered())
	io.ReadFull(br, pre)
	tc := tls.Server(&prefixConn{Conn: nc, pre: pre}, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), m.opts.HandshakeTimeout)
	defer cancel()
	if err := tc.HandshakeContext(ctx); err != nil {
		return nc, nil, false
	}
	s := m.tls.settings()
	var roots *x509.CertPool
	if s.verifyClient != "NO" {
		m.tls.mu.Lock()
		roots, err = m.rootsLocked(s)
		m.tls.mu.Unlock()
		if err != nil && s.verifyClient != "REQUESTONLY" {
			return nc, nil, false
		}
	}
	info := newTLSInfo(tc.ConnectionState(), roots, "")
	// SSL_VERIFY_CLIENT: YES wants a good certificate, IFPRESENT a good one or none,
	// REQUESTONLY takes anything (docs/kb/ssl.md).
	switch s.verifyClient {
	case "YES":
		if !info.verified {
			return nc, nil, false
		}
	case "IFPRESENT":
		if info.peer != nil && !info.verified {
			return nc, nil, false
		}
	}
	t := newTLSConn(tc, info)
	return t, bufio.NewReaderSize(t, 64<<10), true
}

// dialTLS runs the client side of TLS on a new connection to host (hopen
// `:tcps://), checking the server's certificate as SSL_VERIFY_SERVER says: YES (the
// default) against the CA settings, HOSTIP also against host, NO not at all.
func (m *Manager) dialTLS(nc net.Conn, host string, timeout time.Duration) (net.Conn, error) {
	b := &m.tls
	b.mu.Lock()
	s := b.settingsLocked()
	own := m.ownCertLocked(s)
	// The CA settings matter with SSL_VERIFY_SERVER NO too: .z.e still says whether
	// the certificate verified.
	roots, err := m.rootsLocked(s)
	b.mu.Unlock()
	if err != nil && s.verifyServer != "NO" {
		nc.Close()
		return nil, err
	}
	cfg := &tls.Config{
		// The chain is checked below, as kdb+ checks it: by default without the host name.
		InsecureSkipVerify: true,
		CipherSuites:       cipherSuites(s.cipherList),
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			if own != nil {
				return own, nil
			}
			return &tls.Certificate{}, nil
		},
	}
	if net.ParseIP(host) == nil {
		cfg.ServerName = host // SNI
	}
	tc := tls.Client(nc, cfg)
	ctx := context.Background()
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	if err := tc.HandshakeContext(ctx); err != nil {
		nc.Close()
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() || ctx.Err() != nil {
			return nil, &value.Error{Msg: "timeout"} // as a plain hopen's timeout
		}
		m.logf("tls: %v", err)
		return nil, errTLSConn
	}
	name := ""
	if s.verifyServer == "HOSTIP" {
		name = host
	}
	cs := tc.ConnectionState()
	info := newTLSInfo(cs, roots, name)
	if s.verifyServer != "NO" && !info.verified {
		nc.Close()
		m.logf("tls: certificate verify failed (X509_V_ERR %d)", info.verifyErr)
		return nil, errTLSConn
	}
	return newTLSConn(tc, info), nil
}

// tlsBuffer bounds the bytes a tlsConn takes before its writer has sent them, as a
// socket's send buffer bounds a plain connection.
const tlsBuffer = 256 << 10

// tlsConn is a TLS connection as Conn uses it. A TLS write cannot be made
// non-blocking (a timed-out tls.Conn write is fatal), so a goroutine does the writing:
// writeSome hands it what fits in its buffer and returns at once, and the main loop
// never waits for a peer that does not read.
type tlsConn struct {
	*tls.Conn
	info tlsInfo

	mu      sync.Mutex
	cond    sync.Cond
	buf     []byte // handed over, not yet taken by the writer
	busy    int    // bytes the writer is writing now
	err     error
	closing bool
}

func newTLSConn(tc *tls.Conn, info tlsInfo) *tlsConn {
	t := &tlsConn{Conn: tc, info: info}
	t.cond.L = &t.mu
	go t.writer()
	return t
}

func (t *tlsConn) writer() {
	var spare []byte
	for {
		t.mu.Lock()
		for len(t.buf) == 0 && !t.closing && t.err == nil {
			t.cond.Wait()
		}
		if len(t.buf) == 0 || t.err != nil {
			t.mu.Unlock()
			t.Conn.Close() // closing, with everything handed over written
			return
		}
		b := t.buf
		t.buf, spare = spare[:0], nil
		t.busy = len(b)
		t.mu.Unlock()
		_, err := t.Conn.Write(b)
		t.mu.Lock()
		t.busy = 0
		if err != nil && t.err == nil {
			t.err = err
		}
		spare = b
		t.cond.Broadcast()
		t.mu.Unlock()
	}
}

// writeSome takes what fits in the buffer without waiting (writeNow's TLS form).
func (t *tlsConn) writeSome(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := min(len(b), max(0, tlsBuffer-len(t.buf)-t.busy))
	if err := t.handLocked(b[:n]); err != nil {
		return 0, err
	}
	return n, nil
}

// handLocked hands b to the writer goroutine, unless the connection failed or is
// closing; t.mu is held.
func (t *tlsConn) handLocked(b []byte) error {
	if t.err != nil {
		return t.err
	}
	if t.closing {
		return net.ErrClosed
	}
	if len(b) > 0 {
		t.buf = append(t.buf, b...)
		t.cond.Broadcast()
	}
	return nil
}

// waitWritable blocks until the buffer has room, or the connection failed or closed.
func (t *tlsConn) waitWritable() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.err == nil && !t.closing && len(t.buf)+t.busy >= tlsBuffer {
		t.cond.Wait()
	}
}

// Write hands b over and waits until all of it is written: the blocking write of
// flushBlocking and of the handshake.
func (t *tlsConn) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.handLocked(b); err != nil {
		return 0, err
	}
	for t.err == nil && len(t.buf)+t.busy > 0 {
		t.cond.Wait()
	}
	if t.err != nil {
		return 0, t.err
	}
	return len(b), nil
}

// Close lets the writer send what it was handed (as a closed socket still sends its
// buffer) and then close; a peer that does not read gets a few seconds for it.
func (t *tlsConn) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closing {
		return nil
	}
	t.closing = true
	t.Conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	t.cond.Broadcast()
	return nil
}

// TLSMode is -E: 0 plain, 1 plain and TLS, 2 TLS only (\E).
func (m *Manager) TLSMode() int { return m.opts.TLSMode }

// TLSSettings is (-26!)[]: the process's TLS settings, keys and values symbols (the
// values print unquoted in docs/basics/internal.md#-26x-ssl, as strings would not).
func (m *Manager) TLSSettings() value.Value {
	s := m.tls.settings()
	keys := []string{"SSLEAY_VERSION", "SSL_CERT_FILE", "SSL_CA_CERT_FILE", "SSL_CA_CERT_PATH",
		"SSL_KEY_FILE", "SSL_CIPHER_LIST", "SSL_VERIFY_CLIENT", "SSL_VERIFY_SERVER"}
	vals := []string{"Go crypto/tls " + runtime.Version(), s.certFile, s.caFile, s.caPath,
		s.keyFile, s.cipherList, s.verifyClient, s.verifyServer}
	return &value.Dict{K: value.Syms(keys), V: value.Syms(vals)}
}

// TLSInfo is .z.e for handle h (and -26!h): CIPHER and PROTOCOL, and CERT when the
// peer presented a certificate (docs/ref/dotz.md#ze-tls-connection-status); the
// empty dictionary for a plain connection.
func (m *Manager) TLSInfo(h int32) (value.Value, error) {
	c, err := m.conn(h)
	if err != nil {
		return nil, err
	}
	t, ok := c.nc.(*tlsConn)
	if !ok {
		return &value.Dict{K: value.Syms(nil), V: &value.List{Items: []value.Value{}}}, nil
	}
	in := t.info
	keys := []string{"CIPHER", "PROTOCOL"}
	vals := []value.Value{value.Sym(in.cipher), value.Sym(in.protocol)}
	if in.peer != nil {
		keys = append(keys, "CERT")
		vals = append(vals, certDict(in))
	}
	return &value.Dict{K: value.Syms(keys), V: value.NewList(vals)}, nil
}

// certDict is .z.e's CERT: the peer certificate as OpenSSL prints its fields.
func certDict(in tlsInfo) value.Value {
	c := in.peer
	keys := []string{"SUBJECT", "ISSUER", "SERIALNUMBER", "NOTVALIDBEFORE", "NOTVALIDAFTER", "VERIFIED", "VERIFYERROR"}
	vals := []value.Value{
		value.Str(onelineName(c.Subject)), value.Str(onelineName(c.Issuer)),
		value.Str(strings.ToUpper(c.SerialNumber.Text(16))),
		value.Str(asn1Time(c.NotBefore)), value.Str(asn1Time(c.NotAfter)),
		value.Bool(in.verified), value.Long(in.verifyErr),
	}
	return &value.Dict{K: value.Syms(keys), V: &value.List{Items: vals}}
}

// onelineName prints a name as OpenSSL's X509_NAME_oneline: /C=US/ST=CA/O=.../CN=...
// in the certificate's own order.
func onelineName(n pkix.Name) string {
	short := map[string]string{"2.5.4.6": "C", "2.5.4.8": "ST", "2.5.4.7": "L", "2.5.4.10": "O",
		"2.5.4.11": "OU", "2.5.4.3": "CN", "2.5.4.5": "serialNumber", "2.5.4.9": "street",
		"1.2.840.113549.1.9.1": "emailAddress", "0.9.2342.19200300.100.1.25": "DC"}
	attrs := n.Names // as parsed, in the certificate's order
	if len(attrs) == 0 {
		for _, rdn := range n.ToRDNSequence() {
			attrs = append(attrs, rdn...)
		}
	}
	var sb strings.Builder
	for _, a := range attrs {
		k, ok := short[a.Type.String()]
		if !ok {
			k = a.Type.String()
		}
		fmt.Fprintf(&sb, "/%s=%v", k, a.Value)
	}
	return sb.String()
}

// asn1Time prints a time as OpenSSL's ASN1_TIME_print: "Jul  6 10:08:57 2021 GMT".
func asn1Time(t time.Time) string {
	return t.UTC().Format("Jan _2 15:04:05 2006") + " GMT"
}

// tlsTarget takes a TLS prefix off Open's host: the host to dial, and whether TLS
// was asked for.
func tlsTarget(host string) (string, bool) {
	if host == TLSUnixHost {
		return UnixHost, true
	}
	if h, ok := strings.CutPrefix(host, TLSHost); ok {
		if h == "" {
			h = "localhost"
		}
		return h, true
	}
	return host, false
}

// tlsServerName is the name a TLS client checks for host ("unix://" is this machine).
func tlsServerName(host string) string {
	if host == UnixHost {
		return "localhost"
	}
	return host
}
