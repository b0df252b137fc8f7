package main

import (
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gq-dev/gq/eval"
	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc"
	"github.com/gq-dev/gq/ipc/wire"
)

// tracer is \trace: it turns the Manager's IPC events into one line each,
//
//	trace 12:00:01.123 h3 -> sync 17B "2+2"
//
// (time, handle, event, sizes in bytes as count -8! gives them, the value as the console
// shows it, cut to one line). The ipc package only reports events; what they look
// like is decided here, beside the console.
type tracer struct {
	m     *ipc.Manager
	ip    *eval.Interp // display settings (\P)
	err   io.Writer    // the console's stderr, the default destination
	w     io.Writer
	file  *os.File // the \trace file, if any
	level int
	buf   []byte
	now   func() time.Time
}

// valueWidth bounds the value shown on a trace line.
const valueWidth = 60

// set is Interp.Trace: \trace level [file].
func (t *tracer) set(level int, file string) error {
	var f *os.File
	if level > 0 && file != "" {
		var err error
		// appended to: turning the trace up or down with the same file keeps what it has
		f, err = os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return &value.Error{Msg: file + ". OS reports: " + osText(err)}
		}
	}
	if t.file != nil {
		t.file.Close()
	}
	t.file, t.w, t.level = f, t.err, level
	if f != nil {
		t.w = f
	}
	if level == 0 {
		t.m.SetTracer(nil)
	} else {
		t.m.SetTracer(t)
	}
	return nil
}

// osText gives an OS error as strerror spells it ("No such file or directory").
func osText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return err.Error()
}

// kindName names a message type as the protocol page does.
func kindName(k byte) string {
	switch k {
	case wire.Async:
		return "async"
	case wire.Sync:
		return "sync"
	case wire.Response:
		return "response"
	}
	return "type" + strconv.Itoa(int(k))
}

// Trace implements ipc.Tracer: one line per event (and, at level 2, a second line with
// a message's bytes).
func (t *tracer) Trace(e *ipc.TraceEvent) {
	now := time.Now
	if t.now != nil {
		now = t.now
	}
	b := append(t.buf[:0], "trace "...)
	b = now().AppendFormat(b, "15:04:05.000")
	b = append(b, " h"...)
	b = strconv.AppendInt(b, int64(e.H), 10)
	b = append(b, ' ')
	pre := len(b) // "trace 12:00:01.123 h3 ", for the bytes line
	switch e.Kind {
	case ipc.TraceOpen:
		b = append(b, "open "...)
		b = append(b, e.Addr...)
		if e.User != "" {
			b = append(b, " user "...)
			b = append(b, e.User...)
		}
	case ipc.TraceClose:
		b = append(b, "closed "...)
		b = append(b, e.Addr...)
		if e.Local {
			b = append(b, " by hclose"...)
		} else {
			b = append(b, " by peer"...)
		}
		if e.Pending > 0 {
			b = append(b, ", "...)
			b = appendBytes(b, e.Pending)
			b = append(b, " unsent"...)
		}
	case ipc.TraceOut, ipc.TraceIn:
		if e.Kind == ipc.TraceOut {
			b = append(b, "-> "...)
		} else {
			b = append(b, "<- "...)
		}
		b = append(b, kindName(e.Msg)...)
		b = append(b, ' ')
		b = appendBytes(b, e.Size)
		if e.Unzipped > 0 {
			b = append(b, " ("...)
			b = appendBytes(b, e.Unzipped)
			b = append(b, " uncompressed)"...)
		}
		b = append(b, ' ')
		b = append(b, t.show(e.V)...)
		if t.level >= 2 && len(e.Frame) >= wire.HeaderLen {
			b = append(b, '\n')
			b = append(b, b[:pre]...)
			b = append(b, "header 0x"...)
			b = hex.AppendEncode(b, e.Frame[:wire.HeaderLen])
			body := e.Frame[wire.HeaderLen:]
			b = append(b, " body 0x"...)
			b = hex.AppendEncode(b, body[:min(len(body), ipc.TraceBody)])
			if e.Size > wire.HeaderLen+ipc.TraceBody {
				b = append(b, ".."...)
			}
		}
	case ipc.TraceQueued:
		b = append(b, "queued "...)
		b = appendBytes(b, e.Pending)
	case ipc.TraceFlushed:
		b = append(b, "flushed "...)
		b = appendBytes(b, e.Size)
		if e.Pending > 0 {
			b = append(b, ", "...)
			b = appendBytes(b, e.Pending)
			b = append(b, " waiting"...)
		}
	case ipc.TraceHandler:
		b = append(b, e.Handler...)
		b = append(b, ' ')
		b = append(b, t.show(e.V)...)
	case ipc.TraceDeferred:
		b = append(b, ".z.pg deferred its response (-30!)"...)
	}
	b = append(b, '\n')
	t.w.Write(b)
	t.buf = b
}

func appendBytes(b []byte, n int) []byte {
	return append(strconv.AppendInt(b, int64(n), 10), 'B')
}

// show is v as the console shows it, on one line: the console form when it is one
// line, else the k form (-3!), cut to valueWidth with .. as \c cuts.
func (t *tracer) show(v value.Value) string {
	if e, ok := v.(*value.Error); ok {
		return "'" + firstLine(e.Msg)
	}
	d := t.ip.Disp
	d.Rows, d.Cols = 10, valueWidth // enough to see whether it takes more than one line
	s := d.Show(v)
	if s == "" {
		return "::" // the generic null prints nothing at the console
	}
	if strings.IndexByte(s, '\n') >= 0 {
		s = d.KFormLine(v)
	}
	return firstLine(s)
}

// firstLine keeps a trace line one line even when a string holds a newline.
func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i] + ".."
	}
	return s
}
