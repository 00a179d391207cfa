"""Fuzzing the pipeline: whatever a contributor commits, the generator answers with its own coded
problems or with pages, never with an exception.

Documents shaped like case studies (valid ones with keys deleted, values of the wrong type,
random or hostile text in any field, random formulas and units), random YAML-like text and
random bytes go through the whole pipeline of `generator.pipeline.generate` (load, validate,
estimates, concepts, checklists, enrich, render). Only the format reference pages, which do not
depend on the input, are left out, and one template environment is reused, to keep it fast.
"""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline as build
from generator.format.models import SLUG_RE
from generator.format.steps import STEPS
from generator.problems.problem import CODES, Problem, ProblemsFound
from generator.project import Project
from generator.render.pages import make_environment
from tests.conftest import ROOT
from tests.corpus.test_escape_properties import PIECES, elements, to_html, unsafe
from tests.corpus.test_hostile import HOSTILE

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _standalone(doc: Any) -> Any:
    """A bundled case study without links to other files, so that it validates on its own."""
    if isinstance(doc, dict):
        return {k: _standalone(v) for k, v in doc.items() if k not in ("related", "concepts")}
    if isinstance(doc, list):
        return [_standalone(v) for v in doc]
    return doc


SEEDS = [
    _standalone(yaml.safe_load((ROOT / "case_studies" / "url-shortener.yaml").read_text("utf-8"))),
    yaml.safe_load((HOSTILE / "xss-text.yaml").read_text(encoding="utf-8")),
    yaml.safe_load((HOSTILE / "bom.yaml").read_text(encoding="utf-8-sig")),
]
CONCEPTS = HOSTILE / "concepts"
METHOD = HOSTILE / "method"


@pytest.fixture(scope="module", autouse=True)
def fast_pipeline() -> Iterator[None]:
    env = make_environment(ROOT / "templates")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build, "make_environment", lambda templates: env)
        mp.setattr(build, "reference_pages", lambda env: [], raising=False)
        yield


def run(files: dict[str, bytes]) -> list[Problem]:
    """Generate from these case-study files; the problems found, or [] when pages came out."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "case_studies"
        folder.mkdir()
        for sub in ("concepts", "method"):
            (folder / sub).mkdir()
            for f in (HOSTILE / sub).iterdir():
                (folder / sub / f.name).write_bytes(f.read_bytes())
        for name, data in files.items():
            (folder / name).write_bytes(data)
        project = Project(root, folder, ROOT / "templates", root / "docs")
        try:
            _, pages = build.generate(project)
        except ProblemsFound as found:
            for p in found.problems:
                assert p.code in CODES, p
                assert p.line >= 1 and p.col >= 1, p
                assert p.path.startswith("case_studies/"), p
                assert "\n" not in p.format(), p
            return found.problems
        assert pages, "a clean run renders pages"
        assert all(isinstance(p.text, str) for p in pages)
        return []


# -- strategies -------------------------------------------------------------------------------

hostile_text = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
words = st.one_of(st.text(max_size=40), hostile_text, st.sampled_from(["", " ", "todo", "x"]))
FORMULA_TOKENS = [
    "new_urls", "write_rate", "read_rate", "url_size", "a", "(", ")", "+", "-", "*", "/", "^",
    " ", "0", "2", "1e308", "1e-320", "0.5", "day", "KB", "s", "url", "%", "sqrt(", "log2(",
    "max(", "min(", "ceil(", ",", "'", "__import__", "1 GB", "year",
]  # fmt: skip
UNIT_TOKENS = ["url", "/", "day", "s", "B", "KB", "GiB", "*", "^", "2", "-1", " ", "bps", "%",
               "furlong", "(", ")", "1", "x"]  # fmt: skip
formulas = st.lists(st.sampled_from(FORMULA_TOKENS), min_size=1, max_size=12).map("".join)
units = st.lists(st.sampled_from(UNIT_TOKENS), max_size=6).map("".join)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    words,
    formulas,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, (*path, i))


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def mutated_case_study(draw: st.DrawFn) -> dict[str, Any]:
    doc = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        path = draw(st.sampled_from(list(paths(doc))))
        target = _at(doc, path)
        leaf = path[-1] if path else None
        action = draw(st.sampled_from(["delete", "replace", "retext", "add"]))
        if action == "delete" and path:
            del _at(doc, path[:-1])[leaf]
        elif action == "replace" and path:
            _at(doc, path[:-1])[leaf] = draw(values)
        elif action == "retext" and path:
            # A plausible value of the same kind: text for text, formulas and units where due.
            kind = {"formula": formulas, "unit": units}.get(str(leaf), words)
            if isinstance(target, str | float | int):
                _at(doc, path[:-1])[leaf] = draw(kind)
        elif isinstance(target, dict):
            target[draw(st.text(max_size=12))] = draw(values)
        elif isinstance(target, list):
            target.append(draw(values))
    return doc


def file_stem(doc: Any) -> str:
    """The file name the document's id asks for, when it is a usable one."""
    wanted = doc.get("id") if isinstance(doc, dict) else None
    return wanted if isinstance(wanted, str) and SLUG_RE.fullmatch(wanted) else "x"


