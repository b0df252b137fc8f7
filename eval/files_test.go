package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// filesSession is a transcript of file I/O run in a fresh temporary directory (the
// working directory while it runs): DIR stands for that directory, and ‵ for a
// backquote, which a Go raw string cannot hold.
const filesSession = `# Save Text, read0, read1 (read0.md, read1.md, file-text.md)
q)‵:test.txt 0:("hello";"goodbye")
‵:test.txt
q)read0‵:test.txt
"hello"
"goodbye"
q)read1‵:test.txt
0x68656c6c6f0a676f6f646279650a
q)"c"$read1‵:test.txt
"hello\ngoodbye\n"
q)‵:foo 0: enlist "hello world"
‵:foo
q)read0 (‵:foo;6;5)
"world"
q)read1 (‵:foo;6)
0x776f726c640a
q)read1 (‵:foo;6;100)
0x776f726c640a
q)read1 (‵:foo;100;1)
‵byte$()
q)hcount‵:test.txt
14
q)-7!‵:test.txt
14
q)‵:crlf.txt 1: "a\r\nb\n\nc"
‵:crlf.txt
q)read0‵:crlf.txt
,"a"
,"b"
""
,"c"
q)‵:empty.txt 0: ()
‵:empty.txt
q).Q.s1 read0‵:empty.txt
"()"
q)hcount‵:empty.txt
0
q)‵:x.txt 0: "ab"
'type
q)‵:x.txt 0: 1 2
'type
# missing directories are made
q)‵:DIR/a/b/c.txt 0: enlist "deep"
‵:DIR/a/b/c.txt
q)read0‵:DIR/a/b/c.txt
"deep"
q)key‵:DIR/a
,‵b
q)key‵:DIR/a/b/c.txt
‵:DIR/a/b/c.txt
q)read0‵:DIR/a
'DIR/a. OS reports: Is a directory
q)hdel‵:DIR/a
'DIR/a. OS reports: Directory not empty
q)hdel‵:DIR/a/b/c.txt
‵:DIR/a/b/c.txt
q)key‵:DIR/a/b
‵symbol$()
q)hdel‵:DIR/a/b
‵:DIR/a/b
q)hdel‵:DIR/a/b
'DIR/a/b. OS reports: No such file or directory
q)hdel‵:DIR/a
‵:DIR/a
# Save Binary (file-binary.md)
q)‵:hello 1: 0x68656c6c6f776f726c64
‵:hello
q)read0‵:hello
"helloworld"
q)‵:hello 1: "hi"
‵:hello
q)read1‵:hello
0x6869
q)‵:hello 1: 1 2 3
'type
q)(enlist"h";enlist 2)1:‵:hello
26984
# Load CSV from files
q)‵:data.csv 0: ("0,hea,481";"10,dfi,579";"20,oil,77")
‵:data.csv
q)("ISI";",") 0:‵:data.csv
0   10  20
hea dfi oil
481 579 77
q)("ISI";",") 0:‵data.csv
0   10  20
hea dfi oil
481 579 77
q)("I";4) 0:‵:data.csv
'type
q)‵:t.csv 0: "," 0: ([]s:‵a‵b‵c;j:1 2 3;f:1.5 0n 2.5;d:2020.01.01 2020.01.02 0Nd;str:(enlist"x";"y,z";"w\"v"))
‵:t.csv
q)read0‵:t.csv
"s,j,f,d,str"
"a,1,1.5,2020-01-01,x"
"b,2,,2020-01-02,\"y,z\""
"c,3,2.5,,w\"v"
q)u:("SJFD*";enlist ",") 0: ‵:t.csv
q)u
s j f   d          str
-------------------------
a 1 1.5 2020.01.01 ,"x"
b 2     2020.01.02 "y,z"
c 3 2.5            "w\"v"
q)meta u
c  | t f a
---| -----
s  | s
j  | j
f  | f
d  | d
str| C
q)("SJFD*";enlist ",") 0: (‵:t.csv;0;hcount‵:t.csv)
s j f   d          str
-------------------------
a 1 1.5 2020.01.01 ,"x"
b 2     2020.01.02 "y,z"
c 3 2.5            "w\"v"
# set and get on file handles (get.md)
q)‵:work.dat set 1 2 3
‵:work.dat
q)get‵:work.dat
1 2 3
q)‵:DIR/sub/a set 42
‵:DIR/sub/a
q)get‵:DIR/sub/a
42
q)‵:t set t:([]x:2 3 5;y:‵ibm‵amd‵intel;z:"npn")
‵:t
q)t~get‵:t
1b
q)‵:f set {x+y}
‵:f
q)(get‵:f)[1;2]
3
q)‵:k set ([k:1 2]v:‵a‵b)
‵:k
q)get‵:k
k| v
-| -
1| a
2| b
q)get‵:test.txt
'type
# kdb+ splays only enumerated symbol columns, 'type otherwise (kb/splayed-tables)
q)‵:tbl/ set t
'type
# save, load (save.md, load.md)
q)save‵t
‵:t
q)delete t from ‵.
‵.
q)load‵t
‵t
q)t
x y     z
---------
2 ibm   n
3 amd   p
5 intel n
q)save‵t.csv
‵:t.csv
q)read0‵:t.csv
"x,y,z"
"2,ibm,n"
"3,amd,p"
"5,intel,n"
q)save‵t.txt
‵:t.txt
q)read0‵:t.txt
"x\ty\tz"
"2\tibm\tn"
"3\tamd\tp"
"5\tintel\tn"
q)a:til 6
q)b:.Q.a
q)save‵a‵b
‵:a‵:b
q)delete a,b from ‵.
‵.
q)load‵a‵b
‵a‵b
q)(a;b)
0 1 2 3 4 5
"abcdefghijklmnopqrstuvwxyz"
q)save‵$"DIR/p/t"
‵:DIR/p/t
q)t:0
q)load‵$":DIR/p/t"
‵t
q)t
x y     z
---------
2 ibm   n
3 amd   p
5 intel n
q)hdel‵:DIR/p/t
‵:DIR/p/t
q)save‵t.xml
'nyi
q)load‵nothing
'nothing. OS reports: No such file or directory
# a directory loads as a dictionary of its files
q)‵:cb/p set 1 2
‵:cb/p
q)‵:cb/s set ‵x
‵:cb/s
q)load‵cb
‵cb
q)cb
p| 1 2
s| ‵x
q)rsave‵t
'type
`

