"""Placeholders that `casebook new` writes and a finished case study must not keep.

The scaffold is valid from the start, so that a contributor can preview it at once; its prose
is `TODO …` text, and its ids are `todo…` slugs. Each such value still there is a CS501
warning: a to-do list while drafting, and an error under `--strict`, which the pull-request
check uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.load import RawDocument
from generator.problems.hints import dotted
from generator.problems.problem import Problem

# Prose placeholders start with the word TODO; a real sentence never does.
PLACEHOLDER = re.compile(r"^\s*TODO(?![A-Za-z0-9])")
# Ids and slugs cannot hold capitals, so the scaffold's are exact lowercase values (a real id
# may well start with "todo", as in a to-do list app).
PLACEHOLDER_IDS = frozenset({"todo", "todo-requirements-check", "todo-decision", "todo_parameter"})
_SHOWN = 40


def find_placeholders(doc: RawDocument) -> Iterator[Problem]:
    for loc, value in doc.strings:
        if PLACEHOLDER.match(value) or value in PLACEHOLDER_IDS:
            line, col = doc.source.find(loc)
            text = " ".join(value.split())
            shown = text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."
            yield Problem(
                doc.path,
                line,
                col,
                "CS501",
                f"{dotted(loc)}: replace the scaffold's placeholder '{shown}'",
            )
