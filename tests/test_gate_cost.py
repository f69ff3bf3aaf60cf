"""Issue 11, cost and depth: no input makes the analysis quadratic, exponential or recursive.

Reproducers: ../shared/reliability/d01 (one long run-together identifier), d08 (a 1,000-branch
elif chain) and d20 (a migration with thousands of operations on one model), and what looking
for the next ones found: a name assigned many times from names assigned many times, a record
of thousands of fields, a long one-line DDL string, expressions nested thousands deep, a
plugin that raises, `sql = ...; execute(sql)` and pydal's `tablename = ...` thousands of times
in one function, thousands of `K.ATTR` look-ups, CHECK (... IN (...)) lists and domains of
tens of thousands of values, thousands of RENAME COLUMNs. Time limits are generous ceilings
for a loaded CI machine, an order of magnitude above what the fixed code takes; what the
code took before is in the comments.
Where behaviour must not change, the old code is kept here as the specification.
"""

from __future__ import annotations

import ast
import random
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from flake8_neveragain.classify.lexicon import _LONGEST_PART, Lexicon, load_lexicon
from flake8_neveragain.classify.subject import NO_SUBJECT, PERSON, Subject, SubjectWords, _from_siblings
from flake8_neveragain.config.settings import Settings
from flake8_neveragain.engine import Analyser, analyse_python_source, analyse_sql_source
from flake8_neveragain.extract.changes import KnownFields
from flake8_neveragain.extract.drafts import SIBLING_LIMIT
from flake8_neveragain.extract.sql_strings import _Placement
from flake8_neveragain.extract.walk import every_block, walk
from flake8_neveragain.facts import Span
from flake8_neveragain.findings import FileError, Finding

MODEL = "from django.db import models\nclass P(models.Model):\n    race = models.CharField()\n"


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(Settings())


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def timed(function: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def python(analyser: Analyser, source: str, path: str = "m.py") -> tuple[list[Finding], list[FileError]]:
    analysis = analyse_python_source(source.encode(), path, analyser)
    return list(analysis.findings), list(analysis.errors)


def codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings]


# --- d01: splitting run-together names -------------------------------------------------


def split_compound_spec(lexicon: Lexicon, word: str) -> list[str]:
    """The split as first written (copies a list per cell: quadratic), kept as the specification."""
    parts = lexicon.compound_parts
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _LONGEST_PART), end):
            prefix = best[start]
            piece = word[start:end]
            if prefix is not None and piece in parts and (best[end] is None or len(prefix) + 1 < len(best[end])):
                best[end] = [*prefix, piece]
    split = best[len(word)]
    return split if split is not None and len(split) > 1 else [word]


def test_compound_split_is_unchanged_on_names(lexicon: Lexicon) -> None:
    parts = sorted(lexicon.compound_parts)
    rng = random.Random(11)
    words = ["countryofbirth", "ethnicgroupcodestd", "racetrack", "passenger", "broadcaster", "religionid"]
    for _ in range(3000):
        word = "".join(rng.choice(parts) for _ in range(rng.randint(1, 6)))
        if rng.random() < 0.3:  # a typo: no split, or another one
            at = rng.randrange(len(word))
            word = word[:at] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[at + 1:]
        words.append(word[rng.randrange(3):])
    for word in words:
        assert lexicon._split_compound(word) == split_compound_spec(lexicon, word), word


def test_one_megabyte_run_together_name_splits_in_linear_time(lexicon: Lexicon) -> None:
    # Before: 82 kB 8 s, 1 MB more than 5 minutes. Now about 0.7 s.
    split, seconds = timed(lexicon._split_compound, "race" * 250_000)
    assert split == ["race"] * 250_000
    assert seconds < 10
    whole, seconds = timed(lexicon._split_compound, "q" * 1_000_000)  # no part fits: stays whole
    assert whole == ["q" * 1_000_000] and seconds < 10


