/ The server side of ipc_test.go's client transcripts.
.z.pw:{[u;p] not u=`mallory}
.z.pc:{0N!(`closed;x);}
sq:{x*x}
boom:{'oops}
