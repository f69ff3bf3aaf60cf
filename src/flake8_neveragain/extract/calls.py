"""Schemas defined by a call rather than a class.

Table("person", metadata, Column("race", ...)), db.define_table("person", Field("race"))
(read in pydal_tables.py, on any receiver and with a computed name),
NamedTuple("P", [("race", str)]), namedtuple("P", "race religion"),
TypedDict("P", {"race": str}), make_dataclass / attrs.make_class / pydantic.create_model /
msgspec.defstruct, and functional enums: Enum("Religion", "HINDU MUSLIM").
"""

from __future__ import annotations

import ast

from flake8_neveragain.extract.annotations import read_annotation
from flake8_neveragain.extract.drafts import FieldDraft, schema_facts
from flake8_neveragain.extract.enums import functional_member_values, is_functional_enum
from flake8_neveragain.extract.fieldcalls import constructor_name, read_field_call
from flake8_neveragain.extract.frameworks import (
    ENUM,
    FIELD_LIST_KEYWORDS,
    FUNCTIONAL_ENUMS,
    FUNCTIONAL_FORM_MODULES,
    FUNCTIONAL_FORMS,
    FUNCTIONAL_OPTION_KEYWORDS,
    GENERIC,
    KEYWORD_FIELD_FORMS,
    MODULE_SOURCES,
    PYDAL,
    SCHEMA_NAME_KEYWORDS,
    SQLALCHEMY,
    SQLALCHEMY_TABLE,
)
from flake8_neveragain.extract.index import Owners
from flake8_neveragain.extract.pydal_tables import ScopeBindings, pydal_table_facts
from flake8_neveragain.extract.symbols import Scope, Symbols
from flake8_neveragain.extract.syntax import (
    call_head_span,
    is_public_name,
    last_name,
    node_span,
    split_names,
    string_value,
)
from flake8_neveragain.facts import FieldFact


def functional_facts(
    call: ast.Call, symbols: Symbols, owners: Owners = (), bindings: ScopeBindings | None = None
) -> list[FieldFact]:
    """The schema a call defines, if any.

    `owners` are the module, class and function bodies around the call, outermost first
    (ModuleIndex.table_owners), and `bindings` the module's assignments read so far: a
    define_table(tablename, ...) call looks its table name up there.
    """
    form = last_name(call.func)
    if form is None:
        return []
    if form in FUNCTIONAL_ENUMS:
        return _functional_enum(call, symbols)
    source = FUNCTIONAL_FORMS.get(form)
    if source == PYDAL:
        return pydal_table_facts(call, symbols, owners, bindings or ScopeBindings())
    owner = _schema_name(call)
    if source is None or owner is None:
        return []
    root = symbols.imports.root_module(call.func)
    if form in FUNCTIONAL_FORM_MODULES and root not in FUNCTIONAL_FORM_MODULES[form]:
        return []
    scope = symbols.module_scope
    if source == SQLALCHEMY_TABLE:
        drafts = table_columns(call, scope)
        # rich.table.Table("Title") and friends: only SQLAlchemy's Table has Column(...)s.
        if not drafts and MODULE_SOURCES.get(root or "") != SQLALCHEMY:
            return []
    else:
        drafts = _listed_fields(call, scope)
        if form in KEYWORD_FIELD_FORMS:
            drafts.extend(_keyword_fields(call, scope))
    return schema_facts(owner, source, call_head_span(call), drafts)


def _schema_name(call: ast.Call) -> str | None:
    if call.args:
        return string_value(call.args[0])
    for keyword in call.keywords:
        if keyword.arg in SCHEMA_NAME_KEYWORDS:
            return string_value(keyword.value)
    return None


def _functional_enum(call: ast.Call, symbols: Symbols) -> list[FieldFact]:
    if not is_functional_enum(call, symbols.imports):
        return []
    name = string_value(call.args[0]) or ""
    values = functional_member_values(call, symbols.module_scope)
    return [FieldFact(name, ENUM, call_head_span(call), None, "model", values=values)]


