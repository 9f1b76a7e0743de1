"""Shell completion for bash, zsh and fish that builds commands which run.

Each shell's script sends the command line up to the cursor (``COMP_LINE``) to
``_ACCORDS_COMPLETE=complete_SHELL accords``; Click's own resolver finds which command,
option or argument is being completed, and the functions below offer values for it. What is
inserted is quoted for the quoting in force (``saudi\\ arabia``, ``"saudi arabia"``): zsh and
fish do it themselves, ``quoting`` does it for bash. So accepting any candidate gives a command
line that runs, and a name in a data file is never read as shell code.

Candidates keep the prefix as typed (``kaz`` completes to ``kazakhstan``), because shells keep
only candidates that start with the word being completed; lookups ignore case anyway.
"""

import os
from collections.abc import Callable, Sequence
from typing import Any

from accords_cli import queries, quoting
from accords_cli.errors import AccordsError
from accords_cli.models import Dataset

SHELLS = ("bash", "zsh", "fish")
FILES = "\x00files"  # asks the shell script for file names instead

Candidate = tuple[str, str]  # the value, and a description zsh and fish show beside it

BASH = r"""
_accords_complete() {
    local -a found
    # The replies come quoted for the place readline puts them (see quoting.py); mapfile
    # keeps each line as it is, where $(...) in an array would also expand "*" in a name.
    mapfile -t found < <(COMP_LINE="${COMP_LINE:0:COMP_POINT}" \
        COMP_WORDBREAKS="$COMP_WORDBREAKS" _ACCORDS_COMPLETE=complete_bash "$1" 2>/dev/null)
    COMPREPLY=()
    if [[ ${found[0]-} == $'\001'files ]]; then
        compopt -o default
        return 0
    fi
    COMPREPLY=("${found[@]}")
}
complete -o nosort -F _accords_complete @PROG@
"""

ZSH = r"""#compdef @PROG@
_accords() {
    local -a values descriptions
    local line
    local answer=$(COMP_LINE="$LBUFFER" _ACCORDS_COMPLETE=complete_zsh "${words[1]}" 2>/dev/null)
    for line in "${(@f)answer}"; do
        [[ -z $line ]] && continue
        if [[ $line == $'\001'files ]]; then
            _files
            return
        fi
        values+=("${line%%$'\t'*}")
        descriptions+=("${line//$'\t'/  -- }")
    done
    (( ${#values} )) && compadd -V accords -l -d descriptions -a values
}
compdef _accords @PROG@
"""

FISH = r"""
function __accords_complete
    set -l found (env COMP_LINE=(commandline -cp) _ACCORDS_COMPLETE=complete_fish \
        (commandline -opc)[1] 2>/dev/null)
    if test "$found" = \x01files
        __fish_complete_path (commandline -ct)
    else
        printf '%s\n' $found
    end
end
complete -c @PROG@ -f -a '(__accords_complete)'
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}


def script(shell: str, prog: str = "accords") -> str:
    """The completion script to source in ``shell``."""
    return SCRIPTS[shell].lstrip("\n").replace("@PROG@", prog)


def detect_shell() -> str:
    """The user's shell from $SHELL, bash when it is none of ours."""
    name = os.path.basename(os.environ.get("SHELL", ""))
    return name if name in SHELLS else "bash"


# Answering the shell ------------------------------------------------------------------------


def register() -> None:
    """Make Click answer ``_ACCORDS_COMPLETE=complete_SHELL`` with our protocol."""
    from typer._click.shell_completion import ShellComplete, add_completion_class

    class Complete(ShellComplete):
        shell = "bash"

        def source_vars(self) -> dict[str, Any]:
            return {}

        def source(self) -> str:
            return script(self.shell, self.prog_name)

        def get_completion_args(self) -> tuple[list[str], str]:
            from typer._click.shell_completion import split_arg_string

            line = os.environ.get("COMP_LINE", "")
            words = split_arg_string(line)
            ends_word = _ends_word(line)
            incomplete = "" if ends_word or not words[1:] else words.pop()
            return words[1:], incomplete

        def get_completions(self, args: list[str], incomplete: str) -> list[Any]:
            found = super().get_completions(args, incomplete)
            # For `--format=js` Click completes "js"; the shells replace the whole word (bash
            # from the "=", which quoting.bash_region works out), so the option name goes back.
            if incomplete.startswith("-") and "=" in incomplete:
                name = incomplete.partition("=")[0]
                for item in found:
                    if not item.value.endswith(FILES):
                        item.value = f"{name}={item.value}"
            files = [item for item in found if str(item.value).endswith(FILES)]
            if files:
                return files
            # A name from the data file that would read as an option (`--data=/dev/zero`) when
            # the user was not typing one is left out, as is one no quoting makes safe.
            found = [
                item
                for item in found
                if quoting.insertable(str(item.value))
                and (incomplete.startswith("-") or not str(item.value).startswith("-"))
            ]
            if self.shell == "bash":
                return self._for_bash(found)
            return found

        def _for_bash(self, found: list[Any]) -> list[Any]:
            line = os.environ.get("COMP_LINE", "")
            breaks = os.environ.get("COMP_WORDBREAKS", quoting.BASH_WORD_BREAKS)
            region = quoting.bash_region(line, breaks)
            if region is None:
                return []
            for item in found:
                item.value = quoting.for_bash(region, str(item.value))
            return [item for item in found if item.value is not None]

        def format_completion(self, item: Any) -> str:
            value = str(item.value)
            if value.endswith(FILES):
                return "\x01files"
            if self.shell == "bash" or not item.help:
                return value
            return f"{value}\t{quoting.description(str(item.help))}"

    for shell in SHELLS:
        add_completion_class(type(f"Complete_{shell}", (Complete,), {"shell": shell}), shell)


