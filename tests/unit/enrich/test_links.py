"""The case ↔ concept graph: references, backlinks per step, related case studies."""

from __future__ import annotations

from collections.abc import Sequence

from generator.enrich.graph import RelatedCase, link_graph
from generator.format.fields import ConceptRef, concept_refs
from generator.format.models import CaseStudy
from generator.load import parse
from tests.conftest import FIXTURES

DEMO = FIXTURES / "concepts" / "links-demo.yaml"


def demo() -> CaseStudy:
    doc, problems = parse(DEMO.read_text(encoding="utf-8"), "links-demo.yaml")
    assert doc is not None and problems == []
    return CaseStudy.model_validate(doc.data)


def case(cid: str, concepts: Sequence[str], related: Sequence[str] = ()) -> CaseStudy:
    """The demo case study with `concepts` on its API component and nowhere else."""
    base = demo()
    hld = base.high_level_design
    api = hld.components[1].model_copy(update={"concepts": tuple(concepts)})
    dm = base.data_model
    dd = base.detailed_design
    b = base.bottlenecks
    return base.model_copy(
        update={
            "id": cid,
            "related": tuple(related),
            "high_level_design": hld.model_copy(update={"components": (hld.components[0], api)}),
            "data_model": dm.model_copy(
                update={"storage": tuple(s.model_copy(update={"concepts": ()}) for s in dm.storage)}
            ),
            "detailed_design": dd.model_copy(
                update={
                    "decisions": tuple(d.model_copy(update={"concepts": ()}) for d in dd.decisions)
                }
            ),
            "bottlenecks": b.model_copy(
                update={"risks": tuple(r.model_copy(update={"concepts": ()}) for r in b.risks)}
            ),
        }
    )


def test_concept_refs_finds_every_list_in_document_order() -> None:
    refs = [(r.concept, r.step.number, r.loc) for r in concept_refs(demo())]
    assert refs == [
        ("sharding", 4, ("data_model", "storage", 0, "concepts", 0)),
        ("cach", 5, ("high_level_design", "components", 1, "concepts", 0)),
        ("partitioning", 5, ("high_level_design", "components", 1, "concepts", 1)),
        ("cdn", 5, ("high_level_design", "components", 1, "concepts", 2)),
        ("cache", 6, ("detailed_design", "decisions", 0, "concepts", 0)),
        ("cache", 7, ("bottlenecks", "risks", 0, "concepts", 0)),
        ("cdn", 7, ("bottlenecks", "risks", 0, "concepts", 1)),
    ]
    assert all(isinstance(r, ConceptRef) for r in concept_refs(demo()))


def test_used_in_lists_each_case_once_with_its_steps_in_order() -> None:
    graph = link_graph([demo(), case("other", ["cdn"])])
    used = {
        concept: [(u.case_id, [s.anchor for s in u.steps]) for u in usages]
        for concept, usages in graph.used_in.items()
    }
    assert used == {
        "cach": [("links-demo", ["step-5-high-level-design"])],
        "cache": [("links-demo", ["step-6-detailed-design", "step-7-bottlenecks"])],
        "cdn": [
            ("links-demo", ["step-5-high-level-design", "step-7-bottlenecks"]),
            ("other", ["step-5-high-level-design"]),
        ],
        "partitioning": [("links-demo", ["step-5-high-level-design"])],
        "sharding": [("links-demo", ["step-4-data-model"])],
    }
    assert graph.concepts_of["links-demo"] == ("sharding", "cach", "partitioning", "cdn", "cache")


def test_related_ranked_by_the_rarity_of_shared_concepts_then_id() -> None:
    # N = 5: cache and cdn are used by 3 (log 5/3 = 0.51 each), sharding by 2 (log 5/2 = 0.92),
    # so d (cdn + sharding, 1.43) ranks above c (cache + cdn, 1.02); rarest concept first.
    cases = [
        case("a", ["cache", "cdn", "sharding"]),
        case("b", ["cache"]),
        case("c", ["cache", "cdn"]),
        case("d", ["cdn", "sharding"]),
        case("e", ["queue"]),
    ]
    related = link_graph(cases).related
    assert related["a"] == (
        RelatedCase("d", False, ("sharding", "cdn")),
        RelatedCase("c", False, ("cache", "cdn")),
        RelatedCase("b", False, ("cache",)),
    )
    assert related["b"] == (
        RelatedCase("a", False, ("cache",)),
        RelatedCase("c", False, ("cache",)),
    )
    assert related["e"] == ()


