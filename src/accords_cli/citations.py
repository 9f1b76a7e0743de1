"""Sources as citations for reference managers: BibTeX (biblatex) and CSL-JSON.

One entry per source, keyed by the source's id, shaped so that pandoc's citeproc, biblatex and
Zotero all name the outlet: the publisher who wrote the text is the (corporate) author, so an
author-date citation reads "(Reuters 2020)" and never falls back to a title or a bare year; the
site it is read on (the host of a copy, else the outlet itself) as BibTeX ``organization`` and
CSL ``container-title``; the full date (``date``); the URL; and the date the data was last
checked as the access date. A source without a title or a date gets an entry without those
fields. BibTeX entries are biblatex ``@online``; ``year`` and ``month`` are kept for BibTeX
styles that know no ``date``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from accords_cli.models import Source

FORMATS = ("bibtex", "csl-json")

# Characters that mean something to LaTeX, and what stands for each in a BibTeX value.
# BibTeX finds the end of a value by counting braces, escaped ones too: ``\{`` and ``\}`` are
# safe only in pairs. A brace without its partner is written as the LaTeX command that prints
# it, which holds no brace BibTeX would count (see _latex).
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_UNPAIRED = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
# A URL goes into BibTeX as is (the url package reads it verbatim) but for braces, which
# would unbalance the value, and backslashes, which would escape them.
_URL_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C"}
_NOT_KEY = re.compile(r"[^A-Za-z0-9_:.\-]")


def write(sources: Sequence[Source], fmt: str, accessed: date) -> None:
    from accords_cli.render import write as out
    from accords_cli.render import write_document

    if fmt == "bibtex":
        out(bibtex(sources, accessed))
    else:
        write_document(csl_json(sources, accessed), "json")


def _printable(text: str) -> str:
    # Control and formatting characters (terminal escapes, bidi overrides) are written as
    # escapes: a .bib file is text that people open in editors and terminals.
    from accords_cli.render import clean

    return clean(" ".join(text.split()))


def _latex(text: str) -> str:
    """``text`` as a BibTeX value: LaTeX's special characters escaped, and brace-balanced as
    BibTeX counts, so no title can end its value early or run on into the next field."""
    text = _printable(text)
    unpaired = _unpaired_braces(text)
    return "".join(
        _UNPAIRED[char] if index in unpaired else _LATEX.get(char, char)
        for index, char in enumerate(text)
    )


def _unpaired_braces(text: str) -> set[int]:
    """The positions of the braces in ``text`` that close nothing or are never closed."""
    unpaired: set[int] = set()
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                unpaired.add(index)
    return unpaired | set(opened)


def _url(text: str) -> str:
    return "".join(_URL_UNSAFE.get(char, char) for char in _printable(text))


def outlet(source: Source) -> tuple[str, str | None]:
    """Who wrote a source's text, and the site hosting this copy (None at the text's home).

    Registered sources label a copy "Reuters, via Devdiscourse"; older files wrote
    "Reuters (via Devdiscourse)".
    """
    if source.via_id is not None:
        author, _, host = source.publisher.partition(", via ")
        return author, host or None
    match = _LEGACY_VIA.fullmatch(source.publisher)
    if match:
        return match.group(1), match.group(2)
    return source.publisher, None


_LEGACY_VIA = re.compile(r"(.+?) \(via (.+)\)")


def bibtex(sources: Sequence[Source], accessed: date) -> str:
    """A BibTeX file: one biblatex ``@online`` entry per source."""
    entries = []
    for source in sources:
        author, host = outlet(source)
        # Double braces: a corporate author, never split into first and last names.
        fields = [("author", "{" + _latex(author) + "}")]
        if source.title:
            fields.append(("title", "{" + _latex(source.title) + "}"))
        fields.append(("organization", _latex(host or author)))  # the site it is read on
        if source.published:
            day = source.published
            fields += [("year", str(day.year)), ("month", str(day.month))]
            fields.append(("date", day.isoformat()))
        fields += [("url", _url(source.url)), ("urldate", accessed.isoformat())]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@online{{{_NOT_KEY.sub('-', source.id)},\n{body}\n}}\n")
    return "\n".join(entries)


def _date(day: date) -> dict[str, Any]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_json(sources: Sequence[Source], accessed: date) -> list[dict[str, Any]]:
    """CSL-JSON items: one ``webpage`` per source, its outlet as the author."""
    items = []
    for source in sources:
        author, host = outlet(source)
        item: dict[str, Any] = {"id": source.id, "type": "webpage", "author": [{"literal": author}]}
        if source.title:
            item["title"] = source.title
        item["container-title"] = host or author  # the site it is read on
        if source.published:
            item["issued"] = _date(source.published)
        item["URL"] = source.url
        item["accessed"] = _date(accessed)
        items.append(item)
    return items
