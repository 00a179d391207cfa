from generator.enrich.sections import NavGroup
from generator.site.nav import nav_tree


def test_every_page_once_in_reading_order() -> None:
    pages = [
        "security.md",
        "index.md",
        "tags.md",
        "case-studies/index.md",
        "case-studies/b.md",
        "case-studies/a.md",
        "case-studies/comparison.md",
        "concepts/index.md",
        "concepts/cache.md",
        "checklists/index.md",
        "method.md",
        "contributing/index.md",
        "extra.md",
    ]
    groups = (NavGroup(("Web",), ("case-studies/b.md", "case-studies/a.md")),)
    assert nav_tree(pages, groups) == [
        {"Home": "index.md"},
        "method.md",
        {
            "Case studies": [
                "case-studies/index.md",
                "case-studies/comparison.md",
                {"Web": ["case-studies/b.md", "case-studies/a.md"]},
            ]
        },
        {"Concepts": ["concepts/index.md", "concepts/cache.md"]},
        {"Checklists": ["checklists/index.md"]},
        "tags.md",
        {"About the casebook": ["contributing/index.md", "security.md"]},
        "extra.md",
    ]
