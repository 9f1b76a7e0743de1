"""Mutation testing: would the suite notice if the code were subtly wrong?

    python tools/mutation.py                   # every module, 30 mutants each (~40 min, 2 cores)
    python tools/mutation.py render views -n 40
    python tools/mutation.py chart --list      # the sampled mutants, without running tests

For each module under src/accords_cli, the script lists every small change of one kind below,
draws a sample of N of them with a fixed seed (the same code gives the same sample, so runs
compare), and for each one writes the mutant IN PLACE over the module, runs the module's tests
(`pytest -x`, most relevant files first, under a timeout), and restores the file. A mutant is
killed when a test fails (or the run times out), survived when every test passes.

Why in place and not a tool that mutates a copy of the tree: many tests run `accords` in a
subprocess through the editable install, which imports the package from this checkout's src/;
only a change to these files is seen by those subprocesses. The original is restored in a
`finally` (also on Ctrl-C or SIGTERM), and a backup in .mutation-backup/ lets the next run put
it back even after a hard kill. While it runs, the checkout holds a mutant: start it on a
clean tree and edit or commit nothing there until it ends (or run it in a clone of the branch
with a virtual environment of its own: `pip install -e '.[test]'` there).

The kinds of mutant: a comparison flipped (== !=, < >, <= >=, in / not in, is / is not), a
condition negated (if, while, conditional expressions, comprehension filters), and/or swapped,
a statement deleted, a constant changed (numbers, booleans, strings), an arithmetic operator
swapped, and `return EXPR` made `return None`. Docstrings, annotations, help texts and
f-strings are left alone.

Survivors judged equivalent (no test can tell them from the original) are listed, with why, in
tools/mutation-equivalent.md; they count apart and not against the score. Everything else that
survives is printed with its place and its diff: a test to write.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import difflib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "accords_cli"
BACKUP = ROOT / ".mutation-backup"
LOCK = ROOT / ".mutation-lock"
EQUIVALENT_FILE = ROOT / "tools" / "mutation-equivalent.md"
SEED = 15
PER_MODULE = 30

# The tests of each module, most relevant first: with -x a mutant is usually killed by the
# first file. A module's survivors are run against every file listed, so a file that can kill
# its mutants belongs here.
TESTS: dict[str, list[str]] = {
    "__main__.py": ["test_main", "test_cli", "test_robustness"],
    "cache.py": ["test_cache", "test_scale", "test_dataset", "test_people"],
    "chart.py": ["test_views", "test_chart", "test_terminal"],
    "check.py": ["test_check"],
    "citations.py": ["test_provenance", "test_render"],
    "cli.py": [
        "test_cli",
        "test_contract",
        "test_scripting",
        "test_views",
        "test_render",
        "test_people",
        "test_provenance",
        "test_robustness",
        "test_check",
        "test_terminal",
        "test_scale",
        "test_completion",
    ],
    "completion.py": ["test_completion", "test_terminal", "test_cli"],
    "dataset.py": ["test_dataset", "test_cache", "test_robustness", "test_scale", "test_cli"],
    "errors.py": ["test_cli", "test_robustness", "test_dataset"],
    "layout.py": ["test_render", "test_provenance", "test_views", "test_scripting"],
    "lazy.py": ["test_scale", "test_cache", "test_queries", "test_people"],
    "models.py": [
        "test_scripting",
        "test_contract",
        "test_dataset",
        "test_queries",
        "test_cache",
        "test_render",
    ],
    "pager.py": ["test_pager", "test_terminal", "test_cli"],
    "queries.py": [
        "test_queries",
        "test_people",
        "test_cli",
        "test_scripting",
        "test_views",
        "test_provenance",
        "test_render",
    ],
    "references.py": ["test_provenance", "test_render"],
    "render.py": [
        "test_render",
        "test_scripting",
        "test_provenance",
        "test_views",
        "test_cli",
        "test_contract",
    ],
    "usage.py": [
        "test_terminal",
        "test_cli",
        "test_scripting",
        "test_robustness",
        "test_render",
        "test_chart",
    ],
    "validate.py": [
        "test_dataset",
        "test_people",
        "test_robustness",
        "test_check",
        "test_data_integrity",
        "test_schema_contract",
    ],
    "views.py": ["test_views", "test_render", "test_provenance", "test_people", "test_cli"],
}
DEFAULT_TESTS = ["test_cli"]
# Slow tests that only some modules need: elsewhere they cost minutes and kill nothing new.
SLOW = {
    "tests/test_schema_contract.py::test_schema_and_loader_agree_on_random_edits": {"validate.py"},
    "tests/test_cache.py::test_twenty_concurrent_cold_starts": {"cache.py", "dataset.py"},
}

_FLIP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.Gt,
    ast.Gt: ast.Lt,
    ast.LtE: ast.GtE,
    ast.GtE: ast.LtE,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_ARITHMETIC: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
}
_DELETABLE = (
    ast.Expr,
    ast.Assign,
    ast.AugAssign,
    ast.AnnAssign,
    ast.If,
    ast.For,
    ast.While,
    ast.Raise,
    ast.Continue,
    ast.Break,
    ast.With,
    ast.Delete,
)
_QUIET_KEYWORDS = {"help", "metavar", "rich_help_panel", "epilog", "short_help"}


@dataclass(frozen=True)
class Mutant:
    module: str
    operator: str
    where: str  # the enclosing function or class
    line: int
    before: str  # the source text replaced
    after: str  # its replacement
    source: str  # the whole mutated module

    @property
    def key(self) -> str:
        """What identifies the mutant across edits elsewhere in the file (not its line number):
        the lines it changes, before and after."""
        return f"{self.module} | {self.where} | {_squash(self.before)} -> {_squash(self.after)}"

    def diff(self, original: str) -> str:
        lines = difflib.unified_diff(
            original.splitlines(keepends=True),
            self.source.splitlines(keepends=True),
            f"a/src/accords_cli/{self.module}",
            f"b/src/accords_cli/{self.module}",
            n=1,
        )
        return "".join(lines)


def _squash(text: str, limit: int = 160) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _changed(source: str, mutated: str, first: int, last: int) -> tuple[str, str]:
    """The lines a mutant of lines ``first``..``last`` (1-based) removes, and those it adds."""
    old, new = source.splitlines(), mutated.splitlines()
    end = last + len(new) - len(old)
    return "\n".join(old[first - 1 : last]), "\n".join(new[first - 1 : end])


class _Finder(ast.NodeVisitor):
    """Collect (node, operator, replacement text) for every mutation site of a module."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = source.splitlines(keepends=True)
        self.scope: list[str] = []
        self.sites: list[tuple[ast.AST, str, str, str]] = []  # node, operator, where, new text
        self.skip: set[int] = set()

    # Scopes and the parts never mutated.

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.scope.append(node.name)
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self.skip.add(id(body[0]))  # docstring
        for decorator in node.decorator_list:
            self.visit(decorator)
        if not isinstance(node, ast.ClassDef):
            self._visit_arguments(node.args)
        for statement in body:
            self.visit(statement)
        self.scope.pop()

    def _visit_arguments(self, args: ast.arguments) -> None:
        for default in [*args.defaults, *args.kw_defaults]:
            if default is not None:
                self.visit(default)

    visit_FunctionDef = _scoped
    visit_AsyncFunctionDef = _scoped
    visit_ClassDef = _scoped

    def visit_Module(self, node: ast.Module) -> None:
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self.skip.add(id(body[0]))
        for statement in body:
            self.visit(statement)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._delete(node)
        if node.value is not None:
            self.visit(node.value)

    def visit_arg(self, node: ast.arg) -> None:
        return  # annotations

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        return  # f-string parts have no reliable positions on every Python

    def visit_keyword(self, node: ast.keyword) -> None:
        if node.arg in _QUIET_KEYWORDS:
            return
        self.visit(node.value)

    def visit_Import(self, node: ast.Import) -> None:
        return

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        return

    def visit_If(self, node: ast.If) -> None:
        test = ast.unparse(node.test)
        if test in ("TYPE_CHECKING", "__name__ == '__main__'"):
            return
        self._delete(node)
        self._negate(node.test)
        self.generic_visit(node)

    def visit_While(self, node: ast.While) -> None:
        self._delete(node)
        self._negate(node.test)
        self.generic_visit(node)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self._negate(node.test)
        self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        for condition in node.ifs:
            self._negate(condition)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        targets = [ast.unparse(t) for t in node.targets]
        if targets == ["__all__"]:
            return
        self._delete(node)
        self.visit(node.value)

    def visit_Expr(self, node: ast.Expr) -> None:
        if id(node) in self.skip:
            return
        self._delete(node)
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None
        ):
            self._add(node, "return None", "return None")
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        for i, op in enumerate(node.ops):
            flipped = _FLIP.get(type(op))
            if flipped is not None:
                ops = list(node.ops)
                ops[i] = flipped()
                new = ast.Compare(left=node.left, ops=ops, comparators=node.comparators)
                self._add(node, "flipped comparison", f"({ast.unparse(new)})")
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        self._add(node, "and/or swap", f"({ast.unparse(ast.BoolOp(op=other, values=node.values))})")
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        swapped = _ARITHMETIC.get(type(node.op))
        if swapped is not None:
            new = ast.BinOp(left=node.left, op=swapped(), right=node.right)
            self._add(node, "arithmetic swap", f"({ast.unparse(new)})")
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._delete(node)
        swapped = _ARITHMETIC.get(type(node.op))
        if swapped is not None:
            new = ast.AugAssign(target=node.target, op=swapped(), value=node.value)
            self._add(node, "arithmetic swap", ast.unparse(new))
        self.visit(node.value)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            new: object = not value
        elif isinstance(value, int):
            new = {0: 1, 1: 0}.get(value, value + 1)
        elif isinstance(value, float):
            new = value + 1.0
        elif isinstance(value, str):
            new = "XX" + value + "XX" if value else "XX"
        else:
            return
        self._add(node, "changed constant", repr(new))

    def generic_visit(self, node: ast.AST) -> None:
        for field, value in ast.iter_fields(node):
            if field in ("annotation", "returns", "type_comment"):
                continue
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)

    def visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.stmt) and type(node) in _DELETABLE:
            method = getattr(self, "visit_" + type(node).__name__, None)
            if method is None:
                self._delete(node)
                self.generic_visit(node)
                return
        super().visit(node)

    # Recording a site.

    def _delete(self, node: ast.stmt) -> None:
        if isinstance(node, _DELETABLE):
            self._add(node, "deleted statement", "pass")

    def _negate(self, test: ast.expr) -> None:
        self._add(test, "negated condition", f"(not ({self._text(test)}))")

    def _text(self, node: ast.AST) -> str:
        text = ast.get_source_segment(self.source, node)
        return text if text is not None else ast.unparse(node)

    def _add(self, node: ast.AST, operator: str, new: str) -> None:
        if getattr(node, "end_lineno", None) is None:
            return
        where = ".".join(self.scope) or "<module>"
        self.sites.append((node, operator, where, new))


