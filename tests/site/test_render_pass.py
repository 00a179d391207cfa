"""mkdocs's second pass on two cores: the later generated pages are built in a forked child;
at each such page's turn the search entries and the log it made are applied here, in page
order; a failed child leaves its pages to this process; a plugin we do not know keeps the
whole pass in one process."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from typing import Any

import mkdocs.commands.build as mkdocs_build
import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.markup.paths import OWNED_FOLDERS as OWNED
from generator.site.render_pass import Renders, _indexes

Site = tuple[MkDocsConfig, Files]


@pytest.fixture()
def own_build_page() -> Iterator[None]:
    """Whatever a test does to mkdocs's `_build_page`, the next test finds mkdocs's own."""
    kept = mkdocs_build._build_page
    yield
    mkdocs_build._build_page = kept


def generated(files: Files) -> list[Page]:
    return [f.page for f in files.documentation_pages() if f.src_uri.partition("/")[0] in OWNED]


def fake_build(parent: int, here: list[str], *, fail: bool = False) -> Callable[..., None]:
    """A `_build_page` that adds one search entry and logs one line per page, and notes the
    pages built in this process."""

    def build(page: Page, config: MkDocsConfig, *args: Any) -> None:
        if fail and os.getpid() != parent:
            os._exit(9)
        _indexes(config)[0].append({"location": page.file.src_uri})
        logging.getLogger("mkdocs.commands.build").warning("built %s", page.file.src_uri)
        if os.getpid() == parent:
            here.append(page.file.src_uri)

    return build


def run(config: MkDocsConfig, pages: list[Page]) -> None:
    for page in pages:  # as mkdocs's second pass calls it, through the module
        mkdocs_build._build_page(page, config, [], None, None, False, excluded=False)


def test_pages_a_child_built_give_the_entries_and_log_of_one_process(
    site: Site, own_build_page: None, caplog: pytest.LogCaptureFixture
) -> None:
    config, files = site
    here: list[str] = []
    dropped: list[str] = []
    fake = fake_build(os.getpid(), here)
    mkdocs_build._build_page = fake
    renders = Renders(lambda page: dropped.append(page.file.src_uri))
    renders.install(config, files)
    assert mkdocs_build._build_page == renders.build_page
    pages = [p.file.src_uri for p in generated(files)]
    index = _indexes(config)[0]
    before = len(index)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        run(config, generated(files))
    assert len(renders.children.forked) == 1
    renders.stop()
    assert mkdocs_build._build_page is fake
    assert 0 < len(here) < len(pages) - 1  # this process built the first pages, a child the rest
    assert here + dropped == pages
    assert [e["location"] for e in index[before:]] == pages
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("built ")]
    assert logged == [f"built {p}" for p in pages]


def test_a_failed_child_leaves_its_pages_to_this_process(site: Site, own_build_page: None) -> None:
    config, files = site
    here: list[str] = []
    mkdocs_build._build_page = fake_build(os.getpid(), here, fail=True)
    renders = Renders(lambda page: pytest.fail(f"{page.file.src_uri} was not built here"))
    renders.install(config, files)
    index = _indexes(config)[0]
    before = len(index)
    run(config, generated(files))
    assert len(renders.children.forked) == 1
    renders.stop()
    pages = [p.file.src_uri for p in generated(files)]
    assert here == pages
    assert [e["location"] for e in index[before:]] == pages


class Recorder:
    """A plugin of some other project that keeps what it sees of each page."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def on_page_context(self, context: Any, *, page: Page, **kwargs: Any) -> Any:
        self.seen.append(page.file.src_uri)
        return context


def test_a_plugin_we_do_not_know_keeps_the_pass_in_one_process(
    site: Site, own_build_page: None
) -> None:
    config, files = site
    recorder = Recorder()
    config.plugins.events["page_context"].append(recorder.on_page_context)
    own = mkdocs_build._build_page
    renders = Renders(lambda page: None)
    renders.install(config, files)
    assert mkdocs_build._build_page is own
    assert renders.children.forked == [] and renders.original is None
