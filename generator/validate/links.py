"""Links in contributor text: only http, https, mailto and relative targets are rendered."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence

from generator.format.fields import resolve
from generator.load import RawDocument
from generator.problems.hints import did_you_mean, dotted, shorten
from generator.problems.problem import Problem
from generator.validate.shape import Located

_LINK_TARGETS = (
    re.compile(r"\]\(\s*<?([^)>]*)"),  # [text](target), spaces and line breaks included
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M),  # [ref]: target
    re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>"),  # <scheme:autolink>
)
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*)\s*:")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


# What a browser ignores in a URL's scheme (tabs, line breaks) and what the escaping drops
# before Markdown sees the text (control characters), plus invisible characters: the scheme is
# judged with all of them removed, so `java\nscript:` or `\x01javascript:` count as javascript.
_IGNORED_IN_SCHEME = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+"
)


def unsafe_link(value: str) -> str | None:
    """The first link target in `value` whose scheme is not http, https or mailto."""
    if "]" not in value and "<" not in value:  # every link form needs one: skip most text fast
        return None
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", value)  # as escape._clean does
    for pattern in _LINK_TARGETS:
        for match in pattern.finditer(text):
            target = _IGNORED_IN_SCHEME.sub("", html.unescape(match.group(1)))
            scheme = _SCHEME.match(target)
            if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                return " ".join(match.group(1).split())
    return None


def check_links(doc: RawDocument) -> Iterator[Problem]:
    for loc, value in doc.strings:
        target = unsafe_link(value)
        if loc and loc[-1] == "source" and target is None:
            scheme = _SCHEME.match(value)
            if not scheme or scheme.group(1).lower() not in ("http", "https"):
                target = value
        if target is not None:
            line, col = doc.source.find(loc)
            shown = shorten(target)
            yield Problem(
                doc.path,
                line,
                col,
                "CS111",
                f"{dotted(loc)}: unsafe link '{shown}' (use http, https or mailto)",
            )


def check_entity_references(cases: Sequence[Located]) -> Iterator[Problem]:
    """CS303 at each `references` that names no field of an entity in the same data model."""
    for located in cases:
        dm = located.case.data_model
        names = [f"{e.name}.{f.name}" for e in dm.entities for f in e.fields]
        for i, entity in enumerate(dm.entities):
            for j, f in enumerate(entity.fields):
                if f.references and resolve(dm, f.references) is None:
                    loc = ("data_model", "entities", i, "fields", j, "references")
                    line, col = located.at(*loc)
                    yield Problem(
                        located.doc.path,
                        line,
                        col,
                        "CS303",
                        f"{dotted(loc)}: '{f.references}' is not an Entity.field of this "
                        f"data model{did_you_mean(f.references, names)}",
                    )
