package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestWebExample drives examples/web in headless Chromium: gq runs server.q with a fast
// timer, the page subscribes over a WebSocket, and after a few ticks the test reads
// the tables the page shows from its DOM and checks them against the rows server.q
// makes (row n: sym syms (n-1) mod 4, price 100+n/4, size 100*1+(n-1) mod 5).
func TestWebExample(t *testing.T) {
	chromium := needChromium(t)
	s := startServer(t, "../../examples/web/server.q", "-tick", "100")
	s.waitOutput(t, "open http://") // the script has run (the port listens before it loads)
	file, err := filepath.Abs("../../examples/web/index.html")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	b := startBrowser(t, ctx, chromium)
	// The page as gq serves it (.h.HOME, its WebSocket on the same port), and opened as a
	// file, told where the server is.
	for _, url := range []string{
		fmt.Sprintf("http://127.0.0.1:%d/index.html", s.port),
		fmt.Sprintf("file://%s?ws=ws://127.0.0.1:%d/", file, s.port),
	} {
		t.Run(url[:4], func(t *testing.T) { checkWebPage(t, ctx, b, s, url) })
	}
}

// checkWebPage opens url in a new tab, waits for the snapshot and four updates, and
// checks the tables the page shows.
func checkWebPage(t *testing.T, ctx context.Context, b *browser, s *server, url string) {
	target := b.call(t, "", "Target.createTarget", map[string]any{"url": url})
	session := b.call(t, "", "Target.attachToTarget", map[string]any{"targetId": target["targetId"], "flatten": true})
	sid, _ := session["sessionId"].(string)

	// What the page shows, read from its DOM.
	const read = `JSON.stringify({
		status: document.getElementById("status").textContent,
		updates: +document.getElementById("updates").textContent,
		total: +document.getElementById("rows").textContent,
		trades: [...document.querySelectorAll("#trades tbody tr")].map(r => [...r.cells].map(c => c.textContent)),
		bysym: [...document.querySelectorAll("#bysym tbody tr")].map(r => [...r.cells].map(c => c.textContent))})`
	var shown struct {
		Status        string
		Updates       int
		Total         int
		Trades, Bysym [][]string
	}
	for {
		r := b.call(t, sid, "Runtime.evaluate", map[string]any{"expression": read, "returnByValue": true})
		res, _ := r["result"].(map[string]any)
		if v, ok := res["value"].(string); ok {
			if err := json.Unmarshal([]byte(v), &shown); err != nil {
				t.Fatal(err)
			}
		}
		if shown.Updates >= 5 { // the snapshot and four ticks at least
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the page did not get 5 updates in time: %+v\nserver: %s", shown, s.output())
		case <-time.After(200 * time.Millisecond):
		}
	}

	if shown.Status != "open" {
		t.Errorf("status %q, want open", shown.Status)
	}
	syms := []string{"AAPL", "MSFT", "GOOG", "IBM"}
	if len(shown.Trades) == 0 || len(shown.Trades) != min(15, shown.Total) {
		t.Fatalf("%d rows shown of %d received", len(shown.Trades), shown.Total)
	}
	top, _ := strconv.Atoi(shown.Trades[0][0])
	first := top - shown.Total + 1 // the rows received are first..top, one each
	if first < 1 {
		t.Fatalf("top row %d but %d rows received", top, shown.Total)
	}
	for i, row := range shown.Trades {
		n := top - i // newest first, no gaps
		want := []string{strconv.Itoa(n), syms[(n-1)%4], fmt.Sprintf("%.2f", 100+float64(n)/4), strconv.Itoa(100 * (1 + (n-1)%5))}
		if len(row) != 5 || row[0] != want[0] || row[2] != want[1] || row[3] != want[2] || row[4] != want[3] {
			t.Errorf("row %d: %q, want seq sym price size %q", i, row, want)
		}
		if len(row) == 5 && (len(row[1]) != 12 || row[1][2] != ':') { // hh:mm:ss.mmm from .z.p
			t.Errorf("row %d: time %q", i, row[1])
		}
	}
	// The summary per sym covers every row received.
	for _, row := range shown.Bysym {
		k := -1
		for i, s := range syms {
			if len(row) == 4 && row[0] == s {
				k = i
			}
		}
		if k < 0 {
			t.Errorf("summary row %q", row)
			continue
		}
		count, volume, last := 0, 0, math.NaN()
		for n := first; n <= top; n++ {
			if (n-1)%4 == k {
				count++
				volume += 100 * (1 + (n-1)%5)
				last = 100 + float64(n)/4
			}
		}
		want := []string{syms[k], fmt.Sprintf("%.2f", last), strconv.Itoa(count), strconv.Itoa(volume)}
		if strings.Join(row, " ") != strings.Join(want, " ") {
			t.Errorf("summary %q, want %q", row, want)
		}
	}
	if len(shown.Bysym) != min(4, shown.Total) {
		t.Errorf("%d summary rows", len(shown.Bysym))
	}
}

