"""Hostile data files: whatever a file holds, accords answers in bounded time and memory with one
line and a documented exit code, never a hang, a crash or "this is a bug".

Files that could crash the interpreter (a segmentation fault in libyaml) are only ever read in a
subprocess. CI runs this module at the lowest PyYAML the project allows as well, where libyaml's
composer has no depth limit and merge keys cost exponential time.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accords_cli import cli, dataset
from accords_cli.errors import DatasetError

ROOT = Path(__file__).resolve().parents[1]
DATA_FILE = ROOT / "data" / "accords.yaml"
HEAD = 'meta: {title: t, version: "1", as_of: 2020-01-01}\n'


def _accords(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run accords in a subprocess limited to 1 GiB and 20 s of CPU, as a guard only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCORDS_")}
    env.update(kwargs.pop("env", {}))

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_CPU, (20, 20))

    return subprocess.run(
        [sys.executable, "-m", "accords_cli", *args],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=limit,
        timeout=60,
        check=False,
        **kwargs,
    )


def _one_line(result: Any, code: int, *parts: str) -> None:
    """The run failed with ``code``, one line on stderr containing every one of ``parts``."""
    stderr = result.stderr
    assert result.returncode == code, (result.returncode, stderr[-500:])
    assert stderr.startswith("accords: ") and stderr.count("\n") == 1, stderr[-500:]
    assert "This is a bug" not in stderr and "Traceback" not in stderr
    for part in parts:
        assert part in stderr, (part, stderr)


def _failure(runner: CliRunner, file: Path, *parts: str, code: int = 65) -> str:
    result = runner.invoke(cli.app, ["members", "--data", str(file)])
    assert result.exit_code == code, (result.exit_code, result.stderr, result.exception)
    assert result.stdout == ""
    assert result.stderr.startswith(f"accords: {file}: ") and result.stderr.count("\n") == 1
    assert "This is a bug" not in result.stderr
    for part in parts:
        assert part in result.stderr, (part, result.stderr)
    return str(result.stderr)


# Pipes, FIFOs and devices -------------------------------------------------------------------


def test_a_fifo_nothing_writes_to_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)
    result = _accords("check", str(fifo))  # used to wait for a writer for ever
    _one_line(result, 66, str(fifo), "nothing is writing to it")


def test_completion_with_a_fifo_as_data_offers_nothing_and_returns(tmp_path: Path) -> None:
    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)
    env = {"_ACCORDS_COMPLETE": "complete_bash", "COMP_LINE": f"accords quote --data {fifo} ev"}
    result = _accords(env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [] and result.stderr == ""


def test_an_endless_device_is_refused_without_reading_it() -> None:
    result = _accords("check", "/dev/zero")  # used to read until memory ran out
    _one_line(result, 66, "/dev/zero: not a regular file or a pipe")


def test_an_endless_pipe_is_read_only_to_the_size_limit() -> None:
    endless = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        result = _accords("check", "/dev/stdin", stdin=endless.stdout)
    finally:
        endless.kill()
        endless.wait()
        assert endless.stdout is not None
        endless.stdout.close()
    _one_line(result, 65, "/dev/stdin: over the 20 MB limit")


def test_a_pipe_is_checked_as_the_file_it_carries(tmp_path: Path) -> None:
    """``accords check <(cat FILE)``: the pipe can be read only once, so it must be."""
    expected = _accords("check", str(DATA_FILE))
    result = _accords("check", "/dev/stdin", input=DATA_FILE.read_text(encoding="utf-8"))
    assert result.returncode == expected.returncode, result.stderr
    assert result.stdout == expected.stdout.replace(str(DATA_FILE), "/dev/stdin")
    assert result.stderr == expected.stderr.replace(str(DATA_FILE), "/dev/stdin")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_check_of_a_process_substitution(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(DATA_FILE.read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCORDS_")}
    script = f'"{sys.executable}" -m accords_cli check <(cat "{copy}")'
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode in (0, 1), result.stderr  # valid, with or without findings
    assert result.stdout.strip() and "empty" not in result.stderr


def test_a_fifo_with_a_writer_is_waited_for(tmp_path: Path) -> None:
    """A FIFO is read when something has it open for writing, even if it writes late."""
    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)
    holder = os.open(fifo, os.O_RDWR)  # a writer is there, and has written nothing yet

    def write_later() -> None:
        with os.fdopen(holder, "wb") as stream:  # closing it ends the file
            stream.write(DATA_FILE.read_bytes())

    writer = threading.Timer(0.5, write_later)
    writer.daemon = True  # never keeps the run alive, should accords stop reading
    writer.start()
    result = _accords("members", "--data", str(fifo), "--json")
    writer.join(timeout=20)
    assert result.returncode == 0, result.stderr
    assert '"code": "AE"' in result.stdout


# Depth and merge keys: the event stream is checked before anything is built ----------------


def test_deep_nesting_behind_an_anchor_is_refused_not_a_crash(tmp_path: Path) -> None:
    """On PyYAML 6.0.1 this went to libyaml's composer, which recursed until it crashed."""
    file = tmp_path / "deep.yaml"
    file.write_text("meta: &a " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    result = _accords("members", "--data", str(file))
    _one_line(result, 65, str(file), "line 1, column ", "nesting depth")


def _merge_bomb(levels: int = 24) -> str:
    lines = ["m0: &m0 {a: 1}"]
    lines += [f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}]}}" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_a_merge_key_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """681 bytes that made PyYAML 6.0.1 merge 2**24 mappings."""
    file = tmp_path / "merge.yaml"
    file.write_text(_merge_bomb(), encoding="utf-8")
    result = _accords("members", "--data", str(file))
    _one_line(result, 65, "line 2, column 10: merge keys (<<) are not allowed")


def test_merge_keys_are_refused_naming_the_line(
    runner: CliRunner, write_data: Callable[..., Path]
) -> None:
    file = write_data("base: &b {x: 1}\nc:\n  <<: *b\n")
    _failure(runner, file, "line 3, column 3: merge keys (<<) are not allowed; write the keys out")


def test_a_quoted_merge_key_is_a_plain_key(write_data: Callable[..., Path]) -> None:
    assert dataset._stream(b"'<<': 1\n") == {"<<": 1}


# Values that YAML types but cannot build: invalid data, not a bug ---------------------------

BAD_VALUES = [
    ("!!int abc", "'abc' is not a valid integer"),
    ("!!float abc", "'abc' is not a valid number"),
    ("!!bool maybe", "'maybe' is not a valid true/false"),
    ("!!timestamp notadate", "'notadate' is not a valid date"),
    ("!!timestamp 2020-02-30", "'2020-02-30' is not a valid date"),
    ("!!int 0x", "'0x' is not a valid integer"),
    ("!!int ''", "'' is not a valid integer"),
    ("9" * 5000, "is not a valid integer (5000 characters)"),
]


@pytest.mark.parametrize(("value", "message"), BAD_VALUES, ids=[v[:20] for v, _ in BAD_VALUES])
def test_values_yaml_cannot_build_are_invalid_data(
    runner: CliRunner, write_data: Callable[..., Path], value: str, message: str
) -> None:
    file = write_data(f"meta:\n  title: t\n  version: {value}\n")
    _failure(runner, file, "invalid YAML: line 3, column 12: ", message)


def test_a_huge_integer_deep_in_a_record_is_invalid_data(
    runner: CliRunner, write_data: Callable[..., Path]
) -> None:
    file = write_data(HEAD + "quotes:\n  - id: q\n    text: [a, b, " + "1" * 5000 + "]\n")
    _failure(runner, file, "invalid YAML: line 4, column 18: ", "is not a valid integer")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("meta: !!binary aGVsbG8=\n", "line 1, column 7: the tag !!binary is not allowed"),
        ("meta: !!set {a: null}\n", "line 1, column 7: the tag !!set is not allowed"),
        ("meta: !custom x\n", "line 1, column 7: the tag !custom is not allowed"),
        ("meta: *nowhere\n", "line 1, column 7: found undefined alias 'nowhere'"),
        ("a: &x 1\nb: &x 2\n", "line 2, column 4: found duplicate anchor 'x'"),
        ("--- 1\n--- 2\n", "line 2, column 1: expected a single document"),
        ("? [a]\n: 1\n", "line 1, column 3: a key must be a plain value"),
    ],
)
def test_other_yaml_a_data_file_never_needs_is_refused_naming_the_line(
    runner: CliRunner, write_data: Callable[..., Path], text: str, message: str
) -> None:
    _failure(runner, write_data(text), message)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\nc: *x\n",  # aliases to plain values
        "a: !!str 1\nb: !!int '7'\nc: !!float 1\nd: !!bool yes\ne: !!null ''\nf: ! 12\n",
        "a: !!timestamp 2020-01-02\nb: !!map {x: 1}\nc: !!seq [1]\n",
        "=: 1\n",  # YAML's "value" key is a plain key
    ],
)
def test_anchors_and_explicit_tags_build_what_yaml_load_builds(text: str) -> None:
    import yaml

    assert dataset._stream(text.encode()) == yaml.load(text, Loader=dataset.safe_loader())


# Repeated keys ------------------------------------------------------------------------------


def test_a_repeated_section_is_refused_naming_both_lines(
    runner: CliRunner, small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    import yaml

    text = yaml.safe_dump(small, sort_keys=False)
    first = text.splitlines().index("members:") + 1
    text += "members:\n  - code: XX\n"  # silently replaced every member before
    second = text.count("\n") - 1
    message = f"line {second}, column 1: key 'members' repeated (first on line {first})"
    _failure(runner, write_data(text), message)


def test_a_repeated_key_in_a_record_is_refused_naming_both_lines(
    runner: CliRunner, write_data: Callable[..., Path]
) -> None:
    file = write_data(HEAD + "sources:\n  - id: a\n    title: One\n    id: b\n")
    _failure(runner, file, "line 5, column 5: key 'id' repeated (first on line 3)")


def test_keys_equal_as_values_are_repeated_keys(write_data: Callable[..., Path]) -> None:
    """``1`` and ``0x1`` are one key once built, as ``~`` and ``null`` are."""
    for text, second in [("1: a\n0x1: b\n", 2), ("~: a\nnull: b\n", 2)]:
        with pytest.raises(DatasetError, match=f"line {second}, column 1: key .* repeated"):
            dataset.load(str(write_data(text)))


# Size and shape: large hostile files fail fast ----------------------------------------------

MB20 = 20 * 1024 * 1024 - 64  # just under the size limit


@pytest.mark.parametrize(
    ("item", "where"),
    [("{}", "sources"), ("1", "quotes"), ("ab", "events")],
)
def test_a_file_of_millions_of_tiny_values_is_refused(
    tmp_path: Path, item: str, where: str
) -> None:
    """20 MB of ``[{},{},...]`` peaked at 564 MiB, ``[1,1,...]`` took 53 s of CPU."""
    file = tmp_path / "tiny.yaml"
    count = (MB20 - 100) // (len(item) + 1)
    file.write_text(f"{where}: [" + f"{item}," * count + f"{item}]\n", encoding="utf-8")
    result = _accords("members", "--data", str(file))
    _one_line(result, 65, str(file), "line 1, column ", "more than 1,000,000 values")


@pytest.mark.parametrize(
    "text",
    [
        "meta: [" + "1," * 20_000 + "1]\n",  # a long list where a record belongs
        HEAD + "quotes:\n  - countries: [" + "IL, " * 20_000 + "IL]\n",
        "meta: {" + ", ".join(f"k{n}: 1" for n in range(20_000)) + "}\n",
    ],
    ids=["list for a record", "list in a record", "mapping"],
)
def test_a_long_list_or_mapping_inside_a_record_is_refused(
    runner: CliRunner, write_data: Callable[..., Path], text: str
) -> None:
    _failure(runner, write_data(text), "more than 10,000 entries in one list or mapping")


def test_the_limits_leave_room_for_a_file_far_larger_than_the_bundled_one() -> None:
    """The bundled file holds about 7,400 values in 190 kB: at its density, the size limit
    allows about 820,000, under the values limit; its longest list holds 27 items."""
    size = DATA_FILE.stat().st_size
    values = _count_values(DATA_FILE.read_bytes())
    assert values * dataset.MAX_BYTES / size < dataset.MAX_VALUES


def _count_values(content: bytes) -> int:
    import yaml

    return sum(
        isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent, yaml.AliasEvent))
        for event in yaml.parse(content, Loader=dataset.safe_loader())
    )


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    file = tmp_path / "limit.yaml"
    file.write_bytes(b"#" * dataset.MAX_BYTES)  # one long comment: read whole, then found empty
    with pytest.raises(DatasetError) as caught:
        dataset.load(str(file))
    assert "the file is empty" in str(caught.value)  # not "over the 20 MB limit"


@pytest.mark.parametrize(("length", "counted"), [(40, False), (41, True)])
def test_a_long_bad_value_is_told_with_its_length(
    tmp_path: Path, length: int, counted: bool
) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(f"meta: {{title: T, version: !!int {'a' * length}}}\n")
    with pytest.raises(DatasetError) as caught:
        dataset.load(str(file))
    assert (f"({length} characters)" in str(caught.value)) == counted


def test_a_file_over_the_limit_is_told_with_its_size(tmp_path: Path) -> None:
    file = tmp_path / "huge.yaml"
    with file.open("wb") as stream:
        stream.truncate(int(30.49 * 1024 * 1024))  # sparse: nothing is written, nothing read
    with pytest.raises(DatasetError, match=r": 30 MB is over the 20 MB limit"):
        dataset.load(str(file))
