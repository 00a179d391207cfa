"""The legal-but-dangerous part of the hostile corpus, built into a site with `mkdocs build
--strict`: the built HTML holds the contributors' strings only as text.

Every page is parsed (html.parser): no event-handler attribute anywhere, no `javascript:` or
`data:` link, no script but the site's own, no embedding element in the content, and the literal
strings present in text nodes. The pages of the fixtures that attack the page structure keep the
structure of a page built from the harmless base document (`bom.yaml`).
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.site.fences import DIAGRAM_CLASS
from tests.conftest import BuiltSite, copy_project, run_mkdocs
from tests.corpus.test_hostile import BUILDS, EXPECTED, HOSTILE, SHARED

pytestmark = pytest.mark.slow

LEGAL = sorted(name for name, outcome in EXPECTED.items() if outcome == BUILDS)
EMBEDDING = {"script", "img", "iframe", "object", "embed", "style", "link", "meta", "base",
             "form", "svg", "math", "video", "audio", "frame", "template", "input"}  # fmt: skip
EXPECTED_INPUTS = "checkbox"  # the checklists' own tick boxes
# Attributes that Markdown and our templates put on content; `data-*` only from templates.
CONTENT_ATTRIBUTES = {"class", "id", "href", "title", "rel", "style", "type", "disabled",
                      "checked", "data-*",
                      "aria-label", "role",  # the previous/next case study block
                      "aria-pressed", "aria-live", "hidden"}  # fmt: skip  (the Practise switch)


@dataclass
class Page:
    """What the tests look at in one HTML file."""

    scripts: list[str] = field(default_factory=list)  # src, or "inline #id type"
    handlers: list[str] = field(default_factory=list)  # on* attributes
    bad_links: list[str] = field(default_factory=list)
    content_tags: list[str] = field(default_factory=list)  # tags inside <article>
    content_attrs: set[str] = field(default_factory=set)  # their attribute names
    headings: list[tuple[str, str]] = field(default_factory=list)  # (tag, id)
    title: str = ""
    text: str = ""  # every text node outside <script>/<style>, whitespace folded
    code: list[str] = field(default_factory=list)  # text of each <code>
    mermaid: list[str] = field(default_factory=list)  # text of each diagram source
    rows: list[list[str]] = field(default_factory=list)  # cells of each table row, by table


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []
        self.classes: list[str] = []
        self.text: list[str] = []
        self.capture: list[tuple[str, list[str]]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        p = self.page
        if tag == "script":
            p.scripts.append(a.get("src") or f"inline #{a.get('id', '')} {a.get('type', '')}")
        p.handlers += [f"<{tag} {k}>" for k in a if k.startswith("on")]
        for name in ("href", "src", "xlink:href", "action", "formaction"):
            value = re.sub(r"[\s\x00-\x1f]", "", a.get(name, "")).lower()
            if re.match(r"(javascript|data|vbscript):", value):
                p.bad_links.append(f"<{tag} {name}={a[name]}>")
        if tag == "article":
            self.in_article += 1
        elif self.in_article and "md-content__button" not in " ".join(self.classes):
            p.content_tags.append(tag if tag != "input" else f"input:{a.get('type')}")
            p.content_attrs |= {"data-*" if k.startswith("data-") else k for k in a}
        if re.fullmatch(r"h[1-6]", tag):
            p.headings.append((tag, a.get("id", "")))
        if tag == "code" or (tag == "pre" and DIAGRAM_CLASS in a.get("class", "").split()):
            self.capture.append(("mermaid" if tag == "pre" else "code", []))
        if tag == "tr":
            self.row = []
        if tag in ("td", "th"):
            self.cell = []
        if tag not in ("br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"):
            self.stack.append(tag)
            self.classes.append(a.get("class", ""))  # the theme's edit button holds an icon

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack:
                self.classes.pop()
                if self.stack.pop() == tag:
                    break
        if tag == "article":
            self.in_article -= 1
        if (tag == "code" or tag == "pre") and self.capture:
            kind, parts = self.capture[-1]
            if (kind == "code") == (tag == "code"):
                self.capture.pop()
                getattr(self.page, kind).append("".join(parts))
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        if tag == "tr" and self.row is not None:
            self.page.rows.append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if "script" in self.stack or "style" in self.stack:
            return
        if "title" in self.stack:
            self.page.title += data
        self.text.append(data)
        for _, parts in self.capture:
            parts.append(data)
        if self.cell is not None:
            self.cell.append(data)


def parse_page(path: Path) -> Page:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    parser.page.text = " ".join(" ".join(parser.text).split())
    return parser.page


def build_hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Every legal hostile fixture, with the hostile concepts and method, built strictly."""
    sources = tmp_path_factory.mktemp("hostile-sources")
    for shared in SHARED:
        shutil.copytree(HOSTILE / shared, sources / shared)
    for name in LEGAL:
        shutil.copy2(HOSTILE / name, sources / name)
    project = copy_project(tmp_path_factory.mktemp("hostile-site"), sources)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    return BuiltSite(project, project / "site", result.stderr)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_hostile_site(tmp_path_factory)


