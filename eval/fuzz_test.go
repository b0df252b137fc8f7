package eval

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"runtime/metrics"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// FuzzExec feeds q source to a fresh interpreter and fails when a Go panic reaches
// Exec (an "internal error: ..." report) or when evaluation cannot be stopped. A q
// error is a fine outcome. The input is split into lines, each run as one console
// chunk, so a seed can set up names before the expression under test.
//
// Inputs that would touch the file system, the network, the process (exit, system,
// \l, \cd, shell commands) or allocate enormous memory are skipped by fuzzSkip: they
// are out of scope, not bugs.
//
//	go test -run XXX -fuzz FuzzExec -fuzztime 120s ./eval
//	go test -run TestFuzzLoop ./eval -args -fuzzloop=200000  (token-level mutations, in process)
func FuzzExec(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	fuzzSandbox(f)
	f.Fuzz(func(t *testing.T, src string) {
		if fuzzSkip(src) {
			t.Skip()
		}
		if where, ok := fuzzKnown[src]; ok {
			t.Skip("known crash in " + where)
		}
		if r := fuzzRun(src); r.bad() {
			t.Fatalf("q)%s\n%s", strings.ReplaceAll(src, "\n", "\nq)"), r)
		}
	})
}

// FUZZ_TRACE=1 prints every line before it runs, to find the input of a fatal
// (unrecoverable) crash such as a Go stack overflow.
var fuzzTrace = os.Getenv("FUZZ_TRACE") != ""

// FUZZ_LAST=file keeps the input being run in file, for the same purpose.
var fuzzLast = os.Getenv("FUZZ_LAST")

var fuzzLoopN = flag.Int("fuzzloop", 0, "TestFuzzLoop: number of token-level mutations of the seeds to run")

// TestFuzzLoop mutates the seeds at the token level (swapping operators, keywords and
// odd values in) and runs them in process, then reports every distinct internal error
// once, grouped by the top of its Go stack. Off unless -fuzzloop N is given.
func TestFuzzLoop(t *testing.T) {
	if *fuzzLoopN <= 0 {
		t.Skip("-fuzzloop N not given")
	}
	seeds := fuzzSeeds(t)
	fuzzSandbox(t)
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	type hit struct {
		src  string
		r    fuzzResult
		seen int
	}
	hits := map[string]*hit{}
	skipped := 0
	defer func() { t.Logf("%d inputs, %d skipped as out of scope", *fuzzLoopN, skipped) }()
	for i := 0; i < *fuzzLoopN; i++ {
		var src string
		if rng.Intn(3) == 0 {
			src = fuzzGen(rng, 3)
		} else {
			src = fuzzMutate(rng, seeds[rng.Intn(len(seeds))])
		}
		if fuzzSkip(src) {
			skipped++
			continue
		}
		r := fuzzRun(src)
		if !r.bad() {
			continue
		}
		k := r.key()
		if h := hits[k]; h != nil {
			h.seen++
			if len(src) < len(h.src) {
				h.src, h.r = src, r
			}
			continue
		}
		hits[k] = &hit{src: src, r: r, seen: 1}
		// now, as a fatal crash (stack overflow, out of memory) later ends the process
		fmt.Fprintf(os.Stderr, "NEW [%s]\nq)%s\n%s\n\n", k, strings.ReplaceAll(src, "\n", "\nq)"), r)
	}
	keys := make([]string, 0, len(hits))
	for k := range hits {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h := hits[k]
		t.Errorf("[%s] x%d\nq)%s\n%s", k, h.seen, strings.ReplaceAll(h.src, "\n", "\nq)"), h.r)
	}
}

// fuzzResult is what one fuzz input did.
type fuzzResult struct {
	line  string // the line that failed
	msg   string // the internal error text, or the hang description
	stack string // the Go stack of the internal error
	hang  bool
}

func (r fuzzResult) bad() bool { return r.msg != "" }

// key identifies a crash: its message (without numbers) and top frame.
func (r fuzzResult) key() string {
	m := regexp.MustCompile(`[0-9]+`).ReplaceAllString(r.msg, "N")
	return fuzzTopFrame(r.stack) + " " + m
}

func (r fuzzResult) String() string {
	if r.hang {
		return fmt.Sprintf("line %q: %s", r.line, r.msg)
	}
	return fmt.Sprintf("line %q: %s\ntop: %s\n%s", r.line, r.msg, fuzzTopFrame(r.stack), fuzzTrimStack(r.stack))
}

// stackCatcher keeps the Debug report of an internal error written to the error
// writer and drops everything else (output of -2 and the like).
type stackCatcher struct {
	mu    sync.Mutex
	stack string
}

func (c *stackCatcher) Write(p []byte) (int, error) {
	if len(p) > 15 && string(p[:15]) == "internal error:" {
		c.mu.Lock()
		c.stack = string(p)
		c.mu.Unlock()
	}
	return len(p), nil
}

func (c *stackCatcher) get() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stack
}

// fuzzKnown are seed inputs that still crash in files whose owners are at work on
// them; the seed run skips them so that go test ./eval stays green. Remove an entry
// once its crash is fixed (the fuzz-regressions transcript is the place for a case).
var fuzzKnown = map[string]string{}

// fuzzSlow is how long one line may run before it is interrupted: the fuzzer allows
// 2 s, the seed run (plain go test) less, as its few deliberate endless loops
// (convergence that never converges) would otherwise dominate its time.
var fuzzSlow = 250 * time.Millisecond

// fuzzMaxHeap is the heap size at which a line is interrupted.
const fuzzMaxHeap = 512 << 20

var fuzzHeapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

// fuzzHeap is the size of the live and not yet swept heap objects.
func fuzzHeap() uint64 {
	metrics.Read(fuzzHeapSample)
	return fuzzHeapSample[0].Value.Uint64()
}

// fuzzGrace is how long an interrupted line may take to stop before it counts as a
// hang (an evaluation that Ctrl-C cannot stop, which never stops). The seed run, on a
// machine that may be loaded (load 15-20 on 2 cores), allows 30 s; the fuzzer 3 s,
// as its worker gives up on an input after 10 s (internal/fuzz's "deadlocked!").
var fuzzGrace = 30 * time.Second

