"""The models' shared sets of given fields: less memory, the same answers."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Iterator

from generator.format.models import CaseStudy, ChecklistItem, Model
from generator.load import parse
from tests.conftest import ROOT

BUNDLED = ROOT / "case_studies" / "url-shortener.yaml"


def bundled() -> CaseStudy:
    doc, problems = parse(BUNDLED.read_text(encoding="utf-8"), BUNDLED.name)
    assert doc is not None and problems == []
    return CaseStudy.model_validate(doc.data)


def instances(model: object) -> Iterator[Model]:
    """Every model instance inside `model`, itself included."""
    if isinstance(model, Model):
        yield model
        for value in model.__dict__.values():
            yield from instances(value)
    elif isinstance(model, tuple):
        for value in model:
            yield from instances(value)


def test_models_with_the_same_given_fields_share_one_set() -> None:
    first, second = list(instances(bundled())), list(instances(bundled()))
    assert len(first) > 100
    for a, b in zip(first, second, strict=True):
        assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__
    distinct = {id(m.__pydantic_fields_set__) for m in first}
    assert len(distinct) < len(first) / 4


def test_the_given_fields_stay_those_of_each_instance() -> None:
    plain = ChecklistItem(id="one-item", text="Is it?")
    tagged = ChecklistItem(id="two-item", text="Is it?", tags=("caching",))
    assert plain.model_fields_set == {"id", "text"}
    assert tagged.model_fields_set == {"id", "text", "tags"}
    assert ChecklistItem(id="three-item", text="No?").model_fields_set is plain.model_fields_set


def test_an_unpickled_model_shares_the_set_and_equals_the_original() -> None:
    case = bundled()
    back = pickle.loads(pickle.dumps(case))
    assert back == case
    for a, b in zip(instances(case), instances(back), strict=True):
        assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__


def test_a_copy_with_an_update_does_not_change_the_shared_set() -> None:
    plain = ChecklistItem(id="one-item", text="Is it?")
    changed = plain.model_copy(update={"tags": ("caching",)})
    assert changed.model_fields_set == {"id", "text", "tags"}
    assert plain.model_fields_set == {"id", "text"}
    assert copy.copy(plain).model_fields_set == {"id", "text"}
