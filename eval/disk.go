package eval

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gq-dev/gq/eval/store"
	"github.com/gq-dev/gq/eval/value"
)

// kdb+'s on-disk formats on the q side: set/get/append of data files, splayed tables,
// logs through file handles and -11!, compression (-19! -21! .z.zd), .Q.en and the
// partitioned-database functions, and \l of a database directory. The formats
// themselves are package store; this file turns q arguments into its calls and its
// errors into q errors naming the file.

// diskState is the interpreter's file handles and its loaded database.
type diskState struct {
	files map[int64]*fileHandle
}

// fileHandle is hopen of a file symbol: a log (binary chunks, h x) that is also open
// for text (neg[h] x), as kdb+'s file handles are.
type fileHandle struct {
	path string
	j    *store.Journal // nil until the first binary append
}

// fileHandleBase is where file handle numbers start: the IPC manager numbers its
// connections from 3 up in its own table, so files take numbers it will not reach.
const fileHandleBase = 1000

// storeErr raises err from package store as a q error naming the file: a missing file
// as kdb+ words it ('path. OS reports: No such file or directory), a q error as it is.
func storeErr(err error) {
	var qe *value.Error
	if errors.As(err, &qe) {
		panic(qe)
	}
	var se *store.Error
	if errors.As(err, &se) {
		var pe *fs.PathError
		if se.Err != nil && errors.As(se.Err, &pe) {
			osErr(se.Path, pe.Err)
		}
		if se.Err != nil && errors.Is(se.Err, fs.ErrNotExist) {
			osErr(se.Path, se.Err)
		}
		if strings.HasPrefix(se.Msg, "type:") { // kdb+ answers 'type (an unenumerated symbol column)
			errType()
		}
		if strings.HasPrefix(se.Msg, "nyi: a column of mixed") { // kdb+'s word (ref/dotq.md .Q.dpft)
			signal("unmappable")
		}
		signal(se.Error())
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		osErr(pe.Path, pe.Err)
	}
	signal(err.Error())
}

// zipSpec reads (lbs;alg;lvl): three integers, as set's target list and .z.zd take.
func zipSpec(items []value.Value) *store.Compression {
	if len(items) != 3 {
		errLength()
	}
	var n [3]int64
	for i, it := range items {
		k, ok := intAtom(it)
		if !ok {
			errType()
		}
		n[i] = k
	}
	if n[1] < 0 || n[1] > store.AlgZstd || n[0] < 12 || n[0] > 20 {
		errDomain()
	}
	if n[1] == store.AlgNone {
		return nil
	}
	return &store.Compression{LogBlock: int(n[0]), Algorithm: int(n[1]), Level: int(n[2])}
}

// defaultZip is .z.zd when it is set: the compression every set uses by default.
func (ip *Interp) defaultZip() *store.Compression {
	v := ip.lookupGlobal(".z.zd")
	if v == nil {
		return nil
	}
	switch z := v.(type) {
	case *value.Vec[int32], *value.Vec[int64]:
		return zipSpec(value.Items(z))
	case *value.List:
		return zipSpec(z.Items)
	}
	return nil
}

// setTarget reads the left of set when it is a list: (`:f;lbs;alg;lvl) writes
// compressed; (`:dir/;dict) gives each column of a splayed table its own setting, the
// null symbol's entry or else .z.zd the others' (ref/get.md, Compression).
func (ip *Interp) setTarget(x value.Value) (value.Sym, func(string) *store.Compression, bool) {
	l, ok := x.(*value.List)
	if !ok || len(l.Items) < 2 {
		return "", nil, false
	}
	s, ok := l.Items[0].(value.Sym)
	if !ok || !strings.HasPrefix(string(s), ":") {
		return "", nil, false
	}
	if len(l.Items) == 2 { // (`:dir/;`a`b!(17 2 6;17 5 1))
		d, ok := l.Items[1].(*value.Dict)
		if !ok {
			errType()
		}
		k, ok := d.K.(*value.Vec[string])
		if !ok {
			errType()
		}
		zs := map[string]*store.Compression{}
		for i, c := range k.S {
			zs[c] = zipSpec(value.Items(value.At(d.V, i)))
		}
		def, ok := zs[""]
		if !ok {
			def = ip.defaultZip()
		}
		return s, func(c string) *store.Compression {
			if z, ok := zs[c]; ok {
				return z
			}
			return def
		}, true
	}
	z := zipSpec(l.Items[1:])
	return s, func(string) *store.Compression { return z }, true
}

