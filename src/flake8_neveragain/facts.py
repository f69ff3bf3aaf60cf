"""Neutral facts that framework adapters extract from source.

Adapters know frameworks (Django, SQLAlchemy, ...) but nothing about sensitive
categories; the classifier knows categories but nothing about frameworks. These
dataclasses are the only thing the two sides share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Where a fact came from; shown to users as the JSON report's "source" key and,
# in words, in messages ("Django model field", "SQLAlchemy table column", ...).
SOURCE_LABELS: dict[str, str] = {
    "django-model": "Django model",
    "sqlalchemy-model": "SQLAlchemy model",
    "sqlalchemy-table": "SQLAlchemy table",
    "sqlmodel-model": "SQLModel model",
    "peewee-model": "Peewee model",
    "tortoise-model": "Tortoise model",
    "mongoengine-document": "MongoEngine document",
    "pony-entity": "Pony entity",
    "pydal-table": "pydal table",
    "tryton-model": "Tryton model",
    "pydantic-model": "Pydantic model",
    "marshmallow-schema": "marshmallow schema",
    "dataclass": "dataclass",
    "attrs-class": "attrs class",
    "typeddict": "TypedDict",
    "namedtuple": "NamedTuple",
    "msgspec-struct": "msgspec Struct",
    "enum": "enumeration",
    "model": "model",
    "sql-ddl": "SQL",
    "sql-in-python": "SQL string",
    "django-migration": "Django migration",
    "alembic-migration": "Alembic migration",
}


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


@dataclass(frozen=True, slots=True)
class Match:
    """The classifier's verdict for one category on one fact."""

    category: str
    evidence: str