def command_in_line() -> str | None:
    """The command named on the line being completed, once its name is complete."""
    line = os.environ.get("COMP_LINE", "")
    words = line.split()
    if len(words) > 2 or (len(words) == 2 and line[-1:].isspace()):
        return words[1]
    return None


def _ends_word(line: str) -> bool:
    """Whether ``line`` ends between words: a space typed after one, not an escaped or quoted
    space inside a name being typed (``bin\\ `` or ``"saudi ``)."""
    from typer._click.shell_completion import split_arg_string

    return bool(line) and split_arg_string(line + "x")[-1] == "x"


# Candidates ---------------------------------------------------------------------------------


def _data(ctx: Any) -> Dataset | None:
    from accords_cli import dataset

    path = ctx.params.get("data") if ctx is not None else None  # else ACCORDS_DATA, as load has it
    try:
        return dataset.load(path, ("sources", "events"))
    except AccordsError:
        return None


def _keep_prefix(typed: str, value: str) -> str:
    """``value`` spelt with the user's own prefix, so that shells keep it; all in lower case
    when that is how the user types (``ua`` gives ``uae``, not ``uaE``). A value that matches
    only once accents and apostrophes are ignored, typed without them, is offered without them
    too (``turk`` gives ``turkiye``), as lookups accept it; shells drop any other."""
    if not value.casefold().startswith(typed.casefold()):
        folded = queries.fold(typed)
        return typed + queries.fold(value)[len(folded) :] if folded == typed.casefold() else value
    if typed and typed == typed.lower() and typed != typed.upper():
        return value.lower()
    return typed + value[len(typed) :]


def _continuations(
    before: Sequence[str], typed: str, names: dict[str, str], anywhere: bool
) -> list[Candidate]:
    """The rest of each name that starts with the words already typed and then ``typed``.

    ``names`` maps each name to the description shown beside it. With ``anywhere`` a name may
    also be entered at any of its words (``rubio`` for Marco Rubio), as lookups allow.
    """
    key = queries.fold(typed)
    done = [queries.fold(word) for word in before]
    found: dict[str, str] = {}
    for name, description in names.items():
        parts = name.split()
        starts = range(len(parts)) if anywhere else range(1)
        for start in starts:
            rest = parts[start:]
            head = [queries.fold(word) for word in rest[: len(done)]]
            if head != done or len(rest) <= len(done):
                continue
            tail = " ".join(rest[len(done) :])
            if queries.fold(tail).startswith(key):
                value = _keep_prefix(typed, tail)
                if not typed and before and before[-1] == before[-1].lower():
                    value = tail.lower()  # after words typed in lower case, the rest follows
                found.setdefault(value, description if description != value else "")
    return sorted(found.items(), key=lambda item: item[0].casefold())


def _previous(ctx: Any, name: str) -> list[str]:
    value = ctx.params.get(name) if ctx is not None else None
    if isinstance(value, (list, tuple)):
        return [str(word) for word in value]
    return []


def countries(ctx: Any, incomplete: str) -> list[Candidate]:
    """States by name, alias or ISO code; after words already typed, the rest of a name."""
    data = _data(ctx)
    if data is None:
        return []
    names: dict[str, str] = {}
    for state in queries.states(data):
        for value in (state.name, *state.aliases, state.code or ""):
            if value:
                names.setdefault(value, state.name)
    return _continuations(_previous(ctx, "country"), incomplete, names, anywhere=False)


def speakers(ctx: Any, incomplete: str) -> list[Candidate]:
    """Speakers from any word of their name (``bin`` offers ``bin Salman``)."""
    data = _data(ctx)
    if data is None:
        return []
    names = {name: name for name in queries.speaker_names(data)}
    return _continuations(_previous(ctx, "speaker"), incomplete, names, anywhere=True)


def choices(values: Sequence[str] | dict[str, str]) -> Callable[[str], list[Candidate]]:
    """Completion for an option that takes one of ``values`` (a dict gives descriptions)."""
    described = values if isinstance(values, dict) else dict.fromkeys(values, "")

    def complete(incomplete: str) -> list[Candidate]:
        return [(v, d) for v, d in described.items() if v.startswith(incomplete)]

    return complete


def field_names(keys: Sequence[str]) -> Callable[[str], list[Candidate]]:
    """Completion for ``--fields``: a name, or after a comma the next one."""

    def complete(incomplete: str) -> list[Candidate]:
        done, _, typed = incomplete.rpartition(",")
        given = set(done.split(",")) if done else set()
        head = done + "," if done else ""
        return [(head + key, "") for key in keys if key.startswith(typed) and key not in given]

    return complete


def files(incomplete: str) -> list[str]:
    """Completion for a file name: the shell's own (Click keeps values starting as typed)."""
    return [incomplete + FILES]
