"""``accords check``: validate a data file as loading does, then list what a maintainer must fix.

A file that does not load is reported exactly as every command reports it (the same one-line
error and exit code), because it is loaded the same way. A file that loads may still need
work that the loader does not refuse, so that older files stay readable: sources nothing cites,
one page under two ids, tracking parameters in URLs, records out of date order, records after
the coverage end, sources without titles or dates (unless a note says why), candidates without
a dated position, a signed member whose agreement cites no primary text.

It also enforces the sourcing rule: every record rests on a primary text or on two independent
originals (a wire story and its copies count once; unreliable publishers not at all), and each
source is what it claims to be: one story cited once, a headline rather than a description, an
article rather than a feed, tag or author page, a date matching its id, a URL at its
publisher's (or its host's) home, and a registry that knows every publisher. Each finding is
one line naming the record path, in the order of the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlsplit

from accords_cli import dataset, queries
from accords_cli.errors import NotFoundError
from accords_cli.models import Dataset, Publisher, Source, weigh


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
    by_id = {source.id: source for source in data.sources}
    return [
        *_meta(data),
        *_registry(raw, data),
        *_sources(raw, data),
        *_evidence(raw, by_id),
        *_members(raw, data, by_id),
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
        if source.get("published") is None and not _DATE_NOTE.search(str(source.get("note"))):
            yield Finding(
                f"{where}.published",
                f"missing in {_shown(repr(ident))}: give the date on the page,"
                " or a note saying why it has none",
            )
        yield from _one_source(where, source, data)


# A note that explains a missing date names it: "undated", "no date", "the date".
_DATE_NOTE = re.compile(r"\b(?:undated|date|dated)\b", re.IGNORECASE)
# What a page that is not an article looks like: a feed, a tag or topic list, an author profile.
_NOT_ARTICLE = re.compile(
    r"(?:^|/)(?:tag|tags|author|authors|profile|profiles|topic|topics|our-people|staff)(?:/|$)"
    r"|(?:^|/)(?:feed|feeds|rss|atom)$|\.(?:rss|atom)$",
    re.IGNORECASE,
)
# A description where a headline belongs: "Ynetnews report on the summit".
_DESCRIPTION = re.compile(
    r"\b(?:report|article|story|coverage|piece|liveblog|page|post)\s+(?:on|about|of)\b",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"(?:untitled|no title|n/?a|tbd|tba|headline|title|none|-+|\?+)")
_TRUNCATED = ("…", "...", "[…]", "[...]")
_ID_DATE = re.compile(r"-(\d{4})(\d{2})(\d{2})-")


def _one_source(where: str, raw: dict[str, Any], data: Dataset) -> Iterator[Finding]:
    """What is wrong with one source on its face: its title, its id's date, its URL."""
    ident = _shown(repr(str(raw["id"])))
    title = raw.get("title")
    if isinstance(title, str):
        bare = title.strip()
        if bare.endswith(_TRUNCATED):
            yield Finding(f"{where}.title", f"cut short in {ident}: give the whole headline")
        elif _PLACEHOLDER.fullmatch(bare.casefold()):
            yield Finding(f"{where}.title", f"a placeholder in {ident}: give the headline")
        elif _DESCRIPTION.search(bare):
            yield Finding(
                f"{where}.title",
                f"a description in {ident}: give the headline as printed,"
                " or null with a note saying the page shows none",
            )
    stamp = _ID_DATE.search(str(raw["id"]))
    published = raw.get("published")
    if stamp and published is not None and "-".join(stamp.groups()) != str(published):
        yield Finding(f"{where}.id", f"{ident} is dated {'-'.join(stamp.groups())}"
                      f" but published {published}")  # fmt: skip
    url = str(raw["url"]).strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return
    if _NOT_ARTICLE.search(parts.path.rstrip("/") or "/"):
        yield Finding(
            f"{where}.url", f"{ident} is a feed, tag or author page, not the article: cite the page"
        )
    registry = {publisher.id: publisher for publisher in data.publishers}
    if not registry or "publisher_id" not in raw:
        return
    host_id = raw.get("via_id") or raw["publisher_id"]
    host = registry.get(str(host_id))
    if host is not None and not _at_home(parts.hostname or "", host):
        yield Finding(
            f"{where}.url",
            f"{_shown(parts.hostname or url)} is not a domain of {_shown(host.name)}"
            f" ({', '.join(host.domains)}): name the site the page is on as via_id",
        )
    publisher = registry.get(str(raw["publisher_id"]))
    if publisher is None:
        return
    if publisher.kind == "aggregator":
        yield Finding(
            f"{where}.publisher_id",
            f"{_shown(publisher.name)} copies what others wrote: name the original publisher,"
            " and this site as via_id",
        )
    if raw.get("primary") and publisher.kind not in ("government", "intergovernmental"):
        yield Finding(
            f"{where}.primary",
            f"{ident} is marked primary, but {_shown(publisher.name)} is a {publisher.kind}:"
            " a primary text is a government's or a speaker's own",
        )


