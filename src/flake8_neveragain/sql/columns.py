"""Column definitions and table constraints inside `( ... )` lists.

Used by CREATE TABLE, ALTER TABLE ADD and composite CREATE TYPE. The list is
split on top-level commas here (sqlparse's own grouping of column lists is
unreliable); each part is either a table constraint or a column definition:
name, type, then column constraints in any order.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field

from flake8_neveragain.sql.tokens import (
    NUMBER,
    OTHER,
    PUNCT,
    QUOTED,
    STRING,
    WORD,
    Stream,
    Tok,
    is_name,
    last_name_part,
    unquote,
)
from flake8_neveragain.sql.types import BOOLEAN_TYPES, BUILTIN_TYPES, VALUE_LIST_TYPES

# Words that start a column constraint; a column without a type (SQLite,
# CREATE TABLE t (a, b) AS SELECT) goes straight to one of these.
_COLUMN_CONSTRAINT_WORDS = frozenset({
    "NOT NULL", "NULL", "NOT", "PRIMARY KEY", "PRIMARY", "UNIQUE", "CHECK", "DEFAULT",
    "REFERENCES", "CONSTRAINT", "COLLATE", "GENERATED", "AS", "AUTO_INCREMENT",
    "AUTOINCREMENT", "COMMENT", "IDENTITY", "ENCRYPTED", "OPTIONS", "KEY", "ON", "WITH",
    "MASKED", "SPARSE", "FILESTREAM", "ROWGUIDCOL", "HIDDEN", "INVISIBLE", "VISIBLE", "CODEC",
    "TTL", "MATERIALIZED", "ALIAS", "EPHEMERAL", "FIRST", "AFTER", "ENABLE", "DISABLE",
})

# Words that always start a table constraint, never a column.
_TABLE_CONSTRAINT_WORDS = frozenset({
    "CONSTRAINT", "PRIMARY KEY", "PRIMARY", "FOREIGN", "FOREIGN KEY", "UNIQUE", "CHECK",
    "LIKE",
})
# Words that start an index in MySQL/T-SQL (`KEY idx (a)`) but are also
# plausible column names (`key TEXT` in SQLite and PostgreSQL).
_INDEX_WORDS = frozenset({"KEY", "INDEX", "FULLTEXT", "SPATIAL", "UNIQUE KEY"})


@dataclass(slots=True)
class ColumnDef:
    name: str
    name_token: Tok
    end: int  # offset just after the definition
    type_refs: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    is_boolean: bool = False
    encrypted: bool = False
    # The values above as a set: what _add_values tests (a list's `in` was quadratic
    # on a CHECK (col IN (...)) of many thousand values).
    value_set: set[str] = field(default_factory=set, repr=False, compare=False)


def string_value(token: Tok) -> str:
    """'it''s' -> it's"""
    text = token.text
    if len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        text = text[1:-1]
    return text.replace("''", "'").replace("\\'", "'")


def strings_in(stream: Stream, lo: int, hi: int) -> list[str]:
    return [string_value(token) for token in stream.tokens[lo:hi] if token.kind == STRING]


def is_table_constraint(stream: Stream, lo: int, hi: int) -> bool:
    tokens = stream.tokens
    first = tokens[lo]
    if first.kind != WORD:
        return False
    key = first.key
    if key in _TABLE_CONSTRAINT_WORDS:
        return True
    following = tokens[lo + 1] if lo + 1 < hi else None
    if key in _INDEX_WORDS:
        if following is None:
            return False
        if following.kind == PUNCT:
            return following.text == "("
        if following.kind == WORD and (following.key in _INDEX_WORDS
                                       or following.key == "IF NOT EXISTS"):
            return True  # FULLTEXT KEY ..., INDEX IF NOT EXISTS ...
        if following.kind == WORD and (following.key.lower() in BUILTIN_TYPES
                                       or following.key in _COLUMN_CONSTRAINT_WORDS):
            return False  # `key TEXT`, `index INT NOT NULL`
        return stream.find_punct(lo + 1, hi, "(") != -1  # `KEY idx_name (col)`
    if key == "PERIOD":
        return following is not None and following.kind == WORD and following.key == "FOR"
    if key == "EXCLUDE":
        return following is not None and (following.key == "USING" or following.text == "(")
    return False


