// Package wire converts q values to and from kdb+'s IPC bytes (-8! and -9!): the 8-byte
// header, the serialized object, and kdb+'s compression. It does no I/O.
package wire

import (
	"encoding/binary"

	"github.com/gq-dev/gq/eval/value"
)

// Message types, header byte 1.
const (
	Async    byte = 0
	Sync     byte = 1
	Response byte = 2
)

// HeaderLen is the size of the message header.
const HeaderLen = 8

// MaxLen is the largest message that capability 3 can frame: the length is an int32.
const MaxLen = 1<<31 - 1

// Header is a parsed message header.
type Header struct {
	Little     bool  // byte order of the rest of the message (byte 0 = 1)
	Kind       byte  // Async, Sync or Response
	Compressed bool  // body is compressed (byte 2 = 1)
	Len        int64 // total message length, header included
}

// ParseHeader reads the 8-byte header at the start of b. It rejects a bad byte order,
// message type, compression flag or extension byte, and a length below the smallest
// valid message (10 bytes; 12 for a compressed one) or above MaxLen.
func ParseHeader(b []byte) (Header, error) {
	if len(b) < HeaderLen {
		return Header{}, errBadMsg
	}
	var h Header
	switch b[0] {
	case 0:
	case 1:
		h.Little = true
	default:
		return h, errBadMsg
	}
	if b[1] > Response {
		return h, errBadMsg
	}
	h.Kind = b[1]
	if b[2] > 1 {
		return h, errBadMsg
	}
	h.Compressed = b[2] == 1
	// Byte 3 carries length bits 32-39 only under capability 5/6, which we never offer.
	if b[3] != 0 {
		return h, errBadMsg
	}
	var n uint32
	if h.Little {
		n = binary.LittleEndian.Uint32(b[4:])
	} else {
		n = binary.BigEndian.Uint32(b[4:])
	}
	h.Len = int64(n)
	min := int64(HeaderLen + 2)
	if h.Compressed {
		min = HeaderLen + 4
	}
	if h.Len < min || h.Len > MaxLen {
		return h, errBadMsg
	}
	return h, nil
}

// PutHeader writes a little-endian header for a message of kind and total length n
// into b[:8].
func PutHeader(b []byte, kind byte, n int) {
	b[0], b[1], b[2], b[3] = 1, kind, 0, 0
	binary.LittleEndian.PutUint32(b[4:], uint32(n))
}

// Errors carry kdb+'s texts: a malformed message is 'badmsg (as -9! and the message
// validator report it), an object that cannot be sent is 'type, one too big 'limit.
var (
	errBadMsg = &value.Error{Msg: "badmsg"}
	errType   = &value.Error{Msg: "type"}
	errLimit  = &value.Error{Msg: "limit"}
	errStack  = &value.Error{Msg: "stack"}
)

// Deferred is what a sync handler returns (as its error) when it has called -30!(::):
// no response goes back now; the evaluator sends it later with Manager.Respond.
var Deferred = &value.Error{Msg: "deferred response"}
