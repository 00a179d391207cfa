"""Contributor Markdown as HTML, outside the site: escaped as the site escapes it, then converted
by Python-Markdown, so a deck or a print page shows what the site shows and nothing more."""

from __future__ import annotations

from collections.abc import Sequence

import markdown
from markupsafe import Markup

from generator.markup import escape


def inline(value: str) -> Markup:
    """One line of contributor Markdown as HTML, without the paragraph around it."""
    html = markdown.markdown(str(escape.inline(value)))
    return Markup(html.removeprefix("<p>").removesuffix("</p>"))


def block(value: str) -> Markup:
    return Markup(markdown.markdown(str(escape.block(value))))


def html_list(items: Sequence[Markup], ordered: bool = False) -> Markup:
    tag = Markup("ol" if ordered else "ul")
    body = Markup("").join(Markup("<li>%s</li>") % item for item in items)
    return Markup("<%s>%s</%s>") % (tag, body, tag)
