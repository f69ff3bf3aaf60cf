"""NEV202 for settings written apart from the call: connection strings held in
module-level constants (with or without a connect call in sight), and
constants passed to a call, reported once, where the setting is written.

The last tests run the real CLI and the real flake8 on a temporary project.
"""

from __future__ import annotations

import ast
import json

import pytest

from flake8_neveragain.encryption import python_protection_settings
from flake8_neveragain.rules.encryption_levels import judge_value
from helpers import encryption_findings

ODBC = "Driver={ODBC Driver 18 for SQL Server};Server=db.prod;Database=x;Encrypt=no;"


def where(source: str) -> list[tuple[int, int, str, str]]:
    """(line, column, symbol, evidence) per finding."""
    return [(f.line, f.column, f.symbol, f.evidence) for f in encryption_findings(source)]


# --- (a) a connection string in a constant, no connect call in sight ------------------

FIRES = {
    "ODBC Encrypt=no": (f'CONN_STR = "{ODBC}"\n', "CONN_STR(Encrypt)", "Encrypt=no in the connection string"),
    "ODBC Encrypt=false": ('DSN = "Server=tcp:db.prod,1433;Database=x;Encrypt=false"\n',
                           "DSN(Encrypt)", "Encrypt=false in the connection string"),
    "ODBC Encrypt=Optional": ('CONN: str = "DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql01;Encrypt=Optional"\n',
                              "CONN(Encrypt)", "Encrypt=Optional in the connection string"),
    "ODBC TrustServerCertificate=yes": (
        'CONN = "Driver={ODBC Driver 18 for SQL Server};Server=db.prod;TrustServerCertificate=yes"\n',
        "CONN(TrustServerCertificate)", "TrustServerCertificate=yes in the connection string"),
    "Data Source key": ('CS = "Data Source=sql01.corp;Initial Catalog=x;Encrypt=False"\n',
                        "CS(Encrypt)", "Encrypt=False in the connection string"),
    "JDBC SQL Server": ('URL = "jdbc:sqlserver://db.prod:1433;databaseName=x;encrypt=false"\n',
                        "URL(encrypt)", "encrypt=false in the connection string"),
    "JDBC PostgreSQL": ('URL = "jdbc:postgresql://db.prod:5432/app?sslmode=disable"\n',
                        "URL(sslmode)", "sslmode=disable in the connection URL"),
}


@pytest.mark.parametrize("name", FIRES)
def test_constant_connection_string_fires(name):
    source, symbol, evidence = FIRES[name]
    [finding] = encryption_findings(source)
    assert (finding.code, finding.symbol, finding.evidence) == ("NEV202", symbol, evidence)
    assert (finding.line, finding.column) == (1, source.index('"') + 1)  # the string itself
    assert finding.source == "python-connection"


def test_constant_message_names_the_constant_and_what_to_do():
    [finding] = encryption_findings(f'CONN_STR = "{ODBC}"\n')
    assert finding.message.startswith(
        "CONN_STR sets Encrypt=no in the connection string: the connection to SQL Server is not encrypted; "
        "is that intended? Prefer Encrypt=yes (or Strict).")


SILENT = {
    "localhost": 'CONN = "Driver={ODBC Driver 18 for SQL Server};Server=localhost;Encrypt=no"\n',
    "127.0.0.1 with port": 'CONN = "Server=tcp:127.0.0.1,1433;Database=x;Encrypt=no"\n',
    "named local instance": 'CONN = "Server=(local);Database=x;Encrypt=no"\n',
    "JDBC localhost": 'URL = "jdbc:sqlserver://localhost:1433;encrypt=false"\n',
    "docs prose": 'HELP = "Set Encrypt=no; only for a local test server"\n',
    "docs sentence with options": 'NOTE = "Older drivers need Encrypt=no; newer ones default to Encrypt=yes."\n',
    "Encrypt=yes": 'CONN = "Driver={ODBC Driver 18 for SQL Server};Server=db.prod;Encrypt=yes"\n',
    "Encrypt=strict": 'CONN = "Driver={ODBC Driver 18 for SQL Server};Server=db.prod;Encrypt=strict"\n',
    "TrustServerCertificate=no": 'CONN = "Server=db.prod;Encrypt=yes;TrustServerCertificate=no"\n',
    "no server or driver key": 'OPTIONS = "Encrypt=no;Timeout=30"\n',
    "inside a function": f'def conn():\n    conn_str = "{ODBC}"\n    return conn_str\n',
    "class attribute": f'class Config:\n    CONN_STR = "{ODBC}"\n',
    "module docstring": f'"""Example: {ODBC}"""\n',
    "plain URL without a call": 'DB_URL = "postgresql://app@db.prod/app?sslmode=disable"\n',
}


