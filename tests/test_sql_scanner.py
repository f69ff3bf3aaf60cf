"""The SQL statement scanner, the first-keyword check and the position helper."""

from __future__ import annotations

import pytest

from flake8_neveragain.sql.kinds import StatementKind, statement_kind
from flake8_neveragain.sql.positions import Positions
from flake8_neveragain.sql.scanner import StatementScanner


def split(text: str) -> list[str]:
    scanner = StatementScanner(text)
    return [text[statement.start:statement.end] for statement in scanner.statements()]


def problems(text: str) -> list[str]:
    scanner = StatementScanner(text)
    list(scanner.statements())
    return [problem.describe(lambda offset: text.count("\n", 0, offset) + 1)
            for problem in scanner.problems]


# --- splitting -------------------------------------------------------------

def test_semicolons_split_and_leading_comments_are_skipped():
    text = "-- head\nCREATE TABLE a (x int);\n/* c; */ INSERT INTO b VALUES (1);\n# note;\nSELECT 1"
    assert split(text) == ["CREATE TABLE a (x int)", "INSERT INTO b VALUES (1)", "SELECT 1"]


def test_statement_offsets_point_at_the_first_keyword():
    text = "  \n-- x\n  CREATE TABLE a (x int);"
    (statement,) = StatementScanner(text).statements()
    assert text[statement.start:].startswith("CREATE")


@pytest.mark.parametrize("literal", [
    "'a;b'", "'it''s; fine'", r"'O\'Brien; x'", '"odd;name"', "`odd;name`", "$$ a; b $$",
    "$body$ a; $$ b; $body$", "E'\\n;'",
])
def test_semicolons_inside_literals_do_not_split(literal):
    assert split(f"INSERT INTO t VALUES ({literal}); SELECT 2") == [
        f"INSERT INTO t VALUES ({literal})", "SELECT 2"]


@pytest.mark.parametrize("comment", ["-- a; b\n", "/* a; b */", "# a; b\n", "/* it's */"])
def test_semicolons_and_quotes_inside_comments_do_not_split(comment):
    assert split(f"SELECT 1 {comment}+ 1; SELECT 2") == [f"SELECT 1 {comment}+ 1", "SELECT 2"]


def test_hash_names_are_not_comments():
    # T-SQL temp tables (#t, ##t) and PostgreSQL's #> operator
    assert split("CREATE TABLE #t (a int); SELECT d #>> '{a}'; SELECT 3") == [
        "CREATE TABLE #t (a int)", "SELECT d #>> '{a}'", "SELECT 3"]


def test_dollar_inside_names_is_not_a_dollar_quote():
    assert split("SELECT a$b$c; SELECT $1; SELECT 2") == ["SELECT a$b$c", "SELECT $1", "SELECT 2"]


def test_tsql_go_and_sqlplus_slash_separate_batches():
    text = "CREATE TABLE a (x int)\nGO\nCREATE TABLE b (y int)\n  go 5\nBEGIN NULL; END;\n/\nSELECT 1"
    assert split(text) == ["CREATE TABLE a (x int)", "CREATE TABLE b (y int)", "BEGIN NULL",
                           "END", "SELECT 1"]


def test_create_or_alter_at_line_start_starts_a_statement_without_semicolon():
    text = ("IF OBJECT_ID('t') IS NULL\nCREATE TABLE t (a int)\n  ALTER TABLE t ADD b int\n"
            "INSERT INTO t VALUES (1)")
    assert split(text) == ["IF OBJECT_ID('t') IS NULL", "CREATE TABLE t (a int)",
                           "ALTER TABLE t ADD b int\nINSERT INTO t VALUES (1)"]


def test_do_block_bodies_are_scanned_as_statements():
    text = ("DO $$ BEGIN\n  CREATE TYPE religion AS ENUM ('a');\n"
            "EXCEPTION WHEN duplicate_object THEN null;\nEND $$;\nSELECT 1")
    assert split(text) == ["BEGIN", "CREATE TYPE religion AS ENUM ('a')",
                           "EXCEPTION WHEN duplicate_object THEN null", "END", "SELECT 1"]


def test_function_bodies_stay_one_literal():
    text = "CREATE FUNCTION f() RETURNS int AS $$ CREATE TABLE x (a int); $$ LANGUAGE sql;\nSELECT 1"
    assert split(text) == [
        "CREATE FUNCTION f() RETURNS int AS $$ CREATE TABLE x (a int); $$ LANGUAGE sql", "SELECT 1"]


def test_copy_from_stdin_data_is_skipped():
    text = ("COPY t (a, b) FROM stdin;\n1\tit's; CREATE TABLE x (race text);\n\\.\n"
            "CREATE TABLE y (a int);")
    assert split(text) == ["COPY t (a, b) FROM stdin", "CREATE TABLE y (a int)"]
    assert problems(text) == []


def test_copy_from_a_file_has_no_inline_data():
    assert split("COPY t FROM '/tmp/x.csv';\nSELECT 1") == ["COPY t FROM '/tmp/x.csv'", "SELECT 1"]


# --- broken input ------------------------------------------------------------

def test_unterminated_string_resumes_at_next_statement_line():
    text = "CREATE TABLE a (x int);\nINSERT INTO t VALUES ('oops);\nsome text\nCREATE TABLE b (y int);"
    assert split(text) == ["CREATE TABLE a (x int)", "CREATE TABLE b (y int)"]
    assert problems(text) == ["unterminated string starting at line 2; resumed at line 4"]


