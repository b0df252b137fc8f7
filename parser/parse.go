package parser

// Parse parses one complete statement chunk (a console line, or a script chunk with
// its continuation lines) into statements separated by ';'. An empty statement is a
// nil Node, so "a:1;" gives [Assign, nil] and the chunk's value is the generic null.
// Errors are *value.Error with q's text ('(' ')' '"' 'char 'params 'assign 'parse ...).
//
// TODO(parser helper): replace this placeholder with the real lexer + grammar + fold.
func Parse(src string) ([]Node, error) {
	panic("parser.Parse: not implemented yet")
}
