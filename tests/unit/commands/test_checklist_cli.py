"""`casebook checklist`: exact output in each format, filters, and usage errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from tests.conftest import FIXTURES


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURES / "checklists" / "case_studies", tmp_path / "case_studies")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["checklist", *args])


def test_text_lists_matching_items_with_where_they_come_from(project: Path) -> None:
    result = run("fails", "link")
    assert result.exit_code == 0
    assert result.stdout == (
        "Step 7. Bottlenecks\n"
        "\n"
        "  [ ] What happens during an outage of Link store? Is there a single point of failure?\n"
        "      alpha-links/derived/fails-link-store · derived from Design Alpha links · "
        "availability, durability\n"
        "  [ ] What happens during an outage of Hot-link cache? Is there a single point of failure?\n"
        "      alpha-links/derived/fails-hot-cache · derived from Design Alpha links · "
        "availability, caching\n"
    )
    assert result.stderr == "2 items\n"


def test_text_groups_items_by_step(project: Path) -> None:
    result = run("--tag", "api")
    assert result.stdout == (
        "Step 3. System interface\n"
        "\n"
        "  [ ] Which operations are safe to retry?\n"
        "      method/interface/safe-retries · the method · api\n"
        "  [ ] How does a client avoid a double notification on retry?\n"
        "      beta-queue/dedupe · Design Beta notifications · api, idempotency\n"
    )
    result = run("replicas")
    assert result.stdout == (
        "Step 7. Bottlenecks\n"
        "\n"
        "  [ ] Do we have enough replicas?\n"
        "      method/bottlenecks/replicas · the method · availability, replication\n"
    )
    assert result.stderr == "1 item\n"


def test_single_point_of_failure_across_every_case_study(project: Path) -> None:
    result = run("single", "point", "of", "failure", "--format", "markdown")
    assert result.stdout == (
        "### Step 7. Bottlenecks\n"
        "\n"
        "- [ ] Is there any single point of failure? — the method (`method/bottlenecks/spof`)\n"
        "- [ ] What happens during an outage of Outbox queue? Is there a single point of failure? — derived "
        "from Design Beta notifications (`beta-queue/derived/fails-outbox`)\n"
        "- [ ] What happens during an outage of Link store? Is there a single point of failure? — derived "
        "from Design Alpha links (`alpha-links/derived/fails-link-store`)\n"
        "- [ ] What happens during an outage of Hot-link cache? Is there a single point of failure? — derived "
        "from Design Alpha links (`alpha-links/derived/fails-hot-cache`)\n"
    )


def test_markdown_is_a_task_list_to_paste_into_a_pull_request(project: Path) -> None:
    result = run("--case", "alpha-links", "--step", "7", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout == (
        "### Step 7. Bottlenecks\n"
        "\n"
        "- [ ] Is there any single point of failure? — the method "
        "(`alpha-links/method/bottlenecks/spof`)\n"
        "- [ ] Do we have enough replicas? — the method "
        "(`alpha-links/method/bottlenecks/replicas`)\n"
        "- [ ] What happens when a popular link expires from the cache? — Design Alpha links "
        "(`alpha-links/cache-stampede`)\n"
        "- [ ] What happens during an outage of Link store? Is there a single point of failure? — derived "
        "from Design Alpha links "
        "(`alpha-links/derived/fails-link-store`)\n"
        "- [ ] What happens during an outage of Hot-link cache? Is there a single point of failure? — derived "
        "from Design Alpha links "
        "(`alpha-links/derived/fails-hot-cache`)\n"
    )
    assert result.stderr == "5 items\n"


def test_markdown_separates_steps_with_a_blank_line(project: Path) -> None:
    result = run("--case", "beta-queue", "--tag", "capacity", "--format", "markdown")
    assert result.stdout == (
        "### Step 2. Back-of-the-envelope estimation\n"
        "\n"
        "- [ ] What are the average and the peak request rates? — the method "
        "(`beta-queue/method/estimation/peak-rates`)\n"
        "- [ ] How much storage will we need? — the method "
        "(`beta-queue/method/estimation/storage-total`)\n"
        "- [ ] `send_rate` is an average rate: what is its peak, and is the design sized for it? "
        "— derived from Design Beta notifications (`beta-queue/derived/peak-send-rate`)\n"
    )
    result = run("--case", "beta-queue", "retry", "--format", "markdown")
    assert result.stdout == (
        "### Step 3. System interface\n"
        "\n"
        "- [ ] Which operations are safe to retry? — the method "
        "(`beta-queue/method/interface/safe-retries`)\n"
        "- [ ] How does a client avoid a double notification on retry? — Design Beta "
        "notifications (`beta-queue/dedupe`)\n"
    )


def test_json_is_the_same_objects_as_the_site(project: Path) -> None:
    result = run("--tag", "idempotency", "--format", "json")
    assert result.exit_code == 0
    assert result.stdout == (
        "[\n"
        "  {\n"
        '    "id": "beta-queue/dedupe",\n'
        '    "text": "How does a client avoid a double notification on retry?",\n'
        '    "step": 3,\n'
        '    "step_slug": "interface",\n'
        '    "step_title": "System interface",\n'
        '    "origin": "case",\n'
        '    "derived": false,\n'
        '    "tags": [\n'
        '      "api",\n'
        '      "idempotency"\n'
        "    ],\n"
        '    "case": "beta-queue",\n'
        '    "case_title": "Design Beta notifications",\n'
        '    "url": "case-studies/beta-queue/#beta-queue/dedupe"\n'
        "  }\n"
        "]\n"
    )


def test_json_marks_derived_items(project: Path) -> None:
    result = run("outbox", "--format", "json")
    assert '"origin": "derived",\n    "derived": true,' in result.stdout
    assert '"id": "beta-queue/derived/fails-outbox"' in result.stdout


@pytest.mark.parametrize("step", ["2", "estimation", "ESTIMATION", "Estimation "])
def test_a_step_by_number_or_name(project: Path, step: str) -> None:
    result = run("--step", step, "--format", "markdown")
    assert result.stdout.splitlines()[0] == "### Step 2. Back-of-the-envelope estimation"
    assert result.stderr == "6 items\n"


def test_step_names_with_hyphens_or_underscores(project: Path) -> None:
    hyphen = run("--step", "high-level-design")
    assert hyphen.stdout == run("--step", "high_level_design").stdout == run("--step", "5").stdout
    assert hyphen.stdout.startswith("Step 5. High-level design\n")


def test_nothing_found_is_not_an_error(project: Path) -> None:
    result = run("zebra")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "0 items\n"
    assert run("zebra", "--format", "json").stdout == "[]\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--step", "8"],
            "Error: Invalid value for '--step': '8' is not a step: use 1 to 7 or a step's name, "
            "such as estimation or high-level-design",
        ),
        (
            ["--case", "alpha-link"],
            "Error: Invalid value for '--case': 'alpha-link' is not a case study "
            "(did you mean 'alpha-links'?)",
        ),
        (
            ["--tag", "availabilty"],
            "Error: Invalid value for '--tag': no item has the tag 'availabilty' "
            "(did you mean 'availability'?)",
        ),
        (
            ["--format", "html"],
            "Error: Invalid value for '--format': 'html' is not one of 'text', 'markdown', 'json'.",
        ),
        (["--colour"], "Error: No such option '--colour'."),
    ],
)
def test_usage_errors_exit_2(project: Path, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == message


def test_case_study_errors_exit_1_with_the_problems(project: Path) -> None:
    path = project / "case_studies" / "beta-queue.yaml"
    path.write_text(path.read_text().replace("difficulty: medium", "dificulty: medium"))
    result = run()
    assert result.exit_code == 1
    assert result.stdout == ""
    # Warnings aside: quality (CS6xx), and the fixture's two case studies in two categories.
    warnings = (" CS6", " CS502 ")
    errors = [line for line in result.stderr.splitlines() if not any(w in line for w in warnings)]
    assert errors == [
        "case_studies/beta-queue.yaml:4:1: CS101 unknown field 'dificulty' "
        "(did you mean 'difficulty'?)",
        "1 error, 19 warnings",
    ]


def test_help_documents_the_command_with_examples() -> None:
    result = CliRunner().invoke(main, ["checklist", "--help"])
    assert result.exit_code == 0
    assert "Usage: main checklist [OPTIONS] [QUERY]..." in result.stdout
    assert "--step N|NAME" in result.stdout
    assert "casebook checklist --case url-shortener --step 7 --format markdown" in result.stdout
    assert "checklist" in CliRunner().invoke(main, ["--help"]).stdout
