package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/gq-dev/gq/eval/value"
)

// A splayed table is a directory: .d holds the column names in order (a symbol vector
// data file) and each column is a data file named after it (nested columns add col#).

// ColumnNames reads the .d file of the splayed table in dir.
func ColumnNames(dir string) ([]string, error) {
	p := filepath.Join(dir, ".d")
	v, err := ReadFile(p)
	if err != nil {
		return nil, err
	}
	s, ok := v.(*value.Vec[string])
	if !ok {
		return nil, &Error{Path: p, Msg: "not a symbol list"}
	}
	return s.S, nil
}

// WriteSplayed writes t into dir as `dir/ set t` does: each column its data file,
// then .d, so a reader never sees a .d naming a column not yet written. zip gives each
// column's compression (nil: none; ZipAll(c) for one setting, as (`:dir/;17;2;6) set t;
// a per-column choice for the dictionary form). Symbol columns must be enumerated
// first ('type otherwise, as kdb+).
func WriteSplayed(dir string, t *value.Table, zip func(col string) *Compression) error {
	for i, c := range t.Cols.S {
		if _, ok := t.Data[i].(*value.Vec[string]); ok {
			return &Error{Path: filepath.Join(dir, c), Msg: "type: symbol column not enumerated (use .Q.en)"}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return withPath(err, dir)
	}
	for i, c := range t.Cols.S {
		var z *Compression
		if zip != nil {
			z = zip(c)
		}
		if err := WriteColumn(filepath.Join(dir, c), t.Data[i], z); err != nil {
			return err
		}
	}
	// .d is never compressed: kdb+ reads it to learn the table before anything else.
	return WriteFile(filepath.Join(dir, ".d"), value.Syms(t.Cols.S), nil)
}

// ZipAll compresses every column with c.
func ZipAll(c Compression) func(string) *Compression {
	return func(string) *Compression { return &c }
}

// EnumerateTable is .Q.en[db;t]: every symbol column of t enumerated against the
// domain file db/<domain> (usually sym), extending the file with new symbols; columns
// of symbol lists are left as they are. It returns the table to splay and the whole
// domain after the extension (for the caller's `sym` variable).
func EnumerateTable(db, domain string, t *value.Table) (*value.Table, []string, error) {
	path := filepath.Join(db, domain)
	data := make([]value.Value, len(t.Data))
	var dom []string
	for i, c := range t.Data {
		data[i] = c
		if x, ok := c.(*value.Vec[string]); ok {
			d, idx, err := EnumerateFile(path, x.S)
			if err != nil {
				return nil, nil, err
			}
			dom = d
			data[i] = &value.EnumVec{Domain: domain, Attr: x.Attr, Idx: idx}
		}
	}
	if dom == nil { // no symbol column: the domain as it is on disk
		v, err := ReadFile(path)
		if err == nil {
			if s, ok := v.(*value.Vec[string]); ok {
				dom = s.S
			}
		}
	}
	return value.NewTable(t.Cols.S, data), dom, nil
}

// ReadSplayed reads every column of the splayed table in dir. Enumerated columns come
// back as enumerations (the caller resolves their domain). A missing column file, or
// columns of different counts, is an error naming the file.
func ReadSplayed(dir string) (*value.Table, error) {
	cols, err := ColumnNames(dir)
	if err != nil {
		return nil, err
	}
	data := make([]value.Value, len(cols))
	for i, c := range cols {
		p := filepath.Join(dir, c)
		v, err := ReadFile(p)
		if err != nil {
			return nil, err
		}
		if i > 0 && value.Len(v) != value.Len(data[0]) {
			return nil, &Error{Path: p, Msg: fmt.Sprintf("length: %d items, column %s has %d", value.Len(v), cols[0], value.Len(data[0]))}
		}
		data[i] = v
	}
	return value.NewTable(append([]string(nil), cols...), data), nil
}

// Splay is a splayed table opened lazily: only .d is read; each column is read when
// asked, so a query touching two columns of a partition reads two files.
type Splay struct {
	Dir  string
	Cols []string
}

// OpenSplayed reads the .d of dir.
func OpenSplayed(dir string) (*Splay, error) {
	cols, err := ColumnNames(dir)
	if err != nil {
		return nil, err
	}
	return &Splay{Dir: dir, Cols: cols}, nil
}

// Column opens column c (its header only).
func (s *Splay) Column(c string) (*Column, error) {
	return OpenColumn(filepath.Join(s.Dir, c))
}

// Count is the table's row count, from the first column's header.
func (s *Splay) Count() (int64, error) {
	if len(s.Cols) == 0 {
		return 0, nil
	}
	c, err := s.Column(s.Cols[0])
	if err != nil {
		return 0, err
	}
	if c.Info.Count < 0 {
		v, err := c.Read()
		if err != nil {
			return 0, err
		}
		return int64(value.Len(v)), nil
	}
	return c.Info.Count, nil
}

// Column is one data file opened lazily: its header is read, its items are not until
// Read.
type Column struct {
	Path string
	Info ColumnInfo
	h    header      // vectors and enumerations: where the items are
	zip  *zipTrailer // compressed files: the block table
}

// OpenColumn reads the header of the data file at path: for a compressed file, its
// trailer and first block. (A general value, whose header holds no count, is read
// whole.)
func OpenColumn(path string) (*Column, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, withPath(err, path)
	}
	defer f.Close()
	head := make([]byte, newHead)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, withPath(err, path)
	}
	head = head[:n]
	c := &Column{Path: path}
	st, err := f.Stat()
	if err != nil {
		return nil, withPath(err, path)
	}
	size := st.Size()
	if IsCompressed(head) {
		// Only the trailer and the first block: the header is in it.
		z, first, err := firstBlock(f, size)
		if err != nil {
			return nil, withPath(err, path)
		}
		head, size, c.zip = first, z.plain, z
	}
	switch {
	case len(head) >= 2 && head[0] == 0xff:
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, withPath(err, path)
		}
		c.Info, err = Info(b)
		return c, withPath(err, path)
	}
	h, w, err := parseHead(head)
	if err != nil {
		return nil, withPath(err, path)
	}
	// Check the count against the file's (plain) length, not the header bytes read.
	if h.n > size || int64(h.data)+h.n*int64(w) > size {
		return nil, &Error{Path: path, Msg: fmt.Sprintf("truncated: header says %d items, the file holds fewer", h.n)}
	}
	c.Info, c.h = headerInfo(h), h
	return c, nil
}

