// Live breaking news in a real browser: Debian's Chromium driven by playwright-core against
// the real khabar binary. A reader's open page gets a newly flagged breaking article at the
// head of its ticker within seconds, without a reload, from `khabar import` run as another
// process on the same database; titles are shown as text; with reduced motion the ticker
// still updates; without JavaScript the page is the server-rendered one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSite, withPage as pageOf, wide } from './lib.mjs';

let site, base, imports = 0;

// Publishes a breaking article from another process, as a newsroom's import would.
function publishBreaking(title) {
  const file = join(tmpdir(), `khabar-live-${process.pid}-${++imports}.jsonl`);
  writeFileSync(file, JSON.stringify({ id: `live-${imports}`, title, body: 'تفاصيل أولية.', breaking: true }) + '\n');
  site.run(['import', 'jsonl', file]);
}

before(async () => {
  site = await startSite();
  base = site.base;
});

after(async () => {
  await site?.stop();
});

// Every request of the page must succeed too (the browser's own favicon look-up aside).
const withPage = (t, fn, options = {}) =>
  pageOf(site, t, wide, fn, { ...options, failOnHttpErrors: true });

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