// fuzzRun runs the lines of src in a fresh interpreter.
func fuzzRun(src string) fuzzResult {
	catch := &stackCatcher{}
	ip := New(discard{}, catch)
	ip.Debug = true
	ip.Exit = func(int) { panic(&value.Error{Msg: "exit"}) }
	ip.Timer = nil
	for _, line := range strings.Split(src, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if fuzzTrace {
			fmt.Fprintf(os.Stderr, "fuzz: %q\n", line)
		}
		if fuzzLast != "" {
			os.WriteFile(fuzzLast, []byte(src), 0o644)
		}
		done := make(chan error, 1)
		go func() {
			_, err := ip.Exec(line)
			done <- err
		}()
		var err error
		slow := time.NewTimer(fuzzSlow)
		tick := time.NewTicker(10 * time.Millisecond)
	wait:
		for {
			select {
			case err = <-done:
				break wait
			case <-tick.C:
				// an evaluation that grows without bound (a join inside an endless
				// convergence) is stopped as slow ones are, before it exhausts memory
				if fuzzHeap() < fuzzMaxHeap {
					continue
				}
			case <-slow.C:
			}
			ip.Interrupt()
			select {
			case err = <-done:
			case <-time.After(fuzzGrace):
				slow.Stop()
				tick.Stop()
				return fuzzResult{line: line, msg: fmt.Sprintf("still running %v after Interrupt", fuzzGrace), hang: true}
			}
			break
		}
		slow.Stop()
		tick.Stop()
		if err != nil && strings.HasPrefix(err.Error(), "internal error") {
			return fuzzResult{line: line, msg: err.Error(), stack: catch.get()}
		}
	}
	return fuzzResult{}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// fuzzTopFrame is file:line of the innermost frame of the panic outside the runtime.
func fuzzTopFrame(stack string) string {
	lines := strings.Split(stack, "\n")
	afterPanic := false
	for i := 0; i+1 < len(lines); i++ {
		fn := lines[i]
		if strings.HasPrefix(fn, "panic(") || strings.Contains(fn, "runtime.gopanic") {
			afterPanic = true
			continue
		}
		if !afterPanic || strings.HasPrefix(fn, "\t") {
			continue
		}
		if strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "internal/") {
			continue
		}
		loc := strings.TrimSpace(lines[i+1])
		if j := strings.LastIndex(loc, " +0x"); j >= 0 {
			loc = loc[:j]
		}
		if j := strings.LastIndex(loc, "/"); j >= 0 {
			if k := strings.LastIndex(loc[:j], "/"); k >= 0 {
				loc = loc[k+1:]
			}
		}
		return loc
	}
	return "?"
}

// fuzzTrimStack keeps the frames from the panic down to the Interp entry point.
func fuzzTrimStack(stack string) string {
	lines := strings.Split(stack, "\n")
	start := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") {
			start = i
		}
	}
	var out []string
	for _, l := range lines[start:] {
		out = append(out, l)
		if strings.Contains(l, "(*Interp).Exec(") || len(out) > 40 {
			break
		}
	}
	return strings.Join(out, "\n")
}

// fuzzSandbox keeps the fuzzed interpreter away from the real world: the working
// directory is a temporary one, PATH finds no programs, and when fuzzing the address
// space is capped so that a runaway allocation fails instead of swapping the host.
func fuzzSandbox(tb testing.TB) {
	fuzzing, worker := *fuzzLoopN > 0, false
	if fl := flag.Lookup("test.fuzz"); fl != nil && fl.Value.String() != "" {
		fuzzing = true
	}
	if fl := flag.Lookup("test.fuzzworker"); fl != nil && fl.Value.String() == "true" {
		fuzzing, worker = true, true
	}
	if fuzzing && !worker && *fuzzLoopN == 0 {
		return // the -fuzz coordinator runs no input, and writes crashers to ./testdata
	}
	old := debug.SetMaxStack(256 << 20) // a runaway recursion dies sooner
	tb.Cleanup(func() { debug.SetMaxStack(old) })
	// a 100 MB workspace (gq -w 100): a line asking for gigabytes (101995 1996#7) or
	// building hundreds of megabytes on a loaded machine (&&&&&&91 30) is 'wsfull at
	// once, instead of outliving the harness's deadline or its memory
	SetWorkspace(100)
	tb.Cleanup(func() { SetWorkspace(0) })
	dir := tb.TempDir()
	tb.Chdir(dir)
	tb.Setenv("PATH", filepath.Join(dir, "nobin"))
	if fuzzing {
		fuzzSlow = 2 * time.Second
		fuzzGrace = 3 * time.Second
		fuzzLimitMemory()
	}
}

func fuzzLimitMemory() {
	const limit = 5 << 30
	var r syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_AS, &r) == nil && (r.Cur > limit) {
		r.Cur = limit
		syscall.Setrlimit(syscall.RLIMIT_AS, &r)
	}
	wsLimit = min(wsLimit, limit/2) // read at start-up, before this limit

}

var (
	// words that reach outside the process or end it
	fuzzBadWord = regexp.MustCompile(`system|exit|\.z\.exit|\.z\.ts|\\\\|\\[0-9]|read0|read1|hsym|\.Q\.gc|\.Q\.host|\.Q\.addr`)
	// files: the sandbox is a temporary directory, so only deletes, paths that may leave
	// it and the environment are out
	fuzzFileWord = regexp.MustCompile("hdel|setenv|`:[./]|`:[^`]*/|\\.\\.")
	// system commands that only read or set interpreter state
	fuzzSafeCmd = regexp.MustCompile(`^\\(P|c|d|v|f|a|b|B|e|S|W|x|o|z|g|s|T|E|u|_|C)(\s|$)`)
	// integer literals of 7 or more digits (not inside temporal literals), big
	// exponents and infinities ...
	fuzzBig = regexp.MustCompile(`(^|[^0-9.:DTdtz])[0-9]{7,}|[0-9]e[+]?[0-9]{2,}|[0-9]e[7-9]|0[Ww]|xexp`)
	// a take of three or more dimensions: the product of small counts is big; and
	// take applied to data ((#)prior x, #'), whose items become the dimensions
	fuzzReshape = regexp.MustCompile(`([0-9]+\s+){2,}[0-9]+\s*#|\(#\)|#\s*('|/|\\|\bprior\b|\beach\b|\bover\b|\bscan\b)`)
	// where iterated (where/) grows faster than the heap watch can see
	fuzzWhereIter = regexp.MustCompile(`(\bwhere\b|&:)\s*\)?\s*(/|\\|\bover\b|\bscan\b)|\b(over|scan)\b.*\bwhere\b`)
	// ... together with anything that can make a count of one: take, til, where,
	// roll/deal, pad, do, windows, iteration
	fuzzCountOp = regexp.MustCompile(`#|\btil\b|\bkey\b|!|\bwhere\b|&|\?|[0-9Ww][ijh]?\s*\$|[)\]]\s*\$|\bdo\b|\bm[a-z]+\b|xrank|sublist|cut|/|\\|'|\bvs\b|\bsv\b|xbar|rotate|xprev|\bema\b|\bprev\b|\bnext\b|\bselect\b|\bset\b|\.`)
)

