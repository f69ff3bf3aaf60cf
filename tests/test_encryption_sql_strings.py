"""NEV203 in SQL strings inside Python: the strings execute()/executescript()/text()/
op.execute()/migrations.RunSQL(sql=...) receive, read by the same SQL detector as
.sql files, with positions on the right line of the Python file."""

from __future__ import annotations

import ast

import pytest

from flake8_neveragain.config.settings import Settings
from flake8_neveragain.engine import Analyser
from helpers import encryption_findings


def places(source: str, path: str = "app/migrate.py"):
    return [(f.code, f.evidence, f.line, f.column) for f in encryption_findings(source, path)]


FIRES = {
    "cursor.execute": (('import pymysql\ndef run(cursor):\n'
                       '    cursor.execute("ALTER TABLE person ENCRYPTION=\'N\'")\n'),
                       [("NEV203", "ENCRYPTION='N'", 3, 40)]),
    "sqlite3 executescript": (('import sqlite3\nconn = sqlite3.connect("x.db")\n'
                              'conn.executescript("SET GLOBAL innodb_encrypt_tables = OFF;")\n'),
                              [("NEV203", "innodb_encrypt_tables=OFF", 3, 32)]),
    "text() in a Connection": (('from sqlalchemy import text\ndef run(conn):\n'
                               '    conn.execute(text("ALTER DATABASE Clinic SET ENCRYPTION OFF"))\n'),
                               [("NEV203", "SET ENCRYPTION OFF", 3, 46)]),
    "alembic op.execute": (('from alembic import op\nrevision = "1a2b"\n\ndef upgrade():\n'
                           '    op.execute("ALTER TABLE account MODIFY (ssn DECRYPT)")\n'),
                           [("NEV203", "ssn DECRYPT", 5, 45)]),
    "django RunSQL sql=": (('from django.db import migrations\n\nclass Migration(migrations.Migration):\n'
                           '    operations = [\n'
                           '        migrations.RunSQL(sql="ALTER TABLE visit ENCRYPTED=NO",\n'
                           '                          reverse_sql="ALTER TABLE visit ENCRYPTED=YES"),\n'
                           '    ]\n'),
                           [("NEV203", "ENCRYPTED=NO", 5, 50)]),
    "string bound to a name": (('import psycopg2\nDECRYPT = "DROP DATABASE ENCRYPTION KEY"\n'
                               'def run(cur):\n    cur.execute(DECRYPT)\n'),
                               [("NEV203", "DROP DATABASE ENCRYPTION KEY", 2, 12)]),
    "triple-quoted, clause on a later line": (
        ('from alembic import op\n\ndef upgrade():\n'
        '    op.execute("""\n'
        '        CREATE TABLE visit (\n'
        '            id int\n'
        '        ) ENCRYPTION=\'N\'\n'
        '    """)\n'),
        [("NEV203", "ENCRYPTION='N'", 7, 11)]),
}