def read_column(stream: Stream, lo: int, hi: int) -> ColumnDef | None:
    """The column defined by tokens [lo, hi), or None if it is not one."""
    tokens = stream.tokens
    name_token = tokens[lo]
    if not is_name(name_token):
        return None
    name = unquote(name_token)
    if not name.strip():
        return None
    column = ColumnDef(name, name_token, tokens[hi - 1].end)
    index = _read_type(stream, lo + 1, hi, column)
    _read_column_constraints(stream, index, hi, column)
    return column


def _add_values(column: ColumnDef, values: list[str]) -> None:
    """Each value not already there, in order."""
    seen = column.value_set
    for value in values:
        if value not in seen:
            seen.add(value)
            column.values.append(value)


def _read_type(stream: Stream, index: int, hi: int, column: ColumnDef) -> int:
    tokens = stream.tokens
    if index >= hi:
        return index
    first = tokens[index]
    if not (first.kind == QUOTED or (first.kind == WORD and first.key not in _COLUMN_CONSTRAINT_WORDS)):
        return index
    name = stream.read_qualified_name(index, hi)
    if name is None:
        return index
    last, index = name
    type_name = last_name_part(unquote(tokens[last]))
    lowered = type_name.lower()
    if stream.is_word(index, "VARYING", "PRECISION"):  # character varying, bit varying
        lowered = "varying"
        index += 1
    args: tuple[int, int] | None = None
    if stream.is_punct(index, "("):
        close = min(stream.close_of(index), hi)
        args = (index + 1, close)
        index = close + 1
    if lowered in VALUE_LIST_TYPES and args is not None:
        found = strings_in(stream, *args)
        column.values.extend(found)
        column.value_set.update(found)
    elif lowered in BOOLEAN_TYPES:
        column.is_boolean = True
    elif lowered in ("bit", "tinyint"):
        column.is_boolean = _single_argument(tokens, args) == "1" or (lowered == "bit" and args is None)
    elif lowered not in BUILTIN_TYPES:
        column.type_refs.append(type_name)
    return index


def _single_argument(tokens: list[Tok], args: tuple[int, int] | None) -> str | None:
    if args is None or args[1] - args[0] != 1:
        return None
    token = tokens[args[0]]
    return token.text if token.kind == NUMBER else None


def _read_column_constraints(stream: Stream, index: int, hi: int, column: ColumnDef) -> None:
    tokens = stream.tokens
    while index < hi:
        token = tokens[index]
        if token.kind == PUNCT and token.text == "(":
            index = stream.skip_group(index)
            continue
        if token.kind == WORD:
            key = token.key
            if key == "CHECK" and stream.is_punct(index + 1, "("):
                close = min(stream.close_of(index + 1), hi)
                for _, values in check_values(stream, index + 2, close, (column.name.lower(),)):
                    _add_values(column, values)
                index = close + 1
                continue
            if key == "REFERENCES":
                target = stream.read_qualified_name(index + 1, hi)
                if target is not None:
                    column.type_refs.append(last_name_part(unquote(tokens[target[0]])))
                    index = target[1]
                    continue
            if key == "ENCRYPTED" and stream.is_word(index + 1, "WITH"):
                column.encrypted = True
        index += 1


def read_column_list(stream: Stream, lo: int, hi: int) -> list[ColumnDef]:
    """Columns of a `( ... )` list [lo, hi); table constraints add values
    (CHECK (col IN (...))) and type_refs (FOREIGN KEY (col) REFERENCES t)."""
    columns: list[ColumnDef] = []
    constraints: list[tuple[int, int]] = []
    for part_lo, part_hi in stream.split_commas(lo, hi):
        if is_table_constraint(stream, part_lo, part_hi):
            constraints.append((part_lo, part_hi))
        else:
            column = read_column(stream, part_lo, part_hi)
            if column is not None:
                columns.append(column)
    apply_constraints(stream, columns, constraints)
    return columns


