// What the Node tests need: the real khabar binary on a free loopback port against a fresh
// database (startKhabar, also for the API test), and for browser tests Debian's Chromium, a page per test that fails on script errors and on any
// request to another host and leaves a screenshot when it fails, and axe-core.
//
//   const site = await startSite({ users: [['layla', 'editor', 'ليلى', 'password…']] });
//   await withPage(site, t, { width: 360, height: 740 }, async (page) => { … });
//   await site.stop();
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';

export const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const phone = { width: 360, height: 740 };
export const wide = { width: 1280, height: 800 };

const binary = process.env.KHABAR_BINARY;
const source = process.env.KHABAR_SOURCE_DIR;
const shots = process.env.KHABAR_SCREENSHOT_DIR || join(tmpdir(), 'khabar-browser-shots');

export function freePort() {
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

// Imports the demo site into a fresh database, adds `users` ([name, role, display name,
// password]) and starts `khabar serve` with `config` (an object written as its settings
// file). Returns { base, db, run(args, input), stop() }; stop() checks it exits 0.
export async function startKhabar({ users = [], config = null } = {}) {
  assert.ok(binary && source, 'run through ctest (KHABAR_BINARY, KHABAR_SOURCE_DIR)');
  const dir = mkdtempSync(join(tmpdir(), 'khabar-node-'));
  const db = join(dir, 'khabar.db');
  const run = (args, input) => execFileSync(binary, [...args, '--db', db], { input });
  run(['import', 'jsonl', join(source, 'web/demo/articles.jsonl')]);
  for (const [name, role, display, password] of users) {
    run(['user', 'add', name, '--role', role, '--display-name', display], password + '\n');
  }
  const args = ['serve', '--db', db];
  if (config) {
    const file = join(dir, 'khabar.json');
    writeFileSync(file, JSON.stringify(config));
    args.push('--config', file);
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(binary, [...args, '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
  await waitHealthy(base, 30000);
  return {
    base, db, run,
    async stop() {
      const exited = new Promise((r) => server.on('exit', (code) => r(code)));
      server.kill('SIGTERM');
      assert.equal(await exited, 0, 'khabar exits 0 on SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// startKhabar and Chromium. Returns { base, db, browser, run(args, input), stop() }.
export async function startSite(options = {}) {
  const khabar = await startKhabar(options);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    ...khabar, browser,
    async stop() {
      await browser.close();
      await khabar.stop();
    },
  };
}

// Runs `fn(page, context)` with a fresh page; saves a screenshot when it fails. `options`
// are the browser context's, and `failOnHttpErrors` also fails on any 4xx or 5xx answer.
export async function withPage(site, t, viewport, fn, options = {}) {
  const { failOnHttpErrors = false, ...contextOptions } = options;
  const context = await site.browser.newContext({ viewport, locale: 'ar', ...contextOptions });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (failOnHttpErrors) {
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
    });
  }
  context.on('request', (r) => {
    if (!r.url().startsWith(site.base) && !r.url().startsWith('blob:') &&
        !r.url().startsWith('data:')) {
      errors.push('request to another host: ' + r.url());
    }
  });
  try {
    await fn(page, context);
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

// axe-core's violations on the page now shown (the context must bypass the CSP, as axe
// is injected as an inline script), as readable lines.
export async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`));
}

// Signs `name` in through the login form and waits for the admin's home page.
export async function signIn(page, base, name, password) {
  await page.goto(base + '/admin/login');
  await page.fill('#login-name', name);
  await page.fill('#login-password', password);
  await Promise.all([page.waitForURL(base + '/admin/'),
                     page.click('.admin-form button[type=submit]')]);
}
