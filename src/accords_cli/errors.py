"""Domain exceptions and the exit codes they map to.

The logic raises these; ``cli.main`` turns them into one line on stderr and an exit code.
"""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # the command did what was asked and found something
    NOT_FOUND = 1  # nothing matched, or the data file is invalid or unreadable
    USAGE = 2  # the command line was wrong: unknown command, option, value or field
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it


class AccordsError(Exception):
    """Base of every error the user can cause; carries its exit code."""

    exit_code = ExitCode.NOT_FOUND


class DatasetError(AccordsError):
    """The data file is missing, unreadable, not valid YAML, or breaks the schema."""


class NotFoundError(AccordsError):
    """A lookup or filter matched nothing."""


class UsageError(AccordsError):
    """An argument or option value is invalid (a bad field name, date, country...)."""

    exit_code = ExitCode.USAGE
