"""Identifiers that wrap at their underscores: ``<code>peak_read_rate</code>`` becomes
``<code>peak_<wbr>read_<wbr>rate</code>`` in the built HTML.

A snake_case name is one long word to the browser; in a narrow table cell it either overflows or
breaks at any letter (``write_rat e``). A ``<wbr>`` after each underscore lets it break only
there, and changes nothing else: the text, its copy and the search index (which skips void
elements) stay the same. Code blocks (``<pre>``) and code spans that hold markup are left alone.
"""

from __future__ import annotations

import re

_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)
_CODE = re.compile(r"<code>([^<]*_[^<]*)</code>")


def _breakable(match: re.Match[str]) -> str:
    return "<code>" + match.group(1).replace("_", "_<wbr>") + "</code>"


def wrap_identifiers(html: str) -> str:
    parts = _PRE.split(html)  # odd indexes are <pre> blocks
    return "".join(part if i % 2 else _CODE.sub(_breakable, part) for i, part in enumerate(parts))