// setFile is `:f set y (and `:dir/ set t): y in kdb+'s format, compressed as zip says
// (nil: as .z.zd says). It returns x.
func (ip *Interp) setFile(x value.Value, p string, y value.Value, zip func(string) *store.Compression) value.Value {
	if zip == nil {
		z := ip.defaultZip()
		zip = func(string) *store.Compression { return z }
	}
	if strings.HasSuffix(p, "/") {
		t, ok := y.(*value.Table)
		if !ok { // a keyed table, or anything else, cannot be splayed
			errType()
		}
		if err := store.WriteSplayed(strings.TrimSuffix(p, "/"), t, zip); err != nil {
			storeErr(err)
		}
		return x
	}
	if err := store.WriteFile(p, ip.forDisk(y), zip(filepath.Base(p))); err != nil {
		storeErr(err)
	}
	return x
}

// forDisk is what a data file holds for x: functions in the k forms kdb+ writes (as
// on the wire); enumerations stay enumerations.
func (ip *Interp) forDisk(x value.Value) value.Value {
	switch x.(type) {
	case *value.Prim, *value.Projection, *value.Derived, *value.Composition:
		return ip.forWire(x)
	}
	return x
}

// getFile is get`:f: a data file or splayed table in kdb+'s format (compressed or
// not); enumerations come back as enumerations over their domain (sym).
func getFile(p string) value.Value {
	p = strings.TrimSuffix(p, "/")
	v, err := store.Get(p)
	var se *store.Error
	if errors.As(err, &se) && se.Path == p && strings.HasPrefix(se.Msg, "not a kdb+ data file") {
		errType() // get of a file that is no data file at all, as kdb+ answers
	}
	if err != nil {
		storeErr(err)
	}
	return v
}

// appendFile is .[`:f;();,;y]: y's items added to the data file (created when missing).
func appendFile(x value.Value, p string, y value.Value) value.Value {
	if err := store.AppendFile(p, y); err != nil {
		storeErr(err)
	}
	return x
}

// isEmptyIndex reports whether i is () or ::, the whole-value index of .[x;i;f;y].
func isEmptyIndex(i value.Value) bool {
	if isGenericNull(i) {
		return true
	}
	l, ok := i.(*value.List)
	return ok && len(l.Items) == 0
}

// ---- file handles and logs ----

// hopenFile is hopen`:f: a handle that appends to the file (a log when it is one).
func (ip *Interp) hopenFile(p string) value.Value {
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		osErr(p, &fs.PathError{Op: "open", Path: p, Err: errors.New("Is a directory")})
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o666)
	if err != nil {
		osErr(p, err)
	}
	f.Close()
	if ip.disk.files == nil {
		ip.disk.files = map[int64]*fileHandle{}
	}
	h := int64(fileHandleBase)
	for ip.disk.files[h] != nil {
		h++
	}
	ip.disk.files[h] = &fileHandle{path: p}
	return value.Int(int32(h))
}

// fileHandleWrite applies file handle fh: h x appends x's items as log chunks (h enlist
// x one chunk), neg[h] x appends text lines. It returns the handle as given.
func (ip *Interp) fileHandleWrite(hv value.Value, fh *fileHandle, text bool, x value.Value) value.Value {
	if x == nil || isGenericNull(x) {
		return hv
	}
	if text {
		f, err := os.OpenFile(fh.path, os.O_WRONLY|os.O_APPEND, 0o666)
		if err != nil {
			osErr(fh.path, err)
		}
		defer f.Close()
		ip.writeHandle(f, x, true)
		return hv
	}
	if fh.j == nil {
		j, err := store.OpenJournal(fh.path)
		if err != nil {
			storeErr(err)
		}
		fh.j = j
	}
	var err error
	switch v := x.(type) {
	case *value.List:
		err = fh.j.AppendItems(v.Items)
	default:
		if x.Type() < 0 {
			err = fh.j.Append(x)
		} else {
			err = fh.j.AppendItems(value.Items(x))
		}
	}
	if err != nil {
		storeErr(err)
	}
	return hv
}

// closeFileHandle is hclose of a file handle; ok is false when h is not one.
func (ip *Interp) closeFileHandle(h int64) bool {
	fh := ip.disk.files[h]
	if fh == nil {
		return false
	}
	delete(ip.disk.files, h)
	if fh.j != nil {
		if err := fh.j.Close(); err != nil {
			storeErr(err)
		}
	}
	return true
}

