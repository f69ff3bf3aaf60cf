"""Line numbering a CI gate can trust (issue 11: d07, d16).

One line splitter (files/lines.py) that agrees with Python's tokenizer: lines end at
\\r\\n, \\r and \\n only. Form feeds, \\x1c-\\x1e, NEL and U+2028/2029 are ordinary
characters, so a noqa comment is read from the line it is written on, the SQL
positions count the same lines, and a CR-only SQL file is read line by line.
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import subprocess
import sys
import tokenize
from itertools import cycle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_neveragain.encryption.sql_at_rest import find_at_rest_facts
from flake8_neveragain.files.lines import (
    line_starts,
    split_lines,
    strip_line_end,
    tokenizer_readline,
)
from flake8_neveragain.review.noqa import line_texts
from flake8_neveragain.sql import extract_sql_facts
from flake8_neveragain.sql.positions import Positions
from flake8_neveragain.sql.scanner import StatementScanner

# Characters str.splitlines() breaks at but Python's tokenizer does not.
ODD = {"vt": "\x0b", "ff": "\x0c", "fs": "\x1c", "gs": "\x1d", "rs": "\x1e", "nel": "\x85",
       "ls": "\u2028", "ps": "\u2029"}
# Line end styles; "mixed" cycles through all three.
ENDS = {"lf": ["\n"], "crlf": ["\r\n"], "cr": ["\r"], "mixed": ["\r\n", "\r", "\n"]}


def join(lines: list[str], ends: list[str]) -> str:
    end = cycle(ends)
    return "".join(line + next(end) for line in lines)


def env() -> dict[str, str]:
    values = dict(os.environ)
    values.pop("PYTHONWARNINGS", None)
    return values


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # -P: the scanned tree must not shadow installed modules (python -m puts cwd first).
    return subprocess.run([sys.executable, "-P", "-m", "flake8_neveragain", *args], check=False, cwd=cwd,
                          capture_output=True, text=True, env=env(), timeout=300)


def flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-P", "-m", "flake8", *args], check=False, cwd=cwd,
                          capture_output=True, text=True, env=env(), timeout=300)


def write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


# --- the splitter ---------------------------------------------------------------------

LINE_TEXT = st.lists(st.sampled_from(["a", " ", "#", "\r", "\n", "\r\n", *ODD.values()]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(LINE_TEXT)
def test_split_lines_agrees_with_universal_newlines(text: str) -> None:
    ours = split_lines(text, keepends=True)
    assert "".join(ours) == text
    universal = io.StringIO(text, newline=None).readlines()  # what open() and flake8 read
    assert [strip_line_end(line) for line in ours] == [line.removesuffix("\n") for line in universal]
    assert split_lines(text) == [strip_line_end(line) for line in ours]
    for line in ours:
        assert "\r" not in strip_line_end(line) and "\n" not in strip_line_end(line)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", " ", "\n", "\t"]), max_size=60))
def test_split_lines_is_splitlines_without_odd_characters(text: str) -> None:
    assert split_lines(text) == text.splitlines()
    assert split_lines(text, keepends=True) == text.splitlines(keepends=True)


@settings(max_examples=200, deadline=None)
@given(LINE_TEXT)
def test_sql_positions_count_the_splitters_lines(text: str) -> None:
    positions = Positions(text)
    starts = line_starts(text)
    lines = split_lines(text, keepends=True)
    offset = 0
    for number, line in enumerate(lines, start=1):
        assert starts[number - 1] == offset
        for column in range(1, len(line) + 1):
            assert positions.line_column(offset + column - 1) == (number, column)
        offset += len(line)


@pytest.mark.parametrize("odd", ODD.values(), ids=ODD.keys())
@pytest.mark.parametrize("ends", ENDS.values(), ids=ENDS.keys())
def test_tokenizer_lines_are_the_ast_lines(odd: str, ends: list[str]) -> None:
    source = join([f'a = "x{odd}y"  # c{odd}d', f"b = 2  # e{odd}", f'c = """{odd}', f'{odd}"""', "d = 4"], ends)
    tree = ast.parse(source)
    assigned = {node.targets[0].id: node.lineno for node in tree.body}
    tokens = {token.string: token.start[0] for token in tokenize.generate_tokens(tokenizer_readline(source))
              if token.type == tokenize.NAME}
    assert tokens == assigned == {"a": 1, "b": 2, "c": 3, "d": 5}
    texts = line_texts(source)
    assert "# e" in texts[2] and texts[3] == texts[4] and "d = 4" in texts[5]
    assert [text.strip() for text in split_lines(source)][4] == "d = 4"


# --- d07: the CLI and flake8 read noqa from the same line -----------------------------

def python_case(odd: str, ends: list[str], reviewed: bool) -> str:
    race = "    race = models.CharField()" + ("  # noqa: NEV101 -- reviewed: census form" if reviewed else "")
    return join([
        "from django.db import models",
        f'NOTE = "a{odd}b"  # see{odd}below',
        'SQL = """CREATE TABLE t (',
        f"  notes text, -- see{odd}the docs",
        "  race text",
        ')"""  # noqa: NEV101 -- reviewed: fixture' if reviewed else ')"""',
        "def run(cursor):",
        "    cursor.execute(SQL)",
        "class P(models.Model):",
        "    notes = models.TextField()  # noqa: NEV101 -- reviewed: not race",
        race,
    ], ends)


