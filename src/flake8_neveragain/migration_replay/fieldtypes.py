"""A field or column type as the replay keeps it: encrypted or not, and how to name it.

Both are read with the extractors' own readers (the same as for model classes),
so "encrypted" means here exactly what FieldFact.encrypted means everywhere else.
"""

from __future__ import annotations

import ast

from flake8_neveragain.extract.callee import callee_name
from flake8_neveragain.extract.drafts import FieldDraft
from flake8_neveragain.extract.encrypted_types import library_of
from flake8_neveragain.extract.fieldcalls import read_column_type, read_field_call
from flake8_neveragain.extract.migrations_django import read_field_definition
from flake8_neveragain.extract.symbols import Symbols
from flake8_neveragain.facts import FieldType, Span

_NOWHERE = Span(1, 1, 1, 1)


def django_field_type(value: ast.expr, symbols: Symbols) -> FieldType | None:
    """The type of a field definition in a migration (`models.TextField()`), or None."""
    draft = FieldDraft("", _NOWHERE)
    constructor = read_field_definition(value, symbols, draft)
    if constructor is None:
        # A migration's `field=` is a field whatever its class is called (VaultString()).
        name = symbols.imports.last_name(value.func) if isinstance(value, ast.Call) else None
        if name is None or not isinstance(value, ast.Call):
            return None
        read_field_call(value, name, symbols.module_scope, draft)
        constructor = (value, name, False)
    call, name, _ = constructor
    shown = name
    if call is not value and isinstance(value, ast.Call):  # encrypt(models.CharField(...))
        wrapper = symbols.imports.last_name(value.func)
        shown = f"{wrapper}({name})"
        library = _library(value.func, wrapper or "", symbols) or _library(call.func, name, symbols)
    else:
        library = _library(call.func, name, symbols)
    return FieldType(draft.encrypted, f"{shown} ({library})" if library else shown)


def column_type(node: ast.expr, symbols: Symbols) -> FieldType:
    """The type of an Alembic column (`sa.String(50)`, `StringEncryptedType(sa.Unicode, key)`)."""
    draft = FieldDraft("", _NOWHERE)
    read_column_type(node, symbols.module_scope, draft)
    head = node.func if isinstance(node, ast.Call) else node
    name = symbols.imports.last_name(head) or callee_name(node)  # names only, never arguments
    library = _library(head, name, symbols)
    return FieldType(draft.encrypted, f"{name} ({library})" if library else name)


def _library(node: ast.expr, name: str, symbols: Symbols) -> str | None:
    """The encryption package (or configured module) a type comes from, for messages."""
    origin = symbols.encryption.origin(node, name)
    if origin is None:
        return None
    if origin in symbols.encryption.config.dotted:
        return origin.rpartition(".")[0]
    return library_of(origin)
