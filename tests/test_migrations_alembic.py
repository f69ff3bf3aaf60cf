"""Alembic migrations through the real pipeline: each operation, must fire and must stay silent.

Only upgrade() is read: downgrade() undoes a change, and op.drop_column /
op.drop_table remove data rather than collect it.
"""

from __future__ import annotations

import textwrap

import pytest

from helpers import findings, head, position

PATH = "alembic/versions/1a2b3c4d5e6f_add_race.py"
HEADER = '''\
"""add race

Revision ID: 1a2b3c4d5e6f
Revises: 0f9e8d7c6b5a
"""
from alembic import op
import sqlalchemy as sa

revision = "1a2b3c4d5e6f"
down_revision = "0f9e8d7c6b5a"
'''


def module(upgrade: str, downgrade: str = "pass", header: str = HEADER) -> str:
    upgrade_body = textwrap.indent(textwrap.dedent(upgrade).strip("\n"), " " * 4)
    downgrade_body = textwrap.indent(textwrap.dedent(downgrade).strip("\n"), " " * 4)
    return f"{header}\n\ndef upgrade():\n{upgrade_body}\n\n\ndef downgrade():\n{downgrade_body}\n"


def summary(source: str, path: str = PATH) -> list[tuple[str, str, str]]:
    return [(f.code, f.symbol, f.evidence) for f in findings(source, path)]


def test_add_column():
    source = module('op.add_column("person", sa.Column("race", sa.String(length=40), nullable=True))')
    (found,) = findings(source, PATH)
    assert (found.code, found.symbol, found.source) == ("NEV101", "person.race", "alembic-migration")
    assert (found.line, found.column) == position(source, 'sa.Column("race"')
    assert head(found) == (
        "Alembic migration revision 1a2b3c4d5e6f adds person.race may record race or ethnicity "
        "(name token 'race'; on a person record: model name 'person'): is collecting it necessary?"
    )


@pytest.mark.parametrize("statement, expected", [
    ('op.add_column(table_name="person", column=sa.Column("religion", sa.Text()))',
     ("NEV102", "person.religion", "name token 'religion'")),
    ('op.add_column("person", sa.Column("is_muslim", sa.Boolean(), server_default=sa.false()))',
     ("NEV102", "person.is_muslim", "flag 'is_muslim'")),
    ('op.add_column("person", sa.Column("grp", sa.Enum("Hindu", "Muslim", "Sikh", name="grp_enum")))',
     ("NEV102", "person.grp", "choices list Hindu, Muslim, Sikh")),
    ('op.add_column("person", sa.Column("grp_id", sa.Integer(), sa.ForeignKey("ethnic_groups.id")))',
     ("NEV101", "person.grp_id", "related type 'ethnic_groups'")),
    ('op.add_column("person", sa.Column("birth_country", sa.String(2)), schema="crm")',
     ("NEV103", "person.birth_country", "name tokens 'country of birth'")),
])
def test_add_column_reads_the_column_as_models_do(statement, expected):
    assert summary(module(statement)) == [expected]


def test_create_table():
    source = module(
        """
        op.create_table(
            "survey",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("faith", sa.Enum("hindu", "muslim", name="faith_enum")),
            sa.Column("lap_time", sa.Integer()),
            sa.Column("trace_id", sa.String(32)),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_table("ethnicities", sa.Column("id", sa.Integer()), sa.Column("label", sa.String()))
        """
    )
    faith, ethnicities = findings(source, PATH)
    assert (faith.code, faith.symbol, faith.line, faith.column) == (
        "NEV102", "survey.faith", *position(source, 'sa.Column("faith"'))
    assert head(faith) == (
        "Alembic migration revision 1a2b3c4d5e6f creates survey.faith may record religious belief "
        "(name token 'faith'): is collecting it necessary?"
    )
    assert (ethnicities.code, ethnicities.symbol, ethnicities.line, ethnicities.column) == (
        "NEV101", "ethnicities", *position(source, '"ethnicities"'))
    assert head(ethnicities).startswith(
        "Alembic migration revision 1a2b3c4d5e6f creates ethnicities, which looks like a list of race or ethnicity")


