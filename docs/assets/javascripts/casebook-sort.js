/* Sortable tables: a table whose body cells carry data-sort keys (numbers in base units) sorts
 * by a column when its heading is selected; selecting it again reverses the order. Cells
 * without a key sort by their text; empty keys always sort last.
 */
(function () {
  "use strict";

  function key(cell) {
    var holder = cell.hasAttribute("data-sort") ? cell : cell.querySelector("[data-sort]");
    if (!holder) return cell.textContent.trim().toLowerCase();
    var raw = holder.getAttribute("data-sort");
    return raw === "" ? null : parseFloat(raw);
  }

  function sortBy(table, index, buttons) {
    var heading = buttons[index].parentNode;
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    buttons.forEach(function (b) { b.parentNode.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = ascending ? 1 : -1;
    rows.sort(function (r1, r2) {
      var a = key(r1.cells[index]);
      var b = key(r2.cells[index]);
      if (a === null || b === null) return a === b ? 0 : (a === null ? 1 : -1);
      if (typeof a === "number" && typeof b === "number") return sign * (a - b);
      return sign * String(a).localeCompare(String(b));
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function setup(table) {
    if (table.getAttribute("data-sortable") || !table.tHead || !table.tBodies.length) return;
    if (!table.tBodies[0].querySelector("[data-sort]")) return;
    table.setAttribute("data-sortable", "1");
    var buttons = [];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "casebook-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      buttons.push(button);
      button.addEventListener("click", function () { sortBy(table, index, buttons); });
    });
  }

  function init() {
    document.querySelectorAll("article table").forEach(setup);
  }

  window.casebook.onPage(init);
})();
