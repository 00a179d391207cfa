"""Mermaid diagrams drawn once, as SVG, by the site's own Mermaid in headless Chromium.

Labels are SVG text (`htmlLabels: false`), so a PDF keeps them as real, selectable text and an
EPUB needs no HTML inside its SVG. The site's label escaping writes special characters as
Mermaid entity codes (`#123;`); with HTML labels Mermaid turns them into characters, with SVG
labels it prints them as they are, so the script below decodes them in the text nodes it
drew (not in its stylesheet), where they can only be text. Links on components resolve
against the page's address.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator.exports.browser import offline_page
from generator.exports.chapters import Diagram
from generator.problems.problem import CasebookError

if TYPE_CHECKING:
    from playwright.sync_api import Browser

MERMAID_JS = "assets/javascripts/mermaid.min.js"  # below docs/, the copy the site serves
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"

_RENDER = """async ([diagrams, font]) => {
  mermaid.initialize({
    startOnLoad: false, securityLevel: "strict", theme: "neutral", htmlLabels: false,
    flowchart: {htmlLabels: false}, fontFamily: font, deterministicIds: true,
    handDrawnSeed: 1,  // shapes are drawn with seeded randomness: one seed, the same paths
  });
  const decode = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest("style")) continue;  // colours look like #333;
      node.nodeValue = node.nodeValue.replace(/&?#(\\d+);/g,
        (_, code) => String.fromCodePoint(Number(code)));
    }
  };
  const out = {};
  for (const [key, source, base] of diagrams) {
    let svg;
    try {
      ({svg} = await mermaid.render("diagram-" + key, source));
    } catch (error) {
      return {error: key + ": " + String(error && error.message || error)};
    }
    const host = document.createElement("div");
    host.innerHTML = svg;
    document.body.append(host);
    const element = host.querySelector("svg");
    decode(element);
    for (const a of element.querySelectorAll("a")) {
      for (const name of ["href", "xlink:href"]) {
        const value = a.getAttribute(name);
        if (value !== null) a.setAttribute(name, new URL(value, base).href);
      }
      // A link's name for readers that show SVG links (and for epubcheck): its label.
      a.setAttributeNS("http://www.w3.org/1999/xlink", "xlink:title", a.textContent.trim());
    }
    // Label backgrounds come without a size, which SVG 1.1 (and so EPUB) requires; a
    // missing size is zero anyway.
    for (const rect of element.querySelectorAll("rect")) {
      for (const name of ["width", "height"]) {
        if (!rect.hasAttribute(name)) rect.setAttribute(name, "0");
      }
    }
    element.setAttribute("role", "img");
    out[key] = new XMLSerializer().serializeToString(element);
    host.remove();
  }
  return {svgs: out};
}"""


def render(instance: Browser, docs: Path, diagrams: Sequence[Diagram]) -> dict[str, str]:
    """Each diagram's SVG (well-formed XML, SVG namespace declared), by its key."""
    if not diagrams:
        return {}
    script = docs / MERMAID_JS
    if not script.is_file():
        raise CasebookError(f"Mermaid not found at {script}: the site's copy is needed")
    page = offline_page(instance)
    try:
        page.set_content("<!DOCTYPE html><html><head></head><body></body></html>")
        page.add_script_tag(path=str(script))
        result = page.evaluate(_RENDER, [[[d.key, d.source, d.base] for d in diagrams], FONT])
    finally:
        page.close()
    if "error" in result:
        raise CasebookError(f"Mermaid could not draw diagram {result['error']}")
    return dict(result["svgs"])
