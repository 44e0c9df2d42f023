// Opens N Server-Sent Events streams to one address and holds them until SIGTERM or SIGINT.
// Used by bench/spike.sh to measure what open live-update connections cost a server.
//
//   node bench/spike/sse_clients.mjs HOST PORT PATH N
//
// Prints "open <n> failed <m>" once every stream has answered (or failed), then every
// second while it holds them; on exit, "events <k>": the events received in all.
import net from 'node:net';

const [host, portText, path, countText] = process.argv.slice(2);
const port = Number(portText);
const wanted = Number(countText);
let open = 0;
let failed = 0;
let events = 0;
const sockets = [];

function connect() {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    let head = '';
    let answered = false;
    let counted = false;
    const done = (ok) => {
      if (answered) return;
      answered = true;
      counted = ok;
      if (ok) open++;
      else failed++;
      resolve();
    };
    s.setNoDelay(true);
    s.on('connect', () => {
      s.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: text/event-stream\r\n\r\n`);
    });
    s.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      if (!answered) {
        head += text;
        if (head.includes('\r\n\r\n')) done(/^HTTP\/1\.1 200/.test(head));
      }
      events += (text.match(/\nevent: /g) || []).length;
    });
    s.on('error', () => done(false));
    s.on('close', () => {
      if (counted) {
        counted = false;
        open--;
      }
      done(false);
    });
    sockets.push(s);
  });
}

// Opened in batches so that the listen backlog is never the limit being measured.
const batch = 200;
for (let i = 0; i < wanted; i += batch) {
  const n = Math.min(batch, wanted - i);
  await Promise.all(Array.from({ length: n }, connect));
}
console.log(`open ${open} failed ${failed}`);
const timer = setInterval(() => console.log(`open ${open} failed ${failed}`), 1000);
const stop = () => {
  clearInterval(timer);
  console.log(`events ${events}`);
  for (const s of sockets) s.destroy();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