// replayLog is -11!: -11!L replays the log L (each chunk through .z.ps, or value) and gives the
// chunk count; -11!(n;L) replays the first n; -11!(-2;L) counts the valid chunks, or
// gives (chunks;valid length) for a log with a bad tail; -11!(-1;L) replays as -11!L.
func replayLog(ip *Interp, x value.Value) value.Value {
	n := int64(-1)
	if l, ok := x.(*value.List); ok && len(l.Items) == 2 {
		k, ok := intAtom(l.Items[0])
		if !ok {
			errType()
		}
		n, x = k, l.Items[1]
	}
	p := mustPath(x)
	if n == -2 {
		st, err := store.CountJournal(p)
		if err != nil {
			storeErr(err)
		}
		if st.Whole() {
			return value.Long(int64(st.Chunks))
		}
		return value.Longs([]int64{int64(st.Chunks), st.Valid})
	}
	if n < -2 {
		errDomain()
	}
	count := int64(0)
	st, err := store.ScanJournal(p, int(n), func(v value.Value) error {
		ip.handler("ps", v) // each chunk through .z.ps when it is set, else value
		count++
		return nil
	})
	if errors.Is(err, store.ErrBadTail) {
		signal("badtail")
	}
	if err != nil {
		storeErr(err)
	}
	_ = st
	return value.Long(count)
}

// compressFileKw is -19!(src;dst;lbs;alg;lvl): dst gets src compressed; it gives dst.
func compressFileKw(x value.Value) value.Value {
	l, ok := x.(*value.List)
	if !ok || len(l.Items) != 5 {
		errType()
	}
	src, dst := mustPath(l.Items[0]), mustPath(l.Items[1])
	z := zipSpec(l.Items[2:])
	c := store.Compression{}
	if z != nil {
		c = *z
	}
	if err := store.CompressFile(src, dst, c); err != nil {
		storeErr(err)
	}
	return l.Items[1]
}

// zipStatsKw is -21!`:f: a compressed file's sizes and settings as a dictionary, an
// empty dictionary for a file that is not compressed.
func zipStatsKw(x value.Value) value.Value {
	p := mustPath(x)
	b := readFile(p)
	zi, ok, err := store.ZipStats(b)
	if err != nil {
		storeErr(err)
	}
	if !ok {
		return &value.Dict{K: value.Syms(nil), V: &value.List{}}
	}
	return &value.Dict{
		K: value.Syms([]string{"compressedLength", "uncompressedLength", "algorithm", "logicalBlockSize", "zipLevel"}),
		V: &value.List{Items: []value.Value{value.Long(zi.CompressedLength), value.Long(zi.UncompressedLength),
			value.Int(int32(zi.Algorithm)), value.Int(int32(zi.LogBlock)), value.Int(int32(zi.Level))}},
	}
}

// ---- .Q: enumeration and partitions ----

// dirArg is the directory of a file symbol argument (`:db, or `:. for here).
func dirArg(x value.Value) string {
	p := mustPath(x)
	if p == "" {
		return "."
	}
	return p
}

// dotqEn is .Q.en[d;t]: t with its symbol columns enumerated against d's sym file,
// which it extends; the global sym is set to the whole domain, as kdb+ does.
func dotqEn(ip *Interp, d, t value.Value) value.Value {
	return dotqEns(ip, []value.Value{d, t, value.Sym("sym")})
}

// dotqEns is .Q.ens[d;t;name]: .Q.en against the domain name (its file d/name and
// its global). With d ::, the enumeration is in memory only (ref/dotq.md .Q.en, 4.1).
func dotqEns(ip *Interp, a []value.Value) value.Value {
	tab, ok := a[1].(*value.Table)
	name, ok2 := a[2].(value.Sym)
	if !ok || !ok2 || name == "" {
		errType()
	}
	tab = resolveEnumCols(ip, tab)
	if isGenericNull(a[0]) {
		var dom []string
		if v, ok := ip.lookupGlobal(string(name)).(*value.Vec[string]); ok {
			dom = v.S
		}
		data := slices.Clone(tab.Data)
		for i, c := range data {
			if s, ok := c.(*value.Vec[string]); ok {
				var idx []int64
				dom, idx = store.Enumerate(dom, s.S)
				data[i] = &value.EnumVec{Domain: string(name), Idx: idx}
			}
		}
		ip.setGlobal(string(name), value.Syms(dom))
		return &value.Table{Cols: tab.Cols, Data: data}
	}
	r, dom, err := store.EnumerateTable(dirArg(a[0]), string(name), tab)
	if err != nil {
		storeErr(err)
	}
	ip.setGlobal(string(name), value.Syms(dom))
	return r
}

// partName is a partition's directory name for a partition value: 2024.01.02,
// 2024.01, 2024 or 5.
func partName(ip *Interp, p value.Value) string {
	switch p.Type() {
	case -value.TDate, -value.TMonth, -value.TInt, -value.TLong, -value.TShort:
	default:
		errType()
	}
	s := string(stringOf(ip, p).(*value.Vec[byte]).S)
	return strings.TrimSuffix(s, "m")
}

