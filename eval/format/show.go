package format

import (
	"bytes"

	"github.com/gq-dev/gq/eval/value"
)

// Console layouts: general lists one item a line, matrices, dictionaries, tables.
// The rules follow kdb+ 4.0's console and .Q.s (dotq.md): only the items that fit \c
// are laid out, and cells stop growing past f.lim bytes.

// showLines returns the console lines of v for a console of rows lines (0: no limit).
// Lists, dicts and tables keep rows-2 items (rows-4 for tables, for the header): if
// there are more, one fewer and a ".." line (\c 10 10 shows 7 rows and ..).
func (f *fmtr) showLines(v value.Value, rows int) [][]byte {
	switch v.(type) {
	case *value.List, *value.Dict, *value.Table:
		n := value.Len(v)
		limit := rows - 2
		if value.IsKeyed(v) || v.Type() == value.TTable {
			limit -= 2
		}
		cut := rows > 0 && n > limit
		if cut {
			n = max(limit-1, 0)
		}
		lines := f.layout(v, n)
		if cut {
			lines = append(lines, []byte(".."))
		}
		return lines
	}
	b := f.appendK(nil, v)
	if value.IsFunc(v) { // a multi-line lambda prints line by line
		return bytes.Split(b, []byte{'\n'})
	}
	return [][]byte{b}
}

// layout returns the lines of the first n items of a general list, dict or table.
func (f *fmtr) layout(v value.Value, n int) [][]byte {
	switch x := v.(type) {
	case *value.List:
		return f.colLines(x, n, false)
	case *value.Dict:
		return f.dictLines(x, n)
	case *value.Table:
		return f.tableLines(x, n)
	}
	return [][]byte{f.appendK(nil, v)}
}

// fmtIsList reports whether v is a list (simple, enumerated or general) and its count.
func fmtIsList(v value.Value) (int, bool) {
	switch v.(type) {
	case nil:
		return 0, false
	case *value.List, *value.EnumVec:
		return value.Len(v), true
	}
	if t := v.Type(); t >= value.TBool && t <= value.TTime {
		return value.Len(v), true
	}
	return 0, false
}

// fmtIsMatrix reports whether items print as aligned rows (a matrix): all lists of one
// count, unless they are all strings, all boolean or all byte vectors, which keep
// their k-form ("ab", 101b: dicts.txt d>=5, comparison-logic n=/:\:n).
func fmtIsMatrix(items []value.Value) bool {
	if len(items) == 0 {
		return false
	}
	n, ok := fmtIsList(items[0])
	if !ok {
		return false
	}
	t0 := items[0].Type()
	same := t0 == value.TBool || t0 == value.TByte || t0 == value.TChar
	for _, it := range items[1:] {
		m, ok := fmtIsList(it)
		if !ok || m != n {
			return false
		}
		if it.Type() != t0 {
			same = false
		}
	}
	return !same
}

// colLines returns the lines of the first n items of a list, as a dict's keys or
// values or a table column show them: bare cells for a simple vector; for a general
// list a matrix (rows aligned, nested matrices as blocks, display-lists:181) or each
// item's k-form. With padLast every cell of a matrix is padded, making a block.
func (f *fmtr) colLines(v value.Value, n int, padLast bool) [][]byte {
	f.enter()
	defer f.leave()
	n = min(n, value.Len(v))
	if l, ok := v.(*value.List); ok {
		items := l.Items[:n]
		if fmtIsMatrix(items) {
			return f.matrixLines(items, padLast)
		}
		lines := make([][]byte, n)
		for i, it := range items {
			lines[i] = f.appendK(nil, it)
		}
		return lines
	}
	if _, ok := fmtIsList(v); ok {
		return f.vecCells(v, n)
	}
	return [][]byte{f.appendK(nil, v)}
}

// vecCells returns the cell text of the first n items of a simple or enumerated vector.
func (f *fmtr) vecCells(v value.Value, n int) [][]byte {
	cells := make([][]byte, n)
	for i := range cells {
		cells[i] = f.appendCell(nil, value.At(v, i))
	}
	return cells
}

// matrixLines lays rows out as left-aligned columns one space apart; a row's cells are
// its colLines (so a row that is itself a matrix contributes its padded lines).
func (f *fmtr) matrixLines(rows []value.Value, padLast bool) [][]byte {
	maxC := f.lim/2 + 2 // each column takes at least two characters
	cells := make([][][]byte, len(rows))
	var widths []int
	for i, r := range rows {
		cells[i] = f.colLines(r, maxC, true)
		for j, c := range cells[i] {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], len(c))
		}
	}
	lines := make([][]byte, len(rows))
	for i, cs := range cells {
		var b []byte
		for j, c := range cs {
			if j > 0 {
				b = append(b, ' ')
			}
			b = append(b, c...)
			if j < len(cs)-1 || padLast {
				b = fmtSpaces(b, widths[j]-len(c))
			}
			if f.full(b) {
				break
			}
		}
		lines[i] = b
	}
	return lines
}

