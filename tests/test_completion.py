"""Completion end to end: a real bash, zsh and fish in a pseudo-terminal, as a person uses it.

Each test sources ``accords --show-completion SHELL``, types a prefix, presses TAB, then Enter,
and checks what the command that ran printed. A shell that is not installed is skipped.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from accords_cli import installer
from accords_cli.errors import InstallError

BIN = Path(sys.executable).parent
ACCORDS = BIN / "accords"
pytestmark = pytest.mark.skipif(not ACCORDS.exists(), reason="needs the installed accords script")


SHELLS = ["bash", "zsh", "fish"]


# The candidates and the scripts: quick, so first (a run with -x stops soon) -----------------


def _candidates(line: str, shell: str = "bash", data: str | None = None) -> list[str]:
    """What ``accords`` offers for ``line``; ``data`` is ACCORDS_DATA (unset by default)."""
    env = {**os.environ, "_ACCORDS_COMPLETE": f"complete_{shell}", "COMP_LINE": line}
    env.pop("ACCORDS_DATA", None)
    if data is not None:
        env["ACCORDS_DATA"] = data
    result = subprocess.run(
        [sys.executable, "-m", "accords_cli"], env=env, capture_output=True, text=True
    )
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("accords show ua", ["uae"]),  # an alias, in the case typed
        ("accords show KZ", ["KZ"]),  # a code
        ("accords timeline --country emir", ["emirates"]),
        (  # names and aliases (Faisal bin Farhan Al Saud...), as bash inserts them
            "accords quote bin ",
            [
                "ahmed\\ al\\ khalifa",
                "farhan",
                "farhan\\ al\\ saud",
                "rashid\\ al\\ zayani",
                "salman",
                "salman\\ al\\ saud",
                "zayed",
                "zayed\\ al\\ nahyan",
            ],
        ),
        ("accords show turk", ["turkey", "turkiye", "turkmenistan"]),  # Türkiye, unaccented
        ("accords show Tü", ["Türkiye"]),
        ("accords quote gideon saa", ["saar"]),  # Sa'ar, as lookups accept it
        ("accords show Saudi ", ["Arabia"]),
        ("accords show united Arab ", ["Emirates"]),  # the case of the last word typed
        ("accords show United arab ", ["emirates"]),
        ("accords members --fields name,code,na", [""]),  # nothing: a field comes once
        ("accords show saudi ", ["arabia"]),
        ("accords timeline --kind sig", ["signing"]),
        ("accords members --status an", ["announced"]),
        ("accords members --color ne", ["never"]),
        ("accords info --format ya", ["yaml"]),
        ("accords timeline --fields id,da", ["id,date"]),
        ("accords help tim", ["timeline"]),
        ("accords memb", ["members"]),  # the command itself, half typed
    ],
)
def test_candidates(line: str, expected: list[str]) -> None:
    assert _candidates(line) == expected


def test_zsh_and_fish_get_the_full_name_beside_a_candidate() -> None:
    assert _candidates("accords show ua", "zsh") == ["uae\tUnited Arab Emirates"]
    assert _candidates("accords quote rub", "fish") == ["rubio\tMarco Rubio"]


@pytest.mark.parametrize(
    ("line", "command"),
    [
        ("accords ", None),
        ("accords sh", None),  # a command name still being typed
        ("accords show", None),
        ("accords show ", "show"),
        ("accords show ua", "show"),
        ("accords quote --fields speaker bin ", "quote"),
    ],
)
def test_the_command_being_completed_is_the_first_word_after_accords(
    monkeypatch: pytest.MonkeyPatch, line: str, command: str | None
) -> None:
    from accords_cli import completion

    monkeypatch.setenv("COMP_LINE", line)
    assert completion.command_in_line() == command


def test_candidates_come_from_the_data_file_named_on_the_line(
    small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    small["countries"][1]["aliases"] = ["Yankeeland"]
    path = write_data(small)
    assert _candidates(f"accords show --data {path} yank") == ["yankeeland"]
    assert "yankeeland" not in _candidates("accords show yank")
    assert _candidates("accords show yank", data=str(path)) == ["yankeeland"]


def test_data_option_asks_the_shell_for_file_names() -> None:
    assert _candidates("accords members --data ") == ["\x01files"]


def _install(
    home: Path | str, shell: str, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """``accords --install-completion SHELL`` with ``home`` as HOME (and ``env``), run in
    ``cwd`` (by default the folder holding ``home``), never in the checkout."""
    environ = {**os.environ, "HOME": str(home), **env}
    for name in ("ZDOTDIR", "XDG_CONFIG_HOME"):
        if name not in env:
            environ.pop(name, None)
    return subprocess.run(
        [str(ACCORDS), "--install-completion", shell],
        env=environ,
        capture_output=True,
        text=True,
        timeout=20,
        cwd=cwd or Path(home).parent,
    )


@pytest.mark.parametrize(
    ("shell", "target", "rc"),
    [
        ("bash", ".accords-complete.bash", ".bashrc"),
        ("zsh", ".accords-complete.zsh", ".zshrc"),
        ("fish", ".config/fish/completions/accords.fish", None),
    ],
)
def test_install_completion_writes_the_script_where_the_shell_loads_it(
    tmp_path: Path, shell: str, target: str, rc: str | None
) -> None:
    if rc:
        (tmp_path / rc).write_text("# the user's own lines\n")
    for loads in ("now loads it", "already loads it"):  # a second install changes nothing
        result = _install(tmp_path, shell)
        assert result.returncode == 0, result.stderr
        said = f"{shell} completion installed in {tmp_path / target}"
        if rc:  # and which start-up file loads it
            said += f"; {tmp_path / rc} {loads}"
        assert result.stdout == f"{said}; it works in new shells\n"
    script = subprocess.run(
        [str(ACCORDS), "--show-completion", shell], capture_output=True, text=True
    ).stdout
    assert (tmp_path / target).read_text() == script
    if rc:
        setup = "autoload -Uz compinit && compinit\n" if shell == "zsh" else ""
        expected = f"# the user's own lines\n{setup}source {tmp_path / target}\n"
        assert (tmp_path / rc).read_text() == expected


@pytest.mark.parametrize(("shell", "rc"), [("bash", ".bashrc"), ("zsh", ".zshrc")])
def test_install_completion_starts_its_line_on_a_line_of_its_own(
    tmp_path: Path, shell: str, rc: str
) -> None:
    (tmp_path / rc).write_text("alias ll='ls -l'")  # no newline at the end
    assert _install(tmp_path, shell).returncode == 0
    lines = (tmp_path / rc).read_text().splitlines()
    assert lines[0] == "alias ll='ls -l'"
    assert lines[-1] == f"source {tmp_path / f'.accords-complete.{shell}'}"


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_install_completion_quotes_a_home_with_spaces_or_dollars(
    tmp_path: Path, shell: str
) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    home = tmp_path / "my home $(touch pwned)"
    home.mkdir()
    assert _install(home, shell).returncode == 0
    # A new shell reads its start-up file: the script loads, and nothing in the path runs.
    rc = home / (".zshrc" if shell == "zsh" else ".bashrc")
    probe = "whence -w _accords" if shell == "zsh" else "type -t _accords_complete"
    result = subprocess.run(
        [shell, "-c", f'source "$HOME/{rc.name}" && {probe}'],
        env={**os.environ, "HOME": str(home)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 0, result.stderr
    assert "function" in result.stdout
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    ("shell", "target"),
    [
        ("bash", ".accords-complete.bash"),
        ("zsh", ".accords-complete.zsh"),
        ("fish", ".config/fish/completions/accords.fish"),
    ],
)
def test_install_completion_does_not_write_through_a_symbolic_link(
    tmp_path: Path, shell: str, target: str
) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    (tmp_path / target).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / target).symlink_to(victim)
    result = _install(tmp_path, shell)
    assert result.returncode == 74
    assert result.stdout == ""
    assert result.stderr == (
        f"accords: cannot install {shell} completion: {tmp_path / target} is a symbolic link;"
        " remove it and try again\n"
    )
    assert victim.read_text() == "precious\n"


@pytest.mark.parametrize(("shell", "rc"), [("bash", ".bashrc"), ("zsh", ".zshrc")])
def test_install_completion_does_not_count_a_commented_out_line(
    tmp_path: Path, shell: str, rc: str
) -> None:
    line = f"source {tmp_path / f'.accords-complete.{shell}'}"
    (tmp_path / rc).write_text(f"# {line}\n")
    result = _install(tmp_path, shell)
    assert "now loads it" in result.stdout
    assert (tmp_path / rc).read_text().splitlines()[-1] == line


def test_install_completion_honours_zdotdir(tmp_path: Path) -> None:
    zdotdir = tmp_path / "zsh"
    zdotdir.mkdir()
    result = _install(tmp_path, "zsh", ZDOTDIR=str(zdotdir))
    assert result.returncode == 0, result.stderr
    assert f"{zdotdir / '.zshrc'} now loads it" in result.stdout
    assert (
        (zdotdir / ".zshrc").read_text().endswith(f"source {zdotdir / '.accords-complete.zsh'}\n")
    )
    assert not (tmp_path / ".zshrc").exists()


def test_install_completion_honours_xdg_config_home(tmp_path: Path) -> None:
    config = tmp_path / "config"
    result = _install(tmp_path, "fish", XDG_CONFIG_HOME=str(config))
    assert result.returncode == 0, result.stderr
    assert (config / "fish" / "completions" / "accords.fish").is_file()
    assert not (tmp_path / ".config").exists()


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("home", ["missing", "a file", "empty", "read-only"])
def test_install_completion_without_a_usable_home_is_one_clean_line(
    tmp_path: Path, shell: str, home: str
) -> None:
    path = tmp_path / "home"
    if home == "a file":
        path.write_text("")
    elif home == "read-only":
        path.mkdir(mode=0o500)
        if os.access(path, os.W_OK):  # root writes anywhere
            path = Path("/proc/self")
    result = _install(path if home != "empty" else "", shell, cwd=tmp_path)
    assert result.returncode == 74, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"accords: cannot install {shell} completion: ")
    assert result.stderr.count("\n") == 1
    assert "bug" not in result.stderr
    assert not (tmp_path / "home" / ".config").exists()  # no home made up
    assert not list(tmp_path.glob(".accords-complete.*"))  # nor the current folder taken


@pytest.mark.parametrize("shell", SHELLS)
def test_show_completion_honours_the_shell(shell: str) -> None:
    script = subprocess.run(
        [str(ACCORDS), "--show-completion", shell], capture_output=True, text=True
    ).stdout
    marker = {"bash": "complete -o nosort -F", "zsh": "compdef _accords", "fish": "complete -c"}
    assert marker[shell] in script
    assert all(marker[other] not in script for other in SHELLS if other != shell)


# End to end: a real shell in a pseudo-terminal ---------------------------------------------


# Shows each argument of the command line in brackets, then runs it: proof of the quoting.
RUN_SH = 'run() { printf \'[%s]\' "$@"; echo; "$@"; }\n'


class Shell:
    """An interactive shell in a pseudo-terminal that we type into."""

    def __init__(self, shell: str, tmp: Path) -> None:
        script = tmp / f"accords.{shell}"
        script.write_text(
            subprocess.run(
                [str(ACCORDS), "--show-completion", shell], capture_output=True, text=True
            ).stdout
        )
        env = {
            "PATH": f"{BIN}:{os.environ['PATH']}",
            "HOME": str(tmp),
            "TERM": "dumb",
            "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", str(tmp / "cache")),
            "XDG_CONFIG_HOME": str(tmp / "config"),
            "XDG_DATA_HOME": str(tmp / "data"),
            "ACCORDS_PAGER": "",
            "COLUMNS": "200",
            "LANG": "C.UTF-8",
        }
        if shell == "bash":
            rc = tmp / "bashrc"
            rc.write_text(f"PS1='$ '\nsource {script}\nbind 'set bell-style none'\n{RUN_SH}")
            argv = ["bash", "--noprofile", "--rcfile", str(rc), "-i"]
        elif shell == "zsh":
            (tmp / ".zshrc").write_text(
                f"PS1='$ '\nautoload -Uz compinit && compinit -u\nsource {script}\n"
                "unsetopt beep prompt_sp prompt_cr\nzstyle ':completion:*' menu no\n" + RUN_SH
            )
            env["ZDOTDIR"] = str(tmp)
            argv = ["zsh", "-i"]
        else:
            (tmp / "config" / "fish").mkdir(parents=True)
            # With this folder present, fish skips generating completions from every man page
            # at its first start, which takes many seconds of CPU.
            (tmp / "data" / "fish" / "generated_completions").mkdir(parents=True)
            (tmp / "config" / "fish" / "config.fish").write_text(
                f"function fish_prompt; echo -n '$ '; end\nsource {script}\n"
                "set -g fish_greeting ''\nfunction fish_title; end\n"
                "function run; printf '[%s]' $argv; echo; $argv; end\n"
            )
            argv = ["fish", "-i"]
        # setsid -c gives the shell the pseudo-terminal as its controlling terminal, as
        # pty.fork would; forking a test worker's threads (pytest-xdist) by hand is unsafe.
        self.fd, terminal = pty.openpty()
        self.process = subprocess.Popen(
            ["setsid", "-c", *argv], stdin=terminal, stdout=terminal, stderr=terminal, env=env
        )
        os.close(terminal)
        self.output = ""
        self.read_until("$ ")

    def read(self, seconds: float) -> str:
        got = ""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096).decode("utf-8", "replace")
                except OSError:
                    break
                got += chunk
        self.output += got
        return got

    def settle(self, quiet: float = 0.4, seconds: float = 5) -> str:
        """Read until the shell has printed something and then stayed quiet for ``quiet``."""
        got = ""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            chunk = self.read(quiet)
            got += chunk
            if got and not chunk:
                break
        return got

    def read_until_prompt(self, seconds: float = 15) -> str:
        """Read until a new line ends in the prompt: the command has finished. (Fish marks
        output that lacks a final newline with a line of its own before the prompt.)"""
        got = ""
        end = time.monotonic() + seconds
        while time.monotonic() < end and not re.search(r"\n[^\n]*\$ $", _clean(got)):
            got += self.read(0.1)
        return got

    def read_until(self, marker: str, seconds: float = 15) -> str:
        got = ""
        end = time.monotonic() + seconds
        while time.monotonic() < end and marker not in got:
            got += self.read(0.1)
        return got

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def close(self) -> None:
        try:
            self.process.kill()
            self.process.wait()
        except OSError:
            pass
        os.close(self.fd)


def _clean(text: str) -> str:
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07|\r", "", text)
    return text


def complete_and_run(shell: str, tmp: Path, typed: str, tabs: int = 1) -> str:
    """Type ``typed`` and TAB, then put ``run`` in front (Ctrl-A) and press Enter; return what
    was printed: each argument in brackets, then the command's output."""
    for program in (shell, "setsid"):
        if shutil.which(program) is None:
            pytest.skip(f"{program} is not installed")
    session = Shell(shell, tmp)
    try:
        session.type(typed)
        session.read(0.3)
        for _ in range(tabs):
            session.type("\t")
            session.settle()
        session.type("\x01run ")
        session.read(0.3)
        session.output = ""
        session.type("\r")
        session.read_until_prompt()
        return _clean(session.output)
    finally:
        session.close()


