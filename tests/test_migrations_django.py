"""Django migrations through the real pipeline: each operation, must fire and must stay silent.

Schemas change in migrations far more often than in model files: an AddField or a
RenameField is where a reviewer must see the question. Removing data (RemoveField,
DeleteModel) and reverse operations (reverse_sql, RunPython's backwards) are not
new collection and stay silent.
"""

from __future__ import annotations

import ast
import textwrap

import pytest

from flake8_neveragain.extract import extract_facts
from helpers import findings, head, position

PATH = "app/migrations/0007_resident_race.py"
HEADER = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("app", "0006_previous")]

    operations = [
"""


def migration(operations: str, header: str = HEADER) -> str:
    """A migration module whose operations list holds `operations` (dedented)."""
    body = textwrap.indent(textwrap.dedent(operations).strip("\n"), " " * 8)
    return f"{header}{body}\n    ]\n"


def summary(source: str, path: str = PATH) -> list[tuple[str, str]]:
    return [(f.code, f.symbol) for f in findings(source, path)]


# --- CreateModel --------------------------------------------------------------------------

def test_create_model_reports_sensitive_fields_and_models_named_after_a_category():
    source = migration(
        """
        migrations.CreateModel(
            name="Resident",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                ("race", models.CharField(blank=True, max_length=40)),
                ("trace_id", models.CharField(max_length=32)),
                ("shipping_country", models.CharField(max_length=2)),
            ],
        ),
        migrations.CreateModel(
            name="Ethnicity",
            fields=[("id", models.AutoField(primary_key=True)), ("label", models.CharField(max_length=40))],
        ),
        """
    )
    race, ethnicity = findings(source, PATH)
    assert (race.code, race.symbol, race.source) == ("NEV101", "Resident.race", "django-migration")
    assert (race.line, race.column) == position(source, '("race"')
    assert head(race) == (
        "Django migration 0007_resident_race creates Resident.race may record race or ethnicity "
        "(name token 'race'; on a person record: model name 'Resident'): is collecting it necessary?"
    )
    assert (ethnicity.code, ethnicity.symbol) == ("NEV101", "Ethnicity")
    assert (ethnicity.line, ethnicity.column) == position(source, '"Ethnicity"')
    assert head(ethnicity) == (
        "Django migration 0007_resident_race creates Ethnicity, which looks like a list of race or "
        "ethnicity (model name 'Ethnicity'): does the system need to classify people this way?"
    )


def test_create_model_reads_fields_as_model_classes_do():
    source = migration(
        """
        migrations.CreateModel(
            "Household",
            [
                ("community", models.CharField(max_length=20, choices=[
                    ("hindu", "Hindu"), ("muslim", "Muslim"), ("sikh", "Sikh"),
                ])),
                ("notes", models.TextField(db_column="ethnic_origin")),
                ("is_refugee", models.BooleanField(default=False)),
                ("grp", models.ForeignKey(on_delete=models.CASCADE, to="app.Religion")),
            ],
            options={"db_table": "household"},
        ),
        """
    )
    assert [(f.code, f.symbol, f.evidence) for f in findings(source, PATH)] == [
        ("NEV102", "Household.community", "choices list Hindu, Muslim, Sikh"),
        ("NEV101", "Household.notes", "stored as 'ethnic_origin'"),
        ("NEV103", "Household.is_refugee", "name token 'refugee'"),
        ("NEV102", "Household.grp", "related type 'Religion'"),
    ]


def test_create_model_db_table_option_is_the_stored_name():
    source = migration(
        """
        migrations.CreateModel(
            name="Group",
            fields=[("id", models.AutoField(primary_key=True))],
            options={"db_table": "ethnic_groups", "ordering": ["id"]},
        ),
        """
    )
    (found,) = findings(source, PATH)
    assert (found.code, found.symbol, found.evidence) == ("NEV101", "Group", "stored as 'ethnic_groups'")


def test_lower_case_relation_takes_the_spelling_of_a_model_created_here():
    # makemigrations writes relations as to="app.ethnicgroup" (the model's label_lower).
    source = migration(
        """
        migrations.CreateModel(name="EthnicGroup", fields=[("id", models.AutoField(primary_key=True))]),
        migrations.CreateModel(
            name="Resident",
            fields=[("grp", models.ForeignKey(on_delete=models.CASCADE, to="app.ethnicgroup"))],
        ),
        """
    )
    assert [(f.symbol, f.evidence) for f in findings(source, PATH)] == [
        ("EthnicGroup", "model name 'EthnicGroup'"),
        ("Resident.grp", "related type 'EthnicGroup'"),
    ]


def test_create_model_homographs_stay_silent():
    source = migration(
        """
        migrations.CreateModel(
            name="Runner",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("race", models.ForeignKey(on_delete=models.CASCADE, to="app.race")),
                ("lap_time", models.DurationField()),
            ],
        ),
        migrations.CreateModel(
            name="CorsSettings",
            fields=[("allowed_origins", models.TextField()), ("origin", models.CharField(max_length=200))],
        ),
        """
    )
    assert findings(source, PATH) == []


# --- AddField / AlterField -------------------------------------------------------------------

def test_add_field_keyword_form():
    source = migration(
        """
        migrations.AddField(
            model_name="resident",
            name="race",
            field=models.CharField(blank=True, max_length=40),
        ),
        """
    )
    (found,) = findings(source, PATH)
    assert (found.code, found.symbol) == ("NEV101", "resident.race")
    assert (found.line, found.column) == position(source, '"race"')
    assert (found.end_line, found.end_column) == (found.line + 2, 10)  # the end of the AddField call
    assert head(found) == (
        "Django migration 0007_resident_race adds resident.race may record race or ethnicity "
        "(name token 'race'; on a person record: model name 'resident'): is collecting it necessary?"
    )


@pytest.mark.parametrize("operation, expected", [
    ('migrations.AddField("resident", "is_muslim", models.BooleanField(default=False))',
     ("NEV102", "resident.is_muslim", "flag 'is_muslim'")),
    ('migrations.AddField("resident", "notes", models.TextField(db_column="religion"))',
     ("NEV102", "resident.notes", "stored as 'religion'")),
    ('migrations.AddField("resident", "grp", models.ForeignKey(on_delete=models.CASCADE, to="app.Religion"))',
     ("NEV102", "resident.grp", "related type 'Religion'")),
    ('migrations.AddField(model_name="resident", name="countryOfBirth", field=CountryField())',
     ("NEV103", "resident.countryOfBirth", "name tokens 'country of birth'")),
    ('migrations.AddField("resident", "nationality", fernet_fields.EncryptedCharField(max_length=20))',
     ("NEV103", "resident.nationality", "name token 'nationality'")),
])
def test_add_field_reads_the_field_definition(operation, expected):
    (found,) = findings(migration(operation + ","), PATH)
    assert (found.code, found.symbol, found.evidence) == expected
    assert head(found).startswith(f"Django migration 0007_resident_race adds {expected[1]} ")


def test_alter_field_reports_the_new_definition():
    source = migration(
        """
        migrations.AlterField(
            model_name="household",
            name="group",
            field=models.CharField(max_length=20, choices=[
                ("hindu", "Hindu"), ("muslim", "Muslim"), ("sikh", "Sikh"), ("jain", "Jain"),
            ]),
        ),
        migrations.AlterField("household", "postcode", models.CharField(max_length=12)),
        """
    )
    (found,) = findings(source, "app/migrations/0009_household_group_choices.py")
    assert (found.code, found.line, found.column) == ("NEV102", *position(source, '"group"'))
    assert head(found) == (
        "Django migration 0009_household_group_choices alters household.group may record religious "
        "belief (choices list Hindu, Muslim, Sikh, ...): is collecting it necessary?"
    )


def test_add_field_homographs_stay_silent():
    source = migration(
        """
        migrations.AddField("resident", "trace_id", models.CharField(max_length=32)),
        migrations.AddField("resident", "race_condition_retries", models.IntegerField(default=3)),
        migrations.AddField("order", "shipping_country", models.CharField(max_length=2)),
        migrations.AddField("runner", "race", models.IntegerField()),
        migrations.AddField("resident", "christian_name", models.CharField(max_length=50)),
        """
    )
    assert findings(source, PATH) == []


def test_fields_added_earlier_in_the_migration_are_context():
    source = migration(
        """
        migrations.CreateModel(name="Entry", fields=[("lap_time", models.DurationField())]),
        migrations.AddField("entry", "race", models.IntegerField()),
        """
    )
    facts = [fact for fact in extract_facts(ast.parse(source), PATH) if fact.name == "race"]
    assert facts[0].siblings == ("lap_time",)
    assert findings(source, PATH) == []


# --- RenameField / RenameModel -----------------------------------------------------------------

def test_rename_field_to_a_sensitive_name_is_new_collection():
    source = migration(
        """
        migrations.RenameField(
            model_name="resident",
            old_name="notes",
            new_name="religion",
        ),
        """
    )
    (found,) = findings(source, "app/migrations/0008_resident_religion.py")
    assert (found.code, found.symbol) == ("NEV102", "resident.religion")
    assert (found.line, found.column) == position(source, '"religion"')
    assert head(found) == (
        "Django migration 0008_resident_religion renames resident.notes to resident.religion may "
        "record religious belief (name token 'religion'): is collecting it necessary?"
    )


def test_rename_field_positional_form_and_away_from_a_sensitive_name():
    source = migration(
        """
        migrations.RenameField("resident", "grp", "ethnic_group"),
        migrations.RenameField("resident", "religion", "notes"),
        """
    )
    assert summary(source) == [("NEV101", "resident.ethnic_group")]


def test_rename_model():
    source = migration(
        """
        migrations.RenameModel(old_name="Group", new_name="Ethnicity"),
        migrations.RenameModel("Religion", "Topic"),
        """
    )
    (found,) = findings(source, PATH)
    assert (found.code, found.symbol, found.line, found.column) == (
        "NEV101", "Ethnicity", *position(source, '"Ethnicity"'))
    assert head(found) == (
        "Django migration 0007_resident_race renames Group to Ethnicity, which looks like a list of "
        "race or ethnicity (model name 'Ethnicity'): does the system need to classify people this way?"
    )


# --- Operations that collect nothing -----------------------------------------------------------

def test_removing_and_other_operations_stay_silent():
    source = migration(
        """
        migrations.RemoveField(model_name="resident", name="religion"),
        migrations.RemoveField("resident", "ethnicity"),
        migrations.DeleteModel(name="Religion"),
        migrations.AlterModelOptions(name="religion", options={"ordering": ["name"]}),
        migrations.AlterModelTable(name="resident", table="residents"),
        migrations.AddIndex(
            model_name="resident",
            index=models.Index(fields=["nationality"], name="resident_nationality_idx"),
        ),
        migrations.AddConstraint(
            model_name="resident",
            constraint=models.CheckConstraint(check=models.Q(religion__in=["a"]), name="religion_check"),
        ),
        migrations.AlterUniqueTogether(name="resident", unique_together={("ethnicity", "household")}),
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),
        """
    )
    assert findings(source, PATH) == []


def test_separate_database_and_state_reads_only_the_database_side():
    source = migration(
        """
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddField("resident", "ethnicity", models.CharField(max_length=5))],
            database_operations=[migrations.AddField("resident", "tribe", models.CharField(max_length=5))],
        ),
        """
    )
    assert summary(source) == [("NEV101", "resident.tribe")]


# --- RunSQL and RunPython --------------------------------------------------------------------

def test_run_sql_reads_the_forward_sql_never_the_reverse():
    source = migration(
        """
        migrations.RunSQL(
            sql="ALTER TABLE app_resident ADD COLUMN nationality text",
            reverse_sql="ALTER TABLE app_resident ADD COLUMN faith text",
        ),
        migrations.RunSQL("ALTER TABLE app_resident ADD COLUMN caste text",
                          "ALTER TABLE app_resident ADD COLUMN race text"),
        """
    )
    nationality, caste = findings(source, PATH)
    assert (nationality.code, nationality.source, nationality.symbol) == (
        "NEV103", "sql-in-python", "app_resident.nationality")
    assert (nationality.line, nationality.column) == position(source, "nationality text")
    assert head(nationality) == (
        "SQL string ALTER TABLE app_resident ADD COLUMN nationality may record national origin or "
        "immigration status (name token 'nationality'): is collecting it necessary?"
    )
    assert (caste.code, caste.line, caste.column) == ("NEV101", *position(source, "caste text"))


def test_run_sql_lists_and_params_tuples():
    source = migration(
        """
        migrations.RunSQL([
            "CREATE TABLE app_survey (id serial, lap_time int)",
            ("ALTER TABLE app_survey ADD COLUMN birthplace text DEFAULT %s", ["unknown"]),
        ]),
        """
    )
    (found,) = findings(source, PATH)
    assert (found.code, found.symbol, found.line, found.column) == (
        "NEV103", "app_survey.birthplace", *position(source, "birthplace"))


def test_run_sql_that_removes_or_writes_data_stays_silent():
    source = migration(
        """
        migrations.RunSQL("ALTER TABLE app_resident DROP COLUMN religion"),
        migrations.RunSQL("INSERT INTO app_faith (name) VALUES ('muslim'), ('hindu'), ('sikh')"),
        migrations.RunSQL("UPDATE app_resident SET notes = 'ethnicity unknown'"),
        migrations.RunSQL("CREATE INDEX app_resident_religion_idx ON app_resident (religion)"),
        migrations.RunSQL(migrations.RunSQL.noop),
        """
    )
    assert findings(source, PATH) == []


def test_run_python_reverse_function_sql_is_skipped():
    header = HEADER.replace(
        "\n\nclass Migration",
        textwrap.dedent(
            '''


            def forwards(apps, schema_editor):
                schema_editor.execute("ALTER TABLE app_resident ADD COLUMN citizenship text")


            def backwards(apps, schema_editor):
                schema_editor.execute("ALTER TABLE app_resident ADD COLUMN religion text")
            '''
        ).rstrip("\n") + "\n\n\nclass Migration",
    )
    source = migration("migrations.RunPython(forwards, reverse_code=backwards),", header)
    assert summary(source) == [("NEV103", "app_resident.citizenship")]


# --- Which modules are migrations -------------------------------------------------------------

def test_a_migration_is_recognised_wherever_it_lives_and_by_imported_names():
    source = textwrap.dedent(
        """\
        from django.db.migrations import AddField, Migration as BaseMigration
        from django.db import models


        class Migration(BaseMigration):
            operations = [AddField("resident", "religion", models.CharField(max_length=20))]
        """
    )
    (found,) = findings(source, "schema_changes/0003_religion.py")
    assert head(found).startswith("Django migration 0003_religion adds resident.religion ")


def test_without_a_file_name_the_action_stands_alone():
    source = migration('migrations.AddField("resident", "religion", models.CharField(max_length=20)),')
    for path in ("", "stdin"):
        (found,) = findings(source, path)
        assert head(found).startswith("Django migration adds resident.religion may record religious belief")


def test_other_classes_named_migration_are_not_read():
    source = textwrap.dedent(
        """\
        class Migration:
            operations = [AddField("resident", "religion", CharField(max_length=20))]


        class Migration(object):
            operations = [AddField("resident", "religion", CharField(max_length=20))]
        """
    )
    assert findings(source, PATH) == []


def test_odd_operations_are_skipped_without_error():
    source = migration(
        """
        migrations.AddField(*args),
        migrations.AddField(**options),
        migrations.AddField(model_name=MODEL, name=NAME, field=None),
        migrations.CreateModel(name=name_of_model, fields=FIELDS),
        migrations.CreateModel(name="Person", fields=[("race",), "religion", ("ethnicity", None)]),
        migrations.RenameField("resident", "notes"),
        migrations.RenameModel("Group"),
        operation_factory(),
        """
    )
    assert summary(source) == [("NEV101", "Person.ethnicity")]
