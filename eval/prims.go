package eval

import (
	"math"

	"github.com/gq-dev/gq/eval/value"
)

// primDef describes a primitive glyph (+ # ,) or built-in keyword (til, count, mod): one
// row of primTable. Pure kernels fill u/b; those needing the interpreter (to apply a
// function, read \P) fill ui/bi, which win over u/b when both are set; functions of rank
// 3 and more fill n with their rank.
type primDef struct {
	name  string
	u     func(x value.Value) value.Value
	b     func(x, y value.Value) value.Value
	ui    func(ip *Interp, x value.Value) value.Value
	bi    func(ip *Interp, x, y value.Value) value.Value
	n     func(ip *Interp, args []value.Value) value.Value
	rank  int    // rank of n
	vary  bool   // n also takes from 3 up to rank arguments (?[t;c;b;a;n;o])
	alias string // the keyword is this kdb+ primitive (not is ~:): it shows and travels as it
}

// primTable is every primitive glyph and keyword, one row each (files*: its arguments
// may name files, which -u confines for clients, access.go); the functions live in
// their topic files (doc.go has the map). Adding a primitive is a row here, a function
// there and transcript cases in testdata. It is a function, not a variable, because the
// rows reach functions that read the table back (Go forbids that cycle in initializers).
func primTable() []primDef {
	return []primDef{
		// glyphs: the unary form (u/ui) is g: (#: is count), the binary form g itself
		{name: "::", u: identity},
		{name: "+", u: flip, b: plus},
		{name: "-", u: neg, b: minus},
		{name: "*", u: first, b: times},
		{name: "%", u: reciprocal, b: divide}, // %: is reciprocal (k)
		{name: "&", u: where, b: lesser},
		{name: "|", u: reverse, b: greater},
		{name: "^", u: null, b: fillv}, // ^: is null (k)
		{name: "=", u: group, b: eq, bi: withSyms(eq)},
		{name: "<", u: iasc, b: lt, bi: withSyms(lt)},
		{name: ">", u: idesc, b: gt, bi: withSyms(gt)},
		{name: "<>", b: ne, bi: withSyms(ne)},
		{name: "<=", b: le, bi: withSyms(le)},
		{name: ">=", b: ge, bi: withSyms(ge)},
		{name: "$", ui: stringOf, bi: dollar},
		{name: ",", u: enlist, b: join, bi: joinEnum},
		{name: "#", u: count, b: take, bi: takeIp},
		{name: "_", u: floorv, b: drop}, // _: is floor (k)
		{name: "~", u: not, b: matchPrim},
		{name: "!", u: key, ui: keyIp, bi: bang, n: updateKw, rank: 4},
		{name: "?", u: distinct, bi: findEnum, n: queryKw, rank: 6, vary: true},
		{name: "@", u: typeOf, bi: atApply, n: filesN(atN), rank: 4},
		{name: ".", ui: filesU((*Interp).valueOf), bi: dotApply, n: filesN(dotN), rank: 4},
		{name: "'", u: eachOf, b: compose},
		{name: "0:", bi: filesB(fileText)},
		{name: "1:", bi: filesB(fileBinary)},

		// arithmetic and math (arith.go, math.go)
		{name: "neg", u: neg},
		{name: "abs", u: absv},
		{name: "signum", u: signum},
		{name: "reciprocal", u: reciprocal},
		{name: "floor", u: floorv},
		{name: "ceiling", u: ceilingv},
		{name: "div", b: idiv},
		{name: "mod", b: mod},
		{name: "xbar", b: xbar},
		{name: "sqrt", u: mathFn(math.Sqrt)},
		{name: "exp", u: expv},
		{name: "log", u: logv},
		{name: "sin", u: mathFn(math.Sin)},
		{name: "cos", u: mathFn(math.Cos)},
		{name: "tan", u: mathFn(math.Tan)},
		{name: "asin", u: mathFn(math.Asin)},
		{name: "acos", u: mathFn(math.Acos)},
		{name: "atan", u: mathFn(math.Atan)},
		{name: "xexp", b: xexp},
		{name: "xlog", b: xlog},
		{name: "mmu", b: mmu},
		{name: "inv", u: inv},
		{name: "lsq", b: lsq},

		// comparison and logic (compare.go)
		{name: "not", u: not, alias: "~:"},
		{name: "and", b: lesser, alias: "&"},
		{name: "or", b: greater, alias: "|"},
		{name: "null", u: null},
		{name: "fills", u: fills},
		{name: "within", b: within, bi: withSyms(within)},
		{name: "differ", u: differ},

		// aggregations and uniform functions (agg.go)
		{name: "sum", u: sum},
		{name: "sums", u: sums, b: seeded(plus)},
		{name: "prd", u: prd},
		{name: "prds", u: prds, b: seeded(times)},
		{name: "avg", u: avg},
		{name: "avgs", u: avgs},
		{name: "min", u: minv},
		{name: "mins", u: mins, b: seeded(lesser)},
		{name: "max", u: maxv},
		{name: "maxs", u: maxs, b: seeded(greater)},
		{name: "med", u: med},
		{name: "var", u: variance},
		{name: "svar", u: svar},
		{name: "dev", u: dev},
		{name: "sdev", u: sdev},
		{name: "all", u: all},
		{name: "any", u: anyv},
		{name: "deltas", u: deltas, b: priorSeeded(minus)},
		{name: "ratios", u: ratios, b: priorSeeded(divide)},
		{name: "wavg", b: wavg},
		{name: "wsum", b: wsum},
		{name: "cor", b: cor},
		{name: "cov", b: cov},
		{name: "scov", b: scov},
		{name: "msum", b: msum},
		{name: "mavg", b: mavg},
		{name: "mmax", b: mmax},
		{name: "mmin", b: mmin},
		{name: "mcount", b: mcount},
		{name: "mdev", b: mdev},
		{name: "ema", b: ema},

		// lists (list.go, sort.go)
		{name: "til", u: til},
		{name: "count", u: count},
		{name: "cut", b: cut},
		{name: "sublist", b: sublist},
		{name: "enlist", u: enlist},
		{name: "raze", u: raze},
		{name: "first", u: first},
		{name: "last", u: last},
		{name: "reverse", u: reverse},
		{name: "where", u: where},
		{name: "flip", u: flip},
		{name: "rotate", b: rotate},
		{name: "prev", u: prev},
		{name: "next", u: next},
		{name: "xprev", b: xprev},
		{name: "attr", u: attr},
		{name: "asc", u: asc},
		{name: "desc", u: desc},
		{name: "iasc", u: iasc},
		{name: "idesc", u: idesc},
		{name: "rank", u: rank},
		{name: "xrank", b: xrank},

		// search and sets (search.go, enum.go)
		{name: "distinct", u: distinct},
		{name: "rand", ui: randOne},
		{name: "in", b: in, bi: inEnum},
		{name: "except", b: except},
		{name: "inter", b: inter},
		{name: "union", b: union},
		{name: "group", u: group},
		{name: "cross", b: cross},
		{name: "bin", b: bin},
		{name: "binr", b: binr},

		// strings (strings.go, cast.go)
		{name: "string", ui: stringOf},
		{name: "type", u: typeOf},
		{name: "like", bi: like},
		{name: "ss", b: ss},
		{name: "ssr", n: ssr, rank: 3},
		{name: "sv", b: qsv},
		{name: "vs", b: qvs},
		{name: "upper", u: upper},
		{name: "lower", u: lower},
		{name: "trim", u: trim},
		{name: "ltrim", u: ltrim},
		{name: "rtrim", u: rtrim},
		{name: "md5", u: md5v},

		// dictionaries (dictops.go)
		{name: "key", u: key, ui: keyIp},
		{name: "keys", ui: keysKw},

		// iterators as keywords (adverb.go)
		{name: "each", bi: eachKw},
		{name: "peach", bi: peachKw},
		{name: "over", bi: overKw},
		{name: "scan", bi: scanKw},
		{name: "prior", bi: priorKw},

		// tables and joins (table*.go, qsql.go)
		{name: "cols", ui: colsKw},
		{name: "meta", ui: metaKw},
		{name: "tables", ui: (*Interp).tables},
		{name: "fkeys", ui: fkeysKw},
		{name: "xkey", bi: (*Interp).xkeyRef},
		{name: "xcol", b: xcol},
		{name: "xcols", b: xcols},
		{name: "xasc", bi: xascKw},
		{name: "xdesc", bi: xdescKw},
		{name: "xgroup", b: xgroup},
		{name: "ungroup", u: ungroup},
		{name: "insert", bi: (*Interp).insert},
		{name: "upsert", bi: (*Interp).upsert},
		{name: "fby", bi: (*Interp).fby},
		{name: "lj", b: lj},
		{name: "ljf", b: ljf},
		{name: "ij", b: ij},
		{name: "ijf", b: ijf},
		{name: "pj", b: pj},
		{name: "uj", b: uj},
		{name: "ujf", b: ujf},
		{name: "ej", n: ejKw, rank: 3},
		{name: "aj", n: ajKw, rank: 3},
		{name: "aj0", n: aj0Kw, rank: 3},
		{name: "ajf", n: ajfKw, rank: 3},
		{name: "ajf0", n: ajf0Kw, rank: 3},
		{name: "asof", b: asofKw},
		{name: "wj", n: wjKw, rank: 4},
		{name: "wj1", n: wj1Kw, rank: 4},

		// the interpreter, values and the process (keywords.go, parse.go, system.go, time.go)
		{name: "value", ui: filesU((*Interp).valueOf)},
		{name: "get", ui: filesU((*Interp).valueOf)},
		{name: "eval", ui: (*Interp).evalTree},
		{name: "reval", ui: (*Interp).reval},
		{name: "parse", ui: parseKw},
		{name: "show", ui: showKw},
		{name: "exit", ui: exitKw},
		{name: "set", bi: filesB(setKw)},
		{name: "system", ui: systemKw},
		{name: "view", ui: (*Interp).viewText},
		{name: "views", ui: viewsKw},
		{name: "getenv", u: getenv},
		{name: "setenv", b: setenv},
		{name: "ltime", u: ltime},
		{name: "gtime", u: gtime},

		// files (files.go, files_text.go)
		{name: "hsym", u: hsymKw},
		{name: "read0", ui: filesU(read0Kw)},
		{name: "read1", ui: filesPureU(read1)},
		{name: "hcount", ui: filesPureU(hcount)},
		{name: "hdel", ui: filesPureU(hdel)},
		{name: "save", ui: filesU(saveKw)},
		{name: "load", ui: filesU(loadKw)},
		{name: "rsave", ui: filesU(rsaveKw)},
		{name: "rload", ui: filesU(rloadKw)},

		// IPC (ipc.go)
		{name: "hopen", ui: filesU((*Interp).hopen)},
		{name: "hclose", ui: (*Interp).hclose},

		// HTTP (http.go): the default .z.ph, what .z.ph is until code sets it
		{name: ".z.ph", ui: zphDefault},

		// .Q (dotq.go)
		{name: ".Q.s", ui: showString},
		{name: ".Q.s1", ui: kformString},
		{name: ".Q.f", bi: dotqF},
		{name: ".Q.fmt", n: dotqFmt, rank: 3},
		{name: ".Q.id", u: dotqIDKw},
		{name: ".Q.w", u: dotqWKw},
		{name: ".Q.gc", ui: dotqGC},
		{name: ".Q.dd", bi: dotqDD},
		{name: ".Q.ts", bi: dotqTS},
		{name: ".Q.opt", ui: dotqOpt},
		{name: ".Q.def", bi: dotqDef},
		{name: ".Q.addmonths", b: dotqAddMonths},
		{name: ".Q.btoa", u: dotqBtoa},
		{name: ".Q.atob", u: dotqAtob},
		{name: ".Q.sha1", u: dotqSha1},
		{name: ".Q.x10", u: dotqX10},
		{name: ".Q.x12", u: dotqX12},
		{name: ".Q.j10", u: dotqJ10},
		{name: ".Q.j12", u: dotqJ12},
		{name: ".Q.ty", u: dotqTy},
		{name: ".Q.qt", u: dotqQt},
		{name: ".Q.v", ui: dotqV},
		{name: ".Q.fc", bi: dotqFc},
		{name: ".Q.fu", bi: dotqFu},
		{name: ".Q.ff", bi: dotqFF},
		{name: ".Q.trp", n: dotqTrp, rank: 3},
		{name: ".Q.trpd", n: dotqTrpd, rank: 3},
		{name: ".Q.bt", ui: dotqBt},
		{name: ".Q.sbt", u: dotqSbt},
		{name: ".Q.host", u: dotqHost},
		{name: ".Q.addr", u: dotqAddr},
		{name: ".Q.en", bi: filesB(dotqEn)},
		{name: ".Q.ens", n: filesN(dotqEns), rank: 3},
		{name: ".Q.cn", ui: dotqCn},
		{name: ".Q.par", n: filesN(dotqPar), rank: 3},
		{name: ".Q.dpft", n: filesN(dotqDpft), rank: 4},
		{name: ".Q.hdpf", n: filesN(dotqHdpf), rank: 4},
		{name: ".Q.chk", ui: filesU(dotqChk)},
		{name: ".Q.qp", ui: dotqQp},
		{name: ".Q.fs", bi: filesB(dotqFs)},
		{name: ".Q.fsn", n: filesN(dotqFsn), rank: 3},

		// .j (json.go)
		{name: ".j.j", ui: dotjJ},
		{name: ".j.k", u: dotjK},
		{name: ".j.jd", ui: dotjJd},

		// .h (doth.go)
		{name: ".h.htc", b: dothHtc},
		{name: ".h.hta", bi: dothHta},
		{name: ".h.htac", n: dothHtac, rank: 3},
		{name: ".h.ha", bi: dothHa},
		{name: ".h.hb", bi: dothHb},
		{name: ".h.pre", u: dothPre},
		{name: ".h.xmp", u: dothXmp},
		{name: ".h.xs", u: dothXs},
		{name: ".h.hc", u: dothHc},
		{name: ".h.hr", u: dothHr},
		{name: ".h.nbr", u: dothNbr},
		{name: ".h.code", u: dothCode},
		{name: ".h.http", u: dothHTTP},
		{name: ".h.text", u: dothText},
		{name: ".h.uh", u: dothUh},
		{name: ".h.hu", u: dothHu},
		{name: ".h.hug", b: dothHug},
		{name: ".h.iso8601", ui: dothIso8601},
		{name: ".h.html", ui: dothHTML},
		{name: ".h.hnz", n: dothHnz, rank: 4},
		{name: ".h.hn", n: dothHn, rank: 3},
		{name: ".h.hy", bi: dothHy},
		{name: ".h.hp", ui: dothHp},
		{name: ".h.he", ui: dothHe},
		{name: ".h.fram", n: dothFram, rank: 3},
		{name: ".h.cd", ui: dothCd},
		{name: ".h.td", ui: dothTd},
		{name: ".h.xd", ui: dothXd},
		{name: ".h.ed", ui: dothEd},
		{name: ".h.edsn", ui: dothEdsn},
		{name: ".h.xt", b: dothXt},
		{name: ".h.jx", bi: dothJx},
		{name: ".Q.hg", ui: dotqHg}, // HTTP client (http.go)
		{name: ".Q.hp", n: dotqHp, rank: 3},
	}
}

