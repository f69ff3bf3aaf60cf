"""The switches users bring from flake8 and ruff, through the real `neveragain check`.

`--output-format` (ruff's name for `--format`), `-q/--quiet` (ruff's meaning:
findings only), `--statistics`, `--show-source` and `--color` (flake8's layout and
colours), `--exit-zero`. Where flake8 has the concept, its own output on the same
file is the reference. Runs without these switches keep their bytes: the golden
files in tests/golden say so (tests/test_reports.py).
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flake8_neveragain.reports import FORMATS
from flake8_neveragain.rules.registry import NEV101, NEV102, NEV103, RULES_BY_CODE

ESC = "\x1b"

PERSON = textwrap.dedent(
    """\
    from django.db import models


    class Person(models.Model):
        name = models.CharField(max_length=100)
        religion = models.CharField(max_length=20)
        shipping_country = models.CharField(max_length=2)
    """
)
# The same shape as PERSON with more fields, so counts per code differ.
MEMBER = textwrap.dedent(
    """\
    from django.db import models


    class Member(models.Model):
        religion = models.CharField(max_length=20)
        ethnicity = models.CharField(max_length=20)
        faith = models.CharField(max_length=20)
    """
)
SCHEMA_SQL = "CREATE TABLE person (\n  id integer,\n  nationality text\n);\n"
# The project's notes on stderr without switches: the summary, then how to record a review.
NOTES = ("neveragain: 5 findings in 3 files checked\n"
         f'neveragain: to record a review, add "# noqa: {NEV102} -- reviewed: <why>" to the reported line '
         '("-- noqa: ..." in SQL), or run "neveragain review --add-noqa"\n')


def _env(**changes: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)
    env.pop("NO_COLOR", None)  # the runner's own setting must not decide a colour test
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def check(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`neveragain check --isolated ARGS` in `cwd`, output captured (so stdout is a pipe)."""
    return subprocess.run(
        [sys.executable, "-m", "flake8_neveragain", "check", "--isolated", *args],
        cwd=cwd, capture_output=True, text=True, env=env or _env(), timeout=300,
    )