// fuzzSkip reports inputs out of the fuzzer's scope.
func fuzzSkip(src string) bool {
	if len(src) > 2000 || strings.ContainsRune(src, 0) {
		return true
	}
	if fuzzBadWord.MatchString(src) || fuzzFileWord.MatchString(src) {
		return true
	}
	for _, line := range strings.Split(src, "\n") {
		if t := strings.TrimLeft(line, " \t"); strings.HasPrefix(t, "\\") && !fuzzSafeCmd.MatchString(t) {
			return true
		}
	}
	// A big number (or an infinity) next to something that counts can allocate
	// without bound; so can a product of counts, which is rarer and left to the
	// address-space limit.
	if fuzzReshape.MatchString(src) || fuzzWhereIter.MatchString(src) {
		return true
	}
	if fuzzBig.MatchString(src) && fuzzCountOp.MatchString(src) {
		return true
	}
	return false
}

// fuzzSeedFiles are the transcripts whose inputs seed the fuzzer (paths relative to
// the package directory).
func fuzzSeedFiles() []string {
	a, _ := filepath.Glob("../repl/testdata/conformance/*.txt")
	b, _ := filepath.Glob("testdata/*.txt")
	return append(a, b...)
}

var (
	fuzzAssign = regexp.MustCompile(`^\s*([.a-zA-Z][.a-zA-Z0-9_]*)\s*(::|:)[^:]`)
	fuzzIdent  = regexp.MustCompile(`[.a-zA-Z][.a-zA-Z0-9_]*`)
	fuzzSeedMu sync.Mutex
	fuzzSeedsV []string
)

// fuzzSeeds are every transcript input, each preceded by the earlier assignments of
// its file that define the names it uses, then the handmade cases.
func fuzzSeeds(tb testing.TB) []string {
	fuzzSeedMu.Lock()
	defer fuzzSeedMu.Unlock()
	if fuzzSeedsV != nil {
		return fuzzSeedsV
	}
	var seeds []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] && !fuzzSkip(s) {
			seen[s] = true
			seeds = append(seeds, s)
		}
	}
	for _, file := range fuzzSeedFiles() {
		defs := map[string]int{} // name -> index into ins of its latest definition
		var ins []string
		for _, c := range readTranscript(tb, file) {
			in := c.In
			ins = append(ins, in)
			idx := len(ins) - 1
			// the definitions this input needs, transitively
			need := map[int]bool{}
			var visit func(s string, depth int)
			visit = func(s string, depth int) {
				if depth > 6 {
					return
				}
				for _, id := range fuzzIdent.FindAllString(s, -1) {
					if j, ok := defs[id]; ok && !need[j] {
						need[j] = true
						visit(ins[j], depth+1)
					}
				}
			}
			visit(in, 0)
			var js []int
			for j := range need {
				js = append(js, j)
			}
			sort.Ints(js)
			if len(js) > 12 {
				js = js[len(js)-12:]
			}
			var b strings.Builder
			for _, j := range js {
				b.WriteString(ins[j])
				b.WriteByte('\n')
			}
			b.WriteString(in)
			add(b.String())
			if m := fuzzAssign.FindStringSubmatch(in); m != nil {
				defs[m[1]] = idx
			}
		}
	}
	for _, s := range fuzzHandmade() {
		add(s)
	}
	fuzzSeedsV = seeds
	return seeds
}

// fuzzOdd are values in odd places: every type as atom, empty and short vector, nulls,
// infinities, nested and mixed lists, dictionaries, tables, functions.
var fuzzOdd = []string{
	"0b", "1b", "010b", "`boolean$()", "0x00", "0x0102", "`byte$()", "0h", "1 2h", "0Nh", "0Wh", "-0Wh",
	"0i", "0Ni", "0Wi", "-0Wi", "1 2 3i", "`int$()", "0", "0N", "-0W", "1 2 3", "`long$()", "0N 1 0N",
	"0e", "0Ne", "0we", "1 2e", "0.0", "0n", "0w", "-0w", "1.5 0n 0w", "`float$()", "\"a\"", "\" \"", "\"abc\"",
	"\"\"", "`", "`a", "`a`b", "`$()", "`a`b`a", "`:x", "2000.01.01", "0Nd", "`date$()", "2000.01m", "0Nm",
	"2000.01.01D00:00:00.000000000", "0Np", "0Wp", "12:00:00.000", "0Nt", "12:00", "0Nu", "12:00:00", "0Nv",
	"0D01:00:00.000000000", "0Nn", "2000.01.01T00:00:00.000", "0Nz", "()", "(::)", "::", "(1;`a;\"b\")",
	"(1 2;3 4)", "(1 2;3)", "((1 2;3);4)", "enlist 1", "enlist enlist 1", "(();())", "(`a;())",
	"`a`b!1 2", "(`a`b!1 2)", "()!()", "`a`b!(1 2;3 4)", "1 2!3 4", "(`a`b!1 2;`a`b!3 4)",
	"([]a:1 2;b:`x`y)", "([]a:())", "([]a:`long$())", "([k:1 2]v:3 4)", "([]a:1 2)!([]b:3 4)", "flip`a`b!(1 2;3 4)",
	"+", "{x}", "{x+y}", "{[a;b;c]a}", "+[1]", "{x}[;1]", "(+/)", "(,)", "'", "count", "`s#1 2 3", "`u#`a`b",
	"`p#1 1 2", "`g#1 2", "-1", "-1 0 1", "0x", "1+", "\"\\n\"", "(0N;0n)", "(0w;-0w)", "2#enlist`a`b!1 2",
	"`sym$`a", "1 2 3!`a`b`c", "(1;2)", "(\"a\";\"b\")", "(\"ab\";\"c\")", "(`a;`b)", "(1b;0b)",
}