@pytest.mark.parametrize("word", ["race" * 250_000, "Race" * 250_000, "race_" * 200_000, "RACE" * 250_000])
def test_one_megabyte_identifier_in_python_and_sql(analyser: Analyser, word: str) -> None:
    # d01, also in flake8 (same lexicon): a 96 kB name took 22 s in the CLI, now 0.6 s.
    source = f"from django.db import models\nclass M(models.Model):\n    {word} = models.CharField()\n"
    (findings, errors), seconds = timed(python, analyser, source)
    assert not errors and "NEV101" in codes(findings) and seconds < 30
    analysis, seconds = timed(analyse_sql_source, f"CREATE TABLE t ({word} text);\n".encode(), "t.sql", analyser)
    assert not analysis.errors and "NEV101" in codes(list(analysis.findings)) and seconds < 30


# --- d08: one iterative walk over statements -------------------------------------------


def preorder_spec(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """encryption/survey.statements as first written (recursive), kept as the specification."""
    for statement in body:
        yield statement
        for field_name in ("body", "orelse", "finalbody"):
            inner = getattr(statement, field_name, None)
            if inner:
                yield from preorder_spec(inner)
        for handler in getattr(statement, "handlers", ()):
            yield from preorder_spec(handler.body)
        for case in getattr(statement, "cases", ()):
            yield from preorder_spec(case.body)


COMPOUND = textwrap.dedent(
    """\
    import a
    if a:
        import b
        for x in y:
            c = 1
        else:
            d = 2
    elif e:
        while f:
            g = 3
    else:
        try:
            h = 4
        except E:
            i = 5
        except F:
            j = 6
        else:
            k = 7
        finally:
            m = 8
    with n as o:
        class P:
            def q(self):
                r = 9
    match s:
        case 1:
            t = 10
        case _:
            u = 11
    async def v():
        async for w in z:
            pass
        async with aa:
            bb = 12
    """
)


def test_walk_visits_what_the_recursive_walk_did_in_the_same_order() -> None:
    tree = ast.parse(COMPOUND)
    assert list(walk(tree.body, every_block)) == list(preorder_spec(tree.body))


def test_walk_follows_an_elif_chain_of_any_length() -> None:
    branches = 20_000  # ast.parse itself stops near 3,000 levels; the walk has no limit
    chain: list[ast.stmt] = [ast.Pass()]
    for _ in range(branches):
        chain = [ast.If(test=ast.Constant(True), body=[ast.Pass()], orelse=chain)]
    statements, seconds = timed(lambda: sum(1 for _ in walk(chain, every_block)))
    assert statements == 2 * branches + 1 and seconds < 30


def elif_chain(branches: int, where: str) -> str:
    """A valid module with a `race` field and an if/elif chain at module, class or function level."""
    indent = "    " if where != "module" else ""
    chain = f"{indent}if x == 0:\n{indent}    pass\n" + "".join(
        f"{indent}elif x == {i}:\n{indent}    pass\n" for i in range(1, branches)
    )
    if where == "module":
        return MODEL + "x = 0\n" + chain
    if where == "class":
        return MODEL + chain
    return MODEL + "def f(x):\n" + chain


@pytest.mark.parametrize("where", ["module", "class", "function"])
def test_long_elif_chain_keeps_the_file(run_json, tmp_path: Path, where: str) -> None:
    # d08: before, "too deeply nested to analyse" and the race finding was lost.
    (tmp_path / "elif.py").write_text(elif_chain(1000, where))
    compile((tmp_path / "elif.py").read_text(), "elif.py", "exec")  # valid Python
    status, report = run_json("--isolated", "--no-baseline", "elif.py", cwd=tmp_path)
    assert status == 1 and report["errors"] == []
    assert [finding["symbol"] for finding in report["findings"]] == ["P.race"]


def test_a_field_behind_a_long_elif_chain_in_a_class_body(analyser: Analyser) -> None:
    chain = "".join(f"    elif x == {i}:\n        pass\n" for i in range(1, 2500))
    source = MODEL.replace("    race = models.CharField()\n", "") + "    if x == 0:\n        pass\n" + chain
    source += "    else:\n        race = models.CharField()\n"
    findings, errors = python(analyser, source)
    assert not errors and [finding.symbol for finding in findings] == ["P.race"]


# flake8 runs every plugin whatever --select says, and pyflakes itself gives up (its own
# RecursionError, which flake8 turns into "failed during execution") on an elif chain of
# about 400 branches. That is pyflakes' limit, not ours: to see what our plugin does with a
# chain that deep, pyflakes is switched off in the flake8 process.
_FLAKE8_WITHOUT_PYFLAKES = """\
import sys
import flake8.plugins.pyflakes as pyflakes_plugin
pyflakes_plugin.FlakesChecker.__init__ = lambda self, tree, filename: None
pyflakes_plugin.FlakesChecker.run = lambda self: iter(())
from flake8.main.cli import main
sys.exit(main(sys.argv[1:]))
"""


def flake8(*args: str, cwd: Path, script: str = _FLAKE8_WITHOUT_PYFLAKES) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def test_long_elif_chain_in_flake8(tmp_path: Path) -> None:
    # d08: before, a RecursionError traceback from our generator ended the whole flake8 run.
    (tmp_path / "elif.py").write_text(elif_chain(1000, "module"))
    (tmp_path / "other.py").write_text(MODEL.replace("race", "religion"))
    completed = flake8("--select", "NEV", "-j", "1", "elif.py", "other.py", cwd=tmp_path)
    assert "Traceback" not in completed.stderr + completed.stdout, completed.stderr
    assert completed.returncode == 1
    lines = completed.stdout.splitlines()
    assert any(line.startswith("elif.py:3:5: NEV101 ") for line in lines), completed.stdout
    assert any(line.startswith("other.py:3:5: NEV102 ") for line in lines), completed.stdout


_FLAKE8_WITH_A_BUG = """\
import sys
from flake8_neveragain import engine
real = engine.Analyser.findings_for_tree
def findings_for_tree(self, tree, path, *rest):
    if path.endswith("broken.py"):
        raise ValueError("a bug of ours")
    if path.endswith("deep.py"):
        raise RecursionError("maximum recursion depth exceeded")
    return real(self, tree, path, *rest)
engine.Analyser.findings_for_tree = findings_for_tree
from flake8.main.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_plugin_turns_an_exception_into_one_line_for_that_file(tmp_path: Path) -> None:
    # flake8 iterates a plugin's generator outside its per-plugin error handling: whatever
    # escaped it ended the run for every file. Now it is one NEV000 line for that file.
    for name in ("broken.py", "deep.py"):
        (tmp_path / name).write_text(MODEL)
    (tmp_path / "other.py").write_text(MODEL.replace("race", "religion"))
    completed = flake8("--select", "NEV", "-j", "1", "broken.py", "deep.py", "other.py", cwd=tmp_path,
                       script=_FLAKE8_WITH_A_BUG)
    assert "Traceback" not in completed.stderr + completed.stdout, completed.stderr
    assert completed.returncode == 1
    assert completed.stdout.splitlines() == [
        ("broken.py:1:1: NEV000 not checked: internal error while analysing (ValueError: a bug of ours); "
         "please report it"),
        "deep.py:1:1: NEV000 not checked: too deeply nested to analyse",
        *[line for line in completed.stdout.splitlines() if line.startswith("other.py:3:5: NEV102 ")],
    ]


def test_plugin_run_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    from flake8_neveragain import engine
    from flake8_neveragain.plugin import NeverAgainChecker

    def explode(*args: object) -> list[Finding]:
        raise KeyError("x")

    monkeypatch.setattr(engine.Analyser, "findings_for_tree", explode)
    lines = list(NeverAgainChecker(ast.parse(MODEL), "m.py").run())
    assert [line[:2] for line in lines] == [(1, 0)]
    assert lines[0][2].startswith("NEV000 not checked: internal error while analysing (KeyError: 'x')")


def test_too_deep_for_the_parser_is_one_error_line(run_json, tmp_path: Path) -> None:
    # ast.parse (and Python itself) gives up on a 12,000-term concatenation: one line, the rest checked.
    (tmp_path / "deep.py").write_text(MODEL + "X = " + " + ".join(["'a'"] * 12_000) + "\n")
    (tmp_path / "parens.py").write_text(MODEL + "X = " + "(" * 300 + "1" + ")" * 300 + "\n")
    (tmp_path / "other.py").write_text(MODEL.replace("race", "religion"))
    status, report = run_json("--isolated", "--no-baseline", ".", cwd=tmp_path)
    assert status == 1
    assert [(error["path"], error["message"]) for error in report["errors"]] == [
        ("deep.py", "too deeply nested to parse"),
        ("parens.py", "syntax error at line 4, column 205: too many nested parentheses"),
    ]
    assert [finding["symbol"] for finding in report["findings"]] == ["P.religion"]


# Expressions thousands deep that ast.parse still accepts (it stops near 3,000 levels), in
# every position an adapter reads.
_DEEP = 2_800
_EXPRESSIONS = {
    "concatenation": " + ".join(["'a'"] * _DEEP),
    "attributes": "a" + ".b" * _DEEP,
    "calls": "f" + "()" * _DEEP,
    "subscripts": "a" + "[0]" * _DEEP,
    "methods": "a" + ".b()" * (_DEEP // 2),
    "conditional": " if x else ".join(["'race'"] * _DEEP),
}
_POSITIONS = {
    "default": (MODEL.replace("CharField()", "CharField(default={e})"), "P.race"),
    "choices": (MODEL.replace("CharField()", "CharField(choices={e})"), "P.race"),
    "constant": ("C = {e}\n" + MODEL.replace("CharField()", "CharField(choices=C)"), "P.race"),
    "db_column": (MODEL + "    x = models.CharField(db_column={e})\n", "P.race"),
    "value": (MODEL + "    y = {e}\n", "P.race"),
    "base": (MODEL.replace("(models.Model)", "({e}, models.Model)"), "P.race"),
    "annotation": ("from dataclasses import dataclass\n@dataclass\nclass P:\n    race: {e}\n    religion: str\n",
                   "P.religion"),
    "sqlalchemy": (("from sqlalchemy import Column, String\nclass P(Base):\n    __tablename__ = 'p'\n"
                    "    race = Column({e})\n    religion = Column(String)\n"), "P.religion"),
    "sql": (("import sqlite3\nc = sqlite3.connect('x')\nc.execute({e})\n"
             "c.execute('ALTER TABLE t ADD COLUMN race text')\n"), "t.race"),
    "alembic": (("from alembic import op\nimport sqlalchemy as sa\nrevision = 'a'\ndef upgrade():\n"
                 "    op.add_column({e}, sa.Column('x', sa.Text()))\n"
                 "    op.add_column('person', sa.Column('race', {e}))\n"), "person.race"),
    "migration": (("from django.db import migrations, models\nclass Migration(migrations.Migration):\n"
                   "    operations = [migrations.AddField({e}, 'x', models.TextField()), "
                   "migrations.AddField('person', 'race', {e}), migrations.RunSQL({e})]\n"), "person.race"),
    "pydal": ("db.define_table({e}, Field('x'))\ndb.define_table('p', Field('race', requires={e}))\n", "p.race"),
    "settings": ("import psycopg2\npsycopg2.connect({e}, host={e}, sslmode='disable')\n", None),
}


@pytest.mark.parametrize("position", sorted(_POSITIONS))
def test_expressions_thousands_deep_in_every_position(analyser: Analyser, position: str) -> None:
    template, symbol = _POSITIONS[position]
    for label, expression in _EXPRESSIONS.items():
        source = template.replace("{e}", expression)
        findings, errors = python(analyser, source)
        assert not errors, (label, errors)
        if symbol is not None:
            assert symbol in {finding.symbol for finding in findings}, label
        else:
            assert "NEV202" in codes(findings), label


# --- d20: migrations with thousands of operations --------------------------------------


class KnownFieldsSpec:
    """extract/changes.py KnownFields as first written (quadratic), kept as the specification."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, owner: str, names: list[str]) -> None:
        self.fields.setdefault(owner.lower(), []).extend(names)

    def siblings(self, owner: str, name: str) -> tuple[str, ...]:
        others = [field for field in self.fields.get(owner.lower(), []) if field != name]
        return tuple(others[-SIBLING_LIMIT:])

    def rename(self, owner: str, old: str, new: str) -> None:
        known = self.fields.setdefault(owner.lower(), [])
        if old in known:
            known[known.index(old)] = new
        else:
            known.append(new)


def test_known_fields_answer_as_before() -> None:
    rng = random.Random(20)
    for _ in range(500):
        spec, known = KnownFieldsSpec(), KnownFields()
        pool = [f"f{i}" for i in range(rng.choice([3, 20, 200]))]
        for _ in range(rng.randint(1, 300)):
            owner = rng.choice(["Person", "person", "Vessel"])
            if rng.random() < 0.5:
                names = [rng.choice(pool) for _ in range(rng.randint(0, 3))]
                spec.add(owner, names)
                known.add(owner, names)
            elif rng.random() < 0.5:
                old, new = rng.choice(pool), rng.choice(pool)
                spec.rename(owner, old, new)
                known.rename(owner, old, new)
            name = rng.choice(pool)
            assert known.siblings(owner, name) == spec.siblings(owner, name)


def test_known_fields_cost_does_not_grow_with_the_fields_known() -> None:
    # Every operation asks for its siblings; each answer copied every field known so far.
    count = 100_000
    known = KnownFields()

    def operations() -> None:
        for i in range(count):
            assert len(known.siblings("resident", f"religion_{i}")) == min(i, SIBLING_LIMIT)
            known.add("resident", [f"religion_{i}"])
        for i in range(count):
            known.rename("Resident", f"religion_{i}", f"faith_{i}")
            known.siblings("resident", f"faith_{i}")

    _, seconds = timed(operations)
    assert seconds < 30
    assert known.siblings("resident", "x")[-1] == f"faith_{count - 1}"


def django_migration(operations: list[str]) -> str:
    body = "".join(f"        {operation},\n" for operation in operations)
    return (
        "from django.db import migrations, models\n"
        f"class Migration(migrations.Migration):\n    operations = [\n{body}    ]\n"
    )


def test_django_migration_with_thousands_of_operations_on_one_model(analyser: Analyser) -> None:
    # d20: 28,000 AddField (2.2 MB) took 26 s, 8 MB 99 s. Now linear: about 3 s per MB.
    count = 5_000
    adds = [f"migrations.AddField('resident', 'religion_{i}', models.TextField())" for i in range(count)]
    renames = [f"migrations.RenameField('resident', 'religion_{i}', 'faith_{i}')" for i in range(count)]
    (findings, errors), seconds = timed(python, analyser, django_migration(adds + renames),
                                        "app/migrations/0002_big.py")
    assert not errors and len(findings) == 2 * count and seconds < 60
    last = findings[-1]
    assert last.symbol == f"resident.faith_{count - 1}"


def test_alembic_revision_with_thousands_of_operations_on_one_table(analyser: Analyser) -> None:
    count = 5_000
    body = "".join(f"    op.add_column('resident', sa.Column('religion_{i}', sa.Text()))\n" for i in range(count))
    source = f"from alembic import op\nimport sqlalchemy as sa\nrevision = 'a'\ndef upgrade():\n{body}"
    (findings, errors), seconds = timed(python, analyser, source, "versions/a.py")
    assert not errors and len(findings) == count and seconds < 60


# --- found while looking for the next ones ----------------------------------------------


def test_a_name_assigned_many_times_from_names_assigned_many_times(analyser: Analyser) -> None:
    # SQL strings followed every assignment path: 60 assignments, five names deep, is
    # 60**4 paths (did not finish in minutes). Now each node is read once per depth.
    copies = 60
    lines = [f"    {name} = {source}\n" for name, source in zip("qrst", "rstu") for _ in range(copies)]
    source = "import sqlite3\ndef f(c):\n" + "".join(lines) + (
        "    u = 'ALTER TABLE x ADD COLUMN race text'\n    c.execute(q)\n    c.execute(u)\n"
    )
    (findings, errors), seconds = timed(python, analyser, source)
    assert not errors and [finding.symbol for finding in findings] == ["x.race"] and seconds < 30


def from_siblings_spec(words: SubjectWords, siblings: dict[str, frozenset[str]]) -> Subject:
    """subject._from_siblings as first written (about 2,500 set tests per field), the specification."""
    def has_any(found: frozenset[str], phrases: tuple[frozenset[str], ...]) -> bool:
        return any(phrase <= found for phrase in phrases)

    def is_reference(found: frozenset[str]) -> bool:
        nouns = found & words.person
        return bool(nouns - words.ambiguous_references) and found - nouns <= words.reference_suffixes

    details = [name for name, found in siblings.items() if has_any(found, words.person_details)]
    nouns = [name for name, found in siblings.items() if is_reference(found)]
    if details or nouns:
        return Subject(PERSON, ", ".join((details + nouns)[:2]))
    contact = [name for name, found in siblings.items() if has_any(found, words.person_contact)]
    if len(contact) >= 2:
        return Subject(PERSON, ", ".join(contact[:2]))
    for kind, marks in words.thing_siblings:
        marked = [name for name, found in siblings.items() if found & marks]
        if marked:
            return Subject(kind, f"beside {marked[0]}")
    counts = [name for name, found in siblings.items() if found and found <= words.aggregate]
    if counts:
        return Subject("aggregate", f"beside {counts[0]}")
    return NO_SUBJECT


def test_subject_from_siblings_answers_as_before(lexicon: Lexicon) -> None:
    words = lexicon.subjects
    vocabulary = set(words.person) | words.aggregate | words.reference_suffixes | words.ambiguous_references
    for phrase in (*words.person_details, *words.person_contact):
        vocabulary |= phrase
    for _, marks in words.thing_siblings:
        vocabulary |= marks
    pool = sorted(vocabulary | {"notes", "colour"})
    rng = random.Random(6)
    kinds = set()
    for _ in range(20_000):
        siblings = {f"s{i}": frozenset(rng.sample(pool, rng.randint(0, 3))) for i in range(rng.randint(0, 8))}
        expected = from_siblings_spec(words, siblings)
        assert _from_siblings(words, siblings) == expected, siblings
        kinds.add(expected.kind)
    assert {PERSON, "unknown", "aggregate"} <= kinds and len(kinds) >= 4


def test_a_record_of_twelve_thousand_fields(analyser: Analyser) -> None:
    # Each field asks about its 64 siblings: 2,500 set tests per field took 7 s for this
    # 109 kB file; what each sibling says is now looked up once.
    names = " ".join(f"race{i}" for i in range(12_000))
    (findings, errors), seconds = timed(python, analyser, f"from collections import namedtuple\nP = namedtuple('P', '{names}')\n")
    assert not errors and len(findings) == 12_000 and seconds < 30


def test_many_columns_on_one_long_line_of_ddl(analyser: Analyser) -> None:
    for column in ("c{i} int", "cé{i} int"):  # ASCII, and a line whose byte columns differ
        columns = ", ".join(column.format(i=i) for i in range(20_000))
        source = f"import sqlite3\nc = sqlite3.connect('x')\nc.execute('CREATE TABLE t ({columns}, race text)')\n"
        findings, errors = python(analyser, source)
        assert not errors and [finding.symbol for finding in findings] == ["t.race"]
        line = source.splitlines()[2]
        assert findings[0].column == len(line[:line.index("race text")].encode()) + 1


def test_placing_positions_on_a_two_megabyte_line() -> None:
    # Each position sliced and encoded its line up to it: 100,000 columns of a 1 MB
    # one-line DDL string took 23 s, most of it here. Now a look-up per position.
    for text in ("x" * 2_000_000, "é" * 1_000_000):
        literal = ast.parse(f"c.execute('{text}')").body[0].value.args[0]  # type: ignore[attr-defined]
        place = _Placement(literal, text).span
        width = len(text[0].encode())
        columns = range(1, len(text), 20)
        spans, seconds = timed(lambda place=place, columns=columns: [place(Span(1, c, 1, c + 1)) for c in columns])
        assert seconds < 30
        # `c.execute('` is 11 bytes: character c of the text starts at byte 12 + (c - 1) * width.
        for column, span in zip(columns, spans):
            assert span == Span(1, 12 + (column - 1) * width, 1, 12 + column * width)


@pytest.mark.parametrize(
    "text",
    [
        "CREATE TABLE t (race text CHECK " + "(" * 250_000 + ");\n",
        "CREATE TABLE t (race text" + ")" * 250_000 + ";\n",
        "CREATE TABLE t (race text);\nINSERT INTO x VALUES ('" + "abc def; ghi\n" * 20_000,
        "CREATE TABLE t (race text);\n/* " + "CREATE TABLE t (x text);\n" * 10_000,
        ("CREATE TABLE t (race text CHECK (" + "(" * 500 + "1" + ")" * 500 + "));\n") * 250,
        "CREATE TABLE t (" + "x" * 250_000 + " text, race text);\n",
    ],
    ids=["open-parens", "close-parens", "open-quote", "open-comment", "nested-parens", "long-name"],
)
def test_adversarial_sql(analyser: Analyser, text: str) -> None:
    analysis, seconds = timed(analyse_sql_source, text.encode(), "t.sql", analyser)
    assert "t.race" in {finding.symbol for finding in analysis.findings} and seconds < 30


def test_sql_assigned_and_run_thousands_of_times_in_one_function(analyser: Analyser) -> None:
    # `sql = "..."; cursor.execute(sql)`, 2,500 times: every call read every assignment
    # of `sql` (6.7 s for 176 kB); now each name is read once per function.
    count = 5_000
    body = "".join(
        f"    sql = 'ALTER TABLE t ADD COLUMN race_{i} text'\n    cursor.execute(sql)\n" for i in range(count)
    )
    (findings, errors), seconds = timed(python, analyser, f"import sqlite3\ndef f(cursor):\n{body}")
    assert not errors and len(findings) == count and seconds < 30
    assert [finding.line for finding in findings] == list(range(3, 2 * count + 3, 2))


def test_pydal_tablename_rebound_before_each_of_thousands_of_tables(analyser: Analyser) -> None:
    # Each define_table filtered every binding of `tablename`: quadratic (4 s for 390 kB).
    count = 10_000
    body = "".join(
        f"    tablename = 'person_{i}'\n    self.define_table(tablename, Field('race'))\n" for i in range(count)
    )
    (findings, errors), seconds = timed(python, analyser, f"def f(self):\n{body}")
    assert not errors and len(findings) == count and seconds < 30
    assert findings[-1].symbol == f"person_{count - 1}.race"


def test_pydal_binding_in_force_is_the_one_found_before() -> None:
    from flake8_neveragain.extract.pydal_tables import _END, _Timeline

    rng = random.Random(12)
    for _ in range(2000):
        bindings = [((rng.randint(1, 30), rng.randint(0, 3)), rng.choice([None, ast.Constant(rng.random())]))
                    for _ in range(rng.randint(1, 12))]
        timeline = _Timeline(bindings)
        assert timeline.last() is max(bindings, key=_END)[1]
        for position in [(line, column) for line in range(32) for column in (0, 2, 4)]:
            before = [binding for binding in bindings if binding[0] <= position]
            expected = (True, max(before, key=_END)[1]) if before else (False, None)
            bound, value = timeline.at(position)
            assert bound == expected[0] and value is expected[1]


def test_thousands_of_fields_naming_thousands_of_class_attributes(analyser: Analyser) -> None:
    # `choices=K.C123`: each look-up scanned K's whole body (quadratic); now K is indexed once.
    constants = "".join(f"    C{i} = ['Hindu', 'Muslim', 'Christian', 'Sikh']\n" for i in range(6_000))
    fields = "".join(f"    f{i} = models.CharField(choices=K.C{5_999 - i})\n" for i in range(3_000))
    source = f"from django.db import models\nclass K:\n{constants}class P(models.Model):\n{fields}"
    (findings, errors), seconds = timed(python, analyser, source)
    assert not errors and seconds < 30
    assert len(findings) == 3_000 and {finding.code for finding in findings} == {"NEV102"}


def distinct(count: int) -> str:
    return ", ".join(f"'value {i}'" for i in range(count))


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # Values were kept unique with a list's `in`: 0.9 MB of either took 87-89 s.
        (f"CREATE DOMAIN race AS text CHECK (VALUE IN ({distinct(40_000)}, 'value 0'));\n", 40_000),
        (f"CREATE TABLE t (race text CHECK (race IN ({distinct(40_000)}, 'value 0')));\n", 40_000),
        (f"CREATE TABLE t (race text, CHECK (race IN ({distinct(40_000)}, 'value 0')));\n", 40_000),
        ("CREATE TABLE t (race text " + " ".join(f"CHECK (race IN ('value {i}'))" for i in range(20_000)) + ");\n",
         20_000),
    ],
    ids=["domain", "column-check", "table-check", "many-checks"],
)
def test_check_constraints_with_tens_of_thousands_of_values(text: str, count: int) -> None:
    from flake8_neveragain.sql import extract_sql_facts

    (facts, problems), seconds = timed(extract_sql_facts, text)
    assert not problems and seconds < 30
    race = next(fact for fact in facts if fact.name == "race")
    assert list(race.values) == [f"value {i}" for i in range(count)]  # in order, each once


