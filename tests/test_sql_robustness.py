"""Bad and big input: never raise, never hang, keep what can be kept; data
statements are never tokenised; sqlparse loads only when DDL needs it."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import flake8_neveragain.sql as sql_package
from flake8_neveragain.files.lines import line_starts
from flake8_neveragain.sql import extract_sql_facts, lexer
from flake8_neveragain.sql.context import MAX_SIBLINGS


def names(found) -> list[str]:
    return [fact.symbol for fact in found]


def assert_sane(text: str, facts, problems) -> None:
    assert all(isinstance(problem, str) and "\n" not in problem for problem in problems)
    line_count = len(line_starts(text))  # lines end at \r\n, \r or \n, as the tokenizer counts
    for fact in facts:
        span = fact.span
        assert 1 <= span.line <= span.end_line <= line_count
        assert span.column >= 1 and span.end_column >= 1
        assert (span.line, span.column) <= (span.end_line, span.end_column)


# --- broken statements: findings before and after are kept ---------------------------

@pytest.mark.parametrize("broken", [
    "INSERT INTO t VALUES ('unterminated);",
    'CREATE TABLE "broken (x int);',
    "SELECT /* never closed",
    "SELECT $x$ never closed",
    "INSERT INTO t VALUES (`x);",
])
def test_findings_before_and_after_a_broken_statement_are_kept(broken):
    text = (f"CREATE TABLE a (race text);\n{broken}\n"
            "CREATE TABLE b (religion text);\nINSERT INTO c VALUES ('fine');\n"
            "ALTER TABLE b ADD COLUMN caste text;\n")
    facts, problems = extract_sql_facts(text)
    assert names(facts) == ["a", "a.race", "b", "b.religion", "b.caste"]
    assert len(problems) == 1 and "line 2" in problems[0]


def test_a_reader_failure_costs_only_its_statement(monkeypatch):
    from flake8_neveragain.sql import readers
    from flake8_neveragain.sql.kinds import StatementKind

    def explode(stream, context):
        raise IndexError("boom")

    monkeypatch.setitem(readers.READERS, StatementKind.CREATE_TYPE, explode)
    facts, problems = extract_sql_facts(
        "CREATE TABLE a (race text);\nCREATE TYPE t AS ENUM ('x');\nCREATE TABLE b (caste text);")
    assert names(facts) == ["a", "a.race", "b", "b.caste"]
    assert problems == [
        "CREATE TYPE statement at line 2 could not be analysed (IndexError: boom); skipped"]


def test_statements_over_the_size_limit_are_reported_and_skipped(monkeypatch):
    monkeypatch.setattr(sql_package, "MAX_STATEMENT_CHARS", 100)
    wide = ", ".join(f"c{i} int" for i in range(50))
    facts, problems = extract_sql_facts(f"CREATE TABLE small (race text);\n\nCREATE TABLE wide ({wide});")
    assert names(facts) == ["small", "small.race"]
    assert problems == [
        "CREATE TABLE statement at line 3 is too large to analyse (458 characters, limit 100); skipped"]


# --- big input ---------------------------------------------------------------------------

def _insert_dump(size: int) -> str:
    rng = random.Random(3)
    parts = ["CREATE TABLE people (id int, race text, notes text);\n"]
    total = 0
    quoted = ["asian", "O\\'Brien", "it''s;"]
    while total < size:
        rows = ",".join(
            f"({rng.randrange(10**6)},'{rng.choice(quoted)}',"
            f"'CREATE TABLE x (religion text); -- /* $$')" for _ in range(40))
        part = f"INSERT INTO people VALUES {rows};\n"
        parts.append(part)
        total += len(part)
    parts.append("ALTER TABLE people ADD COLUMN nationality text;\n")
    return "".join(parts)


def test_insert_dump_is_never_tokenised(monkeypatch):
    text = _insert_dump(2_000_000)
    lexed: list[int] = []
    real_lex = lexer.lex

    def counting_lex(source, start, end):
        lexed.append(end - start)
        return real_lex(source, start, end)

    monkeypatch.setattr(lexer, "lex", counting_lex)
    facts, problems = extract_sql_facts(text)
    assert problems == []
    assert names(facts) == ["people", "people.id", "people.race", "people.notes",
                            "people.nationality"]
    assert facts[-1].span.line == text.count("\n")
    assert len(lexed) == 2 and sum(lexed) < 200  # the CREATE and the ALTER only


def test_five_thousand_column_table():
    columns = ",\n".join(f"  col_{i} varchar(20) NOT NULL DEFAULT 'x'" for i in range(5000))
    text = f"CREATE TABLE wide (\n{columns},\n  religion text\n);\nCREATE TABLE after (race text);"
    facts, problems = extract_sql_facts(text)
    assert problems == []
    assert len(facts) == 1 + 5001 + 2
    religion = facts[5001]
    assert (religion.symbol, religion.span.line) == ("wide.religion", 5002)
    assert len(religion.siblings) == MAX_SIBLINGS
    assert religion.siblings[-1] == "col_4999"
    assert names(facts[-2:]) == ["after", "after.race"]


def test_one_megabyte_statement():
    insert = "INSERT INTO t VALUES " + ",".join(f"({i},'x{i}')" for i in range(80_000)) + ";\n"
    assert len(insert) > 1_000_000
    facts, problems = extract_sql_facts(insert + "CREATE TABLE z (race text);")
    assert (names(facts), problems) == (["z", "z.race"], [])


def test_one_megabyte_line_without_a_closing_quote():
    facts, problems = extract_sql_facts("CREATE TABLE a (race text);\nSELECT '" + "a" * 1_000_000)
    assert names(facts) == ["a", "a.race"]
    assert problems == ["unterminated string starting at line 2; the rest of the text was not analysed"]


def test_deep_parentheses():
    for text in ("CREATE TABLE t (" + "(" * 50_000 + ")" * 50_000 + ");",
                 "CREATE TABLE t (" + "(" * 50_000,
                 "CREATE VIEW v AS SELECT " + "(" * 50_000 + "1" + ")" * 50_000 + " AS religion"):
        _, problems = extract_sql_facts(text)
        assert problems == []


def test_binary_junk_and_nul_bytes():
    rng = random.Random(5)
    junk = bytes(rng.randrange(256) for _ in range(200_000)).decode("latin-1")
    facts, problems = extract_sql_facts(junk)
    assert_sane(junk, facts, problems)
    text = "CREATE TABLE t (\0race text, religion\0 text);\n\0\0\0;\nCREATE TABLE u (caste text);"
    facts, problems = extract_sql_facts(text)
    assert names(facts)[-2:] == ["u", "u.caste"]


# --- never raises --------------------------------------------------------------------------

SQL_PIECES = [
    "CREATE", "TABLE", "ALTER", "ADD", "COLUMN", "RENAME", "TO", "CHANGE", "TYPE", "AS", "ENUM",
    "VIEW", "SELECT", "FROM", "WITH", "CHECK", "IN", "ANY", "REFERENCES", "PRIMARY KEY", "KEY",
    "INDEX", "CONSTRAINT", "FOREIGN", "UNIQUE", "IF NOT EXISTS", "OR REPLACE", "MATERIALIZED",
    "race", "religion", '"x"', "`y`", "[z]", "'v'", "'it''s'", "(", ")", ",", ";", ".", "::",
    "<", ">", "=", "--", "/*", "*/", "#", "$$", "$t$", "'", '"', "`", "\n", "GO", "\n/\n",
    "ARRAY", "STRUCT", "USING", "PARTITIONED", "BY", "DO", "COPY", "stdin", "\\.", "0", "1",
    "int", "text", "bit", "tinyint", "NOT", "NULL", "DEFAULT", "ENCRYPTED", "DISTINCT", "TOP",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SQL_PIECES), max_size=60), st.sampled_from([" ", "", "\n"]))
def test_sql_like_token_soup_never_raises(pieces, glue):
    text = glue.join(pieces)
    facts, problems = extract_sql_facts(text)
    assert_sane(text, facts, problems)
    assert not any("could not be analysed" in problem for problem in problems), problems


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data):
    text = data.decode("latin-1")
    facts, problems = extract_sql_facts(text, line_offset=3, column_offset=2)
    assert isinstance(facts, list) and isinstance(problems, list)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_raises(text):
    facts, problems = extract_sql_facts("CREATE TABLE t (" + text)
    assert_sane("CREATE TABLE t (" + text, facts, problems)


# --- the fast lexer reads SQL as sqlparse does ------------------------------------------------

def _kinds(pairs) -> list[tuple[int, str]]:
    result = []
    for ttype, value in pairs:
        kind = lexer._kind_for(ttype)
        if kind:
            result.append((kind, value))
    return result


LEXER_SAMPLES = [
    ("CREATE TABLE IF NOT EXISTS \"a\".\"b\" (id SERIAL PRIMARY KEY, `r` ENUM('a','b') COMMENT 'x', "
     "[dbo].[x] NVARCHAR(MAX), d DOUBLE PRECISION, t timestamp with time zone NOT NULL, "
     "s STRUCT<a INT64>, e$x int, #tmp int, f float DEFAULT .5, g int DEFAULT -1)"),
    ("CREATE OR REPLACE VIEW v AS SELECT a.b AS c, count(*) n, x::text FROM t LEFT JOIN u ON 1=1 "
     "WHERE y NOT LIKE 'z' GROUP BY 1 ORDER BY 2 DESC NULLS LAST UNION ALL SELECT 1"),
    ("ALTER TABLE ONLY public.t ADD COLUMN IF NOT EXISTS r text, RENAME COLUMN a TO b; "
     "CREATE TYPE e AS ENUM ('x'); GO 5\nEND IF; LATERAL VIEW EXPLODE(x) AT TIME ZONE 'UTC'"),
    ("CREATE TABLE t (a int CHECK (a IN (1,2)), b text CHECK (((b)::text = ANY "
     "((ARRAY['x'::character varying])::text[]))), c int REFERENCES d(e))"),
]


@pytest.mark.parametrize("sample", LEXER_SAMPLES)
def test_fast_lexer_matches_sqlparse(sample):
    from sqlparse.lexer import Lexer

    private = lexer._make_lexer()
    assert private is not Lexer.get_default_instance()  # sqlparse's shared lexer stays as it is
    fast = list(private.get_tokens(sample))
    assert "".join(value for _, value in fast) == sample
    assert _kinds(fast) == _kinds(lexer.default_lexer_tokens(sample))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*SQL_PIECES, "a.b", "f(", "x .y", "é", "_a", "a$b", "9z"]),
                max_size=40), st.sampled_from([" ", "", "\n"]))
def test_fast_lexer_matches_sqlparse_on_token_soup(pieces, glue):
    text = glue.join(pieces)
    fast = list(lexer._make_lexer().get_tokens(text))
    assert "".join(value for _, value in fast) == text
    assert _kinds(fast) == _kinds(lexer.default_lexer_tokens(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abXY_$#.()[]<>='\"` \n,;:-/*\u00e99\\", max_size=80))
def test_fast_lexer_matches_sqlparse_on_character_soup(text):
    fast = list(lexer._make_lexer().get_tokens(text))
    assert "".join(value for _, value in fast) == text
    assert _kinds(fast) == _kinds(lexer.default_lexer_tokens(text))


# --- imports stay light ---------------------------------------------------------------------------

def test_sqlparse_is_imported_only_when_ddl_needs_it():
    script = (
        "import sys\n"
        "from flake8_neveragain.sql import extract_sql_facts\n"
        "assert 'sqlparse' not in sys.modules\n"
        "extract_sql_facts(\"INSERT INTO t VALUES ('CREATE TABLE x');\\nSELECT 1;\")\n"
        "assert 'sqlparse' not in sys.modules\n"
        "extract_sql_facts('CREATE TABLE t (race text);')\n"
        "assert 'sqlparse' in sys.modules\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr


def test_a_name_that_reads_two_ways_is_no_name_and_leaks_no_value():
    # sqlparse reads `\"` as an escaped quote (as in a MySQL string), SQL ends a quoted name at the
    # first undoubled quote: read either way, the token may hold a default value, which is data.
    sql = (
        'CREATE TABLE person ("notes\\" text DEFAULT \'S3CR3T-value\', nickname" text, ethnicity text,'
        ' "say ""hi""" text);\n'
    )
    facts, problems = extract_sql_facts(sql)
    assert problems == []
    assert [fact.name for fact in facts if fact.kind == "field"] == ["ethnicity", 'say "hi"']