@pytest.mark.parametrize("shell", SHELLS)
def test_a_multi_word_country_is_quoted_and_runs(shell: str, tmp_path: Path) -> None:
    out = complete_and_run(shell, tmp_path, "accords show -f plain palestini")
    assert "[plain][palestinian territories]\n" in out  # one argument
    assert "name\tPalestine" in out
    assert "accords:" not in out


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    ("typed", "argument", "speaker"),
    [("rubi", "rubio", "Marco Rubio"), ("gideon", "gideon sa'ar", "Gideon Sa'ar")],
)
def test_a_speaker_completes_from_any_word_of_the_name(
    shell: str, tmp_path: Path, typed: str, argument: str, speaker: str
) -> None:
    out = complete_and_run(shell, tmp_path, f"accords quote -f plain --fields speaker {typed}")
    assert f"[speaker][{argument}]\n" in out
    assert f"\n{speaker}\n" in out
    assert "accords:" not in out
    assert "accords:" not in out


@pytest.mark.parametrize("shell", SHELLS)
def test_an_alias_completes(shell: str, tmp_path: Path) -> None:
    out = complete_and_run(shell, tmp_path, "accords show -f plain emira")
    assert "[emirates]\n" in out
    assert "name\tUnited Arab Emirates" in out


@pytest.mark.parametrize("shell", SHELLS)
def test_choices_complete(shell: str, tmp_path: Path) -> None:
    out = complete_and_run(shell, tmp_path, "accords members --format mark")
    assert "[markdown]\n" in out
    assert "| name | code |" in out


