// Cross-site scripting, in a real browser: every payload of tests/security/xss_payloads.txt
// goes in through the real forms and importers (readers' comments, the admin editor's
// title, slug, excerpt, body, section and tags, a JSONL and a WordPress import, search
// queries, addresses, account names), then every page that shows them is opened in
// Chromium. Each payload calls xss(<its number>) if it runs; the test fails on any such
// call, any alert/confirm/prompt, any script error and any request to another host. The
// browser ignores the Content-Security-Policy here (bypassCSP), so what is checked is the
// escaping and the sanitizer themselves, not the CSP that backs them up. Feeds are not HTML:
// they must parse as XML or JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSite, withPage, wide } from './lib.mjs';

const source = process.env.KHABAR_SOURCE_DIR;
const payloads = readFileSync(join(source, 'tests/security/xss_payloads.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l, i) => l.replaceAll('XSS', `xss(${i + 1})`));
const editor = ['layla', 'admin', 'ليلى', 'كلمة سر طويلة للتحرير'];
let site, cookie, work;
let pagesChecked = 0;

// The payloads in groups of `size`.
function groups(size) {
  const out = [];
  for (let i = 0; i < payloads.length; i += size) out.push(payloads.slice(i, i + size));
  return out;
}
// At most `n` characters (code points) of `s`.
const cut = (s, n) => [...s].slice(0, n).join('');
const hidden = (html, name, after = '') => {
  const from = after ? html.indexOf(after) : 0;
  const m = html.slice(Math.max(from, 0)).match(new RegExp(`name="${name}" value="([^"]*)"`));
  return m ? m[1].replaceAll('&amp;', '&') : '';
};

async function get(path, headers = {}) {
  const r = await fetch(site.base + path, { headers: { cookie, ...headers }, redirect: 'manual' });
  return { status: r.status, location: r.headers.get('location'), text: await r.text() };
}
async function post(path, fields, withCookie = true) {
  const body = new URLSearchParams(fields);
  const r = await fetch(site.base + path, {
    method: 'POST', body, redirect: 'manual', headers: withCookie ? { cookie } : {},
  });
  return { status: r.status, location: r.headers.get('location'), text: await r.text() };
}

// Writes an article through the editor's form and publishes it; returns its editor path.
async function publish(group, n) {
  const form = (await get('/admin/articles/new')).text;
  const r = await post('/admin/articles/save', [
    ['token', hidden(form, 'token', 'admin-form editor')], ['id', '0'], ['version', '0'],
    ['title', cut(`مقال ${n} ` + group.join(' '), 300)],
    ['slug', cut(group.join('-'), 200)],
    ['excerpt', group.join(' ')],
    ['body', 'نص المقال.\n\n' + group.join('\n\n') + '\n\n' + group.map((p) => `- ${p}`).join('\n') +
             '\n\n' + group.map((p) => `> ${p}`).join('\n')],
    ['category', cut(group[0], 60)],
    ['tags', group.map((p) => cut(p, 60)).join('، ')],
    ['breaking_hours', '0'], ['action', 'publish'],
  ]);
  assert.equal(r.status, 303, `article ${n} not published: ${r.text.slice(0, 3000)}`);
  return new URL(r.location, site.base).pathname;
}

function xmlEscape(s) {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function writeImports() {
  const jsonl = groups(36).map((g, i) => JSON.stringify({
    id: `xss-jsonl-${i}`, title: `مستورد ${i} ` + g.join(' '), body: g.join('\n\n'),
    excerpt: g.join(' '), category: cut(g[1], 60), tags: g.map((p) => cut(p, 60)),
    author: cut(g[2], 60), source: g[3], url: 'https://example.com/' + g[4],
    published: '2026-01-0' + ((i % 9) + 1) + 'T08:00:00+00:00',
    comments: g.map((p, j) => ({ id: `c${i}-${j}`, author: cut(p, 100), email: 'r@example.com',
                                 url: 'https://example.com/', body: p,
                                 published: '2026-01-01T09:00:00+00:00' })),
  })).join('\n') + '\n';
  writeFileSync(join(work, 'xss.jsonl'), jsonl);
  const items = groups(36).map((g, i) => `<item><title>${xmlEscape('ووردبريس ' + i + ' ' + g.join(' '))}</title>
<dc:creator>ed</dc:creator>
<content:encoded>${xmlEscape(g.join('\n\n'))}</content:encoded>
<excerpt:encoded>${xmlEscape(g.join(' '))}</excerpt:encoded>
<wp:post_id>${900 + i}</wp:post_id><wp:post_date_gmt>2025-12-0${(i % 9) + 1} 08:00:00</wp:post_date_gmt>
<wp:post_name>wxr-xss-${i}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="wxr-cat-${i}">${xmlEscape(cut(g[5], 60))}</category>
${g.slice(0, 6).map((p, j) => `<category domain="post_tag" nicename="wxr-tag-${i}-${j}">${xmlEscape(cut(p, 60))}</category>`).join('\n')}
${g.map((p, j) => `<wp:comment><wp:comment_id>${9000 + i * 20 + j}</wp:comment_id><wp:comment_author>${xmlEscape(cut(p, 100))}</wp:comment_author><wp:comment_author_email>r@example.com</wp:comment_author_email><wp:comment_author_url>${xmlEscape('https://example.com/' + p)}</wp:comment_author_url><wp:comment_date_gmt>2025-12-01 10:00:00</wp:comment_date_gmt><wp:comment_content>${xmlEscape(p)}</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>`).join('\n')}
</item>`).join('\n');
  writeFileSync(join(work, 'xss.xml'), `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>ed</wp:author_login><wp:author_display_name>${xmlEscape(payloads[0])}</wp:author_display_name></wp:author>
${items}
</channel></rss>
`);
}

// Approves every comment waiting, through the moderation form.
async function approveAll(status) {
  for (let round = 0; round < 20; ++round) {
    const page = (await get('/admin/comments?status=' + status)).text;
    const ids = [...page.matchAll(/name="ids" value="(\d+)"/g)].map((m) => m[1]);
    if (!ids.length) return;
    const r = await post('/admin/comments', [
      ['token', hidden(page, 'token', 'moderation')], ['status', status], ['action', 'approve'],
      ...ids.map((id) => ['ids', id])]);
    assert.equal(r.status, 303);
  }
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'khabar-xss-'));
  site = await startSite({
    users: [editor],
    config: { comment_min_seconds: 0, comment_max_per_minute: 10000, comment_max_links: 100 },
  });
  // The editor's session, for the forms posted here and for the browser's cookie.
  const login = await get('/admin/login');
  const r = await fetch(site.base + '/admin/login', {
    method: 'POST', redirect: 'manual',
    body: new URLSearchParams([['token', hidden(login.text, 'token')],
                               ['name', editor[0]], ['password', editor[3]]]),
  });
  assert.equal(r.status, 303);
  cookie = r.headers.get('set-cookie').split(';')[0];
});

