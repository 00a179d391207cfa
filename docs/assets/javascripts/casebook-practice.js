/* Practice mode on a case study: steps 2 to 7 hidden behind a Reveal button each, a notes box per
 * step, and an optional timer that counts each step down from the method's time budget.
 *
 * The page carries <div class="casebook-practice" data-case data-budget> (minutes per step, from
 * generator/format/steps.py) with its switch, timer button and hint already in it. Everything
 * is kept in this browser (casebook.js store), per case study: whether practice is on, each
 * step's notes and whether it was revealed, and the date the case study was last practised (a
 * step revealed in practice mode), which the catalogue and the progress page show. Nothing is
 * sent anywhere.
 */
(function () {
  "use strict";

  var cb = window.casebook;
  var el = cb.el;
  var store = cb.store;
  var PRACTISED = "casebook.practised:";
  var timer = null;

  function key(kind, caseId, step) {
    return "casebook." + kind + ":" + caseId + (step ? ":" + step : "");
  }

  /* The h2 of each step (id step-N-…) and the nodes up to the next h2. */
  function steps(article) {
    var out = [];
    cb.all("h2[id^='step-']", article).forEach(function (h2) {
      var number = parseInt(h2.id.split("-")[1], 10);
      var nodes = [];
      for (var n = h2.nextElementSibling; n && n.tagName !== "H2"; n = n.nextElementSibling) nodes.push(n);
      out.push({ number: number, heading: h2, nodes: nodes });
    });
    return out;
  }

  function clock(seconds) {
    var s = Math.abs(seconds);
    var text = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    return seconds < 0 ? text + " over" : text + " left";
  }

  function practiceStep(host, caseId, step) {
    var title = step.heading.textContent.replace(/¶$/, "").trim();
    var box = el("div", { class: "casebook-practice-step", "data-step": String(step.number) });
    var answer = el("div", { class: "casebook-answer", id: "casebook-answer-" + step.number });
    step.nodes.forEach(function (n) { answer.appendChild(n); });
    var notesId = "casebook-notes-" + step.number;
    var notes = el("div", { class: "casebook-notes" });
    notes.appendChild(el("label", { for: notesId }, "Your notes for " + title));
    var area = notes.appendChild(el("textarea", { id: notesId, rows: "6", spellcheck: "true" }));
    area.value = store.get(key("notes", caseId, step.number)) || "";
    area.addEventListener("input", function () {
      store.set(key("notes", caseId, step.number), area.value || null);
    });
    var reveal = el("button", {
      type: "button", class: "md-button casebook-reveal", "aria-expanded": "false",
      "aria-controls": answer.id
    }, "Reveal step " + step.number);
    function show(on) {
      answer.hidden = !on;
      box.classList.toggle("casebook-revealed", on);
      reveal.setAttribute("aria-expanded", on ? "true" : "false");
      reveal.textContent = (on ? "Hide step " : "Reveal step ") + step.number;
    }
    reveal.addEventListener("click", function () {
      var on = answer.hidden;
      store.set(key("revealed", caseId, step.number), on ? "1" : null);
      if (on) store.set(PRACTISED + caseId, new Date().toISOString().slice(0, 10));
      show(on);
      if (timer) timer.advance();
    });
    notes.appendChild(reveal);
    box.appendChild(notes);
    box.appendChild(answer);
    step.heading.parentNode.insertBefore(box, step.heading.nextSibling);
    show(store.get(key("revealed", caseId, step.number)) === "1");
    return { box: box, answer: answer, notes: notes, nodes: step.nodes, number: step.number, revealed: function () { return !answer.hidden; } };
  }

  function undo(practice) {
    practice.forEach(function (p) {
      p.nodes.forEach(function (n) { p.box.parentNode.insertBefore(n, p.box); });
      p.box.remove();
    });
  }

  function startTimer(panel, practice, budget) {
    var out = panel.querySelector(".casebook-timer-text");
    var current = null;
    var left = 0;
    function pick() {
      var next = practice.filter(function (p) { return !p.revealed(); })[0];
      if (!next) {
        current = null;
        out.textContent = "Every step revealed.";
        return;
      }
      if (!current || current.number !== next.number) {
        current = next;
        left = (budget[String(next.number)] || 5) * 60;
      }
      out.textContent = "Step " + current.number + ": " + clock(left);
    }
    var id = window.setInterval(function () {
      if (!current) return;
      left -= 1;
      out.textContent = "Step " + current.number + ": " + clock(left);
      panel.classList.toggle("casebook-timer-over", left < 0);
    }, 1000);
    pick();
    return {
      advance: pick,
      stop: function () {
        window.clearInterval(id);
        out.textContent = "";
        panel.classList.remove("casebook-timer-over");
      }
    };
  }

  function setup() {
    cb.all(".casebook-practice:not([data-wired])").forEach(function (panel) {
      panel.setAttribute("data-wired", "1");
      var caseId = panel.getAttribute("data-case");
      var budget = JSON.parse(panel.getAttribute("data-budget"));
      var article = panel.closest("article") || document;
      // The page carries the switch itself, so that nothing moves when this script wires it.
      var toggle = panel.querySelector(".casebook-practice-toggle");
      var start = panel.querySelector(".casebook-timer-toggle");
      var practice = null;
      function set(on) {
        toggle.setAttribute("aria-pressed", on ? "true" : "false");
        start.hidden = !on;
        document.body.classList.toggle("casebook-practising", on);
        store.set(key("practice", caseId), on ? "1" : null);
        if (on && !practice) {
          practice = steps(article).filter(function (s) { return s.number >= 2; }).map(function (s) {
            return practiceStep(panel, caseId, s);
          });
        } else if (!on && practice) {
          if (timer) { timer.stop(); timer = null; start.textContent = "Start timer"; }
          undo(practice);
          practice = null;
        }
      }
      toggle.addEventListener("click", function () { set(toggle.getAttribute("aria-pressed") !== "true"); });
      start.addEventListener("click", function () {
        if (timer) {
          timer.stop();
          timer = null;
          start.textContent = "Start timer";
        } else {
          timer = startTimer(panel, practice, budget);
          start.textContent = "Stop timer";
        }
      });
      set(store.get(key("practice", caseId)) === "1");
    });
  }

  cb.onPage(function () {
    if (timer) { timer.stop(); timer = null; }
    document.body.classList.remove("casebook-practising");
    setup();
  });
})();
