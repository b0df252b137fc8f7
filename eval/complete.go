package eval

import "github.com/gq-dev/gq/eval/value"

// CompletionColumns gives the columns of every global table, keys first, by the name
// the console would type: plain in the current namespace, in full elsewhere (.u.t).
// The console's Tab completes them in q-sql clauses (repl/complete.go); like
// CompletionNames it is taken on the main loop after each line. Views are not run.
func (ip *Interp) CompletionColumns() map[string][]string {
	cols := map[string][]string{}
	for _, n := range ip.nss {
		for name, v := range n.vars {
			c := tableColumns(v)
			if c == nil {
				continue
			}
			switch {
			case n == ip.cur:
				cols[name] = c
			case n.name != "":
				cols[n.name+"."+name] = c
			}
		}
	}
	return cols
}

// tableColumns is the column names of a table (keyed, splayed or partitioned too), or
// nil for anything else.
func tableColumns(v value.Value) []string {
	switch t := v.(type) {
	case *value.Table:
		return append([]string(nil), t.Cols.S...)
	case *value.Dict:
		k, ok1 := t.K.(*value.Table)
		d, ok2 := t.V.(*value.Table)
		if ok1 && ok2 {
			return append(append([]string(nil), k.Cols.S...), d.Cols.S...)
		}
	case *partTable:
		return append([]string(nil), t.cols...)
	}
	return nil
}

// Keywords gives q's reserved words: the named primitives and the words of q-sql and
// control (the console colours them as they are typed).
func (ip *Interp) Keywords() []string {
	ks := []string{"select", "exec", "update", "delete", "from", "by", "where", "do", "if", "while"}
	for name := range prims {
		if c := name[0]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			ks = append(ks, name)
		}
	}
	return ks
}
