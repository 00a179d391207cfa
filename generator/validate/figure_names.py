"""Rules for prose fields: backticked figure names that almost match a figure.

A backticked name of an assumption or figure renders with its value (render/estimates.py), so a
misspelt one silently shows as plain code: a near miss is a warning (CS222), with the name meant.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.format.fields import prose
from generator.problems.hints import close_match
from generator.problems.problem import Problem
from generator.validate.shape import Located

_BACKTICKED = re.compile(r"(?<![`\\])`([a-z_][a-z0-9_]*)`(?!`)")  # figure names are lowercase


def check_figure_names(located: Located) -> Iterator[Problem]:
    est = located.case.estimation
    names = [*(a.name for a in est.assumptions), *(d.name for d in est.derived)]
    known = set(names)
    meant_for: dict[str, str | None] = {}  # the same word recurs across a case study's fields
    for loc, text in prose(located.case):
        if "`" not in text:
            continue
        for match in _BACKTICKED.finditer(text):
            word = match.group(1)
            if word in known:
                continue
            if word not in meant_for:
                meant_for[word] = close_match(word, names)
            meant = meant_for[word]
            if meant is None:
                continue
            line, col = located.at(*loc)
            if loc in located.doc.source.plain:
                col += match.start()
            message = (
                f"`{word}` is not a figure of this estimate (did you mean '{meant}'?); only an "
                "exact name shows its value"
            )
            yield Problem(located.doc.path, line, col, "CS222", message)
