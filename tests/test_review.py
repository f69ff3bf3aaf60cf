"""`neveragain review --add-noqa`: reviewed noqa comments, every other byte kept."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from flake8_neveragain.review.add_noqa import merge_noqa, rewrite_python, rewrite_sql, span_ends
from flake8_neveragain.review.noqa import NOQA_INLINE, PLACEHOLDER_REASON, SQL_NOQA_INLINE

R = "EEO-1 reporting, LEGAL-12"
T = PLACEHOLDER_REASON


@pytest.mark.parametrize(
    ("comment", "codes", "expected"),
    [
        ("", ["NEV102"], f"# noqa: NEV102 -- reviewed: {R}"),
        ("", ["NEV101", "NEV103"], f"# noqa: NEV101,NEV103 -- reviewed: {R}"),
        ("# keep it short", ["NEV102"], f"# keep it short  # noqa: NEV102 -- reviewed: {R}"),
        ("# noqa: E501", ["NEV102"], f"# noqa: E501,NEV102 -- reviewed: {R}"),
        ("# noqa:E501, W291", ["NEV102"], f"# noqa:E501, W291, NEV102 -- reviewed: {R}"),
        ("# noqa: E501  # long URL", ["NEV102"], f"# noqa: E501,NEV102 -- reviewed: {R}  # long URL"),
        ("# noqa: NEV102", ["NEV102"], f"# noqa: NEV102 -- reviewed: {R}"),
        ("# noqa: NEV1", ["NEV102"], f"# noqa: NEV1 -- reviewed: {R}"),  # a prefix covers the code
        ("# noqa", ["NEV102"], f"# noqa -- reviewed: {R}"),
        ("# type: ignore  # noqa: E501", ["NEV102"], f"# type: ignore  # noqa: E501,NEV102 -- reviewed: {R}"),
        # Already reviewed: nothing to do, never a duplicate.
        ("# noqa: NEV102 -- reviewed: other", ["NEV102"], None),
        (f"# noqa: NEV102 -- reviewed: {T}", ["NEV102"], None),
        ("# noqa -- reviewed: why", ["NEV102"], None),
        # A reason written for other codes is kept; ours follows it.
        ("# noqa: E501 -- reviewed: long URL", ["NEV102"], f"# noqa: E501,NEV102 -- reviewed: long URL; NEV102: {R}"),
    ],
)
def test_merge_noqa(comment, codes, expected):
    assert merge_noqa(comment, codes, R, NOQA_INLINE, "#") == expected


def test_merge_sql_line():
    assert merge_noqa("  religion text,", ["NEV102"], R, SQL_NOQA_INLINE, "--") == \
        f"  religion text,  -- noqa: NEV102 -- reviewed: {R}"
    assert merge_noqa("  race text -- noqa: X1", ["NEV101"], R, SQL_NOQA_INLINE, "--") == \
        f"  race text -- noqa: X1,NEV101 -- reviewed: {R}"


def test_span_ends_follow_flake8():
    source = 'a = 1\nb = """\nx\n"""\nc = 1 + \\\n    2\nd = f(\n    3,\n)\n'
    ends = span_ends(source)
    assert [ends[n] for n in range(1, 10)] == [1, 4, 4, 4, 6, 6, 7, 8, 9]


N = f"  # noqa: NEV102 -- reviewed: {R}"

CASES = {
    "simple": (
        "class A(models.Model):\n    religion = models.CharField(max_length=20)\n",
        [(2, "NEV102")],
        f"class A(models.Model):\n    religion = models.CharField(max_length=20){N}\n",
    ),
    "crlf and a multi-line call": (
        "class A(models.Model):\r\n    religion = models.CharField(\r\n        max_length=20,\r\n    )\r\n",
        [(2, "NEV102")],
        f"class A(models.Model):\r\n    religion = models.CharField({N}\r\n        max_length=20,\r\n    )\r\n",
    ),
    "existing comment on the open paren": (
        "class A(models.Model):\n    religion = models.CharField(  # free text\n        max_length=20)\n",
        [(2, "NEV102")],
        f"class A(models.Model):\n    religion = models.CharField(  # free text{N}\n        max_length=20)\n",
    ),
    "existing noqa with other codes, tabs, two codes one line": (
        "class A(models.Model):\n\tbackground = models.CharField()\t# noqa: E501\n",
        [(2, "NEV103"), (2, "NEV101"), (2, "NEV101")],
        f"class A(models.Model):\n\tbackground = models.CharField()\t# noqa: E501,NEV101,NEV103 -- reviewed: {R}\n",
    ),
    "trailing spaces kept, no final newline": (
        "class A(models.Model):\n    religion = models.CharField()   ",
        [(2, "NEV102")],
        f"class A(models.Model):\n    religion = models.CharField()   # noqa: NEV102 -- reviewed: {R}",
    ),
    "sql in a multi-line string: the comment closes the string's span": (
        'cursor.execute(\n    """\n    CREATE TABLE t (\n        religion text\n    )\n    """,\n)\n',
        [(4, "NEV102")],
        f'cursor.execute(\n    """\n    CREATE TABLE t (\n        religion text\n    )\n    """,{N}\n)\n',
    ),
    "backslash continuation": (
        "religion = \\\n    Column(String)\nx = 1  # unrelated\n",
        [(1, "NEV102")],
        f"religion = \\\n    Column(String){N}\nx = 1  # unrelated\n",
    ),
    "bom, latin-1 bytes untouched elsewhere": (
        "\ufeffclass A(models.Model):\n    name = 'caf\u00e9'  # \u2713\n    religion = models.CharField()\n",
        [(3, "NEV102")],
        f"\ufeffclass A(models.Model):\n    name = 'caf\u00e9'  # \u2713\n    religion = models.CharField(){N}\n",
    ),
    "decorated class, semicolons": (
        "@register\nclass A(models.Model):\n    x = 1; religion = models.CharField()\n",
        [(3, "NEV102")],
        f"@register\nclass A(models.Model):\n    x = 1; religion = models.CharField(){N}\n",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_python_round_trip(name):
    before, targets, after = CASES[name]
    change = rewrite_python(before.encode("utf-8"), targets, R)
    assert change.data.decode("utf-8") == after
    assert change.problems == []


def test_python_coding_cookie_is_kept():
    before = "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\nreligion = Column(String)\n".encode("latin-1")
    change = rewrite_python(before, [(3, "NEV102")], R)
    assert change.data == before[:-1] + f"{N}\n".encode("latin-1")


SQL_CASES = {
    "crlf, existing comment, no final newline": (
        "CREATE TABLE t (\r\n  religion text, -- free text\r\n  race text\r\n);",
        [(2, "NEV102"), (3, "NEV101")],
        (f"CREATE TABLE t (\r\n  religion text, -- free text  -- noqa: NEV102 -- reviewed: {R}\r\n"
         f"  race text  -- noqa: NEV101 -- reviewed: {R}\r\n);"),
    ),
    "existing sql noqa": (
        "CREATE TABLE t (\n  religion text -- noqa: X100\n);\n",
        [(2, "NEV102")],
        f"CREATE TABLE t (\n  religion text -- noqa: X100,NEV102 -- reviewed: {R}\n);\n",
    ),
}


@pytest.mark.parametrize("name", SQL_CASES)
def test_sql_round_trip(name):
    before, targets, after = SQL_CASES[name]
    change = rewrite_sql(before.encode("utf-8"), targets, R)
    assert change.data.decode("utf-8") == after
    assert change.problems == []


def test_sql_line_ending_inside_a_string_or_block_comment_is_left_alone():
    before = "CREATE TABLE t (religion text DEFAULT 'a\nb', /* x\n */ race text);\n"
    change = rewrite_sql(before.encode(), [(1, "NEV102"), (2, "NEV101")], R)
    assert change.data == before.encode()
    assert [line for line, _ in change.problems] == [1, 2]


TREE = {
    "app/models.py": (
        "from django.db import models\r\n\r\n\r\n"
        "class Person(models.Model):\r\n"
        "    name = models.CharField(max_length=100)  # noqa: E501\r\n"
        "    religion = models.CharField(  # the member's faith\r\n"
        "        max_length=20,\r\n"
        "    )\r\n"
        "    ethnicity = models.CharField(max_length=20)  # noqa: E501\r\n"
    ),
    "db/schema.sql": "CREATE TABLE member (\n  id int,\n  nationality text\n);\n",
    "app/clean.py": "trace_id = 1  # noqa: E501\n",
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name, text in TREE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(text.encode("utf-8"))
    (tmp_path / "app" / "models.py").chmod(0o640)
    return tmp_path


def test_review_cli_then_check_and_flake8_are_silent(run_cli, run_flake8, tree):
    completed = run_cli("review", "--add-noqa", "--isolated", "--reason", "EEO-1 reporting,\n LEGAL-12", cwd=tree)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == (
        f"app/models.py:6: # the member's faith  # noqa: NEV102 -- reviewed: {R}\n"
        f"app/models.py:9: # noqa: E501,NEV101 -- reviewed: {R}\n"
        f"db/schema.sql:3: -- noqa: NEV103 -- reviewed: {R}\n"
    )
    assert "added 3 reviewed noqa comments in 2 files" in completed.stderr
    models = (tree / "app" / "models.py").read_bytes().decode()
    assert models == TREE["app/models.py"].replace(
        "# the member's faith\r\n", f"# the member's faith  # noqa: NEV102 -- reviewed: {R}\r\n"
    ).replace(
        "max_length=20)  # noqa: E501\r\n", f"max_length=20)  # noqa: E501,NEV101 -- reviewed: {R}\r\n"
    )
    assert stat.S_IMODE((tree / "app" / "models.py").stat().st_mode) == 0o640
    assert (tree / "app" / "clean.py").read_text() == TREE["app/clean.py"]
    assert not [p for p in (tree / "app").iterdir() if p.name.endswith(".tmp")]

    checked = run_cli("check", "--isolated", "--require-reason", "--format", "json", ".", cwd=tree)
    report = json.loads(checked.stdout)
    assert (checked.returncode, report["findings"]) == (0, [])
    assert [s["reason"] for s in report["suppressed"]] == [R, R, R]
    flake8 = run_flake8("--isolated", "--select", "NEV", "app", cwd=tree)
    assert (flake8.returncode, flake8.stdout) == (0, "")
    # Idempotent: a second review changes nothing.
    before = {name: (tree / name).read_bytes() for name in TREE}
    again = run_cli("review", "--add-noqa", "--isolated", cwd=tree)
    assert again.returncode == 0 and "added 0 reviewed noqa comments in 0 files" in again.stderr
    assert {name: (tree / name).read_bytes() for name in TREE} == before


def test_review_placeholder_is_still_rejected_by_require_reason(run_main, tree):
    status, out, err = run_main("review", "--add-noqa", "--isolated", "app/models.py", cwd=tree)
    assert status == 0, err
    assert f"# noqa: E501,NEV101 -- reviewed: {T}" in (tree / "app" / "models.py").read_text()
    assert "replace the TODO placeholders" in err
    status, out, _ = run_main("check", "--isolated", "app/models.py", cwd=tree)
    assert status == 0  # silenced, as in flake8 ...
    status, out, _ = run_main("check", "--isolated", "--require-reason", "app/models.py", cwd=tree)
    assert status == 1 and out.count("placeholder reason") == 2  # ... but not reviewed
    # Review cannot fill in the reason for you; it says so and exits 1.
    status, _, err = run_main("review", "--add-noqa", "--isolated", "--require-reason", "--reason", "x",
                              "app/models.py", cwd=tree)
    assert status == 1 and err.count("already gives a reason") == 2


def test_review_dry_run_prints_a_diff_and_writes_nothing(run_main, tree):
    before = {name: (tree / name).read_bytes() for name in TREE}
    status, out, err = run_main("review", "--add-noqa", "--isolated", "--dry-run", "db", cwd=tree)
    assert status == 0
    assert out == (
        "--- a/db/schema.sql\n+++ b/db/schema.sql\n@@ -1,4 +1,4 @@\n CREATE TABLE member (\n   id int,\n"
        f"-  nationality text\n+  nationality text  -- noqa: NEV103 -- reviewed: {T}\n );\n"
    )
    assert "would add 1 reviewed noqa comment in 1 file" in err
    assert {name: (tree / name).read_bytes() for name in TREE} == before


def test_review_respects_the_baseline_unless_told_otherwise(run_main, tree):
    run_main("baseline", "--isolated", "db", cwd=tree)
    run_main("review", "--add-noqa", "--isolated", cwd=tree)
    assert "noqa" not in (tree / "db" / "schema.sql").read_text()
    run_main("review", "--add-noqa", "--isolated", "--no-baseline", cwd=tree)
    assert "-- noqa: NEV103" in (tree / "db" / "schema.sql").read_text()


def test_review_needs_add_noqa_and_a_real_reason(run_main, tree):
    with pytest.raises(SystemExit) as exit:
        run_main("review", cwd=tree)
    assert exit.value.code == 2
    status, _, err = run_main("review", "--add-noqa", "--reason", "  \n ", cwd=tree)
    assert status == 2 and "--reason must not be empty" in err


def test_review_unwritable_file_is_an_error(run_cli_unprivileged, tree):
    (tree / "db").chmod(0o500)
    before = sorted((tree / "db").iterdir())
    try:
        completed = run_cli_unprivileged("review", "--add-noqa", "--isolated", "db", cwd=tree)
    finally:
        (tree / "db").chmod(0o755)
    assert completed.returncode == 2 and "cannot write source file db/schema.sql" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert sorted((tree / "db").iterdir()) == before  # no temporary file left behind
