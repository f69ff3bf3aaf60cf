"""NEV201 in migrations: field-level encryption taken away, as a user sees it.

Django migrations are checked against a replay of the app's other migrations,
read from the files next to them (never imported): real app directories are
written to tmp_path and checked through the Analyser, the real CLI and the real
flake8. Alembic revisions are single files. Every pattern has cases that must
fire and cases that must stay silent.
"""

from __future__ import annotations

import ast
import itertools
import textwrap
from pathlib import Path

import pytest

from flake8_neveragain.config.settings import Settings
from flake8_neveragain.engine import Analyser, analyse_python_file
from flake8_neveragain.findings import Finding
from flake8_neveragain.migration_replay import django_replay

IMPORTS = """\
import django_cryptography.fields
import encrypted_fields.fields
import fernet_fields.fields
from django.db import migrations, models
"""


def migration(operations: str, dependencies: str = "[]", imports: str = IMPORTS) -> str:
    body = textwrap.indent(textwrap.dedent(operations).strip("\n"), " " * 8)
    return (
        f"{imports}\n\nclass Migration(migrations.Migration):\n"
        f"    dependencies = {dependencies}\n\n    operations = [\n{body}\n    ]\n"
    )


def chain(app: str, names: list[str]) -> dict[str, str]:
    """Each migration's dependency list: on the one before it."""
    return {name: f'[("{app}", "{before}")]' for before, name in itertools.pairwise(names)}


def write_app(root: Path, app: str, files: dict[str, str], directory: str | None = None) -> Path:
    folder = root / (directory or app) / "migrations"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").write_text("")
    for name, text in files.items():
        (folder / f"{name}.py").write_text(text)
    return folder


def check(path: Path, settings: Settings | None = None) -> list[Finding]:
    analysis = analyse_python_file(path, str(path), Analyser(settings or Settings()))
    assert analysis.errors == ()
    return list(analysis.findings)


def nev201(path: Path, settings: Settings | None = None) -> list[tuple[str, str]]:
    return [(f.symbol, f.message.split(": ")[0]) for f in check(path, settings) if f.code == "NEV201"]


CREATE_ENCRYPTED = """
    migrations.CreateModel(
        name="Patient",
        fields=[
            ("id", models.AutoField(primary_key=True)),
            ("notes", fernet_fields.fields.EncryptedTextField()),
            ("name", models.CharField(max_length=100)),
        ],
    ),
"""
CREATE_OTHER = """
    migrations.CreateModel(
        name="Visit",
        fields=[("id", models.AutoField(primary_key=True)), ("notes", models.TextField())],
    ),
"""


def app_with(tmp_path: Path, later: list[tuple[str, str]], first: str = CREATE_ENCRYPTED) -> Path:
    """patients/migrations: 0001_initial with `first`, then the (name, operations) in `later`."""
    names = ["0001_initial", *(name for name, _ in later)]
    dependencies = chain("patients", names)
    files = {"0001_initial": migration(first)}
    for name, operations in later:
        files[name] = migration(operations, dependencies[name])
    return write_app(tmp_path, "patients", files)


# --- AlterField after the app's earlier migrations ------------------------------------------------

def test_encrypted_in_0001_renamed_in_0002_plain_in_0003_fires_in_0003_only(tmp_path):
    folder = app_with(tmp_path, [
        ("0002_rename", 'migrations.RenameModel(old_name="Patient", new_name="Client"),'),
        ("0003_plain_notes", """
            migrations.AlterField(
                model_name="client",
                name="notes",
                field=models.TextField(),
            ),
            migrations.AlterField(model_name="client", name="name", field=models.TextField()),
        """),
    ])
    assert nev201(folder / "0001_initial.py") == []
    assert nev201(folder / "0002_rename.py") == []
    findings = [f for f in check(folder / "0003_plain_notes.py") if f.code == "NEV201"]
    assert len(findings) == 1
    finding = findings[0]
    text = (folder / "0003_plain_notes.py").read_text()
    assert finding.line == text[:text.index("migrations.AlterField")].count("\n") + 1
    assert finding.column == 9
    assert (finding.category, finding.source, finding.symbol) == ("encryption", "django-migration", "client.notes")
    assert finding.message.startswith(
        "Django migration 0003_plain_notes alters client.notes from EncryptedTextField (fernet_fields) "
        "to TextField: "
    )
    assert "is that intended? Keep an encrypted field type" in finding.message
    assert "say why in review" in finding.message
    assert finding.message.endswith("NEV201.md")
    assert finding.evidence == "EncryptedTextField (fernet_fields) -> TextField"


