"""The cheat sheet: the seven-step method on one page, for the site and as a one-page PDF.

Each fact comes from where it is kept: step titles from `steps.py`, each step's purpose from
the first sentence of its **Purpose:** paragraph in `docs/method.md`, its key questions from
the method checklist (`case_studies/method/checklist.yaml`), and every rule of thumb is
computed by the estimate engine, so it is rounded and written exactly as figures on the site
are. Only the time budget and the latency table are kept here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import jinja2

from generator.estimate.present import present
from generator.format.models import Assumption, Derived, Estimation, MethodChecklist
from generator.format.steps import STEPS, StepInfo
from generator.problems.problem import CasebookError
from generator.project import Project
from generator.render.pages import Page, render_page

PAGE = "reference/cheat-sheet.md"
TEMPLATE = "cheat_sheet.md.j2"
METHOD_PAGE = "method.md"
QUESTIONS = 4  # key questions per step: the first ones of the method checklist
PDF_FILE = "cheat-sheet.pdf"

# Minutes of a 45-minute interview spent on each step.
TIME_BUDGET: dict[str, int] = {
    "requirements": 5,
    "estimation": 5,
    "interface": 5,
    "data_model": 5,
    "high_level_design": 10,
    "detailed_design": 10,
    "bottlenecks": 5,
}

CONVENTIONS: tuple[str, ...] = (
    "Decimal prefixes: 1 KB = 1,000 B, 1 MB = 1,000 KB; KiB, MiB, … are binary (1 KiB = 1,024 B).",
    "A day is 86,400 s, a month 30 days, a year 365 days.",
    "Peak factor, replication factor, retention and cache ratio are named assumptions, "
    "never hidden constants.",
    "Every figure shows its formula, its exact value and a rounded one "
    "(3 significant figures, in a readable unit).",
)

LATENCY_SOURCE = "https://gist.github.com/jboner/2841832"
# Jeff Dean's and Peter Norvig's "numbers everyone should know", as usually quoted.
LATENCIES: tuple[tuple[str, str], ...] = (
    ("L1 cache reference", "0.5 ns"),
    ("Branch mispredict", "5 ns"),
    ("L2 cache reference", "7 ns"),
    ("Mutex lock or unlock", "25 ns"),
    ("Main memory reference", "100 ns"),
    ("Compress 1 KB (Snappy)", "3 µs"),
    ("Send 1 KB over 1 Gbps", "10 µs"),
    ("Read 4 KB at random from SSD", "150 µs"),
    ("Read 1 MB in sequence from memory", "250 µs"),
    ("Round trip within a datacenter", "500 µs"),
    ("Read 1 MB in sequence from SSD", "1 ms"),
    ("Disk seek", "10 ms"),
    ("Read 1 MB in sequence from disk", "20 ms"),
    ("Packet California → Netherlands → California", "150 ms"),
)

# Rules of thumb, computed: (label, formula, display unit).
RULES: tuple[tuple[str, str, str], ...] = (
    ("1 million requests a day", "1e6 request/day", "request/s"),
    ("1 billion requests a month", "1e9 request/month", "request/s"),
    ("1 KB/s for a day", "1 KB/s * day", "MB"),
    ("1 TB a month", "1 TB / month", "KB/s"),
    ("Downtime a year at 99.9 %", "(1 - 0.999) * year", "h"),
    ("Downtime a year at 99.99 %", "(1 - 0.9999) * year", "min"),
    ("Downtime a month at 99.99 %", "(1 - 0.9999) * month", "min"),
    ("Downtime a year at 99.999 %", "(1 - 0.99999) * year", "min"),
)


@dataclass(frozen=True)
class StepSummary:
    step: StepInfo
    purpose: str
    minutes: int
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    label: str
    formula: str
    value: str  # rounded as the site rounds figures


@dataclass(frozen=True)
class CheatSheet:
    steps: tuple[StepSummary, ...]
    conventions: tuple[str, ...]
    latencies: tuple[tuple[str, str], ...]
    rules: tuple[Rule, ...]

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.steps)


_SECTION = re.compile(r"^## (\d+)\. .*$", re.M)
_PURPOSE = re.compile(r"\*\*Purpose:\*\*\s+(.+?)(?:\n\s*\n|\Z)", re.S)


def purposes(method_text: str) -> dict[int, str]:
    """Step number → the first sentence of its purpose, from the method page."""
    found: dict[int, str] = {}
    sections = list(_SECTION.finditer(method_text))
    for i, section in enumerate(sections):
        end = sections[i + 1].start() if i + 1 < len(sections) else len(method_text)
        match = _PURPOSE.search(method_text, section.end(), end)
        if match:
            paragraph = " ".join(match.group(1).split())
            sentence = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
            found[int(section.group(1))] = sentence[:1].upper() + sentence[1:]
    return found


def rules() -> tuple[Rule, ...]:
    """The rules of thumb, evaluated and rounded by the estimate engine."""
    estimation = Estimation(
        assumptions=(Assumption(name="one", value=1),),
        derived=tuple(
            Derived(name=f"rule_{i}", formula=formula, unit=unit)
            for i, (_, formula, unit) in enumerate(RULES)
        ),
    )
    rows = present(estimation).figures
    return tuple(
        Rule(label, row.formula, row.rounded)
        for (label, _, _), row in zip(RULES, rows, strict=True)
    )


def cheat_sheet(project: Project, method: MethodChecklist | None) -> CheatSheet:
    path = project.docs / METHOD_PAGE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CasebookError(f"cannot read {project.display(path)}: {exc.strerror}") from None
    purpose = purposes(text)
    missing = [str(s.number) for s in STEPS if s.number not in purpose]
    if missing:
        raise CasebookError(
            f"{project.display(path)}: no **Purpose:** paragraph under step {', '.join(missing)}"
        )
    return CheatSheet(
        steps=tuple(
            StepSummary(s, purpose[s.number], TIME_BUDGET[s.field], _questions(method, s))
            for s in STEPS
        ),
        conventions=CONVENTIONS,
        latencies=LATENCIES,
        rules=rules(),
    )


def _questions(method: MethodChecklist | None, step: StepInfo) -> tuple[str, ...]:
    if method is None:
        return ()
    return tuple(item.text for item in getattr(method, step.field)[:QUESTIONS])


def cheat_sheet_pages(
    env: jinja2.Environment, project: Project, method: MethodChecklist | None
) -> Sequence[Page]:
    """The site page (`reference/cheat-sheet.md`); its source is the method page, so a
    project without one (a test catalogue, say) has no cheat sheet."""
    if not (project.docs / METHOD_PAGE).is_file():
        return []
    sheet = cheat_sheet(project, method)
    page = render_page(
        env, TEMPLATE, PAGE, sheet=sheet, minutes=sheet.minutes, latency_source=LATENCY_SOURCE
    )
    return [Page(page.path, page.text, source=f"docs/{METHOD_PAGE}")]
