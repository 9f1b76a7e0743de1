"""Running accords as a person at a terminal does: on a pseudo-terminal of a given width."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time


def on_a_terminal(args: list[str], columns: int) -> tuple[str, int]:
    """Run accords on a pseudo-terminal ``columns`` wide, as a person would; what it showed
    (stdout and stderr, as the terminal mixes them) and its exit code."""
    import fcntl
    import struct
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "PAGER")}
    process = subprocess.Popen(
        [sys.executable, "-m", "accords_cli", *args],
        # The reminder of the data's age is a line of its own, tested in test_age; here it would
        # be read as part of the screen being measured.
        stdin=child, stdout=child, stderr=child,
        env={**env, "ACCORDS_PAGER": "cat", "ACCORDS_NO_AGE_WARNING": "1"},
    )  # fmt: skip
    os.close(child)
    out = b""
    deadline = time.monotonic() + 30  # a safety net against a hang, not a measure
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        elif process.poll() is not None:
            break
    code = process.wait(timeout=10)
    os.close(main)
    return out.decode("utf-8", "replace").replace("\r\n", "\n"), code