def test_thirty_eight_migrations_and_a_model_rename_in_between(tmp_path):
    later = []
    for number in range(2, 39):
        if number == 20:
            operations = 'migrations.RenameModel(old_name="Patient", new_name="Resident"),'
        else:
            model = "patient" if number < 20 else "resident"
            operations = f'migrations.AddField(model_name="{model}", name="f{number}", field=models.IntegerField()),'
        later.append((f"{number:04d}_step", operations))
    later.append(("0039_plain_notes",
                  'migrations.AlterField(model_name="resident", name="notes", field=models.TextField()),'))
    folder = app_with(tmp_path, later)
    assert nev201(folder / "0039_plain_notes.py") == [
        ("resident.notes",
         "Django migration 0039_plain_notes alters resident.notes from EncryptedTextField (fernet_fields) to TextField"),
    ]
    assert nev201(folder / "0038_step.py") == []


def test_django_cryptography_wrapper_removed(tmp_path):
    first = """
        migrations.CreateModel(
            name="Patient",
            fields=[("ssn", django_cryptography.fields.encrypt(models.CharField(max_length=50)))],
        ),
    """
    folder = app_with(tmp_path, [
        ("0002_plain_ssn", 'migrations.AlterField(model_name="patient", name="ssn", field=models.CharField(max_length=50)),'),
    ], first)
    assert nev201(folder / "0002_plain_ssn.py") == [
        ("patient.ssn", ("Django migration 0002_plain_ssn alters patient.ssn from "
                        "encrypt(CharField) (django_cryptography) to CharField")),
    ]


def test_state_operations_of_separate_database_and_state_count(tmp_path):
    folder = app_with(tmp_path, [
        ("0002_state_only", """
            migrations.SeparateDatabaseAndState(
                state_operations=[
                    migrations.AlterField(model_name="patient", name="notes", field=models.TextField()),
                ],
                database_operations=[],
            ),
        """),
    ])
    assert [symbol for symbol, _ in nev201(folder / "0002_state_only.py")] == ["patient.notes"]


@pytest.mark.parametrize(
    "operations",
    [
        pytest.param('migrations.AlterField(model_name="patient", name="notes", '
                     'field=encrypted_fields.fields.EncryptedTextField()),', id="encrypted-to-other-library"),
        pytest.param('migrations.AlterField(model_name="patient", name="notes", '
                     'field=fernet_fields.fields.EncryptedTextField(blank=True)),', id="options-only"),
        pytest.param('migrations.AlterField(model_name="patient", name="name", '
                     'field=models.TextField()),', id="never-encrypted"),
        pytest.param('migrations.AlterField(model_name="visit", name="notes", '
                     'field=models.CharField(max_length=10)),', id="same-name-other-model"),
        pytest.param('migrations.RemoveField(model_name="patient", name="notes"),', id="removed-only"),
    ],
)
def test_alterations_that_keep_encryption_or_never_had_it_stay_silent(tmp_path, operations):
    folder = app_with(tmp_path, [("0002_other", CREATE_OTHER), ("0003_change", operations)])
    assert nev201(folder / "0003_change.py") == []


def test_plain_to_encrypted_stays_silent(tmp_path):
    first = 'migrations.CreateModel(name="Patient", fields=[("notes", models.TextField())]),'
    folder = app_with(tmp_path, [
        ("0002_encrypt", ('migrations.AlterField(model_name="patient", name="notes", '
                         'field=fernet_fields.fields.EncryptedTextField()),')),
    ], first)
    assert nev201(folder / "0002_encrypt.py") == []


