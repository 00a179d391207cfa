"""`casebook new`: a new case-study file from the commented scaffold in templates/.

The scaffold is text (templates/scaffold.yaml.j2) so that its comments stay readable and
editable; tests keep it in step with the models. Its first line points editors at the committed
JSON Schema, by a path relative to the new file.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from markupsafe import Markup
from pydantic import TypeAdapter, ValidationError

from generator.format.models import SLUG_RE, Name
from generator.markup.paths import RESERVED_IDS
from generator.problems.problem import CasebookError
from generator.project import Project
from generator.render.pages import make_environment
from generator.render.schema import SCHEMA_PATH, catalogue_of

TEMPLATE = "scaffold.yaml.j2"
_TITLE: TypeAdapter[str] = TypeAdapter(Name)


class InvalidArgument(CasebookError):
    """An id or title that the format would reject; the CLI reports it as a usage error."""


def check_id(case_id: str) -> str:
    if not (2 <= len(case_id) <= 60 and SLUG_RE.match(case_id)):
        raise InvalidArgument(
            f"'{case_id}' is not a lowercase slug: use letters a-z, digits and single hyphens, "
            "2 to 60 characters, for example 'online-judge'"
        )
    if case_id in RESERVED_IDS["case study"]:
        raise InvalidArgument(f"'{case_id}' is reserved for a generated page; choose another id")
    return case_id


def check_title(title: str) -> str:
    try:
        return _TITLE.validate_python(title)
    except ValidationError:
        raise InvalidArgument(
            "the title must be 1 to 120 characters, for example 'Design an online code judge'"
        ) from None


def yaml_string(value: str) -> Markup:
    """A double-quoted YAML scalar, escaped by the YAML emitter itself so the loader agrees."""
    return Markup(
        yaml.safe_dump(value, default_style='"', allow_unicode=True, width=float("inf")).strip()
    )


def target_file(project: Project, case_id: str) -> Path:
    return project.case_studies / f"{case_id}.yaml"


def scaffold_text(project: Project, case_id: str, title: str) -> str:
    """The new file's text, for a valid id and title."""
    target = target_file(project, case_id)
    schema = os.path.relpath(project.root / SCHEMA_PATH, target.parent)
    env = make_environment(project.templates)
    return env.get_template(TEMPLATE).render(
        # Both are ours or already checked: a slug, and paths built from it, need no quoting.
        id=Markup(check_id(case_id)),
        schema_path=Markup(Path(schema).as_posix()),
        file_path=Markup(project.display(target)),
        title=yaml_string(check_title(title)),
        # Slugs read from the case studies (others are not categories): letters, digits, hyphens.
        categories=Markup(", ".join(catalogue_of(project).categories)),
    )


def new_case_study(project: Project, case_id: str, title: str) -> Path:
    """Write case_studies/<id>.yaml from the scaffold; never overwrite an existing file."""
    text = scaffold_text(project, case_id, title)
    target = target_file(project, case_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise CasebookError(
            f"{project.display(target)} already exists; edit it, or choose another id"
        ) from None
    return target