func fmtSpaces(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, ' ')
	}
	return b
}

// sideLines returns the lines of one side of a dictionary: a table's full layout or
// a list's colLines.
func (f *fmtr) sideLines(v value.Value, n int) [][]byte {
	if t, ok := v.(*value.Table); ok {
		return f.tableLines(t, n)
	}
	return f.colLines(v, n, false)
}

// fmtHeaded gives lines two leading lines, blanks and dashes as wide as its first line,
// so a list lines up with a table on the other side of | (exec..by: "  | q").
func fmtHeaded(lines [][]byte) [][]byte {
	w := 0
	if len(lines) > 0 {
		w = len(lines[0])
	}
	return append([][]byte{fmtSpaces(nil, w), fmtDashes(nil, w)}, lines...)
}

// dictLines shows a dictionary as key| value lines, keys padded (display.md §5); a
// keyed table the same way, with each side laid out as a table.
func (f *fmtr) dictLines(d *value.Dict, n int) [][]byte {
	// A dict that is not two matching lists (`a!1, (,`a)!`:./t/) cannot be laid out;
	// kdb+'s .Q.s falls back to its k-form (dicts:542, ref/flip-splayed.md).
	nk, kl := fmtIsList(d.K)
	nv, vl := fmtIsList(d.V)
	_, kt := d.K.(*value.Table)
	_, vt := d.V.(*value.Table)
	if !(kl || kt) || !(vl || vt) || kl && vl && nk != nv {
		return [][]byte{f.appendK(nil, d)}
	}
	keys := f.sideLines(d.K, n)
	vals := f.sideLines(d.V, n)
	switch {
	case len(keys) > len(vals) && vt:
		// A value table without columns has no rows of its own: one blank line a key.
		vals = append(vals, make([][]byte, len(keys)-len(vals))...)
	case len(vals) > len(keys):
		keys = fmtHeaded(keys)
	case len(keys) > len(vals):
		vals = fmtHeaded(vals)
	}
	kw := 0
	for _, k := range keys {
		kw = max(kw, len(k))
	}
	lines := make([][]byte, min(len(keys), len(vals)))
	for i := range lines {
		b := make([]byte, 0, kw+2+len(vals[i]))
		b = append(b, keys[i]...)
		b = fmtSpaces(b, kw-len(keys[i]))
		b = append(b, '|', ' ')
		lines[i] = append(b, vals[i]...)
	}
	return lines
}

// fmtColumn is one table column ready to print.
type fmtColumn struct {
	name  string
	cells [][]byte
	width int
}

// fmtBlockWidth is the printed width of columns side by side.
func fmtBlockWidth(cols []fmtColumn) int {
	w := 0
	for i, c := range cols {
		if i > 0 {
			w++
		}
		w += c.width
	}
	return w
}

// fmtRow appends row r of cols (header when r<0), each padded to its width.
func fmtRow(b []byte, cols []fmtColumn, r int, lim int) []byte {
	for i, c := range cols {
		if i > 0 {
			b = append(b, ' ')
		}
		s := []byte(c.name)
		if r >= 0 {
			s = nil
			if r < len(c.cells) {
				s = c.cells[r]
			}
		}
		b = append(b, s...)
		b = fmtSpaces(b, c.width-len(s))
		if len(b) > lim {
			break
		}
	}
	return b
}

func fmtDashes(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, '-')
	}
	return b
}

// tableLines shows the first n rows of a table: header, dashes, one line a row, every
// column padded to the wider of its name and its cells (display.md §6).
func (f *fmtr) tableLines(t *value.Table, n int) [][]byte {
	n = min(n, value.Len(t))
	cols := make([]fmtColumn, 0, len(t.Data))
	w := -1
	for i, data := range t.Data {
		if w > f.lim { // columns past the console width are never seen
			break
		}
		c := fmtColumn{name: t.Cols.S[i], width: len(t.Cols.S[i])}
		c.cells = f.colLines(data, n, false)
		for _, s := range c.cells {
			c.width = max(c.width, len(s))
		}
		cols = append(cols, c)
		w += c.width + 1
	}
	lines := make([][]byte, 0, n+2)
	lines = append(lines, fmtRow(nil, cols, -1, f.lim))
	lines = append(lines, fmtDashes(nil, min(fmtBlockWidth(cols), f.lim+1)))
	for r := 0; r < n; r++ {
		lines = append(lines, fmtRow(nil, cols, r, f.lim))
	}
	return lines
}