// needChromium finds Debian's chromium, installing it with apt-get when missing and the
// test runs as root (as ipc/interop installs node-q with npm ci). Without it the test
// skips on a developer's machine and fails in CI.
func needChromium(t *testing.T) string {
	t.Helper()
	find := func() string {
		for _, name := range []string{"chromium", "/usr/bin/chromium"} {
			if p, err := exec.LookPath(name); err == nil {
				return p
			}
		}
		return ""
	}
	if p := find(); p != "" {
		return p
	}
	var why string
	if os.Geteuid() == 0 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		install := func() ([]byte, error) {
			cmd := exec.CommandContext(ctx, "apt-get", "install", "-y", "-q", "chromium")
			cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
			return cmd.CombinedOutput()
		}
		out, err := install()
		if err != nil { // the package lists may be missing or stale
			exec.CommandContext(ctx, "apt-get", "update", "-q").Run()
			out, err = install()
		}
		if p := find(); p != "" {
			return p
		}
		why = fmt.Sprintf("apt-get install chromium: %v\n%s", err, out)
	} else {
		why = "chromium is not installed and the test is not root to install it"
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("chromium is required for the browser test in CI: %s", why)
	}
	t.Skip(why)
	return ""
}

// browser is headless Chromium driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: commands on its fd 3, answers on fd 4, each message JSON
// ending in a NUL byte).
type browser struct {
	cmd *exec.Cmd
	in  *os.File
	out *bufio.Reader
	id  int
}

func startBrowser(t *testing.T, ctx context.Context, chromium string) *browser {
	t.Helper()
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	respR, respW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-quic", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
		"--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{cmdR, respW} // fds 3 and 4
	cmd.WaitDelay = 2 * time.Second
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmdR.Close()
	respW.Close()
	b := &browser{cmd: cmd, in: cmdW, out: bufio.NewReader(respR)}
	t.Cleanup(func() {
		cmdW.Close()
		cmd.Process.Kill()
		cmd.Wait()
		respR.Close()
		if t.Failed() {
			t.Logf("chromium stderr:\n%s", stderr.String())
		}
	})
	return b
}

// call sends one command (to a page's session when sid is set) and returns its result,
// skipping the events that come before it.
func (b *browser) call(t *testing.T, sid, method string, params map[string]any) map[string]any {
	t.Helper()
	b.id++
	msg := map[string]any{"id": b.id, "method": method, "params": params}
	if sid != "" {
		msg["sessionId"] = sid
	}
	j, err := json.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.in.Write(append(j, 0)); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	for {
		line, err := b.out.ReadBytes(0)
		if err != nil {
			t.Fatalf("%s: chromium: %v", method, err)
		}
		var r struct {
			ID     int
			Result map[string]any
			Error  *struct{ Message string }
		}
		if err := json.Unmarshal(line[:len(line)-1], &r); err != nil {
			t.Fatalf("%s: %v in %q", method, err, line)
		}
		if r.ID != b.id {
			continue // an event
		}
		if r.Error != nil {
			t.Fatalf("%s: %s", method, r.Error.Message)
		}
		return r.Result
	}
}
