"""Turn records (their ``to_dict`` form) into table, plain, json, jsonl, csv, markdown or yaml.

The only module that builds Rich objects; Rich and YAML are imported only by the formats that
need them, so a ``--json`` call never pays for them. JSON is written straight to stdout, never
through Rich, which would wrap long lines. Text from the data file is never read as markup and
anything a terminal would obey in it is escaped (``escapes``) in every format.
"""

import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any, NamedTuple

from accords_cli import links
from accords_cli.escapes import clean as clean  # what every view passes data text through
from accords_cli.escapes import csv_cell, json_text, yaml_text

FORMATS = ("table", "plain", "json", "jsonl", "csv", "markdown", "yaml")

Row = dict[str, Any]

# Column headings where the field name alone would read badly in a table.
_HEADINGS = {
    "name": "Country", "text": "Quote", "url": "URL", "cited_by": "Cited by", "evidence": "Ev",
}  # fmt: skip
_HEADINGS_OF = {
    "event": {"title": "Event"},
    "publisher": {"name": "Publisher"},
    "figure": {"countries": "States", "measured_by": "Measured by"},
}
# Fields that must never be cut or wrapped: dates, codes, short vocabularies and references.
_NO_WRAP = {
    "date", "end_date", "announced", "signed", "published", "code", "status", "kind", "url",
    "cited_by", "verbatim", "evidence", "period", "value", "unit",
}  # fmt: skip
# Long prose: it wraps first, so that names and roles stay on one line.
_PROSE = {
    "agreement", "title", "text", "position", "summary", "status_note", "context", "note",
    "publisher", "scope",
}  # fmt: skip
_COLUMN_STYLES = {
    "date": "cyan",
    "announced": "cyan",
    "signed": "cyan",
    "code": "bold",
    "speaker": "bold",
}
# A table lists this many country codes at most: a longer list shows its first few and how many
# more ("US, SA, QA +8"), so that the few events naming a dozen states do not take the room of
# every title. Only tables: every export (plain, csv, json...) carries the whole list.
CODES_SHOWN = 4
# A filter that fixes a field to one value (``accords quote rubio``, ``members --status in-force``)
# makes its column repeat on every row what the title already says: a table leaves it out.
_FIXED_BY = {
    "by": "speaker", "kind": "kind", "status": "status", "indicator": "indicator",
    "reliability": "reliability", "country": "country",
}  # fmt: skip
# A field that goes with a fixed one: one speaker with one role has it said once, in the title.
_GOES_WITH = {"speaker": "role"}
# Appended last to plain and markdown rows, after the columns scripts already cut.
_APPENDED = {"quote": ("verbatim",), "event": ("end_date",)}
# Records whose tables carry an evidence column, and the legend that explains its marks. Not
# members: their long agreement titles need the room, and `show` marks each of their facts.
_WEIGHED = {"candidate", "event", "quote", "figure"}
EVIDENCE_LEGEND = (
    "Ev, evidence: the independent originals behind a record (copies of one story count once);"
    " P: a primary text among them; !: below the rule of a primary text or two originals."
)

# The mark of a quote that is not the speaker's own published words, and its legend.
MARK = "≈"
LEGEND = (
    f"{MARK} not the speaker's exact published words: a translation, an interpretation or a"
    f" wording outlets disagree on; the {MARK} line beneath it says why."
)


class View(NamedTuple):
    """How one kind of record is shown: a title and the default columns of table-like output."""

    title: str
    noun: str  # what one record is called: "member", "event"...
    columns: tuple[str, ...]  # shown by default in table-like formats
    keys: tuple[str, ...]  # every field a record has, for --fields


class Style(NamedTuple):
    """Terminal settings chosen by the CLI from the options and the environment."""

    color: bool


class Shown(NamedTuple):
    """What a listing shows, from which its title and caption are made."""

    total: int
    filters: tuple[tuple[str, str], ...] = ()  # ("as of", "2020-12-01"), ("by", "Marco Rubio")
    reach: str = ""  # how current the data is: queries.reach(meta)
    sources: bool = False  # --sources: number the sources and list them at the end


