"""One input for an entry point: generated from the grammar, or a mutated real file.

`make_input(target, c, large)` is all the campaign and the pytest run need; with a
`RandomChooser` seeded by (seed, index) the same input comes back every time.
"""

from __future__ import annotations

from collections.abc import Callable

from .choices import Chooser
from .cli_target import Project
from .documents import baseline_bytes, flake8_options_bytes, pyproject_text, settings_text
from .mutate import grow, mutate, seed
from .python_gen import django_migration_chain, encode_python, python_source
from .sql_gen import large_sql, sql_source

LARGE_LIMIT = 99_000  # "under 100 kB": the size the 2-second bound applies to


def _text(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def python_input(c: Chooser, large: bool = False) -> bytes:
    if c.chance(60):
        data = encode_python(c, python_source(c, large))
    else:
        data = mutate(c, seed(c, ".py"), ".py")
        if large:
            data = grow(c, data, c.number(10_000, LARGE_LIMIT))
    if c.chance(20):  # generated, then broken: grammar depth with mutation's damage
        data = mutate(c, data, ".py")
    return data[:LARGE_LIMIT] if large else data


def sql_input(c: Chooser, large: bool = False) -> bytes:
    if large:
        data = _text(large_sql(c, c.number(10_000, LARGE_LIMIT)))
        return mutate(c, data, ".sql")[:LARGE_LIMIT] if c.chance(30) else data
    if c.chance(60):
        data = _text(sql_source(c))
    else:
        data = mutate(c, seed(c, ".sql"), ".sql")
    return mutate(c, data, ".sql") if c.chance(20) else data


def noqa_input(c: Chooser, large: bool = False) -> bytes:
    # The Python grammar already plants noqa comments, odd separators and line ends.
    return python_input(c, False)


def config_input(c: Chooser, large: bool = False) -> bytes:
    data = _text(pyproject_text(c))
    return mutate(c, data, ".toml") if c.chance(15) else data


def baseline_input(c: Chooser, large: bool = False) -> bytes:
    data = baseline_bytes(c)
    return mutate(c, data, ".json") if c.chance(15) else data


FILE_NAMES = ("models.py", "app/models.py", "app/migrations/0002_add.py", "schema.sql", "x.ddl", "a b.py",
              "é.py", "new\nline.py", "bad\udcff.py", "tab\t.sql", "dir.py/inner.py", "noext")


def cli_input(c: Chooser, large: bool = False) -> bytes:
    files: dict[str, bytes] = {}
    if c.chance(20):  # an app's migrations, whose replay (migration_replay/) decides NEV201
        files.update(django_migration_chain(c, c.number(2, 8) if c.chance(95) else c.number(50, 200)))
    for _ in range(c.number(0 if files else 1, 3)):
        name = c.pick(FILE_NAMES)
        files[name] = sql_input(c) if name.endswith((".sql", ".ddl")) else python_input(c)
    if c.chance(8):
        files["pyproject.toml"] = config_input(c)
    if c.chance(5):  # a package's own configuration, found for the files below it
        files[c.pick(("app/.neveragain.toml", ".neveragain.toml", "app/pyproject.toml"))] = (
            config_input(c) if c.chance(30) else _text(settings_text(c))
        )
    if c.chance(8):
        files[".neveragain-baseline.json"] = baseline_input(c)
    if c.chance(8):  # a git repository with ignore files (files/gitignore.py)
        files[".git/HEAD"] = b"ref: refs/heads/main\n"
        for name in (".gitignore", "app/.gitignore", ".git/info/exclude")[: c.number(1, 3)]:
            files[name] = gitignore_bytes(c)
    return Project(cli_argv(c, files), files).dumps()


IGNORE_LINES = ("*", "*.py", "!models.py", "app/", "/schema.sql", "**/migrations", "#x", "\\#y", "[", "!",
                "noext", "  ", "a b.py ", "\udcff", "*.ddl\r", "app/*\n!app/models.py")


def gitignore_bytes(c: Chooser) -> bytes:
    text = "\n".join(c.pick(IGNORE_LINES) for _ in range(c.number(0, 6))) + "\n"
    data = text.encode("utf-8", "surrogateescape")
    return mutate(c, data, ".txt") if c.chance(10) else data


def cli_argv(c: Chooser, files: dict[str, bytes]) -> list[str]:
    command = c.pick(("check", "check", "check", "check", "inventory", "baseline", "review"))
    argv = [command, "--jobs", "1"]
    if command == "check":
        argv += ["--format", c.pick(("json", "json", "sarif", "text", "github", "gitlab"))]
        if c.chance(10):
            argv.append("--exit-zero")
        if c.chance(10):
            argv += ["--output", "report.json"]
    elif command == "inventory":
        argv += ["--format", c.pick(("json", "markdown", "html"))]
    elif command == "review":
        argv += ["--add-noqa"] + (["--reason", "needed for EEO-1"] if c.chance(50) else [])
        argv += ["--dry-run"] if c.chance(30) else []
    elif command == "baseline" and c.chance(20):
        argv.append(c.pick(("--check", "--prune")))
    if c.chance(15):
        argv += [c.pick(("--select", "--extend-select", "--ignore")),
                 c.pick(("NEV1", "NEV101,NEV102", "NEV104", "NEV", "NEV999", "E501", "NEV2"))]
    if c.chance(10) and command != "review":
        argv.append("--require-reason")
    if c.chance(10):
        argv.append("--isolated")
    if c.chance(8):
        argv.append(c.pick(("--force-exclude", "--no-force-exclude", "--no-respect-gitignore", "--respect-gitignore")))
    if c.chance(6):
        argv += [c.pick(("--per-file-ignores", "--extend-per-file-ignores")),
                 c.pick(("app/*:NEV1", "*.sql:NEV101 models.py:NEV", "x", ":NEV1", "a:", "*.py:NEV999", ""))]
    safe = [name for name in files if "/" not in name and name.isprintable() and not name.startswith(("-", "."))]
    roll = c.number(0, 9)
    if roll < 6 or not safe:
        argv.append(".")
    elif roll < 9:
        argv += sorted({c.pick(safe) for _ in range(c.number(1, 2))})
    else:
        argv += [".", "nosuch.py"]
    return argv


MAKERS: dict[str, Callable[[Chooser, bool], bytes]] = {
    "python": python_input,
    "flake8-plugin": python_input,
    "sql": sql_input,
    "noqa": noqa_input,
    "config": config_input,
    "baseline": baseline_input,
    "flake8-options": lambda c, large: flake8_options_bytes(c),
    "cli": cli_input,
}


def make_input(target: str, c: Chooser, large: bool = False) -> bytes:
    return MAKERS[target](c, large)