def sql_case(odd: str, ends: list[str], reviewed: bool) -> str:
    return join([
        f"CREATE TABLE t ( -- see{odd}the docs",
        f"  notes text, -- noqa: NEV101 {odd}",
        "  race text" + (" -- noqa: NEV101 -- reviewed: census form" if reviewed else ""),
        ");",
    ], ends)


@pytest.fixture(scope="module")
def odd_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("odd")
    for odd_name, odd in ODD.items():
        for end_name, ends in ENDS.items():
            for reviewed in (False, True):
                stem = f"{'rev' if reviewed else 'odd'}_{odd_name}_{end_name}"
                write(root / f"{stem}.py", python_case(odd, ends, reviewed))
                write(root / f"{stem}.sql", sql_case(odd, ends, reviewed))
    return root


def test_noqa_after_odd_characters_stays_on_its_line(odd_tree: Path) -> None:
    completed = cli("check", "--format", "json", ".", cwd=odd_tree)
    assert completed.returncode == 1, completed.stderr
    report = json.loads(completed.stdout)
    assert report["errors"] == []
    found: dict[str, set[tuple[int, str, str]]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["path"], set()).add((finding["line"], finding["code"], finding["symbol"]))
    expected: dict[str, set[tuple[int, str, str]]] = {}
    for odd_name in ODD:
        for end_name in ENDS:
            # The `notes` noqa must not silence `race`, whatever comes before it.
            expected[f"odd_{odd_name}_{end_name}.py"] = {(5, "NEV101", "t.race"), (11, "NEV101", "P.race")}
            expected[f"odd_{odd_name}_{end_name}.sql"] = {(3, "NEV101", "t.race")}
    assert found == expected  # and the reviewed copies (noqa on the race lines) report nothing
    for finding in report["findings"]:  # line and column point at the name, as the splitter counts lines
        text = (odd_tree / finding["path"]).read_bytes().decode("utf-8")
        line = split_lines(text)[finding["line"] - 1]
        if finding["path"].endswith(".sql") or finding["symbol"] == "t.race":
            assert line[finding["column"] - 1:].startswith("race"), finding  # SQL columns count characters
        else:
            assert line.encode("utf-8")[finding["column"] - 1:].startswith(b"race"), finding  # ast: bytes


def test_flake8_reports_what_the_cli_reports(odd_tree: Path) -> None:
    # Every code on in both, so NEV001 on the stale noqa of `notes` must land on the same line too.
    completed = cli("check", "--select", "NEV", "--format", "json", ".", cwd=odd_tree)
    ours = {(finding["path"], finding["line"], finding["column"], finding["code"])
            for finding in json.loads(completed.stdout)["findings"] if finding["path"].endswith(".py")}
    run = flake8("--select", "NEV", ".", cwd=odd_tree)
    assert run.returncode == 1, run.stderr
    theirs = set()
    for line in run.stdout.splitlines():
        match = re.match(r"\./(.+?):(\d+):(\d+): (NEV\d+) ", line)
        assert match, line
        theirs.add((match[1], int(match[2]), int(match[3]), match[4]))
    assert theirs == ours
    # The unreviewed file: race in SQL and in the model, and NEV001; the reviewed one: NEV001.
    assert len(ours) == 4 * len(ODD) * len(ENDS)


# --- d16: CR-only SQL -----------------------------------------------------------------

D16 = ["CREATE TABLE a (id int); -- first table", "CREATE TABLE b (", "  religion text,",
       "  race text -- noqa: NEV101", ");", ""]


