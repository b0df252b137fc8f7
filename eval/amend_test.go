package eval

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestAmendOnDisk is amend.md's on-disk example: @[`:data;i;:;y] rewrites the file
// written by set and returns the handle.
func TestAmendOnDisk(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	f := "`:" + filepath.ToSlash(filepath.Join(t.TempDir(), "data"))
	for _, c := range []struct{ in, want string }{
		{f + " set til 20", f},
		{"@[" + f + ";3 6 8;:;100 200 300]", f},
		{"get " + f, "0 1 2 100 4 5 200 7 300 9 10 11 12 13 14 15 16 17 18 19"},
		{".[" + f + ";enlist 0;+;5]", f},
		{"first get " + f, "5"},
	} {
		got, err := ip.Exec(c.in)
		if err != nil {
			t.Fatalf("q)%s: '%v", c.in, err)
		}
		if got = strings.TrimRight(got, "\n"); got != c.want {
			t.Errorf("q)%s\n got  %q\n want %q", c.in, got, c.want)
		}
	}
}
