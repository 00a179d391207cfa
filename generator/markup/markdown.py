"""The site's own Markdown, for checks that must see what readers get.

Input patterns cannot enumerate every way Markdown makes a link (reference definitions inside
quotes, lists or definition lists; entities; nested brackets), so the checks convert the text
with Python-Markdown and the extensions `mkdocs.yml` enables, and read the URLs of the HTML
that comes out. `mkdocs.yml` is trusted (reviewed code); its `!!python/name:` tags name the
fence formatters. A project without one is checked with the extensions of the bundled site.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import yaml

# The extensions of the bundled mkdocs.yml (a test keeps the two equal), for projects that
# have no mkdocs.yml of their own.
DEFAULT_EXTENSIONS: tuple[str, ...] = (
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
)

# Attributes whose value a browser follows or fetches. Those that fetch (embed) are `EMBEDS`.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data", "cite",
     "background", "longdesc", "lowsrc", "dynsrc", "ping", "manifest", "codebase", "icon"}
)  # fmt: skip
EMBEDS = frozenset({"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "icon"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
# What a browser strips or ignores around and inside a URL's scheme (C0 controls, spaces, tabs
# and line breaks), plus invisible characters, removed before the scheme is judged: stricter
# than a browser, never looser.
_IGNORED = re.compile(r"[\s\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")


def scheme(url: str) -> str | None:
    """The scheme a browser would read from `url` (lower case), or None for a relative URL."""
    found = _SCHEME.match(_IGNORED.sub("", url))
    return found.group(1).lower() if found else None


def _config_loader() -> type[yaml.SafeLoader]:
    class Loader(yaml.SafeLoader):
        pass

    def python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        module, _, attribute = suffix.rpartition(".")
        return getattr(importlib.import_module(module), attribute)

    def ignored(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        return None  # !ENV, !relative and other mkdocs tags: not part of Markdown's settings

    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", python_name)
    Loader.add_multi_constructor("!", ignored)
    return Loader


@functools.cache
def _settings(config: Path | None) -> tuple[tuple[Any, ...], tuple[tuple[str, Any], ...]]:
    if config is None or not config.is_file():
        return DEFAULT_EXTENSIONS, ()
    with config.open(encoding="utf-8") as handle:
        raw = yaml.load(handle, Loader=_config_loader())
    names: list[str] = []
    configs: list[tuple[str, Any]] = []
    for item in (raw or {}).get("markdown_extensions") or ():
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        configs.append((name, options or {}))
    return tuple(names), tuple(configs)


def extension_names(config: Path | None) -> tuple[str, ...]:
    return tuple(str(n) for n in _settings(config)[0])


class _EveryReference(dict[str, tuple[str, str | None]]):
    """Reference definitions that answer for every id: `![x][r]` becomes an image even when
    `[r]` is defined in another field of the page, so that an image is seen where it is used."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> tuple[str, str | None]:
        return (ELSEWHERE, None)


ELSEWHERE = "casebook-reference-defined-elsewhere:"
"""The URL of a reference whose definition is not in the text converted (checked where it is)."""


def site_markdown(config: Path | None) -> markdown.Markdown:
    """A converter with the extensions of `config` (a mkdocs.yml) and open-ended references."""
    names, configs = _settings(config)
    md = markdown.Markdown(extensions=list(names), extension_configs=dict(configs))
    md.references = _EveryReference()  # type: ignore[assignment]  # titles may be None
    return md


@dataclass(frozen=True)
class Url:
    tag: str
    attribute: str
    value: str

    @property
    def embeds(self) -> bool:
        """Fetched by the browser when the page loads (an image), not followed on a click."""
        return self.attribute in EMBEDS


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[Url] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRIBUTES:
                values = _srcset(value) if name == "srcset" else [value]
                self.urls += [Url(tag, name, v) for v in values]
            elif name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)


def _srcset(value: str) -> list[str]:
    """The URLs of a `srcset` (each candidate is a URL and an optional width or density)."""
    return [part.split()[0] for part in value.split(",") if part.split()]


@dataclass(frozen=True)
class Html:
    urls: tuple[Url, ...]
    ids: frozenset[str]


def read_html(html: str) -> Html:
    parser = _Urls()
    parser.feed(html)
    parser.close()
    return Html(tuple(parser.urls), frozenset(parser.ids))


def definitions(md: markdown.Markdown) -> Iterator[str]:
    """The URL of every reference definition of the last conversion, used or not."""
    for url, _ in dict.values(md.references):
        yield url


def unsafe_urls(html: str) -> list[tuple[str, str]]:
    """(code, URL) for each URL of a generated page that must not be there: an image or other
    embedded resource (CS113), or a link with a scheme other than http, https or mailto (CS111).

    The last line of defence, over the HTML the site builder made of a whole page: the prose
    checks should have refused every such URL at its field already.
    """
    found: list[tuple[str, str]] = []
    for url in read_html(html).urls:
        if url.embeds:
            found.append(("CS113", url.value))
        elif scheme(url.value) not in (None, *SAFE_SCHEMES):
            found.append(("CS111", url.value))
    return found
