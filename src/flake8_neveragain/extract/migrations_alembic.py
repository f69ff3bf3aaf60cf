"""Alembic migrations: the columns and tables an `upgrade()` adds, creates or renames.

A module is an Alembic migration when it has a module-level `upgrade()` (or the
multi-database template's `upgrade_<engine>()`) and imports `op` from alembic or
sets `revision = "..."`. Only upgrade bodies are read, never `downgrade()`:

    op.add_column("person", sa.Column("race", ...))     -> "revision 1a2b adds"
    op.create_table("person", sa.Column(...), ...)      -> the table and its columns, "creates"
    op.alter_column("person", "notes", new_column_name="religion")   -> "renames person.notes to"
    op.alter_column("person", "grp", type_=sa.Enum(...))             -> "alters"
    op.rename_table("groups", "religions")              -> the new table name, "renames groups to"
    with op.batch_alter_table("person") as batch_op:
        batch_op.add_column(...) / batch_op.alter_column(...)         -> as above

op.drop_column, op.drop_table and the other operations say nothing. Columns are
read exactly as Column(...) in SQLAlchemy models (fieldcalls.py). op.execute(...)
SQL is read by sql_strings.py, which skips downgrade functions of these modules.
An alter_column that gives both `existing_type=` and `type_=` is also noted as a
TypeChange, for NEV201 (migration_replay/alembic.py decides whether it drops encryption).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from flake8_neveragain.extract.calls import column_name, table_columns
from flake8_neveragain.extract.changes import KnownFields, action, migration_name
from flake8_neveragain.extract.drafts import FieldDraft, draft_fact, schema_facts
from flake8_neveragain.extract.fieldcalls import read_column_type, read_field_call
from flake8_neveragain.extract.frameworks import (
    ALEMBIC_BATCH,
    ALEMBIC_DOWNGRADE,
    ALEMBIC_MIGRATION,
    ALEMBIC_NEW_NAME,
    ALEMBIC_OP_NAME,
    ALEMBIC_OP_ORIGIN,
    ALEMBIC_OPERATIONS,
    ALEMBIC_REVISION,
    ALEMBIC_TYPE_KEYWORDS,
    ALEMBIC_UPGRADE,
)
from flake8_neveragain.extract.index import ModuleIndex
from flake8_neveragain.extract.symbols import Scope, Symbols
from flake8_neveragain.extract.syntax import call_argument, node_span, span_between, string_value
from flake8_neveragain.extract.walk import walk_scoped
from flake8_neveragain.facts import FieldFact

# What a batch_alter_table block can add or rename (op has create_table and rename_table too).
_BATCH_OPERATIONS = frozenset({"add_column", "alter_column"})


@dataclass(frozen=True, slots=True)
class TypeChange:
    """`op.alter_column(table, column, existing_type=..., type_=...)` in an upgrade function."""

    table: str
    column: str
    call: ast.Call
    existing_type: ast.expr
    new_type: ast.expr


def is_alembic_module(index: ModuleIndex) -> bool:
    """`from alembic import op` or a module-level `revision = "..."` (two dict lookups)."""
    if index.imports.origin(ALEMBIC_OP_NAME) == ALEMBIC_OP_ORIGIN:
        return True
    return string_value(index.constants.get(ALEMBIC_REVISION)) is not None


def is_downgrade(function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> bool:
    return function is not None and function.name.startswith(ALEMBIC_DOWNGRADE)


def alembic_facts(
    tree: ast.Module, index: ModuleIndex, symbols: Symbols, path: str, type_changes: list[TypeChange] | None = None
) -> list[FieldFact]:
    """Facts for what the module's upgrade functions add, create, alter or rename.

    Column type changes are appended to `type_changes` when a list is given.
    """
    upgrades = [
        statement
        for statement in tree.body
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_upgrade(statement.name)
    ]
    if not upgrades:
        return []
    revision = string_value(index.constants.get(ALEMBIC_REVISION))
    prefix = f"revision {revision}" if revision else migration_name(path)
    receivers = frozenset({ALEMBIC_OP_NAME, *index.imports.local_names(ALEMBIC_OP_ORIGIN)})
    reader = _UpgradeReader(symbols.module_scope, prefix, receivers)
    for function in upgrades:
        reader.walk(function.body)
    if type_changes is not None:
        type_changes.extend(reader.type_changes)
    return reader.facts


def _is_upgrade(name: str) -> bool:
    return name == ALEMBIC_UPGRADE or name.startswith(f"{ALEMBIC_UPGRADE}_")


class _UpgradeReader:
    __slots__ = ("_known", "_prefix", "_receivers", "_scope", "facts", "type_changes")

    def __init__(self, scope: Scope, prefix: str, receivers: frozenset[str]) -> None:
        self.facts: list[FieldFact] = []
        self.type_changes: list[TypeChange] = []
        self._scope = scope
        self._prefix = prefix
        self._receivers = receivers
        self._known = KnownFields()

    def walk(self, body: list[ast.stmt]) -> None:
        """Statements of an upgrade body, with the batch_op names bound around each."""
        unbatched: dict[str, str] = {}
        for statement, batches in walk_scoped(body, unbatched, self._blocks):
            if isinstance(statement, (ast.Expr, ast.Assign)) and isinstance(statement.value, ast.Call):
                self._operation(statement.value, batches)

    def _blocks(self, statement: ast.stmt, batches: dict[str, str]) -> list[tuple[list[ast.stmt], dict[str, str]]]:
        """The blocks walked into; `batches` maps batch_op names to their tables."""
        if isinstance(statement, (ast.With, ast.AsyncWith)):
            return [(statement.body, self._batches(statement, batches))]
        if isinstance(statement, (ast.If, ast.For, ast.AsyncFor, ast.While)):
            return [(statement.body, batches), (statement.orelse, batches)]
        if isinstance(statement, (ast.Try, ast.TryStar)):
            blocks = [statement.body, statement.orelse, statement.finalbody]
            blocks.extend(handler.body for handler in statement.handlers)
            return [(block, batches) for block in blocks]
        return []

    def _batches(self, statement: ast.With | ast.AsyncWith, batches: dict[str, str]) -> dict[str, str]:
        """`with op.batch_alter_table("person") as batch_op:` binds batch_op to "person"."""
        inner = batches
        for item in statement.items:
            call = item.context_expr
            if not (isinstance(call, ast.Call) and isinstance(item.optional_vars, ast.Name)):
                continue
            func = call.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == ALEMBIC_BATCH
                and isinstance(func.value, ast.Name)
                and func.value.id in self._receivers
            ):
                table = string_value(call_argument(call, 0, "table_name"))
                if table:
                    inner = {**inner, item.optional_vars.id: table}
        return inner

    def _operation(self, call: ast.Call, batches: dict[str, str]) -> None:
        func = call.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            return
        method = func.attr
        parameters = ALEMBIC_OPERATIONS.get(method)
        if parameters is None:
            return
        receiver = func.value.id
        if receiver in self._receivers:
            if method == "rename_table":
                self._rename_table(call)
                return
            table_node = call_argument(call, 0, parameters[0])
            table = string_value(table_node)
            if not table or table_node is None:
                return
            if method == "create_table":
                self._create_table(call, table, table_node)
                return
            position = 1
        elif receiver in batches and method in _BATCH_OPERATIONS:
            # Batch operations take no table: add_column(column), alter_column(column_name).
            table = batches[receiver]
            position = 0
        else:
            return
        if method == "add_column":
            self._add_column(call, table, position)
        else:
            self._alter_column(call, table, position)

    def _add_column(self, call: ast.Call, table: str, position: int) -> None:
        column = call_argument(call, position, "column")
        if not isinstance(column, ast.Call):
            return
        name = column_name(column)
        if not name:
            return
        draft = FieldDraft(name, node_span(column))
        read_field_call(column, "Column", self._scope, draft)
        siblings = self._known.siblings(table, name)
        self._known.add(table, [name])
        self.facts.append(draft_fact(draft, table, ALEMBIC_MIGRATION, siblings, action(self._prefix, "adds")))

    def _create_table(self, call: ast.Call, table: str, table_node: ast.expr) -> None:
        drafts = table_columns(call, self._scope)
        self._known.add(table, [draft.name for draft in drafts])
        self.facts.extend(
            schema_facts(table, ALEMBIC_MIGRATION, node_span(table_node), drafts, None, action(self._prefix, "creates"))
        )

    def _alter_column(self, call: ast.Call, table: str, position: int) -> None:
        column_node = call_argument(call, position, "column_name")
        column = string_value(column_node)
        if not column or column_node is None:
            return
        keywords = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}
        new_type, existing_type = (keywords.get(keyword) for keyword in ALEMBIC_TYPE_KEYWORDS)
        if new_type is not None and existing_type is not None:
            self.type_changes.append(TypeChange(table, column, call, existing_type, new_type))
        new_node = keywords.get(ALEMBIC_NEW_NAME)
        new = string_value(new_node)
        if new and new_node is not None:
            draft = FieldDraft(new, span_between(new_node, call))
            self._known.rename(table, column, new)
            verb = f"renames {table}.{column} to"
        elif ALEMBIC_TYPE_KEYWORDS[0] in keywords:
            # A new type only: like Django's AlterField, the column as redefined.
            draft = FieldDraft(column, span_between(column_node, call))
            verb = "alters"
        else:
            return  # nullable=, server_default=, comment=: nothing new is stored
        for keyword in ALEMBIC_TYPE_KEYWORDS:
            if keyword in keywords:
                read_column_type(keywords[keyword], self._scope, draft)
                break  # the new type says what is stored; the existing one only if there is none
        siblings = self._known.siblings(table, draft.name)
        self.facts.append(draft_fact(draft, table, ALEMBIC_MIGRATION, siblings, action(self._prefix, verb)))

    def _rename_table(self, call: ast.Call) -> None:
        old = string_value(call_argument(call, 0, "old_table_name"))
        new_node = call_argument(call, 1, "new_table_name")
        new = string_value(new_node)
        if not old or not new or new_node is None:
            return
        verb = f"renames {old} to"
        self.facts.append(
            FieldFact(new, ALEMBIC_MIGRATION, node_span(new_node), None, "model", action=action(self._prefix, verb))
        )
