// The reader site in a real browser: Debian's Chromium driven by playwright-core against
// the real khabar binary serving the demo site from a fresh database. What only a browser
// can show is checked here: the overlays open and close by mouse and keyboard, the
// back-to-top button appears after scrolling and goes back up, nothing overflows a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const binary = process.env.KHABAR_BINARY;
const source = process.env.KHABAR_SOURCE_DIR;
const shots = process.env.KHABAR_SCREENSHOT_DIR || join(tmpdir(), 'khabar-browser-shots');
let dir, server, browser, base;

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

before(async () => {
  assert.ok(binary && source, 'run through ctest (KHABAR_BINARY, KHABAR_SOURCE_DIR)');
  dir = mkdtempSync(join(tmpdir(), 'khabar-browser-'));
  const db = join(dir, 'khabar.db');
  execFileSync(binary, ['import', 'jsonl', join(source, 'web/demo/articles.jsonl'), '--db', db]);
  execFileSync(binary, ['user', 'add', 'layla', '--role', 'editor', '--display-name', 'ليلى',
                        '--db', db], { input: 'كلمة سر طويلة للتحرير\n' });
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
async function withPage(t, viewport, fn, options = {}) {
  const context = await browser.newContext({ viewport, locale: 'ar', ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) errors.push('request to another host: ' + r.url());
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

const phone = { width: 360, height: 740 };
const wide = { width: 1280, height: 800 };

test('home fits a 360-pixel phone and a wide screen', async (t) => {
  for (const viewport of [phone, wide]) {
    await withPage(t, viewport, async (page) => {
      await page.goto(base + '/');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `page overflows by ${overflow}px at ${viewport.width}`);
      await assert.doesNotReject(page.locator('#ticker-title', { hasText: 'آخر الأخبار' }).waitFor());
      const first = page.locator('#ticker li').first();
      assert.match(await first.innerText(), /عاجل/);
    });
  }
});

test('side menu opens and closes by mouse, by Esc and by keyboard', async (t) => {
  await withPage(t, phone, async (page) => {
    await page.goto(base + '/');
    const menu = page.locator('#side-menu');
    const toggle = page.locator('#menu-toggle');
    assert.equal(await menu.isVisible(), false);
    await toggle.click();
    await menu.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'menu-toggle');
    await toggle.click();
    await menu.waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'إغلاق' }).filter({ visible: true }).click();
    await menu.waitFor({ state: 'hidden' });
    // Keyboard only: focus the toggle, Enter opens, Tab reaches إغلاق, Enter closes.
    await toggle.focus();
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'visible' });
    for (let i = 0; i < 20; i++) {
      const label = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
      if (label === 'إغلاق') break;
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'إغلاق');
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
  });
});

test('search overlay focuses its field, closes on Esc and searches', async (t) => {
  await withPage(t, wide, async (page) => {
    await page.goto(base + '/');
    const overlay = page.locator('#search-overlay');
    await page.locator('#search-toggle').click();
    await overlay.waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'overlay-q');
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'hidden' });
    await page.locator('#search-toggle').click();
    await page.locator('#overlay-q').fill('الساحل');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.keyboard.press('Enter')]);
    assert.ok((await page.locator('main .card').count()) > 0, 'search shows results');
  });
});

test('back-to-top appears after scrolling and takes the reader to the top', async (t) => {
  await withPage(t, phone, async (page) => {
    await page.goto(base + '/');
    const top = page.getByRole('link', { name: 'زر الذهاب إلى الأعلى' });
    assert.equal(await top.isVisible(), false, 'hidden at the top of the page');
    await page.evaluate(() => window.scrollTo(0, 1500));
    await top.waitFor({ state: 'visible' });
    await top.click();
    await page.waitForFunction(() => window.scrollY === 0);
    // And by keyboard.
    await page.evaluate(() => window.scrollTo(0, 1500));
    await top.waitFor({ state: 'visible' });
    await top.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.scrollY === 0);
  });
});

