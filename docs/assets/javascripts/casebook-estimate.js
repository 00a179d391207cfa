/* What-if calculator of step 2: edit an assumption and every derived figure is recomputed.
 *
 * The page carries the estimate as JSON in the data-estimate attribute of .casebook-whatif:
 * assumptions with the factor from their unit to base units (B, s and countables), and every
 * derived figure as RPN over base units with the factor of its display unit, in an order where
 * each figure comes after the figures it uses. Nothing is fetched; no server is involved.
 *
 * Every value on the page that names its figure follows the inputs: backticked figure names in
 * prose, "At a glance" and the derived table ([data-of]), and both sides of every check
 * (.casebook-check, .casebook-verdict), where a check that no longer holds is marked. The edited
 * values are kept in the page's address, so a link reproduces them; Reset restores the page's.
 *
 * Numbers are printed by the same rules as generator/estimate/numbers.py; a browser test feeds
 * both the same values and expects the same text, so change them together.
 */
(function () {
  "use strict";

  var EXACT_DIGITS = 10;
  var ROUNDED_DIGITS = 3;
  var COUNT_SUFFIXES = ["", "K", "M", "B", "T"];
  var DECIMAL_BYTES = ["B", "KB", "MB", "GB", "TB", "PB", "EB"];
  var BINARY_BYTES = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  var DURATIONS = [["ns", 1e-9], ["µs", 1e-6], ["ms", 0.001], ["s", 1], ["min", 60],
                   ["h", 3600], ["day", 86400], ["year", 31536000]];
  var SECOND = ["s", 1];
  var WHOLE_LIMIT = 1e6;
  var COMPARE = {
    "<": function (a, b) { return a < b; },
    "<=": function (a, b) { return a <= b; },
    ">": function (a, b) { return a > b; },
    ">=": function (a, b) { return a >= b; }
  };

  /* [negative, digits without trailing zeros, exponent]: value ≈ ±digits × 10^exponent.
     toPrecision rounds the exact binary value, halves away from zero, like Decimal's
     ROUND_HALF_UP on the Python side. */
  function significant(value, precision) {
    if (value === 0) return [false, "0", 0];
    var text = Math.abs(value).toPrecision(precision);
    var exp = 0;
    var mantissa = text;
    var e = text.indexOf("e");
    if (e >= 0) {
      exp = parseInt(text.slice(e + 1), 10);
      mantissa = text.slice(0, e);
    }
    var point = mantissa.indexOf(".");
    if (point >= 0) exp -= mantissa.length - point - 1;
    var all = mantissa.replace(".", "").replace(/^0+/, "");
    var stripped = all.replace(/0+$/, "");
    return [value < 0, stripped, exp + all.length - stripped.length];
  }

  function group(integer) {
    var out = "";
    while (integer.length > 3) {
      out = "," + integer.slice(-3) + out;
      integer = integer.slice(0, -3);
    }
    return integer + out;
  }

  function decimalText(negative, digits, exp) {
    var lead = digits.length - 1 + exp;
    var sign = negative && digits !== "0" ? "-" : "";
    if (digits !== "0" && !(-7 < lead && lead < 15)) {
      return sign + digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "") + "e" + lead;
    }
    if (exp >= 0) return sign + group(digits + "0".repeat(exp));
    var point = digits.length + exp;
    if (point > 0) return sign + group(digits.slice(0, point)) + "." + digits.slice(point);
    return sign + "0." + "0".repeat(-point) + digits;
  }

  function exact(value) {
    if (value === 0) return "0";
    var lead = parseInt(Math.abs(value).toExponential(16).split("e")[1], 10);
    var precision = Math.min(15, Math.max(EXACT_DIGITS, lead + 1));
    return decimalText.apply(null, significant(value, precision));
  }

  function expText(exp) {
    return String(Math.abs(exp));
  }

  function formatDims(dims) {
    var top = [];
    var bottom = [];
    dims.forEach(function (d) {
      var part = Math.abs(d[1]) === 1 ? d[0] : d[0] + "^" + expText(d[1]);
      if (d[1] > 0) top.push(part);
      else if (d[1] < 0) bottom.push(part);
    });
    var num = top.join("·") || (bottom.length ? "1" : "");
    if (!bottom.length) return num;
    var den = bottom.join("·");
    return bottom.length > 1 ? num + "/(" + den + ")" : num + "/" + den;
  }

  function withUnit(number, unit) {
    if (!unit) return number;
    if (unit.indexOf("1/") === 0) return number + unit.slice(1);
    return number + " " + unit;
  }

  function roundedNumber(value, suffixes) {
    var s = significant(value, ROUNDED_DIGITS);
    var lead = s[1].length - 1 + s[2];
    var step = s[1] === "0" ? 0 : Math.max(0, Math.min(Math.floor(lead / 3), suffixes.length - 1));
    return [decimalText(s[0], s[1], s[2] - 3 * step), suffixes[step]];
  }

  function duration(value) {
    var chosen = DURATIONS[0];
    DURATIONS.forEach(function (candidate) {
      if (Math.abs(value) >= candidate[1]) chosen = candidate;
    });
    if (value === 0) chosen = SECOND;
    return [decimalText.apply(null, significant(value / chosen[1], ROUNDED_DIGITS)), chosen[0]];
  }

  function bytes(value, binary) {
    if (!binary) return roundedNumber(value, DECIMAL_BYTES);
    var step = 0;
    for (var k = 1; k < BINARY_BYTES.length; k++) {
      if (Math.abs(value) >= Math.pow(1024, k)) step = k;
    }
    return [decimalText.apply(null, significant(value / Math.pow(1024, step), ROUNDED_DIGITS)),
            BINARY_BYTES[step]];
  }

  /* As numbers.rounded: `per` is the time base of the author's unit ([symbol, seconds]), `whole`
     marks a whole count (ceil, floor). */
  function rounded(value, dims, binary, per, whole) {
    per = per || SECOND;
    var exps = Object.create(null); // unit names are the contributor's: `__proto__` is one
    dims.forEach(function (d) { exps[d[0]] = d[1]; });
    var time = exps.s || 0;
    var rest = dims.filter(function (d) { return d[0] !== "B" && d[0] !== "s"; });
    if (time === 1 && exps.B === undefined) {
      var d = duration(value);
      return withUnit(d[0], formatDims([[d[1], 1]].concat(rest)));
    }
    if (time) value = value * Math.pow(per[1], -time);
    var tail = time ? [[per[0], time]] : [];
    if (exps.B === 1) {
      var b = bytes(value, binary);
      return withUnit(b[0], formatDims([[b[1], 1]].concat(rest, tail)));
    }
    var others = dims.filter(function (d) { return d[0] !== "s"; });
    if (whole && !time && Number.isInteger(value) && Math.abs(value) < WHOLE_LIMIT) {
      return withUnit(decimalText.apply(null, significant(value, 15)), formatDims(others));
    }
    var counted = roundedNumber(value, COUNT_SUFFIXES);
    return withUnit(counted[0] + counted[1], formatDims(others.concat(tail)));
  }

  function show(value, item) {
    return rounded(value, item.dims, item.binary, item.per, item.whole);
  }

  function Failure(message) {
    this.message = message;
  }

  function pow(a, b) {
    var value = Math.pow(a, b);
    if (!isFinite(value)) throw new Failure("not a finite number");
    return value;
  }

  var FUNCTIONS = {
    min: function (args) { return Math.min.apply(null, args); },
    max: function (args) { return Math.max.apply(null, args); },
    ceil: function (args) { return Math.ceil(args[0]); },
    floor: function (args) { return Math.floor(args[0]); },
    sqrt: function (args) {
      if (args[0] < 0) throw new Failure("square root of a negative number");
      return Math.sqrt(args[0]);
    },
    log2: function (args) {
      if (args[0] <= 0) throw new Failure("log2 of zero or a negative number");
      return Math.log2(args[0]);
    }
  };

  function evaluate(rpn, env) {
    var stack = [];
    rpn.forEach(function (op) {
      var a;
      var b;
      switch (op[0]) {
        case "n":
          stack.push(op[1]);
          break;
        case "v":
          if (env[op[1]] === null || env[op[1]] === undefined) {
            throw new Failure("uses '" + op[1] + "', which cannot be computed");
          }
          stack.push(env[op[1]]);
          break;
        case "neg":
          stack.push(-stack.pop());
          break;
        case "f":
          stack.push(FUNCTIONS[op[1]](stack.splice(stack.length - op[2], op[2])));
          break;
        default:
          b = stack.pop();
          a = stack.pop();
          if (op[0] === "+") stack.push(a + b);
          else if (op[0] === "-") stack.push(a - b);
          else if (op[0] === "*") stack.push(a * b);
          else if (op[0] === "^") stack.push(pow(a, b));
          else {
            if (b === 0) throw new Failure("division by zero");
            stack.push(a / b);
          }
      }
    });
    return stack.pop();
  }

  function element(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    return node;
  }

  /* An identifier that may break after each underscore (`peak_egress_bandwidth`), so that the
     calculator's two tables fit side by side; its text is unchanged. */
  function identifier(name) {
    var code = element("code");
    name.split("_").forEach(function (part, i, parts) {
      code.appendChild(document.createTextNode(i < parts.length - 1 ? part + "_" : part));
      if (i < parts.length - 1) code.appendChild(element("wbr"));
    });
    return code;
  }

  /* A table in a region of its own that scrolls sideways on a narrow screen; the region takes
     focus so that a keyboard can scroll it, and is named for a screen reader. */
  function table(headings, name) {
    var region = element("div", null, {
      "class": "casebook-scroll", tabindex: "0", role: "region", "aria-label": name
    });
    var t = region.appendChild(element("table"));
    var row = element("tr");
    headings.forEach(function (h) { row.appendChild(element("th", h)); });
    t.appendChild(element("thead")).appendChild(row);
    return [region, t.appendChild(element("tbody"))];
  }

  /* Both sides of a check as the page prints them: exact when rounding makes them look equal
     (as checks.values does). */
  function sides(check, left, right) {
    var l = show(left, check.left);
    var r = show(right, check.right);
    if (l === r) {
      var unit = formatDims(check.left.dims);
      l = unit ? exact(left) + " " + unit : exact(left);
      r = unit ? exact(right) + " " + unit : exact(right);
    }
    return [l, r];
  }

  /* A figure's exact value in its own unit, as the derived table prints it. */
  function exactText(value, item) {
    var number = exact(value / item.factor);
    return item.unit ? number + " " + item.unit : number;
  }

  /* Every value on the page that names its figure (data-of): figures in prose, "At a glance"
     and the derived table (data-form="exact" for its exact column). */
  function showInline(page, data, env) {
    var items = Object.create(null); // keyed by figure names, which may be `__proto__`
    data.assumptions.concat(data.figures).forEach(function (item) { items[item.name] = item; });
    page.querySelectorAll("[data-of]").forEach(function (node) {
      var item = items[node.getAttribute("data-of")];
      if (!item) return;
      var value = env[item.name];
      var form = node.getAttribute("data-form") === "exact" ? exactText : show;
      node.textContent = value === null || value === undefined ? "—" : form(value, item);
    });
  }

  /* The edited assumptions live in the address (?w.<name>=<value>), so a link reproduces them;
     an assumption at the page's own value is left out of it. */
  var PARAM = "w.";

  function fromAddress(inputs) {
    var params = new URLSearchParams(window.location.search);
    Object.keys(inputs).forEach(function (name) {
      var value = params.get(PARAM + name);
      if (value !== null) inputs[name].value = value;
    });
  }

  function toAddress(data, inputs) {
    var params = new URLSearchParams(window.location.search);
    data.assumptions.forEach(function (a) {
      var value = inputs[a.name].value.trim();
      if (value === String(a.value)) params.delete(PARAM + a.name);
      else params.set(PARAM + a.name, value);
    });
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", address);
  }

  function showChecks(page, data, env) {
    data.checks.forEach(function (check) {
      var at = '[data-check="' + check.index + '"]';
      var left = page.querySelector(".casebook-check" + at + '[data-side="left"]');
      var right = page.querySelector(".casebook-check" + at + '[data-side="right"]');
      var verdict = page.querySelector(".casebook-verdict" + at);
      if (!left || !right || !verdict) return;
      var text = ["—", "—"];
      var state = "cannot be computed";
      try {
        var l = evaluate(check.left.rpn, env);
        var r = evaluate(check.right.rpn, env);
        if (!isFinite(l) || !isFinite(r)) throw new Failure("not a finite number");
        text = sides(check, l, r);
        state = COMPARE[check.op](l, r) ? "holds" : "fails";
      } catch (err) {
        if (!(err instanceof Failure)) throw err;
      }
      left.textContent = text[0];
      right.textContent = text[1];
      verdict.textContent = state;
      if (state === "holds") verdict.removeAttribute("data-fails");
      else verdict.setAttribute("data-fails", "1");
    });
  }

  function setup(root) {
    if (root.getAttribute("data-ready")) return;
    var data = JSON.parse(root.getAttribute("data-estimate"));
    var page = root.closest("article") || document;
    root.setAttribute("data-ready", "1");
    root.textContent = "";

    var inputs = Object.create(null); // keyed by assumption names, which may be `__proto__`
    var notes = Object.create(null);
    // The unit sits beside its input, so that a narrow table still shows it.
    var t = table(["Assumption", "Value"], "What-if assumptions");
    data.assumptions.forEach(function (a) {
      var row = t[1].appendChild(element("tr"));
      row.appendChild(element("td")).appendChild(identifier(a.name));
      var cell = row.appendChild(element("td"));
      inputs[a.name] = cell.appendChild(element("input", null, {
        type: "text", inputmode: "decimal", value: String(a.value), "data-assumption": a.name,
        "aria-label": a.name + (a.unit ? " in " + a.unit : ""), spellcheck: "false"
      }));
      if (a.unit) cell.appendChild(element("span", a.unit, { "class": "casebook-unit" }));
      notes[a.name] = cell.appendChild(element("span", "", { "class": "casebook-error" }));
    });
    root.appendChild(t[0]);

    var reset = root.appendChild(element("p")).appendChild(element("button", "Reset", {
      type: "button", "class": "md-button"
    }));

    var cells = Object.create(null);
    var f = table(["Figure", "Exact", "Rounded"], "What-if figures");
    data.order.forEach(function (name) {
      var row = f[1].appendChild(element("tr", null, { "data-figure": name }));
      row.appendChild(element("td")).appendChild(identifier(name));
      cells[name] = [
        row.appendChild(element("td", "", { "class": "casebook-exact" })),
        row.appendChild(element("td", "", { "class": "casebook-rounded" }))
      ];
    });
    root.appendChild(f[0]);

    function recompute() {
      var env = Object.create(null);
      data.assumptions.forEach(function (a) {
        var parsed = window.casebook.parseNumber(inputs[a.name].value);  // casebook-number.js
        var value = parsed.value;
        var problem = parsed.error || "";
        if (!problem && a.nonneg && value < 0) problem = "cannot be negative";
        inputs[a.name].setAttribute("aria-invalid", problem ? "true" : "false");
        notes[a.name].textContent = problem;
        env[a.name] = problem ? null : value * a.factor;
      });
      data.figures.forEach(function (fig) {
        var shown = cells[fig.name];
        try {
          var value = evaluate(fig.rpn, env);
          if (!isFinite(value)) throw new Failure("not a finite number");
          if (fig.nonneg && value < 0) throw new Failure("negative");
          env[fig.name] = value;
          shown[0].textContent = exactText(value, fig);
          shown[1].textContent = show(value, fig);
          shown[0].removeAttribute("data-error");
        } catch (err) {
          if (!(err instanceof Failure)) throw err;
          env[fig.name] = null;
          shown[0].textContent = "—";
          shown[0].setAttribute("data-error", "1");
          shown[1].textContent = err.message;
        }
      });
      showInline(page, data, env);
      showChecks(page, data, env);
    }

    Object.keys(inputs).forEach(function (name) {
      inputs[name].addEventListener("input", function () {
        recompute();
        toAddress(data, inputs);
      });
    });
    reset.addEventListener("click", function () {
      data.assumptions.forEach(function (a) { inputs[a.name].value = String(a.value); });
      recompute();
      toAddress(data, inputs);
    });
    fromAddress(inputs);
    recompute();
  }

  function init() {
    document.querySelectorAll(".casebook-whatif[data-estimate]").forEach(setup);
  }

  // For tests: the formatting rules, to compare with the Python side.
  window.casebookEstimate = { exact: exact, rounded: rounded };

  window.casebook.onPage(init);
})();
