package eval

import (
	"math"
	"time"

	"github.com/gq-dev/gq/eval/value"
)

// Temporal casts and component extraction. Each temporal type is either date-like
// (timestamp, month, date, datetime: a point on the calendar) or time-like (timespan,
// minute, second, time: a duration or time of day). Casts between them convert the
// meaning, not the bits: `date$ of a timestamp floors to its day, `minute$ of a
// timestamp takes its time of day.

// nsPer gives nanoseconds per unit of the time-like types.
func nsPer(t value.Type) int64 {
	switch t {
	case value.TMinute:
		return 60 * value.NsPerSec
	case value.TSecond:
		return value.NsPerSec
	case value.TTime:
		return 1000000
	}
	return 1
}

func isTemporalType(t value.Type) bool { return t >= value.TTimestamp && t <= value.TTime }

// tcls is what a temporal item means once decoded: ns since 2000.01.01 for calendar
// points, ns for durations; null and the two infinities travel as flags.
type tcls int8

const (
	tcFinite tcls = iota
	tcNull
	tcInf
	tcNinf
)

// temporalCast converts vector v (temporal type) to temporal type t.
func temporalCast(v value.Value, t value.Type) value.Value {
	s := v.Type()
	n := value.Len(v)
	srcDate := s == value.TTimestamp || s == value.TMonth || s == value.TDate || s == value.TDatetime
	dstDate := t == value.TTimestamp || t == value.TMonth || t == value.TDate || t == value.TDatetime
	// Month and date carry no time of day; time-like values are not calendar points,
	// except a timespan read as a timestamp (same bits, kdb+ allows it).
	if !srcDate && dstDate && !(s == value.TTimespan && t == value.TTimestamp) {
		errType()
	}
	if srcDate && !dstDate && (s == value.TMonth || s == value.TDate) {
		errType()
	}
	if s == value.TTimespan && t == value.TTimestamp {
		r := v.(*value.Vec[int64])
		return value.NewVec(t, r.S)
	}
	// Month to and from the others goes through whole months, not ns.
	if t == value.TMonth && s == value.TDate {
		// The common case in one loop: whole days to whole months.
		d := v.(*value.Vec[int32]).S
		r := make([]int32, n)
		for i, e := range d {
			if c := class32(e); c != tcFinite {
				r[i] = clamp32(c, 0)
				continue
			}
			y, m, _ := value.DaysToYMD(int64(e))
			r[i] = int32((y-2000)*12 + m - 1)
		}
		return value.NewVec(value.TMonth, r)
	}
	if t == value.TMonth {
		dv := decodeDays(v)
		r := make([]int32, n)
		for i := range r {
			c, days := dv.c[i], dv.x[i]
			switch c {
			case tcNull:
				r[i] = value.NullInt
			case tcInf:
				r[i] = value.InfInt
			case tcNinf:
				r[i] = -value.InfInt
			default:
				y, m, _ := value.DaysToYMD(days)
				r[i] = int32((y-2000)*12 + m - 1)
			}
		}
		return value.NewVec(value.TMonth, r)
	}
	if t == value.TDate {
		dv := decodeDays(v)
		r := make([]int32, n)
		for i := range r {
			c, days := dv.c[i], dv.x[i]
			r[i] = clamp32(c, days)
		}
		return value.NewVec(value.TDate, r)
	}
	switch t {
	case value.TDatetime:
		r := make([]float64, n)
		if s == value.TDate || s == value.TMonth {
			dv := decodeDays(v)
			for i := range r {
				r[i] = floatOf(dv.c[i], float64(dv.x[i]))
			}
		} else {
			nv := decodeNs(v)
			for i := range r {
				r[i] = floatOf(nv.c[i], float64(nv.x[i])/float64(value.NsPerDay))
			}
		}
		return value.NewVec(value.TDatetime, r)
	case value.TTimestamp, value.TTimespan:
		nv := decodeNs(v)
		r := make([]int64, n)
		for i := range r {
			c, ns := nv.c[i], nv.x[i]
			switch c {
			case tcNull:
				r[i] = value.NullLong
			case tcInf:
				r[i] = value.InfLong
			case tcNinf:
				r[i] = -value.InfLong
			default:
				if t == value.TTimespan && srcDate {
					ns = tFloorMod(ns, value.NsPerDay) // `timespan$ of a timestamp is its time of day
				}
				r[i] = ns
			}
		}
		return value.NewVec(t, r)
	}
	// Minute, second, time: time of day for calendar points, whole units otherwise.
	u := nsPer(t)
	nv := decodeNs(v)
	r := make([]int32, n)
	for i := range r {
		c, ns := nv.c[i], nv.x[i]
		if c == tcFinite {
			if srcDate {
				ns = tFloorMod(ns, value.NsPerDay)
			}
			q := ns / u
			if ns < 0 && ns%u != 0 {
				q-- // floor, so -1ms is 23:59:59.999 before midnight's second
			}
			r[i] = clamp32(c, q)
		} else {
			r[i] = clamp32(c, 0)
		}
	}
	return value.NewVec(t, r)
}

