package value

// Dict is a dictionary K!V. K and V are lists of equal count. A keyed table is a Dict
// whose K and V are both *Table.
type Dict struct {
	K, V   Value
	Sorted bool // the `s# attribute (wire type 127)
}

func (*Dict) Type() Type { return TDict }

// Table is a simple table: column names and one list per column, all of equal count.
type Table struct {
	Cols *Vec[string]
	Data []Value
	Attr Attr // table attribute as sent on the wire (`s# on the first column is kept there)
}

func (*Table) Type() Type { return TTable }

// NewTable builds a table from column names and data.
func NewTable(cols []string, data []Value) *Table {
	return &Table{Cols: Syms(cols), Data: data}
}

// IsKeyed reports whether v is a keyed table.
func IsKeyed(v Value) bool {
	d, ok := v.(*Dict)
	if !ok {
		return false
	}
	_, k := d.K.(*Table)
	_, t := d.V.(*Table)
	return k && t
}

// Col returns the column named c, or nil.
func (t *Table) Col(c string) Value {
	for i, n := range t.Cols.S {
		if n == c {
			return t.Data[i]
		}
	}
	return nil
}
