"""Each statement form: ALTER TABLE, CREATE TYPE, CREATE VIEW, CREATE TABLE AS,
constraints, and what must stay silent."""

from __future__ import annotations

import pytest

from flake8_neveragain.facts import FieldFact, Span
from helpers import sql_facts_of


def rows(sql: str) -> list[tuple[str, str, str]]:
    """(kind, symbol, action) per fact."""
    return [(fact.kind, fact.symbol, fact.action) for fact in sql_facts_of(sql)]


def only(sql: str) -> FieldFact:
    (found,) = sql_facts_of(sql)
    return found


ADD = "ALTER TABLE person ADD COLUMN"


# --- ALTER TABLE ... ADD ------------------------------------------------------------

@pytest.mark.parametrize("sql", [
    "ALTER TABLE person ADD COLUMN religion text",
    "ALTER TABLE person ADD religion text",
    "alter table person add column if not exists religion text",
    "ALTER TABLE IF EXISTS ONLY public.person ADD COLUMN religion text",
    'ALTER TABLE "person" ADD COLUMN "religion" text',
    "ALTER TABLE `db`.`person` ADD `religion` varchar(20) AFTER `id`",
    "ALTER TABLE [dbo].[person] ADD [religion] nvarchar(20) NULL",
    "ALTER TABLE person ADD (religion VARCHAR2(20))",
])
def test_add_one_column(sql):
    added = only(sql)
    assert (added.kind, added.symbol, added.action) == ("field", "person.religion", ADD)
    assert sql[added.span.column - 1:].lower().lstrip('"`[').startswith("religion")


def test_add_column_span_covers_the_definition():
    sql = "ALTER TABLE person\n  ADD COLUMN citizenship varchar(3) NOT NULL DEFAULT 'FR';"
    assert only(sql).span == Span(2, 14, 2, 58)


@pytest.mark.parametrize("sql", [
    "ALTER TABLE person ADD COLUMN religion text, ADD COLUMN caste text",  # PostgreSQL/MySQL
    "ALTER TABLE person ADD religion nvarchar(9), caste nvarchar(9)",  # T-SQL
    "ALTER TABLE person ADD (religion VARCHAR2(9), caste VARCHAR2(9) NOT NULL)",  # Oracle
    "ALTER TABLE person ADD COLUMN religion VARCHAR, caste VARCHAR",  # Snowflake
    "ALTER TABLE person ADD COLUMN religion text, DROP COLUMN x, ADD caste text",
])
def test_add_several_columns(sql):
    assert rows(sql) == [("field", "person.religion", ADD), ("field", "person.caste", ADD)]
    religion, caste = sql_facts_of(sql)
    assert religion.siblings == ("caste",) and caste.siblings == ("religion",)


def test_added_columns_know_the_table_created_earlier():
    sql = "CREATE TABLE person (id int, name text);\nALTER TABLE person ADD COLUMN race text;"
    race = sql_facts_of(sql)[-1]
    assert race.siblings == ("id", "name")


def test_add_column_values_types_and_references():
    sql = ("ALTER TABLE person ADD COLUMN religion religion_t REFERENCES faiths(id) "
           "CHECK (religion IN ('a', 'b')), ADD COLUMN race enum('x','y'), ADD is_alien bit")
    religion, race, alien = sql_facts_of(sql)
    assert religion.type_refs == ("religion_t", "faiths") and religion.values == ("a", "b")
    assert race.values == ("x", "y")
    assert alien.is_boolean


def test_check_added_by_the_same_statement_gives_values():
    sql = ("ALTER TABLE person ADD COLUMN religion text, "
           "ADD CONSTRAINT religion_check CHECK (religion IN ('a', 'b'))")
    assert only(sql).values == ("a", "b")
    tsql = "ALTER TABLE person ADD religion nvarchar(9), CONSTRAINT c CHECK (religion IN ('x'))"
    assert only(tsql).values == ("x",)


def test_spark_add_columns():
    assert rows("ALTER TABLE person ADD COLUMNS (religion STRING, caste STRING)") == [
        ("field", "person.religion", ADD), ("field", "person.caste", ADD)]


