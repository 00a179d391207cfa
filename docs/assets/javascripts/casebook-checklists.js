/* Checklists: ticks kept in this browser, tick counters with reset buttons, and the finder.
 *
 * Every checklist item is an <li class="casebook-item"> whose id (or data-check-id, in the
 * finder) is the item's stable id; a tick is stored in localStorage under that id, so it
 * survives reloads, visits and edits that reorder the items. Nothing leaves the browser: the
 * only request is for the site's own checklists/items.json, on the finder page.
 *
 * Everything is (re)wired on every page shown (casebook.js: instant navigation keeps scripts).
 */
(function () {
  "use strict";

  var PREFIX = "casebook.tick:";
  var el = window.casebook.el;
  var store = window.casebook.store;

  function isTicked(id) {
    return store.get(PREFIX + id) === "1";
  }

  function setTicked(id, on) {
    store.set(PREFIX + id, on ? "1" : null);
  }

  function keyOf(li) {
    return li.getAttribute("data-check-id") || li.id;
  }

  function boxOf(li) {
    return li.querySelector("input[type=checkbox]");
  }

  function allItems() {
    return Array.prototype.slice.call(document.querySelectorAll("li.casebook-item"));
  }

  /* -- ticking ------------------------------------------------------------------------- */

  function wireItem(li) {
    var box = boxOf(li);
    if (!box || box.getAttribute("data-wired")) return;
    box.setAttribute("data-wired", "1");
    box.disabled = false;
    box.removeAttribute("disabled");
    box.checked = isTicked(keyOf(li));
    box.setAttribute("aria-label", "Tick: " + li.textContent.trim());
    box.addEventListener("change", function () {
      setTicked(keyOf(li), box.checked);
      refresh();
    });
  }

  function syncBoxes() {
    allItems().forEach(function (li) {
      var box = boxOf(li);
      if (box) box.checked = isTicked(keyOf(li));
    });
  }

  /* -- counters ------------------------------------------------------------------------ */

  function itemsCountedBy(counter) {
    var step = counter.getAttribute("data-step");
    var scope = counter.getAttribute("data-case");
    return allItems().filter(function (li) {
      return (
        (!step || li.getAttribute("data-step") === step) &&
        (!scope || li.getAttribute("data-case") === scope)
      );
    });
  }

  function resetItems(items, what) {
    var ticked = items.filter(function (li) {
      return isTicked(keyOf(li));
    });
    if (!ticked.length) return;
    var n = ticked.length;
    if (!window.confirm("Clear " + n + (n === 1 ? " tick" : " ticks") + " " + what + "?")) return;
    ticked.forEach(function (li) {
      setTicked(keyOf(li), false);
    });
    syncBoxes();
    refresh();
  }

  function wireCounter(counter) {
    if (counter.getAttribute("data-wired")) return;
    counter.setAttribute("data-wired", "1");
    var label = el("span", { class: "casebook-progress-text" });
    var bar = el("progress", { max: "1", value: "0" });
    var reset = el("button", { type: "button", class: "casebook-reset" }, "Reset");
    reset.addEventListener("click", function () {
      resetItems(itemsCountedBy(counter), "counted here");
    });
    counter.appendChild(label);
    counter.appendChild(bar);
    counter.appendChild(reset);
  }

  function updateCounter(counter) {
    var items = itemsCountedBy(counter);
    var done = items.filter(function (li) {
      return isTicked(keyOf(li));
    }).length;
    var text = counter.getAttribute("data-label") + ": " + done + " of " + items.length + " ticked";
    counter.querySelector(".casebook-progress-text").textContent = text;
    var bar = counter.querySelector("progress");
    bar.max = Math.max(items.length, 1);
    bar.value = done;
    bar.setAttribute("aria-label", text);
    counter.querySelector(".casebook-reset").disabled = done === 0;
  }

  /* -- the finder ---------------------------------------------------------------------- */

  // Not `q`: the theme opens its own search for a `q` in the address.
  var FILTERS = ["words", "step", "tag", "case"];

  /* The same rule as Python's generator.enrich.checklists.matches (a browser test compares
     them): every query word, or one of its abbreviations' expansions, appears in the item. */
  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function matches(item, filter, abbreviations) {
    if (filter.step && String(item.step) !== filter.step) return false;
    if (filter.tag && item.tags.indexOf(filter.tag) < 0) return false;
    if (filter.case === "method" && item.case !== null) return false;
    if (filter.case && filter.case !== "method" && item.case !== filter.case) return false;
    var haystack = [item.text, item.tags.join(" "), item.id, item.case_title || ""]
      .join(" ")
      .toLowerCase();
    return words(filter.words).every(function (word) {
      return [word].concat(abbreviations[word] || []).some(function (form) {
        return haystack.indexOf(form) >= 0;
      });
    });
  }

  function inlineText(parent, text) {
    // Item text is inline Markdown; only `code` spans are shown as such, the rest as text.
    var parts = text.split("`");
    if (parts.length % 2 === 0) parts = [text];
    parts.forEach(function (part, i) {
      if (!part) return;
      parent.appendChild(i % 2 ? el("code", {}, part) : document.createTextNode(part));
    });
  }

  function option(value, text) {
    return el("option", { value: value }, text);
  }

  function select(name, label, options) {
    var wrap = el("label", { class: "casebook-finder-field" });
    wrap.appendChild(el("span", {}, label));
    var node = el("select", { name: name });
    options.forEach(function (o) {
      node.appendChild(o);
    });
    wrap.appendChild(node);
    return wrap;
  }

  function finderItem(item, root) {
    var li = el("li", {
      class: "task-list-item casebook-item",
      "data-check-id": item.id,
      "data-step": item.step_slug
    });
    if (item.case) li.setAttribute("data-case", item.case);
    var control = el("label", { class: "task-list-control" });
    control.appendChild(el("input", { type: "checkbox" }));
    control.appendChild(el("span", { class: "task-list-indicator" }));
    li.appendChild(control);
    var text = el("span", { class: "casebook-item-text" });
    inlineText(text, item.text);
    li.appendChild(text);
    if (item.derived) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", { class: "casebook-derived" }, "derived"));
    }
    var where = el("span", { class: "casebook-item-source" });
    where.appendChild(document.createTextNode(" · "));
    var source = item.case_title || "The method";
    where.appendChild(el("a", { href: new URL(item.url, root).href }, source));
    item.tags.forEach(function (tag) {
      where.appendChild(document.createTextNode(" "));
      where.appendChild(el("span", { class: "casebook-tag" }, tag));
    });
    li.appendChild(where);
    wireItem(li);
    return li;
  }

  function buildFinder(host, data, root) {
    var tags = Object.create(null); // a tag may be named `constructor` or `__proto__`
    data.items.forEach(function (item) {
      item.tags.forEach(function (t) {
        tags[t] = (tags[t] || 0) + 1;
      });
    });
    var controls = el("form", {
      class: "casebook-finder-controls",
      role: "search",
      "aria-label": "Find checklist items"
    });
    controls.addEventListener("submit", function (e) {
      e.preventDefault();
    });
    var query = el("label", { class: "casebook-finder-field casebook-finder-words" });
    query.appendChild(el("span", {}, "Words"));
    query.appendChild(
      el("input", { type: "search", name: "words", placeholder: "single point of failure, SPOF, QPS…" })
    );
    controls.appendChild(query);
    controls.appendChild(
      select(
        "step",
        "Step",
        [option("", "All steps")].concat(
          data.steps.map(function (s) {
            return option(String(s.number), s.number + ". " + s.title);
          })
        )
      )
    );
    controls.appendChild(
      select(
        "tag",
        "Tag",
        [option("", "All tags")].concat(
          Object.keys(tags)
            .sort()
            .map(function (t) {
              return option(t, t + " (" + tags[t] + ")");
            })
        )
      )
    );
    controls.appendChild(
      select(
        "case",
        "From",
        [option("", "Everywhere"), option("method", "The method")].concat(
          data.cases.map(function (c) {
            return option(c.id, c.title);
          })
        )
      )
    );
    var buttons = el("div", { class: "casebook-finder-buttons" });
    var print = el("button", { type: "button", class: "md-button casebook-print" }, "Print");
    var reset = el("button", { type: "button", class: "md-button casebook-reset" }, "Reset ticks");
    buttons.appendChild(print);
    buttons.appendChild(reset);
    controls.appendChild(buttons);

    var count = el("p", { class: "casebook-finder-count", "aria-live": "polite" });
    var results = el("div", { class: "casebook-finder-results" });
    host.textContent = "";
    host.appendChild(controls);
    host.appendChild(count);
    host.appendChild(results);

    var params = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (name) {
      if (params.get(name)) controls.elements[name].value = params.get(name);
    });

    function current() {
      var filter = Object.create(null);
      FILTERS.forEach(function (name) {
        filter[name] = controls.elements[name].value;
      });
      return filter;
    }

    function render() {
      var filter = current();
      var shown = data.items.filter(function (item) {
        return matches(item, filter, data.abbreviations || {});
      });
      results.textContent = "";
      data.steps.forEach(function (step) {
        var mine = shown.filter(function (item) {
          return item.step === step.number;
        });
        if (!mine.length) return;
        var heading = el("h3", { class: "casebook-finder-step", "data-step": step.slug });
        heading.appendChild(
          el("a", { href: new URL(step.url, root).href }, step.number + ". " + step.title)
        );
        heading.appendChild(el("span", { class: "casebook-finder-step-count" }));
        results.appendChild(heading);
        var list = el("ul", { class: "task-list" });
        mine.forEach(function (item) {
          list.appendChild(finderItem(item, root));
        });
        results.appendChild(list);
      });
      if (!shown.length) results.appendChild(el("p", {}, "No item matches these filters."));
      var next = new URLSearchParams();
      FILTERS.forEach(function (name) {
        if (filter[name]) next.set(name, filter[name]);
      });
      var search = next.toString();
      var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
      refresh();
    }

    host.casebookCount = function () {
      var lis = Array.prototype.slice.call(results.querySelectorAll("li.casebook-item"));
      var done = lis.filter(function (li) {
        return isTicked(keyOf(li));
      }).length;
      count.textContent =
        lis.length + " of " + data.items.length + " items shown · " + done + " ticked";
      Array.prototype.forEach.call(results.querySelectorAll("h3"), function (h) {
        var list = h.nextElementSibling;
        var all = list.querySelectorAll("li.casebook-item");
        var ticked = Array.prototype.filter.call(all, function (li) {
          return isTicked(keyOf(li));
        }).length;
        h.querySelector(".casebook-finder-step-count").textContent =
          " " + ticked + " of " + all.length + " ticked";
      });
    };

    controls.addEventListener("input", render);
    controls.addEventListener("change", render);
    print.addEventListener("click", function () {
      // Print the items shown, not the rest of the page (see checklists.css).
      document.body.classList.add("casebook-print-finder");
      window.print();
    });
    reset.addEventListener("click", function () {
      resetItems(
        Array.prototype.slice.call(results.querySelectorAll("li.casebook-item")),
        "on the items shown"
      );
    });
    render();
  }

  function wireFinder(host) {
    if (host.getAttribute("data-wired")) return;
    host.setAttribute("data-wired", "1");
    var src = new URL(host.getAttribute("data-src"), window.location.href);
    var root = new URL("../", src); // items.json lives in checklists/; its URLs are site-relative
    fetch(src.href)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      })
      .then(function (data) {
        buildFinder(host, data, root);
      })
      .catch(function (error) {
        host.textContent = "";
        host.appendChild(
          el("p", { class: "casebook-finder-error" }, "The checklist items could not be loaded (" +
            error.message + "). Every item is also listed on the step pages above.")
        );
      });
  }

  /* -- wiring -------------------------------------------------------------------------- */

  function refresh() {
    Array.prototype.forEach.call(document.querySelectorAll(".casebook-progress"), updateCounter);
    Array.prototype.forEach.call(document.querySelectorAll(".casebook-finder"), function (host) {
      if (host.casebookCount) host.casebookCount();
    });
  }

  function markTarget() {
    // With instant navigation the address changes without a real jump, so `:target` never
    // matches; mark the item an address lands on ourselves.
    var id = "";
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (e) {
      id = "";
    }
    allItems().forEach(function (li) {
      li.classList.toggle("casebook-target", id !== "" && keyOf(li) === id);
    });
  }

  function setup() {
    allItems().forEach(wireItem);
    markTarget();
    Array.prototype.forEach.call(document.querySelectorAll(".casebook-progress"), wireCounter);
    Array.prototype.forEach.call(document.querySelectorAll(".casebook-finder"), wireFinder);
    refresh();
  }

  window.addEventListener("afterprint", function () {
    document.body.classList.remove("casebook-print-finder");
  });

  // Another tab ticked something: show it here too.
  window.addEventListener("storage", function (event) {
    if (event.key === null || event.key.indexOf(PREFIX) === 0) {
      syncBoxes();
      refresh();
    }
  });

  window.casebook.onPage(setup);
})();
