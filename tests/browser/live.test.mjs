// Live breaking news in a real browser: Debian's Chromium driven by playwright-core against
// the real khabar binary. A reader's open page gets a newly flagged breaking article at the
// head of its ticker within seconds, without a reload, from `khabar import` run as another
// process on the same database; titles are shown as text; with reduced motion the ticker
// still updates; without JavaScript the page is the server-rendered one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';

const binary = process.env.KHABAR_BINARY;
const source = process.env.KHABAR_SOURCE_DIR;
const shots = process.env.KHABAR_SCREENSHOT_DIR || join(tmpdir(), 'khabar-browser-shots');
let dir, db, server, browser, base, imports = 0;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitHealthy(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url + '/healthz');
      if (r.status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('khabar did not become healthy');
}

// Publishes a breaking article from another process, as a newsroom's import would.
function publishBreaking(title) {
  const file = join(dir, `breaking-${++imports}.jsonl`);
  writeFileSync(file, JSON.stringify({ id: `live-${imports}`, title, body: 'تفاصيل أولية.', breaking: true }) + '\n');
  execFileSync(binary, ['import', 'jsonl', file, '--db', db]);
}

before(async () => {
  assert.ok(binary && source, 'run through ctest (KHABAR_BINARY, KHABAR_SOURCE_DIR)');
  dir = mkdtempSync(join(tmpdir(), 'khabar-live-'));
  db = join(dir, 'khabar.db');
  execFileSync(binary, ['import', 'jsonl', join(source, 'web/demo/articles.jsonl'), '--db', db]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(binary, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
  await waitHealthy(base, 30000);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  if (server) {
    const exited = new Promise((r) => server.on('exit', (code) => r(code)));
    server.kill('SIGTERM');
    assert.equal(await exited, 0, 'khabar exits 0 on SIGTERM');
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Runs `fn` with a fresh page; saves a screenshot when it fails.
async function withPage(t, fn, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ar', ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Every request of the page succeeds (the browser's own favicon look-up aside).
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
  });
  try {
    await fn(page);
    assert.deepEqual(errors, []);
  } catch (e) {
    mkdirSync(shots, { recursive: true });
    const file = join(shots, t.name.replace(/[^a-z0-9]+/gi, '_') + '.png');
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    e.message += `\n(screenshot: ${file})`;
    throw e;
  } finally {
    await context.close();
  }
}

// Waits until the page's event stream is open.
async function waitStreaming(page) {
  await page.locator('#ticker[data-live]').waitFor({ state: 'attached', timeout: 10000 });
}

async function headOfTicker(page) {
  return page.locator('#ticker .ticker-item').first();
}

test('an open page shows a new breaking article at the head of its ticker without reload', async (t) => {
  await withPage(t, async (page) => {
    await page.goto(base + '/');
    await page.evaluate(() => { window.__sameDocument = true; });
    const before = await page.locator('#ticker .ticker-item').count();
    await waitStreaming(page);
    const title = 'عاجل الآن: إغلاق الطريق الساحلي <b>بسبب</b> "الفيضان"';
    publishBreaking(title);
    const head = await headOfTicker(page);
    // Within a few seconds: the producer looks once a second.
    await page.waitForFunction((t) => {
      const a = document.querySelector('#ticker .ticker-item a');
      return a && a.textContent.includes(t);
    }, title, { timeout: 8000 });
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
    assert.match(await head.getAttribute('class'), /\bbreaking\b/);
    assert.equal(await head.locator('.badge').innerText(), 'عاجل');
    // The title is text: its markup made no element.
    assert.equal(await head.locator('b').count(), 0);
    const href = await head.locator('a').getAttribute('href');
    assert.match(href, /^\/20\d\d\/\d\d\//);
    assert.equal((await fetch(base + href)).status, 200);
    assert.equal(await page.locator('#ticker .ticker-item').count(), before);
    // The article is really what a reload shows first.
    const fresh = await (await fetch(base + '/')).text();
    assert.ok(fresh.indexOf('إغلاق الطريق الساحلي') < fresh.indexOf('انقطاع المياه'));
  });
});

test('with reduced motion the ticker updates and stays still', async (t) => {
  await withPage(t, async (page) => {
    await page.goto(base + '/');
    await waitStreaming(page);
    const title = 'عاجل: وصول فرق الإنقاذ إلى الأحياء الشرقية';
    publishBreaking(title);
    await page.waitForFunction((t) => {
      const a = document.querySelector('#ticker .ticker-item a');
      return a && a.textContent.includes(t);
    }, title, { timeout: 8000 });
    const animation = await page.locator('#ticker .ticker-track').evaluate((el) => getComputedStyle(el).animationName);
    assert.equal(animation, 'none');
    assert.equal(await (await headOfTicker(page)).isVisible(), true);
  }, { reducedMotion: 'reduce' });
});

test('without JavaScript the ticker is the server-rendered one and no stream opens', async (t) => {
  await withPage(t, async (page) => {
    const streams = [];
    page.on('request', (r) => { if (r.url().includes('/live/')) streams.push(r.url()); });
    await page.goto(base + '/');
    const head = await headOfTicker(page);
    assert.match(await head.getAttribute('class'), /\bbreaking\b/);
    assert.equal(await head.locator('.badge').innerText(), 'عاجل');
    await page.waitForTimeout(500);
    assert.deepEqual(streams, []);
  }, { javaScriptEnabled: false });
});
