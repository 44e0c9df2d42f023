# Khabar behind Varnish (7.x, with the xkey module of Debian's varnish-modules).
#
# Balances readers over the Khabar nodes listed in nodes.vcl (round robin, each probed on
# /healthz), tries another node when one does not answer, and caches what Khabar says may be
# shared: pages for their `s-maxage`, hashed static files for their `max-age`. Never cached:
# the newsroom (/admin), anything but GET and HEAD, answers that set a cookie, and the live
# ticker's streams (piped). Khabar compresses pages itself (gzip and brotli, with
# `Vary: Accept-Encoding`): Accept-Encoding is reduced to br, gzip or nothing, each kept as
# its own object, and Varnish never compresses again.
#
# Purging: each node sends, after every write it learns of (its own or another's),
#   PURGE / HTTP/1.1
#   xkey-purge: article:17 list *
# and every object whose Surrogate-Key holds one of those keys goes (xkey.purge). Every
# Khabar page also carries the key "all", which empties the cache of Khabar's pages. Only
# the addresses of the ACL `purgers` (nodes.vcl) may purge.
#
#   varnishd -a :80 -f /etc/varnish/khabar.vcl -p vcl_path=/etc/varnish -s malloc,1G
#   (with nodes.vcl next to this file; see README, "Deployment at scale")
vcl 4.1;

import directors;
import std;
import xkey;

# A node is taken out after two failed probes of three (within a second when it is down:
# refused at once) and back after two good ones. A node that answers slowly because it is
# busy is not one that is down: it has two seconds.
probe healthz {
    .url = "/healthz";
    .interval = 500ms;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

sub vcl_init {
    new nodes = directors.round_robin();
    call khabar_nodes;
}

# The site's own part: backends, the `purgers` ACL and `sub khabar_nodes`.
include "nodes.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Purged));
    }
    unset req.http.X-Khabar-AE;
    set req.backend_hint = nodes.backend();
    # Stale pages are served up to an hour while no node is up, ten seconds otherwise.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    if (req.url ~ "^/live/") {
        return (pipe);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin" || req.url ~ "^/healthz") {
        return (pass);
    }
    # With read replicas (`db_replica`), whoever just wrote carries khabar_wrote for a few
    # seconds and is answered from the primary, past every cache, until the replica surely
    # has their write.
    if (req.http.Cookie ~ "(^|;\s*)khabar_wrote=") {
        return (pass);
    }
    # Otherwise the reader site reads no cookie: a journalist's session must not make pages
    # uncacheable.
    unset req.http.Cookie;
    # One of three codings, q=0 meaning "not this one".
    if (req.http.Accept-Encoding ~ "(?i)(^|,)\s*br\s*(,|;\s*q=(1|0*\.0*[1-9])|$)") {
        set req.http.X-Khabar-AE = "br";
    } elsif (req.http.Accept-Encoding ~ "(?i)(^|,)\s*(x-)?gzip\s*(,|;\s*q=(1|0*\.0*[1-9])|$)") {
        set req.http.X-Khabar-AE = "gzip";
    } else {
        set req.http.X-Khabar-AE = "identity";
    }
}

sub vcl_hash {
    # Each coding is its own object (whatever Varnish's http_gzip_support does to the
    # request's Accept-Encoding).
    if (req.http.X-Khabar-AE) {
        hash_data(req.http.X-Khabar-AE);
    }
}

sub vcl_backend_fetch {
    if (bereq.http.X-Khabar-AE) {
        if (bereq.http.X-Khabar-AE == "identity") {
            unset bereq.http.Accept-Encoding;
        } else {
            set bereq.http.Accept-Encoding = bereq.http.X-Khabar-AE;
        }
    }
}

sub vcl_backend_response {
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key + " all";
    }
    set beresp.do_gzip = false;
    set beresp.do_gunzip = false;
    if (bereq.http.X-Khabar-AE && beresp.http.Vary == "Accept-Encoding") {
        # Already one object per coding (vcl_hash); the header goes back on delivery.
        set beresp.http.X-Khabar-Vary = beresp.http.Vary;
        unset beresp.http.Vary;
    }
    set beresp.grace = 1h;
}

sub vcl_backend_error {
    # No answer (a node stopped or killed: refused, reset, timed out): reads go to the next
    # node; a post is never sent twice.
    if (bereq.retries < 3 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "5";
    set beresp.http.Cache-Control = "no-store";
    set beresp.body = {"<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>الموقع غير متاح مؤقتًا</title></head>
<body><h1>الموقع غير متاح مؤقتًا</h1><p>نعتذر، يرجى المحاولة بعد قليل.</p></body></html>
"};
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (resp.http.X-Khabar-Vary) {
        set resp.http.Vary = resp.http.X-Khabar-Vary;
        unset resp.http.X-Khabar-Vary;
    }
}
