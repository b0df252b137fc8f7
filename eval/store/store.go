// Package store is kdb+'s on-disk formats as a codec, as ipc/wire is for the wire: data
// files (`set`/`get`), splayed and partitioned tables, enumerations, nested columns,
// compressed (kxzipped) files and tickerplant logs. It reads and writes bytes and files
// and knows nothing of the interpreter: the evaluator's file verbs and .Q functions
// call it, and turn its errors into q errors naming the file.
//
// The layouts, learnt from files written by kdb+ (the shared torq-finance folder) and
// public descriptions of them (KX knowledge base, Q for Mortals ch.14):
//
//	ff 01 <IPC body>                   any value that is not a fixed-width vector: atoms,
//	                                   symbol and general lists, dicts, tables (-8! minus
//	                                   its 8-byte header)
//	fe 20 t a 00000000 n(8) items      a vector of fixed-width type t, attribute a; types
//	                                   77+t (78..96) are nested columns: the items are
//	                                   end offsets into the companion file col#
//	fe <domain> ... n at 16, int32s    an enumeration, kdb+ before 3.6
//	fd 20 ... domain at 16; at 4080:   kdb+ 3.6+ ("new format", 4096-byte header):
//	fd a t u 00000000 n(8); items      enumerations (int64 indices) and others
//	"kxzipped" ...                     any of the above, compressed (zip.go)
package store

import (
	"errors"
	"os"
	"unsafe"
)

// Error is a problem with a file: truncated or corrupt bytes, a missing column. Path
// names the file when known; eval reports it as a q error naming the file.
type Error struct {
	Path string
	Msg  string
	Err  error // the underlying error (os.ErrNotExist, say), if any
}

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

func corrupt(msg string) error { return &Error{Msg: msg} }

// withPath names the file in err if it does not yet.
func withPath(err error, path string) error {
	var e *Error
	if err == nil {
		return nil
	}
	if errors.As(err, &e) {
		if e.Path == "" {
			return &Error{Path: path, Msg: e.Msg, Err: e.Err}
		}
		return err
	}
	msg := err.Error()
	var pe *os.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error() // the path is ours to name
	}
	return &Error{Path: path, Msg: msg, Err: err}
}

// hostLittle is true on little-endian hosts, where typed slices and kdb+'s bytes share
// one layout and move without per-item conversion.
var hostLittle = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// bytesOf views a fixed-width slice as its bytes (no copy).
func bytesOf[T any](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	var z T
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(z)))
}

// sliceOf views b as n items of T when b is suitably aligned (no copy), else copies.
func sliceOf[T any](b []byte, n int) []T {
	if n == 0 {
		return []T{}
	}
	var z T
	w := int(unsafe.Sizeof(z))
	if uintptr(unsafe.Pointer(&b[0]))%uintptr(unsafe.Alignof(z)) == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), n)
	}
	s := make([]T, n)
	copy(bytesOf(s), b[:n*w])
	return s
}
