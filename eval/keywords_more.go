package eval

import (
	"crypto/md5"
	"math"
	"os"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// More q keywords: the matrix functions mmu inv lsq, md5, gtime ltime, getenv setenv,
// tables, hsym, reval, fkeys. Each follows its definition in kdb+'s q.k (mmu:$, lsq:!,
// inv:!:, md5:-15!, ltime:%:, gtime:{t+x-%t:x+x-%x}, hsym:"s"$-1!', reval:-24!,
// tables:{."\\a ",$$[^x;`;x]}, fkeys:{(&~^x)#x:.Q.fk'.Q.V x}).

// floatVec returns x's storage when x is a float vector (datetimes are not floats here).
func floatVec(x value.Value) ([]float64, bool) {
	if v, ok := x.(*value.Vec[float64]); ok && v.Typ == value.TFloat {
		return v.S, true
	}
	return nil, false
}

// floatRows returns the rows of x when x is a general list of float vectors; rows may
// be ragged (callers check the lengths they need).
func floatRows(x value.Value) ([][]float64, bool) {
	l, ok := x.(*value.List)
	if !ok {
		return nil, false
	}
	r := make([][]float64, len(l.Items))
	for i, it := range l.Items {
		if r[i], ok = floatVec(it); !ok {
			return nil, false
		}
	}
	return r, true
}

func isFloatVecOrMatrix(x value.Value) bool {
	if _, ok := floatVec(x); ok {
		return true
	}
	l, ok := x.(*value.List)
	if !ok || len(l.Items) == 0 {
		return false
	}
	_, ok = floatRows(x)
	return ok
}

// rectangular checks that every row has n items ('length otherwise).
func rectangular(m [][]float64, n int) {
	for _, row := range m {
		if len(row) != n {
			errLength()
		}
	}
}

// matrixVal wraps rows as a q matrix: a general list of float vectors.
func matrixVal(rows [][]float64) value.Value {
	items := make([]value.Value, len(rows))
	for i, row := range rows {
		items[i] = value.Floats(row)
	}
	return &value.List{Items: items}
}

// newRows allocates an m×n matrix in one block.
func newRows(m, n int) [][]float64 {
	flat := make([]float64, m*n)
	r := make([][]float64, m)
	for i := range r {
		r[i] = flat[i*n : (i+1)*n : (i+1)*n]
	}
	return r
}

// nullRows is the m×n matrix of 0n that a singular system gives.
func nullRows(m, n int) value.Value {
	r := newRows(m, n)
	for _, row := range r {
		for j := range row {
			row[j] = math.NaN()
		}
	}
	return matrixVal(r)
}

// mmu implements x mmu y (and x$y), the matrix or dot product of float vectors and
// matrices; count y must match count x (a vector) or count first x (a matrix):
// 1 2 3f mmu 4 5 6f is 32f. Other types are 'type.
func mmu(x, y value.Value) value.Value {
	xv, xVec := floatVec(x)
	xm, xMat := floatRows(x)
	yv, yVec := floatVec(y)
	ym, yMat := floatRows(y)
	if !xVec && !xMat || !yVec && !yMat {
		errType()
	}
	switch {
	case xVec && yVec:
		if len(xv) != len(yv) {
			errLength()
		}
		s := 0.0
		for i, a := range xv {
			s += a * yv[i]
		}
		return value.Float(s)
	case xVec: // row vector times matrix
		if len(ym) != len(xv) {
			errLength()
		}
		p := 0
		if len(ym) > 0 {
			p = len(ym[0])
		}
		rectangular(ym, p)
		r := make([]float64, p)
		for i, a := range xv {
			for j, b := range ym[i] {
				r[j] += a * b
			}
		}
		return value.Floats(r)
	case yVec: // matrix times column vector
		rectangular(xm, len(yv))
		r := make([]float64, len(xm))
		for i, row := range xm {
			s := 0.0
			for k, a := range row {
				s += a * yv[k]
			}
			r[i] = s
		}
		return value.Floats(r)
	}
	rectangular(xm, len(ym))
	p := 0
	if len(ym) > 0 {
		p = len(ym[0])
	}
	rectangular(ym, p)
	r := newRows(len(xm), p)
	for i, row := range xm {
		ri := r[i]
		for k, a := range row { // i-k-j order walks y and r by rows
			for j, b := range ym[k] {
				ri[j] += a * b
			}
		}
	}
	return matrixVal(r)
}

// inv implements inv x, the inverse of a square float matrix by LU decomposition with
// partial pivoting (as kdb+ since 3.6): inv 2 2#4 7 2 6f is (0.6 -0.7;-0.2 0.4).
// A singular matrix gives a matrix of 0n.
func inv(x value.Value) value.Value {
	m, ok := floatRows(x)
	if !ok {
		errType()
	}
	n := len(m)
	rectangular(m, n)
	a := newRows(n, n)
	for i, row := range m {
		copy(a[i], row)
	}
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	for k := 0; k < n; k++ {
		p, big := k, math.Abs(a[k][k])
		for i := k + 1; i < n; i++ {
			if v := math.Abs(a[i][k]); v > big {
				p, big = i, v
			}
		}
		if big == 0 || math.IsNaN(big) {
			return nullRows(n, n)
		}
		a[k], a[p] = a[p], a[k]
		perm[k], perm[p] = perm[p], perm[k]
		piv := a[k][k]
		for i := k + 1; i < n; i++ {
			f := a[i][k] / piv
			a[i][k] = f
			if f == 0 {
				continue
			}
			ai, ak := a[i], a[k]
			for j := k + 1; j < n; j++ {
				ai[j] -= f * ak[j]
			}
		}
	}
	// solve LU col = e_perm for each column of the inverse
	r := newRows(n, n)
	col := make([]float64, n)
	for c := 0; c < n; c++ {
		for i := range col {
			col[i] = 0
			if perm[i] == c {
				col[i] = 1
			}
		}
		for i := 0; i < n; i++ {
			s := col[i]
			for k, l := range a[i][:i] {
				s -= l * col[k]
			}
			col[i] = s
		}
		for i := n - 1; i >= 0; i-- {
			s := col[i]
			for k := i + 1; k < n; k++ {
				s -= a[i][k] * col[k]
			}
			col[i] = s / a[i][i]
		}
		for i := 0; i < n; i++ {
			r[i][c] = col[i]
		}
	}
	return matrixVal(r)
}

// lsq implements x lsq y, the least-squares solution r of x = r mmu y for float
// matrices with as many columns, by Cholesky decomposition of the normal equations
// (r mmu y mmu flip y) = x mmu flip y. A rank-deficient y gives a matrix of 0n.
func lsq(x, y value.Value) value.Value {
	xm, ok1 := floatRows(x)
	ym, ok2 := floatRows(y)
	if !ok1 || !ok2 {
		errType()
	}
	n := 0
	if len(ym) > 0 {
		n = len(ym[0])
	}
	rectangular(ym, n)
	rectangular(xm, n)
	k := len(ym)
	// a = y mmu flip y (k×k), b = x mmu flip y (m×k)
	a := newRows(k, k)
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			a[i][j] = dotF(ym[i], ym[j])
		}
	}
	b := newRows(len(xm), k)
	for i, row := range xm {
		for j := 0; j < k; j++ {
			b[i][j] = dotF(row, ym[j])
		}
	}
	// a = l mmu flip l, l lower triangular, in place
	for j := 0; j < k; j++ {
		d := a[j][j] - dotF(a[j][:j], a[j][:j])
		if !(d > 0) {
			return nullRows(len(xm), k)
		}
		d = math.Sqrt(d)
		a[j][j] = d
		for i := j + 1; i < k; i++ {
			a[i][j] = (a[i][j] - dotF(a[i][:j], a[j][:j])) / d
		}
	}
	for _, r := range b { // solve l z = r, then (flip l) r = z
		for i := 0; i < k; i++ {
			r[i] = (r[i] - dotF(a[i][:i], r[:i])) / a[i][i]
		}
		for i := k - 1; i >= 0; i-- {
			s := r[i]
			for j := i + 1; j < k; j++ {
				s -= a[j][i] * r[j]
			}
			r[i] = s / a[i][i]
		}
	}
	return matrixVal(b)
}

