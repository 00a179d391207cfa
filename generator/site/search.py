"""Checklist items as entries of the site search, so that a result lands on the item itself.

The theme's search divides pages at headings: a result links to the heading above the words
found. A checklist item is a list item, so without help a search for its words would land on the
heading of its step. After the search plugin has written ``search/search_index.json``, the mkdocs
plugin appends one entry per item of ``checklists/items.json``, located at the item's anchor on
the page where it lives (the step page for the method's questions, the case-study page for the
others). The index keeps the page before its sections, as the theme expects, since every page's
own entry is already in it.

Each item is indexed once, where it lives. Derived items are left out: they are one sentence
repeated with another component or figure name ("What happens when … fails?"), and a search
for those words would list dozens of them; the finder and the case-study pages still show them.
The generated lists that repeat other pages' text (a case study's checklist block, related case
studies, a concept's "Used in") are marked ``data-search-exclude`` in the templates.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.render.checklists import ITEMS_JSON

SEARCH_INDEX = "search/search_index.json"
_CODE = re.compile(r"`([^`]+)`")
_MARKUP = re.compile(r"</?(?!code>|/code>)[a-z][a-z0-9]*>")  # the search plugin's tags but code
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


def add_entries(index: dict[str, Any], items: Sequence[Mapping[str, Any]]) -> int:
    """Append an entry per item not derived and not in the index yet; returns how many."""
    docs: list[dict[str, Any]] = index.setdefault("docs", [])
    present = {doc.get("location") for doc in docs}
    added = 0
    for item in items:
        if item["derived"]:
            continue
        entry = search_entry(item)
        if entry["location"] not in present:
            docs.append(entry)
            present.add(entry["location"])
            added += 1
    return added


_CONCEPT_PAGE = re.compile(r"^concepts/[a-z0-9-]+/$")


def slim(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry as the theme needs it: paragraph and list markup folded to spaces (results show
    the words, `code` kept), and page tags on the page's own entry only, not on every section.

    A concept's page gets its own name as its tag: the theme ranks tag matches far above title
    matches, so without it a case study tagged with the concept would come before the concept.
    """
    out = dict(entry)
    location = entry.get("location", "")
    out["text"] = _SPACES.sub(" ", _MARKUP.sub(" ", entry.get("text", ""))).strip()
    if "#" in location:
        out.pop("tags", None)
    elif _CONCEPT_PAGE.match(location):
        out["tags"] = [html.unescape(entry.get("title", ""))]
    return out


def index_site(site_dir: Path) -> int:
    """Add the checklist items of a built site to its search index; 0 when either is absent."""
    items_path, index_path = site_dir / ITEMS_JSON, site_dir / SEARCH_INDEX
    if not (items_path.is_file() and index_path.is_file()):
        return 0
    items = json.loads(items_path.read_text(encoding="utf-8"))["items"]
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index["docs"] = [slim(doc) for doc in index.get("docs", [])]
    added = add_entries(index, items)
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    index_path.write_text(text, encoding="utf-8")
    return added