def test_later_migrations_and_other_branches_do_not_count(tmp_path):
    first = 'migrations.CreateModel(name="Patient", fields=[("notes", models.TextField())]),'
    encrypt = 'migrations.AlterField(model_name="patient", name="notes", field=fernet_fields.fields.EncryptedTextField()),'
    plain = 'migrations.AlterField(model_name="patient", name="notes", field=models.TextField(blank=True)),'
    after_first = '[("patients", "0001_initial")]'
    folder = write_app(tmp_path, "patients", {
        "0001_initial": migration(first),
        "0002_branch_a": migration(encrypt, after_first),
        "0002_branch_b": migration(plain, after_first),  # 0002_branch_a is not its ancestor
        "0003_merge": migration("", '[("patients", "0002_branch_a"), ("patients", "0002_branch_b")]'),
    })
    assert nev201(folder / "0002_branch_b.py") == []
    later = write_app(tmp_path / "later", "patients", {
        "0001_initial": migration(first),
        "0002_plain": migration(plain, after_first),
        "0003_encrypt": migration(encrypt, '[("patients", "0002_plain")]'),
    })
    assert nev201(later / "0002_plain.py") == []


def test_a_merge_migration_brings_both_branches(tmp_path):
    first = 'migrations.CreateModel(name="Patient", fields=[("notes", models.TextField()), ("name", models.TextField())]),'
    after_first = '[("patients", "0001_initial")]'
    folder = write_app(tmp_path, "patients", {
        "0001_initial": migration(first),
        "0002_branch_a": migration('migrations.AlterField(model_name="patient", name="notes", '
                                   'field=fernet_fields.fields.EncryptedTextField()),', after_first),
        "0002_branch_b": migration('migrations.AlterField(model_name="patient", name="name", '
                                   'field=models.TextField(blank=True)),', after_first),
        "0003_merge": migration("", '[("patients", "0002_branch_a"), ("patients", "0002_branch_b")]'),
        "0004_plain": migration('migrations.AlterField(model_name="patient", name="notes", '
                                'field=models.TextField()),', '[("patients", "0003_merge")]'),
    })
    assert [symbol for symbol, _ in nev201(folder / "0004_plain.py")] == ["patient.notes"]


def test_other_apps_migrations_do_not_count(tmp_path):
    app_with(tmp_path, [])  # patients: Patient.notes encrypted
    folder = write_app(tmp_path, "billing", {
        "0001_initial": migration('migrations.CreateModel(name="Patient", fields=[("notes", models.TextField())]),',
                                  '[("patients", "0001_initial")]'),
        "0002_notes": migration('migrations.AlterField(model_name="patient", name="notes", '
                                'field=models.TextField(blank=True)),', '[("billing", "0001_initial")]'),
    })
    assert nev201(folder / "0002_notes.py") == []


# --- remove, then add or rename into the name ------------------------------------------------------

def test_remove_encrypted_then_add_plain_in_one_migration(tmp_path):
    folder = app_with(tmp_path, [
        ("0002_swap", """
            migrations.RemoveField(model_name="patient", name="notes"),
            migrations.AddField(model_name="patient", name="notes", field=models.TextField(default="")),
        """),
    ])
    assert nev201(folder / "0002_swap.py") == [
        ("patient.notes", ("Django migration 0002_swap adds patient.notes as TextField in place of the "
                          "encrypted EncryptedTextField (fernet_fields) removed above")),
    ]


def test_ancestor_removed_the_encrypted_field_and_a_later_migration_adds_it_plain(tmp_path):
    folder = app_with(tmp_path, [
        ("0002_drop_notes", 'migrations.RemoveField(model_name="patient", name="notes"),'),
        ("0003_notes_again", 'migrations.AddField(model_name="patient", name="notes", field=models.TextField()),'),
        ("0004_more", 'migrations.AlterField(model_name="patient", name="notes", field=models.TextField(blank=True)),'),
    ])
    assert nev201(folder / "0002_drop_notes.py") == []
    assert nev201(folder / "0003_notes_again.py") == [
        ("patient.notes", ("Django migration 0003_notes_again adds patient.notes as TextField in place of the "
                          "encrypted EncryptedTextField (fernet_fields) that 0002_drop_notes removed")),
    ]
    assert nev201(folder / "0004_more.py") == []  # reported once, where it happened


