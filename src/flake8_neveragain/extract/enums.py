"""Members of enum-like classes and of functional enums, as strings.

`HINDU = "H", _("Hindu")` gives "HINDU", "H", "Hindu" (member name, stored value, label).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from flake8_neveragain.extract.choice_values import collect_strings
from flake8_neveragain.extract.frameworks import (
    CONSTRUCTOR_HEAD_HINTS,
    ENUM_MODULES,
    ENUM_SPECIAL_MEMBERS,
    FUNCTIONAL_ENUMS,
    MODULE_SOURCES,
    SQL_ENUM_KEYWORDS,
)
from flake8_neveragain.extract.imports import ImportMap
from flake8_neveragain.extract.limits import MAX_VALUES
from flake8_neveragain.extract.syntax import head_name, is_public_name, last_name, split_names, string_value

if TYPE_CHECKING:
    from flake8_neveragain.extract.lookups import ScopeLookups


def class_member_values(node: ast.ClassDef, scope: ScopeLookups) -> tuple[str, ...]:
    values: list[str] = []
    for statement in node.body:
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets = [statement.target]
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and _is_member_name(target.id):
                values.append(target.id)
                collect_strings(statement.value, scope, values)
        if len(values) >= MAX_VALUES:
            break
    return tuple(dict.fromkeys(values[:MAX_VALUES]))


def functional_member_values(call: ast.Call, scope: ScopeLookups) -> tuple[str, ...]:
    members = call.args[1] if len(call.args) > 1 else _keyword(call, "names")
    text = string_value(members)
    if text is not None:
        return tuple(split_names(text)[:MAX_VALUES])
    values: list[str] = []
    collect_strings(members, scope, values)
    return tuple(dict.fromkeys(values))


def is_functional_enum(call: ast.Call, imports: ImportMap) -> bool:
    """`Enum("Religion", "HINDU MUSLIM")`, as opposed to SQLAlchemy's `Enum("hindu", "muslim")`."""
    if last_name(call.func) not in FUNCTIONAL_ENUMS or not call.args:
        return False
    if string_value(call.args[0]) is None:
        return False
    if any(keyword.arg in SQL_ENUM_KEYWORDS for keyword in call.keywords):
        return False
    members = call.args[1] if len(call.args) > 1 else _keyword(call, "names")
    if members is None or len(call.args) > 2:
        return False
    root = imports.root_module(call.func)
    if root in ENUM_MODULES:
        return True
    if root in MODULE_SOURCES or head_name(call.func) in CONSTRUCTOR_HEAD_HINTS:
        return False  # sqlalchemy.Enum, sa.Enum
    # Without imports: two plain words read as SQLAlchemy's two values.
    text = string_value(members)
    if text is not None:
        return len(split_names(text)) > 1
    return isinstance(members, (ast.List, ast.Tuple, ast.Dict))


def _is_member_name(name: str) -> bool:
    return is_public_name(name) and name not in ENUM_SPECIAL_MEMBERS


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None
