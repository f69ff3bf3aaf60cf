"""Encrypted field types, recognised by where they are imported from.

What a user sees: the `encrypted` flag of a field (the inventory's "encrypted"
column, and whether NEV201 sees encryption taken away), for the packages that
encrypt, for lookalikes that do not, for the full dotted paths migrations write,
and for the project's own types listed in `[tool.neveragain] encrypted-types` or
flake8's `--neveragain-encrypted-types`.
"""

from __future__ import annotations

import ast
import json
import textwrap

import pytest

from flake8_neveragain.config.settings import ConfigError, Settings, settings_from_table
from flake8_neveragain.engine import Analyser
from flake8_neveragain.extract import extract_facts


def encrypted(source: str, encrypted_types: tuple[str, ...] = ()) -> dict[str, bool]:
    """symbol -> encrypted, for the field facts of `source`."""
    facts = extract_facts(ast.parse(textwrap.dedent(source)), "models.py", encrypted_types)
    return {fact.symbol: fact.encrypted for fact in facts if fact.kind == "field"}


# --- known packages --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "imports, field",
    [
        ("from fernet_fields import EncryptedTextField", "EncryptedTextField()"),
        ("from fernet_fields.fields import EncryptedCharField", "EncryptedCharField(max_length=40)"),
        ("from encrypted_fields.fields import EncryptedJSONField", "EncryptedJSONField()"),
        ("from encrypted_model_fields.fields import EncryptedDateField", "EncryptedDateField()"),
        ("from pgcrypto.fields import TextPGPSymmetricKeyField", "TextPGPSymmetricKeyField()"),
        ("from pgcrypto import fields", "fields.EmailPGPPublicKeyField()"),
        ("from django_mongodb_backend.fields import EncryptedCharField", "EncryptedCharField(max_length=20)"),
        ("from django_cryptography.fields import encrypt", "encrypt(models.TextField())"),
        ("from django_cryptography.fields import encrypt as sealed", "sealed(models.TextField())"),
        ("from mirage.fields import EncryptedTextField", "EncryptedTextField()"),
        ("from django_kms.fields import KMSEncryptedCharField", "KMSEncryptedCharField(key_id='k')"),
        ("from django_fernet.fields import FernetTextField", "FernetTextField()"),
        ("from encrypt_decrypt_fields import EncryptedBinaryField", "EncryptedBinaryField()"),
    ],
)
def test_fields_of_encryption_packages_are_encrypted(imports, field):
    source = f"""
        from django.db import models
        {imports}

        class Patient(models.Model):
            notes = {field}
            name = models.CharField(max_length=100)
    """
    assert encrypted(source) == {"Patient.notes": True, "Patient.name": False}


def test_sqlalchemy_utils_encrypts_only_with_its_two_encrypted_types():
    source = """
        import sqlalchemy as sa
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
        from sqlalchemy_utils import EmailType, EncryptedType, PasswordType, StringEncryptedType

        class Base(DeclarativeBase):
            pass

        class Patient(Base):
            __tablename__ = "patient"
            notes: Mapped[str] = mapped_column(StringEncryptedType(sa.Unicode, "key"))
            legacy = sa.Column(EncryptedType(sa.Unicode, "key"))
            email = sa.Column(EmailType)
            password = sa.Column(PasswordType(schemes=["pbkdf2_sha512"]))
    """
    assert encrypted(source) == {
        "Patient.notes": True, "Patient.legacy": True, "Patient.email": False, "Patient.password": False,
    }


# --- the dotted paths migrations write --------------------------------------------------------

