package eval

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/gq-dev/gq/eval/store"
	"github.com/gq-dev/gq/eval/value"
)

// File I/O on file symbols (`:path): read0 read1 hcount hdel, 1: (bytes), key of a
// directory, set/get of data files, save/load. Text (0:) is in files_text.go.
//
// Data files are kdb+'s own format (package store, through disk.go).

// filePath gives the path of a file symbol (`:a/b is "a/b").
func filePath(x value.Value) (string, bool) {
	s, ok := x.(value.Sym)
	if !ok || !strings.HasPrefix(string(s), ":") {
		return "", false
	}
	return string(s[1:]), true
}

// mustPath is filePath or 'type.
func mustPath(x value.Value) string {
	p, ok := filePath(x)
	if !ok {
		errType()
	}
	return p
}

// osErr raises a file error as kdb+ words it: 'path. OS reports: No such file or directory.
func osErr(path string, err error) {
	signal(path + ". OS reports: " + osReason(err))
}

func readFile(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		osErr(path, err)
	}
	return b
}

// writeFile writes b to path, making any missing directories first.
func writeFile(path string, b []byte) {
	if d := filepath.Dir(path); d != "." && d != "" {
		if err := os.MkdirAll(d, 0o777); err != nil {
			osErr(path, err)
		}
	}
	if err := os.WriteFile(path, b, 0o666); err != nil {
		osErr(path, err)
	}
}

// fileSpan reads a file descriptor: a file symbol (the whole file), (f;o) from o on,
// or (f;o;n) up to n bytes from o.
func fileSpan(x value.Value) ([]byte, bool) {
	if p, ok := filePath(x); ok {
		return readFile(p), true
	}
	l, ok := x.(*value.List)
	if !ok || len(l.Items) < 2 || len(l.Items) > 3 {
		return nil, false
	}
	p, ok := filePath(l.Items[0])
	if !ok {
		return nil, false
	}
	o, ok := doTimes(l.Items[1])
	if !ok {
		errType()
	}
	n := int64(-1)
	if len(l.Items) == 3 {
		if n, ok = doTimes(l.Items[2]); !ok {
			errType()
		}
		if n < 0 {
			errDomain()
		}
	}
	if o < 0 {
		errDomain()
	}
	f, err := os.Open(p)
	if err != nil {
		osErr(p, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		osErr(p, err)
	}
	size := st.Size()
	if o > size {
		o = size
	}
	if n < 0 || o+n > size {
		n = size - o
	}
	b := make([]byte, n)
	if _, err := f.ReadAt(b, o); err != nil && n > 0 {
		osErr(p, err)
	}
	return b, true
}

// read0 implements read0: read0`:f is the file's lines (LF or CRLF removed);
// read0(`:f;o;n) is n chars from offset o, split into lines when it holds any.
func read0(x value.Value) value.Value {
	if l, ok := x.(*value.List); ok && len(l.Items) >= 2 {
		b, ok := fileSpan(x)
		if !ok {
			errType()
		}
		if bytes.IndexByte(b, '\n') >= 0 {
			// a span that holds lines reads as lines, as read0`:f does (read0.md:
			// "read 500000 lines, chunks of (up to) 100000 at a time")
			return textLines(b)
		}
		return value.Chars(b) // read0(`:foo;6;5) is "world"
	}
	p, ok := filePath(x)
	if !ok {
		errType()
	}
	return textLines(readFile(p))
}

// textLines splits text into lines as read0 does: a final newline ends the last line.
func textLines(b []byte) value.Value {
	n := bytes.Count(b, []byte{'\n'})
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	r := make([]value.Value, 0, n)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		line := b
		if i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		r = append(r, value.Chars(append([]byte(nil), line...)))
	}
	return &value.List{Items: r}
}

// read1 implements read1: the bytes of a file, (f;o) or (f;o;n).
func read1(x value.Value) value.Value {
	b, ok := fileSpan(x)
	if !ok {
		errType()
	}
	return value.Bytes(b)
}

// hcount implements hcount`:f: the size of the file in bytes.
func hcount(x value.Value) value.Value {
	p := mustPath(x)
	n, err := store.FileSize(p) // a compressed file counts its uncompressed bytes
	if err != nil {
		storeErr(err)
	}
	return value.Long(n)
}

// hdel implements hdel`:f: delete a file or empty directory, giving `:f.
func hdel(x value.Value) value.Value {
	p := mustPath(x)
	if err := os.Remove(p); err != nil {
		osErr(p, err)
	}
	return x
}

// keyPath implements key`:p: a directory's entries as sorted symbols, the file symbol
// of a file, the empty list when nothing is there.
func keyPath(x value.Value, p string) value.Value {
	st, err := os.Stat(p)
	if err != nil {
		return &value.List{}
	}
	if !st.IsDir() {
		return x
	}
	names := dirNames(p)
	return value.Syms(names)
}

