// Interop checks: node-q (a real kdb+ client library) against a gq listening on the
// port given as argv[2]. Prints "ok - name" or "not ok - name: detail" per check and
// exits non-zero when any check fails. Run with TZ=UTC (node-q makes local Dates).
"use strict";
const nodeq = require("node-q");
const Long = require("long");
const assert = require("assert");

const port = Number(process.argv[2]);
const user = process.argv[3];
const password = process.argv[4];

const d = (s) => new Date(s);

// Each check: [name, query, args, expected]. expected may be a function(res) that throws.
const syncChecks = [
  ["long atom", "2+2", [], 4],
  ["long vector", "1 2 3", [], [1, 2, 3]],
  ["int vector", "1 2 3i", [], [1, 2, 3]],
  ["float atom", "1.5", [], 1.5],
  ["float infinity", "0w", [], Infinity],
  ["boolean", "1b", [], true],
  ["boolean vector", "101b", [], [true, false, true]],
  ["symbol", " `abc", [], "abc"],
  ["symbol vector", " `a`b`c", [], ["a", "b", "c"]],
  ["string", "\"hello\"", [], "hello"],
  ["byte", "0x2a", [], 42],
  ["short", "7h", [], 7],
  ["real", "2.5e", [], 2.5],
  ["long null", "0N", [], null],
  ["int null", "0Ni", [], null],
  ["float null", "0n", [], null],
  ["symbol null", " `", [], null],
  ["date null", "0Nd", [], null],
  ["nulls in a vector", "1 0N 3", [], [1, null, 3]],
  ["date", "2014.01.02", [], d("2014-01-02T00:00:00.000Z")],
  ["month", "2014.03m", [], d("2014-03-01T00:00:00.000Z")],
  ["timestamp", "2014.06.23D11:34:39.412000000", [], d("2014-06-23T11:34:39.412Z")],
  ["datetime", "2014.06.23T11:49:31.533", [], d("2014-06-23T11:49:31.533Z")],
  ["time", "12:34:56.789", [], d("2000-01-01T12:34:56.789Z")],
  // node-q turns seconds into a Date through floating day fractions: allow its 1 ms error
  ["second", "12:34:56", [], (r) => assert.ok(Math.abs(r - d("2000-01-01T12:34:56.000Z")) <= 1, String(r))],
  ["minute", "12:34", [], d("2000-01-01T12:34:00.000Z")],
  ["date vector", "2000.01.01 2000.01.02", [], [d("2000-01-01T00:00:00.000Z"), d("2000-01-02T00:00:00.000Z")]],
  ["guid", "\"G\"$\"0a369037-75d3-b24d-6721-5a1d44d4bed5\"", [], "0a369037-75d3-b24d-6721-5a1d44d4bed5"],
  ["general list", "(1;`a;\"xy\")", [], [1, "a", "xy"]],
  ["dictionary", "`a`b!1 2", [], { a: 1, b: 2 }],
  ["table", "([] s:`a`b; v:1 2i; t:2000.01.01D00:00:00 2000.01.02D00:00:00)", [],
    [{ s: "a", v: 1, t: d("2000-01-01T00:00:00.000Z") }, { s: "b", v: 2, t: d("2000-01-02T00:00:00.000Z") }]],
  ["empty table", "([] s:`symbol$(); v:`int$())", [], []],
  // node-q reads a keyed table (a dictionary of two tables) as [key rows, value rows]
  ["keyed table", "([k:`a`b] v:1 2)", [], [[{ k: "a" }, { k: "b" }], [{ v: 1 }, { v: 2 }]]],
  ["empty keyed table", "([k:`symbol$()] v:`long$())", [], [[], []]],
  ["remote error", "'oops", [], (r, err) => assert.strictEqual(err && err.message, "oops")],
  ["type error", "1+`a", [], (r, err) => assert.strictEqual(err && err.message, "type")],
  ["float argument", "{x+y}", [1, 2], 3],
  ["short argument", "{type x}", [nodeq.short(1)], -5],
  ["int vector argument", "{(type x;sum x)}", [nodeq.ints([1, 2, 3])], [6, 6]],
  ["symbol argument", "{x,`z}", ["`y"], ["y", "z"]],
  ["string argument", "{count x}", ["hello"], 5],
  ["long argument", "{x*2}", [nodeq.long(Long.fromInt(21))], 42],
  ["timestamp argument", "{type x}", [nodeq.timestamp(d("2020-01-01T00:00:00.000Z"))], -12],
  ["date argument", "{x+1}", [nodeq.date(d("2020-01-01T00:00:00.000Z"))], d("2020-01-02T00:00:00.000Z")],
  ["dictionary argument", "{x`b}", [{ a: 1, b: 2 }], 2],
  ["boolean argument", "{not x}", [true], false],
  // node-q sends an array of symbols as a general list; at the server it is 11h (node-q's
  // own itest/serialization.js expects that)
  ["symbol list argument", "{(type x;x)}", [["`a", "`b", "`c"]], [11, ["a", "b", "c"]]],
  // a sync string ending in an assignment answers :: (null here), as kdb+ 4 does
  ["assignment answers ::", "na:200", [], null],
  ["assigned value", "na", [], 200],
  // 800 kB: node-q gets it in many socket reads and joins them (uncompressed, as kdb+
  // sends to a loopback peer: docs/basics/ipc.md#compression)
  ["large vector", "til 100000", [], (r, err) => {
    if (err) throw err;
    assert.strictEqual(r.length, 100000);
    assert.strictEqual(r[99999], 99999);
  }],
];

