"""The one jinja2 environment and the contexts it renders.

Templates hold layout only. Everything they print must be `Markup` produced by an escape
function: `finalize` refuses a plain string, so contributor text cannot reach the page
unescaped by accident. Anchors and other derived values are computed here, not in templates.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

import jinja2
from markupsafe import Markup

from generator.enrich.site import DIFFICULTY_ORDER, Site
from generator.fork import in_order
from generator.format.steps import STEPS
from generator.markup import escape, paths
from generator.render.checklists import CaseBlock, case_blocks, checklist_pages
from generator.render.crosslinks import case_links_context, concept_context, concept_index_context
from generator.render.estimates import comparison_context, estimate_context
from generator.render.memo import PageEnvironment, kept, kept_each, render_text

R = TypeVar("R")


class UnescapedText(jinja2.TemplateError):
    """A template printed a plain string: it must go through an escape filter."""


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup | int) and not isinstance(value, bool):
        return value
    raise UnescapedText(
        f"template printed an unescaped value {value!r}; use |text, |inline, |block or |code"
    )


# Prose on a case-study page shows backticked figure names with their values: the page's
# context carries them as `figures` (see `estimates.estimate_context`).
@jinja2.pass_context
def _inline(context: jinja2.runtime.Context, value: object, own: bool = True) -> Markup:
    return escape.inline(value, context.get("figures") if own else None)


@jinja2.pass_context
def _block(context: jinja2.runtime.Context, value: object, indent: int = 0) -> Markup:
    return escape.block(value, indent, context.get("figures"))


def make_environment(templates: Path) -> PageEnvironment:
    env = PageEnvironment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=_finalize,
        auto_reload=False,
        # `{#id}` is Markdown's attribute-list syntax for anchors, so comments use `{##`.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters.update(
        text=escape.text,
        inline=_inline,
        block=_block,
        code=escape.code,
        json=escape.json_string,
        number=escape.number,
        url=escape.url,
        attribute=escape.attribute,
    )
    return env


def slugify(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug or "item"


def unique_anchors(prefix: str, names: list[str]) -> list[Markup]:
    """Stable, unique anchors for a list of contributor names.

    A repeated slug gets `-2`, `-3`, …, skipping any anchor already taken, so that `Create`,
    `create` and `Create 2` give three ids, not two `op-create-2`.
    """
    used: set[str] = set()
    out: list[Markup] = []
    for name in names:
        base = f"{prefix}-{slugify(name)}"
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        out.append(Markup(anchor))
    return out


@dataclass(frozen=True)
class Page:
    """One generated file: its path relative to docs/ and its text."""

    path: str
    text: str
    # The file a reader should edit to change the page, relative to the project root
    # (for "edit this page"); None when no single file is its source.
    source: str | None = None


def render_page(env: jinja2.Environment, template: str, path: str, **context: Any) -> Page:
    return Page(path, render_text(env, template, path, context))


def step_budget() -> Markup:
    """Minutes per step number, as an HTML attribute value, for practice mode's timer."""
    budget = {str(s.number): s.minutes for s in STEPS}
    return Markup(html.escape(json.dumps(budget, separators=(",", ":"))))


def neighbours(site: Site, case_id: str) -> dict[str, Any]:
    """The case studies before and after this one in catalogue order (None at either end)."""
    i = site.order.index(case_id)
    before = site.cases[site.order[i - 1]].model if i > 0 else None
    after = site.cases[site.order[i + 1]].model if i + 1 < len(site.order) else None
    return {"previous_case": before, "next_case": after}


def _blocks(env: jinja2.Environment, site: Site, case_id: str) -> dict[str, CaseBlock]:
    """A case study's checklist blocks, which depend on it and the method alone."""
    case = site.cases[case_id]
    return kept(
        env,
        f"blocks/{case_id}",
        (case.model, site.method),
        lambda: case_blocks(case.model, site.method, case.derived_items),
    )