def test_thousands_of_column_renames_on_one_wide_table(analyser: Analyser) -> None:
    # Each RENAME COLUMN rebuilt the table's whole column list: 6,000 took 8 s, 16 MB hours.
    count = 6_000
    text = "CREATE TABLE t (" + ", ".join(f"c{i} int" for i in range(count)) + ");\n"
    text += "".join(f"ALTER TABLE t RENAME COLUMN c{i} TO race_{i};\n" for i in range(count))
    analysis, seconds = timed(analyse_sql_source, text.encode(), "t.sql", analyser)
    assert not analysis.errors and len(analysis.findings) == count and seconds < 30
    assert [finding.symbol for finding in analysis.findings] == [f"t.race_{i}" for i in range(count)]


def test_known_columns_rename_as_a_list_did() -> None:
    from flake8_neveragain.sql.known import KnownColumns

    rng = random.Random(15)
    for _ in range(2000):
        spec: list[str] = []
        known = KnownColumns()
        pool = ["race", "Race", "RACE", "x", "X", "faith"][:rng.randint(2, 6)]
        for _ in range(rng.randint(1, 40)):
            if rng.random() < 0.5:
                names = [rng.choice(pool) for _ in range(rng.randint(0, 3))]
                spec.extend(names)
                known.extend(names)
            else:
                old, new = rng.choice(pool), rng.choice(pool)
                spec[:] = [new if name.lower() == old.lower() else name for name in spec]
                if new not in spec:
                    spec.append(new)
                assert known.rename(old, new) == spec.index(new)
            assert known[:] == spec and len(known) == len(spec)