@pytest.mark.parametrize("shell", SHELLS)
def test_fields_complete_after_a_comma(shell: str, tmp_path: Path) -> None:
    out = complete_and_run(shell, tmp_path, "accords members -f plain --fields name,cod")
    assert "[name,code]\n" in out
    assert "Kazakhstan\tKZ" in out


@pytest.mark.parametrize("shell", SHELLS)
def test_an_option_value_after_equals_completes(shell: str, tmp_path: Path) -> None:
    out = complete_and_run(shell, tmp_path, "accords members --format=mark")
    assert "[--format=markdown]\n" in out
    assert "| name | code |" in out


@pytest.mark.parametrize("shell", SHELLS)
def test_a_name_continues_after_an_escaped_space(shell: str, tmp_path: Path) -> None:
    out = complete_and_run(shell, tmp_path, "accords quote -f plain --fields speaker bin\\ sal")
    assert "[speaker][bin salman]\n" in out  # the typed prefix is kept
    assert "\nMohammed bin Salman\n" in out


def test_the_rest_of_a_name_after_words_typed_unquoted(tmp_path: Path) -> None:
    out = complete_and_run("bash", tmp_path, "accords show -f plain saudi ar")
    assert "[saudi][arabia]\n" in out
    assert "name\tSaudi Arabia" in out


