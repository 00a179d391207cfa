"""Where "edit this page" leads on generated pages: to the file they are generated from.

A generated page (say `docs/case-studies/url-shortener.md`) is not in the repository, so the
theme's default edit link would be a dead end; the useful target is its source
(`case_studies/url-shortener.yaml`). mkdocs builds edit links as `repo_url` + `edit_uri` + the
page's path below `docs_dir`; the source's path relative to `docs_dir` (`../case_studies/…`)
slots into the same scheme, and URL resolution removes the `..`.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urljoin



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


def edit_urls(
    sources: Mapping[str, str],
    *,
    root: Path,
    docs_dir: Path,
    repo_url: str | None,
    edit_uri: str | None,
    edit_uri_template: str | None = None,
) -> dict[str, str | None]:
    return {
        page: edit_url(
            source,
            root=root,
            docs_dir=docs_dir,
            repo_url=repo_url,
            edit_uri=edit_uri,
            edit_uri_template=edit_uri_template,
        )
        for page, source in sources.items()
    }
