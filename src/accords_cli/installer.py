"""``--install-completion``: the script where each shell looks for it, and for bash and zsh one
line in the shell's start-up file that loads it.

The start-up file is the user's own: we add a line at its end, on a line of its own, quoted so
that a home folder with a space or a ``$(...)`` in its name stays a name. The script file is
ours: it is replaced whole, never written through a symbolic link someone put in its place.
"""

import os
import shlex
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from accords_cli import completion
from accords_cli.errors import InstallError

ZSH_SETUP = "autoload -Uz compinit && compinit"  # compdef, which the zsh script calls, needs it


class _Refused(Exception):
    """A reason not to install, said to the user as it stands."""


@dataclass(frozen=True)
class Installed:
    shell: str
    script: Path
    rc: Path | None  # the start-up file that loads the script; fish loads it by its place
    added: bool  # whether the line that loads it was added now

    def __str__(self) -> str:
        said = f"{self.shell} completion installed in {self.script}"
        if self.rc is not None:
            said += f"; {self.rc} {'now loads it' if self.added else 'already loads it'}"
        return f"{said}; it works in new shells"


def install(shell: str, prog: str = "accords") -> Installed:
    """Install completion for ``shell``; a failure is an InstallError naming the file."""
    try:
        return _install(shell, prog)
    except _Refused as error:
        reason = str(error)
    except OSError as error:
        reason = f"{error.filename}: {error.strerror}" if error.filename else str(error)
    raise InstallError(f"cannot install {shell} completion: {reason}")


def _install(shell: str, prog: str) -> Installed:
    text = completion.script(shell, prog)
    if shell == "fish":
        script = _folder("XDG_CONFIG_HOME", ".config") / "fish" / "completions" / f"{prog}.fish"
        script.parent.mkdir(parents=True, exist_ok=True)
        _replace(script, text)
        return Installed(shell, script, None, False)
    folder = _folder("ZDOTDIR") if shell == "zsh" else _home()
    script = folder / f".{prog}-complete.{shell}"
    rc = folder / (".zshrc" if shell == "zsh" else ".bashrc")
    _replace(script, text)
    return Installed(shell, script, rc, _load_from(rc, script, zsh=shell == "zsh"))


def _home() -> Path:
    home = os.environ.get("HOME")
    if home == "":
        raise _Refused("HOME is empty; set it to your home folder")
    path = Path(home) if home is not None else Path.home()  # unset: the password database's
    if not path.is_absolute():
        raise _Refused(f"HOME is {home!r}, not an absolute path; set it to your home folder")
    if not path.is_dir():
        raise _Refused(f"the home folder {path} does not exist or is not a folder; set HOME")
    return path


def _folder(variable: str, within_home: str = "") -> Path:
    """The folder ``variable`` names when it is an absolute path (as the shells and the XDG
    specification want), else ``within_home`` in the home folder."""
    value = os.environ.get(variable, "")
    return Path(value) if os.path.isabs(value) else _home() / within_home


def _replace(path: Path, text: str) -> None:
    """Write ``path`` whole through a new file renamed over it, so that a link planted at
    ``path`` is replaced, not followed, even one planted after the check below."""
    if path.is_symlink():
        raise _Refused(f"{path} is a symbolic link; remove it and try again")
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as error:  # named after the file wanted, not the passing one
        raise OSError(error.errno, error.strerror, str(path)) from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # mkstemp makes it private; a script is not secret
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(path)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _load_from(rc: Path, script: Path, zsh: bool) -> bool:
    """Add the line that sources ``script`` to ``rc`` unless a line of it does already; say
    whether it was added. A commented-out line does not count."""
    if any(unicodedata.category(char) == "Cc" for char in str(script)):
        raise _Refused(f"{script!r} holds a control character, which no start-up file should")
    line = f"source {shlex.quote(str(script))}"  # one quoting that bash and zsh both read
    # Bytes, not text: a start-up file need not be UTF-8, and is left exactly as it was.
    existing = rc.read_bytes() if rc.exists() else b""
    lines = [part.strip() for part in os.fsdecode(existing).split("\n")]
    if line in lines:
        return False
    added = ""
    if existing and not existing.endswith(b"\n"):
        added += "\n"  # or our line would join the last one (alias ll='ls -l'source ...)
    if zsh and not any("compinit" in part and not part.startswith("#") for part in lines):
        added += ZSH_SETUP + "\n"
    with rc.open("ab") as stream:
        stream.write(os.fsencode(added + line + "\n"))
    return True
