"""Text from a data file made safe to write: the one place that decides which characters a
terminal would obey rather than show, and how each kind of output writes them.

A data file is text, never terminal control. Whoever wrote it may have put escape sequences
(a window title, a cleared screen), C1 controls or bidirectional overrides in any field, and
every output reaches a terminal sooner or later (``accords members --json`` on screen,
``cat`` on a saved file):

- ``clean`` is for what people read on a terminal (tables, plain and markdown rows, the chart,
  messages): every unprintable character is written as its Python escape (``\\x1b``,
  ``\\u202e``), so that it shows instead of acting.
- ``json_text`` and ``yaml_text`` are for documents that programs read back. They keep every
  character, so parsing gives back the file's text, but write those a terminal obeys as the
  format's own ``\\u`` escape; other text (accents, quotes, dashes) stays readable UTF-8.
- ``csv_cell``: CSV has no escapes, so the characters a terminal obeys are written as ``clean``
  writes them; a newline or tab is kept, inside the quotes CSV puts around it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# What a terminal acts on: the C0 controls, DEL and the C1 controls (escape sequences, CSI and
# OSC in their 8-bit forms, bell, backspace, carriage return), and the bidirectional controls
# (Unicode's Bidi_Control), which reorder the text after them on screen. A newline and a tab
# are left out: they are text, and every format quotes or escapes them as such.
_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_OBEYED = re.compile(f"[\x00-\x08\x0b-\x1f{_BEYOND_C0}]")
# What the JSON and YAML encoders leave as they are: they escape C0 controls themselves, and
# outside a string write nothing but ASCII punctuation, spaces and line breaks.
_LEFT_BY_ENCODERS = re.compile(f"[{_BEYOND_C0}]")


def clean(text: str) -> str:
    """Data text made safe for a terminal: control and formatting characters (escapes,
    right-to-left overrides) written as escapes, so they show instead of acting."""
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() and unicodedata.category(char) != "Cf" else _escaped(char)
        for char in text
    )


def _escaped(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")


def _unicode_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(value: Any, indent: int | None = None) -> str:
    """``value`` as JSON, UTF-8 as is but for the characters a terminal obeys, as ``\\u`` escapes.

    ``json.dumps`` already escapes C0 controls; DEL, C1 and bidirectional controls it writes as
    they are, and only ever inside a string, where a ``\\u`` escape means the same character.
    """
    import json

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _LEFT_BY_ENCODERS.sub(_unicode_escape, text)


def yaml_text(document: Any) -> str:
    """``document`` as YAML, UTF-8 as is but for the characters a terminal obeys.

    PyYAML escapes controls inside double quotes, but counts bidirectional controls as
    printable: a string holding any character a terminal obeys is written double-quoted, and
    what PyYAML left of them in it becomes a ``\\u`` escape, which means the same there.
    """
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def string(dumper: yaml.SafeDumper, text: str) -> Any:
        quoted = '"' if _OBEYED.search(text) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=quoted)

    Dumper.add_representer(str, string)
    text = yaml.dump(document, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)
    return _LEFT_BY_ENCODERS.sub(_unicode_escape, text)


def csv_cell(text: str) -> str:
    """A CSV cell's text with the characters a terminal obeys, but newline and tab, escaped."""
    return _OBEYED.sub(lambda match: _escaped(match.group()), text)
