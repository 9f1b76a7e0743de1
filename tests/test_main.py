"""The entry point: what it hands the shell, in-process (its os._exit is replaced)."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable

import pytest

from accords_cli import __main__ as entry
from accords_cli import cli


class _Stream:
    def __init__(self) -> None:
        self.flushed = False
        self.errors = ""

    def reconfigure(self, errors: str) -> None:
        self.errors = errors

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        self.flushed = True


def _main(monkeypatch: pytest.MonkeyPatch, run: Callable[[list[str]], int]) -> tuple[int, list]:
    streams = [_Stream(), _Stream()]
    monkeypatch.setattr(sys, "stdout", streams[0])
    monkeypatch.setattr(sys, "stderr", streams[1])
    monkeypatch.setattr(sys, "argv", ["accords", "members"])
    monkeypatch.setattr(cli, "run", run)

    def exit_now(code: int) -> None:
        raise SystemExit(code)

    monkeypatch.setattr(os, "_exit", exit_now)
    try:
        with pytest.raises(SystemExit) as ended:
            entry.main()
    finally:
        gc.enable()
    return int(ended.value.code), streams  # type: ignore[arg-type]


def test_the_exit_code_is_the_commands_and_output_is_flushed_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, object] = {}

    def run(argv: list[str]) -> int:
        seen.update(argv=argv, collecting=gc.isenabled())
        return 3

    code, streams = _main(monkeypatch, run)
    assert code == 3
    assert seen == {"argv": ["members"], "collecting": False}  # the collector is paused
    assert all(stream.flushed for stream in streams)
    assert all(stream.errors == "replace" for stream in streams)


def test_ctrl_c_while_starting_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def run(argv: list[str]) -> int:
        raise KeyboardInterrupt

    code, streams = _main(monkeypatch, run)
    assert code == 130
    assert all(stream.flushed for stream in streams)
