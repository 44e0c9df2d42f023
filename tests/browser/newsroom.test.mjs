// The newsroom in a real browser, against the real binary and a fresh database: an editor
// writes an article with a tag and an image, previews it, publishes it as breaking news and
// readers see it on the home page, its tag page and at the head of the ticker; a reader's
// comment waits for moderation until the editor approves it; a contributor cannot publish;
// a form posted without its CSRF token changes nothing; every admin page passes axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, withPage, axeViolations, signIn, phone, wide } from './lib.mjs';

const editor = ['layla', 'editor', 'ليلى', 'كلمة سر طويلة للتحرير'];
const contributor = ['sami', 'contributor', 'سامي', 'كلمة سر المراسل الطويلة'];
const admin = ['nour', 'admin', 'نور', 'كلمة سر المديرة الطويلة'];
const title = 'افتتاح مكتبة الحي الجديدة';
let site;

before(async () => {
  // Tests post comments as soon as the form loads: no minimum delay here.
  site = await startSite({ users: [editor, contributor, admin],
                          config: { comment_min_seconds: 0 } });
});

after(async () => {
  await site?.stop();
});

// A JPEG drawn by the browser itself (a 1200×800 canvas), as the bytes of a file.
async function jpegBytes(page) {
  const base64 = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 1200;
    c.height = 800;
    const g = c.getContext('2d');
    g.fillStyle = '#2a6f97';
    g.fillRect(0, 0, 1200, 800);
    g.fillStyle = '#f4d35e';
    g.fillRect(300, 200, 600, 400);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.9));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  return Buffer.from(base64, 'base64');
}

test('an editor writes, illustrates, previews and publishes breaking news; readers see it and their comment once approved', async (t) => {
  await withPage(site, t, wide, async (page, context) => {
    await signIn(page, site.base, editor[0], editor[3]);
    await page.click('a[href="/admin/articles/new"]');
    await page.fill('#f-title', title);
    await page.fill('#f-body', '## مكتبة لكل الأعمار\n\nافتتحت البلدية مكتبة جديدة في الحي.\n\n- قاعة للأطفال\n- قاعة للمطالعة');
    await page.fill('#f-category', 'ثقافة');
    await page.fill('#f-tags', 'مكتبات، ثقافة');

    // Preview, in a new tab, as readers will see it; nothing is stored.
    const [preview] = await Promise.all([
      context.waitForEvent('page'),
      page.click('button[formaction="/admin/articles/preview"]'),
    ]);
    await preview.waitForLoadState();
    await preview.locator('.preview-banner').waitFor();
    assert.equal(await preview.locator('h1').innerText(), title);
    assert.equal(await preview.locator('.article-body h2').innerText(), 'مكتبة لكل الأعمار');
    assert.equal(await preview.locator('.article-body li').count(), 2);
    await preview.close();
    assert.equal((await (await fetch(site.base + '/')).text()).includes(title), false,
                 'a preview publishes nothing');

    // Saved as a draft, then given its image.
    await Promise.all([page.waitForURL(/\/admin\/articles\/\d+\?saved=1$/),
                       page.click('button[value=draft]')]);
    const editorPath = new URL(page.url()).pathname;
    await page.setInputFiles('#f-image', { name: 'library.jpg', mimeType: 'image/jpeg',
                                           buffer: await jpegBytes(page) });
    await page.fill('#f-alt', 'واجهة المكتبة الجديدة');
    await Promise.all([page.waitForLoadState('load'),
                       page.getByRole('button', { name: 'رفع الصورة' }).click()]);
    await page.locator('img.image-preview').waitFor();

    // Published as breaking news for two hours.
    await page.goto(site.base + editorPath);
    await page.fill('#f-breaking', '2');
    await Promise.all([page.waitForURL(/\?saved=1$/), page.click('button[value=publish]')]);
    assert.equal(await page.locator('.article-status').innerText(), 'منشور');
    const url = await page.locator('.page-header a[href^="/20"]').getAttribute('href');

    // A reader, in a browser of their own.
    const comment = 'متى تفتح قاعة الأطفال أبوابها؟';
    await withPage(site, t, phone, async (reader) => {
      await reader.goto(site.base + '/');
      const head = reader.locator('#ticker li').first();
      assert.match(await head.innerText(), /عاجل/);
      assert.match(await head.innerText(), new RegExp(title));
      assert.ok(await reader.locator(`main a[href="${url}"]`).count() > 0, 'on the home page');
      await reader.goto(site.base + url);
      const img = reader.locator('.featured-image picture img');
      assert.equal(await img.getAttribute('alt'), 'واجهة المكتبة الجديدة');
      assert.ok(await reader.evaluate(() => document.querySelector('.featured-image img').complete &&
                                            document.querySelector('.featured-image img').naturalWidth > 0),
                'the image loads');
      await Promise.all([reader.waitForURL(/\/tag\//),
                         reader.locator('.tags a', { hasText: 'مكتبات' }).click()]);
      assert.ok(await reader.locator('.card-title a', { hasText: title }).count() > 0, 'on its tag page');
      await reader.goto(site.base + url);
      await reader.locator('#comment').fill(comment);
      await reader.locator('#author').fill('هالة');
      await reader.locator('#email').fill('hala.reader@example.com');
      await Promise.all([reader.waitForURL(/comment_status=pending/),
                         reader.getByRole('button', { name: 'إرسال التعليق' }).click()]);
      await reader.locator('.notice[role=status]', { hasText: 'بانتظار المراجعة' }).waitFor();
      assert.equal(await reader.locator('.comment-body', { hasText: comment }).count(), 0,
                   'not shown before moderation');

      // The editor approves it from the moderation queue.
      await page.goto(site.base + '/admin/comments');
      const item = page.locator('.moderation-item', { hasText: comment });
      await item.locator('input[type=checkbox]').check();
      await page.selectOption('#moderation-action', 'approve');
      await Promise.all([page.waitForLoadState('load'), page.click('.moderation-actions button')]);
      assert.equal(await page.locator('.moderation-item', { hasText: comment }).count(), 0);

      await reader.goto(site.base + url);
      await reader.locator('.comment-body', { hasText: comment }).waitFor();
      assert.equal((await reader.content()).includes('hala.reader@example.com'), false);
    });
  });
});

test('a contributor cannot publish, and a form without its CSRF token changes nothing', async (t) => {
  await withPage(site, t, wide, async (page) => {
    await signIn(page, site.base, contributor[0], contributor[3]);
    await page.goto(site.base + '/admin/articles/new');
    assert.equal(await page.locator('button[value=publish]').count(), 0, 'no publish button');
    await page.fill('#f-title', 'تقرير المراسل عن السوق');
    await page.fill('#f-body', 'نص التقرير.');
    await Promise.all([page.waitForURL(/\?saved=1$/), page.click('button[value=pending]')]);
    assert.equal(await page.locator('.article-status').innerText(), 'بانتظار المراجعة');
    const editorPath = new URL(page.url()).pathname;
    // A publish button added by hand is refused by the server.
    await page.evaluate(() => document.querySelector('form.editor').insertAdjacentHTML(
        'beforeend', '<button type="submit" name="action" value="publish" id="forged">نشر</button>'));
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'),
                                         page.click('#forged')]);
    assert.equal(refused.status(), 403);
    await page.goto(site.base + editorPath);
    assert.equal(await page.locator('.article-status').innerText(), 'بانتظار المراجعة');
  });
  await withPage(site, t, wide, async (page) => {
    await signIn(page, site.base, editor[0], editor[3]);
    await page.goto(site.base + '/admin/articles');
    await page.locator('a', { hasText: 'تقرير المراسل عن السوق' }).first().click();
    await page.waitForURL(/\/admin\/articles\/\d+$/);
    const editorPath = new URL(page.url()).pathname;
    await page.evaluate(() => document.querySelector('form.editor input[name=token]').remove());
    await page.fill('#f-title', 'عنوان لا يجوز أن يُحفظ');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'),
                                         page.click('button[value=draft]')]);
    assert.equal(refused.status(), 403);
    await page.goto(site.base + editorPath);
    assert.equal(await page.locator('#f-title').inputValue(), 'تقرير المراسل عن السوق');
  });
});

