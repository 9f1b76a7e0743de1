"""Robustness: hostile or broken input never gives a traceback, a hang, or code execution."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from accords_cli import cli, dataset
from accords_cli.errors import DatasetError

ROOT = Path(__file__).resolve().parents[1]


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(cli.app, list(args))


def _assert_clean_failure(result: Any, code: int) -> None:
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith("accords: ")
    assert 1 <= len(result.stderr.splitlines()) <= 2
    assert "Traceback" not in result.stderr
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


HUGE = "x" * 100_000
BAD_ARGUMENTS = [
    (["frobnicate"], 2),
    (["members", "--frobnicate"], 2),
    (["members", "--format", "xml"], 2),
    (["members", "--fields", "name,nope"], 2),
    (["members", "--fields", "a\nb"], 2),
    (["members", "--limit", "-1"], 2),
    (["members", "--limit", "0"], 2),
    (["members", "--limit", "many"], 2),
    (["members", "--status", "joined"], 2),
    (["members", "--as-of", "yesterday"], 2),
    (["timeline", "--since", "2025-02-30"], 2),
    (["timeline", "--since", "2026", "--until", "2020"], 2),
    (["timeline", "--kind", "party"], 2),
    (["timeline", "--country", "Atlantis"], 2),
    (["timeline", "--country", ""], 2),
    (["timeline", "--country", "\x1b[31mred"], 2),
    (["timeline", "--color", "sometimes"], 2),
    (["quote", ""], 2),
    (["quote", "   "], 2),
    (["quote", HUGE], 1),
    (["quote", "\u202eoibur"], 1),
    (["members", "\u2028"], 2),
    (["quote", "a\u2029b\x85c"], 1),
    (["quote", "🕊️"], 2),
    (["quote", "nobody-by-that-name"], 1),
    (["show", "Atlantis"], 1),
    (["show", ""], 2),
    (["show", HUGE], 1),
    (["show", "KZ", "--format", "csv"], 2),
    (["search", ""], 2),
    (["search", "\x00"], 2),
    (["search", "no such text anywhere"], 1),
    (["search", HUGE], 1),
    (["timeline", "--since", "2026-11-01"], 1),
    ([HUGE], 2),
]


@pytest.mark.parametrize(
    ("args", "code"), BAD_ARGUMENTS, ids=[" ".join(a)[:30] for a, _ in BAD_ARGUMENTS]
)
def test_bad_arguments_fail_cleanly(runner: CliRunner, args: list[str], code: int) -> None:
    result = run(runner, *args)
    _assert_clean_failure(result, code)
    assert len(result.stderr) < 1000  # a huge argument is shortened, not echoed whole
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr


COMMANDS = ["members", "candidates", "timeline", "quote", "show", "search", "sources", "info"]
OPTIONS = [
    "--format", "--fields", "--limit", "--since", "--until", "--country", "--kind", "--status",
    "--as-of", "--color", "--json", "--reverse", "--sources", "--chart",
]  # fmt: skip
WORDS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["KZ", "2025", "2025-13", "json", "csv", "name,code", "rubio", "-1", "0"]),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=400),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    command=st.sampled_from(COMMANDS),
    rest=st.lists(st.one_of(st.sampled_from(OPTIONS), WORDS), max_size=5),
)
def test_fuzzed_command_lines_never_crash(runner: CliRunner, command: str, rest: list[str]) -> None:
    result = run(runner, command, *rest)
    assert result.exit_code in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code != 0:
        assert result.stdout == ""
        assert result.stderr.startswith("accords: ")
        assert len(result.stderr.splitlines()) <= 2
        assert "\x1b" not in result.stderr


# Data files ---------------------------------------------------------------------------------

BROKEN_FILES: list[tuple[str, Any, str]] = [
    ("empty", "", "the file is empty"),
    ("a list", "- 1\n- 2\n", "top level: expected a mapping"),
    ("syntax", "meta:\n  title: [unclosed\nsources: []\n", "invalid YAML: line 3, column 8"),
    ("tab", "meta:\n\t- x\n", "invalid YAML: line 2"),
    ("wrong type", "meta: 12\n", "top level: missing required key"),
    ("python tag", "meta: !!python/object/apply:os.system ['true']\n", "invalid YAML"),
    ("unknown tag", "meta: !custom x\n", "invalid YAML"),
    ("not utf-8", b"meta: caf\xe9\n", "not UTF-8 text"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), BROKEN_FILES, ids=[row[0] for row in BROKEN_FILES]
)
def test_broken_data_files_give_one_line_and_exit_65(
    runner: CliRunner, tmp_path: Path, name: str, content: Any, message: str
) -> None:
    file = tmp_path / "data.yaml"
    if isinstance(content, bytes):
        file.write_bytes(content)
    else:
        file.write_text(content, encoding="utf-8")
    result = run(runner, "members", "--data", str(file))
    _assert_clean_failure(result, 65)
    assert str(file) in result.stderr
    assert message in result.stderr


def test_missing_and_directory_data_files(runner: CliRunner, tmp_path: Path) -> None:
    _assert_clean_failure(run(runner, "members", "--data", str(tmp_path / "nope.yaml")), 66)
    result = run(runner, "members", "--data", str(tmp_path))
    _assert_clean_failure(result, 66)
    assert "is a directory" in result.stderr


def test_unreadable_data_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "locked.yaml"
    file.write_text("meta: {}\n", encoding="utf-8")

    real_open = os.open

    def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path) == file:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)  # as for a file root could not read either
    result = run(runner, "members", "--data", str(file))
    _assert_clean_failure(result, 66)
    assert "permission denied" in result.stderr


def test_python_tags_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    file = tmp_path / "evil.yaml"
    file.write_text(
        f"meta: !!python/object/apply:os.system ['touch {marker}']\n"
        f"sources: !!python/object/new:os.system ['touch {marker}']\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError):
        dataset.load(str(file))
    assert not marker.exists()


def _bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + f"\nmeta: {{title: *a{levels - 1}}}\n"


def _limited(seconds: int, megabytes: int) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))

    return limit


def _accords(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> Any:
    base = {k: v for k, v in os.environ.items() if not k.startswith("ACCORDS_")}
    return subprocess.run(
        [sys.executable, "-m", "accords_cli", *args],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        check=False,
        **kwargs,
    )


def test_alias_bombs_are_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """Rule: aliases to lists or mappings are refused (nine levels would be 387 million items)."""
    file = tmp_path / "bomb.yaml"
    file.write_text(_bomb(), encoding="utf-8")
    result = _accords("members", "--data", str(file), preexec_fn=_limited(10, 1024), timeout=60)
    assert result.returncode == 65
    assert "aliases to lists or mappings" in result.stderr
    assert "Traceback" not in result.stderr


def test_aliases_to_plain_values_are_fine(
    small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    import yaml

    text = yaml.safe_dump(small, sort_keys=False)
    text = text.replace("publisher: Example Wire", "publisher: &wire Example Wire", 1)
    text = text.replace("publisher: Example Ministry", "publisher: *wire", 1)
    data = dataset.load(str(write_data(text)))
    assert data.sources[1].publisher == "Example Wire"


def test_a_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    file = tmp_path / "huge.yaml"
    with open(file, "wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    result = _accords("members", "--data", str(file), preexec_fn=_limited(10, 1024), timeout=60)
    assert result.returncode == 65
    assert "50 MB is over the 20 MB limit" in result.stderr


# Terminals, locales, pipes and signals -----------------------------------------------------

ENVIRONMENTS = [
    {"LANG": "C", "LC_ALL": "C"},
    {"PYTHONIOENCODING": "ascii"},
    {"TERM": "dumb"},
    {"COLUMNS": "20"},
    {"COLUMNS": "300"},
    {"NO_COLOR": "1", "COLUMNS": "80"},
]


@pytest.mark.parametrize("env", ENVIRONMENTS, ids=[str(e) for e in ENVIRONMENTS])
@pytest.mark.parametrize(
    "args",
    [
        ["members", "--format", "table"],
        ["quote", "--format", "table", "--color", "always"],
        ["timeline", "--chart"],
        ["show", "KZ", "--format", "table"],
        ["timeline", "--json"],
        ["search", "Sa'ar", "--format", "table"],
    ],
)
def test_odd_terminals_and_locales(env: dict[str, str], args: list[str]) -> None:
    result = _accords(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip()


def test_ascii_terminal_gets_replacement_characters() -> None:
    result = _accords("quote", "kushner", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0
    assert "more countries haven?t been brought" in result.stdout  # the curly apostrophe, replaced


def test_ctrl_c_exits_130_quietly(tmp_path: Path) -> None:
    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)
    # A writer has it open and writes nothing: reading it waits, the call is stuck mid-load.
    # (A FIFO that nothing has open for writing is refused at once.)
    writer = os.open(fifo, os.O_RDWR)
    base = {k: v for k, v in os.environ.items() if not k.startswith("ACCORDS_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "accords_cli", "members", "--data", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=base,
        # As at a terminal: a runner started in the background inherits SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not _blocked_on(process.pid, fifo):
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:  # never leave a process blocked on the FIFO behind
            process.kill()
            process.communicate()
        os.close(writer)
    assert process.returncode == 130, err
    assert out == ""
    assert "Traceback" not in err


def _blocked_on(pid: int, path: Path) -> bool:
    """Whether process ``pid`` is waiting to open ``path`` (a FIFO) or has it open."""
    try:
        with open(f"/proc/{pid}/wchan", encoding="ascii") as stream:
            waiting = stream.read()
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    if waiting in ("wait_for_partner", "fifo_open", "pipe_read", "pipe_wait"):
        return True
    return any(_link(f"/proc/{pid}/fd/{fd}") == str(path) for fd in fds if fd.isdigit())


def _link(path: str) -> str | None:
    """Where a /proc fd link points, or None if the descriptor was closed meanwhile."""
    try:
        return os.readlink(path)
    except OSError:
        return None


_HEAD = 'meta: {title: t, version: "1", as_of: 2020-01-01}\nsources: []\nmembers: []\n'
DEEP = {
    "lists at the top": "meta: " + "[" * 3000 + "]" * 3000 + "\n",
    "mappings in a quote": _HEAD + "quotes:\n  - text: " + "{a: " * 3000 + "1" + "}" * 3000,
    "lists in the events": _HEAD + "quotes: []\nevents: " + "[" * 3000 + "]" * 3000 + "\n",
    "indented mappings": "meta:\n" + "".join("  " * i + "a:\n" for i in range(1500)),
}


@pytest.mark.parametrize("name", list(DEEP))
@pytest.mark.parametrize("command", ["members", "timeline", "quote"])
def test_deeply_nested_yaml_is_one_line_and_exit_65(
    runner: CliRunner, tmp_path: Path, name: str, command: str
) -> None:
    file = tmp_path / "deep.yaml"
    file.write_text(DEEP[name], encoding="utf-8")
    for _ in range(2):  # and again: nothing of it was cached
        result = run(runner, command, "--data", str(file))
        _assert_clean_failure(result, 65)
        assert result.stderr.startswith(f"accords: {file}: invalid YAML: line ")
        assert "nesting depth" in result.stderr