def _at_home(host: str, publisher: Publisher) -> bool:
    host = host.casefold().removeprefix("www.")
    return any(host == domain or host.endswith("." + domain) for domain in publisher.domains)


def _registry(raw: dict[str, Any], data: Dataset) -> Iterator[Finding]:
    if "publishers" not in raw:
        yield Finding(
            "publishers",
            "missing: without a registry, independence is counted from publisher names",
        )
        return
    used = {s.publisher_id for s in data.sources} | {s.via_id for s in data.sources}
    used |= {p.part_of for p in data.publishers}
    for i, publisher in enumerate(data.publishers):
        if publisher.id not in used:
            yield Finding(f"publishers[{i}]", f"{_shown(repr(publisher.id))} is used by no source")
        if publisher.kind == "aggregator" and publisher.reliability != "unreliable":
            yield Finding(
                f"publishers[{i}].reliability",
                f"{_shown(publisher.name)} is an aggregator: it carries no fact (unreliable)",
            )


def _one_story(raw: dict[str, Any], by_id: dict[str, Source]) -> Iterator[Finding]:
    """Two sources that are one text: the same original publisher and the same headline."""
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    for i, record in enumerate(_records(raw, "sources")):
        source = by_id.get(str(record["id"]))
        if source is None or not source.title:
            continue
        key = (source.origin or source.publisher_id, _words(source.title))
        if key in seen:
            index, other = seen[key]
            yield Finding(
                f"sources[{i}]",
                f"the same story as sources[{index}] ({_shown(repr(other))}): a copy adds no"
                " evidence; keep the original",
            )
        else:
            seen[key] = (i, source.id)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _cited(raw: dict[str, Any]) -> Iterator[tuple[str, list[Any]]]:
    """Every record that cites sources, with its path, in the order of the file."""
    for section in ("members", "candidates", "figures", "events", "quotes"):
        for i, record in enumerate(_records(raw, section)):
            yield f"{section}[{i}]", list(record.get("sources") or [])
            for nested in ("documents", "milestones"):
                for j, inner in enumerate(record.get(nested) or []):
                    yield f"{section}[{i}].{nested}[{j}]", list(inner.get("sources") or [])


def _evidence(raw: dict[str, Any], by_id: dict[str, Source]) -> Iterator[Finding]:
    """Each record resting on neither a primary text nor two independent originals."""
    yield from _one_story(raw, by_id)
    for where, refs in _cited(raw):
        sources = [by_id[str(ref)] for ref in refs if str(ref) in by_id]
        evidence = weigh(sources)
        if evidence.sufficient:
            continue
        if sources and all(source.reliability == "unreliable" for source in sources):
            message = "rests only on unreliable publishers: cite a primary text or two others"
        else:
            message = (
                f"rests on {evidence.independent} independent original"
                f"{'' if evidence.independent == 1 else 's'} and no primary text:"
                " cite a primary text or a second independent original"
            )
        yield Finding(f"{where}.sources", message)


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


def _members(raw: dict[str, Any], data: Dataset, by_id: dict[str, Source]) -> Iterator[Finding]:
    for i, member in enumerate(_records(raw, "members")):
        yield from _agreement_text(f"members[{i}]", member, by_id)
        where = f"members[{i}].milestones"
        milestones = list(member.get("milestones") or [])
        yield from _out_of_order(where, milestones, "milestones")
        for j, milestone in enumerate(milestones):
            yield from _after_end(f"{where}[{j}].date", milestone["date"], data)


def _agreement_text(
    where: str, member: dict[str, Any], by_id: dict[str, Source]
) -> Iterator[Finding]:
    """A signed member's agreement must cite its text: a document dated the day of signing
    resting on a primary source (at its home or a faithful copy)."""
    signed = member.get("signed")
    if signed is None:
        return
    texts = [
        document
        for document in member.get("documents") or []
        if str(document.get("date")) == str(signed)
        and any(getattr(by_id.get(str(ref)), "primary", False) for ref in document["sources"])
    ]
    if not texts:
        yield Finding(
            f"{where}.documents",
            f"nothing signed on {signed} cites a primary text: cite the agreement's text,"
            " at its home or in a faithful copy",
        )


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