SILENT = {
    "reverse_sql only": ('from django.db import migrations\n\nclass Migration(migrations.Migration):\n'
                         '    operations = [migrations.RunSQL("ALTER TABLE visit ENCRYPTION=\'Y\'",\n'
                         '                                    "ALTER TABLE visit ENCRYPTION=\'N\'")]\n'),
    "reverse_sql keyword": ('from django.db import migrations\n\nclass Migration(migrations.Migration):\n'
                            '    operations = [migrations.RunSQL(sql="SELECT 1",\n'
                            '                                    reverse_sql="ALTER TABLE v ENCRYPTION=\'N\'")]\n'),
    "alembic downgrade": ('from alembic import op\nrevision = "1a2b"\n\ndef upgrade():\n'
                          '    op.execute("ALTER TABLE visit ENCRYPTION=\'Y\'")\n\n'
                          'def downgrade():\n    op.execute("ALTER TABLE visit ENCRYPTION=\'N\'")\n'),
    "RunPython reverse function": ('from django.db import migrations\n\n'
                                   'def forwards(apps, schema_editor):\n'
                                   '    schema_editor.execute("ALTER TABLE v ENCRYPTION=\'Y\'")\n\n'
                                   'def backwards(apps, schema_editor):\n'
                                   '    schema_editor.execute("ALTER TABLE v ENCRYPTION=\'N\'")\n\n'
                                   'class Migration(migrations.Migration):\n'
                                   '    operations = [migrations.RunPython(forwards, backwards)]\n'),
    "encryption kept": 'import psycopg2\ndef run(cur):\n    cur.execute("ALTER TABLE person ENCRYPTION=\'Y\'")\n',
    "data, not DDL": ('import psycopg2\ndef run(cur):\n'
                      '    cur.execute("INSERT INTO log (m) VALUES (\'ALTER TABLE t ENCRYPTION=N\')")\n'),
    "not an SQL call": 'import psycopg2\nlog.info("ALTER TABLE person ENCRYPTION=\'N\'")\n',
    "f-string": 'import psycopg2\ndef run(cur, t):\n    cur.execute(f"ALTER TABLE {t} ENCRYPTION=\'N\'")\n',
}


@pytest.mark.parametrize("name", sorted(FIRES))
def test_fires_at_the_sql_token(name):
    source, expected = FIRES[name]
    assert places(source) == expected


@pytest.mark.parametrize("name", sorted(SILENT))
def test_stays_silent(name):
    assert encryption_findings(SILENT[name]) == []


def test_source_and_message_name_the_sql():
    [finding] = encryption_findings(FIRES["cursor.execute"][0])
    assert finding.source == "sql-in-python"
    assert finding.message.startswith("SQL ALTER TABLE person sets ENCRYPTION='N': the table's data is stored "
                                      "unencrypted; is that intended?")


def test_noqa_on_the_reported_line_suppresses(tmp_path):
    from flake8_neveragain.engine import analyse_python_file

    path = tmp_path / "m.py"
    path.write_text('import psycopg2\ndef run(cur):\n'
                    '    cur.execute("ALTER TABLE t ENCRYPTION=\'N\'")  # noqa: NEV203 -- reviewed: scratch table\n')
    analysis = analyse_python_file(path, "m.py", Analyser(Settings()))
    assert (analysis.findings, analysis.errors) == ((), ())


def test_the_same_string_passed_twice_is_reported_once():
    source = ('import psycopg2\nSQL = "ALTER TABLE t ENCRYPTION=\'N\'"\n'
              'def a(cur):\n    cur.execute(SQL)\ndef b(cur):\n    cur.execute(SQL)\n')
    assert len(encryption_findings(source)) == 1


def test_modules_that_import_nothing_that_runs_sql_are_not_indexed(monkeypatch):
    from flake8_neveragain.encryption import sql_at_rest

    def fail(tree):
        raise AssertionError("indexed a module without SQL imports")

    monkeypatch.setattr(sql_at_rest, "python_sql_strings", fail)
    from flake8_neveragain.encryption.python_settings import find_setting_facts

    models = ("from django.db import models\nfrom sqlalchemy import Column, String\n"
              "class Person(models.Model):\n    name = models.CharField(max_length=9)\n"
              "run.execute(\"ALTER TABLE t ENCRYPTION='N'\")\n")
    assert find_setting_facts(ast.parse(models)) == []


def test_modules_with_sql_imports_but_no_sql_calls_stop_after_the_index(monkeypatch):
    from flake8_neveragain.extract import sql_strings

    def fail(*args):
        raise AssertionError("read SQL strings of a module without SQL calls")

    monkeypatch.setattr(sql_strings, "sql_strings", fail)
    source = "import psycopg2\nconn = psycopg2.connect(DSN)\nrows = conn.cursor()\n"
    assert encryption_findings(source) == []
