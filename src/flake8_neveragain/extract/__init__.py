"""Python framework adapters: schema syntax in, neutral FieldFacts out.

Everything is read from the stdlib `ast` tree; the scanned code is never imported or
executed. The adapters know frameworks (Django, SQLAlchemy, Pydantic, ...) but nothing
about sensitive categories: they report every field of every schema they recognise.

    index.py           one walk over the statements: imports, constants, classes, calls
    walk.py            the iterative statement walk every walker shares (no recursion depth)
    imports.py         which local name stands for which imported name
    recognise.py       which framework (or enum) a class belongs to, from bases and decorators
    classes.py         class bodies -> model and field facts
    calls.py           functional schemas: Table(...), define_table(...), NamedTuple(...), ...
    pydal_tables.py    pydal/web2py X.define_table(tablename, Field(...), ...), computed names
    fieldcalls.py      what a field constructor call says (aliases, targets, choices, types)
    annotations.py     what a type annotation says (type names, Literal values, booleans)
    choice_values.py   string values of choices, Literal[...], dicts, comprehensions
    enums.py           enum members (name, stored value, label), of classes and functional enums
    symbols.py         what a name points at: module/class constants, enums, type aliases
    lookups.py         what the value readers may ask of symbols.py, as protocols (no import cycle)
    limits.py          how much of one schema is read: bounds that keep huge inputs linear
    drafts.py          a field being read, and turning drafts into facts
    syntax.py          small framework-free helpers for reading ast nodes (names, spans)
    callee.py          how reports name a callee or receiver: identifiers only, never values
    newer_syntax.py    on a parse failure, syntax newer than the running Python, named as such
    frameworks/        one record per framework, and the tables by concept derived from them

Schema changes, reported with an action ("0007_resident_race adds"):

    migrations_django.py   Django migration operations (CreateModel, AddField, ...)
    migrations_alembic.py  Alembic upgrade() operations (op.add_column, ...)
    sql_strings.py         DDL in strings passed to execute(...), text(...), RunSQL(...)
    changes.py             what those share: migration names, fields known per table

Which types encrypt at field level, by import origin and configured in-house types:

    encrypted_types.py     known encryption packages, lookalikes, `encrypted-types`

`read_module` also hands back what NEV201 needs to look further (migration_replay/): the
module's symbols, its Django Migration classes and Alembic column type changes.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from operator import attrgetter

from flake8_neveragain.extract.calls import functional_facts
from flake8_neveragain.extract.classes import class_facts
from flake8_neveragain.extract.encrypted_types import encrypted_types_config
from flake8_neveragain.extract.enums import is_functional_enum
from flake8_neveragain.extract.frameworks import DJANGO_MIGRATION_CLASS, ENUM
from flake8_neveragain.extract.index import ModuleIndex, index_module
from flake8_neveragain.extract.migrations_alembic import (
    TypeChange,
    alembic_facts,
    is_alembic_module,
    is_downgrade,
)
from flake8_neveragain.extract.migrations_django import django_migration_facts, is_migration_class
from flake8_neveragain.extract.pydal_tables import ScopeBindings
from flake8_neveragain.extract.recognise import ClassKinds
from flake8_neveragain.extract.sql_strings import SqlString, sql_string_facts
from flake8_neveragain.extract.sql_strings import (
    sql_strings as find_sql_strings,  # the name sql_strings is the submodule's
)
from flake8_neveragain.extract.symbols import Symbols
from flake8_neveragain.extract.syntax import string_value
from flake8_neveragain.facts import FieldFact

__all__ = ["ModuleReading", "extract_facts", "read_module"]

_POSITION = attrgetter("span.line", "span.column")


@dataclass(slots=True)
class ModuleReading:
    """What one read of a module gives: its facts, and what NEV201 looks at further."""

    facts: list[FieldFact] = field(default_factory=list)
    # None when the module could not even be indexed (absurdly nested code).
    symbols: Symbols | None = None
    # Classes named Migration that subclass django.db.migrations.Migration.
    django_migrations: list[ast.ClassDef] = field(default_factory=list)
    # Alembic upgrade()'s alter_column calls giving existing_type= and type_=.
    alembic_type_changes: list[TypeChange] = field(default_factory=list)
    # The strings the module's SQL calls pass as SQL (not a migration's reverse).
    sql_strings: list[SqlString] = field(default_factory=list)
    # The one walk over the module's statements (the encryption survey reads its imports).
    index: ModuleIndex | None = None


def extract_facts(tree: ast.Module, path: str = "", encrypted_types: tuple[str, ...] = ()) -> list[FieldFact]:
    """Every schema, field and enum of the module, and every schema change, in source order.

    `path` is the file's path as given; a migration is named after its file stem.
    `encrypted_types` are the configured in-house encrypted types ("acme.crypto.SealedTextField",
    "VaultString"; see encrypted_types.py). Never raises on valid Python: absurdly nested
    code that still exhausts the stack loses only the schema being read (or, in the
    module-wide first steps, the rest).
    """
    return read_module(tree, path, encrypted_types).facts


def read_module(tree: ast.Module, path: str = "", encrypted_types: tuple[str, ...] = ()) -> ModuleReading:
    """extract_facts, and the module's symbols, Django migrations and Alembic type changes."""
    reading = ModuleReading()
    try:
        _extract(tree, path, reading, encrypted_types)
    except RecursionError:
        pass
    reading.facts.sort(key=_POSITION)
    return reading


def _extract(tree: ast.Module, path: str, reading: ModuleReading, encrypted_types: tuple[str, ...]) -> None:
    facts = reading.facts
    index = reading.index = index_module(tree)
    kinds = ClassKinds(index)
    classes = [(node, kinds.kind_of(node)) for node in index.classes]
    symbols = Symbols(
        index.imports, index.constants, index.classes_by_name, _enums(index, classes),
        encrypted_types_config(encrypted_types),
    )
    reading.symbols = symbols
    for node, kind in classes:
        try:
            facts.extend(class_facts(node, kind, symbols))
        except RecursionError:
            continue
    bindings = ScopeBindings()
    for call in index.functional_calls:
        try:
            facts.extend(functional_facts(call, symbols, index.table_owners.get(call, ()), bindings))
        except RecursionError:
            continue
    _schema_changes(tree, path, index, symbols, reading)


def _schema_changes(tree: ast.Module, path: str, index: ModuleIndex, symbols: Symbols, reading: ModuleReading) -> None:
    """Migrations and SQL strings; on most modules, a name test per class and two lookups."""
    facts = reading.facts
    reading.django_migrations = [
        node
        for node in index.classes
        if node.name == DJANGO_MIGRATION_CLASS and is_migration_class(node, symbols.imports)
    ]
    reverse_functions: set[str] = set()
    try:
        migration_facts, reverse_functions = django_migration_facts(index, symbols, path)
        facts.extend(migration_facts)
    except RecursionError:
        pass
    alembic = is_alembic_module(index)
    if alembic:
        try:
            facts.extend(alembic_facts(tree, index, symbols, path, reading.alembic_type_changes))
        except RecursionError:
            pass
    if index.sql_calls:

        def skip(function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> bool:
            # SQL run by a downgrade() or a RunPython reverse function removes what it adds.
            if function is None:
                return False
            return (alembic and is_downgrade(function)) or function.name in reverse_functions

        try:
            reading.sql_strings = list(find_sql_strings(index, skip))
            facts.extend(sql_string_facts(reading.sql_strings))
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
