package eval

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
)

// TestOnePrimitiveTable keeps primitives in one place: no file of eval but prims.go has an
// init function, declares a primDef or internalDef row at package level, or writes into
// the tables (a primDef made while running, as verbValue's for an unknown glyph, is no
// registration). So no
// behaviour depends on the order in which Go runs the files' initializers, and renaming a
// file changes nothing.
func TestOnePrimitiveTable(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || name == "prims.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "init" && fd.Recv == nil {
				t.Errorf("%s: func init outside prims.go", fset.Position(fd.Pos()))
			}
			_, isVar := d.(*ast.GenDecl)
			ast.Inspect(d, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CompositeLit: // a row made at package level is a registration
					if id, ok := x.Type.(*ast.Ident); ok && isVar && (id.Name == "primDef" || id.Name == "internalDef") {
						t.Errorf("%s: a %s row outside prims.go", fset.Position(x.Pos()), id.Name)
					}
				case *ast.AssignStmt:
					for _, l := range x.Lhs {
						if isTableRef(l) {
							t.Errorf("%s: writes a primitive table outside prims.go", fset.Position(x.Pos()))
						}
					}
				}
				return true
			})
		}
	}
	if checked < 20 {
		t.Fatalf("only %d files checked", checked)
	}
}

// isTableRef reports whether e is prims, internals or an index into either.
func isTableRef(e ast.Expr) bool {
	if ix, ok := e.(*ast.IndexExpr); ok {
		e = ix.X
	}
	id, ok := e.(*ast.Ident)
	return ok && (id.Name == "prims" || id.Name == "internals")
}

// Every row is reachable by name and every keyword a q user can type resolves.
func TestPrimTableRows(t *testing.T) {
	rows := primTable()
	if len(rows) != len(prims) || len(rows) < 200 {
		t.Fatalf("%d rows, %d in the table", len(rows), len(prims))
	}
	for _, r := range rows {
		if r.u == nil && r.ui == nil && r.b == nil && r.bi == nil && r.n == nil {
			t.Errorf("%s: a row with no implementation", r.name)
		}
		if r.n != nil && r.rank < 2 {
			t.Errorf("%s: n with rank %d", r.name, r.rank)
		}
		if primByName(r.name) == nil {
			t.Errorf("%s: no value", r.name)
		}
	}
}
