"""Ids that would collide with pages the generator writes beside case studies and concepts.

A case study's page is `case-studies/<id>.md` and a concept's is `concepts/<id>.md`; the same
folders hold the catalogue (`index.md`), the comparison table and similar pages. An id equal to
one of their names would silently replace that page, so it is a contributor error (CS701). The
names come from the page paths themselves (`render.paths`).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.load import RawDocument
from generator.markup.paths import RESERVED_IDS
from generator.problems.problem import Problem


def check_reserved(doc: RawDocument, value: str, kind: str) -> Iterator[Problem]:
    """CS701 at the `id` of a document of `kind` ("case study" or "concept") if it is reserved."""
    if value in RESERVED_IDS[kind]:
        line, col = doc.source.find(("id",))
        yield Problem(
            doc.path,
            line,
            col,
            "CS701",
            f"id '{value}' is reserved for a generated page; choose another id",
        )