@pytest.mark.parametrize("ends", ENDS.values(), ids=ENDS.keys())
def test_cr_only_sql_is_read_line_by_line(tmp_path: Path, ends: list[str]) -> None:
    write(tmp_path / "d16.sql", join(D16, ends))
    completed = cli("check", "--format", "json", "d16.sql", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    report = json.loads(completed.stdout)
    assert report["errors"] == []
    # The comment ends at its line; the noqa on the race line applies to that line only.
    assert [(f["line"], f["column"], f["code"], f["symbol"]) for f in report["findings"]] == [
        (3, 3, "NEV102", "b.religion")]


SCANNER_CASES = {
    "comments": "-- head\nCREATE TABLE a (x int); -- tail ; not a statement\n# mysql comment ;\nCREATE TABLE b (y int)",
    "no_semicolons": "CREATE TABLE a (x int)\nCREATE TABLE b (y int)\n  ALTER TABLE b ADD z int\n",
    "batches": "CREATE TABLE a (x int)\nGO\nCREATE TABLE b (y int)\n/\nSELECT 1\nGO 2\n",
    "copy": "COPY t (a) FROM stdin;\nx;y\n-- CREATE TABLE no (z int);\n\\.\nCREATE TABLE c (d int);\n",
    "unterminated": "INSERT INTO t VALUES ('never closed);\nCREATE TABLE ok (religion text);\n",
    "runs_into": "INSERT INTO t VALUES ('a;\nCREATE TABLE ok (race text);\nINSERT INTO t VALUES ('b');\n",
    "do_block": "DO $$ BEGIN\nCREATE TYPE faith AS ENUM ('a');\nEND $$;\nCREATE TABLE x (y int);",
    "block_comment": "/* a\n-- b ; */\nCREATE TABLE t (\n  c int -- d ;\n);",
}


@pytest.mark.parametrize("text", SCANNER_CASES.values(), ids=SCANNER_CASES.keys())
def test_scanner_reads_cr_and_crlf_as_lf(text: str) -> None:
    def scan(source: str) -> tuple[list[tuple[int, int]], list[tuple[int, str, int | None]]]:
        scanner = StatementScanner(source)
        statements = [(statement.start, statement.end) for statement in scanner.statements()]
        return statements, [(problem.offset, problem.reason, problem.resume) for problem in scanner.problems]

    lf = scan(text)
    assert lf[0], "the case must have statements"
    assert scan(text.replace("\n", "\r")) == lf  # one character for one: the same offsets
    crlf_text = text.replace("\n", "\r\n")
    crlf = StatementScanner(crlf_text)
    assert [crlf_text[s.start:s.end].replace("\r\n", "\n") for s in crlf.statements()] == [
        text[start:end] for start, end in lf[0]]
    assert len(crlf.problems) == len(lf[1])


@pytest.mark.parametrize("ends", ENDS.values(), ids=ENDS.keys())
def test_sql_facts_and_at_rest_findings_have_the_same_lines(ends: list[str]) -> None:
    lines = ["-- people", "CREATE TABLE people ( -- holds \u2028 notes", "  id int, -- x\x0c",
             "  religion text,", "  race text", ") ENCRYPTION='N';", "# note", "ALTER TABLE people ADD caste text;"]
    text = join(lines, ends)
    facts, problems = extract_sql_facts(text)
    assert problems == []
    assert [(fact.name, fact.span.line, fact.span.column) for fact in facts] == [
        ("people", 2, 14), ("id", 3, 3), ("religion", 4, 3), ("race", 5, 3), ("caste", 8, 24)]
    assert [(fact.symbol, fact.span.line) for fact in find_at_rest_facts(text)] == [("people (table)", 6)]


def test_review_adds_noqa_on_the_reported_line(tmp_path: Path) -> None:
    sql = join([*D16[:3], "  race text", ");", ""], ["\r"])
    python = python_case("\x0c", ["\r"], False)
    write(tmp_path / "cr.sql", sql)
    write(tmp_path / "ff.py", python)
    completed = cli("review", "--add-noqa", "--reason", "census form", ".", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    new_sql = (tmp_path / "cr.sql").read_bytes().decode("utf-8")
    new_python = (tmp_path / "ff.py").read_bytes().decode("utf-8")
    assert "\n" not in new_sql and "\n" not in new_python  # line ends kept
    sql_lines, python_lines = split_lines(new_sql), split_lines(new_python)
    assert len(sql_lines) == len(split_lines(sql)) and len(python_lines) == len(split_lines(python))
    assert "reviewed: census form" in sql_lines[2] and "reviewed: census form" in sql_lines[3]
    assert "reviewed: census form" in python_lines[5] and "reviewed: census form" in python_lines[10]
    assert "census" not in python_lines[9]  # the notes line keeps its own noqa
    again = cli("check", "--format", "json", ".", cwd=tmp_path)
    assert again.returncode == 0 and json.loads(again.stdout)["findings"] == [], again.stdout


@pytest.mark.parametrize("odd", ODD.values(), ids=ODD.keys())
def test_a_noqa_reason_stays_one_line(odd: str) -> None:
    from flake8_neveragain.review.noqa import SQL_NOQA_INLINE, suppression_for

    # The character no longer ends the line, but a reason never carries it into a report.
    found = suppression_for("NEV101", f"race text -- noqa: NEV101 -- reviewed: census{odd}form", SQL_NOQA_INLINE)
    assert found is not None and found.reason == "census"
