"""SQL inside Python strings: which calls are read, where findings land, what stays silent.

Also the two front doors on migrations and SQL strings: `# noqa` on the reported
Python line, and the real flake8 and the real CLI agreeing on the same files.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import findings, head, position

PATH = "app/reporting.py"


def places(source: str) -> list[tuple[str, str, int, int]]:
    return [(f.code, f.symbol, f.line, f.column) for f in findings(source, PATH)]


# --- Which calls carry SQL ------------------------------------------------------------------

@pytest.mark.parametrize("statement", [
    'cursor.execute("ALTER TABLE person ADD COLUMN religion text")',
    'cursor.executemany("ALTER TABLE person ADD COLUMN religion text", [])',
    'connection.executescript("ALTER TABLE person ADD COLUMN religion text;")',
    'connection.exec_driver_sql("ALTER TABLE person ADD COLUMN religion text")',
    'session.execute(text("ALTER TABLE person ADD COLUMN religion text"))',
    'session.execute(sa.text("ALTER TABLE person ADD COLUMN religion text"))',
    'statement = text("ALTER TABLE person ADD COLUMN religion text")',
    'event.listen(person, "after_create", DDL("ALTER TABLE person ADD COLUMN religion text"))',
    'op.execute("ALTER TABLE person ADD COLUMN religion text")',
    'Person.objects.raw("ALTER TABLE person ADD COLUMN religion text")',
    'db.executesql("ALTER TABLE person ADD COLUMN religion text")',
    'cursor.execute(operation="ALTER TABLE person ADD COLUMN religion text")',
    'result = conn.execute(statement=text(text="ALTER TABLE person ADD COLUMN religion text"))',
    'results = [cursor.execute("SELECT 1"), cursor.execute("ALTER TABLE person ADD COLUMN religion text")]',
])
def test_sql_calls(statement):
    source = f"{statement}\n"
    (found,) = findings(source, PATH)
    assert (found.code, found.symbol, found.source) == ("NEV102", "person.religion", "sql-in-python")
    assert (found.line, found.column) == position(source, "religion text")
    assert head(found) == (
        "SQL string ALTER TABLE person ADD COLUMN religion may record religious belief "
        "(name token 'religion'): is collecting it necessary?"
    )


def test_calls_inside_functions_blocks_and_awaits():
    source = """\
        async def migrate(engine):
            async with engine.begin() as conn:
                await conn.execute(text("ALTER TABLE person ADD COLUMN religion text"))
            for table in TABLES:
                if table:
                    cursor.execute("CREATE TABLE visas (id int, visa_status text)")
    """
    assert [f.symbol for f in findings(source, PATH)] == ["person.religion", "visas.visa_status"]


def test_create_table_columns_are_reported_as_columns():
    source = textwrap.dedent('''\
        SCHEMA = """
        CREATE TABLE person (
            id integer PRIMARY KEY,
            ethnicity text,
            trace_id text,
            lap_time integer
        )
        """
        connection.executescript(SCHEMA)
    ''')
    (found,) = findings(source, PATH)
    assert (found.code, found.symbol, found.line, found.column) == (
        "NEV101", "person.ethnicity", *position(source, "ethnicity"))
    assert head(found) == (
        "SQL string column person.ethnicity may record race or ethnicity (name token 'ethnicity'): "
        "is collecting it necessary?"
    )


# --- Names bound to SQL ---------------------------------------------------------------------

def test_module_and_function_constants_passed_by_name():
    source = textwrap.dedent("""\
        ADD_FAITH = "ALTER TABLE person ADD COLUMN faith text"


        def upgrade(cursor):
            sql = "ALTER TABLE person ADD COLUMN citizenship text"
            cursor.execute(sql)
            cursor.execute(ADD_FAITH)
            if cursor:
                statement = text("ALTER TABLE person ADD COLUMN caste text")
            cursor.execute(statement)


        def other(cursor):
            sql = "ALTER TABLE person ADD COLUMN notes text"
            cursor.execute(sql)
    """)
    assert places(source) == [
        ("NEV102", "person.faith", *position(source, "faith text")),
        ("NEV103", "person.citizenship", *position(source, "citizenship text")),
        ("NEV101", "person.caste", *position(source, "caste text")),
    ]


def test_one_string_passed_twice_is_reported_once():
    source = """\
        SQL = "ALTER TABLE person ADD COLUMN religion text"
        cursor.execute(SQL)
        other_cursor.execute(SQL)
    """
    assert len(findings(source, PATH)) == 1


def test_a_local_name_hides_the_module_constant():
    source = """\
        SQL = "ALTER TABLE person ADD COLUMN religion text"


        def run(cursor):
            SQL = "SELECT 1"
            cursor.execute(SQL)
    """
    assert findings(source, PATH) == []


# --- Positions ------------------------------------------------------------------------------

@pytest.mark.parametrize("literal", [
    '"ALTER TABLE person ADD COLUMN nationality text"',
    "'ALTER TABLE person ADD COLUMN nationality text'",
    'r"ALTER TABLE person ADD COLUMN nationality text"',
    'u"ALTER TABLE person ADD COLUMN nationality text"',
    '"""ALTER TABLE person ADD COLUMN nationality text"""',
    "r'''ALTER TABLE person ADD COLUMN nationality text'''",
    "\"ALTER TABLE person ADD COLUMN nationality text DEFAULT 'none'\"",
    '"ALTER TABLE persön ADD COLUMN nationality text"',  # columns count UTF-8 bytes, as in flake8
    '"ALTER TABLE Ελληνικά ADD COLUMN nationality text"',
])
def test_single_line_strings_map_to_the_sql_token(literal):
    source = f"cursor.execute({literal})\n"
    (found,) = findings(source, PATH)
    line, column = position(source, "nationality text")
    # The column definition runs to the end of the SQL text, just before the closing quotes.
    closing = 3 if literal.endswith(('"""', "'''")) else 1
    _, literal_start = position(source, literal)
    end_column = literal_start + len(literal.encode("utf-8")) - closing
    assert (found.line, found.column, found.end_line, found.end_column) == (line, column, line, end_column)


