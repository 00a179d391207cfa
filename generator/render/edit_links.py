"""Where "edit this page" leads on generated pages: to the file they are generated from.

The link is written into each generated page's front matter (`edit_url`), where the theme
override `overrides/partials/actions.html` reads it, so every builder shows the same link
without running a plugin; a generated page with no single source gets an empty one (no button).

A generated page (say `docs/case-studies/url-shortener.md`) is not in the repository, so the
theme's default edit link would be a dead end; the useful target is its source
(`case_studies/url-shortener.yaml`). mkdocs builds edit links as `repo_url` + `edit_uri` + the
page's path below `docs_dir`; the source's path relative to `docs_dir` (`../case_studies/…`)
slots into the same scheme, and URL resolution removes the `..`.
"""

from __future__ import annotations

import json
import os
import posixpath
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

from generator.load import SiteSettings
from generator.render.pages import Page


def edit_url(
    source: str,
    *,
    root: Path,
    docs_dir: Path,
    repo_url: str | None,
    edit_uri: str | None,
    edit_uri_template: str | None = None,
) -> str | None:
    """The edit link of `source` (relative to `root`), built the way mkdocs builds its own."""
    if not edit_uri and not edit_uri_template:
        return None
    path = Path(os.path.relpath(root / source, docs_dir)).as_posix()
    if edit_uri_template:
        relative = edit_uri_template.format(path=path, path_noext=posixpath.splitext(path)[0])
    else:
        assert edit_uri is not None
        relative = edit_uri if edit_uri.endswith("/") else edit_uri + "/"
        relative += path
    base = repo_url if not repo_url or repo_url.endswith("/") else repo_url + "/"
    return urljoin(base or "", relative)


def with_edit_link(page: Page, settings: SiteSettings, *, root: Path, docs_dir: Path) -> Page:
    """`page` with `edit_url` added to its front matter (all generated pages have one)."""
    url = page.source and edit_url(
        page.source,
        root=root,
        docs_dir=docs_dir,
        repo_url=settings.repo_url,
        edit_uri=settings.edit_uri,
        edit_uri_template=settings.edit_uri_template,
    )
    line = f"edit_url: {json.dumps(url or '')}\n"
    end = page.text.find("\n---\n", 3) if page.text.startswith("---\n") else -1
    if end < 0:
        return page
    # The last key of the front matter, so that the title stays first.
    return replace(page, text=f"{page.text[: end + 1]}{line}{page.text[end + 1 :]}")
