"""NEV001: a noqa comment for a NEV code that silences nothing, through the real CLI and real flake8.

Off by default in both front doors (`--extend-select NEV001` turns it on). A listed
code is in use when it covers a finding of its line before selection and before
noqa, so the CLI and flake8 agree with what suppression itself does.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from helpers import position
from test_reports import _load_validator

MODELS = textwrap.dedent(
    """\
    from django.db import models


    class Member(models.Model):
        name = models.CharField(max_length=100)  # noqa: NEV102 -- reviewed: chaplaincy rota (OPS-7)
        religion = models.CharField(max_length=40)  # noqa: NEV101,NEV102
        email = models.EmailField()
    """
)
STALE = "# noqa: NEV102 -- reviewed"  # on `name`: the religion field it was written for moved
PARTLY = "NEV101,NEV102"  # on `religion`: NEV102 is in use, NEV101 is not

# Comments that must never give NEV001, each on a line with the finding it silences, if any.
SILENT = textwrap.dedent(
    """\
    from django.db import models


    class Member(models.Model):
        religion = models.CharField(max_length=40)  # noqa: NEV102
        ethnicity = models.CharField(max_length=40)  # noqa: NEV1 -- reviewed: a prefix covers NEV101
        political_party = models.CharField(max_length=40)  # noqa: NEV104 -- reviewed: off, but in use
        name = models.CharField(max_length=100)  # noqa
        notes = models.TextField()  # noqa: E501
        code = models.CharField(max_length=9)  # noqa: NEV -- reviewed: covers NEV001 itself
    """
)

# A statement in a triple-quoted string: its lines share the comment after the string closes.
MULTILINE = textwrap.dedent(
    '''\
    def migrate(cursor):
        cursor.execute("""
            CREATE TABLE people (
                religion TEXT
            )
        """)  # noqa: NEV102, NEV103
    '''
)

SQL = textwrap.dedent(
    """\
    CREATE TABLE member (
        id integer PRIMARY KEY, -- noqa: NEV101
        faith text -- noqa: NEV102
    );
    """
)

ON = ("--extend-select", "NEV001")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "models.py").write_text(MODELS, encoding="utf-8")
    (tmp_path / "silent.py").write_text(SILENT, encoding="utf-8")
    (tmp_path / "migrate.py").write_text(MULTILINE, encoding="utf-8")
    (tmp_path / "schema.sql").write_text(SQL, encoding="utf-8")
    return tmp_path


def nev001(report: dict) -> list[tuple[str, int, int, str]]:
    return [(f["path"], f["line"], f["column"], f["symbol"]) for f in report["findings"] if f["code"] == "NEV001"]


# -- the CLI ---------------------------------------------------------------------------------

def test_a_stale_noqa_and_an_unused_code_in_a_used_noqa_are_reported(run_json, project):
    status, report = run_json("--isolated", *ON, "models.py", cwd=project)
    stale_line, stale_column = position(MODELS, "NEV102 -- reviewed")
    partly_line, partly_column = position(MODELS, PARTLY)
    assert nev001(report) == [
        ("models.py", stale_line, stale_column, "NEV102"),
        ("models.py", partly_line, partly_column, "NEV101"),  # NEV102 silences the religion field
    ]
    assert status == 1


def test_the_json_fields_of_a_finding(run_json, project):
    _, report = run_json("--isolated", *ON, "models.py", cwd=project)
    stale = report["findings"][0]
    line, column = position(MODELS, "NEV102 -- reviewed")
    assert stale == {
        "path": "models.py", "line": line, "column": column, "end_line": line, "end_column": column + 6,
        "code": "NEV001", "category": "noqa",
        "message": "noqa for NEV102 silences nothing on this line: remove it, or move the review to the line "
                   f"it was written for. See {stale['url']}",
        "url": stale["url"], "source": "noqa-comment", "symbol": "NEV102",
        "evidence": "no NEV102 finding on this line", "fingerprint": stale["fingerprint"],
    }
    assert stale["url"].endswith("/NEV001.md") and len(stale["fingerprint"]) == 20


def test_off_by_default(run_json, run_cli, project):
    status, report = run_json("--isolated", "models.py", "schema.sql", "migrate.py", cwd=project)
    assert nev001(report) == [] and status == 0
    text = run_cli("check", "--isolated", "models.py", cwd=project)
    assert (text.returncode, text.stdout) == (0, "")


def test_comments_that_are_used_bare_or_not_ours_stay_silent(run_json, project):
    status, report = run_json("--isolated", *ON, "silent.py", cwd=project)
    assert report["findings"] == [] and status == 0
    # Every field the comments silence is found (NEV104 too, though it is not selected).
    assert sorted(item["code"] for item in report["suppressed"]) == ["NEV101", "NEV102"]


def test_noqa_for_a_default_off_code_is_used_whether_or_not_that_code_is_selected(run_json, project):
    for selection in (ON, ("--extend-select", "NEV001,NEV104")):
        status, report = run_json("--isolated", *selection, "silent.py", cwd=project)
        assert (status, nev001(report)) == (0, [])


def test_a_multi_line_string_shares_the_comment_after_it(run_json, project):
    _, report = run_json("--isolated", *ON, "migrate.py", cwd=project)
    line, column = position(MULTILINE, "NEV103")
    assert nev001(report) == [("migrate.py", line, column, "NEV103")]  # NEV102 covers the column in the string
    assert "on lines 2-6" in report["findings"][0]["message"]


def test_sql_noqa(run_json, project):
    _, report = run_json("--isolated", *ON, "schema.sql", cwd=project)
    line, column = position(SQL, "NEV101")
    assert nev001(report) == [("schema.sql", line, column, "NEV101")]


def test_a_noqa_that_lists_nev001_keeps_the_comment_as_a_reviewed_suppression(run_json, project):
    (project / "kept.py").write_text(
        "x = 1  # noqa: NEV102, NEV001 -- reviewed: generated per tenant (OPS-9)\n", encoding="utf-8")
    status, report = run_json("--isolated", *ON, "kept.py", cwd=project)
    assert (status, report["findings"]) == (0, [])
    assert [(item["code"], item["symbol"], item["reason"]) for item in report["suppressed"]] == [
        ("NEV001", "NEV102", "generated per tenant (OPS-9)")]


def test_a_file_level_noqa_is_out_of_scope(run_json, project):
    (project / "legacy.py").write_text("# flake8: noqa\nx = 1  # noqa: NEV102\n", encoding="utf-8")
    _, report = run_json("--isolated", *ON, "legacy.py", cwd=project)
    assert report["findings"] == [] and report["suppressed"] == []


@pytest.mark.parametrize("format, expected", [
    ("github", "::notice file=models.py"), ("gitlab", '"severity": "info"'), ("sarif", '"level": "note"'),
])
def test_reported_at_the_lowest_level_in_each_ci_format(run_cli, project, format, expected):
    completed = run_cli("check", "--isolated", *ON, "--select", "NEV001", "--format", format, "models.py", cwd=project)
    assert expected in completed.stdout
    if format == "gitlab":
        assert {issue["severity"] for issue in json.loads(completed.stdout)} == {"info"}


def test_sarif_with_nev001_validates(run_cli, project):
    validator = _load_validator()
    if validator is None:
        pytest.skip("the SARIF 2.1.0 schema is not in the shared folder beside the repo")
    completed = run_cli("check", "--isolated", *ON, "--format", "sarif", "models.py", "silent.py", cwd=project)
    sarif = json.loads(completed.stdout)
    assert list(validator.iter_errors(sarif)) == []
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["NEV001"]["defaultConfiguration"]["level"] == "note"
    assert rules["NEV001"]["properties"] == {"tags": ["privacy", "neveragain"], "problem.severity": "recommendation"}


def test_the_review_hint_names_a_code_to_review_never_nev001(run_cli, project):
    completed = run_cli("check", "--isolated", "--select", "NEV001", "models.py", cwd=project)
    assert completed.returncode == 1 and "NEV001" in completed.stdout
    assert "to record a review" not in completed.stderr


def test_review_add_noqa_writes_no_noqa_for_nev001(run_cli, project):
    before = (project / "models.py").read_text(encoding="utf-8")
    completed = run_cli("review", "--add-noqa", "--isolated", "--select", "NEV001", "models.py", cwd=project)
    assert (project / "models.py").read_text(encoding="utf-8") == before, completed.stderr
    assert "added 0 reviewed noqa comments" in completed.stderr
    # Each one left is named, with what to do instead.
    checked = run_cli("check", "--isolated", "--select", "NEV001", "models.py", cwd=project)
    expected = [f"{line.split(':')[0]}:{line.split(':')[1]}: NEV001 left as it is: remove the unused noqa code"
                for line in checked.stdout.splitlines()]
    assert expected and completed.stderr.splitlines()[:-1] == expected


def test_the_inventory_does_not_list_nev001(run_cli, project):
    completed = run_cli("inventory", "--isolated", "--format", "json", "models.py", cwd=project)
    assert completed.returncode == 0, completed.stderr
    assert "NEV001" not in completed.stdout and "noqa-comment" not in completed.stdout
    assert "NEV102" in completed.stdout


def test_rules_and_explain_know_it(run_cli):
    rules = run_cli("rules").stdout
    assert "NEV001  off  low     a noqa comment for a NEV code that silences nothing" in rules
    explain = run_cli("explain", "NEV001")
    assert explain.returncode == 0 and explain.stdout.startswith("NEV001: a noqa comment for a NEV code")


# -- flake8 ----------------------------------------------------------------------------------

def flake8_lines(stdout: str) -> list[tuple[int, int, str]]:
    """(line, column, code) of each NEV001 line flake8 prints."""
    found = []
    for line in stdout.splitlines():
        _, number, column, rest = line.split(":", 3)
        if rest.split()[0] == "NEV001":
            found.append((int(number), int(column), rest.split()[3]))  # "NEV001 noqa for NEV102 ..."
    return found


def test_flake8_reports_what_the_cli_reports(run_flake8, run_json, project):
    completed = run_flake8("--isolated", *ON, "models.py", "migrate.py", "silent.py", cwd=project)
    _, report = run_json("--isolated", *ON, "models.py", "migrate.py", "silent.py", cwd=project)
    assert flake8_lines(completed.stdout) == [(line, column, code) for _, line, column, code in nev001(report)]
    assert len(flake8_lines(completed.stdout)) == 3


def test_flake8_leaves_it_off_by_default(run_flake8, project):
    completed = run_flake8("--isolated", "models.py", "silent.py", cwd=project)
    assert "NEV001" not in completed.stdout


def test_flake8_prefix_semantics(run_flake8, project):
    # flake8 silences codes a listed code starts with: NEV1 does not cover NEV001 (reported),
    # NEV0 and NEV do (their comments are kept on purpose), a bare noqa covers everything.
    (project / "prefixes.py").write_text(
        "a = 1  # noqa: NEV1\nb = 2  # noqa: NEV0\nc = 3  # noqa: NEV\nd = 4  # noqa\n", encoding="utf-8")
    completed = run_flake8("--isolated", "--select", "NEV", "prefixes.py", cwd=project)
    assert flake8_lines(completed.stdout) == [(1, 16, "NEV1")]


# -- --diff ----------------------------------------------------------------------------------

def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
                   cwd=cwd, check=True, capture_output=True)


def test_diff_counts_a_noqa_on_a_downgrade_as_used(run_json, tmp_path):
    # The downgrade (NEV201 since REV) is found only by comparing two versions of the file.
    git(tmp_path, "init", "-q")
    settings = tmp_path / "settings.py"
    settings.write_text('import psycopg2\n\nconn = psycopg2.connect(host="db", sslmode="verify-full")\n')
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    settings.write_text('import psycopg2\n\nconn = psycopg2.connect(host="db", sslmode="require")'
                        '  # noqa: NEV201,NEV102 -- reviewed: internal network (OPS-3)\n')
    status, report = run_json("--isolated", *ON, "--diff", "HEAD", ".", cwd=tmp_path)
    assert [(f["code"], f["symbol"]) for f in report["findings"]] == [("NEV001", "NEV102")]
    assert [item["code"] for item in report["suppressed"]] == ["NEV201"]
    assert status == 1
