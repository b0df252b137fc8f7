// Package interop tests gq against real kdb+ client libraries. node-q comes from the
// npm registry, pinned by package-lock.json and installed with `npm ci` when missing.
package interop

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gq-dev/gq/ipc/testcert"
)

// needNode finds node and npm: a skip on a developer machine without them, a failure
// in CI, where the interop tests must run.
func needNode(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is required for the interop tests in CI: %v", tool, err)
			}
			t.Skipf("%s not installed: interop tests skipped (install Node.js to run them)", tool)
		}
	}
	// The installed tree must be the one package-lock.json pins, every run: a stale or
	// hand-edited node_modules is reinstalled, not trusted.
	err := lockInstalled()
	if err == nil {
		return
	}
	t.Logf("node_modules does not match package-lock.json (%v): npm ci", err)
	ctx, cancel := context.WithTimeout(context.Background(), npmTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
	cmd.WaitDelay = time.Second
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci: %v\n%s", err, out)
	}
	if err := lockInstalled(); err != nil {
		t.Fatalf("after npm ci: %v", err)
	}
}

// npmTimeout bounds npm ci (a download); nodeTimeout bounds one node client run.
const (
	npmTimeout  = 120 * time.Second
	nodeTimeout = 30 * time.Second
)

// lockEntry is one package of a lock file.
type lockEntry struct {
	Version   string `json:"version"`
	Integrity string `json:"integrity"`
}

// lockInstalled checks every package of package-lock.json against node_modules: the
// same version and integrity in npm's record of the installed tree
// (node_modules/.package-lock.json), and the same version in the package itself.
func lockInstalled() error {
	var want, got struct {
		Packages map[string]lockEntry `json:"packages"`
	}
	b, err := os.ReadFile("package-lock.json")
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &want); err != nil {
		return fmt.Errorf("package-lock.json: %v", err)
	}
	b, err = os.ReadFile("node_modules/.package-lock.json")
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &got); err != nil {
		return fmt.Errorf("node_modules/.package-lock.json: %v", err)
	}
	n := 0
	for path, w := range want.Packages {
		if !strings.HasPrefix(path, "node_modules/") {
			continue
		}
		n++
		g, ok := got.Packages[path]
		if !ok || g != w {
			return fmt.Errorf("%s: installed %+v, locked %+v", path, g, w)
		}
		var pkg lockEntry
		b, err := os.ReadFile(filepath.Join(path, "package.json"))
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &pkg); err != nil || pkg.Version != w.Version {
			return fmt.Errorf("%s/package.json: version %q, locked %q (%v)", path, pkg.Version, w.Version, err)
		}
	}
	if n == 0 {
		return errors.New("package-lock.json lists no packages")
	}
	return nil
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// buildGQ builds cmd/gq once for all tests of this package.
func buildGQ(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gq-interop")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "gq")
		out, err := exec.Command("go", "build", "-o", binPath, "../../cmd/gq").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// freePort asks the OS for a free loopback port.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startServer runs `gq -p 127.0.0.1:port args...` with stdin at EOF (a daemon) and
// waits until it accepts connections.
func startServer(t *testing.T, bin string, args ...string) (port int, log *bytes.Buffer) {
	t.Helper()
	port = freePort(t)
	log = new(bytes.Buffer)
	cmd := exec.Command(bin, append([]string{"-p", fmt.Sprintf("127.0.0.1:%d", port)}, args...)...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
		if err == nil {
			c.Close()
			return port, log
		}
		if time.Now().After(deadline) {
			t.Fatalf("gq did not listen on %d: %v\n%s", port, err, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// runNode runs client.js against port and reports each of its checks as a subtest.
func runNode(t *testing.T, port int, creds ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), nodeTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append([]string{"client.js", fmt.Sprint(port)}, creds...)...)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	cmd.WaitDelay = time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("node client killed after %v:\n%s", nodeTimeout, out)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	checks := 0
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "ok - "):
			checks++
		case strings.HasPrefix(line, "not ok - "):
			checks++
			t.Error(strings.TrimPrefix(line, "not ok - "))
		}
	}
	if checks == 0 || err != nil && !t.Failed() {
		t.Fatalf("node client: %v\n%s", err, out)
	}
	t.Logf("node-q: %d checks", checks)
}

func TestNodeQ(t *testing.T) {
	needNode(t)
	bin := buildGQ(t)
	port, log := startServer(t, bin)
	runNode(t, port)
	if t.Failed() {
		t.Logf("server output:\n%s", log)
	}
}

func TestNodeQWithUsers(t *testing.T) {
	needNode(t)
	bin := buildGQ(t)
	users := filepath.Join(t.TempDir(), "users.txt")
	// alice's password is plain; bob's is the MD5 hex digest of "secret".
	os.WriteFile(users, []byte("alice:wonder\nbob:5ebe2294ecd0e0f08eab7690d2a6ee69\n"), 0o600)
	port, _ := startServer(t, bin, "-U", users)
	runNode(t, port, "bob", "secret")
	if got := nodeConnect(t, port, `user:"alice",password:"wrong"`); got != "refused" {
		t.Errorf("a wrong password was not refused: %s", got)
	}
}

// nodeConnect opens one node-q connection to port with the extra connect parameters
// opts (a JavaScript object's fields) and says whether it was "accepted" or "refused".
func nodeConnect(t *testing.T, port int, opts string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), nodeTimeout)
	defer cancel()
	js := fmt.Sprintf(`require("node-q").connect({host:"127.0.0.1",port:%d,%s},(e)=>{console.log(e?"refused":"accepted");process.exit(0)})`, port, opts)
	cmd := exec.CommandContext(ctx, "node", "-e", js)
	cmd.WaitDelay = time.Second
	out, _ := cmd.CombinedOutput()
	return strings.TrimSpace(string(out))
}

// TestNodeQOverTLS runs the same checks over TLS: gq -E 2 with a certificate made
// here, node-q connecting with its useTLS option and trusting that certificate.
func TestNodeQOverTLS(t *testing.T) {
	needNode(t)
	bin := buildGQ(t)
	cert, key := testcert.Make(t, t.TempDir(), "server")
	t.Setenv("KX_SSL_CERT_FILE", cert) // the KX_ names win over SSL_ ones (docs/kb/ssl.md)
	t.Setenv("KX_SSL_KEY_FILE", key)
	t.Setenv("GQ_TLS_CA", cert)
	port, log := startServer(t, bin, "-E", "2")
	runNode(t, port)
	// As kdb+ -E 2 does (docs/kb/ssl.md), a TLS-only port refuses a plain node-q, and a
	// plain port refuses node-q's useTLS: the cases of node-q's own TLS test.
	if got := nodeConnect(t, port, ""); got != "refused" {
		t.Errorf("plain node-q on a -E 2 port: %s", got)
	}
	plain, _ := startServer(t, bin)
	if got := nodeConnect(t, plain, `useTLS:true,ca:[require("fs").readFileSync(process.env.GQ_TLS_CA)]`); got != "refused" {
		t.Errorf("node-q useTLS on a plain port: %s", got)
	}
	if t.Failed() {
		t.Logf("server output:\n%s", log)
	}
}
