"""The protection settings `--diff` compares: every recognised setting, strong or
weak, with a rank within its family and a key that survives moves and reformatting."""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass

import pytest

from flake8_neveragain.encryption import python_protection_settings, sql_protection_settings
from flake8_neveragain.facts import SettingFact, Span
from flake8_neveragain.rules.encryption_levels import judge


@dataclass(frozen=True)
class Ranked:
    """A setting as --diff compares it: its key, the family and rank the table gives it,
    and its value as a downgrade's message shows it."""

    key: str
    family: str
    value: str
    rank: int
    span: Span
    subject: str


def ranked(setting: SettingFact) -> Ranked:
    judged = judge(setting)
    assert judged is not None, setting
    return Ranked(setting.key, judged.ranking.family.name, setting.shown, judged.level.rank, setting.span,
                  setting.subject)


def settings(source: str) -> list[Ranked]:
    return [ranked(setting) for setting in python_protection_settings(ast.parse(textwrap.dedent(source)))]


def sql_settings(text: str) -> list[Ranked]:
    return [ranked(setting) for setting in sql_protection_settings(text)]


def table(found: list[Ranked]) -> list[tuple[str, str, str, int]]:
    return [(s.key, s.family, s.value, s.rank) for s in found]


# --- ranks ------------------------------------------------------------------------------

@pytest.mark.parametrize(("mode", "rank"), [
    ("disable", 0), ("allow", 1), ("prefer", 2), ("require", 3), ("verify-ca", 4), ("verify-full", 5),
])
def test_libpq_modes_are_ordered(mode, rank):
    found = settings(f'import psycopg2\nconn = psycopg2.connect(host="db", sslmode="{mode}")\n')
    assert table(found) == [("psycopg2.connect(sslmode)@conn", "libpq-sslmode", mode, rank)]


@pytest.mark.parametrize(("mode", "rank"), [
    ("DISABLED", 0), ("PREFERRED", 1), ("REQUIRED", 2), ("VERIFY_CA", 3), ("VERIFY_IDENTITY", 4),
])
def test_mysql_modes_are_ordered(mode, rank):
    found = settings(f'import MySQLdb\nMySQLdb.connect(host="db", ssl_mode="{mode}")\n')
    assert table(found) == [("MySQLdb.connect(ssl_mode)@<module>", "mysql-ssl-mode", mode, rank)]


@pytest.mark.parametrize(("value", "rank"), [("no", 0), ("Optional", 0), ("yes", 1), ("Mandatory", 1), ("strict", 2)])
def test_odbc_encrypt_is_ordered(value, rank):
    found = settings(f'import pyodbc\npyodbc.connect("Server=sql.example.com;Encrypt={value}")\n')
    encrypt = [s for s in found if s.family == "odbc-encrypt"]
    assert [(s.value, s.rank) for s in encrypt] == [(value, rank)]


def test_strong_and_absent_settings_are_listed_too():
    found = settings("""
        import psycopg2, MySQLdb, pyodbc
        def a():
            return psycopg2.connect(host="db")
        def b():
            return MySQLdb.connect(host="db")
        def c():
            return pyodbc.connect("Driver={ODBC Driver 17 for SQL Server};Server=sql.example.com")
    """)
    assert table(found) == [
        ("psycopg2.connect(sslmode)@a", "libpq-sslmode", "(none)", 2),
        ("MySQLdb.connect(ssl_mode)@b", "mysql-ssl-mode", "(none)", 1),
        ("pyodbc.connect(Encrypt)@c", "odbc-encrypt",
         "(none: ODBC Driver 17 does not encrypt by default)", 0),
        ("pyodbc.connect(TrustServerCertificate)@c", "odbc-trust-server-certificate", "(none)", 1),
    ]


def test_redis_and_mongo_rank_the_connection_as_a_whole():
    found = settings("""
        import redis
        from pymongo import MongoClient
        plain = redis.from_url("redis://cache.example.com:6379/0")
        tls = redis.from_url("rediss://cache.example.com:6380/0")
        unverified = redis.Redis(host="cache", ssl=True, ssl_cert_reqs="none")
        srv = MongoClient("mongodb+srv://cluster.example.net/")
        insecure = MongoClient("mongodb+srv://cluster.example.net/", tlsInsecure=True)
        off = MongoClient("mongodb+srv://cluster.example.net/", tls=False)
    """)
    assert [(s.key, s.rank) for s in found if s.family != "mongo-auto-encryption"] == [
        ("redis.from_url(ssl)@plain", 0),
        ("redis.from_url(ssl)@tls", 2),
        ("redis.Redis(ssl)@unverified", 1),
        ("pymongo.MongoClient(tls)@srv", 2),
        ("pymongo.MongoClient(tls)@insecure", 1),
        ("pymongo.MongoClient(tls)@off", 0),
    ]


