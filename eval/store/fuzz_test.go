package store

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// FuzzUnmarshal: no input panics Unmarshal (nor the header and journal readers); what
// it accepts marshals again. Seeds: kdb+'s small files, compressed and plain, and
// values we write.
func FuzzUnmarshal(f *testing.F) {
	for _, p := range []string{"hdb/sym", "hdb/2015.01.07/trade/.d", "hdb/2015.01.07/trade/stop",
		"hdb/2015.01.07/trade_iex/sym", "dqe/dqcdb/database/2020.04.17/configtable/action",
		"dqe/dqedb/database/2020.09.03/resultstab/column", "dqe/dqcdb/database/2020.04.17/results/result"} {
		if b, err := os.ReadFile(filepath.Join("testdata/kdb", p)); err == nil {
			f.Add(b)
		}
	}
	for _, v := range []value.Value{value.Longs([]int64{1, 2, 3}), value.Str("abc"),
		&value.EnumVec{Domain: "sym", Idx: []int64{1}}, &value.List{Items: []value.Value{value.Long(1), value.Sym("a")}}} {
		b, _ := Marshal(v)
		f.Add(b)
		z, _ := Compress(b, Compression{12, AlgIPC, 0})
		f.Add(z)
		z, _ = Compress(b, Compression{12, AlgGzip, 6})
		f.Add(z)
	}
	comp := func(suffix string) ([]byte, error) {
		return []byte{0x61, 0x62, 0x63, 0x64, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}, nil
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := UnmarshalWith(b, comp)
		Info(b)
		journalItems(b, -1, nil)
		if err != nil {
			return
		}
		if _, ok := v.(*value.List); ok {
			return // nested columns and mixed lists need not marshal flat
		}
		if _, err := Marshal(v); err != nil {
			if _, enum := v.(*value.EnumVec); !enum {
				t.Fatalf("read %T but cannot write it: %v", v, err)
			}
		}
	})
}
