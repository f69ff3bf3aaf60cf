"""NEV203 in SQL files: each pattern must fire, its safe form must stay silent,
comments and data never count. Runs through Analyser.findings_for_sql, the
function analyse_sql_file calls, and once through analyse_sql_file itself."""

from __future__ import annotations

import pytest

from flake8_neveragain.config.settings import Settings
from flake8_neveragain.engine import Analyser, analyse_sql_file


def at_rest(sql: str):
    found, problems = Analyser(Settings()).findings_for_sql(sql, "schema.sql")
    assert problems == []
    return [finding for finding in found if finding.category == "encryption"]


FIRES = {
    "mysql create table": ("CREATE TABLE person (id int) ENCRYPTION='N';", "person (table)", "ENCRYPTION='N'"),
    "mysql create table spaced": ("create table app.person (id int) encryption = 'n';", "app.person (table)",
                                  "ENCRYPTION='n'"),
    "mysql no equals, double quotes": ('CREATE TABLE IF NOT EXISTS `person` (id int) ENCRYPTION "N";',
                                       "person (table)", "ENCRYPTION='N'"),
    "mysql alter table": ("ALTER TABLE person ENCRYPTION='N';", "person (table)", "ENCRYPTION='N'"),
    "mysql create database": ("CREATE DATABASE clinic DEFAULT ENCRYPTION='N';", "clinic (database)",
                              "ENCRYPTION='N'"),
    "mysql alter schema": ("ALTER SCHEMA clinic ENCRYPTION = 'N';", "clinic (database)", "ENCRYPTION='N'"),
    "mysql create tablespace": ("CREATE TABLESPACE ts ADD DATAFILE 'ts.ibd' ENCRYPTION='N';", "ts (tablespace)",
                                "ENCRYPTION='N'"),
    "mysql alter tablespace": ("ALTER TABLESPACE ts ENCRYPTION='N';", "ts (tablespace)", "ENCRYPTION='N'"),
    "set global": ("SET GLOBAL default_table_encryption = OFF;", "default_table_encryption (server variable)",
                   "default_table_encryption=OFF"),
    "set persist": ("SET PERSIST default_table_encryption=0;", "default_table_encryption (server variable)",
                    "default_table_encryption=0"),
    "set @@global": ("SET @@GLOBAL.default_table_encryption = 'OFF';",
                     "default_table_encryption (server variable)", "default_table_encryption=OFF"),
    "mariadb encrypt tables": ("SET GLOBAL innodb_encrypt_tables = OFF;", "innodb_encrypt_tables (server variable)",
                               "innodb_encrypt_tables=OFF"),
    "mariadb encrypt log": ("SET GLOBAL innodb_encrypt_log = OFF;", "innodb_encrypt_log (server variable)",
                            "innodb_encrypt_log=OFF"),
    "mariadb encrypted=no": ("ALTER TABLE visit ENCRYPTED=NO;", "visit (table)", "ENCRYPTED=NO"),
    "mariadb create encrypted=no": ("CREATE TABLE visit (id int) ENGINE=InnoDB ENCRYPTED = NO;", "visit (table)",
                                    "ENCRYPTED=NO"),
    "sql server tde off": ("ALTER DATABASE Clinic SET ENCRYPTION OFF;", "Clinic (database)", "SET ENCRYPTION OFF"),
    "sql server drop dek": ("USE Clinic;\nDROP DATABASE ENCRYPTION KEY;", "database encryption key",
                            "DROP DATABASE ENCRYPTION KEY"),
    "oracle column decrypt": ("ALTER TABLE account MODIFY (ssn DECRYPT);", "account.ssn (column)", "ssn DECRYPT"),
    "oracle no salt": ("CREATE TABLE emp (id NUMBER, ssn VARCHAR2(11) ENCRYPT NO SALT);", "emp.ssn (column)",
                       "NO SALT"),
    "oracle modify no salt": ("ALTER TABLE emp MODIFY (ssn ENCRYPT NO SALT);", "emp.ssn (column)", "NO SALT"),
    "oracle tablespace decrypt": ("ALTER TABLESPACE users ENCRYPTION ONLINE DECRYPT;", "users (tablespace)",
                                  "ENCRYPTION ... DECRYPT"),
}

