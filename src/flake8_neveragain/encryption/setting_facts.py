"""What the encryption detectors report: facts that become findings, and the
protection settings that `--diff` compares between revisions."""

from __future__ import annotations

from dataclasses import dataclass

from flake8_neveragain.facts import Span


@dataclass(frozen=True, slots=True)
class EncryptionFact:
    code: str  # "NEV202" or "NEV203"
    source: str  # "python-connection", "django-settings", "cloud-call", "sql-ddl"
    subject: str  # who does it, as the message names it: "psycopg2.connect", "SQL ALTER TABLE person"
    symbol: str  # what is configured: "psycopg2.connect(sslmode)", "person (table)"
    evidence: str  # the setting as written: "sslmode='disable'"
    action: str  # "sets sslmode='disable'", "drops the database encryption key"
    effect: str  # what the setting does, in words
    instead: str  # the safe alternative, one short sentence
    span: Span


@dataclass(frozen=True, slots=True)
class ProtectionSetting:
    """One recognised protection setting, whatever its strength (for `--diff`).

    Two revisions of a file are compared key by key: a lower rank under the same
    key means the protection was weakened.
    """

    key: str  # stable across line moves and renames: "psycopg2.connect(sslmode)@engine", "table person ENCRYPTION"
    family: str  # "libpq-sslmode", "mysql-ssl-mode", "odbc-encrypt", "sql-table-encryption", ...
    value: str  # as written, for messages: "verify-full", "ENCRYPTION='Y'", "(none)"
    rank: int  # higher = stronger protection within the family
    subject: str  # who is configured: "psycopg2.connect", "SQL CREATE TABLE person"
    span: Span  # where the setting is (1-based); the call or statement when the setting is absent
