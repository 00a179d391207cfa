"""Golden test: the fixture catalogue renders to exactly the committed Markdown.

Regenerate deliberately with `pytest tests/corpus/test_golden.py --update-golden`, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import generate
from generator.project import Project
from tests.conftest import FIXTURES, ROOT

GOLDEN = ROOT / "tests" / "golden"


def test_generated_pages_match_golden_files(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    source = FIXTURES / "project"
    project = Project(source, source / "case_studies", ROOT / "templates", tmp_path / "docs")
    _, pages = generate(project)
    rendered = {page.path: page.text for page in pages}
    if request.config.getoption("--update-golden"):
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for path, text in rendered.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(GOLDEN.rglob("*"))
        if p.is_file()  # every generated file: pages and data such as checklists/items.json
    }
    assert sorted(rendered) == sorted(expected)
    for path, text in rendered.items():
        assert text == expected[path], f"{path} differs from tests/golden/{path}"
