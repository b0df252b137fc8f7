package store

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/gq-dev/gq/ipc/wire"
	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
	"github.com/pierrec/lz4/v4"
)

// Compression algorithms of kdb+'s file compression (kb/file-compression.md): the
// number set/.z.zd/-19! take and -21! reports.
const (
	AlgNone   = 0
	AlgIPC    = 1 // kdb+'s own IPC compression
	AlgGzip   = 2
	AlgSnappy = 3
	AlgLZ4HC  = 4
	AlgZstd   = 5
)

// Compression is the (logicalBlockSize;algorithm;level) triple of `(`:f;17;2;6) set x`
// and .z.zd: blocks of 2^LogBlock bytes, each compressed with Algorithm at Level.
type Compression struct {
	LogBlock  int
	Algorithm int
	Level     int
}

// ZipInfo is what -21! reports of a compressed file.
type ZipInfo struct {
	CompressedLength   int64 // the file's own size
	UncompressedLength int64
	Algorithm          int
	LogBlock           int
	Level              int
}

// The kxzipped layout, as kdb+'s files show it (torq-finance/hdb in the shared files):
//
//	"kxzipped"                        8 bytes
//	block 0, block 1, ...             each compressed on its own (or stored raw)
//	trailer:
//	  int32 2                         (the format stamp of every kdb+ file we have)
//	  byte algorithm, byte level, 2 bytes 0
//	  int64 uncompressed length
//	  int64 offset of the trailer     (8 + the blocks' bytes)
//	  int64 block size in bytes       (2^logicalBlockSize)
//	  nblocks x {int32 stored length, int32 algorithm of the block (0: stored raw)}
//	  int64 nblocks
const (
	zipMagic    = "kxzipped"
	zipHead     = 32 // the trailer's fixed part before the block table
	zipStamp    = 2
	maxLogBlock = 20
	minLogBlock = 12
)

// IsCompressed reports whether b starts like a kdb+ compressed file.
func IsCompressed(b []byte) bool { return len(b) >= 8 && string(b[:8]) == zipMagic }

type zipTrailer struct {
	alg, level int
	plain      int64
	dataEnd    int64
	block      int64
	lens       []int32
	algs       []int32
}

func readTrailer(b []byte) (*zipTrailer, error) {
	if !IsCompressed(b) {
		return nil, corrupt("not a compressed file")
	}
	return trailerAt(bytes.NewReader(b), int64(len(b)))
}

// trailerAt reads and checks the trailer of the compressed file r of size bytes.
func trailerAt(r io.ReaderAt, n int64) (*zipTrailer, error) {
	if n < 8+zipHead+8 {
		return nil, corrupt("compressed file truncated")
	}
	var c [8]byte
	if _, err := r.ReadAt(c[:], n-8); err != nil {
		return nil, err
	}
	nb := int64(binary.LittleEndian.Uint64(c[:]))
	if nb < 0 || nb > (n-8-zipHead-8)/8 {
		return nil, corrupt("compressed file: bad block count")
	}
	t := n - 8 - 8*nb - zipHead
	if t < 8 {
		return nil, corrupt("compressed file truncated")
	}
	h := make([]byte, n-t)
	if _, err := r.ReadAt(h, t); err != nil {
		return nil, err
	}
	z := &zipTrailer{
		alg:     int(h[4]),
		level:   int(h[5]),
		plain:   int64(binary.LittleEndian.Uint64(h[8:])),
		dataEnd: int64(binary.LittleEndian.Uint64(h[16:])),
		block:   int64(binary.LittleEndian.Uint64(h[24:])),
	}
	if z.dataEnd != t {
		return nil, corrupt("compressed file: trailer does not match the file length")
	}
	if z.block < 1<<minLogBlock || z.block > 1<<maxLogBlock || z.block&(z.block-1) != 0 {
		return nil, corrupt("compressed file: bad logical block size")
	}
	if z.plain < 0 || (z.plain+z.block-1)/z.block != nb {
		return nil, corrupt("compressed file: length and block count disagree")
	}
	z.lens = make([]int32, nb)
	z.algs = make([]int32, nb)
	var sum int64
	for i := range nb {
		e := h[zipHead+8*i:]
		z.lens[i] = int32(binary.LittleEndian.Uint32(e))
		z.algs[i] = int32(binary.LittleEndian.Uint32(e[4:]))
		if z.lens[i] < 0 {
			return nil, corrupt("compressed file: bad block length")
		}
		sum += int64(z.lens[i])
	}
	if 8+sum != t {
		return nil, corrupt("compressed file: block lengths do not add up")
	}
	return z, nil
}

