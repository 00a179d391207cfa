"""The concept catalogue: validating case_studies/concepts/*.yaml and the references to it.

Concept files go through the same located-problem machinery as case studies (`validate_model`
maps shape errors back to line and column). A case study's `concepts:` items must name a concept
id exactly; aliases only feed the "did you mean" hint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from generator.format.fields import concept_refs
from generator.format.models import Concept
from generator.load import RawDocument
from generator.problems.hints import close_match, dotted, shorten
from generator.problems.problem import Problem
from generator.validate.case import check_id
from generator.validate.links import check_entity_references, check_links
from generator.validate.markup_in_prose import check_markup
from generator.validate.shape import Located, validate_model


@dataclass(frozen=True)
class ConceptCatalogue:
    concepts: Mapping[str, Concept] = field(default_factory=dict)
    """Valid concepts by id, sorted by id."""
    known: frozenset[str] = frozenset()
    """Ids that references may use: valid concepts plus the stems of concept files that failed
    validation (their own problems are reported; references to them would only add noise)."""
    aliases: Mapping[str, str] = field(default_factory=dict)
    """Alias, as a slug, → concept id; for hints only."""
    paths: Mapping[str, str] = field(default_factory=dict)
    """Concept id → its file, relative to the project root (for "edit this page")."""


def alias_key(alias: str) -> str:
    """An alias compared as a slug, so `Hash ring` and `hash-ring` are the same name."""
    return re.sub(r"[^a-z0-9]+", "-", alias.lower()).strip("-")


def validate_concepts(docs: Sequence[RawDocument]) -> tuple[ConceptCatalogue, list[Problem]]:
    problems: list[Problem] = []
    valid: list[tuple[Concept, RawDocument]] = []
    known: set[str] = set()
    for doc in docs:
        known.add(PurePath(doc.path).stem)
        concept, found = validate_model(doc, Concept)
        problems += found
        if concept is None:
            continue
        problems += _check_concept(concept, doc)
        known.add(concept.id)
        valid.append((concept, doc))
    aliases, more = _alias_index(valid, known)
    problems += more
    catalogue = ConceptCatalogue(
        concepts={c.id: c for c, _ in sorted(valid, key=lambda pair: pair[0].id)},
        known=frozenset(known),
        aliases=aliases,
        paths={c.id: d.path for c, d in valid},
    )
    return catalogue, sorted(problems)


def _check_concept(concept: Concept, doc: RawDocument) -> Iterator[Problem]:
    yield from check_id(doc, concept.id, "concept")
    for i, reading in enumerate(concept.further_reading):
        if not re.match(r"https://[^\s/]+\.[^\s]+$", reading.url):
            line, col = doc.source.find(("further_reading", i, "url"))
            yield Problem(
                doc.path,
                line,
                col,
                "CS302",
                f"further reading '{reading.title}' must link to an https:// address, "
                f"got '{shorten(reading.url)}'",
            )
    yield from check_links(doc)
    yield from check_markup(concept, doc)


def _alias_index(
    valid: Sequence[tuple[Concept, RawDocument]], ids: Iterable[str]
) -> tuple[dict[str, str], list[Problem]]:
    """Aliases by slug; an alias that is a concept id or another alias is a problem (CS301)."""
    taken = set(ids)
    owner: dict[str, tuple[str, str]] = {}  # alias slug → (concept id, alias as written)
    problems: list[Problem] = []
    for concept, doc in valid:
        for i, alias in enumerate(concept.aliases):
            key = alias_key(alias)
            clash = None
            if key in taken and key != concept.id:
                clash = f"is the id of concept '{key}'"
            elif key in owner:
                first_id, first = owner[key]
                clash = (
                    f"repeats alias '{first}'"
                    if first_id == concept.id
                    else f"is already an alias of concept '{first_id}'"
                )
            if clash:
                line, col = doc.source.find(("aliases", i))
                problems.append(Problem(doc.path, line, col, "CS301", f"alias '{alias}' {clash}"))
            else:
                owner[key] = (concept.id, alias)
    return {key: cid for key, (cid, _) in owner.items()}, problems


def suggest(word: str, catalogue: ConceptCatalogue) -> str:
    """`(did you mean 'x'?)` from ids and aliases, always naming an id."""
    names: dict[str, str] = {alias: cid for alias, cid in catalogue.aliases.items()}
    names.update({cid: cid for cid in catalogue.known})
    match = close_match(alias_key(word), names)
    return f" (did you mean '{names[match]}'?)" if match else ""


def check_references(cases: Sequence[Located], catalogue: ConceptCatalogue) -> Iterator[Problem]:
    """CS104 at each `concepts:` item that names no concept."""
    for located in cases:
        for ref in concept_refs(located.case):
            if ref.concept not in catalogue.known:
                line, col = located.doc.source.find(ref.loc)
                yield Problem(
                    located.doc.path,
                    line,
                    col,
                    "CS104",
                    f"{dotted(ref.loc[:-1])}: unknown concept '{ref.concept}'"
                    f"{suggest(ref.concept, catalogue)}",
                )


def validate_links(
    cases: Sequence[Located], concept_docs: Sequence[RawDocument]
) -> tuple[ConceptCatalogue, list[Problem]]:
    """The concept files, the case studies' references to them, and foreign-key references."""
    catalogue, problems = validate_concepts(concept_docs)
    problems += check_references(cases, catalogue)
    problems += check_entity_references(cases)
    return catalogue, sorted(problems)
