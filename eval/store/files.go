package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/gq-dev/gq/eval/value"
)

// ReadFile reads the data file at path (get `:f): plain or compressed, with a nested
// column's companion files beside it.
func ReadFile(path string) (value.Value, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, withPath(err, path)
	}
	v, err := UnmarshalWith(b, companionOf(path))
	return v, withPath(err, path)
}

func companionOf(path string) Companion {
	return func(suffix string) ([]byte, error) {
		b, err := os.ReadFile(path + suffix)
		return b, withPath(err, path+suffix)
	}
}

// Get reads path as get does: a directory holding a .d file is a splayed table, any
// other path a data file.
func Get(path string) (value.Value, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return ReadSplayed(path)
	}
	return ReadFile(path)
}

// WriteFile writes v to path as `path set v` does (creating missing directories),
// compressed when z is not nil (`(`:f;17;2;6) set v`, .z.zd).
func WriteFile(path string, v value.Value, z *Compression) error {
	if h, data, ok := vectorParts(v); ok {
		return withPath(writeParts(path, z, h, data), path)
	}
	b, err := marshalAny(v)
	if err != nil {
		return withPath(err, path)
	}
	return withPath(writeParts(path, z, b), path)
}

// writeParts writes the concatenation of parts to path: straight from the caller's
// slices when uncompressed.
func writeParts(path string, z *Compression, parts ...[]byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if z != nil && z.Algorithm != AlgNone {
		var all []byte
		for _, p := range parts {
			all = append(all, p...)
		}
		c, err := Compress(all, *z)
		if err != nil {
			return err
		}
		parts = [][]byte{c}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if _, err := f.Write(p); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// WriteColumn writes v as one column of a splayed table: a list of fixed-width vectors
// (strings, say) becomes the nested pair path (end offsets, type 77+t) and path# (the
// items back to back); anything else is WriteFile. Symbol vectors are refused: a
// splayed column must be enumerated first (.Q.en), as kdb+ refuses them with 'type.
func WriteColumn(path string, v value.Value, z *Compression) error {
	if _, ok := v.(*value.Vec[string]); ok {
		return &Error{Path: path, Msg: "type: symbol column not enumerated (use .Q.en)"}
	}
	if l, ok := v.(*value.List); ok {
		if t, ok := nestedType(l); ok {
			return withPath(writeNested(path, l, t, z), path)
		}
		if len(l.Items) > 0 {
			// kdb+ 3.6+ keeps such columns in its anymap layout (col, col#, col##),
			// which we read but do not write.
			return &Error{Path: path, Msg: "nyi: a column of mixed nested values (kdb+'s anymap layout)"}
		}
	}
	return WriteFile(path, v, z)
}

// nestedType is the common vector type of a general list's items when they are all
// fixed-width vectors of one type (an empty list has none).
func nestedType(l *value.List) (value.Type, bool) {
	if len(l.Items) == 0 {
		return 0, false
	}
	t := l.Items[0].Type()
	if t <= 0 || width(t) == 0 {
		return 0, false
	}
	for _, it := range l.Items[1:] {
		if it.Type() != t {
			return 0, false
		}
	}
	return t, true
}

func writeNested(path string, l *value.List, t value.Type, z *Compression) error {
	ends := make([]int64, len(l.Items))
	var heap []byte
	var off int64
	for i, it := range l.Items {
		_, data, _ := vectorParts(it)
		heap = append(heap, data...)
		off += int64(value.Len(it))
		ends[i] = off
	}
	if err := writeParts(path+"#", z, heap); err != nil {
		return err
	}
	return writeParts(path, z, vecHeader(nestedBase+t, value.AttrNone, len(ends)), leBytes(ends, 8))
}

// FileSize is hcount: a file's length in bytes, the uncompressed length for a
// compressed file.
func FileSize(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, withPath(err, path)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, withPath(err, path)
	}
	n := st.Size()
	var head [8]byte
	if k, _ := f.ReadAt(head[:], 0); k < 8 || !IsCompressed(head[:]) || n < 8+zipHead+8 {
		return n, nil
	}
	var tail [8]byte
	if _, err := f.ReadAt(tail[:], n-8); err != nil {
		return 0, withPath(err, path)
	}
	nb := int64(binary.LittleEndian.Uint64(tail[:]))
	at := n - 8 - 8*nb - zipHead
	if nb < 0 || at < 8 {
		return 0, &Error{Path: path, Msg: "compressed file: bad block count"}
	}
	var plain [8]byte
	if _, err := f.ReadAt(plain[:], at+8); err != nil {
		return 0, withPath(err, path)
	}
	return int64(binary.LittleEndian.Uint64(plain[:])), nil
}

// AppendFile appends v's items to the data file at path (.[`:f;();,;v]), creating it
// when missing. A plain vector, enumeration or symbol file of the same type grows in
// place (items written at the end, the count patched); anything else is read, joined
// and written back. The result must keep one type: 'type otherwise.
func AppendFile(path string, v value.Value) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return WriteFile(path, v, nil)
	}
	if err != nil {
		return withPath(err, path)
	}
	done, err := appendInPlace(f, v)
	cerr := f.Close()
	if err != nil {
		return withPath(err, path)
	}
	if done {
		return withPath(cerr, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return withPath(err, path)
	}
	old, err := UnmarshalWith(b, companionOf(path))
	if err != nil {
		return withPath(err, path)
	}
	joined, err := Join(old, v)
	if err != nil {
		return withPath(err, path)
	}
	var z *Compression
	if info, ok, _ := ZipStats(b); ok { // a compressed file stays compressed alike
		z = &Compression{info.LogBlock, info.Algorithm, info.Level}
	}
	return WriteFile(path, joined, z)
}