// TestFiles runs filesSession as one session in a temporary directory, so nothing is
// written into the repository.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	src := strings.NewReplacer("DIR", dir, "‵", "`").Replace(filesSession)
	path := filepath.Join(t.TempDir(), "files-session.txt")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, n := runTranscript(t, path); n > 0 {
		t.Logf("%d passed, %d failed", p, n)
	}
}

// TestFilesBigCSV loads a CSV written by Prepare Text and Save Text back to the same
// table, through the header and no-header forms.
func TestFilesBigCSV(t *testing.T) {
	t.Chdir(t.TempDir())
	ip := New(os.Stdout, os.Stderr)
	for _, c := range []struct{ in, want string }{
		{"n:10000;t:([]s:n?`3;j:n?100;f:0.5*n?100;d:2020.01.01+n?100;c:n?\"abc\")", ""},
		{"`:t.csv 0: csv:\",\" 0: t", "`:t.csv\n"},
		{"t~(\"SJFDC\";enlist \",\") 0: `:t.csv", "1b\n"},
		{"(value flip t)~(\"SJFDC\";\",\") 0: 1_read0`:t.csv", "1b\n"},
		{"`:t set t", "`:t\n"},
		{"t~get`:t", "1b\n"},
	} {
		got, err := ip.Exec(c.in)
		if err != nil {
			t.Fatalf("%s: '%v", c.in, err)
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.in, got, c.want)
		}
	}
}
