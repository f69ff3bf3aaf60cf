"""Syntax newer than the Python running the checker, through the real CLI and flake8.

`ast.parse` knows only the running Python's grammar, so what these tests expect
depends on it: an older Python reports one clear `errors` entry naming the
construct and the Python it needs (exit status 1, no traceback); a Python new
enough checks the file like any other. `.ci/run` runs this file under every
Python the CI image has, so both sides are exercised.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

RUNNING = sys.version_info[:2]
RUNNING_NAME = f"{RUNNING[0]}.{RUNNING[1]}"

# A sensitive field behind newer syntax: found when the running Python can parse it.
GENERIC_PERSON = textwrap.dedent(
    """\
    from dataclasses import dataclass

    type Point = tuple[float, float]


    @dataclass
    class Person[T]:
        religion: str
        home: Point
        payload: T
    """
)

# (file, source, first Python that parses it, what the message names, line)
NEWER = [
    ("type_alias.py", "x = 1\ntype Point = tuple[float, float]\n", (3, 12), "a `type` statement", 2),
    ("type_alias_generic.py", "type Pair[T] = tuple[T, T]\n", (3, 12), "a `type` statement", 1),
    ("type_alias_split.py", "type Point = tuple[\n    float,\n    float,\n]\n", (3, 12), "a `type` statement", 1),
    ("generic_def.py", "def first[T](xs: list[T]) -> T:\n    return xs[0]\n", (3, 12),
     "type parameters, `def first[T]`", 1),
    ("generic_async_def.py", "async def first[T](xs: list[T]) -> T:\n    return xs[0]\n", (3, 12),
     "type parameters, `async def first[T]`", 1),
    ("generic_bounds.py", "def f[T: (int, str), *Ts, **P](x: T) -> T:\n    return x\n", (3, 12),
     "type parameters, `def f[T: (int, str), *Ts, **P]`", 1),
    ("generic_class.py", "import pydantic\n\n\nclass Box[T](pydantic.BaseModel):\n    item: T\n", (3, 12),
     "type parameters, `class Box[T]`", 4),
    ("generic_method.py", "class A:\n    def m[T](self, x: T) -> T:\n        return x\n", (3, 12),
     "type parameters, `def m[T]`", 2),
    ("generic_split.py", "class Box[\n    T,\n]:\n    item: T\n", (3, 12), "type parameters, `class Box[...]`", 1),
    ("default_def.py", "def f[T = int](x: T) -> T:\n    return x\n", (3, 13),
     "type parameter defaults, `def f[T = int]`", 1),
    ("default_class.py", "class C[T: int = bool]:\n    pass\n", (3, 13),
     "type parameter defaults, `class C[T: int = bool]`", 1),
    ("default_alias.py", "type Pair[T = int] = tuple[T, T]\n", (3, 13),
     "a `type` statement with a type parameter default", 1),
    ("fstring_quotes.py", 'd = {"a": 1}\nx = f"{d["a"]}"\n', (3, 12),
     "an f-string that reuses its quote character inside `{}`", 2),
    ("fstring_backslash.py", "x = f\"{'\\n'.join(['a', 'b'])}\"\n", (3, 12), "a backslash inside an f-string's `{}`", 1),
    ("template_string.py", "name = 'x'\ngreeting = t'Hello {name}'\n", (3, 14), "a template string, `t'...`", 2),
]

# Genuine syntax errors that look a little like newer syntax: the plain message stays.
GENUINE = [
    ("bad_params.py", "def f[(x):\n    pass\n", 1),
    ("empty_params.py", "def f[](x):\n    pass\n", 1),
    ("error_before.py", "x = = 1\ntype Point = int\n", 1),
    ("unclosed_before.py", "x = (\ntype Point = int\n", 1),
    ("type_call.py", "type(x) = 3\n", 1),
    ("lambda_params.py", "x = lambda[T]: 1\n", 1),
    ("fstring_unclosed.py", 'x = f"{a}" if c else f"{"\n', 1),
    ("python2.py", "print 'hello'\n", 1),
]


def needs(since: tuple[int, int]) -> str:
    return (
        f"uses syntax newer than Python {RUNNING_NAME}: line {{line}} has {{feature}} "
        f"(Python {since[0]}.{since[1]}+); run neveragain under Python {since[0]}.{since[1]} or newer"
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name, source, *_ in (*NEWER, *GENUINE):
        (tmp_path / name).write_text(source, encoding="utf-8")
    (tmp_path / "person.py").write_text(GENERIC_PERSON, encoding="utf-8")
    return tmp_path


def test_newer_syntax_is_named_or_checked(run_json, tree):
    status, report = run_json(".", cwd=tree)
    errors = {error["path"]: error["message"] for error in report["errors"]}
    assert status == 1  # findings in person.py, or files that could not be parsed
    for name, _source, since, feature, line in NEWER:
        if since <= RUNNING:
            assert name not in errors, errors[name]
        else:
            assert errors[name] == needs(since).format(line=line, feature=feature)
    for name, _source, line in GENUINE:
        assert errors[name].startswith(f"syntax error at line {line}"), errors[name]
        assert "newer than" not in errors[name]
    # Nothing else, and one entry per file.
    expected_errors = {name for name, _source, since, *_ in NEWER if since > RUNNING} | {g[0] for g in GENUINE}
    if RUNNING < (3, 12):
        expected_errors.add("person.py")  # its own test below
    assert set(errors) == expected_errors
    assert len(report["errors"]) == len(expected_errors)


def test_a_generic_record_is_checked_where_it_parses(run_json, tree):
    status, report = run_json("person.py", cwd=tree)
    assert status == 1
    if RUNNING >= (3, 12):
        assert report["errors"] == []
        (finding,) = report["findings"]
        assert (finding["code"], finding["symbol"], finding["line"]) == ("NEV102", "Person.religion", 8)
    else:
        assert report["findings"] == []
        assert report["errors"] == [{
            "path": "person.py",
            "message": needs((3, 12)).format(line=3, feature="a `type` statement"),
        }]


def test_text_output_is_one_line_per_file(run_cli, tree):
    completed = run_cli("check", "person.py", "generic_def.py", "bad_params.py", cwd=tree)
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    lines = (completed.stdout + completed.stderr).splitlines()
    (genuine,) = [line for line in lines if line.startswith("bad_params.py")]
    assert genuine == "bad_params.py: error: syntax error at line 1, column 6: expected '('"
    generic = [line for line in lines if line.startswith("generic_def.py")]
    if RUNNING < (3, 12):
        expected = (
            f"generic_def.py: error: uses syntax newer than Python {RUNNING_NAME}: line 1 has type parameters, "
            "`def first[T]` (Python 3.12+); run neveragain under Python 3.12 or newer"
        )
        assert generic == [expected]
    else:
        assert generic == []  # parsed and checked: nothing to report in it
        assert any("NEV102" in line and "Person.religion" in line for line in lines), lines


def test_exit_zero_still_reports_the_error(run_cli, tree):
    completed = run_cli("check", "--exit-zero", "--format", "json", "template_string.py", cwd=tree)
    assert completed.returncode == 0
    assert "Traceback" not in completed.stderr


def test_flake8_reports_e999_itself_and_the_plugin_stays_quiet(run_flake8, tree):
    """flake8 parses the file before any plugin runs: on a Python too old for it,
    flake8 reports E999 and never calls ours, so nothing is reported twice."""
    completed = run_flake8("--isolated", "--select", "NEV,E999", "person.py", "generic_def.py", cwd=tree)
    assert "Traceback" not in completed.stderr, completed.stderr
    lines = completed.stdout.splitlines()
    assert completed.returncode == 1
    found = sorted((line.split(":")[0], line.split(":")[1], line.split(" ")[1]) for line in lines)
    if RUNNING >= (3, 12):
        assert found == [("person.py", "8", "NEV102")], lines
    else:
        assert found == [("generic_def.py", "1", "E999"), ("person.py", "3", "E999")], lines
