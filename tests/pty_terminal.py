"""Running accords as a person at a terminal does: on a pseudo-terminal of a given size."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from typing import NamedTuple


class Run(NamedTuple):
    shown: str  # what the terminal showed: stdout and stderr mixed, as a shell shows them
    piped: str  # what went to a pipe instead (stdout, then stderr), if either did
    code: int


def run(
    args: list[str],
    env: dict[str, str],
    *,
    columns: int = 80,
    rows: int = 40,
    out_tty: bool = True,
    err_tty: bool = True,
) -> Run:
    """Run ``accords ARGS`` with exactly ``env``, its standard input on a pseudo-terminal of
    ``columns`` x ``rows`` and its output there too (either stream on a pipe if told); line
    ends are read as "\\n", escapes are kept, and text that is not UTF-8 fails the test."""
    import fcntl
    import struct
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "accords_cli", *args],
        stdin=child,
        stdout=child if out_tty else subprocess.PIPE,
        stderr=child if err_tty else subprocess.PIPE,
        env=env,
    )
    os.close(child)
    pipes = [stream.fileno() for stream in (process.stdout, process.stderr) if stream]
    read: dict[int, list[bytes]] = {fd: [] for fd in [main, *pipes]}
    waiting = list(read)  # every side is read as it comes, so that no full pipe blocks it
    deadline = time.monotonic() + 60  # a safety net against a hang, not a measure
    while waiting and time.monotonic() < deadline:
        for fd in select.select(waiting, [], [], 0.1)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the terminal's far side is closed: the program has ended
                chunk = b""
            if chunk:
                read[fd].append(chunk)
            else:
                waiting.remove(fd)
    if process.poll() is None:
        process.kill()  # hung: what it showed so far is the evidence
    code = process.wait(timeout=10)
    for stream in (process.stdout, process.stderr):
        if stream:
            stream.close()
    os.close(main)

    def text(fds: list[int]) -> str:
        return b"".join(b"".join(read[fd]) for fd in fds).decode("utf-8")  # strict

    return Run(text([main]).replace("\r\n", "\n"), text(pipes), code)


def on_a_terminal(args: list[str], columns: int) -> tuple[str, int]:
    """Run accords on a terminal ``columns`` wide, as a person would; what it showed and its
    exit code."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "PAGER")}
    # The reminder of the data's age is a line of its own, tested in test_age; here it would be
    # read as part of the screen being measured.
    env |= {"ACCORDS_PAGER": "cat", "ACCORDS_NO_AGE_WARNING": "1"}
    shown, _, code = run(args, env, columns=columns)
    return shown, code
