package eval

import (
	"bytes"
	"encoding/binary"
	"math"
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// 0: File Text: Save Text, Prepare Text, Load CSV, Load Fixed, Key-Value Pairs; and
// the reading half of 1: (Read Binary).

// fileText implements x 0: y, choosing the form by x.
func fileText(ip *Interp, x, y value.Value) value.Value {
	if p, ok := filePath(x); ok {
		saveLines(p, y)
		return x
	}
	switch v := x.(type) {
	case value.Char:
		return prepareText(ip, byte(v), y)
	case *value.Vec[byte]:
		if v.Typ == value.TChar && (len(v.S) == 3 || len(v.S) == 4) {
			return keyValuePairs(string(v.S), y)
		}
	case *value.List:
		if len(v.Items) == 2 || len(v.Items) == 3 {
			types := typeCodes(v.Items[0])
			switch d := v.Items[1].(type) {
			case value.Char:
				return loadCSV(types, byte(d), false, csvFlag(v), y)
			case *value.Vec[byte]:
				if d.Typ == value.TChar && len(d.S) == 1 {
					return loadCSV(types, d.S[0], true, csvFlag(v), y)
				}
			case *value.Vec[int32], *value.Vec[int64]:
				if len(v.Items) == 2 {
					return loadFixed(types, widthsOf(d), y)
				}
			}
		}
	}
	errType()
	return nil
}

// csvFlag is the optional third item of (types;delimiter;flag): 1 lets quoted
// fields hold line breaks.
func csvFlag(x *value.List) bool {
	if len(x.Items) < 3 {
		return false
	}
	n, ok := doTimes(x.Items[2])
	if !ok {
		errType()
	}
	return n != 0
}

// typeCodes reads the column types of a load: a string (or one char).
func typeCodes(x value.Value) string {
	switch v := x.(type) {
	case value.Char:
		return string([]byte{byte(v)})
	case *value.Vec[byte]:
		if v.Typ == value.TChar {
			return string(v.S)
		}
	}
	errType()
	return ""
}

// widthsOf reads an int or long vector (widths).
func widthsOf(x value.Value) []int64 {
	switch v := x.(type) {
	case *value.Vec[int32]:
		if v.Typ == value.TInt {
			r := make([]int64, len(v.S))
			for i, n := range v.S {
				r[i] = int64(n)
			}
			return r
		}
	case *value.Vec[int64]:
		if v.Typ == value.TLong {
			return v.S
		}
	}
	errType()
	return nil
}

// textOfItem reads one line of text: a string, a char, or the empty list.
func textOfItem(x value.Value) string {
	s, ok := qStringArg(x)
	if !ok {
		errType()
	}
	return s
}

// saveLines implements `:f 0: strings: each string a line ending in a newline.
func saveLines(p string, y value.Value) {
	var b []byte
	switch v := y.(type) {
	case *value.List:
		for _, it := range v.Items {
			b = append(b, textOfItem(it)...)
			b = append(b, '\n')
		}
	default:
		errType()
	}
	writeFile(p, b)
}

// prepareText implements d 0: t: the rows of table t (after a header of its column
// names), or of a list of columns, as strings of fields separated by d.
func prepareText(ip *Interp, d byte, y value.Value) value.Value {
	var cols []value.Value
	var header []string
	switch v := y.(type) {
	case *value.Table:
		cols, header = v.Data, v.Cols.S
	case *value.List:
		cols = v.Items
	default:
		errType()
	}
	cells := make([][]string, len(cols))
	n := -1
	for i, c := range cols {
		cells[i] = cellTexts(ip, c)
		if n >= 0 && len(cells[i]) != n {
			errLength()
		}
		n = len(cells[i])
	}
	if n < 0 {
		n = 0
	}
	r := make([]value.Value, 0, n+1)
	var line []byte
	row := func(f func(j int) string) {
		line = line[:0]
		for j := range cols {
			if j > 0 {
				line = append(line, d)
			}
			line = appendField(line, f(j), d)
		}
		r = append(r, value.Chars(append([]byte(nil), line...)))
	}
	if header != nil {
		row(func(j int) string { return header[j] })
	}
	for i := 0; i < n; i++ {
		row(func(j int) string { return cells[j][i] })
	}
	return &value.List{Items: r}
}

// appendField appends a cell, in quotes with quotes doubled when it holds d.
func appendField(b []byte, s string, d byte) []byte {
	if strings.IndexByte(s, d) < 0 {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// cellTexts gives the text of each item of a column: a vector, or a list of strings
// (anything else is 'type). Temporals are ISO 8601: 2022-03-14, 2022-03-14D16:12:57.
func cellTexts(ip *Interp, c value.Value) []string {
	if e, ok := c.(*value.EnumVec); ok {
		c, _ = enumView(ip, e)
	}
	if r, ok := stringsOf(c); ok { // strings, or the chars of a char column
		return r
	}
	if v, ok := c.(*value.Vec[string]); ok {
		return v.S
	}
	if value.IsAtom(c) || c.Type() <= 0 || c.Type() > value.TTime {
		errType()
	}
	t := c.Type()
	iso := t == value.TTimestamp || t == value.TMonth || t == value.TDate || t == value.TDatetime
	n := value.Len(c)
	r := make([]string, n)
	for i := range r {
		s := ip.Disp.AtomText(value.At(c, i))
		if iso {
			s = isoDate(s)
		}
		r[i] = s
	}
	return r
}

// isoDate turns the dots of a q date part (2022.03.14) into dashes.
func isoDate(s string) string {
	b := []byte(s)
	for i := 0; i < len(b) && i < 10; i++ {
		if b[i] == '.' {
			b[i] = '-'
		}
	}
	return string(b)
}

// loadCSV implements (types;delimiter[;flag]) 0: y. An enlisted delimiter reads the
// first record as column names and gives a table; otherwise a list of columns, or,
// for one string y, the list of its parsed fields.
func loadCSV(types string, d byte, header, embedded bool, y value.Value) value.Value {
	var rs records
	single := false
	switch v := y.(type) {
	case *value.Vec[byte]:
		if v.Typ != value.TChar {
			errType()
		}
		if header {
			rs = splitRecords(string(v.S), d, embedded)
		} else {
			rs.add(string(v.S), d)
			single = true
		}
	case *value.List:
		if b, ok := fileSpan(v); ok {
			rs = splitRecords(string(b), d, embedded)
			break
		}
		for _, it := range v.Items {
			rs.add(textOfItem(it), d)
		}
	default:
		rs = splitRecords(string(loadSource(y)), d, embedded)
	}
	var names []string
	first := 0
	if header {
		if rs.count() == 0 {
			errLength()
		}
		names, first = rs.f[rs.at[0]:rs.at[1]], 1
	}
	var cols []value.Value
	var colNames []string
	field := make([]string, rs.count()-first)
	for i := 0; i < len(types); i++ {
		if types[i] == ' ' {
			continue
		}
		t, ok := textTypes[types[i]]
		if !ok {
			errType()
		}
		for j := range field {
			field[j] = rs.field(first+j, i)
		}
		cols = append(cols, textColumn(t, field))
		if header {
			if i >= len(names) {
				errLength()
			}
			colNames = append(colNames, strings.Clone(names[i]))
		}
	}
	if header {
		return value.NewTable(colNames, cols)
	}
	if single {
		r := make([]value.Value, len(cols))
		for i, c := range cols {
			r[i] = value.At(c, 0)
		}
		return value.NewList(r)
	}
	return &value.List{Items: cols}
}

// records are the fields of delimited text, flat (one slice for all, so a big file
// does not cost an allocation per line): record j is f[at[j]:at[j+1]].
type records struct {
	f  []string
	at []int
}

func (r *records) count() int { return max(len(r.at)-1, 0) }

// field is field i of record j, "" when the record is short.
func (r *records) field(j, i int) string {
	if k := r.at[j] + i; k < r.at[j+1] {
		return r.f[k]
	}
	return ""
}

// add splits one record at d; a field in quotes may hold d, with "" for a quote.
func (r *records) add(s string, d byte) {
	if len(r.at) == 0 {
		r.at = append(r.at, 0)
	}
	for {
		if strings.HasPrefix(s, `"`) {
			var b []byte
			i := 1
			for i < len(s) {
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						b = append(b, '"')
						i += 2
						continue
					}
					i++
					break
				}
				b = append(b, s[i])
				i++
			}
			r.f = append(r.f, string(b))
			j := strings.IndexByte(s[i:], d)
			if j < 0 {
				break
			}
			s = s[i+j+1:]
			continue
		}
		j := strings.IndexByte(s, d)
		if j < 0 {
			r.f = append(r.f, s)
			break
		}
		r.f = append(r.f, s[:j])
		s = s[j+1:]
	}
	r.at = append(r.at, len(r.f))
}

// textTypes maps the load type codes to q types; * (strings) is 0.
var textTypes = map[byte]value.Type{
	'B': value.TBool, 'G': value.TGUID, 'X': value.TByte, 'H': value.TShort, 'I': value.TInt,
	'J': value.TLong, 'E': value.TReal, 'F': value.TFloat, 'C': value.TChar, 'S': value.TSym,
	'P': value.TTimestamp, 'M': value.TMonth, 'D': value.TDate, 'Z': value.TDatetime,
	'N': value.TTimespan, 'U': value.TMinute, 'V': value.TSecond, 'T': value.TTime, '*': value.TList,
}

// splitRecords splits text into records of fields: lines (LF or CRLF), where with
// embedded a line break inside quotes stays in its field.
func splitRecords(s string, d byte, embedded bool) records {
	n := strings.Count(s, "\n") + 1
	var rs records
	rs.at = make([]int, 1, n+1)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		rs.f = make([]string, 0, n*(strings.Count(s[:i], string(d))+1))
	}
	for len(s) > 0 {
		end := -1
		if embedded {
			in := false
			for i := 0; i < len(s); i++ {
				if s[i] == '"' {
					in = !in
				} else if s[i] == '\n' && !in {
					end = i
					break
				}
			}
		} else {
			end = strings.IndexByte(s, '\n')
		}
		line := s
		if end >= 0 {
			line, s = s[:end], s[end+1:]
		} else {
			s = ""
		}
		rs.add(strings.TrimSuffix(line, "\r"), d)
	}
	return rs
}

