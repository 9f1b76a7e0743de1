"""Completion replies for bash: the part of the line readline replaces, and replies that bash
reads back as the very name, whatever it holds. The real shells in a pseudo-terminal are in
test_completion; here bash itself (non-interactive) reads many names at once.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from accords_cli import quoting


@pytest.mark.parametrize(
    ("line", "start", "typed", "quote"),
    [  # where readline 8.2 (bash 5.2) puts a reply, checked by hand in a terminal
        ("t ab", 2, "", ""),
        ('t "ab', 3, "", '"'),
        ("t 'ab", 3, "", "'"),
        ("t a'b", 4, "a", "'"),  # after the quote opened inside the word
        ("t --f=ab", 6, "--f=", ""),  # after a word break
        ("t a:b", 4, "a:", ""),
        ("t a@b", 3, "a", ""),  # "@" is a break that readline keeps in the part it replaces
        ('t "s "ab', 2, "", ""),  # the space is quoted: the whole word
        ("t a\\ b", 2, "", ""),  # escaped
        ("t 'a\\' b:c", 9, "b:", ""),  # a backslash does not escape in single quotes
        ('t "a\\"b:c', 3, "", '"'),  # but does in double quotes
        ('t "a\\b":c', 8, "a\\b:", ""),  # where it stays before all but $ ` " and itself
        ('t "a\\$b":c', 9, "a$b:", ""),
        ("t ", 2, "", ""),
    ],
)
def test_the_part_bash_replaces(line: str, start: int, typed: str, quote: str) -> None:
    assert quoting.bash_region(line) == quoting.Region(start, typed, quote)


@pytest.mark.parametrize("line", ["t $'ab", "t `ab", "t $(ab", "t ${ab", 't $"ab', "t ab\\"])
def test_nothing_is_offered_where_the_part_is_not_certain(line: str) -> None:
    assert quoting.bash_region(line) is None


def test_a_name_with_control_characters_is_left_out() -> None:
    region = quoting.bash_region("t ")
    assert region is not None
    for name in ["a\x1b[2Jb", "a\nb", "a\tb", "a\u202eb", "a\x9bb", "a\x00b"]:
        assert not quoting.insertable(name)
        assert quoting.for_bash(region, name) is None
    assert quoting.for_bash(region, "Gideon Sa'ar") == "Gideon\\ Sa\\'ar"


def test_a_description_shows_control_characters_as_escapes() -> None:
    assert quoting.description("Evil\x1b]0;title\x07  name\n") == "Evil\\x1b]0;title\\x07 name"


HOSTILE = [
    "$(touch pwned)",
    "`touch pwned`",
    "${HOME}",
    "a'b",
    'a"b',
    "a\\b",
    "x\\",
    "'",
    '"',
    "x'",
    'x"',
    "!x",
    "x!",
    "*",
    "~root",
    "#c",
    "a b",
    "a;b|c&d>e<f",
    "{a,b}",
    "a=b:c@d%e",
    "-x",
    "Émile",
    "سعود",
    "'$(touch pwned)'",
    "\"; touch pwned; '",
]


def _readline_inserts(line: str, reply: str, region: quoting.Region) -> str:
    """The line after readline puts ``reply`` in ``region``: it does not double an opening
    quote the reply starts with, and closes an open quote unless the reply ends in it."""
    start = region.start
    if region.quote and reply.startswith(region.quote):
        start -= 1
    done = line[:start] + reply
    if region.quote and not done.endswith(region.quote):
        done += region.quote
    return done


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_reads_every_reply_back_as_the_name(tmp_path: Path) -> None:
    commands, expected = [], []
    for name in HOSTILE:
        for typed, value in [
            ("", name),
            ("'", name),
            ('"', name),
            ("p'", "p" + name),
            ('p"', "p" + name),
            ("p\\ ", "p " + name),
            ("'p'\\''", "p'" + name),
        ]:
            line = f"printf '[%s]\\n' {typed}"
            region = quoting.bash_region(line)
            assert region is not None, line
            reply = quoting.for_bash(region, value)
            assert reply is not None, (line, value)
            commands.append(_readline_inserts(line, reply, region))
            expected.append(f"[{value}]")
    (tmp_path / "decoy").touch()  # a "*" left unquoted would turn into this name
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", "\n".join(commands)],
        capture_output=True,
        text=True,
        timeout=20,
        cwd=str(tmp_path),
    )
    assert result.stderr == ""
    assert result.stdout.splitlines() == expected
    assert not (tmp_path / "pwned").exists()