// segments reads d's par.txt: the segments as written there and as paths; none
// when d is not segmented.
func segments(d string) (text, paths []string) {
	b, err := os.ReadFile(filepath.Join(d, "par.txt"))
	if err != nil {
		return nil, nil
	}
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			text = append(text, l)
			if !filepath.IsAbs(l) {
				l = filepath.Join(d, l)
			}
			paths = append(paths, l)
		}
	}
	return text, paths
}

// partInt is a partition value as the integer it is stored as (days, months, a year).
func partInt(p value.Value) int64 {
	if p.Type() == -value.TLong {
		return value.Int64Of(p)
	}
	if p.Type() == -value.TShort {
		return int64(p.(value.Short))
	}
	return int64(value.Int32Of(p))
}

// partDir is .Q.par[d;p;t]'s directory: d/p, or with a par.txt the segment that
// round robin gives p (its integer value modulo the segments): kdb+ computes the
// place without looking into the segments (ref/dotq.md .Q.par).
func partDir(ip *Interp, d string, p value.Value) string {
	name := partName(ip, p)
	_, segs := segments(d)
	if len(segs) == 0 {
		return filepath.Join(d, name)
	}
	k := partInt(p) % int64(len(segs))
	if k < 0 {
		k += int64(len(segs))
	}
	return filepath.Join(segs[k], name)
}

// dotqPar is .Q.par[d;p;t]: the path of table t in partition p of database d.
func dotqPar(ip *Interp, a []value.Value) value.Value {
	t, ok := a[2].(value.Sym)
	if !ok {
		errType()
	}
	return value.Sym(":" + filepath.Join(partDir(ip, dirArg(a[0]), a[1]), string(t)))
}

// dotqDpft is .Q.dpft[d;p;f;t]: global table t saved splayed to partition p of d,
// enumerated, sorted on f and f first with `p#; it gives `t.
func dotqDpft(ip *Interp, a []value.Value) value.Value {
	d := dirArg(a[0])
	f, ok := a[2].(value.Sym)
	tn, ok2 := a[3].(value.Sym)
	if !ok || !ok2 {
		errType()
	}
	t, nk := unkeyTable(ip.mustGlobal(string(tn)))
	if nk > 0 {
		errType()
	}
	dir := filepath.Join(partDir(ip, d, a[1]), string(tn))
	t = ip.dpftTable(t, string(f))
	r, dom, err := store.EnumerateTable(d, "sym", resolveEnumCols(ip, t))
	if err != nil {
		storeErr(err)
	}
	ip.setGlobal("sym", value.Syms(dom))
	z := ip.defaultZip()
	if err := store.WriteSplayed(dir, r, func(string) *store.Compression { return z }); err != nil {
		storeErr(err)
	}
	return tn
}

// dpftTable is t sorted on f (stable, as xasc) with f moved first and parted.
func (ip *Interp) dpftTable(t *value.Table, f string) *value.Table {
	k := slices.Index(t.Cols.S, f)
	if k < 0 {
		if f == "" || len(t.Data) == 0 {
			return t
		}
		signal(f)
	}
	o := sortOrder([]value.Value{ip.symsOf(t.Data[k])})
	cols := []string{f}
	data := []value.Value{setAttr("p", gather(t.Data[k], o))}
	for i, c := range t.Cols.S {
		if i != k {
			cols = append(cols, c)
			data = append(data, gather(t.Data[i], o))
		}
	}
	return value.NewTable(cols, data)
}

// dotqHdpf is .Q.hdpf[h;d;p;f]: every table of the root saved to partition p of d by
// .Q.dpft (largest first, as kdb+ 4.0 orders them) and emptied (dotq.md); then the
// HDB process at h (when it opens) is told to reload with "\l .".
func dotqHdpf(ip *Interp, a []value.Value) value.Value {
	names := ip.tables(value.Sym("."))
	ts := slices.Clone(names.(*value.Vec[string]).S)
	slices.SortStableFunc(ts, func(x, y string) int {
		return value.Len(ip.mustGlobal(y)) - value.Len(ip.mustGlobal(x))
	})
	for _, t := range ts {
		dotqDpft(ip, []value.Value{a[1], a[2], a[3], value.Sym(t)})
		tab, nk := unkeyTable(ip.mustGlobal(t))
		if nk == 0 {
			ip.setGlobal(t, takeN(0, tab))
		}
	}
	if isNullInt(a[0]) || ip.Net == nil {
		return nullVal
	}
	var h value.Value
	func() { // @[hopen;h;0]: an HDB that is not there is skipped
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(*value.Error); !ok {
					panic(r)
				}
				h = nil
			}
		}()
		h = ip.hopen(a[0])
	}()
	if h == nil {
		return nullVal
	}
	hn, _ := handleNum(h)
	if hn != 0 {
		ip.applyHandle(h, hn, value.Str(`\l .`))
		ip.hclose(h)
	}
	return nullVal
}