@pytest.mark.parametrize("sql", [
    "ALTER TABLE person ADD CONSTRAINT race_check CHECK (race IN ('a', 'b'))",
    "ALTER TABLE ONLY person ADD CONSTRAINT pk PRIMARY KEY (id)",
    "ALTER TABLE person ADD PRIMARY KEY (id)",
    "ALTER TABLE person ADD FOREIGN KEY (religion_id) REFERENCES religions (id)",
    "ALTER TABLE person ADD UNIQUE (religion)",
    "ALTER TABLE person ADD INDEX idx_race (race)",
    "ALTER TABLE person ADD KEY idx_race (race)",
    "ALTER TABLE person ADD CHECK (race <> '')",
    "ALTER TABLE [dbo].[person] WITH CHECK ADD CONSTRAINT [FK_x] FOREIGN KEY([id]) REFERENCES [dbo].[o] ([id])",
    "ALTER TABLE person ADD DEFAULT 'x' FOR race",
    "ALTER TABLE person DROP COLUMN religion",
    "ALTER TABLE person DROP COLUMN IF EXISTS religion, DROP caste",
    "ALTER TABLE person ALTER COLUMN religion DROP DEFAULT",
    "ALTER TABLE person ALTER COLUMN religion SET DEFAULT 'none'",
    "ALTER TABLE person ALTER COLUMN religion TYPE text",
    "ALTER TABLE person MODIFY religion varchar(30)",
    "ALTER TABLE person RENAME CONSTRAINT a TO religion_check",
    "ALTER TABLE person RENAME INDEX a TO race_idx",
    "ALTER TABLE person OWNER TO nationality_admin",
    "ALTER TABLE person CHANGE religion religion varchar(30)",
    "ALTER TABLE person ENGINE=InnoDB, ALGORITHM=INPLACE",
])
def test_alter_table_that_adds_no_name(sql):
    assert sql_facts_of(sql) == []


# --- ALTER TABLE ... RENAME / CHANGE -----------------------------------------------------

@pytest.mark.parametrize("sql", [
    "ALTER TABLE person RENAME COLUMN notes TO religion",
    "ALTER TABLE person RENAME notes TO religion",
    'ALTER TABLE "person" RENAME COLUMN "notes" TO "religion"',
])
def test_rename_column(sql):
    renamed = only(sql)
    assert (renamed.kind, renamed.symbol, renamed.action) == (
        "field", "person.religion", "ALTER TABLE person RENAME COLUMN notes TO")
    assert sql[renamed.span.column - 1:renamed.span.end_column - 1].strip('"') == "religion"


def test_rename_column_span_is_the_new_name():
    sql = "ALTER TABLE person\n  RENAME COLUMN notes TO religion;"
    assert only(sql).span == Span(2, 26, 2, 34)


def test_mysql_change_column_reports_the_new_name_with_its_type():
    sql = "ALTER TABLE person CHANGE COLUMN notes ethnicity enum('a','b') NOT NULL"
    changed = only(sql)
    assert (changed.symbol, changed.action, changed.values) == (
        "person.ethnicity", "ALTER TABLE person RENAME COLUMN notes TO", ("a", "b"))
    assert only("ALTER TABLE person CHANGE `notes` `caste` varchar(9)").name == "caste"


def test_rename_table():
    sql = "ALTER TABLE people RENAME TO religions"
    renamed = only(sql)
    assert (renamed.kind, renamed.name, renamed.owner, renamed.action) == (
        "model", "religions", None, "ALTER TABLE people RENAME TO")
    assert renamed.span == Span(1, 30, 1, 39)
    assert only("ALTER TABLE people RENAME AS religions").name == "religions"


# --- CREATE TYPE -----------------------------------------------------------------------

def test_create_type_enum():
    sql = "CREATE TYPE IF NOT EXISTS public.religion AS ENUM ('hindu', 'muslim', 'sikh');"
    enum = only(sql)
    assert (enum.kind, enum.name, enum.owner, enum.values) == (
        "model", "religion", None, ("hindu", "muslim", "sikh"))
    assert enum.span == Span(1, 34, 1, 42)


