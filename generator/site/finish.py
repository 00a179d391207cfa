"""`casebook finish SITE`: what a built site still needs, whichever builder built it.

- one search entry per checklist item (`search.py`), in the builder's own index;
- the last-updated date and reading time under each case study's title (`page_meta.py`);
- identifiers that break at their underscores in narrow cells (`wrap.py`), in every page.

Each rewrites a file only when its bytes change, so running it twice changes nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.project import Project
from generator.site.page_meta import fill_meta, last_updated
from generator.site.search import index_site
from generator.site.wrap import wrap_identifiers


@dataclass(frozen=True)
class Finished:
    entries: int  # checklist entries added to the search index
    pages: int  # pages rewritten (meta line filled, identifiers made breakable)


def finish_site(site_dir: Path, project: Project) -> Finished:
    dates = last_updated(project.root, project.case_studies)
    pages = 0
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        finished = wrap_identifiers(fill_meta(text, dates))
        if finished != text:
            page.write_text(finished, encoding="utf-8")
            pages += 1
    return Finished(index_site(site_dir), pages)