def test_a_mongo_client_ranks_automatic_field_encryption():
    found = settings("""
        from pymongo import MongoClient
        plain = MongoClient("mongodb+srv://cluster.example.net/")
        sealed = MongoClient("mongodb+srv://cluster.example.net/", auto_encryption_opts=OPTIONS)
        explicit_none = MongoClient("mongodb+srv://cluster.example.net/", auto_encryption_opts=None)
    """)
    assert [(s.key, s.value, s.rank) for s in found if s.family == "mongo-auto-encryption"] == [
        ("pymongo.MongoClient(auto_encryption_opts)@plain", "(none)", 0),
        ("pymongo.MongoClient(auto_encryption_opts)@sealed", "auto_encryption_opts", 1),
        ("pymongo.MongoClient(auto_encryption_opts)@explicit_none", "(none)", 0),
    ]


def test_other_families():
    found = settings("""
        import asyncpg, boto3, os, pymysql
        from pymongo.encryption_options import AutoEncryptionOpts
        os.environ["PGSSLMODE"] = "verify-ca"
        pool = asyncpg.create_pool(host="db", ssl=False)
        my = pymysql.connect(host="db", ssl_disabled=True)
        s3 = boto3.client("s3", verify=False)
        opts = AutoEncryptionOpts(KMS, "k.v")
    """)
    assert table(found) == [
        ("os.environ[PGSSLMODE]", "libpq-sslmode", "verify-ca", 4),
        ("asyncpg.create_pool(ssl)@pool", "libpq-sslmode", "ssl=False", 0),
        ("pymysql.connect(ssl_mode)@my", "mysql-ssl-mode", "ssl_disabled=True", 0),
        ("boto3.client(tls)@s3", "boto3-tls", "verify=False", 1),
        ("pymongo.encryption_options.AutoEncryptionOpts(bypass_auto_encryption)@opts", "mongo-auto-encryption",
         "(none)", 1),
    ]


def test_django_databases_and_option_dicts():
    found = settings("""
        PG = {"sslmode": "verify-full"}
        DATABASES = {
            "default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.internal", "OPTIONS": PG},
            "reports": {"ENGINE": "django.db.backends.mysql", "HOST": "db.internal"},
            "local": {"ENGINE": "django.db.backends.postgresql", "HOST": "localhost"},
            "cache": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x.db"},
        }
    """)
    assert table(found) == [
        ("DATABASES['default'].OPTIONS.sslmode", "libpq-sslmode", "verify-full", 5),
        ("DATABASES['reports'].OPTIONS.ssl_mode", "mysql-ssl-mode", "(none)", 1),
    ]


def test_cloud_calls():
    found = settings("""
        import boto3
        def setup():
            ddb = boto3.client("dynamodb")
            ddb.create_table(TableName="a", SSESpecification={"Enabled": True, "SSEType": "KMS"})
            ddb.create_table(TableName="b")
            sqs = boto3.client("sqs")
            sqs.create_queue(QueueName="q", Attributes={"KmsMasterKeyId": "alias/q"})
            sqs.create_queue(QueueName="r")
            boto3.client("rds").create_db_instance(DBInstanceIdentifier="x", StorageEncrypted=True)
    """)
    assert [(s.key, s.value, s.rank) for s in found] == [
        ("ddb.create_table(SSESpecification)@setup", "KMS key", 1),
        ("ddb.create_table(SSESpecification)@setup", "(none: AWS owned key)", 0),
        ("sqs.create_queue(SSE)@setup", "KmsMasterKeyId", 2),
        ("sqs.create_queue(SSE)@setup", "(none: SSE-SQS by default)", 1),
        ("boto3.client(...).create_db_instance(StorageEncrypted)@setup", "StorageEncrypted=True", 1),
    ]


def test_local_connections_have_no_settings():
    assert settings("""
        import psycopg2, redis
        from sqlalchemy import create_engine
        a = psycopg2.connect(host="localhost", sslmode="verify-full")
        b = redis.from_url("redis://127.0.0.1:6379/0")
        c = create_engine("postgresql://app@localhost/app")
        DB = {"host": "/var/run/postgresql"}
        d = psycopg2.connect(**DB)
    """) == []


def test_modules_without_drivers_have_none():
    assert settings("import os\nx = connect(sslmode='verify-full')\n") == []


# --- keys -------------------------------------------------------------------------------

BEFORE = """
import psycopg2
from sqlalchemy import create_engine

def get_connection():
    return psycopg2.connect(host="db.internal", sslmode="verify-full")

engine = create_engine("postgresql://app@db.internal/app?sslmode=verify-full")
"""

