""" "Edit this page" on generated pages opens the file they are generated from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.load import SiteSettings
from generator.render.edit_links import edit_url, with_edit_link
from generator.render.pages import Page

from tests.conftest import ROOT, BuiltSite

REPO = "https://github.com/system-design-casebook/casebook"


def link(source: str, **config: str | None) -> str | None:
    settings: dict[str, str | None] = {"repo_url": REPO, "edit_uri": "edit/main/docs/"}
    settings.update(config)
    return edit_url(source, root=Path("/p"), docs_dir=Path("/p/docs"), **settings)  # type: ignore[arg-type]


def test_source_link_leaves_the_docs_folder() -> None:
    assert (
        link("case_studies/url-shortener.yaml")
        == f"{REPO}/edit/main/case_studies/url-shortener.yaml"
    )


def test_repo_url_with_a_trailing_slash_and_edit_uri_without_one() -> None:
    assert link("case_studies/a.yaml", repo_url=REPO + "/", edit_uri="edit/main/docs") == (
        f"{REPO}/edit/main/case_studies/a.yaml"
    )


def test_edit_uri_template_gets_the_same_relative_path() -> None:
    assert link(
        "generator/models.py", edit_uri=None, edit_uri_template="blob/main/docs/{path}"
    ) == (f"{REPO}/blob/main/generator/models.py")


def test_no_edit_uri_means_no_link() -> None:
    assert link("case_studies/a.yaml", edit_uri=None) is None


def test_edit_links_go_last_in_the_front_matter_and_are_empty_without_a_source() -> None:
    pages = [
        Page("case-studies/a.md", '---\ntitle: "A"\n---\n\n# A\n', "case_studies/a.yaml"),
        Page("case-studies/index.md", '---\ntitle: "All"\n---\n\n# All\n'),
        Page("checklists/items.json", "{}\n"),
    ]
    settings = SiteSettings(repo_url=REPO, edit_uri="edit/main/docs/")
    linked = [
        with_edit_link(page, settings, root=Path("/p"), docs_dir=Path("/p/docs")) for page in pages
    ]
    assert [page.text for page in linked] == [
        f'---\ntitle: "A"\nedit_url: "{REPO}/edit/main/case_studies/a.yaml"\n---\n\n# A\n',
        '---\ntitle: "All"\nedit_url: ""\n---\n\n# All\n',
        "{}\n",
    ]


def edit_href(html: str) -> str | None:
    match = re.search(r'<a href="([^"]*)" title="Edit this page"', html)
    return match.group(1) if match else None


@pytest.mark.slow
def test_built_site_edit_links(built_site: BuiltSite) -> None:
    case = sorted(p.stem for p in (ROOT / "case_studies").glob("*.yaml"))[0]
    page = (built_site.site / "case-studies" / case / "index.html").read_text()
    assert edit_href(page) == f"{REPO}/edit/main/case_studies/{case}.yaml"
    reference = (built_site.site / "reference" / "format" / "index.html").read_text()
    assert edit_href(reference) == f"{REPO}/edit/main/generator/format/models.py"
    catalogue = (built_site.site / "case-studies" / "index.html").read_text()
    assert edit_href(catalogue) is None  # generated from many files: no single file to edit
    method = (built_site.site / "method" / "index.html").read_text()
    assert edit_href(method) == f"{REPO}/edit/main/docs/method.md"
