"""What to say when a command line names an option or a command accords does not have.

A typo gets the close name (``closeness``), and nothing when none is close. An option people
guess from other tools (``--speaker``, ``--country`` where a command takes the country as its
argument or has no use for it, ``--year``, ``--from``, ``--sources`` on ``show``) gets the
command that does the job, built from what was typed, so that it can be copied and run.
Nothing here runs a guess.
"""

import shlex
from collections.abc import Sequence
from typing import NamedTuple, Optional

from accords_cli import closeness

LONGEST = 60  # a word longer than this is not worth echoing in a command to copy


class Option(NamedTuple):
    """An option a command has: its names (``--country``, ``-c``) and whether it takes a value."""

    names: tuple[str, ...]
    takes_value: bool


class Typed(NamedTuple):
    """The command line around an unknown option: the option's value, if it was given one,
    and the rest after the command, option and value left out."""

    value: Optional[str]
    rest: list[str]


def _command(*parts: Optional[str]) -> str:
    """A command line to copy: ``accords`` and ``parts``, each quoted only if it must be."""
    return " ".join(["accords", *(shlex.quote(part) for part in parts if part is not None)])


def _typed(option: str, after: Sequence[str]) -> Typed:
    """Where ``option`` sits in ``after`` (the words after the command) and what follows it."""
    for at, word in enumerate(after):
        if word.startswith(option + "="):
            return Typed(word[len(option) + 1 :], [*after[:at], *after[at + 1 :]])
        if word == option:
            following = after[at + 1] if at + 1 < len(after) else None
            if following is not None and not following.startswith("-"):
                return Typed(following, [*after[:at], *after[at + 2 :]])
            return Typed(None, [*after[:at], *after[at + 1 :]])
    return Typed(None, list(after))


def _words(rest: Sequence[str], options: Sequence[Option]) -> list[str]:
    """The arguments in ``rest`` that are not options nor their values (a country's name)."""
    valued = {name for option in options if option.takes_value for name in option.names}
    words, skip = [], False
    for word in rest:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word in valued
        else:
            words.append(word)
    return words


def _guess(
    option: str, typed: Typed, command: Optional[str], options: Sequence[Option]
) -> Optional[str]:
    """What does the job of ``option``, an option ``command`` lacks that people guess."""
    names = {name for known in options for name in known.names}
    value, rest = typed
    if option in ("--speaker", "--by"):
        speaker = value or "SPEAKER"
        if command == "quote":
            return f"Give the speaker without an option: {_command(command, speaker, *rest)}"
        return f"Quotes by a speaker: {_command('quote', speaker)}"
    if option in ("--country", "-c"):
        state = value or "COUNTRY"
        if command in ("show", "figures"):
            return f"Give the country without an option: {_command(command, state, *rest)}"
        return (
            f"For one state: {_command('show', state)}"
            f" or {_command('timeline', '--country', state)}"
        )
    if option == "--year":
        year = value or "YEAR"
        if "--since" in names:
            return f"For one year: {_command(command, *rest, '--since', year, '--until', year)}"
        if "--as-of" in names:
            return f"The members at the end of a year: {_command(command, *rest, '--as-of', year)}"
        return f"One year's events: {_command('timeline', '--since', year, '--until', year)}"
    for guessed, real in (("--from", "--since"), ("--to", "--until")):
        if option == guessed and real in names:
            return f"The option is {real}: {_command(command, *rest, real, value)}"
    if option == "--sources" and command == "show":
        listing = _command("sources", "--country", " ".join(_words(rest, options)) or "COUNTRY")
        return f"show already lists its sources; just them: {listing}"
    if option == "--sources":
        return f"Every source the data cites: {_command('sources')}"
    return None


def no_such_option(
    option: str, args: Sequence[str], command: Optional[str], options: Sequence[Option]
) -> tuple[str, str]:
    """What follows "No such option: OPTION": a close option on the same line, or a line with
    what does the job; ``("", "")`` when there is neither.

    ``args`` is the whole command line, ``command`` the command it ran (None for ``accords``
    itself) and ``options`` the options that command has.
    """
    after = list(args)
    if command is not None and command in after:
        after = after[after.index(command) + 1 :]
    typed = _typed(option, after)
    if not all(word.isprintable() and len(word) <= LONGEST for word in after):
        typed = Typed(None, [])  # a command to copy is no place for control characters
    guess = _guess(option, typed, command, options)
    if guess is not None:
        return "", "\n" + guess
    longs = [name for known in options for name in known.names if name.startswith("--")]
    close = closeness.closest(option.lstrip("-"), ((name, (name[2:],)) for name in longs))
    if close:
        return f"; did you mean {' or '.join(close)}?", ""
    return "", ""


def no_such_command(typed: str, commands: Sequence[str]) -> str:
    """What follows "No such command 'TYPED'": the close command, if one is."""
    close = closeness.closest(typed.casefold(), ((name, (name,)) for name in commands))
    if not close:
        return ""
    return " Did you mean " + " or ".join(f"'{name}'" for name in close) + "?"


def option_first(args: Sequence[str], commands: Sequence[str]) -> str:
    """A hint for options typed before the command (``accords --data x members``)."""
    command = next((arg for arg in args if arg in commands), None)
    if command is None or not args or not args[0].startswith("-"):
        return ""
    at = list(args).index(command)
    moved = [command, *args[:at], *args[at + 1 :]]
    return "\nOptions go after the command: accords " + " ".join(shlex.quote(a) for a in moved)