def test_alter_column_rename_is_new_collection():
    source = module('op.alter_column("person", "notes", new_column_name="religion", existing_type=sa.Text())')
    (found,) = findings(source, PATH)
    assert (found.code, found.symbol, found.line, found.column) == (
        "NEV102", "person.religion", *position(source, '"religion"'))
    assert head(found) == (
        "Alembic migration revision 1a2b3c4d5e6f renames person.notes to person.religion may record "
        "religious belief (name token 'religion'): is collecting it necessary?"
    )


def test_alter_column_type_is_read_like_alter_field():
    source = module(
        """
        op.alter_column("person", "grp", type_=sa.Enum("Hindu", "Muslim", "Sikh", name="grp_enum"),
                        existing_type=sa.String(20))
        op.alter_column("person", "flag", new_column_name="is_refugee", existing_type=sa.Boolean())
        """
    )
    assert [(f.code, f.symbol, f.evidence, head(f).split(" may ")[0]) for f in findings(source, PATH)] == [
        ("NEV102", "person.grp", "choices list Hindu, Muslim, Sikh",
         "Alembic migration revision 1a2b3c4d5e6f alters person.grp"),
        ("NEV103", "person.is_refugee", "name token 'refugee'",
         "Alembic migration revision 1a2b3c4d5e6f renames person.flag to person.is_refugee"),
    ]


def test_batch_alter_table_blocks():
    source = module(
        """
        with op.batch_alter_table("household", schema=None) as batch_op:
            batch_op.add_column(sa.Column("citizenship", sa.String(2)))
            batch_op.alter_column("notes", new_column_name="ethnicity")
            batch_op.drop_column("religion")
            batch_op.alter_column("postcode", nullable=False)
        """
    )
    citizenship, ethnicity = findings(source, PATH)
    assert (citizenship.symbol, citizenship.line, citizenship.column) == (
        "household.citizenship", *position(source, 'sa.Column("citizenship"'))
    assert head(citizenship).startswith("Alembic migration revision 1a2b3c4d5e6f adds household.citizenship ")
    assert (ethnicity.symbol, ethnicity.line, ethnicity.column) == (
        "household.ethnicity", *position(source, '"ethnicity"'))
    assert head(ethnicity).startswith(
        "Alembic migration revision 1a2b3c4d5e6f renames household.notes to household.ethnicity ")


def test_rename_table():
    source = module('op.rename_table("groups", "religions")')
    (found,) = findings(source, PATH)
    assert head(found).startswith(
        "Alembic migration revision 1a2b3c4d5e6f renames groups to religions, which looks like a list of "
        "religious belief")


def test_op_execute_sql():
    source = module(
        """
        op.execute("ALTER TABLE person ADD COLUMN nationality text")
        op.execute(sa.text("ALTER TABLE person ADD COLUMN caste text"))
        """
    )
    nationality, caste = findings(source, PATH)
    assert (nationality.code, nationality.source, nationality.line, nationality.column) == (
        "NEV103", "sql-in-python", *position(source, "nationality"))
    assert head(nationality).startswith("SQL string ALTER TABLE person ADD COLUMN nationality may record")
    assert (caste.code, caste.line, caste.column) == ("NEV101", *position(source, "caste"))


