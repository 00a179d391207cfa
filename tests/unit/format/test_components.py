"""Which stateful components a step-7 risk answers (the rule behind CS610)."""

from __future__ import annotations

from generator.format.components import _naming


def _names(text: str, name: str, cid: str) -> bool:
    return _naming(name, cid).search(text) is not None


def test_a_risk_names_a_component_by_name_or_id_singular_or_plural() -> None:
    assert _names("an observer fails and its clients move.", "Observers", "observers")
    assert _names("the link stores all fail.", "Link store", "store")
    assert _names("hot_cache is lost.", "Hot-link cache", "hot_cache")
    assert _names("the hot cache is lost.", "Hot-link cache", "hot_cache")


def test_a_word_that_merely_contains_the_name_does_not_count() -> None:
    assert not _names("the datastore fails.", "Store", "kv")
    assert not _names("rebalancing moves shards.", "Cache", "cache")
