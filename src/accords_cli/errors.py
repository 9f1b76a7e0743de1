"""Domain exceptions and the exit codes they map to.

The logic raises these; ``cli.AccordsGroup.main`` turns them into one line on stderr and an exit
code. Beyond grep's 0/1/2, the codes follow BSD sysexits (``man 3 sysexits``), which many tools
share, so a script can tell "nothing matched" from "the data file is broken" from "a bug".
"""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # the command did what was asked and found something
    NOT_FOUND = 1  # a lookup or filter matched nothing
    USAGE = 2  # the command line was wrong: unknown command, option, value or field
    DATA_INVALID = 65  # EX_DATAERR: the data file is not valid YAML or breaks the schema
    DATA_MISSING = 66  # EX_NOINPUT: the data file does not exist or cannot be read
    INTERNAL = 70  # EX_SOFTWARE: a bug in accords
    IO_ERROR = 74  # EX_IOERR: the output could not be written (a full disk, a closed stdout)
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it


class AccordsError(Exception):
    """Base of every error the user can cause; carries its exit code."""

    exit_code = ExitCode.NOT_FOUND


class DatasetError(AccordsError):
    """The data file is not valid YAML, breaks the schema, or is refused (too large...)."""

    exit_code = ExitCode.DATA_INVALID


class DataFileMissingError(DatasetError):
    """The data file does not exist, is a directory, or cannot be read."""

    exit_code = ExitCode.DATA_MISSING


class NotFoundError(AccordsError):
    """A lookup or filter matched nothing."""


class UsageError(AccordsError):
    """An argument or option value is invalid (a bad field name, date, country...)."""

    exit_code = ExitCode.USAGE


class OutputError(AccordsError):
    """Standard output cannot be written: a full disk, a closed stream, a failing device."""

    exit_code = ExitCode.IO_ERROR


class InstallError(AccordsError):
    """Shell completion cannot be installed: no usable home folder, a file that cannot be
    written, or a symbolic link where the completion script goes. Output that could not be
    written, so the same exit code as OutputError."""

    exit_code = ExitCode.IO_ERROR
