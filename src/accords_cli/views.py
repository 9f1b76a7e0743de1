"""Composed views that are not one list of records: a country profile, search results, info.

Each view has a terminal form (Rich), a plain form (tab-separated lines for grep and cut), and
a document form (JSON or YAML). Rich is imported only for the terminal form.
"""

from __future__ import annotations

from typing import Any

from accords_cli import __version__, age, queries
from accords_cli.models import Dataset, Meta
from accords_cli.render import (
    EVIDENCE_LEGEND,
    LEGEND,
    Style,
    cell,
    clean,
    console,
    evidence_mark,
    heading,
    quote_text,
    show,
    span,
    write,
    write_document,
)

# Profile ------------------------------------------------------------------------------------

# The facts shown for each role, in order; the JSON carries every field.
_FACTS = {
    "member": (
        "status", "status_note", "announced", "signed", "signed_at", "agreement", "aliases",
        "prior_relations", "note",
    ),
    "candidate": ("position", "date", "aliases", "note"),
    "country": ("aliases",),
}  # fmt: skip
_LABELS = {"status_note": "Where it stands", "prior_relations": "Before the Accords"}


def profile(found: queries.Profile, fmt: str, style: Style, meta: Meta) -> None:
    document = {
        **found.record.to_dict(),
        "role": found.state.role,
        "events": [event.to_dict() for event in found.events],
        "quotes": [quote.to_dict() for quote in found.quotes],
        "figures": [figure.to_dict() for figure in found.figures],
    }
    if fmt in ("bibtex", "csl-json"):
        from accords_cli import citations, references

        shown = [found.record, *found.events, *found.quotes, *found.figures]
        citations.write(references.sources_of(shown), fmt, meta.as_of)
    elif fmt in ("json", "yaml"):
        write_document(document, fmt)
    elif fmt == "plain":
        write(
            "".join(
                "\t".join(_flat(part) for part in line) + "\n" for line in _plain_profile(document)
            )
        )
    else:
        _terminal_profile(found, document, style, queries.reach(meta, age.today()))
        age.remind(meta, fmt)


def _flat(value: Any) -> str:
    return clean(" ".join(cell(value).split()))


