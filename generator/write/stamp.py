"""The no-op fast path: skip the whole pipeline when nothing it reads has changed.

A fingerprint covers every input (case studies, concepts, method checklist, templates, the
site configuration, the generator's own code, and the options of the run). It is stored, with a
digest of every page written, in a dotfile inside the first generated folder (mkdocs ignores
dotfiles). A later run with the same fingerprint and intact pages writes nothing and returns at
once; any doubt (missing stamp, a page edited or deleted by hand) falls back to the full
pipeline.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.enrich.sections import NavGroup
from generator.load import Unreadable, read_regular, site_files
from generator.markup.paths import OWNED_FOLDERS, STAMP
from generator.project import Project
from generator.render.pages import Page

_CODE = Path(__file__).resolve().parent.parent  # the whole generator package


def _files(folder: Path) -> list[Path]:
    """The regular files below `folder`; links are not followed and special files (a FIFO
    would block the read) are left out, as the loader leaves them out."""
    found: list[Path] = []
    for here, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(names):
            path = Path(here, name)
            with contextlib.suppress(OSError):
                if stat.S_ISREG(os.lstat(path).st_mode):
                    found.append(path)
    return found


def _digest(file: Path) -> bytes:
    try:
        return hashlib.sha256(read_regular(file, 1 << 40)).digest()
    except Unreadable as exc:  # reported by the loader; any change of it reruns the pipeline
        return exc.message.encode()


def fingerprint(project: Project, options: str) -> str:
    digest = hashlib.sha256(options.encode())
    inputs = [("case", project.case_studies), ("tpl", project.templates), ("code", _CODE)]
    for base, folder in inputs:
        for file in _files(folder):
            digest.update(f"{base}:".encode() + os.fsencode(file.relative_to(folder)) + b"\0")
            digest.update(_digest(file))
    # The site's Markdown settings and its hand-written pages: prose and its links are checked
    # against them.
    digest.update(b"mkdocs:" + _digest(project.mkdocs_config))
    for rel, file in sorted(site_files(project.docs, OWNED_FOLDERS).items()):
        digest.update(b"docs:" + os.fsencode(rel) + b"\0" + _digest(file))
    return digest.hexdigest()


def page_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What a build leaves for the site builder besides the pages, kept in the stamp."""

    pages: tuple[str, ...]  # every generated page, below docs/
    nav: tuple[NavGroup, ...]  # navigation sections of the generated pages


def stamp_page(key: str, digests: Mapping[str, str], manifest: Manifest) -> Page:
    """The stamp itself, written with the pages it describes (`digests`: each one's bytes)."""
    body = json.dumps(
        {
            "fingerprint": key,
            "pages": digests,
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
            if page_digest((project.docs / path).read_bytes()) != digest:
                return None
        manifest = Manifest(
            pages=tuple(sorted(pages)),
            nav=tuple(NavGroup(tuple(path), tuple(pages)) for path, pages in stored["nav"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return len(pages), manifest
