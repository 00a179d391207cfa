"""Shared fixtures: a copy of the project built into a site, served on localhost, and a browser.

Tests never write into the working tree: the project is copied to a temporary folder first.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/ from the current output (review the diff before committing).",
    )


def copy_project(dest: Path, case_studies: Path | None = None) -> Path:
    """A copy of the project's site sources under `dest`, optionally with other case studies."""
    for name in ("mkdocs.yml", "templates", "docs", "overrides"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(
                src,
                dest / name,
                ignore=shutil.ignore_patterns(
                    "case-studies", "concepts", "checklists", "reference"
                ),
            )
        else:
            shutil.copy2(src, dest / name)
    shutil.copytree(case_studies or ROOT / "case_studies", dest / "case_studies")
    return dest


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tiny fixture catalogue with the real templates, as the working directory."""
    shutil.copytree(FIXTURES / "project" / "case_studies", tmp_path / "case_studies")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# The site builders every site and browser test runs against, as `make site BUILDER=…` builds.
BUILDERS = ("mkdocs", "zensical")
_BUILD_COMMANDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "mkdocs": (("mkdocs", "build", "--strict"),),
    "zensical": (
        ("generator", "build", "--strict"),
        ("zensical", "build", "--strict", "--clean", "-f", "casebook-site.yml"),
    ),
}


def run_builder(project: Path, builder: str = "mkdocs") -> subprocess.CompletedProcess[str]:
    """The site of `project` built as `make site BUILDER=builder` does, search entries added."""
    steps = [*_BUILD_COMMANDS[builder], ("generator", "finish", "site")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    out, err = "", ""
    for step in steps:
        result = subprocess.run(
            [sys.executable, "-m", *step], cwd=project, capture_output=True, text=True, env=env
        )
        out, err = out + result.stdout, err + result.stderr
        if result.returncode != 0:
            break
    return subprocess.CompletedProcess(steps, result.returncode, out, err)


def run_mkdocs(project: Path) -> subprocess.CompletedProcess[str]:
    return run_builder(project, "mkdocs")


@dataclass(frozen=True)
class BuiltSite:
    project: Path
    site: Path
    log: str
    builder: str = "mkdocs"


@pytest.fixture(scope="session", params=BUILDERS)
def built_site(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> BuiltSite:
    """The bundled case studies built strict by each builder, once per test session."""
    builder = str(request.param)
    project = copy_project(tmp_path_factory.mktemp(f"project-{builder}"))
    result = run_builder(project, builder)
    assert result.returncode == 0, result.stderr + result.stdout
    return BuiltSite(project, project / "site", result.stderr, builder)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder as a static host does, below `prefix` (the path of the site's URL)."""

    prefix = "/"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> object:
        if not self.path.startswith(self.prefix):
            self.send_error(404)
            return None
        self.path = "/" + self.path[len(self.prefix) :]
        return super().send_head()


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a page closed mid-transfer
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def serve(directory: Path, prefix: str = "/") -> tuple[str, _QuietServer]:
    """`directory` served on a free loopback port below `prefix`; the URL has no final slash."""
    handler = type("Handler", (_QuietHandler,), {"prefix": prefix})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}{prefix.rstrip('/')}", server


def site_path(project: Path) -> str:
    """The path part of the project's `site_url`, where a host serves the site (`/casebook/`)."""
    # Read as text: mkdocs.yml holds Python tags (the Mermaid fence) that no safe loader reads.
    found = re.search(r"(?m)^site_url:\s*(\S+)", (project / "mkdocs.yml").read_text("utf-8"))
    path = urlsplit(found.group(1) if found else "/").path
    return path if path.endswith("/") else path + "/"


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    """The built site served over HTTP on a free loopback port, at its site_url's path: the
    404 page links its assets from there, as on the real host."""
    url, server = serve(built_site.site, site_path(built_site.project))
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/browser-deps.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    """A fresh browser context and page; records every request and console error."""
    context = browser.new_context()  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    context.close()