def _replace(source: str, lines: list[str], node: ast.AST, new: str) -> str:
    """The source with the text of ``node`` replaced by ``new``."""
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode("utf-8")))
    data = source.encode("utf-8")
    start = offsets[node.lineno - 1] + node.col_offset  # type: ignore[attr-defined]
    end = offsets[node.end_lineno - 1] + node.end_col_offset  # type: ignore[attr-defined]
    return (data[:start] + new.encode("utf-8") + data[end:]).decode("utf-8")


def mutants(module: str) -> Iterator[Mutant]:
    """Every valid mutant of ``module`` in a stable order (the order of the source)."""
    source = (PACKAGE / module).read_text(encoding="utf-8")
    tree = ast.parse(source)
    original = ast.dump(tree)
    finder = _Finder(source)
    finder.visit(tree)
    seen: set[str] = set()
    for node, operator, where, new in finder.sites:
        mutated = _replace(source, finder.lines, node, new)
        if mutated in seen:
            continue
        seen.add(mutated)
        try:
            if ast.dump(ast.parse(mutated)) == original:
                continue
        except SyntaxError:
            continue
        before, after = _changed(source, mutated, node.lineno, node.end_lineno)  # type: ignore[attr-defined]
        yield Mutant(module, operator, where, node.lineno, before, after, mutated)  # type: ignore[attr-defined]


