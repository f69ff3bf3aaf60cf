"""No secret in any report (issue 11: d06, and the leak test it asks for).

What may appear in a report, and what never may:
- names: identifiers as written in code or schema (Python names and attributes,
  SQL table, column and type names, quoted identifiers, option keys such as
  sslmode, a Django DATABASES alias that looks like a name); a callee is shown
  by its names only: `boto3.session.Session(...).client`, `SESSIONS[...].client`;
- category words: choice and enum values or labels the lexicon recognises
  ("Muslim", "hindu"): they say what a column classifies people by, and the
  evidence quotes them on purpose;
- option words: the setting a finding is about (sslmode='disable', Encrypt=no,
  ENCRYPTION='N', use_ssl=False).
Everything else is a value and never appears: literal arguments, receivers'
arguments and subscripts, defaults, CHECK constants, INSERT values, choice and
enum members that are not category words, DSN users, passwords, hosts and
databases, dict values, f-strings, comments and docstrings. Each such value
below is `SECRET-<POSITION>-<n>`; the test fails if "SECRET" shows anywhere in
the output, and checks that the findings around them are still reported, so it
cannot pass by reporting nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MARK = "SECRET"

FILES: dict[str, str] = {
    "app/models.py": '''\
"""Models. SECRET-DOCSTRING-1 is the docstring's secret."""
import enum

from django.db import models
from django.db.models import TextChoices

API_KEY = "SECRET-CONSTANT-1"  # SECRET-COMMENT-1


class Religion(TextChoices):
    MUSLIM = "muslim", "Muslim"
    TOKEN = "SECRET-ENUMVALUE-1", "SECRET-ENUMLABEL-1"


class Origin(enum.Enum):
    FRENCH = "SECRET-PYENUM-1"
    ALGERIAN = "algerian"


class Person(models.Model):
    """A person. SECRET-DOCSTRING-2"""

    religion = models.CharField(max_length=40, choices=Religion.choices, default="SECRET-PYDEFAULT-1")
    faith = models.CharField(max_length=40, default=f"SECRET-FSTRING-{API_KEY}",
                             choices=[("christian", "Christian"), ("SECRET-CHOICEVALUE-1", "SECRET-CHOICELABEL-1")])
    ethnicity = models.CharField(max_length=40, db_column="ethnicity", help_text="SECRET-HELPTEXT-1")
    nationality = models.CharField(max_length=40, verbose_name="SECRET-VERBOSE-1")
    notes = models.TextField(default="SECRET-NOTES-1")  # SECRET-COMMENT-2


class Member(models.Model):
    group = models.CharField(max_length=30, choices=[
        ("muslim", "Muslim"), ("hindu", "Hindu"), ("jewish", "Jewish"), ("SECRET-GROUPVALUE-1", "SECRET-GROUPLABEL-1")])
    kind = models.CharField(max_length=30, choices=[
        ("muslim", "SECRET-GROUPLABEL-2"), ("hindu", "Hindu"), ("christian", "Christian")])
''',
    "app/settings.py": '''\
import os

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "SECRET-DJANGOHOST-1.example.com",
        "USER": "SECRET-DJANGOUSER-1",
        "PASSWORD": "SECRET-DJANGOPASS-1",
        "OPTIONS": {"sslmode": "disable", "SECRET-DICTKEY-1": "SECRET-DICTVALUE-1"},
    },
    "p@ss:SECRET-ALIAS-1": {
        "ENGINE": "django.db.backends.mysql",
        "HOST": "db2.example.com",
        "OPTIONS": {"ssl_mode": "DISABLED"},
    },
}
os.environ["PGSSLMODE"] = "disable"
CONN_STR = "Driver={ODBC Driver 18 for SQL Server};Server=SECRET-ODBCHOST-1;Uid=app;Pwd=SECRET-ODBCCONST-1;Encrypt=no"
''',
    "app/connections.py": '''\
import boto3
import psycopg
import psycopg2
import pymongo
import pymysql
import pyodbc
import redis
from pymongo.encryption_options import AutoEncryptionOpts
from sqlalchemy import create_engine

