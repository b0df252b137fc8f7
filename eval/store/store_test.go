package store

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// The kdb+ files the tests read: the repository's copy (testdata/kdb, a subset) and,
// when it is there, the whole shared folder beside the repository.
func kdbRoots(t *testing.T) []string {
	roots := []string{"testdata/kdb"}
	if st, err := os.Stat("../../../shared/kdb-files/torq-finance"); err == nil && st.IsDir() {
		roots = append(roots, "../../../shared/kdb-files/torq-finance")
	}
	return roots
}

// tableDirs lists the splayed table directories (holding .d) under root.
func tableDirs(t *testing.T, root string) []string {
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && d.Name() == ".d" {
			dirs = append(dirs, filepath.Dir(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// domainFor finds the sym file of a table in a partitioned database: db/part/table.
func domainFor(t *testing.T, table string) []string {
	p := filepath.Join(table, "..", "..", "sym")
	v, err := ReadFile(p)
	if err != nil {
		t.Fatalf("sym file of %s: %v", table, err)
	}
	return v.(*value.Vec[string]).S
}

// TestReadEveryFile reads every data file of the kdb+ folders: each reads, its type is
// what its header says, each table's columns have one count, and enumerations index
// within their sym file.
func TestReadEveryFile(t *testing.T) {
	for _, root := range kdbRoots(t) {
		files := 0
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, "#") || strings.HasSuffix(p, ".md") {
				return err
			}
			files++
			v, err := ReadFile(p)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				return nil
			}
			c, err := OpenColumn(p)
			if err != nil {
				t.Errorf("OpenColumn %s: %v", p, err)
				return nil
			}
			if got := v.Type(); got != c.Info.Type {
				t.Errorf("%s: type %d, header says %d", p, got, c.Info.Type)
			}
			if c.Info.Count >= 0 && int64(value.Len(v)) != c.Info.Count {
				t.Errorf("%s: %d items, header says %d", p, value.Len(v), c.Info.Count)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if files < 60 {
			t.Errorf("%s: only %d files read", root, files)
		}
		for _, dir := range tableDirs(t, root) {
			tb, err := ReadSplayed(dir) // checks the counts agree
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			dom := domainFor(t, dir)
			for i, col := range tb.Data {
				e, ok := col.(*value.EnumVec)
				if !ok {
					continue
				}
				for _, x := range e.Idx {
					if x != math.MinInt64 && (x < 0 || x >= int64(len(dom))) {
						t.Errorf("%s/%s: index %d outside sym (%d symbols)", dir, tb.Cols.S[i], x, len(dom))
						break
					}
				}
			}
		}
	}
}

// TestTradePartition checks what can be checked of the trade table without kdb+: the
// meta types the headers say, time sorted, prices positive, sizes positive.
func TestTradePartition(t *testing.T) {
	dir := "testdata/kdb/hdb/2015.01.07/trade"
	tb, err := ReadSplayed(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]value.Type{"time": value.TTimestamp, "sym": value.TEnum, "price": value.TFloat,
		"size": value.TInt, "stop": value.TBool, "cond": value.TChar, "ex": value.TChar}
	if !reflect.DeepEqual(tb.Cols.S, []string{"time", "sym", "price", "size", "stop", "cond", "ex"}) {
		t.Fatalf("columns %v", tb.Cols.S)
	}
	for i, c := range tb.Cols.S {
		if tb.Data[i].Type() != want[c] {
			t.Errorf("%s: type %d, want %d", c, tb.Data[i].Type(), want[c])
		}
	}
	if n := value.Len(tb.Data[0]); n != 196519 {
		t.Errorf("count %d", n)
	}
	// The partition is sorted by sym, then time (what `p#sym needs): time is sorted
	// within each sym's run, and the runs cover each sym once.
	tm := tb.Col("time").(*value.Vec[int64]).S
	sy := tb.Col("sym").(*value.EnumVec).Idx
	seen := map[int64]bool{sy[0]: true}
	for i := 1; i < len(tm); i++ {
		if sy[i] != sy[i-1] {
			if seen[sy[i]] {
				t.Fatalf("sym %d in two runs (at %d)", sy[i], i)
			}
			seen[sy[i]] = true
		} else if tm[i] < tm[i-1] {
			t.Fatalf("time not sorted within sym at %d", i)
		}
	}
	for i, p := range tb.Col("price").(*value.Vec[float64]).S {
		if !(p > 0) {
			t.Fatalf("price %v at %d", p, i)
		}
	}
	// sym is parted (`p#): kdb+ wrote the attribute, we read it.
	if a := tb.Col("sym").(*value.EnumVec).Attr; a != value.AttrP {
		t.Errorf("sym attribute %v", a)
	}
	dom := domainFor(t, dir)
	if !reflect.DeepEqual(dom, []string{"MSFT", "DOW", "AAPL", "IBM", "INTC", "GOOG", "AMD", "AIG", "HPQ", "DELL"}) {
		t.Errorf("sym %v", dom)
	}
	// The nested dqe column: strings, as kdb+ printed them into the file.
	p, err := ReadFile("testdata/kdb/dqe/dqcdb/database/2020.04.17/configtable/proc")
	if err != nil {
		t.Fatal(err)
	}
	if s := string(p.(*value.List).Items[3].(*value.Vec[byte]).S); s != "`hdb2" {
		t.Errorf("proc[3] %q", s)
	}
	// The anymap column: a keyed table per row.
	r, err := ReadFile("testdata/kdb/dqe/dqedb/database/2020.09.03/advancedres/resultdata")
	if err != nil {
		t.Fatal(err)
	}
	d := r.(*value.List).Items[0].(*value.Dict)
	if k := d.K.(*value.Table); k.Cols.S[0] != "sym" || value.Len(k.Data[0]) != 10 || k.Data[0].(*value.Vec[string]).S[9] != "MSFT" {
		t.Errorf("resultdata[0] keys %#v", k)
	}
}

// noAttr drops attributes that we do not write (their index data is kdb+'s).
func noAttr(v value.Value) value.Value {
	switch x := v.(type) {
	case *value.EnumVec:
		if x.Attr != value.AttrS {
			return &value.EnumVec{Domain: x.Domain, Idx: x.Idx}
		}
	case *value.Table:
		d := make([]value.Value, len(x.Data))
		for i, c := range x.Data {
			d[i] = noAttr(c)
		}
		return value.NewTable(x.Cols.S, d)
	}
	return v
}

// TestRoundTrip writes every table read back out (plain and with each compression),
// reads it again and wants the same values.
func TestRoundTrip(t *testing.T) {
	comps := []*Compression{nil, {16, AlgIPC, 0}, {17, AlgGzip, 6}, {12, AlgSnappy, 0}, {16, AlgLZ4HC, 9}, {17, AlgZstd, 3}}
	for _, dir := range tableDirs(t, "testdata/kdb") {
		if strings.HasSuffix(dir, "advancedres") {
			continue // an anymap column: read only (TestTradePartition)
		}
		tb, err := ReadSplayed(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, z := range comps {
			out := filepath.Join(t.TempDir(), "t")
			var zip func(string) *Compression
			if z != nil {
				zip = ZipAll(*z)
			}
			if err := WriteSplayed(out, tb, zip); err != nil {
				t.Fatalf("%s %+v: %v", dir, z, err)
			}
			back, err := ReadSplayed(out)
			if err != nil {
				t.Fatalf("%s %+v: %v", dir, z, err)
			}
			if !reflect.DeepEqual(noAttr(back), noAttr(tb)) {
				t.Errorf("%s %+v: round trip differs", dir, z)
			}
		}
	}
	// Flat files: every kind of value set/get handles.
	vals := []value.Value{
		value.Long(42), value.Sym("abc"), value.Str("hello"), value.Syms([]string{"a", "bb", ""}),
		value.Floats([]float64{1.5, math.NaN(), math.Inf(1)}), &value.List{Items: []value.Value{value.Long(1), value.Str("x")}},
		&value.Dict{K: value.Syms([]string{"a", "b"}), V: value.Longs([]int64{1, 2})},
		value.NewTable([]string{"a", "s"}, []value.Value{value.Longs([]int64{1, 2}), value.Syms([]string{"x", "y"})}),
		&value.EnumVec{Domain: "sym", Idx: []int64{0, 2, 1, math.MinInt64}},
		value.NewVec(value.TTimestamp, []int64{0, 1, 2}), value.NewVec(value.TDate, []int32{1, 2}),
		value.GUIDs([][16]byte{{1, 2, 3}}), value.Shorts([]int16{-1, 5}), value.Reals([]float32{1.25}),
	}
	for _, v := range vals {
		b, err := Marshal(v)
		if err != nil {
			t.Fatalf("%#v: %v", v, err)
		}
		back, err := Unmarshal(b)
		if err != nil {
			t.Fatalf("%#v: %v", v, err)
		}
		if !sameValue(back, v) {
			t.Errorf("%#v came back as %#v", v, back)
		}
	}
}

// sameValue is DeepEqual with NaN equal to NaN.
func sameValue(a, b value.Value) bool {
	fa, ok1 := a.(*value.Vec[float64])
	fb, ok2 := b.(*value.Vec[float64])
	if ok1 && ok2 {
		if len(fa.S) != len(fb.S) || fa.Typ != fb.Typ {
			return false
		}
		for i := range fa.S {
			if math.Float64bits(fa.S[i]) != math.Float64bits(fb.S[i]) && !(math.IsNaN(fa.S[i]) && math.IsNaN(fb.S[i])) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

// TestSameBytesAsKdb writes the values read from kdb+'s uncompressed files and wants
// kdb+'s bytes back: 16-byte vector headers, new-format enumerations, nested columns,
// .d and sym files; and compressing the trade columns as kdb+ did (algorithm 1, 2^16
// blocks) gives kdb+'s compressed files.
func TestSameBytesAsKdb(t *testing.T) {
	compared := map[string]int{}
	err := filepath.WalkDir("testdata/kdb", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "#") || strings.HasSuffix(p, ".md") {
			return err
		}
		orig, _ := os.ReadFile(p)
		v, err := ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case IsCompressed(orig):
			info, _, _ := ZipStats(orig)
			plain, _ := Decompress(orig)
			z, err := Compress(plain, Compression{info.LogBlock, info.Algorithm, info.Level})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(z, orig) {
				t.Errorf("%s: compressed bytes differ from kdb+'s (%d vs %d)", p, len(z), len(orig))
			}
			compared["compressed"]++
			return nil
		case orig[0] == 0xfe && orig[1] != 0x20:
			return nil // kdb+ before 3.6 wrote these; we write the 3.6+ layout (checked below)
		case orig[0] == 0xff && orig[4] == 0 && value.Len(v) > 0:
			return nil // a sym file whose count kdb+ left at 0
		case orig[0] == 0xfd && orig[newKHead+2] == nestedBase:
			return nil // anymap: read only
		case orig[0] == 0xfe && orig[3] != 0, orig[0] == 0xfd && orig[newKHead+3] != 0:
			return nil // attribute index data: kdb+'s own
		}
		dir := t.TempDir()
		out := filepath.Join(dir, "c")
		write := WriteColumn
		if _, ok := v.(*value.Vec[string]); ok {
			write = WriteFile // .d and sym: flat symbol lists
		}
		if err := write(out, v, nil); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(out)
		if !bytes.Equal(got, orig) {
			n := min(len(got), len(orig), 32)
			t.Errorf("%s: bytes differ from kdb+'s\n got %x\nwant %x", p, got[:n], orig[:n])
		}
		if o, err := os.ReadFile(p + "#"); err == nil {
			g, _ := os.ReadFile(out + "#")
			if !bytes.Equal(g, o) {
				if orig[0] != 0xfd { // anymap heaps are not ours to reproduce
					t.Errorf("%s#: bytes differ from kdb+'s", p)
				}
			}
		}
		compared[string(orig[:2])]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if compared["compressed"] != 6 || compared["\xfe\x20"] < 20 || compared["\xfd\x20"] < 8 || compared["\xff\x01"] < 5 {
		t.Errorf("compared %v", compared)
	}
}

// TestJournal writes a log, counts and replays it, then cuts its tail mid-chunk.
func TestJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sym2015.01.07")
	if err := CreateJournal(path); err != nil {
		t.Fatal(err)
	}
	// .[L;();:;()] writes the empty list: ff 01, type 0, no attribute, count 0.
	if b, _ := os.ReadFile(path); !bytes.Equal(b, []byte{0xff, 1, 0, 0, 0, 0, 0, 0}) {
		t.Fatalf("empty log %x", b)
	}
	j, err := OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	msg := func(i int64) value.Value {
		return &value.List{Items: []value.Value{value.Sym("upd"), value.Sym("trade"),
			&value.List{Items: []value.Value{value.Syms([]string{"IBM"}), value.Floats([]float64{float64(i)})}}}}
	}
	for i := range int64(5) {
		if err := j.Append(msg(i)); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	st, err := CountJournal(path)
	if err != nil || st.Chunks != 5 || !st.Whole() {
		t.Fatalf("count %+v %v", st, err)
	}
	var got []value.Value
	if _, err := ScanJournal(path, 3, func(v value.Value) error { got = append(got, v); return nil }); err != nil || len(got) != 3 {
		t.Fatalf("replay 3: %d %v", len(got), err)
	}
	if !reflect.DeepEqual(got[2], msg(2)) {
		t.Errorf("chunk 2 %#v", got[2])
	}
	all, err := ReadFile(path) // get of a log: its messages
	if err != nil || value.Len(all) != 5 {
		t.Fatalf("get log: %v", err)
	}
	// A crash mid-write: the last chunk loses its tail.
	fi, _ := os.Stat(path)
	if err := os.Truncate(path, fi.Size()-3); err != nil {
		t.Fatal(err)
	}
	st, err = CountJournal(path)
	if err != nil || st.Chunks != 4 || st.Whole() || st.Valid >= st.Size {
		t.Fatalf("bad tail count %+v %v", st, err)
	}
	got = got[:0]
	_, err = ScanJournal(path, -1, func(v value.Value) error { got = append(got, v); return nil })
	if !errors.Is(err, ErrBadTail) || len(got) != 4 {
		t.Fatalf("replay past the bad tail: %d %v", len(got), err)
	}
	if _, err := ReadFile(path); err == nil {
		t.Error("get of a log with a bad tail should fail")
	}
	// Appending after a repair goes on from the valid part.
	if err := TruncateJournal(path, st); err != nil {
		t.Fatal(err)
	}
	j, _ = OpenJournal(path)
	j.AppendItems([]value.Value{msg(10), msg(11)})
	j.Close()
	if st, _ := CountJournal(path); st.Chunks != 6 || !st.Whole() {
		t.Errorf("after repair %+v", st)
	}
	// Chunks bigger than the reader's first window (1 MB), around small ones.
	j, _ = OpenJournal(path)
	big := value.Longs(make([]int64, 300_000))
	j.AppendItems([]value.Value{big, msg(12), big})
	j.Close()
	n := 0
	if st, err := ScanJournal(path, -1, func(v value.Value) error { n++; return nil }); err != nil || st.Chunks != 9 || n != 9 || !st.Whole() {
		t.Errorf("big chunks %+v %d %v", st, n, err)
	}
}

// TestBadFiles: truncated and corrupt files are errors naming the file, never panics.
func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	src := "testdata/kdb/hdb/2015.01.07/trade"
	for _, c := range []string{"price", "sym", "time"} {
		b, _ := os.ReadFile(filepath.Join(src, c))
		plain, _ := Decompress(b)
		for _, cut := range []int{1, 7, 15, 100, len(b) / 2, len(b) - 1} {
			for _, data := range [][]byte{b[:cut], plain[:min(cut, len(plain)-1)]} {
				p := filepath.Join(dir, c)
				os.WriteFile(p, data, 0o644)
				_, err := ReadFile(p)
				var e *Error
				if !errors.As(err, &e) || e.Path != p {
					t.Errorf("%s cut at %d: %v", c, cut, err)
				}
			}
		}
	}
	// A corrupt block inside a compressed file.
	b, _ := os.ReadFile(filepath.Join(src, "price"))
	bad := bytes.Clone(b)
	for i := 40; i < 400; i++ {
		bad[i] ^= 0x5a
	}
	if _, err := Unmarshal(bad); err == nil {
		t.Error("corrupt compressed block read")
	}
	// A .d naming a missing column; a missing partition column file.
	tb := value.NewTable([]string{"a", "b"}, []value.Value{value.Longs([]int64{1}), value.Floats([]float64{2})})
	tdir := filepath.Join(dir, "t")
	if err := WriteSplayed(tdir, tb, nil); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(tdir, "b"))
	_, err := ReadSplayed(tdir)
	var e *Error
	if !errors.As(err, &e) || e.Path != filepath.Join(tdir, "b") || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing column: %v", err)
	}
	// Columns of different lengths.
	WriteFile(filepath.Join(tdir, "b"), value.Floats([]float64{1, 2}), nil)
	if _, err := ReadSplayed(tdir); err == nil || !strings.Contains(err.Error(), "length") {
		t.Errorf("uneven columns: %v", err)
	}
	// Symbol columns must be enumerated first.
	if err := WriteSplayed(tdir, value.NewTable([]string{"s"}, []value.Value{value.Syms([]string{"a"})}), nil); err == nil {
		t.Error("unenumerated symbol column written")
	}
}

func TestAppendFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := WriteFile(p, value.Longs([]int64{1, 2}), nil); err != nil {
		t.Fatal(err)
	}
	if err := AppendFile(p, value.Longs([]int64{3})); err != nil {
		t.Fatal(err)
	}
	if err := AppendFile(p, value.Long(4)); err != nil {
		t.Fatal(err)
	}
	if v, _ := ReadFile(p); !reflect.DeepEqual(v, value.Longs([]int64{1, 2, 3, 4})) {
		t.Errorf("appended %#v", v)
	}
	if err := AppendFile(p, value.Floats([]float64{1})); err == nil {
		t.Error("float appended to a long file")
	}
	// A general list file takes anything; an enumeration grows over its domain.
	g := filepath.Join(dir, "g")
	AppendFile(g, &value.List{Items: []value.Value{value.Long(1)}})
	AppendFile(g, &value.List{Items: []value.Value{value.Str("ab")}})
	if v, _ := ReadFile(g); value.Len(v) != 2 {
		t.Errorf("general %#v", v)
	}
	e := filepath.Join(dir, "e")
	WriteFile(e, &value.EnumVec{Domain: "sym", Idx: []int64{0}}, nil)
	AppendFile(e, &value.EnumVec{Domain: "sym", Idx: []int64{1, 2}})
	if v, _ := ReadFile(e); !reflect.DeepEqual(v, &value.EnumVec{Domain: "sym", Idx: []int64{0, 1, 2}}) {
		t.Errorf("enum %#v", v)
	}
	if n, _ := FileSize(e); n != newHead+24 {
		t.Errorf("hcount %d", n)
	}
	// A compressed file stays compressed.
	z := filepath.Join(dir, "z")
	WriteFile(z, value.Longs(make([]int64, 5000)), &Compression{12, AlgIPC, 0})
	if err := AppendFile(z, value.Longs([]int64{7})); err != nil {
		t.Fatal(err)
	}
	if v, _ := ReadFile(z); value.Len(v) != 5001 || v.(*value.Vec[int64]).S[5000] != 7 {
		t.Errorf("compressed append %d", value.Len(v))
	}
	if info, ok, _ := ZipStats(mustRead(t, z)); !ok || info.Algorithm != AlgIPC || info.UncompressedLength != 16+8*5001 {
		t.Errorf("compressed append %+v", info)
	}
	// hcount of a compressed file is its plain length.
	if n, _ := FileSize("testdata/kdb/hdb/2015.01.07/trade/price"); n != 16+8*196519 {
		t.Errorf("hcount compressed %d", n)
	}
}

func TestEnumerate(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sym")
	dom, idx, err := EnumerateFile(p, []string{"b", "a", "b"})
	if err != nil || !reflect.DeepEqual(dom, []string{"b", "a"}) || !reflect.DeepEqual(idx, []int64{0, 1, 0}) {
		t.Fatalf("%v %v %v", dom, idx, err)
	}
	dom, idx, err = EnumerateFile(p, []string{"c", "a"})
	if err != nil || !reflect.DeepEqual(dom, []string{"b", "a", "c"}) || !reflect.DeepEqual(idx, []int64{2, 1}) {
		t.Fatalf("%v %v %v", dom, idx, err)
	}
	// The file kdb+ reads: ff 01 0b 00, the count, the symbols.
	want := append([]byte{0xff, 1, 11, 0, 3, 0, 0, 0}, "b\x00a\x00c\x00"...)
	if b, _ := os.ReadFile(p); !bytes.Equal(b, want) {
		t.Errorf("sym file %q", b)
	}
	// .Q.en then a splay into a date partition, and back.
	tb := value.NewTable([]string{"sym", "px"}, []value.Value{value.Syms([]string{"c", "d", "c"}), value.Floats([]float64{1, 2, 3})})
	en, dom, err := EnumerateTable(dir, "sym", tb)
	if err != nil || !reflect.DeepEqual(dom, []string{"b", "a", "c", "d"}) {
		t.Fatalf("%v %v", dom, err)
	}
	part := filepath.Join(dir, "2020.01.01", "t")
	if err := WriteSplayed(part, en, ZipAll(Compression{12, AlgGzip, 9})); err != nil {
		t.Fatal(err)
	}
	back, err := Get(part)
	if err != nil {
		t.Fatal(err)
	}
	e := back.(*value.Table).Col("sym").(*value.EnumVec)
	var syms []string
	for _, i := range e.Idx {
		syms = append(syms, dom[i])
	}
	if e.Domain != "sym" || !reflect.DeepEqual(syms, []string{"c", "d", "c"}) {
		t.Errorf("enumerated %v %v", e.Domain, syms)
	}
	if s, err := Symbols(e, dom); err != nil || !reflect.DeepEqual(s.S, []string{"c", "d", "c"}) {
		t.Errorf("Symbols %v %v", s, err)
	}
	if _, err := Symbols(&value.EnumVec{Domain: "sym", Idx: []int64{9}}, dom); err == nil {
		t.Error("index outside the domain resolved")
	}
	// -19!: compress a file, then uncompress it (algorithm 0).
	px := filepath.Join(part, "px")
	if err := CompressFile(px, px+"z", Compression{12, AlgIPC, 0}); err != nil {
		t.Fatal(err)
	}
	if err := CompressFile(px+"z", px+"u", Compression{12, AlgNone, 0}); err != nil {
		t.Fatal(err)
	}
	a, _ := ReadFile(px)
	u := mustRead(t, px+"u")
	if bu, _ := Unmarshal(u); IsCompressed(u) || !reflect.DeepEqual(a, bu) {
		t.Errorf("-19! round trip")
	}
	if info, ok, err := ZipStats(mustRead(t, filepath.Join(part, "px"))); !ok || err != nil || info.Algorithm != AlgGzip || info.LogBlock != 12 || info.Level != 9 {
		t.Errorf("-21! %+v %v %v", info, ok, err)
	}
}

func mustRead(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPartitions(t *testing.T) {
	ps, kind, err := Partitions("testdata/kdb/hdb")
	if err != nil || kind != PartDate || len(ps) != 1 || ps[0].Value != value.Date(value.YMDToDays(2015, 1, 7)) {
		t.Fatalf("%v %v %v", ps, kind, err)
	}
	ts, err := PartitionTables(ps[0].Dir)
	if err != nil || !reflect.DeepEqual(ts, []string{"quote_iex", "trade", "trade_iex"}) {
		t.Errorf("tables %v %v", ts, err)
	}
	// par.txt segments, months, years, ints; unrelated directories are skipped.
	db := t.TempDir()
	seg1, seg2 := filepath.Join(db, "s1"), filepath.Join(t.TempDir(), "s2")
	for _, d := range []string{seg1 + "/2020.02", seg2 + "/2020.01", seg1 + "/2019.12", seg2 + "/notes"} {
		os.MkdirAll(d, 0o755)
	}
	os.WriteFile(filepath.Join(db, "par.txt"), []byte("s1\n"+seg2+"\n"), 0o644)
	ps, kind, err = Partitions(db)
	if err != nil || kind != PartMonth || len(ps) != 3 || ps[0].Name != "2019.12" || ps[2].Name != "2020.02" || ps[1].Dir != seg2+"/2020.01" {
		t.Errorf("segments %v %v %v", ps, kind, err)
	}
	for _, c := range []struct {
		names []string
		kind  string
	}{{[]string{"2019", "2020"}, PartYear}, {[]string{"7", "12"}, PartInt}} {
		d := t.TempDir()
		for _, n := range c.names {
			os.Mkdir(filepath.Join(d, n), 0o755)
		}
		ps, kind, _ := Partitions(d)
		if kind != c.kind || len(ps) != 2 || ps[0].Name != c.names[0] {
			t.Errorf("%v: %v %v", c.names, ps, kind)
		}
	}
}

// TestLazyColumns: opening a splayed table reads .d only; a column's header is read
// when it is opened, its items when it is read.
func TestLazyColumns(t *testing.T) {
	s, err := OpenSplayed("testdata/kdb/hdb/2015.01.07/trade")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.Count(); err != nil || n != 196519 {
		t.Fatalf("count %d %v", n, err)
	}
	dir := filepath.Join(t.TempDir(), "t")
	tb := value.NewTable([]string{"a", "b"}, []value.Value{value.Longs([]int64{1, 2, 3}), value.Floats([]float64{1, 2, 3})})
	WriteSplayed(dir, tb, nil)
	s, _ = OpenSplayed(dir)
	os.WriteFile(filepath.Join(dir, "b"), []byte("garbage"), 0o644) // never read below
	c, err := s.Column("a")
	if err != nil || c.Info.Type != value.TLong || c.Info.Count != 3 {
		t.Fatalf("%+v %v", c, err)
	}
	v, err := c.Read()
	if err != nil || !reflect.DeepEqual(v, value.Longs([]int64{1, 2, 3})) {
		t.Errorf("%#v %v", v, err)
	}
	if _, err := s.Column("b"); err == nil {
		t.Error("garbage column opened")
	}
	// Ranges of compressed columns (crossing 2^16-byte blocks) equal the whole read.
	whole, err := ReadSplayed("testdata/kdb/hdb/2015.01.07/trade")
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{"time", "sym", "price", "size", "stop", "ex"} {
		c, err := OpenColumn(filepath.Join("testdata/kdb/hdb/2015.01.07/trade", col))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range [][2]int64{{0, 5}, {8190, 20}, {100000, 50000}, {196500, 100}} {
			got, err := c.ReadRange(r[0], r[1])
			if err != nil {
				t.Fatalf("%s %v: %v", col, r, err)
			}
			hi := min(r[0]+r[1], 196519)
			var want value.Value
			switch x := whole.Col(col).(type) {
			case *value.Vec[int64]:
				want = &value.Vec[int64]{Typ: x.Typ, S: x.S[r[0]:hi]}
			case *value.Vec[float64]:
				want = &value.Vec[float64]{Typ: x.Typ, S: x.S[r[0]:hi]}
			case *value.Vec[int32]:
				want = &value.Vec[int32]{Typ: x.Typ, S: x.S[r[0]:hi]}
			case *value.Vec[byte]:
				want = &value.Vec[byte]{Typ: x.Typ, S: x.S[r[0]:hi]}
			case *value.EnumVec:
				want = &value.EnumVec{Domain: x.Domain, Idx: x.Idx[r[0]:hi]}
			}
			if !reflect.DeepEqual(noAttr(got), want) {
				t.Errorf("%s %v: range differs", col, r)
			}
		}
	}
}