def sample(module: str, size: int, seed: int) -> list[Mutant]:
    """A fixed-seed sample of ``size`` mutants of ``module``, in source order."""
    every = list(mutants(module))
    rng = random.Random(f"{seed}:{module}")
    chosen = every if len(every) <= size else rng.sample(every, size)
    return sorted(chosen, key=lambda m: (m.line, m.operator, m.after))


def equivalent() -> dict[str, str]:
    """The survivors judged equivalent: key -> why, from tools/mutation-equivalent.md."""
    found: dict[str, str] = {}
    if not EQUIVALENT_FILE.exists():
        return found
    for line in EQUIVALENT_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("- `"):  # - ``key`` (double backticks: a key may hold one)
            last = _squash(line[2:].strip().strip("`"), limit=10**6)
            found[last] = ""
        elif line.startswith("  ") and found and line.strip():
            found[last] = (found[last] + " " + line.strip()).strip()
    return found


# Running.


def restore_leftovers() -> None:
    """Put back any module a killed earlier run left mutated."""
    if not BACKUP.exists():
        return
    for saved in BACKUP.iterdir():
        target = PACKAGE / saved.name
        shutil.copyfile(saved, target)
        _forget_bytecode(saved.name)
        print(f"restored {target.relative_to(ROOT)} from an interrupted run", file=sys.stderr)
        saved.unlink()
    BACKUP.rmdir()