// dotqChk is .Q.chk[d]: each partition of d given every table of the last partition
// it lacks (empty, with the same columns), so that queries see them everywhere. It
// gives, for each partition, () or the partition it filled (ref/dotq.md .Q.chk).
func dotqChk(ip *Interp, x value.Value) value.Value {
	d := dirArg(x)
	parts, kind, err := store.Partitions(d)
	if err != nil {
		storeErr(err)
	}
	if kind == "" || len(parts) == 0 {
		return &value.List{}
	}
	last := parts[len(parts)-1].Dir
	tabs, err := store.PartitionTables(last)
	if err != nil {
		storeErr(err)
	}
	filled := make([]value.Value, 0, len(parts))
	for _, p := range parts {
		did := false
		for _, t := range tabs {
			dir := filepath.Join(p.Dir, t)
			if _, err := os.Stat(filepath.Join(dir, ".d")); err == nil {
				continue
			}
			src, err := store.ReadSplayed(filepath.Join(last, t))
			if err != nil {
				storeErr(err)
			}
			if err := store.WriteSplayed(dir, takeN(0, src).(*value.Table), func(string) *store.Compression { return nil }); err != nil {
				storeErr(err)
			}
			did = true
		}
		if did {
			filled = append(filled, value.Syms([]string{":" + p.Dir}))
		} else {
			filled = append(filled, &value.List{})
		}
	}
	return &value.List{Items: filled}
}

// dotqQp is .Q.qp[t]: 1b for a partitioned table, 0b for a splayed or in-memory
// table, 0 for anything else.
func dotqQp(ip *Interp, x value.Value) value.Value {
	switch x.(type) {
	case *partTable:
		return value.Bool(true)
	case *value.Table:
		return value.Bool(false)
	case *value.Dict:
		if value.IsKeyed(x) {
			return value.Bool(false)
		}
	}
	return value.Long(0)
}

// dotqFs is .Q.fs[f;file]: .Q.fsn with kdb+'s chunk of 131000 bytes.
func dotqFs(ip *Interp, f, x value.Value) value.Value {
	return dotqFsn(ip, []value.Value{f, x, value.Long(131000)})
}

// dotqFsn is .Q.fsn[f;file;n]: f applied to the file's lines, about n bytes of
// whole lines at a time; it gives the file's size.
func dotqFsn(ip *Interp, a []value.Value) value.Value {
	p := mustPath(a[1])
	n, ok := intAtom(a[2])
	if !ok {
		errType()
	}
	if n < 1 {
		errDomain()
	}
	b := readFile(p)
	for off := 0; off < len(b); {
		end := min(off+int(n), len(b))
		if end < len(b) {
			k := strings.LastIndexByte(string(b[off:end]), '\n')
			if k < 0 { // a line longer than the chunk: take it whole
				k = strings.IndexByte(string(b[end:]), '\n')
				if k < 0 {
					end = len(b)
				} else {
					end += k + 1
				}
			} else {
				end = off + k + 1
			}
		}
		ip.apply(a[0], []value.Value{textLines(b[off:end])})
		off = end
	}
	return value.Long(int64(len(b)))
}

// isSplayedDir reports whether p is the directory of a splayed table.
func isSplayedDir(p string) bool {
	_, err := os.Stat(filepath.Join(p, ".d"))
	return err == nil
}

// amendColumn is @[`:t;`c;f;y] on a splayed table's directory: column file c (new or
// not) becomes f[c;y], or y for :, without touching .d, as kdb+ amends one column
// (kb/splayed-tables.md, adding a column; @[`:t;`sym;`p#] sets an attribute).
func (ip *Interp) amendColumn(x value.Value, dir, c string, f, y value.Value, hasY bool) value.Value {
	p := filepath.Join(dir, c)
	var v value.Value
	if pf, ok := f.(*value.Prim); ok && pf.Name == ":" && hasY {
		v = y
	} else {
		old := getFile(p)
		if hasY {
			v = ip.apply(f, []value.Value{old, y})
		} else {
			v = ip.apply(f, []value.Value{old})
		}
	}
	if err := store.WriteColumn(p, v, ip.defaultZip()); err != nil {
		storeErr(err)
	}
	return x
}
