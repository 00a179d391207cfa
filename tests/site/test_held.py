"""Between mkdocs's two passes the generated pages' HTML is held compressed and their Markdown
dropped (the bulk of a large build's memory), and the site is byte for byte what it is without."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from generator.site.held import HeldPages
from tests.conftest import FIXTURES, copy_project

HTML = '<h1 id="design">Design — a “page”</h1>\n<p>Text</p>'


def page(config: MkDocsConfig, src_uri: str) -> Page:
    file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
    made = Page(None, file, config)
    made.markdown, made.meta = "---\ntitle: Design\n---\n# Design", {"title": "Design"}
    return made


@pytest.fixture()
def config(tmp_path: Path) -> MkDocsConfig:
    (tmp_path / "project").mkdir()
    root = copy_project(tmp_path / "project", FIXTURES / "project" / "case_studies").resolve()
    return load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))


def test_a_generated_page_is_held_and_given_back_whole(config: MkDocsConfig) -> None:
    held = HeldPages()
    case = page(config, "case-studies/tiny-shortener.md")
    assert held.hold(case, HTML) == ""
    assert case.markdown == ""
    assert case.title == "Design"  # a page whose Markdown were None would read as untitled
    held.restore(case)
    assert case.content == HTML
    held.release(case)
    assert case.content == ""


def test_a_hand_written_page_keeps_its_own(config: MkDocsConfig) -> None:
    held = HeldPages()
    tags = page(config, "tags.md")  # the tags plugin writes its listings into it between passes
    assert held.hold(tags, HTML) == HTML
    assert tags.markdown == "---\ntitle: Design\n---\n# Design"
    tags.content = HTML
    held.restore(tags)
    held.release(tags)
    assert tags.content == HTML


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_the_site_is_the_same_as_without_holding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the sitemap's date, in both builds
    (tmp_path / "project").mkdir()
    root = copy_project(tmp_path / "project", FIXTURES / "project" / "case_studies").resolve()

    def built(site: str) -> dict[str, bytes]:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / site))
        config.plugins.on_startup(command="build", dirty=False)  # type: ignore[arg-type]
        build(config)
        return files(tmp_path / site)

    held = built("held")
    monkeypatch.setattr(HeldPages, "hold", lambda self, page, html: html)
    monkeypatch.setattr(HeldPages, "release", lambda self, page: None)
    plain = built("plain")
    assert len(held) > 20
    assert sorted(p for p in held.keys() | plain.keys() if held.get(p) != plain.get(p)) == []