def apply_constraints(stream: Stream, columns: list[ColumnDef],
                      table_constraints: Iterable[tuple[int, int]]) -> None:
    """Table-level CHECK (col IN (...)) values and FOREIGN KEY targets."""
    if not columns:
        return
    by_name: dict[str, list[ColumnDef]] = {}
    for column in columns:
        by_name.setdefault(column.name.lower(), []).append(column)
    for lo, hi in table_constraints:
        check = stream.find_word(lo, hi, "CHECK")
        if check != -1 and stream.is_punct(check + 1, "("):
            close = min(stream.close_of(check + 1), hi)
            for name, values in check_values(stream, check + 2, close, by_name):
                for column in by_name[name]:
                    _add_values(column, values)
        _apply_foreign_key(stream, lo, hi, by_name)


def _apply_foreign_key(stream: Stream, lo: int, hi: int, by_name: dict[str, list[ColumnDef]]) -> None:
    tokens = stream.tokens
    foreign = stream.find_word(lo, hi, "FOREIGN", "FOREIGN KEY")
    if foreign == -1:
        return
    opening = stream.find_punct(foreign, hi, "(")
    references = stream.find_word(foreign, hi, "REFERENCES")
    if opening == -1 or references == -1:
        return
    target = stream.read_qualified_name(references + 1, hi)
    if target is None:
        return
    target_name = last_name_part(unquote(tokens[target[0]]))
    for token in tokens[opening + 1:min(stream.close_of(opening), hi)]:
        if is_name(token):
            for column in by_name.get(unquote(token).lower(), ()):
                column.type_refs.append(target_name)


_CAST_CONTINUATIONS = frozenset({"VARYING", "PRECISION", "DOUBLE PRECISION"})


def check_values(stream: Stream, lo: int, hi: int,
                 names: Container[str]) -> list[tuple[str, list[str]]]:
    """`col IN ('a', 'b')` and PostgreSQL's dumped form
    `(col)::text = ANY ((ARRAY['a'::text, 'b'::text])::text[])` inside a CHECK,
    for the columns in `names` (lower case)."""
    tokens = stream.tokens
    found: list[tuple[str, list[str]]] = []
    index = lo
    while index < hi:
        token = tokens[index]
        if is_name(token) and not stream.is_punct(index + 1, "("):
            name = last_name_part(unquote(token)).lower()
            if name in names:
                after = _skip_parens_and_casts(stream, index + 1, hi)
                group = None
                if stream.is_word(after, "IN") and stream.is_punct(after + 1, "("):
                    group = after + 1
                elif (after < hi and tokens[after].kind == OTHER and tokens[after].text == "="
                      and stream.is_word(after + 1, "ANY") and stream.is_punct(after + 2, "(")):
                    group = after + 2
                if group is not None:
                    close = min(stream.close_of(group), hi)
                    found.append((name, strings_in(stream, group + 1, close)))
                    index = close + 1
                    continue
        index += 1
    return found


def _skip_parens_and_casts(stream: Stream, index: int, hi: int) -> int:
    """Past `)` and `::type` after a column name: `((religion)::text)`."""
    tokens = stream.tokens
    while index < hi:
        token = tokens[index]
        if token.kind == PUNCT and token.text == ")":
            index += 1
        elif token.kind == PUNCT and token.text == "::":
            index += 1
            if index < hi and is_name(tokens[index]):
                index += 1
                while stream.is_word(index, *_CAST_CONTINUATIONS):
                    index += 1
            if stream.is_punct(index, "("):
                index = stream.skip_group(index)
            while stream.is_punct(index, "[") or stream.is_punct(index, "]"):
                index += 1
        else:
            break
    return index