# A data file is text, never code: names are inserted quoted for the quoting in force --------


def _hostile_data(small: dict[str, Any], write_data: Callable[..., Path]) -> tuple[Path, Path]:
    """A data file whose speakers try to run ``touch`` from a completed command line: one
    inside double quotes, one by closing the quote it is typed in. Returns it and the file
    the attack would create (in lower case: completion lowers a name typed in lower case)."""
    pwned = Path(f"/tmp/pwned-{uuid.uuid4().hex}")
    small["quotes"][0]["speaker"] = f"Evil $(touch {pwned})"
    small["quotes"][1]["speaker"] = f"Tick' \"$(touch {pwned})\" `touch {pwned}` \\ !x *'"
    return write_data(small), pwned


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("quote", ["", "'", '"'])
@pytest.mark.parametrize("typed", ["ev", "tic"])
def test_a_hostile_name_is_inserted_as_text_in_every_quoting(
    shell: str,
    quote: str,
    typed: str,
    tmp_path: Path,
    small: dict[str, Any],
    write_data: Callable[..., Path],
) -> None:
    path, pwned = _hostile_data(small, write_data)
    name = next(q["speaker"] for q in small["quotes"] if q["speaker"].lower().startswith(typed))
    try:
        out = complete_and_run(shell, tmp_path, f"accords quote --data {path} {quote}{typed}")
        assert not pwned.exists(), out
        assert f"[{path}][{name.lower()}]\n" in out  # one argument, the name as it is
        assert f"· by {name}" in out  # and the quote was found by it
    finally:
        pwned.unlink(missing_ok=True)


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    ("typed", "arguments"),
    [
        ("gideon sa'", "[gideon][sa'ar]"),  # was sa'sa\'ar' with the quote left open
        ("gideon 'sa", "[gideon][sa'ar]"),
        ('gideon "sa', "[gideon][sa'ar]"),
        ("'gideon sa'\\''", "[gideon sa'ar]"),  # inside single quotes, after an escaped one
    ],
)
def test_a_name_with_an_apostrophe_completes_in_any_quoting(
    shell: str, tmp_path: Path, typed: str, arguments: str
) -> None:
    if shell == "zsh" and typed.endswith("\\''"):
        pytest.skip("zsh offers nothing for a word that reopens a quote; the line stays as typed")
    out = complete_and_run(shell, tmp_path, f"accords quote -f plain --fields speaker {typed}")
    assert f"[speaker]{arguments}\n" in out
    assert "\nGideon Sa'ar\n" in out


