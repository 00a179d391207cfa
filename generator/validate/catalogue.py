"""Validation of the whole catalogue: every file, then the rules that need all of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from generator.estimate.locate import check_estimates, unchecked_estimates
from generator.format.models import MAX_FIGURES
from generator.load import RawDocument
from generator.problems.hints import did_you_mean
from generator.problems.problem import Problem
from generator.validate.case import check_case
from generator.validate.completeness import check_quality
from generator.validate.figure_names import check_figure_names
from generator.validate.markup_in_prose import check_markup
from generator.validate.partial import partial_case
from generator.validate.placeholders import PLACEHOLDER_IDS, find_placeholders
from generator.validate.shape import Located, validate_shape


def check_catalogue(cases: Sequence[Located], file_ids: set[str]) -> Iterator[Problem]:
    by_id: dict[str, Located] = {}
    for located in cases:
        first = by_id.get(located.case.id)
        if first is not None:
            line, col = located.at("id")
            yield Problem(
                located.doc.path,
                line,
                col,
                "CS112",
                f"id '{located.case.id}' is already used by {first.doc.path}",
            )
        else:
            by_id[located.case.id] = located
    # A file that failed validation still exists: referring to it is not a second mistake.
    known = sorted(set(by_id) | file_ids)
    for located in cases:
        for i, rid in enumerate(located.case.related):
            if rid not in known or rid == located.case.id:
                line, col = located.at("related", i)
                why = (
                    "is this case study itself" if rid == located.case.id else "is not a case study"
                )
                hint = did_you_mean(rid, known) if rid not in known else ""
                yield Problem(located.doc.path, line, col, "CS108", f"related '{rid}' {why}{hint}")


def check_categories(cases: Sequence[Located], others: Sequence[Located] = ()) -> Iterator[Problem]:
    """CS502 at a category no other case study uses: it opens a navigation section of its own,
    which is seldom meant (a misspelling, or a near synonym of a category in use).

    `others` are the files that failed validation: their categories count as in use. The
    scaffold's placeholder (`todo`, a CS501 already) is no category.
    """
    counts = Counter(
        located.case.category
        for located in [*cases, *others]
        if located.case.category and located.case.category not in PLACEHOLDER_IDS
    )
    for located in cases:
        category = located.case.category
        in_use = sorted(set(counts) - {category})
        if counts[category] == 1 and in_use:  # with none in use, there is nothing to share
            line, col = located.at("category")
            message = (
                f"category '{category}' is used by no other case study"
                f"{did_you_mean(category, in_use)}; it opens a navigation section of its own "
                f"(in use: {', '.join(in_use)})"
            )
            yield Problem(located.doc.path, line, col, "CS502", message)


def _check_partial(doc: RawDocument) -> tuple[Located, list[Problem]]:
    """The rules of one section at a time, on the valid sections of a file that failed."""
    case, valid = partial_case(doc)
    item = Located(case, doc)
    problems = [*check_case(item), *check_figure_names(item), *check_markup(case, doc)]
    if "estimation" in valid:
        problems += check_estimates(case.estimation, doc)
    else:
        problems += unchecked_estimates(doc)
    return item, problems


def _too_many_figures(located: Located) -> Iterator[Problem]:
    estimation = located.case.estimation
    for key, items in (("assumptions", estimation.assumptions), ("derived", estimation.derived)):
        if len(items) > MAX_FIGURES:
            line, col = located.at("estimation", key)
            yield Problem(
                located.doc.path,
                line,
                col,
                "CS103",
                f"estimation.{key}: {len(items):,} items; an estimate has at most {MAX_FIGURES}",
            )


def validate_all(
    docs: Sequence[RawDocument], file_ids: Iterable[str] = ()
) -> tuple[list[Located], list[Problem], list[Located]]:
    """Validate every document; rules that need the whole catalogue run on those that parsed.

    `file_ids` names every case-study file found, including those that did not parse. Also
    returns the files that failed, kept as far as they are valid (`partial`), for the rules
    that run later on references.
    """
    problems: list[Problem] = []
    located: list[Located] = []
    partial: list[Located] = []
    for doc in docs:
        item, complete, found = validate_document(doc)
        problems += found
        (located if complete else partial).append(item)
    problems += check_catalogue([*located, *partial], set(file_ids))
    problems += check_categories(located, partial)
    return located, sorted(problems), partial


def validate_document(doc: RawDocument) -> tuple[Located, bool, list[Problem]]:
    """The rules of one file alone: what a cache may keep while the file's bytes are the same.

    Returns the case study (as far as it is valid when the file failed), whether it is
    complete, and the problems found.
    """
    case, problems = validate_shape(doc)
    problems += find_placeholders(doc)
    if case is None:
        kept, more = _check_partial(doc)
        return kept, False, problems + more
    item = Located(case, doc)
    problems += check_case(item)
    problems += check_figure_names(item)
    problems += check_markup(case, doc)
    too_many = list(_too_many_figures(item))
    problems += too_many or check_estimates(case.estimation, doc)
    problems += check_quality(item)
    return item, True, problems
