// Keeps an import's progress page current without reloading it: the page is fetched again
// every two seconds and only the #import-state block is replaced, so focus, scroll and
// what a screen reader is reading stay put (no timed refresh, WCAG 2.2.1). Without
// JavaScript the page has a link to show the latest state.
(function () {
  "use strict";
  var INTERVAL_MS = 2000;

  function poll() {
    var state = document.getElementById("import-state");
    if (!state || !state.dataset.importPoll) return;
    fetch(state.dataset.importPoll, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("import-state");
        if (!fresh) return;
        state.innerHTML = fresh.innerHTML;
        if (fresh.dataset.importPoll) {
          window.setTimeout(poll, INTERVAL_MS);
        } else {
          delete state.dataset.importPoll;
        }
      })
      .catch(function () { window.setTimeout(poll, INTERVAL_MS * 5); });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
