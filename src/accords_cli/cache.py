"""A cache of parsed data files, so that most calls skip importing YAML and parsing it.

The parsed (not yet validated) content is kept as JSON under ``$XDG_CACHE_HOME/accords`` (or
``~/.cache/accords``), one file per top-level section, in a folder named after the program
version and a checksum and size of the data file's bytes: editing the file or upgrading the
program simply misses. A command reads only the sections it uses, so it stays quick however
large the other sections grow. Loading always validates what it builds, so a damaged or
hand-edited cache file cannot smuggle in bad records.

Every failure here is silent: a missing or corrupt section is a miss and is rewritten; an
unwritable directory is skipped. ``ACCORDS_NO_CACHE=1`` turns the cache off.
"""

import contextlib
import json
import os
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accords_cli import __version__

DISABLE_ENV = "ACCORDS_NO_CACHE"


def enabled() -> bool:
    return os.environ.get(DISABLE_ENV, "") in ("", "0")


def directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "accords"


def folder(content: bytes) -> Path:
    """Where the sections parsed from these file bytes are kept."""
    return directory() / f"data-{__version__}-{len(content)}-{zlib.crc32(content):08x}"


def get(content: bytes, sections: Iterable[str]) -> dict[str, Any] | None:
    """The cached ``sections`` parsed from these file bytes, or None if any is missing."""
    if not enabled():
        return None
    where = folder(content)
    found = {}
    try:
        for section in sections:
            with open(where / f"{section}.json", encoding="utf-8") as stream:
                found[section] = json.load(stream)
    except (OSError, ValueError):
        return None
    return found


def put(content: bytes, parsed: dict[str, Any]) -> None:
    """Keep each section of ``parsed``; each file is written whole or not at all."""
    if not enabled():
        return
    where = folder(content)
    with contextlib.suppress(OSError):
        where.mkdir(parents=True, exist_ok=True)
    for section, value in parsed.items():
        target = where / f"{section}.json"
        temporary = where / f".{section}.{os.getpid()}.tmp"
        try:
            with open(temporary, "w", encoding="utf-8") as stream:
                json.dump(value, stream, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, target)  # atomic: readers see no entry or a whole one
        except (OSError, TypeError, ValueError):
            with contextlib.suppress(OSError):
                temporary.unlink()
