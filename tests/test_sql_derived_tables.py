"""Derived tables and views: every output column of CREATE TABLE ... AS SELECT and
CREATE [MATERIALIZED] VIEW is a column of the new object, re-exposed or renamed.

MIMIC's derived tables (`CREATE TABLE d.icustay_detail AS SELECT ie.subject_id,
pat.gender, adm.race, ...`) store a new copy of `race`; a plain SELECT, an
INSERT ... SELECT or `SELECT *` defines nothing.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from flake8_neveragain.facts import Span
from helpers import sql_facts_of, sql_findings


def fields(sql: str) -> list[str]:
    return [fact.symbol for fact in sql_facts_of(sql) if fact.kind == "field"]


def places(sql: str) -> list[tuple[int, int, str, str]]:
    """(line, column, code, symbol) per finding."""
    return [(f.line, f.column, f.code, f.symbol) for f in sql_findings(sql, "derived.sql")]


ICUSTAY_DETAIL = textwrap.dedent("""\
    DROP TABLE IF EXISTS mimiciv_derived.icustay_detail; CREATE TABLE mimiciv_derived.icustay_detail AS
    SELECT
      ie.subject_id,
      ie.stay_id, /* patient level factors */
      pat.gender,
      (CAST(adm.dischtime AS DATE) - CAST(adm.admittime AS DATE)) AS los_hospital,
      adm.race,
      DENSE_RANK() OVER (PARTITION BY adm.subject_id ORDER BY adm.admittime NULLS FIRST) AS hospstay_seq,
      CASE
        WHEN DENSE_RANK() OVER (PARTITION BY ie.hadm_id ORDER BY ie.intime NULLS FIRST) = 1
        THEN TRUE
        ELSE FALSE
      END AS first_icu_stay
    FROM mimiciv_icu.icustays AS ie
    INNER JOIN mimiciv_hosp.admissions AS adm ON ie.hadm_id = adm.hadm_id
    INNER JOIN mimiciv_hosp.patients AS pat ON ie.subject_id = pat.subject_id
