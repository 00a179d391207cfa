"""HTML as an element tree, written back as HTML (for Chromium) or XHTML (for EPUB).

Python-Markdown returns a string; the exports rewrite it (ids, links, diagrams), which is safer
on a tree than with patterns. The standard library's HTML parser reads it: character references
become characters, and the tree is serialised by `xml.etree`, which escapes every text and
attribute, so nothing read here can be written back as markup it was not.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
XHTML_NS = "http://www.w3.org/1999/xhtml"


class _Builder(HTMLParser):
    def __init__(self, root: ET.Element) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching open element; a stray end tag closes nothing.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def parse(html: str, tag: str = "div") -> ET.Element:
    """A fragment of HTML as the children of one new `tag` element."""
    root = ET.Element(tag)
    builder = _Builder(root)
    builder.feed(html)
    builder.close()
    return root


def to_html(element: ET.Element) -> str:
    return ET.tostring(element, encoding="unicode", method="html")


def to_xhtml(element: ET.Element) -> str:
    return ET.tostring(element, encoding="unicode", method="xml", short_empty_elements=True)


def inner_xhtml(element: ET.Element) -> str:
    """The content of `element` (its text and children), without the element itself."""
    text = _escape_text(element.text or "")
    return text + "".join(to_xhtml(child) for child in element)


def inner_html(element: ET.Element) -> str:
    text = _escape_text(element.text or "")
    return text + "".join(to_html(child) for child in element)


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def with_parents(root: ET.Element) -> Iterator[tuple[ET.Element, ET.Element]]:
    """Every (parent, child) pair below `root`, listed before any change is made."""
    return iter([(parent, child) for parent in root.iter() for child in parent])


def remove(parent: ET.Element, child: ET.Element) -> None:
    """Remove `child`, keeping the text that followed it."""
    if child.tail:
        index = list(parent).index(child)
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())
