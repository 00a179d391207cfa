"""The what-if calculator and the sortable comparison, in headless Chromium.

The browser must compute what the Python engine computes: for the page's own assumptions and
after an assumption changes, every figure's exact and rounded text is compared with the engine's.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.estimate.numbers import exact, rounded
from generator.estimate.present import present
from generator.estimate.units import TIME_UNITS
from generator.format.models import CaseStudy, Estimation
from generator.load import load_file
from generator.validate.shape import validate_shape
from tests.conftest import FIXTURES, ROOT, BuiltSite, copy_project, run_mkdocs, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PUBLISHED = FIXTURES / "estimates" / "published"
READY = ".casebook-whatif[data-ready]"


def load_case(path: Path) -> CaseStudy:
    doc, _ = load_file(path, path.name)
    assert doc is not None
    case, _ = validate_shape(doc)
    assert case is not None
    return case


def engine(estimation: Estimation) -> list[list[str]]:
    return [[row.name, row.exact, row.rounded] for row in present(estimation).figures]


def with_value(estimation: Estimation, name: str, value: float) -> Estimation:
    """The estimation with one assumption changed, as the calculator's input does.

    Its checks are left out: a changed input may make one fail, which the calculator shows as a
    verdict (tested with the declared fixture) and the engine refuses; the figures still compute.
    """
    changed = tuple(
        a.model_copy(update={"value": value}) if a.name == name else a
        for a in estimation.assumptions
    )
    return estimation.model_copy(update={"assumptions": changed, "checks": ()})


def shown(page: Any) -> list[list[str]]:
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        "[data-figure]",
        "rows => rows.map(r => [r.dataset.figure, r.querySelector('.casebook-exact').textContent,"
        " r.querySelector('.casebook-rounded').textContent])",
    )


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The published-estimate fixtures built into a site and served on localhost."""
    project = copy_project(tmp_path_factory.mktemp("estimates"), PUBLISHED)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    url, server = serve(project / "site")
    yield url
    server.shutdown()
    shutil.rmtree(project / "site", ignore_errors=True)


def open_case(page: Any, base: str, case_id: str) -> None:
    page.goto(f"{base}/case-studies/{case_id}/")
    page.wait_for_selector(READY)


CASE_IDS = sorted(p.stem for p in PUBLISHED.glob("*.yaml"))


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_every_assumption_change_recomputes_like_the_engine(
    page: Any, published_site: str, case_id: str
) -> None:
    estimation = load_case(PUBLISHED / f"{case_id}.yaml").estimation
    open_case(page, published_site, case_id)
    assert shown(page) == engine(estimation)
    for i, assumption in enumerate(estimation.assumptions):
        value = assumption.value * (1.7 + i) + 0.25
        page.fill(f'input[data-assumption="{assumption.name}"]', repr(value))
        assert shown(page) == engine(with_value(estimation, assumption.name, value)), (
            assumption.name
        )
        page.click("text=Reset")
        assert shown(page) == engine(estimation)
    assert page.console_errors == []
    assert all(url.startswith(published_site) for url in page.requests), page.requests


def test_tinyurl_with_600m_urls_a_month(page: Any, published_site: str) -> None:
    open_case(page, published_site, "grokking-tinyurl")
    page.fill('input[data-assumption="new_urls_per_month"]', "600,000,000")
    rows = {name: (ex, ro) for name, ex, ro in shown(page)}
    assert rows["write_rate"] == ("231.4814815 url/s", "231 url/s")
    assert rows["storage"] == ("18 TB", "18 TB")
    assert rows["cache_memory"] == ("200 GB", "200 GB")


def test_impossible_inputs_are_reported_per_figure(page: Any, published_site: str) -> None:
    open_case(page, published_site, "grokking-pastebin")
    page.fill('input[data-assumption="storage_utilisation"]', "0")
    rows = {name: (ex, ro) for name, ex, ro in shown(page)}
    assert rows["storage_provisioned"] == ("—", "division by zero")
    assert rows["storage"] == ("36.5 TB", "36.5 TB")
    page.fill('input[data-assumption="paste_size"]', "-3")
    error = page.text_content('input[data-assumption="paste_size"] ~ .casebook-error')
    assert error == "cannot be negative"
    rows = {name: (ex, ro) for name, ex, ro in shown(page)}
    assert rows["storage"] == ("—", "uses 'paste_size', which cannot be computed")
    assert rows["write_rate"] == ("11.57407407 paste/s", "11.6 paste/s")
    page.fill('input[data-assumption="paste_size"]', "ten")
    error = page.text_content('input[data-assumption="paste_size"] ~ .casebook-error')
    assert error == "not a number"


