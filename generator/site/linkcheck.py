"""Check every internal link and anchor of a built site: `python -m generator.site.linkcheck site`.

mkdocs checks links between Markdown pages; this checks the HTML that readers get, theme and
generated pages included: every relative URL (`href`, `src`, `srcset`, `action`, `xlink:href`,
…) must name a file of the site, and every `#fragment` an element id of its target page.
External links are not fetched (the check needs no network), but only http, https and mailto
may leave the site, and nothing the page loads (images, scripts) may come from another host.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from generator.markup.markdown import EMBEDS, SAFE_SCHEMES, URL_ATTRIBUTES

_EXTERNAL = SAFE_SCHEMES


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str, bool]] = []  # line, URL, fetched when the page loads
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and found.get("rel") == "canonical":
            self.canonical = found.get("href")
            return
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif name in URL_ATTRIBUTES and tag != "base":
                line = self.getpos()[0]
                for url in value.split(",") if name == "srcset" else [value]:
                    if url.split():
                        self.links.append((line, url.split()[0], name in EMBEDS))


@dataclass(frozen=True)
class BrokenLink:
    page: str
    line: int
    target: str
    reason: str

    def format(self) -> str:
        return f"{self.page}:{self.line}: {self.reason}: {self.target}"


def _parse(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def base_path(site: Path) -> str:
    """The path the site is published under (`/casebook/`), from the home page's canonical
    link; pages such as 404.html link with it, as they may be served from any address."""
    home = site / "index.html"
    canonical = _parse(home).canonical if home.is_file() else None
    path = urlsplit(canonical).path if canonical else "/"
    return path if path.endswith("/") else path + "/"


def _resolve(site: Path, page: PurePosixPath, path: str, base: str = "/") -> Path | None:
    """The file a relative or site-absolute URL path names, or None outside the site."""
    if path.startswith("/"):
        if not (path + "/").startswith(base) and not path.startswith(base):
            return None
        path = "/" + path[len(base) :] if path.startswith(base) else "/"
    here = PurePosixPath("/") / page.parent
    joined = PurePosixPath(path) if path.startswith("/") else here / path
    parts: list[str] = []
    for part in joined.parts[1:]:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    target = site.joinpath(*parts)
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def check_site(site: Path) -> Iterator[BrokenLink]:
    pages = {p: _parse(p) for p in sorted(site.rglob("*.html"))}
    base = base_path(site)
    for file, parsed in pages.items():
        rel = PurePosixPath(file.relative_to(site).as_posix())
        for line, link, embeds in parsed.links:
            url = urlsplit(link)
            if url.scheme or url.netloc:
                if url.scheme not in _EXTERNAL:
                    yield BrokenLink(rel.as_posix(), line, link, "link with a disallowed scheme")
                elif embeds:  # the site loads nothing from other hosts
                    yield BrokenLink(rel.as_posix(), line, link, "resource from another host")
                continue
            target = file if not url.path else _resolve(site, rel, unquote(url.path), base)
            if target is None or not target.is_file():
                yield BrokenLink(rel.as_posix(), line, link, "no such file")
                continue
            if url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(url.fragment) not in ids:
                    yield BrokenLink(rel.as_posix(), line, link, "no such anchor")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0] if args else "site")
    if not site.is_dir():
        print(f"error: {site} is not a folder; build the site first", file=sys.stderr)
        return 2
    broken = list(check_site(site))
    for item in broken:
        print(item.format())
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"{pages} pages checked, {len(broken)} broken links", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
