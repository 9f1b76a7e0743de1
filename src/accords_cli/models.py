"""Typed, immutable records of the dataset.

Each record owns its JSON shape (``to_dict``): keys in a stable order, dates as ISO 8601
strings, ``None`` (JSON ``null``) where a value is unknown. These shapes are a public contract:
keys may be added, never renamed or removed.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import Any, NamedTuple

# The status of a member, from the furthest step it has reached.
MEMBER_STATUSES = {
    "in-force": "agreement signed and in effect: relations established and implemented",
    "signed": "agreement signed but never ratified or implemented",
    "announced": "accession announced, no agreement signed yet",
}

# What an event is about.
EVENT_KINDS = {
    "announcement": "a normalization or accession is announced",
    "signing": "an Accords document is signed",
    "ratification": "a government or parliament approves a signed agreement",
    "diplomatic": "an embassy, liaison office or ambassador",
    "agreement": "a bilateral treaty or deal between members",
    "summit": "a multilateral meeting",
    "visit": "an official visit",
    "statement": "a stated position or policy",
    "setback": "a suspension, conflict or reversal that strains the Accords",
    "flights": "direct flights opened, suspended or resumed",
    "policy": "a law, sanction or recognition decision tied to normalization",
}


APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u02bb`\u00b4]")
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """A matching key: no accents, no apostrophes, any case, words split on punctuation.

    ``fold("Gideon Sa'ar") == "gideon saar"``; ``fold("Émirats") == "emirats"``. Lookups match
    on it, validation uses it to keep names that lookups would confuse apart, and the cache
    indexes speakers by it.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = APOSTROPHES.sub("", bare.casefold())
    return _NOT_WORD.sub(" ", bare).strip()


def _jsonable(value: Any) -> Any:
    if type(value) is str or value is None:  # most values: checked first, it is the hot path
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        if hasattr(value, "to_dict"):
            return value.to_dict()
        return [_jsonable(item) for item in value]
    return value


def as_dict(record: Any) -> dict[str, Any]:
    """A record's JSON shape: its fields in declaration order, dates as ISO strings."""
    return {key: _jsonable(value) for key, value in zip(record._fields, record, strict=True)}


# Records are NamedTuples: immutable, and cheap to define, which every call's start-up pays for.
# Their fields are declared in the order of their JSON keys.


# What kind of body a publisher is, and how far its reporting can be trusted (in the spirit of
# Wikipedia's list of perennial sources).
PUBLISHER_KINDS = {
    "government": "a government, its ministries, missions, agencies and legislature",
    "intergovernmental": "the UN, the EU, the Arab League and other bodies of states",
    "wire": "a news agency whose stories other outlets reprint",
    "newspaper": "a newspaper or news site with its own newsroom",
    "broadcaster": "a television or radio broadcaster",
    "magazine": "a magazine or journal of news and opinion",
    "think-tank": "a think tank, university or academic publisher",
    "aggregator": "a site that copies, mirrors or rewrites what others published",
    "blog": "a blog, a partisan site, or anything else",
}
RELIABILITY = {
    "reliable": "generally reliable for facts",
    "attribution": "use with attribution: partisan, state-run or uneven",
    "unreliable": "never carries a fact alone",
}
AFFILIATIONS = {
    "state-owned": "owned by a state",
    "state-affiliated": "funded or directed by a state",
    "party-affiliated": "owned by or tied to a party or movement",
}


class Publisher(NamedTuple):
    """Who wrote a source's text, or who hosts a copy of it: a registry entry."""

    id: str
    name: str
    kind: str
    country: str | None  # ISO 3166-1 code of its home, None for an international body
    affiliation: str | None  # state-owned, state-affiliated, party-affiliated, or None
    affiliated_with: str | None  # whose: "Government of the United Arab Emirates"
    reliability: str
    reason: str  # one line: why it is rated so
    domains: tuple[str, ...]  # its home on the web: a URL at one of these is at home
    part_of: str | None = None  # the body it belongs to (a mission of a ministry): one voice

    def to_dict(self) -> dict[str, Any]:
        return as_dict(self)


class Source(NamedTuple):
    id: str
    title: str | None  # None where the page showed no headline
    publisher: str  # as people read it: "Reuters, via Devdiscourse"
    published: dt.date | None
    url: str
    note: str | None = None  # why a field is missing or unusual (e.g. no headline on the page)
    publisher_id: str = ""  # who wrote the text (for a wire story, the wire)
    via_id: str | None = None  # who hosts this copy; None at the text's own home
    primary: bool = False  # the speaker's or the government's own text
    # The publisher's rating, or "unreliable" for a copy of a news text on an unreliable host;
    # None without a registry.
    reliability: str | None = None
    # Whose voice the text is, for counting independent sources: the publisher, or the body it
    # is part of (a US embassy speaks for the State Department).
    origin: str = ""

    def to_dict(self) -> dict[str, Any]:
        return as_dict(self)


class Evidence(NamedTuple):
    """How well a record is backed: distinct originals, and the primary texts among them."""

    independent: int  # distinct original publishers (a wire and its copies count once)
    primary: int  # the speaker's or the government's own texts

    def to_dict(self) -> dict[str, Any]:
        return as_dict(self)

    @property
    def sufficient(self) -> bool:
        """The sourcing rule: a primary text, or two independent originals."""
        return self.primary >= 1 or self.independent >= 2


