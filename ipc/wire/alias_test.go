package wire

import (
	"testing"
	"unsafe"

	"github.com/gq-dev/gq/eval/value"
)

// BigVectorAt finds the items of the first vector of at least AliasMin bytes through
// lists, dictionaries and tables, from a prefix of the message.
func TestBigVectorAt(t *testing.T) {
	big := value.Longs(make([]int64, AliasMin/8))
	small := value.Longs(make([]int64, 10))
	cases := []struct {
		name string
		v    value.Value
		want int // -1: none
	}{
		{"vector", big, HeaderLen + 6},
		{"(`sum;v)", &value.List{Items: []value.Value{value.Sym("sum"), big}}, HeaderLen + 6 + 5 + 6},
		{"small", &value.List{Items: []value.Value{value.Sym("sum"), small}}, -1},
		{"table", value.NewTable([]string{"a", "b"}, []value.Value{value.Syms([]string{"x"}), big}),
			HeaderLen + 3 + (6 + 4) + 6 + (6 + 2) + 6},
		{"after small", &value.List{Items: []value.Value{small, value.Long(1), big}}, HeaderLen + 6 + (6 + 80) + 9 + 6},
		{"function first", &value.List{Items: []value.Value{&value.Lambda{Src: "{x}"}, big}}, -1},
	}
	for _, c := range cases {
		m, err := AppendMessage(nil, Sync, c.v)
		if err != nil {
			t.Fatal(err)
		}
		if got := BigVectorAt(m[:min(len(m), 1<<16)], true); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
		for n := range min(len(m), 200) { // any prefix: no panic, never a wrong answer
			if got := BigVectorAt(m[:n], true); got != -1 && got != c.want {
				t.Errorf("%s[:%d]: %d", c.name, n, got)
			}
		}
	}
}

// With Alias a large aligned vector is a view of the message; misaligned or small
// ones are copies; the values are the same either way.
func TestDecodeAlias(t *testing.T) {
	v := make([]int64, AliasMin/8)
	for i := range v {
		v[i] = int64(i)
	}
	m, err := AppendMessage(nil, Sync, value.Longs(v))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, len(m)+8)
	for pad := range 8 {
		b := buf[pad : pad+len(m)]
		copy(b, m)
		got, err := Decoder{Alias: true}.DecodeBody(b[HeaderLen:], true)
		if err != nil {
			t.Fatal(err)
		}
		s := got.(*value.Vec[int64]).S
		for i := range s {
			if s[i] != v[i] {
				t.Fatalf("pad %d: item %d is %d", pad, i, s[i])
			}
		}
		inside := unsafe.SliceData(s) == (*int64)(unsafe.Pointer(&b[HeaderLen+6]))
		aligned := uintptr(unsafe.Pointer(&b[HeaderLen+6]))%8 == 0
		if inside != aligned {
			t.Errorf("pad %d: in place %v, aligned %v", pad, inside, aligned)
		}
		if cap(s) != len(s) {
			t.Errorf("pad %d: cap %d", pad, cap(s))
		}
	}
	got, _ := Decoder{}.DecodeBody(m[HeaderLen:], true) // without Alias: always a copy
	if unsafe.SliceData(got.(*value.Vec[int64]).S) == (*int64)(unsafe.Pointer(&m[HeaderLen+6])) {
		t.Error("decoded in place without Alias")
	}
}
