"""What a field constructor call says: models.CharField(...), Column(...), Field(...).

Recognises field constructors by name (the tables of extract/frameworks/) and reads their arguments:
column-name aliases, related models, choices and validators, column types (SQL
enums, booleans, encrypted types) and nested fields (ArrayField(CharField(...))).
"""

from __future__ import annotations

import ast

from flake8_neveragain.extract.choice_values import MAX_DEPTH, collect_strings
from flake8_neveragain.extract.drafts import FieldDraft, absorb_type_traits
from flake8_neveragain.extract.encrypted_types import wrapper_encrypts
from flake8_neveragain.extract.enums import is_functional_enum
from flake8_neveragain.extract.frameworks import (
    ALIAS,
    ALIAS_CALLS,
    BOOLEAN_TYPE,
    CHOICE_VALIDATOR_KEYWORDS,
    CHOICE_VALIDATORS,
    CHOICES,
    COLUMN_KWARGS,
    COLUMN_KWARGS_ALIAS_KEYS,
    CONSTRUCTOR_ALIAS_KEYWORDS,
    CONSTRUCTOR_HEAD_HINTS,
    CONSTRUCTOR_NAME_HINTS,
    ENCRYPTED_TYPE,
    ENUM,
    ENUM_TYPE,
    FIELD_CONSTRUCTOR_SUFFIX,
    FIELD_FUNCTIONS,
    FIELD_KEYWORD_ROLES,
    FIELD_WRAPPERS,
    FIELDS_MODULE_NAME,
    FIELDS_MODULE_SOURCES,
    FIELDS_MODULE_SUFFIXES,
    FRAMEWORK_CONSTRUCTORS,
    INNER,
    MODULE_SOURCES,
    NAME_FIRST_CONSTRUCTORS,
    NESTED_COLUMN,
    NON_SCHEMA_MODULE_PREFIXES,
    RELATION_CONSTRUCTORS,
    SQL_COLUMN_CONSTRUCTORS,
    SQL_ENUM_TYPES,
    SQL_FOREIGN_KEY,
    TARGET,
    UNIVERSAL_CONSTRUCTORS,
    VALIDATORS,
    type_name_traits,
)
from flake8_neveragain.extract.imports import ImportMap
from flake8_neveragain.extract.symbols import Scope
from flake8_neveragain.extract.syntax import (
    head_name,
    last_name,
    looks_like_class,
    string_value,
)

_COLLECTIONS = (ast.List, ast.Tuple, ast.Set, ast.Dict, ast.ListComp, ast.GeneratorExp)
_NO_KEYWORDS: frozenset[str] = frozenset()
# **options keywords have arg None: they look up no role.
_KEYWORD_ROLES: dict[str | None, str] = {keyword: role for keyword, role in FIELD_KEYWORD_ROLES.items()}


def field_constructor(
    call: ast.Call, imports: ImportMap, class_kind: str | None
) -> tuple[ast.Call, str, bool] | None:
    """(the field call, its constructor name, whether a wrapper encrypts it), or None.

    Wrappers are looked through: encrypt(models.TextField()) -> (TextField(), "TextField", True).
    """
    name = imports.last_name(call.func)
    encrypted = False
    if name in FIELD_WRAPPERS:
        for _ in range(MAX_DEPTH):
            if name not in FIELD_WRAPPERS or not call.args or not isinstance(call.args[0], ast.Call):
                break
            encrypted = encrypted or (FIELD_WRAPPERS[name] and wrapper_encrypts(call.func, imports))
            call = call.args[0]
            name = imports.last_name(call.func)
    if name is None:
        return None
    # models.CharField(...): the common case decides without a further call.
    if name.endswith(FIELD_CONSTRUCTOR_SUFFIX) or _is_constructor(call, name, imports, class_kind):
        return call, name, encrypted
    return None


