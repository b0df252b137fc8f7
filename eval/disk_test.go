package eval

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/store"
)

// TestDiskSession runs testdata/disk/disk.txt (kdb+'s file formats: data files,
// splayed and partitioned tables, logs) in a fresh temporary directory.
func TestDiskSession(t *testing.T) {
	path, err := filepath.Abs("testdata/disk/disk.txt")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if p, n := runTranscript(t, path); n > 0 {
		t.Logf("%d passed, %d failed", p, n)
	}
}

// copyDir copies the files under src to dst.
func copyDir(t testing.TB, src, dst string) {
	err := filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// exec runs each statement and returns the last one's display.
func execAll(t *testing.T, ip *Interp, stmts ...string) string {
	t.Helper()
	var got string
	for _, s := range stmts {
		r, err := ip.Exec(s)
		if err != nil {
			t.Fatalf("%s: '%v", s, err)
		}
		got = r
	}
	return got
}

// TestDiskHDB loads the HDB written by kdb+ (store's testdata: compressed columns, an
// enumerated sym) and runs the repository's own queries on it.
func TestDiskHDB(t *testing.T) {
	src, _ := filepath.Abs("store/testdata/kdb/hdb")
	dir := t.TempDir()
	copyDir(t, src, dir)
	t.Chdir(t.TempDir())
	var out bytes.Buffer
	ip := New(&out, &out)
	execAll(t, ip, `\l `+dir)
	for _, c := range []struct{ in, want string }{
		{"count trade", "196519\n"},
		{".Q.pv", ",2015.01.07\n"},
		{"sum value[select sum size, tradecount:count i by sym from trade where date within 2015.01.01 2015.01.31]`tradecount", "196519\n"},
		{"(select sum size by sym from trade where date within 2015.01.01 2015.01.31)~select sum size by sym from select from trade", "1b\n"},
		{"count select high:max price, low:min price, open:first price, close:last price, totalsize:sum `long$size, vwap:size wavg price by sym, bucket:0D01 xbar time from trade where date within 2015.01.01 2015.01.31", "110\n"}, // 10 syms, 11 hours of trading,
		{"r:value select high:max price, low:min price, vwap:size wavg price by sym, bucket:0D01 xbar time from trade where date within 2015.01.01 2015.01.31;all (r[`low]<=r`vwap)&r[`vwap]<=r`high", "1b\n"},
		{"exec all sym in `sym$sym from trade where date=2015.01.07", "1b\n"},
		{"exec min price>0 from trade where date=2015.01.07", "1b\n"},
		{"(exec t from meta trade)", "\"dpsfibcc\"\n"},
	} {
		if got := execAll(t, ip, c.in); got != c.want {
			t.Errorf("%s: got %q, want %q", c.in, got, c.want)
		}
	}
}

// TestDiskPartitionIsolation shows that a query of one partition reads no other
// partition's columns: every column file of the other partitions is replaced by
// garbage, and the query still answers.
func TestDiskPartitionIsolation(t *testing.T) {
	t.Chdir(t.TempDir())
	var out bytes.Buffer
	ip := New(&out, &out)
	execAll(t, ip,
		"t:([]sym:`a`b`a;px:1 2 3f)", ".Q.dpft[`:db;2024.01.01;`sym;`t]",
		"t:([]sym:`b`c;px:4 5f)", ".Q.dpft[`:db;2024.01.02;`sym;`t]",
		"t:([]sym:`c`c`a;px:6 7 8f)", ".Q.dpft[`:db;2024.01.03;`sym;`t]")
	for _, p := range []string{"2024.01.01", "2024.01.03"} {
		for _, c := range []string{"sym", "px", ".d"} {
			if c == ".d" && p == "2024.01.03" {
				continue // \l reads the last partition's .d for the table's columns
			}
			if err := os.WriteFile(filepath.Join("db", p, "t", c), []byte("garbage"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	execAll(t, ip, `\l db`)
	for _, c := range []struct{ in, want string }{
		{"select from t where date=2024.01.02", "date       sym px\n-----------------\n2024.01.02 b   4\n2024.01.02 c   5\n"},
		{"exec sum px from t where date within 2024.01.02 2024.01.02", "9f\n"},
	} {
		if got := execAll(t, ip, c.in); strings.TrimSpace(got) != strings.TrimSpace(c.want) && got != c.want {
			t.Errorf("%s: got %q, want %q", c.in, got, c.want)
		}
	}
	// a query that does reach a damaged partition is an error naming its file
	if _, err := ip.Exec("select from t where date=2024.01.01"); err == nil || !strings.Contains(err.Error(), "2024.01.01") {
		t.Errorf("damaged partition: got %v", err)
	}
}

// BenchmarkDiskSplay saves and loads a 10-million-row, 4-column table splayed through
// q (set/get), beside writing and reading the same bytes with plain Go file I/O.
func BenchmarkDiskSplay(b *testing.B) {
	dir := b.TempDir()
	b.Chdir(dir)
	var out bytes.Buffer
	ip := New(&out, &out)
	if _, err := ip.Exec("n:10000000;t:([]a:til n;b:n?1f;c:n?100i;d:2024.01.01+til[n]mod 30);`:db/t/ set t"); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, s string) {
		for i := 0; i < b.N; i++ {
			if _, err := ip.Exec(s); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("q-set", func(b *testing.B) { run(b, "`:db/t/ set t") })
	b.Run("q-get", func(b *testing.B) { run(b, "u:get`:db/t") })
	b.Run("q-get-count", func(b *testing.B) { run(b, "count get`:db/t") })
	b.Run("q-get-free", func(b *testing.B) { run(b, "u:0;u:get`:db/t") })
	b.Run("store-get", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := store.Get("db/t"); err != nil {
				b.Fatal(err)
			}
		}
	})
	files := []string{"a", "b", "c", "d"}
	raw := map[string][]byte{}
	for _, f := range files {
		bs, err := os.ReadFile(filepath.Join("db", "t", f))
		if err != nil {
			b.Fatal(err)
		}
		raw[f] = bs
	}
	b.Run("go-write", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, f := range files {
				if err := os.WriteFile(filepath.Join("db", "t", f+".raw"), raw[f], 0o644); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("go-read", func(b *testing.B) {
		var keep [][]byte // held until the next read, as u holds the table q-get read
		for i := 0; i < b.N; i++ {
			next := make([][]byte, len(files))
			for k, f := range files {
				bs, err := os.ReadFile(filepath.Join("db", "t", f+".raw"))
				if err != nil {
					b.Fatal(err)
				}
				next[k] = bs
			}
			keep = next
		}
		_ = keep
	})
}

// TestDiskDQE loads the two small databases kdb+ wrote with nested columns (col and
// col#, and a general column with col##) and reads them through queries.
func TestDiskDQE(t *testing.T) {
	base, _ := filepath.Abs("store/testdata/kdb/dqe")
	for _, c := range []struct{ db, in, want string }{
		{"dqcdb", "exec t from meta configtable", "\"dsCCsppnj\"\n"},
		{"dqcdb", "count select from configtable where date=2020.04.17", "12\n"},
		{"dqcdb", "exec all params like \"`comp*\" from configtable where date=2020.04.17", "1b\n"},
		{"dqcdb", "count results", "22\n"},
		{"dqedb", "count each (advancedres;resultstab)", "2 9\n"},
		{"dqedb", "exec all 99=type each resultdata from advancedres where date=2020.09.03", "1b\n"}, // keyed tables
	} {
		t.Chdir(t.TempDir())
		copyDir(t, filepath.Join(base, c.db, "database"), "db")
		var out bytes.Buffer
		ip := New(&out, &out)
		execAll(t, ip, `\l db`)
		if got := execAll(t, ip, c.in); got != c.want {
			t.Errorf("%s: %s: got %q, want %q", c.db, c.in, got, c.want)
		}
	}
}
