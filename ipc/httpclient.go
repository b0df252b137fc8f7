package ipc

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// The HTTP client side: kdb+'s one-shot `:http://host:port "request" (HTTP) and
// .Q.hg/.Q.hp (HTTPFetch). Both block the main loop until the answer is in, as kdb+'s
// do; Interrupt (Ctrl-C) gives up with 'stop. A request to our own listening port is
// served here, on the main loop, by the handlers it would reach over the network (as
// hopen of our own port gives handle 0): a network round trip would wait on the main
// loop that is waiting for it.

// maxHTTPHead bounds the status line and headers of a response the one-shot reads.
const maxHTTPHead = 1 << 20

// HTTP sends req, a whole HTTP request as kdb+'s `:http://host:port "..." takes it, to
// host:port (over TLS when useTLS) on a new connection, and returns the whole response:
// the status line and headers as the server sent them, then the body, joined from
// its chunks when it came chunked (docs/kb/http.md).
func (m *Manager) HTTP(host string, port int, useTLS bool, req []byte) ([]byte, error) {
	method, _, _ := strings.Cut(string(req), " ")
	if !useTLS && m.isOwnPort(host, port) {
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(req)))
		if err != nil {
			return nil, &value.Error{Msg: "domain"}
		}
		return m.selfHTTP(r)
	}
	ctx, done := m.clientContext()
	defer done()
	nc, err := dialHTTP(ctx, host, port, useTLS)
	if err != nil {
		return nil, err
	}
	defer nc.Close()
	if _, err := nc.Write(req); err != nil {
		return nil, m.readErr(ctx, err)
	}
	br := bufio.NewReaderSize(nc, 64<<10)
	var head []byte
	for {
		line, err := br.ReadSlice('\n')
		head = append(head, line...)
		if err == bufio.ErrBufferFull && len(head) < maxHTTPHead {
			continue
		}
		if err != nil {
			return nil, m.readErr(ctx, err)
		}
		if len(head) > maxHTTPHead {
			return nil, &value.Error{Msg: "limit"}
		}
		if len(line) <= 2 && strings.TrimRight(string(line), "\r\n") == "" {
			break // the blank line that ends the headers
		}
	}
	resp, err := http.ReadResponse(bufio.NewReader(io.MultiReader(bytes.NewReader(head), br)), &http.Request{Method: method})
	if err != nil {
		return nil, &value.Error{Msg: "badmsg"} // not an HTTP response
	}
	defer resp.Body.Close()
	body, err := m.readBody(ctx, resp.Body)
	if err != nil {
		return nil, err
	}
	return append(head, body...), nil
}

// HTTPFetch is .Q.hg (GET; post false) and .Q.hp (POST body as contentType) of url
// (http://[user:pass@]host[:port]/path, https too, a leading ":" allowed): it returns
// the response's body whatever its status, without following redirects, gunzipped when
// the server gzipped it, through http_proxy/HTTP_PROXY unless no_proxy/NO_PROXY says
// otherwise (docs/ref/dotq.md hg, hp).
func (m *Manager) HTTPFetch(rawURL string, post bool, contentType string, body []byte) ([]byte, error) {
	// a query typed as q reads it (?select from t) has spaces, which no request line may
	u, err := url.Parse(strings.ReplaceAll(strings.TrimPrefix(rawURL, ":"), " ", "%20"))
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, &value.Error{Msg: "domain"}
	}
	method := http.MethodGet
	if post {
		method = http.MethodPost
	}
	ctx, done := m.clientContext()
	defer done()
	req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, &value.Error{Msg: "domain"}
	}
	if post {
		req.Header.Set("Content-Type", contentType)
	}
	port, _ := strconv.Atoi(u.Port())
	if port == 0 {
		port = 80
	}
	if u.Scheme == "http" && m.isOwnPort(u.Hostname(), port) {
		req.RequestURI = u.RequestURI()
		if u.User != nil {
			pw, _ := u.User.Password()
			req.SetBasicAuth(u.User.Username(), pw)
		}
		raw, err := m.selfHTTP(req)
		if err != nil {
			return nil, err
		}
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), req)
		if err != nil {
			return raw, nil // the handler's text was no HTTP response: all of it is the body
		}
		defer resp.Body.Close()
		return io.ReadAll(resp.Body)
	}
	client, err := fetchClient()
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, m.readErr(ctx, err)
	}
	defer resp.Body.Close()
	return m.readBody(ctx, resp.Body)
}

// fetchClient is .Q.hg's client: proxies from the environment, no redirects followed
// (kdb+ returns what the server answered); Go's transport asks for gzip and unzips.
// It is made for each request, so that the TLS settings are read when used.
func fetchClient() (*http.Client, error) {
	tc, err := httpTLSConfig("")
	if err != nil {
		return nil, err
	}
	return &http.Client{
		Transport: &http.Transport{Proxy: http.ProxyFromEnvironment, TLSClientConfig: tc},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}, nil
}

