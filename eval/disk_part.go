package eval

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gq-dev/gq/eval/store"
	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/parser"
)

// Partitioned tables and \l of a database directory. A table of a partitioned
// database is a partTable: the partitions that hold it, nothing read. A query reads
// the partitions its first where phrase keeps (when that phrase is on the partition
// column alone, as kdb+ advises) and, of those, only the columns the query names.

// partTable is a table of a partitioned database loaded by \l.
type partTable struct {
	name  string
	kind  string            // the virtual partition column: date, month, year or int
	parts []store.Partition // in .Q.pv order
	cols  []string          // the virtual column, then the last partition's .d
}

// Type is a table's, as kdb+ reports 98h for a partitioned table.
func (*partTable) Type() value.Type { return value.TTable }

// dir is the directory of the table in partition p.
func (pt *partTable) dir(p store.Partition) string { return filepath.Join(p.Dir, pt.name) }

// count is the rows of every partition, from each first column's header.
func (pt *partTable) count() int64 {
	var n int64
	for _, p := range pt.parts {
		n += pt.partCount(p)
	}
	return n
}

// partCount is the rows of the table in p.
func (pt *partTable) partCount(p store.Partition) int64 {
	sp, err := store.OpenSplayed(pt.dir(p))
	if err != nil {
		storeErr(err)
	}
	n, err := sp.Count()
	if err != nil {
		storeErr(err)
	}
	return n
}

// read materializes the rows of parts, with the columns cols (the virtual column is
// always there: it carries the row count). Enumerated columns come back as symbols.
func (ip *Interp) readParts(pt *partTable, parts []store.Partition, cols []string) *value.Table {
	names := []string{pt.kind}
	for _, c := range pt.cols[1:] {
		if slices.Contains(cols, c) {
			names = append(names, c)
		}
	}
	pieces := make([][]value.Value, len(names))
	for _, p := range parts {
		sp, err := store.OpenSplayed(pt.dir(p))
		if err != nil { // a partition without the table: kdb+'s error too, until .Q.chk fills it
			storeErr(err)
		}
		n, err := sp.Count()
		if err != nil {
			storeErr(err)
		}
		pieces[0] = append(pieces[0], takeN(n, p.Value))
		for i, c := range names[1:] {
			col, err := sp.Column(c)
			if err != nil {
				storeErr(err)
			}
			v, err := col.Read()
			if err != nil {
				storeErr(err)
			}
			if value.Len(v) != int(n) {
				signal(col.Path + ": length")
			}
			pieces[i+1] = append(pieces[i+1], ip.resolveEnum(v))
		}
	}
	data := make([]value.Value, len(names))
	for i, ps := range pieces {
		switch len(ps) {
		case 0:
			data[i] = ip.emptyCol(pt, names[i])
		case 1:
			data[i] = ps[0]
		default:
			data[i] = raze(&value.List{Items: ps})
		}
	}
	return value.NewTable(names, data)
}

// emptyCol is column c with no rows, typed as the last partition's header says.
func (ip *Interp) emptyCol(pt *partTable, c string) value.Value { return ip.headCol(pt, c, 0) }

// headCol is the first n rows of column c in the last partition.
func (ip *Interp) headCol(pt *partTable, c string, n int64) value.Value {
	if len(pt.parts) == 0 {
		if c == pt.kind {
			return value.Empty(value.TDate)
		}
		return &value.List{}
	}
	last := pt.parts[len(pt.parts)-1]
	if c == pt.kind {
		return takeN(n, last.Value)
	}
	sp, err := store.OpenSplayed(pt.dir(last))
	if err != nil {
		storeErr(err)
	}
	col, err := sp.Column(c)
	if err != nil {
		storeErr(err)
	}
	v, err := col.ReadRange(0, n)
	if err != nil {
		storeErr(err)
	}
	return ip.resolveEnum(v)
}

// resolveEnum gives an enumeration's symbols (a column of a database, over sym).
func (ip *Interp) resolveEnum(v value.Value) value.Value {
	e, ok := v.(*value.EnumVec)
	if !ok {
		return v
	}
	s, err := store.Symbols(e, enumDomain(ip, e.Domain))
	if err != nil {
		storeErr(err)
	}
	return s
}

