"""mkdocs's first pass on every core: the later generated pages converted in forked children.

Converting Markdown is most of a large build, and mkdocs converts one page after another. So
when a build starts (`on_nav`), children are forked for the later runs of generated pages:
each reads, converts and sends back its pages with mkdocs's own steps (`on_pre_page`, the
source, `on_page_markdown`, `Page.render`). mkdocs then goes through every page as always; for
a page a child converted, the conversion itself is what the child sent (`adopt`), everything
else around it runs here as usual. A page is adopted only if the Markdown here is exactly the
Markdown the child converted; otherwise, or if the child failed, mkdocs converts it here. What
the conversion logged (a broken link under `strict`) is logged again here, at the page's turn.
"""

from __future__ import annotations

import hashlib
import logging
import os
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from generator.fork import Children, shares, weighed_chunks
from generator.site.held import generated_pages

_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # the logger of `Page.render`


@dataclass(frozen=True)
class Converted:
    """What `Page.render` leaves on a page, as a child sends it."""

    digest: str  # of the Markdown converted
    html: bytes  # zlib-compressed
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links: dict[str, dict[str, str]] | None  # to anchors in other pages, by their source path
    logged: tuple[tuple[str, int, str], ...] = ()  # logger, level, message


FIXED = 8192  # what a page costs beside its Markdown, in bytes of Markdown


def weight(page: Page) -> float:
    """About what converting or building `page` costs: its Markdown's size, and a little."""
    try:
        return os.path.getsize(page.file.abs_src_path or "") + FIXED
    except OSError:
        return FIXED


def runs(generated: Sequence[Page], every: Sequence[Page], count: int) -> list[Sequence[Page]]:
    """The children's runs of `generated` (none empty): the later runs, each of about the
    weight left to this process, its own run of them and every other page of `every`."""
    theirs = {id(p) for p in generated}
    head = sum(weight(p) for p in every if id(p) not in theirs)
    split = weighed_chunks(generated, [weight(p) for p in generated], count, head)
    return [run for run in split[1:] if run]


def digest(markdown: str) -> str:
    return hashlib.sha256(markdown.encode("utf-8")).hexdigest()


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.records.append((record.name, record.levelno, record.getMessage()))


_CAPTURES: dict[int, Capture] = {}  # by process: each child makes its own at first use


def child_capture() -> Capture:
    """In a child: every record goes to one list, nothing is printed (the parent prints)."""
    found = _CAPTURES.get(os.getpid())
    if found is not None:
        return found
    capture = _CAPTURES[os.getpid()] = Capture()
    for name in ("", "mkdocs"):
        logger = logging.getLogger(name)
        logger.handlers = [capture] if name == "" else []
        logger.propagate = True
    return capture


def convert(config: MkDocsConfig, files: Files, capture: Capture, page: Page) -> Converted:
    """One page through mkdocs's first-pass steps up to its conversion, in a child."""
    config._current_page = page
    capture.records = []
    page = config.plugins.on_pre_page(page, config=config, files=files)
    page.read_source(config)
    assert page.markdown is not None
    markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    page.markdown = markdown
    page.render(config, files)
    assert page.content is not None and page.present_anchor_ids is not None
    links = page.links_to_anchors
    made = Converted(
        digest(markdown),
        zlib.compress(page.content.encode("utf-8"), 1),
        page.toc,
        page._title_from_render,
        frozenset(page.present_anchor_ids),
        None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
        tuple(capture.records),
    )
    # The child's copy of the page is done with: kept, a child's pages would add up to its
    # whole share's Markdown and HTML (1.1 GB at 5,000 case studies).
    page.markdown, page.content = None, None
    return made


def source_uri(page: Page) -> str:
    return str(page.file.src_uri)


@dataclass
class Conversions:
    """The children of one build and the pages each converts, by source path."""

    children: Children[Page, Converted] = field(default_factory=lambda: Children(source_uri))

    def start(self, config: MkDocsConfig, files: Files) -> None:
        """Fork the children for the later runs of generated pages, if that pays."""
        pages = generated_pages(files)
        count = shares(pages)
        if count < 2:
            return

        def work(page: Page) -> Converted:
            return convert(config, files, child_capture(), page)

        every = [f.page for f in files.documentation_pages() if f.page is not None]
        self.children.start(work, runs(pages, every, count))

    def adopt(self, page: Page, markdown: str, files: Files) -> None:
        """Let mkdocs's coming `render` of `page` take what its child converted (if its child
        failed, the page is converted here)."""
        made = self.children.take(page)
        if made is not None and made.digest == digest(markdown):
            page.render = _adopted(page, made, files)  # type: ignore[method-assign,assignment]

    def stop(self) -> None:
        """The build ended (or failed): no child outlives it."""
        self.children.stop()


def _adopted(page: Page, made: Converted, files: Files) -> Callable[[MkDocsConfig, Files], None]:
    def render(config: MkDocsConfig, files_: Files) -> None:
        del page.render  # the page's own method again, for any later build
        for name, level, message in made.logged:
            logging.getLogger(name).log(level, "%s", message)
        page.content = zlib.decompress(made.html).decode("utf-8")
        page.toc = made.toc
        page._title_from_render = made.title
        page.present_anchor_ids = set(made.anchors)
        if made.links is not None and _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = {
                f: links
                for uri, links in made.links.items()
                if (f := files.get_file_from_path(uri)) is not None
            }

    return render
