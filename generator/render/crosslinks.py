"""Template contexts for cross-links: concept links on case-study pages, related case studies,
diagrams, and the concept pages with their "Used in" backlinks.

Every link is computed here as `Markup`, from ids we validated; the templates only place them.
Links between generated pages are relative `.md` paths, which mkdocs resolves and checks.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.enrich.site import Site
from generator.format.models import CaseStudy, Concept
from generator.format.steps import StepInfo
from generator.markup import escape
from generator.markup.paths import case_page


def concept_link(site: Site, concept_id: str, folder: str = "../concepts/") -> Markup:
    """`[Title](../concepts/<id>.md)`, from a case-study page by default."""
    return _link(site.concepts, concept_id, folder)


def _link(concepts: Mapping[str, Concept], concept_id: str, folder: str) -> Markup:
    return Markup(f"[{escape.text(concepts[concept_id].title)}]({folder}{concept_id}.md)")


@dataclass(frozen=True)
class ConceptList:
    """For templates: the links of a `concepts:` list, comma-separated, repeats dropped.

    A value rather than a closure, so that two contexts holding one compare by the concepts
    it links to (see write/cache.py).
    """

    concepts: Mapping[str, Concept]

    def __call__(self, ids: Sequence[str]) -> Markup:
        return Markup(", ").join(
            _link(self.concepts, cid, "../concepts/") for cid in dict.fromkeys(ids)
        )

    def note(self, ids: Sequence[str]) -> Markup:
        """ "*Concepts:* links" after a row's text, kept out of search (it would repeat the
        concepts' own titles); `<em>`, since Markdown's `*` could pair with an asterisk in the
        contributor's text before it."""
        return Markup(f"<span data-search-exclude><em>Concepts:</em> {self(ids)}</span>")


def concept_list(site: Site) -> ConceptList:
    return ConceptList(site.concepts)


@dataclass(frozen=True)
class CaseRef:
    """What a page that lists case studies shows of each: a value, so that lists of them
    compare equal while what they show is the same (see write/cache.py)."""

    id: str
    title: str


def case_ref(case: CaseStudy) -> CaseRef:
    return CaseRef(case.id, case.title)


@dataclass(frozen=True)
class RelatedView:
    case: CaseStudy
    explicit: bool
    shared: Markup  # links to the shared concepts; empty when none


def case_links_context(site: Site, case_id: str) -> Mapping[str, Any]:
    """What a case-study page needs from the link graph and the diagrams."""
    enriched = site.cases[case_id]
    links = concept_list(site)
    return {
        "concept_list": links,
        "related": [
            RelatedView(site.cases[r.case_id].model, r.explicit, links(r.shared))
            for r in site.links.related.get(case_id, ())
        ],
        "flowchart": Markup(enriched.flowchart),
        "er_diagram": Markup(enriched.er_diagram),
    }


@dataclass(frozen=True)
class StepLink:
    label: Markup  # "5. High-level design"
    href: Markup  # "../case-studies/<id>.md#step-5-high-level-design"


@dataclass(frozen=True)
class UsageView:
    case: CaseRef
    href: Markup
    steps: tuple[StepLink, ...]


@functools.cache
def _step_label(step: StepInfo) -> Markup:
    return escape.text(f"{step.number}. {step.title}")


def _step_link(case_id: str, step: StepInfo) -> StepLink:
    return StepLink(_step_label(step), Markup(f"../{case_page(case_id)}#{step.anchor}"))


def concept_context(site: Site, concept_id: str) -> Mapping[str, Any]:
    concept: Concept = site.concepts[concept_id]
    return {
        "concept": concept,
        "used_in": [
            UsageView(
                case=case_ref(site.cases[u.case_id].model),
                href=Markup(f"../{case_page(u.case_id)}"),
                steps=tuple(_step_link(u.case_id, s) for s in u.steps),
            )
            for u in site.links.used_in.get(concept_id, ())
        ],
    }


@dataclass(frozen=True)
class ConceptRow:
    concept: Concept
    link: Markup  # "[Title](<id>.md)"
    cases: int  # how many case studies use it


def concept_index_context(site: Site) -> Mapping[str, Any]:
    return {
        "rows": [
            ConceptRow(c, concept_link(site, cid, folder=""), len(site.links.used_in.get(cid, ())))
            for cid, c in sorted(site.concepts.items(), key=lambda kv: (kv[1].title.lower(), kv[0]))
        ]
    }