// partSource is the table a query on pt runs over: the partitions its first where
// phrase keeps, when that phrase reads the partition column and no other, and of
// them the columns the query names (all when it names none).
func (q *query) partSource(fr *frame, pt *partTable) *value.Table {
	ip := fr.ip
	used := map[string]bool{}
	note := func(name string) {
		if i := strings.IndexByte(name, '.'); i > 0 {
			name = name[:i]
		}
		used[name] = true
	}
	for _, c := range q.n.Cols {
		walkNames(c.Expr, note)
	}
	for _, c := range q.n.By {
		walkNames(c.Expr, note)
	}
	for _, w := range q.n.Where {
		walkNames(w, note)
	}
	if q.n.Order != nil {
		walkNames(q.n.Order, note)
	}
	cols := pt.cols[1:]
	if len(q.n.Cols) > 0 && (q.n.Kind == "select" || q.n.Kind == "exec") {
		cols = nil
		for _, c := range pt.cols[1:] {
			if used[c] {
				cols = append(cols, c)
			}
		}
	}
	parts := pt.parts
	if len(q.where) > 0 && onlyPartColumn(q.n.Where[0], pt) {
		pv := make([]value.Value, len(parts))
		for i, p := range parts {
			pv[i] = p.Value
		}
		saved := q.view
		q.view = &qview{t: value.NewTable([]string{pt.kind}, []value.Value{raze(&value.List{Items: pv})})}
		keep := q.filter(q.view, q.where[0](fr))
		q.view = saved
		parts = make([]store.Partition, len(keep))
		for i, k := range keep {
			parts[i] = pt.parts[k]
		}
	}
	return ip.readParts(pt, parts, cols)
}

// onlyPartColumn reports whether where phrase w reads pt's partition column and no
// other column of pt.
func onlyPartColumn(w parser.Node, pt *partTable) bool {
	part, other := false, false
	walkNames(w, func(name string) {
		if name == pt.kind {
			part = true
		} else if slices.Contains(pt.cols, name) || name == "i" {
			other = true
		}
	})
	return part && !other
}

// sample is the first row of pt's last partition (meta and cols describe it, as
// kdb+'s meta reads the last partition; a row, so that nested columns show their type).
func (ip *Interp) sample(pt *partTable) *value.Table {
	n := int64(0)
	if len(pt.parts) > 0 && pt.partCount(pt.parts[len(pt.parts)-1]) > 0 {
		n = 1
	}
	data := make([]value.Value, len(pt.cols))
	for i, c := range pt.cols {
		data[i] = ip.headCol(pt, c, n)
	}
	return value.NewTable(pt.cols, data)
}

// whole is every row of pt (what a partitioned table is when used as a value).
func (ip *Interp) whole(pt *partTable) *value.Table { return ip.readParts(pt, pt.parts, pt.cols) }

// ---- \l of a directory ----

// loadSplayed is \l of a splayed table's directory: the table becomes the global
// named by the directory, and its name is the result (kb/splayed-tables.md).
func (ip *Interp) loadSplayed(dir string) (value.Value, bool) {
	if _, err := os.Stat(filepath.Join(dir, ".d")); err != nil {
		return nil, false
	}
	name := filepath.Base(filepath.Clean(dir))
	ip.setGlobal(name, getFile(dir))
	return value.Sym(name), true
}

// loadDir is \l of a directory: a splayed table (a .d inside) becomes the global
// named by the directory; otherwise dir is a database and becomes the working
// directory (as in kdb+): its data files (sym) and splayed tables are loaded, its
// scripts run, and when it is partitioned each table of the last partition becomes a
// partitioned table, with .Q.pf .Q.pv .Q.PV .Q.PD .Q.pd .Q.pt .Q.pn and the partition
// column's list (date).
func (ip *Interp) loadDir(dir string) {
	if _, ok := ip.loadSplayed(dir); ok {
		return
	}
	if err := os.Chdir(dir); err != nil {
		osErr(dir, err)
	}
	wd, err := os.Getwd()
	if err != nil {
		osErr(dir, err)
	}
	// partitions are found relative to the new working directory, so that errors name
	// ./date/table/column files as kdb+'s do
	parts, kind, err := store.Partitions(".")
	if err != nil {
		storeErr(err)
	}
	isPart := map[string]bool{}
	for _, p := range parts {
		isPart[p.Name] = true
	}
	var scripts []string
	for _, name := range dirNames(wd) {
		full := filepath.Join(wd, name)
		st, err := os.Stat(full)
		if err != nil || strings.HasPrefix(name, ".") || isPart[name] || name == "par.txt" {
			continue
		}
		switch {
		case st.IsDir():
			if _, err := os.Stat(filepath.Join(full, ".d")); err == nil {
				ip.setGlobal(name, getFile(full))
			}
		case strings.HasSuffix(name, ".q") || strings.HasSuffix(name, ".k"):
			scripts = append(scripts, full)
		case !strings.Contains(name, "."):
			ip.setGlobal(name, getFile(full))
		}
	}
	if kind != "" {
		ip.loadParts(parts, kind)
	}
	for _, s := range scripts {
		ip.load(s)
	}
}

