"""Reproducible output: one build time for every file, and archives without local traces.

`SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds.org convention) is the time
written into every PDF, EPUB, deck and archive entry; `make export` sets it to the time of the
last commit. Without it the current time is used, so the bytes differ between runs.
"""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from generator.problems.problem import CasebookError

# The earliest time a zip entry can hold.
_ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z


def build_time() -> datetime:
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return datetime.fromtimestamp(int(time.time()), tz=UTC)
    try:
        return datetime.fromtimestamp(int(raw), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise CasebookError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {raw!r}"
        ) from None


@dataclass(frozen=True)
class Entry:
    name: str
    data: bytes
    compress: bool = True


def write_zip(target: Path, entries: Iterable[Entry], when: datetime) -> None:
    """A zip whose bytes depend only on `entries` and `when`: fixed order, times and modes."""
    stamp = datetime.fromtimestamp(max(int(when.timestamp()), _ZIP_EPOCH), tz=UTC)
    date_time = stamp.timetuple()[:6]
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED if entry.compress else zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever the machine
            archive.writestr(info, entry.data, compresslevel=9 if entry.compress else None)
    os.replace(tmp, target)  # whole or not at all


def write_bytes(target: Path, data: bytes) -> None:
    """Write `data` whole or not at all: a failed run never leaves half a file behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
