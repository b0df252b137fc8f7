package eval

import (
	"sync"

	"github.com/gq-dev/gq/eval/format"
	"github.com/gq-dev/gq/eval/value"
	"github.com/gq-dev/gq/ipc/wire"
)

// Keywords that kdb+ defines as a projection, a composition or a k lambda (in the .q
// context, as kdb+ shows them) are sent as that value, not as a primitive byte, and a
// peer's such value is the keyword again when it arrives. (Keywords that are bare
// primitives or a primitive with an iterator, sums is +\, are kdbForm's.)

// kwLambdas are the keywords kdb+ 4 defines as k lambdas in the .q context, with the
// source it sends (type 100, context q).
var kwLambdas = map[string]string{
	// exxeleron/qPython tests/QExpressions3.out, the bytes a kdb+ server sent for xbar
	"xbar": `k){x*y div x:$[16h=abs[@x];"j"$x;x]}`,
	// KX ref/parse.md: the parse tree of "foo each til 5" shows each and til as these lambdas
	"each": `k){x'y}`,
	"til":  `k){$[0>@x;!x;'` + "`" + `type]}`,
	// the text kdb+ 4.x shows for these keywords when the name is typed at a q prompt,
	// and sends for them; kept as data so that a peer gets the same lambda (no KX page
	// shows these seven)
	"sv":    `k){x/:y}`,
	"vs":    `k){x\:y}`,
	"over":  `k){x/y}`,
	"scan":  `k){x\y}`,
	"prior": `k){x':y}`,
	"ssr":   `k){,/@[x;1+2*!_.5*#x:(0,/(0,{n:x?"[";$[n=#x;n;n+.z.s$[(#x)=p:x?"]";'"unmatched ]";p]_x:(n+2+"^"=x n+1)_x]}y,"")+/:x ss y)_x;$[100h>@z;:[;z];z]]}`,
	"lower": `k){$[$[(~@x)&10h~@*x;&/10h=@:'x;0b];_x;~t&77h>t:abs@@x;.z.s'x;19<t;.z.s@. x;~t in 10 11h;'` + "`" + `type;_x]}`,
}

// saveSrc is the lambda save applies to each of its arguments (qPython's
// QExpressions3.out: save arrives as 6a, each, of this q-context lambda).
const saveSrc = "k){$[1=#p:`\\:*|`\\:x:-1!x;set[x;. *p];   x 0:.h.tx[p 1]@.*p]}"

var (
	kwWireOnce sync.Once
	kwWire     map[string]value.Value // keyword -> the value kdb+ sends
	kwFromWire map[string]string      // that value's encoding -> keyword
)

func initKwWire() {
	kwWireOnce.Do(func() {
		initPrimVals()
		bin := func(g string) *value.Prim {
			id, _ := wire.PrimID(value.TBinary, g)
			return &value.Prim{Name: g, T: value.TBinary, ID: id}
		}
		un := func(n string) *value.Prim {
			id, _ := wire.PrimID(value.TUnary, n)
			return &value.Prim{Name: n, T: value.TUnary, ID: id}
		}
		kwWire = map[string]value.Value{
			// qPython QExpressions3.out: md5 is -15! (68 02000000 66 10 f9 f1ff..)
			"md5": &value.Projection{Fn: bin("!"), Args: []value.Value{value.Long(-15), nil}},
			// and any is max"b"$ (69 02000000 65 1c 68 02000000 66 0b f6 62); all is its min twin
			"any": &value.Composition{Fns: []value.Value{un("max"), &value.Projection{Fn: bin("$"), Args: []value.Value{value.Char('b'), nil}}}},
			"all": &value.Composition{Fns: []value.Value{un("min"), &value.Projection{Fn: bin("$"), Args: []value.Value{value.Char('b'), nil}}}},
			// upsert is a projection of . (amend) with () and , fixed: the KX white paper
			// wp/permissions tests a message's first item against exactly that projection
			"upsert": &value.Projection{Fn: bin("."), Args: []value.Value{nil, &value.List{Items: []value.Value{}}, bin(","), nil}},
			"save":   &value.Derived{Adverb: value.TEach, Fn: &value.Lambda{Ns: "q", Src: saveSrc}},
		}
		for k, src := range kwLambdas {
			kwWire[k] = &value.Lambda{Ns: "q", Src: src}
		}
		kwFromWire = make(map[string]string, len(kwWire))
		for k, text := range format.KeywordForms { // attr, hcount, eval, reval: -n!
			if f := internalForm(text); f != nil {
				if b, err := wire.Encode(f); err == nil {
					kwFromWire[string(b[wire.HeaderLen:])] = k
				}
			}
		}
		for k, v := range kwWire {
			if b, err := wire.Encode(v); err == nil {
				kwFromWire[string(b[wire.HeaderLen:])] = k
			}
		}
	})
}

// kwFallback gives p itself when it has a primitive byte, else (a keyword this table
// has no kdb+ value for: cols, xkey...) a q-context lambda whose text is its name, which
// a gq peer reads back as the keyword, rather than a wrong primitive byte.
func kwFallback(p *value.Prim) value.Value {
	if isGlyph(p.Name) || p.Name == "" || primByName(p.Name) != p {
		return p
	}
	if p.T >= value.TUnary && p.T <= value.TTernary {
		if _, ok := wire.PrimID(p.T, p.Name); ok {
			return p
		}
	}
	return &value.Lambda{Ns: "q", Src: p.Name}
}

// WireFunc turns a decoded function that is kdb+'s form of a keyword back into that
// keyword; anything else is returned as it is: the ipc.Options Decoder's Funcs. Safe on
// any goroutine once an Interp exists.
func WireFunc(v value.Value) value.Value {
	switch f := v.(type) {
	case *value.Lambda:
		if f.Ns != "q" {
			return v
		}
		if p := primByName(f.Src); p != nil && !isGlyph(f.Src) {
			return p
		}
	case *value.Projection, *value.Composition, *value.Derived:
	default:
		return v
	}
	initKwWire()
	if n, err := wire.Size(v); err != nil || n > 512 { // the forms are all small
		return v
	}
	b, err := wire.Encode(v)
	if err != nil {
		return v
	}
	if k, ok := kwFromWire[string(b[wire.HeaderLen:])]; ok {
		if p := primByName(k); p != nil {
			return p
		}
	}
	return v
}