test('a reader posts a comment and is told it awaits moderation', async (t) => {
  await withPage(t, phone, async (page) => {
    await page.goto(base + '/');
    await page.locator('.lead-story h2 a').click();
    await page.locator('#comment').fill('متابعة ممتازة للحدث، شكراً.');
    await page.locator('#author').fill('قارئة من الساحل');
    await page.locator('#email').fill('reader.browser@example.com');
    await Promise.all([page.waitForURL(/comment_status=pending/),
                       page.getByRole('button', { name: 'إرسال التعليق' }).click()]);
    await assert.doesNotReject(page.locator('.notice[role=status]', { hasText: 'بانتظار المراجعة' }).waitFor());
    assert.equal((await page.content()).includes('reader.browser@example.com'), false);
    // A missing name is refused with an Arabic message and the text kept.
    await page.locator('#comment').fill('تعليق بلا اسم');
    await page.locator('#email').fill('x@example.com');
    await page.getByRole('button', { name: 'إرسال التعليق' }).click();
    await assert.doesNotReject(page.locator('.form-errors', { hasText: 'الرجاء كتابة الاسم' }).waitFor());
    assert.equal(await page.locator('#comment').inputValue(), 'تعليق بلا اسم');
  });
});

test('axe-core finds no accessibility violation on the reader pages', async (t) => {
  // The site's CSP forbids inline scripts; axe is injected as one, so this context bypasses it.
  await withPage(t, phone, async (page) => {
    await page.goto(base + '/');
    const article = await page.locator('.lead-story h2 a').getAttribute('href');
    const tag = await (async () => {
      await page.goto(base + article);
      return page.locator('.tags a').first().getAttribute('href');
    })();
    for (const path of ['/', article, tag, '/search?q=' + encodeURIComponent('الساحل'),
                        '/search?q=' + encodeURIComponent('الساحل') + '&sort=date',
                        '/no-such-page/', '/admin/login']) {
      await page.goto(base + path);
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(async () =>
        (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map(
            (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`));
      assert.deepEqual(result, [], `violations on ${decodeURIComponent(path)}`);
    }
  }, { bypassCSP: true });
});

test('without JavaScript the menu and search still open and close', async (t) => {
  await withPage(t, phone, async (page) => {
    await page.goto(base + '/');
    const menu = page.locator('#side-menu');
    assert.equal(await menu.isVisible(), false);
    await page.locator('#menu-toggle').click();
    await menu.waitFor({ state: 'visible' });
    await menu.getByRole('button', { name: 'إغلاق' }).click();
    await menu.waitFor({ state: 'hidden' });
    await page.locator('#search-toggle').click();
    await page.locator('#search-overlay').waitFor({ state: 'visible' });
    await page.locator('#overlay-q').fill('الساحل');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.keyboard.press('Enter')]);
    assert.ok((await page.locator('main .card').count()) > 0);
  }, { javaScriptEnabled: false });
});

test('an editor signs in, writes and publishes; the admin pages pass axe', async (t) => {
  await withPage(t, wide, async (page) => {
    await page.goto(base + '/admin/');
    assert.equal(new URL(page.url()).pathname, '/admin/login');
    await page.fill('#login-name', 'layla');
    await page.fill('#login-password', 'كلمة سر طويلة للتحرير');
    await page.click('.admin-form button[type=submit]');
    await page.waitForURL(base + '/admin/');
    assert.match(await page.locator('h1').innerText(), /ليلى/);
    await page.click('a[href="/admin/articles/new"]');
    await page.fill('#f-title', 'افتتاح مكتبة الحي الجديدة');
    await page.fill('#f-body', 'افتتحت البلدية مكتبة جديدة.\n\nتفتح أبوابها كل يوم.');
    await page.fill('#f-category', 'ثقافة');
    await page.fill('#f-tags', 'مكتبات، ثقافة');
    await page.click('button[value=publish]');
    await page.waitForURL(/\/admin\/articles\/\d+\?saved=1$/);
    assert.equal(await page.locator('.article-status').innerText(), 'منشور');
    const url = await page.locator('.page-header a[href^="/20"]').getAttribute('href');
    for (const path of ['/admin/', '/admin/articles', '/admin/articles/new', '/admin/comments',
                        new URL(page.url()).pathname]) {
      await page.goto(base + path);
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(async () =>
        (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map(
            (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`));
      assert.deepEqual(result, [], `violations on ${path}`);
    }
    await page.goto(base + url);
    assert.equal(await page.locator('h1').innerText(), 'افتتاح مكتبة الحي الجديدة');
  }, { bypassCSP: true });
});