def test_calculator_starts_after_instant_navigation(page: Any, published_site: str) -> None:
    page.goto(f"{published_site}/case-studies/comparison/")
    page.click("text=URL shortener, as sized in System Design Interview by Alex Xu")
    page.wait_for_url("**/xu-url-shortener/")
    page.wait_for_selector(READY)
    assert shown(page)[0] == ["write_rate", "1,157.407407 url/s", "1.16K url/s"]


def column(page: Any, index: int) -> list[str]:
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        "article table tbody tr", f"rows => rows.map(r => r.cells[{index}].textContent.trim())"
    )


def test_comparison_sorts_by_value_with_empty_cells_last(page: Any, published_site: str) -> None:
    page.goto(f"{published_site}/case-studies/comparison/")
    page.wait_for_selector("table[data-sortable] button.casebook-sort")
    headings = page.eval_on_selector_all(
        "article table thead th", "ths => ths.map(t => t.textContent.trim())"
    )
    assert headings == [
        "Case study",
        "Reads",
        "Writes",
        "Peak reads",
        "Peak writes",
        "Storage (logical)",
        "Storage (replicated)",
        "Ingress",
        "Egress",
        "Cache",
    ]
    page.click("article table thead th:nth-child(6) button")  # Storage (logical), ascending
    assert column(page, 5) == ["15 TB", "36.5 TB", "36.5 TB"]
    assert column(page, 0)[0] == "TinyURL, as sized in Grokking the System Design Interview"
    page.click("article table thead th:nth-child(6) button")  # descending
    assert column(page, 0) == [
        "URL shortener, as sized in System Design Interview by Alex Xu",
        "Pastebin, as sized in Grokking the System Design Interview",
        "TinyURL, as sized in Grokking the System Design Interview",
    ]
    page.click("article table thead th:nth-child(2) button")  # Reads, ascending
    assert column(page, 1) == ["57.9 paste/s", "11.6K url/s", "19.3K url/s"]
    page.click("article table thead th:nth-child(8) button")  # Ingress: only TinyURL has it
    assert column(page, 7) == ["96.5 KB/s", "", ""]
    page.click("article table thead th:nth-child(8) button")
    assert column(page, 7) == ["96.5 KB/s", "", ""]
    assert page.console_errors == []


def sample_values() -> list[float]:
    rng = random.Random(20240607)
    values = [
        0.0,
        1.0,
        -1.0,
        0.5,
        0.125,
        0.0125,
        1125.0,
        1135.0,
        999.5,
        999.95,
        9999.5,
        1e15,
        999999999999999.9,
        1e-7,
        1.5e-7,
        2**53,
        3521614606208.0,
        166666666666.66666,
        192.90123456790124,
        86399.99999,
        0.99999,
        1023.9,
        1024.0,
        1048575.0,
    ]
    for _ in range(600):
        values.append(rng.uniform(1, 10) * 10 ** rng.randint(-9, 22))
        values.append(round(rng.uniform(1, 10), rng.randint(0, 4)) * 10 ** rng.randint(-3, 12))
    return values + [-v for v in values[:100]]


DIMS: list[tuple[tuple[str, int | float], ...]] = [
    (),
    (("url", 1), ("s", -1)),
    (("B", 1),),
    (("B", 1), ("s", -1)),
    (("s", 1),),
    (("s", -1),),
    (("B", 1), ("url", -1)),
    (("B", 2),),
    (("request", 1), ("server", -1), ("s", -1)),
    (("s", 0.5),),
    (("tweet", 1),),
]


def test_browser_prints_numbers_like_the_engine(page: Any, published_site: str) -> None:
    open_case(page, published_site, "grokking-tinyurl")
    values = sample_values()
    cases = [
        [v, [list(d) for d in dims], binary]
        for v in values
        for dims in DIMS
        for binary in (False, True)
        if binary is False or ("B", 1) in dims
    ]
    browser = page.evaluate(
        "cases => cases.map(c => [casebookEstimate.exact(c[0]),"
        " casebookEstimate.rounded(c[0], c[1], c[2])])",
        cases,
    )
    python = [
        [exact(v), rounded(v, tuple((u, e) for u, e in dims), binary)] for v, dims, binary in cases
    ]
    mismatches = [(c, b, p) for c, b, p in zip(cases, browser, python, strict=True) if b != p]
    assert mismatches == []


def test_bundled_case_studies_compute_alike(
    page: Any, site_url: str, built_site: BuiltSite
) -> None:
    """Every bundled case study: its own figures, then its first assumption doubled."""
    for path in sorted((ROOT / "case_studies").glob("*.yaml")):
        estimation = load_case(path).estimation
        open_case(page, site_url, path.stem)
        assert shown(page) == engine(estimation), path.stem
        first = estimation.assumptions[0]
        page.fill(f'input[data-assumption="{first.name}"]', repr(first.value * 2))
        assert shown(page) == engine(with_value(estimation, first.name, first.value * 2)), path.stem
    assert page.console_errors == []


