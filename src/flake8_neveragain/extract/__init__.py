"""Python framework adapters: schema syntax in, neutral FieldFacts out.

Everything is read from the stdlib `ast` tree; the scanned code is never imported or
executed. The adapters know frameworks (Django, SQLAlchemy, Pydantic, ...) but nothing
about sensitive categories: they report every field of every schema they recognise.

    index.py        one walk over the statements: imports, constants, classes, calls
    imports.py      which local name stands for which imported name
    recognise.py    which framework (or enum) a class belongs to, from bases and decorators
    classes.py      class bodies -> model and field facts
    calls.py        functional schemas: Table(...), define_table(...), NamedTuple(...), ...
    fieldcalls.py   what a field constructor call says (aliases, targets, choices, types)
    annotations.py  what a type annotation says (type names, Literal values, booleans)
    values.py       string values of choices, Literal[...], dicts, comprehensions
    enums.py        enum members; constants.py  module/class constants and enum lookups
    drafts.py       a field being read, and turning drafts into facts
    frameworks.py   the knowledge tables: which names mean what in which framework

Schema changes, reported with an action ("0007_resident_race adds"):

    migrations_django.py   Django migration operations (CreateModel, AddField, ...)
    migrations_alembic.py  Alembic upgrade() operations (op.add_column, ...)
    sql_strings.py         DDL in strings passed to execute(...), text(...), RunSQL(...)
    changes.py             what those share: migration names, fields known per table
"""

from __future__ import annotations

import ast
from operator import attrgetter

from ..facts import FieldFact
from .calls import functional_facts
from .classes import class_facts
from .constants import Symbols
from .enums import is_functional_enum
from .frameworks import ENUM
from .index import ModuleIndex, index_module
from .migrations_alembic import alembic_facts, is_alembic_module, is_downgrade
from .migrations_django import django_migration_facts
from .recognise import ClassKinds
from .sql_strings import sql_string_facts
from .syntax import string_value

__all__ = ["extract_facts"]

_POSITION = attrgetter("span.line", "span.column")


def extract_facts(tree: ast.Module, path: str = "") -> list[FieldFact]:
    """Every schema, field and enum of the module, and every schema change, in source order.

    `path` is the file's path as given; a migration is named after its file stem.
    Never raises on valid Python: absurdly nested code that still exhausts the stack
    loses only the schema being read (or, in the module-wide first steps, the rest).
    """
    facts: list[FieldFact] = []
    try:
        _extract(tree, path, facts)
    except RecursionError:
        pass
    facts.sort(key=_POSITION)
    return facts


def _extract(tree: ast.Module, path: str, facts: list[FieldFact]) -> None:
    index = index_module(tree)
    kinds = ClassKinds(index)
    classes = [(node, kinds.kind_of(node)) for node in index.classes]
    symbols = Symbols(index.imports, index.constants, index.classes_by_name, _enums(index, classes))
    for node, kind in classes:
        try:
            facts.extend(class_facts(node, kind, symbols))
        except RecursionError:
            continue
    for call in index.functional_calls:
        try:
            facts.extend(functional_facts(call, symbols))
        except RecursionError:
            continue
    _schema_changes(tree, path, index, symbols, facts)


def _schema_changes(tree: ast.Module, path: str, index: ModuleIndex, symbols: Symbols, facts: list[FieldFact]) -> None:
    """Migrations and SQL strings; on most modules, a name test per class and two lookups."""
    reverse_functions: set[str] = set()
    try:
        migration_facts, reverse_functions = django_migration_facts(index, symbols, path)
        facts.extend(migration_facts)
    except RecursionError:
        pass
    alembic = is_alembic_module(index)
    if alembic:
        try:
            facts.extend(alembic_facts(tree, index, symbols, path))
        except RecursionError:
            pass
    if index.sql_calls:

        def skip(function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> bool:
            # SQL run by a downgrade() or a RunPython reverse function removes what it adds.
            if function is None:
                return False
            return (alembic and is_downgrade(function)) or function.name in reverse_functions

        try:
            facts.extend(sql_string_facts(index, skip))
        except RecursionError:
            pass


def _enums(
    index: ModuleIndex, classes: list[tuple[ast.ClassDef, str | None]]
) -> dict[str, ast.ClassDef | ast.Call]:
    """Enum definitions by name: enum classes, and `Religion = Enum("Religion", ...)`."""
    definitions: dict[str, ast.ClassDef | ast.Call] = {}
    for node, kind in classes:
        if kind == ENUM:
            definitions.setdefault(node.name, node)
    for name, value in index.constants.items():
        if isinstance(value, ast.Call) and is_functional_enum(value, index.imports):
            definitions.setdefault(name, value)
    for call in index.functional_calls:
        if is_functional_enum(call, index.imports):
            definitions.setdefault(string_value(call.args[0]) or "", call)
    return definitions