func tFloorMod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

func tFloorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floatOf(c tcls, f float64) float64 {
	switch c {
	case tcNull:
		return math.NaN()
	case tcInf:
		return math.Inf(1)
	case tcNinf:
		return math.Inf(-1)
	}
	return f
}

// clamp32 stores an int64 result in an int32 temporal slot: null and infinities map
// to their int32 forms, finite values saturate at the infinities.
func clamp32(c tcls, x int64) int32 {
	switch c {
	case tcNull:
		return value.NullInt
	case tcInf:
		return value.InfInt
	case tcNinf:
		return -value.InfInt
	}
	if x >= int64(value.InfInt) {
		return value.InfInt
	}
	if x <= -int64(value.InfInt) {
		return -value.InfInt
	}
	return int32(x)
}

// class32 / class64 classify a raw item.
func class32(x int32) tcls {
	switch x {
	case value.NullInt:
		return tcNull
	case value.InfInt:
		return tcInf
	case -value.InfInt:
		return tcNinf
	}
	return tcFinite
}

func class64(x int64) tcls {
	switch x {
	case value.NullLong:
		return tcNull
	case value.InfLong:
		return tcInf
	case -value.InfLong:
		return tcNinf
	}
	return tcFinite
}

func classF(x float64) tcls {
	switch {
	case x != x:
		return tcNull
	case math.IsInf(x, 1):
		return tcInf
	case math.IsInf(x, -1):
		return tcNinf
	}
	return tcFinite
}

// tvals is a temporal vector decoded once: a class and a value per item.
type tvals struct {
	c []tcls
	x []int64
}

// decodeDays reads a calendar vector as whole days since 2000.01.01.
func decodeDays(v value.Value) tvals {
	n := value.Len(v)
	r := tvals{make([]tcls, n), make([]int64, n)}
	switch x := v.(type) {
	case *value.Vec[int32]:
		month := x.Typ == value.TMonth
		for i, e := range x.S {
			if r.c[i] = class32(e); r.c[i] != tcFinite {
				continue
			}
			if month {
				y := tFloorDiv(int64(e), 12)
				r.x[i] = value.YMDToDays(2000+y, int64(e)-12*y+1, 1)
			} else {
				r.x[i] = int64(e)
			}
		}
	case *value.Vec[int64]:
		for i, e := range x.S {
			r.c[i], r.x[i] = class64(e), tFloorDiv(e, value.NsPerDay)
		}
	case *value.Vec[float64]:
		for i, e := range x.S {
			if r.c[i] = classF(e); r.c[i] == tcFinite {
				r.x[i] = int64(math.Floor(e + 1e-10)) // datetime stores ms-rounded fractions
			}
		}
	default:
		errType()
	}
	return r
}

// decodeNs reads any temporal vector in ns (since 2000.01.01 for calendar points).
// Out-of-range results saturate at the infinities, as `timestamp$1666.09.02 is -0Wp.
func decodeNs(v value.Value) tvals {
	n := value.Len(v)
	switch x := v.(type) {
	case *value.Vec[int32]:
		if x.Typ == value.TMonth || x.Typ == value.TDate {
			r := decodeDays(v)
			for i := range r.x {
				if r.c[i] == tcFinite {
					r.c[i], r.x[i] = satMul(r.x[i], value.NsPerDay)
				}
			}
			return r
		}
		r := tvals{make([]tcls, n), make([]int64, n)}
		unit := nsPer(x.Typ)
		for i, e := range x.S {
			if r.c[i] = class32(e); r.c[i] == tcFinite {
				r.x[i] = int64(e) * unit
			}
		}
		return r
	case *value.Vec[int64]:
		r := tvals{make([]tcls, n), x.S}
		for i, e := range x.S {
			r.c[i] = class64(e)
		}
		return r
	case *value.Vec[float64]:
		r := tvals{make([]tcls, n), make([]int64, n)}
		for i, e := range x.S {
			if r.c[i] = classF(e); r.c[i] != tcFinite {
				continue
			}
			f := math.Round(e * float64(value.NsPerDay))
			switch {
			case f >= math.MaxInt64:
				r.c[i] = tcInf
			case f <= -math.MaxInt64:
				r.c[i] = tcNinf
			default:
				// datetime holds ms precision; round to the ms so .123 stays .123000000
				r.x[i] = int64(math.Round(e*86400000)) * 1000000
			}
		}
		return r
	}
	errType()
	return tvals{}
}