def constructor_name(call: ast.Call, imports: ImportMap, class_kind: str | None) -> str | None:
    """The constructor's name if `call` defines a field in a class of `class_kind`, else None."""
    name = imports.last_name(call.func)
    if name is None or not _is_constructor(call, name, imports, class_kind):
        return None
    return name


def _is_constructor(call: ast.Call, name: str, imports: ImportMap, class_kind: str | None) -> bool:
    if name.endswith(FIELD_CONSTRUCTOR_SUFFIX) or name in UNIVERSAL_CONSTRUCTORS:
        return True
    if class_kind in FRAMEWORK_CONSTRUCTORS and name in FRAMEWORK_CONSTRUCTORS[class_kind]:
        return True
    if name[:1].isupper() and head_name(call.func) == FIELDS_MODULE_NAME:
        return True  # fields.Char(...), fields.Str(...): Tryton, marshmallow
    if name in FIELD_FUNCTIONS and class_kind is not None and class_kind != ENUM:
        return True  # dataclasses.field(), attr.ib(), msgspec.field()
    root = imports.root_module(call.func)  # from pony.orm import Required
    return root is not None and name in FRAMEWORK_CONSTRUCTORS.get(MODULE_SOURCES.get(root, ""), ())


def constructor_framework(call: ast.Call, name: str, imports: ImportMap) -> str | None:
    """Which framework a constructor belongs to, for classes whose bases do not say."""
    resolved = imports.resolve(call.func)
    if resolved is not None:
        if resolved.startswith(NON_SCHEMA_MODULE_PREFIXES):
            return None
        framework = MODULE_SOURCES.get(resolved.partition(".")[0])
        if framework is not None:
            return framework
        # Imported from the project (from app.extensions import db): go by the names.
    head = head_name(call.func)
    if head == FIELDS_MODULE_NAME:
        # fields.Char: Tryton, fields.Str: marshmallow, fields.CharField: Tortoise.
        owner = FIELDS_MODULE_SOURCES.get(name)
        if owner is not None:
            return owner
        for suffix, owner in FIELDS_MODULE_SUFFIXES:
            if name.endswith(suffix):
                return owner
    if head is not None and head in CONSTRUCTOR_HEAD_HINTS:
        return CONSTRUCTOR_HEAD_HINTS[head]
    return CONSTRUCTOR_NAME_HINTS.get(name)


def read_field_call(call: ast.Call, name: str, scope: Scope, draft: FieldDraft, depth: int = 0) -> None:
    """Record what the constructor call `name(...)` says about its field."""
    if depth > MAX_DEPTH:
        return
    depth += 1
    traits = type_name_traits(name)
    encryption = scope.symbols.encryption
    if (traits & ENCRYPTED_TYPE or encryption.watching) and encryption.encrypts(
        call.func, name, bool(traits & ENCRYPTED_TYPE)
    ):
        draft.encrypted = True
    if traits & BOOLEAN_TYPE:
        draft.is_boolean = True
    if call.args:
        for position, argument in enumerate(call.args):
            _read_positional(name, position, argument, scope, draft, depth)
    if not call.keywords:
        return
    alias_keywords = CONSTRUCTOR_ALIAS_KEYWORDS.get(name, _NO_KEYWORDS)
    for keyword in call.keywords:
        key = keyword.arg
        role = _KEYWORD_ROLES.get(key)
        if role is not None:
            _read_keyword(role, keyword.value, scope, draft, depth)
        elif key in alias_keywords:
            _read_alias(keyword.value, draft, depth)


def _read_positional(
    name: str, position: int, argument: ast.expr, scope: Scope, draft: FieldDraft, depth: int
) -> None:
    text = string_value(argument)
    if text is not None:
        # Other strings are labels (Django's verbose_name, Tryton's string) or defaults.
        if position == 0 and name in NAME_FIRST_CONSTRUCTORS:
            draft.aliases.append(text)
        elif position == 0 and name in RELATION_CONSTRUCTORS:
            add_model_reference(text, draft)
    elif isinstance(argument, ast.Call) and name not in SQL_COLUMN_CONSTRUCTORS:
        _read_inner(argument, scope, draft, depth)
    elif not isinstance(argument, ast.Constant):
        read_column_type(argument, scope, draft, depth)


