"""Pure functions over the dataset: listings, filters and forgiving name matching. No I/O."""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import chain
from typing import NamedTuple, TypeVar

from accords_cli import age
from accords_cli.errors import NotFoundError, UsageError
from accords_cli.escapes import clean
from accords_cli.models import (
    APOSTROPHES,
    MEMBER_STATUSES,
    Candidate,
    CitedSource,
    Country,
    Dataset,
    Document,
    Event,
    Figure,
    Member,
    Meta,
    Milestone,
    Publisher,
    Quote,
)
from accords_cli.models import fold as fold  # the matching key, kept importable from here

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

T = TypeVar("T")


def shown(text: str, limit: int = 40) -> str:
    """User input as it appears in a message: quoted, shortened, control characters escaped.

    Escaping keeps terminal escapes and right-to-left marks typed by a user (or a script) from
    acting on the terminal that shows the error.
    """
    short = text if len(text) <= limit else text[:limit] + "…"
    return "'" + clean(short) + "'"


def suggest(term: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` names close to ``term`` (``closeness``), comparing whole names and each
    of their words: nothing rather than a guess that is far."""
    from accords_cli import closeness  # only when something was not found

    key = fold(term)
    if not key or len(key) > 60:  # nothing sensible to suggest, and costly to compare
        return []
    forms = ((name, (fold(name), *fold(name).split())) for name in names)
    return closeness.closest(key, forms)[:limit]


def did_you_mean(names: list[str]) -> str:
    if not names:
        return ""
    quoted = [f"'{name}'" for name in names]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"


def _contains_words(folded_name: str, key: str) -> bool:
    """True when ``key`` occurs in the name starting at a word boundary ('rub' yes, 'ubio' no)."""
    return f" {folded_name}".find(f" {key}") >= 0


# Dates --------------------------------------------------------------------------------------


def reach(meta: Meta, today: date | None = None) -> str:
    """How far the data reaches: ``events to 2026-05-13 · checked 2026-11-28``; given
    ``today``, with the age of that end in words: ``events to 2026-05-13, 6 months ago · ...``.

    Two dates, because they differ: reporting was searched through the coverage end, and the
    content was last verified on ``as_of``. Older files have no coverage end: then the check
    date is the end, and it carries the age.
    """
    checked = f"checked {meta.as_of.isoformat()}"
    end = age.reach_end(meta).isoformat()
    if today is not None:
        end += ", " + age.ago(age.reach_end(meta), today)
    if meta.coverage_end is None:
        return f"checked {end}"
    return f"events to {end} · {checked}"


def date_bound(text: str, *, end: bool) -> date:
    """Read YYYY-MM-DD, or YYYY-MM / YYYY meaning the first (or, for ``end``, last) day of it.

    Raises ValueError with a message naming the expected forms.
    """
    match = _PARTIAL_DATE.fullmatch(text.strip())
    try:
        if not match:
            raise ValueError
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if day is None:
            import calendar

            last = calendar.monthrange(year, month)[1]
            return date(year, month, last if end else 1)
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"expected YYYY-MM-DD (or YYYY-MM, YYYY), got {text!r}") from None


def _in_range(start: date, end: date | None, since: date | None, until: date | None) -> bool:
    """Whether [start, end] overlaps [since, until]; a missing bound is open."""
    return (since is None or (end or start) >= since) and (until is None or start <= until)


# Countries ----------------------------------------------------------------------------------


class State(NamedTuple):
    """Any state the data names, whatever its role: member, candidate or other."""

    code: str | None
    name: str
    aliases: tuple[str, ...]
    role: str  # "member", "candidate" or "country"


def states(data: Dataset) -> list[State]:
    found = [State(m.code, m.name, m.aliases, "member") for m in data.members]
    found += [State(c.code, c.name, c.aliases, "candidate") for c in data.candidates]
    found += [State(c.code, c.name, c.aliases, "country") for c in data.countries]
    return found


def resolve_state(data: Dataset, text: str) -> State:
    """Find a state by ISO code, name or alias in any case, accents optional.

    An exact code, name or alias wins; otherwise a unique name that starts with the text.
    Raises NotFoundError listing the candidates when the text is ambiguous, or close names when
    nothing matches.
    """
    key = fold(text)
    every = states(data)
    if not key:
        raise UsageError("no country named: give an ISO code, a name or an alias")
    exact = [s for s in every if key in {fold(n) for n in (s.name, *s.aliases, s.code or "")}]
    if exact:
        return exact[0]
    starting = [
        s for s in every if any(_contains_words(fold(n), key) for n in (s.name, *s.aliases))
    ]
    if len(starting) == 1:
        return starting[0]
    if starting:
        names = ", ".join(f"{s.name} ({s.code or 'no code'})" for s in starting)
        raise NotFoundError(f"{shown(text)} could be {names}; say which")
    # Compare with every name and alias, but suggest each state once, by its name.
    owner = {name: s.name for s in every for name in (s.name, *s.aliases)}
    close = dict.fromkeys(owner[name] for name in suggest(text, owner, limit=10))
    hint = did_you_mean(list(close)[:3])
    raise NotFoundError(f"no country matching {shown(text)}{hint}")


def country_code(data: Dataset, text: str) -> str:
    """The ISO code of a state a user named (for filters); a state without one is an error."""
    state = resolve_state(data, text)
    if state.code is None:
        raise NotFoundError(f"{state.name} has no ISO 3166-1 code to filter on")
    return state.code


def country_names(data: Dataset) -> list[str]:
    """Names and codes of every state, for shell completion."""
    return [value for s in states(data) for value in (s.code, s.name) if value]


# Listings -----------------------------------------------------------------------------------


def _limit(records: Sequence[T], limit: int | None) -> list[T]:
    return list(records[:limit] if limit is not None else records)


def members(
    data: Dataset,
    *,
    status: str | None = None,
    as_of: date | None = None,
    limit: int | None = None,
) -> list[Member]:
    """Members in order of announcement; ``as_of`` gives each as it stood on that day."""
    found = sorted(data.members, key=lambda m: m.announced)
    if as_of is not None:
        found = [then for m in found if (then := member_as_of(m, as_of)) is not None]
    if status is not None:
        found = [m for m in found if m.status == status]
    return _limit(found, limit)


def in_force_since(member: Member) -> date | None:
    """When an in-force member's agreement took effect: its last ratification, else signing."""
    if member.status != "in-force" or member.signed is None:
        return None
    ratified = [m.date for m in member.milestones if m.kind == "ratification"]
    return max([member.signed, *ratified])


def member_as_of(member: Member, day: date) -> Member | None:
    """The member's record as it stood on ``day``, or None if not yet announced.

    Signing data appear only once signed; an agreement counts as in force from its last
    ratification step (``in_force_since``); milestones and documents after ``day`` are dropped.
    """
    if member.announced > day:
        return None
    signed = member.signed if member.signed and member.signed <= day else None
    if signed is None:
        status = "announced"
    elif member.status == "in-force":
        since = in_force_since(member)
        status = "in-force" if since is not None and since <= day else "signed"
    else:
        status = member.status
    return member._replace(
        status=status,
        status_note=f"As it stood on {day}: {MEMBER_STATUSES[status]}.",
        signed=signed,
        signed_at=member.signed_at if signed else None,
        agreement=member.agreement if signed else None,
        signatories=member.signatories if signed else (),
        documents=tuple(d for d in member.documents if d.date <= day),
        milestones=tuple(m for m in member.milestones if m.date <= day),
    )


def publishers(
    data: Dataset,
    *,
    kind: str | None = None,
    country: str | None = None,
    reliability: str | None = None,
    limit: int | None = None,
) -> list[Publisher]:
    """The publisher registry, in the file's order, filtered by kind, home and rating."""
    found = [
        publisher
        for publisher in data.publishers
        if (kind is None or publisher.kind == kind)
        and (country is None or publisher.country == country)
        and (reliability is None or publisher.reliability == reliability)
    ]
    return _limit(found, limit)


def figures(
    data: Dataset,
    *,
    country: str | None = None,
    indicator: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
) -> list[Figure]:
    """Figures by indicator, then the states they concern, then period; figures of one thing
    by different measurers end up side by side, never averaged."""
    found = [
        figure
        for figure in data.figures
        if (country is None or country in figure.countries)
        and (indicator is None or figure.indicator == indicator)
        and _in_range(figure.start, figure.end, since, until)
    ]
    found.sort(key=lambda f: (f.indicator, f.countries, f.start, f.end, f.measured_by))
    return _limit(found, limit)


def candidates(data: Dataset, *, limit: int | None = None) -> list[Candidate]:
    """Every prospective member, most recent stated position first, undated ones last."""
    return _limit(sorted(data.candidates, key=lambda c: c.date or date.min, reverse=True), limit)


def timeline(
    data: Dataset,
    *,
    since: date | None = None,
    until: date | None = None,
    country: str | None = None,
    kind: str | None = None,
    reverse: bool = False,
    limit: int | None = None,
) -> list[Event]:
    """Events oldest first (newest first with ``reverse``), filtered.

    ``since``/``until`` keep events that overlap the range (a multi-day event counts on each of
    its days); ``country`` is an ISO code.
    """
    pool = data.events if country is None else _concerning(data.events, country)
    found = [
        e
        for e in pool
        if _in_range(e.date, e.end_date, since, until)
        and (country is None or country in e.countries)
        and (kind is None or e.kind == kind)
    ]
    return _limit(found[::-1] if reverse else found, limit)


def speakers(data: Dataset) -> list[str]:
    """Every speaker's name, once each, in order of first quote."""
    return [name for name, _ in _folded_speakers(data)]


# Lookups by speaker or state go through these three, which use the cache's indexes where the
# data came from it (lazy.Section), so that they read only the records they return.


def _folded_speakers(data: Dataset) -> list[tuple[str, str]]:
    """Every speaker's name with its folded form, once each, in order of first quote."""
    indexed = getattr(data.quotes, "speakers", None)
    if indexed is not None:
        return list(indexed())
    return [(name, fold(name)) for name in dict.fromkeys(q.speaker for q in data.quotes)]


def quotes_by(data: Dataset, names: Sequence[str]) -> list[Quote]:
    """The quotes of the speakers with exactly these names, oldest first."""
    indexed = getattr(data.quotes, "by_speakers", None)
    if indexed is not None:
        return list(indexed(names))
    wanted = set(names)
    return [q for q in data.quotes if q.speaker in wanted]


def _concerning(records: Sequence[T], code: str) -> list[T]:
    """The events or quotes naming the state with this ISO code."""
    indexed = getattr(records, "concerning", None)
    if indexed is not None:
        return list(indexed(code))
    return [r for r in records if code in r.countries]  # type: ignore[attr-defined]


# People -------------------------------------------------------------------------------------


def _names_of(data: Dataset) -> dict[str, tuple[str, ...]]:
    """Each person's name with every variant of it: the name itself, then its aliases."""
    return {person.name: (person.name, *person.aliases) for person in data.people}


def speaker_names(data: Dataset, text: str = "") -> list[str]:
    """Speakers' names and their aliases (``MBS``, ``Bibi``) starting with ``text``, for
    completion; the folded names come from the cache's speaker index where there is one."""
    key = fold(text)
    variants = _names_of(data)
    found = []
    for name, folded in _folded_speakers(data):
        if folded.startswith(key):
            found.append(name)
        found += [alias for alias in variants.get(name, ())[1:] if fold(alias).startswith(key)]
    return found


def _speaker_matches(variants: tuple[str, ...], key: str) -> bool:
    return any(_contains_words(fold(name), key) for name in variants)


def _last_words(folded_name: str, key: str) -> bool:
    """True when ``key`` is the name's last whole words: 'netanyahu', 'bin salman', the name."""
    return f" {folded_name}".endswith(f" {key}")


def person_variants(data: Dataset, term: str) -> list[str]:
    """The other names of every person ``term`` names: one of their names, or its last words.

    ``othmani`` ends the alias "El Othmani", so it yields "Saad Dine El Otmani", "El Otmani"
    and the rest. A part of a word (``netan``) or a first name (``mohammed``) yields nothing,
    so search stays literal where a term names no one in particular.
    """
    key = fold(term)
    found: list[str] = []
    for variants in _names_of(data).values():
        if key and any(_last_words(fold(name), key) for name in variants):
            found += [name for name in variants if fold(name) != key]
    return list(dict.fromkeys(found))


def quotes(
    data: Dataset,
    speaker: str | None = None,
    *,
    country: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
) -> list[Quote]:
    """Quotes oldest first, optionally of speakers whose name contains ``speaker``.

    The speaker matches any part of the name or of one of its aliases (``data.people``) from a
    word's start, in any case, accents and apostrophes optional. Raises NotFoundError naming up
    to three close speakers when no speaker matches.
    """
    if speaker is None:
        found = list(data.quotes) if country is None else _concerning(data.quotes, country)
    else:
        key = fold(speaker)
        if not key:
            raise UsageError("the speaker is empty: give part of a name, such as 'rubio'")
        variants = _names_of(data)
        named = [
            name
            for name, folded in _folded_speakers(data)
            if _contains_words(folded, key) or _speaker_matches(variants.get(name, ())[1:], key)
        ]
        found = quotes_by(data, named)
        if not found:
            # Compare with every name and alias, but suggest each speaker once, by the name.
            owner = {name: s for s in speakers(data) for name in variants.get(s, (s,))}
            close = dict.fromkeys(owner[name] for name in suggest(speaker, owner, limit=10))
            hint = did_you_mean(list(close)[:3])
            raise NotFoundError(f"no quotes by a speaker matching {shown(speaker)}{hint}")
    found = [
        q
        for q in found
        if _in_range(q.date, None, since, until) and (country is None or country in q.countries)
    ]
    return _limit(found, limit)


def cited_sources(data: Dataset) -> list[CitedSource]:
    """Every source with how many records cite it, most cited first, then by publisher."""
    counts: Counter[str] = Counter()
    # A chain, not a list: a large file's records are counted as they are read.
    records: Iterable[Member | Candidate | Event | Quote | Milestone | Document | Figure] = chain(
        data.members,
        data.candidates,
        data.figures,
        data.events,
        data.quotes,
        (m for member in data.members for m in member.milestones),
        (d for member in data.members for d in member.documents),
    )  # fmt: skip
    for record in records:
        counts.update({source.id for source in record.sources})
    cited = [CitedSource(source, counts[source.id]) for source in data.sources]
    return sorted(cited, key=lambda c: (-c.cited_by, c.source.publisher.casefold()))


# Profiles and search ------------------------------------------------------------------------


class Profile(NamedTuple):
    """One state's facts with the events, quotes and figures that concern it."""

    state: State
    record: Member | Candidate | Country
    events: list[Event]
    quotes: list[Quote]
    figures: list[Figure]


def profile(data: Dataset, text: str) -> Profile:
    state = resolve_state(data, text)
    pool: list[Member | Candidate | Country] = [*data.members, *data.candidates, *data.countries]
    record = next(r for r in pool if r.name == state.name and r.code == state.code)
    code = state.code
    return Profile(
        state=state,
        record=record,
        events=_concerning(data.events, code) if code else [],
        quotes=_concerning(data.quotes, code) if code else [],
        figures=figures(data, country=code) if code else [],
    )


class Hit(NamedTuple):
    """A search result: which kind of record, the record, and the fields that matched."""

    kind: str  # "member", "candidate", "event" or "quote"
    record: Member | Candidate | Event | Quote
    fields: tuple[str, ...]
    also: tuple[str, ...] = ()  # other names of a person the term names, also looked for


SEARCHED = {
    "member": ("name", "aliases", "status_note", "agreement", "prior_relations", "note"),
    "candidate": ("name", "aliases", "position", "note"),
    "event": ("title", "summary"),
    "quote": ("text", "speaker", "context"),
}


def search(data: Dataset, term: str) -> list[Hit]:
    """Records containing ``term``, ignoring case and accents, grouped by kind.

    A term that names a person (``othmani``, ``mbs``: see ``person_variants``) also finds
    their other names (``El Otmani``, ``Mohammed bin Salman``).
    """
    key = fold(term)
    if not key:
        raise UsageError("the search term is empty: give some letters or digits to look for")
    also = tuple(person_variants(data, term))
    keys = [key, *(fold(name) for name in also)]
    pools: dict[str, Sequence[Member | Candidate | Event | Quote]] = {
        "member": data.members,
        "candidate": data.candidates,
        "event": data.events,
        "quote": data.quotes,
    }
    hits = []
    for kind, records in pools.items():
        for record in records:
            fields = tuple(
                name
                for name in SEARCHED[kind]
                if any(_matches(getattr(record, name), k) for k in keys)
            )
            if fields:
                hits.append(Hit(kind, record, fields, also))
    return hits


def match_spans(text: str, term: str, *more: str) -> list[tuple[int, int]]:
    """Where ``term`` (or any of ``more``) occurs in ``text`` as ``search`` matches it.

    (start, end) indexes of text, in order.
    """
    if more:
        return sorted({span for each in (term, *more) for span in match_spans(text, each)})
    key = fold(term)
    folded: list[str] = []
    origin: list[int] = []  # for each folded character, the index of its source character
    for index, char in enumerate(text):
        if unicodedata.combining(char) or APOSTROPHES.match(char):
            continue
        for piece in fold(char) or " ":
            if piece == " " and (not folded or folded[-1] == " "):
                continue
            folded.append(piece)
            origin.append(index)
    haystack = "".join(folded)
    spans = []
    start = haystack.find(key) if key else -1
    while start >= 0:
        end = start + len(key)
        spans.append((origin[start], origin[end - 1] + 1))
        start = haystack.find(key, end)
    return spans


def _matches(value: object, key: str) -> bool:
    if isinstance(value, tuple):
        return any(_matches(item, key) for item in value)
    return isinstance(value, str) and key in fold(value)