def _plain_profile(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    role = document["role"]
    lines: list[tuple[Any, ...]] = [
        ("name", document["name"]),
        ("code", document["code"]),
        ("role", role),
    ]
    lines += [(key, document[key]) for key in _FACTS[role] if document.get(key)]
    lines += [
        ("milestone", m["date"], m["kind"], m["text"]) for m in document.get("milestones", [])
    ]
    # A quote's verbatim flag and an event's end date come last, after the columns scripts cut.
    lines += [("event", e["date"], e["title"], e["end_date"]) for e in document["events"]]
    lines += [
        ("quote", q["date"], q["speaker"], q["text"], q["verbatim"]) for q in document["quotes"]
    ]
    lines += [
        ("figure", f["period"], f["indicator"], f["value"], f["unit"], f["measured_by"])
        for f in document["figures"]
    ]
    lines += [("source", s["publisher"], s["url"]) for s in document.get("sources", [])]
    return lines


def _terminal_profile(
    found: queries.Profile, document: dict[str, Any], style: Style, reach: str
) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from accords_cli.references import References

    out = console(style)
    refs = References()
    role = found.state.role
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    for key in _FACTS[role]:
        if document.get(key):
            facts.add_row(_LABELS.get(key, heading(key)), Text(clean(cell(document[key]))))
    for signatory in document.get("signatories", ()):
        facts.add_row("Signed by", Text(clean(cell(signatory))))
    if document.get("sources"):
        marks = refs.cite(document["sources"])
        facts.add_row("Sources", Text(f"{marks} · {evidence_mark(document['evidence'])}"))
    code = f" ({found.state.code})" if found.state.code else ""
    title = Text(clean(f"{found.state.name}{code}"), style="bold").append(f" · {role}")
    parts: list[Any] = [Panel(facts, title=title, title_align="left"), Text("")]
    if document.get("documents"):
        rows = [(d["date"], _cited(d, d["title"], refs)) for d in document["documents"]]
        parts.append(_section("Documents", rows))
    if document.get("milestones"):
        rows = [(m["date"], _cited(m, m["text"], refs)) for m in document["milestones"]]
        parts.append(_section("Milestones", rows))
    if found.events:
        rows = [
            (span(e["date"], e["end_date"]), _cited(e, e["title"], refs))
            for e in document["events"]
        ]
        parts.append(_section("Events", rows))
    if found.figures:
        rows = [(f["period"], _cited(f, _figure(f), refs)) for f in document["figures"]]
        parts.append(_section("Figures", rows))
    if found.quotes:
        rows = [(q["date"], _said(q, refs, style.color)) for q in document["quotes"]]
        parts.append(_section("Quotes", rows))
        if any(not q.verbatim for q in found.quotes):
            parts += [Text(LEGEND, style="dim"), Text("")]
    if document.get("sources") or found.events or found.quotes or found.figures:
        parts += [Text(EVIDENCE_LEGEND, style="dim"), Text("")]
    lines = refs.lines(out, out.width, style.color)
    for line in lines:
        line.no_wrap, line.overflow = True, "ignore"
    if lines:
        parts += [*lines, Text("")]
    # As a listing's caption: how current the data is, then where to go for more.
    parts.append(Text(f"{reach[:1].upper()}{reach[1:]} · full records: --json", style="dim"))
    show(Group(*parts), style)


def _cited(record: dict[str, Any], text: str, refs: Any) -> Any:
    from rich.text import Text

    return Text(clean(text)).append(_marks(record, refs), style="dim")


def _figure(figure: dict[str, Any]) -> str:
    """A figure in words: ``trade: 2590 USD million (goods), Israel's CBS``."""
    value = f"{figure['value']:,}" if isinstance(figure["value"], int) else str(figure["value"])
    return (
        f"{figure['indicator']} ({', '.join(figure['countries'])}): {value} {figure['unit']}"
        f" ({figure['scope']}); measured by {figure['measured_by']}"
    )


def _marks(record: dict[str, Any], refs: Any) -> str:
    """A record's reference marks and its evidence: `` [3] [7] · P2``."""
    marks = refs.cite(record["sources"])
    return f" {marks} · {evidence_mark(record['evidence'])}" if marks else ""


def _said(quote: dict[str, Any], refs: Any, color: bool) -> Any:
    from rich.text import Text

    said = Text(clean(quote["speaker"]) + ": ", style="bold")
    body = quote_text(quote, color)
    first, _, rest = body.plain.partition("\n")
    said.append_text(body[: len(first)])
    said.append(_marks(quote, refs), style="dim")
    if rest:
        said.append_text(body[len(first) :])
    return said


def _section(title: str, rows: list[tuple[str, Any]]) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="cyan")
    table.add_column(overflow="fold")
    for first, second in rows:
        table.add_row(first, second)
    return Group(Text(title, style="bold"), table, Text(""))


# Search -------------------------------------------------------------------------------------


def _label(hit: queries.Hit) -> tuple[str, str]:
    """A hit's date (if its kind has one) and the name that identifies it."""
    record: Any = hit.record
    if hit.kind == "member":
        return "", record.name
    if hit.kind == "candidate":
        return "", record.name
    if hit.kind == "event":
        return span(record.date, record.end_date), record.title
    return str(record.date), record.speaker


def _heading(hit: queries.Hit, highlighted: Any, out: Any) -> Any:
    """A hit's heading: its date in cyan, then its name in bold, whose wrapped lines stay
    under the name so that the dates read down the left."""
    from rich.text import Text

    when, name = _label(hit)
    indent = 2 + (len(when) + 1 if when else 0)
    heading = Text("  ")
    if when:
        heading.append(when, style="cyan").append(" ")
    title = highlighted(Text(clean(name), style="bold"), hit)
    for depth, line in enumerate(title.wrap(out, max(out.width - indent, 20), overflow="fold")):
        line.rstrip()
        heading.append_text(Text("\n" + " " * indent) if depth else Text()).append_text(line)
    return heading


def search(hits: list[queries.Hit], term: str, fmt: str, style: Style, meta: Meta) -> None:
    """Search results: in plain, one matched field per line, each part in its own column
    (kind, date, name, field, text); on a terminal grouped by kind, matches highlighted."""
    if fmt in ("json", "yaml"):
        write_document(
            [
                {"kind": h.kind, "matched": list(h.fields), "record": h.record.to_dict()}
                for h in hits
            ],
            fmt,
        )
        return
    if fmt == "plain":
        lines = [
            "\t".join((hit.kind, *(_flat(part) for part in _label(hit)), field, _flat(value)))
            for hit in hits
            for field in hit.fields
            for value in [getattr(hit.record, field)]
        ]
        write("\n".join(lines) + "\n")
        return
    _terminal_search(hits, term, style, queries.reach(meta, age.today()))
    age.remind(meta, fmt)