def case_context(site: Site, case_id: str, env: jinja2.Environment) -> Mapping[str, Any]:
    case = site.cases[case_id]
    model = case.model
    return {
        **neighbours(site, case_id),
        "case": model,
        "source_path": Markup(case.source_path),
        # `casebook finish site` fills the line under the title from this attribute.
        "meta_source": Markup(html.escape(case.source_path, quote=True)),
        "steps": {s.field: s for s in STEPS},
        "budget": step_budget(),
        "case_id": Markup(model.id),  # validated: lowercase letters, digits and hyphens
        "operation_anchors": unique_anchors("op", [op.name for op in model.interface.operations]),
        "entity_anchors": unique_anchors("entity", [e.name for e in model.data_model.entities]),
        **case_links_context(site, case_id),  # related, concept links, diagrams
        "checklists": _blocks(env, site, case_id),
        **estimate_context(site, case_id),  # step 2 rows, at a glance, what-if calculator data
    }


@dataclass(frozen=True)
class CatalogueRow:
    case: Any  # the CaseStudy
    difficulty_rank: int  # easy first: the sort key of the difficulty column
    items: int  # checklist items on its page, the denominator of the reader's progress


def catalogue_context(site: Site, env: jinja2.Environment) -> Mapping[str, Any]:
    rows = []
    for cid in site.order:
        model = site.cases[cid].model
        total = sum(block.count for block in _blocks(env, site, cid).values())
        rows.append(CatalogueRow(model, DIFFICULTY_ORDER[model.difficulty.value], total))
    return {"rows": rows}


def _concept(env: jinja2.Environment, site: Site, concept_id: str) -> Mapping[str, Any]:
    """A concept page's context, which depends on the concept, where it is used and the titles
    of the case studies using it."""
    usages = site.links.used_in.get(concept_id, ())
    titles = tuple(site.cases[u.case_id].model.title for u in usages)
    key = (site.concepts[concept_id], usages, titles)
    return kept(env, f"concept/{concept_id}", key, lambda: concept_context(site, concept_id))


class Each(Protocol):
    """How the case pages are mapped: one by one (`fork.in_order`), or on every core
    (`fork.split_map`)."""

    def __call__(
        self,
        fn: Callable[[str], R],
        ids: Sequence[str],
        /,
        *,
        besides: Iterable[object] | None = None,
    ) -> list[R]: ...


def case_page(site: Site, env: jinja2.Environment, case_id: str) -> Page:
    page = render_page(
        env, "case_study.md.j2", paths.case_page(case_id), **case_context(site, case_id, env)
    )
    return replace(page, source=site.cases[case_id].source_path)


def render_site(
    site: Site, env: jinja2.Environment, then: Callable[[Page], R], each: Each = in_order
) -> list[R]:
    """`then` of every page of the site, applied as each is made (where it is made: a forked
    child sends back only what `then` gives). `each` maps the case pages; a cold build maps
    them on every core, rendering the other pages in this process while the children render
    theirs."""
    others: list[R] = []

    def other_pages() -> Iterator[None]:  # one step a page
        for page in _other_pages(site, env):
            others.append(then(page))
            yield None

    pages = each(
        lambda case_id: then(case_page(site, env, case_id)), site.order, besides=other_pages()
    )
    return pages + others


def _other_pages(site: Site, env: jinja2.Environment) -> Iterator[Page]:
    """The catalogue, comparison, concept and checklist pages, one at a time."""
    yield render_page(env, "catalogue.md.j2", paths.CASE_INDEX, **catalogue_context(site, env))
    yield render_page(env, "comparison.md.j2", paths.COMPARISON, **comparison_context(site))
    for cid in site.concepts:
        context = _concept(env, site, cid)
        page = render_page(env, "concept.md.j2", paths.concept_page(cid), **context)
        yield replace(page, source=site.concept_paths.get(cid))
    yield render_page(env, "concepts.md.j2", paths.CONCEPT_INDEX, **concept_index_context(site))
    cases = [site.cases[cid].model for cid in site.order]
    # The checklist pages show every item and each case study's id and title, nothing else.
    key = (site.checklists, tuple((c.id, c.title) for c in cases))
    made = kept_each(env, "checklists", key, lambda: checklist_pages(env, site.checklists, cases))
    for path, text in made:
        yield Page(path, text)
