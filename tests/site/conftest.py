"""What the tests of a site's build share."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from generator import fork
from tests.conftest import FIXTURES, copy_project

PAGES = 6


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[MkDocsConfig, Files]:
    """The fixture project with a few generated-looking pages, the second and last linking to
    a page that does not exist."""
    monkeypatch.setenv(fork.JOBS_VARIABLE, "2")
    monkeypatch.setattr(fork, "LEAST", 2)
    monkeypatch.setattr(fork, "_other_threads", lambda: False)  # the session's servers
    (tmp_path / "project").mkdir()
    root = copy_project(tmp_path / "project", FIXTURES / "project" / "case_studies").resolve()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config = config.plugins.on_config(config)  # the generator writes its pages first
    folder = root / "docs" / "reference"
    folder.mkdir(exist_ok=True)
    for i in range(PAGES):
        broken = "[gone](missing.md)" if i in (1, PAGES - 1) else "[home](../index.md)"
        text = f"# Page {i}\n\n## Part {i}\n\nSee {broken}.\n"
        (folder / f"page-{i}.md").write_text(text, encoding="utf-8")
    files = get_files(config)
    get_navigation(files, config)
    for file in files.documentation_pages():
        if file.page is None:
            Page(None, file, config)
    return config, files