let failed = 0;
function report(name, err) {
  if (err) {
    failed++;
    console.log("not ok - " + name + ": " + (err.message || err));
  } else {
    console.log("ok - " + name);
  }
}

// node-q 2.7.0 registers a request's response listener only in the socket's write
// callback (index.js, Connection.prototype.k), so a reply that comes back before that
// callback runs is emitted to no listener and the request never completes: seen over
// TLS on a loaded machine (one hang in ~300 requests), the server's reply being already
// sent. keepEarlyReplies holds such a reply until its listener comes; a reply that
// never arrives still fails the check.
function keepEarlyReplies(con) {
  const early = new Map();
  const emit = con.emit;
  const once = con.once;
  con.emit = function (ev, ...a) {
    if (typeof ev === "string" && ev.startsWith("response:") && this.listenerCount(ev) === 0) {
      early.set(ev, a);
      return false;
    }
    return emit.call(this, ev, ...a);
  };
  con.once = function (ev, fn) {
    if (early.has(ev)) {
      const a = early.get(ev);
      early.delete(ev);
      process.nextTick(() => fn(...a));
      return this;
    }
    return once.call(this, ev, fn);
  };
}

function k(con, query, args) {
  return new Promise((resolve) => con.k(query, ...args, (err, res) => resolve([err, res])));
}
function ks(con, query, args) {
  return new Promise((resolve) => con.ks(query, ...args, (err) => resolve(err)));
}

async function run(con) {
  for (const [name, query, args, expected] of syncChecks) {
    const [err, res] = await k(con, query, args);
    try {
      if (typeof expected === "function") {
        expected(res, err);
      } else {
        if (err) throw err;
        assert.deepStrictEqual(res, expected);
      }
      report(name);
    } catch (e) {
      report(name, e.message + " (got " + JSON.stringify(res) + ")");
    }
  }
  // Async messages are processed in order before a later sync request.
  await ks(con, "nq:10", []);
  await ks(con, "nq+:5", []);
  await ks(con, "set", ["`nr", 42]);
  let [err, res] = await k(con, "(nq;nr)", []);
  try { if (err) throw err; assert.deepStrictEqual(res, [15, 42]); report("async then sync"); }
  catch (e) { report("async then sync", e.message + " (got " + JSON.stringify(res) + ")"); }

  // An upd call pushed by the server with neg[.z.w].
  const got = new Promise((resolve) => con.once("upd", (table, data) => resolve([table, data])));
  await ks(con, "neg[.z.w](`upd;`trade;([] sym:`a`b; size:10 20i))", []);
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 5000));
  const upd = await Promise.race([got, timeout]);
  try {
    assert.ok(upd, "no upd message within 5 s");
    assert.deepStrictEqual(upd, ["trade", [{ sym: "a", size: 10 }, { sym: "b", size: 20 }]]);
    report("upd pushed with neg[.z.w]");
  } catch (e) { report("upd pushed with neg[.z.w]", e.message); }

  // A publisher as node-q's README runs against kdb+tick: the timer rebuilds the table with
  // t::0#t; t,::row (global compound assignment) and pushes it to each subscriber.
  for (const q of ["subs:0#0i", "sub:{subs,::.z.w;}", "tk:([] sym:`$(); n:`long$())",
    ".z.ts:{[] tk::0#tk; tk,::(`a;1+count subs); {neg[x](`upd;`tk;tk)} each subs}", "system\"t 100\""]) {
    const [e] = await k(con, q, []);
    if (e) report("publisher set up: " + q, e);
  }
  const pub = new Promise((resolve) => con.once("upd", (table, data) => resolve([table, data])));
  await ks(con, "sub[]", []);
  const upd2 = await Promise.race([pub, new Promise((resolve) => setTimeout(() => resolve(null), 5000))]);
  await k(con, "system\"t 0\"", []);
  try {
    assert.ok(upd2, "no upd within 5 s of subscribing");
    assert.deepStrictEqual(upd2, ["tk", [{ sym: "a", n: 2 }]]);
    report("subscribe to a timer publisher");
  } catch (e) { report("subscribe to a timer publisher", e.message); }
}

const params = { host: "127.0.0.1", port: port, socketNoDelay: true };
if (user) { params.user = user; params.password = password; }
// GQ_TLS_CA names the certificate of a gq -E server: connect with node-q's useTLS,
// trusting it, and check that the server sees a TLS connection (.z.e, kdb+'s
// docs/ref/dotz.md#ze-tls-connection-status).
if (process.env.GQ_TLS_CA) {
  params.useTLS = true;
  params.ca = [require("fs").readFileSync(process.env.GQ_TLS_CA)];
  syncChecks.push(["TLS seen by the server", ".z.e`PROTOCOL", [], "TLSv1.3"]);
  syncChecks.push(["TLS details", "key .z.e", [], ["CIPHER", "PROTOCOL"]]);
}
nodeq.connect(params, (err, con) => {
  if (err) { console.log("not ok - connect: " + err.message); process.exit(1); }
  keepEarlyReplies(con);
  run(con).then(() => {
    con.close(() => {});
    console.log(failed + " failed");
    process.exit(failed ? 1 : 0);
  }, (e) => { console.log("not ok - crashed: " + e.stack); process.exit(1); });
});
