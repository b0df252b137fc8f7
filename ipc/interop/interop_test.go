// Package interop tests gq against real kdb+ client libraries. node-q comes from the
// npm registry, pinned by package-lock.json and installed with `npm ci` when missing.
package interop

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// needNode finds node and npm: a skip on a developer machine without them, a failure
// in CI, where the interop tests must run.
func needNode(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is required for the interop tests in CI: %v", tool, err)
			}
			t.Skipf("%s not installed: interop tests skipped (install Node.js to run them)", tool)
		}
	}
	if _, err := os.Stat("node_modules/node-q"); err == nil {
		return
	}
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci: %v\n%s", err, out)
	}
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
	cmd := exec.Command("node", append([]string{"client.js", fmt.Sprint(port)}, creds...)...)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	out, err := cmd.CombinedOutput()
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
	cmd := exec.Command("node", "-e", fmt.Sprintf(`require("node-q").connect({host:"127.0.0.1",port:%d,user:"alice",password:"wrong"},(e)=>{console.log(e?"refused":"accepted");process.exit(0)})`, port))
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "refused") {
		t.Errorf("a wrong password was not refused: %s", out)
	}
}