def _terminal_search(hits: list[queries.Hit], term: str, style: Style, reach: str) -> None:
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    mark = "black on yellow" if style.color else "underline"
    out = console(style)

    def highlighted(text: Any, hit: queries.Hit) -> Any:
        # A hit may also carry other names of a person the term names: highlight those too.
        for start, end in queries.match_spans(text.plain, term, *hit.also):
            text.stylize(mark, start, end)
        return text

    parts: list[Any] = []
    translated = False
    for kind in queries.SEARCHED:
        group = [hit for hit in hits if hit.kind == kind]
        if not group:
            continue
        parts.append(Text(f"{kind.capitalize()}s ({len(group)})", style="bold underline"))
        for hit in group:
            parts.append(_heading(hit, highlighted, out))
            fields = Table.grid(padding=(0, 1))
            fields.add_column(style="dim", no_wrap=True)
            fields.add_column(overflow="fold")
            if kind == "quote":  # the words themselves, whichever field matched
                quote = hit.record.to_dict()
                translated = translated or quote["verbatim"] is False
                fields.add_row("text:", highlighted(quote_text(quote, style.color), hit))
            for field in hit.fields:
                if kind == "quote" and field in ("text", "context", "speaker"):
                    continue  # shown above, or in the label
                body = Text(_flat(getattr(hit.record, field)))
                fields.add_row(f"{field}:", highlighted(body, hit))
            parts.append(Padding(fields, (0, 0, 0, 4)))
        parts.append(Text(""))
    if translated:
        parts += [Text(LEGEND, style="dim"), Text("")]
    counted = "1 record mentions" if len(hits) == 1 else f"{len(hits)} records mention"
    parts.append(Text(f"{counted} {queries.shown(term)} · {reach}", style="dim"))
    show(Group(*parts), style)


# Info ---------------------------------------------------------------------------------------


def _schema_file() -> str | None:
    from accords_cli.dataset import schema_path

    found = schema_path()
    return str(found) if found else None


def info(data: Dataset, fmt: str, style: Style) -> None:
    meta, now = data.meta, age.today()
    document = {
        "title": meta.title,
        "version": meta.version,
        "as_of": meta.as_of.isoformat(),
        "coverage_end": meta.coverage_end.isoformat() if meta.coverage_end else None,
        "program_version": __version__,
        "data_file": data.path,
        "schema_file": _schema_file(),
        "license": meta.license,
        "counts": {
            "members": len(data.members),
            "candidates": len(data.candidates),
            "events": len(data.events),
            "quotes": len(data.quotes),
            "sources": len(data.sources),
            "publishers": len(data.publishers),
            "figures": len(data.figures),
        },
        "changelog": [revision.to_dict() for revision in meta.changelog],
        # Added last, as every new key is: days from coverage_end (as_of in a file without one)
        # to today.
        "age_days": age.days_old(meta, now),
    }
    if fmt in ("json", "yaml"):
        write_document(document, fmt)
        return
    # Plain: one field per column, keyed as in the JSON; on a terminal, labelled for people.
    later = ("counts", "changelog", "age_days")
    rows: list[tuple[str, ...]] = [(k, cell(v)) for k, v in document.items() if k not in later]
    rows += [(k, str(v)) for k, v in document["counts"].items()]  # type: ignore[union-attr]
    if meta.changelog:
        latest = meta.changelog[-1]
        rows.append(("latest_change", latest.version, str(latest.date), latest.changes))
    if fmt == "plain":
        rows.append(("age_days", str(document["age_days"])))  # last: earlier lines stay put
        write("".join("\t".join(_flat(part) for part in row) + "\n" for row in rows))
        return
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    end = age.reach_end(meta)
    aged = "coverage_end" if meta.coverage_end else "as_of"  # the date the age is measured from
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, *values in rows:
        value = f"{values[0]} ({values[1]}): {values[2]}" if len(values) == 3 else values[0]
        if key == aged:
            value += f", {age.ago(end, now)}"
        grid.add_row(heading(key), Text(clean(value)))
    # What the reminder after other views points to: what the age means, and how to silence it.
    note = (
        f"Events after {end.isoformat()} are not in this file; a newer release of accords may"
        f" hold them. Once they end more than {age.OLD_AFTER_DAYS} days ago, other views on a"
        f" terminal are followed by a one-line reminder on stderr;"
        f" {age.QUIET_ENV}=1 turns it off."
    )
    show(Group(grid, Text(""), Text(note, style="dim")), style)
