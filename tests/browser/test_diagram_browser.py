"""Diagrams in a real browser: rendered as SVG from the site's own Mermaid, with no request to any
other host, and contributor text shown as text; Mermaid loaded only where a diagram is, when one
nears the screen; the full-screen view zooms and pans.

Each drawing is in an open shadow root (casebook-diagrams.js), read here as it is.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest

from generator.format.models import CaseStudy
from generator.pipeline import check
from generator.project import Project
from tests.conftest import FIXTURES, ROOT, BuiltSite, copy_project, run_mkdocs

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURES = FIXTURES / "concepts"
RENDERED = """() => {
  const svgs = [...document.querySelectorAll(".casebook-drawing")]
    .map((host) => host.shadowRoot && host.shadowRoot.querySelector("svg")).filter(Boolean);
  return svgs.length === 2 ? svgs : null;
}"""
READ = """() => {
  const svgs = [...document.querySelectorAll(".casebook-drawing")]
    .map((host) => host.shadowRoot.querySelector("svg"));
  const text = (nodes) => [...nodes].map((n) => n.textContent);
  return svgs.map((svg) => ({
    role: svg.getAttribute("aria-roledescription"),
    nodes: text(svg.querySelectorAll("g.node .nodeLabel")),
    entities: text(svg.querySelectorAll("g.node .label.name")),
    edges: text(svg.querySelectorAll("g.edgeLabel")),
    links: [...svg.querySelectorAll("a")]
      .map((a) => a.getAttribute("xlink:href") || a.getAttribute("href")),
    unexpected: svg.querySelectorAll("script, img, iframe, [onerror], [onclick]").length,
  }));
}"""


def cases_of(project: Path) -> dict[str, CaseStudy]:
    catalogue, _ = check(Project.at(project))
    return {item.case.id: item.case for item in catalogue}


def diagrams(page: Any, url: str) -> list[dict[str, Any]]:
    page.goto(url)
    for pre in page.locator("pre.casebook-diagram").all():
        pre.scroll_into_view_if_needed()
    page.wait_for_function(RENDERED, timeout=30_000)
    result: list[dict[str, Any]] = page.evaluate(READ)
    return sorted(result, key=lambda d: d["role"])  # "er" before "flowchart-v2"


CASE_IDS = sorted(p.stem for p in (ROOT / "case_studies").glob("*.yaml"))


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_bundled_diagrams_render_offline(
    built_site: BuiltSite, site_url: str, page: Any, case_id: str
) -> None:
    case = cases_of(built_site.project)[case_id]
    url = f"{site_url}/case-studies/{case_id}/"
    er, flow = diagrams(page, url)
    hld = case.high_level_design
    assert er["role"] == "er"
    assert er["entities"] == [e.name for e in case.data_model.entities]
    assert flow["role"] == "flowchart-v2"
    assert flow["nodes"] == [c.name for c in hld.components]
    # Mermaid draws a self-loop (brokers to brokers) as three segments, two of them unlabelled.
    assert set(flow["edges"]) - {""} == {f.label for f in hld.flows}
    # Each component with concepts links to its first concept's page, which exists.
    expected = [f"{site_url}/concepts/{c.concepts[0]}/" for c in hld.components if c.concepts]
    assert [urljoin(url, href) for href in flow["links"]] == expected
    for target in expected:
        with urlopen(target) as response:
            assert response.status == 200
    assert (er["unexpected"], flow["unexpected"]) == (0, 0)
    assert [r for r in page.requests if urlsplit(r).netloc != urlsplit(site_url).netloc] == []
    assert f"{site_url}/assets/javascripts/mermaid.min.js" in page.requests
    assert page.console_errors == []


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    sources = tmp_path_factory.mktemp("hostile-sources")
    shutil.copy2(FIXTURES / "hostile" / "hostile-labels.yaml", sources)
    shutil.copytree(FIXTURES / "catalogue", sources / "concepts")
    project = copy_project(tmp_path_factory.mktemp("hostile"), case_studies=sources)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(project / "site")
    )
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/case-studies/hostile-labels/"
    server.shutdown()


def test_hostile_labels_render_as_plain_text(hostile_url: str, page: Any) -> None:
    er, flow = diagrams(page, hostile_url)
    assert er["entities"] == ["Account", 'Link"] { int x } <script>window.pwned=1</script>']
    assert flow["nodes"] == [
        'Browser"] --> n2 <img src=x onerror="window.pwned=1"> '
        '%%{init: {"securityLevel": "loose"}}%%',
        "API",
    ]
    assert flow["edges"] == [
        'x"| n2; click n1 call alert(1); click n2 href "javascript:alert(1)" #lt;b#gt;'
    ]
    assert flow["links"] == ["../../concepts/cache/"]  # only ours
    assert (er["unexpected"], flow["unexpected"]) == (0, 0)
    assert page.evaluate("() => window.pwned") is None
    origin = urlsplit(hostile_url).netloc
    assert [r for r in page.requests if urlsplit(r).netloc != origin] == []
    assert not [r for r in page.requests if urlsplit(r).path.endswith("/x")]
    assert page.console_errors == []


MERMAID = "/assets/javascripts/mermaid.min.js"


def test_mermaid_loads_only_where_a_diagram_comes_into_view(site_url: str, page: Any) -> None:
    for path in ("", "checklists/", "case-studies/comparison/", "concepts/consistent-hashing/"):
        page.goto(f"{site_url}/{path}")
        page.wait_for_load_state("networkidle")
    assert [r for r in page.requests if r.endswith(MERMAID)] == []
    page.goto(f"{site_url}/case-studies/url-shortener/")
    page.wait_for_load_state("networkidle")
    assert [r for r in page.requests if r.endswith(MERMAID)] == []  # the diagrams are below
    page.locator("pre.casebook-diagram").first.scroll_into_view_if_needed()
    page.wait_for_selector(".casebook-drawing")
    assert [r for r in page.requests if r.endswith(MERMAID)] == [f"{site_url}{MERMAID}"]


def test_a_diagram_opens_full_screen_and_zooms_and_pans(site_url: str, page: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site_url}/case-studies/url-shortener/")
    page.locator("pre.casebook-diagram").first.scroll_into_view_if_needed()
    page.click(".casebook-figure >> text=Full screen")
    dialog = page.locator("dialog.casebook-zoom")
    assert dialog.get_attribute("aria-label") == "Data model diagram, full screen"
    stage = dialog.locator(".casebook-zoom-stage")
    assert stage.evaluate("s => s.shadowRoot.querySelectorAll('svg').length") == 1
    assert stage.evaluate("s => s.style.transform") == "translate(0px, 0px) scale(1)"
    page.click("[aria-label='Zoom in']")
    page.click("[aria-label='Zoom in']")
    assert stage.evaluate("s => s.style.transform") == "translate(0px, 0px) scale(1.563)"
    box = dialog.locator(".casebook-zoom-view").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 30, y - 20, steps=3)
    page.mouse.up()
    assert stage.evaluate("s => s.style.transform") == "translate(30px, -20px) scale(1.563)"
    dialog.locator(".casebook-zoom-view").focus()
    page.keyboard.press("-")
    assert stage.evaluate("s => s.style.transform") == "translate(30px, -20px) scale(1.25)"
    page.click("[aria-label='Reset zoom']")
    assert stage.evaluate("s => s.style.transform") == "translate(0px, 0px) scale(1)"
    page.keyboard.press("Escape")
    # The dialog closes on the key's event, a task after the press returns.
    page.locator("dialog.casebook-zoom").wait_for(state="detached", timeout=5000)
    assert page.locator("dialog.casebook-zoom").count() == 0
    assert page.console_errors == []