# The same code moved down, reformatted, with comments and a new function in between.
AFTER = """
import psycopg2
from sqlalchemy import create_engine


def helper():
    return 1


def get_connection():
    # moved and reformatted
    return psycopg2.connect(
        host="db.internal",
        sslmode="require",
    )


engine = create_engine(
    "postgresql://app@db.internal/app?sslmode=verify-full"
)
"""


def test_keys_survive_moves_and_reformatting():
    before, after = settings(BEFORE), settings(AFTER)
    assert [s.key for s in before] == [s.key for s in after] == [
        "psycopg2.connect(sslmode)@get_connection",
        "sqlalchemy.create_engine(sslmode)@engine",
    ]
    assert [s.span.line for s in before] != [s.span.line for s in after]
    assert [(s.rank, s.value) for s in before] == [(5, "verify-full"), (5, "verify-full")]
    assert [(s.rank, s.value) for s in after] == [(3, "require"), (5, "verify-full")]


def test_keys_hold_no_line_numbers():
    sql = "CREATE TABLE person (id int) ENCRYPTION='Y';"
    shifted = settings("\n" * 876 + AFTER) + sql_protection_settings("\n" * 876 + sql)
    assert [s.key for s in shifted] == [s.key for s in settings(AFTER) + sql_protection_settings(sql)]
    assert all("876" not in s.key and "877" not in s.key for s in shifted)
    assert {s.span.line > 876 for s in shifted} == {True}


def test_spans_point_at_the_setting_or_the_call():
    [setting] = settings('import psycopg2\n\nconn = psycopg2.connect(host="db", sslmode="require")\n')
    assert setting.span == Span(3, 36, 3, 53)
    [absent] = settings('import psycopg2\n\nconn = psycopg2.connect(host="db")\n')
    assert absent.span == Span(3, 8, 3, 35)
    assert absent.subject == "psycopg2.connect"


# --- SQL ----------------------------------------------------------------------------------

def test_sql_clause_deleted_is_rank_one_to_zero_on_the_same_key():
    before = sql_settings("CREATE TABLE person (\n  id int\n) ENCRYPTION='Y';\n")
    after = sql_settings("-- reformatted\n\ncreate table person (id int);\n")
    assert table(before) == [("table person ENCRYPTION", "sql-table-encryption", "ENCRYPTION='Y'", 1)]
    assert table(after) == [("table person ENCRYPTION", "sql-table-encryption", "(none)", 0)]
    assert before[0].span == Span(3, 3, 3, 17)
    assert after[0].span == Span(3, 1, 3, 20)
    assert after[0].subject == "SQL CREATE TABLE person"


def test_sql_objects_and_values():
    text = textwrap.dedent("""\
        CREATE DATABASE clinic DEFAULT ENCRYPTION = 'Y';
        CREATE TABLESPACE ts ADD DATAFILE 'ts.ibd' ENCRYPTION 'N';
        CREATE TABLE IF NOT EXISTS `visit` (id int, note text) ENCRYPTED=YES;
        CREATE TABLE audit (id int, CHECK (id > 0)) ENCRYPTED = NO ENCRYPTION_KEY_ID = 2;
        CREATE TABLE `Patient` (id int, msg varchar(20) DEFAULT 'ENCRYPTION=''Y''');
        INSERT INTO visit VALUES (1, 'CREATE TABLE x ENCRYPTION=''Y''');
        CREATE INDEX visit_id ON visit (id);
        ALTER TABLE visit ENCRYPTION='N';
    """)
    assert table(sql_settings(text)) == [
        ("database clinic ENCRYPTION", "sql-table-encryption", "ENCRYPTION='Y'", 1),
        ("tablespace ts ENCRYPTION", "sql-table-encryption", "ENCRYPTION='N'", 0),
        ("table visit ENCRYPTION", "sql-table-encryption", "ENCRYPTED=YES", 1),
        ("table audit ENCRYPTION", "sql-table-encryption", "ENCRYPTED=NO", 0),
        ("table patient ENCRYPTION", "sql-table-encryption", "(none)", 0),
    ]


def test_sql_strings_in_python_have_table_settings_at_their_python_position():
    found = settings("""
        from alembic import op

        def upgrade():
            op.execute(\"\"\"
                CREATE TABLE visit (id int)
                ENCRYPTION='Y'
            \"\"\")

        def downgrade():
            op.execute("CREATE TABLE visit (id int)")
    """)
    assert table(found) == [("table visit ENCRYPTION", "sql-table-encryption", "ENCRYPTION='Y'", 1)]
    assert found[0].span == Span(7, 9, 7, 23)