def table_columns(call: ast.Call, scope: Scope) -> list[FieldDraft]:
    """Table("person", metadata, Column("race", String), ...): one field per named Column.

    Alembic's op.create_table("person", Column(...), ...) has the same shape.
    """
    drafts = []
    imports = scope.symbols.imports
    for argument in call.args[1:]:
        if isinstance(argument, ast.Call) and imports.last_name(argument.func) == "Column":
            name = column_name(argument)
            if name:
                draft = FieldDraft(name, node_span(argument))
                read_field_call(argument, "Column", scope, draft)
                drafts.append(draft)
    return drafts


def column_name(column: ast.Call) -> str | None:
    """Column("race", ...) or Column(name="race", ...) -> "race"."""
    if column.args and string_value(column.args[0]):
        return string_value(column.args[0])
    for keyword in column.keywords:
        if keyword.arg == "name":
            return string_value(keyword.value)
    return None


def _listed_fields(call: ast.Call, scope: Scope) -> list[FieldDraft]:
    """The field list in the second argument (or a fields= / field_names= keyword)."""
    listing = call.args[1] if len(call.args) > 1 else None
    if listing is None:
        for keyword in call.keywords:
            if keyword.arg in FIELD_LIST_KEYWORDS:
                listing = keyword.value
    if listing is None:
        return []
    text = string_value(listing)
    if text is not None:  # namedtuple("P", "race religion")
        span = node_span(listing)
        return [FieldDraft(name, span) for name in split_names(text)]
    drafts = []
    if isinstance(listing, (ast.List, ast.Tuple)):
        for element in listing.elts:
            draft = _listed_field(element, scope)
            if draft is not None:
                drafts.append(draft)
    elif isinstance(listing, ast.Dict):  # TypedDict("P", {"race": str}), make_class("P", {"race": attr.ib()})
        for key, value in zip(listing.keys, listing.values):
            name = string_value(key)
            if name and key is not None:
                draft = FieldDraft(name, node_span(key))
                _read_definition(value, scope, draft)
                drafts.append(draft)
    return drafts


def _listed_field(element: ast.expr, scope: Scope) -> FieldDraft | None:
    """"race", or ("race", str), or ("race", str, field(...))."""
    name = string_value(element)
    if name:
        return FieldDraft(name, node_span(element))
    if isinstance(element, (ast.Tuple, ast.List)) and element.elts:
        name = string_value(element.elts[0])
        if name:
            draft = FieldDraft(name, node_span(element))
            if len(element.elts) > 1:
                _read_definition(element.elts[1], scope, draft)
            for default in element.elts[2:3]:
                _read_default(default, scope, draft)
            return draft
    return None


def _keyword_fields(call: ast.Call, scope: Scope) -> list[FieldDraft]:
    """NamedTuple("P", race=str); create_model("P", race=(str, Field(alias="x")))."""
    drafts = []
    for keyword in call.keywords:
        name = keyword.arg
        if name is None or not is_public_name(name) or name in FUNCTIONAL_OPTION_KEYWORDS:
            continue
        draft = FieldDraft(name, node_span(keyword))
        value = keyword.value
        if isinstance(value, ast.Tuple) and value.elts:  # (type, default or Field(...))
            _read_definition(value.elts[0], scope, draft)
            for default in value.elts[1:]:
                _read_default(default, scope, draft)
        else:
            _read_definition(value, scope, draft)
        drafts.append(draft)
    return drafts


def _read_definition(definition: ast.expr, scope: Scope, draft: FieldDraft) -> None:
    """A type annotation, or a field constructor call (field(...), attr.ib(...), Field(...))."""
    if isinstance(definition, ast.Call):
        _read_default(definition, scope, draft)
        return
    for metadata in read_annotation(definition, scope, draft):
        _read_default(metadata, scope, draft)


def _read_default(value: ast.expr, scope: Scope, draft: FieldDraft) -> None:
    """A default that may be a field constructor: field(...), attr.ib(...), Field(alias=...).

    Functional schemas are schemas, so field functions count as constructors (GENERIC).
    """
    if isinstance(value, ast.Call):
        constructor = constructor_name(value, scope.symbols.imports, GENERIC)
        if constructor is not None:
            read_field_call(value, constructor, scope, draft)