def check_on_terminal(*args: str, cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """(status, stdout) of `neveragain check --isolated ARGS` with stdout on a pseudo-terminal."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "flake8_neveragain", "check", "--isolated", *args],
        cwd=cwd, stdout=follower, stderr=subprocess.DEVNULL, env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    status = process.wait(timeout=300)
    return status, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "NEV1", *args],
        cwd=cwd, capture_output=True, text=True, env=_env(), timeout=300,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "person.py").write_text(PERSON, encoding="utf-8")
    (tmp_path / "member.py").write_text(MEMBER, encoding="utf-8")
    (tmp_path / "schema.sql").write_text(SCHEMA_SQL, encoding="utf-8")
    return tmp_path


def finding_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if ": NEV" in line]


# --output-format ---------------------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
def test_output_format_is_format_under_ruffs_name(project, format):
    as_format = check("--format", format, cwd=project)
    as_output_format = check("--output-format", format, cwd=project)
    assert as_output_format.returncode == as_format.returncode == 1
    assert as_output_format.stdout == as_format.stdout
    assert as_output_format.stderr == as_format.stderr


def test_output_format_changes_the_format(project):
    report = json.loads(check("--output-format", "json", cwd=project).stdout)
    assert {finding["code"] for finding in report["findings"]} == {NEV101, NEV102, NEV103}
    # Must-not: without it the report is text, which is not JSON.
    with pytest.raises(json.JSONDecodeError):
        json.loads(check(cwd=project).stdout)


def test_format_and_output_format_may_agree(project):
    both = check("--format", "json", "--output-format", "json", cwd=project)
    assert both.returncode == 1
    assert both.stdout == check("--format", "json", cwd=project).stdout


def test_format_and_output_format_that_disagree_are_a_usage_error(project):
    completed = check("--format", "json", "--output-format", "sarif", cwd=project)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr == (
        "neveragain: error: --format json and --output-format sarif disagree; give one\n"
    )


def test_output_format_takes_only_known_formats(project):
    completed = check("--output-format", "junit", cwd=project)
    assert completed.returncode == 2
    assert "invalid choice: 'junit'" in completed.stderr
    assert completed.stdout == ""


# --quiet -------------------------------------------------------------------------


@pytest.mark.parametrize("switch", ["-q", "--quiet"])
def test_quiet_prints_the_findings_and_nothing_else(project, switch):
    plain = check(cwd=project)
    quiet = check(switch, cwd=project)
    assert quiet.returncode == plain.returncode == 1
    assert quiet.stdout == plain.stdout
    assert len(finding_lines(quiet.stdout)) == 5
    assert quiet.stderr == ""
    # Must-not: without it, the summary and the review hint are there.
    assert plain.stderr == NOTES


def test_quiet_still_says_which_files_could_not_be_checked(project):
    (project / "broken.py").write_text("def broken(:\n", encoding="utf-8")
    completed = check("-q", cwd=project)
    assert completed.returncode == 1
    assert completed.stderr.startswith("broken.py: error: syntax error at line 1")
    assert completed.stderr.count("\n") == 1
    assert "neveragain:" not in completed.stderr


def test_quiet_on_a_clean_tree_prints_nothing(tmp_path):
    (tmp_path / "clean.py").write_text("x = 1\n", encoding="utf-8")
    completed = check("-q", cwd=tmp_path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, "", "")


@pytest.mark.parametrize("format", ["json", "sarif", "github", "gitlab"])
def test_quiet_leaves_machine_reports_as_they_are(project, format):
    assert check("-q", "--format", format, cwd=project).stdout == check("--format", format, cwd=project).stdout


# --statistics ----------------------------------------------------------------------


def _statistics_line(count: int, code: str) -> str:
    return f"{count:<5} {code} {RULES_BY_CODE[code].summary}"


def test_statistics_follow_the_findings_one_line_per_code(project):
    completed = check("--statistics", cwd=project)
    assert completed.returncode == 1
    lines = completed.stdout.splitlines()
    assert lines[:5] == check(cwd=project).stdout.splitlines()
    assert lines[5:] == [_statistics_line(1, NEV101), _statistics_line(3, NEV102), _statistics_line(1, NEV103)]
    assert completed.stderr == NOTES


def test_no_statistics_without_the_switch_or_without_findings(project, tmp_path):
    assert all(": NEV" in line for line in check(cwd=project).stdout.splitlines())
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "clean.py").write_text("x = 1\n", encoding="utf-8")
    assert check("--statistics", cwd=clean).stdout == ""


def test_statistics_have_flake8s_layout(project):
    ours = check("--statistics", "member.py", cwd=project).stdout.splitlines()[3:]
    theirs = flake8("--statistics", "member.py", cwd=project).stdout.splitlines()[3:]
    assert len(ours) == len(theirs) == 2
    # flake8 repeats the first message of each code; we print the code's summary.
    for our_line, their_line in zip(ours, theirs, strict=True):
        count_and_code = re.match(r"\d+ +NEV\d+ ", their_line)  # "1     NEV101 "
        assert count_and_code is not None, their_line
        assert our_line.startswith(count_and_code.group())


def test_statistics_go_to_stderr_with_a_machine_format(project):
    completed = check("--statistics", "--format", "json", cwd=project)
    assert completed.stdout == check("--format", "json", cwd=project).stdout  # still one JSON object
    assert completed.stderr.splitlines()[-3:] == [
        _statistics_line(1, NEV101), _statistics_line(3, NEV102), _statistics_line(1, NEV103)
    ]


def test_quiet_statistics_keep_the_counts(project):
    completed = check("-q", "--statistics", cwd=project)
    assert completed.stdout.splitlines()[5:] == [
        _statistics_line(1, NEV101), _statistics_line(3, NEV102), _statistics_line(1, NEV103)
    ]
    assert completed.stderr == ""


# --show-source -----------------------------------------------------------------------


def test_show_source_prints_the_line_and_a_caret_as_flake8_does(project):
    ours = check("--show-source", "member.py", cwd=project).stdout.splitlines()
    theirs = flake8("--show-source", "member.py", cwd=project).stdout.splitlines()
    assert ours == theirs
    assert ours[:3] == [
        "member.py:5:5: " + ours[0].split(": ", 1)[1],
        "    religion = models.CharField(max_length=20)",
        "    ^",
    ]


def test_show_source_shows_sql_lines(project):
    lines = check("--show-source", "schema.sql", cwd=project).stdout.splitlines()
    assert lines[0].startswith(f"schema.sql:3:3: {NEV103} ")
    assert lines[1:] == ["  nationality text", "  ^"]


def test_show_source_lines_up_under_tabs(tmp_path):
    (tmp_path / "tabs.py").write_text(PERSON.replace("    ", "\t"), encoding="utf-8")
    lines = check("--show-source", cwd=tmp_path).stdout.splitlines()
    assert lines[1:] == ["\treligion = models.CharField(max_length=20)", "\t^"]


def test_show_source_escapes_control_characters_in_the_line(tmp_path):
    hostile = PERSON.replace(
        "religion = models.CharField(max_length=20)",
        'religion = models.CharField(help_text="\x1b]0;owned\x07\x1b[2J\u2028\x0c", max_length=20)',
    )
    (tmp_path / "hostile.py").write_text(hostile, encoding="utf-8")
    completed = check("--show-source", cwd=tmp_path)
    assert completed.returncode == 1
    assert ESC not in completed.stdout and "\x07" not in completed.stdout and "\u2028" not in completed.stdout
    assert completed.stdout.splitlines()[1:] == [
        '    religion = models.CharField(help_text="\\x1b]0;owned\\x07\\x1b[2J\\u2028\\x0c", max_length=20)',
        "    ^",
    ]


def test_show_source_caret_counts_escaped_characters(tmp_path):
    # A form feed before the field (Python reads it as whitespace): shown as `\x0c`,
    # four characters, so the caret moves four places with it.
    (tmp_path / "feed.py").write_text(PERSON.replace("    ", "\x0c    "), encoding="utf-8")
    lines = check("--show-source", cwd=tmp_path).stdout.splitlines()
    assert lines[1:] == ["\\x0c    religion = models.CharField(max_length=20)", "        ^"]


def test_no_source_without_the_switch_nor_in_machine_formats(project):
    assert len(check(cwd=project).stdout.splitlines()) == 5
    assert check("--show-source", "--format", "json", cwd=project).stdout == check("--format", "json", cwd=project).stdout


# --color -------------------------------------------------------------------------


def test_color_always_colours_as_flake8_does(project):
    ours = check("--color", "always", "member.py", cwd=project).stdout
    theirs = flake8("--color", "always", "member.py", cwd=project).stdout
    assert ours == theirs
    assert ours.startswith(f"{ESC}[1mmember.py{ESC}[m{ESC}[36m:{ESC}[m5{ESC}[36m:{ESC}[m5{ESC}[36m:{ESC}[m "
                           f"{ESC}[1m{ESC}[31m{NEV102}{ESC}[m ")


def test_color_never_and_piped_output_have_no_colour(project):
    plain = check(cwd=project)  # auto, and stdout is a pipe
    assert ESC not in plain.stdout
    assert check("--color", "never", cwd=project).stdout == plain.stdout
    assert check("--color", "auto", cwd=project).stdout == plain.stdout


def test_auto_colours_a_terminal(project):
    status, stdout = check_on_terminal("member.py", cwd=project, env=_env())
    assert status == 1
    assert f"{ESC}[31m{NEV102}" in stdout


@pytest.mark.parametrize("value", ["1", "0", "false"])
def test_no_color_turns_off_auto_colour_on_a_terminal(project, value):
    status, stdout = check_on_terminal("member.py", cwd=project, env=_env(NO_COLOR=value))
    assert status == 1
    assert ESC not in stdout
    assert f"member.py:5:5: {NEV102} " in stdout


def test_an_empty_no_color_is_not_set(project):
    # no-color.org: only a non-empty value counts.
    _, stdout = check_on_terminal("member.py", cwd=project, env=_env(NO_COLOR=""))
    assert f"{ESC}[31m{NEV102}" in stdout


def test_color_always_wins_over_no_color_as_in_flake8(project):
    ours = check("--color", "always", cwd=project, env=_env(NO_COLOR="1"))
    theirs = flake8("--color", "always", "member.py", cwd=project)
    assert f"{ESC}[31m{NEV102}" in ours.stdout
    assert ESC in theirs.stdout  # flake8 ignores NO_COLOR when told `always`


def test_color_never_on_a_terminal(project):
    _, stdout = check_on_terminal("--color", "never", "member.py", cwd=project, env=_env())
    assert ESC not in stdout


def test_colour_is_for_the_text_format_only_and_never_on_stderr(project):
    for format in ("json", "sarif", "github", "gitlab"):
        coloured = check("--color", "always", "--format", format, cwd=project)
        assert coloured.stdout == check("--format", format, cwd=project).stdout
    assert ESC not in check("--color", "always", cwd=project).stderr


def test_auto_does_not_colour_a_report_file(project):
    status, stdout = check_on_terminal("--output", "report.txt", "member.py", cwd=project, env=_env())
    assert status == 1 and stdout == ""
    assert ESC not in (project / "report.txt").read_text(encoding="utf-8")


def test_colour_cannot_be_driven_by_a_file_name(tmp_path):
    (tmp_path / "a\x1b[2Jb.py").write_text(PERSON, encoding="utf-8")
    stdout = check("--color", "always", cwd=tmp_path).stdout
    assert "a\\x1b[2Jb.py" in stdout
    assert f"{ESC}[2J" not in stdout


def test_all_switches_together(project):
    completed = check("--color", "always", "--show-source", "--statistics", "-q", "member.py", cwd=project)
    lines = completed.stdout.splitlines()
    assert len(lines) == 3 * 3 + 2  # three findings, each with its line and caret, then two counts
    assert lines[1:3] == ["    religion = models.CharField(max_length=20)", "    ^"]
    assert lines[-1] == _statistics_line(2, NEV102)
    assert completed.stderr == ""


# --exit-zero ---------------------------------------------------------------------


def test_exit_zero_reports_the_findings_and_exits_zero(project):
    completed = check("--exit-zero", cwd=project)
    assert completed.returncode == 0
    assert len(finding_lines(completed.stdout)) == 5
    assert check(cwd=project).returncode == 1  # must-not: findings fail the run without it


def test_exit_zero_never_hides_a_usage_error(project):
    completed = check("--exit-zero", "--format", "json", "--output-format", "text", cwd=project)
    assert completed.returncode == 2
