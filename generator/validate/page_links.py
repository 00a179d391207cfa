"""Relative links in contributor text, resolved against the pages of the site (CS304).

`mkdocs build --strict` fails on a link to a page or an anchor that does not exist; this finds
the same links at the YAML line, before the site is built. A link is resolved from every page
its field is shown on (`render.paths.shown_on`): a summary with `#step-2-estimation` works on
its own page but not in the catalogue. Anchors are read from the target page converted with the
site's Markdown, so they are the ids readers get (headings, attribute lists, footnotes).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import markdown

from generator.markup.markdown import read_html
from generator.markup.paths import shown_on
from generator.problems.hints import dotted, shorten
from generator.problems.problem import Problem
from generator.validate.prose import RelativeLink


@dataclass
class SitePages:
    """The pages a link may name: generated ones (with their text) and hand-written files."""

    generated: Mapping[str, Callable[[], str]]  # path below docs/ → its Markdown, read
    hand_written: Mapping[str, Callable[[], str | None]]  # path below docs/ → its text, if read
    md: markdown.Markdown
    _ids: dict[str, frozenset[str]] = field(default_factory=dict)

    def exists(self, path: str) -> bool:
        return path in self.generated or path in self.hand_written

    def ids(self, path: str) -> frozenset[str]:
        if path not in self._ids:
            made = self.generated.get(path)
            text = made() if made is not None else self.hand_written[path]() or ""
            self.md.reset()
            try:
                self._ids[path] = read_html(self.md.convert(text)).ids
            except RecursionError:  # a hand-written page the converter cannot read: no anchors
                self._ids[path] = frozenset()
        return self._ids[path]


def _problem(link: RelativeLink, page: str, pages: SitePages) -> str | None:
    """Why `link` does not resolve from `page`, or None when it does."""
    url = urlsplit(link.target)
    if url.netloc:  # `//host/path`: another site, like an https link
        return None
    path = unquote(url.path)
    if path.startswith(("/", "\\")):
        return "is absolute; write it relative to the page, such as ../concepts/cache.md"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if target == ".." or target.startswith("../"):
        return "leads outside the site"
    if not pages.exists(target):
        return "names no page of the site (link to the .md file of the page)"
    fragment = unquote(url.fragment)
    if fragment and target.endswith(".md") and fragment not in pages.ids(target):
        return f"names no anchor '{shorten(fragment)}' of {target}"
    return None


def check_page_links(
    links: Sequence[RelativeLink], pages: SitePages, a_case: str | None
) -> Iterator[Problem]:
    """CS304 for each relative link that does not resolve from a page its field is shown on."""
    for link in sorted(set(links), key=lambda k: (k.path, k.line, k.col, k.target)):
        shown = shown_on(link.kind, link.doc_id, link.loc, a_case)
        for i, page in enumerate(shown):
            reason = _problem(link, page, pages)
            if reason is None:
                continue
            where = f" (from {page}, which also shows this text)" if i else ""
            if i and reason.endswith(f" of {page}"):  # an anchor of that very page
                where = ", which also shows this text"
            yield Problem(
                link.path,
                link.line,
                link.col,
                "CS304",
                f"{dotted(link.loc)}: link '{shorten(link.target)}' {reason}{where}",
            )
            break