def test_full_paths_in_django_migrations_resolve_through_the_imports():
    source = """
        import django_cryptography.fields
        import fernet_fields.fields
        import pgcrypto.fields
        from django.db import migrations, models

        class Migration(migrations.Migration):
            operations = [
                migrations.CreateModel(
                    name="Patient",
                    fields=[
                        ("notes", fernet_fields.fields.EncryptedTextField()),
                        ("ssn", django_cryptography.fields.encrypt(models.CharField(max_length=50))),
                        ("email", pgcrypto.fields.EmailPGPSymmetricKeyField()),
                        ("email_digest", pgcrypto.fields.TextDigestField()),
                        ("email_hmac", pgcrypto.fields.TextHMACField()),
                        ("name", models.CharField(max_length=100)),
                    ],
                ),
            ]
    """
    assert encrypted(source) == {
        "Patient.notes": True, "Patient.ssn": True, "Patient.email": True,
        "Patient.email_digest": False, "Patient.email_hmac": False, "Patient.name": False,
    }


def test_full_path_in_an_alembic_revision():
    source = """
        import sqlalchemy as sa
        import sqlalchemy_utils
        from alembic import op

        revision = "1a2b3c"

        def upgrade():
            op.add_column("patient", sa.Column(
                "notes", sqlalchemy_utils.types.encrypted.encrypted_type.StringEncryptedType(), nullable=True))
            op.add_column("patient", sa.Column("name", sqlalchemy_utils.types.email.EmailType(), nullable=True))
    """
    assert encrypted(source) == {"patient.notes": True, "patient.name": False}


# --- lookalikes and unknown origins -------------------------------------------------------------

def test_lookalikes_are_not_encryption():
    source = """
        from django.db import models
        from pgcrypto.fields import TextDigestField, TextHMACField
        from pydantic import BaseModel, SecretBytes, SecretStr

        class Account(BaseModel):
            api_key: SecretStr
            token: SecretBytes

        class Person(models.Model):
            email_digest = TextDigestField()
            phone_hmac = TextHMACField()
    """
    assert set(encrypted(source).values()) == {False}


def test_a_name_that_says_encrypted_from_a_plain_framework_is_not_encryption():
    # The import decides: these packages ship no field-level encryption.
    source = """
        from django.db import models
        from django.db.models import EncryptedTextField
        from sqlalchemy_utils import EncryptedLookingType
        import sqlalchemy as sa

        class Person(models.Model):
            notes = EncryptedTextField()
            blob = models.BinaryField()

        person = sa.Table("person", sa.MetaData(), sa.Column("data", EncryptedLookingType()))
    """
    assert encrypted(source) == {"Person.notes": False, "Person.blob": False, "person.data": False}


def test_unknown_origins_keep_the_name_heuristic():
    source = """
        import sqlalchemy as sa
        from django.db import models
        from sqlalchemy.types import TypeDecorator

        from .fields import EncryptedTextField
        from app.crypto import encrypt

        class PGPString(TypeDecorator):
            impl = sa.LargeBinary

        class Patient(models.Model):
            notes = EncryptedTextField()
            ssn = encrypt(models.CharField(max_length=11))
            plain = models.TextField()

        patient = sa.Table("patient", sa.MetaData(), sa.Column("history", PGPString()))
    """
    assert encrypted(source) == {
        "Patient.notes": True, "Patient.ssn": True, "Patient.plain": False, "patient.history": True,
    }


def test_an_encrypt_function_from_a_plain_framework_is_not_a_field_wrapper_that_encrypts():
    source = """
        from django.db import models
        from sqlalchemy import encrypt

        class Patient(models.Model):
            notes = encrypt(models.TextField())
    """
    assert encrypted(source) == {"Patient.notes": False}


# --- the project's own types ---------------------------------------------------------------------

OWN_TYPES = """
    import sqlalchemy as sa
    from django.db import models
    from acme.crypto import SealedLookalikeField, SealedTextField
    from acme.vault import VaultString

    class Patient(models.Model):
        notes = SealedTextField()
        other = SealedLookalikeField()

    patient = sa.Table("patient", sa.MetaData(), sa.Column("summary", VaultString(200)))
"""