DSN = "host=SECRET-LIBPQHOST-1 user=SECRET-LIBPQUSER-1 password=SECRET-LIBPQ-1 sslmode=disable"
OPTIONS = {"sslmode": "prefer", "password": "SECRET-OPTIONSDICT-1"}


def connect():
    psycopg2.connect("postgresql://SECRET-PGUSER-1:SECRET-PGURL-1@SECRET-PGHOST-1.example.com/SECRET-PGDB-1"
                     "?sslmode=disable&application_name=SECRET-PGAPP-1")
    psycopg2.connect(DSN)
    psycopg.connect(host="db.example.com", password="SECRET-KWARG-1", sslmode="allow", **OPTIONS)
    pymysql.connect(host="db.example.com", password="SECRET-MYSQLPASS-1", ssl_disabled="SECRET-SSLDISABLED-1")
    pyodbc.connect("Driver={ODBC Driver 18 for SQL Server};Server=db.example.com;Pwd=SECRET-ODBC-1;Encrypt=no")
    pyodbc.connect("jdbc:sqlserver://db.example.com:1433;user=app;password=SECRET-JDBC-1;encrypt=false")
    create_engine("mysql+pymysql://app:SECRET-SAURL-1@db.example.com/app?ssl_mode=DISABLED",
                  connect_args={"ssl_disabled": True, "password": "SECRET-CONNECTARGS-1"})
    create_engine("mssql+pyodbc://app:SECRET-MSSQL-1@db.example.com/app?driver=ODBC+Driver+18&Encrypt=no")
    pymongo.MongoClient("mongodb://app:SECRET-MONGOURL-1@db.example.com/?tls=false")
    redis.Redis(host="cache.example.com", password="SECRET-REDIS-1", ssl=True, ssl_cert_reqs=None)
    AutoEncryptionOpts({"local": {"key": b"SECRET-KMSKEY-1"}}, "SECRET-KEYVAULT-1.keys", bypass_auto_encryption=True)
    boto3.session.Session(aws_secret_access_key="SECRET-SESSIONKEY-1").client("s3", use_ssl=False)
    boto3.client("rds", aws_secret_access_key="SECRET-RDSKEY-1").create_db_instance(
        DBInstanceIdentifier="SECRET-DBID-1", StorageEncrypted=False)
    SESSIONS["SECRET-SUBSCRIPT-1"].client("s3", verify=False)
    CLIENTS[f"SECRET-FSUBSCRIPT-{DSN}"].create_volume(Size=1, Encrypted=False)
    boto3.client("sqs", aws_session_token="SECRET-TOKEN-1").create_queue(
        QueueName="SECRET-QUEUE-1", Attributes={"SqsManagedSseEnabled": "false", "SECRET-ATTRKEY-1": "SECRET-ATTR-1"})
    boto3.client("elasticache", region_name="SECRET-REGION-1").create_replication_group(
        ReplicationGroupId="SECRET-GROUPID-1", AtRestEncryptionEnabled=False, TransitEncryptionMode="preferred")
    ("SECRET-EXPR-1" + "x").client("ec2", use_ssl=False)
    {"SECRET-DICTRECEIVER-1": boto3}["SECRET-DICTRECEIVER-2"].client("s3", use_ssl=False)
''',
    "app/queries.py": '''\
import sqlite3
from sqlalchemy import text


def run(cursor: sqlite3.Cursor) -> None:
    cursor.execute("INSERT INTO people (race, religion) VALUES ('SECRET-PYINSERT-1', 'SECRET-PYINSERT-2')")
    cursor.execute("CREATE TABLE people (race text DEFAULT 'SECRET-PYSQLDEFAULT-1', "
                   "religion text CHECK (religion <> 'SECRET-PYCHECK-1')) ENCRYPTION='N' COMMENT='SECRET-PYCOMMENT-1'")
    cursor.execute(text("ALTER TABLE 'SECRET-PYSQLNAME-1' ENCRYPTION='N'"))
    cursor.execute(f"SELECT * FROM people WHERE race = '{cursor}' AND token = 'SECRET-FSQL-1'")