DANCE_BACKWARDS = [
    ("0002_add_plain", """
        migrations.AddField(model_name="patient", name="notes_plain", field=models.TextField(default="")),
        migrations.RunPython(copy_notes, migrations.RunPython.noop),
    """),
    ("0003_drop_encrypted", 'migrations.RemoveField(model_name="patient", name="notes"),'),
    ("0004_rename", 'migrations.RenameField(model_name="patient", old_name="notes_plain", new_name="notes"),'),
]


def test_the_three_step_dance_run_backwards_across_migrations(tmp_path):
    folder = app_with(tmp_path, DANCE_BACKWARDS)
    for name in ("0002_add_plain", "0003_drop_encrypted"):
        assert nev201(folder / f"{name}.py") == []
    assert nev201(folder / "0004_rename.py") == [
        ("patient.notes", ("Django migration 0004_rename renames patient.notes_plain (TextField) to notes, in place "
                          "of the encrypted EncryptedTextField (fernet_fields) that 0003_drop_encrypted removed")),
    ]


def test_the_three_step_dance_run_backwards_in_one_migration(tmp_path):
    folder = app_with(tmp_path, [("0002_decrypt", "\n".join(operations for _, operations in DANCE_BACKWARDS))])
    assert [symbol for symbol, _ in nev201(folder / "0002_decrypt.py")] == ["patient.notes"]


def test_the_documented_dance_that_adds_encryption_stays_silent(tmp_path):
    first = 'migrations.CreateModel(name="Patient", fields=[("notes", models.TextField())]),'
    folder = app_with(tmp_path, [("0002_encrypt", """
        migrations.AddField(model_name="patient", name="notes_encrypted",
                            field=fernet_fields.fields.EncryptedTextField(default="")),
        migrations.RemoveField(model_name="patient", name="notes"),
        migrations.RenameField(model_name="patient", old_name="notes_encrypted", new_name="notes"),
    """)], first)
    assert nev201(folder / "0002_encrypt.py") == []


def test_removed_and_added_back_encrypted_stays_silent(tmp_path):
    folder = app_with(tmp_path, [("0002_swap", """
        migrations.RemoveField(model_name="patient", name="notes"),
        migrations.AddField(model_name="patient", name="notes", field=encrypted_fields.fields.EncryptedTextField()),
    """)])
    assert nev201(folder / "0002_swap.py") == []


# --- finding the app's migrations ---------------------------------------------------------------

def test_the_app_label_need_not_be_the_directory_name(tmp_path):
    files = {
        "0001_initial": migration(CREATE_ENCRYPTED),
        "0002_plain": migration('migrations.AlterField(model_name="patient", name="notes", field=models.TextField()),',
                                '[("clinic_patients", "0001_initial"), ("auth", "0001_initial")]'),
    }
    folder = write_app(tmp_path, "clinic_patients", files, directory="patients")
    assert [symbol for symbol, _ in nev201(folder / "0002_plain.py")] == ["patient.notes"]


def test_without_dependencies_file_names_give_the_order(tmp_path):
    folder = write_app(tmp_path, "patients", {
        "0001_initial": migration(CREATE_ENCRYPTED),
        "0002_plain": migration('migrations.AlterField(model_name="patient", name="notes", field=models.TextField()),'),
    })
    assert [symbol for symbol, _ in nev201(folder / "0002_plain.py")] == ["patient.notes"]


def test_a_squashed_migration_and_the_ones_it_replaces(tmp_path):
    files = {
        "0001_initial": migration(CREATE_ENCRYPTED),
        "0002_name": migration('migrations.AlterField(model_name="patient", name="name", field=models.TextField()),',
                               '[("patients", "0001_initial")]'),
        "0001_squashed_0002_name": migration(CREATE_ENCRYPTED).replace(
            "    dependencies = []", '    replaces = [("patients", "0001_initial"), ("patients", "0002_name")]\n'
                                    "    dependencies = []"),
        "0003_plain": migration('migrations.AlterField(model_name="patient", name="notes", field=models.TextField()),',
                                '[("patients", "0001_squashed_0002_name")]'),
    }
    folder = write_app(tmp_path, "patients", files)
    assert [symbol for symbol, _ in nev201(folder / "0003_plain.py")] == ["patient.notes"]