// internalDef is one -n!x internal function: u when it needs only x, ui when it needs
// the interpreter.
type internalDef struct {
	u  func(x value.Value) value.Value
	ui func(ip *Interp, x value.Value) value.Value
}

// internalTable is every -n!x, by n (0N!x, the print, is bang's own).
func internalTable() map[int64]internalDef {
	return map[int64]internalDef{
		-1:  {u: hsym},
		-3:  {ui: kformString},
		-5:  {ui: parseKw},
		-6:  {ui: (*Interp).evalTree},
		-7:  {ui: filesPureU(hcount)},
		-8:  {ui: serializeKw},
		-9:  {u: deserialize},
		-11: {ui: filesU(replayLog)},
		-15: {u: md5v},
		-16: {u: refCount},
		-18: {ui: compressKw},
		-19: {ui: filesPureU(compressFileKw)},
		-21: {ui: filesPureU(zipStatsKw)},
		-22: {ui: wireSizeKw},
		-24: {ui: (*Interp).reval},
		-25: {ui: broadcastKw},
		-26: {ui: sslKw},
		-30: {ui: deferKw},
	}
}

// prims and internals are the two tables by name and by n, made once before anything
// runs; nothing changes them afterwards.
var (
	prims     map[string]*primDef
	internals map[int64]internalDef
)

func init() {
	rows := primTable()
	prims = make(map[string]*primDef, len(rows))
	for i := range rows {
		if prims[rows[i].name] != nil {
			panic("eval: primitive " + rows[i].name + " has two rows")
		}
		prims[rows[i].name] = &rows[i]
	}
	internals = internalTable()
}
