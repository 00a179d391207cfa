"""The built site's cross-links between case studies, concepts and tags, its navigation by
category, and its self-hosted scripts.

From each case study every concept it names is one click away, and from each concept every case
study that uses it, at the step where it does. (That every internal link and anchor of the built
site resolves is checked by tests/unit/site/test_linkcheck.py.)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.enrich.graph import concept_refs, link_graph
from generator.enrich.sections import category_title
from generator.pipeline import check
from generator.project import Project

from tests.conftest import BuiltSite

pytestmark = pytest.mark.slow

LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
              ("iframe", "src"), ("source", "src"), ("form", "action")}  # fmt: skip


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRS:
                self.links.append(value)


@functools.cache
def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_scripts_and_styles_come_from_the_site(built_site: BuiltSite) -> None:
    outside = {
        link
        for file in built_site.site.rglob("*.html")
        for link in parse(file).links
        if (link.endswith((".js", ".css")) or "/js" in link) and urlsplit(link).netloc
    }
    assert outside == set()
    mermaid = built_site.site / "assets" / "javascripts" / "mermaid.min.js"
    assert mermaid.stat().st_size > 1_000_000
    assert (built_site.site / "assets" / "javascripts" / "mermaid.LICENSE").is_file()
    # No page links the 3.5 MB library: casebook-diagrams.js loads it on pages with a diagram.
    loading = {
        str(file.relative_to(built_site.site))
        for file in built_site.site.rglob("*.html")
        if any(link.endswith("mermaid.min.js") for link in parse(file).links)
    }
    assert loading == set()
    page = built_site.site / "case-studies" / "url-shortener" / "index.html"
    assert "../../assets/javascripts/casebook-diagrams.js" in parse(page).links


@dataclass(frozen=True)
class Graph:
    refs: dict[str, set[str]]  # case → concept ids it names
    uses: set[tuple[str, str, str]]  # (concept, case, step anchor)
    categories: dict[str, tuple[str, str]]  # case → (category title, case title)
    tags: dict[str, tuple[str, ...]]  # case → its tags


@pytest.fixture(scope="module")
def graph(built_site: BuiltSite) -> Graph:
    catalogue, _ = check(Project.at(built_site.project))
    cases = [item.case for item in catalogue]
    links = link_graph(cases)
    return Graph(
        refs={c.id: {r.concept for r in concept_refs(c)} for c in cases},
        uses={
            (concept, u.case_id, s.anchor)
            for concept, usages in links.used_in.items()
            for u in usages
            for s in u.steps
        },
        categories={c.id: (category_title(c.category), c.title) for c in cases},
        tags={c.id: c.tags for c in cases},
    )


def test_every_case_study_links_each_of_its_concepts(built_site: BuiltSite, graph: Graph) -> None:
    missing = [
        (case, concept)
        for case, concepts in graph.refs.items()
        for concept in concepts
        if f"../../concepts/{concept}/"
        not in parse(built_site.site / "case-studies" / case / "index.html").links
    ]
    assert graph.refs and missing == []


def test_every_concept_links_each_use_at_its_step(built_site: BuiltSite, graph: Graph) -> None:
    missing = [
        use
        for use in sorted(graph.uses)
        if f"../../case-studies/{use[1]}/#{use[2]}"
        not in parse(built_site.site / "concepts" / use[0] / "index.html").links
    ]
    assert graph.uses and missing == []


@dataclass
class _Item:
    classes: str
    title: str = ""
    children: list[_Item] = field(default_factory=list)

    def titles(self) -> list[str]:
        return [self.title] + [t for c in self.children for t in c.titles()]


class _Nav(HTMLParser):
    """The `li` tree of material's primary navigation, each item titled by its first label."""

    def __init__(self) -> None:
        super().__init__()
        self.root = _Item("root")
        self.stack = [self.root]
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "li" and "md-nav__item" in classes:
            item = _Item(classes)
            self.stack[-1].children.append(item)
            self.stack.append(item)
        self.in_title = tag == "span" and "md-ellipsis" in classes and not self.stack[-1].title

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and len(self.stack) > 1:
            self.stack.pop()
        self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title and data.strip():
            self.stack[-1].title = data.strip()


def test_navigation_has_a_section_per_category_and_stable_urls(
    built_site: BuiltSite, graph: Graph
) -> None:
    for case, (category, title) in graph.categories.items():
        html = (built_site.site / "case-studies" / case / "index.html").read_text()
        html = html[html.index("md-nav--primary") : html.index("md-sidebar--secondary")]
        nav = _Nav()
        nav.feed(html)
        sections = [
            item
            for top in nav.root.children
            if top.title == "Case studies"
            for item in top.children
            if "md-nav__item--nested" in item.classes
        ]
        assert category in [s.title for s in sections], case
        active = [s for s in sections if "md-nav__item--active" in s.classes]
        assert [s.title for s in active] == [category], case
        assert title in active[0].titles(), case


def test_tags_link_case_studies_and_the_tag_index_both_ways(
    built_site: BuiltSite, graph: Graph
) -> None:
    index = (built_site.site / "tags" / "index.html").read_text(encoding="utf-8")
    listed = {
        # tag → the case-study links under its heading on the tag index
        part.split('"', 1)[0]: set(re.findall(r'href="\.\./case-studies/([a-z0-9-]+)/"', part))
        for part in index.split('<h2 id="tag:')[1:]
    }
    assert {tag for tags in graph.tags.values() for tag in tags} <= set(listed)
    for case, tags in graph.tags.items():
        links = parse(built_site.site / "case-studies" / case / "index.html").links
        for tag in tags:
            assert f"../../tags/#tag:{tag}" in links, (case, tag)
            assert case in listed[tag], (case, tag)