@pytest.mark.parametrize("name", SILENT)
def test_constant_stays_silent(name):
    assert encryption_findings(SILENT[name]) == []


# --- (b) a constant passed to a call: reported once, at the constant ---------------------

PASSED = {
    "pyodbc.connect(CONN_STR)": (
        f'import pyodbc\n\nCONN_STR = "{ODBC}"\n\n\ndef connect():\n    return pyodbc.connect(CONN_STR)\n',
        (3, 12, "pyodbc.connect(Encrypt)", "Encrypt=no in the connection string")),
    "create_engine(DB_URL)": (
        ('from sqlalchemy import create_engine\nDB_URL = "postgresql://app@db.prod/app?sslmode=disable"\n'
         "engine = create_engine(DB_URL)\n"),
        (2, 10, "sqlalchemy.create_engine(sslmode)", "sslmode=disable in the connection URL")),
    "psycopg.connect(DSN)": (
        ('import psycopg\nDSN = "host=db.prod dbname=app sslmode=prefer"\n'
         "def get():\n    return psycopg.connect(DSN)\n"),
        (2, 7, "psycopg.connect(sslmode)", "sslmode=prefer in the connection string")),
    "ssl=SSL_OFF": (
        'import asyncpg\nSSL_OFF = False\n\nasync def get():\n    return await asyncpg.connect(host="db", ssl=SSL_OFF)\n',
        (2, 11, "asyncpg.connect(ssl)", "ssl=False")),
    "sslmode=MODE annotated": (
        'import psycopg2\nMODE: str = "disable"\npsycopg2.connect(host="db.prod", sslmode=MODE)\n',
        (2, 13, "psycopg2.connect(sslmode)", "sslmode='disable'")),
}


@pytest.mark.parametrize("name", PASSED)
def test_constant_passed_to_a_call_is_reported_at_the_constant(name):
    source, expected = PASSED[name]
    assert where(source) == [expected]


def test_a_constant_used_by_two_calls_is_reported_once():
    source = (f'import pyodbc\nCONN_STR = "{ODBC}"\n'
              "a = pyodbc.connect(CONN_STR)\nb = pyodbc.connect(CONN_STR, autocommit=True)\n")
    assert where(source) == [(2, 12, "pyodbc.connect(Encrypt)", "Encrypt=no in the connection string")]


def test_two_weak_options_in_one_constant_are_two_findings():
    source = ('import pyodbc\nCONN = "Server=db.prod;Encrypt=no;TrustServerCertificate=yes"\n'
              "pyodbc.connect(CONN)\n")
    assert [(line, evidence) for line, _, _, evidence in where(source)] == [
        (2, "Encrypt=no in the connection string"),
        (2, "TrustServerCertificate=yes in the connection string"),
    ]


def test_a_constant_passed_to_an_unknown_wrapper_is_still_reported():
    source = f'import pyodbc\nfrom app.db import open_db\nCONN_STR = "{ODBC}"\nopen_db(CONN_STR)\n'
    assert where(source) == [(3, 12, "CONN_STR(Encrypt)", "Encrypt=no in the connection string")]


