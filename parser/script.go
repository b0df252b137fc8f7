package parser

import "strings"

// Chunks splits a q script into statements as kdb+ reads them: a line that starts
// with a space or tab continues the previous chunk; a line that is just / opens a
// block comment closed by a line that is just \; a lone \ outside a comment ends the
// script; other lines starting with / are comments; blank lines separate chunks.
// Continuation lines are joined with "\n".
func Chunks(src string) []string {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	lines := strings.Split(src, "\n")
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	inBlock := false
	for n, l := range lines {
		if n == 0 && strings.HasPrefix(l, "#!") {
			continue
		}
		trim := strings.TrimRight(l, " \t")
		if inBlock {
			if trim == "\\" {
				inBlock = false
			}
			continue
		}
		switch {
		case trim == "/":
			flush()
			inBlock = true
			continue
		case trim == "\\":
			flush()
			return out
		case trim == "":
			flush()
			continue
		case l[0] == ' ' || l[0] == '\t':
			if strings.HasPrefix(strings.TrimLeft(l, " \t"), "/") {
				continue // an indented comment line
			}
			if len(cur) > 0 {
				cur = append(cur, l)
			} else {
				cur = []string{l}
			}
			continue
		case l[0] == '/':
			flush()
			continue
		}
		flush()
		cur = []string{l}
	}
	flush()
	return out
}