// ReadRange reads items lo..lo+n-1 of the column (clipped to its count) and no more of
// the file than holds them: for a compressed file, the blocks they fall in. Nested and
// general columns are read whole and cut.
func (c *Column) ReadRange(lo, n int64) (value.Value, error) {
	if lo < 0 || n < 0 {
		return nil, &Error{Path: c.Path, Msg: "domain: negative range"}
	}
	if c.Info.Count >= 0 {
		lo = min(lo, c.Info.Count)
		n = min(n, c.Info.Count-lo)
	}
	h := c.h
	var w int64
	switch h.kind {
	case kindVec:
		w = int64(width(h.t))
	case kindEnumOld:
		w = 4
	case kindEnumNew:
		w = 8
	default:
		v, err := c.Read()
		if err != nil {
			return nil, err
		}
		if s, ok := v.(*value.Vec[string]); ok {
			lo = min(lo, int64(len(s.S)))
			return &value.Vec[string]{Typ: value.TSym, Attr: s.Attr, S: s.S[lo:min(lo+n, int64(len(s.S)))]}, nil
		}
		items := value.Items(v)
		lo = min(lo, int64(len(items)))
		return &value.List{Items: items[lo:min(lo+n, int64(len(items)))]}, nil
	}
	from := int64(h.data) + lo*w
	b, err := c.bytesAt(from, n*w)
	if err != nil {
		return nil, withPath(err, c.Path)
	}
	// The bytes, behind a header that places the items at 0.
	h.n, h.data = n, 0
	if h.kind == kindVec {
		return vecItems(b, h), nil
	}
	return enumItems(b, h), nil
}

// bytesAt reads k bytes at plain offset off of the column's file.
func (c *Column) bytesAt(off, k int64) ([]byte, error) {
	f, err := os.Open(c.Path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := make([]byte, k)
	if c.zip == nil {
		_, err := f.ReadAt(out, off)
		return out, err
	}
	z := c.zip
	var at int64 = 8 // where block i starts in the file
	var plain []byte
	for i := range z.lens {
		blo := int64(i) * z.block
		bhi := min(blo+z.block, z.plain)
		if bhi > off && blo < off+k {
			blk := make([]byte, z.lens[i])
			if _, err := f.ReadAt(blk, at); err != nil {
				return nil, err
			}
			plain = slices.Grow(plain[:0], int(bhi-blo))[:bhi-blo]
			if err := unblock(plain, blk, int(z.algs[i])); err != nil {
				return nil, corrupt(fmt.Sprintf("compressed block %d: %v", i, err))
			}
			s, e := max(off, blo), min(off+k, bhi)
			copy(out[s-off:], plain[s-blo:e-blo])
		}
		at += int64(z.lens[i])
	}
	return out, nil
}

func headerInfo(h header) ColumnInfo {
	switch h.kind {
	case kindEnumOld, kindEnumNew:
		return ColumnInfo{Type: value.TEnum, Attr: h.attr, Count: h.n, Domain: h.domain}
	case kindNested:
		return ColumnInfo{Type: value.TList, Count: h.n, Nested: h.t}
	case kindAnymap:
		return ColumnInfo{Type: value.TList, Count: h.n}
	}
	return ColumnInfo{Type: h.t, Attr: h.attr, Count: h.n}
}

// Read reads the column's items now.
func (c *Column) Read() (value.Value, error) { return ReadFile(c.Path) }
