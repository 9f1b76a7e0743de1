"""``accords check``: validate a data file as loading does, then list what a maintainer must fix.

A file that does not load is reported exactly as every command reports it (the same one-line
error and exit code), because it is loaded the same way. A file that loads may still need
work that the loader does not refuse, so that older files stay readable: sources nothing cites,
one page under two ids, tracking parameters in URLs, records out of date order, records after
the coverage end, sources without titles (unless a note says why), candidates without a dated
position. Each finding is one line naming the record path, in the order of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlsplit

from accords_cli import dataset, queries
from accords_cli.errors import NotFoundError
from accords_cli.models import Dataset


class Finding(NamedTuple):
    path: str  # where in the file, as validation errors name it: ``sources[3].url``
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


# Query parameters that say how a reader arrived, not which page it is.
_TRACKING_PREFIXES = ("utm_", "at_", "_hs", "pk_", "mtm_")
_TRACKING = frozenset(
    {
        "campaign", "cmp", "cmpid", "dclid", "fbclid", "gbraid", "gclid", "igsh", "igshid",
        "itm_campaign", "itm_medium", "itm_source", "li_fat_id", "mc_cid", "mc_eid", "mkt_tok",
        "msclkid", "ocid", "ref_src", "s_cid", "smid", "summary", "ttclid", "twclid", "wbraid",
        "yclid", "_ga", "_gl",
    }
)  # fmt: skip


def tracking_parameters(url: str) -> list[str]:
    """The names of the tracking parameters in ``url``'s query, in order."""
    try:
        query = urlsplit(url).query
    except ValueError:  # a malformed URL: nothing to say about its parameters
        return []
    names = [name for name, _ in parse_qsl(query, keep_blank_values=True)]
    return [
        name
        for name in dict.fromkeys(names)
        if name.casefold() in _TRACKING or name.casefold().startswith(_TRACKING_PREFIXES)
    ]


def same_page(url: str) -> str:
    """A key equal for two URLs of one page: scheme, case of the host, a trailing slash, the
    fragment and tracking parameters aside."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    tracking = set(tracking_parameters(url))
    kept = [
        f"{name}={value}"
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name not in tracking
    ]
    host = parts.netloc.casefold().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{'&'.join(kept)}"


def findings(raw: dict[str, Any], data: Dataset) -> list[Finding]:
    """What a maintainer should fix in a file that loads; ``raw`` is the file as parsed, in its
    own order, and ``data`` the same file validated."""
    return [
        *_meta(data),
        *_sources(raw, data),
        *_members(raw, data),
        *_candidates(raw, data),
        *_dated(raw, "events", data),
        *_dated(raw, "quotes", data),
    ]


def run(path: str | None) -> None:
    """Check the file at ``path`` (else the one in use); raise when there is anything to fix."""
    from accords_cli.render import write

    data, raw = dataset.load_with_raw(path)  # an invalid file fails as for every command
    found = findings(raw, data)
    if not found:
        write(f"{_shown(data.path)}: valid; nothing to fix\n")
        return
    write("".join(f"{finding}\n" for finding in found))
    noun = "finding" if len(found) == 1 else "findings"
    raise NotFoundError(f"{data.path}: {len(found)} {noun} to fix")


def _shown(text: str) -> str:
    """Text from the file, with anything that could drive the terminal escaped."""
    return queries.shown(text, limit=300)[1:-1]


def _records(raw: dict[str, Any], section: str) -> list[dict[str, Any]]:
    return list(raw.get(section) or [])


# The checks, each yielding findings in the order of the file -------------------------------


def _meta(data: Dataset) -> Iterator[Finding]:
    if data.meta.coverage_end is None:
        yield Finding(
            "meta.coverage_end", "not set: give the date through which events were searched"
        )


def _sources(raw: dict[str, Any], data: Dataset) -> Iterator[Finding]:
    cited = {cited.source.id: cited.cited_by for cited in queries.cited_sources(data)}
    first: dict[str, tuple[int, str]] = {}  # page key -> index and id of its first source
    for i, source in enumerate(_records(raw, "sources")):
        where, ident, url = f"sources[{i}]", str(source["id"]), str(source["url"]).strip()
        if not cited.get(ident):
            yield Finding(where, f"{_shown(repr(ident))} is cited by no record")
        page = same_page(url)
        if page in first:
            index, other = first[page]
            yield Finding(
                f"{where}.url", f"the same page as sources[{index}] ({_shown(repr(other))})"
            )
        else:
            first[page] = (i, ident)
        tracking = tracking_parameters(url)
        if tracking:
            names = _shown(", ".join(tracking))
            yield Finding(f"{where}.url", f"tracking parameters in {_shown(repr(ident))}: {names}")
        if source.get("title") is None and not source.get("note"):
            yield Finding(
                f"{where}.title",
                f"missing in {_shown(repr(ident))}: give the page's headline,"
                " or a note saying why it has none",
            )


def _after_end(where: str, value: Any, data: Dataset) -> Iterator[Finding]:
    end = data.meta.coverage_end
    if end is not None and value and date.fromisoformat(str(value)) > end:
        yield Finding(where, f"{value} is after meta.coverage_end {end}")


def _out_of_order(where: str, records: list[dict[str, Any]], what: str) -> Iterator[Finding]:
    """Each record dated before the one above it."""
    for i in range(1, len(records)):
        this, above = str(records[i]["date"]), str(records[i - 1]["date"])
        if this < above:  # ISO dates sort as text
            yield Finding(
                f"{where}[{i}].date",
                f"{this} is before {where}[{i - 1}] ({above}): keep {what} in date order",
            )


def _members(raw: dict[str, Any], data: Dataset) -> Iterator[Finding]:
    for i, member in enumerate(_records(raw, "members")):
        where = f"members[{i}].milestones"
        milestones = list(member.get("milestones") or [])
        yield from _out_of_order(where, milestones, "milestones")
        for j, milestone in enumerate(milestones):
            yield from _after_end(f"{where}[{j}].date", milestone["date"], data)


def _candidates(raw: dict[str, Any], data: Dataset) -> Iterator[Finding]:
    for i, candidate in enumerate(_records(raw, "candidates")):
        where = f"candidates[{i}].date"
        if candidate.get("date") is None:
            name = _shown(str(candidate["name"]))
            yield Finding(where, f"missing: the date {name}'s position stands as of")
        yield from _after_end(where, candidate.get("date"), data)


def _dated(raw: dict[str, Any], section: str, data: Dataset) -> Iterator[Finding]:
    records = _records(raw, section)
    for i, record in enumerate(records):
        yield from _after_end(f"{section}[{i}].date", record["date"], data)
        yield from _after_end(f"{section}[{i}].end_date", record.get("end_date"), data)
    yield from _out_of_order(section, records, section)
