"""ALTER TABLE: columns added or renamed, and tables renamed.

The actions after the table name are split on top-level commas. Recognised:
    ADD [COLUMN] [IF NOT EXISTS] c type        (PostgreSQL, MySQL, SQLite, ...)
    ADD c1 type, c2 type                       (T-SQL, Snowflake: one ADD, many columns)
    ADD (c1 type, c2 type)                     (Oracle, MySQL)
    ADD COLUMNS (c1 type, c2 type)             (Spark, Hive)
    RENAME [COLUMN] a TO b                     (PostgreSQL, MySQL 8, SQLite, Oracle)
    CHANGE [COLUMN] old new type               (MySQL; reported only if the name changes)
    RENAME TO t2 / RENAME AS t2                (the table itself)
Everything else (DROP, ALTER COLUMN, ADD CONSTRAINT/INDEX/PRIMARY KEY, MODIFY,
SET, OWNER TO, ...) adds no name and produces nothing; but a CHECK (col IN
(...)) added by the same statement gives values to a column it adds.
"""

from __future__ import annotations

from flake8_neveragain.facts import FieldFact
from flake8_neveragain.sql.columns import (
    ColumnDef,
    apply_constraints,
    is_table_constraint,
    read_column,
    read_column_list,
)
from flake8_neveragain.sql.context import ReadContext, siblings_of
from flake8_neveragain.sql.tokens import WORD, Stream, Tok, is_name, last_name_part, unquote

# After ADD, these start something that is not a column.
_ADD_NOT_A_COLUMN = frozenset({
    "CONSTRAINT", "PRIMARY KEY", "PRIMARY", "FOREIGN", "FOREIGN KEY", "UNIQUE", "CHECK",
    "INDEX", "KEY", "FULLTEXT", "SPATIAL", "PARTITION", "PERIOD", "EXCLUDE", "DEFAULT",
    "ROW", "SEARCH", "CLUSTERING", "SUPPLEMENTAL", "UNIQUE KEY", "PROJECTION", "STATISTICS",
})
# Words that start an ALTER TABLE action; a comma-separated part that starts
# with none of these continues the previous ADD (T-SQL `ADD a int, b int`).
_ACTION_WORDS = frozenset({
    "ADD", "DROP", "ALTER", "RENAME", "MODIFY", "CHANGE", "SET", "RESET", "OWNER", "ENABLE",
    "DISABLE", "VALIDATE", "CLUSTER", "INHERIT", "NO", "OF", "NOT", "REPLICA", "FORCE",
    "ATTACH", "DETACH", "ALGORITHM", "LOCK", "CONVERT", "ORDER BY", "DISCARD", "IMPORT",
    "COALESCE", "REORGANIZE", "EXCHANGE", "ANALYZE", "CHECK", "OPTIMIZE", "REBUILD", "REPAIR",
    "REMOVE", "UPGRADE", "WITH", "NOCHECK", "SWITCH", "TRUNCATE", "PARTITION", "ENGINE",
    "AUTO_INCREMENT", "COMMENT", "DEFAULT", "CHARACTER", "CHARSET", "COLLATE", "MOVE",
    "SPLIT", "MERGE", "RECLUSTER", "SUSPEND", "RESUME", "UNSET", "SWAP", "CLUSTERING",
    "DROP COLUMN", "ROW", "LOGGING", "NOLOGGING", "PARALLEL", "NOPARALLEL", "SHRINK",
    "ALLOCATE", "DEALLOCATE", "CACHE", "NOCACHE", "READ", "TABLESPACE",
})