func dotF(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// md5v implements md5 x, the MD5 digest of a string as 16 bytes:
// md5 "" is 0xd41d8cd98f00b204e9800998ecf8427e.
func md5v(x value.Value) value.Value {
	var b []byte
	switch v := x.(type) {
	case *value.Vec[byte]:
		if v.Typ != value.TChar {
			errType()
		}
		b = v.S
	case *value.List:
		if len(v.Items) != 0 {
			errType()
		}
	default:
		errType()
	}
	h := md5.Sum(b)
	return value.Bytes(h[:])
}

// Seconds from 1970.01.01 to 2000.01.01, q's epoch.
const unixTo2000 = 946684800

// zoneCache remembers the local offset of the last zone period looked up: a vector of
// times is mostly in one period, so most items skip time.Time.Zone.
type zoneCache struct {
	lo, hi int64 // unix seconds [lo,hi) of the period; lo>hi when empty
	off    int64 // offset east of UTC in seconds
}

func (z *zoneCache) offset(unix int64) int64 {
	if unix >= z.lo && unix < z.hi {
		return z.off
	}
	t := time.Unix(unix, 0).In(time.Local)
	_, off := t.Zone()
	z.off = int64(off)
	z.lo, z.hi = math.MinInt64, math.MaxInt64
	if s, e := t.ZoneBounds(); !s.IsZero() || !e.IsZero() {
		if !s.IsZero() {
			z.lo = s.Unix()
		}
		if !e.IsZero() {
			z.hi = e.Unix()
		}
	}
	return z.off
}

// ltime implements ltime x, the local time of a UTC timestamp or datetime in the
// machine's time zone. As in kdb+ it is %: (reciprocal), so other arguments get their
// reciprocal: ltime 4 is 0.25. Nulls and infinities stay.
func ltime(x value.Value) value.Value {
	return atomic1(x, func(x value.Value) value.Value {
		z := zoneCache{lo: 1, hi: 0}
		switch v := x.(type) {
		case value.Timestamp:
			return value.Timestamp(ltimeNs(int64(v), &z))
		case value.Datetime:
			return value.Datetime(ltimeDays(float64(v), &z))
		case *value.Vec[int64]:
			if v.Typ == value.TTimestamp {
				r := make([]int64, len(v.S))
				for i, e := range v.S {
					r[i] = ltimeNs(e, &z)
				}
				return value.NewVec(value.TTimestamp, r)
			}
		case *value.Vec[float64]:
			if v.Typ == value.TDatetime {
				r := make([]float64, len(v.S))
				for i, e := range v.S {
					r[i] = ltimeDays(e, &z)
				}
				return value.NewVec(value.TDatetime, r)
			}
		}
		return reciprocal(x)
	})
}

// ltimeNs moves a timestamp (ns since 2000) to local time.
func ltimeNs(ns int64, z *zoneCache) int64 {
	if ns == value.NullLong || ns == math.MaxInt64 || ns == -math.MaxInt64 {
		return ns
	}
	sec := ns / 1e9
	if ns%1e9 < 0 {
		sec--
	}
	return ns + z.offset(sec+unixTo2000)*1e9
}

// ltimeDays moves a datetime (days since 2000) to local time.
func ltimeDays(d float64, z *zoneCache) float64 {
	if math.IsNaN(d) || math.IsInf(d, 0) || math.Abs(d) > 1e8 {
		return d
	}
	sec := int64(math.Floor(d * 86400))
	return d + float64(z.offset(sec+unixTo2000))/86400
}

// gtime implements gtime x, the UTC time of a local timestamp or datetime, exactly as
// q.k defines it from ltime, {t+x-ltime t:x+x-ltime x}, which is right on both sides
// of a daylight-saving change.
func gtime(x value.Value) value.Value {
	t := plus(x, minus(x, ltime(x)))
	return plus(t, minus(x, ltime(t)))
}

// getenv implements getenv x, the value of environment variable x, "" when unset:
// getenv`HOME is "/root".
func getenv(x value.Value) value.Value {
	s, ok := x.(value.Sym)
	if !ok {
		errType()
	}
	return value.Str(os.Getenv(string(s)))
}

// setenv implements x setenv y, setting environment variable x to the string y:
// `RTMP setenv "/tmp". It returns the generic null.
func setenv(x, y value.Value) value.Value {
	s, ok := x.(value.Sym)
	if !ok {
		errType()
	}
	v, ok := qStringArg(y)
	if _, atom := y.(value.Char); !ok || atom {
		errType()
	}
	os.Setenv(string(s), v) // kdb+ reports nothing when the OS refuses a name
	return nullVal
}

// hsymKw implements hsym x, "s"$-1!'x: each symbol gets a leading colon unless it has
// one: hsym`a`:b is `:a`:b.
func hsymKw(x value.Value) value.Value {
	l, ok := x.(*value.List)
	if !ok {
		return hsym(x)
	}
	items := make([]value.Value, len(l.Items))
	syms := make([]string, len(l.Items))
	allSym := true
	for i, it := range l.Items {
		items[i] = hsym(it)
		if s, ok := items[i].(value.Sym); ok {
			syms[i] = string(s)
		} else {
			allSym = false
		}
	}
	if allSym { // "s"$ makes a list of symbol atoms (and ()) a symbol vector
		return value.Syms(syms)
	}
	return &value.List{Items: items}
}

// tables implements tables x, the sorted names of the tables in namespace x, as \a
// does: tables[] (the current namespace), tables`. (the root), tables`.work.
func (ip *Interp) tables(x value.Value) value.Value {
	arg := ""
	switch v := x.(type) {
	case value.Sym:
		arg = string(v)
	default:
		if x != nullVal {
			errType()
		}
	}
	r, _ := ip.system("a "+arg, false)
	if r == nil {
		return value.Syms(nil)
	}
	return r
}

// fkeys implements fkeys t, the foreign-key columns of t mapped to their tables: the
// columns whose f in meta t is not null. A table without any gives an empty
// dictionary, which shows as nothing.
func fkeys(x value.Value) value.Value {
	var cs, fs []string
	if m, ok := meta(x).(*value.Dict); ok {
		kt, ok1 := m.K.(*value.Table)
		vt, ok2 := m.V.(*value.Table)
		if ok1 && ok2 && len(kt.Data) > 0 {
			c, ok1 := kt.Data[0].(*value.Vec[string])
			f, ok2 := vt.Col("f").(*value.Vec[string])
			if ok1 && ok2 {
				for i, d := range f.S {
					if d != "" {
						cs = append(cs, c.S[i])
						fs = append(fs, d)
					}
				}
			}
		}
	}
	return &value.Dict{K: value.Syms(cs), V: value.Syms(fs)}
}

// reval implements reval x (-24!x): eval x as if the process ran with -b, so that an
// update of a global signals 'noupdate: `. `a and exit is blocked ('access).
func (ip *Interp) reval(x value.Value) value.Value {
	ip.readOnly++
	defer func() { ip.readOnly-- }()
	return ip.evalTree(x)
}

// viewText implements view x: the expression that defines the view named x
// (v::2+a*3; view`v is "2+a*3").
func (ip *Interp) viewText(x value.Value) value.Value {
	s, ok := x.(value.Sym)
	if !ok {
		errType()
	}
	nsName, vn := splitName(string(s), ip.cur.name)
	if n := ip.ns(nsName, false); n != nil {
		if vw, ok := n.vars[vn].(*view); ok {
			return value.Str(vw.src)
		}
	}
	signal(string(s))
	return nil
}

func fkeysKw(ip *Interp, x value.Value) value.Value { return fkeys(ip.tableByName(x)) }

// viewsKw is views[], `s#`v`w.
func viewsKw(ip *Interp, _ value.Value) value.Value {
	v, _ := ip.system("b", false)
	return setAttr("s", v)
}
