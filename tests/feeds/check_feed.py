#!/usr/bin/env python3
"""Reads a feed the way a real reader does and checks it against expectations.

Usage: check_feed.py rss|atom|json FEED_FILE EXPECT_FILE

RSS and Atom are parsed with feedparser (Debian's python3-feedparser); JSON Feed 1.1,
which this feedparser does not read, is checked field by field against the spec. Then
every expectation in EXPECT_FILE (JSON) must hold:

  {"title": "...", "link": "...", "count": 3,
   "entries": [{"id", "title", "link", "author", "tags": [...], "published": "YYYY-MM-DDTHH:MM:SS",
                "summary_contains", "content_contains", "has_content": bool,
                "enclosure": {"href", "type", "length"} | null}, ...]}

Keys left out are not checked. On success prints what was read (JSON) and exits 0; on the
first failure prints the reason to stderr and exits 1.
"""
import datetime
import json
import sys
import time

import feedparser


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def iso(struct):
    return time.strftime("%Y-%m-%dT%H:%M:%S", struct) if struct else None


def read_xml(kind, data):
    d = feedparser.parse(data)
    if d.bozo:
        fail("feedparser says the feed is not well-formed: %r" % d.get("bozo_exception"))
    want = {"rss": "rss20", "atom": "atom10"}[kind]
    if d.version != want:
        fail("feedparser read version %r, expected %r" % (d.version, want))
    feed = {"title": d.feed.get("title"), "link": d.feed.get("link"), "entries": []}
    for e in d.entries:
        enclosures = e.get("enclosures", [])
        content = e.get("content", [])
        feed["entries"].append({
            "id": e.get("id"),
            "title": e.get("title"),
            "link": e.get("link"),
            "author": e.get("author"),
            "tags": [t.get("term") for t in e.get("tags", [])],
            "tag_schemes": [t.get("scheme") for t in e.get("tags", [])],
            "published": iso(e.get("published_parsed")),
            "updated": iso(e.get("updated_parsed")),
            "summary": e.get("summary", ""),
            "content": content[0].value if content else None,
            "enclosure": {
                "href": enclosures[0].get("href"),
                "type": enclosures[0].get("type"),
                "length": int(enclosures[0].get("length") or 0),
            } if enclosures else None,
        })
    return feed


def rfc3339(value, where):
    if not isinstance(value, str):
        fail("%s: not a string" % where)
    try:
        t = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        fail("%s: %r is not an RFC 3339 date" % (where, value))
    if t.tzinfo is None:
        fail("%s: %r has no time zone" % (where, value))
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t.timestamp()))


def read_json(data):
    try:
        j = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        fail("not JSON: %s" % e)
    if j.get("version") != "https://jsonfeed.org/version/1.1":
        fail("version is %r" % j.get("version"))
    for key in ("title", "home_page_url", "feed_url"):
        if not isinstance(j.get(key), str) or not j[key]:
            fail("the feed has no %s" % key)
    if not isinstance(j.get("items"), list):
        fail("items is not a list")
    feed = {"title": j["title"], "link": j["home_page_url"], "entries": []}
    for n, item in enumerate(j["items"]):
        where = "items[%d]" % n
        if not isinstance(item.get("id"), str) or not item["id"]:
            fail(where + ": id must be a non-empty string")
        if "content_html" not in item and "content_text" not in item:
            fail(where + ": needs content_html or content_text")
        authors = item.get("authors", [])
        if not isinstance(authors, list) or any("name" not in a for a in authors):
            fail(where + ": authors must be objects with a name")
        attachments = item.get("attachments", [])
        for a in attachments:
            if not a.get("url") or not a.get("mime_type"):
                fail(where + ": an attachment needs url and mime_type")
        feed["entries"].append({
            "id": item["id"],
            "title": item.get("title"),
            "link": item.get("url"),
            "author": authors[0]["name"] if authors else None,
            "tags": item.get("tags", []),
            "published": rfc3339(item.get("date_published"), where + ".date_published"),
            "updated": rfc3339(item.get("date_modified"), where + ".date_modified"),
            "summary": item.get("summary", ""),
            "content": item.get("content_html"),
            "enclosure": {
                "href": attachments[0]["url"],
                "type": attachments[0]["mime_type"],
                "length": int(attachments[0].get("size_in_bytes", 0)),
            } if attachments else None,
        })
    return feed


def check(feed, expect):
    for key in ("title", "link"):
        if key in expect and feed[key] != expect[key]:
            fail("feed %s is %r, expected %r" % (key, feed[key], expect[key]))
    entries = feed["entries"]
    if "count" in expect and len(entries) != expect["count"]:
        fail("%d entries, expected %d" % (len(entries), expect["count"]))
    for n, want in enumerate(expect.get("entries", [])):
        if n >= len(entries):
            fail("entry %d is missing" % n)
        got = entries[n]
        for key in ("id", "title", "link", "author", "published", "enclosure"):
            if key in want and got[key] != want[key]:
                fail("entry %d: %s is %r, expected %r" % (n, key, got[key], want[key]))
        if "tags" in want and sorted(got["tags"]) != sorted(want["tags"]):
            fail("entry %d: tags are %r, expected %r" % (n, got["tags"], want["tags"]))
        if got["updated"] is None or (got["published"] and got["updated"] < got["published"]):
            fail("entry %d: updated %r is missing or before published" % (n, got["updated"]))
        if "summary_contains" in want and want["summary_contains"] not in got["summary"]:
            fail("entry %d: summary %r lacks %r" % (n, got["summary"], want["summary_contains"]))
        if "has_content" in want and (got["content"] is not None) != want["has_content"]:
            fail("entry %d: content is %r" % (n, got["content"]))
        if "content_contains" in want and want["content_contains"] not in (got["content"] or ""):
            fail("entry %d: content %r lacks %r" % (n, got["content"], want["content_contains"]))


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("rss", "atom", "json"):
        fail(__doc__)
    kind = sys.argv[1]
    with open(sys.argv[2], "rb") as f:
        data = f.read()
    with open(sys.argv[3], encoding="utf-8") as f:
        expect = json.load(f)
    feed = read_json(data) if kind == "json" else read_xml(kind, data)
    check(feed, expect)
    json.dump(feed, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
