/* Khabar: the article's short link, copied with one click.
   Without scripts the button stays hidden and the link itself can be selected and copied. */
(function () {
  'use strict';
  var button = document.querySelector('.short-link .copy-link');
  if (!button) return;
  var status = document.querySelector('.short-link .copy-status');
  var link = document.querySelector('.short-link .short-link-url');
  var text = button.getAttribute('data-copy');

  function say(message) {
    if (status) status.textContent = message;
  }

  // Older browsers, and pages not served over HTTPS, have no navigator.clipboard.
  function copyBySelection() {
    var range = document.createRange();
    range.selectNodeContents(link);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var done = false;
    try {
      done = document.execCommand('copy');
    } catch (e) {
      done = false;
    }
    return done;
  }

  button.hidden = false;
  button.addEventListener('click', function () {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        say('نُسخ الرابط.');
      }, function () {
        say(copyBySelection() ? 'نُسخ الرابط.' : 'تعذّر النسخ: حدّد الرابط وانسخه.');
      });
    } else {
      say(copyBySelection() ? 'نُسخ الرابط.' : 'تعذّر النسخ: حدّد الرابط وانسخه.');
    }
  });
})();
