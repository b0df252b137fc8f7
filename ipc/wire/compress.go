package wire

import (
	"encoding/binary"

	"github.com/gq-dev/gq/eval/value"
)

// MinCompress is the size a message must exceed before kdb+ tries to compress it.
const MinCompress = 2000

// Compress returns m (a whole little-endian message, header included) compressed
// exactly as kdb+ does it, and true; or nil and false when kdb+ would send m as it is:
// m is 2000 bytes or shorter, or the result would not fit in half of len(m). This is
// the rule for what goes on a connection; whether the peer is local is the caller's
// business.
func Compress(m []byte) ([]byte, bool) {
	if len(m) <= MinCompress {
		return nil, false
	}
	return CompressSmall(m)
}

// CompressSmall is Compress without the 2000-byte floor, which applies to what goes
// on a connection: -18!x compresses any message that compression halves.
func CompressSmall(m []byte) ([]byte, bool) {
	t := len(m)
	lim := t / 2
	if t > MaxLen || lim-17 < 12 { // not even the header and one group fit in half
		return nil, false
	}
	out := make([]byte, lim)
	copy(out, m[:4])
	out[2] = 1
	binary.LittleEndian.PutUint32(out[8:], uint32(t))
	var ref [256]int
	flagAt, d := 12, 12
	var mask, flags byte
	s := 8
	h, pendH, pendS := 0, 0, 0
	for s < t {
		if mask == 0 {
			// Checked only at group starts: a group writes at most 17 bytes.
			if d > lim-17 {
				return nil, false
			}
			out[flagAt] = flags
			flagAt, d = d, d+1
			flags, mask = 0, 1
		}
		literal := true
		p := 0
		if s <= t-3 { // no back-reference starts in the last two bytes
			h = int(m[s] ^ m[s+1])
			p = ref[h]
			literal = p == 0 || m[p] != m[s]
		}
		// A literal is entered one step late, after the next position's lookup.
		if pendS > 0 {
			ref[pendH] = pendS
			pendS = 0
		}
		if literal {
			pendH, pendS = h, s
			out[d] = m[s]
			d++
			s++
		} else {
			ref[h] = s
			flags |= mask
			p += 2
			s += 2
			start := s
			end := min(s+255, t)
			for s < end && m[p] == m[s] {
				s++
				p++
			}
			out[d], out[d+1] = byte(h), byte(s-start)
			d += 2
		}
		mask <<= 1
	}
	out[flagAt] = flags
	binary.LittleEndian.PutUint32(out[4:], uint32(d))
	return out[:d], true
}

// Uncompress expands a whole compressed message (header byte 2 = 1) into the plain
// message, header included (byte 2 cleared, length the original's). It refuses an
// original size above max and any stream that reads or copies out of bounds.
func Uncompress(in []byte, max int) ([]byte, error) {
	if len(in) < 12 {
		return nil, errBadMsg
	}
	total := int(binary.LittleEndian.Uint32(in[8:]))
	if in[0] == 0 {
		total = int(binary.BigEndian.Uint32(in[8:]))
	}
	// Each stream byte yields at most 129 output bytes (a 2-byte reference copies 257),
	// so a claim beyond that is a lie: refuse it before allocating.
	if total < HeaderLen+2 || total > max || total > MaxLen || (total-HeaderLen) > 129*(len(in)-12) {
		return nil, errBadMsg
	}
	out := make([]byte, total)
	copy(out, in[:8])
	out[2] = 0
	if in[0] == 0 {
		binary.BigEndian.PutUint32(out[4:], uint32(total))
	} else {
		binary.LittleEndian.PutUint32(out[4:], uint32(total))
	}
	var ref [256]int
	cur, hashed, src := 8, 8, 12
	var mask, flags byte
	for cur < total {
		if mask == 0 {
			if src >= len(in) {
				return nil, errBadMsg
			}
			flags = in[src]
			src++
			mask = 1
		}
		if flags&mask != 0 {
			if src+2 > len(in) {
				return nil, errBadMsg
			}
			from, n := ref[in[src]], int(in[src+1])
			src += 2
			if from < 8 || from >= cur || cur+2+n > total {
				return nil, errBadMsg
			}
			// Byte by byte: source and destination may overlap (run-length effect).
			for k := 0; k < n+2; k++ {
				out[cur+k] = out[from+k]
			}
			cur += 2
			for ; hashed < cur-1; hashed++ {
				ref[out[hashed]^out[hashed+1]] = hashed
			}
			cur += n
			hashed = cur
		} else {
			if src >= len(in) {
				return nil, errBadMsg
			}
			out[cur] = in[src]
			cur++
			src++
			for ; hashed < cur-1; hashed++ {
				ref[out[hashed]^out[hashed+1]] = hashed
			}
		}
		mask <<= 1
	}
	return out, nil
}

// EncodeCompressed returns kdb+'s -18!v: -8!v compressed when the size and gain rules
// allow, otherwise -8!v itself.
func EncodeCompressed(v value.Value) ([]byte, error) {
	m, err := Encode(v)
	if err != nil {
		return nil, err
	}
	if z, ok := Compress(m); ok {
		return z, nil
	}
	return m, nil
}