// httpTLSConfig is the client side of TLS as kdb+ configures it (docs/kb/ssl.md): the
// server's certificate is checked against SSL_CA_CERT_FILE (or KX_SSL_CA_CERT_FILE)
// when set, the system's roots otherwise, and not at all with SSL_VERIFY_SERVER=NO.
func httpTLSConfig(host string) (*tls.Config, error) {
	c := &tls.Config{ServerName: host}
	if v := sslEnv("SSL_VERIFY_SERVER"); strings.EqualFold(v, "NO") {
		c.InsecureSkipVerify = true
	}
	if f := sslEnv("SSL_CA_CERT_FILE"); f != "" {
		pem, err := os.ReadFile(f)
		if err != nil {
			return nil, &value.Error{Msg: "conn. OS reports: " + osText(err)}
		}
		c.RootCAs = x509.NewCertPool()
		if !c.RootCAs.AppendCertsFromPEM(pem) {
			return nil, &value.Error{Msg: "conn. OS reports: no certificates in " + f}
		}
	}
	return c, nil
}

// sslEnv reads kdb+'s TLS setting name, or its KX_ spelling.
func sslEnv(name string) string {
	if v := os.Getenv("KX_" + name); v != "" {
		return v
	}
	return os.Getenv(name)
}

// readBody reads a response body, bounded by MaxMsg.
func (m *Manager) readBody(ctx context.Context, r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, int64(m.opts.MaxMsg)+1))
	if err != nil {
		return nil, m.readErr(ctx, err)
	}
	if len(b) > m.opts.MaxMsg {
		return nil, &value.Error{Msg: "wsfull"}
	}
	return b, nil
}

// readErr is the q error for a failed exchange: 'stop after Interrupt, kdb+'s 'hop
// text for a refused connection, otherwise the OS's words.
func (m *Manager) readErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return &value.Error{Msg: "stop"}
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return dialErr(err)
	}
	var ce *tls.CertificateVerificationError
	if errors.As(err, &ce) {
		return &value.Error{Msg: "conn. OS reports: " + ce.Error()}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &value.Error{Msg: "close"}
	}
	return &value.Error{Msg: osText(err)}
}

// dialHTTP connects to host:port, over TLS when useTLS (see httpTLSConfig).
func dialHTTP(ctx context.Context, host string, port int, useTLS bool) (net.Conn, error) {
	if host == "" {
		host = "localhost"
	}
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		if ctx.Err() != nil {
			return nil, &value.Error{Msg: "stop"}
		}
		return nil, dialErr(err)
	}
	stop := context.AfterFunc(ctx, func() { nc.Close() }) // Interrupt wakes a blocked read
	if !useTLS {
		return &ctxConn{Conn: nc, stop: stop}, nil
	}
	cfg, err := httpTLSConfig(host)
	if err != nil {
		stop()
		nc.Close()
		return nil, err
	}
	tc := tls.Client(nc, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		stop()
		nc.Close()
		var ce *tls.CertificateVerificationError
		if errors.As(err, &ce) {
			return nil, &value.Error{Msg: "conn. OS reports: " + ce.Error()}
		}
		return nil, dialErr(err)
	}
	return &ctxConn{Conn: tc, stop: stop}, nil
}

// ctxConn is a client connection that Interrupt closes; Close lets the watch go.
type ctxConn struct {
	net.Conn
	stop func() bool
}

func (c *ctxConn) Close() error {
	c.stop()
	return c.Conn.Close()
}

// clientContext is the context of one client exchange: Interrupt cancels it.
func (m *Manager) clientContext() (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	m.cliMu.Lock()
	m.cliCancel = cancel
	m.cliMu.Unlock()
	return ctx, func() {
		m.cliMu.Lock()
		m.cliCancel = nil
		m.cliMu.Unlock()
		cancel()
	}
}

// cancelHTTP gives up the client exchange under way, if any (Interrupt).
func (m *Manager) cancelHTTP() {
	m.cliMu.Lock()
	if m.cliCancel != nil {
		m.cliCancel()
	}
	m.cliMu.Unlock()
}

// isOwnPort reports whether host:port is our own listening port.
func (m *Manager) isOwnPort(host string, port int) bool {
	p := m.Port()
	return p != 0 && p == port && (host == "" || isSelf(host))
}

// selfHTTP serves r, a request to our own port, here on the main loop, as a network
// client would be served (.z.ac, then the method's handler), on the console's handle 0.
func (m *Manager) selfHTTP(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, &value.Error{Msg: "domain"}
	}
	user, pw, _ := basicAuth(r)
	x := HTTPArg(r, body)
	if _, refusal, ok := m.d.HTTPAuth(0, x, user, pw, m.fileOK(user, pw)); !ok {
		return refusal, nil
	}
	return m.d.HTTP(0, r.Method, x), nil
}