func satMul(a, b int64) (tcls, int64) {
	if a != 0 && (a > math.MaxInt64/b || a < -math.MaxInt64/b) {
		if a > 0 {
			return tcInf, 0
		}
		return tcNinf, 0
	}
	return tcFinite, a * b
}

// partNames are the component extractors of x$y with a symbol x.
var partNames = map[string]bool{"year": true, "mm": true, "dd": true, "hh": true, "uu": true, "ss": true, "week": true}

// temporalPart implements `year`mm`dd`hh`uu`ss`week$y on a temporal vector: ints,
// except week which is the date of the Monday starting y's week.
func temporalPart(part string, v value.Value) value.Value {
	s := v.Type()
	n := value.Len(v)
	calendar := s == value.TTimestamp || s == value.TMonth || s == value.TDate || s == value.TDatetime
	if part == "mm" && !calendar {
		part = "uu" // a time's mm is its minute: ti.mm is 34 for 12:34:56.789
	}
	switch part {
	case "year", "mm", "dd", "week":
		if !calendar || (s == value.TMonth && (part == "dd" || part == "week")) {
			errType()
		}
	default:
		if s == value.TMonth || s == value.TDate {
			errType()
		}
	}
	if part == "week" {
		dv := decodeDays(v)
		r := make([]int32, n)
		for i := range r {
			c, d := dv.c[i], dv.x[i]
			if c == tcFinite {
				d -= tFloorMod(d+5, 7) // 2000.01.01 was a Saturday
			}
			r[i] = clamp32(c, d)
		}
		return value.NewVec(value.TDate, r)
	}
	var dv tvals
	if part == "year" || part == "mm" || part == "dd" {
		dv = decodeDays(v)
	} else {
		dv = decodeNs(v)
	}
	r := make([]int32, n)
	for i := range r {
		c := dv.c[i]
		var x int64
		switch part {
		case "year", "mm", "dd":
			d := dv.x[i]
			y, m, dd := value.DaysToYMD(d)
			switch part {
			case "year":
				x = y
			case "mm":
				x = m
			default:
				x = dd
			}
		default:
			ns := dv.x[i]
			if calendar {
				ns = tFloorMod(ns, value.NsPerDay)
			}
			switch part {
			case "hh":
				x = ns / (3600 * value.NsPerSec)
			case "uu":
				x = ns / (60 * value.NsPerSec) % 60
			case "ss":
				x = ns / value.NsPerSec % 60
			}
		}
		if c != tcFinite {
			r[i] = value.NullInt
		} else {
			r[i] = int32(x)
		}
	}
	return value.Ints(r)
}

// temporalDot implements the dot-notation fields of a temporal variable (dt.year,
// dt.mm, ti.hh, ti.mm, p.date, p.minute): the part extractors and the temporal casts.
// On a time-like value .mm is the minute, as kdb+ reads ti.mm. ok is false when v is
// not temporal or field is not one of these names.
func temporalDot(v value.Value, field string) (r value.Value, ok bool) {
	vec, atom := asVec(v)
	s := vec.Type()
	if !isTemporalType(s) {
		return nil, false
	}
	calendar := s == value.TTimestamp || s == value.TMonth || s == value.TDate || s == value.TDatetime
	if field == "mm" && !calendar {
		field = "uu"
	}
	if t, isType := typeByName[field]; isType && isTemporalType(t) {
		return unVec(temporalCast(vec, t), atom), true
	}
	if partNames[field] {
		return unVec(temporalPart(field, vec), atom), true
	}
	return nil, false
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

// gtime implements gtime x, the UTC time of a local timestamp or datetime (ref/gtime.md):
// the offset ltime gives is taken away at x for a first guess t, then again at t, so a
// time on either side of a daylight-saving change comes out right (kdb+ 4.0 agrees).
func gtime(x value.Value) value.Value {
	t := plus(x, minus(x, ltime(x)))
	return plus(t, minus(x, ltime(t)))
}
