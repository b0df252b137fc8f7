package eval

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/gq-dev/gq/eval/value"
)

// The one-pass group aggregates must give what the phrase evaluated per group gives:
// each query is run as written (fast path) and with the aggregate wrapped in a lambda
// (which the fast path does not recognise), on data with nulls and a where phrase.
func TestGroupAggMatchesPerGroup(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	setup := []string{
		"n:2000",
		"t:([]s:n?`a`b`c`d`e;k:n?3;l:@[n?100;n?n;:;0N];f:@[n?10.0;n?n;:;0n];j:n?0N 0N 5;z:n?0n 0n;e:n?`x`y;c:n?\"abc\")",
		"t:update j:0N from t where s=`e",
		"t:update z:0n from t where s=`d",
	}
	for _, s := range setup {
		if _, err := ip.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	for _, agg := range []string{"sum", "count", "avg", "min", "max", "first", "last"} {
		for _, col := range []string{"l", "f", "j", "z", "e", "c", "k"} {
			for _, tail := range []string{"by s from t", "by s,k from t", "by s from t where f>2", "by k from t where s in `a`e"} {
				fast := "select " + agg + " " + col + " " + tail
				slow := "select " + col + ":{" + agg + " x} " + col + " " + tail
				_, ef := ip.Exec(fast)
				_, es := ip.Exec(slow)
				if ef != nil || es != nil { // the same error both ways
					if ef == nil || es == nil || ef.Error() != es.Error() {
						t.Errorf("%s: %v; per group: %v", fast, ef, es)
					}
					continue
				}
				q := "(" + fast + ")~" + slow
				got, err := ip.Exec(q)
				if err != nil || got != "1b\n" {
					f, _ := ip.Exec(fast)
					s, _ := ip.Exec(slow)
					t.Errorf("%s: %q %v\nfast:\n%s\nslow:\n%s", q, got, err, f, s)
				}
			}
		}
	}
	// exec by, select by with no phrases, fby, update by and update where
	for _, q := range []string{
		"(exec (sum;l) fby s from t)~exec ({sum x};l) fby s from t",
		"(exec (max;f) fby s from t)~exec ({max x};f) fby s from t",
		"(exec (avg;j) fby s from t)~exec ({avg x};j) fby s from t",
		"(exec (first;e) fby ([]s;k) from t)~exec ({first x};e) fby ([]s;k) from t",
		"(exec (count;c) fby k from t)~exec ({count x};c) fby k from t",
		"(select from t where l=(max;l) fby s)~select from t where l=({max x};l) fby s",
		"(update m:sum l by s from t)~update m:{sum x} l by s from t",
		"(update m:max f by s,k from t where l>5)~update m:{max x} f by s,k from t where l>5",
		"(exec l from (update l:0 from t where s=`a))~exec ?[s=`a;0;l] from t",
		"(exec n from (update n:1b from t where s=`a))~exec s=`a from t",
		"(exec m from (update m:1 from t where s=`a))~exec ?[s=`a;1;0N] from t",
		"(update e:`zz from t where s=`a)~update e:{x} `zz from t where s=`a",
		"(exec sum l by s from t)~exec {sum x} l by s from t",
		"(select by s from t)~select k:last k,l:last l,f:last f,j:last j,z:last z,e:last e,c:last c by s from t",
	} {
		if got, err := ip.Exec(q); err != nil || got != "1b\n" {
			t.Errorf("%s: %q %v", q, got, err)
		}
	}
}

func TestGroupCountI(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	for q, want := range map[string]string{
		"select count i by s from ([]s:`b`a`b`c`b)":          "s| x\n-| -\na| 1\nb| 3\nc| 1\n",
		"select n:count i by s from ([]s:`b`a`b;i:10 20 30)": "s| n\n-| -\na| 1\nb| 2\n",
	} {
		if got, err := ip.Exec(q); err != nil || got != want {
			t.Errorf("%s: %q %v, want %q", q, got, err, want)
		}
	}
}

func TestSelectDistinctRows(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	if _, err := ip.Exec("t:([]a:1000?3;b:1000?`x`y;c:1000?2.0 3.5;d:1000?(\"ab\";\"c\"))"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"(select distinct from t)~distinct t",
		"(select distinct a,b from t)~distinct select a,b from t",
		"(select distinct d from t)~distinct select d from t",
	} {
		got, err := ip.Exec(q)
		if err != nil || got != "1b\n" {
			t.Errorf("%s: %q %v", q, got, err)
		}
	}
}

// The symbol kernels agree with the general ones on shared, fresh and empty strings.
func TestSymKernels(t *testing.T) {
	base := []string{"a", "bb", "", "a", "c", "bb", ""}
	var xs []string
	for i := 0; i < 300; i++ {
		s := base[i%len(base)]
		if i%3 == 0 {
			s = strings.Clone(s)
		}
		if i%11 == 0 {
			s = s + "x"
		}
		xs = append(xs, s)
	}
	ng, ids := symGroup(xs)
	ng2, ids2 := groupIdx(value.Syms(xs))
	if ng != ng2 || !slices.Equal(ids, ids2) {
		t.Errorf("symGroup: %d %v, groupIdx: %d %v", ng, ids, ng2, ids2)
	}
	keys := []string{"c", "", "a", "zz", "a"}
	if got, want := symFind(keys, xs), findIdx(value.Syms(keys), value.Syms(xs)); !slices.Equal(got, want) {
		t.Errorf("symFind: %v, findIdx: %v", got, want)
	}
}

// aj against a brute-force search, with t in time order and shuffled.
func TestAsofJoinBruteForce(t *testing.T) {
	var out bytes.Buffer
	ip := New(&out, &out)
	for _, s := range []string{
		"n:3000;syms:`a`b`c`d`e",
		"qt:([]sym:n?syms;time:asc n?1000;px:til n)",
		"tr1:([]sym:n?`a`b`c`d`e`f;time:asc n?1100)",
		"tr2:([]sym:n?`a`b`c`d`e`f;time:n?1100)",
	} {
		if _, err := ip.Exec(s); err != nil {
			t.Fatal(s, err)
		}
	}
	ev := func(s string) value.Value {
		v, err := ip.EvalString(s)
		if err != nil {
			t.Fatal(s, err)
		}
		return v
	}
	qs := ev("qt`sym").(*value.Vec[string]).S
	qtm := ev("qt`time").(*value.Vec[int64]).S
	for _, tr := range []string{"tr1", "tr2"} {
		ts := ev(tr + "`sym").(*value.Vec[string]).S
		ttm := ev(tr + "`time").(*value.Vec[int64]).S
		got := ev("exec px from aj[`sym`time;" + tr + ";qt]").(*value.Vec[int64]).S
		for i := range ts {
			want := value.NullLong
			for j := range qs {
				if qs[j] == ts[i] && qtm[j] <= ttm[i] {
					want = int64(j)
				}
			}
			if got[i] != want {
				t.Fatalf("%s row %d: got %d want %d", tr, i, got[i], want)
			}
		}
	}
}
