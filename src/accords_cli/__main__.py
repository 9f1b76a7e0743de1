"""The entry point of ``accords`` and ``python -m accords_cli``.

A call of a command-line tool is short, so two things the interpreter does by default cost
more than the work itself (measured in benchmarks/): collecting garbage while the data loads,
and tearing every module down at exit. So the collector is paused, and once the output is
flushed the process ends at once with ``os._exit``. Nothing else needs a clean shutdown: the
only file written, the cache, is closed before its atomic rename.
"""

import contextlib
import gc
import os
import sys
from typing import NoReturn


def main() -> NoReturn:
    gc.disable()
    for stream in (sys.stdout, sys.stderr):
        # Text a terminal's encoding cannot show (PYTHONIOENCODING=ascii, odd locales) is
        # replaced rather than fatal.
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
    try:
        from accords_cli.cli import run

        code = run(sys.argv[1:])
    except KeyboardInterrupt:  # Ctrl-C while starting up, before the CLI can handle it
        code = 128 + 2  # ExitCode.INTERRUPTED, as shells report SIGINT
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away (`accords timeline | head -1`) leaves nothing to say.
        with contextlib.suppress(BrokenPipeError, ValueError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
