// Package eval is gq's q interpreter: it compiles the parser's syntax trees into
// closures and runs them over eval/value's typed values, on one goroutine, as q's one
// thread. The console display lives in eval/format; the wire codec in ipc/wire; the
// float compare loops that have SIMD forms (AVX2 assembly, a GOEXPERIMENT=simd build)
// in eval/kernel.
//
// A map of the package, by part:
//
//   - Entry points: interp.go (Interp, New, Exec, Input, Run, Apply, the one recover
//     at the boundary, recoverTo), env.go (namespaces, globals, .z), errors.go (q errors
//     are panics of *value.Error inside the package), trace.go (error locations: the
//     [n] frames and caret kdb+ 4 prints, the q)) debugger, .Q.bt, \e for clients).
//   - Compiling and calling: node.go (syntax -> closures, names, assignment), lambda.go
//     (frames, locals, calls, 'stack), control.go ($[;;], if, do, while), apply.go
//     (applying anything: primitives, projections, compositions), apply_index.go
//     (indexing lists, dictionaries and tables), amend.go (@ and . amend, protected
//     evaluation), parse.go (parse and eval of parse trees), fastops.go (scalar fast
//     paths for lambda bodies).
//   - The primitive table: prims.go, every glyph and keyword one row, and the -n!
//     internals beside it. Everything below is what its rows point at.
//   - Kernels: atomic.go (atomic extension through lists, dictionaries, tables),
//     arith.go (+ - * % div mod xbar, tolerant float rules), math.go (sqrt exp log,
//     matrices), compare.go (= < > ~ & | not null fills within), agg.go (sum avg min
//     max var, moving and running functions), list.go (take drop join cut raze where
//     flip ...), sort.go, search.go (find in distinct group bin, sets), strings.go (like
//     ss ssr sv vs, string), cast.go and tok.go ($ casts and parsing text), time.go
//     (temporal arithmetic, ltime gtime), enum.go (enumerations in searches), dictops.go
//     (! key keys), alloc.go ('wsfull limits on lengths taken from q values).
//   - Iterators: adverb.go (each, over, scan, prior and their keyword forms),
//     results.go (results of longs or floats gathered unboxed), unboxed.go (over and
//     scan with an arithmetic lambda run on machine numbers).
//   - Secondaries (-s, \s): peach.go (peach, .Q.fc's pieces, what a secondary may not
//     do), parallel.go (kdb+ 4's multithreaded primitives: kernels split in chunks).
//   - Tables and qSQL: table.go (cols meta xkey insert upsert joins), table_amend.go,
//     table_keyed.go, table_group.go, table_agg.go, table_sym.go, table_asof.go (aj
//     asof), table_wj.go (wj), qsql.go (select exec update delete compiled from the
//     syntax tree), qsql_func.go (functional ?[t;c;b;a] and ![t;c;b;a]).
//   - System and the process: system.go (\ commands, scripts: LoadScript and \l,
//     getenv, views), keywords.go (value get eval show exit set system reval), dotq.go
//     (the .Q functions), json.go (.j: JSON both ways), doth.go (.h: HTML, CSV/XML/Excel
//     text, HTTP responses; its variables .h.ty .h.tx .h.HOME .h.val ...).
//   - Files: files.go (read0 read1 hcount hdel set/get on files, save load),
//     files_text.go (0: text and CSV).
//   - IPC glue: net.go (Net, what the evaluator needs from the transport), handle.go
//     (applying handles: 0 1 2 and connections), ipc.go (hopen hclose, -8! -9! -18!,
//     WirePrim, and ServeSync/ServeAsync/Opened/Closed/Auth, the ipc.Dispatcher side;
//     \trace, whose lines cmd/gq formats from ipc's events), tls.go (.z.e, -26!, \E
//     through TLSNet), http.go (HTTPAuth/HTTP: .z.ac .z.ph .z.pp .z.pm, the default
//     .z.ph, .Q.hg .Q.hp and the one-shot `:http://), ws.go (WebSockets: .z.wo .z.ws
//     .z.wc, `:ws:// requests and hopen).
package eval
