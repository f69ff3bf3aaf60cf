"""What a type annotation says about a field: type names, Literal values, booleans.

`Mapped[Optional[Ethnicity]]` -> type_refs ("Ethnicity",) plus that enum's members if
the module defines it; `Literal["hindu", "muslim"] | None` -> values; `Optional[bool]`
-> boolean. Module-level aliases (`Faith = Literal[...]`) and string forward
references (`"Ethnicity"`, `"Optional[Ethnicity]"`) are followed.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from flake8_neveragain.extract.choice_values import MAX_DEPTH, collect_strings
from flake8_neveragain.extract.drafts import FieldDraft, absorb_type_traits
from flake8_neveragain.extract.frameworks import (
    BOOLEAN_TYPE,
    MAPPED_ANNOTATIONS,
    NEUTRAL_TYPE,
    type_name_traits,
)
from flake8_neveragain.extract.symbols import Scope
from flake8_neveragain.extract.syntax import last_name, looks_like_class

# Wrappers that leave the meaning of the wrapped type unchanged (Optional[bool] is a flag).
_TRANSPARENT_WRAPPERS = MAPPED_ANNOTATIONS | {
    "Optional", "Union", "Final", "Required", "NotRequired", "ReadOnly", "Annotated",
}
# Module constants that read as type aliases when used in an annotation.
_ALIAS_VALUES = (ast.Subscript, ast.BinOp, ast.Name, ast.Attribute)
# Longer annotation strings are not forward references worth parsing.
_MAX_FORWARD_REFERENCE = 200


def read_annotation(node: ast.expr, scope: Scope, draft: FieldDraft) -> Sequence[ast.Call]:
    """Record what `node` says in `draft`; return `Annotated[...]` metadata calls.

    The caller reads those calls as field constructors (`Annotated[str, Field(alias=...)]`).
    """
    if isinstance(node, ast.Name):  # the common `x: int`, without the general machinery
        traits = type_name_traits(node.id)
        if traits & NEUTRAL_TYPE:
            draft.is_boolean = draft.is_boolean or bool(traits & BOOLEAN_TYPE)
            return ()
    metadata: list[ast.Call] = []
    _read(node, scope, draft, metadata, True, 0)
    return metadata


def annotation_head(node: ast.expr) -> str | None:
    """The outermost type name: `Mapped` in Mapped[str], `ClassVar`, `int`.

    Callers test it against CLASSVAR_ANNOTATIONS (ClassVar and InitVar attributes are
    not stored) and MAPPED_ANNOTATIONS (SQLAlchemy's Mapped[...] is a column in any class).
    """
    if isinstance(node, ast.Subscript):
        return last_name(node.value)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # "Mapped[Religion]"
        return node.value.partition("[")[0].rpartition(".")[2].strip()
    return last_name(node)


def _read(
    node: ast.expr,
    scope: Scope,
    draft: FieldDraft,
    metadata: list[ast.Call],
    top: bool,
    depth: int,
) -> None:
    if depth > MAX_DEPTH:
        return
    depth += 1
    if isinstance(node, ast.Name):
        _read_type_name(node.id, node, scope, draft, metadata, top, depth, follow_alias=True)
    elif isinstance(node, ast.Attribute):
        _read_type_name(node.attr, node, scope, draft, metadata, top, depth, follow_alias=False)
    elif isinstance(node, ast.Subscript):
        _read_subscript(node, scope, draft, metadata, top, depth)
    elif isinstance(node, ast.BinOp):  # X | None
        _read(node.left, scope, draft, metadata, top, depth)
        _read(node.right, scope, draft, metadata, top, depth)
    elif isinstance(node, (ast.Tuple, ast.List)):
        for element in node.elts:
            _read(element, scope, draft, metadata, top, depth)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        _read_forward_reference(node.value, scope, draft, metadata, top, depth)


def _read_type_name(
    name: str,
    node: ast.expr | None,
    scope: Scope,
    draft: FieldDraft,
    metadata: list[ast.Call],
    top: bool,
    depth: int,
    follow_alias: bool,
) -> None:
    if absorb_type_traits(draft, name, scope.symbols, node, top):
        return
    symbols = scope.symbols
    if looks_like_class(name) or symbols.is_class(name):
        draft.type_refs.append(name)
        if symbols.is_enum(name):
            draft.values.extend(symbols.enum_values(name))
    if follow_alias:
        alias = scope.constant(name)
        # Faith = Literal[...], Faith = Optional[Religion], Faith = "Religion", Nested = Faith
        if isinstance(alias, _ALIAS_VALUES) or (
            isinstance(alias, ast.Constant) and isinstance(alias.value, str)
        ):
            _read(alias, scope, draft, metadata, top, depth)


def _read_subscript(
    node: ast.Subscript,
    scope: Scope,
    draft: FieldDraft,
    metadata: list[ast.Call],
    top: bool,
    depth: int,
) -> None:
    head = last_name(node.value)
    if head == "Literal":
        collect_strings(node.slice, scope, draft.values)
        return
    if head == "Annotated" and isinstance(node.slice, ast.Tuple) and node.slice.elts:
        first, *extras = node.slice.elts
        _read(first, scope, draft, metadata, top, depth)
        metadata.extend(extra for extra in extras if isinstance(extra, ast.Call))
        return
    if head in _TRANSPARENT_WRAPPERS:
        _read(node.slice, scope, draft, metadata, top, depth)
        return
    # list[Religion], Set[Religion], a user's generic: the container and what it holds.
    _read(node.value, scope, draft, metadata, False, depth)
    _read(node.slice, scope, draft, metadata, False, depth)


def _read_forward_reference(
    text: str,
    scope: Scope,
    draft: FieldDraft,
    metadata: list[ast.Call],
    top: bool,
    depth: int,
) -> None:
    text = text.strip()
    if text.isidentifier():
        _read_type_name(text, None, scope, draft, metadata, top, depth, follow_alias=True)
        return
    if not text or len(text) > _MAX_FORWARD_REFERENCE:
        return
    try:
        parsed = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    _read(parsed, scope, draft, metadata, top, depth)
