package store

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// Partition is one partition directory of a partitioned database: its name, where it
// is (a par.txt segment may hold it) and its value (a date, month, year or int atom:
// the virtual partition column).
type Partition struct {
	Name  string
	Dir   string
	Value value.Value
}

// Partition kinds, as .Q.pf names them.
const (
	PartDate  = "date"
	PartMonth = "month"
	PartYear  = "year"
	PartInt   = "int"
)

// Partitions lists the partitions of the database in db, sorted by value (.Q.pv), and
// their kind (.Q.pf). With a par.txt, the partitions are those of each segment it
// names (one directory per line, relative to db unless absolute). Directories whose
// names are not partition values (the sym file's neighbours, say) are skipped; ""
// kind means db is not partitioned.
func Partitions(db string) ([]Partition, string, error) {
	dirs := []string{db}
	if b, err := os.ReadFile(filepath.Join(db, "par.txt")); err == nil {
		dirs = dirs[:0]
		for _, l := range strings.Split(string(b), "\n") {
			l = strings.TrimSpace(l)
			if l == "" {
				continue
			}
			if !filepath.IsAbs(l) {
				l = filepath.Join(db, l)
			}
			dirs = append(dirs, l)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, "", withPath(err, filepath.Join(db, "par.txt"))
	}
	var names []string
	at := map[string]string{}
	for _, d := range dirs {
		es, err := os.ReadDir(d)
		if err != nil {
			return nil, "", withPath(err, d)
		}
		for _, e := range es {
			if e.IsDir() {
				if _, dup := at[e.Name()]; !dup {
					names = append(names, e.Name())
				}
				at[e.Name()] = filepath.Join(d, e.Name())
			}
		}
	}
	kind := ""
	for _, k := range []string{PartDate, PartMonth, PartYear, PartInt} {
		n := 0
		for _, nm := range names {
			if partValue(k, nm) != nil {
				n++
			}
		}
		if n > 0 {
			kind = k
			break
		}
	}
	var ps []Partition
	for _, nm := range names {
		if v := partValue(kind, nm); v != nil {
			ps = append(ps, Partition{Name: nm, Dir: at[nm], Value: v})
		}
	}
	sort.Slice(ps, func(i, j int) bool { return partKey(ps[i].Value) < partKey(ps[j].Value) })
	return ps, kind, nil
}

func partKey(v value.Value) int64 {
	switch x := v.(type) {
	case value.Date:
		return int64(x)
	case value.Month:
		return int64(x)
	case value.Int:
		return int64(x)
	}
	return 0
}

// partValue parses a partition directory name of kind k, nil when it is not one.
// Years are 4-digit names; an int partition is any other run of digits.
func partValue(k, name string) value.Value {
	num := func(s string) (int64, bool) {
		if s == "" {
			return 0, false
		}
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		n, err := strconv.ParseInt(s, 10, 32)
		return n, err == nil
	}
	switch k {
	case PartDate:
		p := strings.Split(name, ".")
		if len(p) != 3 || len(p[0]) != 4 || len(p[1]) != 2 || len(p[2]) != 2 {
			return nil
		}
		y, ok1 := num(p[0])
		m, ok2 := num(p[1])
		d, ok3 := num(p[2])
		if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
			return nil
		}
		days := value.YMDToDays(y, m, d)
		if yy, mm, dd := value.DaysToYMD(days); yy != y || mm != m || dd != d {
			return nil // 2015.02.30
		}
		return value.Date(days)
	case PartMonth:
		p := strings.Split(name, ".")
		if len(p) != 2 || len(p[0]) != 4 || len(p[1]) != 2 {
			return nil
		}
		y, ok1 := num(p[0])
		m, ok2 := num(p[1])
		if !ok1 || !ok2 || m < 1 || m > 12 {
			return nil
		}
		return value.Month(int32((y-2000)*12 + m - 1))
	case PartYear:
		if len(name) != 4 {
			return nil
		}
		if y, ok := num(name); ok {
			return value.Int(int32(y))
		}
	case PartInt:
		if n, ok := num(name); ok {
			return value.Int(int32(n))
		}
	}
	return nil
}

// PartitionTables lists the tables of one partition directory: its subdirectories
// holding a .d file, sorted.
func PartitionTables(dir string) ([]string, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil, withPath(err, dir)
	}
	var ts []string
	for _, e := range es {
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, e.Name(), ".d")); err == nil {
			ts = append(ts, e.Name())
		}
	}
	sort.Strings(ts)
	return ts, nil
}

// Enumerate gives the indices of syms in domain, extending domain with the symbols it
// lacks in order of first appearance ($ on a domain's name, .Q.en's step). domain is
// not modified; the result shares its prefix.
func Enumerate(domain, syms []string) (newDomain []string, idx []int64) {
	pos := make(map[string]int64, len(domain))
	for i, s := range domain {
		if _, ok := pos[s]; !ok {
			pos[s] = int64(i)
		}
	}
	newDomain = domain[:len(domain):len(domain)]
	idx = make([]int64, len(syms))
	for i, s := range syms {
		p, ok := pos[s]
		if !ok {
			p = int64(len(newDomain))
			pos[s] = p
			newDomain = append(newDomain, s)
		}
		idx[i] = p
	}
	return newDomain, idx
}

// EnumerateFile enumerates syms against the domain file at path (the db's sym file),
// appending the new symbols to the file (it is created when missing), and returns the
// whole domain and the indices: .Q.en for one column. Callers serialize access.
func EnumerateFile(path string, syms []string) ([]string, []int64, error) {
	var domain []string
	v, err := ReadFile(path)
	switch {
	case err == nil:
		s, ok := v.(*value.Vec[string])
		if !ok {
			return nil, nil, &Error{Path: path, Msg: "type: the enumeration domain is not a symbol list"}
		}
		domain = s.S
	case errors.Is(err, os.ErrNotExist):
	default:
		return nil, nil, err
	}
	dom, idx := Enumerate(domain, syms)
	if len(dom) > len(domain) {
		if domain == nil {
			err = WriteFile(path, value.Syms(dom), nil)
		} else {
			err = AppendFile(path, value.Syms(dom[len(domain):]))
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return dom, idx, nil
}
