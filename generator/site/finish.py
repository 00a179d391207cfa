"""`casebook finish SITE`: what a built site still needs, whichever builder built it.

- one search entry per checklist item (`search.py`), in the builder's own index;
- identifiers that break at their underscores in narrow cells (`wrap.py`), in every page.

Both rewrite a file only when its bytes change, so running it twice changes nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.site.search import index_site
from generator.site.wrap import wrap_identifiers


@dataclass(frozen=True)
class Finished:
    entries: int  # checklist entries added to the search index
    pages: int  # pages whose identifiers were made breakable


def finish_site(site_dir: Path) -> Finished:
    pages = 0
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        wrapped = wrap_identifiers(text)
        if wrapped != text:
            page.write_text(wrapped, encoding="utf-8")
            pages += 1
    return Finished(index_site(site_dir), pages)
