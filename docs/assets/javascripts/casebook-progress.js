/* Progress across the casebook: per case study on the catalogue (ticked/total, practised), the
 * progress page's summary, and export to / import from a file.
 *
 * Everything read here is what the other scripts keep in this browser (casebook.js store):
 * `casebook.tick:<item id>` (casebook-checklists.js; a case study's items have ids starting
 * `<case>/`) and `casebook.practised:<case>` (casebook-practice.js). The export file holds every
 * `casebook.` entry; an import adds its entries and never deletes any.
 */
(function () {
  "use strict";

  var cb = window.casebook;
  var el = cb.el;
  var store = cb.store;
  var FORMAT = "casebook-progress";

  function ticked(caseId) {
    return cb.store.keys("casebook.tick:" + caseId + "/").length;
  }

  function practised(caseId) {
    return store.get("casebook.practised:" + caseId);
  }

  /* -- the catalogue's column --------------------------------------------------------------- */

  function catalogueCells() {
    cb.all(".casebook-case-progress").forEach(function (cell) {
      var id = cell.getAttribute("data-case");
      var total = parseInt(cell.getAttribute("data-total"), 10);
      var done = ticked(id);
      var when = practised(id);
      cell.textContent = done + " / " + total + " ticked" + (when ? " · practised" : "");
      cell.setAttribute("data-sort", String(total ? done / total : 0));
      if (when) cell.setAttribute("title", "Last practised on " + when);
    });
  }

  /* -- export and import -------------------------------------------------------------------- */

  function snapshot() {
    var entries = {};
    store.keys("casebook.").forEach(function (k) {
      entries[k] = store.get(k);
    });
    return { format: FORMAT, version: 1, exported: new Date().toISOString(), entries: entries };
  }

  function download(data) {
    var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    var a = el("a", { href: URL.createObjectURL(blob), download: "casebook-progress.json" });
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  /* The entries of an export file, or an error message: only strings under "casebook.". */
  function entriesOf(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return "this file is not JSON";
    }
    if (!data || data.format !== FORMAT || typeof data.entries !== "object" || !data.entries) {
      return "this file is not a casebook progress export";
    }
    var keys = Object.keys(data.entries);
    for (var i = 0; i < keys.length; i++) {
      if (keys[i].indexOf("casebook.") !== 0 || typeof data.entries[keys[i]] !== "string") {
        return "unexpected entry " + JSON.stringify(keys[i].slice(0, 60));
      }
    }
    return data.entries;
  }

  function transfer(host, after) {
    var bar = el("div", { class: "casebook-transfer" });
    var out = el("p", { class: "casebook-transfer-status", role: "status" });
    var exporter = bar.appendChild(el("button", { type: "button", class: "md-button" }, "Export to a file"));
    var label = bar.appendChild(el("label", { class: "md-button casebook-import" }, "Import a file"));
    var input = label.appendChild(el("input", { type: "file", accept: "application/json,.json" }));
    exporter.addEventListener("click", function () {
      var data = snapshot();
      download(data);
      out.textContent = "Exported " + Object.keys(data.entries).length + " entries.";
    });
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var entries = entriesOf(text);
        input.value = "";
        if (typeof entries === "string") {
          out.textContent = "Nothing imported: " + entries + ".";
          out.classList.add("casebook-error");
          return;
        }
        Object.keys(entries).forEach(function (k) {
          store.set(k, entries[k]);
        });
        out.classList.remove("casebook-error");
        out.textContent = "Imported " + Object.keys(entries).length + " entries.";
        after();
      });
    });
    host.appendChild(bar);
    host.appendChild(out);
  }

  /* -- the progress page -------------------------------------------------------------------- */

  function summary(table, totalLine, data, root) {
    var method = data.items.filter(function (i) { return i.case === null; }).length;
    var body = table.tBodies[0];
    body.textContent = "";
    var sums = [0, 0, 0];
    data.cases.forEach(function (c) {
      var total = method + data.items.filter(function (i) { return i.case === c.id; }).length;
      var done = ticked(c.id);
      var when = practised(c.id);
      sums[0] += done;
      sums[1] += total;
      sums[2] += when ? 1 : 0;
      var row = body.appendChild(el("tr", { "data-case": c.id }));
      row.appendChild(el("td")).appendChild(el("a", { href: new URL(c.url, root).href }, c.title));
      row.appendChild(el("td", {}, done + " / " + total));
      row.appendChild(el("td", {}, when ? "on " + when : "not yet"));
    });
    totalLine.textContent =
      sums[0] + " of " + sums[1] + " items ticked across " + data.cases.length +
      " case studies; " + sums[2] + " practised.";
  }

  function progressPage(host) {
    if (host.getAttribute("data-wired")) return;
    host.setAttribute("data-wired", "1");
    var src = new URL(host.getAttribute("data-src"), window.location.href);
    var root = new URL("../", src);
    fetch(src.href)
      .then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + r.statusText);
        return r.json();
      })
      .then(function (data) {
        host.textContent = "";
        var totalLine = host.appendChild(el("p", { class: "casebook-progress-total" }));
        var wrap = host.appendChild(el("div", { class: "casebook-progress-table" }));
        var table = wrap.appendChild(el("table"));
        var head = table.appendChild(el("thead")).appendChild(el("tr"));
        ["Case study", "Ticked", "Practised"].forEach(function (h) {
          head.appendChild(el("th", { scope: "col" }, h));
        });
        table.appendChild(el("tbody"));
        var refresh = function () { summary(table, totalLine, data, root); };
        refresh();
        transfer(host, refresh);
      })
      .catch(function (error) {
        host.textContent = "Your progress could not be loaded (" + error.message + ").";
      });
  }

  cb.onPage(function () {
    catalogueCells();
    cb.all(".casebook-progress-page").forEach(progressPage);
  });

  window.casebookProgress = { entriesOf: entriesOf };
})();
