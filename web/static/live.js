/* Khabar: live ticker. Listens to /live/ticker (Server-Sent Events) and puts what the
   newsroom publishes or flags breaking in the ticker, without a reload. Without this script
   (or without EventSource) the server-rendered ticker stays as it is. */
(function () {
  'use strict';
  var ticker = document.getElementById('ticker');
  if (!ticker || typeof EventSource !== 'function') return;
  var track = ticker.querySelector('.ticker-track');
  var view = ticker.querySelector('.ticker-viewport');
  if (!track) return;
  var reduced = matchMedia('(prefers-reduced-motion: reduce)');

  // What the ticker shows now, in the form the server sends it, to skip identical states.
  function shown() {
    var items = [];
    track.querySelectorAll('.ticker-item a').forEach(function (a) {
      var badge = a.querySelector('.badge');
      var title = a.textContent;
      if (badge) title = title.slice(badge.textContent.length).replace(/^\s+/, '');
      items.push({ title: title, url: a.getAttribute('href'), breaking: !!badge });
    });
    return JSON.stringify(items);
  }

  // Only the site's own paths are links ("/2026/…", never "//host" or "javascript:").
  function safeUrl(u) {
    return typeof u === 'string' && u.charAt(0) === '/' && u.charAt(1) !== '/' && u.charAt(1) !== '\\';
  }

  function render(items) {
    var list = [];
    items.forEach(function (it) {
      if (it && typeof it.title === 'string' && safeUrl(it.url)) {
        list.push({ title: it.title, url: it.url, breaking: it.breaking === true });
      }
    });
    if (!list.length || JSON.stringify(list) === shown()) return;
    // Breaking news first, as the server orders it; keep that whatever arrives.
    list.sort(function (a, b) { return (b.breaking ? 1 : 0) - (a.breaking ? 1 : 0); });
    var fresh = document.createDocumentFragment();
    list.forEach(function (it) {
      var li = document.createElement('li');
      li.className = it.breaking ? 'ticker-item breaking' : 'ticker-item';
      var a = document.createElement('a');
      a.setAttribute('href', it.url);
      if (it.breaking) {
        var badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = 'عاجل';
        a.appendChild(badge);
        a.appendChild(document.createTextNode(' '));
      }
      a.appendChild(document.createTextNode(it.title));
      li.appendChild(a);
      fresh.appendChild(li);
    });
    var focused = track.contains(document.activeElement);
    track.replaceChildren(fresh);
    if (focused) track.querySelector('a').focus({ preventScroll: true });
    // Show the head of the ticker: restart the scroll, or (reduced motion) go to its start.
    if (reduced.matches) {
      if (view) view.scrollLeft = 0;
    } else {
      track.style.animation = 'none';
      void track.offsetWidth;
      track.style.animation = '';
    }
    ticker.dispatchEvent(new CustomEvent('tickerupdate'));
  }

  var source, retryTimer;
  function connect() {
    source = new EventSource('/live/ticker');
    // data-live: the ticker is following the newsroom now.
    source.addEventListener('open', function () { ticker.setAttribute('data-live', ''); });
    source.addEventListener('ticker', function (e) {
      try {
        var data = JSON.parse(e.data);
        if (data && Array.isArray(data.items)) render(data.items);
      } catch (err) { /* a malformed event changes nothing */ }
    });
    source.addEventListener('error', function () {
      ticker.removeAttribute('data-live');
      // EventSource reconnects by itself after a dropped stream; a refusal (e.g. 503 when
      // the server is full) closes it for good: try again later, at a random moment.
      if (source.readyState === EventSource.CLOSED && !retryTimer) {
        retryTimer = setTimeout(function () { retryTimer = null; connect(); },
                                30000 + Math.random() * 60000);
      }
    });
  }
  connect();
  // Leaving the page (or entering the back/forward cache) closes the stream.
  addEventListener('pagehide', function () { if (source) source.close(); });
  addEventListener('pageshow', function (e) { if (e.persisted) connect(); });
})();
