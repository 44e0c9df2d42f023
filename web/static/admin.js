// The newsroom's editor: offers existing tags for the tag being typed. The tags field holds
// several names separated by commas (, or ،); the browser's own list (<datalist>) matches
// the whole field, so this script fills it with the field's text up to the last comma
// followed by each tag that starts like the last name being typed. Without scripts the
// list offers the most used tags and the field works as plain text.
(function () {
  'use strict';
  var field = document.getElementById('f-tags');
  var list = document.getElementById('tag-list');
  if (!field || !list || !window.fetch) return;
  var source = field.getAttribute('data-suggest');
  var timer = 0;
  var asked = '';

  function split(text) {
    var cut = Math.max(text.lastIndexOf(','), text.lastIndexOf('\u060C'));
    var rest = text.slice(cut + 1);
    // Keep the field's own text before the name, spaces included, so the browser's list
    // (which matches the whole field) still matches each offer.
    var head = text.slice(0, cut + 1 + rest.length - rest.replace(/^\s+/, '').length);
    return {head: head, last: rest.trim()};
  }

  function offer(head, names) {
    var frag = document.createDocumentFragment();
    names.forEach(function (name) {
      var option = document.createElement('option');
      option.value = head + name;
      frag.appendChild(option);
    });
    list.replaceChildren(frag);
  }

  function ask() {
    var parts = split(field.value);
    if (!parts.last || parts.last === asked) return;
    asked = parts.last;
    fetch(source + '?q=' + encodeURIComponent(parts.last), {credentials: 'same-origin'})
      .then(function (r) { return r.ok ? r.json() : {tags: []}; })
      .then(function (data) {
        var now = split(field.value);
        if (now.last !== parts.last) return;  // the journalist typed on meanwhile
        offer(now.head, (data.tags || []).filter(function (name) { return name !== now.last; }));
      })
      .catch(function () {});
  }

  field.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
})();