def dump(doc: Any) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


YAML_PIECES = [
    "id: ", "title: ", "x", ": ", "-", " ", "\n", "  ", "[", "]", "{", "}", ",", "&a ", "*a",
    "!!str ", "!x ", "'", '"', "#", "|", ">", "---", "...", "%YAML 1.1\n", "? ", "<<: ",
    "\t", "1e999", ".nan", "0x1F", "2001-01-01", "~", "\\", "\ufeff", "é", "\u2028",
]  # fmt: skip
yaml_like = st.one_of(
    st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join),
    st.text(max_size=200),
)


# -- properties -------------------------------------------------------------------------------


@FUZZ
@given(mutated_case_study())
def test_mutated_case_studies_give_coded_problems_or_pages(doc: dict[str, Any]) -> None:
    run({f"{file_stem(doc)}.yaml": dump(doc)})


@FUZZ
@given(st.lists(mutated_case_study(), min_size=2, max_size=3))
def test_catalogues_of_mutants_give_coded_problems_or_pages(docs: list[dict[str, Any]]) -> None:
    run(
        {
            f"{file_stem(doc)}{'' if i == 0 else f'-{i}'}.yaml": dump(doc)
            for i, doc in enumerate(docs)
        }
    )


@FUZZ
@given(yaml_like)
def test_random_yaml_gives_coded_problems(text: str) -> None:
    problems = run({"random.yaml": text.encode("utf-8", "surrogatepass")})
    assert problems, "random text is never a complete case study"


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_give_coded_problems(data: bytes) -> None:
    assert run({"bytes.yaml": data})


@FUZZ
@given(st.lists(st.tuples(formulas, units), min_size=1, max_size=4), st.lists(units, max_size=3))
def test_random_formulas_and_units_give_coded_problems_or_figures(
    figures: list[tuple[str, str]], assumption_units: list[str]
) -> None:
    doc = copy.deepcopy(SEEDS[2])
    est = doc["estimation"]
    for unit, assumption in zip(assumption_units, est["assumptions"], strict=False):
        assumption["unit"] = unit
    est["derived"] = [
        {"name": f"f{i}", "formula": formula, "unit": unit}
        for i, (formula, unit) in enumerate(figures)
    ]
    for problem in run({"bom.yaml": dump(doc)}):
        assert problem.code in CODES


@st.composite
def retexted_case_study(draw: st.DrawFn) -> dict[str, Any]:
    """A valid case study with random or hostile text in some of its free-text fields."""
    doc = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    texts = [p for p in paths(doc) if p and p[-1] in TEXT_KEYS and isinstance(_at(doc, p), str)]
    for path in draw(st.lists(st.sampled_from(texts), min_size=1, max_size=6, unique=True)):
        _at(doc, path[:-1])[path[-1]] = draw(words.filter(lambda w: w.strip() != ""))
    return doc


TEXT_KEYS = {
    "summary", "question", "answer", "note", "notes", "description", "response", "when",
    "holds", "why", "narrative", "label", "rationale", "risk", "mitigation", "metric", "alert",
    "text",
}  # fmt: skip


@FUZZ
@given(retexted_case_study())
def test_random_text_in_valid_case_studies_renders_safe_markdown(doc: dict[str, Any]) -> None:
    stem = file_stem(doc)
    with tempfile.TemporaryDirectory() as tmp:
        pages = pages_of({f"{stem}.yaml": dump(doc)}, Path(tmp))
    if pages is None:
        return  # a coded problem (a line too long, a placeholder, an unsafe link): fine
    markdown = pages[f"case-studies/{stem}.md"]
    parsed = elements(to_html(markdown.split("\n---\n", 1)[1]))
    assert unsafe(parsed) == [], doc
    anchors = [a for t, a in zip(parsed.tags, parsed.ids, strict=True) if t == "h2"]
    assert anchors == [s.anchor for s in STEPS] + (["related"] if "related" in anchors else [])


def pages_of(files: dict[str, bytes], root: Path) -> dict[str, str] | None:
    folder = root / "case_studies"
    (folder / "concepts").mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    try:
        _, pages = build.generate(Project(root, folder, ROOT / "templates", root / "docs"))
    except ProblemsFound:
        return None
    return {p.path: p.text for p in pages}


def test_the_seeds_are_clean_so_mutants_start_from_valid_documents() -> None:
    for seed in SEEDS:
        errors = [
            p for p in run({f"{file_stem(seed)}.yaml": dump(seed)}) if p.severity.value == "error"
        ]
        assert errors == [], seed["id"]
