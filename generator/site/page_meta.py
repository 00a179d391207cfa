"""Last-updated date and reading time under a case study's title, filled into the built site.

`casebook build` leaves an empty `<p class="casebook-meta" data-source="…">` under the title of
each case study, naming its source file; `casebook finish site` fills it in whatever builder
made the HTML. The date is the last commit that touched the source, read in one `git log` for
the whole case_studies folder, so a build stays one process call however large the catalogue;
without git (a tarball, a copy without history) the date is left out. Reading time counts the
words of the page's article at 200 words a minute, code blocks left out.
"""

from __future__ import annotations

import html
import math
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

WORDS_PER_MINUTE = 200
_TAG = re.compile(r"<[^>]+>")
_SKIP = re.compile(r"<(pre|script|style)\b.*?</\1>", re.S)
_SLOT = re.compile(r'<p class="casebook-meta" data-source="([^"<>]*)">.*?</p>', re.S)
_ARTICLE_END = "</article>"


def last_updated(root: Path, folder: Path) -> dict[str, str]:
    """Source path (relative to `root`, as pages name it) → ISO date of its last commit."""
    try:
        done = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--relative", "--", str(folder)],
            cwd=root, capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in done.stdout.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line and date:
            dates.setdefault(line, date)  # newest first: keep the first date seen
    return dates


def reading_minutes(page_html: str) -> int:
    words = html.unescape(_TAG.sub(" ", _SKIP.sub(" ", page_html))).split()
    return max(1, math.ceil(len(words) / WORDS_PER_MINUTE))


def meta_line(minutes: int, updated: str | None) -> str:
    """The line's content: "Last updated <date> · <n> min read"."""
    parts = [f'Last updated <time datetime="{updated}">{updated}</time>'] if updated else []
    parts.append(f"{minutes} min read")
    return " · ".join(parts)


def fill_meta(page_html: str, dates: Mapping[str, str]) -> str:
    """The page with its meta line filled in; a page without the slot is returned as it is.

    Filling again gives the same bytes: the words counted are those after the line.
    """
    slot = _SLOT.search(page_html)
    if slot is None:
        return page_html
    end = page_html.find(_ARTICLE_END, slot.end())
    article = page_html[slot.end() : end if end >= 0 else len(page_html)]
    source = html.unescape(slot.group(1))
    line = meta_line(reading_minutes(article), dates.get(source))
    filled = f'<p class="casebook-meta" data-source="{slot.group(1)}">{line}</p>'
    return page_html[: slot.start()] + filled + page_html[slot.end() :]
