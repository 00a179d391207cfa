"""`mkdocs serve` builds again only the pages an edit changed, and the site it serves is then
byte for byte what a full build of the same sources writes."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from generator.site.plugin import CasebookPlugin
from generator.site.preview import FULL, Preview
from tests.conftest import FIXTURES, copy_project

SHORTENER = "case_studies/tiny-shortener.yaml"


def configured(root: Path, site: Path) -> MkDocsConfig:
    return load_config(str(root / "mkdocs.yml"), site_dir=str(site))


def plugin(config: MkDocsConfig) -> CasebookPlugin:
    found = config.plugins["casebook"]
    assert isinstance(found, CasebookPlugin)
    return found


@pytest.fixture()
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Preview]]:
    """The fixture catalogue built as `mkdocs serve` does, with the preview as its builder."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the sitemap's date, in both builds
    (tmp_path / "project").mkdir()
    root = copy_project(tmp_path / "project", FIXTURES / "project" / "case_studies").resolve()
    site = tmp_path / "served"
    config = configured(root, site)
    config.plugins.on_startup(command="serve", dirty=False)  # type: ignore[arg-type]
    build(config)
    found = plugin(config)
    assert found.cache is not None
    preview = Preview(
        found.project, found.cache[1], lambda: build(configured(root, site)), found._built
    )
    preview.delay = 600  # the background thread waits: each test builds what it asks for
    yield root, preview
    found.on_startup(command="build", dirty=False)  # mkdocs keeps the plugin in the process


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def differences(root: Path, preview: Preview) -> list[str]:
    """The files where the served site, once every pending page is built, and a full build of
    the sources differ."""
    preview.finish()
    site = root.parent / "served"
    fresh = root.parent / "fresh"
    config = configured(root, fresh)
    config.plugins.on_startup(command="build", dirty=False)  # type: ignore[arg-type]
    build(config)
    served, built = files(site), files(fresh)
    return sorted(p for p in served.keys() | built.keys() if served.get(p) != built.get(p))


class FakeServer:
    """What `Preview.serving` reads of mkdocs's LiveReloadServer: its handler and mount path."""

    mount_path = "/casebook/"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def _serve_request(self, environ: dict[str, str], start_response: object) -> list[bytes]:
        self.asked.append(environ["PATH_INFO"])
        return []


def test_a_summary_edit_builds_the_page_asked_for_first_then_the_others(
    served: tuple[Path, Preview],
) -> None:
    root, preview = served
    site = root.parent / "served"
    edit(root / SHORTENER, "summary: ", "summary: Edited in the preview. ")
    preview.rebuild()
    # the catalogue and the related case study show the summary too
    assert preview.rebuilt == (
        "case-studies/index.md",
        "case-studies/tiny-paste.md",
        "case-studies/tiny-shortener.md",
    )
    assert sorted(preview.pending) == [
        "case-studies/index.html",
        "case-studies/tiny-paste/index.html",
        "case-studies/tiny-shortener/index.html",
    ]
    server = FakeServer()
    serve = preview.serving(server)  # type: ignore[arg-type]
    serve({"PATH_INFO": "/casebook/case-studies/tiny-shortener/"}, None)
    assert server.asked == ["/casebook/case-studies/tiny-shortener/"]
    page = (site / "case-studies/tiny-shortener/index.html").read_text(encoding="utf-8")
    assert "Edited in the preview." in page
    assert sorted(preview.pending) == [
        "case-studies/index.html",
        "case-studies/tiny-paste/index.html",
    ]
    serve({"PATH_INFO": "/casebook/search/search_index.json"}, None)  # needs every page
    assert preview.pending == {}
    assert differences(root, preview) == []


def test_the_background_thread_builds_what_no_browser_asked_for(
    served: tuple[Path, Preview],
) -> None:
    root, preview = served
    preview.delay = 0
    edit(root / SHORTENER, "summary: ", "summary: Nobody looked. ")
    preview.rebuild()
    deadline = time.monotonic() + 60
    while preview.pending and time.monotonic() < deadline:
        time.sleep(0.05)
    assert preview.pending == {}
    assert differences(root, preview) == []


