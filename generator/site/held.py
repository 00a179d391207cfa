"""Converted pages held compressed between mkdocs's two passes over the pages.

mkdocs converts every page's Markdown first and renders the theme around each page after, so
at the end of the first pass it holds every page's Markdown and HTML at once: that is most of a
large build's peak memory. Once converted, a page's Markdown is not read again (a preview
rebuild reads the file anew), and its HTML is read only when its own page is rendered, by the
theme and the plugins' `on_page_context`. So the Markdown is dropped, the HTML is kept
zlib-compressed (level 1: fast, and the generated pages shrink to about a tenth) until its page
is rendered, and dropped once the page is written.

Only the generator's own pages are held: a hand-written page may be read between the passes
(mkdocs-material's tags plugin writes its listings into the tags page's HTML in `on_env`), and
the generated pages are where the bytes are.
"""

from __future__ import annotations

import zlib

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.markup.paths import OWNED_FOLDERS


class HeldPages:
    """The compressed HTML of every converted page not yet rendered, by source path."""

    def __init__(self) -> None:
        self._held: dict[str, bytes] = {}

    def hold(self, page: Page, html: str) -> str:
        """Keep `html` for a generated `page` (what the page holds meanwhile is empty); any
        other page keeps its own."""
        if not generated(page):
            return html
        page.markdown = ""  # not None: mkdocs reads a page whose Markdown is None as untitled
        self._held[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
        return ""

    def restore(self, page: Page) -> None:
        """Give `page` its HTML back, for its own rendering."""
        held = self._held.pop(page.file.src_uri, None)
        if held is not None:
            page.content = zlib.decompress(held).decode("utf-8")

    def drop(self, page: Page) -> None:
        """The page was built elsewhere (a forked child, `render_pass.py`): forget its HTML."""
        self._held.pop(page.file.src_uri, None)

    def release(self, page: Page) -> None:
        """The page is written: a held page's HTML is not needed until it is converted again."""
        if generated(page):
            page.content = ""


def generated(page: Page) -> bool:
    """Whether `page` is one of the generator's own (in a folder it owns)."""
    return page.file.src_uri.partition("/")[0] in OWNED_FOLDERS


def generated_pages(files: Files) -> list[Page]:
    """The generator's pages among a build's documentation pages, in mkdocs's order."""
    return [f.page for f in files.documentation_pages() if f.page is not None and generated(f.page)]
