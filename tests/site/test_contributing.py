"""The contributor's path stays documented and wired up: commands, checklist, workflows, hooks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.write.writer import OWNED_FOLDERS

from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "contributing" / "index.md"
WORKFLOWS = ROOT / ".github" / "workflows"


def documentation() -> str:
    pages = sorted((ROOT / "docs" / "contributing").glob("*.md"))
    return "\n".join(p.read_text() for p in [*pages, ROOT / "README.md"])


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented(command: str) -> None:
    assert f"casebook {command}" in documentation(), (
        f"document `casebook {command}` in docs/contributing/index.md (The `casebook` command)"
    )


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(command: str) -> None:
    help_text = main.commands[command].help or ""
    assert "Example" in help_text and f"casebook {command}" in help_text


def test_the_guides_sample_output_is_what_validate_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guide shows a half-filled scaffold with a typo; the same steps give the same lines."""
    (tmp_path / "case_studies").mkdir()
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    new = ["new", "online-judge", "--title", "Design an online code judge"]
    assert runner.invoke(main, new).exit_code == 0
    path = tmp_path / "case_studies" / "online-judge.yaml"
    summary = 'summary: "TODO: one sentence saying what the system does and what makes it hard."'
    text = (
        path.read_text().replace(summary, "KEEP").replace("TODO: ", "").replace("todo", "judging")
    )
    path.write_text(text.replace("KEEP", summary).replace("method: POST", "method: FETCH"))
    result = runner.invoke(main, ["validate", "case_studies/online-judge.yaml"])
    guide = GUIDE.read_text()
    shown = guide[guide.index("```text\n", guide.index("### 5. Validate")) + 8 :]
    shown = shown[: shown.index("```")]
    assert result.stdout + result.stderr == shown


def checklist(markdown: str) -> list[str]:
    """The `- [ ]` items, as plain text: links reduced to their text, lines joined."""
    items = re.findall(r"^- \[ \] (.+?)(?=^- \[ \] |^\s*$|\Z)", markdown, flags=re.M | re.S)
    return [" ".join(re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", item).split()) for item in items]


def test_pull_request_template_carries_the_review_checklist_of_the_guide() -> None:
    guide = GUIDE.read_text()
    section = guide[guide.index("## Review checklist") : guide.index("## Fixing a mistake")]
    template = (ROOT / ".github" / "pull_request_template.md").read_text()
    assert len(checklist(section)) == 10
    assert checklist(template) == checklist(section)


def workflow(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((WORKFLOWS / name).read_text())
    return data


def runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_ci_runs_the_checks_the_guide_lists() -> None:
    ci = workflow("ci.yml")
    assert set(ci[True]) == {"pull_request", "push"}  # YAML 1.1 reads the key `on` as true
    jobs = ci["jobs"]
    assert runs(jobs["case-studies"]) == [
        "make setup",
        ".venv/bin/casebook validate --format github --strict",
        ".venv/bin/casebook schema --check",
    ]
    assert runs(jobs["tests"]) == ["make test"]
    assert runs(jobs["site"]) == [
        "make setup",
        ".venv/bin/mkdocs build --strict",
        ".venv/bin/python -m generator.site.linkcheck site",
    ]
    for job in jobs.values():
        assert uses(job)[:2] == ["actions/checkout", "actions/setup-python"]
    guide = GUIDE.read_text()
    for command in (
        "casebook validate --format github --strict",
        "casebook schema --check",
        "make test",
        "mkdocs build --strict",
    ):
        assert command in guide


def test_pages_workflow_builds_uploads_and_deploys() -> None:
    pages = workflow("pages.yml")
    assert pages[True]["push"] == {"branches": ["main"]}
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert uses(build) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    assert runs(build) == [
        "make site",
        ".venv/bin/python -m generator.site.linkcheck site",
        "make export DIST=site/downloads",  # the downloads the home page links to
    ]
    assert build["steps"][-1]["with"] == {"path": "site"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy) == ["actions/deploy-pages"]


def test_issue_templates_are_forms_with_required_fields() -> None:
    names = sorted(p.name for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    assert names == ["config.yml", "propose-case-study.yml", "report-content-error.yml"]
    for name in names[1:]:
        form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / name).read_text())
        assert form["name"] and form["description"]
        fields = [item for item in form["body"] if item["type"] != "markdown"]
        assert fields and all(item["id"] for item in fields)
        assert any(item.get("validations", {}).get("required") for item in fields)
    guide = GUIDE.read_text()
    assert "**Propose a case study**" in guide and "**Report a content error**" in guide


def test_pre_commit_validates_changed_case_studies_and_runs_ruff() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    validate = hooks["casebook-validate"]
    assert validate["entry"] == ".venv/bin/casebook validate --strict"
    assert validate.get("pass_filenames", True) is True
    files = re.compile(validate["files"])
    assert files.search("case_studies/url-shortener.yaml")
    assert files.search("case_studies/concepts/cache.yaml")
    assert not files.search("docs/index.md") and not files.search("case_studies/README.md")
    assert hooks["ruff"]["entry"] == ".venv/bin/ruff check"
    assert hooks["ruff-format"]["entry"] == ".venv/bin/ruff format --check"


def test_root_files_point_to_the_guide() -> None:
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    for target in re.findall(r"\]\(([^)#]+)\)", contributing):
        if not target.startswith("http"):
            assert (ROOT / target).is_file(), target
    assert "docs/contributing/index.md" in contributing
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert "\n## [0.1.0] - Unreleased\n" in changelog
    assert "Keep a Changelog" in changelog


def test_guide_links_resolve() -> None:
    docs = ROOT / "docs"
    for page in (GUIDE, docs / "contributing" / "style.md"):
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text()):
            if target.startswith(("http://", "https://")):
                continue
            path = (page.parent / target).resolve()
            if path.relative_to(docs).parts[0] in OWNED_FOLDERS:
                continue  # generated at build time; `mkdocs build --strict` checks those links
            assert path.is_file(), f"{page.name}: {target}"
