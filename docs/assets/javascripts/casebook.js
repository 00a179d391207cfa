/* Shared by every casebook script: the element helper, storage that survives a browser without
 * localStorage, and the start-up hook that runs a script's setup on every page.
 *
 * Material's instant navigation swaps pages without reloading scripts, so a setup subscribes to
 * `document$`, which emits once per page shown; without the theme (a plain page) it runs once
 * the document is ready. Load this file before the other casebook scripts.
 */
(function () {
  "use strict";

  /* <tag attrs…>text</tag>; attrs with a null or undefined value are left out. */
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value !== null && value !== undefined) node.setAttribute(name, value);
    });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function onPage(setup) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () {
        setup();
      });
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () {
        setup();
      });
    } else {
      setup();
    }
  }

  /* localStorage when the browser allows it, otherwise memory that lasts until the tab closes
     (privacy settings, quota). Every key the casebook keeps starts with "casebook.". */
  var memory = Object.create(null);

  function local() {
    try {
      var s = window.localStorage;
      s.getItem("casebook.");
      return s;
    } catch (e) {
      return null;
    }
  }

  var store = {
    get: function (key) {
      var s = local();
      var value = s ? s.getItem(key) : null;
      return value === null && Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : value;
    },
    set: function (key, value) {
      var s = local();
      if (value === null) delete memory[key];
      else memory[key] = String(value);
      if (!s) return;
      try {
        if (value === null) s.removeItem(key);
        else s.setItem(key, String(value));
      } catch (e) {
        /* quota or privacy settings: kept in memory only */
      }
    },
    keys: function (prefix) {
      var s = local();
      var out = {};
      Object.keys(memory).forEach(function (k) {
        out[k] = true;
      });
      if (s) {
        for (var i = 0; i < s.length; i++) out[s.key(i)] = true;
      }
      return Object.keys(out)
        .filter(function (k) {
          return k.indexOf(prefix) === 0 && store.get(k) !== null;
        })
        .sort();
    }
  };

  /* This file is assets/javascripts/casebook.js: the site's root and its scripts' folder follow
     from its own address, on every page depth and after instant navigation alike. */
  var here = document.currentScript ? document.currentScript.src : window.location.href;
  var scripts = new URL("./", here);
  var root = new URL("../../", here);

  window.casebook = { el: el, all: all, onPage: onPage, store: store, root: root, scripts: scripts };
})();
