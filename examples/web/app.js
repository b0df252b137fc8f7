// The page's side of examples/web: connect to gq over a WebSocket, send "sub", and
// draw the rows that server.q pushes as JSON ({kind, rows}) as they arrive.
"use strict";

// Served by gq itself (http://host:port/...), the WebSocket is on the same port; opened
// as a file, it is ws://localhost:5001 unless the page's URL says ?ws=ws://host:port.
function serverURL() {
  const given = new URLSearchParams(location.search).get("ws");
  if (given) return given;
  if (location.protocol === "http:") return "ws://" + location.host + "/";
  if (location.protocol === "https:") return "wss://" + location.host + "/";
  return "ws://localhost:5001/";
}

const maxRows = 15;        // rows kept on screen, newest first
const rows = [];           // what the trades table shows
const bySym = new Map();   // sym -> {last, trades, volume}
let updates = 0, total = 0;

function cell(tr, text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  tr.appendChild(td);
}

function draw() {
  const tbody = document.querySelector("#trades tbody");
  tbody.replaceChildren(...rows.map(r => {
    const tr = document.createElement("tr");
    tr.dataset.seq = r.seq;
    cell(tr, r.seq);
    cell(tr, String(r.time).slice(11, 23)); // hh:mm:ss.mmm of kdb+'s timestamp text
    cell(tr, r.sym, "sym");
    cell(tr, Number(r.price).toFixed(2));
    cell(tr, r.size);
    return tr;
  }));
  const sbody = document.querySelector("#bysym tbody");
  sbody.replaceChildren(...[...bySym.keys()].sort().map(s => {
    const v = bySym.get(s), tr = document.createElement("tr");
    cell(tr, s, "sym");
    cell(tr, v.last.toFixed(2));
    cell(tr, v.trades);
    cell(tr, v.volume);
    return tr;
  }));
  document.getElementById("updates").textContent = updates;
  document.getElementById("rows").textContent = total;
}

function add(newRows) {
  for (const r of newRows) {
    rows.unshift(r);
    const s = bySym.get(r.sym) || {last: 0, trades: 0, volume: 0};
    s.last = Number(r.price);
    s.trades += 1;
    s.volume += Number(r.size);
    bySym.set(r.sym, s);
    total += 1;
  }
  rows.length = Math.min(rows.length, maxRows);
}

function connect() {
  const url = serverURL(), status = document.getElementById("status");
  document.getElementById("url").textContent = url;
  const ws = new WebSocket(url);
  ws.onopen = () => {
    status.textContent = "open";
    status.className = "open";
    ws.send("sub");
  };
  ws.onmessage = ev => {
    const msg = JSON.parse(ev.data);
    // the snapshot comes oldest first, as updates do: add() puts the newest on top
    if (msg.kind === "snapshot" || msg.kind === "update") {
      add(msg.rows);
      updates += 1;
      draw();
    }
  };
  ws.onclose = () => {
    status.textContent = "closed";
    status.className = "closed";
  };
}

connect();
