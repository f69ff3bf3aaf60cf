"""Neutral facts that framework adapters and encryption detectors extract from source.

Adapters know frameworks (Django, SQLAlchemy, ...) but nothing about sensitive
categories; the classifier knows categories but nothing about frameworks. Likewise
the encryption detectors know drivers, not which values are weak: the rules judge
that. These dataclasses are the only thing the two sides share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple


@dataclass(frozen=True, slots=True)
class Span:
    """A source range; lines and columns are 1-based, end column exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class FieldFact:
    """One stored field (kind="field") or one schema-level definition (kind="model").

    kind="field": an attribute, column or key of a model, table, schema or record.
    kind="model": the model/table/enum/choices class itself; `name` is its name,
    `owner` is None, `values` holds enum members or lookup rows if any.
    """

    name: str
    # Where the fact came from: a source key ("django-model", "sql-ddl"), shown as the
    # JSON report's "source"; extract.frameworks.SOURCE_LABELS words it for messages.
    source: str
    span: Span
    owner: str | None = None
    kind: Literal["field", "model"] = "field"
    # Other names the same data is stored under: db_column=, Column("x"),
    # alias=, data_key=, column_name=, db_field=, source_field=, ...
    aliases: tuple[str, ...] = ()
    # Names of types the field points at: FK / relationship targets, annotation
    # class names (Mapped[Ethnicity] -> "Ethnicity"), enum classes, SQL Enum
    # type names (name="religion_enum").
    type_refs: tuple[str, ...] = ()
    # Literal values the field is restricted to: choices= stored values and
    # labels, Literal[...] members, Enum member names and values, OneOf(...).
    values: tuple[str, ...] = ()
    is_boolean: bool = False
    # Names of the other fields of the same owner, for homograph context.
    siblings: tuple[str, ...] = ()
    # Whether the field type or a wrapper encrypts it at field level.
    encrypted: bool = False
    # Where a schema *change* introduces the field, for messages: e.g.
    # "ALTER TABLE person ADD COLUMN", "migration 0007_resident adds". Empty
    # for plain definitions (a model class, a CREATE TABLE).
    action: str = ""

    @property
    def symbol(self) -> str:
        return f"{self.owner}.{self.name}" if self.owner else self.name


class SettingFact(NamedTuple):
    """One setting that decides how well data is protected, as the code writes it.

    Detectors say what is written (or, for --diff, what a driver does when nothing
    is); rules/encryption_levels.py judges it: its rank among the family's values,
    whether that is weak, and what to do instead.
    """

    family: str  # who reads the option: "postgres", "asyncpg", "odbc", "create_db_instance", "sql-table", ...
    option: str  # as that family names it: "sslmode", "StorageEncrypted", "ENCRYPTION"
    value: object  # a constant as written, or a word from a connection string or SQL
    subject: str  # who is configured, as messages name it: "psycopg2.connect", "SQL ALTER TABLE person"
    symbol: str  # what is configured: "psycopg2.connect(sslmode)", "person (table)"
    written: str  # the setting as written: "sslmode='disable'", "sslmode=disable in the connection URL"
    source: str  # "python-connection", "django-settings", "cloud-call", "sql-ddl", ...
    span: Span
    action: str = ""  # what the code does, when it is more than setting it: "decrypts column ssn"
    # For --diff: the name of the setting across revisions ("psycopg2.connect(sslmode)@get_engine"),
    # and its value as the message shows it ("verify-full", "(none)", "ssl_disabled=True").
    key: str = ""
    shown: str = ""


# The records below are NamedTuples, not dataclasses (as is SettingFact): facts.py is
# imported by every run, and a frozen dataclass costs about ten times as much to
# define, which shows in the one-file pre-commit run. Nothing compares them by type.


class FieldType(NamedTuple):
    """A field or column type as a migration writes it: encrypted at field level or not."""

    encrypted: bool
    # For messages: "EncryptedTextField (fernet_fields)", "encrypt(CharField) (django_cryptography)",
    # "TextField".
    shown: str


class Decryption(NamedTuple):
    """A field a migration takes field-level encryption away from (found by migration replay)."""

    migration: str
    how: str  # "alters", "adds" or "renames"
    model: str
    field: str
    before: FieldType
    after: FieldType
    span: Span
    removed_in: str = ""  # adds / renames: the migration whose RemoveField dropped the encrypted field
    renamed_from: str = ""  # renames: the plain field's old name
    source: str = ""  # "django-migration" or "alembic-migration"


class FileFacts(NamedTuple):
    """Every fact one file gave, by kind: what the rules stage (rules/judge.py) reads.

    A new kind of fact is one more field here, the reader that finds it called from
    engine.py, and the rules module that judges it called from rules/judge.py.
    """

    fields: tuple[FieldFact, ...] = ()
    settings: tuple[SettingFact, ...] = ()
    decryptions: tuple[Decryption, ...] = ()


NO_FACTS = FileFacts()  # frozen, so one shared empty value is safe


@dataclass(frozen=True, slots=True)
class Match:
    """The classifier's verdict for one category on one fact."""

    category: str
    evidence: str
