// Khabar's WordPress-compatible API driven by a real WordPress client, `wpapi` from npm: the
// real binary serves the demo site on a free loopback port, and the client discovers the API
// from the home page's Link header, lists posts with WordPress's parameters, follows its
// pagination, reads one post, categories, tags, users, comments and search, and gets
// WordPress's error objects. No answer may carry an e-mail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WPAPI from 'wpapi';
import { startKhabar } from '../browser/lib.mjs';

let khabar, base, wp;
// Every body the client received, for the e-mail check.
const seen = [];
const keep = (x) => {
  seen.push(JSON.stringify(x));
  return x;
};

before(async () => {
  khabar = await startKhabar();
  base = khabar.base;
  wp = new WPAPI({ endpoint: `${base}/wp-json` });
});

after(async () => {
  await khabar?.stop();
});

test('the client discovers the API from the site and pages through every post', async () => {
  const site = await WPAPI.discover(base);
  const first = keep(await site.posts().perPage(5).get());
  assert.equal(first.length, 5);
  assert.equal(first._paging.total, 14);
  assert.equal(first._paging.totalPages, 3);
  assert.ok(first._paging.next, 'a next page');
  const ids = first.map((p) => p.id);
  let page = first;
  while (page._paging.next) {
    page = keep(await page._paging.next.get());
    ids.push(...page.map((p) => p.id));
  }
  assert.equal(ids.length, 14);
  assert.equal(new Set(ids).size, 14, 'no post twice');
  assert.ok(page._paging.prev, 'the last page links back');
});

