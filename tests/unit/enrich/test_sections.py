"""Navigation sections stay bounded, so each page's pruned navigation has a bounded size."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from generator.enrich.sections import MAX_SECTION, NavGroup, nav_groups


def fake_site(cases: list[tuple[str, str, str]], concepts: dict[str, str]) -> Any:
    """A stand-in with the fields nav_groups reads: (id, category, difficulty) in order."""
    return SimpleNamespace(
        order=tuple(cid for cid, _, _ in cases),
        cases={
            cid: SimpleNamespace(
                model=SimpleNamespace(category=cat, difficulty=SimpleNamespace(value=level))
            )
            for cid, cat, level in cases
        },
        concepts={cid: SimpleNamespace(title=title) for cid, title in concepts.items()},
    )


def test_small_categories_are_one_section_each() -> None:
    site = fake_site(
        [("a", "web", "easy"), ("b", "web", "hard"), ("c", "social-media", "easy")],
        {"zeta": "Zeta", "alpha": "Alpha"},
    )
    assert nav_groups(site) == (
        NavGroup(("Web",), ("case-studies/a.md", "case-studies/b.md")),
        NavGroup(("Social media",), ("case-studies/c.md",)),
        NavGroup((), ("concepts/alpha.md", "concepts/zeta.md")),
    )


def test_large_categories_split_by_difficulty_then_into_numbered_runs() -> None:
    cases = [(f"e{i:03d}", "web", "easy") for i in range(MAX_SECTION + 1)]
    cases += [(f"h{i:03d}", "web", "hard") for i in range(3)]
    groups = nav_groups(fake_site(cases, {}))
    assert [(g.path, len(g.pages)) for g in groups] == [
        (("Web", "Easy", f"1–{MAX_SECTION}"), MAX_SECTION),
        (("Web", "Easy", f"{MAX_SECTION + 1}–{MAX_SECTION + 1}"), 1),
        (("Web", "Hard"), 3),
        ((), 0),
    ]
    assert max(len(g.pages) for g in groups) <= MAX_SECTION
