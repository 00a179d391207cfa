from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from generator.pipeline import generate
from generator.project import Project
from generator.render.pages import UnescapedText, make_environment, unique_anchors
from tests.corpus.test_hostile import hostile_project


def test_plain_strings_cannot_reach_the_page(tmp_path: Path) -> None:
    (tmp_path / "t.md.j2").write_text("{{ value }}")
    env = make_environment(tmp_path)
    with pytest.raises(UnescapedText, match="use \\|text, \\|inline, \\|block or \\|code"):
        env.get_template("t.md.j2").render(value="<script>")


def test_escaped_strings_and_numbers_pass(tmp_path: Path) -> None:
    (tmp_path / "t.md.j2").write_text("{{ value | text }} {{ n }} {#anchor}")
    env = make_environment(tmp_path)
    assert env.get_template("t.md.j2").render(value="<b>", n=3) == "&lt;b&gt; 3 {#anchor}"


def test_undefined_names_fail(tmp_path: Path) -> None:
    (tmp_path / "t.md.j2").write_text("{{ missing | text }}")
    with pytest.raises(jinja2.UndefinedError):
        make_environment(tmp_path).get_template("t.md.j2").render()


def test_contributor_jinja_is_never_evaluated(tmp_path: Path) -> None:
    (tmp_path / "t.md.j2").write_text("{{ value | block }}")
    out = (
        make_environment(tmp_path)
        .get_template("t.md.j2")
        .render(value="{{ 7*7 }} {% include 'x' %}")
    )
    assert out == "&#123;&#123; 7*7 &#125;&#125; &#123;% include 'x' %&#125;"


def test_unique_anchors_are_stable_and_deduplicated() -> None:
    assert unique_anchors("op", ["Create URL", "Create url!", "???"]) == [
        Markup("op-create-url"),
        Markup("op-create-url-2"),
        Markup("op-item"),
    ]


def test_a_numbered_name_never_repeats_an_anchor() -> None:
    """`Create`, `create` and `Create 2` once gave two `op-create-2`."""
    assert unique_anchors("op", ["Create", "create", "Create 2", "create-2", "Create"]) == [
        Markup("op-create"),
        Markup("op-create-2"),
        Markup("op-create-2-2"),
        Markup("op-create-2-3"),
        Markup("op-create-3"),
    ]


def test_the_operation_anchors_fixture_gets_three_ids(tmp_path: Path) -> None:
    root = hostile_project(tmp_path, "operation-anchors.yaml")
    _, pages = generate(Project.at(root))
    page = next(p.text for p in pages if p.path == "case-studies/operation-anchors.md")
    anchors = [line.rsplit("{#", 1)[1].rstrip("}") for line in page.splitlines() if "{#op-" in line]
    assert anchors == ["op-create", "op-create-2", "op-create-2-2"]