def test_create_type_enum_inside_a_do_block():
    sql = ("DO $$ BEGIN\n    CREATE TYPE ethnicity AS ENUM ('a', 'b');\n"
           "EXCEPTION WHEN duplicate_object THEN null;\nEND $$;")
    enum = only(sql)
    assert (enum.name, enum.values, enum.span.line) == ("ethnicity", ("a", "b"), 2)


def test_composite_types_have_fields():
    for sql in ("CREATE TYPE person_t AS (race text, age int)",
                "CREATE OR REPLACE TYPE person_t AS OBJECT (race VARCHAR2(9), age NUMBER)",
                "CREATE TYPE dbo.person_t AS TABLE (race nvarchar(9), age int)"):
        assert rows(sql) == [("model", "person_t", ""), ("field", "person_t.race", ""),
                             ("field", "person_t.age", "")]


def test_domain_with_value_check():
    sql = "CREATE DOMAIN public.faith AS text NOT NULL CHECK (VALUE IN ('a', 'b')) CHECK (VALUE <> '')"
    domain = only(sql)
    assert (domain.kind, domain.name, domain.values) == ("model", "faith", ("a", "b"))


def test_other_types_are_models_without_values():
    assert rows("CREATE TYPE floatrange AS RANGE (subtype = float8)") == [("model", "floatrange", "")]


# --- CREATE VIEW ---------------------------------------------------------------------------

def test_view_output_columns_become_fields():
    # Every named output is a column of the view, re-exposed or renamed.
    sql = ("CREATE OR REPLACE VIEW v AS SELECT p.id, p.x AS religion, count(*) n, "
           'p.y "Ethnic Group", CAST(p.z AS text) caste FROM person p')
    assert rows(sql) == [("field", "v.id", ""), ("field", "v.religion", ""), ("field", "v.n", ""),
                         ("field", "v.Ethnic Group", ""), ("field", "v.caste", "")]
    religion = sql_facts_of(sql)[1]
    assert religion.span == Span(1, 49, 1, 57)
    assert religion.siblings == ("id", "n", "Ethnic Group", "caste")
    assert religion.aliases == ("x",)  # the column it copies


def test_view_column_list_names_the_fields():
    sql = "CREATE VIEW v (id, religion) AS SELECT a, b FROM t"
    assert rows(sql) == [("field", "v.id", ""), ("field", "v.religion", "")]
    assert sql_facts_of(sql)[1].span == Span(1, 20, 1, 28)
    assert [fact.aliases for fact in sql_facts_of(sql)] == [("a",), ("b",)]


@pytest.mark.parametrize(("sql", "symbols"), [
    # Re-exposed columns used to be skipped; the view shows them under its own name.
    ("CREATE VIEW v AS SELECT religion FROM person", ["v.religion"]),
    ("CREATE VIEW v AS SELECT p.religion, p.race FROM person p", ["v.religion", "v.race"]),
    ("CREATE VIEW v AS SELECT p.religion AS religion FROM person p", ["v.religion"]),
    ("CREATE VIEW v AS SELECT DISTINCT religion FROM person", ["v.religion"]),
    # Subqueries and later UNION branches do not name the view's columns.
    ("CREATE VIEW v AS SELECT a FROM t WHERE race IN (SELECT x AS y FROM u)", ["v.a"]),
    ("CREATE VIEW v AS SELECT a FROM t UNION SELECT b AS religion FROM u", ["v.a"]),
])
def test_views_re_exposing_columns(sql, symbols):
    assert [fact.symbol for fact in sql_facts_of(sql)] == symbols
    assert all(fact.aliases == () for fact in sql_facts_of(sql))


@pytest.mark.parametrize("sql", [
    "CREATE VIEW v AS SELECT * FROM person",
    "CREATE VIEW v AS SELECT p.* FROM person p",
    "CREATE VIEW v AS SELECT count(*), NULL, TRUE, 'x', 1 + 2, x::text FROM person",
    "CREATE VIEW v AS VALUES (1, 'a')",
])
def test_views_without_readable_names(sql):
    assert sql_facts_of(sql) == []


def test_materialized_view_with_cte_and_mysql_view():
    sql = ("CREATE MATERIALIZED VIEW mv AS WITH x AS (SELECT a AS hidden FROM t) "
           "SELECT x.a AS nationality FROM x WITH NO DATA;\n"
           "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`%` SQL SECURITY DEFINER VIEW `v5` AS "
           "select `p`.`race` AS `ethnicity` from `p`;")
    assert rows(sql) == [("field", "mv.nationality", ""), ("field", "v5.ethnicity", "")]
    assert [fact.aliases for fact in sql_facts_of(sql)] == [("a",), ("race",)]