''',
    "app/orm.py": '''\
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
from sqlalchemy_utils import StringEncryptedType

Base = declarative_base()


class Applicant(Base):
    __tablename__ = "applicants"
    id = sa.Column(sa.Integer, primary_key=True)
    race = sa.Column("race", sa.String, default="SECRET-SADEFAULT-1", server_default="SECRET-SERVERDEFAULT-1")
    religion = sa.Column(sa.Enum("SECRET-SAENUM-1", "muslim", "hindu", name="religion_enum"))
    national_origin = sa.Column(StringEncryptedType(sa.Unicode, "SECRET-ENCKEY-1"))


@dataclass
class Patient:
    ethnicity: str = "SECRET-DATACLASS-1"
    religion: str = field(default="SECRET-DCFIELD-1")
''',
    "app/migrations/__init__.py": "",
    "app/migrations/0001_initial.py": '''\
import fernet_fields
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Member",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("religion", fernet_fields.EncryptedTextField(default="SECRET-MIGDEFAULT-0")),
            ],
        ),
        migrations.AddField(
            model_name="member",
            name="ethnicity",
            field=models.CharField(default="SECRET-MIGDEFAULT-1", max_length=30,
                                   choices=[("SECRET-MIGCHOICE-1", "SECRET-MIGLABEL-1"), ("asian", "Asian")]),
        ),
        migrations.RunSQL("INSERT INTO member (race) VALUES ('SECRET-RUNSQL-1'); "
                          "ALTER TABLE member ADD COLUMN caste text DEFAULT 'SECRET-RUNSQLDEFAULT-1'"),
    ]
''',
    "app/migrations/0002_decrypt.py": '''\
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("app", "0001_initial")]
    operations = [
        migrations.AlterField(model_name="member", name="religion",
                              field=models.TextField(default="SECRET-ALTERDEFAULT-1")),
    ]
''',
    "alembic/versions/abc123_people.py": '''\
