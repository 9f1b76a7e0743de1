"""Hyperlinks to a source's URL, as terminals draw them (OSC 8, which Rich writes for its
``link`` style): shared by the tables and the reference lists, which import it, not each other.

The target a terminal opens is percent-encoded: an OSC 8 target is a URI, in which only ASCII
is allowed, and a raw space or control character would end or break the escape sequence.
Characters a URL may already hold (``/?#&=%`` and the like) stay as they are, so an encoded
URL is not encoded twice. The text people read beside it is the URL as the data gives it.
"""

from __future__ import annotations

from typing import Any

# RFC 3986's reserved characters and '%' (an escape already made): kept, never re-encoded.
_KEPT = ":/?#[]@!$&'()*+,;=%~"


def target(url: str) -> str:
    """The URI a link opens: ``url`` with non-ASCII, spaces and controls as ``%XX`` escapes."""
    from urllib.parse import quote  # only when a link is drawn: not paid at start-up

    return quote(url, safe=_KEPT)


def link(url: str) -> Any:
    """The style of a hyperlink to ``url`` (built, not parsed: a URL is data, not markup)."""
    from rich.style import Style

    return Style(link=target(url))
