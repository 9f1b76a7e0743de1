"""The entry point of ``accords`` and ``python -m accords_cli``.

A call of a command-line tool is short, so two things the interpreter does by default cost
more than the work itself (measured in benchmarks/): collecting garbage while the data loads,
and tearing every module down at exit. So the collector is paused, and once the output is
flushed the process ends at once with ``os._exit``. Nothing else needs a clean shutdown: the
only file written, the cache, is closed before its atomic rename.
"""

import gc
import os
import sys
from typing import NoReturn


def main() -> NoReturn:
    gc.disable()
    # Closed, full or unencodable standard streams end in a one-line message, never a traceback.
    from accords_cli import streams

    streams.prepare()
    try:
        from accords_cli.cli import run

        code = run(sys.argv[1:])
    except KeyboardInterrupt:  # Ctrl-C while starting up, before the CLI can handle it
        code = 128 + 2  # ExitCode.INTERRUPTED, as shells report SIGINT
    os._exit(streams.finish(code))


if __name__ == "__main__":
    main()