// fuzzOps are primitives and keywords to combine with fuzzOdd.
var fuzzUnary = []string{
	"neg", "abs", "signum", "reciprocal", "floor", "ceiling", "sqrt", "exp", "log", "sin", "string", "type",
	"not", "null", "key", "keys", "value", "get", "til", "count", "enlist", "raze", "first", "last",
	"reverse", "where", "flip", "distinct", "group", "asc", "desc", "iasc", "idesc", "rank", "upper",
	"lower", "trim", "cols", "meta", "sum", "sums", "prd", "avg", "min", "max", "med", "var", "dev",
	"all", "any", "deltas", "ratios", "differ", "fills", "prev", "next", "attr", "show", "-8!", "-9!-8!",
	"hopen", "hclose", "0N!", "1 ", "-1 ", "2 ", "-2 ", "3 ", "-3 ", "0 ", "parse", "eval", "-3!", "-6!",
	"-7!", "-11!", "-18!", "-19!", "-20!", "-25!", "-26!", "-27!(3i;)", "-29!", "-33!", ".Q.s", ".Q.s1",
	"\"b\"$", "\"x\"$", "\"h\"$", "\"i\"$", "\"j\"$", "\"e\"$", "\"f\"$", "\"c\"$", "\"s\"$", "\"p\"$",
	"\"m\"$", "\"d\"$", "\"z\"$", "\"n\"$", "\"u\"$", "\"v\"$", "\"t\"$", "\"B\"$", "\"X\"$", "\"H\"$",
	"\"I\"$", "\"J\"$", "\"E\"$", "\"F\"$", "\"S\"$", "\"P\"$", "\"M\"$", "\"D\"$", "\"Z\"$", "\"N\"$",
	"\"U\"$", "\"V\"$", "\"T\"$", "\"G\"$", "`$", "`int$", "`date$", "`timestamp$", "`sym$",
	"(+/)", "(,/)", "(,\\)", "({x}')", "{x}each", "(|:)", "(=:)", "(#:)", "(_:)", "(~:)", "(^:)", "(?:)",
	"(@:)", "(.:)", "(!:)", "($:)", "(<:)", "(>:)", "(*:)", "(%:)", "(&:)", "(,:)", "(::)", "ungroup",
	"xcols[`a]", "`a xkey", "0!", "1!", "2!", "`a xasc", "`a xdesc", "`a xgroup", "`a`b xcol",
	"select from", "exec a from", "update c:1 from", "delete a from", "select by a from",
	"inv", "md5", "ltime", "gtime", "getenv", "tables", "fkeys", "reval", "-5!", "-15!", "-24!", "read0`:f",
	"`:f set", "get`:f", "key`:.", "`:f 0:", "\"\\t\"0:", "(\"SJ\";enlist\",\")0:", "(\"ij\";4 4)1:",
}

var fuzzBinary = []string{
	"+", "-", "*", "%", "div", "mod", "xbar", "xexp", "xlog", "=", "<>", "<", ">", "<=", ">=", "~", "&",
	"|", "^", ",", "#", "_", "?", "!", "$", "@", ".", "in", "within", "like", "ss", "bin", "binr",
	"except", "inter", "union", "cross", "sv", "vs", "cut", "sublist", "rotate", "xprev", "mavg",
	"msum", "mmax", "mcount", "wavg", "wsum", "cor", "cov", "and", "or", "set", "insert", "upsert",
	"lj", "ij", "uj", "pj", "ej[`a]", "xrank", "each", "over", "scan", "prior", "':", "/:", "\\:",
	"+/", "+\\", ",'", "#'", "'", "!:", "@'", ".'", "$'", "~/:", "=\\:", "fby", "xcol", "xcols",
	"mmu", "lsq", "asof", "wj[1 2;`a]", "0:", "1:",
}

