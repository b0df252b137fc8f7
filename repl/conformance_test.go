package repl_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval"
	"github.com/gq-dev/gq/eval/transcript"
	"github.com/gq-dev/gq/ipc"
	"github.com/gq-dev/gq/ipc/wire"
	"github.com/gq-dev/gq/repl"
)

// The conformance corpus (testdata/conformance, a copy of the shared one; format in
// its README.md) runs through a piped Session in memory: one fresh Session per file,
// wired to the network as cmd/gq wires it, each input fed to Session.Line, the same
// entry point piped stdin uses, and its output compared the way tools/qcheck.py
// compares the binary's. This is an external test package so that it may import ipc
// (repl itself never does, DESIGN §3).

// knownDiffs are the corpus cases gq answers differently from kdb+, each with why and
// the evidence. There is no pass rate: a failing case not listed here fails the test,
// and so does a listed case that passes or is no longer in the corpus, so the list can
// only shrink. Keep it empty where possible.
var knownDiffs = []knownDiff{}

// knownDiff names one corpus case by file and input line (without "q)").
type knownDiff struct {
	file, in string
	reason   string // why gq differs
	evidence string // KX page or real q session showing kdb+'s answer
}

// caseTimeout interrupts a case that runs away (it then fails with 'stop).
const caseTimeout = 10 * time.Second

// promptRE is qcheck.py's PROMPT: prompts the console may print before output.
var promptRE = regexp.MustCompile(`^(q\)+)+`)

// outputLines cuts one case's output into lines as qcheck.py does.
func outputLines(text string) []string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(promptRE.ReplaceAllString(l, ""), " \t\r\n\v\f")
	}
	return lines
}

// result is one file's outcome.
type result struct {
	pass, total int
	fails       []failure
	failed      map[string]bool // inputs of the failing cases
	inputs      map[string]bool // every input of the file
}

// failure is one failing case: its input and how it failed.
type failure struct{ in, msg string }

// runFile runs one transcript as one piped session.
func runFile(t *testing.T, path string) result {
	var out bytes.Buffer
	ip := eval.New(&out, &out)
	exited := false
	ip.Exit = func(int) { exited = true } // \\ and exit end the session, not the test
	s := &repl.Session{In: strings.NewReader(""), Out: &out, Err: &out, Interp: ip}
	// As cmd/gq does: the Manager and the interpreter see each other through their
	// interfaces, and the Manager's work runs on the session's loop.
	m := ipc.NewManager(ip, ipc.Options{Decoder: wire.Decoder{Prims: eval.WirePrim, Funcs: eval.WireFunc}})
	defer m.Shutdown()
	ip.Net = m
	s.Work = m.Work()
	s.Flush = m.FlushAll
	r := result{failed: map[string]bool{}, inputs: map[string]bool{}}
	cases, err := transcript.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		r.total++
		r.inputs[c.In] = true
		if exited {
			r.fails = append(r.fails, failure{c.In, fmt.Sprintf("%d: q)%s\n    (session exited)", c.Line, c.In)})
			r.failed[c.In] = true
			continue
		}
		out.Reset()
		watchdog := time.AfterFunc(caseTimeout, ip.Interrupt)
		s.Line(c.In)
		watchdog.Stop()
		got := outputLines(out.String())
		if c.Match(got) {
			r.pass++
			continue
		}
		for len(got) > 0 && got[len(got)-1] == "" {
			got = got[:len(got)-1]
		}
		r.fails = append(r.fails, failure{c.In, fmt.Sprintf("%d: q)%s\n    want %q\n    got  %q", c.Line, c.In, c.Want, got)})
		r.failed[c.In] = true
	}
	return r
}

// TestConformance runs testdata/conformance/*.txt and the *.txt files of the directory
// named by $GQ_CONFORMANCE_DIR. Every case must pass or be in knownDiffs.
func TestConformance(t *testing.T) {
	files, _ := filepath.Glob("testdata/conformance/*.txt")
	if dir := os.Getenv("GQ_CONFORMANCE_DIR"); dir != "" {
		extra, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		if len(extra) == 0 {
			t.Errorf("GQ_CONFORMANCE_DIR=%s holds no *.txt files", dir)
		}
		files = append(files, extra...)
	}
	if len(files) == 0 {
		t.Fatal("no conformance files")
	}
	sort.Strings(files)
	var pass, total int
	names := map[string]bool{}
	for _, f := range files {
		name := filepath.Base(f)
		names[name] = true
		t.Run(strings.TrimSuffix(name, ".txt"), func(t *testing.T) {
			r := runFile(t, f)
			pass += r.pass
			total += r.total
			t.Logf("%s: %d/%d passed", name, r.pass, r.total)
			known := map[string]bool{}
			for _, k := range knownDiffs {
				if k.file != name {
					continue
				}
				known[k.in] = true
				switch {
				case !r.inputs[k.in]:
					t.Errorf("known difference q)%s is no longer in %s: remove it from knownDiffs", k.in, name)
				case !r.failed[k.in]:
					t.Errorf("known difference q)%s now passes: remove it from knownDiffs", k.in)
				}
			}
			for _, fl := range r.fails {
				if !known[fl.in] {
					t.Errorf("FAIL %s", fl.msg)
				} else if testing.Verbose() {
					t.Logf("known difference %s", fl.msg)
				}
			}
		})
	}
	for _, k := range knownDiffs {
		if !names[k.file] {
			t.Errorf("known difference q)%s: no corpus file %s", k.in, k.file)
		}
		if k.reason == "" || k.evidence == "" {
			t.Errorf("known difference %s q)%s needs a reason and evidence", k.file, k.in)
		}
	}
	t.Logf("total: %d/%d passed", pass, total)
}
