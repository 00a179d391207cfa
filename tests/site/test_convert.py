"""mkdocs's two passes on two cores: generated pages converted in forked children are adopted
only when their Markdown is what mkdocs converts here, what a conversion logged is logged again
here, and the site (pages and search index) is byte for byte the site one process builds."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator import fork
from generator.markup.paths import OWNED_FOLDERS as OWNED
from generator.site.convert import Conversions
from tests.conftest import copy_project
from tests.site.conftest import PAGES


def ours(files: Files) -> list[Page]:
    return [f.page for f in files.documentation_pages() if f.src_uri.startswith("reference/page-")]


def generated(files: Files) -> list[Page]:
    return [f.page for f in files.documentation_pages() if f.src_uri.partition("/")[0] in OWNED]


def test_a_page_a_child_converted_is_what_mkdocs_converts_and_logs_the_same(
    site: tuple[MkDocsConfig, Files], caplog: pytest.LogCaptureFixture
) -> None:
    config, files = site
    conversions = Conversions()
    conversions.start(config, files)
    pages = generated(files)
    assert len(conversions.children.forked) == 1
    in_child = [conversions.children.has(p) for p in pages]
    first = in_child.index(True)  # the child has the later pages, this process the others
    assert 0 < first and in_child == [False] * first + [True] * (len(pages) - first)
    adopted = []
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        for page in pages:  # as mkdocs's first pass goes
            page.read_source(config)
            assert page.markdown is not None
            page.markdown = config.plugins.on_page_markdown(
                page.markdown, page=page, config=config, files=files
            )
            conversions.adopt(page, page.markdown, files)
            adopted.append("render" in vars(page))
            page.render(config, files)
            assert "render" not in vars(page)  # the page's own method again
    conversions.stop()
    assert adopted == in_child
    assert ours(files)[-1].file.src_uri in {p.file.src_uri for p, a in zip(pages, adopted) if a}
    gone = [r.getMessage() for r in caplog.records if "missing.md" in r.getMessage()]
    assert len(gone) == 2 and "reference/page-1.md" in gone[0] and f"page-{PAGES - 1}" in gone[1]
    for page in pages:
        kept = (page.content, page.toc.items, page.present_anchor_ids, page.title)
        page.render(config, files)  # here, as mkdocs would
        assert kept[0] == page.content
        assert [(i.id, i.title) for i in kept[1]] == [(i.id, i.title) for i in page.toc.items]
        assert kept[2:] == (page.present_anchor_ids, page.title)


def test_a_page_whose_markdown_changed_since_is_converted_here(
    site: tuple[MkDocsConfig, Files],
) -> None:
    config, files = site
    conversions = Conversions()
    conversions.start(config, files)
    last = ours(files)[-1]
    last.read_source(config)
    conversions.adopt(last, "# Something else\n", files)
    assert "render" not in vars(last)
    conversions.stop()
    assert conversions.children.forked == []


def test_a_failed_child_leaves_its_pages_to_this_process(
    site: tuple[MkDocsConfig, Files], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, files = site
    monkeypatch.setattr(Page, "render", lambda self, config, files: os._exit(9))
    conversions = Conversions()
    conversions.start(config, files)
    monkeypatch.undo()
    last = ours(files)[-1]
    last.read_source(config)
    assert last.markdown is not None
    conversions.adopt(last, last.markdown, files)
    assert "render" not in vars(last)


BUILD = (
    "import sys; from generator import fork; fork.LEAST = 4; "
    "started = fork.Forked.__init__; "
    "fork.Forked.__init__ = lambda self, *a: (print('forked', file=sys.stderr), started(self, *a))[1]; "
    "from mkdocs.__main__ import cli; cli()"
)


def test_the_site_built_on_two_cores_is_the_site_built_on_one(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}

    def built(site: str, processes: str) -> tuple[dict[str, bytes], str]:
        (tmp_path / processes).mkdir()
        root = copy_project(tmp_path / processes)
        result = subprocess.run(
            [sys.executable, "-c", BUILD, "build", "--strict", "-d", str(tmp_path / site)],
            cwd=root,
            env={**env, fork.JOBS_VARIABLE: processes},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        out = tmp_path / site
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        return files, result.stderr

    one, one_log = built("one", "1")
    two, two_log = built("two", "2")
    assert "forked" not in one_log
    # The generator's stages, then mkdocs's two passes (convert.py, render_pass.py).
    assert two_log.count("forked") >= 6
    assert len(one) > 100
    assert sorted(p for p in one.keys() | two.keys() if one.get(p) != two.get(p)) == []
