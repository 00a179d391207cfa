"""Python-Markdown's inline pass without the searches that cannot match.

The inline pass runs every inline pattern over every piece of text, one regex search each: on a
case page that is ~20,000 searches, most over table cells that hold no markup at all, and a
quarter of converting the page. Each stock pattern can only match where a marker it consumes is
present (a link needs `[`, an entity `&`, a code span a backtick), so a pattern whose markers
are absent from the text is skipped; the pass is otherwise Python-Markdown's own, step for step,
so the HTML is the same byte for byte (tests/site/test_inline.py converts every generated page
both ways).

A pattern is recognised by its regex source, not its name: a pattern this table does not know
exactly (another extension's, or a stock one an upgrade changed) is searched as before.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor as InlinePattern
from markdown.inlinepatterns import Pattern
from markdown.treeprocessors import InlineProcessor

# A stock pattern's regex source → the strings one of which a match must consume. Each regex
# here consumes (or, for the code span, looks ahead at) its marker inside the match, and the
# pass searches only from its start index on, so "none after the start" means "no match".
MARKERS: dict[str, tuple[str, ...]] = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),  # pymdownx.inlinehilite's code span
    r"\\(.)": ("\\",),  # backslash escape
    r"\[\^([^\]]*)\]": ("[^",),  # footnote reference
    r"(?<!\!)\[": ("[",),  # link, reference, short reference
    r"\!\[": ("![",),  # image, image reference, short image reference
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),  # autolink
    r"<([^<> !]+@[^@<> ]+)>": ("<",),  # automatic e-mail link
    r"  \n": ("  \n",),  # hard line break
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entity
    r"\*|_": ("*", "_"),  # emphasis and strong
}
# The raw-HTML pattern's source is long and starts so; it consumes the `<` it starts with.
HTML_START = r"(<(\/?+[a-zA-Z]"


def markers(pattern: Pattern | InlinePattern) -> tuple[str, ...] | None:
    """What `pattern` must find to match, or None when it is not one this module knows."""
    source = pattern.getCompiledRegExp().pattern
    if source.startswith(HTML_START):
        return ("<",)
    return MARKERS.get(source)


class QuickInline(InlineProcessor):
    """The stock inline pass, skipping a pattern when none of its markers is in the text."""

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        # Patterns are read at each run: an extension may register one after this is made. (The
        # stubs type this registry's items as tree processors; they are inline patterns.)
        self._patterns = [(p, markers(p)) for p in self.inlinePatterns]  # type: ignore[arg-type]
        return super().run(tree, ancestors)

    # Python-Markdown's private `__handleInline` (3.x), with the skip added: the same loop, the
    # same calls, and the same start index (0) for the next pattern after one that did not match.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802,N803
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        patterns = self._patterns
        start = 0
        while patternIndex < len(patterns):
            pattern, needs = patterns[patternIndex]
            if needs is not None and not _any_from(data, needs, start):
                patternIndex, start = patternIndex + 1, 0
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def _any_from(data: str, needs: tuple[str, ...], start: int) -> bool:
    for marker in needs:
        if data.find(marker, start) >= 0:
            return True
    return False


class QuickInlineExtension(Extension):
    """Puts `QuickInline` in place of the stock inline pass, and only of the stock one."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        if type(md.treeprocessors["inline"]) is InlineProcessor:
            md.treeprocessors.register(QuickInline(md), "inline", 20)


def quicken(config: Any) -> None:
    """Adds the extension to an mkdocs config's Markdown extensions, once (last, so that it sees
    whichever inline pass the others leave)."""
    extensions = config["markdown_extensions"]
    if not any(isinstance(e, QuickInlineExtension) for e in extensions):
        extensions.append(QuickInlineExtension())
