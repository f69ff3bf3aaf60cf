"""The string values an expression restricts a field to.

Reads choices lists (flat, 2-tuples, grouped), dicts, `Literal[...]` members, enum
members, translated labels (`_("Hindu")`), comprehensions over those, and names of
constants holding any of them. Non-string values (the 1 in `(1, "Hindu")`) are skipped.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from flake8_neveragain.extract.frameworks import (
    CONTEXT_GETTEXT_FUNCTIONS,
    ENUM_MEMBER_VIEWS,
    GETTEXT_FUNCTIONS,
    ITERABLE_WRAPPERS,
    MAPPING_VIEWS,
    VALUE_LIST_CALLS,
)
from flake8_neveragain.extract.limits import MAX_VALUES
from flake8_neveragain.extract.syntax import last_name

if TYPE_CHECKING:
    from flake8_neveragain.extract.lookups import ScopeLookups

# Constants referring to constants referring to ...: stop somewhere.
MAX_DEPTH = 24

_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def collect_strings(node: ast.expr | None, scope: ScopeLookups, out: list[str], depth: int = 0) -> None:
    """Append the string values `node` stands for to `out`."""
    if node is None or depth > MAX_DEPTH or len(out) >= MAX_VALUES:
        return
    depth += 1
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str) and node.value:
            out.append(node.value)
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        for element in node.elts:
            collect_strings(element, scope, out, depth)
    elif isinstance(node, ast.Dict):
        for key in node.keys:
            collect_strings(key, scope, out, depth)
        for value in node.values:
            collect_strings(value, scope, out, depth)
    elif isinstance(node, ast.Call):
        _collect_from_call(node, scope, out, depth)
    elif isinstance(node, ast.Name):
        _collect_from_name(node.id, scope, out, depth)
    elif isinstance(node, ast.Attribute):
        _collect_from_attribute(node, scope, out, depth)
    elif isinstance(node, _COMPREHENSIONS):
        # [(r.value, r.label) for r in Religion]: the values are those iterated over.
        collect_strings(node.generators[0].iter, scope, out, depth)
    elif isinstance(node, ast.BinOp):
        collect_strings(node.left, scope, out, depth)
        collect_strings(node.right, scope, out, depth)
    elif isinstance(node, ast.Subscript):
        # Literal["a", "b"] lists values; CHOICES[1:] is a slice of a constant.
        target = node.slice if last_name(node.value) == "Literal" else node.value
        collect_strings(target, scope, out, depth)
    elif isinstance(node, ast.Starred):
        collect_strings(node.value, scope, out, depth)


def _collect_from_call(node: ast.Call, scope: ScopeLookups, out: list[str], depth: int) -> None:
    function = last_name(node.func)
    if function in GETTEXT_FUNCTIONS:
        if node.args:
            message = node.args[-1] if function in CONTEXT_GETTEXT_FUNCTIONS else node.args[0]
            collect_strings(message, scope, out, depth)
    elif function in ITERABLE_WRAPPERS:
        if node.args:
            collect_strings(node.args[0], scope, out, depth)
    elif function in VALUE_LIST_CALLS:
        for argument in node.args:
            collect_strings(argument, scope, out, depth)
    elif function in MAPPING_VIEWS and isinstance(node.func, ast.Attribute):
        collect_strings(node.func.value, scope, out, depth)


def _collect_from_name(name: str, scope: ScopeLookups, out: list[str], depth: int) -> None:
    symbols = scope.symbols
    if symbols.is_enum(name):
        _extend(out, symbols.enum_values(name))
    elif scope.is_local(name):
        collect_strings(scope.constant(name), scope, out, depth)
    else:
        _extend(out, symbols.constant_values(name))


def _collect_from_attribute(node: ast.Attribute, scope: ScopeLookups, out: list[str], depth: int) -> None:
    owner = node.value
    if not isinstance(owner, ast.Name):
        return
    symbols = scope.symbols
    if symbols.is_enum(owner.id):
        if node.attr in ENUM_MEMBER_VIEWS:
            _extend(out, symbols.enum_values(owner.id))  # Religion.choices
        else:
            out.append(node.attr)  # Religion.HINDU names a member
    else:
        # Person.RELIGION_CHOICES, defined in another class of the module.
        collect_strings(symbols.class_attribute(owner.id, node.attr), scope, out, depth)


def _extend(out: list[str], values: tuple[str, ...]) -> None:
    out.extend(values[:max(0, MAX_VALUES - len(out))])
