package repl

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMaskPasswords(t *testing.T) {
	for in, want := range map[string]string{
		"h:hopen `::5001:ann:secret":                  "h:hopen `::5001:ann:***",
		"h:hopen (`:db.example:5001:ann:s3cr3t;1000)": "h:hopen (`:db.example:5001:ann:***;1000)",
		`h:hopen ":localhost:5001:bob:pw"`:            `h:hopen ":localhost:5001:bob:***"`,
		"`::5001:ann:pw \"1+1\"":                      "`::5001:ann:*** \"1+1\"",
		"h:hopen `::5001:ann":                         "h:hopen `::5001:ann", // no password
		"h:hopen `::5001":                             "h:hopen `::5001",
		"a:`b:c":                                      "a:`b:c",
		"select from t where s=`x":                    "select from t where s=`x",
	} {
		if got := maskPasswords(in); got != want {
			t.Errorf("maskPasswords(%q) = %q, want %q", in, got, want)
		}
	}
}

// The history file is the owner's alone, whether gq creates it or finds it open to all.
func TestPrivateHistory(t *testing.T) {
	dir := t.TempDir()
	fresh, old := filepath.Join(dir, "new"), filepath.Join(dir, "old")
	os.WriteFile(old, []byte("1+1\n"), 0o644)
	os.Chmod(old, 0o644)
	for _, p := range []string{fresh, old} {
		privateHistory(p)
		st, err := os.Stat(p)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", p, st.Mode(), err)
		}
	}
	if b, _ := os.ReadFile(old); string(b) != "1+1\n" {
		t.Errorf("history lost: %q", b)
	}
}
