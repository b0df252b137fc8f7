package value

// Civil-date conversions for kdb+'s day numbers (0 is 2000.01.01), proleptic Gregorian,
// after Howard Hinnant's days_from_civil / civil_from_days.

// DaysToYMD converts a day number to year, month (1-12) and day (1-31).
func DaysToYMD(d int64) (y, m, dd int64) {
	z := d + 10957 + 719468 // days since 0000-03-01
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return
}

// YMDToDays converts a civil date to a day number.
func YMDToDays(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468 - 10957
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// Nanoseconds per unit, for timestamp and timespan arithmetic.
const (
	NsPerSec = int64(1e9)
	NsPerDay = 86400 * NsPerSec
)
