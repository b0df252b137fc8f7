/ A live table for a browser: a timer appends trades and pushes each new row, as JSON,
/ to every page that subscribed over a WebSocket on this process's port.
/   gq examples/web/server.q -p 5001 [-tick ms]
/ then open examples/web/index.html (see README.md). -tick is the timer (default 1000).

opts:.Q.opt .z.x

/ The page is served by this process too: http://host:port/index.html is a file under
/ .h.HOME, here the folder of this script.
.h.HOME:$[count d:-1_"/" vs string .z.f;"/" sv d;"."]
tick:$[`tick in key opts;"J"$first opts`tick;1000]

/ Deterministic data, so a test can check what a page shows: row n has sym
/ syms (n-1) mod 4, price 100+n/4 and size 100*1+(n-1) mod 5.
syms:`AAPL`MSFT`GOOG`IBM
trades:([]seq:`long$();time:`timestamp$();sym:`symbol$();price:`float$();size:`long$())

subs:`int$()                    / WebSocket handles of the pages that subscribed

/ A page sends "sub" and gets the last 20 rows, then every new row; "unsub" stops that.
.z.ws:{
  if[x~"sub"; subs,:.z.w; neg[.z.w] .j.j `kind`rows!(`snapshot;-20 sublist trades)];
  if[x~"unsub"; subs::subs except .z.w];
  }
.z.wc:{subs::subs except x}     / a page closed: forget its handle

addrow:{
  n:1+count trades;
  r:([]seq:enlist n;time:enlist .z.p;sym:syms(n-1)mod count syms;price:100+n%4;size:100*1+(n-1)mod 5);
  `trades insert r;
  msg:.j.j `kind`rows!(`update;r);
  {neg[x] y}[;msg] each subs;
  }
.z.ts:{addrow[]}
system"t ",string tick
-1 "open http://localhost:",string[system"p"],"/index.html";
