"""The case-study pages of the site, as chapters for print and e-books.

A chapter is the site's own page: the Markdown the generator renders for the site, converted by
Python-Markdown with the extensions `mkdocs.yml` names. So the PDF and the EPUB show the same
text and the same figures as the site, and a change to a template reaches all three. What only
makes sense in a browser is then taken out of the tree: the what-if calculator, checklist
progress bars and tick boxes, heading permalinks, and the method's questions (printed once, in
the cheat sheet, instead of in every step of every case study). Ids are prefixed with the case
study's id so that chapters can share one document, and links are pointed at the chapter or at
the published site.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import markdown

from generator.enrich.site import Site
from generator.exports import html_tree
from generator.pipeline import generate
from generator.problems.hints import did_you_mean
from generator.problems.problem import CasebookError
from generator.project import Project
from generator.render.checklists import site_url
from generator.render.pages import Page

CASES = "case-studies"
# Elements taken out for print: (tag, class).
_BROWSER_ONLY = (
    ("a", "headerlink"),
    ("div", "casebook-progress"),
    ("div", "casebook-practice"),
    ("div", "casebook-whatif"),
)
_WHATIF = "estimation-what-if"  # the calculator's heading: the section goes with it
_METHOD_ITEM = re.compile(r"/method/")  # ids of the method's own questions in a checklist
_NOT_NCNAME = re.compile(r"[^A-Za-z0-9_.-]")
DIAGRAM_TAG = "casebook-diagram"
# The classes mkdocs.yml's Mermaid fence gives a diagram's <pre> (the site's own, or Mermaid's).
DIAGRAM_CLASSES = frozenset({"casebook-diagram", "mermaid"})


@dataclass(frozen=True)
class Config:
    """What the exports take from mkdocs.yml: names, the published address, Markdown."""

    site_name: str
    site_url: str
    description: str
    extensions: tuple[Any, ...]
    extension_configs: dict[str, Any]

    def page_url(self, page: str, anchor: str = "") -> str:
        return self.site_url.rstrip("/") + "/" + site_url(page, anchor)


def load_config(project: Project) -> Config:
    from mkdocs.config import load_config as mkdocs_config

    cfg = mkdocs_config(str(project.root / "mkdocs.yml"))
    return Config(
        site_name=str(cfg.site_name),
        site_url=str(cfg.site_url or ""),
        description=str(cfg.site_description or ""),
        extensions=tuple(cfg.markdown_extensions),
        extension_configs=dict(cfg.mdx_configs),
    )


@dataclass(frozen=True)
class Diagram:
    key: str  # unique in the casebook: `<case id>-<n>`
    source: str  # Mermaid text as the site page has it
    base: str  # the page's address, against which the diagram's links resolve


@dataclass(frozen=True)
class Step:
    anchor: str  # prefixed id of the step's heading
    title: str  # as the heading shows it: "2. Back-of-the-envelope estimation"


@dataclass(frozen=True)
class Chapter:
    case_id: str
    title: str
    summary: str
    anchor: str  # prefixed id of the chapter's heading
    body: ET.Element  # the page, rewritten for print; diagrams are `DIAGRAM_TAG` placeholders
    steps: tuple[Step, ...]
    diagrams: tuple[Diagram, ...]


def anchor_id(case_id: str, anchor: str = "") -> str:
    """An id unique in the casebook and valid in XHTML (an XML name: no `/`, no leading digit)."""
    return _NOT_NCNAME.sub("-", f"cs-{case_id}" + (f"--{anchor}" if anchor else ""))


# Where a link into the casebook goes: (case id, anchor or "") → href.
Linker = Callable[[str, str], str]


def book_link(case_id: str, anchor: str) -> str:
    return "#" + anchor_id(case_id, anchor)


def markdown_to_html(text: str, config: Config) -> str:
    md = markdown.Markdown(
        extensions=list(config.extensions), extension_configs=config.extension_configs
    )
    html: str = md.convert(text)
    return html


def _strip_front_matter(text: str) -> str:
    from mkdocs.utils import meta

    body, _ = meta.get_data(text)
    return body


def _classes(element: ET.Element) -> list[str]:
    return element.get("class", "").split()


def _drop_browser_only(root: ET.Element) -> None:
    for parent, child in html_tree.with_parents(root):
        if any(child.tag == tag and cls in _classes(child) for tag, cls in _BROWSER_ONLY):
            html_tree.remove(parent, child)
    _drop_section(root, _WHATIF)


def _drop_section(root: ET.Element, heading_id: str) -> None:
    """A heading and everything after it up to the next heading of the same or a higher level."""
    children = list(root)
    for i, child in enumerate(children):
        if child.get("id") == heading_id:
            level = child.tag
            doomed = [child]
            for sibling in children[i + 1 :]:
                if re.fullmatch(r"h[1-6]", sibling.tag) and sibling.tag <= level:
                    break
                doomed.append(sibling)
            for element in doomed:
                html_tree.remove(root, element)
            return


def _print_checklists(root: ET.Element) -> None:
    """Keep each case study's own and derived items, as plain boxes; drop empty checklists."""
    children = list(root)
    for i, child in enumerate(children):
        if child.tag != "ul" or "task-list" not in _classes(child):
            continue
        for item in list(child):
            if _METHOD_ITEM.search(item.get("id", "")):
                child.remove(item)
                continue
            for label in item.findall("label"):
                tail = label.tail
                label.clear()  # the checkbox goes; the item's text follows the label
                label.tag, label.text, label.tail = "span", "☐", tail
                label.set("class", "casebook-box")
        heading = children[i - 1] if i else None
        if not len(child):
            html_tree.remove(root, child)
            if heading is not None and heading.get("id", "").endswith("-checklist"):
                html_tree.remove(root, heading)


