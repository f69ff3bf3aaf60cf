"""`neveragain check -`: the code to check on standard input, as editors hand it over.

Named with --stdin-filename (ruff's name; flake8's --stdin-display-name also
works), it is reported, configured, read as SQL or Python, and force-excluded
as that file would be. Through the real CLI, and real flake8 for comparison.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flake8_neveragain.rules.registry import NEV101, NEV102

MODEL = "from django.db import models\n\n\nclass Person(models.Model):\n    religion = models.CharField(max_length=20)\n"


def check(*args: str, stdin: bytes, cwd: Path) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [sys.executable, "-m", "flake8_neveragain", "check", *args],
        input=stdin, cwd=cwd, capture_output=True, timeout=120,
    )
    return subprocess.CompletedProcess(
        completed.args, completed.returncode, completed.stdout.decode(), completed.stderr.decode()
    )


def heads(stdout: str) -> list[str]:
    return [line.split(" ", 2)[0] + " " + line.split(" ", 2)[1] for line in stdout.splitlines()]


def test_a_dash_reads_standard_input(tmp_path):
    completed = check("-", stdin=MODEL.encode(), cwd=tmp_path)
    assert completed.returncode == 1
    assert heads(completed.stdout) == [f"stdin:5:5: {NEV102}"]
    assert completed.stderr.splitlines()[0] == "neveragain: 1 finding in 1 file checked"


def test_the_stdin_filename_names_it_and_picks_sql_or_python(tmp_path):
    completed = check("--format", "json", "--stdin-filename", "db/schema.sql", "-",
                      stdin=b"CREATE TABLE person (ethnicity text);\n", cwd=tmp_path)
    assert completed.returncode == 1
    findings = json.loads(completed.stdout)["findings"]
    assert [(f["path"], f["code"], f["source"]) for f in findings] == [("db/schema.sql", NEV101, "sql-ddl")]
    # flake8's spelling, and the name alone means `-`, as in ruff.
    completed = check("--stdin-display-name", "app/models.py", stdin=MODEL.encode(), cwd=tmp_path)
    assert heads(completed.stdout) == [f"app/models.py:5:5: {NEV102}"]


def test_standard_input_and_files_in_one_run(tmp_path):
    (tmp_path / "a.py").write_text(MODEL, encoding="utf-8")
    completed = check("a.py", "-", stdin=MODEL.encode(), cwd=tmp_path)
    assert heads(completed.stdout) == [f"a.py:5:5: {NEV102}", f"stdin:5:5: {NEV102}"]
    assert "2 findings in 2 files checked" in completed.stderr


def test_the_named_files_configuration_noqa_and_baseline_apply(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / ".neveragain.toml").write_text('extra-terms = {religion = ["credo"]}\n', encoding="utf-8")
    source = MODEL.replace("religion", "credo") + "    ethnicity = models.CharField()  # noqa: NEV101 -- reviewed\n"
    completed = check("--stdin-filename", "pkg/models.py", "-", stdin=source.encode(), cwd=tmp_path)
    assert heads(completed.stdout) == [f"pkg/models.py:5:5: {NEV102}"]
    completed = check("--stdin-filename", "elsewhere/models.py", "-", stdin=source.encode(), cwd=tmp_path)
    assert completed.returncode == 0 and completed.stdout == ""


def test_force_exclude_skips_an_excluded_stdin_filename(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.neveragain]\nextend-exclude = ["legacy/"]\n', encoding="utf-8")
    completed = check("--force-exclude", "--stdin-filename", "legacy/models.py", "-", stdin=MODEL.encode(), cwd=tmp_path)
    assert (completed.returncode, completed.stdout) == (0, "")
    assert "0 files checked" in completed.stderr
    completed = check("--stdin-filename", "legacy/models.py", "-", stdin=MODEL.encode(), cwd=tmp_path)
    assert heads(completed.stdout) == [f"legacy/models.py:5:5: {NEV102}"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"class (:\n", "stdin: error: syntax error at line 1"),
        (b"x = '\xff\xfe'\n", "stdin: error: cannot decode"),
        (b"x = 1\x00\n", "stdin: error: contains null bytes"),
    ],
)
def test_bad_input_on_stdin_is_one_error_line(tmp_path, data, message):
    completed = check("-", stdin=data, cwd=tmp_path)
    assert completed.returncode == 1 and completed.stdout == ""
    assert completed.stderr.startswith(message), completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["baseline", "-"], "`-` (standard input) is for `neveragain check`; `baseline` reads files"),
        (["review", "--add-noqa", "-"], "`-` (standard input) is for `neveragain check`; `review` reads files"),
        (["inventory", "-"], "`-` (standard input) is for `neveragain check`; `inventory` reads files"),
        (["check", "--diff", "HEAD", "-"], "--diff compares files with git; it cannot read standard input (`-`)"),
        (["check", "--stdin-filename", "a.py", "."], "--stdin-filename names standard input: add `-` to the paths"),
    ],
)
def test_standard_input_where_it_cannot_be_used_is_a_usage_error(tmp_path, argv, message):
    completed = subprocess.run([sys.executable, "-m", "flake8_neveragain", *argv], input=MODEL, text=True,
                               cwd=tmp_path, capture_output=True, timeout=120)
    assert (completed.returncode, completed.stdout) == (2, "")
    assert completed.stderr == f"neveragain: error: {message}\n"


def test_flake8_reads_standard_input_the_same_way(run_flake8, tmp_path):
    flake8 = subprocess.run([sys.executable, "-m", "flake8", "--select", "NEV", "--stdin-display-name",
                             "app/models.py", "-"], input=MODEL, text=True, cwd=tmp_path, capture_output=True,
                            timeout=120)
    ours = check("--stdin-filename", "app/models.py", "-", stdin=MODEL.encode(), cwd=tmp_path)
    assert flake8.stdout == ours.stdout and ours.stdout


def test_show_source_shows_the_line_from_standard_input_not_the_file(tmp_path):
    (tmp_path / "models.py").write_text("# an older version on disk\n" * 6, encoding="utf-8")
    completed = check("--show-source", "--color", "never", "--stdin-filename", "models.py", "-",
                      stdin=MODEL.encode(), cwd=tmp_path)
    assert completed.stdout.splitlines()[1:] == ["    religion = models.CharField(max_length=20)", "    ^"]
