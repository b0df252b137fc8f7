package eval

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// peakMeter measures the most heap a run holds at once, which \ts reports as kdb+
// does (the peak of one run, not the bytes allocated in all). kdb+ frees by reference
// count, so its peak is what is live; here the collector runs often while measuring
// (GC percent lowered) and the live-object bytes are sampled from runtime/metrics.
type peakMeter struct {
	base  uint64
	peak  atomic.Uint64
	stop  chan struct{}
	done  chan struct{}
	oldGC int
	ended bool
}

const heapObjects = "/memory/classes/heap/objects:bytes"

func heapNow() uint64 {
	s := []metrics.Sample{{Name: heapObjects}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// startPeak collects garbage, takes the baseline and starts sampling.
func startPeak() *peakMeter {
	runtime.GC()
	m := &peakMeter{base: heapNow(), stop: make(chan struct{}), done: make(chan struct{})}
	m.peak.Store(m.base)
	m.oldGC = debug.SetGCPercent(5)
	go func() {
		defer close(m.done)
		t := time.NewTicker(50 * time.Microsecond)
		defer t.Stop()
		for {
			m.sample()
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *peakMeter) sample() {
	if h := heapNow(); h > m.peak.Load() {
		m.peak.Store(h)
	}
}

// end stops sampling (result, still referenced by the caller, is counted) and gives
// the peak above the baseline in bytes.
func (m *peakMeter) end(result any) int64 {
	if m.ended {
		return 0
	}
	m.ended = true
	m.sample()
	close(m.stop)
	<-m.done
	debug.SetGCPercent(m.oldGC)
	runtime.KeepAlive(result)
	if p := m.peak.Load(); p > m.base {
		return int64(p - m.base)
	}
	return 0
}
