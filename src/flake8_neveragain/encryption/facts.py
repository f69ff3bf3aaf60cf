"""What the encryption detectors report, before it becomes a Finding."""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import Span


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
