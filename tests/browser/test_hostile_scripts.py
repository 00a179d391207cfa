"""The site's scripts given contributor names that are also names of the object model.

A tag named `constructor` or an assumption named `__proto__` must be one more key: the finder
lists the tag with its count, the what-if calculator computes the figure that uses it. The
pages hold the generator's own output for the `prototype-keys` fixture (the calculator's data,
the checklist JSON) and the site's own scripts, with no site build in between.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from generator.pipeline import generate
from generator.project import Project
from tests.conftest import ROOT, serve
from tests.corpus.test_hostile import hostile_project

pytestmark = pytest.mark.browser

SCRIPTS = ROOT / "docs" / "assets" / "javascripts"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = hostile_project(tmp_path_factory.mktemp("project"), "prototype-keys.yaml")
    _, pages = generate(Project.at(root))
    text = {page.path: page.text for page in pages}
    whatif = re.search(
        r'<div class="casebook-whatif"[^>]*>', text["case-studies/prototype-keys.md"]
    )
    assert whatif is not None
    site = root / "site"
    (site / "checklists").mkdir(parents=True)
    (site / "checklists" / "items.json").write_text(text["checklists/items.json"])
    for script in (
        "casebook.js",
        "casebook-checklists.js",
        "casebook-number.js",
        "casebook-estimate.js",
    ):
        shutil.copy2(SCRIPTS / script, site / script)
    (site / "checklists" / "index.html").write_text(
        '<!doctype html><div class="casebook-finder" data-src="items.json"></div>'
        '<script src="../casebook.js"></script><script src="../casebook-checklists.js"></script>'
    )
    (site / "whatif.html").write_text(
        f"<!doctype html>{whatif.group(0)}</div>"
        '<script src="casebook.js"></script><script src="casebook-number.js"></script>'
        '<script src="casebook-estimate.js"></script>'
    )
    (site / "favicon.ico").write_bytes(b"")  # the browser asks for one
    url, server = serve(site)
    yield url
    server.shutdown()


def test_a_tag_named_constructor_is_listed_with_its_count(page: Any, served: str) -> None:
    page.goto(f"{served}/checklists/")
    page.wait_for_selector(".casebook-finder-controls")
    options = page.eval_on_selector_all(
        "select[name=tag] option", "options => options.map(o => o.textContent)"
    )
    assert "constructor (1)" in options
    assert [o for o in options if "function" in o or "[object" in o] == []
    assert page.console_errors == []


def test_an_assumption_named_proto_is_an_input_like_any_other(page: Any, served: str) -> None:
    page.goto(f"{served}/whatif.html")
    page.wait_for_selector(".casebook-whatif[data-ready]")
    product = page.locator("[data-figure=product] .casebook-exact")
    assert product.text_content() == "6"
    page.fill("input[data-assumption=__proto__]", "5")
    assert product.text_content() == "15"
    assert page.console_errors == []
