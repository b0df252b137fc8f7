package bench

import (
	"encoding/binary"
	"io"
	"math"
	"testing"
	"time"
)

// The kdb-tick pattern (issue 14): a tickerplant publishes tables of rows to an RDB,
// which inserts them (r.q's upd:insert). BenchmarkBulkInsertGQ sends 100 async
// (`upd;`trade;t) messages of 10,000 rows each per op to gq -p holding an empty
// trade table, then a sync chaser that checks the count, and reports rows/s;
// BenchmarkBulkInsertBare sends the same frames to the bare server, which only reads
// them: the transport's limit. kdb+'s own figure on its bulk test is ~2M rows/s.
//
//	go test -run XXX -bench BulkInsert -benchtime 3x ./bench

const (
	bulkRows = 10_000
	bulkMsgs = 100
)

// bulkFrame encodes (`upd;`trade;([]time;sym;price;size)) with n rows, by hand in
// kdb+'s wire format (this package may not import ipc/wire, cmd/gq/deps_test.go).
func bulkFrame(n int) []byte {
	syms := []string{"AAPL", "MSFT", "IBM", "GOOG", "AMZN", "KX", "ORCL", "INTC"}
	m := []byte{1, 0, 0, 0, 0, 0, 0, 0}
	i32 := func(v int) { m = binary.LittleEndian.AppendUint32(m, uint32(v)) }
	m = append(m, 0, 0) // general list of 3
	i32(3)
	m = append(m, 0xf5)
	m = append(m, "upd\x00"...)
	m = append(m, 0xf5)
	m = append(m, "trade\x00"...)
	m = append(m, 98, 0, 99, 11, 0) // table: dict of column names and columns
	i32(4)
	m = append(m, "time\x00sym\x00price\x00size\x00"...)
	m = append(m, 0, 0)
	i32(4)
	m = append(m, 16, 0) // timespan
	i32(n)
	for i := range n {
		m = binary.LittleEndian.AppendUint64(m, uint64(34_200_000_000_000+int64(i)*1000))
	}
	m = append(m, 11, 0)
	i32(n)
	for i := range n {
		m = append(m, syms[i%len(syms)]...)
		m = append(m, 0)
	}
	m = append(m, 9, 0)
	i32(n)
	for i := range n {
		m = binary.LittleEndian.AppendUint64(m, math.Float64bits(100+float64(i%997)/8))
	}
	m = append(m, 7, 0)
	i32(n)
	for i := range n {
		m = binary.LittleEndian.AppendUint64(m, uint64(100*(1+i%50)))
	}
	binary.LittleEndian.PutUint32(m[4:], uint32(len(m)))
	return m
}

// benchBulk sends bulkMsgs frames per op and a chaser; for gq it then checks that
// trade holds every row sent.
func benchBulk(b *testing.B, port int, gq bool) {
	c := dial(b, port)
	if gq {
		c.roundTrip(b, frame(1, "trade:([]time:`timespan$();sym:`symbol$();price:`float$();size:`long$());upd:insert"))
	}
	f := bulkFrame(bulkRows)
	chase := frame(1, "count trade")
	b.SetBytes(int64(len(f) * bulkMsgs))
	b.ResetTimer()
	t0 := time.Now()
	for range b.N {
		for range bulkMsgs {
			c.w.Write(f)
		}
	}
	c.roundTrip(b, chase)
	el := time.Since(t0)
	b.StopTimer()
	b.ReportMetric(float64(b.N*bulkMsgs*bulkRows)/el.Seconds(), "rows/s")
	if gq { // every row arrived: count trade is a long atom (type -7) in the response
		c.w.Write(chase)
		c.w.Flush()
		r := make([]byte, 17)
		if _, err := io.ReadFull(c.r, r); err != nil {
			b.Fatal(err)
		}
		if want := b.N * bulkMsgs * bulkRows; r[8] != 0xf9 || int(binary.LittleEndian.Uint64(r[9:])) != want {
			b.Fatalf("count trade: %x, want %d", r, want)
		}
	}
}

func BenchmarkBulkInsertGQ(b *testing.B) {
	build(b)
	benchBulk(b, startGQ(b), true)
}

func BenchmarkBulkInsertBare(b *testing.B) {
	build(b)
	benchBulk(b, startBare(b), false)
}