def test_a_broken_or_unreadable_sibling_does_not_cut_the_chain_or_crash(tmp_path, run_json):
    folder = app_with(tmp_path, [
        ("0002_broken", 'migrations.AddField(model_name="patient", name="x", field=models.TextField(),'),
        ("0003_plain", 'migrations.AlterField(model_name="patient", name="notes", field=models.TextField()),'),
    ])
    (folder / "0002_binary.py").write_bytes(b"\x00\xff\xfe")
    assert [symbol for symbol, _ in nev201(folder / "0003_plain.py")] == ["patient.notes"]
    status, report = run_json(".", cwd=tmp_path)
    assert status == 1
    assert [(f["path"], f["code"]) for f in report["findings"]] == [
        ("patients/migrations/0003_plain.py", "NEV201"),
    ]
    assert {error["path"] for error in report["errors"]} == {
        "patients/migrations/0002_broken.py", "patients/migrations/0002_binary.py",
    }


def test_a_changed_sibling_is_read_again(tmp_path):
    folder = app_with(tmp_path, [
        ("0002_plain", 'migrations.AlterField(model_name="patient", name="notes", field=models.TextField()),'),
    ])
    assert len(nev201(folder / "0002_plain.py")) == 1
    (folder / "0001_initial.py").write_text(
        migration('migrations.CreateModel(name="Patient", fields=[("notes", models.TextField(blank=True))]),')
    )
    assert nev201(folder / "0002_plain.py") == []


def test_siblings_are_not_parsed_when_nothing_mentions_encryption(tmp_path, monkeypatch):
    first = 'migrations.CreateModel(name="Patient", fields=[("notes", models.TextField())]),'
    plain_imports = "from django.db import migrations, models\n"
    folder = write_app(tmp_path, "patients", {
        "0001_initial": migration(first, imports=plain_imports),
        "0002_notes": migration('migrations.AlterField(model_name="patient", name="notes", field=models.TextField()),',
                                '[("patients", "0001_initial")]', imports=plain_imports),
    })
    parsed = []
    original = django_replay.parse_migration
    monkeypatch.setattr(django_replay, "parse_migration", lambda *args: parsed.append(args[1]) or original(*args))
    assert nev201(folder / "0002_notes.py") == []
    assert parsed == []


def test_the_sibling_reader_is_injectable(monkeypatch):
    """A reader of another revision (or of memory) replaces the filesystem."""
    checked = migration('migrations.AlterField(model_name="patient", name="notes", field=models.TextField()),',
                        '[("app", "0001_initial")]')
    sources = {
        "app/migrations/0001_initial.py": migration(CREATE_ENCRYPTED).encode(),
        "app/migrations/0002_plain.py": checked.encode(),
    }

    class Memory:
        def list_migrations(self, directory: str) -> list[str]:
            return sorted(path for path in sources if path.rpartition("/")[0] == directory)

        def read(self, path: str) -> bytes | None:
            return sources.get(path)

        def version(self, path: str):
            return None

    parsed = []
    original = django_replay.parse_migration
    monkeypatch.setattr(django_replay, "parse_migration", lambda *args: parsed.append(args[1]) or original(*args))
    findings = Analyser(Settings()).findings_for_tree(ast.parse(checked), "app/migrations/0002_plain.py", Memory())
    assert [(f.code, f.symbol) for f in findings] == [("NEV201", "patient.notes")]
    assert parsed == ["0001_initial"], "the checked file is never parsed again: its tree is at hand"
    # Without the reader, there is no such directory on disk: the migration alone says nothing.
    assert Analyser(Settings()).findings_for_tree(ast.parse(checked), "app/migrations/0002_plain.py") == []