// textColumn parses fields as a column of type t (0: strings), as "T"$ reads text:
// what does not parse is null.
func textColumn(t value.Type, fs []string) value.Value {
	n := len(fs)
	switch t {
	case value.TList:
		r := make([]value.Value, n)
		for i, s := range fs {
			r[i] = value.Str(s)
		}
		return &value.List{Items: r}
	case value.TChar:
		r := make([]byte, n)
		for i, s := range fs {
			r[i] = ' '
			if s != "" {
				r[i] = s[0]
			}
		}
		return value.Chars(r)
	case value.TSym:
		r := make([]string, n)
		for i, s := range fs {
			r[i] = strings.Clone(strings.Trim(s, " "))
		}
		return value.Syms(r)
	case value.TBool, value.TByte:
		r := make([]byte, n)
		for i, s := range fs {
			r[i] = textByte(t, strings.TrimSpace(s))
		}
		return value.NewVec(t, r)
	case value.TGUID:
		r := make([][16]byte, n)
		for i, s := range fs {
			r[i] = parseGUID(strings.TrimSpace(s)).(value.GUID)
		}
		return value.GUIDs(r)
	case value.TShort:
		r := make([]int16, n)
		for i, s := range fs {
			x, c := parseIntText(strings.TrimSpace(s), math.MaxInt16)
			r[i] = int16(tokInt(c, x, int64(value.NullShort), math.MaxInt16))
		}
		return value.Shorts(r)
	case value.TInt, value.TMonth, value.TDate, value.TMinute, value.TSecond, value.TTime:
		r := make([]int32, n)
		for i, s := range fs {
			r[i] = text32(t, strings.TrimSpace(s))
		}
		return value.NewVec(t, r)
	case value.TLong, value.TTimestamp, value.TTimespan:
		r := make([]int64, n)
		for i, s := range fs {
			r[i] = text64(t, strings.TrimSpace(s))
		}
		return value.NewVec(t, r)
	case value.TReal:
		r := make([]float32, n)
		for i, s := range fs {
			r[i] = float32(parseFloatText(strings.TrimSpace(s)))
		}
		return value.Reals(r)
	case value.TFloat:
		r := make([]float64, n)
		for i, s := range fs {
			r[i] = parseFloatText(strings.TrimSpace(s))
		}
		return value.Floats(r)
	case value.TDatetime:
		r := make([]float64, n)
		for i, s := range fs {
			r[i] = float64(tokString(t, s).(value.Datetime))
		}
		return value.NewVec(t, r)
	}
	errType()
	return nil
}

