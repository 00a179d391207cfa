"""The case ↔ concept graph: where each concept is used, and which case studies are related.

A case study names concepts in `concepts:` lists anywhere inside its seven steps (components,
storage choices, decisions, risks, …). `concept_refs` finds every such list by walking the
validated model, so a new `concepts` field in the format is picked up without touching this
module, and it reports the document path of each item for located problems.

Related case studies are found through an inverted index concept → case studies (each posting
list in catalogue order): a case only visits the posting lists of its own k concepts, never every
other case. A list longer than `common` (a load balancer is in nearly every design) is visited
only over the `common` entries around the case's own place in it, that is its neighbours in the
catalogue, same category first. The best candidates are then scored exactly: each shared concept
counts log(N / case studies using it), so a concept every design uses says nothing and a rare one
shared by two says most. A page names the three rarest concepts behind each related case study.
The work is O(N·k·common) visits, O(N·k) for a fixed `common`, however large the catalogue
(about 0.7 ms per case study with k = 15 of 40 concepts, flat from 250 to 4,000 case studies).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from generator.format.fields import concept_refs
from generator.format.models import CaseStudy
from generator.format.steps import STEPS, StepInfo

MAX_RELATED = 5
"""Related case studies shown per page, the ones listed explicitly included."""
MAX_SHARED_SHOWN = 3
"""Concepts named beside each related case study: the rarest it shares."""
MAX_POSTING = 100
"""At most this many other case studies are visited per concept when looking for related ones."""


@dataclass(frozen=True)
class Usage:
    """A case study that uses a concept, and the steps where it does (in step order)."""

    case_id: str
    steps: tuple[StepInfo, ...]


@dataclass(frozen=True)
class RelatedCase:
    case_id: str
    explicit: bool  # listed in `related` by either of the two case studies
    shared: tuple[str, ...]  # the rarest concept ids both use, rarest first


@dataclass(frozen=True)
class LinkGraph:
    used_in: Mapping[str, tuple[Usage, ...]]
    """Concept id → the case studies using it, in the order the cases were given."""
    concepts_of: Mapping[str, tuple[str, ...]]
    """Case id → the distinct concept ids it uses, in document order."""
    related: Mapping[str, tuple[RelatedCase, ...]]
    """Case id → related case studies: explicit first, then by the rarity of the concepts they
    share, then by id; at most `MAX_RELATED` in all."""


ConceptSteps = tuple[tuple[str, frozenset[int]], ...]
"""Each distinct concept a case study uses, in document order, with the steps that use it."""


def concept_steps(case: CaseStudy) -> ConceptSteps:
    steps: dict[str, set[int]] = {}
    for ref in concept_refs(case):
        steps.setdefault(ref.concept, set()).add(ref.step.number)
    return tuple((concept, frozenset(numbers)) for concept, numbers in steps.items())


def link_graph(
    cases: Sequence[CaseStudy],
    *,
    limit: int = MAX_RELATED,
    common: int = MAX_POSTING,
    steps_of: Callable[[CaseStudy], ConceptSteps] = concept_steps,
) -> LinkGraph:
    """`steps_of` is `concept_steps`, or what enrichment kept of it."""
    concepts_of: dict[str, tuple[str, ...]] = {}
    index: dict[str, list[str]] = defaultdict(list)  # concept → case ids, the inverted index
    place: dict[tuple[str, str], int] = {}  # (concept, case id) → position in the posting list
    used_in: dict[str, list[Usage]] = defaultdict(list)
    for case in cases:
        steps = dict(steps_of(case))
        concepts_of[case.id] = tuple(steps)
        for concept, numbers in steps.items():
            place[concept, case.id] = len(index[concept])
            index[concept].append(case.id)
            used_in[concept].append(Usage(case.id, tuple(s for s in STEPS if s.number in numbers)))
    sets = {cid: frozenset(concepts) for cid, concepts in concepts_of.items()}
    explicit = _explicit_pairs(cases, set(concepts_of))
    weight = _rarity(index, len(cases))
    related = {
        case.id: _related(case.id, sets, index, place, explicit[case.id], limit, common, weight)
        for case in cases
    }
    return LinkGraph(
        used_in={c: tuple(u) for c, u in sorted(used_in.items())},
        concepts_of=concepts_of,
        related=related,
    )


def _explicit_pairs(cases: Sequence[CaseStudy], known: set[str]) -> dict[str, set[str]]:
    """`related` lists made symmetric: if A lists B, B shows A."""
    pairs: dict[str, set[str]] = {case.id: set() for case in cases}
    for case in cases:
        for other in case.related:
            if other in known and other != case.id:
                pairs[case.id].add(other)
                pairs[other].add(case.id)
    return pairs


def _window(posting: Sequence[str], at: int, size: int) -> Sequence[str]:
    """`size` + 1 entries of `posting` centred on position `at` (the case itself)."""
    if len(posting) <= size + 1:
        return posting
    start = min(max(0, at - size // 2), len(posting) - size - 1)
    return posting[start : start + size + 1]


def _rarity(index: Mapping[str, Sequence[str]], total: int) -> dict[str, float]:
    """How much sharing a concept says about two case studies: log(N / cases using it).

    A concept every case study uses (a cache, a load balancer) weighs nothing; one that two
    case studies share alone weighs most.
    """
    return {concept: math.log(total / len(cases)) for concept, cases in index.items()}


def _related(
    case_id: str,
    sets: Mapping[str, frozenset[str]],
    index: Mapping[str, Sequence[str]],
    place: Mapping[tuple[str, str], int],
    explicit: set[str],
    limit: int,
    common: int,
    weight: Mapping[str, float],
) -> tuple[RelatedCase, ...]:
    mine = sets[case_id]
    seen: dict[str, float] = {}  # candidate → weight of the concepts shared in the windows seen
    for concept in mine:
        for other in _window(index[concept], place[concept, case_id], common):
            if other != case_id and other not in explicit:
                seen[other] = seen.get(other, 0.0) + weight[concept]
    # Exact scores for the best few only; when no list was cut, the sums are already exact.
    candidates = heapq.nsmallest(4 * max(0, limit), seen, key=lambda o: (-seen[o], o))

    def related(other: str, is_explicit: bool) -> tuple[float, RelatedCase]:
        shared = sorted(mine & sets[other], key=lambda c: (-weight[c], c))
        score = sum(weight[c] for c in shared)
        return score, RelatedCase(other, is_explicit, tuple(shared[:MAX_SHARED_SHOWN]))

    def key(pair: tuple[float, RelatedCase]) -> tuple[float, str]:
        return (-pair[0], pair[1].case_id)

    listed = sorted((related(o, True) for o in explicit), key=key)
    scored = (pair for pair in (related(o, False) for o in candidates) if pair[0] > 0)
    computed = heapq.nsmallest(max(0, limit - len(listed)), scored, key=key)
    return tuple(r for _, r in [*listed, *computed][: max(0, limit)])
