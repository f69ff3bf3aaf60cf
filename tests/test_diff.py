"""`neveragain check --diff REV` on real temporary git repositories with several commits.

Each test builds a repository, commits a history, edits the working tree and runs
the real CLI in a subprocess, as a CI job or a developer would.
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

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PATIENT_ENCRYPTED = """\
from django.db import models
from fernet_fields import EncryptedTextField


class Patient(models.Model):
    name = models.CharField(max_length=100)
    notes = EncryptedTextField()
"""

PATIENT_PLAIN = """\
from django.db import models


class Patient(models.Model):
    name = models.CharField(max_length=100)
    notes = models.TextField()
"""

PERSON = """\
from django.db import models


class Person(models.Model):
    name = models.CharField(max_length=100)
    religion = models.CharField(max_length=50)
"""


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "dev@example.org")
        self.git("config", "user.name", "Dev")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str) -> str:
        completed = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, check=True)
        return completed.stdout.strip()

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def commit(self, message: str, **files: str | bytes) -> str:
        """Write the files and commit everything; `app__models_py` names app/models.py."""
        for name, content in files.items():
            self.write(re.sub(r"_(py|sql|toml)$", r".\1", name).replace("__", "/"), content)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path) -> Repo:
    return Repo(tmp_path / "project")


def run(repo_or_dir, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    cwd = repo_or_dir.root if isinstance(repo_or_dir, Repo) else repo_or_dir
    environment = dict(os.environ if env is None else env)
    environment.pop("PYTHONWARNINGS", None)
    return subprocess.run(
        [sys.executable, "-m", "flake8_neveragain", "check", *args],
        cwd=cwd, capture_output=True, text=True, env=environment, timeout=120, check=False,
    )


def diff_json(repo: Repo, revision: str, *args: str) -> tuple[int, dict, str]:
    completed = run(repo, "--diff", revision, "--format", "json", *args)
    assert "Traceback" not in completed.stderr, completed.stderr
    return completed.returncode, json.loads(completed.stdout), completed.stderr


def summary(report: dict) -> list[tuple[str, str, str]]:
    return [(f["path"], f["code"], f["symbol"]) for f in report["findings"]]


# --- only what is new -----------------------------------------------------------------


def test_reports_only_findings_new_since_the_revision_even_when_lines_moved(repo):
    repo.commit("people", app__models__person_py=PERSON)
    # New lines above the old field move it down; a new field is added below.
    repo.write("app/models/person.py", PERSON.replace(
        "class Person", "# Staff records.\n\n\nclass Person"
    ) + "    ethnicity = models.CharField(max_length=50)\n")
    code, report, stderr = diff_json(repo, "HEAD")
    assert summary(report) == [("app/models/person.py", "NEV101", "Person.ethnicity")]
    assert code == 1
    assert "1 changed file checked" in stderr


def test_a_clean_diff_exits_zero_even_with_old_findings(repo):
    repo.commit("people", person_py=PERSON)
    repo.write("person.py", PERSON + "\n# a comment\n")
    code, report, _ = diff_json(repo, "HEAD")
    assert (code, report["findings"]) == (0, [])
    full = run(repo, "--format", "json")
    assert [f["symbol"] for f in json.loads(full.stdout)["findings"]] == ["Person.religion"]


def test_fingerprints_match_a_full_check(repo):
    repo.commit("people", person_py=PERSON)
    repo.write("person.py", PERSON + "    nationality = models.CharField(max_length=50)\n")
    _, report, _ = diff_json(repo, "HEAD")
    full = json.loads(run(repo, "--format", "json").stdout)
    full_prints = {f["symbol"]: f["fingerprint"] for f in full["findings"]}
    assert [(f["symbol"], f["fingerprint"]) for f in report["findings"]] == [
        ("Person.nationality", full_prints["Person.nationality"])
    ]


def test_several_commits_back_and_untracked_files(repo):
    first = repo.commit("one", person_py=PERSON)
    repo.commit("two", other_py="x = 1\n")
    repo.commit("three", person_py=PERSON + "    birth_country = models.CharField(max_length=50)\n")
    repo.write("new_app/models.py", PERSON.replace("Person", "Member"))  # never added to git
    _, since_first, _ = diff_json(repo, first)
    assert summary(since_first) == [
        ("new_app/models.py", "NEV102", "Member.religion"),
        ("person.py", "NEV103", "Person.birth_country"),
    ]
    _, since_head, _ = diff_json(repo, "HEAD")
    assert summary(since_head) == [("new_app/models.py", "NEV102", "Member.religion")]


def test_unchanged_files_are_not_read(repo):
    # A full check reports the undecodable file; the diff never opens it.
    repo.commit("base", legacy_py=b"x = '\xff\xfe'\n", person_py=PERSON)
    full = json.loads(run(repo, "--format", "json").stdout)
    assert [e["path"] for e in full["errors"]] == ["legacy.py"]
    repo.write("person.py", PERSON + "    caste = models.CharField(max_length=50)\n")
    _, report, _ = diff_json(repo, "HEAD")
    assert report["errors"] == []
    assert summary(report) == [("person.py", "NEV101", "Person.caste")]


def test_renamed_and_moved_files_are_followed(repo):
    repo.commit("people", app__models_py=PERSON)
    repo.git("mv", "app/models.py", "app/person_models.py")
    # Edited as well as moved: git still pairs the two.
    repo.write("app/person_models.py", PERSON + "\n\nclass Office(models.Model):\n    city = models.CharField(max_length=5)\n")
    code, report, _ = diff_json(repo, "HEAD")
    assert (code, report["findings"]) == (0, [])
    repo.commit("moved")
    (repo.root / "people").mkdir()
    repo.git("mv", "app/person_models.py", "people/models.py")
    repo.commit("moved again")
    assert diff_json(repo, "HEAD~2")[1]["findings"] == []


def test_the_paths_given_limit_the_diff(repo):
    repo.commit("base", a__models_py="x = 1\n", b__models_py="x = 1\n")
    repo.write("a/models.py", PERSON)
    repo.write("b/models.py", PERSON.replace("Person", "Member"))
    _, report, _ = diff_json(repo, "HEAD", "b")
    assert summary(report) == [("b/models.py", "NEV102", "Member.religion")]


def test_merge_base_form_compares_with_where_the_branch_started(repo):
    repo.commit("base", person_py=PERSON)
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("feature work", person_py=PERSON + "    nationality = models.CharField(max_length=5)\n")
    repo.git("checkout", "-q", "main")
    repo.commit("main moves on", person_py=PERSON + "    caste = models.CharField(max_length=5)\n")
    repo.git("checkout", "-q", "feature")
    _, report, stderr = diff_json(repo, "main...")
    assert summary(report) == [("person.py", "NEV103", "Person.nationality")]
    assert "checked against" in stderr


def test_a_removed_noqa_makes_the_finding_new(repo):
    reviewed = PERSON.replace("max_length=50)", "max_length=50)  # noqa: NEV102 -- reviewed: chaplaincy rota")
    repo.commit("reviewed", person_py=reviewed)
    repo.write("person.py", PERSON)
    _, report, _ = diff_json(repo, "HEAD")
    assert summary(report) == [("person.py", "NEV102", "Person.religion")]


# --- NEV201 across revisions -------------------------------------------------------------


def test_encrypted_field_made_plain_is_nev201(repo):
    repo.commit("encrypted", clinic__models_py=PATIENT_ENCRYPTED)
    repo.write("clinic/models.py", PATIENT_PLAIN)
    code, report, _ = diff_json(repo, "HEAD")
    assert code == 1
    [finding] = report["findings"]
    assert (finding["code"], finding["symbol"], finding["line"]) == ("NEV201", "Patient.notes", 6)
    assert finding["category"] == "encryption"
    assert "was encrypted at field level in" in finding["message"]
    assert "plain text" in finding["message"] and finding["url"].endswith("NEV201.md")


@pytest.mark.parametrize(("before", "after"), [
    pytest.param(
        "from django_cryptography.fields import encrypt\n\nclass Patient(models.Model):\n"
        "    notes = encrypt(models.TextField())\n",
        "class Patient(models.Model):\n    notes = models.TextField()\n",
        id="django-cryptography-encrypt",
    ),
    pytest.param(
        "import sqlalchemy as sa\nfrom sqlalchemy_utils import StringEncryptedType\n\n"
        "class Patient(Base):\n    __tablename__ = 'patient'\n"
        "    notes = sa.Column(StringEncryptedType(sa.Unicode, KEY))\n",
        "import sqlalchemy as sa\n\nclass Patient(Base):\n    __tablename__ = 'patient'\n"
        "    notes = sa.Column(sa.Unicode)\n",
        id="sqlalchemy-utils-StringEncryptedType",
    ),
])
def test_wrappers_and_sqlalchemy_types_made_plain(repo, before, after):
    header = "from django.db import models\n"
    repo.commit("encrypted", models_py=header + before)
    repo.write("models.py", header + after)
    assert summary(diff_json(repo, "HEAD")[1]) == [("models.py", "NEV201", "Patient.notes")]


@pytest.mark.parametrize(("before", "after"), [
    (PATIENT_PLAIN, PATIENT_ENCRYPTED),  # encryption added
    (PATIENT_ENCRYPTED, PATIENT_ENCRYPTED + "\n# touched\n"),  # still encrypted
    (PATIENT_ENCRYPTED, PATIENT_ENCRYPTED.replace("    notes = EncryptedTextField()\n", "")),  # field removed
    (PATIENT_ENCRYPTED, PATIENT_ENCRYPTED.replace("fernet_fields", "encrypted_model_fields.fields")),
])
def test_no_downgrade_stays_silent(repo, before, after):
    repo.commit("before", models_py=before)
    repo.write("models.py", after)
    assert diff_json(repo, "HEAD")[1]["findings"] == []


def test_a_model_moved_to_another_file_and_made_plain_is_nev201(repo):
    repo.commit("encrypted", clinic__models_py=PATIENT_ENCRYPTED)
    repo.git("rm", "-q", "clinic/models.py")
    repo.write("clinic/models/patient.py", PATIENT_PLAIN.replace("notes = models.TextField()", "notes = models.TextField(blank=True)\n    ward = models.IntegerField()"))
    assert summary(diff_json(repo, "HEAD")[1]) == [("clinic/models/patient.py", "NEV201", "Patient.notes")]


def test_a_reviewed_downgrade_is_silenced_by_noqa(repo):
    repo.commit("encrypted", models_py=PATIENT_ENCRYPTED)
    repo.write("models.py", PATIENT_PLAIN.replace(
        "notes = models.TextField()", "notes = models.TextField()  # noqa: NEV201 -- reviewed: ward notes made public"))
    _, report, _ = diff_json(repo, "HEAD")
    assert report["findings"] == []
    assert [item["code"] for item in report["suppressed"]] == ["NEV201"]


def test_a_downgrade_noqa_without_a_reason_silences_nothing_when_reasons_are_required(repo):
    repo.commit("encrypted", models_py=PATIENT_ENCRYPTED)
    repo.write("models.py", PATIENT_PLAIN.replace("notes = models.TextField()", "notes = models.TextField()  # noqa: NEV201"))
    status, report, _ = diff_json(repo, "HEAD", "--require-reason")
    assert status == 1 and report["suppressed"] == []
    assert [finding["code"] for finding in report["findings"]] == ["NEV201"]
    assert report["findings"][0]["message"].endswith(
        '[its noqa gives no reason; write "# noqa: NEV201 -- reviewed: <why>"]')


CONNECT = """\
import psycopg2


