"""Enrichment: the validated catalogue plus everything computed from it, ready to render."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from generator.enrich.checklists import Item, catalogue_items, derived_items
from generator.enrich.graph import ConceptSteps, LinkGraph, concept_steps, link_graph
from generator.estimate.present import Estimate, present
from generator.format.models import CaseStudy, Concept, MethodChecklist
from generator.markup.diagrams import er_diagram, flowchart
from generator.validate.concepts import ConceptCatalogue
from generator.validate.shape import Located

DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}
GraphKey = tuple[tuple[str, tuple[str, ...], ConceptSteps], ...]
GraphMemo = Callable[[GraphKey, Callable[[], LinkGraph]], LinkGraph]


@dataclass(frozen=True)
class EnrichedCase:
    model: CaseStudy
    source_path: str  # relative to the project root, for "edit this page"
    flowchart: str = ""  # Mermaid text of the step 5 diagram
    er_diagram: str = ""  # Mermaid text of the step 4 diagram
    estimate: Estimate | None = None  # step 2 computed: exact and rounded figures, calculator
    derived: tuple[Item, ...] = ()  # checklist items computed from this case study alone
    concept_steps: ConceptSteps = ()  # the concepts it uses and where: the link graph's input

    def derived_items(self, case: CaseStudy) -> tuple[Item, ...]:
        """`derived_items(case)` as kept here; `case` is this case study's model."""
        assert case is self.model
        return self.derived


@dataclass(frozen=True)
class Site:
    cases: dict[str, EnrichedCase]
    order: tuple[str, ...]  # catalogue order: by category, difficulty, then title
    concepts: Mapping[str, Concept] = field(default_factory=dict)  # by id, sorted
    concept_paths: Mapping[str, str] = field(default_factory=dict)  # id → its YAML file
    links: LinkGraph = field(default_factory=lambda: link_graph(()))
    method: MethodChecklist | None = None  # the method's questions per step, if the file exists
    # Every checklist item once (the method's, each case study's own, derived), by step.
    checklists: tuple[Item, ...] = ()


def enrich_case(item: Located) -> EnrichedCase:
    """What one case study's pages need that depends on that case study alone."""
    return EnrichedCase(
        model=item.case,
        source_path=item.doc.path,
        flowchart=flowchart(item.case.high_level_design),
        er_diagram=er_diagram(item.case.data_model),
        estimate=present(item.case.estimation),
        derived=tuple(derived_items(item.case)),
        concept_steps=concept_steps(item.case),
    )


def enrich(
    catalogue: Sequence[Located],
    concepts: ConceptCatalogue | None = None,
    method: MethodChecklist | None = None,
    *,
    per_case: Callable[[Located], EnrichedCase] = enrich_case,
    graphs: GraphMemo = lambda key, compute: compute(),
) -> Site:
    """`per_case` is `enrich_case`, or a memo of it kept by a long-lived run; `graphs` a memo
    of the link graph by its inputs."""
    cases = {item.case.id: per_case(item) for item in catalogue}
    order = tuple(
        sorted(
            cases,
            key=lambda cid: (
                cases[cid].model.category,
                DIFFICULTY_ORDER[cases[cid].model.difficulty.value],
                cases[cid].model.title.lower(),
                cid,
            ),
        )
    )
    return Site(
        cases=cases,
        order=order,
        concepts=dict((concepts or ConceptCatalogue()).concepts),
        concept_paths=dict((concepts or ConceptCatalogue()).paths),
        links=_links(cases, order, graphs),
        method=method,
        checklists=tuple(
            catalogue_items(method, [cases[cid].model for cid in order], _kept(cases))
        ),
    )


def _kept(cases: Mapping[str, EnrichedCase]) -> Callable[[CaseStudy], Sequence[Item]]:
    """Each case study's derived checklist items as its enrichment computed them."""
    return lambda case: cases[case.id].derived_items(case)


def _links(cases: Mapping[str, EnrichedCase], order: Sequence[str], graphs: GraphMemo) -> LinkGraph:
    """The link graph, which depends only on each case study's id, `related` and concepts."""
    key = tuple((cid, cases[cid].model.related, cases[cid].concept_steps) for cid in order)
    models = [cases[cid].model for cid in order]
    return graphs(key, lambda: link_graph(models, steps_of=lambda c: cases[c.id].concept_steps))
