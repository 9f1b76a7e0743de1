"""Validate parsed data into typed records, once, with errors that name the record path.

``build`` checks every key, type, date, vocabulary, reference and code, and raises ``Invalid``
with a path such as ``members[2].signed: expected YYYY-MM-DD, got '2020-13-01'``; the caller
adds the file name. Nothing downstream checks again.

It accepts exactly what data/accords.schema.json accepts, plus the rules a JSON Schema cannot
state (references between records, unique ids, the order of two dates), which raise
``BeyondSchema``; a property test holds the two to that.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date
from typing import Any, NoReturn

from accords_cli.models import (
    AFFILIATIONS,
    EVENT_KINDS,
    FIGURE_INDICATORS,
    MEMBER_STATUSES,
    PUBLISHER_KINDS,
    RELIABILITY,
    Candidate,
    Country,
    Dataset,
    Document,
    Event,
    Figure,
    Member,
    Meta,
    Milestone,
    Person,
    Publisher,
    Quote,
    Revision,
    Signatory,
    Source,
    fold,
)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CODE = re.compile(r"[A-Z]{2}")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_URL = re.compile(r"https?://\S+")
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")
# A label such as "Reuters (via Devdiscourse)" or "CNN, citing AFP": who wrote the text comes
# first. Older files without a registry name publishers so; evidence is counted by that name.
_ORIGINAL = re.compile(r"\s*(?:\(|,\s*)(?:via|citing|reprint|copy|excerpt)\b.*$", re.IGNORECASE)


# Required and optional keys of each kind of record.
_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "top": (
        {"meta", "sources", "members", "events", "quotes"},
        {"countries", "candidates", "people", "publishers", "figures"},
    ),
    "meta": ({"title", "version", "as_of"}, {"license", "changelog", "coverage_end"}),
    "sources": (
        {"id", "url"},
        {"title", "published", "note", "publisher", "publisher_id", "via_id", "primary"},
    ),
    "publishers": (
        {"id", "name", "kind", "reliability", "reason", "domains"},
        {"country", "affiliation", "affiliated_with", "part_of"},
    ),
    "changelog": ({"version", "date", "changes"}, set()),
    "figures": (
        {
            "id",
            "indicator",
            "countries",
            "start",
            "end",
            "value",
            "unit",
            "scope",
            "measured_by",
            "sources",
        },
        {"note"},
    ),
    "countries": ({"code", "name"}, {"aliases"}),
    "members": (
        {"code", "name", "status", "status_note", "announced", "sources"},
        {
            "aliases",
            "signed",
            "signed_at",
            "agreement",
            "documents",
            "signatories",
            "milestones",
            "prior_relations",
            "note",
        },
    ),
    "signatories": ({"party", "name"}, {"role"}),
    "documents": ({"date", "title", "sources"}, set()),
    "milestones": ({"date", "kind", "text", "sources"}, set()),
    "people": ({"name"}, {"aliases"}),
    "candidates": (
        {"code", "name", "position", "sources"},
        {"aliases", "date", "note"},
    ),
    "events": (
        {"id", "date", "title", "summary", "countries", "kind", "sources"},
        {"end_date", "note"},
    ),
    "quotes": (
        {"id", "speaker", "role", "date", "text", "context", "verbatim", "sources"},
        {"countries", "note", "original", "language"},
    ),
}


class Invalid(Exception):
    """A schema violation at a record path; ``load`` adds the file name."""


class BeyondSchema(Invalid):
    """A rule the JSON Schema cannot state: a reference between records, a unique id, the order
    of two dates."""


def _fail(where: str, message: str) -> NoReturn:
    raise Invalid(f"{where}: {message}")


def _fail_beyond(where: str, message: str) -> NoReturn:
    raise BeyondSchema(f"{where}: {message}")


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def _mapping(value: Any, where: str, kind: str) -> dict[str, Any]:
    required, optional = _KEYS[kind]
    if not isinstance(value, dict):
        _fail(where or "top level", f"expected a mapping, got {_type_name(value)}")
    for key in value:
        if key not in required and key not in optional:
            allowed = ", ".join(sorted(required | optional))
            _fail(
                f"{where}.{key}" if where else str(key),
                f"unknown key (allowed: {allowed})",
            )
    for key in sorted(required):
        if key not in value:
            _fail(where or "top level", f"missing required key '{key}'")
    return value


def _list(value: Any, where: str, optional: bool = False) -> list[Any]:
    """A list; an optional one may be null (absent), a required one may not."""
    if value is None and optional:
        return []
    if not isinstance(value, list):
        _fail(where, f"expected a list, got {_type_name(value)}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        _fail(where, f"expected a non-empty string, got {_type_name(value)}")
    if not value.strip():
        _fail(where, "expected a non-empty string, got an empty one")
    return value.strip()


def _optional_text(value: Any, where: str) -> str | None:
    return None if value is None else _text(value, where)


def _date(value: Any, where: str) -> date:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    _fail(where, f"expected YYYY-MM-DD, got {value!r}")


def _optional_date(value: Any, where: str) -> date | None:
    return None if value is None else _date(value, where)


def _version(value: Any, where: str) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        _fail(where, f"expected a string or a number, got {_type_name(value)}")
    return _text(value, where)


def _url(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _URL.fullmatch(value):
        _fail(where, f"expected an http or https URL without blanks, got {value!r}")
    return value


def _choice(value: Any, where: str, allowed: dict[str, str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        _fail(where, f"expected one of {', '.join(allowed)}, got {value!r}")
    return str(value)


def _aliases(value: Any, where: str) -> tuple[str, ...]:
    items = _list(value, where, optional=True)
    for i, item in enumerate(items):
        if item in items[:i]:
            _fail(f"{where}[{i}]", f"{item!r} is listed twice")
    return tuple(_text(item, f"{where}[{i}]") for i, item in enumerate(items))


def _id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        _fail(where, f"expected an id of lowercase letters, digits and '-', got {value!r}")
    return value


def _code(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        _fail(where, f"expected a two-letter ISO 3166-1 code such as 'AE', got {value!r}")
    return value


class _Builder:
    """Turns the parsed YAML into records, resolving source ids and checking country codes."""

    def __init__(self, raw: Any) -> None:
        self.raw = _mapping(raw, "", "top")
        self.sources: dict[str, Source] = {}
        self.codes: set[str] = set()
        # Set by index_sources: raw sources by id, built one by one as records cite them.
        self.unbuilt: dict[str, tuple[str, dict[str, Any]]] | None = None
        self._registry: dict[str, Publisher] | None = None  # built when a source needs it

    def section(self, name: str) -> list[tuple[str, dict[str, Any]]]:
        """The records of a top-level list, each checked for its keys, with its path."""
        optional = name in _KEYS["top"][1]
        return [
            (f"{name}[{i}]", _mapping(raw, f"{name}[{i}]", name))
            for i, raw in enumerate(_list(self.raw.get(name), name, optional))
        ]

    def nested(self, value: Any, where: str, kind: str) -> list[tuple[str, dict[str, Any]]]:
        """The records of an optional list inside a record."""
        return [
            (f"{where}[{i}]", _mapping(raw, f"{where}[{i}]", kind))
            for i, raw in enumerate(_list(value, where, optional=True))
        ]

    def claim_codes(self) -> None:
        """Collect every state's code first, so any record may name any state."""
        for name in ("countries", "members", "candidates"):
            for where, raw in self.section(name):
                if name == "candidates" and raw["code"] is None:
                    continue  # a candidate without an ISO code (Somaliland) has null
                code = _code(raw["code"], f"{where}.code")
                if code in self.codes:
                    _fail_beyond(f"{where}.code", f"duplicate country code {code!r}")
                self.codes.add(code)

    def source_refs(self, record: dict[str, Any], where: str) -> tuple[Source, ...]:
        refs = _list(record.get("sources"), f"{where}.sources")
        if not refs:
            _fail(f"{where}.sources", "every record needs at least one source")
        resolved = []
        for i, ref in enumerate(refs):
            unbuilt = self.unbuilt or {}
            if isinstance(ref, str) and ref not in self.sources and ref in unbuilt:
                self.sources[ref] = self.source(*unbuilt[ref])
            if not isinstance(ref, str) or ref not in self.sources:
                _id(ref, f"{where}.sources[{i}]")
                _fail_beyond(f"{where}.sources[{i}]", f"unknown source id {ref!r}")
            resolved.append(self.sources[ref])
        return tuple(resolved)

    def known_code(self, value: Any, where: str) -> str:
        code = _code(value, where)
        if code not in self.codes:
            _fail_beyond(where, f"unknown country code {code!r}")
        return code

    def known_codes(self, value: Any, where: str, optional: bool = False) -> tuple[str, ...]:
        return tuple(
            self.known_code(item, f"{where}[{i}]")
            for i, item in enumerate(_list(value, where, optional))
        )

    def meta(self) -> Meta:
        raw = _mapping(self.raw["meta"], "meta", "meta")
        title = _text(raw["title"], "meta.title")
        version = _version(raw["version"], "meta.version")
        as_of = _date(raw["as_of"], "meta.as_of")
        coverage_end = _optional_date(raw.get("coverage_end"), "meta.coverage_end")
        if coverage_end and coverage_end > as_of:
            # Reporting cannot have been searched beyond the day the content was checked.
            _fail_beyond("meta.coverage_end", f"{coverage_end} is after meta.as_of {as_of}")
        return Meta(
            title=title,
            version=version,
            as_of=as_of,
            license=_optional_text(raw.get("license"), "meta.license"),
            changelog=tuple(
                Revision(
                    version=_version(entry["version"], f"{at}.version"),
                    date=_date(entry["date"], f"{at}.date"),
                    changes=_text(entry["changes"], f"{at}.changes"),
                )
                for at, entry in self.nested(raw.get("changelog"), "meta.changelog", "changelog")
            ),
            coverage_end=coverage_end,
        )

    def source(self, where: str, raw: dict[str, Any]) -> Source:
        ident = _id(raw["id"], f"{where}.id")
        primary = raw.get("primary", False)
        if not isinstance(primary, bool):
            _fail(f"{where}.primary", f"expected true or false, got {primary!r}")
        if "publisher_id" in raw:
            if "publisher" in raw:
                _fail(f"{where}.publisher", "give publisher_id or publisher, not both")
            label, origin, publisher_id, via_id, reliability = self.published_by(raw, where)
        elif "publisher" in raw:
            if "via_id" in raw:
                _fail(f"{where}.via_id", "goes with publisher_id, not with publisher")
            label = _text(raw["publisher"], f"{where}.publisher")
            publisher_id = origin = _slug(_ORIGINAL.sub("", label) or label)
            via_id, reliability = None, None
        else:
            _fail(where, "missing required key 'publisher_id' (or, in older files, 'publisher')")
        return Source(
            id=ident,
            title=_optional_text(raw.get("title"), f"{where}.title"),
            publisher=label,
            published=_optional_date(raw.get("published"), f"{where}.published"),
            url=_url(raw["url"], f"{where}.url"),
            note=_optional_text(raw.get("note"), f"{where}.note"),
            publisher_id=publisher_id,
            via_id=via_id,
            primary=primary,
            reliability=reliability,
            origin=origin,
        )

    def published_by(
        self, raw: dict[str, Any], where: str
    ) -> tuple[str, str, str, str | None, str | None]:
        """A registered source's label, origin, publisher, host and its publisher's rating."""
        registry = self.registry()
        publisher = self.publisher_ref(raw["publisher_id"], f"{where}.publisher_id", registry)
        label, via_id = publisher.name, None
        if raw.get("via_id") is not None:
            via = self.publisher_ref(raw["via_id"], f"{where}.via_id", registry)
            if via.id == publisher.id:
                _fail_beyond(
                    f"{where}.via_id",
                    f"{via.id!r} is the publisher itself: via_id names the host of a copy",
                )
            label, via_id = f"{publisher.name}, via {via.name}", via.id
            if via.reliability == "unreliable" and not raw.get("primary", False):
                # A copy is only as good as its host: an aggregator or a feed reader carries no
                # fact. A faithful archive of a primary text (a treaty on a mirror) still counts.
                return label, _origin(publisher, registry), publisher.id, via_id, "unreliable"
        return label, _origin(publisher, registry), publisher.id, via_id, publisher.reliability

    def publisher_ref(self, value: Any, where: str, registry: dict[str, Publisher]) -> Publisher:
        ident = _id(value, where)
        if ident not in registry:
            if not registry:
                _fail_beyond(where, f"unknown publisher {ident!r}: the file has no publishers")
            _fail_beyond(where, f"unknown publisher {ident!r}{_closest(ident, registry)}")
        return registry[ident]

    def registry(self) -> dict[str, Publisher]:
        """The publishers by id, built and checked once, when the first source needs them."""
        if self._registry is None:
            self._registry = {}
            for where, raw in self.section("publishers"):
                publisher = self.publisher(where, raw)
                if publisher.id in self._registry:
                    _fail_beyond(f"{where}.id", f"duplicate publisher id {publisher.id!r}")
                self._registry[publisher.id] = publisher
            for i, publisher in enumerate(self._registry.values()):
                _origin(publisher, self._registry, f"publishers[{i}].part_of")
        return self._registry

    def publisher(self, where: str, raw: dict[str, Any]) -> Publisher:
        affiliation = raw.get("affiliation")
        if affiliation is not None:
            _choice(affiliation, f"{where}.affiliation", AFFILIATIONS)
        whose = _optional_text(raw.get("affiliated_with"), f"{where}.affiliated_with")
        if (affiliation is None) != (whose is None):
            _fail_beyond(f"{where}.affiliated_with", "give it exactly when affiliation is given")
        domains = _list(raw["domains"], f"{where}.domains")
        if not domains:
            _fail(f"{where}.domains", "give at least one domain, such as 'reuters.com'")
        for i, domain in enumerate(domains):
            if not isinstance(domain, str) or not _DOMAIN.fullmatch(domain):
                _fail(
                    f"{where}.domains[{i}]",
                    f"expected a lower-case domain such as 'reuters.com', got {domain!r}",
                )
        country = raw.get("country")
        part_of = raw.get("part_of")
        return Publisher(
            id=_id(raw["id"], f"{where}.id"),
            name=_text(raw["name"], f"{where}.name"),
            kind=_choice(raw["kind"], f"{where}.kind", PUBLISHER_KINDS),
            country=None if country is None else _code(country, f"{where}.country"),
            affiliation=affiliation,
            affiliated_with=whose,
            reliability=_choice(raw["reliability"], f"{where}.reliability", RELIABILITY),
            reason=_text(raw["reason"], f"{where}.reason"),
            domains=tuple(domains),
            part_of=None if part_of is None else _id(part_of, f"{where}.part_of"),
        )

    def read_sources(self) -> tuple[Source, ...]:
        for where, raw in self.section("sources"):
            source = self.source(where, raw)
            if source.id in self.sources:
                _fail_beyond(f"{where}.id", f"duplicate source id {source.id!r}")
            self.sources[source.id] = source
        return tuple(self.sources.values())

    def index_sources(self) -> None:
        """Defer building sources until a record cites them (for data validated before)."""
        self.unbuilt = {
            str(raw.get("id")): (f"sources[{i}]", raw)
            for i, raw in enumerate(_list(self.raw.get("sources"), "sources", optional=True))
            if isinstance(raw, dict)
        }

    def countries(self) -> tuple[Country, ...]:
        return tuple(
            Country(
                code=raw["code"],
                name=_text(raw["name"], f"{where}.name"),
                aliases=_aliases(raw.get("aliases"), f"{where}.aliases"),
            )
            for where, raw in self.section("countries")
        )

    def members(self) -> tuple[Member, ...]:
        result = []
        for where, raw in self.section("members"):
            announced = _date(raw["announced"], f"{where}.announced")
            signed = _optional_date(raw.get("signed"), f"{where}.signed")
            if signed and signed < announced:
                _fail_beyond(
                    f"{where}.signed",
                    f"{signed} is before the announcement on {announced}",
                )
            result.append(
                Member(
                    code=raw["code"],
                    name=_text(raw["name"], f"{where}.name"),
                    aliases=_aliases(raw.get("aliases"), f"{where}.aliases"),
                    status=_choice(raw["status"], f"{where}.status", MEMBER_STATUSES),
                    status_note=_text(raw["status_note"], f"{where}.status_note"),
                    announced=announced,
                    signed=signed,
                    signed_at=_optional_text(raw.get("signed_at"), f"{where}.signed_at"),
                    agreement=_optional_text(raw.get("agreement"), f"{where}.agreement"),
                    documents=self.documents(raw.get("documents"), f"{where}.documents"),
                    signatories=self.signatories(raw.get("signatories"), f"{where}.signatories"),
                    milestones=self.milestones(raw.get("milestones"), f"{where}.milestones"),
                    prior_relations=_optional_text(
                        raw.get("prior_relations"), f"{where}.prior_relations"
                    ),
                    note=_optional_text(raw.get("note"), f"{where}.note"),
                    sources=self.source_refs(raw, where),
                )
            )
        return tuple(result)

    def signatories(self, value: Any, where: str) -> tuple[Signatory, ...]:
        return tuple(
            Signatory(
                party=self.known_code(raw["party"], f"{at}.party"),
                name=_text(raw["name"], f"{at}.name"),
                role=_optional_text(raw.get("role"), f"{at}.role"),
            )
            for at, raw in self.nested(value, where, "signatories")
        )

    def documents(self, value: Any, where: str) -> tuple[Document, ...]:
        return tuple(
            Document(
                date=_date(raw["date"], f"{at}.date"),
                title=_text(raw["title"], f"{at}.title"),
                sources=self.source_refs(raw, at),
            )
            for at, raw in self.nested(value, where, "documents")
        )

    def milestones(self, value: Any, where: str) -> tuple[Milestone, ...]:
        milestones = (
            Milestone(
                date=_date(raw["date"], f"{at}.date"),
                kind=_choice(raw["kind"], f"{at}.kind", EVENT_KINDS),
                text=_text(raw["text"], f"{at}.text"),
                sources=self.source_refs(raw, at),
            )
            for at, raw in self.nested(value, where, "milestones")
        )
        return tuple(sorted(milestones, key=lambda m: m.date))

    def candidates(self) -> tuple[Candidate, ...]:
        return tuple(
            Candidate(
                code=raw["code"],
                name=_text(raw["name"], f"{where}.name"),
                aliases=_aliases(raw.get("aliases"), f"{where}.aliases"),
                position=_text(raw["position"], f"{where}.position"),
                date=_optional_date(raw.get("date"), f"{where}.date"),
                note=_optional_text(raw.get("note"), f"{where}.note"),
                sources=self.source_refs(raw, where),
            )
            for where, raw in self.section("candidates")
        )

    def events(self) -> tuple[Event, ...]:
        result = []
        for where, raw in self.section("events"):
            start = _date(raw["date"], f"{where}.date")
            end = _optional_date(raw.get("end_date"), f"{where}.end_date")
            if end and end < start:
                _fail_beyond(f"{where}.end_date", f"{end} is before the start date {start}")
            result.append(
                Event(
                    id=_id(raw["id"], f"{where}.id"),
                    date=start,
                    end_date=end,
                    title=_text(raw["title"], f"{where}.title"),
                    summary=_text(raw["summary"], f"{where}.summary"),
                    countries=self.known_codes(raw["countries"], f"{where}.countries"),
                    kind=_choice(raw["kind"], f"{where}.kind", EVENT_KINDS),
                    sources=self.source_refs(raw, where),
                    note=_optional_text(raw.get("note"), f"{where}.note"),
                )
            )
        _check_unique_ids(result, "events")
        return tuple(sorted(result, key=lambda e: e.date))

    def quotes(self) -> tuple[Quote, ...]:
        result = []
        for where, raw in self.section("quotes"):
            if not isinstance(raw["verbatim"], bool):
                _fail(
                    f"{where}.verbatim",
                    f"expected true or false, got {raw['verbatim']!r}",
                )
            result.append(
                Quote(
                    id=_id(raw["id"], f"{where}.id"),
                    speaker=_text(raw["speaker"], f"{where}.speaker"),
                    role=_text(raw["role"], f"{where}.role"),
                    date=_date(raw["date"], f"{where}.date"),
                    text=_text(raw["text"], f"{where}.text"),
                    context=_text(raw["context"], f"{where}.context"),
                    countries=self.known_codes(
                        raw.get("countries"), f"{where}.countries", optional=True
                    ),
                    verbatim=raw["verbatim"],
                    note=_optional_text(raw.get("note"), f"{where}.note"),
                    sources=self.source_refs(raw, where),
                    **_original(raw, where),
                )
            )
        _check_unique_ids(result, "quotes")
        return tuple(sorted(result, key=lambda q: q.date))

    def figures(self) -> tuple[Figure, ...]:
        result = []
        for where, raw in self.section("figures"):
            start = _date(raw["start"], f"{where}.start")
            end = _date(raw["end"], f"{where}.end")
            if end < start:
                _fail_beyond(f"{where}.end", f"{end} is before the start of the period {start}")
            value = raw["value"]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                _fail(f"{where}.value", f"expected a number, got {_type_name(value)}")
            if value < 0 or not math.isfinite(value):  # a count or an amount, never NaN
                _fail(f"{where}.value", f"expected a number of 0 or more, got {value!r}")
            codes = self.known_codes(raw["countries"], f"{where}.countries")
            if not codes:
                _fail(f"{where}.countries", "name at least one state")
            result.append(
                Figure(
                    id=_id(raw["id"], f"{where}.id"),
                    indicator=_choice(raw["indicator"], f"{where}.indicator", FIGURE_INDICATORS),
                    countries=codes,
                    start=start,
                    end=end,
                    value=value,
                    unit=_text(raw["unit"], f"{where}.unit"),
                    scope=_text(raw["scope"], f"{where}.scope"),
                    measured_by=_text(raw["measured_by"], f"{where}.measured_by"),
                    sources=self.source_refs(raw, where),
                    note=_optional_text(raw.get("note"), f"{where}.note"),
                )
            )
        _check_unique_ids(result, "figures")
        return tuple(result)

    def people(self, used: set[str] | None) -> tuple[Person, ...]:
        """Name variants of speakers and signatories.

        ``used`` holds the names quotes and signatories use; each person must be one of them.
        None skips that check (quotes were not built). Lookups compare folded names, so names
        and aliases must stay distinct once case, accents and apostrophes are dropped.
        """
        result: list[Person] = []
        owners: dict[str, str] = {}  # folded name or alias -> the person it belongs to
        for where, raw in self.section("people"):
            name = _text(raw["name"], f"{where}.name")
            if used is not None and name not in used:
                _fail_beyond(
                    f"{where}.name",
                    f"{name!r} is neither a quote's speaker nor a signatory (spell it as they do)",
                )
            if name in (person.name for person in result):
                _fail_beyond(f"{where}.name", f"duplicate person {name!r}: give each one entry")
            aliases = _aliases(raw.get("aliases"), f"{where}.aliases")
            for at, value in [(f"{where}.name", name)] + [
                (f"{where}.aliases[{i}]", alias) for i, alias in enumerate(aliases)
            ]:
                key = fold(value)
                if not key:
                    _fail_beyond(at, f"{value!r} has no letters or digits to match on")
                if key in owners:
                    other = owners[key]
                    whose = "its own name" if other == name else f"{other!r}"
                    _fail_beyond(at, f"{value!r} is already a name or alias of {whose}")
                owners[key] = name
            result.append(Person(name=name, aliases=aliases))
        return tuple(result)


