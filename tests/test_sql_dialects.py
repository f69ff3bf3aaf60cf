"""CREATE TABLE and friends as each dialect writes them: what must and must not
become a fact, with exact names, owners, spans, values and type references."""

from __future__ import annotations

from flake8_neveragain.facts import FieldFact, Span
from helpers import position, sql_facts_of


def symbols(sql: str) -> list[str]:
    return [f"{fact.kind}:{fact.symbol}" for fact in sql_facts_of(sql)]


def fact(sql: str, symbol: str) -> FieldFact:
    matches = [found for found in sql_facts_of(sql) if found.symbol == symbol]
    assert len(matches) == 1, [found.symbol for found in sql_facts_of(sql)]
    return matches[0]


def span(sql: str, start_needle: str, end_needle: str | None = None) -> Span:
    """Span from the first `start_needle` to the end of the first
    `end_needle` after it (default: the start needle itself)."""
    start = sql.index(start_needle)
    end = sql.index(end_needle or start_needle, start) + len(end_needle or start_needle)
    line, column = position(sql, start_needle)
    end_line = sql.count("\n", 0, end) + 1
    return Span(line, column, end_line, end - (sql.rfind("\n", 0, end) + 1) + 1)


# --- PostgreSQL ---------------------------------------------------------------

POSTGRES = """\
-- pg_dump --schema-only
SET statement_timeout = 0;
CREATE TYPE public.religion_t AS ENUM (
    'hindu',
    'muslim',
    'it''s'
);
CREATE TABLE IF NOT EXISTS "public"."person" (
    id integer NOT NULL,
    religion public.religion_t,
    faiths religion_t[],
    origin character varying(40) DEFAULT 'race'::character varying,
    is_immigrant boolean DEFAULT false,
    birth_country text REFERENCES public.countries (code),
    CONSTRAINT person_origin_check CHECK (((origin)::text = ANY ((ARRAY['local'::character varying, 'foreign'::character varying])::text[]))),
    CONSTRAINT c2 CHECK ((birth_country IN ('fr', 'in')))
);
ALTER TABLE public.person OWNER TO postgres;
COMMENT ON COLUMN public.person.religion IS 'nationality; ethnicity';
COPY public.person (id, religion, origin) FROM stdin;
1	hindu	CREATE TABLE nope (race text);
\\.
"""


def test_postgres_enum_type_with_values():
    enum = fact(POSTGRES, "religion_t")
    assert enum.kind == "model"
    assert enum.values == ("hindu", "muslim", "it's")
    assert enum.span == span(POSTGRES, "religion_t")
    assert enum.source == "sql-ddl"


def test_postgres_table_and_columns():
    assert symbols(POSTGRES) == [
        "model:religion_t", "model:person", "field:person.id", "field:person.religion",
        "field:person.faiths", "field:person.origin", "field:person.is_immigrant",
        "field:person.birth_country",
    ]
    table = fact(POSTGRES, "person")
    assert (table.kind, table.owner, table.span) == ("model", None, span(POSTGRES, '"person"'))
    religion = fact(POSTGRES, "person.religion")
    assert religion.span == span(POSTGRES, "religion public", "religion_t")
    assert religion.span.end_column - 1 == len("    religion public.religion_t")
    assert religion.type_refs == ("religion_t",)
    assert religion.siblings == ("id", "faiths", "origin", "is_immigrant", "birth_country")
    assert religion.action == ""
    assert fact(POSTGRES, "person.faiths").type_refs == ("religion_t",)
    assert fact(POSTGRES, "person.is_immigrant").is_boolean
    assert fact(POSTGRES, "person.birth_country").type_refs == ("countries",)


def test_postgres_check_values_including_the_dumped_any_array_form():
    assert fact(POSTGRES, "person.origin").values == ("local", "foreign")
    assert fact(POSTGRES, "person.birth_country").values == ("fr", "in")


def test_postgres_default_strings_comments_and_copy_data_are_not_names():
    found = sql_facts_of(POSTGRES)
    names = {fact.name for fact in found}
    assert "race" not in names and "nope" not in names and "nationality" not in names
    assert all(fact.values == () for fact in found if fact.name in ("id", "religion"))


# --- MySQL / MariaDB ------------------------------------------------------------

