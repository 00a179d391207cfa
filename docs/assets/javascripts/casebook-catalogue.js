/* The catalogue's filters: difficulty, category and tag, each a select built from the table's own
 * rows, kept in the page address (?difficulty=&category=&tag=) so a filtered list can be shared.
 * Sorting is casebook-sort.js's, by any column heading.
 */
(function () {
  "use strict";

  var cb = window.casebook;
  var el = cb.el;
  var COLUMNS = { difficulty: 2, category: 3, tag: 4 };
  var LABELS = { difficulty: "Difficulty", category: "Category", tag: "Tag" };
  var ORDER = ["easy", "medium", "hard"];

  function values(row, name) {
    var cell = row.cells[COLUMNS[name]];
    if (name !== "tag") return [cell.textContent.trim()];
    return cb.all("a", cell).map(function (a) { return a.textContent.trim(); });
  }

  function options(rows, name) {
    var seen = {};
    rows.forEach(function (row) {
      values(row, name).forEach(function (v) { seen[v] = (seen[v] || 0) + 1; });
    });
    var keys = Object.keys(seen).sort(function (a, b) {
      if (name === "difficulty") return ORDER.indexOf(a) - ORDER.indexOf(b);
      return a.localeCompare(b);
    });
    return keys.map(function (v) { return [v, v + " (" + seen[v] + ")"]; });
  }

  function setup(host) {
    if (host.getAttribute("data-wired")) return;
    var table = null;
    for (var n = host.nextElementSibling; n && !table; n = n.nextElementSibling) {
      table = n.tagName === "TABLE" ? n : n.querySelector("table");
    }
    if (!table) return;
    host.setAttribute("data-wired", "1");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var form = el("form", { class: "casebook-catalogue-controls", role: "search", "aria-label": "Filter the case studies" });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var params = new URLSearchParams(window.location.search);
    Object.keys(COLUMNS).forEach(function (name) {
      var label = form.appendChild(el("label", { class: "casebook-finder-field" }));
      label.appendChild(el("span", {}, LABELS[name]));
      var select = label.appendChild(el("select", { name: name }));
      select.appendChild(el("option", { value: "" }, "All"));
      options(rows, name).forEach(function (o) { select.appendChild(el("option", { value: o[0] }, o[1])); });
      if (params.get(name)) select.value = params.get(name);
    });
    var count = el("p", { class: "casebook-catalogue-count", "aria-live": "polite" });
    host.appendChild(form);
    host.appendChild(count);

    function apply() {
      var shown = 0;
      var next = new URLSearchParams(window.location.search);
      rows.forEach(function (row) {
        var keep = Object.keys(COLUMNS).every(function (name) {
          var want = form.elements[name].value;
          return !want || values(row, name).indexOf(want) >= 0;
        });
        row.hidden = !keep;
        shown += keep ? 1 : 0;
      });
      Object.keys(COLUMNS).forEach(function (name) {
        if (form.elements[name].value) next.set(name, form.elements[name].value);
        else next.delete(name);
      });
      var search = next.toString();
      window.history.replaceState(window.history.state, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
      count.textContent = shown + " of " + rows.length + " case studies shown";
    }
    form.addEventListener("change", apply);
    apply();
  }

  cb.onPage(function () {
    cb.all(".casebook-catalogue-filter").forEach(setup);
  });
})();