_LANGUAGE = re.compile(r"[a-z]{2}")


def _original(raw: dict[str, Any], where: str) -> dict[str, str | None]:
    """A quote's words as spoken and their language, given together or not at all."""
    original = _optional_text(raw.get("original"), f"{where}.original")
    language = raw.get("language")
    if language is not None and (
        not isinstance(language, str) or not _LANGUAGE.fullmatch(language)
    ):
        _fail(f"{where}.language", f"expected an ISO 639-1 code such as 'ar', got {language!r}")
    if (original is None) != (language is None):
        _fail_beyond(f"{where}.original", "give the original words and their language together")
    return {"original": original, "language": language}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "unnamed"


def _closest(ident: str, registry: dict[str, Publisher]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(ident, list(registry), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _origin(publisher: Publisher, registry: dict[str, Publisher], where: str = "") -> str:
    """The body whose voice a publisher's text is: the top of its ``part_of`` chain."""
    seen = [publisher.id]
    while publisher.part_of is not None:
        if publisher.part_of not in registry:
            _fail_beyond(where, f"unknown publisher {publisher.part_of!r}")
        publisher = registry[publisher.part_of]
        if publisher.id in seen:
            _fail_beyond(where, f"a loop: {' -> '.join([*seen, publisher.id])}")
        seen.append(publisher.id)
    return publisher.id


def _check_unique_ids(records: Sequence[Event | Quote | Figure], where: str) -> None:
    seen: set[str] = set()
    for i, record in enumerate(records):
        if record.id in seen:
            _fail_beyond(f"{where}[{i}].id", f"duplicate id {record.id!r}")
        seen.add(record.id)


# Top-level sections, and those a command may do without when the data comes from the cache.
SECTIONS = (
    "meta", "publishers", "sources", "countries", "members", "candidates", "figures", "events",
    "quotes", "people",
)  # fmt: skip
OPTIONAL_SECTIONS = frozenset({"sources", "events", "quotes"})


def build(raw: Any, path: str, skip: frozenset[str] = frozenset()) -> Dataset:
    """Validate ``raw`` into a Dataset.

    ``skip`` leaves out optional sections (as empty tuples) and builds only the sources that
    the built records cite. Only data that was validated whole before, when it entered the
    cache, is loaded this way: it keeps a call on a large file as quick as on a small one.
    """
    builder = _Builder(raw)
    meta = builder.meta()
    if "sources" in skip:
        builder.index_sources()
        sources: tuple[Source, ...] = ()
    else:
        sources = builder.read_sources()
    builder.claim_codes()
    countries = builder.countries()
    members = builder.members()
    candidates = builder.candidates()
    figures = builder.figures()
    events = () if "events" in skip else builder.events()
    quotes = () if "quotes" in skip else builder.quotes()
    # Whether each person is someone the records name can only be known with the quotes.
    used = None
    if "quotes" not in skip:
        used = {q.speaker for q in quotes} | {s.name for m in members for s in m.signatories}
    return Dataset(
        path=path,
        meta=meta,
        sources=sources,
        countries=countries,
        members=members,
        candidates=candidates,
        events=events,
        quotes=quotes,
        people=builder.people(used),
        publishers=tuple(builder.registry().values()) if "sources" not in skip else (),
        figures=figures,
    )


def build_section(raw: Any, name: str) -> tuple[Event, ...] | tuple[Quote, ...]:
    """Validate the records of one large section (``events`` or ``quotes``) of ``raw`` alone.

    The other sections are there only for what the records refer to (sources, state codes),
    and are not built: it lets a lookup in the cache build just the records it found.
    """
    builder = _Builder(raw)
    builder.index_sources()
    builder.claim_codes()
    return builder.events() if name == "events" else builder.quotes()
