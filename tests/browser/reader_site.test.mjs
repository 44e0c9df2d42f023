// The reader site in a real browser: Debian's Chromium driven by playwright-core against
// the real khabar binary serving the demo site from a fresh database. What only a browser
// can show is checked here: the overlays open and close by mouse and keyboard, the
// back-to-top button appears after scrolling and goes back up, nothing overflows a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, withPage as pageOf, axeViolations, phone, wide } from './lib.mjs';

let site, base;

before(async () => {
  site = await startSite();
  base = site.base;
});

after(async () => {
  await site?.stop();
});

const withPage = (t, viewport, fn, options) => pageOf(site, t, viewport, fn, options);

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

test('search overlay focuses its field, closes by Esc, mouse and keyboard, and searches', async (t) => {
  await withPage(t, wide, async (page) => {
    await page.goto(base + '/');
    const overlay = page.locator('#search-overlay');
    await page.locator('#search-toggle').click();
    await overlay.waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'overlay-q');
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'hidden' });
    // Its close button, by mouse and by keyboard.
    const close = overlay.getByRole('button', { name: 'إغلاق' });
    await page.locator('#search-toggle').click();
    await overlay.waitFor({ state: 'visible' });
    await close.click();
    await overlay.waitFor({ state: 'hidden' });
    await page.locator('#search-toggle').click();
    await overlay.waitFor({ state: 'visible' });
    await close.focus();
    await page.keyboard.press('Enter');
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
      assert.deepEqual(await axeViolations(page), [], `violations on ${decodeURIComponent(path)}`);
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
