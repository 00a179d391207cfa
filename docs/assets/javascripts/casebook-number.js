/* Numbers as readers type them into the what-if calculator: the way the pages write them.
 *
 *   100,000,000   100_000_000   100M   1.5K   2e8   -3   .5
 *
 * Thousands separators (commas, underscores, spaces) are dropped; a K, M, B (or G) or T suffix
 * multiplies by a thousand, a million, a billion, a trillion, as the rounded figures print
 * them. Anything else is refused, including JavaScript's own 0x10, 0b1 and Infinity, which
 * Number() would take; a value beyond the largest double is "too large", not "not a number".
 */
(function () {
  "use strict";

  var SUFFIX = { "": 1, k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };
  var FORM = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)([kmbgt]?)$/i;

  function parseNumber(text) {
    var raw = String(text).trim().replace(/[,_\s\u00a0\u202f]/g, "");
    if (raw === "") return { error: "enter a number" };
    var match = FORM.exec(raw);
    if (!match) return { error: "not a number" };
    var value = Number(match[1]) * SUFFIX[match[2].toLowerCase()];
    if (!isFinite(value)) return { error: "too large" };
    return { value: value };
  }

  window.casebook.parseNumber = parseNumber;
})();