// fuzzHandmade are the handmade cases: primitives on odd values, plus specific forms.
func fuzzHandmade() []string {
	r := []string{
		"1000000000#1", "til 0", "til -1", "0#()", "0#`a`b!1 2", "-0#1 2", "5#()", "2#([]a:())",
		"{x}/[1]", "{x+1}/[0]", "{x}\\[1]", "(1;2)[3]", "()[0]", "(`a`b!1 2)`c", "([]a:1 2)3",
		"`a`b!(1 2;3)", "flip`a`b!(1 2;3 4 5)", "flip`a`b!1 2", "([]a:1 2;b:1 2 3)", "a:1;a[5]:2",
		"a:1 2;a[`x]:3", "d:`a`b!1 2;d[`c]+:1", "t:([]a:1 2);t[`b]", "t:([]a:1 2);t[5]",
		"t:([]a:1 2);t,([]b:1)", "t:([]a:1 2);t upsert 1", "t:([]a:1 2);`t insert 3 4",
		"t:([]a:1 2);select b from t", "t:([]a:1 2);select from t where b", "t:([]a:1 2);update a:1 2 3 from t",
		"t:([]a:1 2);delete from t where a", "t:([]a:1 2);exec a by a from t", "t:([]a:1 2);`a xasc 1",
		"t:([]a:1 2);t lj 1", "t:([]a:1 2);t ij ([]a:1)", "k:([a:1 2]b:3 4);k[3]", "k:([a:1 2]b:3 4);k[`a]",
		"k:([a:1 2]b:3 4);k,1", "k:([a:1 2]b:3 4);flip k", "k:([a:1 2]b:3 4);key k;value k;0!k;1!k",
		"{x}[1;2]", "{x}[]", "{x}[;]", "{x+y}[1][2;3]", "{[a;b;c;d;e;f;g;h;i]a}[1]", "{[a;b;c;d;e;f;g;h;i;j]a}",
		"'`err", "'\"x\"", "'1", "'()", "@[{'x};`a;{x}]", ".[{'x};();{x}]", ".[+;1 2 3;{x}]", ".[+;();::]",
		"@[1 2;5;:;3]", "@[1 2;0;+;`a]", ".[1 2;(0;0);:;3]", ".[(1 2;3 4);(::;5);:;0]", "@[`a`b!1 2;`c;+;1]",
		"@[([]a:1 2);`a;:;3 4 5]", "@[([]a:1 2);0;:;1]", ".[([]a:1 2);(0;`a);:;5]", "@[();0;:;1]",
		"$[1;2]", "$[]", "$[1]", "$[`a;1;2]", "$[\"a\";1;2]", "$[();1;2]", "$[1 2;1;2]", "if[();1]",
		"do[-1;1]", "do[`a;1]", "do[1.5;1]", "while[`a;1]", "while[1 2;1]", "if[1 2;1]",
		"-8!`a`b!1 2", "-9!0x010203", "-9!0x0100000010000000", "-9!-8!([]a:1 2)", "-9!-8!{x}", "-9!`byte$()",
		"-9!0x01000000ffffffff", "-9!0x010000000a0000000000", "-8!(+)", "-8!(+/)", "-8!(1;`a;\"b\";2.0)",
		"-18!1 2", "-19!1", "hopen`::0", "hopen`:localhost:0", "hopen 0", "hopen\"\"", "hopen`", "hopen 1.5",
		"hopen(`:x:1;-1)", "hopen(`:x:1;`a)", "hopen()", "hclose 99", "hclose`a", "hclose -1", "0\"\"",
		"0 1", "0()", "1 1", "1`a", "1()", "1(1;2)", "-1 1", "-1()", "-1`a`b", "2 0x00", "3\"1\"", "-3\"1\"",
		"3(`a;1)", "`:x 1", "(neg 3)\"a\"", "0N!", "0N!()", "0N!([]a:1 2)",
		"\"D\"$\"2000.13.01\"", "\"D\"$\"\"", "\"T\"$\"99:99\"", "\"P\"$\"2000.01.01D\"", "\"Z\"$\"x\"",
		"\"J\"$\"9223372036854775808\"", "\"J\"$\"-\"", "\"F\"$\"1e999\"", "\"G\"$\"x\"", "\"X\"$\"f\"",
		"\"I\"$(\"1\";\"2\")", "\"I\"$(\"1\";2)", "\"I\"$`a", "`$1", "`$(1;2)", "`$(\"a\";`b)", "`a$`b",
		"`s$`b", "`$\"\"", "\"S\"$\"a b\"", "\"s\"$1", "\"c\"$-1", "\"c\"$0w", "\"j\"$0w", "\"i\"$0w", "\"h\"$0w",
		"\"d\"$0w", "\"p\"$0w", "\"p\"$1e30", "\"t\"$1e30", "\"z\"$1e30", "\"m\"$1e30", "\"n\"$1e30",
		"\"u\"$1e30", "\"v\"$1e30", "\"d\"$1e30", "\"b\"$\"x\"", "\"x\"$\"abc\"", "\"x\"$`a", "`int$`a",
		"\"j\"$\"\"", "\"j\"$()", "\"j\"$(1;`a)", "\"j\"$`a`b!1 2", "\"j\"$([]a:1 2)", "\"f\"$\"1.5\"",
		"`year$2000.01.01", "`month$1", "`mm$`a", "`hh$12:00", "`ss$()", "`dd$2000.01m", "`year$0Np",
		"`week$2000.01.01", "`date$0Wp", "`timestamp$0Wd", "2000.01.01+0W", "0Wd+1", "0Wp-0Wp",
		"2000.01.01D+1", "2000.01.01T12", "2000.01.01D12:00:00.123456789123", "12:60", "24:00:00.000",
		"2000.02.30", "2000.00.01", "9999.12.31", "0001.01.01", "1999.13m", "00:00:00:00", "1D", "-1D",
		"0D00:00:00.0000000000", "1e", "1.5e", "0x0", "0x123", "1.2.3", "1..2", "`a`b`", "``", "`:",
		"\"abc", "\"\\\"", "(", ")", "[", "]", "{", "}", "{[x;x]x}", "{[1]x}", "{[a b]x}", "(;)", "(1;)",
		"[;]", "1 2[", "f:{", ":", "::", ":::", ";", ";;", "a::", "a:", ":a", "1:", "1::", "a.b:1", ".a.b:1",
		".a:1", "..", ".", "`.", ".[`.]", "get`.", "value`.", "key`.", "\\d .x", "\\d x", "\\d ..",
		"\\P -1", "\\P 99", "\\P x", "\\c 1", "\\c x y", "\\e 1 2", "\\S x", "\\W 99", "\\x", "\\x a",
		"\\v .q", "\\f .q", "\\a .", "\\_ x", "/", "/ x", "1 /x", "\\", "1 2 3 /", "a/b", "x", "x y",
		"f:{x};f[1;2;3]", "f:{x};f . ()", "f:{x};f . 1 2", "f:{x};f @ 1 2", "f:{x};f/[()]", "+/[]",
		"+/[1;2;3]", "+\\[()]", "{x,y}/[(`a;1)]", "{x}'[1 2;3 4 5]", "{x}':[1]", "{x+y}/:[1;()]",
		"{x+y}\\:[();1]", "(+/)[1 2;3]", "(,/)[]", "1 2 3'", "1 2 3/", "`a/", "(1 2)'[0]", "(`a`b!1 2)'[`a]",
		"(`a`b!1 2)/[`a]", "2 3#til 6", "0 3#til 6", "-2 3#til 6", "0N 3#til 6", "2 0N#til 6", "3 0N#\"\"",
		"(2;3)#til 6", "(2 3)#()", "2 2 2#1", "`a`b#`a`b!1 2", "`a`c#`a`b!1 2", "`a#([]a:1;b:2)",
		"1 2#`a`b!1 2", "(`a;1)#1 2", "(1;2;`a)_1 2 3", "1 2_til 5", "3 1_til 5", "`a_`a`b!1 2",
		"1_`a`b!1 2", "5_()", "-5_\"ab\"", "(1;`a)_1 2", "0 1 2 cut til 5", "3 1 cut til 5", "-1 cut 1 2",
		"0 cut 1 2", "2 cut ()", "1 2 3?4", "`a`b?`c", "(`a;1)?`a", "()?1", "(1 2;3)?3", "3?0", "0?1", "-3?3",
		"-5?3", "3?`a", "3?()", "3?\"\"", "3?0Ng", "-3?0Ng", "3?1.0", "3?2000.01.01", "3?`a`b!1 2",
		"3?([]a:1 2)", "?[1b;1;2]", "?[10b;1 2;3]", "?[10b;1 2;3 4 5]", "?[`a;1;2]", "1 2 3 bin 0n",
		"`a`b bin `c", "() bin 1", "1 2 3 bin ()", "\"abc\" bin \"b\"", "1 2!`a", "`a!1", "1 2!3 4 5",
		"(1 2)!(3 4;5)", "(`a`b!1 2)!`c", "0!1", "3!1 2", "-3!`a", "5!()", "1 2 3 rotate 4", "1 rotate ()",
		"`a rotate 1 2", "() ~ ()", "(::) ~ ::", "1 2 = 1 2 3", "(1 2;3) = (1 2;3 4)", "(`a`b!1 2)=`a`c!1 2",
		"([]a:1 2)=([]a:1 3)", "([]a:1 2)+1", "([]a:1 2)+([]b:1 2)", "(`a`b!1 2)+`c`d!3 4", "1+`a",
		"1+\"a\"", "`a+`b", "2000.01.01+2000.01.01", "12:00+2000.01.01", "1 2+1 2 3", "(1 2;3)+(1;2 3)",
		"(1;2 3)+(1 2;3 4)", "1 2 3 mod 0", "1 2 3 div 0", "0 div 0", "0N mod 0N", "-0W div -1",
		"5 xbar 0W", "0 xbar 1 2", "0.0 xbar 1 2", "`a xbar 1", "1 xexp 0w", "-1 xlog 0", "0 xlog 0",
		"2 xexp 2000.01.01", "1 2 3 msum `a`b`c", "0 msum 1 2", "-1 mavg 1 2", "0W mmax 1 2", "3 mmin ()",
		"1 2 wavg 1 2 3", "() wavg ()", "`a wsum 1", "1 2 cor 1 2 3", "() cov ()", "var ()", "dev `a",
		"med ()", "med `a`b", "avg \"abc\"", "sum `a", "sum (1;`a)", "sum ([]a:1 2)", "max ()", "min \"\"",
		"max (1 2;3 4 5)", "sums (1;`a)", "prds ()", "deltas `a", "ratios \"ab\"", "fills (1;`a)",
		"differ ()", "next ()", "prev `a!1", "1 xprev ()", "`a xprev 1 2", "iasc (1;`a)", "asc (1;`a;\"b\")",
		"asc `a`b!2 1", "desc ([]a:2 1)", "rank ()", "3 xrank 1 2", "0 xrank 1 2", "group ()",
		"group `a`b!1 1", "distinct ([]a:1 1)", "distinct `a`b!1 1", "where 1 2", "where -1", "where `a",
		"where `a`b!1 2", "where 2h", "where 0Wh", "flip (1 2;3)", "flip ()", "flip 1", "flip (1 2;3 4 5)",
		"flip `a`b", "raze 1", "raze `a`b!(1 2;3)", "raze ()", "first ()", "first ([]a:())", "last `a`b!()",
		"reverse `a`b!1 2", "enlist[]", "enlist[1;2]", "count each ()", "type each (1;`a)", "null ([]a:1 0N)",
		"not `a", "not ([]a:01b)", "neg `a", "neg ([]a:1 2)", "abs \"a\"", "signum 0x01", "floor `a",
		"ceiling 0Wh", "sqrt -1", "exp 1000", "log -1", "log 0", "string ()", "string ([]a:1 2)",
		"string {x}", "string (+)", "key 1", "key `a", "key \"a\"", "key ()", "keys 1", "value 1", "value `a",
		"value \"1+\"", "value \"\"", "value ()", "value (+;1;2)", "value (+;1)", "value (`a;1)", "value {x}",
		"value (+)", "value (+/)", "value 1+", "get ()", "eval ()", "eval (+;1;2;3)", "eval 1", "parse \"\"",
		"parse \"1+\"", "parse 1", "parse \"{\"", "parse \"select from t\"", "parse \"a:1;b\"", "-3!()",
		"-3!{x}", "-6!1", "-7!`a", "-11!1", "-18!()", "-19!`a", "-20!1", "-25!1", "-26!1", "-29!1",
		"-33!1", "-99!1", "99!1", "1000!1", "0!", "-!", "-8!", "-9!", "-9!1", "-9!\"abc\"", "-9!0x",
		"-9!0x01", "-9!0x0100000008000000", "-9!0x010000000d000000f50000000000", "-9!0x01000000100000000000000001000000",
		"-9!0x01000000100000000700000001000000", "-9!0x0100000011000000640000010000", "-9!0x010000000f000000620063",
		"-9!0x010000000e0000006200", "-9!0x010000000c00000066", "-9!0x010000000b0000", "-9!0x010000000a00000080",
		"-9!0x0100000009000000ff", "-9!0x0100000009000000e9", "-9!0x010000000e000000e8000000000000",
		"-9!0x01000000ffffff7f00", "-9!0x01000000100000006500000000000000", "-9!0x01000000100000006600000000000000",
		"-9!0x010000001400000063000b000100000061000000", "-9!0x0100000012000000000000000200000001",
		"-9!0x01020000", "-9!0x02000000", "-9!0x0101000020000000ff",
		"upper 1", "lower `a", "trim 1", "trim (\"a \";1)", "ltrim `a", "\"a\" like 1", "1 like \"a\"",
		"\"a\" like \"[\"", "\"a\" like \"[a-\"", "\"a\" like \"*[\"", "(\"a\";1) like \"a\"", "\"abc\" ss \"\"",
		"\"abc\" ss `a", "1 ss \"a\"", "ssr[\"abc\";\"\";\"x\"]", "ssr[\"abc\";\"b\";1]", "ssr[1;2;3]",
		"ssr[\"a\";\"[\";\"x\"]", "\"\" sv ()", "\",\" sv 1 2", "`a sv 1", "0b sv 1", "2 sv `a", "10 sv \"ab\"",
		"\"\" vs \"abc\"", "\",\" vs 1", "0b vs 1", "2 vs -1", "`a vs 1", "` vs `a.b", "` sv ()",
		"\" \" vs ()", "0x0 vs 1", "`:a sv `b", "\"x\" sv (\"a\";1)", "1 2 vs 1 2", "0 vs 1",
		"\"abc\" in 1", "1 in ()", "() in ()", "1 within 1", "1 within 1 2 3", "`a within 1 2",
		"(1;`a) within (0;`b)", "1 2 3 except `a", "1 inter `a`b!1 2", "1 union ([]a:1)", "1 cross ()",
		"() cross ()", "([]a:1 2) cross ([]a:1 2)", "(`a`b!1 2) cross 1", "ungroup ([]a:1 2;b:(1 2;3))",
		"ungroup ([]a:1 2;b:(1 2;3 4 5))", "ungroup 1", "cols 1", "meta 1", "meta ()", "xcols[`c;([]a:1)]",
		"`c xkey ([]a:1)", "`a xkey 1", "`a`b xcol ([]a:1)", "1 xcol ([]a:1)", "`c xasc ([]a:1)",
		"`a xasc `a`b!1 2", "`c xgroup ([]a:1)", "`a xgroup ([]a:1 1)", "select from 1", "select a from ([]b:1)",
		"select a by b from ([]a:1)", "select count i by a from ([]a:())", "exec from ([]a:1 2)",
		"exec a, b from ([]a:1 2)", "update from ([]a:1 2)", "update a:`x from ([]a:1 2)", "delete a, b from ([]a:1)",
		"delete from ([]a:1) where 1 2", "select [2] from ([]a:til 5)", "select [-2] from ([]a:til 5)",
		"select [0W] from ([]a:1 2)", "select [`a] from ([]a:1 2)", "select [1;>a] from ([]a:1 2)",
		"select a, a from ([]a:1 2)", "select max a by a mod 2 from ([]a:til 5)", "select from ([]a:1 2) where a>`a",
		"select fby from ([]a:1)", "select from ([]a:1 2;b:3 4) where b=(max;b) fby a",
		"select from ([]a:1 2;b:3 4) where b=(max;b) fby c", "?[([]a:1 2);();0b;()]", "?[([]a:1 2);1;0b;()]",
		"?[([]a:1 2);();`a;()]", "?[([]a:1 2);();0b;`a]", "?[([]a:1 2);();0b;(enlist`b)!enlist`a]",
		"![([]a:1 2);();0b;`a]", "![([]a:1 2);();0b;1]", "![([]a:1 2);1;0b;`symbol$()]", "![1;();0b;`a]",
		"([]a:1 2) lj ([]a:1 2)", "([]a:1 2) lj 1!([]b:1 2)", "([]a:1 2) ij `a!1", "([]a:1 2) uj 1",
		"([]a:1 2) uj ([]b:`x)", "1 uj 2", "([a:1 2]b:3 4) uj ([]a:1)", "([]a:1 2) pj ([a:1]b:2)",
		"ej[`a;([]a:1 2);([]b:1)]", "aj[`a;([]a:1 2);([]a:1)]", "aj[`b;([]a:1 2);([]a:1)]", "aj[`a;1;2]",
		"aj[`a`b;([]a:1 2;b:3 4);([]a:1 2;b:3 4;c:5 6)]", "aj0[`a;([]a:1 2);([]a:`x`y)]",
		"([]a:1 2) insert 3", "`t insert ([]b:1)", "t:([]a:1 2);`t insert (1;2)", "t:([]a:1 2);`t insert `x",
		"t:([]a:`long$());`t insert ()", "t:([]a:1 2);`t upsert ([]b:1)", "t:([k:1 2]v:1 2);`t upsert (3;4;5)",
		"t:([k:1 2]v:1 2);t upsert ([]k:1;v:2)", "t:([k:1 2]v:1 2);t,([]k:1;v:2)", "`a set 1;a",
		"1 set 1", "`a set", "`.a.b set 1", "`. set 1", "`:x set 1", "\"a\" set 1", "(`a;`b) set 1",
		"a:1;a+:`x", "a:1 2;a[0]+:`x", "a:1 2;a[0 5]:3", "a:`a`b!1 2;a[`c`d]:3", "a:();a,:1;a,:`a",
		"a:([]b:1 2);a[`c]:3", "a:([]b:1 2);a[0;`b]:`x", "a:(1 2;3 4);a[0;5]:1", "a:(1 2;3 4);a[;5]:1",
		"a:(1 2;3 4);a[::;0]:`x", "a:1;a[::]:2", "a:1 2;a[()]:3", "a:1 2;a[`a]:3", "a:1 2;a[1.5]:3",
		"a:\"ab\";a[0]:1", "a:`a`b;a[0]:\"x\"", "a:([k:1 2]v:1 2);a[3]:4", "a:([k:1 2]v:1 2);a[([]k:3)]:([]v:4)",
		"a:`a`b!(1;2 3);a[`a;1]:4", "a:();a[`x]:1", "a:(`a`b!1 2;`a`b!3 4);a[0;`a]:5", "a.b.c:1",
		"{x:y}[1;2]", "{a::x}1;a", "{[x]x::1}1", "{:1}", "{:}", "{x;:}", "{`a:1}", "{1:1}", "{x+:1}1",
		"{x[0]:1}1", "{x[5]:1}1 2", "{[a]a+:`x}1", "{.a:1}[]", "{@[`.;`b;:;1]}[]", "@[`.;`c;:;1]", "@[`;`c;:;1]",
		"@[`a;`b;:;1]", "@[`zz;0;:;1]", ".[`a;1 2;:;1]", "@[`.q;`x;:;1]", "@[`.z;`x;:;1]", "@[.q;`x;:;1]",
		"(+)[1;2;3]", "(+)[]", "(+)[1]", "(+)[;1][]", "(-)[1;;2]", "(neg)[1;2]", "neg[]", "(1;2)[0;0]",
		"1 2[0;0]", "(`a`b!1 2)[`a;0]", "([]a:1 2)[0;`a;1]", "([]a:1 2)[`a;0]", "(1 2;3 4)[;5]",
		"(1 2;3 4)[5;]", "(1 2;3 4)[::;::;0]", "\"abc\"[1 2;0]", "`a[0]", "1[0]", "(::)[1]", "{x}[::]",
		".[1 2;(0;0)]", ".[1 2;()]", ".[1 2;enlist ()]", ".[{x};1 2 3]", "@[1 2;(0;0)]", "@[{x};1;2]",
		"1 2 . 0", "(1 2;3 4) . (0;::)", "(1 2;3 4) . (::;::)", "(`a`b!(1 2;3 4)) . (`a;1)", "(+).()",
		"(+).(1;2;3)", "(+)@()", "(+)@1", "{x}@'1 2", "{x}.'(1;2)", "1 2 3@'0 1", "(+)'[1;2 3 4]",
		"(+)'[1 2;3 4 5]", "(+/)'[(1 2;3)]", "{x}':[]", "{x}'[]", "(+/)[]", "(+\\)[]", "1+/()", "()+/1",
		"(+/)[0;()]", "(,/)[()]", "(,/)[(1;`a)]", "(,\\)[(1;`a)]", "{x}/[3;1]", "{x}/[-1;1]", "{x}/[`a;1]",
		"{x}/[{x<3};1]", "{x}/[{`a};1]", "{x+1}\\[3;1]", "{x+1}\\[{x<3};1]", "{x+y}/[1;2;3]", "{x+y+z}/[1;2;3]",
		"{x+y+z}/[1;2 3;4 5 6]", "{x+y+z}\\[1;2 3;4 5 6]", "{x+y}':[1 2 3]", "{x+y}':[`a;1 2 3]", "(-':)()",
		"(-':)`a`b!1 2", "(,':)([]a:1 2)", "+/:[1;2 3]", "+\\:[1 2;3]", "(+/:)[()]", "(,/:)[1;()]",
		"1 2,/:\\:3 4", "(1 2;3)+/:\\:(4;5 6)", "{x}each()", "{x}each`a`b!1 2", "{x}each([]a:1 2)",
		"{x,y}/[([]a:1 2)]", "count ([]a:1 2)`a", "key (+)", "key {x}", "count +", "type +", "type `a!1",
		"string `a`b!1 2", "string 0Ng", "0Ng", "\"G\"$\"8c680a01-5a49-5aab-5a65-d4bfddb6a661\"",
		"0Ng=0Ng", "asc 2#0Ng", "sum 0Ng", "1+0Ng", "neg 0Ng", "0x01+0Ng", "`guid$1", "`guid$\"\"",
		"-0Wi+-1i", "0Wi+1i", "0Wh+1h", "-0W-2", "0W*2", "0Wh*0Wh", "neg -0W-1", "abs -0W-1", "-0W-1",
		"0Wi*0Wi", "0N*0Wi", "1%0", "0%0", "-1%0", "0w-0w", "0w*0", "0n+0Wi", "0Ne+0w", "2 xexp 1024",
		"`int$0W", "`short$0W", "`byte$256", "`byte$-1", "`char$256", "`boolean$2", "`int$1e20", "`long$1e30",
		"`long$0n", "`long$0w", "`int$-0w", "`short$0n", "`timestamp$1e30", "`timestamp$0w",
		"`date$1e20", "`month$0w", "`minute$0w", "`second$0n", "`time$1e20", "`timespan$0w",
		"`datetime$0w", "`datetime$1e300", "`date$2000.01.01D00:00:00.000000001", "`timespan$1e19",
		"`time$0Wp", "`minute$0Wp", "`second$-0Wp", "`month$0Wp", "`year$0Wd", "`mm$0Wz", "`dd$0Wm",
		"`hh$-0Wt", "`uu$12:00", "`week$0Np", "string 0Wp", "string -0Wz", "string 0Wt", "string -0Wn",
		"string 0Wm", "string 0Wu", "string 0Wv", "string 1e300", "string -1e-300", "string 0Wh", "-3!0Wp",
		"-3!-0w", ".Q.s 0Wz", ".Q.s1 ([]a:0Wp)", "0Wz", "-0Wz", "0Wd", "-0Wd", "0Wm", "0Wu", "0Wv", "0Wt",
		"0Wn", "-0Wn", "0Wp", "-0Wp", "0Wp+1", "0Wz+1", "2000.01.01T+1", "0Nz+0Wz", "0Wn+1", "-0Wn-1",
		"1000000001D", "2262.04.12D00:00:00", "1677.09.21D00:00:00", "2262.04.11D23:47:16.854775808",
		"2262.04.11D23:47:16.854775807", "`timestamp$2262.04.12", "`timestamp$1677.09.21",
		"`timestamp$0001.01.01", "`timestamp$9999.12.31", "`datetime$9999.12.31D", "`date$9999.12.31T23",
		"99999.01.01", "2000.01.01D99", "2000.01.01T99:99", "23:59:59.999999999", "24:00", "99:99",
		"-12:00", "-00:01", "-0D01", "1D01:02:03.123456789", "-1D01", "0D", "1e308*10", "1e-400",
		"123456789012345678901234567890", "1234567890123456789i", "99999h", "2147483648i", "-2147483649i",
		"9223372036854775808", "-9223372036854775809", "0x123456789abcdef0123456789abcdef", "0xzz",
		"1.2e", "1e+", "1.2.3e4", ".5", "5.", "-.5", "-5.", "1f", "1e", "1x", "1g", "1c", "1s", "1m", "1d",
		"1z", "1n", "1u", "1v", "1t", "1p", "1b2", "1 2b", "01b2", "0n1", "0N1", "0Wj", "0Nj", "0wf", "0Nf",
		"0Wc", "0Nc", "0Ns", "0Nx", "0Nb", "0Ng1", "-0Ng", "`a`b `c", "`a `b", "` `", "`a:b", "`:a:b:c",
		"`a.b.c", "`1", "`$`a", "`$1 2", "`$\"a\"", "`$(\"a\";\"b\")", "`$(\"a\";(\"b\";\"c\"))",
	}
	// every unary on every odd value, and a deterministic sample of binaries
	for _, u := range fuzzUnary {
		for _, v := range fuzzOdd {
			r = append(r, u+" "+v)
		}
	}
	rng := rand.New(rand.NewSource(1))
	for _, b := range fuzzBinary {
		for i := 0; i < 40; i++ {
			x := fuzzOdd[rng.Intn(len(fuzzOdd))]
			y := fuzzOdd[rng.Intn(len(fuzzOdd))]
			r = append(r, "("+x+")"+b+y)
		}
	}
	return r
}

