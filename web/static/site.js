/* Khabar: overlays, ticker, back-to-top */
(function () {
  'use strict';
  var doc = document, root = doc.documentElement;
  var reduced = matchMedia('(prefers-reduced-motion: reduce)');
  var toggles = {
    'side-menu': doc.getElementById('menu-toggle'),
    'search-overlay': doc.getElementById('search-toggle')
  };
  var current = null;
  root.classList.add('js');

  function open(id) {
    var el = doc.getElementById(id);
    if (!el || !toggles[id]) return;
    if (current && current !== el) close(false);
    current = el;
    el.classList.add('open');
    toggles[id].setAttribute('aria-expanded', 'true');
    root.classList.add('overlay-open');
    el.querySelector('input[type="search"], .side-nav a').focus();
  }

  function close(restore) {
    if (!current) return;
    var id = current.id;
    current.classList.remove('open');
    current = null;
    toggles[id].setAttribute('aria-expanded', 'false');
    root.classList.remove('overlay-open');
    if (location.hash === '#' + id) history.replaceState(null, '', location.pathname + location.search);
    if (restore !== false) toggles[id].focus();
  }

  function fromHash() {
    open(location.hash.slice(1));
  }

  doc.addEventListener('click', function (e) {
    if (e.target === current) return close(); // backdrop
    var a = e.target.closest('a, button');
    if (!a) return;
    if (a === toggles['side-menu'] || a === toggles['search-overlay']) {
      e.preventDefault();
      var id = a.getAttribute('aria-controls');
      if (current && current.id === id) close(); else open(id);
    } else if (a.classList.contains('overlay-close')) {
      e.preventDefault();
      close();
    } else if (a.id === 'back-to-top') {
      e.preventDefault();
      scrollTo({ top: 0, behavior: reduced.matches ? 'auto' : 'smooth' });
      doc.querySelector('.site-name').focus({ preventScroll: true });
    }
  });

  doc.addEventListener('keydown', function (e) {
    var t = e.target;
    if (current && e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (current && e.key === 'Tab') {
      // Keep focus inside the open dialog.
      var items = current.querySelectorAll('a[href], button, input'), first = items[0], last = items[items.length - 1];
      var inside = current.contains(doc.activeElement);
      if (e.shiftKey ? (!inside || t === first) : (!inside || t === last)) {
        e.preventDefault();
        (e.shiftKey ? last : first).focus();
      }
    } else if (e.key === ' ' && t.tagName === 'A' && t.getAttribute('role') === 'button') {
      e.preventDefault();
      t.click();
    }
  });

  // Browsers apply the initial fragment after load: open now, focus again then.
  fromHash();
  addEventListener('load', fromHash);
  addEventListener('hashchange', fromHash);

  var top = doc.getElementById('back-to-top'), pending = false;
  if (top) {
    var update = function () {
      pending = false;
      top.classList.toggle('visible', scrollY > 400);
    };
    addEventListener('scroll', function () {
      if (!pending) { pending = true; requestAnimationFrame(update); }
    }, { passive: true });
    update();
  }

  // Ticker: steady 45px/s, first item in view at start, pause button.
  var ticker = doc.getElementById('ticker');
  if (ticker) {
    var view = ticker.querySelector('.ticker-viewport'), track = ticker.querySelector('.ticker-track');
    var pause = ticker.querySelector('.ticker-pause');
    var measure = function () {
      track.style.setProperty('--ticker-duration', Math.max(track.scrollWidth / 45, 10) + 's');
      track.style.setProperty('--ticker-delay', -view.clientWidth / 45 + 's');
    };
    if (pause && !reduced.matches) {
      pause.hidden = false;
      pause.addEventListener('click', function () {
        var on = pause.getAttribute('aria-pressed') !== 'true';
        pause.setAttribute('aria-pressed', String(on));
        ticker.classList.toggle('paused', on);
      });
    }
    measure();
    addEventListener('resize', measure);
    ticker.addEventListener('tickerupdate', measure); // new items from live.js
  }
})();
