package bench

import (
	"bytes"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// heapScript is the issue 14 row "first use of a big vector in a process": a fresh
// 80 MB vector, then `\t:10 sum til 10000000` three times (the first pays for the
// heap growing, the next reuse it), then a phase of small allocations and the same
// line again (Go's scavenger hands idle pages back meanwhile).
const heapScript = `\t v:til 10000000
\t:10 sum til 10000000
\t:10 sum til 10000000
\t:10 sum til 10000000
\t:100000 string til 100
\t:10 sum til 10000000
`

var heapRows = []string{"fresh80-ms", "cold-ms", "warm-ms", "warm2-ms", "", "after-small-ms"}

// benchHeap runs heapScript in a fresh gq for each iteration and reports each line's
// milliseconds (the median over the iterations); env is added to the environment.
func benchHeap(b *testing.B, env ...string) {
	build(b)
	ms := make([][]float64, len(heapRows))
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bins["gq"])
		cmd.Stdin = strings.NewReader(heapScript)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.Output()
		if err != nil {
			b.Fatal(err)
		}
		lines := bytes.Fields(out)
		if len(lines) != len(heapRows) {
			b.Fatalf("gq printed %q", out)
		}
		for j, l := range lines {
			v, err := strconv.ParseFloat(string(l), 64)
			if err != nil {
				b.Fatalf("gq printed %q", out)
			}
			ms[j] = append(ms[j], v)
		}
	}
	for j, name := range heapRows {
		if name != "" {
			b.ReportMetric(median(ms[j]), name)
		}
	}
	b.ReportMetric(0, "ns/op")
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkHeapGQ is gq as it runs: a big vector asks for huge pages and has them
// faulted in at once (eval/value/huge_linux.go Prefault), and garbage is collected before
// the heap grows for a big vector (eval/value/heap.go ReclaimFor).
func BenchmarkHeapGQ(b *testing.B) { benchHeap(b) }

// BenchmarkHeapPlain is the same binary with both turned off (GQ_HEAP=plain): Go's
// allocator and collector alone.
func BenchmarkHeapPlain(b *testing.B) { benchHeap(b, "GQ_HEAP=plain") }