def connect():
    return psycopg2.connect(host="db.internal", dbname="app", sslmode={mode!r})
"""


@pytest.mark.parametrize(("before", "after", "expected"), [
    ("verify-full", "require", ["NEV201"]),
    ("verify-full", "verify-ca", ["NEV201"]),
    ("require", "verify-full", []),
    ("require", "require", []),
    ("verify-full", "disable", ["NEV202"]),  # NEV202 says it; no second finding on the line
])
def test_connection_settings_weakened(repo, before, after, expected):
    repo.commit("db", db_py=CONNECT.format(mode=before))
    repo.write("db.py", CONNECT.format(mode=after) + "\n")
    _, report, _ = diff_json(repo, "HEAD")
    assert [f["code"] for f in report["findings"]] == expected
    if expected == ["NEV201"]:
        assert f"from {before}" in report["findings"][0]["message"]
        assert f"to {after}" in report["findings"][0]["message"]


def test_sql_encryption_clause_deleted(repo):
    table = "CREATE TABLE patient (\n  id INT PRIMARY KEY,\n  notes TEXT\n){clause};\n"
    repo.commit("schema", schema__tables_sql=table.format(clause=" ENCRYPTION='Y'"))
    repo.write("schema/tables.sql", table.format(clause=""))
    _, report, _ = diff_json(repo, "HEAD")
    assert [(f["path"], f["code"]) for f in report["findings"]] == [("schema/tables.sql", "NEV201")]
    repo.write("schema/tables.sql", table.format(clause=" ENCRYPTION='Y'") + "\n-- kept\n")
    assert diff_json(repo, "HEAD")[1]["findings"] == []


# --- bad input ------------------------------------------------------------------------------


def test_bad_revision_is_a_usage_error(repo):
    repo.commit("base", person_py=PERSON)
    completed = run(repo, "--diff", "no-such-branch")
    assert completed.returncode == 2
    assert completed.stderr.strip() == (
        "neveragain: error: --diff: unknown revision 'no-such-branch' "
        "(try a branch, tag or commit id that `git log` shows)"
    )
    assert completed.stdout == ""


def test_outside_a_git_repository_is_a_usage_error(tmp_path):
    (tmp_path / "person.py").write_text(PERSON)
    completed = run(tmp_path, "--diff", "HEAD")
    assert completed.returncode == 2
    assert "--diff needs a git repository" in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1


def test_without_git_on_path_is_a_usage_error(repo, tmp_path):
    repo.commit("base", person_py=PERSON)
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    completed = run(repo, "--diff", "HEAD", env={**os.environ, "PATH": str(empty)})
    assert completed.returncode == 2
    assert "--diff needs git, which is not installed or not on PATH" in completed.stderr


def test_shallow_clone_missing_the_revision_says_so(repo, tmp_path):
    first = repo.commit("one", person_py=PERSON)
    repo.commit("two", other_py="x = 1\n")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.root.as_uri(), str(clone)], check=True)
    completed = run(clone, "--diff", first)
    assert completed.returncode == 2
    assert "shallow" in completed.stderr and "fetch" in completed.stderr


def test_a_file_deleted_since_the_revision(repo):
    repo.commit("base", person_py=PERSON, keep_py="x = 1\n")
    (repo.root / "person.py").unlink()
    code, report, _ = diff_json(repo, "HEAD")
    assert (code, report["findings"], report["errors"]) == (0, [], [])
    code, report, _ = diff_json(repo, "HEAD", "person.py")
    assert report["errors"] == [{"path": "person.py", "message": report["errors"][0]["message"]}]
    assert report["errors"][0]["message"].startswith("deleted since ")


def test_binary_and_broken_files_are_one_line_errors(repo):
    repo.commit("base", person_py=PERSON, data_py="x = 1\n")
    repo.write("data.py", b"\x00\x01binary")
    repo.write("person.py", "class Broken(:\n")
    repo.write("added.py", PERSON.replace("Person", "Member"))
    _, report, _ = diff_json(repo, "HEAD")
    assert summary(report) == [("added.py", "NEV102", "Member.religion")]
    assert sorted(e["path"] for e in report["errors"]) == ["data.py", "person.py"]
    assert "binary" in report["errors"][0]["message"]


def test_a_file_broken_at_the_revision_reports_everything_in_it_as_new(repo):
    repo.commit("broken", person_py="class Person(:\n")
    repo.write("person.py", PERSON)
    _, report, _ = diff_json(repo, "HEAD")
    assert summary(report) == [("person.py", "NEV102", "Person.religion")]
    [error] = report["errors"]
    assert error["path"] == "person.py" and "every finding in it is reported as new" in error["message"]


def test_output_is_deterministic(repo):
    repo.commit("base", person_py=PERSON)
    repo.write("person.py", PERSON + "    ethnicity = models.CharField(max_length=5)\n")
    repo.write("b.py", PERSON.replace("Person", "Member"))
    first = run(repo, "--diff", "HEAD", "--format", "sarif")
    second = run(repo, "--diff", "HEAD", "--format", "sarif", "--jobs", "1")
    assert first.stdout == second.stdout and first.returncode == second.returncode == 1


def test_in_house_encrypted_types_from_the_configuration(repo):
    sealed = PATIENT_ENCRYPTED.replace("from fernet_fields import EncryptedTextField", "from acme.crypto import SealedTextField")
    sealed = sealed.replace("EncryptedTextField()", "SealedTextField()")
    config = '[tool.neveragain]\nencrypted-types = ["acme.crypto.SealedTextField"]\n'
    repo.commit("sealed", models_py=sealed, pyproject_toml=config)
    repo.write("models.py", PATIENT_PLAIN)
    assert summary(diff_json(repo, "HEAD")[1]) == [("models.py", "NEV201", "Patient.notes")]
    # Without the setting the checker cannot know SealedTextField encrypts.
    repo.write("pyproject.toml", "[tool.neveragain]\n")
    assert diff_json(repo, "HEAD")[1]["findings"] == []


def test_a_new_migration_that_decrypts_is_reported(repo):
    initial = (
        "import fernet_fields.fields\nfrom django.db import migrations, models\n\n\n"
        "class Migration(migrations.Migration):\n    initial = True\n    dependencies = []\n"
        "    operations = [\n        migrations.CreateModel(name='Patient', fields=[\n"
        "            ('id', models.AutoField(primary_key=True)),\n"
        "            ('notes', fernet_fields.fields.EncryptedTextField()),\n        ]),\n    ]\n"
    )
    repo.write("clinic/migrations/__init__.py", "")
    repo.write("clinic/migrations/0001_initial.py", initial)
    repo.commit("initial")
    repo.write("clinic/migrations/0002_plain_notes.py", (
        "from django.db import migrations, models\n\n\n"
        "class Migration(migrations.Migration):\n    dependencies = [('clinic', '0001_initial')]\n"
        "    operations = [\n        migrations.AlterField(model_name='patient', name='notes', field=models.TextField()),\n    ]\n"
    ))
    _, report, _ = diff_json(repo, "HEAD")
    assert [(f["path"], f["code"]) for f in report["findings"]] == [("clinic/migrations/0002_plain_notes.py", "NEV201")]


def test_run_from_a_subdirectory_with_paths_outside_it(repo):
    repo.commit("base", a__models_py="x = 1\n", b__models_py="x = 1\n")
    repo.write("a/models.py", PERSON)
    repo.write("b/models.py", PERSON.replace("Person", "Member"))
    completed = run(repo.root / "a", "--diff", "HEAD", "--format", "json", ".", "../b")
    report = json.loads(completed.stdout)
    assert summary(report) == [("../b/models.py", "NEV102", "Member.religion"), ("models.py", "NEV102", "Person.religion")]


@pytest.mark.parametrize(("before", "after", "expected"), [
    ('redis.from_url("rediss://cache.internal:6380/0")', 'redis.from_url("redis://cache.internal:6380/0")', ["NEV201"]),
    ('redis.from_url("redis://cache.internal:6380/0")', 'redis.from_url("rediss://cache.internal:6380/0")', []),
    ('MySQLdb.connect(host="db.internal", ssl_mode="VERIFY_IDENTITY")',
     'MySQLdb.connect(host="db.internal", ssl_mode="REQUIRED")', ["NEV201"]),
    ('redis.from_url("rediss://localhost:6380/0")', 'redis.from_url("redis://localhost:6380/0")', []),  # loopback
])
def test_other_drivers_weakened(repo, before, after, expected):
    header = "import MySQLdb\nimport redis\n\n\ndef connect():\n    return "
    repo.commit("db", db_py=header + before + "\n")
    repo.write("db.py", header + after + "\n")
    assert [f["code"] for f in diff_json(repo, "HEAD")[1]["findings"]] == expected


MONGO = """\
from pymongo import MongoClient


