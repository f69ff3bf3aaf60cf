"""The cheap first-keyword check: can this statement define a column or type?

Only CREATE TABLE / CREATE TYPE (and DOMAIN) / CREATE VIEW / ALTER TABLE go on
to the lexer;
INSERT, UPDATE, COPY, SELECT, SET, ... are dropped here by one regex match at
the statement's first keyword, so data never gets tokenised.
"""

from __future__ import annotations

import re
from enum import Enum


class StatementKind(Enum):
    CREATE_TABLE = "create table"
    CREATE_TYPE = "create type"
    CREATE_VIEW = "create view"
    ALTER_TABLE = "alter table"


# Between keywords: whitespace or comments (`CREATE /* x */ TABLE`).
_GAP = r"(?:\s++|/\*.*?\*/|--[^\r\n]*+)++"  # a lone \r ends a line too
_OR_REPLACE = rf"(?:OR{_GAP}(?:REPLACE|ALTER){_GAP})?"
_TABLE_MODIFIERS = (
    "TEMP|TEMPORARY|GLOBAL|LOCAL|UNLOGGED|EXTERNAL|TRANSIENT|VIRTUAL|VOLATILE|FOREIGN"
    "|MULTISET|DYNAMIC|HYBRID|ICEBERG|STREAMING|LIVE|PRIVATE|SHARDED|DUPLICATED"
    "|IMMUTABLE|BLOCKCHAIN|SNAPSHOT|COLUMN|ROW"
)
_VIEW_MODIFIERS = (
    "TEMP|TEMPORARY|MATERIALIZED|RECURSIVE|SECURE|FORCE|NOFORCE|EDITIONABLE"
    "|NONEDITIONABLE|LOCAL|GLOBAL"
    # MySQL: CREATE ALGORITHM=MERGE DEFINER=`u`@`h` SQL SECURITY DEFINER VIEW
    r"|ALGORITHM\s*=\s*\w+|DEFINER\s*=\s*\S+|SQL\s+SECURITY\s+\w+"
)

_KIND = re.compile(
    rf"""
      CREATE{_GAP}{_OR_REPLACE}(?:(?:{_TABLE_MODIFIERS}){_GAP})*(?P<table>TABLE)\b
    | CREATE{_GAP}{_OR_REPLACE}(?P<type>TYPE|DOMAIN)\b
    | CREATE{_GAP}{_OR_REPLACE}(?:(?:{_VIEW_MODIFIERS}){_GAP})*(?P<view>VIEW)\b
    | ALTER{_GAP}(?P<alter>TABLE)\b
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)

# An ALTER TABLE can only add a name with ADD (not ADD CONSTRAINT/...), RENAME
# or CHANGE; the many `ALTER TABLE ... OWNER TO` and `ADD CONSTRAINT` lines of
# a pg_dump are dropped without lexing. (A match inside a comment or string
# only costs a lexing.)
_ALTER_MAY_ADD_NAME = re.compile(
    r"\b(?:ADD(?!\s+(?:CONSTRAINT|PRIMARY|FOREIGN|UNIQUE|CHECK|INDEX|FULLTEXT|SPATIAL)\b)"
    r"|RENAME|CHANGE)\b",
    re.IGNORECASE,
)

_KINDS = {
    "table": StatementKind.CREATE_TABLE,
    "type": StatementKind.CREATE_TYPE,
    "view": StatementKind.CREATE_VIEW,
    "alter": StatementKind.ALTER_TABLE,
}


def statement_kind(text: str, start: int, end: int) -> StatementKind | None:
    """Kind of the statement whose first keyword is at `start`, or None."""
    if text[start:start + 1] not in ("c", "C", "a", "A"):
        return None
    match = _KIND.match(text, start, end)
    if match is None:
        return None
    kind = _KINDS[match.lastgroup]  # type: ignore[index]
    if kind is StatementKind.ALTER_TABLE and \
            _ALTER_MAY_ADD_NAME.search(text, match.end(), end) is None:
        return None
    return kind
