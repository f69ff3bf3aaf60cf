"""A run with findings ends its text notes with how to record a review.

A blocked pre-commit hook shows that line last, so the person whose commit
stopped reads what to write next. The real `neveragain check` in a
subprocess, on a small project in a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flake8_neveragain.reports import FORMATS
from flake8_neveragain.rules.registry import NEV102, NEV103

MODELS = """\
from django.db import models


class Person(models.Model):
    religion = models.CharField(max_length=20)
"""
# Sorted first (a.sql before b_models.py), so its code is the one the hint names.
SCHEMA = "CREATE TABLE person (\n  id integer,\n  nationality text\n);\n"


def hint(code: str) -> str:
    return (f'neveragain: to record a review, add "# noqa: {code} -- reviewed: <why>" to the reported line '
            '("-- noqa: ..." in SQL), or run "neveragain review --add-noqa"')


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "a.sql").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "b_models.py").write_text(MODELS, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("switches", [(), ("--statistics",), ("--show-source",), ("--color", "always")])
def test_the_last_note_says_how_to_record_a_review_of_the_first_code(run_cli, project, switches):
    completed = run_cli("check", "--isolated", *switches, ".", cwd=project)
    assert completed.returncode == 1, completed.stderr
    assert completed.stderr.splitlines() == ["neveragain: 2 findings in 2 files checked", hint(NEV103)]


def test_the_hint_follows_the_first_code_reported(run_cli, project):
    (project / "a.sql").unlink()
    completed = run_cli("check", "--isolated", ".", cwd=project)
    assert completed.returncode == 1, completed.stderr
    assert completed.stderr.splitlines()[-1] == hint(NEV102)


def test_no_hint_when_there_is_nothing_to_review(run_cli, tmp_path):
    (tmp_path / "clean.py").write_text("shipping_country = 'NL'\n", encoding="utf-8")
    # A reviewed finding is silenced: nothing is left to review.
    (tmp_path / "reviewed.py").write_text(
        MODELS.replace("max_length=20)", "max_length=20)  # noqa: NEV102 -- reviewed: EEO-1 reporting"),
        encoding="utf-8",
    )
    completed = run_cli("check", "--isolated", ".", cwd=tmp_path)
    assert (completed.returncode, completed.stdout) == (0, "")
    assert completed.stderr == "neveragain: 0 findings in 2 files checked\n"


def test_no_hint_for_a_file_that_could_not_be_checked(run_cli, tmp_path):
    (tmp_path / "broken.py").write_text("def broken(:\n", encoding="utf-8")
    completed = run_cli("check", "--isolated", ".", cwd=tmp_path)
    assert completed.returncode == 1
    assert "to record a review" not in completed.stderr
    assert completed.stderr.splitlines()[-1].startswith("neveragain: 0 findings in 1 file checked")


@pytest.mark.parametrize("switch", ["-q", "--quiet"])
def test_quiet_leaves_the_hint_out(run_cli, project, switch):
    completed = run_cli("check", "--isolated", switch, ".", cwd=project)
    assert completed.returncode == 1
    assert completed.stdout.count("\n") == 2
    assert completed.stderr == ""


@pytest.mark.parametrize("format", [format for format in FORMATS if format != "text"])
def test_machine_formats_print_no_hint(run_cli, project, format):
    """Their output is for a program; they print no notes today, and the hint is a note."""
    completed = run_cli("check", "--isolated", "--format", format, ".", cwd=project)
    assert completed.returncode == 1
    assert "to record a review" not in completed.stdout + completed.stderr
