package parser

import "testing"

func BenchmarkParseSmall(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Parse("1+1"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseLambda(b *testing.B) {
	src := "f:{[x;y] a:x*x; b:y*y; r:a+b; $[r>10;r;neg r]}"
	for i := 0; i < b.N; i++ {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseQuery(b *testing.B) {
	src := "select count i, avg price by sym from t where price>10, size<1000"
	for i := 0; i < b.N; i++ {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseCached(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := ParseCached("n+:1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseCorpus parses every conformance input once per iteration.
func BenchmarkParseCorpus(b *testing.B) {
	cases := corpusInputs(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, c := range cases {
			Parse(c.input)
		}
	}
}
