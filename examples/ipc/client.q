/ The client side of the kdb+ IPC walkthrough (code.kx.com/q/basics/ipc/).
/ Start the server first (gq examples/ipc/server.q -p 5001), then, in another
/ terminal:   gq examples/ipc/client.q
/ Each line is echoed with its result so the two terminals tell the story side by side.

show h:hopen `::5001             / connect: the handle is an int
show h "2+2"                     / sync request as a string
show h (+;2;2)                   / sync request as a parse tree
f:{4+x}                          / a local f, different from the server's
show h(`f;2)                     / the server's f
show h(f;2)                      / our f, sent over and run there
v:10
show h(`f;v)                     / passing a local value as the argument
show h({x+y};2;3)                / a lambda and two arguments
neg[h]"a:10";                    / async: queued, returns at once
neg[h][];                        / flush: block until it is written
show h"a"                        / the server has a
neg[h]"neg[.z.w]`hello";         / ask the server to send us an async message
show r:h[]                       / block until it arrives
show `::5001 "1+1"               / one-shot: open, request, close
show .z.W                        / bytes queued per handle
hclose h
