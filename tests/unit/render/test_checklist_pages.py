"""Checklists on the site: the Markdown and JSON the generator writes, and the search entries."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import markdown
import pytest

from generator.commands.export import export_document
from generator.format.steps import STEPS
from generator.pipeline import generate
from generator.project import Project
from generator.site.search import add_entries, index_site, search_entry, slim
from tests.conftest import FIXTURES, ROOT

SOURCE = FIXTURES / "checklists" / "case_studies"


def render(case_studies: Path, tmp_path: Path) -> dict[str, str]:
    project = Project(case_studies.parent, case_studies, ROOT / "templates", tmp_path / "docs")
    _, pages = generate(project)
    return {page.path: page.text for page in pages}


@pytest.fixture()
def pages(tmp_path: Path) -> dict[str, str]:
    return render(SOURCE, tmp_path)


def to_html(text: str) -> str:
    """The page body as mkdocs renders it (the extensions that matter here)."""
    body = text.split("\n---\n", 1)[1]
    return markdown.markdown(
        body,
        extensions=["attr_list", "toc", "pymdownx.details", "pymdownx.tasklist"],
        extension_configs={"pymdownx.tasklist": {"custom_checkbox": True}},
    )


def section(text: str, start: str) -> str:
    """From `start` up to the next heading of level 2 or 3 (or the end)."""
    rest = text[text.index(start) :]
    ends = [i for i in (rest.find("\n## ", 1), rest.find("\n### ", 1)) if i > 0]
    return rest[: min(ends)] if ends else rest


def test_every_step_of_a_case_study_ends_with_its_checklist(pages: dict[str, str]) -> None:
    text = pages["case-studies/alpha-links.md"]
    positions = []
    for step in STEPS:
        # Step 2's own section is the shared conventions only, so it is left out of search.
        marks = " data-search-exclude" if step.number == 2 else ""
        heading = text.index(f"## {step.number}. {step.title} {{#{step.anchor}{marks}}}")
        checklist = text.index(f"### Checklist {{#{step.slug}-checklist data-search-exclude}}")
        positions += [heading, checklist]
    assert positions == sorted(positions)


def test_the_case_study_checklist_block(pages: dict[str, str]) -> None:
    block = section(
        pages["case-studies/alpha-links.md"],
        "### Checklist {#bottlenecks-checklist data-search-exclude}",
    )
    assert block == (
        "### Checklist {#bottlenecks-checklist data-search-exclude}\n"
        "\n"
        '<div class="casebook-progress" data-step="bottlenecks" data-case="alpha-links" '
        'data-label="Step 7"></div>\n'
        '<div class="casebook-progress" data-case="alpha-links" '
        'data-label="This case study"></div>\n'
        "\n"
        "- [ ] What happens when a popular link expires from the cache?\n"
        "    {: #alpha-links/cache-stampede .casebook-item "
        'data-step="bottlenecks" data-case="alpha-links" }\n'
        "- [ ] What happens during an outage of Link store? Is there a single point of failure? "
        '<span class="casebook-derived" title="Derived from the case study\'s own data">'
        "derived</span>\n"
        "    {: #alpha-links/derived/fails-link-store .casebook-item "
        'data-step="bottlenecks" data-case="alpha-links" }\n'
        "- [ ] What happens during an outage of Hot-link cache? Is there a single point of failure? "
        '<span class="casebook-derived" title="Derived from the case study\'s own data">'
        "derived</span>\n"
        "    {: #alpha-links/derived/fails-hot-cache .casebook-item "
        'data-step="bottlenecks" data-case="alpha-links" }\n'
        "\n"
        '??? note "The method\'s questions for this step (2)"\n'
        "\n"
        "    - [ ] Is there any single point of failure?\n"
        "        {: #alpha-links/method/bottlenecks/spof .casebook-item "
        'data-step="bottlenecks" data-case="alpha-links" }\n'
        "    - [ ] Do we have enough replicas?\n"
        "        {: #alpha-links/method/bottlenecks/replicas .casebook-item "
        'data-step="bottlenecks" data-case="alpha-links" }\n'
        "\n"
        "[← Design Beta notifications](beta-queue.md){ .casebook-previous }\n"
        '{: .casebook-pager role="navigation" aria-label="Previous and next case study" }\n'
    )


def test_each_item_is_a_task_list_item_with_its_id_as_anchor(pages: dict[str, str]) -> None:
    html = to_html(pages["case-studies/alpha-links.md"])
    assert (
        '<li class="task-list-item casebook-item" data-case="alpha-links" '
        'data-step="estimation" id="alpha-links/derived/peak-write-rate">'
        '<label class="task-list-control"><input type="checkbox" disabled/>'
        '<span class="task-list-indicator"></span></label> <a href="#figure-write-rate">'
        '<code>write_rate</code></a> (<span class="casebook-inline" data-of="write_rate">'
        "11.6 url/s</span>) is an average rate: what is its peak, and is the design sized for it? "
        '<span class="casebook-derived" title="Derived from the case study\'s own data">'
        "derived</span></li>"
    ) in html
    assert html.count('class="task-list-item casebook-item"') == 16
    assert "{:" not in html


def test_contributor_text_in_an_item_is_escaped(tmp_path: Path) -> None:
    source = tmp_path / "src" / "case_studies"
    shutil.copytree(SOURCE, source)
    path = source / "beta-queue.yaml"
    path.write_text(
        path.read_text().replace(
            "text: How does a client avoid a double notification on retry?",
            "text: 'Is <script>alert(1)</script> blocked? {: #evil onclick=x}'",
        )
    )
    html = to_html(render(source, tmp_path)["case-studies/beta-queue.md"])
    assert "<script>" not in html and 'id="evil"' not in html
    assert re.search(r"<[^>]*\sonclick", html) is None
    item = re.search(r'<li [^>]*id="beta-queue/dedupe">(.*?)</li>', html)
    assert item is not None
    # The reader sees the text as written, and the item keeps its own anchor.
    shown = unescape(re.sub(r"<[^>]+>", "", item.group(1))).strip()
    assert shown == "Is <script>alert(1)</script> blocked? {: #evil onclick=x}"


def test_a_page_per_step_gathers_the_method_and_every_case_study(pages: dict[str, str]) -> None:
    assert pages["checklists/step-7-bottlenecks.md"] == (
        "---\n"
        'title: "Step 7 checklist: Bottlenecks"\n'
        'description: "Questions to ask at step 7 of the method, from the method and every case '
        'study."\n'
        'edit_url: ""\n'
        "---\n"
        "\n"
        "# Step 7 checklist: Bottlenecks\n"
        "\n"
        "The questions to ask at [step 7 of the method](../method.md#step-7-bottlenecks), then "
        "those each\n"
        "case study adds for this step. Ticks are kept in this browser only. To search every "
        "step at once,\n"
        "use the [checklist finder](index.md).\n"
        "\n"
        "Items marked *derived* are made from each case study's data: one item for each stateful "
        "component of the case study's high-level design: a database, cache, queue, blob store "
        "or search index.\n"
        "\n"
        '<div class="casebook-progress" data-step="bottlenecks" data-label="This page"></div>\n'
        "\n"
        "## From the method {#from-the-method data-search-exclude}\n"
        "\n"
        "- [ ] Is there any single point of failure?\n"
        '    {: #method/bottlenecks/spof .casebook-item data-step="bottlenecks" }\n'
        "- [ ] Do we have enough replicas?\n"
        '    {: #method/bottlenecks/replicas .casebook-item data-step="bottlenecks" }\n'
        "\n"
        "## Design Beta notifications {#case-beta-queue data-search-exclude}\n"
        "\n"
        "From [step 7 of Design Beta notifications]"
        "(../case-studies/beta-queue.md#step-7-bottlenecks).\n"
        "\n"
        '<div class="casebook-progress" data-step="bottlenecks" data-case="beta-queue" '
        'data-label="This case study"></div>\n'
        "\n"
        "- [ ] What happens during an outage of Outbox queue? Is there a single point of failure? "
        '<span class="casebook-derived" title="Derived from the case study\'s own data">'
        "derived</span> · [in context](../case-studies/beta-queue.md#beta-queue/derived/"
        "fails-outbox)\n"
        '    {: #beta-queue/derived/fails-outbox .casebook-item data-step="bottlenecks" '
        'data-case="beta-queue" }\n'
        "\n"
        "## Design Alpha links {#case-alpha-links data-search-exclude}\n"
        "\n"
        "From [step 7 of Design Alpha links](../case-studies/alpha-links.md#step-7-bottlenecks).\n"
        "\n"
        '<div class="casebook-progress" data-step="bottlenecks" data-case="alpha-links" '
        'data-label="This case study"></div>\n'
        "\n"
        "- [ ] What happens when a popular link expires from the cache? · [in context]"
        "(../case-studies/alpha-links.md#alpha-links/cache-stampede)\n"
        '    {: #alpha-links/cache-stampede .casebook-item data-step="bottlenecks" '
        'data-case="alpha-links" }\n'
        "- [ ] What happens during an outage of Link store? Is there a single point of failure? "
        '<span class="casebook-derived" title="Derived from the case study\'s own data">'
        "derived</span> · [in context](../case-studies/alpha-links.md#alpha-links/derived/"
        "fails-link-store)\n"
        '    {: #alpha-links/derived/fails-link-store .casebook-item data-step="bottlenecks" '
        'data-case="alpha-links" }\n'
        "- [ ] What happens during an outage of Hot-link cache? Is there a single point of failure? "
        '<span class="casebook-derived" title="Derived from the case study\'s own data">'
        "derived</span> · [in context](../case-studies/alpha-links.md#alpha-links/derived/"
        "fails-hot-cache)\n"
        '    {: #alpha-links/derived/fails-hot-cache .casebook-item data-step="bottlenecks" '
        'data-case="alpha-links" }\n'
    )


def test_a_step_without_case_items_lists_the_method_only(pages: dict[str, str]) -> None:
    text = pages["checklists/step-4-data-model.md"]
    assert "## From the method {#from-the-method data-search-exclude}" in text
    assert "{#case-" not in text
    assert "derived" not in text


def test_the_finder_page(pages: dict[str, str]) -> None:
    text = pages["checklists/index.md"]
    assert (
        "| Step | Items |\n"
        "| --- | ---: |\n"
        "| [1. Requirements clarification](step-1-requirements.md) | 2 |\n"
        "| [2. Back-of-the-envelope estimation](step-2-estimation.md) | 6 |\n"
        "| [3. System interface](step-3-interface.md) | 2 |\n"
        "| [4. Data model](step-4-data-model.md) | 1 |\n"
        "| [5. High-level design](step-5-high-level-design.md) | 1 |\n"
        "| [6. Detailed design](step-6-detailed-design.md) | 1 |\n"
        "| [7. Bottlenecks](step-7-bottlenecks.md) | 6 |\n"
    ) in text
    assert (
        '<div class="casebook-finder" data-src="items.json">\n'
        '<p class="casebook-finder-fallback">The finder needs JavaScript. Every item is also '
        "listed on the step pages above.</p>\n"
        "</div>\n"
    ) in text


def test_items_json_lists_every_item_once_with_its_address(pages: dict[str, str]) -> None:
    data = json.loads(pages["checklists/items.json"])
    assert data["version"] == 1
    assert data["steps"][6] == {
        "number": 7,
        "slug": "bottlenecks",
        "title": "Bottlenecks",
        "url": "checklists/step-7-bottlenecks/",
    }
    assert data["cases"] == [
        {
            "id": "beta-queue",
            "title": "Design Beta notifications",
            "url": "case-studies/beta-queue/",
        },
        {"id": "alpha-links", "title": "Design Alpha links", "url": "case-studies/alpha-links/"},
    ]
    items = {item["id"]: item for item in data["items"]}
    assert len(items) == len(data["items"]) == 19
    assert items["method/bottlenecks/spof"] == {
        "id": "method/bottlenecks/spof",
        "text": "Is there any single point of failure?",
        "step": 7,
        "step_slug": "bottlenecks",
        "step_title": "Bottlenecks",
        "origin": "method",
        "derived": False,
        "tags": ["availability"],
        "case": None,
        "case_title": None,
        "url": "checklists/step-7-bottlenecks/#method/bottlenecks/spof",
    }
    assert items["alpha-links/derived/peak-ingress"]["url"] == (
        "case-studies/alpha-links/#alpha-links/derived/peak-ingress"
    )
    assert [i["origin"] for i in data["items"]].count("derived") == 6


def test_generated_files_are_the_same_bytes_on_every_run(tmp_path: Path) -> None:
    first = render(SOURCE, tmp_path / "one")
    second = render(SOURCE, tmp_path / "two")
    checklists = [p for p in first if p.startswith("checklists/")]
    assert len(checklists) == 9
    assert all(first[p] == second[p] for p in checklists)


# -- search -----------------------------------------------------------------------------------


def test_a_search_entry_per_item_lands_on_its_anchor() -> None:
    item = {
        "id": "alpha-links/derived/peak-ingress",
        "text": "`ingress` is an average rate: is <it> sized for it?",
        "step": 2,
        "step_title": "Back-of-the-envelope estimation",
        "derived": True,
        "tags": ["capacity"],
        "case_title": "Design Alpha & links",
        "url": "case-studies/alpha-links/#alpha-links/derived/peak-ingress",
    }
    assert search_entry(item) == {
        "location": "case-studies/alpha-links/#alpha-links/derived/peak-ingress",
        "title": "<code>ingress</code> is an average rate: is &lt;it&gt; sized for it?",
        "text": "Checklist, step 2. Back-of-the-envelope estimation, from Design Alpha &amp; "
        "links. Derived from the case study's data. Tags: capacity.",
    }


def test_search_entries_are_added_once(pages: dict[str, str], tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "checklists").mkdir(parents=True)
    (site / "search").mkdir()
    (site / "checklists" / "items.json").write_text(pages["checklists/items.json"])
    page_entry = {"location": "checklists/step-7-bottlenecks/", "title": "Step 7", "text": ""}
    index = {"config": {"lang": ["en"]}, "docs": [page_entry]}
    (site / "search" / "search_index.json").write_text(json.dumps(index))
    assert index_site(site) == 13  # 19 items, 6 of them derived: those stay out of search
    written = json.loads((site / "search" / "search_index.json").read_text())
    assert written["config"] == {"lang": ["en"]}
    assert written["docs"][0] == page_entry
    assert written["docs"][-1] == {
        "location": "case-studies/alpha-links/#alpha-links/cache-stampede",
        "title": "What happens when a popular link expires from the cache?",
        "text": "Checklist, step 7. Bottlenecks, from Design Alpha links. Tags: caching, availability.",
    }
    assert not [d for d in written["docs"] if "/derived/" in d["location"]]
    assert index_site(site) == 0
    assert add_entries(written, json.loads(pages["checklists/items.json"])["items"]) == 0
    assert index_site(tmp_path / "no-site") == 0


def test_index_entries_keep_words_titles_keep_code_page_tags_only_on_the_page() -> None:
    page = {
        "location": "case-studies/a/",
        "title": "A",
        "text": "<p>One</p> <p>two</p>",
        "tags": ["x"],
    }
    section = {
        "location": "case-studies/a/#s",
        "title": "<code>S</code>",
        "text": "<ul> <li>Use <code>read_rate</code>.</li>\n</ul> <table><tr><td>x</td></tr></table>",
        "tags": ["x"],
    }
    assert slim(page) == {
        "location": "case-studies/a/",
        "title": "A",
        "text": "One two",
        "tags": ["x"],
    }
    assert slim(section) == {
        "location": "case-studies/a/#s",
        "title": "<code>S</code>",
        "text": "Use read_rate. x",
    }


def test_the_export_carries_every_item(tmp_path: Path) -> None:
    project = Project(SOURCE.parent, SOURCE, ROOT / "templates", tmp_path / "docs")
    site, _ = generate(project)
    exported = export_document(site)["site"]["checklists"]
    assert len(exported) == 19
    assert exported[-1] == {
        "case": "alpha-links",
        "case_title": "Design Alpha links",
        "id": "alpha-links/derived/fails-hot-cache",
        "origin": "derived",
        "step": {
            "field": "bottlenecks",
            "minutes": 5,
            "number": 7,
            "slug": "bottlenecks",
            "title": "Bottlenecks",
        },
        "tags": ["availability", "caching"],
        "text": "What happens during an outage of Hot-link cache? Is there a single point of failure?",
    }
