"""Checklists as pure functions: ids, derivation, aggregation and filtering."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from generator.enrich.checklists import (
    Item,
    Origin,
    case_checklist,
    catalogue_items,
    derived_items,
    matches,
    method_items,
    rates_without_peak,
)
from generator.format.models import CaseStudy, Estimation, MethodChecklist
from generator.format.steps import STEPS
from generator.load import RawDocument, SourceMap, parse
from generator.validate.method import validate_method
from tests.conftest import FIXTURES

CASES = FIXTURES / "checklists" / "case_studies"


def _data(path: Path) -> Any:
    doc, _ = parse(path.read_text(encoding="utf-8"), path.name)  # read as the build reads it
    assert doc is not None
    return doc.data


def method_from(data: dict[str, Any]) -> MethodChecklist:
    method, problems = validate_method(RawDocument("checklist.yaml", data, SourceMap()))
    assert problems == [] and method is not None
    return method


def case_from(data: dict[str, Any]) -> CaseStudy:
    return CaseStudy.model_validate(data)


@pytest.fixture()
def method() -> MethodChecklist:
    return method_from(_data(CASES / "method" / "checklist.yaml"))


@pytest.fixture()
def alpha() -> CaseStudy:
    return case_from(_data(CASES / "alpha-links.yaml"))


@pytest.fixture()
def beta() -> CaseStudy:
    return case_from(_data(CASES / "beta-queue.yaml"))


def ids(items: list[Item]) -> list[str]:
    return [item.id for item in items]


# -- ids ---------------------------------------------------------------------------------------


def test_method_ids_name_the_step_and_the_question(method: MethodChecklist) -> None:
    assert ids(method_items(method)) == [
        "method/requirements/core-actions",
        "method/estimation/peak-rates",
        "method/estimation/storage-total",
        "method/interface/safe-retries",
        "method/data-model/keys",
        "method/high-level-design/state",
        "method/detailed-design/hot-partition",
        "method/bottlenecks/spof",
        "method/bottlenecks/replicas",
    ]


def test_a_case_study_page_ticks_the_method_questions_for_itself(
    method: MethodChecklist, alpha: CaseStudy
) -> None:
    applied = method_items(method, alpha)
    assert ids(applied)[-2:] == [
        "alpha-links/method/bottlenecks/spof",
        "alpha-links/method/bottlenecks/replicas",
    ]
    assert {(i.origin, i.case, i.case_title) for i in applied} == {
        (Origin.METHOD, "alpha-links", "Design Alpha links")
    }


def test_case_checklist_per_step_is_method_then_own_then_derived(
    method: MethodChecklist, alpha: CaseStudy
) -> None:
    per_step = case_checklist(alpha, method)
    assert list(per_step) == [s.field for s in STEPS]
    assert ids(per_step["bottlenecks"]) == [
        "alpha-links/method/bottlenecks/spof",
        "alpha-links/method/bottlenecks/replicas",
        "alpha-links/cache-stampede",
        "alpha-links/derived/fails-link-store",
        "alpha-links/derived/fails-hot-cache",
    ]
    assert ids(per_step["estimation"]) == [
        "alpha-links/method/estimation/peak-rates",
        "alpha-links/method/estimation/storage-total",
        "alpha-links/key-space",
        "alpha-links/derived/peak-write-rate",
        "alpha-links/derived/peak-ingress",
    ]
    assert ids(per_step["data_model"]) == ["alpha-links/method/data-model/keys"]


def _shuffled(data: Any, rng: random.Random) -> Any:
    """The same document with every list in a new order (mappings keep their keys)."""
    if isinstance(data, dict):
        return {k: _shuffled(v, rng) for k, v in data.items()}
    if isinstance(data, list):
        items = [_shuffled(v, rng) for v in data]
        rng.shuffle(items)
        return items
    return data


@pytest.mark.parametrize("seed", range(5))
def test_ids_do_not_depend_on_the_order_of_anything(seed: int) -> None:
    rng = random.Random(seed)
    method_data = _data(CASES / "method" / "checklist.yaml")
    case_data = [_data(CASES / name) for name in ("alpha-links.yaml", "beta-queue.yaml")]
    before = catalogue_items(method_from(method_data), [case_from(d) for d in case_data])
    shuffled_method = dict(reversed(list(_shuffled(method_data, rng).items())))
    # Shuffle lists but keep decisions' choices valid: only checklists, components, figures.
    shuffled_cases = []
    for d in case_data:
        d = dict(d)
        for step in ("requirements", "estimation", "interface", "bottlenecks"):
            section = dict(d[step])
            section["checklist"] = _shuffled(section.get("checklist", []), rng)
            d[step] = section
        hld = dict(d["high_level_design"])
        hld["components"] = _shuffled(hld["components"], rng)
        d["high_level_design"] = hld
        est = dict(d["estimation"])
        est["derived"] = _shuffled(est["derived"], rng)
        est["assumptions"] = _shuffled(est["assumptions"], rng)
        d["estimation"] = est
        shuffled_cases.append(d)
    after = catalogue_items(
        method_from(shuffled_method), [case_from(d) for d in reversed(shuffled_cases)]
    )
    # Tag lists were shuffled too: compare them as sets.
    assert {(i.id, i.text, i.step.field, frozenset(i.tags)) for i in after} == {
        (i.id, i.text, i.step.field, frozenset(i.tags)) for i in before
    }


def test_the_same_input_gives_the_same_items_every_time(
    method: MethodChecklist, alpha: CaseStudy, beta: CaseStudy
) -> None:
    assert catalogue_items(method, [beta, alpha]) == catalogue_items(method, [beta, alpha])


# -- derivation --------------------------------------------------------------------------------


def test_derived_items_say_what_they_are_about(alpha: CaseStudy) -> None:
    assert [(i.id, i.text, i.step.number, i.tags, i.derived) for i in derived_items(alpha)] == [
        (
            "alpha-links/derived/peak-write-rate",
            "`write_rate` is an average rate: what is its peak, and is the design sized for it?",
            2,
            ("capacity",),
            True,
        ),
        (
            "alpha-links/derived/peak-ingress",
            "`ingress` is an average rate: what is its peak, and is the design sized for it?",
            2,
            ("capacity",),
            True,
        ),
        (
            "alpha-links/derived/fails-link-store",
            "What happens during an outage of Link store? Is there a single point of failure?",
            7,
            ("availability", "durability"),
            True,
        ),
        (
            "alpha-links/derived/fails-hot-cache",
            "What happens during an outage of Hot-link cache? Is there a single point of failure?",
            7,
            ("availability", "caching"),
            True,
        ),
    ]


@pytest.mark.parametrize(
    ("kind", "derived"),
    [
        ("database", True),
        ("cache", True),
        ("queue", True),
        ("blob-store", True),
        ("search", True),
        ("service", False),
        ("worker", False),
        ("cdn", False),
        ("load-balancer", False),
        ("client", False),
    ],
)
def test_only_stateful_components_get_a_failure_item(kind: str, derived: bool) -> None:
    data = _data(CASES / "beta-queue.yaml")
    data["high_level_design"]["components"][1]["kind"] = kind
    items = [i for i in derived_items(case_from(data)) if i.step.field == "bottlenecks"]
    assert ids(items) == (["beta-queue/derived/fails-outbox"] if derived else [])


def _estimation(assumptions: list[str], derived: list[tuple[str, str, str]]) -> Estimation:
    return Estimation.model_validate(
        {
            "assumptions": [{"name": n, "value": 2} for n in assumptions],
            "derived": [{"name": n, "formula": f, "unit": u} for n, f, u in derived],
        }
    )


@pytest.mark.parametrize(
    ("derived", "unstated"),
    [
        # A rate with no peak anywhere.
        ([("reads", "users * 3", "request/s")], ["reads"]),
        # Not a rate: totals, sizes and pure numbers have no peak to state.
        ([("total", "users * 3", "GB"), ("each", "users", "B/url"), ("n", "users", "")], []),
        # Rates in any unit of time.
        (
            [("a", "users", "1/s"), ("b", "users", "url/day"), ("c", "users", "MB / hour")],
            ["a", "b", "c"],
        ),
        # Its own name says it is a peak.
        ([("peak_reads", "users * 3", "request/s"), ("reads_peak", "users", "request/s")], []),
        # Its formula applies a peak factor.
        ([("reads", "users * peak_factor", "request/s")], []),
        # Its formula uses a figure that states a peak.
        ([("peak_reads", "users", "request/s"), ("egress", "peak_reads * 2", "B/s")], []),
        # A figure applying a peak factor is computed from it: its peak is stated there.
        ([("reads", "users", "request/s"), ("busy", "reads * peak_factor", "request/s")], []),
        # ... but merely using a peak figure beside it does not cover it.
        (
            [
                ("reads", "users", "request/s"),
                ("peak_w", "users", "request/s"),
                ("mix", "reads + peak_w", "request/s"),
            ],
            ["reads"],
        ),
        # `speakers` is not the word `peak`.
        ([("speakers_rate", "users", "1/s")], ["speakers_rate"]),
        # A cycle (reported elsewhere) does not loop forever.
        ([("a", "b", "1/s"), ("b", "a", "1/s")], ["a", "b"]),
    ],
)
def test_rates_without_a_stated_peak(
    derived: list[tuple[str, str, str]], unstated: list[str]
) -> None:
    estimation = _estimation(["users", "peak_factor"], derived)
    assert [f.name for f in rates_without_peak(estimation)] == unstated


def test_derived_ids_write_underscores_as_hyphens() -> None:
    data = _data(CASES / "beta-queue.yaml")
    data["high_level_design"]["components"][1]["id"] = "_outbox_2"
    data["high_level_design"]["flows"] = [{"from": "api", "to": "_outbox_2", "label": "x"}]
    data["estimation"]["derived"][0]["name"] = "send_rate_"
    assert ids(derived_items(case_from(data))) == [
        "beta-queue/derived/peak-send-rate-",
        "beta-queue/derived/fails--outbox-2",
    ]


# -- aggregation and filtering -----------------------------------------------------------------


def test_catalogue_is_by_step_then_method_then_cases_in_order(
    method: MethodChecklist, alpha: CaseStudy, beta: CaseStudy
) -> None:
    items = catalogue_items(method, [beta, alpha])
    assert [(i.step.number, i.case or "method") for i in items] == [
        (1, "method"),
        (1, "alpha-links"),
        (2, "method"),
        (2, "method"),
        (2, "beta-queue"),
        (2, "alpha-links"),
        (2, "alpha-links"),
        (2, "alpha-links"),
        (3, "method"),
        (3, "beta-queue"),
        (4, "method"),
        (5, "method"),
        (6, "method"),
        (7, "method"),
        (7, "method"),
        (7, "beta-queue"),
        (7, "alpha-links"),
        (7, "alpha-links"),
        (7, "alpha-links"),
    ]
    # The site lists the method's questions once, not once per case study.
    assert not any("/method/" in i.id for i in items)
    assert len(set(ids(items))) == len(items)


def test_items_live_on_the_page_of_their_step_or_case_study(
    method: MethodChecklist, alpha: CaseStudy
) -> None:
    items = {i.id: i for i in catalogue_items(method, [alpha])}
    assert items["method/bottlenecks/spof"].page == "checklists/step-7-bottlenecks.md"
    assert items["alpha-links/cache-stampede"].page == "case-studies/alpha-links.md"
    assert items["alpha-links/derived/peak-ingress"].page == "case-studies/alpha-links.md"


def test_without_a_method_checklist_only_case_items_remain(alpha: CaseStudy) -> None:
    assert ids(catalogue_items(None, [alpha])) == [
        "alpha-links/link-expiry",
        "alpha-links/key-space",
        "alpha-links/derived/peak-write-rate",
        "alpha-links/derived/peak-ingress",
        "alpha-links/cache-stampede",
        "alpha-links/derived/fails-link-store",
        "alpha-links/derived/fails-hot-cache",
    ]


def test_matches_every_word_in_text_tags_id_or_case_title(
    method: MethodChecklist, alpha: CaseStudy, beta: CaseStudy
) -> None:
    items = catalogue_items(method, [beta, alpha])

    def found(*words: str, **filters: Any) -> list[str]:
        return [i.id for i in items if matches(i, words, **filters)]

    assert found("SINGLE", "point") == [
        "method/bottlenecks/spof",
        "beta-queue/derived/fails-outbox",
        "alpha-links/derived/fails-link-store",
        "alpha-links/derived/fails-hot-cache",
    ]
    assert found("enough", "replicas") == ["method/bottlenecks/replicas"]
    assert found("fails", "alpha") == [
        "alpha-links/derived/fails-link-store",
        "alpha-links/derived/fails-hot-cache",
    ]
    assert found("idempotency") == ["beta-queue/dedupe"]
    assert found(tag="caching") == [
        "alpha-links/cache-stampede",
        "alpha-links/derived/fails-hot-cache",
    ]
    assert found(step=STEPS[2]) == ["method/interface/safe-retries", "beta-queue/dedupe"]
    assert found("notifications", case="beta-queue") == [
        "beta-queue/derived/peak-send-rate",
        "beta-queue/dedupe",
        "beta-queue/derived/fails-outbox",
    ]
    assert found("no-such-word") == []
