package eval

import (
	"github.com/gq-dev/gq/eval/value"
)

// Console layouts: general lists one item a line, matrices, dictionaries, tables.
// Every function here formats at most maxN lines (items, rows) and cells of at most
// f.lim bytes; Show cuts the rest.

// showLines returns the console lines of v.
func (f *fmtr) showLines(v value.Value, maxN int) [][]byte {
	switch x := v.(type) {
	case *value.List:
		return f.listLines(x, maxN)
	case *value.Dict:
		return f.dictLines(x, maxN)
	case *value.Table:
		return f.tableLines(x, maxN)
	}
	return [][]byte{f.appendK(nil, v)}
}

// listLines shows a general list: each item's k-form on its own line, or a matrix
// when every item is a list of the same count (display.md §4).
func (f *fmtr) listLines(l *value.List, maxN int) [][]byte {
	// A one-item list is no exception: enlist 1 2 shows 1 2 (adverbs:296), enlist ::
	// shows :: (display-lists:224).
	if len(l.Items) == 0 {
		return [][]byte{[]byte("()")}
	}
	items := l.Items[:min(len(l.Items), maxN)]
	if fmtIsMatrix(l.Items) {
		return f.matrixLines(items, false)
	}
	lines := make([][]byte, len(items))
	for i, it := range items {
		lines[i] = f.appendK(nil, it)
	}
	return lines
}

// fmtIsList reports whether v is a list (simple, enumerated or general) and its count.
func fmtIsList(v value.Value) (int, bool) {
	switch v.(type) {
	case *value.List, *value.EnumVec:
		return value.Len(v), true
	}
	if t := v.Type(); t >= value.TBool && t <= value.TTime {
		return value.Len(v), true
	}
	return 0, false
}