# --- CREATE TABLE AS SELECT ----------------------------------------------------------------

def test_create_table_as_select_output_columns():
    sql = "CREATE TABLE c AS SELECT a AS x, b AS religion, c FROM t"
    assert rows(sql) == [("model", "c", ""), ("field", "c.x", ""), ("field", "c.religion", ""),
                         ("field", "c.c", "")]
    assert sql_facts_of(sql)[2].siblings == ("x", "c")


def test_create_table_as_select_forms():
    assert rows("CREATE TEMP TABLE t4 AS (SELECT religion AS faith FROM p)") == [
        ("model", "t4", ""), ("field", "t4.faith", "")]
    assert rows("CREATE TABLE t5 WITH (fillfactor=70) AS WITH q AS (SELECT 1) SELECT 1 AS caste FROM q") == [
        ("model", "t5", ""), ("field", "t5.caste", "")]
    assert rows("CREATE TABLE t6 (a, religion) AS SELECT 1, 'x'") == [
        ("model", "t6", ""), ("field", "t6.a", ""), ("field", "t6.religion", "")]
    # A re-exposed column is copied into the new table (it used to be skipped).
    assert rows("CREATE TABLE t7 AS SELECT religion FROM p") == [
        ("model", "t7", ""), ("field", "t7.religion", "")]
    assert rows("CREATE TABLE t8 SELECT a AS nationality FROM p") == [  # MySQL: AS is optional
        ("model", "t8", ""), ("field", "t8.nationality", "")]


# --- table constraints are not columns ------------------------------------------------------

def test_table_constraints_are_not_columns():
    sql = """CREATE TABLE person (
        id int,
        religion text,
        CONSTRAINT pk PRIMARY KEY (id),
        PRIMARY KEY (id),
        FOREIGN KEY (religion) REFERENCES religions (name),
        UNIQUE (religion),
        CHECK (religion IN ('a', 'b')),
        INDEX idx_religion (religion),
        KEY k (religion),
        EXCLUDE USING gist (id WITH =),
        LIKE other INCLUDING ALL
    )"""
    assert rows(sql) == [("model", "person", ""), ("field", "person.id", ""),
                         ("field", "person.religion", "")]
    religion = sql_facts_of(sql)[2]
    assert religion.values == ("a", "b")
    assert religion.type_refs == ("religions",)


def test_check_values_only_for_the_named_column():
    sql = "CREATE TABLE t (a text CHECK (a IN ('x')), b text, CHECK (b NOT IN ('no')), CHECK (c IN ('z')))"
    a, b = sql_facts_of(sql)[1:]
    assert (a.values, b.values) == (("x",), ())


# --- must stay silent ----------------------------------------------------------------------

@pytest.mark.parametrize("sql", [
    "-- CREATE TABLE t (race text);",
    "/* CREATE TABLE t (race text); */",
    "# CREATE TABLE t (race text);",
    "INSERT INTO t (race) VALUES ('CREATE TABLE x (religion text)');",
    "UPDATE person SET notes = 'ALTER TABLE t ADD COLUMN race text';",
    "DELETE FROM t WHERE x = 'CREATE TYPE race AS ENUM (''a'')';",
    "SELECT 'CREATE TABLE x (race text)';",
    "CREATE INDEX idx_race ON person (race);",
    "DROP TABLE race;",
    "COMMENT ON COLUMN person.notes IS 'race';",
    "CREATE FUNCTION f() RETURNS void AS $$ CREATE TABLE x (race text); $$ LANGUAGE sql;",
    "SET search_path = race;",
])
def test_silent(sql):
    assert sql_facts_of(sql) == []


def test_default_and_comment_strings_are_not_names_or_values():
    sql = "CREATE TABLE t (notes text DEFAULT 'race' COMMENT 'religion', x int)"
    notes = sql_facts_of(sql)[1]
    assert (notes.name, notes.values, notes.type_refs) == ("notes", (), ())
