/ handlers that record what they see; the server then moves to another context, and
/ what clients send still runs in the root (issue 11)
.z.pw:{[u;p] `pwa set .z.a; 1b}
.z.pc:{`pca set .z.a}
.z.bm:{`bm set x}
\d .foo
