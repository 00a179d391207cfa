"""The plugin in `mkdocs serve`: it keeps a build cache from one rebuild to the next, and the
server watches the sources and hand-written pages, never the generated folders (whose pages
change at every rebuild, which would make each edit build twice)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from generator.site.plugin import CasebookPlugin
from tests.conftest import copy_project


def served_config(root: Path, command: str = "serve") -> MkDocsConfig:
    """The configuration as `mkdocs serve` loads it for each build, the plugin's events run."""
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)  # type: ignore[arg-type]
    plugin(config).on_config(config)
    return config


def plugin(config: MkDocsConfig) -> CasebookPlugin:
    found = config.plugins["casebook"]
    assert isinstance(found, CasebookPlugin)
    return found


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[Path, LiveReloadServer]]:
    (tmp_path / "project").mkdir()
    root = copy_project(tmp_path / "project").resolve()
    config = served_config(root)
    server = LiveReloadServer(
        builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path), polling_interval=0.1
    )
    server.watch(config.docs_dir)  # what mkdocs serve watches before the plugins' `on_serve`
    server.watch(config.config_file_path)
    served = config.plugins.on_serve(server, config=config, builder=lambda: None)
    served.observer.start()
    yield root, served
    served.observer.stop()
    served.observer.join()
    plugin(config).on_startup(command="build", dirty=False)  # mkdocs keeps it in the process


def wants_rebuild(server: LiveReloadServer, change: Path, *, wait: float = 3.0) -> bool:
    """Whether touching `change` makes the server want a rebuild (polled up to `wait` s)."""
    time.sleep(0.3)  # the observer's first poll has seen the files as they are
    server._want_rebuild = False
    change.parent.mkdir(parents=True, exist_ok=True)
    change.write_text(change.read_text(encoding="utf-8") + "\n" if change.exists() else "x\n")
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if server._want_rebuild:
            return True
        time.sleep(0.05)
    return False


def test_serve_watches_the_sources_and_the_hand_written_pages(
    server: tuple[Path, LiveReloadServer],
) -> None:
    root, served = server
    assert sorted(served._watched_paths) == sorted(
        str(root / p)
        for p in (
            "docs",
            "docs/assets",
            "docs/contributing",
            "mkdocs.yml",
            "case_studies",
            "templates",
        )
    )
    assert wants_rebuild(served, root / "case_studies/pastebin.yaml")
    assert wants_rebuild(served, root / "templates/case_study.md.j2")
    assert wants_rebuild(served, root / "docs/index.md")
    assert wants_rebuild(served, root / "docs/contributing/new-page.md")


@pytest.mark.parametrize(
    "generated", ["case-studies/pastebin.md", "concepts/cache.md", "checklists/new.md"]
)
def test_the_generators_writes_make_no_rebuild(
    server: tuple[Path, LiveReloadServer], generated: str
) -> None:
    root, served = server
    assert not wants_rebuild(served, root / "docs" / generated, wait=1.0)


def test_serve_keeps_the_cache_across_rebuilds_and_build_keeps_none(tmp_path: Path) -> None:
    root = copy_project(tmp_path).resolve()
    first = plugin(served_config(root))
    assert first.cache is not None
    cache = first.cache[1]
    file = root / "case_studies/pastebin.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("summary: ", "summary: Edited. ", 1))
    # Each rebuild loads the configuration again; mkdocs hands it the same plugin.
    config = load_config(str(root / "mkdocs.yml"))
    again = plugin(config)
    again.on_config(config)
    assert again.cache is not None and again.cache[1] is cache
    assert cache.files.misses == ["case_studies/pastebin.yaml"]
    assert "Edited. " in (root / "docs/case-studies/pastebin.md").read_text(encoding="utf-8")
    assert plugin(served_config(root, command="build")).cache is None
