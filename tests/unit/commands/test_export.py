"""`casebook export`: the enriched catalogue as deterministic JSON."""

from __future__ import annotations

import json
import math
import shutil
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import Markup

from generator.cli import main
from generator.format.jsonable import jsonable
from generator.format.models import Flow
from tests.conftest import FIXTURES, ROOT


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURES / "project" / "case_studies", tmp_path / "case_studies")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_export_prints_the_catalogue(project: Path) -> None:
    result = CliRunner().invoke(main, ["export"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert (document["format"], document["version"]) == ("system-design-casebook", 1)
    site = document["site"]
    assert site["order"] == ["tiny-shortener", "tiny-paste"]
    assert sorted(site["cases"]) == ["tiny-paste", "tiny-shortener"]
    case = site["cases"]["tiny-shortener"]
    assert case["source_path"] == "case_studies/tiny-shortener.yaml"
    assert case["model"]["title"] == "Design a tiny URL shortener"
    assert case["model"]["difficulty"] == "easy"
    assert case["model"]["high_level_design"]["flows"][0] == {
        "from": "client",
        "to": "api",
        "label": "GET /{key}",
    }
    assert case["model"]["estimation"]["assumptions"][0]["value"] == 100e6


def test_export_is_deterministic_with_sorted_keys(project: Path) -> None:
    first = CliRunner().invoke(main, ["export"]).stdout
    second = CliRunner().invoke(main, ["export"]).stdout
    assert first == second
    assert (
        first == json.dumps(json.loads(first), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )


def test_export_to_a_file(project: Path) -> None:
    stdout = CliRunner().invoke(main, ["export"]).stdout
    result = CliRunner().invoke(main, ["export", "-o", "out/catalogue.json"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "wrote out/catalogue.json\n"
    assert (project / "out" / "catalogue.json").read_text() == stdout


def test_nothing_is_exported_when_a_case_study_has_an_error(project: Path) -> None:
    paste = project / "case_studies" / "tiny-paste.yaml"
    paste.write_text(paste.read_text().replace("difficulty: medium", "dificulty: medium"))
    result = CliRunner().invoke(main, ["export", "-o", "catalogue.json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        "case_studies/tiny-paste.yaml:4:1: CS101 unknown field 'dificulty' "
        "(did you mean 'difficulty'?)"
    )
    assert not (project / "catalogue.json").exists()


class Colour(StrEnum):
    RED = "red"


class Quantity:
    """Shaped like a pint quantity: a magnitude and units."""

    def __init__(self, magnitude: float, units: str) -> None:
        self.magnitude, self.units = magnitude, units


@dataclass(frozen=True)
class Holder:
    markup: Markup
    colour: Colour
    tags: frozenset[str]
    ratio: float
    quantity: Quantity


def test_jsonable_walks_any_value_the_pipeline_produces() -> None:
    flow = Flow.model_validate({"from": "a", "to": "b", "label": "x"})
    assert jsonable(flow) == {"from": "a", "to": "b", "label": "x"}
    holder = Holder(Markup("<b>"), Colour.RED, frozenset({"b", "a"}), math.nan, Quantity(2.5, "TB"))
    assert jsonable(holder) == {
        "markup": "<b>",
        "colour": "red",
        "tags": ["a", "b"],
        "ratio": "nan",
        "quantity": {"magnitude": 2.5, "unit": "TB"},
    }
    assert jsonable({1: (True, None)}) == {"1": [True, None]}
