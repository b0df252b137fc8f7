package parser

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gq-dev/gq/eval/value"
)

// Dump renders nodes as S-expressions, one statement per line, for tests and debugging:
// (+ 1 2) is Infix, (@ f x) Prefix, (call f a b) Call, (' f) Adverbed, (list ...),
// (lambda [x y] ...), (: a v) assignment, (cond ...), (if c ...), (return v), (signal v).
// A nil node is "_".
func Dump(nodes []Node) string {
	var b strings.Builder
	for i, n := range nodes {
		if i > 0 {
			b.WriteByte('\n')
		}
		dump(&b, n)
	}
	return b.String()
}

// DumpNode renders one node (see Dump).
func DumpNode(n Node) string {
	var b strings.Builder
	dump(&b, n)
	return b.String()
}

func dumpAll(b *strings.Builder, ns []Node) {
	for _, n := range ns {
		b.WriteByte(' ')
		dump(b, n)
	}
}

func dumpCols(b *strings.Builder, tag string, cs []Column) {
	b.WriteString(" (" + tag)
	for _, c := range cs {
		b.WriteString(" (" + c.Name + ":")
		b.WriteByte(' ')
		dump(b, c.Expr)
		b.WriteByte(')')
	}
	b.WriteByte(')')
}

func dump(b *strings.Builder, n Node) {
	switch t := n.(type) {
	case nil:
		b.WriteString("_")
	case *Const:
		b.WriteString(DumpValue(t.V))
	case *Name:
		b.WriteString(t.Name)
	case *Verb:
		b.WriteString(t.Glyph)
	case *Call:
		b.WriteString("(call ")
		dump(b, t.Fn)
		dumpAll(b, t.Args)
		b.WriteByte(')')
	case *Prefix:
		b.WriteString("(@ ")
		dump(b, t.Fn)
		b.WriteByte(' ')
		dump(b, t.Arg)
		b.WriteByte(')')
	case *Infix:
		b.WriteString("(")
		dump(b, t.Fn)
		b.WriteByte(' ')
		dump(b, t.Left)
		b.WriteByte(' ')
		dump(b, t.Right)
		b.WriteByte(')')
	case *Adverbed:
		b.WriteString("(" + t.Adverb + " ")
		dump(b, t.Fn)
		b.WriteByte(')')
	case *Lambda:
		b.WriteString("(lambda [" + strings.Join(t.Params, " ") + "]")
		dumpAll(b, t.Body)
		b.WriteByte(')')
	case *ListExpr:
		b.WriteString("(list")
		dumpAll(b, t.Items)
		b.WriteByte(')')
	case *TableExpr:
		b.WriteString("(table")
		dumpCols(b, "keys", t.Keys)
		dumpCols(b, "cols", t.Cols)
		b.WriteByte(')')
	case *Assign:
		op := ":"
		if t.Global {
			op = "::"
		}
		b.WriteString("(" + op + " " + t.Name)
		if t.Index != nil {
			b.WriteString(" [")
			for i, x := range t.Index {
				if i > 0 {
					b.WriteByte(' ')
				}
				dump(b, x)
			}
			b.WriteString("]")
		}
		if t.Op != nil {
			b.WriteString(" op=")
			dump(b, t.Op)
		}
		b.WriteByte(' ')
		dump(b, t.Value)
		b.WriteByte(')')
	case *Cond:
		b.WriteString("(cond")
		dumpAll(b, t.Args)
		b.WriteByte(')')
	case *Ctrl:
		b.WriteString("(" + t.Kind + " ")
		dump(b, t.Cond)
		dumpAll(b, t.Body)
		b.WriteByte(')')
	case *Return:
		b.WriteString("(return ")
		dump(b, t.Value)
		b.WriteByte(')')
	case *Signal:
		b.WriteString("(signal ")
		dump(b, t.Value)
		b.WriteByte(')')
	case *Seq:
		b.WriteString("(seq")
		dumpAll(b, t.Stmts)
		b.WriteByte(')')
	case *Query:
		b.WriteString("(" + t.Kind)
		if t.Distinct {
			b.WriteString(" distinct")
		}
		if t.Limit != nil {
			b.WriteString(" limit=")
			dump(b, t.Limit)
		}
		if t.Order != nil {
			if t.Desc {
				b.WriteString(" desc=")
			} else {
				b.WriteString(" asc=")
			}
			dump(b, t.Order)
		}
		dumpCols(b, "cols", t.Cols)
		if t.By != nil {
			dumpCols(b, "by", t.By)
		}
		b.WriteString(" (from ")
		dump(b, t.From)
		b.WriteByte(')')
		if t.Where != nil {
			b.WriteString(" (where")
			dumpAll(b, t.Where)
			b.WriteByte(')')
		}
		b.WriteByte(')')
	default:
		fmt.Fprintf(b, "%T", n)
	}
}