test('posts come newest first in WordPress shape, and one post by id', async () => {
  const posts = keep(await wp.posts().get());
  assert.equal(posts.length, 10);
  const dates = posts.map((p) => p.date_gmt);
  assert.deepEqual(dates, [...dates].sort().reverse());
  const p = posts[0];
  for (const key of ['id', 'date', 'date_gmt', 'modified', 'modified_gmt', 'slug', 'status',
                     'type', 'link', 'title', 'content', 'excerpt', 'author', 'featured_media',
                     'categories', 'tags']) {
    assert.ok(key in p, key);
  }
  assert.equal(p.status, 'publish');
  assert.equal(p.type, 'post');
  assert.match(p.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.match(p.content.rendered, /^<p>/);
  assert.ok(p.link.startsWith(`${base}/`));
  assert.equal((await fetch(p.link)).status, 200, 'the link opens the article');

  const one = keep(await wp.posts().id(p.id).get());
  assert.deepEqual(one, p);
  const slugged = keep(await wp.posts().slug(p.slug).get());
  assert.deepEqual(slugged.map((x) => x.id), [p.id]);
});

test('filters by category, tag, author and dates, ordered as asked', async () => {
  const categories = keep(await wp.categories().perPage(100).get());
  assert.ok(categories.length >= 2);
  const sport = categories.find((c) => c.name === 'رياضة');
  assert.ok(sport, 'the sports section');
  assert.equal(sport.taxonomy, 'category');
  const inSport = keep(await wp.posts().categories(sport.id).perPage(100).get());
  assert.equal(inSport.length, sport.count);
  assert.ok(inSport.every((p) => p.categories.includes(sport.id)));
  // Two categories: any of them.
  const other = categories.find((c) => c.id !== sport.id);
  const either = keep(await wp.posts().categories([sport.id, other.id]).perPage(100).get());
  assert.equal(either.length, sport.count + other.count);

  const tags = keep(await wp.tags().perPage(100).orderby('count').order('desc').get());
  assert.equal(tags[0].taxonomy, 'post_tag');
  assert.ok(tags[0].count >= tags[tags.length - 1].count);
  const tagged = keep(await wp.posts().tags(tags[0].id).perPage(100).get());
  assert.equal(tagged.length, tags[0].count);

  const author = tagged[0].author;
  const byAuthor = keep(await wp.posts().author(author).perPage(100).get());
  assert.ok(byAuthor.length > 0 && byAuthor.every((p) => p.author === author));

  const all = keep(await wp.posts().perPage(100).order('asc').get());
  const middle = all[6].date_gmt;
  const later = keep(await wp.posts().after(new Date(middle + 'Z')).perPage(100).get());
  assert.equal(later.length, 14 - 7);
  const earlier = keep(await wp.posts().before(new Date(middle + 'Z')).perPage(100).get());
  assert.equal(earlier.length, 6);

  const byTitle = keep(await wp.posts().orderby('title').order('asc').perPage(100).get());
  const titles = byTitle.map((p) => p.title.rendered);
  const byBytes = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  assert.deepEqual(titles, [...titles].sort(byBytes));
});

test('Arabic search through posts and the search endpoint, and _fields', async () => {
  // "امطار" finds "الأمطار": the store's Arabic analyzer, not a LIKE.
  const found = keep(await wp.posts().search('امطار').perPage(100).get());
  assert.ok(found.length > 0);
  assert.ok(found.every((p) => (p.title.rendered + p.content.rendered).includes('مطار')));
  const hits = keep(await wp.search().search('امطار').perPage(100).get());
  assert.deepEqual(new Set(hits.map((h) => h.id)), new Set(found.map((p) => p.id)));
  for (const h of hits) {
    assert.equal(h.type, 'post');
    assert.equal(h.subtype, 'post');
    assert.ok(h.url.startsWith(`${base}/`));
  }
  const picked = keep(await wp.posts().param('_fields', 'id,title.rendered').perPage(2).get());
  assert.deepEqual(Object.keys(picked[0]).sort(), ['id', 'title']);
  assert.deepEqual(Object.keys(picked[0].title), ['rendered']);
});

test('pagination headers through HEAD, as .headers() asks', async () => {
  const headers = await wp.posts().perPage(3).headers();
  assert.equal(headers['x-wp-total'], '14');
  assert.equal(headers['x-wp-totalpages'], '5');
  assert.match(headers.link, /rel="next"/);
});

test('comments of a post are the approved ones, and nobody gets an e-mail', async () => {
  const posts = keep(await wp.posts().perPage(100).get());
  const commented = [];
  for (const p of posts) {
    const comments = keep(await wp.comments().post(p.id).perPage(100).get());
    for (const c of comments) {
      assert.equal(c.post, p.id);
      assert.equal(c.status, 'approved');
      assert.ok(c.author_name);
      assert.match(c.content.rendered, /^<p>/);
      assert.ok(c.link.startsWith(p.link));
    }
    if (comments.length) commented.push(comments);
  }
  assert.ok(commented.length > 0, 'the demo site has comments');
  const users = keep(await wp.users().perPage(100).get());
  assert.ok(users.length > 0);
  for (const u of users) keep(await wp.users().id(u.id).get());
  for (const body of seen) {
    assert.ok(!body.includes('@'), `no e-mail: ${body.slice(0, 200)}`);
    assert.ok(!body.includes('email'), `no e-mail field: ${body.slice(0, 200)}`);
  }
});

test('WordPress error objects reach the client', async () => {
  await assert.rejects(wp.posts().id(999999).get(), (e) => {
    assert.equal(e.code, 'rest_post_invalid_id');
    assert.equal(e.data.status, 404);
    return true;
  });
  await assert.rejects(wp.posts().perPage(500).get(), (e) => {
    assert.equal(e.code, 'rest_invalid_param');
    assert.equal(e.data.status, 400);
    assert.ok('per_page' in e.data.params);
    return true;
  });
  await assert.rejects(wp.posts().page(99).get(), (e) => {
    assert.equal(e.code, 'rest_post_invalid_page_number');
    return true;
  });
  await assert.rejects(wp.pages().get(), (e) => {
    assert.equal(e.code, 'rest_no_route');
    assert.equal(e.data.status, 404);
    return true;
  });
});
