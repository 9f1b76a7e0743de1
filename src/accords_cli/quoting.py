"""Completion candidates written so that a shell reads them back as the same text.

Candidates come from the data file, which may be hostile: a speaker named ``Evil $(touch x)``
must reach the command as those characters, never run. zsh (``compadd``) and fish quote what
they insert themselves, for the quoting in force; bash inserts each reply as it stands, in
place of the part of the word that readline chose (after an open quote, or after the last
word-break character), and closes an open quote itself. So for bash this module finds that
part exactly as readline does and writes the rest of each candidate for the quoting there:
none, single or double quotes. Where it cannot be sure, it offers nothing.

A candidate holding a control or formatting character (an escape, a newline, a right-to-left
override) is left out for every shell: no quoting makes it safe to show on a command line.
"""

from dataclasses import dataclass

from accords_cli import escapes

# bash's default COMP_WORDBREAKS, for a script that does not pass the user's own.
BASH_WORD_BREAKS = " \t\n\"'@><=;|&(:"
# Word-break characters that readline keeps in the replaced text (bash's rl_special_prefixes).
_KEPT_BREAKS = "$@"
# Characters bash reads as themselves outside quotes; every other one gets a backslash.
_BARE = frozenset(",._+:@%/=-")
# Expansions whose quoting readline and bash see differently ($'a\'b' is one word to bash, an
# open quote to readline): on a line holding one, the part readline replaces is not certain.
_UNCERTAIN = ("$'", '$"', "`", "$(", "${")


def insertable(text: str) -> bool:
    """Whether ``text`` can stand on a command line: nothing that ``escapes.clean`` would
    have to escape (control and formatting characters)."""
    return escapes.clean(text) == text


def description(text: str) -> str:
    """A description shown beside a candidate: one line, control characters as escapes."""
    return escapes.clean(" ".join(text.split()))


@dataclass(frozen=True)
class Region:
    """The part of the line bash replaces with a reply."""

    start: int  # where the part starts in the line
    typed: str  # what the word before that part means once unquoted: replies continue it
    quote: str  # the quote open there: "", "'" or '"'


def bash_region(line: str, word_breaks: str = BASH_WORD_BREAKS) -> Region | None:
    """Where bash (readline) puts a reply for ``line``, the line up to the cursor; None when
    that is not certain, and nothing should be offered."""
    if any(mark in line for mark in _UNCERTAIN):
        return None
    quoted = [False] * len(line)  # bash's char_is_quoted: escaped, or inside quotes
    quote, opened, index = "", -1, 0
    while index < len(line):
        char = line[index]
        if quote:
            quoted[index] = True
        if char == "\\" and quote != "'":
            if index + 1 == len(line):
                return None  # an escape waiting for its character
            quoted[index + 1] = True
            index += 2
            continue
        if quote and char == quote:
            quote = ""
        elif not quote and char in "'\"":
            quote, opened, quoted[index] = char, index, True
        index += 1
    word = _word_start(line, quoted)
    # After an open quote, readline replaces what follows it; else what follows the last break.
    start = opened + 1 if quote else _after_break(line, quoted, word_breaks)
    if start < word:
        return None  # word breaks without white space: readline's word is not the shell's
    return Region(start, _unquote(line[word:start]), quote)


def _word_start(line: str, quoted: list[bool]) -> int:
    for index in range(len(line) - 1, -1, -1):
        if line[index] in " \t\n" and not quoted[index]:
            return index + 1
    return 0


def _after_break(line: str, quoted: list[bool], word_breaks: str) -> int:
    """Readline's search back for the last word-break character that is not quoted."""
    for index in range(len(line) - 1, -1, -1):
        if line[index] in word_breaks and not quoted[index]:
            return index if line[index] in _KEPT_BREAKS else index + 1
    return 0


def _unquote(raw: str) -> str:
    """What bash makes of ``raw``, a start of a word without expansions."""
    out, quote, index = [], "", 0
    while index < len(raw):
        char = raw[index]
        if char == "\\" and quote != "'" and index + 1 < len(raw):
            following = raw[index + 1]
            if quote == '"' and following not in '$`"\\':
                out.append(char)  # inside double quotes, a backslash before others stays
            out.append(following)
            index += 2
            continue
        if quote and char == quote:
            quote = ""
        elif not quote and char in "'\"":
            quote = char
        else:
            out.append(char)
        index += 1
    return "".join(out)


def for_bash(region: Region, value: str) -> str | None:
    """``value`` written to replace bash's ``region``; None when it does not continue what was
    typed there, or cannot stand on a command line."""
    if not insertable(value) or not value.startswith(region.typed):
        return None
    return _quoted(value[len(region.typed) :], region.quote)


def _quoted(text: str, quote: str) -> str:
    if not quote:
        return "".join(char if char.isalnum() or char in _BARE else "\\" + char for char in text)
    if quote == "'":
        written = text.replace("'", "'\\''")
    else:
        # "\!" keeps its backslash in bash, so "!" (history expansion) goes in single quotes.
        written = "".join(
            "\"'!'\"" if char == "!" else "\\" + char if char in '$`"\\' else char for char in text
        )
    # Readline closes the quote unless the reply already ends in the quote character; when it
    # does (an escaped quote, or one reopened), close it here, or it would stay open.
    if not written or written.endswith(quote):
        written += quote
    # A reply that starts with the quote character replaces the opening quote (readline will
    # not double it), so that one is written again.
    return quote + written if written.startswith(quote) else written
