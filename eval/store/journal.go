package store

import (
	"errors"
	"io"
	"os"
	"slices"

	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

// A tickerplant log (journal) is a general-list data file: ff 01 00 00 and an int32
// count, then one serialized object per chunk (the IPC body of each message, no
// header). Appends through a file handle add chunks and leave the count as it was, so
// a reader goes to the end of the file: -11!(-2;L) counts the chunks that decode and
// the bytes they fill; anything after them is a bad tail (a crash mid-write).
const journalHead = 8

// emptyLog is .[L;();:;()]: the empty general list, `L set ()`.
var emptyLog = []byte{0xff, 0x01, 0, 0, 0, 0, 0, 0}

// CreateJournal writes an empty log at path, replacing any file there (.[L;();:;()]).
func CreateJournal(path string) error {
	return withPath(os.WriteFile(path, emptyLog, 0o644), path)
}

// Journal is a log open for appending (hopen of a file symbol). It is not safe for
// concurrent use.
type Journal struct {
	f    *os.File
	path string
	buf  []byte
}

// OpenJournal opens the log at path for appending; a missing or empty file starts as
// an empty log. A file that is not a general list is refused.
func OpenJournal(path string) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, withPath(err, path)
	}
	var head [journalHead]byte
	n, err := f.ReadAt(head[:], 0)
	switch {
	case n == 0 && (err == nil || errors.Is(err, io.EOF)):
		if _, err := f.WriteAt(emptyLog, 0); err != nil {
			f.Close()
			return nil, withPath(err, path)
		}
	case n < journalHead || head[0] != 0xff || head[1] != 0x01 || head[2] != 0:
		f.Close()
		return nil, &Error{Path: path, Msg: "not a log file (a general list data file)"}
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		f.Close()
		return nil, withPath(err, path)
	}
	return &Journal{f: f, path: path}, nil
}

// Append adds v as one chunk: h enlist v.
func (j *Journal) Append(v value.Value) error { return j.AppendItems([]value.Value{v}) }

// AppendItems adds each item as one chunk, in one write: h x for a list x.
func (j *Journal) AppendItems(items []value.Value) error {
	b := j.buf[:0]
	for _, v := range items {
		start := len(b)
		m, err := wire.AppendMessage(b, wire.Async, v)
		if err != nil {
			return err
		}
		// Drop the message header: a chunk is the body alone.
		b = append(m[:start], m[start+wire.HeaderLen:]...)
	}
	j.buf = b
	_, err := j.f.Write(b)
	return withPath(err, j.path)
}

// Close closes the log (hclose).
func (j *Journal) Close() error { return withPath(j.f.Close(), j.path) }

// JournalState is -11!(-2;L): Chunks that decode, and the bytes of the file they and
// the header fill. A log is whole when Valid equals Size; otherwise -11!(-2;L) gives
// (Chunks;Valid) and replay stops with 'badtail.
type JournalState struct {
	Chunks int
	Valid  int64
	Size   int64
}

// Whole reports whether the log has no bad tail.
func (s JournalState) Whole() bool { return s.Valid == s.Size }

// ErrBadTail is replay reaching the undecodable end of a log (kdb+'s 'badtail).
var ErrBadTail = errors.New("badtail")

// ScanJournal reads the log at path chunk by chunk, calling fn (when not nil) with each
// of the first n chunks (all when n < 0): -11!L and -11!(n;L) replay, -11!(-2;L)
// counts. A bad tail is not an error of the scan: the state tells it, and replay asked
// to go past it returns ErrBadTail after the chunks before it (as -11! does).
func ScanJournal(path string, n int, fn func(v value.Value) error) (JournalState, error) {
	f, err := os.Open(path)
	if err != nil {
		return JournalState{}, withPath(err, path)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return JournalState{}, withPath(err, path)
	}
	st := JournalState{Size: fi.Size(), Valid: journalHead}
	var head [journalHead]byte
	if k, _ := io.ReadFull(f, head[:]); k < journalHead || head[0] != 0xff || head[1] != 0x01 || head[2] != 0 {
		return st, &Error{Path: path, Msg: "not a log file (a general list data file)"}
	}
	// A window over the file, refilled and grown as chunks are decoded: a log of any
	// size is read in bounded memory (a chunk larger than the window grows it).
	buf := make([]byte, 0, 1<<20)
	pos, eof := 0, false
	for n < 0 || st.Chunks < n {
		if pos < len(buf) {
			v, k, err := wire.DecodeOne(buf[pos:], true)
			if err == nil {
				if fn != nil {
					if err := fn(v); err != nil {
						return st, err // fn's own
					}
				}
				st.Chunks++
				st.Valid += int64(k)
				pos += k
				continue
			}
		}
		if eof {
			break // what is left does not decode: the bad tail
		}
		buf = append(buf[:0], buf[pos:]...)
		pos = 0
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, cap(buf))
		}
		k, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if errors.Is(err, io.EOF) || (err == nil && k == 0) {
			eof = true
		} else if err != nil {
			return st, withPath(err, path)
		}
	}
	if fn != nil && (n < 0 || st.Chunks < n) && !st.Whole() {
		return st, ErrBadTail
	}
	return st, nil
}

// CountJournal is -11!(-2;L).
func CountJournal(path string) (JournalState, error) { return ScanJournal(path, -1, nil) }

// TruncateJournal cuts a log back to its valid part (the usual repair of a bad tail).
func TruncateJournal(path string, st JournalState) error {
	return withPath(os.Truncate(path, st.Valid), path)
}

type progress struct{ chunks, bytes int }

// journalItems decodes objects laid end to end in b, at most n (all when n < 0),
// passing each to fn when set and collecting them otherwise. It stops quietly at the
// first object that does not decode (the bad tail); fn's error stops it loudly.
func journalItems(b []byte, n int, fn func(v value.Value) error) ([]value.Value, progress, error) {
	var items []value.Value
	var p progress
	for p.bytes < len(b) && (n < 0 || p.chunks < n) {
		v, k, err := wire.DecodeOne(b[p.bytes:], true)
		if err != nil {
			break
		}
		if fn != nil {
			if err := fn(v); err != nil {
				return items, p, err
			}
		} else {
			items = append(items, v)
		}
		p.chunks++
		p.bytes += k
	}
	return items, p, nil
}