// fuzzTok splits q source into rough tokens for mutation.
var fuzzTok = regexp.MustCompile(`"(\\.|[^"\\])*"|` + "`[.:a-zA-Z0-9_]*" + `|[0-9][.:0-9a-zA-Z]*|[.a-zA-Z][.a-zA-Z0-9_]*|\s+|.`)

// fuzzMutate changes a few tokens of src: a value becomes an odd value, an operator
// another operator, a keyword another keyword; or it inserts or deletes a token.
func fuzzMutate(rng *rand.Rand, src string) string {
	toks := fuzzTok.FindAllString(src, -1)
	if len(toks) == 0 {
		return src
	}
	n := 1 + rng.Intn(3)
	for k := 0; k < n; k++ {
		i := rng.Intn(len(toks))
		t := toks[i]
		switch rng.Intn(8) {
		case 0, 1:
			if t != "" && (t[0] >= '0' && t[0] <= '9' || t[0] == '"' || t[0] == '`') {
				toks[i] = "(" + fuzzOdd[rng.Intn(len(fuzzOdd))] + ")"
			} else {
				toks[i] = fuzzOdd[rng.Intn(len(fuzzOdd))]
			}
		case 2:
			toks[i] = fuzzBinary[rng.Intn(len(fuzzBinary))]
		case 3:
			toks[i] = fuzzUnary[rng.Intn(len(fuzzUnary))] + " "
		case 4:
			toks[i] = ""
		case 5:
			toks = append(toks[:i], append([]string{toks[rng.Intn(len(toks))]}, toks[i:]...)...)
		case 6:
			const punct = "()[];{}:'/\\,#_!?$@.~"
			toks[i] = string(punct[rng.Intn(len(punct))])
		case 7:
			toks[i] = "(" + t + ")"
		}
	}
	return strings.Join(toks, "")
}

