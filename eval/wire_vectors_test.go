package eval

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// TestWireVectors checks every row of testdata/ipc-vectors.tsv (a copy of the shared
// spec's vectors, bytes as real kdb+ gives them) both ways: -8!expr gives exactly the
// bytes (for -18! rows, the expression's own value does), and -9! of those bytes gives
// back a value that matches expr.
func TestWireVectors(t *testing.T) {
	f, err := os.Open("testdata/ipc-vectors.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out bytes.Buffer
	ip := New(&out, &out)
	for _, setup := range []string{"\\d .d", "test:{x+y}", "\\d ."} { // for the .d.test row
		if _, err := ip.Exec(setup); err != nil {
			t.Fatalf("%s: %v", setup, err)
		}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	rows := 0
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 2 || strings.HasPrefix(cols[0], "#") {
			continue
		}
		rows++
		expr, want := cols[0], cols[1]
		if i := strings.Index(expr, "  / "); i >= 0 {
			expr = expr[:i]
		}
		wantBytes, err := hex.DecodeString(want)
		if err != nil {
			t.Fatalf("%s: bad hex: %v", expr, err)
		}
		if strings.HasPrefix(expr, "1+`") { // the error row: an error response's body
			ip.EvalString("ipcErr:@[value;\"" + expr + "\";{x}]")
			continue
		}
		q := "-8!" + expr
		if strings.HasPrefix(expr, "-18!") {
			q = expr
		}
		got, err := ip.EvalString(q)
		if err != nil {
			t.Errorf("%s: '%v", q, err)
			continue
		}
		gb, ok := got.(*value.Vec[byte])
		if !ok {
			t.Errorf("%s: got type %d", q, got.Type())
			continue
		}
		if !bytes.Equal(gb.S, wantBytes) {
			t.Errorf("%s\n  want %s\n  got  %s", q, want, hex.EncodeToString(gb.S))
			continue
		}
		// Back: -9! of the bytes matches the expression's value; a function, which
		// may come back as kdb+'s own form of it (sums as +\), serializes the same.
		back := "(-9!0x" + want + ")~" + strings.TrimPrefix(expr, "-18!")
		if v, err := ip.EvalString(expr); err == nil && v.Type() >= value.TLambda {
			back = "(-8!-9!0x" + want + ")~0x" + want
		}
		r, err := ip.EvalString(back)
		if err != nil || r != value.Bool(true) {
			t.Errorf("-9! of %s: got %v, %v", expr, r, err)
		}
	}
	if rows < 150 {
		t.Fatalf("only %d vectors read", rows)
	}
}
