package ipc

import (
	"bufio"
	"crypto/md5"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"os"
	"strings"
)

// LoadUsers reads a -U password file: one user:password line each, where the password
// is the plain text, its MD5 hex digest (raze string md5 "pw") or its SHA-1 hex digest.
// Blank lines are skipped; the password is everything after the first colon.
func LoadUsers(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	users := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			continue
		}
		u, p, _ := strings.Cut(line, ":")
		users[u] = p
	}
	return users, sc.Err()
}

// checkPassword reports whether pw matches stored in any of the three forms kdb+
// accepts. How kdb+ tells the forms apart is undocumented, so all three are tried.
func checkPassword(stored, pw string) bool {
	m := md5.Sum([]byte(pw))
	s := sha1.Sum([]byte(pw))
	ok := subtle.ConstantTimeCompare([]byte(stored), []byte(pw)) == 1
	ok = ok || strings.EqualFold(stored, hex.EncodeToString(m[:]))
	ok = ok || strings.EqualFold(stored, hex.EncodeToString(s[:]))
	return ok
}

// splitCreds parses a client hello (the bytes before the NUL) as ipc-protocol.md §1.2
// says: a trailing byte below 0x20 is the capability, the rest user[:password].
func splitCreds(b []byte) (user, pw string, capa byte) {
	if n := len(b); n > 0 && b[n-1] < 0x20 {
		capa = b[n-1]
		b = b[:n-1]
	}
	user, pw, _ = strings.Cut(string(b), ":")
	return user, pw, capa
}