def _read_keyword(role: str, value: ast.expr, scope: Scope, draft: FieldDraft, depth: int) -> None:
    if role == ALIAS:
        _read_alias(value, draft, depth)
    elif role == CHOICES:
        _read_choices(value, scope, draft)
    elif role == VALIDATORS:
        _read_validators(value, scope, draft, depth)
    elif role == TARGET:
        _read_target(value, scope, draft, depth)
    elif role == ENUM_TYPE:
        read_column_type(value, scope, draft, depth)
    elif role == INNER:
        _read_inner(value, scope, draft, depth)
    elif role == NESTED_COLUMN and isinstance(value, ast.Call):
        inner = scope.symbols.imports.last_name(value.func)
        if inner is not None:
            read_field_call(value, inner, scope, draft, depth)
    elif role == COLUMN_KWARGS and isinstance(value, ast.Dict):
        for item_key, item in zip(value.keys, value.values):
            if string_value(item_key) in COLUMN_KWARGS_ALIAS_KEYS:
                _read_alias(item, draft, depth)


def _read_inner(value: ast.expr, scope: Scope, draft: FieldDraft, depth: int) -> None:
    """A nested field (ListField(StringField(choices=...))) or a type argument."""
    if isinstance(value, ast.Call):
        inner = constructor_name(value, scope.symbols.imports, None)
        if inner is not None and inner not in SQL_COLUMN_CONSTRUCTORS:
            read_field_call(value, inner, scope, draft, depth)
            return
    read_column_type(value, scope, draft, depth)


def read_column_type(node: ast.expr, scope: Scope, draft: FieldDraft, depth: int = 0) -> None:
    """A type position: String(50), Boolean, Enum(...), ForeignKey("t.id"), Religion, bool."""
    if depth > MAX_DEPTH:
        return
    depth += 1
    if isinstance(node, (ast.Name, ast.Attribute)):
        _read_type_reference(node, scope, draft, depth)
    elif isinstance(node, ast.Call):
        _read_type_call(node, scope, draft, depth)
    elif isinstance(node, _COLLECTIONS):
        collect_strings(node, scope, draft.values)  # Selection([...]), ChoiceType([...])
    elif isinstance(node, ast.Starred):
        read_column_type(node.value, scope, draft, depth)
    elif isinstance(node, ast.Lambda):
        read_column_type(node.body, scope, draft, depth)  # relationship(lambda: Religion)


def _read_type_reference(node: ast.Name | ast.Attribute, scope: Scope, draft: FieldDraft, depth: int) -> None:
    name = node.id if isinstance(node, ast.Name) else node.attr
    if absorb_type_traits(draft, name, scope.symbols, node):
        return
    symbols = scope.symbols
    if isinstance(node, ast.Name) and not symbols.is_class(name):
        constant = scope.constant(name)
        if constant is not None:
            # religion_type = sa.Enum(...), RELIGIONS = [...]: read what the name stands for.
            read_column_type(constant, scope, draft, depth)
            return
    if looks_like_class(name) or symbols.is_class(name):
        draft.type_refs.append(name)
        if symbols.is_enum(name):
            draft.values.extend(symbols.enum_values(name))


def _read_type_call(call: ast.Call, scope: Scope, draft: FieldDraft, depth: int) -> None:
    imports = scope.symbols.imports
    name = imports.last_name(call.func)
    if name is None:
        return
    if name in SQL_ENUM_TYPES and not is_functional_enum(call, imports):
        _read_sql_enum(call, scope, draft, depth)
        return
    if name == SQL_FOREIGN_KEY:
        _read_foreign_key(call, draft)
        return
    if isinstance(call.func, (ast.Name, ast.Attribute)):
        _read_type_reference(call.func, scope, draft, depth)  # EthnicityType(), Boolean()
    for argument in call.args:  # ARRAY(Enum(...)), StringEncryptedType(Unicode, key)
        if not isinstance(argument, ast.Constant):
            read_column_type(argument, scope, draft, depth)


