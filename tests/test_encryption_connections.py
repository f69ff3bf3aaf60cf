"""NEV202 (and the boto3 part of NEV203) in Python, through the real pipeline.

Every pattern has a case that must fire and one that must stay silent; the
last tests run the real CLI and the real flake8 on a temporary project.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from flake8_neveragain.config.settings import Settings
from flake8_neveragain.engine import Analyser
from helpers import encryption_findings

FIRES = {
    "psycopg2 sslmode=disable": ('import psycopg2\npsycopg2.connect(host="db.internal", sslmode="disable")\n',
                                 "NEV202", "sslmode='disable'"),
    "psycopg sslmode=prefer": ('import psycopg\npsycopg.connect(host="db.internal", sslmode="prefer")\n',
                               "NEV202", "sslmode='prefer'"),
    "psycopg async classmethod": ('import psycopg\npsycopg.AsyncConnection.connect(host="db", sslmode="allow")\n',
                                  "NEV202", "sslmode='allow'"),
    "alias import": ('import psycopg2 as pg\npg.connect(host="db", sslmode="disable")\n', "NEV202", "sslmode='disable'"),
    "libpq string by name": (('import psycopg2\nDSN = "host=db.internal dbname=app sslmode=disable"\n'
                              'def open():\n    return psycopg2.connect(DSN)\n'),
                             "NEV202", "sslmode=disable in the connection string"),
    "asyncpg ssl=False": ('import asyncpg\nasyncpg.connect("postgresql://app@db/app", ssl=False)\n',
                          "NEV202", "ssl=False"),
    "asyncpg pool ssl=prefer": ('import asyncpg\nasyncpg.create_pool(host="db", ssl="prefer")\n',
                                "NEV202", "ssl='prefer'"),
    "create_engine URL": (('from sqlalchemy import create_engine\n'
                           'create_engine("postgresql+psycopg2://app@db/app?sslmode=disable")\n'),
                          "NEV202", "sslmode=disable in the connection URL"),
    "create_async_engine asyncpg URL": (('from sqlalchemy.ext.asyncio import create_async_engine\n'
                                         'create_async_engine("postgresql+asyncpg://app@db/app?ssl=disable")\n'),
                                        "NEV202", "ssl=disable in the connection URL"),
    "connect_args": ('import sqlalchemy as sa\nsa.create_engine(URL, connect_args={"sslmode": "disable"})\n',
                     "NEV202", "connect_args sslmode='disable'"),
    "django OPTIONS": (('DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.internal",\n'
                        '    "OPTIONS": {"sslmode": "disable"}}}\n'), "NEV202", "OPTIONS sslmode='disable'"),
    "django mysql ssl_mode": (('DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "HOST": "db",\n'
                               '    "OPTIONS": {"ssl_mode": "PREFERRED"}}}\n'), "NEV202", "OPTIONS ssl_mode='PREFERRED'"),
    "PGSSLMODE": ('import os\nimport psycopg2\nos.environ["PGSSLMODE"] = "disable"\n', "NEV202", "PGSSLMODE='disable'"),
    "PGSSLMODE setdefault": ('import os\nimport psycopg\nos.environ.setdefault("PGSSLMODE", "prefer")\n',
                             "NEV202", "PGSSLMODE='prefer'"),
    "pymysql ssl_disabled": ('import pymysql\npymysql.connect(host="db", ssl_disabled=True)\n',
                             "NEV202", "ssl_disabled=True"),
    "mysql.connector ssl_disabled": ('import mysql.connector\nmysql.connector.connect(host="db", ssl_disabled=True)\n',
                                     "NEV202", "ssl_disabled=True"),
    "mysqlclient ssl_mode": ('import MySQLdb\nMySQLdb.connect(host="db", ssl_mode="DISABLED")\n',
                             "NEV202", "ssl_mode='DISABLED'"),
    "mysql URL ssl_disabled=false": (('from sqlalchemy import create_engine\n'
                                      'create_engine("mysql+pymysql://app@db/app?ssl_disabled=false")\n'),
                                     "NEV202", "ssl_disabled=false in the connection URL"),
    "odbc Encrypt=no": ('import pyodbc\npyodbc.connect("DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql.example.com;ENCRYPT=no")\n',
                        "NEV202", "ENCRYPT=no in the connection string"),
    "odbc Encrypt=Optional": ('import pyodbc\npyodbc.connect("Server=sql.example.com;encrypt=Optional")\n',
                              "NEV202", "encrypt=Optional in the connection string"),
    "odbc TrustServerCertificate": ('import pyodbc\npyodbc.connect("Server=sql.example.com;Encrypt=yes;TrustServerCertificate=yes")\n',
                                    "NEV202", "TrustServerCertificate=yes in the connection string"),
    "mssql odbc_connect URL": (('from sqlalchemy import create_engine\n'
                                'create_engine("mssql+pyodbc:///?odbc_connect=Server%3Dsql.example.com%3BEncrypt%3Dno")\n'),
                               "NEV202", "Encrypt=no in the connection URL"),
    "mongo tls=False": ('from pymongo import MongoClient\nMongoClient("mongodb://m.example.com", tls=False)\n',
                        "NEV202", "tls=False"),
    "mongo ssl=False": ('import pymongo\npymongo.MongoClient(host="m.example.com", ssl=False)\n', "NEV202", "ssl=False"),
    "mongo tlsInsecure": ('from pymongo import MongoClient\nMongoClient("mongodb://m.example.com", tlsInsecure=True)\n',
                          "NEV202", "tlsInsecure=True"),
    "mongo invalid hostnames": ('from pymongo import MongoClient\nMongoClient("m.example.com", tlsAllowInvalidHostnames=True)\n',
                                "NEV202", "tlsAllowInvalidHostnames=True"),
    "mongo URL option": (('from motor.motor_asyncio import AsyncIOMotorClient\n'
                          'AsyncIOMotorClient("mongodb+srv://c.example.net/?tlsAllowInvalidCertificates=true")\n'),
                         "NEV202", "tlsAllowInvalidCertificates=true in the connection URL"),
    "redis cert none": ('import redis\nredis.Redis(host="cache", ssl=True, ssl_cert_reqs=None)\n',
                        "NEV202", "ssl_cert_reqs=None"),
    "redis CERT_NONE": ('import redis, ssl\nredis.Redis(host="cache", ssl=True, ssl_cert_reqs=ssl.CERT_NONE)\n',
                        "NEV202", "ssl_cert_reqs=ssl.CERT_NONE"),
    "rediss URL cert none": ('import redis\nredis.from_url("rediss://cache.example.com:6380/0?ssl_cert_reqs=none")\n',
                             "NEV202", "ssl_cert_reqs=none in the connection URL"),
    "boto3 use_ssl": ('import boto3\nboto3.client("s3", use_ssl=False)\n', "NEV202", "use_ssl=False"),
    "boto3 session verify": ('import boto3\nboto3.session.Session().client("s3", verify=False)\n',
                             "NEV202", "verify=False"),
    "elasticache transit": (('import boto3\nc = boto3.client("elasticache")\n'
                             'c.create_replication_group(ReplicationGroupId="x", TransitEncryptionEnabled=False)\n'),
                            "NEV202", "TransitEncryptionEnabled=False"),
    "rds StorageEncrypted": (('import boto3\nrds = boto3.client("rds")\n'
                              'rds.create_db_instance(DBInstanceIdentifier="x", StorageEncrypted=False)\n'),
                             "NEV203", "StorageEncrypted=False"),
    "rds cluster": ('import boto3\nboto3.client("rds").create_db_cluster(DBClusterIdentifier="x", StorageEncrypted=False)\n',
                    "NEV203", "StorageEncrypted=False"),
    "ebs volume": ('import boto3\nec2 = boto3.client("ec2")\nec2.create_volume(Size=8, Encrypted=False)\n',
                   "NEV203", "Encrypted=False"),
    "ebs default off": ('import boto3\nboto3.client("ec2").disable_ebs_encryption_by_default()\n',
                        "NEV203", "disable_ebs_encryption_by_default()"),
    "kinesis stop": ('import boto3\nk = boto3.client("kinesis")\nk.stop_stream_encryption(StreamName="s", EncryptionType="KMS", KeyId="k")\n',
                     "NEV203", "stop_stream_encryption()"),
    "elasticache at rest": (('import boto3\nc = boto3.client("elasticache")\n'
                             'c.create_replication_group(ReplicationGroupId="x", AtRestEncryptionEnabled=False)\n'),
                            "NEV203", "AtRestEncryptionEnabled=False"),
}

SILENT = {
    "sslmode=require": 'import psycopg2\npsycopg2.connect(host="db", sslmode="require")\n',
    "sslmode=verify-full": 'import psycopg2\npsycopg2.connect(host="db", sslmode="verify-full")\n',
    "libpq string verify-ca": 'import psycopg2\npsycopg2.connect("host=db sslmode=verify-ca")\n',
    "asyncpg ssl=True": 'import asyncpg\nasyncpg.connect(host="db", ssl=True)\n',
    "asyncpg ssl=require": 'import asyncpg\nasyncpg.connect(host="db", ssl="verify-full")\n',
    "URL require": 'from sqlalchemy import create_engine\ncreate_engine("postgresql://db/app?sslmode=require")\n',
    "connect_args verify-full": 'import sqlalchemy as sa\nsa.create_engine(URL, connect_args={"sslmode": "verify-full"})\n',
    "django require": ('DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db",\n'
                       '    "OPTIONS": {"sslmode": "require"}}}\n'),
    "PGSSLMODE verify-full": 'import os\nimport psycopg2\nos.environ["PGSSLMODE"] = "verify-full"\n',
    "mysqlclient VERIFY_IDENTITY": 'import MySQLdb\nMySQLdb.connect(host="db", ssl_mode="VERIFY_IDENTITY")\n',
    "pymysql ssl_disabled=False": 'import pymysql\npymysql.connect(host="db", ssl_disabled=False)\n',
    "odbc Encrypt=yes": 'import pyodbc\npyodbc.connect("Server=sql.example.com;Encrypt=yes;TrustServerCertificate=no")\n',
    "odbc Encrypt=strict": 'import pyodbc\npyodbc.connect("Server=sql.example.com;Encrypt=strict")\n',
    "mongo tls=True": 'from pymongo import MongoClient\nMongoClient("mongodb+srv://c.example.net/?tls=true", tls=True)\n',
    "mongo tlsInsecure=False": 'from pymongo import MongoClient\nMongoClient("m.example.com", tlsInsecure=False)\n',
    "redis required": 'import redis\nredis.Redis(host="cache", ssl=True, ssl_cert_reqs="required")\n',
    # Decision: ssl_cert_reqs only matters on a TLS connection, and a plain
    # redis connection (ssl=False, redis://) is redis-py's default: not reported.
    "redis no TLS": 'import redis\nredis.Redis(host="cache", ssl=False, ssl_cert_reqs=None)\n',
    "redis plain URL": 'import redis\nredis.from_url("redis://cache:6379/0?ssl_cert_reqs=none")\n',
    "boto3 defaults": 'import boto3\nboto3.client("s3", use_ssl=True, verify="/etc/ssl/ca.pem")\n',
    "rds encrypted": 'import boto3\nboto3.client("rds").create_db_instance(DBInstanceIdentifier="x", StorageEncrypted=True)\n',
    "ebs encrypted": 'import boto3\nboto3.client("ec2").create_volume(Size=8, Encrypted=True)\n',
    # Not our business: requests' verify=False is covered by bandit/ruff S501.
    "requests verify": 'import boto3, requests\nrequests.get("https://x", verify=False)\n',
    # No datastore import: the same keyword on an unknown function is not read.
    "unknown function": 'def connect(**kw): ...\nconnect(host="db", sslmode="disable")\n',
    "without the driver import": 'psycopg2.connect(host="db", sslmode="disable")\n',
    "value not a constant": 'import psycopg2, os\npsycopg2.connect(host="db", sslmode=os.environ["MODE"])\n',
    "name rebound": 'import psycopg2\nMODE = "disable"\nMODE = "verify-full"\npsycopg2.connect(host="db", sslmode=MODE)\n',
}

# Decision: connections to the local machine are skipped (documented on the NEV202 page).
LOCAL = {
    "localhost kwarg": 'import psycopg2\npsycopg2.connect(host="localhost", sslmode="disable")\n',
    "127.0.0.1 in libpq string": 'import psycopg2\npsycopg2.connect("host=127.0.0.1 sslmode=disable")\n',
    "::1 in URL": 'from sqlalchemy import create_engine\ncreate_engine("postgresql://app@[::1]/app?sslmode=disable")\n',
    "unix socket": 'import psycopg2\npsycopg2.connect(host="/var/run/postgresql", sslmode="disable")\n',
    "django empty HOST": ('DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "",\n'
                          '    "OPTIONS": {"sslmode": "disable"}}}\n'),
    "django no HOST": 'DATABASES = {"default": {"OPTIONS": {"sslmode": "disable"}}}\n',
    "odbc localhost": 'import pyodbc\npyodbc.connect("Server=localhost,1433;Encrypt=no")\n',
    "mongo localhost": 'from pymongo import MongoClient\nMongoClient("mongodb://localhost:27017/?tls=false")\n',
    "connect_args host": ('import sqlalchemy as sa\n'
                          'sa.create_engine(URL, connect_args={"host": "127.0.0.1", "sslmode": "disable"})\n'),
}


@pytest.mark.parametrize("name", sorted(FIRES))
def test_fires(name):
    source, code, evidence = FIRES[name]
    found = encryption_findings(source)
    assert [(f.code, f.evidence) for f in found] == [(code, evidence)], found


@pytest.mark.parametrize("name", sorted(SILENT))
def test_stays_silent(name):
    assert encryption_findings(SILENT[name]) == []


@pytest.mark.parametrize("name", sorted(LOCAL))
def test_local_connections_are_skipped(name):
    assert encryption_findings(LOCAL[name]) == []


def test_a_remote_host_in_the_same_shape_fires():
    # The counterpart of the local cases: only the host differs.
    assert encryption_findings('import psycopg2\npsycopg2.connect("host=10.0.0.5 sslmode=disable")\n')
    assert encryption_findings('DATABASES = {"default": {"HOST": "db.internal", "OPTIONS": {"sslmode": "disable"}}}\n')


def test_files_under_tests_are_treated_like_any_other():
    source = 'import psycopg2\npsycopg2.connect(host="db.internal", sslmode="disable")\n'
    assert len(encryption_findings(source, "tests/test_db.py")) == 1


def test_finding_shape_message_and_position():
    source = 'import psycopg2\n\nconn = psycopg2.connect(host="db.internal", sslmode="disable")\n'
    [finding] = encryption_findings(source)
    assert (finding.line, finding.column) == (3, 45)
    assert (finding.code, finding.category, finding.source) == ("NEV202", "encryption", "python-connection")
    assert finding.symbol == "psycopg2.connect(sslmode)"
    assert finding.message.startswith(
        "psycopg2.connect sets sslmode='disable': the connection to the database is not encrypted; "
        "is that intended? Prefer sslmode='verify-full'")
    assert finding.message.endswith("See " + finding.url) and finding.url.endswith("NEV202.md")


def test_imports_inside_functions_count():
    source = 'def get():\n    import psycopg2\n    return psycopg2.connect(host="db", sslmode="disable")\n'
    assert len(encryption_findings(source)) == 1


def test_a_module_without_drivers_is_not_walked(monkeypatch):
    from flake8_neveragain.encryption import connection_values as values
    from flake8_neveragain.encryption import python_settings

    def fail(*args):
        raise AssertionError("walked a module that imports no driver")

    monkeypatch.setattr(values, "module_constants", fail)
    assert python_settings.find_setting_facts(ast.parse("import os\nx = connect(sslmode='disable')\n")) == []


def test_noqa_with_reason_suppresses_in_the_cli_pipeline(tmp_path):
    from flake8_neveragain.engine import analyse_python_file

    path = tmp_path / "db.py"
    path.write_text('import psycopg2\npsycopg2.connect(host="db", sslmode="disable")  # noqa: NEV202 -- reviewed: VPN\n')
    analysis = analyse_python_file(path, "db.py", Analyser(Settings()))
    assert (analysis.findings, analysis.errors) == ((), ())


# --- the real front doors ----------------------------------------------------------

@pytest.fixture
def project(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "db.py").write_text(
        "import psycopg2\n\n"
        'DSN = "host=db.internal dbname=app sslmode=disable"\n'
        "connection = psycopg2.connect(DSN)\n"
        'local = psycopg2.connect(host="localhost", sslmode="disable")\n'
    )
    (tmp_path / "schema.sql").write_text(
        "CREATE TABLE person (id int PRIMARY KEY) ENCRYPTION='N';\n"
        "CREATE TABLE audit (id int) ENCRYPTION='Y';\n"
    )
    return tmp_path


def test_cli_check_json(project):
    result = subprocess.run(
        [sys.executable, "-m", "flake8_neveragain", "check", "--format", "json", "app", "schema.sql"],
        cwd=project, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == []
    got = [(f["path"], f["line"], f["code"], f["category"], f["source"], f["symbol"], f["evidence"])
           for f in report["findings"]]
    # A DSN passed by name is reported where it is written (line 3), not at the call.
    assert got == [
        ("app/db.py", 3, "NEV202", "encryption", "python-connection", "psycopg2.connect(sslmode)",
         "sslmode=disable in the connection string"),
        ("schema.sql", 1, "NEV203", "encryption", "sql-ddl", "person (table)", "ENCRYPTION='N'"),
    ]
    assert all(f["fingerprint"] for f in report["findings"])


def test_cli_ignore_nev202(project):
    result = subprocess.run(
        [sys.executable, "-m", "flake8_neveragain", "check", "--format", "json", "--ignore", "NEV202", "."],
        cwd=project, capture_output=True, text=True, timeout=60,
    )
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert codes == {"NEV203"}


def test_flake8_select_nev202(project):
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "NEV202", "app/db.py"],
        cwd=project, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    # At the DSN's string, where the setting (and its noqa) is written.
    assert lines[0].startswith("app/db.py:3:7: NEV202 psycopg2.connect sets sslmode=disable in the connection string")


def test_sqlalchemy_modules_get_a_shallow_pass_that_still_sees_engines():
    nested = ('from sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker\n'
              'Session = sessionmaker(bind=create_engine("postgresql://db/app?sslmode=disable"))\n')
    awaited = ('import sqlalchemy as sa\nasync def main():\n'
               '    return sa.create_engine("postgresql://db/app?sslmode=prefer")\n')
    assert [f.evidence for f in encryption_findings(nested)] == ["sslmode=disable in the connection URL"]
    assert [f.evidence for f in encryption_findings(awaited)] == ["sslmode=prefer in the connection URL"]


def test_a_sqlalchemy_models_file_is_not_walked(monkeypatch):
    from flake8_neveragain.encryption import connection_values as values
    from flake8_neveragain.encryption import python_settings

    monkeypatch.setattr(values, "module_constants", lambda tree: (_ for _ in ()).throw(AssertionError))
    source = "from sqlalchemy import Column, String\nclass User:\n    name = Column(String)\n"
    assert python_settings.find_setting_facts(ast.parse(source)) == []
