"""Headless Chromium through Playwright: the system's own browser, never a download, no network.

The PDF and the diagrams are made by the browser the site's tests already use (Debian's
`/usr/bin/chromium`). `CASEBOOK_CHROMIUM` points at another build. Every request a page makes
is refused: the documents carry everything they show.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator.problems.problem import CasebookError

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

DEFAULT_CHROMIUM = "/usr/bin/chromium"
_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",  # the same glyph positions on every run
]


def chromium_path() -> Path:
    path = Path(os.environ.get("CASEBOOK_CHROMIUM") or DEFAULT_CHROMIUM)
    if not path.is_file():
        raise CasebookError(
            f"Chromium not found at {path}: install it (`sudo scripts/browser-deps.sh`, or "
            "`apt-get install chromium`) or set CASEBOOK_CHROMIUM to its path"
        )
    return path


@contextlib.contextmanager
def browser() -> Iterator[Browser]:
    path = chromium_path()
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise CasebookError("the Python package playwright is missing: run `make setup`") from None
    try:
        manager = sync_playwright().start()
    except Error as exc:
        raise CasebookError(f"Playwright did not start: {_first_line(exc)}") from None
    try:
        try:
            instance = manager.chromium.launch(executable_path=str(path), args=_ARGS)
        except Error as exc:
            raise CasebookError(f"Chromium at {path} did not start: {_first_line(exc)}") from None
        try:
            yield instance
        finally:
            instance.close()
    finally:
        manager.stop()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else "unknown error"


def offline_page(instance: Browser) -> Page:
    """A page that refuses every request: what it shows must be in its own content."""
    page = instance.new_page()
    page.route("**/*", lambda route: route.abort())
    return page
