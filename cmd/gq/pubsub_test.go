package main

import (
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/gq-dev/gq/eval/transcript"
)

// TestPubSub runs examples/pubsub: a tickerplant, a subscriber and a feed in three gq
// processes, then checks what the subscriber holds and that the tickerplant drops the
// subscriber when it goes away.
func TestPubSub(t *testing.T) {
	tick := startServer(t, "../../examples/pubsub/tick.q")
	tickPort := strconv.Itoa(tick.port)
	rdb := startServer(t, "../../examples/pubsub/rdb.q", tickPort)
	rdb.waitOutput(t, "subscribed to trade")

	feed := exec.Command(gqBinary(t), "../../examples/pubsub/feed.q", tickPort, "20")
	done := make(chan []byte, 1)
	go func() { out, _ := feed.CombinedOutput(); done <- out }()
	select {
	case out := <-done:
		if string(out) != "feed done: 20 batches\n" {
			t.Fatalf("feed printed %q", out)
		}
	case <-time.After(20 * time.Second):
		feed.Process.Kill()
		<-done // CombinedOutput has reaped it
		t.Fatal("the feed did not finish")
	}

	rdbPort := strconv.Itoa(rdb.port)
	q := func(expr string) string { return "`::" + rdbPort + " \"" + expr + "\"" }
	text := "q)" + q(".u.sub") + "\n'.u.sub\n#...\n" + // the rdb is not a tickerplant
		"q)" + q("count trade") + "\n40\n" +
		"q)" + q("select sum size by sym from trade") + "\n" +
		"sym | size\n----| ----\nAAPL| 1470\nGOOG| 1390\nMSFT| 1540\n" +
		"q)" + q("select from trade where size>395") + "\n" +
		"time sym price size\n-------------------\n" // no rows, the times vary
	// every update arrives asynchronously: wait for the last one before checking
	deadline := time.Now().Add(5 * time.Second)
	for {
		out := runPiped(t, transcript.Parse("q)"+q("count trade")+"\n"))
		if len(out[0]) == 1 && out[0][0] == "40" || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, fail := checkTranscript(t, "pubsub", text); fail > 0 {
		t.Logf("tickerplant:\n%s\nrdb:\n%s", tick.output(), rdb.output())
	}

	// the subscriber goes away: .z.pc on the tickerplant drops its handle
	rdb.cmd.Process.Kill()
	rdb.cmd.Wait()
	deadline = time.Now().Add(5 * time.Second)
	for {
		out := runPiped(t, transcript.Parse("q)`::"+tickPort+" \"count .u.w`trade\"\n"))
		if len(out[0]) == 1 && out[0][0] == "0" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the tickerplant kept the dead subscriber: %q", out[0])
		}
		time.Sleep(50 * time.Millisecond)
	}
}