// DumpValue renders a literal value with its type letter: 1j, 1 2j, 2.5f, `a`b,
// "ab", 0x0a, 10b, 2000.01.01d (temporals show their raw encoding: 0d, 12:00 is 720u).
func DumpValue(v value.Value) string {
	switch a := v.(type) {
	case value.Bool:
		if a {
			return "1b"
		}
		return "0b"
	case value.Byte:
		return fmt.Sprintf("0x%02x", byte(a))
	case value.Char:
		return strconv.Quote(string([]byte{byte(a)})) + "c"
	case value.Sym:
		return "`" + string(a)
	case value.GUID:
		return "0Ng"
	case value.Real:
		return fmtF(float64(a)) + "e"
	case value.Float:
		return fmtF(float64(a)) + "f"
	case value.Datetime:
		return fmtF(float64(a)) + "z"
	case value.Short:
		return fmtI(int64(a), int64(value.NullShort), int64(value.InfShort)) + "h"
	case value.Int:
		return fmtI(int64(a), int64(value.NullInt), int64(value.InfInt)) + "i"
	case value.Long:
		return fmtI(int64(a), value.NullLong, value.InfLong) + "j"
	case value.Timestamp:
		return fmtI(int64(a), value.NullLong, value.InfLong) + "p"
	case value.Timespan:
		return fmtI(int64(a), value.NullLong, value.InfLong) + "n"
	case value.Month:
		return fmtI(int64(a), int64(value.NullInt), int64(value.InfInt)) + "m"
	case value.Date:
		return fmtI(int64(a), int64(value.NullInt), int64(value.InfInt)) + "d"
	case value.Minute:
		return fmtI(int64(a), int64(value.NullInt), int64(value.InfInt)) + "u"
	case value.Second:
		return fmtI(int64(a), int64(value.NullInt), int64(value.InfInt)) + "v"
	case value.Time:
		return fmtI(int64(a), int64(value.NullInt), int64(value.InfInt)) + "t"
	case *value.Vec[byte]:
		switch a.Typ {
		case value.TChar:
			return strconv.Quote(string(a.S))
		case value.TBool:
			var s strings.Builder
			for _, x := range a.S {
				s.WriteByte('0' + x)
			}
			return s.String() + "b"
		default:
			return fmt.Sprintf("0x%x", a.S)
		}
	case *value.Vec[string]:
		return "`" + strings.Join(a.S, "`")
	case *value.List:
		return fmt.Sprintf("list%d", len(a.Items))
	}
	n := value.Len(v)
	parts := make([]string, n)
	last := ""
	for i := 0; i < n; i++ {
		s := DumpValue(value.At(v, i))
		last = s[len(s)-1:]
		parts[i] = s[:len(s)-1]
	}
	return strings.Join(parts, " ") + last
}

func fmtF(f float64) string {
	switch {
	case math.IsNaN(f):
		return "0n"
	case math.IsInf(f, 1):
		return "0w"
	case math.IsInf(f, -1):
		return "-0w"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func fmtI(x, null, inf int64) string {
	switch x {
	case null:
		return "0N"
	case inf:
		return "0W"
	case -inf:
		return "-0W"
	}
	return strconv.FormatInt(x, 10)
}
