"""Checklist items as entries of the site search, so that a result lands on the item itself.

A builder's search divides pages at headings: a result links to the heading above the words
found. A checklist item is a list item, so without help a search for its words would land on the
heading of its step. After the site is built, `casebook finish SITE` appends one entry per
item of ``checklists/items.json`` to whichever index the builder wrote (mkdocs-material's
``search/search_index.json`` or Zensical's ``search.json``), located at the item's anchor on the
page where it lives (the step page for the method's questions, the case-study page for the
others). The index keeps each page before its sections, as the themes expect, since every page's
own entry is already in it.

Each item is indexed once, where it lives. Derived items are left out: they are one sentence
repeated with another component or figure name ("What happens during an outage of …?"), and a
search for those words would list dozens of them; the finder and the case-study pages still show
them. The generated lists that repeat other pages' text (a case study's checklist block, related
case studies, a concept's "Used in") are marked ``data-search-exclude`` in the templates. Every
entry's markup is folded to spaces, which is most of the index's weight.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.markup.paths import ITEMS_JSON

# Where each builder writes its index, and the list of entries inside it.
SEARCH_INDEXES: tuple[tuple[str, str], ...] = (
    ("search/search_index.json", "docs"),  # mkdocs-material
    ("search.json", "items"),  # Zensical
)
_CODE = re.compile(r"`([^`]+)`")
_MARKUP = re.compile(r"</?(?!code>|/code>)[a-z][a-z0-9]*>")  # the search plugin's tags but code
_CODE_TAGS = re.compile(r"</?code>")
_SPACES = re.compile(r"\s+")


def _title(text: str) -> str:
    # The theme shows titles as HTML: escape everything, then restore code spans as <code>.
    return _CODE.sub(r"<code>\1</code>", html.escape(text, quote=False))


def search_entry(item: Mapping[str, Any]) -> dict[str, str]:
    where = f"Checklist, step {item['step']}. {item['step_title']}"
    source = item["case_title"] or "the method"
    extra = " Derived from the case study's data." if item["derived"] else ""
    tags = f" Tags: {', '.join(item['tags'])}." if item["tags"] else ""
    return {
        "location": item["url"],
        "title": _title(item["text"]),
        "text": html.escape(f"{where}, from {source}.{extra}{tags}", quote=False),
    }


def zensical_entry(item: Mapping[str, Any]) -> dict[str, Any]:
    """The same entry in Zensical's shape: a section below the page, with its breadcrumb."""
    source = item["case_title"] or "The method"
    return {**search_entry(item), "level": 3, "path": [source], "tags": list(item["tags"])}


def add_entries(
    index: dict[str, Any], items: Sequence[Mapping[str, Any]], key: str = "docs"
) -> int:
    """Append an entry per item not derived and not in the index yet; returns how many."""
    make = search_entry if key == "docs" else zensical_entry
    docs: list[dict[str, Any]] = index.setdefault(key, [])
    present = {doc.get("location") for doc in docs}
    added = 0
    for item in items:
        if item["derived"]:
            continue
        entry = make(item)
        if entry["location"] not in present:
            docs.append(entry)
            present.add(entry["location"])
            added += 1
    return added


_CONCEPT_PAGE = re.compile(r"^concepts/[a-z0-9-]+/$")


def slim(entry: dict[str, Any], key: str = "docs") -> dict[str, Any]:
    """An entry as the theme needs it: paragraph and list markup folded to spaces and code marks
    dropped (results show the words; titles keep their `code`), and page tags on the page's own
    entry only, not on every section (Zensical's entries keep the field, empty).

    A concept's page gets its own name as its tag: the theme ranks tag matches far above title
    matches, so without it a case study tagged with the concept would come before the concept.
    """
    out = dict(entry)
    location = entry.get("location", "")
    text = _CODE_TAGS.sub("", _MARKUP.sub(" ", entry.get("text", "")))
    out["text"] = _SPACES.sub(" ", text).strip()
    if "#" in location:
        if key == "docs":
            out.pop("tags", None)
        else:
            out["tags"] = []
    elif _CONCEPT_PAGE.match(location):
        out["tags"] = [html.unescape(entry.get("title", ""))]
    return out


def index_site(site_dir: Path) -> int:
    """Add the checklist items of a built site to its search index; 0 when either is absent.

    Running it twice adds nothing the second time: entries already present are skipped.
    """
    items_path = site_dir / ITEMS_JSON
    if not items_path.is_file():
        return 0
    items = json.loads(items_path.read_text(encoding="utf-8"))["items"]
    added = 0
    for name, key in SEARCH_INDEXES:
        index_path = site_dir / name
        if not index_path.is_file():
            continue
        index = json.loads(index_path.read_text(encoding="utf-8"))
        index[key] = [slim(doc, key) for doc in index.get(key, [])]
        added += add_entries(index, items, key)
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        index_path.write_text(text, encoding="utf-8")
    return added
