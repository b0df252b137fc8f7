/ A gateway that answers later: .z.pg defers every sync request (-30!(::)) and the
/ timer answers them, an error for "boom" (-30!(h;1b;msg)). Its value is ignored.
pending:()
.z.pg:{[q] -30!(::); pending,:enlist (.z.w;q); `ignored}
.z.ts:{{-30!(x 0;"boom"~x 1;$["boom"~x 1;"boom";value x 1])} each pending; pending::()}
\t 20