// fmtIsMatrix reports whether items print as aligned rows: all lists of one count n>0,
// except lists of strings, of boolean or of byte vectors, which keep their k-form
// (`"ab"`, `101b`: dicts.txt d>=5, comparison-logic n=/:\:n).
func fmtIsMatrix(items []value.Value) bool {
	if len(items) == 0 {
		return false
	}
	n, ok := fmtIsList(items[0])
	if !ok || n == 0 {
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

// rowCells returns the cells of one matrix row, at most maxC of them: bare item text
// for a simple vector; for a general row, the lines of its own matrix when it is one
// (so nested matrices align, display-lists:181), else each item's k-form.
func (f *fmtr) rowCells(row value.Value, maxC int) [][]byte {
	n := min(value.Len(row), maxC)
	if l, ok := row.(*value.List); ok {
		if fmtIsMatrix(l.Items) {
			return f.matrixLines(l.Items[:n], true)
		}
		cells := make([][]byte, n)
		for i := range cells {
			cells[i] = f.appendK(nil, l.Items[i])
		}
		return cells
	}
	return f.vecCells(row, n)
}

// vecCells returns the cell text of the first n items of a simple or enumerated vector.
func (f *fmtr) vecCells(v value.Value, n int) [][]byte {
	cells := make([][]byte, n)
	for i := range cells {
		cells[i] = f.appendCell(nil, value.At(v, i))
	}
	return cells
}

// matrixLines lays rows out as left-aligned columns one space apart. With padLast the
// last fmtColumn is padded too, so the lines are rectangular (used for nested matrices).
func (f *fmtr) matrixLines(rows []value.Value, padLast bool) [][]byte {
	maxC := f.lim/2 + 2 // each fmtColumn takes at least two characters
	cells := make([][][]byte, len(rows))
	var widths []int
	for i, r := range rows {
		cells[i] = f.rowCells(r, maxC)
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

// colLines returns one text per item (the first n) of a dictionary's key or value
// list: bare cells for a simple vector, matrix rows or k-forms for a general list.
func (f *fmtr) colLines(v value.Value, n int) [][]byte {
	if l, ok := v.(*value.List); ok {
		if fmtIsMatrix(l.Items) {
			return f.matrixLines(l.Items[:n], false)
		}
		lines := make([][]byte, n)
		for i := range lines {
			lines[i] = f.appendK(nil, l.Items[i])
		}
		return lines
	}
	if _, ok := fmtIsList(v); ok {
		return f.vecCells(v, n)
	}
	lines := make([][]byte, n)
	for i := range lines {
		lines[i] = f.appendK(nil, value.At(v, i))
	}
	return lines
}

// dictLines shows a dictionary as key| value lines, keys padded (display.md §5).
func (f *fmtr) dictLines(d *value.Dict, maxN int) [][]byte {
	_, kt := d.K.(*value.Table)
	_, vt := d.V.(*value.Table)
	if kt || vt {
		return f.keyedLines(d, maxN)
	}
	n, ok := fmtIsList(d.K)
	if !ok || n == 0 || value.Len(d.V) != n {
		return [][]byte{f.appendK(nil, d)} // `a!1, ()!()
	}
	n = min(n, maxN)
	keys := f.colLines(d.K, n)
	vals := f.colLines(d.V, n)
	kw := 0
	for _, k := range keys {
		kw = max(kw, len(k))
	}
	lines := make([][]byte, n)
	for i := range lines {
		b := make([]byte, 0, kw+2+len(vals[i]))
		b = append(b, keys[i]...)
		b = fmtSpaces(b, kw-len(keys[i]))
		b = append(b, '|', ' ')
		lines[i] = append(b, vals[i]...)
	}
	return lines
}

// fmtColumn is one table fmtColumn ready to print.
type fmtColumn struct {
	name  string
	cells [][]byte
	width int
}

// tableCols formats the first n rows of t's columns. A value that is not a table
// (the key list of exec..by, a dict of a list and a table) becomes one unnamed fmtColumn.
func (f *fmtr) tableCols(v value.Value, n int) []fmtColumn {
	t, ok := v.(*value.Table)
	if !ok {
		c := fmtColumn{cells: f.colLines(v, min(n, value.Len(v)))}
		for _, s := range c.cells {
			c.width = max(c.width, len(s))
		}
		return []fmtColumn{c}
	}
	cols := make([]fmtColumn, len(t.Data))
	for i, data := range t.Data {
		c := fmtColumn{name: t.Cols.S[i], width: len(t.Cols.S[i])}
		m := min(n, value.Len(data))
		if l, ok := data.(*value.List); ok { // nested cells show their k-form
			c.cells = make([][]byte, m)
			for j := range c.cells {
				c.cells[j] = f.appendK(nil, l.Items[j])
			}
		} else if _, ok := fmtIsList(data); ok {
			c.cells = f.vecCells(data, m)
		} else {
			c.cells = make([][]byte, m)
			for j := range c.cells {
				c.cells[j] = f.appendK(nil, data)
			}
		}
		for _, s := range c.cells {
			c.width = max(c.width, len(s))
		}
		cols[i] = c
	}
	return cols
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

// tableLines shows a table: header, dashes, one line a row (display.md §6).
func (f *fmtr) tableLines(t *value.Table, maxN int) [][]byte {
	n := min(value.Len(t), max(maxN-2, 0))
	cols := f.tableCols(t, n)
	lines := make([][]byte, 0, n+2)
	lines = append(lines, fmtRow(nil, cols, -1, f.lim))
	lines = append(lines, fmtDashes(nil, min(fmtBlockWidth(cols), f.lim+1)))
	for r := 0; r < n; r++ {
		lines = append(lines, fmtRow(nil, cols, r, f.lim))
	}
	return lines
}

// keyedLines shows a keyed table: key columns, "| ", value columns.
func (f *fmtr) keyedLines(d *value.Dict, maxN int) [][]byte {
	n := min(value.Len(d.K), max(maxN-2, 0))
	kc := f.tableCols(d.K, n)
	vc := f.tableCols(d.V, n)
	kw, vw := fmtBlockWidth(kc), fmtBlockWidth(vc)
	lines := make([][]byte, 0, n+2)
	line := func(r int) []byte {
		b := fmtRow(nil, kc, r, f.lim)
		b = append(b, '|', ' ')
		return fmtRow(b, vc, r, f.lim)
	}
	lines = append(lines, line(-1))
	b := fmtDashes(nil, min(kw, f.lim+1))
	b = append(b, '|', ' ')
	lines = append(lines, fmtDashes(b, min(vw, f.lim+1)))
	for r := 0; r < n; r++ {
		lines = append(lines, line(r))
	}
	return lines
}