@pytest.mark.parametrize("source", [
    'import pyodbc\nCONN = "Driver={ODBC Driver 18 for SQL Server};Server=localhost;Encrypt=no"\npyodbc.connect(CONN)\n',
    'import psycopg2\nDSN = "host=127.0.0.1 sslmode=disable"\npsycopg2.connect(DSN)\n',
    'import pyodbc\nCONN = "Server=db.prod;Encrypt=strict"\npyodbc.connect(CONN)\n',
    'import psycopg2\nMODE = "disable"\nMODE = "verify-full"\npsycopg2.connect(host="db", sslmode=MODE)\n',
])
def test_passed_constants_that_stay_silent(source):
    assert encryption_findings(source) == []


def test_option_dicts_by_name_still_point_where_they_are_passed():
    # A dict is not a single setting's text: the finding stays at `**OPTIONS`, as before.
    source = 'import psycopg2\nOPTIONS = {"sslmode": "disable"}\npsycopg2.connect(host="db.prod", **OPTIONS)\n'
    assert [(line, evidence) for line, _, _, evidence in where(source)] == [(3, "sslmode='disable' in OPTIONS")]


def test_diff_settings_keep_their_keys_and_point_at_the_constant():
    tree = ast.parse(f'import pyodbc\nCONN_STR = "{ODBC}"\ndef get():\n    return pyodbc.connect(CONN_STR)\n')
    encrypt = [s for s in python_protection_settings(tree) if s.option == "encrypt"]
    assert [(s.key, s.shown, judge_value(s.family, s.option, s.value).level.rank, s.span.line)
            for s in encrypt] == [("pyodbc.connect(Encrypt)@get", "no", 0, 2)]


# --- the real front doors ----------------------------------------------------------------

@pytest.fixture
def project(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text(
        "# Connection settings.\n"
        f'REPORTING_DB = "{ODBC}"\n'
        'LOCAL_DB = "Driver={ODBC Driver 18 for SQL Server};Server=localhost;Encrypt=no"\n'
    )
    (tmp_path / "app" / "db.py").write_text(
        "import pyodbc\n\n"
        'CONN_STR = "Driver={ODBC Driver 18 for SQL Server};Server=db.prod;Encrypt=no"\n\n\n'
        "def connect():\n"
        "    return pyodbc.connect(CONN_STR)\n"
    )
    return tmp_path


def test_cli_reports_each_constant_once_at_its_string(run_cli, project):
    completed = run_cli("check", "--isolated", "--format", "json", "app", cwd=project)
    assert completed.returncode == 1, completed.stderr
    report = json.loads(completed.stdout)
    got = [(f["path"], f["line"], f["column"], f["code"], f["symbol"]) for f in report["findings"]]
    assert got == [
        ("app/db.py", 3, 12, "NEV202", "pyodbc.connect(Encrypt)"),
        ("app/settings.py", 2, 16, "NEV202", "REPORTING_DB(Encrypt)"),
    ]
    settings = project / "app" / "settings.py"
    settings.write_text(settings.read_text().replace(
        'Encrypt=no;"\n', 'Encrypt=no;"  # noqa: NEV202 -- reviewed: read replica on a private link\n', 1))
    completed = run_cli("check", "--isolated", "--format", "json", "app", cwd=project)
    assert [f["path"] for f in json.loads(completed.stdout)["findings"]] == ["app/db.py"]


def test_flake8_reports_at_the_constant_and_its_noqa_silences_it(run_flake8, project):
    completed = run_flake8("--isolated", "--select", "NEV202", "app", cwd=project)
    assert completed.returncode == 1, completed.stderr
    assert sorted(line.split(" ", 2)[0] + " " + line.split(" ", 2)[1] for line in completed.stdout.splitlines()) == [
        "app/db.py:3:12: NEV202", "app/settings.py:2:16: NEV202"]
    db = project / "app" / "db.py"
    db.write_text(db.read_text().replace(
        'Encrypt=no"\n', 'Encrypt=no"  # noqa: NEV202 -- reviewed: private link\n'))
    completed = run_flake8("--isolated", "--select", "NEV202", "app/db.py", cwd=project)
    assert (completed.returncode, completed.stdout) == (0, ""), completed.stderr