def test_downgrade_and_dropping_stay_silent():
    source = module(
        upgrade="""
        op.drop_column("person", "religion")
        op.drop_table("ethnicities")
        op.create_index("ix_person_nationality", "person", ["nationality"])
        op.bulk_insert(faith_table, [{"name": "muslim"}, {"name": "hindu"}, {"name": "sikh"}])
        op.alter_column("person", "religion", new_column_name="notes")
        op.alter_column("person", "ethnicity", nullable=True, existing_type=sa.String(40))
        op.execute("ALTER TABLE person DROP COLUMN citizenship")
        op.execute("INSERT INTO faith (name) VALUES ('muslim')")
        """,
        downgrade="""
        op.add_column("person", sa.Column("religion", sa.String(length=40)))
        op.create_table("ethnicities", sa.Column("ethnicity", sa.String()))
        op.alter_column("person", "notes", new_column_name="religion")
        op.execute("ALTER TABLE person ADD COLUMN citizenship text")
        with op.batch_alter_table("person") as batch_op:
            batch_op.add_column(sa.Column("race", sa.String()))
        """,
    )
    assert findings(source, PATH) == []


def test_homographs_stay_silent():
    source = module(
        """
        op.add_column("job", sa.Column("race_condition_retries", sa.Integer()))
        op.add_column("cors_settings", sa.Column("origin", sa.String()))
        op.add_column("shipment", sa.Column("country", sa.String(2)))
        """
    )
    assert findings(source, PATH) == []


def test_blocks_inside_upgrade_are_read():
    source = module(
        """
        if op.get_context().dialect.name == "postgresql":
            op.add_column("person", sa.Column("religion", sa.Text()))
        else:
            try:
                op.add_column("person", sa.Column("race", sa.Text()))
            except Exception:
                pass
        table = op.create_table("visas", sa.Column("visa_status", sa.String()))
        """
    )
    assert [f.symbol for f in findings(source, PATH)] == ["person.religion", "person.race", "visas.visa_status"]


def test_without_a_revision_the_file_stem_names_the_migration():
    source = module('op.add_column("person", sa.Column("religion", sa.Text()))',
                    header="from alembic import op\nimport sqlalchemy as sa\n")
    (found,) = findings(source, PATH)
    assert head(found).startswith("Alembic migration 1a2b3c4d5e6f_add_race adds person.religion ")


def test_revision_alone_marks_an_alembic_module_and_op_may_be_renamed():
    header = HEADER.replace("from alembic import op", "from alembic import op as alembic_op")
    source = module('alembic_op.add_column("person", sa.Column("religion", sa.Text()))', header=header)
    assert [f.symbol for f in findings(source, PATH)] == ["person.religion"]


def test_multi_database_template():
    source = HEADER + textwrap.dedent(
        """

        def upgrade(engine_name):
            globals()["upgrade_%s" % engine_name]()


        def upgrade_engine1():
            op.add_column("person", sa.Column("religion", sa.Text()))


        def downgrade_engine1():
            op.add_column("person", sa.Column("ethnicity", sa.Text()))
            op.execute("ALTER TABLE person ADD COLUMN caste text")
        """
    )
    assert [f.symbol for f in findings(source, PATH)] == ["person.religion"]


def test_modules_that_are_not_alembic_migrations_are_not_read_as_such():
    source = textwrap.dedent(
        """\
        import sqlalchemy as sa


        def upgrade():
            op.add_column("person", sa.Column("religion", sa.Text()))
        """
    )
    assert findings(source, PATH) == []


def test_odd_calls_are_skipped_without_error():
    source = module(
        """
        op.add_column()
        op.add_column(*args)
        op.add_column("person")
        op.add_column("person", column)
        op.add_column(TABLE, sa.Column("religion", sa.Text()))
        op.create_table(**spec)
        op.create_table("survey", *columns)
        op.alter_column("person")
        op.alter_column("person", "notes", new_column_name=NEW_NAME)
        op.rename_table("groups")
        op.get_bind().execute(sa.text("SELECT 1"))
        with op.batch_alter_table(TABLE) as batch_op:
            batch_op.add_column(sa.Column("religion", sa.Text()))
        with op.batch_alter_table("person"):
            pass
        with open("x") as handle, op.batch_alter_table("person") as batch_op:
            batch_op.create_table("x")
            batch_op.add_column(sa.Column(name="ethnicity"))
        """
    )
    assert summary(source) == [("NEV101", "person.ethnicity", "name token 'ethnicity'")]
