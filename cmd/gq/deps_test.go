package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/gq-dev/gq"

// allowed is DESIGN §3's dependency rule: the packages of ours each package may import.
// Anything not listed may import nothing of ours beyond what is listed; cmd/gq sees all.
var allowed = map[string][]string{
	"eval/value":      {},
	"parser":          {"eval/value"},
	"ipc/wire":        {"eval/value"},
	"eval":            {"eval/value", "parser", "ipc/wire"},
	"eval/format":     {"eval/value"},
	"eval/store":      {"eval/value", "ipc/wire"},
	"eval/transcript": {}, // the test format, for the eval, repl and cmd/gq tests
	"ipc":             {"eval/value", "ipc/wire"},
	"ipc/testcert":    {}, // the TLS tests' certificates (ipc, ipc/interop, cmd/gq tests)
	"repl":            {"eval/value", "eval"},
	"cmd/gq":          {"*"},
}

// TestDependencyRule parses the imports of every Go file in the module and fails on an
// import that goes the wrong way. Files of a package's own tests count, since they are
// compiled into it; external test packages (package x_test) do not: they stand outside
// the graph, which is how ipc's loopback tests can drive real sessions (DESIGN §14).
func TestDependencyRule(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found: %v", err)
	}
	fset := token.NewFileSet()
	checked := 0
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return nil // another package's half-written file is not this test's business
		}
		checked++
		if strings.HasSuffix(f.Name.Name, "_test") {
			return nil
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if !strings.HasPrefix(p, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(p, module+"/")
			if !mayImport(pkg, dep) {
				t.Errorf("%s imports %s: against the dependency rule (DESIGN §3)", filepath.ToSlash(mustRel(root, path)), dep)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no Go files checked")
	}
}

// mayImport reports whether package pkg (a path inside the module) may import dep. A
// package under one of the listed ones (eval/internal/gen, ipc/interop) follows its
// parent's rule and may also import its parent and siblings inside it.
func mayImport(pkg, dep string) bool {
	if dep == pkg || strings.HasPrefix(dep, pkg+"/") {
		return true // its own subpackages
	}
	rule := ""
	for k := range allowed {
		if (pkg == k || strings.HasPrefix(pkg, k+"/")) && len(k) > len(rule) {
			rule = k
		}
	}
	if rule == "" {
		return false
	}
	if dep == rule || strings.HasPrefix(dep, rule+"/") {
		return true
	}
	for _, a := range allowed[rule] {
		if a == "*" || a == dep {
			return true
		}
	}
	return false
}

func mustRel(root, path string) string {
	r, err := filepath.Rel(root, path)
	if err != nil {
		return path
	}
	return r
}

func TestMayImport(t *testing.T) {
	for _, c := range []struct {
		pkg, dep string
		ok       bool
	}{
		{"eval/value", "parser", false},
		{"parser", "eval/value", true},
		{"parser", "eval", false},
		{"eval", "repl", false},
		{"eval", "ipc", false},
		{"eval", "ipc/wire", true},
		{"eval", "eval/format", true},
		{"eval/format", "eval/value", true},
		{"eval/format", "eval", false},
		{"eval/format", "parser", false},
		{"eval/transcript", "eval/value", false},
		{"eval", "eval/transcript", true},
		{"ipc/wire", "eval", false},
		{"ipc", "eval", false},
		{"ipc", "ipc/wire", true},
		{"repl", "ipc", false},
		{"repl", "parser", false},
		{"repl", "eval", true},
		{"cmd/gq", "ipc", true},
		{"eval/internal/gen", "eval/value", true},
		{"ipc/interop", "ipc", true},
		{"ipc/interop", "eval", false},
		{"ipc/interop", "ipc/testcert", true},
		{"ipc/testcert", "eval/value", false},
		{"ipc/testcert", "ipc", false},
		{"tools/x", "eval", false},
		{"eval/store", "ipc/wire", true},
		{"eval/store", "eval", false},
		{"eval/store", "parser", false},
		{"eval", "eval/store", true},
	} {
		if got := mayImport(c.pkg, c.dep); got != c.ok {
			t.Errorf("mayImport(%s, %s) = %v, want %v", c.pkg, c.dep, got, c.ok)
		}
	}
}
