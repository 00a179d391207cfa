"""Checklist items as entries of the site search, so that a result lands on the item itself.

A builder's search divides pages at headings: a result links to the heading above the words
found. A checklist item is a list item, so without help a search for its words would land on the
heading of its step. After the site is built, `casebook search-index SITE` appends one entry per
item of ``checklists/items.json`` to whichever index the builder wrote (mkdocs-material's
``search/search_index.json`` or Zensical's ``search.json``), located at the item's anchor on the
page where it lives (the step page for the method's questions, the case-study page for the
others). The index keeps each page before its sections, as the themes expect, since every page's
own entry is already in it.
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
    """Append an entry per item whose location is not in the index yet; returns how many."""
    make = search_entry if key == "docs" else zensical_entry
    docs: list[dict[str, Any]] = index.setdefault(key, [])
    present = {doc.get("location") for doc in docs}
    added = 0
    for item in items:
        entry = make(item)
        if entry["location"] not in present:
            docs.append(entry)
            present.add(entry["location"])
            added += 1
    return added


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
        count = add_entries(index, items, key)
        if count:
            text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
            index_path.write_text(text, encoding="utf-8")
        added += count
    return added