def test_triple_quoted_strings_map_line_by_line():
    source = textwrap.dedent('''\
        def upgrade(cursor):
            cursor.execute("""
                CREATE TABLE person (
                    id serial,
                    given_name text, ethnicity text
                )
            """)
            cursor.execute("""ALTER TABLE person
                ADD COLUMN religion text,
                ADD COLUMN birthplace text""")
    ''')
    assert places(source) == [
        ("NEV101", "person.ethnicity", *position(source, "ethnicity text")),
        ("NEV102", "person.religion", *position(source, "religion text")),
        ("NEV103", "person.birthplace", *position(source, "birthplace text")),
    ]


def test_sql_on_the_first_line_of_a_triple_quoted_string():
    source = textwrap.dedent('''\
        cursor.execute("""CREATE TABLE visas (visa_status text,
            id int)""")
    ''')
    assert places(source) == [("NEV103", "visas.visa_status", *position(source, "visa_status"))]


@pytest.mark.parametrize("literal", [
    r'"ALTER TABLE person\nADD COLUMN religion text"',  # an escaped newline
    r'"ALTER TABLE person ADD COLUMN religion text DEFAULT \'x\'"',  # escaped quotes
    r'"ALTER TABLE person ADD COLUMN religion text -- caf\u00e9"',  # a \u escape
    '"ALTER TABLE person " "ADD COLUMN religion text"',  # implicit concatenation on one line
    '(\n    "ALTER TABLE person "\n    "ADD COLUMN religion text"\n)',  # ... and over several lines
    '"ALTER TABLE person \\\nADD COLUMN religion text"',  # a backslash continuation
])
def test_strings_whose_spelling_is_ambiguous_report_at_the_string_start(literal):
    source = f"cursor.execute({literal})\n"
    (found,) = findings(source, PATH)
    string_start = position(source, '"')
    assert (found.line, found.column) == string_start
    assert found.symbol == "person.religion"


# --- What stays silent ----------------------------------------------------------------------

def test_data_removal_and_non_ddl_stay_silent():
    source = """\
        cursor.execute("ALTER TABLE person DROP COLUMN religion")
        cursor.execute("INSERT INTO person (name, religion) VALUES ('a', 'muslim')")
        cursor.execute("UPDATE person SET ethnicity = 'unknown'")
        cursor.execute("SELECT race, religion FROM person")
        cursor.execute("DELETE FROM person WHERE nationality = 'FR'")
        cursor.execute("CREATE INDEX person_religion ON person (religion)")
        cursor.execute("ALTER TABLE person RENAME COLUMN religion TO notes")
        cursor.execute("-- ALTER TABLE person ADD COLUMN religion text\\nSELECT 1")
        Person.objects.raw("SELECT * FROM app_person WHERE race = %s", ["x"])
    """
    assert findings(source, PATH) == []


def test_strings_that_are_not_passed_to_an_sql_call_stay_silent():
    source = '''\
        """Docs: CREATE TABLE person (religion text)."""

        ALTER = "ALTER TABLE person ADD COLUMN religion text"
        print("CREATE TABLE person (ethnicity text)")
        logger.info("ALTER TABLE person ADD COLUMN nationality text")
        message = "please ALTER TABLE person ADD COLUMN caste text"
    '''
    assert findings(source, PATH) == []