// textByte reads a boolean (1tTyY... as "B"$) or a hex byte.
func textByte(t value.Type, s string) byte {
	if t == value.TBool {
		if s != "" && strings.IndexByte("1tTyYxX", s[0]) >= 0 {
			return 1
		}
		return 0
	}
	return byte(parseByteHex(s).(value.Byte))
}

// text32 reads an int or a 32-bit temporal (as tokString, without boxing).
func text32(t value.Type, s string) int32 {
	switch t {
	case value.TInt:
		if ip, ok := parseIPv4(s); ok {
			return int32(ip)
		}
		x, c := parseIntText(s, math.MaxInt32)
		return int32(tokInt(c, x, int64(value.NullInt), math.MaxInt32))
	case value.TMonth:
		return parseMonth(s)
	case value.TDate:
		if d, ok := fastDate(s); ok {
			return d
		}
		d, ok := parseDate(s)
		if !ok {
			return value.NullInt
		}
		return clamp32(tcFinite, d)
	}
	ns, ok := fastTime(s)
	if !ok {
		if ns, ok = parseTimeOfDay(s); !ok {
			return value.NullInt
		}
	}
	return int32(ns / nsPer(t))
}

// fastDate reads the common yyyy.mm.dd (or - /) without allocating; ok is false
// for any other text, which then takes the general parser.
func fastDate(s string) (int32, bool) {
	if len(s) != 10 || s[4] != s[7] || (s[4] != '.' && s[4] != '-' && s[4] != '/') ||
		!tokDigits(s[:4]) || !tokDigits(s[5:7]) || !tokDigits(s[8:]) {
		return 0, false
	}
	d, ok := tokYMD(tokAtoi(s[:4]), tokAtoi(s[5:7]), tokAtoi(s[8:]))
	if !ok {
		return value.NullInt, true
	}
	return int32(d), true
}