def test_a_migration_read_from_stdin_is_checked_on_its_own():
    source = migration(CREATE_ENCRYPTED + 'migrations.AlterField(model_name="patient", name="notes", '
                       'field=models.TextField()),')
    findings = Analyser(Settings()).findings_for_tree(ast.parse(source), "stdin")
    assert [(f.code, f.symbol, f.message.split(": ")[0]) for f in findings] == [
        ("NEV201", "patient.notes", ("Django migration alters patient.notes from EncryptedTextField (fernet_fields) "
                                    "to TextField")),
    ]


def test_a_dependency_cycle_does_not_hang(tmp_path):
    folder = write_app(tmp_path, "patients", {
        "0001_initial": migration(CREATE_ENCRYPTED, '[("patients", "0002_plain")]'),
        "0002_plain": migration('migrations.AlterField(model_name="patient", name="notes", field=models.TextField()),',
                                '[("patients", "0001_initial")]'),
        "0003_more": migration('migrations.AlterField("patient", "name", models.TextField()),',
                               '[("patients", "0002_plain"), ("patients", "0001_initial")]'),
    })
    assert [symbol for symbol, _ in nev201(folder / "0002_plain.py")] == ["patient.notes"]
    assert nev201(folder / "0003_more.py") == []


def test_positional_arguments_and_aliased_imports(tmp_path):
    imports = "from django.db import migrations, models\nfrom fernet_fields import fields as fernet\n"
    folder = write_app(tmp_path, "patients", {
        "0001_initial": migration('migrations.CreateModel("Patient", [("notes", fernet.EncryptedTextField())]),',
                                  imports=imports),
        "0002_plain": migration('migrations.AlterField("patient", "notes", models.TextField()),',
                                '[("patients", "0001_initial")]', imports=imports),
    })
    assert nev201(folder / "0002_plain.py") == [
        ("patient.notes", ("Django migration 0002_plain alters patient.notes from EncryptedTextField (fernet_fields) "
                          "to TextField")),
    ]


# --- configured types --------------------------------------------------------------------------

def test_configured_types_in_migrations(tmp_path):
    imports = "import acme.crypto\nfrom django.db import migrations, models\n"
    folder = write_app(tmp_path, "patients", {
        "0001_initial": migration('migrations.CreateModel(name="Patient", fields=['
                                  '("notes", acme.crypto.SealedTextField()), ("memo", acme.crypto.VaultString())]),',
                                  imports=imports),
        "0002_plain": migration("""
            migrations.AlterField(model_name="patient", name="notes", field=models.TextField()),
            migrations.AlterField(model_name="patient", name="memo", field=models.TextField()),
        """, '[("patients", "0001_initial")]', imports=imports),
    })
    assert nev201(folder / "0002_plain.py") == []
    settings = Settings(encrypted_types=("acme.crypto.SealedTextField", "VaultString"))
    assert nev201(folder / "0002_plain.py", settings) == [
        ("patient.notes", ("Django migration 0002_plain alters patient.notes from SealedTextField (acme.crypto) "
                          "to TextField")),
        ("patient.memo", "Django migration 0002_plain alters patient.memo from VaultString to TextField"),
    ]


# --- Alembic -----------------------------------------------------------------------------------

ALEMBIC = """\
import sqlalchemy as sa
import sqlalchemy_utils
from alembic import op
from sqlalchemy_utils import EncryptedType, StringEncryptedType

from clinic.crypto import field_key

revision = "3f2a9c1d"
down_revision = "1b7e0c44"


def upgrade():
{upgrade}


def downgrade():
{downgrade}
"""


def alembic(upgrade: str, downgrade: str = "pass") -> str:
    indent = " " * 4
    return ALEMBIC.format(upgrade=textwrap.indent(textwrap.dedent(upgrade).strip(), indent),
                          downgrade=textwrap.indent(textwrap.dedent(downgrade).strip(), indent))


def line_of(source: str, needle: str) -> int:
    return source[:source.index(needle)].count("\n") + 1


