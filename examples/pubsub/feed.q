/ A feed: sends (`upd;`trade;rows) to the tickerplant asynchronously on a timer.
/   gq examples/pubsub/feed.q 5010 [count]
/ The first argument is the tickerplant's port, the second how many batches to send
/ (default 20); it stops its timer when done.

args:"J"$.z.x
tp:hopen $[count args;args 0;5010]
n:0
batches:$[1<count args;args 1;20]
syms:`AAPL`GOOG`MSFT

.z.ts:{
  n::n+1;
  rows:([]time:2#.z.n;sym:syms (n+0 1) mod 3;price:100+n+0 0.5;size:10*n+0 1);
  neg[tp](`upd;`trade;rows);
  if[n>=batches;system"t 0";-1"feed done: ",string[n]," batches"]}

\t 50
