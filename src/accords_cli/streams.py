"""The standard streams: made safe before anything is written, flushed last.

A shell may hand accords a closed stream (``accords members >&-``), a full device
(``> /dev/full``) or a standard error that cannot be written. So:

- a standard stream closed at start is reopened on the null device, so that no file opened later
  takes its number and receives what was meant for the terminal; standard output is reopened
  read-only, so that writing to it still fails, as it must;
- a failed write to standard output raises OutputError (exit 74, one line on stderr, like
  ``cat`` or ``ls``), and is remembered: code that swallows exceptions (Click probes a stream by
  writing to it) cannot turn a lost output into a success;
- a failed write to standard error is dropped: there is nowhere left to report it, and the exit
  code still says what happened.

A reader that went away (``accords timeline | head -1``) is not a fault: BrokenPipeError passes
through to the command line, which ends quietly.
"""

import contextlib
import errno
import io
import os
import sys
from typing import Any

from accords_cli.errors import ExitCode, OutputError

# The first write to standard output that failed, once one has.
_failure: OutputError | None = None


class _Output(io.FileIO):
    """Standard output: a failed write raises OutputError."""

    def write(self, data: Any) -> int:
        global _failure
        if not memoryview(data).nbytes:
            return 0  # nothing to write: a full device would still answer "no space left"
        try:
            return super().write(data)
        except BrokenPipeError:
            raise
        except OSError as error:
            reason = "standard output is closed" if error.errno == errno.EBADF else error.strerror
            _failure = _failure or OutputError(f"cannot write the output: {reason}")
            raise _failure from None


class _Quiet(io.FileIO):
    """Standard error: a message that cannot be written is dropped."""

    def write(self, data: Any) -> int:
        try:
            return super().write(data)
        except OSError:
            return memoryview(data).nbytes


def prepare() -> None:
    """Make the standard streams safe to use; called before anything else runs."""
    if sys.stdin is None:  # Python leaves a stream None when its descriptor was closed
        _reopen_null(0, os.O_RDONLY)
        # Open for as long as the process lives, like the stream Python would have made.
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = _guarded(sys.stdout, 1, _Output)
    sys.stderr = _guarded(sys.stderr, 2, _Quiet)


def finish(code: int) -> int:
    """Flush what is left; the exit code ``code``, or 74 for a success whose output was lost."""
    # The reader went away (`| head -1`), or the stream was closed by hand: nothing to say. A
    # failure of the output is remembered in _failure.
    with contextlib.suppress(BrokenPipeError, ValueError, OutputError):
        sys.stdout.flush()
    if _failure is not None and code == ExitCode.OK:  # else the command line has told it
        with contextlib.suppress(ValueError):
            sys.stderr.write(f"accords: {_failure}\n")
        code = ExitCode.IO_ERROR
    with contextlib.suppress(ValueError):
        sys.stderr.flush()
    return code


def _guarded(stream: Any, fd: int, raw_type: type[io.FileIO]) -> Any:
    """A text stream like ``stream`` on descriptor ``fd`` whose writes go through ``raw_type``.

    Text a terminal's encoding cannot show (PYTHONIOENCODING=ascii, odd locales) is replaced
    rather than fatal.
    """
    if stream is None:
        _reopen_null(fd, os.O_RDONLY if raw_type is _Output else os.O_WRONLY)
        return io.TextIOWrapper(
            io.BufferedWriter(raw_type(fd, "w", closefd=False)), "utf-8", errors="replace"
        )
    buffer = getattr(stream, "buffer", None)
    raw = getattr(buffer, "raw", buffer)  # unbuffered (python -u): the buffer is the file
    if type(raw) is not io.FileIO or raw.fileno() != fd:
        # Not a plain file descriptor (a Windows console, a test's capture): left as it is.
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")
        return stream
    new_raw = raw_type(fd, "w", closefd=False)
    return io.TextIOWrapper(
        new_raw if buffer is raw else io.BufferedWriter(new_raw),
        stream.encoding,
        errors="replace",
        line_buffering=stream.line_buffering,
        write_through=stream.write_through,
    )


def _reopen_null(fd: int, flags: int) -> None:
    """Put the null device on descriptor ``fd``, inherited by a pager like any standard stream."""
    null = os.open(os.devnull, flags)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)
    os.set_inheritable(fd, True)
