"""The caches of a long-lived run: after any edit, an incremental build writes exactly what a
fresh build would, only the edited file is loaded and validated again, and only the pages that
show what changed are rendered again."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.markup.paths import OWNED_FOLDERS
from generator.pipeline import build_site, generate, validated
from generator.problems.problem import ProblemsFound
from generator.project import Project
from generator.write.cache import BuildCache, FileCache, IdentityMemo, PageMemo
from tests.conftest import copy_project

Edit = Callable[[Project], None]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, BuildCache]:
    """A copy of the project and the cache of its first build, shared by the edits below."""
    project = Project.at(copy_project(tmp_path_factory.mktemp("cache")))
    cache = BuildCache()
    build_site(project, cache=cache)
    return project, cache


def generated(docs: Path) -> dict[str, str]:
    return {
        p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
        for folder in OWNED_FOLDERS
        for p in sorted((docs / folder).rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def fresh(project: Project) -> dict[str, str]:
    """The pages a build without any cache makes of the project as it is now."""
    _, pages = generate(project)
    return {p.path: p.text for p in pages if not p.path.rsplit("/", 1)[-1].startswith(".")}


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def case(project: Project, case_id: str) -> Path:
    return project.case_studies / f"{case_id}.yaml"


def edit_summary(project: Project) -> None:
    replace_in(case(project, "pastebin"), "summary: ", "summary: Edited. ")


def edit_title(project: Project) -> None:
    replace_in(case(project, "url-shortener"), "title: Design", "title: Build")


def edit_concepts(project: Project) -> None:
    replace_in(
        case(project, "web-crawler"),
        "concepts: [wide-column-store, sharding, replication]",
        "concepts: [wide-column-store, cache]",
    )


def edit_related(project: Project) -> None:
    replace_in(
        case(project, "web-crawler"),
        "related: [full-text-search, rate-limiter, key-value-store, typeahead]",
        "related: [full-text-search]",
    )


def edit_concept_file(project: Project) -> None:
    replace_in(project.concepts / "cache.yaml", "title: Cache and", "title: Caches and")


def edit_template(project: Project) -> None:
    replace_in(project.templates / "case_study.md.j2", "## Related case studies", "## See also")


def delete_case(project: Project) -> None:
    # Remove it from every `related` list first, so the catalogue stays valid.
    for other in project.case_studies.glob("*.yaml"):
        text = other.read_text(encoding="utf-8")
        cleaned = re.sub(r"(related: \[[^\]]*)\bticket-booking\b,? ?", r"\1", text)
        other.write_text(cleaned.replace(", ]", "]"), encoding="utf-8")
    case(project, "ticket-booking").unlink()


def rename_case(project: Project) -> None:
    for other in project.case_studies.glob("*.yaml"):
        text = other.read_text(encoding="utf-8")
        other.write_text(re.sub(r"\bride-hailing\b", "ride-sharing", text), encoding="utf-8")
    case(project, "ride-hailing").rename(case(project, "ride-sharing"))


def add_case(project: Project) -> None:
    text = case(project, "pastebin").read_text(encoding="utf-8")
    case(project, "pastebin-copy").write_text(
        text.replace("id: pastebin", "id: pastebin-copy", 1), encoding="utf-8"
    )


EDITS: list[Edit] = [
    edit_summary,
    edit_title,
    edit_concepts,
    edit_related,
    edit_concept_file,
    edit_template,
    delete_case,
    rename_case,
    add_case,
]


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_an_incremental_build_writes_what_a_fresh_build_makes(
    built: tuple[Project, BuildCache], edit: Edit
) -> None:
    project, cache = built  # the edits pile up, each on the output of the one before
    edit(project)
    build_site(project, cache=cache)
    assert generated(project.docs) == fresh(project)


def test_only_the_edited_file_is_loaded_and_validated_again(tmp_path: Path) -> None:
    project = Project.at(copy_project(tmp_path))
    cache = BuildCache()
    build_site(project, cache=cache)
    assert len(cache.files.misses) == len(list(project.case_studies.rglob("*.yaml"))) - 2
    edit_summary(project)
    report = build_site(project, cache=cache).report
    assert cache.files.misses == ["case_studies/pastebin.yaml"]
    assert "case-studies/pastebin.md" in report.written
    build_site(project, cache=cache)  # nothing changed: the stamp answers, nothing is loaded
    assert cache.files.misses == ["case_studies/pastebin.yaml"]


def test_an_entry_that_does_not_match_the_bytes_is_computed_again(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_text("a: 1\n")
    cache = FileCache()
    assert cache.get("a", file, lambda: "first") == "first"
    assert cache.get("a", file, lambda: "second") == "first"
    digest, _ = cache.entries["a"]
    cache.entries["a"] = ("0" * len(digest), "corrupted")  # a digest of other bytes
    assert cache.get("a", file, lambda: "third") == "third"
    file.write_text("a: 2\n")  # edited: the entry kept for the old bytes is not used
    assert cache.get("a", file, lambda: "fourth") == "fourth"
    assert cache.misses == ["a", "a", "a"]


def test_a_file_changed_while_it_is_loaded_is_not_kept(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_text("a: 1\n")
    cache = FileCache()

    def load_while_edited() -> str:
        file.write_text("a: 2\n")
        return "loaded from a: 1"

    cache.get("a", file, load_while_edited)
    assert cache.entries == {}
    assert cache.get("a", file, lambda: "loaded from a: 2") == "loaded from a: 2"


def test_links_and_oversized_files_are_never_cached(tmp_path: Path) -> None:
    target = tmp_path / "target.yaml"
    target.write_text("a: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 1_000_001)
    cache = FileCache()
    for path in (link, big, tmp_path / "missing.yaml"):
        cache.get(path.name, path, lambda: "computed")
    assert cache.entries == {}
    assert cache.misses == ["link.yaml", "big.yaml", "missing.yaml"]


def test_keep_forgets_deleted_and_renamed_files(tmp_path: Path) -> None:
    cache = FileCache()
    for name in ("a", "b"):
        (tmp_path / name).write_text(name)
        cache.get(name, tmp_path / name, lambda: 1)
    cache.keep(["b"])
    assert set(cache.entries) == {"b"}


def test_identity_memo_is_keyed_by_the_object_not_its_value() -> None:
    memo: IdentityMemo[list[int], int] = IdentityMemo()
    first, equal = [1], [1]
    assert memo.get(first, len) == 1
    assert memo.get(first, lambda _: 99) == 1
    assert memo.get(equal, lambda _: 2) == 2
    memo.keep([equal])
    assert [key for key, _ in memo.entries.values()] == [equal]


def test_page_memo_renders_again_when_the_context_or_template_change() -> None:
    memo = PageMemo()
    drawn: list[str] = []

    def draw(text: str) -> Callable[[], str]:
        return lambda: drawn.append(text) or text

    assert memo.text("p.md", "t", {"x": 1}, draw("one")) == "one"
    assert memo.text("p.md", "t", {"x": 1}, draw("two")) == "one"
    assert memo.text("p.md", "t", {"x": 2}, draw("three")) == "three"
    assert memo.text("p.md", "other", {"x": 2}, draw("four")) == "four"
    assert drawn == ["one", "three", "four"]
    assert memo.rendered == ["p.md", "p.md", "p.md"]
    memo.start()
    assert memo.text("p.md", "other", {"x": 2}, draw("five")) == "four"
    assert memo.rendered == []


def test_a_copy_of_the_project_builds_the_same_with_and_without_cache(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    project = Project.at(copy_project(tmp_path / "a"))
    build_site(project, cache=BuildCache())
    other = Project.at(tmp_path / "b")
    shutil.copytree(project.root, other.root, ignore=shutil.ignore_patterns("docs"))
    shutil.copytree(project.docs, other.docs, ignore=shutil.ignore_patterns(*OWNED_FOLDERS))
    build_site(other)
    assert generated(project.docs) == generated(other.docs)


def test_a_summary_edit_renders_only_the_pages_that_show_the_case_study(tmp_path: Path) -> None:
    project = Project.at(copy_project(tmp_path))
    cache = BuildCache()
    build_site(project, cache=cache)
    edit_summary(project)
    report = build_site(project, cache=cache).report
    site, _ = generate(project)
    i = site.order.index("pastebin")
    beside = {site.order[j] for j in (i - 1, i + 1) if 0 <= j < len(site.order)}
    listing = {
        cid for cid, rel in site.links.related.items() if "pastebin" in {r.case_id for r in rel}
    }
    showing = {f"case-studies/{cid}.md" for cid in {"pastebin", *beside, *listing}}
    # The catalogue and the comparison list every case study; concept and checklist pages show
    # only titles, which did not change.
    assert set(cache.pages.rendered) == {
        *showing,
        "case-studies/index.md",
        "case-studies/comparison.md",
    }
    assert "case-studies/pastebin.md" in report.written
    assert set(report.written) - set(cache.pages.rendered) == {"case-studies/.casebook-stamp.json"}


def test_the_link_graph_and_checklist_pages_are_kept_while_what_they_show_is_unchanged(
    tmp_path: Path,
) -> None:
    project = Project.at(copy_project(tmp_path))
    cache = BuildCache()
    build_site(project, cache=cache)
    graph, checklists = cache.keyed.entries["links"][1], cache.pages.groups.entries["checklists"][1]
    edit_summary(project)
    build_site(project, cache=cache)
    assert cache.keyed.entries["links"][1] is graph
    assert cache.pages.groups.entries["checklists"][1] is checklists
    edit_related(project)  # the graph's input, and so the related lists
    build_site(project, cache=cache)
    assert cache.keyed.entries["links"][1] is not graph
    assert cache.pages.groups.entries["checklists"][1] is checklists
    edit_title(project)  # the checklist pages name each case study
    build_site(project, cache=cache)
    assert cache.pages.groups.entries["checklists"][1] is not checklists


def test_a_template_edit_renders_every_page_again(tmp_path: Path) -> None:
    project = Project.at(copy_project(tmp_path))
    cache = BuildCache()
    build_site(project, cache=cache)
    first = len(cache.pages.rendered)
    edit_template(project)
    build_site(project, cache=cache)
    assert cache.files.misses == []  # the sources are the same: nothing is loaded again
    assert len(cache.pages.rendered) == first
    assert generated(project.docs) == fresh(project)


def test_a_change_to_the_site_settings_checks_every_file_again(tmp_path: Path) -> None:
    project = Project.at(copy_project(tmp_path))
    cache = BuildCache()
    build_site(project, cache=cache)
    everything = len(cache.files.misses)
    # The prose checks convert with the site's Markdown extensions, read from mkdocs.yml.
    with project.mkdocs_config.open("a", encoding="utf-8") as config:
        config.write("\n# edited\n")
    build_site(project, cache=cache)
    assert len(cache.files.misses) == everything


def test_a_build_that_fails_keeps_the_cache_and_reports_what_a_fresh_build_does(
    tmp_path: Path,
) -> None:
    project = Project.at(copy_project(tmp_path))
    cache = BuildCache()
    build_site(project, cache=cache)
    before = generated(project.docs)
    file = case(project, "web-crawler")
    good = file.read_text(encoding="utf-8")
    replace_in(file, "related: [full-text-search,", "related: [full-text-serch,")
    with pytest.raises(ProblemsFound) as cached:
        build_site(project, cache=cache)
    with pytest.raises(ProblemsFound) as uncached:
        validated(project)
    assert [p.format() for p in cached.value.problems] == [
        p.format() for p in uncached.value.problems
    ]
    assert any("CS108 related 'full-text-serch'" in p.format() for p in cached.value.problems)
    assert generated(project.docs) == before  # the failed build wrote nothing
    file.write_text(good, encoding="utf-8")
    build_site(project, cache=cache)
    assert cache.files.misses == ["case_studies/web-crawler.yaml"]
    assert generated(project.docs) == before == fresh(project)