def test_f_strings_and_built_strings_are_not_read():
    source = """\
        column = "religion"
        cursor.execute(f"ALTER TABLE person ADD COLUMN {column} text")
        cursor.execute(f"ALTER TABLE person ADD COLUMN religion text")
        cursor.execute("ALTER TABLE person ADD COLUMN " + "religion text")
        cursor.execute("ALTER TABLE %s ADD COLUMN %s text" % ("person", "religion"))
        cursor.execute("ALTER TABLE {} ADD COLUMN religion text".format("person"))
    """
    assert findings(source, PATH) == []


def test_homographs_in_sql_strings_stay_silent():
    source = """\
        cursor.execute("CREATE TABLE job (id int, race_condition_retries int, trace_id text)")
        cursor.execute("ALTER TABLE shipment ADD COLUMN country char(2)")
        cursor.execute("ALTER TABLE cors_settings ADD COLUMN origin text")
    """
    assert findings(source, PATH) == []


def test_modules_without_ddl_strings_never_import_sqlparse():
    script = textwrap.dedent(
        """\
        import ast, sys
        from flake8_neveragain.config.settings import Settings
        from flake8_neveragain.engine import Analyser
        source = '''
        cursor.execute("SELECT religion FROM person")
        cursor.execute(text("INSERT INTO person VALUES ('muslim')"))
        op.execute("UPDATE person SET race = NULL")
        '''
        assert Analyser(Settings()).findings_for_tree(ast.parse(source), "x.py") == []
        assert "sqlparse" not in sys.modules, "sqlparse imported"
        print("ok")
        """
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert completed.stdout.strip() == "ok", completed.stderr


# --- The two front doors ------------------------------------------------------------------

DJANGO_MIGRATION = '''\
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("casework", "0007_resident_race")]

    operations = [
        migrations.RenameField(
            model_name="resident",
            old_name="notes",
            new_name="religion",
        ),
        migrations.AddField(
            model_name="resident",
            name="race",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.RemoveField(model_name="resident", name="ethnicity"),
        migrations.RunSQL(
            "ALTER TABLE casework_resident ADD COLUMN citizenship varchar(40)",
            reverse_sql="ALTER TABLE casework_resident ADD COLUMN ethnicity varchar(40)",
        ),
        migrations.RunSQL("""
            CREATE TABLE casework_survey (
                id serial,
                caste text,
                lap_time integer
            )
        """),
    ]
'''

ALEMBIC_MIGRATION = '''\
"""add visa status

Revision ID: 5e6f7a8b9c0d
"""
from alembic import op
import sqlalchemy as sa

revision = "5e6f7a8b9c0d"
down_revision = "1a2b3c4d5e6f"


def upgrade():
    op.add_column("person", sa.Column("visa_status", sa.String(length=20)))
    with op.batch_alter_table("person") as batch_op:
        batch_op.alter_column("grp", new_column_name="ethnic_group")
    op.execute(sa.text("ALTER TABLE person ADD COLUMN faith text"))


def downgrade():
    op.add_column("person", sa.Column("religion", sa.String(length=20)))
'''

SQL_MODULE = '''\
import sqlite3

connection = sqlite3.connect("casework.db")
connection.execute("ALTER TABLE person ADD COLUMN nationality text")
connection.execute("ALTER TABLE person ADD COLUMN religion text")
'''

FLAKE8_FORMAT = "%(path)s:%(row)d:%(col)d: %(code)s %(text)s"


@pytest.fixture
def migrations_project(tmp_path: Path) -> Path:
    files = {
        "casework/migrations/0008_resident_religion.py": DJANGO_MIGRATION,
        "alembic/versions/5e6f7a8b9c0d_add_visa_status.py": ALEMBIC_MIGRATION,
        "casework/setup_db.py": SQL_MODULE,
    }
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return tmp_path


def project_files(project: Path) -> list[str]:
    return sorted(path.relative_to(project).as_posix() for path in project.rglob("*.py"))


def cli_lines(run_cli, project: Path) -> set[str]:
    # Every code on, as flake8_lines selects them (NEV001 on a noqa naming the wrong code included).
    completed = run_cli("check", "--select", "NEV", "--format", "json", "--isolated", *project_files(project),
                        cwd=project)
    assert "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    assert report["errors"] == []
    return {f"{f['path']}:{f['line']}:{f['column']}: {f['code']} {f['message']}" for f in report["findings"]}


def flake8_lines(run_flake8, project: Path) -> set[str]:
    completed = run_flake8("--isolated", "--select", "NEV", "--format", FLAKE8_FORMAT, *project_files(project),
                           cwd=project)
    assert "Traceback" not in completed.stderr, completed.stderr
    return set(completed.stdout.splitlines())


def test_flake8_and_the_cli_agree_on_migrations_and_sql_strings(run_flake8, run_cli, migrations_project):
    from_flake8 = flake8_lines(run_flake8, migrations_project)
    assert from_flake8 == cli_lines(run_cli, migrations_project)
    short = sorted(line.split(" may record")[0].split(", which")[0] for line in from_flake8)
    django = "casework/migrations/0008_resident_religion.py"
    alembic = "alembic/versions/5e6f7a8b9c0d_add_visa_status.py"
    assert short == [
        f"{alembic}:13:29: NEV103 Alembic migration revision 5e6f7a8b9c0d adds person.visa_status",
        f"{alembic}:15:54: NEV101 Alembic migration revision 5e6f7a8b9c0d renames person.grp to person.ethnic_group",
        f"{alembic}:16:55: NEV102 SQL string ALTER TABLE person ADD COLUMN faith",
        f"{django}:11:22: NEV102 Django migration 0008_resident_religion renames resident.notes to resident.religion",
        f"{django}:15:18: NEV101 Django migration 0008_resident_religion adds resident.race",
        f"{django}:20:55: NEV103 SQL string ALTER TABLE casework_resident ADD COLUMN citizenship",
        f"{django}:26:17: NEV101 SQL string column casework_survey.caste",
        "casework/setup_db.py:4:51: NEV103 SQL string ALTER TABLE person ADD COLUMN nationality",
        "casework/setup_db.py:5:51: NEV102 SQL string ALTER TABLE person ADD COLUMN religion",
    ]


def test_noqa_on_the_reported_python_line_suppresses_in_both_front_doors(run_flake8, run_cli, migrations_project):
    setup_db = migrations_project / "casework/setup_db.py"
    setup_db.write_text(
        SQL_MODULE.replace('nationality text")', 'nationality text")  # noqa: NEV103')
        .replace('religion text")', 'religion text")  # noqa: NEV101'),  # the wrong code: still reported
        encoding="utf-8",
    )
    django = migrations_project / "casework/migrations/0008_resident_religion.py"
    django.write_text(
        DJANGO_MIGRATION.replace('new_name="religion",', 'new_name="religion",  # noqa: NEV102')
        # A triple-quoted string is one token: a noqa after it covers all its lines, as in flake8.
        .replace('        """),', '        """),  # noqa: NEV101'),
        encoding="utf-8",
    )
    from_flake8 = flake8_lines(run_flake8, migrations_project)
    assert from_flake8 == cli_lines(run_cli, migrations_project)
    reported = {line.split(" ")[0] + " " + line.split(" ")[1] for line in from_flake8}
    assert "casework/setup_db.py:4:51: NEV103" not in reported
    assert "casework/setup_db.py:5:51: NEV102" in reported
    assert "casework/migrations/0008_resident_religion.py:11:22: NEV102" not in reported
    assert "casework/migrations/0008_resident_religion.py:26:17: NEV101" not in reported
    assert "casework/migrations/0008_resident_religion.py:15:18: NEV101" in reported


def test_sql_comment_noqa_inside_a_python_string_is_not_read(run_flake8, run_cli, migrations_project):
    # flake8 only reads the noqa comments of the Python source; the CLI agrees with it, so a
    # `-- noqa` inside the SQL text does not suppress: put the noqa comment on the Python line instead.
    setup_db = migrations_project / "casework/setup_db.py"
    setup_db.write_text(SQL_MODULE.replace("nationality text", "nationality text -- noqa: NEV103"), encoding="utf-8")
    from_flake8 = flake8_lines(run_flake8, migrations_project)
    assert from_flake8 == cli_lines(run_cli, migrations_project)
    assert any(line.startswith("casework/setup_db.py:4:51: NEV103") for line in from_flake8)


def test_odd_calls_are_skipped_without_error():
    source = """\
        cursor.execute()
        cursor.execute(*statements)
        cursor.execute(**options)
        cursor.execute(None)
        cursor.execute(b"ALTER TABLE person ADD COLUMN religion text")
        cursor.execute(undefined_name)
        cursor.execute(text())
        cursor.execute([])
        cursor.execute([("",)])


        def loop(cursor):
            sql = sql
            cursor.execute(sql)
            a = b
            b = a
            cursor.execute(a)
    """
    assert findings(source, PATH) == []