// fastTime reads hh:mm:ss or hh:mm:ss.fff without allocating (ok false otherwise).
func fastTime(s string) (int64, bool) {
	if (len(s) != 8 && len(s) != 12) || s[2] != ':' || s[5] != ':' ||
		!tokDigits(s[:2]) || !tokDigits(s[3:5]) || !tokDigits(s[6:8]) {
		return 0, false
	}
	var ms int64
	if len(s) == 12 {
		if s[8] != '.' || !tokDigits(s[9:]) {
			return 0, false
		}
		ms = tokAtoi(s[9:])
	}
	m, sec := tokAtoi(s[3:5]), tokAtoi(s[6:8])
	if m >= 60 || sec >= 60 {
		return 0, false
	}
	return (tokAtoi(s[:2])*3600+m*60+sec)*value.NsPerSec + ms*1000000, true
}

// text64 reads a long, timestamp or timespan.
func text64(t value.Type, s string) int64 {
	switch t {
	case value.TTimestamp:
		return parseTimestamp(s)
	case value.TTimespan:
		return parseTimespan(s)
	}
	x, c := parseIntText(s, math.MaxInt64)
	return tokInt(c, x, value.NullLong, math.MaxInt64)
}

// loadFixed implements (types;widths) 0: y: records of fixed-width fields, from a
// list of strings or a file (records end in a newline, or none do).
func loadFixed(types string, widths []int64, y value.Value) value.Value {
	if len(widths) != len(types) {
		errLength()
	}
	var recs []string
	if l, ok := y.(*value.List); ok && !isFileDescriptor(l) {
		recs = make([]string, len(l.Items))
		for i, it := range l.Items {
			recs[i] = textOfItem(it)
		}
	} else {
		b := loadSource(y)
		var w int64
		for _, n := range widths {
			if n < 0 {
				errDomain()
			}
			w += n
		}
		s := string(b)
		if strings.IndexByte(s, '\n') >= 0 {
			for _, it := range textLines(b).(*value.List).Items {
				recs = append(recs, string(it.(*value.Vec[byte]).S))
			}
		} else if w > 0 {
			for len(s) > 0 {
				k := min(int(w), len(s))
				recs, s = append(recs, s[:k]), s[k:]
			}
		}
	}
	var cols []value.Value
	field := make([]string, len(recs))
	var off int64
	for i := 0; i < len(types); i++ {
		w := widths[i]
		if w < 0 {
			errDomain()
		}
		if types[i] != ' ' {
			t, ok := textTypes[types[i]]
			if !ok {
				errType()
			}
			for j, r := range recs {
				a, b := min(off, int64(len(r))), min(off+w, int64(len(r)))
				field[j] = r[a:b]
			}
			cols = append(cols, textColumn(t, field))
		}
		off += w
	}
	return &value.List{Items: cols}
}