after(async () => {
  await site?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

// Opens each of `paths` in one page and fails if any payload ran. `shows` (default true):
// the page must hold at least one payload, as text or in a form field, so that a page that
// lost them all cannot pass.
async function check(t, paths, { shows = true } = {}) {
  await withPage(site, t, wide, async (page, context) => {
    const ran = [];
    await context.addCookies([{ name: 'khabar_session', value: cookie.split('=')[1],
                                url: site.base }]);
    await page.addInitScript(() => {
      window.xss = (n) => console.log('XSS-RAN ' + n);
    });
    page.on('console', (m) => { if (m.text().startsWith('XSS-RAN')) ran.push(m.text()); });
    page.on('dialog', (d) => { ran.push(`${d.type()} dialog: ${d.message()}`); d.dismiss(); });
    page.on('popup', (p) => ran.push('popup ' + p.url()));
    for (const path of paths) {
      ++pagesChecked;
      const before = ran.length;
      const res = await page.goto(site.base + path, { waitUntil: 'load' });
      await page.waitForTimeout(50);  // focus, animations (broken images fail before load)
      if (shows) {
        const html = await page.content();
        assert.ok(html.includes('xss('), `${path} (${res.status()}) shows no payload`);
      }
      assert.deepEqual(ran.slice(before), [], `a payload ran on ${path}`);
    }
  }, { bypassCSP: true });
}

test('the harness sees a payload that runs', async (t) => {
  await assert.rejects(withPage(site, t, wide, async (page) => {
    const ran = [];
    await page.addInitScript(() => { window.xss = (n) => console.log('XSS-RAN ' + n); });
    page.on('console', (m) => { if (m.text().startsWith('XSS-RAN')) ran.push(m.text()); });
    page.on('dialog', (d) => { ran.push('dialog'); d.dismiss(); });
    await page.goto(site.base + '/');
    await page.setContent('<img src=x onerror=xss(0)><script>alert(1)</script>');
    await page.waitForTimeout(150);
    assert.deepEqual(ran, []);
  }, { bypassCSP: true }), /XSS-RAN 0/);
});

test(`${payloads.length} payloads through forms and importers run on no page`, async (t) => {
  assert.ok(payloads.length >= 100, `only ${payloads.length} payloads`);
  const t0 = Date.now();
  const phase = (name) => t.diagnostic(`${name}: ${Date.now() - t0} ms`);
  // The admin editor: 36 payloads an article, in every field.
  const editors = [];
  for (const [n, g] of groups(36).entries()) editors.push(await publish(g, n));
  phase('articles written');
  // Readers' comments on the first article: each payload as name, text and address.
  const wp = await (await fetch(site.base + '/wp-json/wp/v2/posts?per_page=100&_fields=link,title')).json();
  const articleUrl = new URL(wp.find((p) => p.title.rendered.startsWith('مقال 0')).link).pathname;
  const articlePage = (await get(articleUrl)).text;
  const postId = hidden(articlePage, 'comment_post_ID');
  const token = hidden(articlePage, 'token', 'commentform');
  let stored = 0;
  for (const [i, p] of payloads.entries()) {
    const fields = [['comment_post_ID', postId], ['comment_parent', '0'], ['token', token],
                    ['author', cut(p, 100)], ['email', `r${i}@example.com`],
                    ['url', 'https://example.com/' + cut(p, 150)], ['comment', p],
                    ['website_hp', '']];
    let c = await post('/wp-comments-post.php', fields, false);
    if (c.status === 422) {  // an address refused: the rest goes in without it
      c = await post('/wp-comments-post.php',
                     fields.map(([k, v]) => [k, k === 'url' ? '' : v]), false);
    }
    if (c.status === 303 || c.status === 200) ++stored;
  }
  assert.equal(stored, payloads.length, 'every comment was taken');
  phase('comments posted');
  // The moderation queue shows them before they are approved.
  await check(t, ['/admin/comments?status=pending']);
  await approveAll('pending');
  await approveAll('spam');
  // The importers: JSONL and a WordPress export.
  writeImports();
  site.run(['import', 'jsonl', join(work, 'xss.jsonl')]);
  site.run(['import', 'wxr', join(work, 'xss.xml')]);
  // Accounts with payloads as their display names.
  for (const [i, p] of payloads.slice(0, 5).entries()) {
    site.run(['user', 'add', `xss${i}`, '--role', 'author', '--display-name', cut(p, 60)],
             'كلمة مرور طويلة للحساب\n');
  }

  phase('imported');
  // Every published article, its tags' and section's pages, and the author pages.
  const posts = await (await fetch(site.base + '/wp-json/wp/v2/posts?per_page=100&_fields=link,categories,tags,author')).json();
  assert.ok(posts.length >= 3 * groups(36).length, `only ${posts.length} articles published`);
  const articles = posts.map((p) => new URL(p.link).pathname)
    .filter((p) => !p.includes('%D9%85%D8%AF%D9%8A%D9%86%D8%A9'));  // keep the payload ones
  const termsOf = async (kind) => {
    const terms = await (await fetch(`${site.base}/wp-json/wp/v2/${kind}?per_page=100&_fields=id,link,name`)).json();
    return terms.filter((x) => x.name.includes('xss('));
  };
  const tagTerms = await termsOf('tags');
  const categoryTerms = await termsOf('categories');
  const tags = tagTerms.map((x) => new URL(x.link).pathname);
  const categories = categoryTerms.map((x) => new URL(x.link).pathname);
  assert.ok(tags.length >= 20 && categories.length >= 10, `${tags.length} tags, ${categories.length} sections`);
  const every = (list, n) => list.filter((_, i) => i % n === 0);
  const bylines = (await termsOf('users')).map((x) => new URL(x.link).pathname);
  assert.ok(bylines.length >= 2, `${bylines.length} bylines`);
  await check(t, [...articles, ...every(tags, Math.ceil(tags.length / 3)),
                  ...every(categories, Math.ceil(categories.length / 3)), ...bylines.slice(0, 2)]);
  await check(t, ['/', '/page/2/'], { shows: false });  // cards show titles, maybe not all

  phase('reader pages checked');
  // Search results and addresses that are shown back.
  const searches = groups(36).map((g) => `/search?q=${encodeURIComponent(g.join(' '))}`);
  for (const [i, g] of groups(72).entries()) {
    const q = encodeURIComponent(g.join(' '));
    searches.push(i === 0 ? `/?s=${q}` : `/search/page/2/?q=${q}`);
  }
  searches.push(`/search?q=${encodeURIComponent('xss')}&category=${encodeURIComponent(payloads[0])}&from=${encodeURIComponent(payloads[1])}`);
  await check(t, searches);
  const addresses = groups(36).flatMap((g) => [
    '/' + g.map(encodeURIComponent).join('/') + '/?x=' + encodeURIComponent(g[1]),
    '/admin/articles?q=' + encodeURIComponent(cut(g.join(' '), 200)) + '&status=' + encodeURIComponent(g[3]),
  ]);
  addresses.push('/tag/' + encodeURIComponent(payloads[0]) + '/?x=' + encodeURIComponent(payloads[1]),
                 '/category/' + encodeURIComponent(payloads[2]) + '/page/2/');
  await check(t, addresses, { shows: false });  // an unknown address need not show itself

  phase('searches and addresses checked');
  // The newsroom: lists, editors, revisions, moderation, tags, sections, accounts.
  const admin = ['/admin/', '/admin/articles', '/admin/articles?status=published',
                 '/admin/comments?status=approved', '/admin/comments?status=approved&page=2',
                 '/admin/tags', '/admin/tags?page=2', '/admin/categories', '/admin/users',
                 ...editors, ...editors.map((e) => e + '/revisions')];
  await check(t, admin.filter((p) => p !== '/admin/'));
  const itemLinks = async (path, re) => [...(await get(path)).text.matchAll(re)].map((m) => m[1]);
  const revisions = (await Promise.all(editors.map(
      (e) => itemLinks(e + '/revisions', /href="(\/admin\/articles\/\d+\/revisions\/\d+)"/g)))).flat();
  await check(t, [...every(tagTerms, Math.ceil(tagTerms.length / 3)).map((x) => `/admin/tags/${x.id}`),
                  ...every(categoryTerms, Math.ceil(categoryTerms.length / 2)).map((x) => `/admin/categories/${x.id}`),
                  ...revisions.slice(0, 2)]);

  phase('newsroom checked');
  // Forms shown again with what was typed: a comment with a bad e-mail, an article
  // without a body, both as the browser posts them.
  await withPage(site, t, wide, async (page, context) => {
    const ran = [];
    await context.addCookies([{ name: 'khabar_session', value: cookie.split('=')[1], url: site.base }]);
    await page.addInitScript(() => { window.xss = (n) => console.log('XSS-RAN ' + n); });
    page.on('console', (m) => { if (m.text().startsWith('XSS-RAN')) ran.push(m.text()); });
    page.on('dialog', (d) => { ran.push('dialog ' + d.message()); d.dismiss(); });
    for (const g of groups(72)) {
      await page.goto(site.base + articleUrl);
      await page.fill('#author', cut(g.join(''), 100));
      await page.fill('#email', 'not an address ' + g[0]);
      await page.fill('#comment', cut(g.join('\n'), 5000));
      await Promise.all([page.waitForLoadState('load'), page.click('#commentform button[type=submit]')]);
      await page.waitForTimeout(150);
      assert.ok((await page.content()).includes('xss('), 'the refused comment is shown again');
      await page.goto(site.base + '/admin/articles/new');
      await page.fill('#f-title', cut(g.join(' '), 300));
      await page.fill('#f-excerpt', g.join(' '));
      await page.fill('#f-tags', g.map((p) => cut(p, 60)).join('، '));
      await page.fill('#f-slug', cut(g.join(''), 200));
      await Promise.all([page.waitForLoadState('load'), page.click('button[value=draft]')]);
      await page.waitForTimeout(150);
      assert.ok((await page.content()).includes('xss('), 'the refused article is shown again');
      pagesChecked += 2;
    }
    assert.deepEqual(ran, []);
  }, { bypassCSP: true });

  phase('forms shown again checked');
  // Feeds carry the payloads as text: each must still parse.
  const feeds = ['/feed/', '/feed/atom/', '/feed/json/', categories[0] + 'feed/',
                 tags[0] + 'feed/atom/', '/news-sitemap.xml', '/sitemap.xml'];
  await withPage(site, t, wide, async (page) => {
    await page.goto(site.base + '/');
    for (const feed of feeds) {
      const text = await (await fetch(site.base + feed)).text();
      if (feed.endsWith('/json/')) {
        assert.doesNotThrow(() => JSON.parse(text), feed);
        continue;
      }
      const error = await page.evaluate((xml) => {
        const doc = new DOMParser().parseFromString(xml, 'application/xml');
        const e = doc.querySelector('parsererror');
        return e ? e.textContent : '';
      }, text);
      assert.equal(error, '', `${feed} is not well-formed XML`);
    }
  });
  t.diagnostic(`${payloads.length} payloads, ${pagesChecked} pages, ${feeds.length} feeds`);
});
