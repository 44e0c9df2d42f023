#!/usr/bin/env python3
"""Reads a sitemap file with xml.etree (a real XML parser) and checks it against the
sitemaps.org 0.9 and Google News 0.9 schemas' structure: the root element and namespace,
the allowed children and their order, W3C dates, absolute http(s) URLs of at most 2048
characters, at most 50,000 entries. Then validates the file with xmllint (libxml2-utils)
against sitemaps.xsd beside this script: the sitemaps.org 0.9 and Google News 0.9 schemas,
transcribed from the published protocols (the official XSD files are not available
offline). Prints what it read as JSON on success; on a violation prints the reason to
stderr and exits 1.

    check_sitemap.py index|urlset|news FILE
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
W3C = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def check_loc(loc):
    if loc is None or not loc.text:
        fail("missing <loc>")
    text = loc.text
    if not re.match(r"^https?://[^/]+/", text):
        fail("not an absolute URL: %r" % text)
    if len(text) > 2048:
        fail("URL longer than 2048: %r" % text)
    if any(ord(c) > 127 or c in ' <>"' for c in text):
        fail("URL not escaped: %r" % text)
    return text


def check_date(el):
    if el is None:
        return None
    if not W3C.match(el.text or ""):
        fail("not a W3C datetime: %r" % el.text)
    return el.text


def children(el, allowed):
    names = [c.tag for c in el]
    order = [a for a in allowed if a in names]
    if [n for n in names if n not in allowed]:
        fail("unexpected element(s) %r in %s" % (names, el.tag))
    if names != sorted(names, key=allowed.index):
        fail("elements out of order: %r" % names)
    if len(set(names)) != len(names):
        fail("repeated element in %s: %r" % (el.tag, names))
    return order


def main():
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
        fail("no XML declaration")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        fail("not well-formed: %s" % e)
    out = []
    if kind == "index":
        if root.tag != SM + "sitemapindex":
            fail("root is %s" % root.tag)
        for sm in root:
            if sm.tag != SM + "sitemap":
                fail("unexpected %s" % sm.tag)
            children(sm, [SM + "loc", SM + "lastmod"])
            out.append({"loc": check_loc(sm.find(SM + "loc")),
                        "lastmod": check_date(sm.find(SM + "lastmod"))})
    else:
        if root.tag != SM + "urlset":
            fail("root is %s" % root.tag)
        allowed = [SM + "loc", SM + "lastmod", SM + "changefreq", SM + "priority"]
        if kind == "news":
            allowed.append(NEWS + "news")
        for url in root:
            if url.tag != SM + "url":
                fail("unexpected %s" % url.tag)
            children(url, allowed)
            item = {"loc": check_loc(url.find(SM + "loc")),
                    "lastmod": check_date(url.find(SM + "lastmod"))}
            news = url.find(NEWS + "news")
            if kind == "news":
                if news is None:
                    fail("a URL without news:news")
                children(news, [NEWS + "publication", NEWS + "publication_date", NEWS + "title"])
                pub = news.find(NEWS + "publication")
                if pub is None:
                    fail("no news:publication")
                children(pub, [NEWS + "name", NEWS + "language"])
                name, lang = pub.find(NEWS + "name"), pub.find(NEWS + "language")
                if name is None or not name.text or lang is None or not lang.text:
                    fail("news:publication needs name and language")
                date = news.find(NEWS + "publication_date")
                title = news.find(NEWS + "title")
                if date is None or title is None or not title.text:
                    fail("news:news needs publication_date and title")
                item.update({"name": name.text, "language": lang.text,
                             "publication_date": check_date(date), "title": title.text})
            out.append(item)
        if len(out) > (1000 if kind == "news" else 50000):
            fail("too many URLs: %d" % len(out))
    schema = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sitemaps.xsd")
    try:
        run = subprocess.run(["xmllint", "--noout", "--schema", schema, path],
                             capture_output=True, text=True, check=False)
    except FileNotFoundError:
        fail("xmllint not found (Debian: libxml2-utils)")
    if run.returncode != 0:
        fail("not valid against the sitemap schemas:\n" + run.stderr)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