// loadParts makes the tables of a partitioned database's last partition partitioned
// tables, and sets the .Q variables that describe the partitions.
func (ip *Interp) loadParts(parts []store.Partition, kind string) {
	var tabs []string
	if len(parts) > 0 {
		var err error
		if tabs, err = store.PartitionTables(parts[len(parts)-1].Dir); err != nil {
			storeErr(err)
		}
	}
	for _, t := range tabs {
		cols, err := store.ColumnNames(filepath.Join(parts[len(parts)-1].Dir, t))
		if err != nil {
			storeErr(err)
		}
		ip.setGlobal(t, &partTable{name: t, kind: kind, parts: parts, cols: append([]string{kind}, cols...)})
	}
	// .Q.PD: each partition's location, `:. when the database is not segmented, else
	// its segment as par.txt names it; .Q.P the segments, .Q.D their partitions
	// (ref/dotq.md)
	text, segs := segments(".")
	pv := make([]value.Value, len(parts))
	pd := make([]string, len(parts))
	segParts := make([][]value.Value, len(segs))
	for i, p := range parts {
		pv[i], pd[i] = p.Value, ":."
		for k, sg := range segs {
			if filepath.Dir(p.Dir) == filepath.Clean(sg) {
				pd[i] = ":" + text[k]
				segParts[k] = append(segParts[k], p.Value)
			}
		}
	}
	if len(segs) > 0 {
		P := make([]string, len(text))
		D := make([]value.Value, len(segs))
		for k, t := range text {
			P[k] = ":" + t
			D[k] = value.NewList(segParts[k])
		}
		ip.setGlobal(".Q.P", value.Syms(P))
		ip.setGlobal(".Q.D", &value.List{Items: D})
	}
	empties := make([]value.Value, len(tabs))
	for i := range empties {
		empties[i] = &value.List{}
	}
	ip.setGlobal(".Q.pn", &value.Dict{K: value.Syms(tabs), V: &value.List{Items: empties}})
	var pvv value.Value = value.Empty(value.TDate)
	if len(pv) > 0 {
		pvv = raze(&value.List{Items: pv})
	}
	ip.setGlobal(".Q.pf", value.Sym(kind))
	ip.setGlobal(".Q.pv", pvv)
	ip.setGlobal(".Q.PV", pvv)
	ip.setGlobal(".Q.pd", value.Syms(pd))
	ip.setGlobal(".Q.PD", value.Syms(pd))
	ip.setGlobal(".Q.pt", value.Syms(tabs))
	ip.setGlobal(kind, pvv)
}

// dotqCn is .Q.cn[t]: the rows of partitioned table t in each partition, which it
// caches in .Q.pn (ref/dotq.md .Q.cn .Q.pn).
func dotqCn(ip *Interp, x value.Value) value.Value {
	pt, ok := x.(*partTable)
	if !ok {
		errType()
	}
	n := make([]int64, len(pt.parts))
	for i, p := range pt.parts {
		n[i] = pt.partCount(p)
	}
	r := value.Longs(n)
	if pn, ok := ip.lookupGlobal(".Q.pn").(*value.Dict); ok {
		if k, ok := pn.K.(*value.Vec[string]); ok {
			if i := slices.Index(k.S, pt.name); i >= 0 {
				if l, ok := pn.V.(*value.List); ok {
					items := slices.Clone(l.Items)
					items[i] = r
					ip.setGlobal(".Q.pn", &value.Dict{K: pn.K, V: &value.List{Items: items}})
				}
			}
		}
	}
	return r
}