@pytest.fixture(scope="module")
def declared_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The case study with declared units, checks and figures in prose, served on localhost."""
    project = copy_project(tmp_path_factory.mktemp("declared"), FIXTURES / "estimates" / "declared")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    url, server = serve(project / "site")
    yield url
    server.shutdown()


def inline(page: Any, name: str) -> str:
    return page.text_content(f'.casebook-inline[data-of="{name}"]')  # type: ignore[no-any-return]


def check_row(page: Any, index: int) -> list[str]:
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        f'[data-check="{index}"]', "nodes => nodes.map(n => n.textContent)"
    )


def test_inline_figures_and_checks_follow_the_inputs(page: Any, declared_site: str) -> None:
    open_case(page, declared_site, "matching-engine")
    assert inline(page, "peak_trade_rate") == "185K trade/s"
    assert inline(page, "trade_rate") == "2B trade/day"
    assert check_row(page, 0) == ["2 node", "16 node", "holds"]
    page.fill('input[data-assumption="trades_per_day"]', "4e10")
    assert inline(page, "peak_trade_rate") == "3.7M trade/s"
    assert inline(page, "match_nodes") == "28 node"
    assert check_row(page, 0) == ["28 node", "16 node", "fails"]
    assert page.get_attribute('.casebook-verdict[data-check="0"]', "data-fails") == "1"
    assert check_row(page, 1) == ["0.155", "0.8", "holds"]
    page.fill('input[data-assumption="trades_per_day"]', "ten")
    assert inline(page, "match_nodes") == "—"
    assert check_row(page, 0) == ["—", "—", "cannot be computed"]
    page.click("text=Reset")
    assert inline(page, "match_nodes") == "2 node"
    assert check_row(page, 0) == ["2 node", "16 node", "holds"]
    assert page.get_attribute('.casebook-verdict[data-check="0"]', "data-fails") is None
    assert page.console_errors == []


def test_time_bases_durations_and_whole_counts_print_like_the_engine(
    page: Any, declared_site: str
) -> None:
    open_case(page, declared_site, "matching-engine")
    cases = [
        [v, [list(d) for d in dims], per, whole]
        for v in sample_values()[:300]
        for dims in [
            (("trade", 1), ("s", -1)),
            (("B", 1), ("s", -1)),
            (("s", 1),),
            (("trade", -1), ("s", 1)),
            (("node", 1),),
        ]
        for per in (("s", 1.0), ("day", 86400.0), ("h", 3600.0))
        for whole in (False, True)
    ]
    browser = page.evaluate(
        "cases => cases.map(c => casebookEstimate.rounded(c[0], c[1], false, c[2], c[3]))", cases
    )
    units = {u.symbol: u for u in TIME_UNITS}
    python = [
        rounded(v, tuple((u, e) for u, e in dims), False, units[per[0]], whole)
        for v, dims, per, whole in cases
    ]
    assert [(c, b, p) for c, b, p in zip(cases, browser, python, strict=True) if b != p] == []


def page_values(page: Any) -> list[list[str]]:
    """The figures "At a glance" and in the derived table: name, exact or rounded, text."""
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        "article span.casebook-value[data-of]",
        "spans => spans.map(s => [s.dataset.of, s.dataset.form || 'rounded', s.textContent])",
    )


def printed(estimate: Any) -> list[list[str]]:
    glance = [[k.name, "rounded", k.rounded] for k in estimate.keys]
    rows = [[f.name, form, text] for f in estimate.figures for form, text in
            (("exact", f.exact), ("rounded", f.rounded))]  # fmt: skip
    return glance + rows


def address(page: Any) -> tuple[str, str]:
    """The page's path below the site, and its query."""
    parts = urlsplit(page.url)
    return parts.path[parts.path.index("/case-studies/") :], parts.query


def test_the_whole_page_follows_the_inputs_and_the_address_keeps_them(
    page: Any, site_url: str, built_site: BuiltSite
) -> None:
    estimation = load_case(built_site.project / "case_studies" / "url-shortener.yaml").estimation
    first = estimation.assumptions[0]
    typed = repr(first.value * 2)
    open_case(page, site_url, "url-shortener")
    assert page_values(page) == printed(present(estimation))
    page.fill(f'input[data-assumption="{first.name}"]', typed)
    changed = printed(present(with_value(estimation, first.name, first.value * 2)))
    assert page_values(page) == changed
    # The query holds the edited assumptions; the theme may add the section in view as a hash.
    assert address(page) == ("/case-studies/url-shortener/", f"w.{first.name}={typed}")
    page.reload()
    page.wait_for_selector(READY)
    assert page.input_value(f'input[data-assumption="{first.name}"]') == typed
    assert page_values(page) == changed
    page.locator(".casebook-whatif button", has_text="Reset").click()
    assert address(page) == ("/case-studies/url-shortener/", "")
    assert page_values(page) == printed(present(estimation))
    assert page.console_errors == []
