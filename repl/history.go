package repl

import (
	"os"
	"regexp"
)

// privateHistory makes the history file readable by its owner only, creating it so
// when it is missing: it keeps what was typed, hopen lines included.
func privateHistory(path string) {
	if path == "" {
		return
	}
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err == nil {
		f.Close()
	}
	os.Chmod(path, 0o600)
}

// credentials matches the password of a `:host:port:user:password address, as a symbol
// or a string (hopen `::5001:ann:secret, hopen ":db:5001:ann:secret").
var credentials = regexp.MustCompile("([`\"]:[^:`\"\\s]*:[0-9]+:[^:`\"\\s;)]*:)[^`\"\\s;)]+")

// maskPasswords is line as the history keeps it: every password in an address is ***.
func maskPasswords(line string) string {
	return credentials.ReplaceAllString(line, "${1}***")
}
