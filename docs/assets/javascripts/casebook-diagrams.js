/* Diagrams: Mermaid is loaded only on a page that has one, and only when a diagram comes near
 * the screen, so no other page pays for its 3.5 MB; each diagram opens full screen with zoom
 * (buttons, wheel, pinch) and pan (drag).
 *
 * The generator writes each diagram as <pre class="casebook-diagram"> with the Mermaid text;
 * the theme's own Mermaid support (which looks for pre.mermaid and fetches the library from a
 * CDN) never sees it. Diagrams are drawn with the site's vendored mermaid.min.js, strict
 * security level, into a shadow root so the page's typography cannot move the labels. The
 * colours are the theme's Mermaid variables, so they follow light and dark mode.
 */
(function () {
  "use strict";

  var cb = window.casebook;
  var el = cb.el;
  var LIBRARY = new URL("mermaid.min.js", cb.scripts).href;
  // Material for MkDocs' themeCSS for Mermaid (MIT), copied so diagrams look as the theme draws them.
  var THEME_CSS = ".node circle,.node ellipse,.node path,.node polygon,.node rect{fill:var(--md-mermaid-node-bg-color);stroke:var(--md-mermaid-node-fg-color)}marker{fill:var(--md-mermaid-edge-color)!important}.edgeLabel .label rect{fill:#0000}.flowchartTitleText{fill:var(--md-mermaid-label-fg-color)}.label{color:var(--md-mermaid-label-fg-color);font-family:var(--md-mermaid-font-family)}.label foreignObject{overflow:visible;line-height:normal}.label div .edgeLabel{color:var(--md-mermaid-label-fg-color)}.classLabel .box,.edgeLabel,.edgeLabel p,.label div .edgeLabel{background-color:var(--md-mermaid-label-bg-color)}.edgeLabel,.edgeLabel p{color:var(--md-mermaid-edge-color);fill:var(--md-mermaid-label-bg-color)}.edgePath .path,.flowchart-link{stroke:var(--md-mermaid-edge-color)}.edgePath .arrowheadPath{fill:var(--md-mermaid-edge-color);stroke:none}.cluster rect{fill:var(--md-default-fg-color--lightest);stroke:var(--md-default-fg-color--lighter)}.cluster span{color:var(--md-mermaid-label-fg-color);font-family:var(--md-mermaid-font-family)}g #flowchart-circleEnd,g #flowchart-circleStart,g #flowchart-crossEnd,g #flowchart-crossStart,g #flowchart-pointEnd,g #flowchart-pointStart{stroke:none}.classDiagramTitleText,g.classGroup text{fill:var(--md-mermaid-label-fg-color)}g.classGroup line,g.classGroup rect{fill:var(--md-mermaid-node-bg-color);stroke:var(--md-mermaid-node-fg-color)}.cardinality,.classLabel .label,.nodeLabel,.nodeLabel p,g.classGroup text,g.stateGroup .state-title,text.actor>tspan{font-family:var(--md-mermaid-font-family)}.classLabel .box{opacity:1;fill:var(--md-mermaid-label-bg-color)}.cardinality,.classLabel .label{fill:var(--md-mermaid-label-fg-color)}.node .divider{stroke:var(--md-mermaid-node-fg-color)}.relation{stroke:var(--md-mermaid-edge-color)}.cardinality text{fill:inherit!important}defs marker.marker.composition.class path,defs marker.marker.dependency.class path,defs marker.marker.extension.class path{fill:var(--md-mermaid-edge-color)!important;stroke:var(--md-mermaid-edge-color)!important}defs marker.marker.aggregation.class path{fill:var(--md-mermaid-label-bg-color)!important;stroke:var(--md-mermaid-edge-color)!important}.statediagramTitleText{fill:var(--md-mermaid-label-fg-color)}g.stateGroup rect{fill:var(--md-mermaid-node-bg-color);stroke:var(--md-mermaid-node-fg-color)}g.stateGroup .state-title{fill:var(--md-mermaid-label-fg-color)!important}g.stateGroup .composit{fill:var(--md-mermaid-label-bg-color)}.nodeLabel,.nodeLabel p{color:var(--md-mermaid-label-fg-color)}a .nodeLabel{text-decoration:underline}.node circle.state-end,.node circle.state-start,.start-state{fill:var(--md-mermaid-edge-color);stroke:none}.end-state-inner,.end-state-outer{fill:var(--md-mermaid-edge-color)}.end-state-inner,.node circle.state-end{stroke:var(--md-mermaid-label-bg-color)}.transition{stroke:var(--md-mermaid-edge-color)}[id^=state-fork] rect,[id^=state-join] rect{fill:var(--md-mermaid-edge-color)!important;stroke:none!important}.statediagram-cluster.statediagram-cluster .inner{fill:var(--md-default-bg-color)}.statediagram-cluster rect{fill:var(--md-mermaid-node-bg-color);stroke:var(--md-mermaid-node-fg-color)}.statediagram-state rect.divider{fill:var(--md-default-fg-color--lightest);stroke:var(--md-default-fg-color--lighter)}.relationshipLine,defs #statediagram-barbEnd{stroke:var(--md-mermaid-edge-color)}[id^=entity] path,[id^=entity] rect{fill:var(--md-default-bg-color)}defs .marker.oneOrMore.er *,defs .marker.onlyOne.er *,defs .marker.zeroOrMore.er *,defs .marker.zeroOrOne.er *{stroke:var(--md-mermaid-edge-color)!important}text:not([class]):last-child{fill:var(--md-mermaid-label-fg-color)}.actor{fill:var(--md-mermaid-sequence-actor-bg-color);stroke:var(--md-mermaid-sequence-actor-border-color)}text.actor>tspan{fill:var(--md-mermaid-sequence-actor-fg-color)}line{stroke:var(--md-mermaid-sequence-actor-line-color)}.actor-man circle,.actor-man line{fill:var(--md-mermaid-sequence-actorman-bg-color);stroke:var(--md-mermaid-sequence-actorman-line-color)}.messageLine0,.messageLine1{stroke:var(--md-mermaid-sequence-message-line-color)}.note{fill:var(--md-mermaid-sequence-note-bg-color);stroke:var(--md-mermaid-sequence-note-border-color)}.loopText,.loopText>tspan,.messageText,.noteText>tspan{font-family:var(--md-mermaid-font-family)!important;stroke:none}.messageText{fill:var(--md-mermaid-sequence-message-fg-color)}.loopText,.loopText>tspan{fill:var(--md-mermaid-sequence-loop-fg-color)}.noteText>tspan{fill:var(--md-mermaid-sequence-note-fg-color)}#arrowhead path{fill:var(--md-mermaid-sequence-message-line-color);stroke:none}.loopLine{fill:var(--md-mermaid-sequence-loop-bg-color);stroke:var(--md-mermaid-sequence-loop-border-color)}.labelBox{fill:var(--md-mermaid-sequence-label-bg-color);stroke:none}.labelText,.labelText>span{font-family:var(--md-mermaid-font-family);fill:var(--md-mermaid-sequence-label-fg-color)}.sequenceNumber{fill:var(--md-mermaid-sequence-number-fg-color)}rect.rect{fill:var(--md-mermaid-sequence-box-bg-color);stroke:none}rect.rect+text.text{fill:var(--md-mermaid-sequence-box-fg-color)}defs #sequencenumber{fill:var(--md-mermaid-sequence-number-bg-color)!important}";
  var loading = null;
  var sequence = 0;

  function library() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        if (window.mermaid && window.mermaid.render) return resolve(window.mermaid);
        var script = el("script", { src: LIBRARY, async: "" });
        script.onload = function () {
          window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", themeCSS: THEME_CSS });
          resolve(window.mermaid);
        };
        script.onerror = function () {
          loading = null;
          reject(new Error("could not load " + LIBRARY));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function label(pre) {
    return /^\s*erDiagram/.test(pre.textContent) ? "Data model diagram" : "High-level design diagram";
  }

  function draw(pre) {
    if (pre.getAttribute("data-state")) return;
    pre.setAttribute("data-state", "loading");
    library()
      .then(function (mermaid) {
        return mermaid.render("casebook-diagram-" + sequence++, pre.textContent);
      })
      .then(function (result) {
        var figure = el("figure", { class: "casebook-figure" });
        var host = el("div", { class: "casebook-drawing", role: "img", "aria-label": label(pre) });
        host.attachShadow({ mode: "open" }).innerHTML = result.svg;
        if (result.bindFunctions) result.bindFunctions(host.shadowRoot);
        var open = el("button", { type: "button", class: "md-button casebook-zoom-open" }, "Full screen");
        open.addEventListener("click", function () {
          fullScreen(host, label(pre));
        });
        figure.appendChild(host);
        figure.appendChild(el("figcaption", {})).appendChild(open);
        pre.setAttribute("data-state", "drawn");
        pre.hidden = true;
        pre.parentNode.insertBefore(figure, pre.nextSibling);
      })
      .catch(function (error) {
        pre.setAttribute("data-state", "failed");
        pre.setAttribute("title", String(error && error.message));
      });
  }

  /* -- full screen: a modal dialog with the drawing, zoomed and panned by a CSS transform -- */

  function fullScreen(host, name) {
    var dialog = el("dialog", { class: "casebook-zoom", "aria-label": name + ", full screen" });
    var bar = el("div", { class: "casebook-zoom-bar" });
    var view = el("div", { class: "casebook-zoom-view", tabindex: "0", "aria-label": name + ": drag to pan, pinch or wheel to zoom, arrow keys to pan, + and − to zoom" });
    var stage = el("div", { class: "casebook-zoom-stage" });
    stage.attachShadow({ mode: "open" }).innerHTML = host.shadowRoot.innerHTML;
    view.appendChild(stage);
    var state = { scale: 1, x: 0, y: 0 };
    function apply() {
      stage.style.transform = "translate(" + state.x + "px, " + state.y + "px) scale(" + state.scale + ")";
      stage.setAttribute("data-scale", String(state.scale));
    }
    function zoom(factor) {
      state.scale = Math.min(8, Math.max(0.25, Math.round(state.scale * factor * 1000) / 1000));
      apply();
    }
    function button(text, name, action) {
      var b = bar.appendChild(el("button", { type: "button", class: "md-button", "aria-label": name }, text));
      b.addEventListener("click", action);
      return b;
    }
    button("+", "Zoom in", function () { zoom(1.25); });
    button("−", "Zoom out", function () { zoom(0.8); });
    button("1:1", "Reset zoom", function () { state = { scale: 1, x: 0, y: 0 }; apply(); });
    var close = button("Close", "Close full screen", function () { dialog.close(); });
    dialog.appendChild(bar);
    dialog.appendChild(view);
    pan(view, state, apply, zoom);
    dialog.addEventListener("close", function () { dialog.remove(); });
    document.body.appendChild(dialog);
    dialog.showModal();
    close.focus();
    apply();
  }

  function pan(view, state, apply, zoom) {
    var pointers = {};
    var spread = 0;
    function distance() {
      var p = Object.keys(pointers).map(function (k) { return pointers[k]; });
      return p.length < 2 ? 0 : Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
    }
    view.addEventListener("pointerdown", function (e) {
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
      spread = distance();
      if (view.setPointerCapture) view.setPointerCapture(e.pointerId);
    });
    view.addEventListener("pointermove", function (e) {
      var last = pointers[e.pointerId];
      if (!last) return;
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
      if (Object.keys(pointers).length > 1) {
        var now = distance();
        if (spread) zoom(now / spread);
        spread = now;
        return;
      }
      state.x += e.clientX - last.x;
      state.y += e.clientY - last.y;
      apply();
    });
    function up(e) {
      delete pointers[e.pointerId];
      spread = distance();
    }
    view.addEventListener("pointerup", up);
    view.addEventListener("pointercancel", up);
    view.addEventListener("wheel", function (e) {
      e.preventDefault();
      zoom(e.deltaY < 0 ? 1.1 : 1 / 1.1);
    }, { passive: false });
    view.addEventListener("keydown", function (e) {
      var moves = { ArrowLeft: [40, 0], ArrowRight: [-40, 0], ArrowUp: [0, 40], ArrowDown: [0, -40] };
      if (moves[e.key]) {
        state.x += moves[e.key][0];
        state.y += moves[e.key][1];
        apply();
      } else if (e.key === "+" || e.key === "=") zoom(1.25);
      else if (e.key === "-") zoom(0.8);
      else return;
      e.preventDefault();
    });
  }

  /* -- wiring: draw when near the screen, or before printing -- */

  var observer = null;

  function setup() {
    var diagrams = cb.all("pre.casebook-diagram:not([data-state])");
    if (!diagrams.length) return;
    if (observer) observer.disconnect();
    if (!("IntersectionObserver" in window)) return diagrams.forEach(draw);
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          draw(entry.target);
        }
      });
    }, { rootMargin: "800px 0px" });
    diagrams.forEach(function (pre) { observer.observe(pre); });
  }

  window.casebookDiagrams = { drawAll: function () { cb.all("pre.casebook-diagram").forEach(draw); return library(); } };
  cb.onPage(setup);
})();