def test_stray_quote_swallowing_statements_is_detected():
    text = ("INSERT INTO t VALUES ('oops);\nCREATE TABLE b (y int);\n"
            "INSERT INTO t VALUES ('fine');\nCREATE TABLE c (z int);")
    assert split(text) == ["CREATE TABLE b (y int)", "INSERT INTO t VALUES ('fine')",
                           "CREATE TABLE c (z int)"]
    assert problems(text) == [
        "string starting at line 1 runs into the next statement; treated as unterminated; resumed at line 2"]


def test_multiline_strings_without_statement_lines_are_fine():
    text = "COMMENT ON TABLE t IS 'Holds people;\nUse with care';\nSELECT 1"
    assert split(text) == ["COMMENT ON TABLE t IS 'Holds people;\nUse with care'", "SELECT 1"]
    assert problems(text) == []


@pytest.mark.parametrize(("opener", "what"), [
    ("/* never closed", "comment"),
    ("$tag$ never closed", "dollar-quoted string $tag$"),
    ('"never closed', "quoted identifier"),
    ("`never closed", "quoted identifier"),
])
def test_other_unterminated_constructs(opener, what):
    text = f"SELECT 1;\nSELECT {opener}\nCREATE TABLE b (y int);"
    assert split(text) == ["SELECT 1", "CREATE TABLE b (y int)"]
    assert problems(text) == [f"unterminated {what} starting at line 2; resumed at line 3"]


def test_unterminated_at_the_end_stops_there():
    assert split("SELECT 1; SELECT 'abc") == ["SELECT 1"]
    assert problems("SELECT 1; SELECT 'abc") == [
        "unterminated string starting at line 1; the rest of the text was not analysed"]


def test_copy_data_without_end_marker():
    assert problems("COPY t FROM stdin;\n1\t2\n") == [
        "COPY data starting at line 2 has no end marker (\\.); the rest of the text was not analysed"]


def test_recoveries_are_bounded():
    text = "SELECT /* a\n" * 50 + "CREATE TABLE t (a int);"
    found = problems(text)
    assert len(found) == 11
    assert found[-1].startswith("too many unterminated strings or comments")


# --- first keyword -----------------------------------------------------------

@pytest.mark.parametrize(("statement", "kind"), [
    ("CREATE TABLE t (a int)", StatementKind.CREATE_TABLE),
    ("create or replace temporary table t (a int)", StatementKind.CREATE_TABLE),
    ("CREATE GLOBAL TEMPORARY TABLE t (a int)", StatementKind.CREATE_TABLE),
    ("CREATE UNLOGGED TABLE t (a int)", StatementKind.CREATE_TABLE),
    ("CREATE EXTERNAL TABLE t (a int)", StatementKind.CREATE_TABLE),
    ("CREATE OR REPLACE TRANSIENT TABLE t (a int)", StatementKind.CREATE_TABLE),
    ("CREATE VIRTUAL TABLE t USING fts5(a)", StatementKind.CREATE_TABLE),
    ("CREATE /* why */ TABLE t (a int)", StatementKind.CREATE_TABLE),
    ("CREATE TYPE t AS ENUM ('a')", StatementKind.CREATE_TYPE),
    ("CREATE MATERIALIZED VIEW v AS SELECT 1", StatementKind.CREATE_VIEW),
    ("CREATE OR ALTER VIEW v AS SELECT 1", StatementKind.CREATE_VIEW),
    ("CREATE ALGORITHM=UNDEFINED DEFINER=`u`@`%` SQL SECURITY DEFINER VIEW v AS SELECT 1",
     StatementKind.CREATE_VIEW),
    ("ALTER TABLE t ADD COLUMN a int", StatementKind.ALTER_TABLE),
    ("ALTER TABLE t RENAME COLUMN a TO b", StatementKind.ALTER_TABLE),
    ("ALTER TABLE t CHANGE a b int", StatementKind.ALTER_TABLE),
])
def test_statements_that_can_define_names(statement, kind):
    assert statement_kind(statement, 0, len(statement)) is kind


@pytest.mark.parametrize("statement", [
    "INSERT INTO t VALUES ('CREATE TABLE')", "UPDATE t SET a = 'ALTER TABLE'", "DELETE FROM t",
    "COPY t FROM stdin", "SELECT 1", "SET search_path = public", "CREATE INDEX i ON t (a)",
    "CREATE INDEX i ON TABLE t (a)", "CREATE SEQUENCE s", "CREATE FUNCTION f() RETURNS int",
    "DROP TABLE t", "ALTER TABLE t OWNER TO postgres", "ALTER TABLE ONLY t ADD CONSTRAINT pk PRIMARY KEY (a)",
    "ALTER TABLE t ALTER COLUMN a DROP DEFAULT", "ALTER TABLE t DROP COLUMN race",
    "ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES b (id)", "ALTER SEQUENCE s OWNED BY t.a",
    "COMMENT ON COLUMN t.race IS 'x'", "GRANT ALTER ON t TO u",
])
def test_statements_that_cannot_define_names_are_dropped(statement):
    assert statement_kind(statement, 0, len(statement)) is None


# --- positions -----------------------------------------------------------------

def test_positions_are_one_based_and_use_offsets():
    positions = Positions("ab\ncd\n\nef")
    assert positions.line_column(0) == (1, 1)
    assert positions.line_column(4) == (2, 2)
    assert positions.line_column(7) == (4, 1)
    assert positions.span(3, 5).end_column == 3


def test_line_and_column_offsets_shift_only_the_first_line():
    positions = Positions("ab\ncd", line_offset=10, column_offset=7)
    assert positions.line_column(1) == (11, 9)
    assert positions.line_column(4) == (12, 2)