def client(options):
    return MongoClient("mongodb+srv://cluster0.example.net"{extra})
"""


@pytest.mark.parametrize(("before", "after", "expected"), [
    (", auto_encryption_opts=options", "", ["NEV201"]),  # automatic field encryption dropped
    ("", ", auto_encryption_opts=options", []),
    (", auto_encryption_opts=options", ", auto_encryption_opts=options, appname='clinic'", []),
    ("", "", []),
])
def test_mongo_client_auto_encryption_removed(repo, before, after, expected):
    repo.commit("mongo", db_py=MONGO.format(extra=before))
    repo.write("db.py", MONGO.format(extra=after) + "\n")
    findings = diff_json(repo, "HEAD")[1]["findings"]
    assert [f["code"] for f in findings] == expected
    if expected:
        assert "auto_encryption_opts" in findings[0]["message"]


def migration(number: str, depends: str | None, operation: str) -> str:
    dependency = f"('clinic', '{depends}')" if depends else ""
    return (
        "import fernet_fields.fields\nfrom django.db import migrations, models\n\n\n"
        f"class Migration(migrations.Migration):\n    dependencies = [{dependency}]\n"
        f"    operations = [\n        {operation},\n    ]\n"
    )


CREATE = ("migrations.CreateModel(name='Patient', fields=[('id', models.AutoField(primary_key=True)), "
          "('notes', {field})])")
ALTER = "migrations.AlterField(model_name='patient', name='notes', field=models.TextField())"


def test_a_changed_migration_is_replayed_against_its_siblings_at_the_revision(repo):
    repo.write("clinic/migrations/__init__.py", "")
    repo.write("clinic/migrations/0001_initial.py", migration("0001", None, CREATE.format(field="models.TextField()")))
    repo.write("clinic/migrations/0002_notes.py", migration("0002", "0001_initial", ALTER))
    repo.commit("plain all along")
    # Since then 0001 was rewritten to create the field encrypted, and 0002 edited:
    # 0002 now makes an encrypted field plain, which it did not do at REV.
    repo.write("clinic/migrations/0001_initial.py",
               migration("0001", None, CREATE.format(field="fernet_fields.fields.EncryptedTextField()")))
    repo.write("clinic/migrations/0002_notes.py", "# Reviewed.\n" + migration("0002", "0001_initial", ALTER))
    _, report, _ = diff_json(repo, "HEAD")
    assert [(f["path"], f["code"]) for f in report["findings"]] == [("clinic/migrations/0002_notes.py", "NEV201")]
    # Committed, the same change is not new any more.
    repo.commit("encrypted then plain")
    repo.write("clinic/migrations/0002_notes.py", "# Reviewed twice.\n" + migration("0002", "0001_initial", ALTER))
    assert diff_json(repo, "HEAD")[1]["findings"] == []
