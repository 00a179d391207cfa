"""The no-op fast path: skip the whole pipeline when nothing it reads has changed.

A fingerprint covers every input (case studies, concepts, method checklist, templates, the
generator's own code, the method page the cheat sheet summarises, and the options of the run).
It is stored, with a digest of every page written, in a dotfile inside the first generated
folder (mkdocs ignores dotfiles). A later run with the same fingerprint and intact pages writes
nothing and returns at once; any doubt (missing stamp, a page edited or deleted by hand) falls
back to the full pipeline.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .commands.cheatsheet import METHOD_PAGE
from .project import Project
from .render import Page
from .sections import NavGroup

STAMP = "case-studies/.casebook-stamp.json"
_CODE = Path(__file__).resolve().parent


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def fingerprint(project: Project, options: str) -> str:
    digest = hashlib.sha256(options.encode())
    for base, folder in (
        ("case", project.case_studies),
        ("tpl", project.templates),
        ("code", _CODE),
    ):
        for file in _files(folder):
            digest.update(f"{base}:{file.relative_to(folder).as_posix()}\0".encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    method = project.docs / METHOD_PAGE  # the cheat sheet summarises it
    if method.is_file():
        digest.update(f"doc:{METHOD_PAGE}\0".encode())
        digest.update(hashlib.sha256(method.read_bytes()).digest())
    return digest.hexdigest()


def _page_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What a build leaves for the site builder besides the pages, kept in the stamp."""

    sources: dict[str, str]  # generated page → the file it came from ("edit this page")
    nav: tuple[NavGroup, ...]  # navigation sections of the generated pages


def stamp_page(key: str, pages: Iterable[Page], manifest: Manifest) -> Page:
    """The stamp itself, written with the pages it describes."""
    digests = {p.path: _page_digest(p.text.encode("utf-8")) for p in pages}
    body = json.dumps(
        {
            "fingerprint": key,
            "pages": digests,
            "sources": manifest.sources,
            "nav": [[list(group.path), list(group.pages)] for group in manifest.nav],
        },
        sort_keys=True,
        indent=0,
    )
    return Page(STAMP, body + "\n")


def read_current(project: Project, key: str) -> tuple[int, Manifest] | None:
    """Page count and manifest when the stored output matches `key` and is intact, else None."""
    try:
        stored = json.loads((project.docs / STAMP).read_text(encoding="utf-8"))
        if stored["fingerprint"] != key:
            return None
        pages: dict[str, str] = stored["pages"]
        for path, digest in pages.items():
            if _page_digest((project.docs / path).read_bytes()) != digest:
                return None
        manifest = Manifest(
            sources=dict(stored["sources"]),
            nav=tuple(NavGroup(tuple(path), tuple(pages)) for path, pages in stored["nav"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return len(pages), manifest
