"""Faults of the output and of the environment: closed or full standard streams, the debug switch.

The streams are those the shell hands over, so most of these run accords in a child process
with its file descriptors set up by ``sh``, as a user's shell would.
"""

from __future__ import annotations

import errno
import io
import os
import shlex
import subprocess
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from accords_cli import cli, queries, streams
from accords_cli.errors import ExitCode, OutputError

from .conftest import DATA_FILE

FULL = "/dev/full"  # every write fails with ENOSPC, as on a full disk
needs_full = pytest.mark.skipif(not os.path.exists(FULL), reason="no /dev/full here")


def _shell(
    redirections: str, *args: str, unbuffered: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run ``accords ARGS`` under ``sh`` with ``redirections`` applied to it alone."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ACCORDS_") and k != "PYTHONUNBUFFERED"
    }
    if unbuffered:  # python -u: the streams have no buffer between text and file
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.run(
        ["sh", "-c", f'exec "$0" -m accords_cli "$@" {redirections}', sys.executable, *args],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip


# Standard output closed (`>&-`): nothing can be written, so it is an I/O error, as for cat or
# ls, told on stderr in one line.
@pytest.mark.parametrize(
    "args", [["members"], ["members", "--json"], ["--version"], ["members", "--help"]]
)
def test_closed_stdout_is_an_io_error(args: list[str]) -> None:
    result = _shell(">&-", *args)
    assert result.returncode == ExitCode.IO_ERROR == 74, result.stderr
    assert result.stderr == "accords: cannot write the output: standard output is closed\n"


# A full device (`> /dev/full`): a clean I/O error, not "internal error ... a bug".
@needs_full
@pytest.mark.parametrize(
    "args",
    [
        ["members"],
        ["members", "--json"],
        ["timeline", "--format", "table"],
        ["timeline", "--chart"],
        ["show", "kazakhstan"],
        ["sources", "--format", "bibtex"],
        ["--version"],
        ["members", "--help"],
        ["--show-completion", "bash"],
    ],
)
@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_full_device_is_an_io_error(args: list[str], unbuffered: bool) -> None:
    result = _shell(f"> {FULL}", *args, unbuffered=unbuffered)
    assert result.returncode == 74, result.stderr
    assert result.stderr == "accords: cannot write the output: No space left on device\n"


# Standard error closed or full: the output and the exit code are what they would be; a
# message that cannot be written is dropped, since there is nowhere left to tell it.
def test_closed_stderr_changes_nothing() -> None:
    result = _shell("2>&- >/dev/null", "members")
    assert (result.returncode, result.stderr) == (0, "")
    result = _shell("2>&-", "members", "--json")
    assert result.returncode == 0
    assert '"United Arab Emirates"' in result.stdout


@pytest.mark.parametrize("redirection", ["2>&-", f"2>{FULL}"])
def test_an_error_with_nowhere_to_go_keeps_its_exit_code(redirection: str) -> None:
    if FULL in redirection and not os.path.exists(FULL):
        pytest.skip("no /dev/full here")
    result = _shell(redirection, "members", "--data", "/no/such/file.yaml")
    assert result.returncode == ExitCode.DATA_MISSING
    assert result.stdout == ""
    result = _shell(redirection, "show", "atlantis")
    assert result.returncode == ExitCode.NOT_FOUND
    assert result.stdout == ""


def test_closed_stdin_and_stdout_do_not_mix_up_files() -> None:
    """With descriptors 0 and 1 both closed, the next files opened would take their numbers:
    the output must still fail as closed, not land in one of them."""
    result = _shell("<&- >&-", "timeline")
    assert result.returncode == 74, result.stderr
    assert result.stderr == "accords: cannot write the output: standard output is closed\n"


def test_a_lost_output_fails_the_call_even_if_its_error_was_swallowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Code between accords and the stream may catch every exception (Click probes a stream by
    writing to it): a write that failed still makes a successful call end with 74."""
    err = io.StringIO()
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(streams, "_failure", OutputError("cannot write the output: oops"))
    assert streams.finish(ExitCode.OK) == ExitCode.IO_ERROR
    assert err.getvalue() == "accords: cannot write the output: oops\n"
    # A call that failed already keeps its code, and its message was written then.
    assert streams.finish(ExitCode.DATA_INVALID) == ExitCode.DATA_INVALID
    assert err.getvalue().count("\n") == 1


# The debug switch -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "", "false", "no", "off", "FALSE"])
def test_a_false_debug_value_keeps_debugging_off(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setattr(queries, "members", _broken)
    result = runner.invoke(cli.app, ["members"], env={"ACCORDS_DEBUG": value})
    assert result.exit_code == ExitCode.INTERNAL
    assert "This is a bug" in result.stderr


@pytest.mark.parametrize("value", ["1", "true", "yes", "on", "TRUE", " Yes "])
def test_a_true_debug_value_shows_the_traceback(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setattr(queries, "members", _broken)
    result = runner.invoke(cli.app, ["members"], env={"ACCORDS_DEBUG": value})
    assert isinstance(result.exception, ZeroDivisionError)


def _broken(*_: Any, **__: Any) -> Any:
    raise ZeroDivisionError("boom")


# The streams as prepared: what each piece promises ---------------------------------------------


def test_a_data_file_can_come_on_standard_input() -> None:
    # an open standard input is left alone (only a closed one is put on the null device)
    result = _shell(f"< {shlex.quote(str(DATA_FILE))}", "info", "--data", "/dev/stdin", "--json")
    assert result.returncode == 0, result.stderr
    assert '"data_file": "/dev/stdin"' in result.stdout


def test_writing_nothing_to_the_output_writes_nothing() -> None:
    read, write = os.pipe()
    try:
        output = streams._Output(write, "w", closefd=False)
        assert output.write(b"") == 0
        assert output.write(b"ab") == 2
    finally:
        os.close(read)
        os.close(write)


def test_a_stream_that_is_not_the_descriptor_is_left_as_it_is() -> None:
    read, write = os.pipe()
    try:
        elsewhere = open(write, "w", closefd=False)  # noqa: SIM115 (a file on another descriptor)
        assert streams._guarded(elsewhere, 1, streams._Output) is elsewhere
        captured = io.StringIO()  # a test's capture: no descriptor at all
        assert streams._guarded(captured, 1, streams._Output) is captured
    finally:
        os.close(read)
        os.close(write)


@pytest.mark.parametrize("unbuffered", [False, True])
def test_the_output_keeps_its_buffering(unbuffered: bool) -> None:
    read, write = os.pipe()
    try:
        if unbuffered:  # python -u: the text layer writes to the file itself
            stream = io.TextIOWrapper(io.FileIO(write, "w", closefd=False), write_through=True)
        else:
            stream = open(write, "w", closefd=False)  # noqa: SIM115
        guarded = streams._guarded(stream, write, streams._Output)
        assert guarded is not stream
        assert isinstance(guarded.buffer, streams._Output) == unbuffered
        assert isinstance(guarded.buffer, io.BufferedWriter) != unbuffered
        guarded.write("text")
        guarded.flush()
        assert os.read(read, 10) == b"text"
    finally:
        os.close(read)
        os.close(write)


def test_a_stream_put_on_the_null_device_is_passed_to_a_pager() -> None:
    fd = os.open(os.devnull, os.O_WRONLY)  # not inheritable, as Python opens files
    try:
        streams._reopen_null(fd, os.O_WRONLY)
        assert os.get_inheritable(fd)
    finally:
        os.close(fd)


class _Failing(io.FileIO):
    """A file whose every write fails as a broken disk's does."""

    def write(self, data: Any) -> int:
        raise OSError(errno.EIO, "Input/output error")


class _FailingOutput(streams._Output, _Failing):
    """Standard output's wrapper over that file: its writes reach _Failing.write."""


def test_a_failed_write_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streams, "_failure", None)
    read, write = os.pipe()
    try:
        with pytest.raises(OutputError, match="cannot write the output: Input/output error"):
            _FailingOutput(write, "w", closefd=False).write(b"x")
    finally:
        os.close(read)
        os.close(write)