def _read_sql_enum(call: ast.Call, scope: Scope, draft: FieldDraft, depth: int) -> None:
    """Enum("hindu", "muslim", name="religion_enum") or Enum(ReligionEnum)."""
    for argument in call.args:
        if isinstance(argument, ast.Constant):
            collect_strings(argument, scope, draft.values)
        else:
            read_column_type(argument, scope, draft, depth)
    for keyword in call.keywords:
        if keyword.arg == "name":
            type_name = string_value(keyword.value)
            if type_name:
                draft.type_refs.append(type_name)


def _read_foreign_key(call: ast.Call, draft: FieldDraft) -> None:
    """SQLAlchemy ForeignKey("religions.id") -> "religions"; ForeignKey(Religion.id) -> "Religion"."""
    if not call.args:
        return
    target = call.args[0]
    text = string_value(target)
    if text is not None:
        parts = text.split(".")
        table = parts[-2] if len(parts) > 1 else parts[0]
        if table.isidentifier():
            draft.type_refs.append(table)
    elif isinstance(target, ast.Attribute):
        owner = last_name(target.value)
        if owner and looks_like_class(owner):
            draft.type_refs.append(owner)


def add_model_reference(text: str, draft: FieldDraft) -> None:
    """A related model named in a string: "Religion", "app.Religion", "party.religion"."""
    text = text.strip()
    if text == "self" or not all(part.isidentifier() for part in text.split(".")):
        return
    last = text.rpartition(".")[2]
    # "app.Religion" names class Religion in app; Tryton's "party.religion" is one name.
    draft.type_refs.append(last if looks_like_class(last) else text)


def _read_target(value: ast.expr, scope: Scope, draft: FieldDraft, depth: int) -> None:
    text = string_value(value)
    if text is not None:
        add_model_reference(text, draft)
    else:
        read_column_type(value, scope, draft, depth)


def _read_alias(value: ast.expr, draft: FieldDraft, depth: int) -> None:
    text = string_value(value)
    if text is not None:
        if text:
            draft.aliases.append(text)
    elif isinstance(value, ast.Call) and last_name(value.func) in ALIAS_CALLS and depth <= MAX_DEPTH:
        # AliasChoices("race", AliasPath("person", "race")); integer path items are skipped.
        for argument in value.args:
            _read_alias(argument, draft, depth + 1)


def _read_choices(value: ast.expr, scope: Scope, draft: FieldDraft) -> None:
    collect_strings(value, scope, draft.values)
    # choices=Religion or choices=Religion.choices also names the enum.
    owner = value.value if isinstance(value, ast.Attribute) else value
    if isinstance(owner, ast.Name) and scope.symbols.is_enum(owner.id):
        draft.type_refs.append(owner.id)


def _read_validators(value: ast.expr, scope: Scope, draft: FieldDraft, depth: int) -> None:
    """OneOf([...]) (marshmallow), IS_IN_SET([...]) (pydal), alone, in a list or wrapped."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, (ast.List, ast.Tuple)):
        for element in value.elts:
            _read_validators(element, scope, draft, depth + 1)
    elif isinstance(value, ast.Call):
        if last_name(value.func) in CHOICE_VALIDATORS:
            if value.args:
                collect_strings(value.args[0], scope, draft.values)
            for keyword in value.keywords:
                if keyword.arg in CHOICE_VALIDATOR_KEYWORDS:
                    collect_strings(keyword.value, scope, draft.values)
        else:  # IS_EMPTY_OR(IS_IN_SET(...)), validate.And(...)
            for argument in value.args:
                _read_validators(argument, scope, draft, depth + 1)