// isFileDescriptor reports whether l is (`:f;o[;n]).
func isFileDescriptor(l *value.List) bool {
	if len(l.Items) < 2 || len(l.Items) > 3 {
		return false
	}
	_, ok := filePath(l.Items[0])
	return ok
}

// keyValuePairs implements "S=;" 0: s: key type (S, I or J), field separator, an
// optional * (quoted values may hold separators), record separator; the result is
// (keys;values).
func keyValuePairs(spec string, y value.Value) value.Value {
	s := textOfItem(y)
	kt, fs, rs, quoted := spec[0], spec[1], spec[2], false
	if len(spec) == 4 {
		if spec[2] != '*' {
			errType()
		}
		rs, quoted = spec[3], true
	}
	var ks, vs []string
	for s != "" {
		i := strings.IndexByte(s, fs)
		if i < 0 {
			ks, vs = append(ks, s), append(vs, "")
			break
		}
		k, rest := s[:i], s[i+1:]
		if quoted && strings.HasPrefix(rest, `"`) {
			if q := strings.IndexByte(rest[1:], '"'); q >= 0 {
				ks, vs = append(ks, k), append(vs, rest[1:q+1])
				s = ""
				if j := strings.IndexByte(rest[q+2:], rs); j >= 0 {
					s = rest[q+2+j+1:]
				}
				continue
			}
		}
		v := rest
		s = ""
		if j := strings.IndexByte(rest, rs); j >= 0 {
			v, s = rest[:j], rest[j+1:]
		}
		ks, vs = append(ks, k), append(vs, v)
	}
	var keys value.Value
	switch kt {
	case 'S':
		keys = textColumn(value.TSym, ks)
	case 'I':
		keys = textColumn(value.TInt, ks)
	case 'J':
		keys = textColumn(value.TLong, ks)
	default:
		errType()
	}
	return &value.List{Items: []value.Value{keys, textColumn(value.TList, vs)}}
}

