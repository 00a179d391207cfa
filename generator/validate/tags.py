"""Case-study tags against the vocabulary in case_studies/method/tags.yaml (CS310)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.format.models import TagVocabulary
from generator.load import RawDocument
from generator.problems.hints import did_you_mean
from generator.problems.problem import Problem
from generator.validate.shape import Located, validate_model

TAGS_FILE = "tags.yaml"


def check_tags(
    cases: Sequence[Located], doc: RawDocument | None
) -> tuple[TagVocabulary | None, list[Problem]]:
    """The vocabulary, and a CS310 at every case-study tag it lacks; no file, no check."""
    if doc is None:
        return None, []
    vocabulary, problems = validate_model(doc, TagVocabulary)
    if vocabulary is None:
        return None, problems
    problems += _duplicates(doc, vocabulary)
    known = [tag.id for tag in vocabulary.tags]
    return vocabulary, problems + list(_unknown(cases, set(known), known))


def _duplicates(doc: RawDocument, vocabulary: TagVocabulary) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, tag in enumerate(vocabulary.tags):
        if tag.id in seen:
            line, col = doc.source.find(("tags", i, "id"))
            yield Problem(doc.path, line, col, "CS107", f"tag '{tag.id}' is defined twice")
        seen.add(tag.id)


def _unknown(cases: Sequence[Located], known: set[str], ordered: list[str]) -> Iterator[Problem]:
    for located in cases:
        for i, tag in enumerate(located.case.tags):
            if tag not in known:
                line, col = located.at("tags", i)
                yield Problem(
                    located.doc.path,
                    line,
                    col,
                    "CS310",
                    f"unknown tag '{tag}'{did_you_mean(tag, ordered)}; a new tag goes into "
                    f"case_studies/method/{TAGS_FILE} with a line saying what it groups",
                )
