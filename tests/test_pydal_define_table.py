"""pydal / web2py define_table(...) on any receiver, with computed table names.

Large web2py applications (Sahana Eden's modules/s3db/pr.py and friends) define
their tables in model class methods, under a `tablename` variable reassigned
before each table, through `self.define_table`, a local `define_table` alias or
`current.db.define_table`. Those tables must be read like `db.define_table("t", ...)`;
methods that merely look alike (define_tables, table.define) must stay silent.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from helpers import by_symbol, facts_of, findings


def found(source: str) -> set[tuple[str, str]]:
    return {(finding.symbol, finding.code) for finding in findings(source)}


EDEN_STYLE_MODEL = """
from gluon import current, Field, IS_EMPTY_OR, IS_IN_SET
from s3 import S3Model, s3_meta_fields

class PersonDetailsModel(S3Model):

    names = ("pr_person_details", "pr_physical_description")

    def model(self):
        T = current.T
        define_table = self.define_table

        pr_race_opts = {1: T("Caucasoid"), 2: T("Mongoloid")}

        tablename = "pr_physical_description"
        define_table(tablename,
                     self.super_link("pe_id", "pr_pentity"),
                     Field("race", "integer",
                           requires = IS_EMPTY_OR(IS_IN_SET(pr_race_opts)),
                           ),
                     Field("ethnicity"),
                     Field("height_cm", "integer"),
                     *s3_meta_fields())

        tablename = "pr_person_details"
        self.define_table(tablename,
                          self.pr_person_id(),
                          Field("nationality"),
                          Field("religion", length=128),
                          Field("hometown"),
                          *s3_meta_fields())
        return None
