"""The pager, on a real pseudo-terminal: used for long output on a terminal only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from accords_cli import age, dataset, pager

from .conftest import DATA_FILE, TODAY
from .pty_terminal import run


def _on_a_terminal(args: list[str], env: dict[str, str], rows: int = 24) -> str:
    """Run accords with stdout on a pseudo-terminal of ``rows`` lines; return what it showed."""
    return _run_on_a_terminal(args, env, rows)[0]


def _run_on_a_terminal(args: list[str], env: dict[str, str], rows: int = 24) -> tuple[str, int]:
    """Run accords with stdout on a pseudo-terminal; return what it showed and its exit code."""
    base = {k: v for k, v in os.environ.items() if k not in ("PAGER", "ACCORDS_PAGER", "LINES")}
    shown, _, code = run(args, {**base, "COLUMNS": "100", **env}, columns=100, rows=rows)
    return shown, code


@pytest.fixture
def fake_pager(tmp_path: Path) -> str:
    """A pager that marks what it shows, so a test can tell it ran."""
    script = tmp_path / "pager"
    script.write_text("#!/bin/sh\necho PAGER-START\ncat\necho PAGER-END\n")
    script.chmod(0o755)
    return str(script)


def test_long_output_on_a_terminal_goes_through_the_pager(fake_pager: str) -> None:
    shown = _on_a_terminal(["timeline"], {"ACCORDS_PAGER": fake_pager})
    assert "PAGER-START" in shown and "PAGER-END" in shown
    assert shown.index("PAGER-START") < shown.index("Abraham Accords timeline")


def test_long_help_is_paged_too(fake_pager: str) -> None:
    shown = _on_a_terminal(["help", "timeline"], {"ACCORDS_PAGER": fake_pager}, rows=10)
    assert "PAGER-START" in shown
    assert "--since" in shown


@pytest.mark.parametrize(("given", "seen"), [(None, "FRX"), ("-S", "-S")])
def test_a_bare_less_keeps_colours_unless_less_is_set(
    tmp_path: Path, given: str | None, seen: str
) -> None:
    """``LESS=FRX`` for the pager, as git sets it, unless the user has a ``LESS`` of their own."""
    script = tmp_path / "pager"
    script.write_text('#!/bin/sh\necho "LESS=[$LESS] LV=[$LV]"\ncat > /dev/null\n')
    script.chmod(0o755)
    env = {"PAGER": str(script)} if given is None else {"PAGER": str(script), "LESS": given}
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("LESS", raising=False)
        patch.delenv("LV", raising=False)
        shown = _on_a_terminal(["timeline"], env)
    assert f"LESS=[{seen}] LV=[-c]" in shown


def test_accords_pager_wins_over_pager(fake_pager: str) -> None:
    shown = _on_a_terminal(["timeline"], {"ACCORDS_PAGER": fake_pager, "PAGER": "false"})
    assert "PAGER-START" in shown


def test_pager_variable_is_used(fake_pager: str) -> None:
    assert "PAGER-START" in _on_a_terminal(["timeline"], {"PAGER": fake_pager})


def test_short_output_is_printed(fake_pager: str) -> None:
    shown = _on_a_terminal(["members", "--limit", "1"], {"ACCORDS_PAGER": fake_pager}, rows=50)
    assert "PAGER-START" not in shown
    assert "United Arab" in shown


def test_no_pager_option(fake_pager: str) -> None:
    shown = _on_a_terminal(["timeline", "--no-pager"], {"ACCORDS_PAGER": fake_pager})
    assert "PAGER-START" not in shown
    assert "Abraham Accords timeline" in shown


@pytest.mark.parametrize("command", ["no-such-pager-anywhere", "false"])
def test_absent_or_failing_pager_falls_back_to_printing(command: str) -> None:
    shown = _on_a_terminal(["timeline"], {"ACCORDS_PAGER": command})
    assert "Abraham Accords timeline" in shown
    assert "2020-08-13" in shown
    # No message of a missing or failing pager: on a terminal, the only line from accords on
    # stderr is the reminder that the events end more than 90 days before TODAY.
    meta = dataset.load(str(DATA_FILE)).meta
    said = [line for line in shown.splitlines() if "accords:" in line]
    assert said == [age.warning(meta, TODAY)]


@pytest.mark.parametrize("how", ["killed", "exit 130"])
def test_ctrl_c_in_the_pager_ends_the_call(tmp_path: Path, how: str) -> None:
    """A pager ended by Ctrl-C means the user wants to stop: nothing is printed after it (not
    the whole listing again) and the exit code says interrupted."""
    script = tmp_path / "pager"
    # As Ctrl-C on a terminal does, whatever the disposition the test runner passed down.
    end = "os.kill(os.getpid(), signal.SIGINT)" if how == "killed" else "sys.exit(130)"
    script.write_text(
        f"#!{sys.executable}\nimport os, signal, sys\nprint('PAGER-START', flush=True)\n"
        f"signal.signal(signal.SIGINT, signal.SIG_DFL)\n{end}\n"
    )
    script.chmod(0o755)
    shown, code = _run_on_a_terminal(["timeline"], {"ACCORDS_PAGER": str(script)})
    assert "PAGER-START" in shown
    assert "Abraham Accords timeline" not in shown
    assert "2020-08-13" not in shown
    assert "accords:" not in shown and "Traceback" not in shown
    assert code == 130


def test_never_when_piped(fake_pager: str) -> None:
    env = {**os.environ, "ACCORDS_PAGER": fake_pager, "LINES": "5"}
    result = subprocess.run(
        [sys.executable, "-m", "accords_cli", "timeline", "--format", "table"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0
    assert "PAGER-START" not in result.stdout
    assert "Abraham Accords timeline" in result.stdout


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["less", "-FRX"]),
        ({"PAGER": "more"}, ["more"]),
        ({"PAGER": "more", "ACCORDS_PAGER": "most -s"}, ["most", "-s"]),
        ({"PAGER": "more", "ACCORDS_PAGER": ""}, None),
        ({"PAGER": "cat"}, None),
    ],
)
def test_which_pager(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: list[str] | None
) -> None:
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.delenv("ACCORDS_PAGER", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert pager.command() == expected


def test_too_long_counts_wrapped_lines() -> None:
    assert not pager.too_long("a\n" * 23, columns=80, lines=24)
    assert pager.too_long("a\n" * 24, columns=80, lines=24)
    assert pager.too_long("x" * 800 + "\n", columns=80, lines=10)


def test_blank_lines_take_a_row_each() -> None:
    assert pager.too_long("\n" * 30, columns=80, lines=24)  # thirty empty rows overflow 24
    assert not pager.too_long("\n" * 10, columns=80, lines=24)
