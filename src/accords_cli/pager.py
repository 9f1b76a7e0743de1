"""Page output longer than the terminal, as ``git`` and ``gh`` do.

Only when stdout is a terminal: piped output is never paged. The pager is ``ACCORDS_PAGER``,
else ``PAGER``, else ``less -FRX`` (``-F`` prints output that fits as usual, ``-R`` keeps the
colours, ``-X`` leaves the text on screen after quitting). An empty value, or ``--no-pager``,
turns paging off; a pager that cannot start or that fails falls back to printing. A pager ended
by Ctrl-C ends the call as Ctrl-C does anywhere else: nothing more is printed, exit 130.
"""

import os
import sys

DEFAULT = "less -FRX"

# Set once by the command line (``--no-pager``) before anything is written.
enabled = True


def command() -> list[str] | None:
    """The pager to run, split into words, or None when paging is turned off."""
    import shlex

    for name in ("ACCORDS_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            words = shlex.split(value) if value.strip() else []
            return words if words and words != ["cat"] else None
    return shlex.split(DEFAULT)


def too_long(text: str, columns: int, lines: int) -> bool:
    """Whether ``text`` takes more rows than the screen shows, counting wrapped lines."""
    rows = 0
    for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
        rows += max(1, -(-len(line) // max(columns, 1)))
        if rows >= lines:  # keep a row for the prompt
            return True
    return False


def page(text: str) -> bool:
    """Show ``text`` through the pager if it should be paged; False when it still needs printing."""
    if not enabled or not sys.stdout.isatty():
        return False  # checked first: piped output pays for nothing else here
    import shutil

    size = shutil.get_terminal_size()
    if not too_long(text, size.columns, size.lines):
        return False
    words = command()
    if words is None:
        return False
    return run(words, text)


def run(words: list[str], text: str) -> bool:
    """Feed ``text`` to the pager ``words``; True when the pager showed it."""
    import signal
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # a bare `less` from PAGER keeps colours too
    env.setdefault("LV", "-c")
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    sys.stdout.flush()
    try:
        process = subprocess.Popen(words, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False  # no such pager: print instead
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search).
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert process.stdin is not None
        try:
            process.stdin.write(text.encode(encoding, errors="replace"))
            process.stdin.close()
        except BrokenPipeError:
            pass  # the reader quit before reading everything: that is its right
        code = process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    # Killed by SIGINT, or a wrapper script reporting that its pager was (128 + SIGINT): the
    # user pressed Ctrl-C to stop, so printing the whole text again would defy them.
    if code in (-signal.SIGINT, 128 + signal.SIGINT):
        raise KeyboardInterrupt
    return code == 0
