/* Every page: names for the theme's landmarks that have none, tables that scroll in their own
 * focusable region on a narrow screen. (Identifiers wrap at underscores thanks to the <wbr> the
 * build adds: generator/site/wrap.py.)
 */
(function () {
  "use strict";

  var cb = window.casebook;

  function nameLandmarks() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search) search.setAttribute("aria-label", "Search");
    var inner = document.querySelector(".md-search__inner[role=search]");
    if (inner) inner.setAttribute("aria-label", "Search the site");
    cb.all(".md-code__nav").forEach(function (nav, i) {
      nav.setAttribute("aria-label", "Code block " + (i + 1));
    });
    // On a narrow screen the menu repeats the page's table of contents: name the copy apart.
    cb.all(".md-nav--primary nav.md-nav--secondary[aria-label]").forEach(function (nav) {
      nav.setAttribute("aria-label", nav.getAttribute("aria-label").replace(/( \(in the menu\))?$/, " (in the menu)"));
    });
    cb.all("nav.md-tags:not([aria-label])").forEach(function (nav) {
      nav.setAttribute("aria-label", "Tags");
    });
    // A navigation section that has an index page is labelled by an icon-only toggle.
    cb.all("nav[aria-labelledby]").forEach(function (nav) {
      var label = document.getElementById(nav.getAttribute("aria-labelledby"));
      if (label && label.textContent.trim()) return;
      var title = nav.querySelector(".md-nav__title");
      if (title && title.textContent.trim()) nav.setAttribute("aria-label", title.textContent.trim());
    });
  }

  function headingBefore(node) {
    for (var n = node.previousElementSibling; n; n = n.previousElementSibling) {
      if (/^H[1-6]$/.test(n.tagName)) return n.textContent.replace(/¶$/, "").trim();
    }
    return "";
  }

  /* The theme wraps each table in .md-typeset__scrollwrap (overflow-x: auto). A keyboard user
     can scroll it only when it takes focus, and a screen reader should hear what it holds. */
  function scrollableTables() {
    var used = {};
    cb.all("article .md-typeset__scrollwrap").forEach(function (wrap) {
      var first = wrap.querySelector("th");
      var name = [headingBefore(wrap), first ? first.textContent.trim() : ""]
        .filter(Boolean)
        .join(", ");
      used[name] = (used[name] || 0) + 1;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Table: " + name + (used[name] > 1 ? " (" + used[name] + ")" : ""));
    });
  }

  /* A button that opens the theme's search, as its own header button does (the 404 page). */
  function searchButtons() {
    cb.all("button.casebook-open-search:not([data-wired])").forEach(function (button) {
      button.setAttribute("data-wired", "1");
      button.addEventListener("click", function () {
        // mkdocs-material's header label, or Zensical's header button.
        var toggle = document.querySelector(
          "label.md-header__button[for='__search'], button.md-search__button"
        );
        if (toggle) toggle.click();
      });
    });
  }

  cb.onPage(function () {
    searchButtons();
    nameLandmarks();
    scrollableTables();
  });
})();