// fileBinary implements x 1: y: write the bytes y to file x (Save Binary), or read
// fixed-width binary records (Read Binary) when x is (types;widths).
func fileBinary(ip *Interp, x, y value.Value) value.Value {
	if p, ok := filePath(x); ok {
		v, ok := y.(*value.Vec[byte])
		if !ok || v.Typ == value.TBool {
			errType()
		}
		writeFile(p, v.S)
		return x
	}
	return readBinary(x, y)
}

// writeData is `:f set y: a data file, or a splayed table for `:dir/.
func (ip *Interp) writeData(x value.Value, p string, y value.Value) value.Value {
	return ip.setFile(x, p, y, nil) // kdb+'s format (disk.go)
}

// readData is get`:f: a data file or a splayed table's directory.
func readData(p string) value.Value {
	return getFile(p) // kdb+'s format (disk.go)
}

// eachSym applies f to a symbol atom, or to each item of a symbol vector.
func eachSym(x value.Value, f func(s string) value.Value) value.Value {
	switch v := x.(type) {
	case value.Sym:
		return f(string(v))
	case *value.Vec[string]:
		r := make([]string, len(v.S))
		for i, s := range v.S {
			r[i] = string(f(s).(value.Sym))
		}
		return value.Syms(r)
	}
	errType()
	return nil
}

// splitSavePath splits [:][path/]name[.ext] into the file path, the variable name
// and the extension.
func splitSavePath(s string) (path, name, ext string) {
	path = strings.TrimPrefix(s, ":")
	name = path[strings.LastIndexByte(path, '/')+1:]
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name, ext = name[:i], name[i+1:]
	}
	return
}

// save implements save`t: write global t to file t (binary), t.csv or t.txt (text),
// giving the file symbol `:t.
func (ip *Interp) save(s string) value.Value {
	p, name, ext := splitSavePath(s)
	if name == "" {
		errType()
	}
	v := ip.mustGlobal(name)
	h := value.Sym(":" + p)
	switch ext {
	case "":
		return ip.writeData(h, p, v)
	case "csv":
		saveLines(p, prepareText(ip, ',', v))
	case "txt":
		saveLines(p, prepareText(ip, '\t', v))
	default:
		errNyi() // xml and xls
	}
	return h
}

// loadData implements load`t: read file t (a directory: a dictionary of its files)
// into global t, giving `t.
func (ip *Interp) loadData(s string) value.Value {
	p, name, _ := splitSavePath(s)
	if name == "" {
		errType()
	}
	ip.setGlobal(name, loadPath(p))
	return value.Sym(name)
}

// loadPath reads a data file, or a directory as a dictionary of its entries.
func loadPath(p string) value.Value {
	st, err := os.Stat(p)
	if err != nil {
		osErr(p, err)
	}
	if !st.IsDir() {
		return readData(p)
	}
	if _, err := os.Stat(p + "/.d"); err == nil { // a splayed table (kb/splayed-tables.md)
		return readData(p)
	}
	names := dirNames(p)
	vals := make([]value.Value, len(names))
	for i, n := range names {
		vals[i] = loadPath(p + "/" + n)
	}
	return &value.Dict{K: value.Syms(names), V: value.NewList(vals)}
}

// rsave implements rsave`t (`:t/ set t): splayed tables are not written yet.
func (ip *Interp) rsave(s string) value.Value {
	p, name, _ := splitSavePath(s)
	v := ip.mustGlobal(name)
	return ip.writeData(value.Sym(":"+p+"/"), p+"/", v)
}

// rload implements rload`t (t:get`:t/): splayed tables are not read yet.
func (ip *Interp) rload(s string) value.Value {
	p, name, _ := splitSavePath(s)
	if _, err := os.Stat(p); err != nil {
		osErr(p, err)
	}
	ip.setGlobal(name, readData(p))
	return value.Sym(name)
}

// dirNames lists directory p, sorted (os.ReadDir sorts by name).
func dirNames(p string) []string {
	es, err := os.ReadDir(p)
	if err != nil {
		osErr(p, err)
	}
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.Name()
	}
	return names
}

func read0Kw(ip *Interp, x value.Value) value.Value { return read0(x) }
func saveKw(ip *Interp, x value.Value) value.Value  { return eachSym(x, ip.save) }
func loadKw(ip *Interp, x value.Value) value.Value  { return eachSym(x, ip.loadData) }
func rsaveKw(ip *Interp, x value.Value) value.Value { return eachSym(x, ip.rsave) }
func rloadKw(ip *Interp, x value.Value) value.Value { return eachSym(x, ip.rload) }

// hsymKw implements hsym x, "s"$-1!'x: each symbol gets a leading colon unless it has
// one: hsym`a`:b is `:a`:b.
func hsymKw(x value.Value) value.Value {
	l, ok := x.(*value.List)
	if !ok {
		return hsym(x)
	}
	items := make([]value.Value, len(l.Items))
	syms := make([]string, len(l.Items))
	allSym := true
	for i, it := range l.Items {
		items[i] = hsym(it)
		if s, ok := items[i].(value.Sym); ok {
			syms[i] = string(s)
		} else {
			allSym = false
		}
	}
	if allSym { // "s"$ makes a list of symbol atoms (and ()) a symbol vector
		return value.Syms(syms)
	}
	return &value.List{Items: items}
}