def pages(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def case_page(site: BuiltSite, name: str) -> Page:
    return parse_page(site.site / "case-studies" / name.removesuffix(".yaml") / "index.html")


def test_builds_strictly_with_no_warning(hostile_site: BuiltSite) -> None:
    assert "WARNING" not in hostile_site.log
    built = {p.parent.name for p in (hostile_site.site / "case-studies").glob("*/index.html")}
    assert {n.removesuffix(".yaml") for n in LEGAL} <= built


def _local(src: str) -> str:
    """A script of the site's own, however the page addresses it (`../../assets/…`, or
    `/casebook/assets/…` on the 404 page)."""
    return re.sub(r"^(?:\.\./)*(?:/[\w-]+/)?(?=assets/)", "", src)


def test_no_page_gains_a_script_handler_or_unsafe_link(hostile_site: BuiltSite) -> None:
    home = parse_page(hostile_site.site / "index.html")
    own_scripts = Counter(_local(s) for s in home.scripts)
    assert own_scripts, "the home page has the site's scripts"
    checked = 0
    for path in pages(hostile_site.site):
        page = parse_page(path)
        where = path.relative_to(hostile_site.site).as_posix()
        assert page.handlers == [], where
        assert page.bad_links == [], where
        assert Counter(_local(s) for s in page.scripts) == own_scripts, where
        assert not (set(page.content_tags) & EMBEDDING), where
        inputs = {t for t in page.content_tags if t.startswith("input:")}
        assert inputs <= {f"input:{EXPECTED_INPUTS}"}, where
        assert page.content_attrs <= CONTENT_ATTRIBUTES, where
        checked += 1
    assert checked >= len(LEGAL) + 5


def _payloads(fixture: str) -> list[str]:
    """The literal strings of a payload fixture, as written in its YAML."""
    text = (HOSTILE / fixture).read_text(encoding="utf-8")
    tags = re.findall(r'"([A-Z0-9]+) <script>', text)
    assert tags
    out: list[str] = []
    for tag in tags:
        out += [f"{tag} <script>alert('{tag}')</script>", "{{ 7*7 }}"]
        if f"<img src=x onerror=alert('{tag}')>" in text:
            out += [
                f"<script>alert('{tag}')</script> <img src=x onerror=alert('{tag}')> "
                f"{{{{ 7*7 }}}} {{% include '{tag}' %}}"
            ]
    return out


def test_every_case_study_field_shows_its_payload_as_text(hostile_site: BuiltSite) -> None:
    page = case_page(hostile_site, "xss-text.yaml")
    missing = [s for s in _payloads("xss-text.yaml") if s not in page.text]
    assert missing == []
    # Code fields keep their text inside <code>.
    assert "create(<script>alert('SIGNATURE')</script>) -> {{ 7*7 }}" in page.code
    assert "GET /pastes/<img/src=x/onerror=alert('PATH')>{{7*7}}" in page.code
    # The method's questions are shown at the end of each step.
    assert [s for s in _payloads("method/checklist.yaml") if s not in page.text] == []


def test_every_concept_field_shows_its_payload_as_text(hostile_site: BuiltSite) -> None:
    page = parse_page(hostile_site.site / "concepts" / "xss-concept" / "index.html")
    assert [s for s in _payloads("concepts/xss-concept.yaml") if s not in page.text] == []


def test_links_keep_their_whole_address(hostile_site: BuiltSite) -> None:
    case = (hostile_site.site / "case-studies" / "xss-text" / "index.html").read_text()
    concept = (hostile_site.site / "concepts" / "xss-concept" / "index.html").read_text()
    # Quotes, parentheses and angle brackets are percent-encoded: the link cannot end early,
    # gain a title or an attribute.
    assert (
        '<a href="https://example.com/a_b?q=%3Cscript%3Ealert%28%27SOURCE%27%29%3C/script%3E'
        '&amp;x=%22onmouseover=alert%281%29">source</a>'
    ) in case
    assert (
        '<a href="https://example.com/read?q=%3Cscript%3Ealert%28%27CURL%27%29%3C/script%3E'
        '&amp;x=%22onmouseover=%22alert%281%29">'
    ) in concept


def test_front_matter_cannot_break_out_of_the_head(hostile_site: BuiltSite) -> None:
    page = case_page(hostile_site, "front-matter.yaml")
    assert " ".join(page.title.split()) == (
        "Paste </title><script>alert('title')</script> --- layout: evil - System Design Casebook"
    )
    html = (hostile_site.site / "case-studies" / "front-matter" / "index.html").read_text()
    assert (
        '<meta name="description" content="&quot;&gt;&lt;script&gt;alert(&#x27;description'
        '&#x27;)&lt;/script&gt;">'
    ) in html
    assert "\"><script>alert('description')</script>" in page.text


def test_jinja_syntax_is_shown_not_run(hostile_site: BuiltSite) -> None:
    page = case_page(hostile_site, "jinja-literal.yaml")
    for literal in (
        "Design {{ 7*7 }} {% if true %}bins{% endif %}",
        "Jinja {{ 7*7 }} and {% include 'base.html' %} and {# comment #} stay text.",
        "{% raw %}{{ config }}{% endraw %} {{ lipsum() }} {{ config.items() }}",
        "{%- for x in range(3) %}{{ x }}{% endfor %}",
    ):
        assert literal in page.text
    assert "Design 49" not in page.text


def test_structure_attacks_leave_the_page_outline_alone(hostile_site: BuiltSite) -> None:
    base = case_page(hostile_site, "bom.yaml")
    for name in ("heading-breaking.yaml", "code-fences.yaml", "table-breaking.yaml"):
        page = case_page(hostile_site, name)
        assert page.headings == base.headings, name
        assert len(page.mermaid) == len(base.mermaid) == 2, name
    headings = case_page(hostile_site, "heading-breaking.yaml")
    for literal in (
        "# An h1 of our own",
        "Setext heading ==============",
        "## 1. Requirements clarification {#step-1-requirements}",
        'Text with an attribute list {: #step-2-estimation .x onclick="alert(1)" }',
        "# Not a heading",
    ):
        assert literal in headings.text


def test_code_stays_code_and_prose_stays_prose(hostile_site: BuiltSite) -> None:
    page = case_page(hostile_site, "code-fences.yaml")
    assert "<script>alert('fence')</script>\n" in page.code
    assert "flowchart LR\n    a --> b\n    click a call alert(1)\n" in page.code
    assert "~~~ <img src=x onerror=alert('open')>" in page.text
    assert "A code span over two lines `is <b>not</b>` code." in page.text
    assert "``` a fence in one line <script>alert('inline')</script>" in page.text


def test_tables_keep_their_columns(hostile_site: BuiltSite) -> None:
    page = case_page(hostile_site, "table-breaking.yaml")
    widths = [len(row) for row in page.rows]
    assert widths.count(2) >= 4 and widths.count(3) >= 1
    assert ["Pipes | split | cells?", "Escaped \\| pipes and code|pipes stay in one cell."] in (
        page.rows
    )
    assert ["Line breaks in a cell?", "| --- | --- |"] in page.rows
    assert ["a | b | c | d", "hot-spot", "last cell |"] in page.rows
    base = case_page(hostile_site, "bom.yaml")
    assert [len(r) for r in base.rows if len(r) != 2] == [len(r) for r in page.rows if len(r) != 2]


# The whole grammar of the diagrams we write: contributor text can only be inside the quotes,
# where every character but a few harmless ones is a Mermaid entity code.
_LABEL = r'"(?:[A-Za-z0-9 ,.\-_/\'?!+=@()]|#\d+;)*"'
_SHAPES = (
    r"(?:\(\[|\[\(|\{\{|>|\(\(|\[/|\[\\|\[\[|\[|\(|\{)"
    + _LABEL
    + (r"(?:\]\)|\)\]|\}\}|\]|\)\)|\\\]|/\]|\]\]|\)|\})")
)
_WORD = r"[A-Za-z_][\w\-()\[\].,]*"
MERMAID_LINES = [
    re.compile(p)
    for p in (
        r"flowchart (?:LR|RL|TB|TD|BT)",
        r"    n\d+" + _SHAPES,
        r"    n\d+ -->\|" + _LABEL + r"\| n\d+",
        r'    click n\d+ href "\.\./\.\./concepts/[a-z0-9-]+/"',
        r"erDiagram",
        r"    e\d+\[" + _LABEL + r"\] \{",
        rf"        {_WORD} {_WORD}(?: (?:PK|FK|UK)(?:, (?:PK|FK|UK))*)?(?: {_LABEL})?",
        r"    \}",
        r"    e\d+ \|\|--o\{ e\d+ : " + _LABEL,
    )
]


def test_diagram_sources_hold_only_our_own_syntax(hostile_site: BuiltSite) -> None:
    for name in LEGAL:
        for source in case_page(hostile_site, name).mermaid:
            for line in source.strip("\n").split("\n"):
                assert any(p.fullmatch(line) for p in MERMAID_LINES), (name, line)
    labels = case_page(hostile_site, "mermaid-labels.yaml").mermaid[1]
    assert '    n1(["Client#34;#93;#59; click n2 call alert(1)#59; n9#91;#34;x"])' in labels


def test_unicode_survives(hostile_site: BuiltSite) -> None:
    page = case_page(hostile_site, "unicode-text.yaml")
    assert "Design a tiny paste bin — ünïcödé" in page.text
    # Line and paragraph separators are dropped; other characters are kept as written.
    assert "Bidi \u202eevil\u202c, zero\u200bwidth, e\u0301, 🐘, NBSP , LSPS end." in page.text
