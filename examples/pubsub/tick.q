/ A tickerplant: keeps subscribers per table and publishes each update to them.
/   gq examples/pubsub/tick.q -p 5010
/ Subscribers call .u.sub[table;`] (sync) and then receive (`upd;table;rows) messages.
/ A feed calls upd[table;rows], usually asynchronously.

trade:([]time:`timespan$();sym:`symbol$();price:`float$();size:`long$())

.u.t:enlist`trade                  / the tables we publish
.u.w:.u.t!enlist`int$()            / table -> subscribed handles

/ subscribe the caller to table t (all symbols); returns (name;empty schema)
.u.sub:{[t;s] if[not t in .u.t;'t]; .u.w[t]:distinct .u.w[t],.z.w; (t;value t)}

/ send rows x of table t to every subscriber of t
.u.pub:{[t;x] {[t;x;h] neg[h](`upd;t;x)}[t;x] each .u.w t;}

/ the feed's entry point: stamp nothing, just publish (a real one would log too)
upd:{[t;x] .u.pub[t;x]}

/ a subscriber that goes away is dropped from every table
.z.pc:{[h] .u.w:{x except y}[;h] each .u.w;}

-1"tickerplant ready";
