"""Which framework a class belongs to, from its decorators and bases alone.

A class's kind is a source key (frameworks.DJANGO, ...), ENUM for enum-like classes,
GENERIC for schemas of an unknown framework (a base named like `BaseModel` imported
from the project), or None for ordinary classes.
"""

from __future__ import annotations

import ast

from flake8_neveragain.extract.frameworks import (
    BASE_FACTORIES,
    BASES_BY_MODULE,
    CONVENTIONAL_BASES,
    DECORATOR_MODULES,
    DECORATOR_SOURCES,
    ENUM,
    ENUM_BASE_SUFFIXES,
    FUNCTIONAL_FORMS,
    GENERIC,
    GENERIC_BASE_SUFFIXES,
    MODULE_SOURCES,
    SQLALCHEMY_TABLE,
    UNIMPORTED_BASES,
)
from flake8_neveragain.extract.index import ModuleIndex
from flake8_neveragain.extract.syntax import dotted_name, last_name

# Chains of local base classes longer than this are not schemas anyone wrote.
_MAX_LOCAL_INHERITANCE = 64


class ClassKinds:
    """Decides (and remembers) the kind of each class of one module."""

    __slots__ = ("_depth", "_index", "_kinds")

    def __init__(self, index: ModuleIndex) -> None:
        self._index = index
        self._kinds: dict[int, str | None] = {}
        self._depth = 0  # how many local base classes are being decided right now

    def kind_of(self, node: ast.ClassDef) -> str | None:
        key = id(node)
        if key in self._kinds:
            return self._kinds[key]
        if self._depth > _MAX_LOCAL_INHERITANCE:
            return None
        self._kinds[key] = None  # a class inheriting from itself (by name) stops here
        self._depth += 1
        try:
            kind = self._decide(node)
        finally:
            self._depth -= 1
        self._kinds[key] = kind
        return kind

    def _decide(self, node: ast.ClassDef) -> str | None:
        specific: str | None = None
        generic = False
        for base in node.bases:
            kind = self._base_kind(base, node)
            if kind == ENUM:
                return ENUM
            if kind == GENERIC:
                generic = True
            elif kind is not None and specific is None:
                specific = kind
        if specific is not None:
            return specific
        decorated = self._decorator_kind(node)
        if decorated is not None:
            return decorated
        return GENERIC if generic else None

    def _base_kind(self, base: ast.expr, node: ast.ClassDef) -> str | None:
        if isinstance(base, ast.Subscript):  # RootModel[list[str]], Generic bases
            base = base.value
        if isinstance(base, ast.Call):  # declarative_base(), NamedTuple("P", [...])
            name = last_name(base.func)
            if name in BASE_FACTORIES:
                return BASE_FACTORIES[name]
            form = FUNCTIONAL_FORMS.get(name or "")
            return form if form != SQLALCHEMY_TABLE else None
        if not isinstance(base, (ast.Name, ast.Attribute)):
            return None
        index = self._index
        head: ast.expr = base
        while isinstance(head, ast.Attribute):
            head = head.value
        if not isinstance(head, ast.Name):
            return None
        if head.id in index.imports:
            return _imported_base_kind(index.imports.resolve(base) or "")
        if isinstance(base, ast.Name):
            local = index.classes_by_name.get(base.id)
            if local is not None and local is not node:
                return self.kind_of(local)
            if base.id in index.factories:  # Base = declarative_base()
                return index.factories[base.id]
            return UNIMPORTED_BASES.get(base.id) or _suffix_kind(base.id)
        if head.id in index.factories:  # db = SQLAlchemy(app); db.Model
            return index.factories[head.id]
        # models.Model, db.Model, ma.Schema: by the usual names of what is not imported here.
        conventional = f"{last_name(base.value)}.{base.attr}"
        known = CONVENTIONAL_BASES.get(conventional) or UNIMPORTED_BASES.get(base.attr)
        return known or _suffix_kind(base.attr)

    def _decorator_kind(self, node: ast.ClassDef) -> str | None:
        imports = self._index.imports
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            dotted = imports.resolve(target) or dotted_name(target)
            if dotted is None:
                continue
            root, _, _ = dotted.partition(".")
            if root in DECORATOR_MODULES:  # attr.s, attr.attributes, attrs.define
                return DECORATOR_MODULES[root]
            kind = DECORATOR_SOURCES.get(dotted.rpartition(".")[2])
            if kind is not None:
                return kind
        return None


def _imported_base_kind(origin: str) -> str | None:
    root, _, _ = origin.partition(".")
    name = origin.rpartition(".")[2]
    framework_bases = BASES_BY_MODULE.get(root)
    if framework_bases is not None:
        return framework_bases.get(name)
    if root in MODULE_SOURCES:  # a framework package, but not one of its schema bases
        return None
    return _suffix_kind(name)  # the project's own base classes, or an unknown library


def _suffix_kind(name: str) -> str | None:
    if name.endswith(ENUM_BASE_SUFFIXES):
        return ENUM
    if name.endswith(GENERIC_BASE_SUFFIXES):
        return GENERIC
    return None