def _diagrams(root: ET.Element, case_id: str, base: str) -> tuple[Diagram, ...]:
    found: list[Diagram] = []
    for parent, child in html_tree.with_parents(root):
        if child.tag == "pre" and DIAGRAM_CLASSES & set(_classes(child)):
            key = f"{case_id}-{len(found) + 1}"
            found.append(Diagram(key, html_tree.text_of(child), base))
            figure = ET.Element("figure", {"class": "casebook-diagram"})
            ET.SubElement(figure, DIAGRAM_TAG, {"data-key": key})
            figure.tail = child.tail
            parent[list(parent).index(child)] = figure
    return tuple(found)


def _rewrite_ids(root: ET.Element, case_id: str) -> None:
    for element in root.iter():
        if element.get("id"):
            element.set("id", anchor_id(case_id, element.get("id", "")))


def _resolve(href: str, case_id: str, cases: frozenset[str], config: Config, link: Linker) -> str:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return href  # validated at build time: http, https or mailto
    if not parts.path:
        return link(case_id, parts.fragment)
    target = posixpath.normpath(posixpath.join(CASES, parts.path))
    folder, _, name = target.rpartition("/")
    other = name.removesuffix(".md")
    if folder == CASES and name.endswith(".md") and other in cases:
        return link(other, parts.fragment)
    return config.page_url(target, parts.fragment)


def _rewrite_links(
    root: ET.Element, case_id: str, cases: frozenset[str], config: Config, link: Linker
) -> None:
    for element in root.iter("a"):
        href = element.get("href")
        if href is not None:
            element.set("href", _resolve(href, case_id, cases, config, link))


def _steps(root: ET.Element) -> tuple[Step, ...]:
    return tuple(
        Step(h.get("id", ""), html_tree.text_of(h).strip())
        for h in root.iter("h2")
        if h.get("id", "").startswith("cs-") and "--step-" in h.get("id", "")
    )


def chapter(
    site: Site,
    page: Page,
    html: str,
    config: Config,
    link: Linker = book_link,
    cases: frozenset[str] = frozenset(),
) -> Chapter:
    """One case-study page (its Markdown `page` converted to `html`) as a chapter.

    `cases` are the case studies in the same document: links to them go to `link`, links to
    any other page to the published site.
    """
    case = site.cases[page.path.removeprefix(f"{CASES}/").removesuffix(".md")].model
    root = html_tree.parse(html)
    _drop_browser_only(root)
    _print_checklists(root)
    diagrams = _diagrams(root, case.id, config.page_url(page.path))
    _rewrite_ids(root, case.id)
    _rewrite_links(root, case.id, cases or frozenset({case.id}), config, link)
    heading = root.find("h1")
    if heading is not None:
        heading.set("id", anchor_id(case.id))
    return Chapter(
        case.id, case.title, case.summary, anchor_id(case.id), root, _steps(root), diagrams
    )


@dataclass(frozen=True)
class Casebook:
    """Everything the exports need, gathered once: the site as generated, and its config."""

    project: Project
    site: Site
    pages: dict[str, Page]
    config: Config
    only: str | None = None  # one case study instead of all of them
    # Each case study's page as HTML, converted once (the slow part) for all the documents.
    html: dict[str, str] = field(default_factory=dict)

    @property
    def selected(self) -> tuple[str, ...]:
        return (self.only,) if self.only else self.order

    @property
    def whole(self) -> bool:
        return self.only is None

    @property
    def order(self) -> tuple[str, ...]:
        return self.site.order

    def page(self, case_id: str) -> Page:
        return self.pages[f"{CASES}/{case_id}.md"]

    def page_html(self, case_id: str) -> str:
        if case_id not in self.html:
            text = _strip_front_matter(self.page(case_id).text)
            self.html[case_id] = markdown_to_html(text, self.config)
        return self.html[case_id]

    def chapter(
        self, case_id: str, link: Linker = book_link, cases: frozenset[str] = frozenset()
    ) -> Chapter:
        page = self.page(case_id)
        return chapter(self.site, page, self.page_html(case_id), self.config, link, cases)


def gather(project: Project, only: str | None = None, timings: Any = None) -> Casebook:
    """Validate and generate the site in memory (nothing is written); raises on problems.

    With `only`, the exports are of that one case study (which must exist).
    """
    site, pages = generate(project, timings=timings)
    if only is not None and only not in site.cases:
        raise CasebookError(f"no case study has the id '{only}'{did_you_mean(only, site.order)}")
    return Casebook(project, site, {p.path: p for p in pages}, load_config(project), only)
