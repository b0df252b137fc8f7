package parser

import "strings"

// Chunks splits a q script into statements as kdb+ reads them: a line that starts
// with a space or tab continues the previous chunk; a line that is just / opens a
// block comment closed by a line that is just \; a lone \ outside a comment ends the
// script; other lines starting with / are comments; blank lines separate chunks
// (but not inside an open bracket: a lambda may have blank lines).
// Continuation lines are joined with "\n".
func Chunks(src string) []string {
	out, _ := ChunkLines(src)
	return out
}

// ChunkLines is Chunks with the line (1-based) each chunk starts on, which error
// locations show as file:line:.
func ChunkLines(src string) ([]string, []int) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	lines := strings.Split(src, "\n")
	var out []string
	var starts []int
	var cur []string
	start := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			starts = append(starts, start)
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
			return out, starts
		case trim == "":
			if len(cur) > 0 && openBrackets(strings.Join(cur, "\n")) {
				continue // a blank line inside a multi-line lambda or list
			}
			flush()
			continue
		case l[0] == ' ' || l[0] == '\t':
			if strings.HasPrefix(strings.TrimLeft(l, " \t"), "/") {
				continue // an indented comment line
			}
			if len(cur) > 0 {
				cur = append(cur, l)
			} else {
				cur, start = []string{l}, n+1
			}
			continue
		case l[0] == '/':
			flush()
			continue
		}
		flush()
		cur, start = []string{l}, n+1
	}
	flush()
	return out, starts
}

// openBrackets reports whether text leaves a bracket open, skipping strings and
// comments (a / after whitespace runs to the end of its line).
func openBrackets(text string) bool {
	depth := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '"':
			for i++; i < len(text) && text[i] != '"'; i++ {
				if text[i] == '\\' {
					i++
				}
			}
		case '/':
			if i == 0 || text[i-1] == ' ' || text[i-1] == '\t' || text[i-1] == '\n' {
				for i < len(text) && text[i] != '\n' {
					i++
				}
			}
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		}
	}
	return depth > 0
}