# Which listings always carry their references, and what their caption points to otherwise.
_ALWAYS_CITED = {"quote"}
_POINTERS = {"source": "citations: --format bibtex or csl-json"}


def describe(view: View, shown: Shown) -> tuple[str, str]:
    """The title and caption of a listing: what it shows (its filters), how many, how current
    the data is, and where to go for more. The one place titles and captions are made."""
    title = view.title
    if shown.filters:
        title += " · " + ", ".join(f"{label} {value}" for label, value in shown.filters)
    noun = view.noun if shown.total == 1 else view.noun + "s"
    cited = shown.sources or view.noun in _ALWAYS_CITED
    pointer = _POINTERS.get(view.noun, "full records: --json" if cited else "sources: --sources")
    parts = [f"{shown.total} {noun}", shown.reach, pointer]
    return title, " · ".join(part for part in parts if part)


def render(
    rows: Iterable[Row],
    view: View,
    fmt: str,
    fields: Sequence[str] | None,
    style: Style,
    shown: Shown | None = None,
) -> None:
    """Write ``rows`` to stdout in ``fmt``; ``fields`` (already validated) picks the keys.

    ``shown`` (what was asked for) makes the title and caption of a table; other formats carry
    data and nothing else. Document formats (csv, jsonl, yaml) carry every field by default;
    plain and markdown the view's columns, with a quote's ``verbatim`` and an event's
    ``end_date`` appended last so that the columns scripts cut stay where they were.
    """
    if shown is None:
        rows = list(rows)
        shown = Shown(len(rows))
    if fields:
        rows = ({key: row[key] for key in fields} for row in rows)
        columns: Sequence[str] = fields
    else:
        columns = view.columns
        if shown.sources and "sources" not in columns:
            columns = (*columns, "sources")
    # JSON, JSON lines and CSV are written a batch of records at a time, so that a listing of
    # a large file never holds all of its text, or all of its records as dicts, at once.
    if fmt == "json":
        _write_batches(_json_array(rows, indent=2 if sys.stdout.isatty() else None))
    elif fmt == "jsonl":
        _write_batches(json_text(row) + "\n" for row in rows)
    elif fmt == "csv":
        _write_batches(_csv(rows, columns if fields else view.keys))
    elif fmt == "yaml":
        write_document(list(rows), fmt)
    elif fmt in ("plain", "markdown"):
        if not fields:
            columns = (*columns, *(c for c in _APPENDED.get(view.noun, ()) if c not in columns))
        rows = list(rows)
        write(_markdown(rows, columns) if fmt == "markdown" else _plain_lines(rows, columns))
    else:
        _table(list(rows), view, columns, style, shown, chosen=bool(fields))


def _write_batches(pieces: Iterable[str], size: int = 256) -> None:
    pieces = iter(pieces)
    while batch := "".join(islice(pieces, size)):
        write(batch)


def _json_array(rows: Iterable[Row], indent: int | None) -> Iterator[str]:
    """The text of ``json.dumps(list(rows), indent=indent)`` (plus a newline), record by record."""
    first = True
    for row in rows:
        text = json_text(row, indent)
        if indent is None:
            yield ("[" if first else ", ") + text
        else:
            pad = " " * indent
            yield ("[\n" if first else ",\n") + pad + text.replace("\n", "\n" + pad)
        first = False
    yield "[]\n" if first else ("]\n" if indent is None else "\n]\n")


def write(text: str) -> None:
    from accords_cli import pager

    if pager.page(text):
        return
    sys.stdout.write(text)
    sys.stdout.flush()


