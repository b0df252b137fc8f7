package store

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// benchTable is 10 million rows: long, float, sym enumerated (indices into a 100-symbol
// domain), timestamp.
func benchTable(n int) *value.Table {
	l := make([]int64, n)
	f := make([]float64, n)
	e := make([]int64, n)
	ts := make([]int64, n)
	for i := range n {
		l[i] = int64(i)
		f[i] = float64(i) * 0.25
		e[i] = int64(i % 100)
		ts[i] = int64(i) * 1000
	}
	return value.NewTable([]string{"l", "f", "s", "t"}, []value.Value{value.Longs(l), value.Floats(f),
		&value.EnumVec{Domain: "sym", Idx: e}, value.NewVec(value.TTimestamp, ts)})
}

const benchRows = 10_000_000

// BenchmarkSplayWrite / BenchmarkSplayRead save and load the table splayed; the Plain
// pair write and read the same bytes per column with os.WriteFile / os.ReadFile, the
// floor the codec is measured against.
func BenchmarkSplayWrite(b *testing.B) {
	t := benchTable(benchRows)
	dir := filepath.Join(b.TempDir(), "t")
	b.SetBytes(benchRows * 32)
	for b.Loop() {
		if err := WriteSplayed(dir, t, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSplayRead(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "t")
	if err := WriteSplayed(dir, benchTable(benchRows), nil); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(benchRows * 32)
	for b.Loop() {
		t, err := ReadSplayed(dir)
		if err != nil || value.Len(t.Data[3]) != benchRows {
			b.Fatal(err)
		}
	}
}

// plainColumns are the table's column files as bytes (header included).
func plainColumns(b *testing.B) [][]byte {
	t := benchTable(benchRows)
	var cols [][]byte
	for _, c := range t.Data {
		m, err := Marshal(c)
		if err != nil {
			b.Fatal(err)
		}
		cols = append(cols, m)
	}
	return cols
}

func BenchmarkPlainWrite(b *testing.B) {
	cols := plainColumns(b)
	dir := b.TempDir()
	b.SetBytes(benchRows * 32)
	for b.Loop() {
		for i, c := range cols {
			if err := os.WriteFile(filepath.Join(dir, string(rune('a'+i))), c, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkPlainRead(b *testing.B) {
	cols := plainColumns(b)
	dir := b.TempDir()
	for i, c := range cols {
		os.WriteFile(filepath.Join(dir, string(rune('a'+i))), c, 0o644)
	}
	b.SetBytes(benchRows * 32)
	for b.Loop() {
		for i := range cols {
			if _, err := os.ReadFile(filepath.Join(dir, string(rune('a'+i)))); err != nil {
				b.Fatal(err)
			}
		}
	}
}