def test_configured_types_dotted_by_origin_and_bare_by_name():
    assert encrypted(OWN_TYPES) == {"Patient.notes": False, "Patient.other": False, "patient.summary": False}
    configured = ("acme.crypto.SealedTextField", "VaultString", "acme.forms.SealedLookalikeField")
    assert encrypted(OWN_TYPES, configured) == {
        "Patient.notes": True, "Patient.other": False, "patient.summary": True,
    }


def test_a_dotted_type_matches_the_path_a_migration_writes():
    source = """
        import acme.crypto
        from django.db import migrations

        class Migration(migrations.Migration):
            operations = [
                migrations.AddField(model_name="patient", name="notes", field=acme.crypto.SealedTextField()),
            ]
    """
    assert encrypted(source, ("acme.crypto.SealedTextField",)) == {"patient.notes": True}
    assert encrypted(source, ("other.crypto.SealedTextField",)) == {"patient.notes": False}


def test_encrypted_flag_reaches_findings_and_the_inventory(tmp_path, run_main):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.neveragain]\nencrypted-types = ["acme.crypto.SealedTextField"]\n'
    )
    (tmp_path / "models.py").write_text(textwrap.dedent("""
        from django.db import models
        from acme.crypto import SealedTextField

        class Member(models.Model):
            religion = SealedTextField()
            ethnicity = models.CharField(max_length=40)
    """))
    status, out, err = run_main("inventory", "--format", "json", ".", cwd=tmp_path)
    assert status in (0, 1), err
    entries = {entry["symbol"]: entry["encrypted"] for entry in _inventory_entries(json.loads(out))}
    assert entries == {"Member.religion": True, "Member.ethnicity": False}


def _inventory_entries(report: dict) -> list[dict]:
    found = []

    def walk(value):
        if isinstance(value, dict):
            if "symbol" in value and "encrypted" in value:
                found.append(value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(report)
    return found


# --- configuration -----------------------------------------------------------------------------

def test_the_pyproject_key():
    settings = settings_from_table({"encrypted-types": ["acme.crypto.SealedTextField", "VaultString"]}, "p")
    assert settings.encrypted_types == ("acme.crypto.SealedTextField", "VaultString")
    assert settings_from_table({"encrypted-types": "A, b.C"}, "p").encrypted_types == ("A", "b.C")
    assert Settings().encrypted_types == ()


@pytest.mark.parametrize("value", [["acme..SealedTextField"], ["not a name"], ["acme.crypto."], [3], 3])
def test_a_bad_encrypted_types_value_is_a_config_error(value):
    with pytest.raises(ConfigError) as raised:
        settings_from_table({"encrypted-types": value}, "pyproject.toml")
    message = str(raised.value)
    assert message.startswith("pyproject.toml: [tool.neveragain] encrypted-types: ")
    assert "\n" not in message


def test_the_cli_exits_2_on_a_bad_value(tmp_path, run_main):
    (tmp_path / "pyproject.toml").write_text('[tool.neveragain]\nencrypted-types = ["no good"]\n')
    (tmp_path / "m.py").write_text("x = 1\n")
    status, _, err = run_main("check", ".", cwd=tmp_path)
    assert status == 2
    assert "encrypted-types" in err and "'no good'" in err


def test_the_analyser_passes_configured_types_to_the_extractors():
    source = textwrap.dedent("""
        from django.db import models
        from acme.crypto import SealedTextField

        class Member(models.Model):
            religion = SealedTextField()
    """)
    plain = Analyser(Settings()).findings_for_tree(ast.parse(source), "models.py")
    sealed = Analyser(Settings(encrypted_types=("acme.crypto.SealedTextField",))).findings_for_tree(
        ast.parse(source), "models.py"
    )
    assert [(f.code, f.encrypted) for f in plain] == [("NEV102", False)]
    assert [(f.code, f.encrypted) for f in sealed] == [("NEV102", True)]
