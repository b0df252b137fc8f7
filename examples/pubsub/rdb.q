/ A real-time subscriber: subscribes to trade, appends what it receives, and answers
/ queries from anyone who connects.
/   gq examples/pubsub/rdb.q 5010 -p 5011
/ then ask it, e.g. from another gq:  `::5011 "select sum size by sym from trade"

args:"J"$.z.x
tp:hopen $[count args;args 0;5010]

/ the tickerplant pushes (`upd;table;rows): append them
upd:{[t;x] t insert x;}

/ subscribe, and start from the tickerplant's (empty) schema
r:tp(".u.sub";`trade;`)
(r 0) set r 1;
-1"subscribed to trade";