def alembic_findings(source: str) -> list[tuple[int, str, str]]:
    findings = Analyser(Settings()).findings_for_tree(ast.parse(source), "versions/3f2a9c1d_plain.py")
    return [(f.line, f.symbol, f.message.split(": ")[0]) for f in findings if f.code == "NEV201"]


@pytest.mark.parametrize(
    "call",
    [
        ('op.alter_column("patient", "notes", existing_type=StringEncryptedType(sa.Unicode(), field_key), '
        'type_=sa.Unicode())'),
        ('op.alter_column(table_name="patient", column_name="notes", type_=sa.Unicode(), '
        'existing_type=sqlalchemy_utils.types.encrypted.encrypted_type.StringEncryptedType())'),
    ],
)
def test_alembic_alter_column_from_encrypted_to_plain(call):
    source = alembic(call)
    assert alembic_findings(source) == [
        (line_of(source, "op.alter_column"), "patient.notes", ("Alembic migration revision 3f2a9c1d alters patient.notes from "
                              "StringEncryptedType (sqlalchemy_utils) to Unicode")),
    ]


def test_alembic_batch_alter_column():
    source = alembic("""
        with op.batch_alter_table("patient") as batch_op:
            batch_op.add_column(sa.Column("age", sa.Integer()))
            batch_op.alter_column("notes", existing_type=EncryptedType(sa.Unicode, field_key), type_=sa.Text())
    """)
    assert alembic_findings(source) == [
        (line_of(source, "batch_op.alter_column"), "patient.notes", ("Alembic migration revision 3f2a9c1d alters patient.notes from "
                              "EncryptedType (sqlalchemy_utils) to Text")),
    ]


@pytest.mark.parametrize(
    "upgrade",
    [
        pytest.param('op.alter_column("patient", "notes", existing_type=StringEncryptedType(sa.Unicode, field_key), '
                     'type_=EncryptedType(sa.Unicode, field_key))', id="both-encrypted"),
        pytest.param('op.alter_column("patient", "notes", existing_type=sa.Unicode(), '
                     'type_=StringEncryptedType(sa.Unicode, field_key))', id="plain-to-encrypted"),
        pytest.param('op.alter_column("patient", "notes", existing_type=StringEncryptedType(sa.Unicode, field_key), '
                     'nullable=True)', id="no-type"),
        pytest.param('op.alter_column("patient", "notes", existing_type=sa.Unicode(), type_=sa.Text())',
                     id="existing-plain"),
        pytest.param('op.alter_column("patient", "notes", existing_type=sa.LargeBinary(), '
                     'type_=sa.Text(), postgresql_using="convert_from(notes, \'UTF8\')")', id="bytea-to-text"),
    ],
)
def test_alembic_alter_column_that_keeps_or_adds_encryption_stays_silent(upgrade):
    assert alembic_findings(alembic(upgrade)) == []


def test_alembic_downgrade_is_not_read():
    source = alembic(
        'op.alter_column("patient", "notes", existing_type=sa.Unicode(), type_=StringEncryptedType(sa.Unicode, k))',
        'op.alter_column("patient", "notes", existing_type=StringEncryptedType(sa.Unicode, k), type_=sa.Unicode())',
    )
    assert alembic_findings(source) == []


# --- the real front doors ----------------------------------------------------------------------

def renamed_app(tmp_path: Path) -> Path:
    return app_with(tmp_path, [
        ("0002_rename", 'migrations.RenameModel(old_name="Patient", new_name="Client"),'),
        ("0003_plain_notes", """
            migrations.AlterField(
                model_name="client",
                name="notes",
                field=models.TextField(),
            ),
        """),
    ])