def weigh(sources: Sequence["Source"]) -> Evidence:
    """The evidence of a record citing ``sources``; unreliable publishers count for nothing."""
    counted = [source for source in sources if source.reliability != "unreliable"]
    return Evidence(
        independent=len({source.origin or source.publisher_id for source in counted}),
        primary=sum(1 for source in counted if source.primary),
    )


def _with_evidence(record: Any) -> dict[str, Any]:
    return {**as_dict(record), "evidence": weigh(record.sources).to_dict()}


class CitedSource(NamedTuple):
    """A source with the number of records (including milestones and documents) citing it."""

    source: Source
    cited_by: int

    def to_dict(self) -> dict[str, Any]:
        return {**self.source.to_dict(), "cited_by": self.cited_by}


class Country(NamedTuple):
    """A state named by the data that is neither a member nor a candidate (Israel, the US...)."""

    name: str
    code: str
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return as_dict(self)


class Signatory(NamedTuple):
    party: str
    name: str
    role: str | None

    def to_dict(self) -> dict[str, Any]:
        return as_dict(self)


class Document(NamedTuple):
    date: dt.date
    title: str
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        return _with_evidence(self)


class Milestone(NamedTuple):
    date: dt.date
    kind: str
    text: str
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        return _with_evidence(self)


class Member(NamedTuple):
    name: str
    code: str
    aliases: tuple[str, ...]
    status: str
    status_note: str
    announced: dt.date
    signed: dt.date | None
    signed_at: str | None
    agreement: str | None
    documents: tuple[Document, ...]
    signatories: tuple[Signatory, ...]
    milestones: tuple[Milestone, ...]
    prior_relations: str | None
    note: str | None
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        return _with_evidence(self)


class Candidate(NamedTuple):
    name: str
    code: str | None  # None for a state without an ISO 3166-1 code (Somaliland)
    aliases: tuple[str, ...]
    position: str
    date: dt.date | None  # when the position was stated; None when no statement was found
    note: str | None
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        return _with_evidence(self)


class Event(NamedTuple):
    id: str
    date: dt.date
    end_date: dt.date | None
    title: str
    summary: str
    countries: tuple[str, ...]
    kind: str
    sources: tuple[Source, ...]
    note: str | None = None  # how well sourced, where sources differ

    def to_dict(self) -> dict[str, Any]:
        return _with_evidence(self)


class Quote(NamedTuple):
    id: str
    speaker: str
    role: str
    date: dt.date
    text: str
    context: str
    countries: tuple[str, ...]
    verbatim: bool
    note: str | None
    sources: tuple[Source, ...]
    # The words as spoken, where ``text`` is a translation: the original and its ISO 639-1
    # language code ("ar", "he", "ru").
    original: str | None = None
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _with_evidence(self)


# What a figure measures.
FIGURE_INDICATORS = {
    "trade": "trade between two states, both ways",
    "exports": "what one state sold to the other",
    "imports": "what one state bought from the other",
    "tourism": "visitors or trips from one state to the other",
    "investment": "investment, pledged or made",
    "flights": "scheduled flights or passengers",
}


class Figure(NamedTuple):
    """A measured quantity: who measured what, over which period, with its sources."""

    id: str
    indicator: str
    countries: tuple[str, ...]  # the states it is about: ("IL", "AE"); the first measured from
    start: dt.date  # the period measured, both days included
    end: dt.date
    value: float | int
    unit: str  # "USD million", "visitors"
    scope: str  # what is counted: "goods, excluding oil and diamonds"
    measured_by: str  # "Israel's Central Bureau of Statistics"
    sources: tuple[Source, ...]
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**_with_evidence(self), "period": period(self.start, self.end)}


def period(start: dt.date, end: dt.date) -> str:
    """A period as people write it: ``2022``, ``2023-01 to 2023-06``, or both days."""
    whole_months = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    if whole_months and (start.month, end.month) == (1, 12):
        years = f"{start.year}" if start.year == end.year else f"{start.year} to {end.year}"
        return years
    if whole_months:
        first, last = f"{start:%Y-%m}", f"{end:%Y-%m}"
        return first if first == last else f"{first} to {last}"
    return f"{start} to {end}"


class Revision(NamedTuple):
    version: str
    date: dt.date
    changes: str

    def to_dict(self) -> dict[str, Any]:
        return as_dict(self)


class Meta(NamedTuple):
    title: str
    version: str
    as_of: dt.date  # the date the content was last verified
    license: str | None
    changelog: tuple[Revision, ...] = ()
    # The date through which reporting was searched for events; None in older files.
    coverage_end: dt.date | None = None


class Person(NamedTuple):
    """A speaker or signatory, by the name the records use, with the other names users type."""

    name: str
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return as_dict(self)


class Dataset(NamedTuple):
    path: str
    meta: Meta
    sources: tuple[Source, ...]
    countries: tuple[Country, ...]
    members: tuple[Member, ...]
    candidates: tuple[Candidate, ...]
    # Read from the cache, these two may be lazy sequences with indexed lookups (see lazy.py).
    events: Sequence[Event]
    quotes: Sequence[Quote]
    people: tuple[Person, ...] = ()
    publishers: tuple[Publisher, ...] = ()  # empty in older files, which have no registry
    figures: tuple[Figure, ...] = ()  # empty in older files
