"""Annotated fixtures: every file under tests/fixtures/ and examples/ says what it must report.

    religion = models.CharField(max_length=20)  # expect: NEV102
    ALTER TABLE person ADD COLUMN citizenship text;  -- expect: NEV103

The convention, all of it:
- `# expect: NEV102` (in SQL `-- expect: NEV102`) means "NEV102 is reported on this
  line": the finding's `line` is the annotated line. A finding on a statement that
  spans several lines is reported on one of them (the field's name, the keyword
  argument, the column); the annotation goes on that line.
- Several codes on one line: `# expect: NEV101, NEV102`. Words after the codes are a
  note for the reader: `# expect: NEV102 (from the choices' values)`.
- A line without an annotation must stay silent. A file is exact: the set of
  (line, code) the tool reports equals the set annotated, so a file without any
  annotation must report nothing.
- Every code is on, the ones off by default included (as `--select NEV`): a silent
  line is silent for every rule, and a fixture needs no header to test an opt-in
  code. (A `# select:` header was left out on purpose: adding a line to a fixture
  moves every finding below it, and the fixtures' reports must stay byte-identical.)
- `# expect:` is an ordinary comment: unlike `# noqa` it changes nothing the tool
  reports. A `# noqa` in a fixture is applied, as the CLI applies it.
- The marker is found by text, so `# expect` or `-- expect` followed by anything but
  codes is an error here (a typo must not silently turn a check off).

Every file the tool checks (.py, .sql, .ddl) under those two folders is collected:
adding a fixture is adding an annotated file, nothing else. Each runs through the real
engine in this process, as the CLI analyses a file (decoding, parsing, `# noqa`); one
more test runs the real CLI in a subprocess over examples/, as a user would, and expects
the annotations of the codes that are on by default.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from conftest import REPO
from flake8_neveragain.cli.discovery import PYTHON_SUFFIXES
from flake8_neveragain.config.selection import CodeSelection
from flake8_neveragain.config.settings import Settings
from flake8_neveragain.engine import Analyser, analyse_python_file, analyse_sql_file
from flake8_neveragain.findings import Finding
from flake8_neveragain.rules.registry import RULES

ANNOTATED_FOLDERS = (REPO / "tests" / "fixtures", REPO / "examples")
SQL_SUFFIXES = Settings().sql_extensions
CHECKED_SUFFIXES = (*PYTHON_SUFFIXES, *SQL_SUFFIXES)
KNOWN_CODES = frozenset(rule.code for rule in RULES)

# `#` is a comment in Python (and MySQL), `--` in SQL, including SQL inside a Python string.
MARKER = re.compile(r"(?:#|--)[ \t]*expect\b")
# The codes, then optionally a note; a comma after the last code means a code was misspelt.
ANNOTATION = re.compile(r"(?:#|--)[ \t]*expect:[ \t]*(?P<codes>NEV\d{3}\b(?:[ \t]*,[ \t]*NEV\d{3}\b)*)(?![ \t]*,)")

Expected = set[tuple[int, str]]


def expectations(text: str) -> Expected:
    """The (line, code) pairs a file's annotations promise; ValueError for a malformed one."""
    expected: Expected = set()
    for number, line in enumerate(text.splitlines(), start=1):
        for marker in MARKER.finditer(line):
            annotation = ANNOTATION.match(line, marker.start())
            if annotation is None:
                raise ValueError(f"line {number}: write the codes after the marker, as in `# expect: NEV101, NEV102`")
            for code in re.split(r"[ \t]*,[ \t]*", annotation.group("codes")):
                if code not in KNOWN_CODES:
                    raise ValueError(f"line {number}: {code} is not a rule code")
                expected.add((number, code))
    return expected


def annotated_files() -> list[Path]:
    """Every file the tool checks under the annotated folders, in a stable order."""
    return sorted(
        path for folder in ANNOTATED_FOLDERS for path in folder.rglob("*")
        if path.suffix in CHECKED_SUFFIXES and path.is_file()
    )


def relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


@functools.cache
def analyser() -> Analyser:
    """One analyser for all files, as one CLI run has."""
    return Analyser(Settings())


def reported(path: Path) -> list[Finding]:
    """What the engine reports for the file, as the CLI analyses it from the repository root."""
    analyse = analyse_sql_file if path.suffix in SQL_SUFFIXES else analyse_python_file
    analysis = analyse(path, relative(path), analyser())
    assert analysis.errors == ()
    return list(analysis.findings)


@pytest.mark.parametrize("path", annotated_files(), ids=relative)
def test_file_reports_exactly_what_it_annotates(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # a migration's siblings are read relative to the working directory
    expected = expectations(path.read_text(encoding="utf-8"))
    findings = reported(path)
    missing = sorted(expected - {(f.line, f.code) for f in findings})
    unexpected = sorted((f.line, f.code, f.symbol, f.evidence) for f in findings if (f.line, f.code) not in expected)
    assert (missing, unexpected) == ([], [])


def test_the_cli_reports_exactly_the_annotated_default_codes_in_examples(run_json) -> None:
    status, report = run_json("examples")
    on_by_default = CodeSelection()
    expected = {
        (relative(path), line, code)
        for path in annotated_files() if path.is_relative_to(REPO / "examples")
        for line, code in expectations(path.read_text(encoding="utf-8"))
        if on_by_default.is_selected(code)
    }
    found = {(finding["path"], finding["line"], finding["code"]) for finding in report["findings"]}
    assert (sorted(expected - found), sorted(found - expected)) == ([], [])
    assert (status, report["errors"]) == (1, [])


# --- the convention itself -------------------------------------------------------------------

def test_annotations_read_one_or_several_codes_with_a_note_after_them() -> None:
    text = (
        "race = Column(String)  # expect: NEV101\n"
        "notes = Column(String)\n"
        "faith = Column(String)  # expect: NEV102, NEV101 (a note for the reader)\n"
        "    citizenship text,  -- expect: NEV103\n"
    )
    assert expectations(text) == {(1, "NEV101"), (3, "NEV102"), (3, "NEV101"), (4, "NEV103")}


@pytest.mark.parametrize("line", [
    "race = Column(String)  # expect NEV101",
    "race = Column(String)  # expect:",
    "race = Column(String)  # expect: NEV1O1",
    "race = Column(String)  # expect: NEV1011",
    "race = Column(String)  # expect: NEV101, NEV1O2",
    "race text  -- expect: race",
    "race = Column(String)  # expect: NEV107",
])
def test_a_malformed_annotation_is_an_error_not_a_silent_line(line: str) -> None:
    with pytest.raises(ValueError, match="line 1"):
        expectations(line + "\n")