// ZipStats reads the trailer of a compressed file's bytes (-21!); ok is false when b
// is not compressed.
func ZipStats(b []byte) (info ZipInfo, ok bool, err error) {
	if !IsCompressed(b) {
		return info, false, nil
	}
	z, err := readTrailer(b)
	if err != nil {
		return info, true, err
	}
	lb := 0
	for int64(1)<<lb < z.block {
		lb++
	}
	return ZipInfo{int64(len(b)), z.plain, z.alg, lb, z.level}, true, nil
}

// Decompress returns the plain bytes of a kxzipped file.
func Decompress(b []byte) ([]byte, error) {
	z, err := readTrailer(b)
	if err != nil {
		return nil, err
	}
	// Grown block by block: a trailer claiming more than its blocks hold costs no more
	// than the first block that fails.
	out := make([]byte, 0, min(z.plain, 8*int64(len(b))))
	src := int64(8)
	for i := range z.lens {
		lo := int64(i) * z.block
		hi := min(lo+z.block, z.plain)
		out = slices.Grow(out, int(hi-lo))[:hi]
		blk := b[src : src+int64(z.lens[i])]
		src += int64(z.lens[i])
		if err := unblock(out[lo:hi], blk, int(z.algs[i])); err != nil {
			return nil, corrupt(fmt.Sprintf("compressed block %d: %v", i, err))
		}
	}
	return out, nil
}

// unblock expands one stored block into dst, which it must fill exactly.
func unblock(dst, blk []byte, alg int) error {
	var got []byte
	var err error
	switch alg {
	case AlgNone:
		got = blk
	case AlgIPC:
		var m []byte
		m, err = wire.Uncompress(blk, len(dst)+wire.HeaderLen)
		if err == nil {
			got = m[wire.HeaderLen:]
		}
	case AlgGzip:
		var r io.ReadCloser
		if len(blk) >= 2 && blk[0] == 0x1f && blk[1] == 0x8b {
			r, err = gzip.NewReader(bytes.NewReader(blk))
		} else {
			r, err = zlib.NewReader(bytes.NewReader(blk))
		}
		if err != nil {
			return err
		}
		n, e := io.ReadFull(r, dst)
		if e != nil || n != len(dst) {
			return fmt.Errorf("short gzip block")
		}
		var one [1]byte
		if k, _ := r.Read(one[:]); k != 0 {
			return fmt.Errorf("gzip block too long")
		}
		return nil
	case AlgSnappy:
		var n int
		if n, err = s2.DecodedLen(blk); err == nil && n == len(dst) {
			got, err = s2.Decode(dst, blk)
		} else if err == nil {
			err = fmt.Errorf("snappy block of the wrong length")
		}
	case AlgLZ4HC:
		var n int
		n, err = lz4.UncompressBlock(blk, dst)
		got = dst[:n]
	case AlgZstd:
		var d *zstd.Decoder
		if d, err = zstdDecoder(); err == nil {
			got, err = d.DecodeAll(blk, dst[:0:len(dst)])
		}
	default:
		return fmt.Errorf("unknown algorithm %d", alg)
	}
	if err != nil {
		return err
	}
	if len(got) != len(dst) {
		return fmt.Errorf("block expands to %d bytes, not %d", len(got), len(dst))
	}
	if &got[0] != &dst[0] {
		copy(dst, got)
	}
	return nil
}

// Compress returns plain as a kxzipped file compressed with c. A block that does not
// shrink is stored raw (its table entry says algorithm 0), as kdb+ does.
func Compress(plain []byte, c Compression) ([]byte, error) {
	if c.LogBlock < minLogBlock || c.LogBlock > maxLogBlock {
		return nil, fmt.Errorf("logical block size %d not in %d..%d", c.LogBlock, minLogBlock, maxLogBlock)
	}
	if c.Algorithm < AlgNone || c.Algorithm > AlgZstd {
		return nil, fmt.Errorf("unknown compression algorithm %d", c.Algorithm)
	}
	bs := 1 << c.LogBlock
	nb := (len(plain) + bs - 1) / bs
	out := make([]byte, 0, len(plain)/2+zipHead+8*nb+16)
	out = append(out, zipMagic...)
	lens := make([]int32, nb)
	algs := make([]int32, nb)
	for i := range nb {
		blk := plain[i*bs : min((i+1)*bs, len(plain))]
		start := len(out)
		var ok bool
		out, ok = block(out, blk, c)
		if !ok {
			out = append(out[:start], blk...)
		} else {
			algs[i] = int32(c.Algorithm)
		}
		lens[i] = int32(len(out) - start)
	}
	dataEnd := len(out)
	var h [zipHead]byte
	binary.LittleEndian.PutUint32(h[0:], zipStamp)
	h[4], h[5] = byte(c.Algorithm), byte(c.Level)
	binary.LittleEndian.PutUint64(h[8:], uint64(len(plain)))
	binary.LittleEndian.PutUint64(h[16:], uint64(dataEnd))
	binary.LittleEndian.PutUint64(h[24:], uint64(bs))
	out = append(out, h[:]...)
	for i := range nb {
		out = binary.LittleEndian.AppendUint32(out, uint32(lens[i]))
		out = binary.LittleEndian.AppendUint32(out, uint32(algs[i]))
	}
	out = binary.LittleEndian.AppendUint64(out, uint64(nb))
	return out, nil
}