// readBinary implements (types;widths) 1: y (little-endian) or (widths;types) 1: y
// (big-endian): fixed-width binary records from bytes, a string or a file.
func readBinary(x, y value.Value) value.Value {
	l, ok := x.(*value.List)
	if !ok || len(l.Items) != 2 {
		errType()
	}
	little := true
	tv, wv := l.Items[0], l.Items[1]
	if !isCharType(tv) {
		little, tv, wv = false, wv, tv
	}
	types, widths := typeCodes(tv), widthsOf(wv)
	if len(types) != len(widths) {
		errLength()
	}
	var data []byte
	switch v := y.(type) {
	case *value.Vec[byte]:
		if v.Typ == value.TBool {
			errType()
		}
		data = v.S
	default:
		data = loadSource(y)
	}
	var rec int64
	for i, w := range widths {
		if w < 0 {
			errDomain()
		}
		if size := binSizes[types[i]]; types[i] != ' ' && types[i] != 's' && types[i] != '*' && (size == 0 || w < size) {
			errType()
		}
		rec += w
	}
	n := 0
	if rec > 0 {
		n = len(data) / int(rec)
	}
	var order binary.ByteOrder = binary.LittleEndian
	if !little {
		order = binary.BigEndian
	}
	var cols []value.Value
	var off int
	for i := 0; i < len(types); i++ {
		c, w := types[i], int(widths[i])
		if c != ' ' {
			cols = append(cols, binColumn(c, data, off, w, int(rec), n, order))
		}
		off += w
	}
	return &value.List{Items: cols}
}

// binSizes are the widths of the Read Binary types (s and * take their given width).
var binSizes = map[byte]int64{'b': 1, 'g': 16, 'x': 1, 'h': 2, 'i': 4, 'j': 8, 'e': 4, 'f': 8,
	'c': 1, 'p': 8, 'm': 4, 'd': 4, 'z': 8, 'n': 8, 'u': 4, 'v': 4, 't': 4}

// binColumn reads field (offset off, width w) of n records of length rec.
func binColumn(c byte, data []byte, off, w, rec, n int, order binary.ByteOrder) value.Value {
	t := value.Type(strings.IndexByte(value.TypeChars, c))
	at := func(j int) []byte { return data[j*rec+off : j*rec+off+w] }
	switch c {
	case 'b', 'x', 'c':
		r := make([]byte, n)
		for j := range r {
			r[j] = at(j)[0]
			if c == 'b' && r[j] != 0 {
				r[j] = 1
			}
		}
		return value.NewVec(t, r)
	case 'g':
		r := make([][16]byte, n)
		for j := range r {
			copy(r[j][:], at(j))
		}
		return value.GUIDs(r)
	case 'h':
		r := make([]int16, n)
		for j := range r {
			r[j] = int16(order.Uint16(at(j)))
		}
		return value.Shorts(r)
	case 'i', 'm', 'd', 'u', 'v', 't':
		r := make([]int32, n)
		for j := range r {
			r[j] = int32(order.Uint32(at(j)))
		}
		return value.NewVec(t, r)
	case 'j', 'p', 'n':
		r := make([]int64, n)
		for j := range r {
			r[j] = int64(order.Uint64(at(j)))
		}
		return value.NewVec(t, r)
	case 'e':
		r := make([]float32, n)
		for j := range r {
			r[j] = math.Float32frombits(order.Uint32(at(j)))
		}
		return value.Reals(r)
	case 'f', 'z':
		r := make([]float64, n)
		for j := range r {
			r[j] = math.Float64frombits(order.Uint64(at(j)))
		}
		return value.NewVec(t, r)
	case '*':
		r := make([]value.Value, n)
		for j := range r {
			r[j] = value.Chars(append([]byte(nil), at(j)...))
		}
		return &value.List{Items: r}
	case 's':
		r := make([]string, n)
		for j := range r {
			r[j] = string(bytes.TrimRight(at(j), "\x00"))
		}
		return value.Syms(r)
	}
	errType()
	return nil
}

// loadSource reads the file a load names: a file descriptor, or (as the reference's
// ("ISI";",") 0:`data.csv does) a plain symbol.
func loadSource(y value.Value) []byte {
	if s, ok := y.(value.Sym); ok && !strings.HasPrefix(string(s), ":") {
		return readFile(string(s))
	}
	b, ok := fileSpan(y)
	if !ok {
		errType()
	}
	return b
}

// isCharType reports whether x is a string or a char.
func isCharType(x value.Value) bool {
	if v, ok := x.(*value.Vec[byte]); ok {
		return v.Typ == value.TChar
	}
	_, ok := x.(value.Char)
	return ok
}
