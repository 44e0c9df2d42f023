// Publishes one article a second with `khabar import jsonl` (a one-line file) while READERS
// clients load the home page in a loop, and measures, for each publication, the time from
// its acknowledgement (the import command exiting 0) until every reader has been served a
// home page that shows it. Used by bench/spike.sh.
//
//   node bench/spike/publish_watch.mjs URL KHABAR DB WORKDIR COUNT READERS
//
// Prints one JSON object: per-publication lags (ms; a reader served the article before the
// acknowledgement counts 0), how many home pages requested after an acknowledgement did not
// show it yet (stale), and how many reader requests were made.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [url, khabar, db, work, countText, readersText] = process.argv.slice(2);
const count = Number(countText);
const readers = Number(readersText);
const run = Date.now().toString(36);
const marker = (i) => `spk${run}n${i}`;

const acked = new Array(count).fill(null); // performance.now() of each acknowledgement
const seen = Array.from({ length: readers }, () => new Array(count).fill(null));
let stale = 0;
let requests = 0;
let errors = 0;
let stopping = false;

async function reader(r) {
  while (!stopping) {
    const started = performance.now();
    let body = '';
    try {
      const res = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
      body = await res.text();
      if (!res.ok) errors++;
    } catch {
      errors++;
      continue;
    }
    const ended = performance.now();
    requests++;
    for (let i = 0; i < count; i++) {
      if (seen[r][i] !== null) continue;
      if (body.includes(marker(i))) {
        seen[r][i] = ended;
      } else if (acked[i] !== null && started > acked[i]) {
        stale++;
      }
    }
  }
}

function publish(i) {
  const line = {
    id: `spike-${run}-${i}`,
    title: `خبر عاجل للقياس ${marker(i)}`,
    body: `فقرة أولى من خبر القياس ${i}.\n\nفقرة ثانية تكمل الخبر.`,
    category: 'world',
    tags: ['قياس'],
    source: 'Khabar bench',
  };
  const file = `${work}/publish-${i}.jsonl`;
  writeFileSync(file, JSON.stringify(line) + '\n');
  return new Promise((resolve, reject) => {
    const p = spawn(khabar, ['import', 'jsonl', file, '--db', db, '--related-later'], { stdio: 'ignore' });
    p.on('exit', (code) => {
      if (code === 0) {
        acked[i] = performance.now();
        resolve();
      } else {
        reject(new Error(`khabar import exited ${code}`));
      }
    });
  });
}

const loops = Array.from({ length: readers }, (_, r) => reader(r));
const t0 = performance.now();
for (let i = 0; i < count; i++) {
  const wait = t0 + i * 1000 - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  await publish(i);
}
await new Promise((r) => setTimeout(r, 3000));
stopping = true;
await Promise.all(loops);

const lags = [];
for (let i = 0; i < count; i++) {
  let worst = 0;
  for (let r = 0; r < readers; r++) {
    if (seen[r][i] === null) {
      worst = Infinity;
      break;
    }
    worst = Math.max(worst, seen[r][i] - acked[i]);
  }
  lags.push(worst === Infinity ? null : Math.round(worst));
}
console.log(JSON.stringify({ publications: count, readers, lags_ms: lags, stale, requests, errors }));