def read_alter_table(stream: Stream, context: ReadContext) -> list[FieldFact]:
    tokens = stream.tokens
    count = len(tokens)
    named = stream.read_object_name(("TABLE",), ("IF EXISTS", "ONLY"))
    if named is None:
        return []
    table_token, table, index = named
    if index < count and tokens[index].text == "*":  # ALTER TABLE ONLY t * (inheritance)
        index += 1

    facts: list[FieldFact] = []
    added: list[ColumnDef] = []
    constraints: list[tuple[int, int]] = []  # ADD CONSTRAINT ... CHECK (col IN (...))
    in_add = False  # the previous part was an ADD of columns (T-SQL lists go on)
    for part_start, hi in stream.split_commas(index, count):
        lo = part_start
        if stream.is_word(lo, "WITH") and stream.is_word(lo + 1, "CHECK", "NOCHECK"):
            lo += 2  # T-SQL: ALTER TABLE t WITH CHECK ADD CONSTRAINT ...
        if lo >= hi:
            continue
        first = tokens[lo]
        key = first.key if first.kind == WORD else ""
        if key == "ADD":
            columns = _added_columns(stream, lo + 1, hi)
            in_add = columns is not None
            if columns is None:
                constraints.append((lo + 1, hi))
            else:
                added.extend(columns)
        elif key == "RENAME":
            in_add = False
            facts.extend(_renamed(stream, context, table, table_token, lo + 1, hi))
        elif key == "CHANGE":
            in_add = False
            facts.extend(_changed(stream, context, table, lo + 1, hi))
        elif key in _ACTION_WORDS:
            in_add = False
        elif in_add and is_table_constraint(stream, lo, hi):
            constraints.append((lo, hi))
        elif in_add and hi - lo >= 2:
            column = read_column(stream, lo, hi)
            if column is not None and is_name(tokens[lo + 1]):
                added.append(column)
    if added:
        apply_constraints(stream, added, constraints)
        facts.extend(context.column_facts(table, added, action=f"ALTER TABLE {table} ADD COLUMN"))
    return facts  # extract_sql_facts puts renames and additions in source order


def _added_columns(stream: Stream, index: int, hi: int) -> list[ColumnDef] | None:
    """Columns added by `ADD ...` starting at `index`; None when it adds no column."""
    explicit = stream.is_word(index, "COLUMN", "COLUMNS")  # Spark/Hive: ADD COLUMNS (...)
    if explicit:
        index += 1
    if stream.is_word(index, "IF NOT EXISTS"):
        index += 1
    if index >= hi:
        return None
    if stream.is_punct(index, "("):  # Oracle/MySQL: ADD (a type, b type)
        columns = read_column_list(stream, index + 1, min(stream.close_of(index), hi))
        return columns or None
    first = stream.tokens[index]
    if not explicit and first.kind == WORD and first.key in _ADD_NOT_A_COLUMN:
        # `ADD KEY idx (a)` is an index, `ADD key TEXT` a column named key
        if first.key not in ("KEY", "INDEX") or is_table_constraint(stream, index, hi):
            return None
    column = read_column(stream, index, hi)
    return [column] if column is not None else None


def _renamed(stream: Stream, context: ReadContext, table: str, table_token: Tok,
             index: int, hi: int) -> list[FieldFact]:
    tokens = stream.tokens
    if stream.is_word(index, "TO", "AS") or (
            index + 1 == hi and is_name(tokens[index])):  # RENAME TO t2 / MySQL RENAME t2
        if stream.is_word(index, "TO", "AS"):
            index += 1
        new = stream.read_qualified_name(index, hi)
        if new is None:
            return []
        new_token = tokens[new[0]]
        new_name = last_name_part(unquote(new_token))
        context.move_columns(table, new_name)
        return [context.model(new_name, new_token, action=f"ALTER TABLE {table} RENAME TO")]
    if stream.is_word(index, "CONSTRAINT", "INDEX", "KEY"):
        return []
    if stream.is_word(index, "COLUMN"):
        index += 1
    if not (index < hi and is_name(tokens[index]) and stream.is_word(index + 1, "TO")):
        return []
    old_name = unquote(tokens[index])
    new = stream.read_qualified_name(index + 2, hi)
    if new is None:
        return []
    new_token = tokens[new[0]]
    return [_renamed_column(context, table, old_name, unquote(new_token), new_token.start,
                            new_token.end)]


def _changed(stream: Stream, context: ReadContext, table: str, index: int,
             hi: int) -> list[FieldFact]:
    """MySQL: CHANGE [COLUMN] old new type ..."""
    tokens = stream.tokens
    if stream.is_word(index, "COLUMN"):
        index += 1
    if index + 1 >= hi or not is_name(tokens[index]):
        return []
    old_name = unquote(tokens[index])
    column = read_column(stream, index + 1, hi)
    if column is None or column.name.lower() == old_name.lower():
        return []
    return [_renamed_column(context, table, old_name, column.name, column.name_token.start,
                            column.end, column)]


def _renamed_column(context: ReadContext, table: str, old_name: str, new_name: str,
                    start: int, end: int, column: ColumnDef | None = None) -> FieldFact:
    known = context.columns_of(table)
    position = known.rename(old_name, new_name)
    return context.field(
        new_name, start, end, owner=table, siblings=siblings_of(known, position),
        type_refs=column.type_refs if column else (), values=column.values if column else (),
        is_boolean=column.is_boolean if column else False,
        encrypted=column.encrypted if column else False,
        action=f"ALTER TABLE {table} RENAME COLUMN {old_name} TO",
    )
