package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

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

// WriteSplayed writes t into dir as `dir/ set t` does: each column its data file (z
// compresses them), then .d, so a reader never sees a .d naming a column not yet
// written. Symbol columns must be enumerated first ('type otherwise).
func WriteSplayed(dir string, t *value.Table, z *Compression) error {
	for i, c := range t.Cols.S {
		if _, ok := t.Data[i].(*value.Vec[string]); ok {
			return &Error{Path: filepath.Join(dir, c), Msg: "type: symbol column not enumerated (use .Q.en)"}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return withPath(err, dir)
	}
	for i, c := range t.Cols.S {
		if err := WriteColumn(filepath.Join(dir, c), t.Data[i], z); err != nil {
			return err
		}
	}
	// .d is never compressed: kdb+ reads it to learn the table before anything else.
	return WriteFile(filepath.Join(dir, ".d"), value.Syms(t.Cols.S), nil)
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
}

// OpenColumn reads the header of the data file at path. A compressed file is read
// whole to learn it (its header is inside the first block).
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
	switch {
	case IsCompressed(head):
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, withPath(err, path)
		}
		c.Info, err = Info(b)
		return c, withPath(err, path)
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
	// Check the count against the file's length, not the header bytes read.
	st, err := f.Stat()
	if err != nil {
		return nil, withPath(err, path)
	}
	if h.n > st.Size() || int64(h.data)+h.n*int64(w) > st.Size() {
		return nil, &Error{Path: path, Msg: fmt.Sprintf("truncated: header says %d items, the file holds fewer", h.n)}
	}
	c.Info = headerInfo(h)
	return c, nil
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