def test_explicit_related_shows_in_both_directions_and_first() -> None:
    cases = [
        case("a", ["cache", "cdn"]),
        case("b", ["cache", "cdn"]),
        case("z", ["queue"], related=["a"]),
    ]
    related = link_graph(cases).related
    # z listed a: a shows z too, before b although b shares more concepts.
    assert related["a"] == (RelatedCase("z", True, ()), RelatedCase("b", False, ("cache", "cdn")))
    assert related["z"] == (RelatedCase("a", True, ()),)
    assert related["b"] == (RelatedCase("a", False, ("cache", "cdn")),)


def test_explicit_pair_keeps_its_shared_concepts_and_is_not_repeated() -> None:
    cases = [case("a", ["cache"], related=["b"]), case("b", ["cache"], related=["a"])]
    assert link_graph(cases).related == {
        "a": (RelatedCase("b", True, ("cache",)),),
        "b": (RelatedCase("a", True, ("cache",)),),
    }


def test_a_concept_every_case_study_uses_relates_nothing() -> None:
    cases = [case(f"c{i}", ["cache"]) for i in range(4)]
    assert link_graph(cases).related == {f"c{i}": () for i in range(4)}


def test_at_most_five_related_explicit_ones_included() -> None:
    cases = [case(f"c{i}", ["cache"], related=["c7"] if i == 0 else []) for i in range(8)]
    cases.append(case("q", ["queue"]))
    assert [r.case_id for r in link_graph(cases).related["c0"]] == ["c7", "c1", "c2", "c3", "c4"]


def test_shared_concepts_shown_are_the_three_rarest() -> None:
    both = ["a1", "a2", "a3", "a4"]
    cases = [case("x", both), case("y", both), case("z", ["a1", "a2", "a3"]), case("w", ["a1"])]
    assert link_graph(cases).related["x"][0] == RelatedCase("y", False, ("a4", "a2", "a3"))


def test_computed_related_are_capped_by_limit() -> None:
    cases = [case(f"c{i}", ["cache"]) for i in range(8)]
    cases.append(case("q", ["queue"]))  # so that cache is not in every case study
    related = link_graph(cases, limit=3).related
    assert [r.case_id for r in related["c0"]] == ["c1", "c2", "c3"]
    assert [r.case_id for r in related["c5"]] == ["c0", "c1", "c2"]


def test_a_long_posting_list_is_visited_only_around_the_case_itself() -> None:
    # `common` bounds the entries visited per concept, which keeps the work O(N·k): the
    # neighbours in catalogue order (posting lists keep it) are the ones considered.
    cases = [case(f"c{i}", ["load-balancer"]) for i in range(10)] + [
        case("x", ["load-balancer", "bloom-filter"]),
        case("y", ["load-balancer", "bloom-filter"], related=["c0"]),
        case("q", ["queue"]),  # so that load-balancer is not in every case study
    ]
    related = link_graph(cases, common=4).related
    assert [r.case_id for r in related["c0"]] == ["y", "c1", "c2", "c3", "c4"]
    assert [r.case_id for r in related["c5"]] == ["c3", "c4", "c6", "c7"]
    assert related["y"] == (
        RelatedCase("c0", True, ("load-balancer",)),
        RelatedCase("x", False, ("bloom-filter", "load-balancer")),
        RelatedCase("c7", False, ("load-balancer",)),
        RelatedCase("c8", False, ("load-balancer",)),
        RelatedCase("c9", False, ("load-balancer",)),
    )
    # When the whole list fits, every case sharing a concept is a candidate.
    assert [r.case_id for r in link_graph(cases, common=20).related["c5"]] == [
        "c0",
        "c1",
        "c2",
        "c3",
        "c4",
    ]


def test_empty_catalogue() -> None:
    graph = link_graph([])
    assert (graph.used_in, graph.concepts_of, graph.related) == ({}, {}, {})