@pytest.mark.parametrize("shell", SHELLS)
def test_a_name_with_control_characters_is_left_out(
    shell: str, small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    small["quotes"][0]["speaker"] = "Esc\x1b[2Jape"
    small["quotes"][1]["speaker"] = "Escort \u202eevil"
    small["countries"][1]["aliases"] = ["Yankeeland"]
    small["countries"][1]["name"] = "Yankee\x1b]0;title\x07land"
    path = write_data(small)
    assert _candidates(f"accords quote --data {path} esc", shell) == [""]  # nothing
    shown = _candidates(f"accords show --data {path} yank", shell)
    assert shown == (
        ["yankeeland"] if shell == "bash" else ["yankeeland\tYankee\\x1b]0;title\\x07land"]
    )


def test_a_name_that_would_read_as_an_option_is_left_out(
    small: dict[str, Any], write_data: Callable[..., Path]
) -> None:
    small["quotes"][0]["speaker"] = "--data=/dev/zero"
    path = write_data(small)
    assert _candidates(f"accords quote --data {path} ") == ["José\\ Émile", "Émile"]
    assert _candidates(f"accords quote --data {path} --fi") == ["--fields"]  # options still come


# The installer's smaller promises, each on a home of its own ---------------------------------


def test_install_without_home_set_uses_the_accounts_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("ZDOTDIR", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    installed = installer.install("bash")
    assert installed.script == tmp_path / ".accords-complete.bash"
    assert installed.rc == tmp_path / ".bashrc"


def test_install_in_zsh_sets_compinit_up_only_when_no_live_line_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("ZDOTDIR", raising=False)
    zshrc = tmp_path / ".zshrc"
    zshrc.write_text("autoload -U compinit; compinit\n")
    installer.install("zsh")
    assert installer.ZSH_SETUP not in zshrc.read_text()
    zshrc.write_text("# compinit\n")  # a comment sets nothing up
    installer.install("zsh")
    assert installer.ZSH_SETUP in zshrc.read_text()


def test_install_failing_on_a_file_names_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".bashrc").mkdir()  # the start-up file is a folder: it cannot be read
    with pytest.raises(InstallError) as caught:
        installer.install("bash")
    assert f"{tmp_path / '.bashrc'}: Is a directory" in str(caught.value)