def _forget_bytecode(module: str) -> None:
    # A mutant of the same size written within the same second as the original would otherwise
    # be shadowed by the original's cached bytecode (its check is mtime and size).
    for pyc in (PACKAGE / "__pycache__").glob(module.removesuffix(".py") + ".*.pyc"):
        pyc.unlink(missing_ok=True)


def test_command(module: str, hypothesis_seed: int) -> list[str]:
    names = TESTS.get(module, DEFAULT_TESTS)
    files = [f"tests/{name}.py" for name in names if (ROOT / "tests" / f"{name}.py").exists()]
    deselect = [
        arg for test, owners in SLOW.items() if module not in owners for arg in ("--deselect", test)
    ]
    return [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "-n",
        "0",  # one process, so that -x stops at the first failing test of the first file
        "-p",
        "no:cacheprovider",
        f"--hypothesis-seed={hypothesis_seed}",
        *deselect,
        *files,
    ]


def run_tests(command: list[str], timeout: float) -> tuple[str, float]:
    """'passed', 'failed' or 'timeout', and the seconds taken."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    start = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return "timeout", time.monotonic() - start
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    if code == 5:
        raise SystemExit(f"no tests ran: {' '.join(command)}")
    return ("passed" if code == 0 else "failed"), time.monotonic() - start


def with_mutant(mutant: Mutant, command: list[str], timeout: float) -> tuple[str, float]:
    path = PACKAGE / mutant.module
    original = path.read_bytes()
    BACKUP.mkdir(exist_ok=True)
    saved = BACKUP / mutant.module
    saved.write_bytes(original)  # for the next run, should this one be killed outright
    try:
        path.write_text(mutant.source, encoding="utf-8")
        _forget_bytecode(mutant.module)
        return run_tests(command, timeout)
    finally:
        path.write_bytes(original)
        _forget_bytecode(mutant.module)
        saved.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            BACKUP.rmdir()


def lock() -> None:
    """Claim the checkout: two runs in one would restore each other's mutants wrongly."""
    while True:
        try:
            descriptor = os.open(LOCK, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                pid = int(LOCK.read_text(encoding="ascii") or "0")
                os.kill(pid, 0)
            except (ValueError, OSError):  # no such process: a run that was killed
                LOCK.unlink(missing_ok=True)
                continue
            raise SystemExit(f"another run (process {pid}) is mutating this checkout") from None
        os.write(descriptor, str(os.getpid()).encode("ascii"))
        os.close(descriptor)
        return


@dataclass
class Score:
    module: str
    killed: int = 0
    survived: int = 0
    equivalent: int = 0

    @property
    def percent(self) -> float:
        judged = self.killed + self.survived
        return 100.0 * self.killed / judged if judged else 100.0


def run_module(module: str, size: int, seed: int, judged: dict[str, str]) -> tuple[Score, list]:
    original = (PACKAGE / module).read_text(encoding="utf-8")
    chosen = sample(module, size, seed)
    command = test_command(module, seed)
    outcome, baseline = run_tests(command, timeout=600)
    if outcome != "passed":
        raise SystemExit(f"{module}: the tests fail without any mutant: {' '.join(command)}")
    timeout = max(30.0, 3 * baseline)
    print(f"\n{module}: {len(chosen)} mutants, tests take {baseline:.1f} s", flush=True)
    score = Score(module)
    survivors = []
    for number, mutant in enumerate(chosen, 1):
        outcome, seconds = with_mutant(mutant, command, timeout)
        if outcome == "passed" and _squash(mutant.key, limit=10**6) in judged:
            verdict = "equivalent"
            score.equivalent += 1
        elif outcome == "passed":
            verdict = "SURVIVED"
            score.survived += 1
            survivors.append(mutant)
        else:
            verdict = "killed" if outcome == "failed" else "killed (timeout)"
            score.killed += 1
        print(
            f"  {number:>3}/{len(chosen)} {verdict:<16} {seconds:5.1f} s  "
            f"line {mutant.line:<4} {mutant.operator}",
            flush=True,
        )
    for mutant in survivors:
        print(f"\nsurvived: src/accords_cli/{module}:{mutant.line} in {mutant.where}")
        print(f"  key: {mutant.key}")
        print(mutant.diff(original), end="")
    return score, survivors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="module names (default: all)")
    parser.add_argument("-n", type=int, default=PER_MODULE, help="mutants per module")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--list", action="store_true", help="show the sample, run nothing")
    args = parser.parse_args()

    lock()
    try:
        return _main(parser, args)
    finally:
        LOCK.unlink(missing_ok=True)