"""people

Revision ID: abc123
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy_utils import StringEncryptedType

revision = "abc123"
down_revision = None


def upgrade():
    op.create_table("people", sa.Column("id", sa.Integer),
                    sa.Column("religion", StringEncryptedType(sa.Unicode, "SECRET-ALEMBICKEY-1")))
    op.add_column("people", sa.Column("race", sa.String(), server_default="SECRET-ALEMBIC-1"))
    op.alter_column("people", "religion", type_=sa.Text(),
                    existing_type=StringEncryptedType(sa.Unicode, "SECRET-ALEMBICKEY-2"))
    op.alter_column("people", "ethnicity", type_=TYPES["SECRET-ALEMBICTYPE-1"],
                    existing_type=StringEncryptedType(sa.Unicode, "SECRET-ALEMBICKEY-3"))
    op.execute("INSERT INTO people (race) VALUES ('SECRET-OPEXECUTE-1')")


def downgrade():
    pass
''',
    "db/schema.sql": '''\
-- SECRET-SQLCOMMENT-1
/* SECRET-SQLCOMMENT-2 */
CREATE TYPE religion_kind AS ENUM ('muslim', 'SECRET-SQLENUM-1');
CREATE TYPE kind AS ENUM ('muslim', 'hindu', 'christian', 'SECRET-SQLGROUP-1');
CREATE TABLE people (
  id int,
  race text DEFAULT 'SECRET-SQLDEFAULT-1',
  religion religion_kind CHECK (religion <> 'SECRET-SQLCHECK-1'),
  ethnicity varchar(20) COMMENT 'SECRET-SQLCOLCOMMENT-1',
  grp text CHECK (grp IN ('muslim', 'hindu', 'christian', 'SECRET-SQLGROUP-2'))
) ENCRYPTION='N' COMMENT='SECRET-SQLTABLECOMMENT-1';
ALTER TABLE people ADD COLUMN caste text DEFAULT 'SECRET-SQLADDDEFAULT-1';
INSERT INTO people (race, religion) VALUES ('SECRET-SQLINSERT-1', 'SECRET-SQLINSERT-2');
CREATE USER app IDENTIFIED BY 'SECRET-SQLPASS-1';
ALTER TABLE 'SECRET-SQLNAME-1' ENCRYPTION = 'N';
CREATE TABLE "quoted people" (nationality text DEFAULT 'SECRET-SQLDEFAULT-2') ENCRYPTED=NO;
SET GLOBAL default_table_encryption = OFF;
CREATE TABLE applicants (
  religion ENUM('muslim', 'SECRET-MYSQLENUM-1') DEFAULT 'SECRET-MYSQLDEFAULT-1',
  birthplace text,
  CONSTRAINT c CHECK (birthplace IN ('SECRET-TABLECHECK-1'))
);
COMMENT ON COLUMN applicants.birthplace IS 'SECRET-COMMENTON-1';
''',
}

# One finding per kind of value position: reported, by names only.
EXPECTED = {
    ("NEV202", "boto3.session.Session(...).client(use_ssl)"),
    ("NEV203", "boto3.client(...).create_db_instance(StorageEncrypted)"),
    ("NEV202", "SESSIONS[...].client(verify)"),
    ("NEV203", "CLIENTS[...].create_volume(Encrypted)"),
    ("NEV203", "boto3.client(...).create_queue(SqsManagedSseEnabled)"),
    ("NEV203", "boto3.client(...).create_replication_group(AtRestEncryptionEnabled)"),
    ("NEV202", "boto3.client(...).create_replication_group(TransitEncryptionMode)"),
    ("NEV202", "(...).client(use_ssl)"),
    ("NEV202", "(...)[...].client(use_ssl)"),
    ("NEV202", "psycopg2.connect(sslmode)"),
    ("NEV202", "psycopg.connect(sslmode)"),
    ("NEV202", "pymysql.connect(ssl_disabled)"),
    ("NEV202", "pyodbc.connect(Encrypt)"),
    ("NEV202", "pyodbc.connect(encrypt)"),
    ("NEV202", "sqlalchemy.create_engine(ssl_mode)"),
    ("NEV202", "sqlalchemy.create_engine(connect_args ssl_disabled)"),
    ("NEV202", "sqlalchemy.create_engine(Encrypt)"),
    ("NEV202", "pymongo.MongoClient(tls)"),
    ("NEV202", "redis.Redis(ssl_cert_reqs)"),
    ("NEV201", "pymongo.encryption_options.AutoEncryptionOpts(bypass_auto_encryption)"),
    ("NEV202", "DATABASES['default'](OPTIONS sslmode)"),
    ("NEV202", "DATABASES[...](OPTIONS ssl_mode)"),
    ("NEV202", "os.environ('PGSSLMODE')"),
    ("NEV202", "CONN_STR(Encrypt)"),
    ("NEV102", "Person.religion"),
    ("NEV102", "Person.faith"),
    ("NEV101", "Person.ethnicity"),
    ("NEV103", "Person.nationality"),
    ("NEV102", "Member.group"),
    ("NEV102", "Member.kind"),
    ("NEV101", "Applicant.race"),
    ("NEV102", "Applicant.religion"),
    ("NEV103", "Applicant.national_origin"),
    ("NEV101", "Patient.ethnicity"),
    ("NEV102", "Patient.religion"),
    ("NEV101", "member.ethnicity"),
    ("NEV101", "member.caste"),
    ("NEV201", "member.religion"),
    ("NEV201", "people.religion"),
    ("NEV201", "people.ethnicity"),
    ("NEV101", "people.race"),
    ("NEV102", "people.religion"),
    ("NEV102", "people.grp"),
    ("NEV203", "people (table)"),
    ("NEV203", "? (table)"),
    ("NEV203", "quoted people (table)"),
    ("NEV203", "default_table_encryption (server variable)"),
    ("NEV101", "people.caste"),
    ("NEV102", "applicants.religion"),
    ("NEV103", "applicants.birthplace"),
}


def env() -> dict[str, str]:
    values = dict(os.environ)
    values.pop("PYTHONWARNINGS", None)
    return values


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    # -P: the scanned tree must not shadow installed modules.
    return subprocess.run([sys.executable, "-P", "-m", *command], check=False, cwd=cwd, capture_output=True,
                          text=True, env=env(), timeout=300)


def assert_no_secret(where: str, text: str) -> None:
    found = sorted(set(re.findall(rf"{MARK}[-\w]*", text)))
    assert not found, f"{where} prints values: {found}"


def assert_clean(where: str, completed: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in completed.stderr, completed.stderr
    assert_no_secret(f"{where} (stdout)", completed.stdout)
    assert_no_secret(f"{where} (stderr)", completed.stderr)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("leaks")
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def report(tree: Path) -> dict:
    completed = run(["flake8_neveragain", "check", "--format", "json", "."], tree)
    assert completed.returncode == 1, completed.stderr
    assert_clean("check --format json", completed)
    return json.loads(completed.stdout)


def test_findings_are_reported_by_name(report: dict) -> None:
    assert report["errors"] == []
    found = {(finding["code"], finding["symbol"]) for finding in report["findings"]}
    assert found >= EXPECTED, sorted(EXPECTED - found)
    group = next(f for f in report["findings"] if f["symbol"] == "Member.group")
    assert "Muslim" in group["evidence"]  # a category word the evidence names on purpose


@pytest.mark.parametrize("form", ["text", "json", "sarif", "github", "gitlab"])
def test_no_report_format_prints_a_value(tree: Path, report: dict, form: str, tmp_path: Path) -> None:
    completed = run(["flake8_neveragain", "check", "--format", form, "."], tree)
    assert completed.returncode == 1
    assert_clean(f"check --format {form}", completed)
    count = len(report["findings"])
    shown = {
        "text": lambda out: len(out.splitlines()),
        "json": lambda out: len(json.loads(out)["findings"]),
        "sarif": lambda out: len(json.loads(out)["runs"][0]["results"]),
        "github": lambda out: sum(line.startswith(("::warning", "::error")) for line in out.splitlines()),
        "gitlab": lambda out: len(json.loads(out)),
    }[form]
    assert shown(completed.stdout) == count
    written = tmp_path / f"report.{form}"
    to_file = run(["flake8_neveragain", "check", "--format", form, "--output", str(written), "."], tree)
    assert to_file.returncode == 1
    assert_clean(f"check --format {form} --output", to_file)
    assert_no_secret(f"check --format {form} --output (file)", written.read_text(encoding="utf-8"))
    assert shown(written.read_text(encoding="utf-8")) == count


@pytest.mark.parametrize("form", ["markdown", "html", "json"])
def test_the_inventory_prints_no_value(tree: Path, form: str, tmp_path: Path) -> None:
    completed = run(["flake8_neveragain", "inventory", "--format", form, "."], tree)
    assert completed.returncode == 0, completed.stderr
    assert_clean(f"inventory --format {form}", completed)
    assert "Member" in completed.stdout and "people" in completed.stdout  # the fields are listed
    written = tmp_path / f"inventory.{form}"
    to_file = run(["flake8_neveragain", "inventory", "--format", form, "--output", str(written), "."], tree)
    assert to_file.returncode == 0
    assert_clean(f"inventory --format {form} --output", to_file)
    assert_no_secret(f"inventory --format {form} --output (file)", written.read_text(encoding="utf-8"))


def test_the_baseline_file_holds_no_value(tree: Path, report: dict, tmp_path: Path) -> None:
    work = tmp_path / "tree"
    shutil.copytree(tree, work)
    completed = run(["flake8_neveragain", "baseline", "."], work)
    assert completed.returncode == 0, completed.stderr
    assert_clean("baseline", completed)
    baseline = (work / ".neveragain-baseline.json").read_text(encoding="utf-8")
    assert_no_secret("the baseline file", baseline)
    entries = json.loads(baseline)["entries"]
    assert sum(entry.get("count", 1) for entry in entries) == len(report["findings"])
    # The symbols are stable: the baseline it wrote accounts for every finding.
    again = run(["flake8_neveragain", "check", "--format", "json", "."], work)
    assert_clean("check with the baseline", again)
    assert again.returncode == 0 and json.loads(again.stdout)["findings"] == []
    checked = run(["flake8_neveragain", "baseline", "--check", "."], work)
    assert checked.returncode == 0, checked.stderr
    assert_clean("baseline --check", checked)


def test_explain_prints_no_value(tree: Path) -> None:
    for command in (["rules"], ["explain", "NEV201"], ["explain", "NEV202"], ["explain", "NEV203"]):
        completed = run(["flake8_neveragain", *command], tree)
        assert completed.returncode == 0, completed.stderr
        assert completed.stdout.strip()
        assert_clean(" ".join(command), completed)


def test_flake8_prints_no_value_and_agrees_with_the_cli(tree: Path, report: dict) -> None:
    completed = run(["flake8", "--select", "NEV", "."], tree)
    assert completed.returncode == 1, completed.stderr
    assert_clean("flake8", completed)
    theirs = set()
    for line in completed.stdout.splitlines():
        match = re.match(r"\./(.+?):(\d+):(\d+): (NEV\d+) ", line)
        assert match, line
        theirs.add((match[1], int(match[2]), int(match[3]), match[4]))
    ours = {(f["path"], f["line"], f["column"], f["code"]) for f in report["findings"] if f["path"].endswith(".py")}
    assert theirs == ours


def test_diff_messages_print_no_value(tmp_path: Path) -> None:
    """--diff compares settings between revisions; its messages are built from the same names."""
    git = shutil.which("git")
    assert git is not None, "git is needed for --diff"

    def call(*args: str) -> None:
        subprocess.run([git, *args], cwd=tmp_path, check=True, capture_output=True, env={
            **env(), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})

    source = '''\
import boto3
import psycopg2
import pymysql


def connect():
    psycopg2.connect("postgresql://app:SECRET-DIFFPASS-1@SECRET-DIFFHOST-1/app?sslmode=verify-full")
    boto3.session.Session(aws_secret_access_key="SECRET-DIFFKEY-1").client("s3", use_ssl=True)
    pymysql.connect(host="db.example.com", password="SECRET-DIFFMYSQL-1", ssl_mode="VERIFY_IDENTITY")
'''
    path = tmp_path / "conn.py"
    path.write_text(source, encoding="utf-8")
    call("init", "-q")
    call("add", ".")
    call("commit", "-qm", "base")
    path.write_text(source.replace("verify-full", "require").replace("use_ssl=True", "use_ssl=False")
                    .replace('ssl_mode="VERIFY_IDENTITY"', 'ssl_disabled="SECRET-DIFFSSL-1"'), encoding="utf-8")
    for form in ("text", "json"):
        completed = run(["flake8_neveragain", "check", "--diff", "HEAD", "--format", form, "."], tmp_path)
        assert completed.returncode == 1, completed.stderr
        assert_clean(f"check --diff --format {form}", completed)
    findings = json.loads(completed.stdout)["findings"]
    assert {f["code"] for f in findings} >= {"NEV201", "NEV202"}  # the downgrade is reported, by name
    assert any(f["symbol"].startswith("boto3.session.Session(...).client") for f in findings)


@pytest.mark.skipif(sys.version_info >= (3, 13), reason="parses under 3.13+: no error message to check")
def test_newer_syntax_errors_print_no_value(tmp_path: Path) -> None:
    (tmp_path / "generic.py").write_text('def first[T = "SECRET-TPDEFAULT-1"](x: T) -> T:\n    return x\n',
                                         encoding="utf-8")
    completed = run(["flake8_neveragain", "check", "."], tmp_path)
    assert completed.returncode == 1
    assert "newer than Python" in completed.stderr
    assert_clean("check (newer syntax)", completed)