def test_a_hand_written_page_is_built_alone(served: tuple[Path, Preview]) -> None:
    root, preview = served
    edit(root / "docs/method.md", "\n\n", "\n\nA sentence added while serving.\n\n")
    preview.rebuild()
    assert preview.rebuilt == ("method.md",)
    assert differences(root, preview) == []


def test_the_search_index_keeps_every_page_and_finds_the_edit(
    served: tuple[Path, Preview],
) -> None:
    root, preview = served
    index = root.parent / "served/search/search_index.json"
    before = index.read_text(encoding="utf-8")
    edit(root / SHORTENER, "summary: ", "summary: Zanzibarish words. ")
    preview.rebuild()
    assert index.read_text(encoding="utf-8") == before  # until the pages are built
    preview.finish()
    after = index.read_text(encoding="utf-8")
    assert "Zanzibarish" not in before and "Zanzibarish" in after
    assert differences(root, preview) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: ", "title: Renamed "),  # the navigation shows titles
        ("tags: [hashing, caching]", "tags: [caching]"),  # the tags page lists them
    ],
    ids=["title", "tags"],
)
def test_what_other_pages_show_is_built_in_full(
    served: tuple[Path, Preview], old: str, new: str
) -> None:
    root, preview = served
    edit(root / SHORTENER, old, new)
    preview.rebuild()
    assert preview.rebuilt == FULL
    assert differences(root, preview) == []


def test_problems_keep_the_old_pages_and_the_next_edit_converges(
    served: tuple[Path, Preview], caplog: pytest.LogCaptureFixture
) -> None:
    root, preview = served
    page = root.parent / "served/case-studies/tiny-shortener/index.html"
    good = (root / SHORTENER).read_text(encoding="utf-8")
    before = page.read_bytes()
    edit(root / SHORTENER, "summary: ", "summary: [unclosed ")
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.casebook"):
        preview.rebuild()
    assert preview.pending == {}
    assert page.read_bytes() == before
    assert [r.getMessage() for r in caplog.records] == [
        f"{SHORTENER}:4:11: CS001 while parsing a flow sequence did not find expected ',' or ']'"
        " (it started on line 3, column 10)"
    ]
    (root / SHORTENER).write_text(good.replace("summary: ", "summary: Fixed. ", 1))
    preview.rebuild()
    preview.finish()
    assert "Fixed." in page.read_text(encoding="utf-8")
    assert differences(root, preview) == []


def test_in_mkdocs_serve_the_preview_is_the_servers_builder_and_handler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "project").mkdir()
    root = copy_project(tmp_path / "project", FIXTURES / "project" / "case_studies").resolve()
    config = configured(root, tmp_path / "served")
    config.plugins.on_startup(command="serve", dirty=False)  # type: ignore[arg-type]
    try:
        build(config)
        server = LiveReloadServer(
            builder=lambda: None,
            host="127.0.0.1",
            port=0,
            root=str(tmp_path / "served"),
            mount_path="/casebook/",
        )
        server.watch(config.docs_dir)  # what mkdocs serve watches before the plugins' `on_serve`
        server.watch(config.config_file_path)
        handler = server._serve_request
        served = config.plugins.on_serve(server, config=config, builder=lambda: None)
        assert isinstance(getattr(served.builder, "__self__", None), Preview)
        assert served._serve_request is not handler
        edit(root / SHORTENER, "summary: ", "summary: Through the server. ")
        served.builder()
        page = tmp_path / "served/case-studies/tiny-shortener/index.html"
        served._serve_request({"PATH_INFO": "/casebook/case-studies/tiny-shortener/"}, _ignore)
        assert "Through the server." in page.read_text(encoding="utf-8")
        served.server_close()
    finally:
        plugin(config).on_startup(command="build", dirty=False)


def _ignore(status: str, headers: list[tuple[str, str]]) -> None:
    """The WSGI start_response of a request whose answer the test does not read."""