// appendInPlace grows f when its layout allows it; false means the caller rewrites.
func appendInPlace(f *os.File, v value.Value) (bool, error) {
	st, err := f.Stat()
	if err != nil {
		return false, err
	}
	size := st.Size()
	head := make([]byte, min(size, newHead))
	if _, err := io.ReadFull(f, head); err != nil {
		return false, err
	}
	if IsCompressed(head) {
		return false, nil
	}
	h, err := parseHeader(head)
	if err != nil {
		return false, nil // the whole-file path reads it and reports what is wrong
	}
	switch h.kind {
	case kindVec, kindEnumNew:
		vh, data, ok := vectorParts(v)
		if !ok || h.attr != value.AttrNone {
			return false, nil
		}
		w := int64(width(h.t))
		countAt := int64(8)
		if h.kind == kindEnumNew {
			w, countAt = 8, newKHead+8
			if string(vh[domainAt:domainAt+len(h.domain)+1]) != h.domain+"\x00" || vh[newKHead+2] != byte(value.TEnum) {
				return false, nil
			}
		} else if value.Type(vh[2]) != h.t {
			return false, nil
		}
		if size != int64(h.data)+h.n*w {
			return false, nil // attribute data or garbage after the items
		}
		return true, growAt(f, size, countAt, uint64(h.n)+uint64(int64(len(data))/w), 8, data)
	case kindAny:
		// A symbol list (the sym file) grows in place: .Q.en extends the domain so.
		syms, ok := v.(*value.Vec[string])
		if !ok || len(head) < 8 || head[2] != byte(value.TSym) || head[3] != 0 {
			return false, nil
		}
		n := binary.LittleEndian.Uint32(head[4:])
		var data []byte
		for _, s := range syms.S {
			data = append(append(data, s...), 0)
		}
		return true, growAt(f, size, 4, uint64(n)+uint64(len(syms.S)), 4, data)
	}
	return false, nil
}

// growAt writes data at the end of f, then the new count (w bytes) at countAt.
func growAt(f *os.File, size, countAt int64, n uint64, w int, data []byte) error {
	if _, err := f.WriteAt(data, size); err != nil {
		return err
	}
	var c [8]byte
	binary.LittleEndian.PutUint64(c[:], n)
	_, err := f.WriteAt(c[:w], countAt)
	return err
}

// CompressFile is -19!(src;dst;lbs;alg;lvl): dst gets src's plain bytes compressed
// with c (algorithm 0 writes them plain, which also uncompresses a file).
func CompressFile(src, dst string, c Compression) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return withPath(err, src)
	}
	if IsCompressed(b) {
		if b, err = Decompress(b); err != nil {
			return withPath(err, src)
		}
	}
	return withPath(writeParts(dst, &c, b), dst)
}

// Symbols resolves an enumeration against its domain's symbols (value sym$...): an
// index outside the domain is an error naming the domain.
func Symbols(e *value.EnumVec, domain []string) (*value.Vec[string], error) {
	s := make([]string, len(e.Idx))
	for i, x := range e.Idx {
		switch {
		case x == math.MinInt64: // the null enumeration is the null symbol
		case x < 0 || x >= int64(len(domain)):
			return nil, &Error{Path: e.Domain, Msg: fmt.Sprintf("index: %d outside the domain (%d symbols)", x, len(domain))}
		default:
			s[i] = domain[x]
		}
	}
	return &value.Vec[string]{Typ: value.TSym, Attr: e.Attr, S: s}, nil
}