"""


def test_self_define_table_with_a_computed_name_fires_under_the_assigned_name() -> None:
    result = found(EDEN_STYLE_MODEL)
    assert {
        ("pr_physical_description.race", "NEV101"),
        ("pr_physical_description.ethnicity", "NEV101"),
        ("pr_person_details.nationality", "NEV103"),
        ("pr_person_details.religion", "NEV102"),
    } <= result
    # The reassigned variable names each table after the assignment just before it,
    # and the neutral columns around them stay silent.
    assert not {symbol for symbol, _ in result} & {
        "pr_physical_description.height_cm", "pr_person_details.hometown",
        "tablename.race", "pr_person_details.race", "pr_physical_description.religion",
    }


def test_the_finding_points_at_the_field_call_and_names_the_pydal_table() -> None:
    religion = next(f for f in findings(EDEN_STYLE_MODEL) if f.symbol == "pr_person_details.religion")
    source = textwrap.dedent(EDEN_STYLE_MODEL).splitlines()
    assert source[religion.line - 1].lstrip().startswith('Field("religion"')
    assert religion.source == "pydal-table"
    assert "pydal table" in religion.message


def test_current_db_define_table_with_a_literal_name_fires() -> None:
    result = found(
        """
        from gluon import current, Field

        def define_people():
            current.db.define_table("resident", Field("full_name"), Field("caste"), Field("faith"))
        """
    )
    assert ("resident.caste", "NEV101") in result
    assert ("resident.faith", "NEV102") in result
    assert not any(symbol == "resident.full_name" for symbol, _ in result)


def test_fields_nested_in_lists_tuples_and_starred_arguments_fire() -> None:
    result = found(
        """
        from pydal import DAL, Field

        db = DAL("sqlite://storage.sqlite")
        extra = [Field("ethnic_group"), Field("notes")]
        db.define_table(
            "patient",
            [Field("religion"), (Field("nationality"),)],
            *[Field("race")],
            *extra,
        )
        """
    )
    assert {
        ("patient.religion", "NEV102"),
        ("patient.nationality", "NEV103"),
        ("patient.race", "NEV101"),
        ("patient.ethnic_group", "NEV101"),
    } <= result
    assert not any(symbol == "patient.notes" for symbol, _ in result)


def test_module_class_and_unresolved_names() -> None:
    result = found(
        """
        from gluon import current, Field

        TABLE = "member"

        class Members:
            tablename = "club_member"

            def define(self, db):
                db.define_table(self.tablename, Field("religion"))

        def define(db):
            db.define_table(TABLE, Field("ethnicity"))
            db.define_table(current.settings.table_user_name, Field("race"))
        """
    )
    assert {
        ("club_member.religion", "NEV102"),
        ("member.ethnicity", "NEV101"),
        # No assignment to read: the name it is computed under names the table (only the
        # rightmost one: `settings.` says where the name is kept, not what the table is).
        ("table_user_name.race", "NEV101"),
    } <= result


def test_computed_names_built_from_assigned_strings() -> None:
    result = found(
        """
        from gluon import Field

        PREFIX = "pr"

        def model(db):
            module = "hrm"
            db.define_table("%s_person" % PREFIX, Field("religion"))
            db.define_table(f"{module}_human_resource", Field("ethnicity"))
            db.define_table(module + "_staff", Field("nationality"))
            db.define_table("%s_%s" % (PREFIX, unknown), Field("race"))
        """
    )
    assert {
        ("pr_person.religion", "NEV102"),
        ("hrm_human_resource.ethnicity", "NEV101"),
        ("hrm_staff.nationality", "NEV103"),
        ("<table>.race", "NEV101"),  # a join with an unknown part: still reported
    } <= result


def test_field_facts_carry_the_other_fields_of_the_table_as_siblings() -> None:
    facts = by_symbol(fact for fact in facts_of(EDEN_STYLE_MODEL) if fact.source == "pydal-table")
    assert facts["pr_person_details"].kind == "model"
    assert facts["pr_person_details.religion"].siblings == ("nationality", "hometown")
    assert facts["pr_physical_description.race"].siblings == ("ethnicity", "height_cm")
    # choices= / requires= values come from the method's own constants.
    assert facts["pr_physical_description.race"].values == ("Caucasoid", "Mongoloid")


def test_literal_names_and_rname_keep_working() -> None:
    result = found(
        """
        from pydal import DAL, Field

        db = DAL("sqlite://storage.sqlite")
        db.define_table("person", Field("faith", rname="belief"), rname="people")
        """
    )
    assert ("person.faith", "NEV102") in result


def test_lookalikes_stay_silent() -> None:
    assert findings(
        """
        from gluon import Field

        class Registry:
            def define_tables(self, tablename):
                self.define_tables(tablename, Field("race"), Field("religion"))

        def build(table, db):
            table.define("person", Field("religion"), Field("nationality"))
            loose = Field("race")
            db.define_table("person", Field("notes"), Field("full_name"))
            db.define_table(*arguments)
            db.define_table()
        """
    ) == []


def test_a_notes_field_in_a_computed_table_stays_silent() -> None:
    assert findings(
        """
        from gluon import Field

        class NoteModel:
            def model(self):
                tablename = "pr_note"
                self.define_table(tablename, Field("notes", "text"), Field("timestmp", "datetime"))
        """
    ) == []


def test_the_neveragain_cli_reports_computed_pydal_tables(run_json, tmp_path: Path) -> None:
    (tmp_path / "pr.py").write_text(textwrap.dedent(EDEN_STYLE_MODEL), encoding="utf-8")
    (tmp_path / "other.py").write_text(
        textwrap.dedent(
            """
            from gluon import Field

            def build(db, table):
                db.define_tables("person", Field("race"))
                table.define("person", Field("religion"))
                Field("nationality")
            """
        ),
        encoding="utf-8",
    )
    status, report = run_json(".", cwd=tmp_path)
    assert status == 1
    reported = {(f["path"].replace("\\", "/").split("/")[-1], f["symbol"], f["code"]) for f in report["findings"]}
    assert {
        ("pr.py", "pr_physical_description.race", "NEV101"),
        ("pr.py", "pr_person_details.nationality", "NEV103"),
        ("pr.py", "pr_person_details.religion", "NEV102"),
    } <= reported
    assert not any(path == "other.py" for path, _, _ in reported)
    assert all(f["source"] == "pydal-table" for f in report["findings"] if f["path"].endswith("pr.py"))