MYSQL = """\
/*!40101 SET NAMES utf8mb4 */;
DROP TABLE IF EXISTS `person`;
CREATE TABLE `person` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `race` enum('asian','black','white') DEFAULT NULL COMMENT 'self-described; ethnicity',
  `beliefs` set('a','b') NOT NULL,
  `is_muslim` tinyint(1) NOT NULL DEFAULT '0',
  `flags` tinyint(4) DEFAULT NULL,
  `religion_id` int(11) DEFAULT NULL,
  # a comment with a quote: don't
  PRIMARY KEY (`id`),
  KEY `idx_race` (`race`),
  UNIQUE KEY `uq_religion` (`religion_id`),
  FULLTEXT KEY `ft` (`race`),
  CONSTRAINT `fk_religion` FOREIGN KEY (`religion_id`) REFERENCES `religions` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='people; nationality';
INSERT INTO `person` VALUES (1,'asian','a',0,1,NULL),(2,'O\\'Brien; CREATE TABLE x (caste int)','b',1,2,3);
"""


def test_mysql_table():
    assert symbols(MYSQL) == [
        "model:person", "field:person.id", "field:person.race", "field:person.beliefs",
        "field:person.is_muslim", "field:person.flags", "field:person.religion_id",
    ]
    race = fact(MYSQL, "person.race")
    assert race.values == ("asian", "black", "white")
    assert race.span == span(MYSQL, "`race` enum", "ethnicity'")
    assert fact(MYSQL, "person").span == span(MYSQL, "`person` (", "`person`")
    assert fact(MYSQL, "person.beliefs").values == ("a", "b")
    assert fact(MYSQL, "person.is_muslim").is_boolean
    assert not fact(MYSQL, "person.flags").is_boolean
    assert fact(MYSQL, "person.religion_id").type_refs == ("religions",)


def test_mysql_key_column_and_key_index_are_told_apart():
    sql = "CREATE TABLE kv (`key` varchar(64), key varchar(64), KEY idx (a), INDEX (b), index int);"
    assert symbols(sql) == ["model:kv", "field:kv.key", "field:kv.key", "field:kv.index"]


# --- SQLite -------------------------------------------------------------------------

def test_sqlite_untyped_columns_and_virtual_tables():
    sql = ("CREATE TABLE kv (key TEXT PRIMARY KEY, value, religion NOT NULL, "
           "caste REFERENCES castes) WITHOUT ROWID;\n"
           "CREATE VIRTUAL TABLE docs USING fts5(title, ethnicity UNINDEXED, tokenize='porter');")
    assert symbols(sql) == [
        "model:kv", "field:kv.key", "field:kv.value", "field:kv.religion", "field:kv.caste",
        "model:docs", "field:docs.title", "field:docs.ethnicity",
    ]
    assert fact(sql, "kv.caste").type_refs == ("castes",)
    assert fact(sql, "docs.ethnicity").type_refs == ()


# --- SQL Server -----------------------------------------------------------------------

TSQL = """\
SET ANSI_NULLS ON
GO
CREATE TABLE [dbo].[Person](
\t[Id] [int] IDENTITY(1,1) NOT NULL,
\t[Ethnicity] [nvarchar](50) NULL,
\t[Notes] NVARCHAR(MAX) NULL,
\t[IsImmigrant] [bit] NOT NULL,
\t[Ssn] char(11) ENCRYPTED WITH (COLUMN_ENCRYPTION_KEY = Cek1, ENCRYPTION_TYPE = Deterministic, ALGORITHM = 'AEAD_AES_256_CBC_HMAC_SHA_256') NOT NULL,
 CONSTRAINT [PK_Person] PRIMARY KEY CLUSTERED ([Id] ASC)
) ON [PRIMARY]
GO
CREATE TABLE #scratch (Nationality varchar(9))
IF OBJECT_ID('dbo.Visa') IS NULL
CREATE TABLE dbo.Visa (VisaStatus nvarchar(20))
GO
"""


def test_sql_server_table_brackets_and_batches():
    assert symbols(TSQL) == [
        "model:Person", "field:Person.Id", "field:Person.Ethnicity", "field:Person.Notes",
        "field:Person.IsImmigrant", "field:Person.Ssn", "model:#scratch",
        "field:#scratch.Nationality", "model:Visa", "field:Visa.VisaStatus",
    ]
    ethnicity = fact(TSQL, "Person.Ethnicity")
    assert ethnicity.span == span(TSQL, "[Ethnicity]", "NULL")
    assert ethnicity.type_refs == ()
    assert fact(TSQL, "Person").span == span(TSQL, "[Person]")
    assert fact(TSQL, "Person.IsImmigrant").is_boolean
    assert fact(TSQL, "Person.Ssn").encrypted
    assert not fact(TSQL, "Person.Ethnicity").encrypted


# --- Oracle -----------------------------------------------------------------------------