def cell(value: Any, joiner: str = ", ") -> str:
    """One value as text: lists joined, nested records reduced to what identifies them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return _identify(value)
    if hasattr(value, "to_dict"):  # a record itself rather than its JSON form
        return _identify(value.to_dict())
    if isinstance(value, (list, tuple)):
        return joiner.join(cell(item, joiner) for item in value)
    return str(value)


def span(start: Any, end: Any, between: str = " ") -> str:
    """A date, or a range such as ``2021-08-11 to 08-12`` (the end's year dropped if shared);
    a newline ``between`` stacks a range on two lines, as wide as a single date."""
    if not end:
        return str(start)
    start, end = str(start), str(end)
    return f"{start}{between}to {end[5:] if end[:4] == start[:4] else end}"


def capped(codes: Sequence[str], most: int = CODES_SHOWN) -> str:
    """Country codes for a table: all of them up to ``most``, else the first ones and how many
    more (``US, SA, QA +8``), never wider than ``most`` codes would be."""
    if len(codes) <= most:
        return ", ".join(codes)
    return f"{', '.join(codes[: most - 1])} +{len(codes) - most + 1}"


def evidence_mark(evidence: Mapping[str, Any]) -> str:
    """An evidence record as a short mark: ``P2`` (a primary text, two originals), ``1!``."""
    primary, independent = evidence["primary"], evidence["independent"]
    below = not primary and independent < 2
    return f"{'P' if primary else ''}{independent}{'!' if below else ''}"


def _identify(record: Mapping[str, Any]) -> str:
    if "independent" in record and "primary" in record:  # evidence
        return evidence_mark(record)
    if "url" in record:  # a source
        return str(record["url"])
    if "party" in record:  # a signatory
        role = f", {record['role']}" if record.get("role") else ""
        return f"{record['name']} ({record['party']}{role})"
    label = record.get("title") or record.get("text") or record.get("name") or ""
    return f"{record['date']} {label}" if record.get("date") else str(label)


def _plain(value: Any) -> str:
    # One record per line: tabs and newlines inside a value would break the columns.
    return clean(" ".join(cell(value).split()))


def _plain_lines(rows: Sequence[Row], columns: Sequence[str]) -> str:
    return "".join("\t".join(_plain(row[c]) for c in columns) + "\n" for row in rows)


def heading(field: str, noun: str = "") -> str:
    named = _HEADINGS_OF.get(noun, {}).get(field) or _HEADINGS.get(field)
    return named or field.replace("_", " ").capitalize()


def _csv(rows: Iterable[Row], columns: Sequence[str]) -> Iterator[str]:
    """CSV text, a line at a time: a header of field names, then one line per record."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(cell(row[c], "; ")) for c in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _markdown(rows: Sequence[Row], columns: Sequence[str]) -> str:
    def escape(value: Any) -> str:
        return _plain(value).replace("|", "\\|")

    lines = [
        "| " + " | ".join(columns) + " |",
        "|" + "|".join(" --- " for _ in columns) + "|",
    ]
    lines += ["| " + " | ".join(escape(row[c]) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_document(document: Any, fmt: str) -> None:
    """One JSON or YAML document, straight to stdout: UTF-8 text as is, but for what a terminal
    would obey (``escapes``)."""
    if fmt == "json":
        # Indented for people; compact when piped, where the C encoder is several times faster.
        indent = 2 if sys.stdout.isatty() else None
        write(json_text(document, indent) + "\n")
    else:
        write(yaml_text(document))


# Text is never laid out narrower: at COLUMNS=1 a table would stand a letter a line. Lines this
# wide on a narrower terminal wrap there, which still reads.
MIN_WIDTH = 20


def terminal_width() -> int:
    """The terminal's width: COLUMNS when it is a number of columns, else that of the first
    standard stream that is a terminal (as Rich looks), else 80.

    COLUMNS that is no width (0, -5, abc) counts as unset: Rich would take 0 at its word and
    leave no room for any text.
    """
    given = os.environ.get("COLUMNS", "")
    if given.isascii() and given.isdigit() and int(given) > 0:
        return int(given)
    for stream in (0, 1, 2):
        try:
            found = os.get_terminal_size(stream).columns
        except (OSError, ValueError):
            continue
        if found > 0:  # a pseudo-terminal may report 0
            return found
    return 80


def console(style: Style) -> Any:
    """A Rich console whose colour and width come from our options, not Rich's own guesses:
    the terminal's width (``terminal_width``), never less than ``MIN_WIDTH``."""
    from rich.console import Console

    return Console(
        file=sys.stdout,
        width=max(terminal_width(), MIN_WIDTH),
        force_terminal=style.color,
        no_color=not style.color,
        color_system="auto" if style.color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )


# Terminal tables ----------------------------------------------------------------------------


def quote_text(quote: Mapping[str, Any], color: bool = False) -> Any:
    """A quote as a person reads it: marked when not verbatim, the words as spoken beneath a
    translation, its context on a dim line beneath, and, when not verbatim, why on one more."""
    from rich.text import Text

    text = Text()
    if quote.get("verbatim") is False:
        text.append(MARK + " ", style="bold")
    text.append(f"“{clean(quote['text'])}”")
    if quote.get("original"):  # the words as spoken, under their translation
        text.append(f"\n“{clean(quote['original'])}” ({clean(str(quote['language']))})")
    if quote.get("context"):
        text.append("\n" + clean(quote["context"]), style="dim")
    if quote.get("verbatim") is False and quote.get("note"):
        text.append(f"\n{MARK} {clean(quote['note'])}", style="dim")
    return text


def _text(row: Row, column: str, color: bool, refs: Any, stacked: bool = True) -> Any:
    """One table cell; ``stacked`` sets a date range on two lines (a column of dates stays as
    wide as one date), for a table rather than a block, where it has a line of its own."""
    from rich.text import Text

    value = row[column]
    if column == "sources" and refs is not None:
        return Text(refs.cite(value) or "—", style="dim" if not value else "")
    if column == "text" and "context" in row and "verbatim" in row:
        return quote_text(row, color)
    if value is None or value == "" or value == []:
        return Text("—", style="dim")
    if column == "url":
        return Text(clean(value), style=links.link(value) if color else "")
    if column == "date" and row.get("end_date"):
        return Text(span(value, row["end_date"], "\n" if stacked else " "), style="cyan")
    if column == "countries" and isinstance(value, (list, tuple)):
        return Text(clean(capped([cell(code) for code in value])))
    return Text(clean(cell(value)), style=_COLUMN_STYLES.get(column, ""))


def _unrepeated(
    rows: Sequence[Row], columns: Sequence[str], shown: Shown
) -> tuple[tuple[str, ...], Shown]:
    """The columns left once those a filter fixed to one value are dropped, and what the title
    shows: a field that goes with a dropped one (a speaker's role) is dropped too when it has
    one value, and named in the title instead (``by Gideon Sa'ar (Foreign Minister)``)."""

    def one(field: str) -> bool:
        return field in columns and len({cell(row[field]) for row in rows}) == 1

    filters = list(shown.filters)
    dropped = set()
    for at, (label, value) in enumerate(filters):
        field = _FIXED_BY.get(label, "")
        if not one(field):
            continue  # not a column here, or the filter matched several values
        dropped.add(field)
        follower = _GOES_WITH.get(field, "")
        if one(follower) and rows[0][follower]:
            dropped.add(follower)
            filters[at] = (label, f"{value} ({cell(rows[0][follower])})")
    kept = tuple(column for column in columns if column not in dropped)
    return kept, shown._replace(filters=tuple(filters))


def _table(
    rows: Sequence[Row],
    view: View,
    columns: Sequence[str],
    style: Style,
    shown: Shown,
    chosen: bool = False,
) -> None:
    """A table, or one block per record when too narrow; ``chosen``: the columns were asked for
    by ``--fields``, and each is shown even when a filter fixed its value."""
    from rich.text import Text

    from accords_cli import layout
    from accords_cli.references import References

    out = console(style)
    width = out.width
    cited = "sources" in columns and (shown.sources or view.noun in _ALWAYS_CITED)
    refs = References() if cited or view.noun in _ALWAYS_CITED else None
    weighed = view.noun in _WEIGHED and "evidence" not in columns and columns == view.columns
    if not chosen:
        columns, shown = _unrepeated(rows, columns, shown)
    if weighed:  # beside the references, when they are shown
        columns = (*columns[:-1], "evidence", "sources") if columns[-1:] == ("sources",) else (
            *columns, "evidence")  # fmt: skip
    if refs is not None and "sources" not in columns:
        columns = (*columns, "sources")
    headings = [heading(c, view.noun) for c in columns]
    cells = [[_text(row, c, style.color, refs) for c in columns] for row in rows]
    title, caption = describe(view, shown)
    trailer = columns[-1] == "url" and len(columns) > 1
    laid = columns[:-1] if trailer else columns
    natural, minimum = [], []
    for i, column in enumerate(laid):
        lines = [line for row in cells for line in row[i].plain.split("\n")]
        natural.append(max([len(headings[i]), *(len(line) for line in lines)]))
        if column in _NO_WRAP:
            minimum.append(natural[-1])
        else:
            words = [len(word) for line in lines for word in line.split()]
            minimum.append(max([len(headings[i]), *words]))
    # Prose shares the room left, down to a readable floor (a third of a wide terminal, so a
    # quote is not a ribbon beside a role kept whole); references wrap between marks.
    readable = max(layout.MIN_PROSE, width // 3)
    floor = [
        readable if c in _PROSE else min(natural[i], 12) if c == "sources" else None
        for i, c in enumerate(laid)
    ]
    widths = layout.widths(natural, minimum, floor, width)

    def prose(text: str, style: str) -> list[Any]:
        lines = list(Text(clean(text), style=style).wrap(out, width))
        for line in lines:  # the space a line broke at, which colour would keep past the trim
            line.rstrip()
        return lines

    parts: list[Any] = [*prose(title, "bold"), Text("")]
    if widths is None:  # too narrow for a table: one block per record
        unbroken = [column in ("url",) for column in columns]
        if "date" in columns:  # a block gives a range the line a table column could not
            at = columns.index("date")
            for row, line in zip(rows, cells, strict=True):
                line[at] = _text(row, "date", style.color, refs, stacked=False)
        parts += layout.blocks(out, headings, cells, unbroken, width)
    else:
        # Rows are set apart when prose holds several paragraphs (a quote and its context),
        # not when a date range takes two lines.
        apart = any(
            "\n" in row[i].plain for row in cells for i, c in enumerate(laid) if c in _PROSE
        )
        parts += layout.table(out, headings, cells, widths, width, trailer, apart)
        parts.append(Text(""))
    if "text" in columns and any(row.get("verbatim") is False for row in rows):
        parts += [*prose(LEGEND, "dim"), Text("")]
    if "evidence" in columns:
        parts += [*prose(EVIDENCE_LEGEND, "dim"), Text("")]
    if refs is not None and refs.sources:
        parts += [*refs.lines(out, width, style.color), Text("")]
    parts += prose(caption, "dim")
    show_lines(parts, style)


def show_lines(lines: Sequence[Any], style: Style) -> None:
    """Draw lines of Rich ``Text`` already laid out to the width: any longer (a URL) runs past
    the edge instead of being folded."""
    from rich.console import Group

    for line in lines:
        if line.cell_len > 0 and "\n" not in line.plain:
            line.no_wrap, line.overflow = True, "ignore"
    show(Group(*lines), style)


def show(renderable: Any, style: Style) -> None:
    """Draw a Rich renderable to stdout.

    Captured, then written like every other format, so one place meets a closed pipe; trailing
    padding is trimmed so that copied lines carry no blanks. Nothing is cropped: a line laid
    out longer than the width (a URL) is written whole.
    """
    out = console(style)
    with out.capture() as captured:
        out.print(renderable, crop=False)
    write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
