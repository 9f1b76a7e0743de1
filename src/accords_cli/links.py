"""Hyperlinks to a source's URL, as terminals draw them (OSC 8, which Rich writes for its
``link`` style): shared by the tables and the reference lists, which import it, not each other.
"""

from __future__ import annotations

from typing import Any

from accords_cli.escapes import clean


def link(url: str) -> Any:
    """The style of a hyperlink to ``url`` (built, not parsed: a URL is data, not markup)."""
    from rich.style import Style

    return Style(link=clean(url))