SILENT = {
    "mysql Y": "CREATE TABLE person (id int) ENCRYPTION='Y';",
    "mysql alter Y": "ALTER TABLE person ENCRYPTION = 'Y';",
    "database Y": "CREATE DATABASE clinic DEFAULT ENCRYPTION='Y';",
    "set ON": "SET GLOBAL default_table_encryption = ON;",
    "mariadb YES": "ALTER TABLE visit ENCRYPTED=YES;",
    "mariadb key id": "ALTER TABLE visit ENCRYPTED=YES ENCRYPTION_KEY_ID=2;",
    "tde on": "ALTER DATABASE Clinic SET ENCRYPTION ON;",
    "create dek": "CREATE DATABASE ENCRYPTION KEY WITH ALGORITHM = AES_256 ENCRYPTION BY SERVER CERTIFICATE c;",
    "oracle encrypt": "ALTER TABLE account MODIFY (ssn ENCRYPT USING 'AES256');",
    "oracle salt": "CREATE TABLE emp (ssn VARCHAR2(11) ENCRYPT SALT);",
    "oracle rekey": "ALTER TABLE account REKEY USING 'AES256';",
    "always encrypted column": ("CREATE TABLE p (ssn char(11) ENCRYPTED WITH (COLUMN_ENCRYPTION_KEY = k, "
                                "ENCRYPTION_TYPE = RANDOMIZED, ALGORITHM = 'AEAD_AES_256_CBC_HMAC_SHA_256'));"),
    "line comment": "-- ALTER TABLE person ENCRYPTION='N';\nSELECT 1;",
    "comment inside statement": "ALTER TABLE person /* was ENCRYPTION='N' */ ENCRYPTION='Y';",
    "hash comment": "# SET GLOBAL default_table_encryption = OFF\nSELECT 1;",
    "insert data": "INSERT INTO notes VALUES ('ALTER TABLE person ENCRYPTION=''N''');",
    "update data": "UPDATE settings SET value = 'ENCRYPTION OFF' WHERE name = 'x';",
    "string data in select": "SELECT 'DROP DATABASE ENCRYPTION KEY';",
    "no crypt at all": "CREATE TABLE person (id int, name text);",
    "column named decrypt_log": "CREATE TABLE t (decrypt_log text);",
}


@pytest.mark.parametrize("name", sorted(FIRES))
def test_fires(name):
    sql, symbol, evidence = FIRES[name]
    found = at_rest(sql)
    assert [(f.code, f.symbol, f.evidence) for f in found] == [("NEV203", symbol, evidence)], found


@pytest.mark.parametrize("name", sorted(SILENT))
def test_stays_silent(name):
    assert at_rest(SILENT[name]) == []


def test_position_message_and_source():
    sql = "CREATE TABLE audit (id int);\n\nCREATE TABLE person (\n  id int\n) ENCRYPTION='N';\n"
    [finding] = at_rest(sql)
    assert (finding.line, finding.column, finding.end_line) == (5, 3, 5)
    assert (finding.source, finding.category) == ("sql-ddl", "encryption")
    assert finding.message.startswith(
        "SQL CREATE TABLE person sets ENCRYPTION='N': the table's data is stored unencrypted; "
        "is that intended? Keep ENCRYPTION='Y'. See ")
    assert finding.url.endswith("NEV203.md")


def test_several_statements_and_batches():
    sql = ("ALTER DATABASE Clinic SET ENCRYPTION OFF\nGO\nUSE Clinic\nGO\nDROP DATABASE ENCRYPTION KEY\nGO\n"
           "ALTER TABLE account MODIFY (a DECRYPT, b DECRYPT);\n")
    found = at_rest(sql)
    assert [(f.line, f.symbol) for f in found] == [
        (1, "Clinic (database)"), (5, "database encryption key"), (7, "account.a (column)"), (7, "account.b (column)"),
    ]


def test_demographic_findings_are_kept_alongside(tmp_path):
    path = tmp_path / "schema.sql"
    path.write_text("CREATE TABLE person (id int, religion text) ENCRYPTION='N';\n"
                    "ALTER TABLE person ENCRYPTION='N'; -- noqa: NEV203 -- reviewed: test data only\n")
    analysis = analyse_sql_file(path, "schema.sql", Analyser(Settings()))
    assert analysis.errors == ()
    assert sorted((f.line, f.code) for f in analysis.findings) == [(1, "NEV102"), (1, "NEV203")]


def test_a_large_dump_without_crypt_is_not_scanned(monkeypatch):
    from flake8_neveragain.encryption import sql_at_rest

    def fail(text):
        raise AssertionError("scanned text that cannot contain a pattern")

    monkeypatch.setattr(sql_at_rest, "StatementScanner", fail)
    assert sql_at_rest.find_at_rest_facts("INSERT INTO t VALUES (1, 'x');\n" * 1000) == []