test('axe-core finds no accessibility violation on the admin pages', async (t) => {
  await withPage(site, t, wide, async (page) => {
    await signIn(page, site.base, editor[0], editor[3]);
    await page.goto(site.base + '/admin/articles');
    const editorPath = await page.locator('a[href^="/admin/articles/"]', { hasText: title })
                                 .first().getAttribute('href');
    await page.goto(site.base + editorPath + '/revisions');
    const revision = await page.locator('a[href*="/revisions/"]').first().getAttribute('href');
    await page.goto(site.base + '/admin/tags');
    const tag = await page.locator('a[href^="/admin/tags/"]').first().getAttribute('href');
    for (const path of ['/admin/', '/admin/articles', '/admin/articles/new', '/admin/comments',
                        editorPath, editorPath + '/revisions', revision, '/admin/tags', tag,
                        '/admin/categories']) {
      await page.goto(site.base + path);
      assert.deepEqual(await axeViolations(page), [], `violations on ${path}`);
    }
    // A refused save shows its errors accessibly too.
    await page.goto(site.base + '/admin/articles/new');
    await page.evaluate(() => document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required')));
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'),
                                         page.click('button[value=draft]')]);
    assert.equal(refused.status(), 422);
    await page.locator('.form-errors[role=alert]').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'violations on a refused save');
  }, { bypassCSP: true });
  await withPage(site, t, wide, async (page) => {
    await signIn(page, site.base, admin[0], admin[3]);
    await page.goto(site.base + '/admin/users');
    const user = await page.locator('a[href^="/admin/users/"]').first().getAttribute('href');
    for (const path of ['/admin/users', user]) {
      await page.goto(site.base + path);
      assert.deepEqual(await axeViolations(page), [], `violations on ${path}`);
    }
  }, { bypassCSP: true });
});
