/* The search index is fetched when the reader first opens search, not on every page load.
 *
 * mkdocs-material requests search/search_index.json as soon as a page starts, parses the whole
 * file on the main thread and copies it to its search worker: on a case study that is the page's
 * longest task while it loads. The theme offers no setting for this, so this script holds that
 * one request (it is sent as it was made, only later) until the search field gets focus or the
 * search toggle opens, which every way of opening search does (click, `/`, `s`, `f`). A page
 * whose address asks for search (`?q=`) or highlighting (`?h=`) sends it at once. Other requests
 * pass untouched; Zensical's search does not use this file's address, so there it changes nothing.
 *
 * The theme's bundle subscribes to the index while it runs, so overrides/main.html loads this
 * file just before the bundle, not with the deferred casebook scripts.
 */
(function () {
  "use strict";

  if (window.casebookSearchDeferred) return; // instant navigation may run it again
  window.casebookSearchDeferred = true;

  var INDEX = /\/search\/search_index\.json(?:$|[?#])/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var wanted = false;
  var indexRequests = new WeakSet();

  function release() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (entry) {
      send.apply(entry.request, entry.args);
    });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    if (INDEX.test(String(url))) indexRequests.add(this);
    return open.apply(this, arguments);
  };

  XMLHttpRequest.prototype.send = function () {
    if (!wanted && indexRequests.has(this)) {
      held.push({ request: this, args: arguments });
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function opensSearch(target) {
    return (
      target instanceof Element &&
      (target.matches("[data-md-component=search-query]") ||
        (target.id === "__search" && target.checked))
    );
  }

  document.addEventListener("focusin", function (event) {
    if (opensSearch(event.target)) release();
  });
  document.addEventListener("change", function (event) {
    if (opensSearch(event.target)) release();
  });

  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) release();
})();
