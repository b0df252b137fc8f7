/ The server side of the kdb+ IPC walkthrough (code.kx.com/q/basics/ipc/).
/ Start it first, in its own terminal:   gq examples/ipc/server.q -p 5001
/ Every request is shown as it arrives: handle, address, user, time, request.

.z.pg:{0N!(.z.w;.z.a;.z.u;.z.p;x);value x}
.z.ps:{0N!(`async;.z.w;x);value x}
.z.po:{0N!(`portOpen;x);}
.z.pc:{0N!(`portClosed;x);}

/ a function the client can call by name
f:{2+x}
-1"listening; try the client: gq examples/ipc/client.q";