def test_cli_json_reports_nev201_in_the_migration_that_decrypts(tmp_path, run_json):
    renamed_app(tmp_path)
    (tmp_path / "versions").mkdir()
    (tmp_path / "versions" / "3f2a9c1d_plain.py").write_text(alembic(
        'op.alter_column("patient", "notes", existing_type=StringEncryptedType(sa.Unicode(), field_key), '
        'type_=sa.Unicode())'))
    status, report = run_json(".", cwd=tmp_path)
    assert status == 1
    assert report["errors"] == []
    django_line = line_of((tmp_path / "patients/migrations/0003_plain_notes.py").read_text(), "migrations.AlterField")
    alembic_line = line_of((tmp_path / "versions/3f2a9c1d_plain.py").read_text(), "op.alter_column")
    found = [(f["path"], f["line"], f["code"], f["category"], f["source"], f["symbol"]) for f in report["findings"]]
    assert found == [
        ("patients/migrations/0003_plain_notes.py", django_line, "NEV201", "encryption", "django-migration",
         "client.notes"),
        ("versions/3f2a9c1d_plain.py", alembic_line, "NEV201", "encryption", "alembic-migration", "patient.notes"),
    ]
    assert all(f["fingerprint"] and f["url"].endswith("/NEV201.md") for f in report["findings"])


def test_cli_ignore_and_noqa(tmp_path, run_json):
    folder = renamed_app(tmp_path)
    status, report = run_json("--ignore", "NEV201", ".", cwd=tmp_path)
    assert (status, report["findings"]) == (0, [])
    path = folder / "0003_plain_notes.py"
    path.write_text(path.read_text().replace(
        "migrations.AlterField(\n", "migrations.AlterField(  # noqa: NEV201 -- reviewed: notes are public (SEC-40)\n"))
    status, report = run_json(".", cwd=tmp_path)
    assert (status, report["findings"]) == (0, [])


def test_flake8_reports_nev201_and_honours_noqa(tmp_path, run_flake8):
    folder = renamed_app(tmp_path)
    completed = run_flake8("--select", "NEV", ".", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    lines = completed.stdout.splitlines()
    assert len(lines) == 1
    line = line_of((folder / "0003_plain_notes.py").read_text(), "migrations.AlterField")
    assert lines[0].startswith(
        f"./patients/migrations/0003_plain_notes.py:{line}:9: NEV201 Django migration 0003_plain_notes alters "
        "client.notes from EncryptedTextField (fernet_fields) to TextField: "
    )
    path = folder / "0003_plain_notes.py"
    path.write_text(path.read_text().replace("migrations.AlterField(\n", "migrations.AlterField(  # noqa: NEV201\n"))
    completed = run_flake8("--select", "NEV", ".", cwd=tmp_path)
    assert (completed.returncode, completed.stdout) == (0, ""), completed.stderr


def test_flake8_option_and_pyproject_key_for_own_types(tmp_path, run_flake8, run_json):
    imports = "import acme.crypto\nfrom django.db import migrations, models\n"
    write_app(tmp_path, "patients", {
        "0001_initial": migration('migrations.CreateModel(name="Patient", fields=['
                                  '("notes", acme.crypto.SealedTextField())]),', imports=imports),
        "0002_plain": migration('migrations.AlterField(model_name="patient", name="notes", field=models.TextField()),',
                                '[("patients", "0001_initial")]', imports=imports),
    })
    assert run_flake8("--select", "NEV", ".", cwd=tmp_path).stdout == ""
    completed = run_flake8("--select", "NEV", "--neveragain-encrypted-types", "acme.crypto.SealedTextField", ".",
                           cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    assert "NEV201 Django migration 0002_plain alters patient.notes from SealedTextField (acme.crypto)" in (
        completed.stdout)
    bad = run_flake8("--select", "NEV", "--neveragain-encrypted-types", "acme..X", ".", cwd=tmp_path)
    assert bad.returncode != 0 and "Traceback" not in bad.stdout + bad.stderr
    assert "--neveragain-encrypted-types: 'acme..X' is not a type name" in bad.stdout + bad.stderr

    assert run_json(".", cwd=tmp_path)[0] == 0
    (tmp_path / "pyproject.toml").write_text('[tool.neveragain]\nencrypted-types = ["acme.crypto.SealedTextField"]\n')
    status, report = run_json(".", cwd=tmp_path)
    assert (status, [f["symbol"] for f in report["findings"]]) == (1, ["patient.notes"])
    # flake8 reads the same key from pyproject.toml.
    assert "NEV201" in run_flake8("--select", "NEV", ".", cwd=tmp_path).stdout