// fuzzGen builds a random expression of primitives, keywords, adverbs and odd values.
func fuzzGen(rng *rand.Rand, depth int) string {
	if depth == 0 || rng.Intn(4) == 0 {
		return fuzzOdd[rng.Intn(len(fuzzOdd))]
	}
	sub := func() string { return "(" + fuzzGen(rng, depth-1) + ")" }
	switch rng.Intn(9) {
	case 0, 1:
		return fuzzUnary[rng.Intn(len(fuzzUnary))] + " " + sub()
	case 2, 3:
		return sub() + fuzzBinary[rng.Intn(len(fuzzBinary))] + sub()
	case 4:
		return sub() + "[" + sub() + "]"
	case 5:
		return sub() + "[" + sub() + ";" + sub() + "]"
	case 6:
		return "(" + sub() + ";" + sub() + ")"
	case 7:
		ops := []string{"@[", ".[", "?[", "$[", "![", "{x}[", "{x+y}[", "{[a;b;c]a}["}
		return ops[rng.Intn(len(ops))] + sub() + ";" + sub() + ";" + sub() + "]"
	default:
		adv := []string{"'", "/", "\\", "':", "/:", "\\:"}
		return "(" + fuzzBinary[rng.Intn(len(fuzzBinary))] + adv[rng.Intn(len(adv))] + ")[" + sub() + ";" + sub() + "]"
	}
}