""")


# --- what becomes a column ---------------------------------------------------------------

def test_create_table_as_select_keeps_every_output_column():
    facts = sql_facts_of(ICUSTAY_DETAIL)
    assert [(fact.kind, fact.symbol) for fact in facts] == [
        ("model", "icustay_detail"),
        ("field", "icustay_detail.subject_id"), ("field", "icustay_detail.stay_id"),
        ("field", "icustay_detail.gender"), ("field", "icustay_detail.los_hospital"),
        ("field", "icustay_detail.race"), ("field", "icustay_detail.hospstay_seq"),
        ("field", "icustay_detail.first_icu_stay"),
    ]
    race = facts[5]
    assert race.span == Span(7, 7, 7, 11)  # `race` in `adm.race`, not the qualifier
    assert race.aliases == ()
    assert race.siblings == ("subject_id", "stay_id", "gender", "los_hospital", "hospstay_seq", "first_icu_stay")


def test_a_renamed_column_keeps_its_source_name():
    sql = ("CREATE MATERIALIZED VIEW cdm.patient_demo AS\n"
           "SELECT p.person_id, p.race_concept_id AS race_cd, p.ethnicity_source_value eth,\n"
           '       "p"."Religion" AS "Faith", count(*) AS n FROM person p')
    facts = sql_facts_of(sql)
    assert [(fact.symbol, fact.aliases) for fact in facts] == [
        ("patient_demo.person_id", ()),
        ("patient_demo.race_cd", ("race_concept_id",)),
        ("patient_demo.eth", ("ethnicity_source_value",)),
        ("patient_demo.Faith", ("Religion",)),
        ("patient_demo.n", ()),
    ]
    assert facts[1].span == Span(2, 42, 2, 49)


def test_view_column_list_pairs_with_the_query_by_position():
    sql = "CREATE OR REPLACE VIEW v (id, grp) AS SELECT p.id, p.race FROM person p"
    assert [(fact.symbol, fact.aliases) for fact in sql_facts_of(sql)] == [("v.id", ()), ("v.grp", ("race",))]
    # With a `*` the positions do not line up: no source names.
    star = "CREATE VIEW v (id, a, grp) AS SELECT p.*, p.race FROM person p"
    assert [fact.aliases for fact in sql_facts_of(star)] == [(), (), ()]


@pytest.mark.parametrize(("sql", "expected"), [
    # CTEs before the final SELECT name nothing of the view.
    (("CREATE VIEW v AS WITH a AS (SELECT x AS religion FROM t), b (race) AS (SELECT 1) "
      "SELECT a.x, b.race AS grp FROM a, b"), ["v.x", "v.grp"]),
    (("CREATE TABLE t AS WITH RECURSIVE r AS (SELECT 1 AS caste UNION ALL SELECT caste FROM r) "
      "SELECT r.caste FROM r"), ["t.caste"]),
    # Window functions, CASE, casts and nested parentheses without an alias name nothing.
    (("CREATE VIEW v AS SELECT ROW_NUMBER() OVER (PARTITION BY race ORDER BY id) rn, "
      "rank() OVER w, CASE WHEN race = 'x' THEN 1 END, ((a + b)), x::text, -y FROM t WINDOW w AS (ORDER BY id)"),
     ["v.rn"]),
    (("CREATE VIEW v AS SELECT CASE p.race WHEN 'a' THEN 1 ELSE 0 END AS flag, "
      "COALESCE(p.nationality, 'n/a') nat FROM person p"), ["v.flag", "v.nat"]),
    ("CREATE VIEW v AS ((SELECT p.religion FROM person p) UNION (SELECT q.faith AS belief FROM q))",
     ["v.religion"]),
    ("CREATE VIEW v AS SELECT a, b FROM t WHERE race IN (SELECT x AS y FROM u)", ["v.a", "v.b"]),
    # Keyword values and literals are not names.
    ("CREATE VIEW v AS SELECT NULL, TRUE, CURRENT_DATE, 'race', 42 FROM t", []),
    ("CREATE VIEW v AS SELECT x::timestamp with time zone, a AT TIME ZONE 'UTC' z FROM t", ["v.z"]),
    ("CREATE MATERIALIZED VIEW v AS SELECT 1 AS religion WITH NO DATA", ["v.religion"]),
    ("CREATE VIEW v AS SELECT p.race FROM person p WITH CHECK OPTION", ["v.race"]),
    # T-SQL `alias = expression`; BigQuery `* EXCEPT (...)` is no set operation.
    ("CREATE VIEW dbo.v AS SELECT grp = p.race, [Faith] = p.religion FROM person p", ["v.grp", "v.Faith"]),
    ("CREATE VIEW v AS SELECT p.id, race = 'white', religion = NULL FROM person p", ["v.id"]),
    ("CREATE VIEW v AS SELECT * EXCEPT (ssn), p.race AS grp FROM person p", ["v.grp"]),
    ("CREATE VIEW v AS SELECT DISTINCT ON (p.id) p.id, p.religion FROM person p", ["v.id", "v.religion"]),
])
def test_output_names(sql, expected):
    assert fields(sql) == expected


@pytest.mark.parametrize("sql", [
    "SELECT p.race, p.religion AS faith FROM person p",
    "WITH x AS (SELECT race FROM person) SELECT race FROM x",
    "INSERT INTO copy (race) SELECT p.race FROM person p",
    "INSERT INTO copy SELECT p.race AS grp FROM person p",
    "CREATE VIEW v AS SELECT * FROM person",
    "CREATE VIEW v AS SELECT p.*, q.* FROM person p JOIN q ON true",
    "CREATE TABLE t AS SELECT * FROM person",
    "UPDATE person SET race = NULL",
])
def test_statements_that_define_no_column(sql):
    assert fields(sql) == []


# --- what is reported --------------------------------------------------------------------

def test_icustay_detail_reports_race():
    assert places(ICUSTAY_DETAIL) == [(7, 7, "NEV101", "icustay_detail.race")]


@pytest.mark.parametrize(("sql", "code", "symbol", "token"), [
    ("CREATE TABLE derived.demo AS SELECT pt.person_id, pt.ethnicity FROM person pt",
     "NEV101", "demo.ethnicity", "ethnicity"),
    ("CREATE MATERIALIZED VIEW patient_demo AS SELECT p.person_id, p.race_concept_id AS race_cd FROM person p",
     "NEV101", "patient_demo.race_cd", "race_cd"),
    ("CREATE OR REPLACE VIEW v_person AS SELECT p.id, p.name, p.religion FROM person p",
     "NEV102", "v_person.religion", "religion"),
    ("CREATE VIEW member_v AS SELECT m.id, m.name, m.code AS grp, m.citizenship FROM member m",
     "NEV103", "member_v.citizenship", "citizenship"),
])
def test_derived_columns_fire(sql, code, symbol, token):
    # Reported at the output column's own token (the last occurrence of it here).
    assert places(sql) == [(1, sql.rindex(token) + 1, code, symbol)]


@pytest.mark.parametrize("sql", [
    "SELECT p.race, p.religion FROM person p",
    "INSERT INTO archive SELECT p.id, p.race FROM person p",
    "CREATE VIEW v AS SELECT * FROM person",
    "CREATE VIEW request_log AS SELECT r.trace_id, r.origin, r.path FROM requests r",
    "CREATE VIEW race_results AS SELECT r.race_id, r.driver, r.lap_time FROM results r",
    "CREATE TABLE race_counts AS SELECT race, count(*) AS total FROM person GROUP BY race",
])
def test_derived_columns_stay_silent(sql):
    assert places(sql) == []


def test_speed_is_linear_and_inserts_are_not_lexed():
    """A large CREATE TABLE AS and a data dump of INSERT ... SELECT: the dump never
    reaches the lexer, and the derived table costs about as much as its tokens."""
    import time

    wide = "CREATE TABLE d.wide AS SELECT " + ", ".join(f"t.col_{i} AS c_{i}" for i in range(5000)) + " FROM t;\n"
    dump = "INSERT INTO t SELECT 1, 'race', 2;\n" * 20_000
    start = time.perf_counter()
    facts = sql_facts_of(wide)
    wide_seconds = time.perf_counter() - start
    start = time.perf_counter()
    assert sql_facts_of(dump) == []
    dump_seconds = time.perf_counter() - start
    assert len(facts) == 5001 and facts[-1].siblings[-1] == "c_4998"
    assert wide_seconds < 5 and dump_seconds < 2


# --- the real CLI -----------------------------------------------------------------------

def test_cli_reports_the_re_exposed_column(run_json, tmp_path):
    (tmp_path / "icustay_detail.sql").write_text(ICUSTAY_DETAIL)
    (tmp_path / "queries.sql").write_text(
        "SELECT adm.race FROM admissions adm;\n"
        "INSERT INTO archive SELECT adm.race FROM admissions adm;\n"
        "CREATE VIEW everything AS SELECT * FROM admissions;\n"
    )
    status, report = run_json("--isolated", ".", cwd=tmp_path)
    assert status == 1
    got = [(f["path"], f["line"], f["column"], f["code"], f["symbol"], f["source"]) for f in report["findings"]]
    assert got == [("icustay_detail.sql", 7, 7, "NEV101", "icustay_detail.race", "sql-ddl")]
    assert report["errors"] == []
    assert "race" in json.dumps(report["findings"][0]["evidence"])
