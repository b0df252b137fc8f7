package eval

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// qSQL benchmarks on 1,000,000 rows with 100 symbols, each beside a plain Go loop
// doing the same work on the same data:
// go test -run XXX -bench 'Select|LeftJoin' -benchmem ./eval

const qsqlBenchN = 1_000_000

type qsqlBenchData struct {
	sym   []string
	price []float64
	size  []int64
	ksym  []string // kt's keys: the 100 symbols
	kval  []int64
	ip    *Interp
}

var qsqlBench *qsqlBenchData

func qsqlBenchSetup(b *testing.B) *qsqlBenchData {
	b.Helper()
	if qsqlBench != nil {
		return qsqlBench
	}
	r := rand.New(rand.NewPCG(7, 11))
	syms := make([]string, 100)
	for i := range syms {
		syms[i] = fmt.Sprintf("s%02d", i)
	}
	d := &qsqlBenchData{sym: make([]string, qsqlBenchN), price: make([]float64, qsqlBenchN), size: make([]int64, qsqlBenchN)}
	for i := range d.sym {
		d.sym[i] = syms[r.IntN(len(syms))]
		d.price[i] = r.Float64() * 100
		d.size[i] = 1 + r.Int64N(1000)
	}
	d.ksym = syms
	d.kval = make([]int64, len(syms))
	for i := range d.kval {
		d.kval[i] = int64(i * 10)
	}
	var out bytes.Buffer
	d.ip = New(&out, &out)
	d.ip.setGlobal("t", value.NewTable([]string{"sym", "price", "size"},
		[]value.Value{value.Syms(d.sym), value.Floats(d.price), value.Longs(d.size)}))
	d.ip.setGlobal("kt", &value.Dict{K: value.NewTable([]string{"sym"}, []value.Value{value.Syms(d.ksym)}),
		V: value.NewTable([]string{"v"}, []value.Value{value.Longs(d.kval)})})
	qsqlBench = d
	return d
}

func qsqlBenchRun(b *testing.B, q string) value.Value {
	d := qsqlBenchSetup(b)
	var r value.Value
	b.ResetTimer()
	for range b.N {
		v, err := d.ip.EvalString(q)
		if err != nil {
			b.Fatal(err)
		}
		r = v
	}
	return r
}

// BenchmarkSelectSumBy: select sum size by sym from t.
func BenchmarkSelectSumBy(b *testing.B) {
	r := qsqlBenchRun(b, "select sum size by sym from t")
	if n := value.Len(r); n != 100 {
		b.Fatalf("groups: %d", n)
	}
}

// BenchmarkSelectSumByGo: the reference, a map of sums then the keys sorted.
func BenchmarkSelectSumByGo(b *testing.B) {
	d := qsqlBenchSetup(b)
	b.ResetTimer()
	for range b.N {
		m := map[string]int64{}
		for i, s := range d.sym {
			m[s] += d.size[i]
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		sums := make([]int64, len(keys))
		for i, k := range keys {
			sums[i] = m[k]
		}
	}
}

// BenchmarkSelectWhere: select from t where sym=`s07, price>50.0.
func BenchmarkSelectWhere(b *testing.B) {
	r := qsqlBenchRun(b, "select from t where sym=`s07, price>50.0")
	if n := value.Len(r); n < 1000 {
		b.Fatalf("rows: %d", n)
	}
}

// BenchmarkSelectWhereGo: the reference, one filter loop building the three columns.
func BenchmarkSelectWhereGo(b *testing.B) {
	d := qsqlBenchSetup(b)
	b.ResetTimer()
	for range b.N {
		var s []string
		var p []float64
		var z []int64
		for i, x := range d.sym {
			if x == "s07" && d.price[i] > 50 {
				s = append(s, x)
				p = append(p, d.price[i])
				z = append(z, d.size[i])
			}
		}
	}
}

// BenchmarkLeftJoin: t lj kt, kt keyed by sym (100 rows).
func BenchmarkLeftJoin(b *testing.B) {
	r := qsqlBenchRun(b, "t lj kt")
	if n := value.Len(r); n != qsqlBenchN {
		b.Fatalf("rows: %d", n)
	}
}

// BenchmarkLeftJoinGo: the reference, a map lookup per row filling the new column.
func BenchmarkLeftJoinGo(b *testing.B) {
	d := qsqlBenchSetup(b)
	b.ResetTimer()
	for range b.N {
		m := make(map[string]int, len(d.ksym))
		for i, k := range d.ksym {
			m[k] = i
		}
		v := make([]int64, len(d.sym))
		for i, s := range d.sym {
			if j, ok := m[s]; ok {
				v[i] = d.kval[j]
			} else {
				v[i] = value.NullLong
			}
		}
	}
}

// BenchmarkSelectSumByFreshStrings: the same query on a copy of t whose symbols each
// own their bytes (as after decoding from IPC), so the symbol pointer cache misses
// and every row goes to the map: the worst case against BenchmarkSelectSumByGo.
func BenchmarkSelectSumByFreshStrings(b *testing.B) {
	d := qsqlBenchSetup(b)
	fresh := make([]string, len(d.sym))
	for i, s := range d.sym {
		fresh[i] = strings.Clone(s)
	}
	d.ip.setGlobal("tf", value.NewTable([]string{"sym", "price", "size"},
		[]value.Value{value.Syms(fresh), value.Floats(d.price), value.Longs(d.size)}))
	r := qsqlBenchRun(b, "select sum size by sym from tf")
	if n := value.Len(r); n != 100 {
		b.Fatalf("groups: %d", n)
	}
}
