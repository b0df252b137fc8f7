package value

import "testing"

func TestYMD(t *testing.T) {
	for _, c := range []struct{ d, y, m, dd int64 }{{0, 2000, 1, 1}, {-1, 1999, 12, 31}, {59, 2000, 2, 29}, {-730119, 1, 1, 1}} {
		y, m, dd := DaysToYMD(c.d)
		if y != c.y || m != c.m || dd != c.dd {
			t.Errorf("%d: %d %d %d", c.d, y, m, dd)
		}
		if YMDToDays(c.y, c.m, c.dd) != c.d {
			t.Errorf("back %d", c.d)
		}
	}
	if NewList([]Value{Long(1), Long(2)}).Type() != TLong {
		t.Error("collapse")
	}
}
