"""Last-updated date and reading time under a case study's title.

The date is the last commit that touched the page's source file (its YAML), read from git in one
`git log` for the whole case_studies folder, so a build stays one process call however large the
catalogue; without git (a tarball, a shallow copy without history) the date is left out. Reading
time counts the words a reader reads in the built page at 200 words a minute.
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
_H1_END = "</h1>"


def last_updated(root: Path, folder: Path) -> dict[str, str]:
    """Source path (relative to `root`, as in the manifest) → ISO date of its last commit."""
    try:
        done = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", str(folder)],
            cwd=root, capture_output=True, text=True, check=True, timeout=60,
        )
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


def with_meta(page_html: str, updated: str | None) -> str:
    """The page with a line under its h1: "Last updated <date> · <n> min read"."""
    parts = [f"Last updated <time datetime=\"{updated}\">{updated}</time>"] if updated else []
    parts.append(f"{reading_minutes(page_html)} min read")
    line = f'\n<p class="casebook-meta">{" · ".join(parts)}</p>'
    at = page_html.find(_H1_END)
    if at < 0:
        return page_html
    at += len(_H1_END)
    return page_html[:at] + line + page_html[at:]


def meta_for(sources: Mapping[str, str], dates: Mapping[str, str], src: str) -> str | None:
    """The last-updated date of generated page `src`, from its source file, if known."""
    source = sources.get(src)
    return dates.get(source) if source else None