def _main(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    restore_leftovers()
    available = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    modules = [m if m.endswith(".py") else m + ".py" for m in args.modules] or available
    unknown = [m for m in modules if m not in available]
    if unknown:
        parser.error(f"no such module: {', '.join(unknown)} (choose from {', '.join(available)})")

    if args.list:
        for module in modules:
            original = (PACKAGE / module).read_text(encoding="utf-8")
            for mutant in sample(module, args.n, args.seed):
                print(f"{module}:{mutant.line} {mutant.operator} in {mutant.where}")
                print(mutant.diff(original))
        return 0

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # Ctrl-C, kill and a closed terminal all end the run the same way: the module restored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupted)
    if hasattr(signal, "SIGHUP"):  # not on Windows
        signal.signal(signal.SIGHUP, interrupted)
    judged = equivalent()
    scores: list[Score] = []
    start = time.monotonic()
    try:
        for module in modules:
            score, _ = run_module(module, args.n, args.seed, judged)
            scores.append(score)
    except KeyboardInterrupt:
        print("\ninterrupted: every module is restored", file=sys.stderr)
        return 130
    finally:
        restore_leftovers()

    minutes = (time.monotonic() - start) / 60
    print(f"\nseed {args.seed}, {args.n} mutants per module, {minutes:.0f} min\n")
    print("| module | killed / non-equivalent | score | equivalent |")
    print("| --- | --- | --- | --- |")
    for s in scores:
        print(
            f"| {s.module} | {s.killed}/{s.killed + s.survived} | {s.percent:.0f}% "
            f"| {s.equivalent} |"
        )
    return 0 if all(s.percent >= 90 for s in scores) else 1


if __name__ == "__main__":
    sys.exit(main())