// block appends blk compressed with c to out; false when it did not shrink.
func block(out, blk []byte, c Compression) ([]byte, bool) {
	start := len(out)
	switch c.Algorithm {
	case AlgIPC:
		// The block goes through the IPC compressor as the body of a message: the
		// stored block is that compressed message, header and all, as in kdb+'s files.
		m := make([]byte, wire.HeaderLen+len(blk))
		wire.PutHeader(m, wire.Async, len(m))
		copy(m[wire.HeaderLen:], blk)
		z, ok := wire.Compress(m)
		if !ok {
			return out, false
		}
		out = append(out, z...)
	case AlgGzip:
		lvl := c.Level
		if lvl < 0 || lvl > 9 {
			lvl = 6
		}
		var buf bytes.Buffer
		w, err := zlib.NewWriterLevel(&buf, lvl)
		if err != nil {
			return out, false
		}
		w.Write(blk)
		w.Close()
		out = append(out, buf.Bytes()...)
	case AlgSnappy:
		out = append(out, s2.EncodeSnappy(nil, blk)...)
	case AlgLZ4HC:
		dst := make([]byte, lz4.CompressBlockBound(len(blk)))
		lvl := min(max(c.Level, 1), 9) // kdb+'s lz4hc levels past 9 all take the deepest search here
		n, err := lz4.CompressBlockHC(blk, dst, lz4.CompressionLevel(1<<(8+lvl-1)), nil, nil)
		if err != nil || n == 0 {
			return out, false
		}
		out = append(out, dst[:n]...)
	case AlgZstd:
		e, err := zstdEncoder(zstd.EncoderLevelFromZstd(max(c.Level, 1)))
		if err != nil {
			return out, false
		}
		out = e.EncodeAll(blk, out)
	default:
		return out, false
	}
	if len(out)-start >= len(blk) {
		return out[:start], false
	}
	return out, true
}

// firstBlock reads and expands block 0 of the compressed file r (the data file's
// header is in it: blocks are at least 4096 bytes).
func firstBlock(r io.ReaderAt, n int64) (*zipTrailer, []byte, error) {
	z, err := trailerAt(r, n)
	if err != nil || len(z.lens) == 0 {
		return z, nil, err
	}
	blk := make([]byte, z.lens[0])
	if _, err := r.ReadAt(blk, 8); err != nil {
		return nil, nil, err
	}
	dst := make([]byte, min(z.block, z.plain))
	if err := unblock(dst, blk, int(z.algs[0])); err != nil {
		return nil, nil, corrupt(fmt.Sprintf("compressed block 0: %v", err))
	}
	return z, dst, nil
}

// One zstd decoder, and one encoder per level, serve every block: they are costly to
// make and safe for concurrent DecodeAll/EncodeAll.
var (
	zstdDecoder = sync.OnceValues(func() (*zstd.Decoder, error) {
		// A block is at most 2^20 bytes: a frame claiming more is refused.
		return zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<maxLogBlock+1<<16))
	})
	zstdMu   sync.Mutex
	zstdEncs = map[zstd.EncoderLevel]*zstd.Encoder{}
)

func zstdEncoder(l zstd.EncoderLevel) (*zstd.Encoder, error) {
	zstdMu.Lock()
	defer zstdMu.Unlock()
	if e, ok := zstdEncs[l]; ok {
		return e, nil
	}
	e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(l), zstd.WithEncoderConcurrency(1))
	if err == nil {
		zstdEncs[l] = e
	}
	return e, err
}
