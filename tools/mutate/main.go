// Command mutate checks that the test suite catches small, plausible changes to the
// product code. Each mutation (mutations.go) names a file, an exact text in it, the
// text to put in its place, and the packages whose tests must then fail. The tree is
// copied once to a temporary directory; each mutation is applied to the copy, the
// packages' tests run, and the file is restored.
//
//	go run ./tools/mutate              # every mutation (several minutes: not part of CI)
//	go run ./tools/mutate -run 3,tol   # mutations by number or by a word of the name
//	go run ./tools/mutate -list
//
// A mutation whose text is no longer in its file (the code moved or changed) is
// reported as "no longer applies" and fails the check, so a stale list never passes
// quietly: update the mutation to the new code. A mutation that does not build is
// also a failure (the check is about tests, not the compiler). The exit status is 1
// unless every mutation applied, built and was caught.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// mutation is one change the tests must catch.
type mutation struct {
	name     string   // what the mutation breaks
	file     string   // path from the module root
	old, new string   // exact text, which must occur once in file, and its replacement
	pkgs     []string // packages whose tests run ("./eval"); they must fail
}

var (
	runFlag  = flag.String("run", "", "comma-separated mutation numbers or words of their names (default all)")
	listFlag = flag.Bool("list", false, "list the mutations and exit")
	timeout  = flag.Duration("timeout", 5*time.Minute, "limit for one mutation's test run")
	verbose  = flag.Bool("v", false, "print the test output of every mutation")
)

func main() {
	flag.Parse()
	root, err := moduleRoot()
	if err != nil {
		fatal(err)
	}
	if *listFlag {
		for i, m := range mutations {
			fmt.Printf("%2d  %-50s %s  [%s]\n", i+1, m.name, m.file, strings.Join(m.pkgs, " "))
		}
		return
	}
	sel := selected()
	tmp, err := os.MkdirTemp("", "gq-mutate")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(tmp)
	if err := copyTree(root, tmp); err != nil {
		fatal(err)
	}
	failed := 0
	for _, i := range sel {
		m := mutations[i]
		start := time.Now()
		verdict, detail := try(tmp, m)
		if verdict != "caught" {
			failed++
		}
		fmt.Printf("%2d  %-50s %-17s %s (%.0fs)\n", i+1, m.name, verdict, detail, time.Since(start).Seconds())
	}
	fmt.Printf("%d of %d mutations caught\n", len(sel)-failed, len(sel))
	if failed > 0 {
		os.Exit(1)
	}
}

// try applies m in the copy at dir, runs its packages' tests and restores the file. It
// returns "caught" with the failing tests, or what went wrong.
func try(dir string, m mutation) (verdict, detail string) {
	path := filepath.Join(dir, filepath.FromSlash(m.file))
	orig, err := os.ReadFile(path)
	if err != nil {
		return "no longer applies", err.Error()
	}
	if n := bytes.Count(orig, []byte(m.old)); n != 1 {
		return "no longer applies", fmt.Sprintf("the old text occurs %d times in %s", n, m.file)
	}
	mutated := bytes.Replace(orig, []byte(m.old), []byte(m.new), 1)
	if err := os.WriteFile(path, mutated, 0o644); err != nil {
		fatal(err)
	}
	defer func() {
		if err := os.WriteFile(path, orig, 0o644); err != nil {
			fatal(err)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	// -failfast: the first failing test is enough, and a broken network would
	// otherwise make every later test wait out its deadline.
	args := append([]string{"test", "-count=1", "-failfast", "-timeout", timeout.String()}, m.pkgs...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CI=") // local run: CI-only requirements stay off
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if *verbose {
		os.Stdout.Write(out)
	}
	if bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]")) {
		return "does not build", firstLine(out)
	}
	if err == nil {
		return "MISSED", "the tests of " + strings.Join(m.pkgs, " ") + " pass"
	}
	if ctx.Err() != nil {
		return "timed out", fmt.Sprintf("after %v", *timeout)
	}
	tests := failedTests(out)
	if len(tests) == 0 {
		return "caught", "(no test named: " + firstLine(out) + ")"
	}
	return "caught", "by " + strings.Join(tests, ", ")
}

var failRE = regexp.MustCompile(`(?m)^\s*--- FAIL: (\S+)`)

// failedTests lists the failing tests of go test's output (with -failfast, the first of
// each package), subtests folded into their test (Test/sub → Test), at most eight.
func failedTests(out []byte) []string {
	seen := map[string]bool{}
	var names []string
	for _, m := range failRE.FindAllSubmatch(out, -1) {
		n := string(m[1])
		if i := strings.IndexByte(n, '/'); i >= 0 {
			n = n[:i]
		}
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if len(names) > 8 {
		names = append(names[:8], fmt.Sprintf("and %d more", len(names)-8))
	}
	return names
}

func firstLine(b []byte) string {
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return ""
}

// selected is the indices of the mutations -run names, all by default.
func selected() []int {
	var sel []int
	if *runFlag == "" {
		for i := range mutations {
			sel = append(sel, i)
		}
		return sel
	}
	for _, w := range strings.Split(*runFlag, ",") {
		w = strings.TrimSpace(w)
		if n, err := strconv.Atoi(w); err == nil {
			if n < 1 || n > len(mutations) {
				fatal(fmt.Errorf("no mutation %d", n))
			}
			sel = append(sel, n-1)
			continue
		}
		found := false
		for i, m := range mutations {
			if strings.Contains(m.name, w) {
				sel = append(sel, i)
				found = true
			}
		}
		if !found {
			fatal(fmt.Errorf("no mutation matches %q", w))
		}
	}
	return sel
}

// moduleRoot is the directory of the go.mod above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// copyTree copies the module at src to dst, without .git and node_modules (no
// mutation touches what needs them).
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			if n := d.Name(); path != src && (n == ".git" || n == "node_modules") {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, info.Mode().Perm())
	})
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "mutate:", err)
	os.Exit(2)
}