ORACLE = """\
CREATE TABLE "HR"."PERSON"
   (\t"ID" NUMBER(10,0) NOT NULL ENABLE,
\t"NATIONALITY" VARCHAR2(40 BYTE),
\t"RELIGION" VARCHAR2(20 CHAR) CHECK ("RELIGION" IN ('A','B')) ENABLE,
\t CONSTRAINT "PERSON_PK" PRIMARY KEY ("ID")
  USING INDEX PCTFREE 10 ENABLE
   ) SEGMENT CREATION IMMEDIATE
  TABLESPACE "USERS" ;
CREATE OR REPLACE PROCEDURE p IS
BEGIN
  NULL;
END;
/
CREATE GLOBAL TEMPORARY TABLE gt (caste VARCHAR2(9)) ON COMMIT DELETE ROWS;
"""


def test_oracle_table():
    assert symbols(ORACLE) == [
        "model:PERSON", "field:PERSON.ID", "field:PERSON.NATIONALITY", "field:PERSON.RELIGION",
        "model:gt", "field:gt.caste",
    ]
    assert fact(ORACLE, "PERSON.RELIGION").values == ("A", "B")
    assert fact(ORACLE, "PERSON.NATIONALITY").span == span(ORACLE, '"NATIONALITY"', "BYTE)")


# --- BigQuery, Snowflake, Redshift, Spark, DuckDB ------------------------------------------

WAREHOUSES = """\
CREATE OR REPLACE TABLE `my-project.census.person` (
  id INT64 NOT NULL,
  ethnicity STRING OPTIONS(description="self-reported; race"),
  address STRUCT<city STRING, country_of_birth STRING>,
  tags ARRAY<STRUCT<k STRING, v STRING>>,
  religion STRING
)
PARTITION BY DATE(_PARTITIONTIME)
OPTIONS(description="people");
CREATE OR REPLACE TRANSIENT TABLE db.sch.people (ID NUMBER, CASTE VARCHAR, V VARIANT);
CREATE TABLE IF NOT EXISTS lake.people (id BIGINT, citizenship STRING, m MAP<STRING, INT>)
USING delta PARTITIONED BY (citizenship) LOCATION '/x';
CREATE EXTERNAL TABLE hive_people (id INT) PARTITIONED BY (dt STRING, birthplace STRING) STORED AS PARQUET;
CREATE TABLE duck (s STRUCT(a INT, b VARCHAR), faith VARCHAR, l INTEGER[]);
CREATE TABLE red (race VARCHAR(10) ENCODE zstd) DISTSTYLE KEY DISTKEY (race) SORTKEY (race);
"""


def test_warehouse_dialects():
    assert symbols(WAREHOUSES) == [
        "model:person", "field:person.id", "field:person.ethnicity", "field:person.address",
        "field:person.tags", "field:person.religion",
        "model:people", "field:people.ID", "field:people.CASTE", "field:people.V",
        "model:people", "field:people.id", "field:people.citizenship", "field:people.m",
        "model:hive_people", "field:hive_people.id", "field:hive_people.dt",
        "field:hive_people.birthplace",
        "model:duck", "field:duck.s", "field:duck.faith", "field:duck.l",
        "model:red", "field:red.race",
    ]
    bigquery = sql_facts_of(WAREHOUSES)
    assert bigquery[0].span == span(WAREHOUSES, "`my-project.census.person`")
    assert bigquery[3].span == span(WAREHOUSES, "address STRUCT", "STRING>")


# --- quoting and case ------------------------------------------------------------------------

def test_every_quoting_style_and_case():
    sql = ('create table "Odd ""Name""" ("Race" text, `religion` text, [National Origin] text, '
           'CASTE TEXT, "a.b" int);')
    assert symbols(sql) == [
        'model:Odd "Name"', 'field:Odd "Name".Race', 'field:Odd "Name".religion',
        'field:Odd "Name".National Origin', 'field:Odd "Name".CASTE', 'field:Odd "Name".a.b',
    ]


def test_schema_qualified_names():
    for name in ("dbo.person", '"public"."person"', "`db`.`person`", "[dbo].[person]",
                 "catalog.schema.person", "`project.dataset.person`"):
        assert symbols(f"CREATE TABLE {name} (race text)") == ["model:person", "field:person.race"]


def test_sql_embedded_in_python_maps_back():
    sql = "CREATE TABLE t (\n    race text\n)"
    found = sql_facts_of(sql, source="sql-in-python", line_offset=41, column_offset=19)
    assert [fact.span for fact in found] == [Span(42, 33, 42, 34), Span(43, 5, 43, 14)]
    assert {fact.source for fact in found} == {"sql-in-python"}
